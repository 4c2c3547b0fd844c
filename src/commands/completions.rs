//! `advisor completions SHELL`: clap writes the script from the same definition that parses.
//! The arguments that take an id of the built-in rule set list those ids as their possible
//! values (`cli::complete`), so the scripts complete them.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Status;
use crate::cli::{Cli, CompletionsArgs};
use crate::input;

pub fn run(args: &CompletionsArgs) -> anyhow::Result<Status> {
    input::write_stdout(&script(args.shell))?;
    Ok(Status::Success)
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "advisor", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if shell == Shell::Fish {
        command.build();
        fish_positionals(&command, &[], &mut script);
    }
    script
}

/// clap's fish script completes only options; this adds the values of positional arguments
/// that list them (`rules show ID`, `completions SHELL`, `schema KIND`), under the same
/// conditions as the script's other lines for that subcommand.
fn fish_positionals(command: &clap::Command, parents: &[&str], script: &mut String) {
    let condition = match parents {
        [] => None,
        [sub] => Some(format!("__fish_advisor_using_subcommand {sub}")),
        [sub, subsub] => Some(format!(
            "__fish_advisor_using_subcommand {sub}; and __fish_seen_subcommand_from {subsub}"
        )),
        // The script itself goes no deeper.
        _ => return,
    };
    if let Some(condition) = condition {
        for positional in command.get_positionals() {
            let values: Vec<String> = positional
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| {
                    let help = value
                        .get_help()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    format!(
                        "{}\\t'{}'",
                        fish_quoted(value.get_name()).replace(',', "\\,"),
                        fish_quoted(&help.replace('\n', " "))
                    )
                })
                .collect();
            if !values.is_empty() {
                script.push_str(&format!(
                    "complete -c advisor -n \"{condition}\" -f -a \"{}\"\n",
                    values.join("\n")
                ));
            }
        }
    }
    for sub in command.get_subcommands() {
        let mut path = parents.to_vec();
        path.push(sub.get_name());
        fish_positionals(sub, &path, script);
    }
}

/// Escapes text for the single quotes inside the double-quoted `-a` list, as clap does for
/// the options' values; `"`, `$` and `\` are escaped for the double quotes around them.
fn fish_quoted(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\'', "\\'")
        .replace('"', "\\\"")
        .replace('$', "\\$")
}
