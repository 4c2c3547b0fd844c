//! Runs the real binary over every case file in `tests/cmd/` and compares its output,
//! byte for byte, with the `.stdout` and `.stderr` snapshots beside each case.
//! Regenerate snapshots after an intended change with `TRYCMD=overwrite cargo test --test cli`.
//! `ADVISOR_TODAY` pins the day `rules lint` measures rule ages and `prices show` the age of
//! the prices from, so that the snapshots do not go stale with the calendar.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("ADVISOR_TODAY", "2026-11-28")
        .case("tests/cmd/*.toml")
        .case("README.md");
}

/// Cases about the date itself (stale prices), each setting `ADVISOR_TODAY` in its own
/// `[env.add]`: a day set for all cases, as above, would win over the case's.
#[test]
fn dated_cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/dated/*.toml");
}
