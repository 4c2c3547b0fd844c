//! Runs the real binary over every case file in `tests/cmd/` and compares its output,
//! byte for byte, with the `.stdout` and `.stderr` snapshots beside each case.
//! Regenerate snapshots after an intended change with `TRYCMD=overwrite cargo test --test cli`.
//! `ADVISOR_TODAY` pins the day `rules lint` measures rule ages from, so that the snapshots
//! do not go stale with the calendar.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("ADVISOR_TODAY", "2026-11-28")
        .case("tests/cmd/*.toml")
        .case("README.md");
}
