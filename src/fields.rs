//! The workload format's fields, declared once. The workload validator, the rule-set
//! validator (field paths, operators, enum members) and the open questions all read this
//! table, so a field added here is known everywhere.

use std::sync::LazyLock;

/// The members of an enumerated field, in their declared order.
#[derive(Debug, PartialEq)]
pub struct EnumSpec {
    pub members: &'static [&'static str],
    /// How each member is written in a sentence, in the order of `members`: reasons say
    /// "over HTTP" and "runs Kubernetes", where the workload writes `http` and `kubernetes`.
    pub prose: &'static [&'static str],
    /// Whether `gt`/`lt` make sense (`low < medium < high`).
    pub ordered: bool,
    /// Other names people write for a member (`amd64` for `x86_64`), never accepted but
    /// suggested: spelling similarity would suggest `arm64` for `amd64`.
    pub aliases: &'static [(&'static str, &'static str)],
}

impl EnumSpec {
    pub fn index_of(&self, member: &str) -> Option<usize> {
        self.members.iter().position(|m| *m == member)
    }

    /// The member `text` (in any case) is another name for.
    pub fn alias_of(&self, text: &str) -> Option<&'static str> {
        self.aliases
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(text))
            .map(|&(_, member)| member)
    }

    /// `member` as a sentence writes it.
    pub fn prose(&self, member: &'static str) -> &'static str {
        self.index_of(member).map_or(member, |i| self.prose[i])
    }

    pub fn listing(&self) -> String {
        self.members.join(", ")
    }
}

/// What values a field holds, which decides how it parses and which operators fit it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    Text,
    /// A duration; `unbounded` says whether the value `unbounded` is allowed.
    Duration {
        unbounded: bool,
    },
    Bool,
    /// A whole number of at least `min`.
    Integer {
        min: u64,
    },
    /// A finite number greater than zero.
    PositiveNumber,
    Enum(&'static EnumSpec),
    EnumList(&'static EnumSpec),
    /// The free-form `labels` map; each `labels.KEY` is a `Text` field.
    Labels,
}

impl FieldKind {
    /// What a valid value looks like, for "expected ..." messages.
    pub fn expectation(&self) -> String {
        match self {
            FieldKind::Text => "a string".into(),
            FieldKind::Duration { unbounded: true } => {
                "a duration like 500ms, 30s, 14m or 1h30m, a whole number of seconds, or unbounded"
                    .into()
            }
            FieldKind::Duration { unbounded: false } => {
                "a duration like 500ms, 30s, 14m or 1h30m, or a whole number of seconds".into()
            }
            FieldKind::Bool => "true or false".into(),
            FieldKind::Integer { min: 0 } => "a whole number, 0 or more".into(),
            FieldKind::Integer { min } => format!("a whole number, {min} or more"),
            FieldKind::PositiveNumber => "a number greater than 0".into(),
            FieldKind::Enum(spec) => format!("one of {}", spec.listing()),
            FieldKind::EnumList(spec) => format!("a list of any of {}", spec.listing()),
            FieldKind::Labels => "a mapping of string keys to string values".into(),
        }
    }

    /// The condition operators that make sense for this kind of field.
    pub fn operators(&self) -> &'static [&'static str] {
        const ORDERED: &[&str] = &[
            "eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists",
        ];
        const UNORDERED: &[&str] = &["eq", "ne", "in", "not_in", "exists"];
        match self {
            FieldKind::Duration { .. } | FieldKind::Integer { .. } | FieldKind::PositiveNumber => {
                ORDERED
            }
            FieldKind::Enum(spec) if spec.ordered => ORDERED,
            FieldKind::Enum(_) | FieldKind::Text => UNORDERED,
            FieldKind::Bool => &["eq", "ne", "exists"],
            FieldKind::EnumList(_) => &["contains", "exists"],
            FieldKind::Labels => &["exists"],
        }
    }
}

/// One field of the workload format.
#[derive(Debug)]
pub struct Field {
    /// Dotted path, as used in rule conditions and messages.
    pub path: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// The question to ask when this field is missing but a rule depends on it.
    pub question: &'static str,
}

pub static TRIGGER: EnumSpec = EnumSpec {
    members: &[
        "http",
        "websocket",
        "event",
        "queue",
        "stream",
        "schedule",
        "continuous",
    ],
    prose: &[
        "HTTP",
        "WebSocket",
        "event",
        "queue",
        "stream",
        "schedule",
        "continuous",
    ],
    ordered: false,
    aliases: &[],
};
pub static OS: EnumSpec = EnumSpec {
    members: &["linux", "windows"],
    prose: &["Linux", "Windows"],
    ordered: false,
    aliases: &[],
};
pub static ARCHITECTURE: EnumSpec = EnumSpec {
    members: &["x86_64", "arm64", "any"],
    prose: &["x86_64", "Arm64", "any architecture"],
    ordered: false,
    aliases: &[
        ("amd64", "x86_64"),
        ("x64", "x86_64"),
        ("x86-64", "x86_64"),
        ("aarch64", "arm64"),
        ("arm", "arm64"),
        ("graviton", "arm64"),
    ],
};
pub static LEVEL: EnumSpec = EnumSpec {
    members: &["low", "medium", "high"],
    prose: &["low", "medium", "high"],
    ordered: true,
    aliases: &[],
};
pub static PORTABILITY: EnumSpec = EnumSpec {
    members: &["none", "hybrid", "multi-cloud"],
    prose: &["none", "hybrid", "multi-cloud"],
    ordered: false,
    aliases: &[],
};
pub static CONTAINER_PREFERENCE: EnumSpec = EnumSpec {
    members: &["avoid", "neutral", "prefer", "require"],
    prose: &["avoid", "neutral", "prefer", "require"],
    ordered: false,
    aliases: &[],
};
pub static ORCHESTRATOR: EnumSpec = EnumSpec {
    members: &["none", "ecs", "kubernetes"],
    prose: &["none", "ECS", "Kubernetes"],
    ordered: false,
    aliases: &[],
};
pub static PRIORITY: EnumSpec = EnumSpec {
    members: &[
        "cost",
        "operational-efficiency",
        "performance",
        "control",
        "portability",
    ],
    prose: &[
        "cost",
        "operational efficiency",
        "performance",
        "control",
        "portability",
    ],
    ordered: false,
    aliases: &[],
};

/// Every field of workload format version 1, in the order the format documents them.
pub static FIELDS: &[Field] = &[
    Field {
        path: "name",
        kind: FieldKind::Text,
        required: true,
        question: "What is the workload called?",
    },
    Field {
        path: "description",
        kind: FieldKind::Text,
        required: false,
        question: "What does the workload do?",
    },
    Field {
        path: "runtime.max_duration",
        kind: FieldKind::Duration { unbounded: true },
        required: true,
        question: "How long does the longest single unit of work run?",
    },
    Field {
        path: "runtime.avg_duration",
        kind: FieldKind::Duration { unbounded: false },
        required: false,
        question: "How long does a typical unit of work run?",
    },
    Field {
        path: "runtime.trigger",
        kind: FieldKind::Enum(&TRIGGER),
        required: false,
        question: "What starts a unit of work (http, websocket, event, queue, stream, schedule, continuous)?",
    },
    Field {
        path: "runtime.interruptible",
        kind: FieldKind::Bool,
        required: false,
        question: "Does the work survive being stopped with a 2-minute notice and retried?",
    },
    Field {
        path: "runtime.os",
        kind: FieldKind::Enum(&OS),
        required: false,
        question: "Which operating system does the work run on (linux, windows)?",
    },
    Field {
        path: "runtime.architecture",
        kind: FieldKind::Enum(&ARCHITECTURE),
        required: false,
        question: "Which CPU architecture is the code built for (x86_64, arm64, any)?",
    },
    Field {
        path: "demand.spikiness",
        kind: FieldKind::Enum(&LEVEL),
        required: false,
        question: "How spiky is demand (low, medium, high)?",
    },
    Field {
        path: "demand.requests_per_month",
        kind: FieldKind::Integer { min: 0 },
        required: false,
        question: "How many requests or events arrive in a month?",
    },
    Field {
        path: "resources.memory_mb",
        kind: FieldKind::Integer { min: 1 },
        required: false,
        question: "How much memory (MB) does one unit of work need at its peak?",
    },
    Field {
        path: "resources.vcpus",
        kind: FieldKind::PositiveNumber,
        required: false,
        question: "How many vCPUs does one unit of work need?",
    },
    Field {
        path: "resources.gpu",
        kind: FieldKind::Bool,
        required: false,
        question: "Does the work need a GPU?",
    },
    Field {
        path: "resources.ephemeral_storage_gb",
        kind: FieldKind::PositiveNumber,
        required: false,
        question: "How much local scratch disk (GB) does one unit of work need?",
    },
    Field {
        path: "control.os_access",
        kind: FieldKind::Bool,
        required: false,
        question: "Must the team log in to hosts or customise the OS, kernel, drivers or agents?",
    },
    Field {
        path: "control.portability",
        kind: FieldKind::Enum(&PORTABILITY),
        required: false,
        question: "Must the workload also run on premises (hybrid) or on other clouds (multi-cloud)?",
    },
    Field {
        path: "containers.preference",
        kind: FieldKind::Enum(&CONTAINER_PREFERENCE),
        required: false,
        question: "How does the team feel about containers (avoid, neutral, prefer, require)?",
    },
    Field {
        path: "containers.orchestrator",
        kind: FieldKind::Enum(&ORCHESTRATOR),
        required: false,
        question: "Which orchestrator does the team already run or have to use (none, ecs, kubernetes)?",
    },
    Field {
        path: "containers.privileged",
        kind: FieldKind::Bool,
        required: false,
        question: "Do the containers need privileged mode, Docker-in-Docker or host devices?",
    },
    Field {
        path: "team.ops_capacity",
        kind: FieldKind::Enum(&LEVEL),
        required: false,
        question: "How much server management can the team take on (low, medium, high)?",
    },
    Field {
        path: "team.willing_to_rewrite",
        kind: FieldKind::Bool,
        required: false,
        question: "May the code be restructured into event-driven functions?",
    },
    Field {
        path: "priorities",
        kind: FieldKind::EnumList(&PRIORITY),
        required: false,
        question: "What matters most (cost, operational-efficiency, performance, control, portability)?",
    },
    Field {
        path: "labels",
        kind: FieldKind::Labels,
        required: false,
        question: "Which labels apply to the workload?",
    },
];

/// A field path that rules and templates may name: a declared field or `labels.KEY`.
#[derive(Debug, Clone, Copy)]
pub struct FieldRef {
    pub kind: FieldKind,
    pub field: &'static Field,
}

/// Resolves a dotted path (`demand.spikiness`, `labels.team`) to its field.
pub fn lookup(path: &str) -> Option<FieldRef> {
    if let Some(field) = FIELDS.iter().find(|f| f.path == path) {
        return Some(FieldRef {
            kind: field.kind,
            field,
        });
    }
    let label = path.strip_prefix("labels.")?;
    if label.is_empty() {
        return None;
    }
    let field = FIELDS.iter().find(|f| f.path == "labels")?;
    Some(FieldRef {
        kind: FieldKind::Text,
        field,
    })
}

/// [`keys_under`], worked out once for every mapping of the format: validation asks for the
/// keys of each mapping of every workload.
pub fn section_keys(prefix: &str) -> &'static [&'static str] {
    static SECTIONS: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
        let mut prefixes = vec![""];
        for field in FIELDS {
            let mut path = field.path;
            while let Some((parent, _)) = path.rsplit_once('.') {
                if !prefixes.contains(&parent) {
                    prefixes.push(parent);
                }
                path = parent;
            }
        }
        prefixes.into_iter().map(|p| (p, keys_under(p))).collect()
    });
    SECTIONS
        .iter()
        .find(|(section, _)| *section == prefix)
        .map_or(&[], |(_, keys)| keys)
}

/// The dotted path of `key` inside the mapping at `prefix` ("" for the top level), when the
/// format allows it there: the field's or section's own path, so a workload's fields are
/// found without building their paths.
pub fn child_path(prefix: &str, key: &str) -> Option<&'static str> {
    let len = if prefix.is_empty() {
        key.len()
    } else {
        prefix.len() + 1 + key.len()
    };
    FIELDS.iter().find_map(|field| {
        let path = field.path.get(..len)?;
        let whole = field.path.len() == len || field.path.as_bytes()[len] == b'.';
        let rest = if prefix.is_empty() {
            path
        } else {
            path.strip_prefix(prefix)?.strip_prefix('.')?
        };
        // A dotted key is not a key of the mapping, even where it spells a field's path.
        (whole && rest == key && !key.as_bytes().contains(&b'.')).then_some(path)
    })
}

/// The keys allowed inside the mapping at `prefix` ("" for the top level).
pub fn keys_under(prefix: &str) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for field in FIELDS {
        let rest = if prefix.is_empty() {
            Some(field.path)
        } else {
            field
                .path
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('.'))
        };
        if let Some(rest) = rest {
            let key = rest.split('.').next().unwrap_or(rest);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// All paths a rule may test, for "did you mean" on a misspelt path.
pub fn all_paths() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.path)
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo; of
/// equally close ones the first (`runtime.duration` is `max_duration` before `avg_duration`).
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .min_by(|a, b| b.0.total_cmp(&a.0))
        .map(|(_, c)| c)
}

/// "; did you mean `x`?" or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key has a path exactly where the format allows it, and that path is the one
    /// joining the section and the key would give.
    #[test]
    fn a_key_has_its_path_exactly_where_the_format_allows_it() {
        let mut sections = vec![""];
        for field in FIELDS {
            let mut path = field.path;
            while let Some((parent, _)) = path.rsplit_once('.') {
                sections.push(parent);
                path = parent;
            }
        }
        let mut keys: Vec<&str> = FIELDS.iter().flat_map(|f| f.path.split('.')).collect();
        keys.extend([
            "",
            ".",
            "runtime.max_duration",
            "max",
            "duration",
            "runtimes",
        ]);
        for prefix in sections {
            let allowed = section_keys(prefix);
            for key in &keys {
                let joined = if prefix.is_empty() {
                    key.to_string()
                } else {
                    format!("{prefix}.{key}")
                };
                let expected = allowed.contains(key).then_some(joined.as_str());
                assert_eq!(child_path(prefix, key), expected, "{prefix} / {key}");
            }
        }
    }

    /// A prose form spells its member, perhaps followed by words that make it read as a
    /// noun (`any` → "any architecture"), so the two lists cannot drift out of step.
    #[test]
    fn every_enum_member_has_its_prose_form() {
        for field in FIELDS {
            if let FieldKind::Enum(spec) | FieldKind::EnumList(spec) = field.kind {
                assert_eq!(spec.prose.len(), spec.members.len(), "{}", field.path);
                for (member, prose) in spec.members.iter().zip(spec.prose) {
                    let spelled = prose.replace(' ', "-").to_ascii_lowercase();
                    assert!(
                        spelled == *member || spelled.starts_with(&format!("{member}-")),
                        "{member}: {prose}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_alias_names_a_member_and_is_not_one() {
        for field in FIELDS {
            if let FieldKind::Enum(spec) | FieldKind::EnumList(spec) = field.kind {
                for (alias, member) in spec.aliases {
                    assert!(spec.index_of(member).is_some(), "{alias}: {member}");
                    assert!(spec.index_of(alias).is_none(), "{alias}");
                }
            }
        }
    }

    #[test]
    fn keys_under_lists_sections_and_leaves() {
        assert_eq!(
            keys_under("runtime"),
            [
                "max_duration",
                "avg_duration",
                "trigger",
                "interruptible",
                "os",
                "architecture"
            ]
        );
        assert!(keys_under("").contains(&"containers"));
    }

    #[test]
    fn lookup_resolves_labels_to_text() {
        assert_eq!(lookup("labels.team").unwrap().kind, FieldKind::Text);
        assert!(lookup("labels.").is_none());
        assert!(lookup("runtime.max_durations").is_none());
    }

    #[test]
    fn suggest_finds_close_typos_only() {
        assert_eq!(
            suggest("max_durration", keys_under("runtime")),
            Some("max_duration")
        );
        assert_eq!(suggest("zzz", keys_under("runtime")), None);
        assert_eq!(
            suggest("runtime.duration", all_paths()),
            Some("runtime.max_duration")
        );
    }
}
