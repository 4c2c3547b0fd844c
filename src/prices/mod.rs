//! Price files (issue 13): the dated list prices and modelling assumptions that cost
//! estimates use, YAML in, a validated [`PriceBook`] out. Every figure carries its source and
//! the date it was checked, so an estimate can always say where its numbers came from.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::yaml;

mod load;

/// How sure we are of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read on the AWS page the source names.
    Confirmed,
    /// Read in several independent public sources that agree, where the AWS page draws its
    /// table with JavaScript.
    CrossChecked,
    /// advisor's own modelling choice.
    Assumption,
}

impl Status {
    pub const NAMES: &[&str] = &["confirmed", "cross-checked", "assumption"];

    pub fn name(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::CrossChecked => "cross-checked",
            Status::Assumption => "assumption",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        match text {
            "confirmed" => Some(Status::Confirmed),
            "cross-checked" => Some(Status::CrossChecked),
            "assumption" => Some(Status::Assumption),
            _ => None,
        }
    }
}

/// The prices a price file must give, each with the one unit estimates read it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceId {
    LambdaRequests,
    LambdaDurationX86,
    LambdaDurationArm,
    LambdaFreeRequests,
    LambdaFreeCompute,
    ApiGatewayHttp,
    ApiGatewayRest,
    ApiGatewayWebsocketMessages,
    FargateVcpuX86,
    FargateMemoryX86,
    FargateVcpuArm,
    FargateMemoryArm,
    EksControlPlane,
    AlbHour,
    AlbLcuHour,
    EbsGp3,
    PublicIpv4,
}

impl PriceId {
    pub const ALL: [PriceId; 17] = [
        PriceId::LambdaRequests,
        PriceId::LambdaDurationX86,
        PriceId::LambdaDurationArm,
        PriceId::LambdaFreeRequests,
        PriceId::LambdaFreeCompute,
        PriceId::ApiGatewayHttp,
        PriceId::ApiGatewayRest,
        PriceId::ApiGatewayWebsocketMessages,
        PriceId::FargateVcpuX86,
        PriceId::FargateMemoryX86,
        PriceId::FargateVcpuArm,
        PriceId::FargateMemoryArm,
        PriceId::EksControlPlane,
        PriceId::AlbHour,
        PriceId::AlbLcuHour,
        PriceId::EbsGp3,
        PriceId::PublicIpv4,
    ];

    /// The key under `prices:`.
    pub fn key(self) -> &'static str {
        match self {
            PriceId::LambdaRequests => "lambda_requests",
            PriceId::LambdaDurationX86 => "lambda_duration_x86_64",
            PriceId::LambdaDurationArm => "lambda_duration_arm64",
            PriceId::LambdaFreeRequests => "lambda_free_requests",
            PriceId::LambdaFreeCompute => "lambda_free_compute",
            PriceId::ApiGatewayHttp => "api_gateway_http",
            PriceId::ApiGatewayRest => "api_gateway_rest",
            PriceId::ApiGatewayWebsocketMessages => "api_gateway_websocket_messages",
            PriceId::FargateVcpuX86 => "fargate_vcpu_x86_64",
            PriceId::FargateMemoryX86 => "fargate_memory_x86_64",
            PriceId::FargateVcpuArm => "fargate_vcpu_arm64",
            PriceId::FargateMemoryArm => "fargate_memory_arm64",
            PriceId::EksControlPlane => "eks_control_plane",
            PriceId::AlbHour => "alb_hour",
            PriceId::AlbLcuHour => "alb_lcu_hour",
            PriceId::EbsGp3 => "ebs_gp3",
            PriceId::PublicIpv4 => "public_ipv4",
        }
    }

    /// The unit the cost model reads this price in; a file must say exactly this, so a
    /// price cannot be read in the wrong unit.
    pub fn unit(self) -> &'static str {
        match self {
            PriceId::LambdaRequests | PriceId::ApiGatewayHttp | PriceId::ApiGatewayRest => {
                "1M requests"
            }
            PriceId::LambdaDurationX86 | PriceId::LambdaDurationArm => "GB-second",
            PriceId::LambdaFreeRequests => "requests a month",
            PriceId::LambdaFreeCompute => "GB-seconds a month",
            PriceId::ApiGatewayWebsocketMessages => "1M messages",
            PriceId::FargateVcpuX86 | PriceId::FargateVcpuArm => "vCPU-hour",
            PriceId::FargateMemoryX86 | PriceId::FargateMemoryArm => "GB-hour",
            PriceId::EksControlPlane => "cluster-hour",
            PriceId::AlbHour => "hour",
            PriceId::AlbLcuHour => "LCU-hour",
            PriceId::EbsGp3 => "GB-month",
            PriceId::PublicIpv4 => "address-hour",
        }
    }

    fn keys() -> impl Iterator<Item = &'static str> + Clone {
        PriceId::ALL.iter().map(|id| id.key())
    }
}

/// One tier of a price: `price` per unit up to `up_to` units a month (cumulative), or for
/// every unit above the previous tier when `up_to` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub up_to: Option<Decimal>,
    pub price: Decimal,
}

/// The part of a quantity that one tier prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// The units below this band (0 for the first tier).
    pub from: Decimal,
    pub units: Decimal,
    pub price: Decimal,
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub source: String,
    pub checked: Date,
    pub status: Status,
}

/// One price with its tiers (a single tier without `up_to` for a flat price).
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    pub id: PriceId,
    pub tiers: Vec<Tier>,
    pub provenance: Provenance,
    pub note: Option<String>,
}

impl Price {
    /// The price of the first unit; for a flat price, the price.
    pub fn first(&self) -> Decimal {
        self.tiers[0].price
    }

    /// How `quantity` units a month fall into the tiers, lowest first: each band's first unit
    /// (the tier's start), its units and their price. A quantity of zero is one empty band in
    /// the first tier, so that a bill still shows the line.
    pub fn bands(&self, quantity: Decimal) -> Vec<Band> {
        let mut bands = Vec::new();
        let mut below = Decimal::ZERO;
        // A tier is reached only while the quantity is above the tiers before it, so each
        // band reached holds some units (or is the first, for a quantity of zero).
        for tier in &self.tiers {
            let top = tier.up_to.map_or(quantity, |up_to| up_to.min(quantity));
            bands.push(Band {
                from: below,
                units: top - below,
                price: tier.price,
            });
            below = top;
            if tier.up_to.is_none_or(|up_to| quantity <= up_to) {
                break;
            }
        }
        bands
    }
}

/// An EC2 instance type estimates may choose, with its on-demand Linux price.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub architecture: Architecture,
    pub vcpus: u32,
    pub memory_gib: Decimal,
    pub gpus: u32,
    /// The share of each vCPU a burstable type sustains; `None` for a fixed-performance type.
    pub baseline: Option<Decimal>,
    pub hourly: Decimal,
}

impl Instance {
    /// The vCPUs it sustains: all of them, or its baseline share on a burstable type.
    pub fn sustained_vcpus(&self) -> Decimal {
        let vcpus = Decimal::from(self.vcpus);
        self.baseline.map_or(vcpus, |share| vcpus * share)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86,
    Arm,
}

impl Architecture {
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86 => "x86_64",
            Architecture::Arm => "arm64",
        }
    }
}

/// A low, typical and high figure for something the model cannot know exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub low: Decimal,
    pub typical: Decimal,
    pub high: Decimal,
}

/// One named modelling assumption and why it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption<T> {
    pub value: T,
    pub why: String,
}

/// The peak-to-average load factor for each level of `demand.spikiness`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeakFactor {
    pub low: Decimal,
    pub medium: Decimal,
    pub high: Decimal,
}

/// The smallest fleet: for services clients wait on (`http`, `websocket`), and for the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinimumFleet {
    pub request_response: u32,
    pub other: u32,
}

/// A unit of work's size when the workload does not give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitSize {
    pub vcpus: Decimal,
    pub memory_mb: Decimal,
}

/// Where the low and typical durations of a unit of work fall, as shares of `max_duration`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationShare {
    pub low: Decimal,
    pub typical: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assumptions {
    pub hours_per_month: Assumption<Decimal>,
    pub peak_factor: Assumption<PeakFactor>,
    pub target_utilisation: Assumption<Decimal>,
    pub minimum_fleet: Assumption<MinimumFleet>,
    pub fargate_spot_saving: Assumption<Spread>,
    pub fargate_minimum_seconds: Assumption<Decimal>,
    pub avg_duration_fraction: Assumption<DurationShare>,
    pub default_unit: Assumption<UnitSize>,
    pub connections_per_request: Assumption<Decimal>,
    /// ECS Managed Instances' management fee, as a share of the EC2 price.
    pub managed_instances_fee: Assumption<Decimal>,
    pub root_volume_gb: Assumption<Decimal>,
}

/// A service limit that decides what is billed, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit<T> {
    pub value: T,
    pub provenance: Provenance,
    pub note: Option<String>,
}

/// One Fargate vCPU size and the memory sizes (GB) valid with it, smallest first.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSize {
    pub vcpu: Decimal,
    pub memory_gb: Vec<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub lambda_mb_per_vcpu: Limit<Decimal>,
    pub lambda_max_memory_mb: Limit<Decimal>,
    /// Smallest vCPU first.
    pub fargate_task_sizes: Limit<Vec<TaskSize>>,
}

/// A validated price file.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    pub region: String,
    pub currency: String,
    /// The oldest date any figure was checked.
    pub as_of: Date,
    /// In [`PriceId::ALL`] order.
    pub prices: Vec<Price>,
    pub limits: Limits,
    /// As listed.
    pub instances: Vec<Instance>,
    pub instances_provenance: Provenance,
    pub assumptions: Assumptions,
}

impl PriceBook {
    pub fn price(&self, id: PriceId) -> &Price {
        &self.prices[PriceId::ALL
            .iter()
            .position(|p| *p == id)
            .expect("every id is in ALL")]
    }

    /// How many days before `today` the prices are as of.
    pub fn age_days(&self, today: Date) -> i64 {
        today.days() - self.as_of.days()
    }

    /// The warning for prices more than [`STALE_AFTER_DAYS`] old on `today`, or `None`.
    pub fn staleness(&self, today: Date) -> Option<String> {
        let age = self.age_days(today);
        (age > STALE_AFTER_DAYS).then(|| {
            format!(
                "the prices are as of {}, {age} days ago (more than {STALE_AFTER_DAYS}): AWS may have changed them since; check them against their sources, or give a newer price file with --prices",
                self.as_of
            )
        })
    }
}

/// A price book and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedPrices {
    pub book: PriceBook,
    /// The price file as given with `--prices`; `None` for the built-in one.
    pub path: Option<String>,
}

/// Prices older than this carry a warning that they may have changed.
pub const STALE_AFTER_DAYS: i64 = 180;

/// Parses and validates price-file text; `label` names it in messages.
pub fn parse(text: &str, label: &str) -> Result<PriceBook, Diagnostics> {
    let root = yaml::parse(text, label)?;
    load::price_book(&root, label)
}

/// The built-in price file, as written.
pub const YAML: &str = include_str!("../../rules/prices/aws-us-east-1.yaml");
/// How the built-in price file is named in messages.
pub const LABEL: &str = "builtin:rules/prices/aws-us-east-1.yaml";

/// The built-in price file, as `build.rs` validated it: compiled in as code, so a run neither
/// parses nor re-validates the YAML (which costs more instructions than a whole `recommend`),
/// and a mistake in the file fails the build with its line and column instead.
/// (`builtin_prices` is set by `build.rs` for the library; `build.rs` itself compiles this
/// module without it.)
#[cfg(builtin_prices)]
pub fn builtin() -> PriceBook {
    /// A date that `build.rs` already checked.
    fn date(year: u16, month: u8, day: u8) -> Date {
        Date::from_ymd(year, month, day).expect("build.rs checked every date")
    }
    include!(concat!(env!("OUT_DIR"), "/builtin_prices.rs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_price_file_is_valid() {
        let book = parse(YAML, LABEL).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(book.region, "us-east-1");
        assert_eq!(book.prices.len(), PriceId::ALL.len());
    }

    /// The code `build.rs` writes rebuilds exactly what the loader reads, decimals with their
    /// scale (`0.20`, not `0.2`), which `Debug` shows and `==` on decimals does not compare.
    #[test]
    fn the_compiled_in_price_book_is_the_price_file() {
        let parsed = parse(YAML, LABEL).unwrap_or_else(|d| panic!("{d}"));
        let compiled = builtin();
        assert_eq!(compiled, parsed);
        assert_eq!(format!("{compiled:?}"), format!("{parsed:?}"));
    }

    #[test]
    fn prices_are_stale_only_after_180_days() {
        let book = PriceBook {
            as_of: Date::from_ymd(2026, 11, 28).unwrap(),
            ..builtin()
        };
        let day = |m, d| Date::from_ymd(2027, m, d).unwrap();
        assert_eq!(book.age_days(book.as_of), 0);
        assert_eq!(book.age_days(day(5, 27)), STALE_AFTER_DAYS);
        assert_eq!(book.staleness(day(5, 27)), None);
        let warning = book.staleness(day(5, 28)).expect("181 days is stale");
        assert!(
            warning.starts_with("the prices are as of 2026-11-28, 181 days ago (more than 180)"),
            "{warning}"
        );
    }

    #[test]
    fn tiers_charge_each_unit_at_its_own_tier() {
        let price = Price {
            id: PriceId::ApiGatewayRest,
            tiers: vec![
                Tier {
                    up_to: Some(Decimal::from(10)),
                    price: Decimal::from(3),
                },
                Tier {
                    up_to: Some(Decimal::from(30)),
                    price: Decimal::from(2),
                },
                Tier {
                    up_to: None,
                    price: Decimal::ONE,
                },
            ],
            provenance: Provenance {
                source: String::new(),
                checked: Date::from_ymd(2026, 1, 1).unwrap(),
                status: Status::Confirmed,
            },
            note: None,
        };
        let cost = |q: i64| -> Decimal {
            price
                .bands(Decimal::from(q))
                .iter()
                .map(|band| band.units * band.price)
                .sum()
        };
        assert_eq!(cost(0), Decimal::ZERO);
        assert_eq!(cost(4), Decimal::from(12));
        assert_eq!(cost(10), Decimal::from(30));
        assert_eq!(cost(11), Decimal::from(32));
        assert_eq!(cost(30), Decimal::from(70));
        assert_eq!(cost(35), Decimal::from(75));
        let starts: Vec<Decimal> = price
            .bands(Decimal::from(35))
            .iter()
            .map(|b| b.from)
            .collect();
        assert_eq!(
            starts,
            [Decimal::ZERO, Decimal::from(10), Decimal::from(30)]
        );
        assert_eq!(price.bands(Decimal::ZERO).len(), 1);
    }
}
