//! The parse-only baselines of `bench/check.sh` and `bench/portfolio.sh`: finds decision files
//! like `advisor check` (or, after `--workloads`, workload files like `advisor recommend DIR`),
//! then reads, splits and deserialises each one with the same parallelism, and stops there.
//! `advisor check` (or `advisor recommend DIR --format json`) over the same tree should take
//! at most 1.5x as long.

use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args_os().skip(1).peekable();
    let workloads = args.next_if(|arg| arg == "--workloads").is_some();
    let paths: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let found = if workloads {
        advisor::bench::workload_candidates(&paths)
    } else {
        advisor::bench::candidates(&paths)
    };
    let candidates = found.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    });
    let parse = if workloads {
        advisor::bench::parse_only_workload
    } else {
        advisor::bench::parse_only
    };
    let parsed = candidates
        .par_iter()
        .filter(|candidate| parse(&candidate.path))
        .count();
    println!("parsed {parsed} of {} files", candidates.len());
}
