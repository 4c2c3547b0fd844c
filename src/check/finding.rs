//! What `check` reports about a decision file: findings with stable codes (SPEC 4).

use crate::diagnostic::Position;

/// How serious a finding is; `--fail-on` picks the lowest level that fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// The stable finding codes, in the order SPEC 4 lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    RuledOut,
    BetterFit,
    InvalidDecision,
    Waived,
    StaleWaiver,
    ClosedService,
    CostGap,
    NotADecision,
}

impl Code {
    pub const ALL: [Code; 8] = [
        Code::RuledOut,
        Code::BetterFit,
        Code::InvalidDecision,
        Code::Waived,
        Code::StaleWaiver,
        Code::ClosedService,
        Code::CostGap,
        Code::NotADecision,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Code::RuledOut => "ruled-out",
            Code::BetterFit => "better-fit",
            Code::InvalidDecision => "invalid-decision",
            Code::Waived => "waived",
            Code::StaleWaiver => "stale-waiver",
            Code::ClosedService => "closed-service",
            Code::CostGap => "cost-gap",
            Code::NotADecision => "not-a-decision",
        }
    }

    /// The level of an accepted decision's finding; proposals turn errors into warnings.
    pub fn default_level(self) -> Level {
        match self {
            Code::RuledOut | Code::InvalidDecision | Code::ClosedService => Level::Error,
            Code::BetterFit | Code::StaleWaiver | Code::CostGap => Level::Warning,
            Code::Waived | Code::NotADecision => Level::Note,
        }
    }

    /// One line for rule listings (SARIF `shortDescription`).
    pub fn summary(self) -> &'static str {
        match self {
            Code::RuledOut => "A rule rules out the chosen service",
            Code::BetterFit => "Another service fits the workload clearly better",
            Code::InvalidDecision => "The decision file cannot be checked",
            Code::Waived => "A finding is silenced by a waiver",
            Code::StaleWaiver => "A waiver names a rule that does not exist or did not fire",
            Code::ClosedService => "The chosen service is closed to new customers",
            Code::CostGap => "A viable service is estimated to cost much less than the chosen one",
            Code::NotADecision => {
                "A file named on the command line is a workload, not a decision record"
            }
        }
    }

    /// What the finding means and how to resolve it (SARIF `fullDescription`).
    pub fn explanation(self) -> &'static str {
        match self {
            Code::RuledOut => {
                "A hard constraint of the rule set excludes the service this decision chose for its workload. Choose a service the rules allow, correct the workload if it is wrong, or add a waiver with a reason."
            }
            Code::BetterFit => {
                "The chosen service is viable, but another service outscores it by at least --margin points. Review the decision, or raise --margin if small differences are acceptable."
            }
            Code::InvalidDecision => {
                "The file has an `advisor` block but cannot be checked: it cannot be read or parsed, names an unknown service, has an invalid workload, or points at a workload_file that is missing or invalid."
            }
            Code::Waived => {
                "A rule that fired for this workload is waived by the decision, with the reason it gives. Waived rules take no part in the decision's check."
            }
            Code::StaleWaiver => {
                "A waiver names a rule that is not in the rule set or that did not fire for this workload. Remove the waiver, or correct the rule id."
            }
            Code::ClosedService => {
                "The decision chose a service that its provider no longer offers to new customers, so it is never recommended. The message says since when, where the provider says so, and what it recommends instead."
            }
            Code::CostGap => {
                "At the monthly volume the workload states (demand.requests_per_month), the chosen service's typical cost estimate is at least --cost-gap times (default 2) that of the cheapest viable service. The message gives both figures. Review the decision, check the workload's figures, or raise --cost-gap if the difference is worth paying."
            }
            Code::NotADecision => {
                "The file was named on the command line, but its YAML has a top-level `runtime` and no `advisor` key: it describes a workload, which `advisor recommend` reads, and records no decision, so it is skipped. A decision record names it in `advisor.workload_file`. Found in a directory, such a file is skipped without a note."
            }
        }
    }
}

/// One finding in one decision file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub level: Level,
    pub pos: Position,
    pub message: String,
    /// Ids of the rules the finding is about, for scripts.
    pub rules: Vec<String>,
}

impl Finding {
    pub fn new(code: Code, pos: Position, message: impl Into<String>) -> Self {
        Finding {
            code,
            level: code.default_level(),
            pos,
            message: message.into(),
            rules: Vec::new(),
        }
    }

    pub fn invalid(pos: Position, message: impl Into<String>) -> Self {
        Finding::new(Code::InvalidDecision, pos, message)
    }
}
