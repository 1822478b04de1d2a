//! Finds the line of a spec path in a block-style YAML file.
//!
//! serde_yaml gives positions for syntax errors only; semantic errors found later are
//! reported against a spec path. This maps such a path back to a line by following
//! keys through indentation, which is exact for the block style the spec is written in.
//! A segment after `parameters` or `fields` names a list item (`- name: <segment>`), and
//! a segment after `examples.responses` names an example (`- status: <segment>`), one after
//! `authorization` a row of the authorization table (`- action: <segment>`). A list
//! may be indented under its key or not (`fields:` and `- name: a` at one indentation, as
//! serde_yaml and many editors write it).

/// The 1-based line of the deepest segment of `path` found in `source`.
pub fn line_of(source: &str, path: &[String]) -> Option<usize> {
    line_of_nth(source, path, 0)
}

/// Like [`line_of`], but the last segment matches its `nth` occurrence (0-based), so a
/// name defined twice in one list can be reported at the copy.
pub fn line_of_nth(source: &str, path: &[String], nth: usize) -> Option<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let mut start = 0;
    let mut end = lines.len();
    let mut parent: Option<Parent> = None;
    let mut found = None;
    for (i, segment) in path.iter().enumerate() {
        let item_key = match (
            i.checked_sub(2).map(|j| path[j].as_str()),
            i.checked_sub(1).map(|j| path[j].as_str()),
        ) {
            (_, Some("parameters" | "fields")) => Some("name"),
            (_, Some("authorization")) => Some("action"),
            (Some("examples"), Some("responses")) => Some("status"),
            _ => None,
        };
        let skip = if i + 1 == path.len() { nth } else { 0 };
        let Some((idx, indent)) = find(&lines[start..end], segment, item_key, parent, skip) else {
            break;
        };
        let idx = start + idx;
        found = Some(idx + 1);
        let key = Parent {
            indent,
            is_key: !is_item(lines[idx]),
        };
        // The block of this key runs until the next line indented no deeper than the key,
        // except the items of a list that is not indented under it.
        let block_end = lines[idx + 1..end]
            .iter()
            .position(|l| is_content(l) && !key.holds(l))
            .map_or(end, |p| idx + 1 + p);
        start = idx;
        end = block_end;
        parent = Some(key);
    }
    found
}

/// The line a search descends from.
#[derive(Clone, Copy)]
struct Parent {
    indent: usize,
    /// A `key:` line, not a `- ` list item: its list's items may share its indentation.
    is_key: bool,
}

impl Parent {
    /// Whether `line` (a content line) belongs to this parent's block.
    fn holds(self, line: &str) -> bool {
        let indent = indentation(line);
        indent > self.indent || (self.is_key && indent == self.indent && is_item(line))
    }
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t == "-" || t.starts_with("- ")
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Finds, deeper than the parent, the `skip`-th line that is `segment:` (a key) or, when
/// `item_key` is given, `- <item_key>: segment` (a list item).
fn find(
    lines: &[&str],
    segment: &str,
    item_key: Option<&str>,
    parent: Option<Parent>,
    skip: usize,
) -> Option<(usize, usize)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| is_content(line) && parent.is_none_or(|p| p.holds(line)))
        .filter(|(_, line)| {
            let trimmed = line.trim_start();
            let item = trimmed.strip_prefix("- ");
            let body = item.unwrap_or(trimmed).trim_start();
            let (key, value) = body.split_once(':').unwrap_or((body, ""));
            let (key, value) = (unquote(key.trim()), unquote(uncomment(value.trim())));
            match item_key {
                Some(wanted) => item.is_some() && key == wanted && value == segment,
                None => key == segment,
            }
        })
        .nth(skip)
        .map(|(i, line)| (i, indentation(line)))
}

/// A plain scalar without the comment that may follow it (`limit # the page size`); a
/// quoted one as it is, since `#` may be part of it.
fn uncomment(value: &str) -> &str {
    if value.starts_with(['"', '\'']) {
        return value;
    }
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None if value.starts_with('#') => "",
        None => value,
    }
}

fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    const YAML: &str = "\
operations:
  a:
    parameters:
      - name: limit
        minimum: 1
      - name: X-Auth-Token
        minimum: 2
    responses:
      200:
        body: json
  b:
    parameters:
      - name: limit
        minimum: 3
";

    #[test]
    fn follows_keys_and_list_items() {
        assert_eq!(
            line_of(
                YAML,
                &path(&["operations", "a", "parameters", "X-Auth-Token", "minimum"])
            ),
            Some(7)
        );
        assert_eq!(
            line_of(
                YAML,
                &path(&["operations", "b", "parameters", "limit", "minimum"])
            ),
            Some(14)
        );
        assert_eq!(
            line_of(
                YAML,
                &path(&["operations", "a", "responses", "200", "body"])
            ),
            Some(10)
        );
    }

    #[test]
    fn an_item_named_before_a_comment_is_found_by_its_name() {
        let yaml =
            "fields:\n  - name: ratio # a share\n    minimum: 0\n  - name: \"a #b\"\n    x: 1\n";
        assert_eq!(
            line_of(yaml, &path(&["fields", "ratio", "minimum"])),
            Some(3)
        );
        assert_eq!(line_of(yaml, &path(&["fields", "a #b", "x"])), Some(5));
    }

    #[test]
    fn finds_the_nth_occurrence_of_the_last_segment() {
        let yaml = "fields:\n  - name: a\n  - name: b\n  - name: a\n";
        assert_eq!(line_of_nth(yaml, &path(&["fields", "a"]), 0), Some(2));
        assert_eq!(line_of_nth(yaml, &path(&["fields", "a"]), 1), Some(4));
    }

    #[test]
    fn a_list_item_named_like_a_key_is_found_by_its_name() {
        let yaml = "fields:\n  - name: id\n    minimum: 1\n  - name: name\n    minimum: 3\n";
        assert_eq!(
            line_of(yaml, &path(&["fields", "name", "minimum"])),
            Some(5)
        );
    }

    #[test]
    fn finds_items_of_a_list_not_indented_under_its_key() {
        let yaml = "models:\n  Item:\n    fields:\n    - name: id\n      minimum: 1\n    - name: kind\n      enum:\n      - value: a\n      minimum: 2\n    description: x\n";
        assert_eq!(
            line_of(
                yaml,
                &path(&["models", "Item", "fields", "kind", "minimum"])
            ),
            Some(9)
        );
        assert_eq!(
            line_of(yaml, &path(&["models", "Item", "fields", "id", "minimum"])),
            Some(5)
        );
        assert_eq!(
            line_of(yaml, &path(&["models", "Item", "description"])),
            Some(10)
        );
    }

    #[test]
    fn stops_at_the_deepest_segment_found() {
        assert_eq!(
            line_of(
                YAML,
                &path(&["operations", "a", "parameters", "limit", "maximum"])
            ),
            Some(4)
        );
        assert_eq!(line_of(YAML, &path(&["nothing"])), None);
    }
}
