//! Holds the module structure of docs/architecture.md: the modules of `src/` import each
//! other without cycles, and only the commands (and the crate root) know the command line.
//! Imports are read from the source text: every `use` tree, grouped or not, and every inline
//! `crate::…`/`super::…` path, each mapped to the file module it names. A module's imports of
//! its own submodules are left out: a parent re-exporting what its children define while they
//! use its shared items is how a module is built, not a cycle between layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crate root, `src/lib.rs`.
const ROOT: &str = "crate";

#[test]
fn modules_do_not_import_each_other_in_a_cycle() {
    let graph = Graph::of_crate();
    if let Some(cycle) = graph.cycle() {
        panic!(
            "modules import each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
    let top_level = graph.collapsed_to_top_level();
    if let Some(cycle) = top_level.cycle() {
        panic!(
            "top-level modules import each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn only_the_commands_import_the_command_line() {
    let graph = Graph::of_crate();
    let allowed =
        |module: &str| module == ROOT || in_module(module, "cli") || in_module(module, "commands");
    let offenders: Vec<String> = graph
        .edges
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| in_module(to, "cli") && !allowed(from))
        .map(|(from, to)| format!("{from} imports {to}"))
        .collect();
    assert!(
        offenders.is_empty(),
        "only `commands` may turn command-line arguments into calls of the stages:\n{}",
        offenders.join("\n")
    );
}

/// Guards the other tests against a reader that finds nothing and so passes anything.
#[test]
fn the_reader_finds_imports_of_every_form() {
    let graph = Graph::of_crate();
    for (from, to) in [
        ("commands::check", "check"),
        ("commands::check", "cli"),
        ("report::check::json", "report::check"),
        ("check::evaluate", "check::decision"),
        ("check", "input::walk"),
    ] {
        assert!(
            graph.edges.get(from).is_some_and(|t| t.contains(to)),
            "expected `{from}` to import `{to}`; found {:?}",
            graph.edges.get(from)
        );
    }
    // Precise capturing (`+ use<'a>`) is not an import, and its braces still count.
    let modules = BTreeSet::from(["a".to_string(), "b".to_string()]);
    let text = "fn f<'a>() -> impl Sized + use<'a> { crate::a::g() }\nuse crate::b;";
    assert_eq!(
        imports("x", text, &modules),
        BTreeSet::from(["a".to_string(), "b".to_string()])
    );
    let paths = use_paths(&tokens("use crate::{a, b::{c, d::e as f}, g::*};"));
    let expected = ["crate::a", "crate::b::c", "crate::b::d::e", "crate::g"];
    assert_eq!(
        paths.iter().map(|p| p.join("::")).collect::<Vec<_>>(),
        expected
    );
}

/// Whether `inner` is a submodule of `outer`, at any depth.
fn contains(outer: &str, inner: &str) -> bool {
    outer == ROOT || inner.starts_with(&format!("{outer}::"))
}

fn in_module(module: &str, top: &str) -> bool {
    module == top || module.starts_with(&format!("{top}::"))
}

/// Which file module imports which.
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    fn of_crate() -> Graph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        collect_rust_files(&src, &mut files);
        let mut sources = BTreeMap::new();
        for file in files {
            let relative = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            // main.rs is a crate of its own and reaches the library as `advisor::`.
            if relative == "main.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            sources.insert(module_of(&relative), text);
        }
        let modules: BTreeSet<String> = sources.keys().cloned().collect();
        let mut edges = BTreeMap::new();
        for (module, text) in &sources {
            let targets: BTreeSet<String> = imports(module, text, &modules)
                .into_iter()
                .filter(|target| target != module && !contains(module, target))
                .collect();
            edges.insert(module.clone(), targets);
        }
        Graph { edges }
    }

    fn collapsed_to_top_level(&self) -> Graph {
        let top = |module: &str| module.split("::").next().unwrap().to_string();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, targets) in &self.edges {
            let entry = edges.entry(top(from)).or_default();
            entry.extend(targets.iter().map(|t| top(t)).filter(|t| *t != top(from)));
        }
        Graph { edges }
    }

    /// A cycle as the modules along it, the first repeated at the end, or `None`.
    fn cycle(&self) -> Option<Vec<String>> {
        let mut done = BTreeSet::new();
        for start in self.edges.keys() {
            let mut path = Vec::new();
            if let Some(cycle) = self.visit(start, &mut path, &mut done) {
                return Some(cycle);
            }
        }
        None
    }

    fn visit<'a>(
        &'a self,
        module: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle: Vec<String> = path[at..].iter().map(|m| m.to_string()).collect();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module);
        for target in self.edges.get(module).into_iter().flatten() {
            if let Some(cycle) = self.visit(target, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module);
        None
    }
}

fn collect_rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `check/mod.rs` is `check`, `report/check/json.rs` is `report::check::json`.
fn module_of(relative: &str) -> String {
    let without = relative.trim_end_matches(".rs").replace(['/', '\\'], "::");
    match without.as_str() {
        "lib" => ROOT.to_string(),
        _ => without.trim_end_matches("::mod").to_string(),
    }
}

/// The file modules that the source of `module` names, by the longest module prefix of each
/// path. Paths relative to the module count only when they start with one of its children.
fn imports(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let tokens = tokens(text);
    let mut found = BTreeSet::new();
    // Inline modules (`mod tests { … }`) change what `super` and `self` mean.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let here = || {
            let mut path: Vec<String> = split(module);
            path.extend(inline.iter().map(|(name, _)| name.clone()));
            path
        };
        match tokens[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                inline.retain(|(_, opened)| *opened <= depth);
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t == "{") => {
                inline.push((tokens[i + 1].clone(), depth + 1));
            }
            // `impl Trait + use<'a>` (precise capturing) is not an import.
            "use" if tokens.get(i + 1).is_some_and(|t| t != "<") => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| t == ";")
                    .map_or(tokens.len(), |e| i + e);
                for path in use_paths(&tokens[i..end]) {
                    if let Some(target) = resolve(&here(), &path, modules, true) {
                        found.insert(target);
                    }
                }
                i = end;
            }
            "crate" | "super" if tokens.get(i + 1).is_some_and(|t| t == "::") => {
                let mut path = vec![tokens[i].clone()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t == "::")
                    && tokens.get(j + 1).is_some_and(|t| is_ident(t))
                {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                if let Some(target) = resolve(&here(), &path, modules, false) {
                    found.insert(target);
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn split(module: &str) -> Vec<String> {
    if module == ROOT {
        Vec::new()
    } else {
        module.split("::").map(String::from).collect()
    }
}

/// The file module a path names, if it is in this crate.
fn resolve(
    here: &[String],
    path: &[String],
    modules: &BTreeSet<String>,
    relative_allowed: bool,
) -> Option<String> {
    let mut absolute: Vec<String> = here.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            absolute.clear();
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                absolute.pop()?;
                rest = &rest[1..];
            }
        }
        Some(_) if relative_allowed => {}
        _ => return None,
    }
    let relative = !matches!(
        path.first().map(String::as_str),
        Some("crate" | "self" | "super")
    );
    absolute.extend(rest.iter().cloned());
    let module_names = |n: usize| match n {
        0 => ROOT.to_string(),
        n => absolute[..n].join("::"),
    };
    let longest = (0..=absolute.len())
        .rev()
        .map(module_names)
        .find(|candidate| modules.contains(candidate))?;
    // A relative path that names no child module is an external crate (`std::`, `clap::`)
    // or an item of this very module.
    if relative && longest.split("::").count() <= here.len() {
        return None;
    }
    Some(longest)
}

/// Every path a `use` item imports, from its tokens (`use` up to the `;`); `as` renames and
/// `*` globs name their module.
fn use_paths(tokens: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let start = tokens.iter().position(|t| t == "use").map_or(0, |u| u + 1);
    let start = if tokens.get(start).is_some_and(|t| t == "::") {
        start + 1
    } else {
        start
    };
    tree(tokens, start, &mut Vec::new(), &mut paths);
    paths
}

/// Reads one use tree at `i` with `prefix` before it; returns the index after it.
fn tree(
    tokens: &[String],
    mut i: usize,
    prefix: &mut Vec<String>,
    paths: &mut Vec<Vec<String>>,
) -> usize {
    let depth = prefix.len();
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                while tokens.get(i).is_some_and(|t| t != "}") {
                    i = tree(tokens, i, prefix, paths);
                    if tokens.get(i).is_some_and(|t| t == ",") {
                        i += 1;
                    }
                }
                prefix.truncate(depth);
                return i + 1;
            }
            Some("*") => {
                paths.push(prefix.clone());
                prefix.truncate(depth);
                return i + 1;
            }
            Some(segment) if is_ident(segment) => {
                prefix.push(segment.to_string());
                i += 1;
                if tokens.get(i).is_some_and(|t| t == "::") {
                    i += 1;
                    continue;
                }
                if tokens.get(i).is_some_and(|t| t == "as") {
                    i += 2;
                }
                // `self` in a group names the module the group is in.
                if prefix.last().is_some_and(|s| s == "self") && prefix.len() > 1 {
                    prefix.pop();
                }
                paths.push(prefix.clone());
                prefix.truncate(depth);
                return i;
            }
            _ => {
                prefix.truncate(depth);
                return i + 1;
            }
        }
    }
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The source as identifiers, `::` and single punctuation characters, without comments,
/// string literals and character literals, so text about `crate::x` is not read as a path.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == 'r' && matches!(next, Some('"' | '#')) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let open = i + 1 + hashes;
            if chars.get(open) != Some(&'"') {
                tokens.push("r".to_string());
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let rest: String = chars[open + 1..].iter().collect();
            let length = rest
                .find(&close)
                .map_or(rest.len(), |end| end + close.len());
            i = open + 1 + rest[..length].chars().count();
        } else if c == '\'' {
            // A character literal (`'a'`, `'\n'`, `'\u{1b}'`), else a lifetime.
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&e| e == '\'')
                    .map(|e| i + 2 + e)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            i = end.map_or(i + 1, |end| end + 1);
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && next == Some(':') {
            tokens.push("::".to_string());
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}
