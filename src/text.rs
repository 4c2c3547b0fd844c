//! Wording shared by the stages and the reporters, so a finding message and a summary line
//! say numbers the same way.

use std::fmt;

/// `1 error`, `2 errors`: a number with its noun in the right form.
pub fn count<N: fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// `a`, `a and b`, `a, b and c`: items joined as a sentence would list them.
pub fn and_list(items: impl IntoIterator<Item = String>) -> String {
    sentence_list(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(items: impl IntoIterator<Item = String>) -> String {
    sentence_list(items, "or")
}

fn sentence_list(items: impl IntoIterator<Item = String>, conjunction: &str) -> String {
    let mut items: Vec<String> = items.into_iter().collect();
    match items.pop() {
        None => String::new(),
        Some(last) if items.is_empty() => last,
        Some(last) => format!("{} {conjunction} {last}", items.join(", ")),
    }
}
