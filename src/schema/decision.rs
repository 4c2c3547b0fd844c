//! The decision file (SPEC 4), described for its schema: a plain-YAML file, or the front matter
//! of a Markdown record.

use schemars::JsonSchema;

use super::reject_null;
use super::workload::{Text, Workload};

/// An architecture decision record that names the compute service chosen for a workload, for
/// `advisor check`. MADR keys (`date`, `decision-makers`, `consulted`, `informed`, ...) may
/// stand beside `status` and `advisor`.
#[derive(JsonSchema)]
#[schemars(title = "advisor decision record")]
pub struct Decision {
    /// `accepted` is checked strictly; `proposed`, `draft` or no status is checked with
    /// violations reported as warnings; `rejected`, `deprecated` and `superseded ...` are
    /// skipped. Case-insensitive.
    status: Option<String>,
    /// What advisor checks: the chosen service and the workload it runs.
    advisor: Advisor,
}

/// The chosen service, the workload (inline as `workload`, or in a file as `workload_file`,
/// not both) and the rules the team knowingly breaks.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    transform = reject_null,
    extend("oneOf" = [{"required": ["workload"]}, {"required": ["workload_file"]}])
)]
struct Advisor {
    /// The id of the chosen service, like `lambda`.
    service: Text,
    /// The workload, inline.
    workload: Option<Workload>,
    /// The path of the workload file, relative to this file.
    workload_file: Option<Text>,
    /// Rules the team accepts breaking, each with a reason.
    waivers: Option<Vec<Waiver>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Waiver {
    /// The id of the waived rule.
    rule: Text,
    /// Why the team accepts breaking the rule; a waiver needs one.
    reason: Text,
}
