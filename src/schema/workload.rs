//! The workload file (SPEC 1, format version 1), described for its schema. `Option` fields may
//! be left out or set to `null`, which both mean "unknown".

use std::collections::BTreeMap;

use schemars::JsonSchema;

/// A duration as the loader reads it: units from the largest to the smallest, each at most
/// once, or a bare number of seconds, or `unbounded`.
const DURATION: &str = r"^(unbounded|[0-9]+|([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

/// A duration that must end: the same notation without `unbounded`.
const FINITE_DURATION: &str = r"^([0-9]+|([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

/// Text the loaders accept: a string with something other than white space in it.
#[derive(JsonSchema)]
#[schemars(inline)]
pub(super) struct Text(#[schemars(regex(pattern = r"\S"))] String);

/// One workload for `advisor recommend`: only `name` and `runtime.max_duration` are required,
/// and a field left out means "unknown", never "false".
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "advisor workload (format version 1)")]
pub struct Workload {
    /// What the workload is called.
    name: Text,
    /// What the workload does.
    description: Option<Text>,
    /// How one unit of work (one request, message, job or connection) runs, and on what.
    runtime: Runtime,
    /// How much work arrives, and how evenly.
    demand: Option<Demand>,
    /// What one unit of work needs at its peak.
    resources: Option<Resources>,
    /// How much control over hosts and clouds the workload needs.
    control: Option<Control>,
    /// How the team stands on containers.
    containers: Option<Containers>,
    /// What the team can take on.
    team: Option<Team>,
    /// What matters most, any of: cost, operational-efficiency, performance, control,
    /// portability.
    priorities: Option<Vec<Priority>>,
    /// Free-form string labels, for custom rules (`labels.KEY` in a condition).
    labels: Option<BTreeMap<String, String>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Runtime {
    /// The longest single unit of work: one request, message, event, job or (websocket)
    /// connection. An HTTP server's unit is a request, not the life of the process. `500ms`,
    /// `30s`, `14m`, `1h30m`, `2d`, a whole number of seconds, or `unbounded` for work that is
    /// not split into units at all (a stream processor or daemon doing continuous work).
    max_duration: Duration,
    /// How long a typical unit of work runs, in the same notation as `max_duration` but never
    /// `unbounded`; never above `max_duration`.
    avg_duration: Option<FiniteDuration>,
    /// What starts a unit of work.
    trigger: Option<Trigger>,
    /// The work survives being stopped with a 2-minute notice and retried.
    interruptible: Option<bool>,
    /// The operating system the work runs on.
    os: Option<Os>,
    /// The CPU architecture the code is built for; `any` when it runs on both.
    architecture: Option<Architecture>,
}

/// How long one unit of work runs.
#[derive(JsonSchema)]
#[serde(untagged)]
pub(super) enum Duration {
    /// `500ms`, `30s`, `14m`, `1h30m`, `2d` or `unbounded`.
    Text(#[schemars(regex(pattern = DURATION), length(min = 1))] String),
    /// A whole number of seconds.
    Seconds(u64),
}

/// How long one unit of work runs, when it must end.
#[derive(JsonSchema)]
#[serde(untagged)]
pub(super) enum FiniteDuration {
    /// `500ms`, `30s`, `14m`, `1h30m` or `2d`.
    Text(#[schemars(regex(pattern = FINITE_DURATION), length(min = 1))] String),
    /// A whole number of seconds.
    Seconds(u64),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Demand {
    /// How spiky demand is; high means bursts of 10x or more and long quiet periods.
    spikiness: Option<Level>,
    /// How many requests or events arrive in a month.
    requests_per_month: Option<u64>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Resources {
    /// Peak memory of one unit of work, in MB.
    #[schemars(range(min = 1))]
    memory_mb: Option<u64>,
    /// vCPUs one unit of work needs.
    #[schemars(extend("exclusiveMinimum" = 0))]
    vcpus: Option<f64>,
    /// The work needs a GPU.
    gpu: Option<bool>,
    /// Local scratch disk one unit of work needs, in GB.
    #[schemars(extend("exclusiveMinimum" = 0))]
    ephemeral_storage_gb: Option<f64>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Control {
    /// The team must log in to hosts or customise the OS, kernel, drivers or agents.
    os_access: Option<bool>,
    /// Whether the workload must also run on premises (hybrid) or on other clouds.
    portability: Option<Portability>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Containers {
    /// How the team feels about containers.
    preference: Option<ContainerPreference>,
    /// The orchestrator the team already runs or must use.
    orchestrator: Option<Orchestrator>,
    /// The containers need privileged mode, Docker-in-Docker or host devices.
    privileged: Option<bool>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Team {
    /// How much server management the team can take on.
    ops_capacity: Option<Level>,
    /// The code may be restructured into event-driven functions.
    willing_to_rewrite: Option<bool>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Trigger {
    Http,
    Websocket,
    Event,
    Queue,
    Stream,
    Schedule,
    Continuous,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Os {
    Linux,
    Windows,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Architecture {
    X86_64,
    Arm64,
    Any,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Level {
    Low,
    Medium,
    High,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Portability {
    None,
    Hybrid,
    MultiCloud,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum ContainerPreference {
    Avoid,
    Neutral,
    Prefer,
    Require,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Orchestrator {
    None,
    Ecs,
    Kubernetes,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Priority {
    Cost,
    OperationalEfficiency,
    Performance,
    Control,
    Portability,
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::fields::{self, FIELDS, FieldKind};

    fn schema() -> Value {
        crate::schema::generate(crate::schema::Kind::Workload).to_value()
    }

    /// A property's own schema: an optional one without its `null` alternative, a reference
    /// followed into `$defs`.
    fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
        let schema = match schema.get("anyOf").and_then(Value::as_array) {
            Some(alternatives) if alternatives.len() == 2 && alternatives[1]["type"] == "null" => {
                &alternatives[0]
            }
            _ => schema,
        };
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => &root["$defs"][reference.trim_start_matches("#/$defs/")],
            None => schema,
        }
    }

    /// The schema of the mapping or field at a dotted path ("" for the document).
    fn at<'a>(root: &'a Value, path: &str) -> &'a Value {
        path.split('.')
            .filter(|key| !key.is_empty())
            .fold(root, |schema, key| {
                resolve(root, &schema["properties"][key])
            })
    }

    /// The JSON types a schema allows besides `null`.
    fn types(schema: &Value) -> Vec<&str> {
        match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => Vec::new(),
        }
    }

    fn sorted(keys: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
        let mut keys: Vec<String> = keys.into_iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn every_mapping_has_exactly_the_keys_of_the_field_table() {
        let root = schema();
        let sections = FIELDS
            .iter()
            .filter_map(|f| f.path.rsplit_once('.').map(|(s, _)| s));
        for prefix in std::iter::once("").chain(sections) {
            let properties = at(&root, prefix)["properties"]
                .as_object()
                .expect("properties");
            assert_eq!(
                sorted(properties.keys()),
                sorted(fields::keys_under(prefix)),
                "keys under `{prefix}`"
            );
        }
    }

    #[test]
    fn exactly_the_required_fields_and_their_sections_are_required() {
        let root = schema();
        for field in FIELDS {
            let mut parent = "";
            for (end, _) in field
                .path
                .match_indices('.')
                .chain([(field.path.len(), "")])
            {
                let prefix = &field.path[..end];
                let key = prefix.rsplit('.').next().unwrap_or(prefix);
                let required = at(&root, parent)["required"]
                    .as_array()
                    .is_some_and(|keys| keys.iter().any(|k| k == key));
                let expected = FIELDS.iter().any(|f| {
                    f.required && (f.path == prefix || f.path.starts_with(&format!("{prefix}.")))
                });
                assert_eq!(required, expected, "`{prefix}` required");
                parent = prefix;
            }
        }
    }

    #[test]
    fn every_field_has_the_type_and_enum_members_of_its_kind() {
        let root = schema();
        for field in FIELDS {
            let schema = at(&root, field.path);
            let path = field.path;
            match field.kind {
                FieldKind::Text => assert_eq!(types(schema), ["string"], "{path}"),
                FieldKind::Bool => assert_eq!(types(schema), ["boolean"], "{path}"),
                FieldKind::Duration { unbounded } => {
                    let name = if unbounded {
                        "Duration"
                    } else {
                        "FiniteDuration"
                    };
                    assert_eq!(schema, &root["$defs"][name], "{path}");
                }
                FieldKind::Integer { min } => {
                    assert_eq!(types(schema), ["integer"], "{path}");
                    assert_eq!(schema["minimum"], json!(min), "{path}");
                }
                FieldKind::PositiveNumber => {
                    assert_eq!(types(schema), ["number"], "{path}");
                    assert_eq!(schema["exclusiveMinimum"], json!(0), "{path}");
                }
                FieldKind::Enum(spec) => assert_eq!(schema["enum"], json!(spec.members), "{path}"),
                FieldKind::EnumList(spec) => {
                    assert_eq!(types(schema), ["array"], "{path}");
                    let members = &resolve(&root, &schema["items"])["enum"];
                    assert_eq!(members, &json!(spec.members), "{path}");
                }
                FieldKind::Labels => {
                    assert_eq!(types(schema), ["object"], "{path}");
                    assert_eq!(schema["additionalProperties"]["type"], "string", "{path}");
                }
            }
        }
    }

    #[test]
    fn the_duration_pattern_accepts_what_the_loader_reads() {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("workload.schema.json", schema())
            .expect("add the schema");
        let index = compiler
            .compile("workload.schema.json", &mut schemas)
            .expect("compile the schema");
        // Not here: text with white space around it, which the loader trims, and durations
        // too long for the loader's arithmetic; a pattern cannot count.
        for text in [
            "500ms",
            "30s",
            "14m",
            "1h30m",
            "2d",
            "1d2h3m4s5ms",
            "1s500ms",
            "900",
            "0",
            "unbounded",
            "15 minutes",
            "40 minutes",
            "-3s",
            "1.5h",
            "1.5.h",
            "30m1h",
            "1h1h",
            "1msx",
            "",
            "s",
            "10x",
            "Unbounded",
            "1M",
        ] {
            let parsed = crate::value::Duration::parse(text);
            let workload = json!({"name": "w", "runtime": {"max_duration": text}});
            assert_eq!(
                schemas.validate(&workload, index).is_ok(),
                parsed.is_ok(),
                "{text:?}"
            );
            let workload = json!({
                "name": "w",
                "runtime": {"max_duration": "unbounded", "avg_duration": text}
            });
            assert_eq!(
                schemas.validate(&workload, index).is_ok(),
                parsed.is_ok_and(|d| d != crate::value::Duration::Unbounded),
                "avg_duration {text:?}"
            );
        }
    }
}
