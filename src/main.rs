use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = advisor::cli::Cli::parse();
    match advisor::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            advisor::report_error(&error);
            advisor::Status::Error.into()
        }
    }
}
