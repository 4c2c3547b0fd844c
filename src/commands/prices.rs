//! `advisor prices show`.

use super::{Status, today, warn};
use crate::cli::PricesShowArgs;
use crate::input::{self, Limits};
use crate::report;

/// Prints the price file in use, and a warning on stderr when its prices are stale.
pub fn show(args: &PricesShowArgs, limits: Limits) -> anyhow::Result<Status> {
    let today = today()?;
    let loaded = input::load_prices(args.prices.as_deref(), limits)?;
    input::write_stdout(&report::prices::render(args.format, &loaded))?;
    // After the output, so that in a terminal it is the last thing the reader sees.
    if let Some(warning) = loaded.book.staleness(today) {
        warn(&warning);
    }
    Ok(Status::Success)
}
