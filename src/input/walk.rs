//! Finding decision files for `check` and workload files for `recommend` and `rules diff`:
//! named files as given, directories walked recursively like ripgrep does (honouring
//! `.gitignore` and `.ignore`, skipping hidden entries, not following symbolic links), in path
//! order so output is the same on every run.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::describe_io;

/// Extensions of files that can hold a decision (SPEC 4); other files in a walked directory
/// are not looked at. A file named on the command line is read whatever its extension.
const DECISION_EXTENSIONS: &[&str] = &["md", "markdown", "yaml", "yml"];
/// Extensions of files that can hold a workload (SPEC 1: YAML or JSON).
const WORKLOAD_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// A file to check, or a place the walk could not enter; both are counted in the summary.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Why the walk could not read this entry.
    pub unreadable: Option<String>,
    /// A symbolic link met in a directory walk, which is counted but not followed.
    pub symlink: bool,
    /// Named on the command line rather than found in a directory, so it is surely meant
    /// to be read.
    pub named: bool,
}

/// Every candidate decision file under `paths` (the current directory if none), sorted by
/// path, each once. A path that does not exist is an error: a typo in CI must not pass as
/// "no findings".
pub fn candidates(paths: &[PathBuf]) -> anyhow::Result<Vec<Candidate>> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    find(paths, DECISION_EXTENSIONS, "check")
}

/// Every candidate workload file under `paths`, sorted by path, each once.
pub fn workload_candidates(paths: &[PathBuf]) -> anyhow::Result<Vec<Candidate>> {
    find(paths, WORKLOAD_EXTENSIONS, "read")
}

/// The files under `paths` with one of `extensions`; `verb` says in an error what advisor
/// could not do with a path that does not exist.
fn find(paths: &[PathBuf], extensions: &[&str], verb: &str) -> anyhow::Result<Vec<Candidate>> {
    let mut found = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|error| {
            anyhow::anyhow!(
                "{}: cannot {verb} this path: {}",
                path.display(),
                describe_io(&error)
            )
        })?;
        if !metadata.is_dir() {
            found.push(Candidate {
                path: tidy(path),
                unreadable: None,
                symlink: false,
                named: true,
            });
            continue;
        }
        let walk = WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walk {
            match entry {
                // Every entry with a decision file's name is counted: a symbolic link (not
                // followed) as skipped, a FIFO, socket or device as unreadable.
                Ok(entry)
                    if has_extension(entry.path(), extensions)
                        && entry.file_type().is_some_and(|t| !t.is_dir()) =>
                {
                    found.push(Candidate {
                        path: tidy(entry.path()),
                        unreadable: None,
                        symlink: entry.path_is_symlink(),
                        named: false,
                    });
                }
                Ok(_) => {}
                Err(error) => found.push(Candidate {
                    path: tidy(error_path(&error).unwrap_or(path)),
                    unreadable: Some(error.to_string()),
                    symlink: false,
                    named: false,
                }),
            }
        }
    }
    found.sort();
    // A file both named and met in a walk counts as named.
    found.dedup_by(|later, kept| {
        let same = later.path == kept.path;
        kept.named |= same && later.named;
        same
    });
    Ok(found)
}

/// The checked tree, which a decision's `workload_file` may not leave, so that a decision
/// file from a pull request cannot make advisor read files elsewhere on the machine: for
/// each PATH (the current directory if none), the repository it is in (the nearest
/// directory at or above it that holds `.git`), or outside a repository the PATH itself (a
/// file's directory). The current directory counts only as where relative PATHs start, so
/// the tree is the same wherever advisor runs. Canonical paths, none inside another.
pub fn checked_tree(paths: &[PathBuf]) -> Vec<PathBuf> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut roots: Vec<PathBuf> = paths
        .iter()
        .map(|path| match path.parent() {
            _ if path.is_dir() => path.clone(),
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .filter_map(|dir| std::fs::canonicalize(dir).ok())
        .map(|dir| repository(&dir).unwrap_or(dir))
        .collect();
    roots.sort();
    roots.dedup_by(|inner, outer| inner.starts_with(outer));
    roots
}

/// The repository `dir` is in: the nearest directory at or above it with a `.git` (a
/// directory, or the file of a worktree or submodule).
fn repository(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|ancestor| is_repository(ancestor))
        .map(Path::to_path_buf)
}

/// Whether `dir` is the top of a repository.
pub fn is_repository(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(".git")).is_ok()
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

/// `./docs/a.md` as `docs/a.md`, the way linters print paths below the current directory.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}
