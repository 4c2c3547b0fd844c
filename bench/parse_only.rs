//! The parse-only baseline of `bench/check.sh`: finds decision files like `advisor check`,
//! then reads, splits and deserialises each one with the same parallelism, and stops there.
//! `advisor check` over the same tree should take at most 1.5x as long.

use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let candidates = advisor::bench::candidates(&paths).unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    });
    let parsed = candidates
        .par_iter()
        .filter(|candidate| advisor::bench::parse_only(&candidate.path))
        .count();
    println!("parsed {parsed} of {} files", candidates.len());
}
