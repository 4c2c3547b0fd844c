//! Helpers shared by integration tests that generate workloads.

/// Renders fields (dotted paths and YAML values, `None` for a field left out) as a workload
/// file named `generated`, grouped by section. Fields of one section must be adjacent.
pub fn workload_yaml<'a>(fields: impl IntoIterator<Item = (&'a str, Option<String>)>) -> String {
    let mut text = String::from("name: generated\n");
    let mut section = "";
    for (path, value) in fields {
        let Some(value) = value else { continue };
        match path.split_once('.') {
            Some((parent, key)) => {
                if parent != section {
                    text.push_str(&format!("{parent}:\n"));
                    section = parent;
                }
                text.push_str(&format!("  {key}: {value}\n"));
            }
            None => {
                section = "";
                text.push_str(&format!("{path}: {value}\n"));
            }
        }
    }
    text
}
