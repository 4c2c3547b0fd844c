//! Reading the user's files and writing results: the only module that touches the file
//! system, standard input and standard output, so errors name the file in one consistent way
//! and what advisor may read or write is decided in one place. (Errors and the progress bar
//! go to standard error where they arise.)

pub mod records;
pub mod walk;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::builtin;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::prices::{self, LoadedPrices};
use crate::rules::{self, Base, Extends, LoadedRuleSet, RuleSet, Rules};
use crate::workload::{self, Workload};
use crate::yaml;

/// The rule set at `path`, or the built-in one.
pub fn load_rule_set(path: Option<&Path>, limits: Limits) -> anyhow::Result<LoadedRuleSet> {
    let Some(path) = path else {
        return Ok(LoadedRuleSet {
            rules: Rules::Builtin(builtin::shared()),
            path: None,
        });
    };
    Ok(LoadedRuleSet {
        rules: Rules::Loaded(load_layer(path, limits, &mut Vec::new())?),
        path: Some(path.display().to_string()),
    })
}

/// Loads a rule set file and, first, the rule set it extends. `chain` holds the files being
/// loaded, outermost first, to report a cycle instead of recursing forever.
fn load_layer(
    path: &Path,
    limits: Limits,
    chain: &mut Vec<(PathBuf, String)>,
) -> anyhow::Result<RuleSet> {
    let label = path.display().to_string();
    let text = read_text(&label, limits)?;
    let root = yaml::parse(&text, &label)?;
    let base = match rules::extends(&root, &label)? {
        None => None,
        Some(Extends {
            base: Base::Builtin,
            ..
        }) => Some(builtin::rule_set()),
        Some(Extends {
            base: Base::File(relative),
            pos,
        }) => {
            let resolved = path.parent().unwrap_or(Path::new("")).join(&relative);
            let at = |message: String| Diagnostics::from(Diagnostic::new(&label, pos, message));
            let identity = std::fs::canonicalize(&resolved).map_err(|error| {
                at(format!(
                    "extends: cannot read `{relative}` ({}): {}",
                    resolved.display(),
                    describe_io(&error)
                ))
            })?;
            let here = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            chain.push((here, label.clone()));
            if let Some(start) = chain.iter().position(|(file, _)| *file == identity) {
                let cycle: Vec<&str> = chain[start..].iter().map(|(_, l)| l.as_str()).collect();
                return Err(at(format!(
                    "extends: `{relative}` leads back to itself: {} -> {}",
                    cycle.join(" -> "),
                    chain[start].1
                ))
                .into());
            }
            let base = load_layer(&resolved, limits, chain)?;
            chain.pop();
            Some(base)
        }
    };
    Ok(rules::load(&root, &label, base)?)
}

/// The price file at `path`, or the built-in one.
pub fn load_prices(path: Option<&Path>, limits: Limits) -> anyhow::Result<LoadedPrices> {
    let Some(path) = path else {
        return Ok(LoadedPrices {
            book: prices::builtin(),
            path: None,
        });
    };
    let label = path.display().to_string();
    let text = read_text(&label, limits)?;
    Ok(LoadedPrices {
        book: prices::parse(&text, &label)?,
        path: Some(label),
    })
}

/// The workload at `path` (`-` reads standard input), with `overrides` applied.
pub fn load_workload(
    path: &str,
    overrides: &[workload::Override],
    limits: Limits,
) -> anyhow::Result<Workload> {
    let label = if path == "-" { "<stdin>" } else { path };
    let text = read_text(path, limits)?;
    Ok(workload::parse_with(&text, path, label, overrides)?)
}

/// A workload met in a directory walk; `None` for YAML or JSON without a top-level `runtime`
/// key (CI configuration, rule sets, decision records), which lives beside workloads.
pub fn load_walked_workload(path: &str, limits: Limits) -> anyhow::Result<Option<Workload>> {
    let text = read_text(path, limits)?;
    let root = yaml::parse(&text, path)?;
    let has_runtime = match &root.value {
        yaml::NodeValue::Map(entries) => entries.iter().any(|(key, _)| key.name == "runtime"),
        _ => false,
    };
    if !has_runtime {
        return Ok(None);
    }
    Ok(Some(workload::from_node(&root, path, path)?))
}

/// What a file met in a directory walk of `recommend` holds.
#[derive(Debug)]
pub enum Walked {
    /// A workload, validated with the `--set` overrides applied.
    Workload(Workload),
    /// Not a workload: YAML or JSON without a top-level `runtime` key, such as a rule set, a
    /// decision record, a CI workflow or a price file, which live beside workloads. The
    /// reason, in words.
    NotAWorkload(&'static str),
}

/// Why a walked file is not read as a workload.
pub const NO_RUNTIME: &str = "no top-level `runtime` key";
/// Why a walked file that does not parse is not read as a workload.
pub const NO_RUNTIME_UNPARSED: &str = "not valid YAML, and no top-level `runtime` key";

/// Reads a file met in a directory walk as a workload if it is one, deciding without
/// validating it: a file that never mentions `runtime` is skipped unparsed; any other is
/// parsed and skipped unless its top-level mapping has a `runtime` key. A file that does not
/// parse is reported only if a line of it starts with a top-level `runtime` key, so that a
/// template elsewhere in the tree is not taken for a broken workload.
pub fn read_walked_workload(
    path: &str,
    overrides: &[workload::Override],
    limits: Limits,
) -> anyhow::Result<Walked> {
    let text = read_text(path, limits)?;
    if !text.contains("runtime") {
        return Ok(Walked::NotAWorkload(NO_RUNTIME));
    }
    let root = match yaml::parse(&text, path) {
        Ok(root) => root,
        Err(_) if !has_runtime_line(&text) => {
            return Ok(Walked::NotAWorkload(NO_RUNTIME_UNPARSED));
        }
        Err(diagnostics) => return Err(diagnostics.into()),
    };
    let has_runtime = match &root.value {
        yaml::NodeValue::Map(entries) => entries.iter().any(|(key, _)| key.name == "runtime"),
        _ => false,
    };
    if !has_runtime {
        return Ok(Walked::NotAWorkload(NO_RUNTIME));
    }
    Ok(Walked::Workload(workload::from_node_overridden(
        root, path, path, overrides,
    )?))
}

/// Whether text that does not parse still looks like a workload: a line that starts with a
/// `runtime` key (plain or quoted), or, for a flow mapping such as JSON, a `"runtime"` key
/// anywhere.
fn has_runtime_line(text: &str) -> bool {
    let key_follows = |rest: &str| rest.trim_start_matches([' ', '\t']).starts_with(':');
    let flow = text
        .lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.starts_with('{'));
    if flow {
        return text
            .match_indices("\"runtime\"")
            .any(|(at, key)| key_follows(&text[at + key.len()..]));
    }
    text.lines().any(|line| {
        ["runtime", "\"runtime\"", "'runtime'"]
            .iter()
            .any(|key| line.strip_prefix(key).is_some_and(key_follows))
    })
}

/// The default for `--max-input-mb`: far above any real workload, rule set or decision file,
/// far below what would strain memory.
pub const DEFAULT_MAX_INPUT_MB: u64 = 10;

/// The largest file (or standard input) advisor reads, passed to every reader so that a run's
/// `--max-input-mb` holds for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_input_bytes: u64,
}

impl Limits {
    pub fn megabytes(megabytes: u64) -> Self {
        Limits {
            max_input_bytes: megabytes.saturating_mul(1024 * 1024),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::megabytes(DEFAULT_MAX_INPUT_MB)
    }
}

/// Reads a whole regular file, refusing directories, devices, FIFOs (which could block
/// forever) and files over the input limit. The error says why in words.
pub fn read_bytes(path: &Path, limits: Limits) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|error| describe_io(&error))?;
    if metadata.is_dir() {
        return Err("is a directory; expected a file".into());
    }
    if !metadata.is_file() {
        return Err("is not a regular file (a FIFO, socket or device); expected a file".into());
    }
    let limit = limits.max_input_bytes;
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|error| describe_io(&error))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn too_large(size: u64, limit: u64) -> String {
    let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    format!(
        "is {:.1} MB, more than the {:.0} MB input limit; raise it with --max-input-mb",
        mb(size),
        mb(limit)
    )
}

/// Reads a whole file (or standard input for `-`) as UTF-8 text.
pub fn read_text(path: &str, limits: Limits) -> anyhow::Result<String> {
    if path != "-" {
        let bytes =
            read_bytes(Path::new(path), limits).map_err(|why| anyhow::anyhow!("{path}: {why}"))?;
        return Ok(decode(bytes, path)?);
    }
    let limit = limits.max_input_bytes;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .context("<stdin>: cannot read standard input")?;
    if bytes.len() as u64 > limit {
        anyhow::bail!(
            "<stdin>: more than the {} MB input limit arrived; raise it with --max-input-mb",
            limit / (1024 * 1024)
        );
    }
    Ok(decode(bytes, "<stdin>")?)
}

/// File content as UTF-8 text, or an error at the first byte that is not.
pub fn decode(bytes: Vec<u8>, label: &str) -> Result<String, Diagnostics> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Diagnostics::from(Diagnostic::new(
            label,
            Position::new(line as u64, column as u64),
            "the file is not valid UTF-8 text; save it as UTF-8",
        ))
    })
}

/// The path with every link and `..` resolved, if it exists; for comparing where files are.
pub fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Writes `text` to a new file at `path`, or over an existing one if `overwrite`.
pub fn write_file(path: &Path, text: &str, overwrite: bool) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
}

/// Appends `text` to the file at `path`, creating it if it does not exist (like `>>` in a
/// shell); what the file holds already is kept.
pub fn append_file(path: &Path, text: &str) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
}

/// Creates the directory `path` and any missing parents, like `mkdir -p`.
pub fn create_dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)
}

/// An I/O error in the words of the rest of advisor's messages.
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Whether the output reached its reader, with what writing it produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery<T = ()> {
    Written(T),
    /// The reader went away (`advisor ... | head -1`); SPEC 5 says to end quietly with 0.
    ReaderGone,
}

/// Writes the whole output at once; a closed pipe is not an error.
pub fn write_stdout(text: &str) -> anyhow::Result<Delivery> {
    stream_stdout(|out| out.write_all(text.as_bytes()))
}

/// Lets `write` produce the output piece by piece through one buffer, for output too large to
/// hold; a closed pipe is not an error.
pub fn stream_stdout<T>(
    write: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> anyhow::Result<Delivery<T>> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|value| out.flush().map(|()| value)) {
        Ok(value) => Ok(Delivery::Written(value)),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Delivery::ReaderGone),
        Err(error) => Err(error).context("cannot write to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::has_runtime_line;

    #[test]
    fn text_that_does_not_parse_looks_like_a_workload_only_with_a_top_level_runtime_key() {
        for workload in [
            "name: a\nruntime: {max_duration: 1m\n",
            "name: a\nruntime :\n  max_duration: [\n",
            "\"runtime\": {max_duration: 1m\n",
            "'runtime':\t{\n",
            "# a comment\n{\"name\": \"a\", \"runtime\" : {\"max_duration\": \"1m\"\n",
        ] {
            assert!(has_runtime_line(workload), "{workload:?}");
        }
        for other in [
            "spec:\n  runtimeClassName: {{ .Values.runtime }}\n",
            "  runtime: {max_duration: 1m\n",
            "runtimes: [\n",
            "runtime_class: {\n",
            "{\"spec\": {\"runtimeClassName\": \"gvisor\"\n",
            "# runtime: 1m\nname: [\n",
        ] {
            assert!(!has_runtime_line(other), "{other:?}");
        }
    }
}
