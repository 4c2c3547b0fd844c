//! Wording shared by the stages and the reporters, so a finding message and a summary line
//! say numbers the same way.

use std::fmt;

/// `1 error`, `2 errors`: a number with its noun in the right form.
pub fn count<N: fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// A decimal with its whole part grouped in thousands: `25,913,085.9375`, `-1,000`.
pub fn thousands(number: impl fmt::Display) -> String {
    let text = number.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = unsigned
        .split_once('.')
        .map_or((unsigned, ""), |(w, f)| (w, f));
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3);
    grouped.push_str(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if !fraction.is_empty() {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
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

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_the_whole_part_only() {
        assert_eq!(super::thousands("1234567.8912"), "1,234,567.8912");
        assert_eq!(super::thousands(-1000), "-1,000");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands("0.000001"), "0.000001");
    }
}
