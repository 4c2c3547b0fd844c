//! `advisor init`: the workload template, to a new file or to stdout.

use std::io::ErrorKind;

use super::Status;
use crate::cli::InitArgs;
use crate::{input, template};

/// Writes the template to FILE (never over an existing file without `--force`), or to stdout.
pub fn run(args: &InitArgs) -> anyhow::Result<Status> {
    let template = template::workload();
    let Some(file) = &args.file else {
        input::write_stdout(&template)?;
        return Ok(Status::Success);
    };
    match input::write_file(file, &template, args.force) {
        Ok(()) => {
            input::write_stdout(&format!(
                "wrote {}: fill in what you know, then run `advisor recommend {}`\n",
                file.display(),
                file.display()
            ))?;
            Ok(Status::Success)
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => anyhow::bail!(
            "{}: the file already exists; pass --force to overwrite it",
            file.display()
        ),
        Err(error) => Err(anyhow::Error::new(error)
            .context(format!("{}: cannot write the template", file.display()))),
    }
}
