//! Hostile spec inputs, shared by the property test (`tests/hostile_specs.rs`, entropy from
//! a seeded xorshift) and the fuzz target `spec_mutated` (`fuzz/`, entropy from the
//! fuzzer's input): mutations of spec text and of parsed YAML, and the one property every
//! outcome must have.
//!
//! The property: the whole pipeline (`load::parse` -> `validate::check` -> `lower` ->
//! `emit_files`, in memory) ends either in generated files or in diagnostics that each say
//! where the problem is (a file, and a line or a spec path). A panic, a validated spec that
//! fails to emit, or a diagnostic without a location breaks it.

#![allow(dead_code)] // Each includer uses its own part.

use codegen::load::{self, SourceFile};
use codegen::{Diagnostics, lower, validate};
use serde_yaml::Value;
use serde_yaml::value::{Tag, TaggedValue};

/// A stream of random decisions.
pub trait Entropy {
    fn next_u32(&mut self) -> u32;

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.next_u32() as usize % n
        }
    }

    fn percent(&mut self, p: u32) -> bool {
        self.next_u32() % 100 < p
    }
}

/// Marsaglia's xorshift64: deterministic on every platform, no dependency.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
}

impl Entropy for XorShift {
    fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 32) as u32
    }
}

fn pick<'a, T, E: Entropy + ?Sized>(e: &mut E, items: &'a [T]) -> &'a T {
    &items[e.below(items.len())]
}

/// Every key the spec format knows, for renames and insertions.
pub const KEYS: &[&str] = &[
    "services",
    "operations",
    "models",
    "quirks",
    "title",
    "description",
    "default_host",
    "region_hosts",
    "inferred",
    "service",
    "doc",
    "method",
    "path",
    "summary",
    "parameters",
    "responses",
    "examples",
    "pagination",
    "style",
    "cursor",
    "size",
    "section",
    "updated_on",
    "name",
    "in",
    "type",
    "required",
    "default",
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "min_items",
    "max_items",
    "content_type",
    "idempotent",
    "deprecated",
    "authorization",
    "request_body",
    "may_be_empty",
    "min_length",
    "max_length",
    "length",
    "pattern",
    "enum",
    "type_name",
    "rust_name",
    "sensitive",
    "auth",
    "value",
    "fields",
    "model",
    "items",
    "nullable",
    "accept_integer",
    "format",
    "body",
    "envelope",
    "result",
    "error",
    "status_values",
    "request",
    "status",
    "applies_to",
    "observed",
    "decision",
    "auth_schemes",
    "kind",
    "header",
    "no_such_key",
    "Description",
    "",
];

/// Strings that have broken generators: keywords, names that collide after case
/// conversion, non-ASCII, text that means something to Markdown, Rust, YAML or minijinja.
pub const STRINGS: &[&str] = &[
    "",
    " ",
    "type",
    "match",
    "fn",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "_",
    "__",
    "Unknown",
    "Client",
    "Items",
    "String",
    "Option",
    "Some",
    "größe",
    "名前",
    "🦀",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "listItems",
    "list_items",
    "into_items",
    "send",
    "1st",
    "X-Auth-Token",
    "\u{202e}evil",
    "a\u{0}b",
    "a\r\nb",
    "lone\rcr",
    "text\n```rust\nfn main() { compile_error!(\"from a description\") }\n",
    "    indented like code",
    "*/ /* \"# #\"",
    "`",
    "<script>alert(1)</script>",
    "{{ header }}",
    "{% for x in y %}",
    "[link](crate::Nothing)",
    "https://example.com/x",
    "# Heading",
    "~~~",
    "\\",
    "|",
    "../../etc/passwd",
    "{region}",
    "{x}",
    "/v1/{",
    "}",
    "https://{region}.example.com",
    "^(a|b)$",
    "^((a+)+)+$",
    "(",
    "^.{1000000}$",
    "2026-02-30",
    "2026-02-29",
    "0000-00-00",
    "json",
    "json_array",
    "envelope",
    "model",
    "array",
    "map",
    "number",
    "int32",
    "GET",
    "query",
    "header",
    "path",
    "body",
    "none",
];

pub const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999999999999",
    "2147483648",
    "-2147483649",
    "65536",
    "600",
    "1e309",
    "0.5",
    "5e-324",
    "-0.0",
    "1.7976931348623157e308",
    ".nan",
    "-.inf",
    "0x10",
    "0o17",
    "+12",
    "1_000",
];

/// Values of other types, YAML features included, for a text-level value swap.
pub const YAML_VALUES: &[&str] = &[
    "[]",
    "{}",
    "null",
    "~",
    "true",
    "no",
    "42",
    "-7",
    "\"\"",
    "[a, b]",
    "{a: 1}",
    "!!binary aGVsbG8=",
    "!!str 12",
    "!!int x",
    "!custom value",
    "!<tag:yaml.org,2002:map> {}",
    "&anchor 5",
    "*undefined_alias",
    "|",
    ">-",
    "'unterminated",
    "\"unterminated",
    "[unclosed",
    "{unclosed: 1",
    "? complex\n: key",
    "<<: {a: 1}",
    "- item",
    "%YAML 1.2",
    "@reserved",
    "`reserved",
];

/// Names of the text mutations, in the order `mutate_text` numbers them.
pub const TEXT_MUTATIONS: &[&str] = &[
    "flip a bit",
    "insert a character",
    "delete a line",
    "duplicate a line",
    "swap two lines",
    "re-indent a line",
    "truncate",
    "replace a number",
    "rename a key",
    "swap a value for another type",
    "put a hostile string in a value",
    "anchor and alias",
    "tag a value",
    "nest flow sequences",
    "alias bomb",
    "add a document",
    "duplicate a key",
    "huge string",
    "control characters",
    "line endings",
    "tabs for indentation",
    "comment out",
];

/// Applies text mutation `kind` (an index into [`TEXT_MUTATIONS`]).
pub fn mutate_text<E: Entropy + ?Sized>(e: &mut E, kind: usize, text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = e.below(lines.len());
    let with_line = |new: &str| {
        let mut out: Vec<&str> = lines.clone();
        out[line] = new;
        out.join("\n")
    };
    match kind % TEXT_MUTATIONS.len() {
        0 => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = e.below(bytes.len());
                bytes[i] ^= 1 << e.below(8);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => {
            const CHARS: &[&str] = &[
                ":", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "#", "%", "@",
                "`", "\t", "\n", "\r", "\0", "\u{feff}", "ß", "名", "🦀", "\u{202e}", " ", ",",
                "?", "\\",
            ];
            let at = char_boundary(text, e.below(text.len() + 1));
            format!("{}{}{}", &text[..at], pick(e, CHARS), &text[at..])
        }
        2 => {
            let mut out = lines.clone();
            out.remove(line);
            out.join("\n")
        }
        3 => {
            let mut out = lines.clone();
            out.insert(line, lines[line]);
            out.join("\n")
        }
        4 => {
            let mut out = lines.clone();
            let other = e.below(lines.len());
            out.swap(line, other);
            out.join("\n")
        }
        5 => {
            let l = lines[line];
            let body = l.trim_start();
            let indent = l.len() - body.len();
            let new_indent = match e.below(4) {
                0 => indent.saturating_sub(1 + e.below(4)),
                1 => indent + 1 + e.below(4),
                2 => 0,
                _ => indent + 2,
            };
            with_line(&format!("{}{body}", " ".repeat(new_indent)))
        }
        6 => text[..char_boundary(text, e.below(text.len() + 1))].to_string(),
        7 => {
            let numbers: Vec<(usize, usize)> = number_spans(text);
            if numbers.is_empty() {
                return format!("{text}\n{}", pick(e, NUMBERS));
            }
            let (start, end) = *pick(e, &numbers);
            format!("{}{}{}", &text[..start], pick(e, NUMBERS), &text[end..])
        }
        8 => {
            let l = lines[line];
            match l.split_once(':') {
                Some((key, rest)) => {
                    let indent = &key[..key.len() - key.trim_start().len()];
                    let dash = if key.trim_start().starts_with("- ") {
                        "- "
                    } else {
                        ""
                    };
                    let new_key = if e.percent(30) {
                        pick(e, STRINGS).to_string()
                    } else {
                        pick(e, KEYS).to_string()
                    };
                    with_line(&format!("{indent}{dash}{new_key}:{rest}"))
                }
                None => text.to_string(),
            }
        }
        9 | 10 => {
            let l = lines[line];
            let Some((key, _)) = l.split_once(':') else {
                return text.to_string();
            };
            let value = if kind % TEXT_MUTATIONS.len() == 9 {
                pick(e, YAML_VALUES).to_string()
            } else {
                yaml_quoted(pick::<&str, E>(e, STRINGS))
            };
            with_line(&format!("{key}: {value}"))
        }
        11 => {
            let values: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    lines[i]
                        .split_once(": ")
                        .is_some_and(|(_, v)| !v.is_empty())
                })
                .collect();
            if values.len() < 2 {
                return text.to_string();
            }
            let (a, b) = (*pick(e, &values), *pick(e, &values));
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let (ka, va) = lines[a].split_once(": ").unwrap_or_default();
            out[a] = format!("{ka}: &shared {va}");
            let (kb, _) = lines[b].split_once(": ").unwrap_or_default();
            if a != b {
                out[b] = format!("{kb}: *shared");
            }
            out.join("\n")
        }
        12 => {
            const TAGS: &[&str] = &[
                "!!str",
                "!!int",
                "!!bool",
                "!!null",
                "!!float",
                "!!map",
                "!!seq",
                "!!binary",
                "!Local",
                "!<verbatim>",
                "!!set",
            ];
            let l = lines[line];
            match l.split_once(": ") {
                Some((k, v)) => with_line(&format!("{k}: {} {v}", pick(e, TAGS))),
                None => text.to_string(),
            }
        }
        13 => {
            const DEPTHS: &[usize] = &[2, 64, 127, 128, 129, 1000, 20_000];
            let depth = *pick(e, DEPTHS);
            let balanced = e.percent(80);
            let nested = format!(
                "{}x{}",
                "[".repeat(depth),
                "]".repeat(if balanced { depth } else { depth / 2 })
            );
            let l = lines[line];
            match l.split_once(':') {
                Some((k, _)) => with_line(&format!("{k}: {nested}")),
                None => format!("{text}\n{nested}"),
            }
        }
        14 => {
            // Nine levels of nine aliases: 9^9 strings if expanded. `default` and enum
            // `value` are untagged (buffered) literals, so serde visits the whole value.
            let mut bomb = String::from("[&l0 lol");
            for level in 1..10 {
                bomb.push_str(&format!(
                    ", &l{level} [{}]",
                    vec![format!("*l{}", level - 1); 9].join(", ")
                ));
            }
            bomb.push(']');
            let target = lines
                .iter()
                .position(|l| l.trim_start().starts_with("default:"))
                .or_else(|| {
                    lines
                        .iter()
                        .position(|l| l.trim_start().starts_with("- value:"))
                })
                .unwrap_or(line);
            let l = lines[target];
            let key = l.split_once(':').map_or(l, |(k, _)| k);
            let mut out = lines.clone();
            let new = format!("{key}: {bomb}");
            out[target] = &new;
            out.join("\n")
        }
        15 => {
            let mut out = lines.clone();
            let doc = *pick(e, &["---", "...", "--- !!map", "%YAML 1.1\n---"]);
            out.insert(line, doc);
            out.join("\n")
        }
        16 => {
            let mut out = lines.clone();
            // A key repeated at the same indentation: a duplicate mapping key, or a
            // duplicate list item when the line starts one.
            let block_end = (line + 1..lines.len())
                .find(|&i| indentation(lines[i]) <= indentation(lines[line]))
                .unwrap_or(lines.len());
            let block: Vec<&str> = lines[line..block_end].to_vec();
            for (k, l) in block.into_iter().enumerate() {
                out.insert(block_end + k, l);
            }
            out.join("\n")
        }
        17 => {
            let size = *pick(e, &[1_000usize, 10_000, 100_000]);
            let unit = *pick(
                e,
                &[
                    "*/ \"# #\" ` ``` <b> {{ x }} ",
                    "ünïcödé 名前 🦀 ",
                    "a",
                    "\\n\\t ",
                ],
            );
            let huge = unit.repeat(size / unit.len() + 1);
            match l_split(lines[line]) {
                Some(k) => with_line(&format!("{k}: {}", yaml_quoted(&huge))),
                None => format!("{text}\n# {huge}"),
            }
        }
        18 => {
            let controls = [
                "\0",
                "\u{7}",
                "\u{1b}[31m",
                "\u{feff}",
                "\u{85}",
                "\u{2028}",
            ];
            let c = *pick(e, &controls);
            let at = char_boundary(text, e.below(text.len() + 1));
            format!("{}{c}{}", &text[..at], &text[at..])
        }
        19 => match e.below(3) {
            0 => text.replace('\n', "\r\n"),
            1 => text.replace('\n', "\r"),
            _ => text.replace('\n', "\n\n"),
        },
        20 => text
            .split('\n')
            .map(|l| {
                let body = l.trim_start_matches(' ');
                format!("{}{body}", "\t".repeat((l.len() - body.len()) / 2))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => with_line(&format!("# {}", lines[line])),
    }
}

fn l_split(line: &str) -> Option<&str> {
    line.split_once(':').map(|(k, _)| k)
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// Byte spans of runs of ASCII digits.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// `s` as a double-quoted YAML scalar.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Names of the structure-aware mutations, in the order `mutate_value` numbers them.
pub const VALUE_MUTATIONS: &[&str] = &[
    "delete a node",
    "duplicate a list item",
    "replace a node with another type",
    "rename a key",
    "swap two nodes",
    "hostile string",
    "insert an unknown key",
    "wrap a node",
    "deep nesting",
    "copy a definition under a colliding name",
    "extreme number",
    "tag a node",
];

#[derive(Clone, Debug)]
enum Step {
    Key(Value),
    Index(usize),
}

fn collect_paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                out.push(here.clone());
                collect_paths(child, here, out);
                here.pop();
            }
        }
        Value::Sequence(s) => {
            for (i, child) in s.iter().enumerate() {
                here.push(Step::Index(i));
                out.push(here.clone());
                collect_paths(child, here, out);
                here.pop();
            }
        }
        Value::Tagged(t) => collect_paths(&t.value, here, out),
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v);
    };
    let v = match v {
        Value::Tagged(t) => &mut t.value,
        v => v,
    };
    let child = match (first, v) {
        (Step::Key(k), Value::Mapping(m)) => m.get_mut(k)?,
        (Step::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
        _ => return None,
    };
    node_mut(child, rest)
}

fn node<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v);
    };
    let v = match v {
        Value::Tagged(t) => &t.value,
        v => v,
    };
    let child = match (first, v) {
        (Step::Key(k), Value::Mapping(m)) => m.get(k)?,
        (Step::Index(i), Value::Sequence(s)) => s.get(*i)?,
        _ => return None,
    };
    node(child, rest)
}

fn random_value<E: Entropy + ?Sized>(e: &mut E) -> Value {
    match e.below(9) {
        0 => Value::Null,
        1 => Value::Bool(e.percent(50)),
        2 => Value::Number((e.next_u32() as i64 - (1 << 31)).into()),
        3 => Value::Number(
            pick(e, &[i64::MAX, i64::MIN, 0, -1, 65_536, 2_147_483_648])
                .to_owned()
                .into(),
        ),
        4 => Value::Number(u64::MAX.into()),
        5 => Value::Number(
            pick(e, &[0.5f64, f64::NAN, f64::INFINITY, -1e300])
                .to_owned()
                .into(),
        ),
        6 => Value::Sequence(vec![Value::String(pick(e, STRINGS).to_string())]),
        7 => {
            let mut m = serde_yaml::Mapping::new();
            m.insert(
                Value::String(pick(e, KEYS).to_string()),
                Value::String(pick(e, STRINGS).to_string()),
            );
            Value::Mapping(m)
        }
        _ => Value::String(pick(e, STRINGS).to_string()),
    }
}

/// A colliding variant of a name: camelCase, doubled separators, another case.
fn colliding_name(name: &str, variant: usize) -> String {
    match variant % 5 {
        0 => {
            let mut out = String::new();
            let mut upper = false;
            for c in name.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        1 => name.replace('_', "-"),
        2 => name.replace('_', "__"),
        3 => name.to_uppercase(),
        _ => format!("{name}_"),
    }
}

/// Applies structure-aware mutation `kind` (an index into [`VALUE_MUTATIONS`]) to a
/// parsed spec file.
pub fn mutate_value<E: Entropy + ?Sized>(e: &mut E, kind: usize, root: &mut Value) {
    let mut paths = Vec::new();
    collect_paths(root, &mut Vec::new(), &mut paths);
    if paths.is_empty() {
        *root = random_value(e);
        return;
    }
    let path = pick(e, &paths).clone();
    let (parent_path, last) = path.split_at(path.len() - 1);
    match kind % VALUE_MUTATIONS.len() {
        0 => match (node_mut(root, parent_path), &last[0]) {
            (Some(Value::Mapping(m)), Step::Key(k)) => {
                m.remove(k);
            }
            (Some(Value::Sequence(s)), Step::Index(i)) => {
                s.remove(*i);
            }
            _ => {}
        },
        1 => {
            // The nearest list: duplicate one of its items (a name defined twice).
            let list_path: Vec<Step> = match last[0] {
                Step::Index(_) => parent_path.to_vec(),
                Step::Key(_) => path.clone(),
            };
            if let Some(Value::Sequence(s)) = node_mut(root, &list_path)
                && !s.is_empty()
            {
                let i = e.below(s.len());
                let copy = s[i].clone();
                s.insert(i, copy);
            }
        }
        2 => {
            let v = random_value(e);
            if let Some(n) = node_mut(root, &path) {
                *n = v;
            }
        }
        3 => {
            let new_key = if e.percent(50) {
                pick(e, KEYS).to_string()
            } else {
                pick(e, STRINGS).to_string()
            };
            if let (Some(Value::Mapping(m)), Step::Key(k)) = (node_mut(root, parent_path), &last[0])
                && let Some(v) = m.remove(k)
            {
                m.insert(Value::String(new_key), v);
            }
        }
        4 => {
            let other = pick(e, &paths).clone();
            let a = node(root, &path).cloned();
            let b = node(root, &other).cloned();
            if let (Some(a), Some(b)) = (a, b) {
                if let Some(n) = node_mut(root, &path) {
                    *n = b;
                }
                if let Some(n) = node_mut(root, &other) {
                    *n = a;
                }
            }
        }
        5 => {
            let s = pick(e, STRINGS).to_string();
            if let Some(n) = node_mut(root, &path) {
                *n = Value::String(s);
            }
        }
        6 => {
            let key = pick(e, KEYS).to_string();
            let v = random_value(e);
            if let Some(Value::Mapping(m)) = node_mut(root, &path) {
                m.insert(Value::String(key), v);
            } else if let Some(Value::Mapping(m)) = node_mut(root, parent_path) {
                m.insert(Value::String(key), v);
            }
        }
        7 => {
            let wrap_in_map = e.percent(50);
            let key = pick(e, KEYS).to_string();
            if let Some(n) = node_mut(root, &path) {
                let inner = std::mem::take(n);
                *n = if wrap_in_map {
                    let mut m = serde_yaml::Mapping::new();
                    m.insert(Value::String(key), inner);
                    Value::Mapping(m)
                } else {
                    Value::Sequence(vec![inner])
                };
            }
        }
        8 => {
            let depth = *pick(e, &[10usize, 100, 127, 129, 500]);
            if let Some(n) = node_mut(root, &path) {
                let mut v = std::mem::take(n);
                for _ in 0..depth {
                    v = Value::Sequence(vec![v]);
                }
                *n = v;
            }
        }
        9 => {
            // Copy a mapping entry (an operation, model, service, quirk) under a name that
            // collides with it after case conversion.
            let variant = e.below(5);
            if let (Some(Value::Mapping(m)), Step::Key(Value::String(k))) =
                (node_mut(root, parent_path), &last[0])
                && let Some(v) = m.get(Value::String(k.clone())).cloned()
            {
                m.insert(Value::String(colliding_name(k, variant)), v);
            } else if let Some(Value::Mapping(m)) = node_mut(root, &path)
                && let Some(Value::String(name)) = m.get("name").cloned()
            {
                // A list item with a `name`: rename it so that it collides with itself
                // in Rust (the copy keeps the original).
                m.insert(
                    Value::String("name".into()),
                    Value::String(colliding_name(&name, variant)),
                );
            }
        }
        10 => {
            let n: Value = match e.below(6) {
                0 => i64::MAX.into(),
                1 => i64::MIN.into(),
                2 => u64::MAX.into(),
                3 => (-1i64).into(),
                4 => 65_536i64.into(),
                _ => (1u64 << 31).into(),
            };
            if let Some(v) = node_mut(root, &path) {
                *v = n;
            }
        }
        _ => {
            let tag = pick(e, &["!!str", "!custom", "!!binary", "!Ok"]).to_string();
            if let Some(n) = node_mut(root, &path) {
                let inner = std::mem::take(n);
                *n = Value::Tagged(Box::new(TaggedValue {
                    tag: Tag::new(tag),
                    value: inner,
                }));
            }
        }
    }
}

/// How a case ended, when it ended well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The spec is valid; this many files were generated, in memory.
    Generated(usize),
    /// The spec is invalid; this many problems were reported, each with a location.
    Rejected(usize),
}

/// Runs the whole pipeline in memory. `Err` says how the property broke (a panic is left
/// to the caller to catch).
pub fn run_pipeline(sources: Vec<SourceFile>) -> Result<Outcome, String> {
    let spec = match load::parse(sources) {
        Ok(spec) => spec,
        Err(d) => return located(&d),
    };
    if let Err(d) = validate::check(&spec) {
        return located(&d);
    }
    let ir = lower::lower(&spec);
    match codegen::emit_files(&ir) {
        Ok(files) => Ok(Outcome::Generated(files.len())),
        Err(d) => Err(format!(
            "a spec that passed validation failed to emit:\n{d}"
        )),
    }
}

/// `Ok` when every diagnostic names a file and a line or a spec path, and says something.
pub fn located(d: &Diagnostics) -> Result<Outcome, String> {
    if d.is_empty() {
        return Err("an empty list of diagnostics".into());
    }
    for diagnostic in d.iter() {
        let l = &diagnostic.location;
        if l.file.is_none() || (l.line.is_none() && l.path.is_empty()) {
            return Err(format!("a diagnostic without a location: {diagnostic}"));
        }
        if diagnostic.message.trim().is_empty() {
            return Err(format!("a diagnostic without a message at {:?}", l));
        }
    }
    Ok(Outcome::Rejected(d.len()))
}
