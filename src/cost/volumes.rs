//! The volumes `advisor cost --volumes SPEC` prices: a comma list (`1e5,2.5e6,3000000`), the
//! powers of ten of a range (`1e5..1e9`), or a number of geometrically spaced volumes over a
//! range (`1e3..1e9/1000`). Parsed once, by the command line, so a mistake is a usage error.

use rust_decimal::Decimal;

use super::{MOST_UNITS, breakeven};

/// The most volumes one `A..B/N` asks for.
pub const MOST_SPACED: usize = 10_000;

/// The volumes asked for, in units of work a month, in the order the table shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volumes {
    pub units: Vec<u64>,
    /// The spec as given, to name the table.
    pub spec: String,
}

impl Volumes {
    /// The lowest and the highest volume.
    pub fn span(&self) -> (u64, u64) {
        let lowest = self.units.iter().copied().min().unwrap_or(0);
        let highest = self.units.iter().copied().max().unwrap_or(0);
        (lowest, highest)
    }
}

const VALID: &str = "expected volumes in units of work a month: a list like `1e5,2.5e6,3000000`, \
     a range of powers of ten like `1e5..1e9`, or `1e3..1e9/100` for 100 volumes spaced \
     evenly on a log scale; each a whole number from 0 to 1e15";

/// Parses `SPEC` (clap's `value_parser`: the message is shown after the argument's name).
pub fn parse(spec: &str) -> Result<Volumes, String> {
    let spec = spec.trim();
    let problem = |what: String| format!("{what}; {VALID}");
    if spec.is_empty() {
        return Err(problem("no volume given".into()));
    }
    let units = match spec.split_once("..") {
        Some((from, rest)) => {
            let (to, count) = match rest.split_once('/') {
                Some((to, count)) => (to, Some(count)),
                None => (rest, None),
            };
            let from = number(from).map_err(problem)?;
            let to = number(to).map_err(problem)?;
            if from == 0 {
                return Err(problem(
                    "a range starts at 1 or more (its volumes are spaced on a log scale)".into(),
                ));
            }
            if from > to {
                return Err(problem(format!(
                    "the range `{}` runs downwards; write the lower volume first",
                    spec
                )));
            }
            match count {
                None => decades(from, to),
                Some(count) => {
                    let count = spaced_count(count).map_err(problem)?;
                    breakeven::spaced(from, to, count)
                }
            }
        }
        None => spec
            .split(',')
            .map(number)
            .collect::<Result<Vec<u64>, String>>()
            .map_err(problem)?,
    };
    Ok(Volumes {
        units,
        spec: spec.to_string(),
    })
}

/// `from`, ten times it, a hundred times it … up to `to`, and `to` itself.
fn decades(from: u64, to: u64) -> Vec<u64> {
    let mut units = Vec::new();
    let mut volume = from;
    while volume < to {
        units.push(volume);
        match volume.checked_mul(10) {
            Some(next) => volume = next,
            None => break,
        }
    }
    units.push(to);
    units
}

fn spaced_count(text: &str) -> Result<usize, String> {
    let count: usize = text
        .trim()
        .parse()
        .map_err(|_| format!("`/{}` is not a number of volumes", text.trim()))?;
    if !(2..=MOST_SPACED).contains(&count) {
        return Err(format!(
            "`/{count}` asks for {count} volumes; a range takes 2 to {MOST_SPACED}"
        ));
    }
    Ok(count)
}

/// One volume: digits, with an optional fraction and an optional exponent (`2.5e6`), that
/// come to a whole number of units from 0 to 10^15.
fn number(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a volume is missing (two commas, or a range without an end)".into());
    }
    let not_a_volume = || format!("`{text}` is not a volume");
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if text.starts_with('-') {
        return Err(format!("`{text}` is negative; volumes are 0 or more"));
    }
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return Err(not_a_volume());
    }
    let exponent: u32 = match exponent {
        None => 0,
        Some(power) => {
            let power = power.strip_prefix('+').unwrap_or(power);
            if !digits(power) {
                return Err(not_a_volume());
            }
            match power.parse() {
                Ok(power) if power <= 15 => power,
                _ => return Err(format!("`{text}` is above 1e15, the most advisor prices")),
            }
        }
    };
    let mantissa: Decimal = mantissa.parse().map_err(|_| not_a_volume())?;
    let value = mantissa
        .checked_mul(Decimal::from(10u64.pow(exponent)))
        .ok_or_else(|| format!("`{text}` is above 1e15, the most advisor prices"))?;
    if !value.fract().is_zero() {
        return Err(format!("`{text}` is not a whole number of units of work"));
    }
    if value > Decimal::from(MOST_UNITS) {
        return Err(format!("`{text}` is above 1e15, the most advisor prices"));
    }
    u64::try_from(value).map_err(|_| not_a_volume())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(spec: &str) -> Vec<u64> {
        parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}")).units
    }

    #[test]
    fn a_list_takes_integers_and_e_notation_in_the_order_given() {
        assert_eq!(
            units("1e5,2.5e6,3000000"),
            vec![100_000, 2_500_000, 3_000_000]
        );
        assert_eq!(units(" 0 , 1E3 ,1e+2"), vec![0, 1000, 100]);
        assert_eq!(units("1e15"), vec![MOST_UNITS]);
        assert_eq!(units("12.50e1"), vec![125]);
    }

    #[test]
    fn a_range_gives_every_power_of_ten_and_its_end() {
        assert_eq!(
            units("1e5..1e9"),
            vec![100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
        );
        assert_eq!(units("2000..50000"), vec![2000, 20_000, 50_000]);
        assert_eq!(units("7..7"), vec![7]);
        assert_eq!(units("1e14..1e15"), vec![100_000_000_000_000, MOST_UNITS]);
    }

    #[test]
    fn a_range_with_a_count_is_spaced_geometrically() {
        assert_eq!(units("1e3..1e9/7"), units("1e3..1e9"));
        let many = units("1e3..1e9/1000");
        assert_eq!(many.len(), 1000);
        assert_eq!((many[0], many[999]), (1000, 1_000_000_000));
        assert!(many.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_bad_spec_says_what_is_wrong_and_what_would_do() {
        for (spec, says) in [
            ("", "no volume given"),
            ("1e5,,2", "a volume is missing"),
            ("-5", "negative"),
            ("2.5", "not a whole number"),
            ("1e16", "above 1e15"),
            ("1000000000000001", "above 1e15"),
            ("1e99999999999", "above 1e15"),
            ("ten", "`ten` is not a volume"),
            ("1e5..", "a volume is missing"),
            ("1e9..1e5", "runs downwards"),
            ("0..1e5", "starts at 1 or more"),
            ("1..1e5/1", "a range takes 2 to 10000"),
            ("1..1e5/100001", "a range takes 2 to 10000"),
            ("1..1e5/x", "`/x` is not a number of volumes"),
            ("1e-3", "not a volume"),
            ("0x10", "not a volume"),
        ] {
            let error = parse(spec).expect_err(spec);
            assert!(error.contains(says), "{spec}: {error}");
            assert!(error.contains("1e5..1e9"), "{spec}: {error}");
        }
    }
}
