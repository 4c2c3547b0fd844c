//! The front-matter splitter: the YAML it returns is always a prefix of the text (after a
//! byte-order mark), so line numbers in findings are line numbers of the real file.
#![no_main]

use advisor::check::source::{self, Form, Yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    for form in [Form::Markdown, Form::Yaml] {
        if let Yaml::Text(yaml) = source::yaml(text, form) {
            assert!(body.starts_with(yaml));
        }
    }
});
