//! Wording shared by the stages and the reporters, so a finding message and a summary line
//! say numbers the same way.

use std::fmt;

/// `1 error`, `2 errors`: a number with its noun in the right form.
pub fn count<N: fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// `a`, `a and b`, `a, b and c`: items as a sentence lists them.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
