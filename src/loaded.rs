//! A validated rule set with the file it came from. The loader in `input` makes it and the
//! reporters name it in their output; it lives apart from both so that rendering never
//! depends on reading.

use crate::rules::RuleSet;

/// A validated rule set and where it came from.
pub struct LoadedRuleSet {
    pub rules: RuleSet,
    /// `None` for the built-in rule set, else the path as given.
    pub path: Option<String>,
}
