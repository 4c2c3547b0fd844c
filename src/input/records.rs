//! Where `advisor decide` writes a decision record: the next free number in the record
//! directory, the workload's path as seen from there, and the new file itself, which is
//! never written over another.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use super::describe_io;

/// An I/O error in words; a file where a directory should be is named as such.
fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotADirectory => "a part of the path is a file, not a directory".into(),
        _ => describe_io(error),
    }
}

/// Digits a record number has at least (`0001-…`), as MADR and adr-tools write them.
pub const NUMBER_WIDTH: usize = 4;

/// The number after the highest numbered record in `dir` (a name of at least
/// [`NUMBER_WIDTH`] digits and a dash, such as `0007-use-lambda.md`, whatever its extension),
/// or 1 when there is none or `dir` does not exist yet.
pub fn next_number(dir: &Path) -> anyhow::Result<u32> {
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "{}: not a directory; --dir names the directory of the decision records",
            dir.display()
        );
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(1),
        Err(error) => anyhow::bail!(
            "{}: cannot read the decision record directory: {}",
            dir.display(),
            describe(&error)
        ),
    };
    let mut highest = 0;
    for entry in entries {
        let entry = entry.map_err(|error| {
            anyhow::anyhow!(
                "{}: cannot read the decision record directory: {}",
                dir.display(),
                describe(&error)
            )
        })?;
        if let Some(number) = entry.file_name().to_str().and_then(record_number) {
            highest = highest.max(number);
        }
    }
    highest.checked_add(1).ok_or_else(|| {
        anyhow::anyhow!(
            "{}: the records are numbered up to {highest}; there is no next number",
            dir.display()
        )
    })
}

/// The number a record's file name starts with: `0012-use-ecs.md` is record 12.
fn record_number(name: &str) -> Option<u32> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits < NUMBER_WIDTH || name.as_bytes().get(digits) != Some(&b'-') {
        return None;
    }
    name[..digits].parse().ok()
}

/// The path of `file` relative to the directory `dir`, with `/` between its parts, as a
/// decision's `workload_file` names it; both are resolved first (links and `..`), `dir` as
/// far as it exists. Where no relative path leads (another drive), the absolute path.
pub fn relative_path(dir: &Path, file: &Path) -> anyhow::Result<String> {
    let target = std::fs::canonicalize(file).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot resolve the path: {}",
            file.display(),
            describe(&error)
        )
    })?;
    let from = resolved(dir).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot resolve the path: {}",
            dir.display(),
            describe(&error)
        )
    })?;
    let path = relative(&from, &target).unwrap_or(target);
    let parts: Option<Vec<&str>> = path.components().map(|c| c.as_os_str().to_str()).collect();
    match parts {
        Some(parts) if path.is_relative() => Some(parts.join("/")),
        Some(_) => path.to_str().map(str::to_owned),
        None => None,
    }
    .ok_or_else(|| {
        anyhow::anyhow!(
            "{}: the path is not UTF-8 text, which a decision record cannot name",
            file.display()
        )
    })
}

/// `path` made absolute with links and `..` resolved, for a directory that may not exist
/// yet: its longest existing ancestor is resolved and the rest appended.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut resolved) => {
                for part in rest.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::CurDir => {}
                        other => resolved.push(other),
                    }
                }
                return Ok(resolved);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let Some(parent) = existing.parent() else {
                    return Err(error);
                };
                rest.extend(existing.components().next_back());
                existing = parent;
            }
            Err(error) => return Err(error),
        }
    }
}

/// The relative path from the directory `from` to `to`, both absolute and resolved; `None`
/// when they share no root (Windows drives).
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    Some(path)
}

/// Writes `text` as the new record `name` in `dir`, creating `dir` if it is missing, and
/// returns its path. An existing file of that name (another run took the number meanwhile)
/// is never overwritten.
pub fn create(dir: &Path, name: &str, text: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot create the decision record directory: {}",
            dir.display(),
            describe(&error)
        )
    })?;
    let path = dir.join(name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    match written {
        Ok(()) => Ok(path),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{}: the file already exists (another record took its number meanwhile); nothing was written, run the command again",
            path.display()
        ),
        Err(error) => anyhow::bail!(
            "{}: cannot write the decision record into {}: {}",
            path.display(),
            dir.display(),
            describe(&error)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_numbers_need_four_digits_and_a_dash() {
        assert_eq!(record_number("0001-use-lambda.md"), Some(1));
        assert_eq!(record_number("0012-checkout.yaml"), Some(12));
        assert_eq!(record_number("12345-long-history.md"), Some(12345));
        assert_eq!(record_number("001-too-short.md"), None);
        assert_eq!(record_number("0001.md"), None);
        assert_eq!(record_number("README.md"), None);
        assert_eq!(record_number("99999999999-overflow.md"), None);
    }

    #[test]
    fn relative_paths_climb_to_the_common_directory() {
        let path = |p: &str| PathBuf::from(p);
        assert_eq!(
            relative(&path("/repo/docs/decisions"), &path("/repo/web.yaml")),
            Some(path("../../web.yaml"))
        );
        assert_eq!(
            relative(&path("/repo/docs"), &path("/repo/docs/w/web.yaml")),
            Some(path("w/web.yaml"))
        );
        assert_eq!(
            relative(&path("/a/b/c"), &path("/x/y.yaml")),
            Some(path("../../../x/y.yaml"))
        );
    }

    #[test]
    fn an_existing_record_is_never_overwritten() {
        let temp = tempfile::tempdir().expect("a temporary directory");
        let dir = temp.path().join("docs/decisions");
        let path = create(&dir, "0001-a.md", "first\n").expect("written");
        assert_eq!(path, dir.join("0001-a.md"));
        let error = create(&dir, "0001-a.md", "second\n").expect_err("refused");
        assert!(
            error.to_string().contains("the file already exists"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "first\n");
        assert_eq!(next_number(&dir).expect("numbered"), 2);
        assert_eq!(
            next_number(&temp.path().join("missing")).expect("numbered"),
            1
        );
    }

    #[test]
    fn a_missing_directory_resolves_from_its_existing_ancestor() {
        let temp = tempfile::tempdir().expect("a temporary directory");
        let base = std::fs::canonicalize(temp.path()).expect("canonical");
        let missing = temp.path().join("a/./b/../c");
        assert_eq!(resolved(&missing).expect("resolved"), base.join("a/c"));
    }
}
