//! Cost estimates as every report shows them: the JSON objects (`cost`, `prices`) shared by
//! `recommend` and `cost`, and the text lines of a breakdown.

use std::fmt::{self, Write};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::cost::{self, Estimate, Pricing, Volume};
use crate::date::Date;
use crate::prices::PriceBook;
use crate::text::thousands;

/// Money for JSON: a decimal string rounded half-up to cents, like `"219.54"`.
pub fn money(amount: Decimal) -> String {
    Money(amount).to_string()
}

/// An exact decimal for JSON, without trailing zeros, like `"0.0000166667"`.
pub fn exact(amount: Decimal) -> String {
    Exact(amount).to_string()
}

/// An amount written as [`money`] writes it; serialised as a string without making one first
/// (every estimate has a dozen amounts).
pub struct Money(pub Decimal);

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let cents = cost::cents(self.0);
        let hundredths = cents.mantissa().unsigned_abs() * 10u128.pow(2 - cents.scale());
        match u64::try_from(hundredths) {
            Ok(digits) => point_digits(f, cents.is_sign_negative(), digits, 2),
            Err(_) => write!(f, "{cents:.2}"),
        }
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An amount written as [`exact`] writes it; serialised like [`Money`].
pub struct Exact(pub Decimal);

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let amount = self.0.normalize();
        match u64::try_from(amount.mantissa().unsigned_abs()) {
            Ok(digits) => point_digits(f, amount.is_sign_negative(), digits, amount.scale()),
            Err(_) => write!(f, "{amount}"),
        }
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Writes `digits` with a point before the last `scale` of them (and a 0 before a leading
/// point), after a minus sign when `negative`: the text rust_decimal writes for a decimal,
/// made with 64-bit arithmetic, which is several times quicker than its 96-bit mantissa.
fn point_digits(
    f: &mut fmt::Formatter,
    negative: bool,
    mut digits: u64,
    scale: u32,
) -> fmt::Result {
    // At most 29 digits (a scale is at most 28), the point and a sign.
    let mut text = [0; 31];
    let mut start = text.len();
    let mut place = 0;
    while place <= scale || digits > 0 {
        if place == scale && scale > 0 {
            start -= 1;
            text[start] = b'.';
        }
        start -= 1;
        text[start] = b'0' + (digits % 10) as u8;
        digits /= 10;
        place += 1;
    }
    if negative {
        start -= 1;
        text[start] = b'-';
    }
    f.write_str(std::str::from_utf8(&text[start..]).map_err(|_| fmt::Error)?)
}

/// The price file behind the estimates.
#[derive(Serialize, JsonSchema)]
pub struct PricesDoc<'a> {
    /// The AWS region the prices are for.
    region: &'a str,
    /// The currency of every amount, `USD`.
    currency: &'a str,
    /// The date of the oldest figure in the price file, `YYYY-MM-DD`.
    as_of: String,
    /// The price file as given with `--prices`, `null` for the built-in one.
    file: Option<&'a str>,
    /// Whether the prices are more than 180 days old, so estimates may be out of date.
    stale: bool,
    /// Whether Lambda's always-free allowance was taken off (`--free-tier`).
    free_tier: bool,
}

impl<'a> PricesDoc<'a> {
    pub fn new(pricing: &'a Pricing, today: Date) -> Self {
        PricesDoc::of(
            &pricing.book,
            pricing.file.as_deref(),
            pricing.options.free_tier,
            today,
        )
    }

    /// The same from its parts: `book`, the `--prices` file it came from (`None` for the
    /// built-in one) and whether `--free-tier` was given.
    pub fn of(book: &'a PriceBook, file: Option<&'a str>, free_tier: bool, today: Date) -> Self {
        PricesDoc {
            region: &book.region,
            currency: &book.currency,
            as_of: book.as_of.to_string(),
            file,
            stale: book.staleness(today).is_some(),
            free_tier,
        }
    }
}

/// One service's monthly estimate. Totals and `monthly_cost` are decimal strings rounded
/// half-up to cents; `quantity` and `unit_price` are exact decimal strings.
#[derive(Serialize, JsonSchema)]
pub struct CostDoc<'a> {
    /// The cheapest plausible month, with every unknown input at its cheap end.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    low: Money,
    /// The estimate with the typical value of every unknown input; the sum of `components`,
    /// rounded once.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    typical: Money,
    /// The dearest plausible month.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    high: Money,
    currency: &'a str,
    /// `stated` when the workload gives `demand.requests_per_month`; `per-million` when it
    /// does not, and the figures are for 1,000,000 units of work a month; `always-on` for
    /// continuous work without a volume, priced as the capacity it keeps running.
    #[schemars(extend("enum" = ["stated", "per-million", "always-on"]))]
    basis: &'static str,
    /// The units of work a month the estimate is for, as a decimal string.
    #[schemars(with = "String")]
    units_per_month: Exact,
    /// The billed lines of the typical estimate.
    components: Vec<ComponentDoc<'a>>,
    /// Lines priced for comparison but not in the total, such as a REST API in place of the
    /// HTTP API.
    alternatives: Vec<ComponentDoc<'a>>,
    /// The inputs read and the modelling assumptions made, as sentences.
    assumptions: &'a [String],
    /// What the estimate leaves out.
    excluded: &'a [String],
    /// The unknown workload field whose answer narrows the range most; `null` when the
    /// range does not depend on one.
    narrowed_most_by: Option<&'static str>,
}

/// One billed line: `quantity` × `unit_price` = `monthly_cost` (before rounding).
#[derive(Serialize, JsonSchema)]
pub struct ComponentDoc<'a> {
    name: &'a str,
    /// Exact decimal, in `unit`s.
    #[schemars(with = "String", regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))]
    quantity: Exact,
    unit: &'a str,
    /// Exact decimal price of one `unit`.
    #[schemars(with = "String", regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))]
    unit_price: Exact,
    /// In cents.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    monthly_cost: Money,
}

impl<'a> CostDoc<'a> {
    pub fn new(estimate: &'a Estimate, currency: &'a str) -> Self {
        let components = |lines: &'a [cost::Component]| {
            lines
                .iter()
                .map(|c| ComponentDoc {
                    name: &c.name,
                    quantity: Exact(c.quantity),
                    unit: &c.unit,
                    unit_price: Exact(c.unit_price),
                    monthly_cost: Money(c.monthly_cost),
                })
                .collect()
        };
        CostDoc {
            low: Money(estimate.low),
            typical: Money(estimate.typical),
            high: Money(estimate.high),
            currency,
            basis: match estimate.volume {
                Volume::Stated(_) => "stated",
                Volume::PerMillion => "per-million",
                Volume::AlwaysOn => "always-on",
            },
            units_per_month: Exact(estimate.volume.units()),
            components: components(&estimate.components),
            alternatives: components(&estimate.alternatives),
            assumptions: &estimate.assumptions,
            excluded: &estimate.excluded,
            narrowed_most_by: estimate.narrowed_most_by,
        }
    }
}

/// `$219.54`, or `$219.54 ($90.12–$867.37)` when the range is wide; `per 1M` when the
/// figures are per million units of work.
pub fn summary(estimate: &Estimate) -> String {
    let mut text = typical_and_range(estimate, [" (", "–", ")"]);
    if estimate.volume == Volume::PerMillion {
        text.push_str(" per 1M");
    }
    text
}

/// The typical figure, then, when the range is wide, the low and high figures with
/// `around` before, between and after them.
pub fn typical_and_range(estimate: &Estimate, around: [&str; 3]) -> String {
    let mut text = cost::dollars(estimate.typical);
    if estimate.is_wide() {
        let [before, between, after] = around;
        let _ = write!(
            text,
            "{before}{}{between}{}{after}",
            cost::dollars(estimate.low),
            cost::dollars(estimate.high)
        );
    }
    text
}

/// The breakdown lines of one estimate, indented by `indent`: components with their
/// arithmetic, alternatives, assumptions, what is left out and what would narrow the range.
pub fn breakdown(estimate: &Estimate, indent: &str) -> String {
    let mut out = String::new();
    for component in &estimate.components {
        let _ = writeln!(out, "{indent}{}", component_line(component));
    }
    for component in &estimate.alternatives {
        let _ = writeln!(
            out,
            "{indent}not in the total: {}",
            component_line(component)
        );
    }
    let _ = writeln!(
        out,
        "{indent}range {} to {}, typically {}{}",
        cost::dollars(estimate.low),
        cost::dollars(estimate.high),
        cost::dollars(estimate.typical),
        estimate
            .narrowed_most_by
            .map_or(String::new(), |field| format!(
                "; answering {field} narrows it most"
            ))
    );
    let _ = writeln!(out, "{indent}assumptions:");
    for assumption in &estimate.assumptions {
        let _ = writeln!(out, "{indent}  - {assumption}");
    }
    let _ = writeln!(out, "{indent}left out: {}", estimate.excluded.join(", "));
    out
}

fn component_line(component: &cost::Component) -> String {
    format!(
        "{}: {} × {} per {} = {}",
        component.name,
        thousands(component.quantity.normalize()),
        unit_price(component.unit_price),
        component.unit,
        cost::dollars(component.monthly_cost)
    )
}

/// A unit price as written in the price file, with at least whole cents: `$0.20`,
/// `$0.0000166667`.
fn unit_price(price: Decimal) -> String {
    let price = price.normalize();
    if price.scale() < 2 {
        format!("${}", thousands(format!("{price:.2}")))
    } else {
        format!("${}", thousands(price))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use crate::cost;

    proptest! {
        /// `money` and `exact` write what Decimal's own formatting writes, for any decimal:
        /// those of 64 bits, which they write themselves, and larger ones.
        #[test]
        fn decimals_are_written_as_decimal_writes_them(
            mantissa in prop_oneof![
                any::<i64>().prop_map(i128::from),
                -(1i128 << 96) + 1..(1i128 << 96),
            ],
            scale in 0u32..=28,
        ) {
            let amount = Decimal::from_i128_with_scale(mantissa, scale);
            prop_assert_eq!(super::money(amount), format!("{:.2}", cost::cents(amount)));
            prop_assert_eq!(super::exact(amount), amount.normalize().to_string());
            let negative_zero = -Decimal::new(0, scale);
            prop_assert_eq!(
                super::money(negative_zero),
                format!("{:.2}", cost::cents(negative_zero))
            );
            prop_assert_eq!(super::exact(negative_zero), negative_zero.normalize().to_string());
        }
    }

    #[test]
    fn a_unit_price_keeps_its_digits_and_groups_its_thousands() {
        assert_eq!(super::unit_price(Decimal::new(1500, 0)), "$1,500.00");
        assert_eq!(super::unit_price(Decimal::new(20, 2)), "$0.20");
        assert_eq!(
            super::unit_price(Decimal::new(166_667, 10)),
            "$0.0000166667"
        );
    }
}
