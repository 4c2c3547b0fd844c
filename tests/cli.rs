//! Runs the real binary over every case file in `tests/cmd/` and compares its output,
//! byte for byte, with the `.stdout` and `.stderr` snapshots beside each case.
//! Regenerate snapshots after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml")
        .case("README.md");
}
