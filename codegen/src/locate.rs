//! Finds the line of a spec path in a block-style YAML file.
//!
//! serde_yaml gives positions for syntax errors only; semantic errors found later are
//! reported against a spec path. This maps such a path back to a line by following
//! keys through indentation, which is exact for the block style the spec is written in.
//! A segment that names a list item matches `- name: <segment>` (or `- status: <segment>`).

/// The 1-based line of the deepest segment of `path` found in `source`.
pub fn line_of(source: &str, path: &[String]) -> Option<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let mut start = 0;
    let mut end = lines.len();
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for segment in path {
        let Some((idx, indent)) = find_key(&lines[start..end], segment, parent_indent) else {
            break;
        };
        let idx = start + idx;
        found = Some(idx + 1);
        // The block of this key runs until the next line indented no deeper than the key.
        let block_end = lines[idx + 1..end]
            .iter()
            .position(|l| is_content(l) && indentation(l) <= indent)
            .map_or(end, |p| idx + 1 + p);
        start = idx;
        end = block_end;
        parent_indent = Some(indent);
    }
    found
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Finds `segment:` (a key) or `- name: segment` (a list item) deeper than the parent.
fn find_key(lines: &[&str], segment: &str, parent_indent: Option<usize>) -> Option<(usize, usize)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        if !is_content(line) {
            return None;
        }
        let indent = indentation(line);
        if parent_indent.is_some_and(|p| indent <= p) {
            return None;
        }
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        let (key, value) = body.split_once(':').unwrap_or((body, ""));
        let key = unquote(key.trim());
        let value = unquote(value.trim());
        let item_key = body.len() != line.trim_start().len() && matches!(key, "name" | "status");
        (key == segment || (item_key && value == segment)).then_some((i, indent))
    })
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
