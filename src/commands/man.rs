//! `advisor man`: manual pages, rendered from the same definition that parses. `advisor.1`
//! goes to standard output; `--dir DIR` writes it and one page per subcommand and
//! sub-subcommand (`advisor-recommend.1`, `advisor-rules-show.1`, ...), each with a SEE ALSO
//! section that names the pages around it.

use clap::CommandFactory;

use super::Status;
use crate::cli::{Cli, ManArgs};
use crate::input;

/// The manual section every page is in.
const SECTION: &str = "1";

pub fn run(args: &ManArgs) -> anyhow::Result<Status> {
    let pages = pages()?;
    let Some(dir) = &args.dir else {
        input::write_stdout(&pages[0].roff)?;
        return Ok(Status::Success);
    };
    input::create_dir(dir).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot create the directory for the manual pages: {}",
            dir.display(),
            input::describe_io(&error)
        )
    })?;
    let mut written = String::new();
    for page in &pages {
        let path = dir.join(page.file_name());
        input::write_file(&path, &page.roff, true).map_err(|error| {
            anyhow::anyhow!(
                "{}: cannot write the manual page: {}",
                path.display(),
                input::describe_io(&error)
            )
        })?;
        written.push_str(&format!("{}\n", path.display()));
    }
    input::write_stdout(&written)?;
    Ok(Status::Success)
}

/// One manual page: `advisor`, `advisor-rules`, `advisor-rules-show`, ...
#[derive(Debug)]
pub struct Page {
    /// The page's name, which is the command's words joined by `-`.
    pub name: String,
    pub roff: String,
}

impl Page {
    pub fn file_name(&self) -> String {
        format!("{}.{SECTION}", self.name)
    }
}

/// Every page, `advisor` first, then each subcommand before its own subcommands, in the
/// order `--help` lists them.
pub fn pages() -> anyhow::Result<Vec<Page>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    collect(&root, None, &mut pages)?;
    Ok(pages)
}

/// Renders `command`'s page and its subcommands' pages; `parent` is the page above it.
fn collect(
    command: &clap::Command,
    parent: Option<&str>,
    pages: &mut Vec<Page>,
) -> anyhow::Result<()> {
    let name = page_name(command);
    let children: Vec<&clap::Command> = visible_subcommands(command).collect();
    let mut roff = Vec::new();
    // Every page's footer names advisor and its version; clap_mangen would name a
    // subcommand, which has no version of its own.
    clap_mangen::Man::new(command.clone())
        .section(SECTION)
        .source(format!("advisor {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    let mut roff = String::from_utf8(roff)?;

    // SEE ALSO: the main page names every other page; a subcommand's page names the main
    // page, the page of the command it belongs to, and its own subcommands' pages.
    let mut related: Vec<String> = Vec::new();
    match parent {
        None => descendants(command, &mut related),
        Some(parent) => {
            let root = command
                .get_bin_name()
                .and_then(|bin| bin.split(' ').next())
                .unwrap_or("advisor")
                .to_string();
            related.push(root.clone());
            if parent != root {
                related.push(parent.to_string());
            }
            related.extend(children.iter().map(|child| page_name(child)));
        }
    }
    roff.push_str(&see_also(&related));
    pages.push(Page {
        name: name.clone(),
        roff,
    });
    for child in children {
        collect(child, Some(&name), pages)?;
    }
    Ok(())
}

/// The names of every page below `command`, in page order.
fn descendants(command: &clap::Command, names: &mut Vec<String>) {
    for child in visible_subcommands(command) {
        names.push(page_name(child));
        descendants(child, names);
    }
}

fn visible_subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
}

/// `advisor-rules-show`: clap names a built subcommand after the commands above it.
fn page_name(command: &clap::Command) -> String {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_string()
}

/// A roff `SEE ALSO` section naming `pages`, bold with their section, as man pages do;
/// never hyphenated (`\%`), and not stretched to both margins (`.ad l`).
fn see_also(pages: &[String]) -> String {
    if pages.is_empty() {
        return String::new();
    }
    let names: Vec<String> = pages
        .iter()
        .map(|page| format!("\\%\\fB{}\\fR({SECTION})", page.replace('-', "\\-")))
        .collect();
    format!(".SH \"SEE ALSO\"\n.ad l\n{}\n", names.join(", "))
}
