//! `advisor init`: the workload template, to a new file or to stdout.

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
    input::write_file(file, &template, args.force)?;
    input::write_stdout(&format!(
        "wrote {}: fill in what you know, then run `advisor recommend {}`\n",
        file.display(),
        file.display()
    ))?;
    Ok(Status::Success)
}
