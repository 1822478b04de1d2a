//! What one table cell of a page says: a row's type (`Array of X objects`) and the facts
//! of its description cell (definition, range, length, values, default), in the labelled
//! form the site writes them in either rendering.

use std::sync::LazyLock;

use regex::Regex;

use super::{Line, Rendering, Unplaced};
use crate::spec::Number;

/// The type column of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageType {
    String,
    /// `Integer` (the site's 32-bit integer).
    Integer,
    /// `Long` (64-bit).
    Long,
    Boolean,
    /// `Double`, `Float` or `Number`.
    Number,
    /// `X object`, or a bare `Object` (named `Object`).
    Object(String),
    /// `Array of strings`, `Array of X objects`.
    Array(Box<PageType>),
    /// `Map<String,V>`.
    Map(Box<PageType>),
    /// `File`, a multipart part.
    File,
}

impl PageType {
    /// Reads a type cell; `None` when the text is no type the site writes.
    pub fn parse(text: &str) -> Option<PageType> {
        let text = text.trim();
        if let Some(scalar) = scalar(text) {
            return Some(scalar);
        }
        if let Some(rest) = text.strip_prefix("Array of ") {
            let rest = rest.trim();
            let item = match rest {
                "strings" => PageType::String,
                "integers" => PageType::Integer,
                "longs" => PageType::Long,
                "booleans" => PageType::Boolean,
                "numbers" | "doubles" | "floats" => PageType::Number,
                "objects" => PageType::Object("Object".into()),
                _ => PageType::Object(object_name(rest.strip_suffix(" objects")?)?),
            };
            return Some(PageType::Array(Box::new(item)));
        }
        if let Some(inner) = text
            .strip_prefix("Map<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            let (key, value) = inner.split_once(',')?;
            scalar(key.trim()).filter(|k| *k == PageType::String)?;
            let value = value.trim();
            let value = scalar(value).or_else(|| object_name(value).map(PageType::Object))?;
            return Some(PageType::Map(Box::new(value)));
        }
        let name = text.strip_suffix(" object")?;
        object_name(name).map(PageType::Object)
    }

    /// How the type reads in a report: the page's own words.
    pub fn describe(&self) -> String {
        match self {
            PageType::String => "String".into(),
            PageType::Integer => "Integer".into(),
            PageType::Long => "Long".into(),
            PageType::Boolean => "Boolean".into(),
            PageType::Number => "Number".into(),
            PageType::File => "File".into(),
            PageType::Object(name) if name == "Object" => "Object".into(),
            PageType::Object(name) => format!("{name} object"),
            PageType::Array(item) => match &**item {
                PageType::Object(name) => format!("Array of {name} objects"),
                scalar => format!("Array of {}s", scalar.describe().to_lowercase()),
            },
            PageType::Map(value) => match &**value {
                PageType::Object(name) => format!("Map<String,{name}>"),
                scalar => format!("Map<String,{}>", scalar.describe()),
            },
        }
    }

    /// The model an object, or an array or map of objects, names.
    pub fn object(&self) -> Option<&str> {
        match self {
            PageType::Object(name) => Some(name),
            PageType::Array(item) | PageType::Map(item) => item.object(),
            _ => None,
        }
    }
}

fn scalar(text: &str) -> Option<PageType> {
    Some(match text {
        "String" | "string" => PageType::String,
        "Integer" | "integer" | "Int" | "int" => PageType::Integer,
        "Long" | "long" => PageType::Long,
        "Boolean" | "boolean" => PageType::Boolean,
        "Double" | "Float" | "Number" | "BigDecimal" | "double" | "number" => PageType::Number,
        "Object" | "object" => PageType::Object("Object".into()),
        "File" | "file" => PageType::File,
        _ => return None,
    })
}

/// A model name as the site prints it: one word of letters, digits and underscores.
fn object_name(text: &str) -> Option<String> {
    let ok = !text.is_empty()
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text.chars().all(|c| c.is_alphanumeric() || c == '_');
    ok.then(|| text.to_string())
}

/// A numeric range, each end inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds {
    pub min: Option<Number>,
    pub max: Option<Number>,
}

/// A length in characters, each end inclusive (`min == max` for an exact length).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// One documented value of an enumerated parameter or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageValue {
    pub value: String,
    pub description: Option<String>,
}

/// What a description cell states, each part with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The definition's text, lines joined by spaces.
    pub definition: String,
    pub bounds: Option<(usize, Bounds)>,
    pub length: Option<(usize, Length)>,
    /// The listed values (bullets under the range or "Enumeration values", or an
    /// "Enumerated values." sentence), in page order, each once.
    pub values: Vec<(usize, PageValue)>,
    pub default: Option<(usize, String)>,
    /// A rule on the characters of a value stated in words ("digits and lowercase
    /// letters"), which a spec encodes as a pattern.
    pub rule: Option<(usize, String)>,
    /// The cell marks the item deprecated.
    pub deprecated: Option<usize>,
}

/// The labels a description cell divides into, longest first so that `Value range` is
/// not read as `Range`.
const LABELS: &[(&str, Label)] = &[
    ("Enumeration values", Label::Values),
    ("Enumeration Values", Label::Values),
    ("Default value", Label::Default),
    ("Default Value", Label::Default),
    ("Value range", Label::Range),
    ("Value Range", Label::Range),
    ("Definition", Label::Definition),
    ("Explanation", Label::Definition),
    ("Details", Label::Definition),
    ("Constraints", Label::Constraints),
    ("Range", Label::Range),
    // The Chinese edition's labels.
    ("参数解释", Label::Definition),
    ("约束限制", Label::Constraints),
    ("取值范围", Label::Range),
    ("默认取值", Label::Default),
    ("缺省值", Label::Default),
    ("枚举值", Label::Values),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Definition,
    Constraints,
    Range,
    Default,
    Values,
}

/// A labelled part's text, split at bullets.
struct Part {
    label: Label,
    pieces: Vec<Line>,
}

/// Reads a description cell (one line per paragraph, or one line holding everything in the
/// `|` rendering). What it cannot classify goes to `unplaced`.
/// A bare number under the range is a length for a string (`ty`) and a value otherwise.
pub fn facts(
    cell: &[Line],
    rendering: Rendering,
    ty: Option<&PageType>,
    unplaced: &mut Vec<Unplaced>,
) -> Facts {
    let mut facts = Facts::default();
    let mut definition = Vec::new();
    for part in parts(cell, rendering) {
        match part.label {
            Label::Definition => {
                for piece in &part.pieces {
                    definition.push(piece.text.clone());
                    enumerated_sentence(piece, &mut facts);
                    if mentions_deprecation(&piece.text) {
                        facts.deprecated = Some(piece.no);
                    }
                }
            }
            Label::Constraints => {
                for piece in &part.pieces {
                    // A constraint may state a bound in words ("a positive integer").
                    if let Some(bounds) = prose_bounds(&piece.text) {
                        merge_bounds(&mut facts, piece.no, bounds);
                    }
                }
            }
            Label::Range => range_part(&part.pieces, ty, &mut facts, unplaced),
            Label::Default => {
                if let Some(piece) = part.pieces.first() {
                    let value = piece.text.trim().trim_end_matches(['.', '。']).trim();
                    if !is_none(value) {
                        facts.default = Some((piece.no, value.to_string()));
                    }
                }
            }
            Label::Values => {
                for piece in &part.pieces {
                    if let Some(value) = bullet(&piece.text) {
                        push_value(&mut facts, piece.no, value);
                    } else if !is_none(&piece.text) {
                        unplaced.push(Unplaced::new(
                            piece,
                            "an enumeration value that is no bullet",
                        ));
                    }
                }
            }
        }
    }
    facts.definition = definition.join(" ");
    facts
}

/// Splits a cell at its labels; text before the first label is the definition.
fn parts(cell: &[Line], rendering: Rendering) -> Vec<Part> {
    let mut parts = vec![Part {
        label: Label::Definition,
        pieces: Vec::new(),
    }];
    for line in cell {
        let mut rest = line.text.as_str();
        loop {
            match next_label(rest, rendering) {
                Some((at, label, after)) => {
                    push_pieces(parts.last_mut().expect("one part"), line.no, &rest[..at]);
                    parts.push(Part {
                        label,
                        pieces: Vec::new(),
                    });
                    rest = &rest[after..];
                }
                None => {
                    push_pieces(parts.last_mut().expect("one part"), line.no, rest);
                    break;
                }
            }
        }
    }
    parts
}

/// The first label in `text`: where it starts, which, and where its text begins. One line
/// per paragraph puts a label alone on its line, or before a colon; a row on one line
/// runs the parts together, so there a label also follows a full stop or a space and
/// precedes a space.
fn next_label(text: &str, rendering: Rendering) -> Option<(usize, Label, usize)> {
    let mut best: Option<(usize, Label, usize)> = None;
    for (word, label) in LABELS {
        let mut from = 0;
        while let Some(found) = text[from..].find(word) {
            let at = from + found;
            from = at + word.len();
            let tail = &text[at + word.len()..];
            let trimmed = tail.trim_start();
            let colon = trimmed.starts_with(':') || trimmed.starts_with('：');
            // A Chinese label is followed by its colon or stands alone.
            let found = match rendering {
                Rendering::Lines => at == 0 && (trimmed.is_empty() || colon),
                Rendering::Rows => {
                    let starts = at == 0 || text[..at].ends_with([' ', '。']);
                    let ends = tail.is_empty() || colon || tail.starts_with(' ');
                    // Inside a sentence, only `Label:` or a label after a full stop
                    // counts, so that prose mentioning a "Range" is left alone.
                    let placed = at == 0 || colon || text[..at].trim_end().ends_with(['.', '。']);
                    starts && ends && placed
                }
            };
            if found && best.is_none_or(|(b, ..)| at < b) {
                let mut after = at + word.len();
                let skipped = tail.len() - trimmed.len();
                after += skipped;
                if colon {
                    after += trimmed.chars().next().map_or(0, char::len_utf8);
                }
                best = Some((at, *label, after));
            }
        }
    }
    best
}

/// Adds `text` to a part, one piece per bullet.
fn push_pieces(part: &mut Part, no: usize, text: &str) {
    for (i, piece) in text.split('•').enumerate() {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let text = if i > 0 || text.trim_start().starts_with('•') {
            format!("• {piece}")
        } else {
            piece.to_string()
        };
        part.pieces.push(Line { no, text });
    }
}

/// The range part: bullets of values, a numeric range, a length, or a rule in words.
fn range_part(
    pieces: &[Line],
    ty: Option<&PageType>,
    facts: &mut Facts,
    unplaced: &mut Vec<Unplaced>,
) {
    for piece in pieces {
        let text = piece.text.trim();
        if is_none(text) {
            continue;
        }
        let bare = number(text.trim_end_matches('.'));
        if let Some(n) = bare {
            if ty == Some(&PageType::String) {
                let n = match n {
                    Number::Int(i) => u64::try_from(i).ok(),
                    Number::Float(_) => None,
                };
                facts.length = Some((piece.no, Length { min: n, max: n }));
            } else {
                merge_bounds(
                    facts,
                    piece.no,
                    Bounds {
                        min: Some(n),
                        max: Some(n),
                    },
                );
            }
        } else if let Some(value) = bullet(text) {
            push_value(facts, piece.no, value);
        } else if let Some(length) = length(text) {
            facts.length = Some((piece.no, length));
        } else if let Some(bounds) = numeric_range(text).or_else(|| prose_bounds(text)) {
            merge_bounds(facts, piece.no, bounds);
        } else if is_character_rule(text) {
            facts.rule = Some((piece.no, text.trim_end_matches('.').to_string()));
        } else {
            unplaced.push(Unplaced::new(piece, "a range the reader cannot classify"));
        }
    }
}

fn merge_bounds(facts: &mut Facts, no: usize, bounds: Bounds) {
    let merged = match facts.bounds {
        Some((_, old)) => Bounds {
            min: bounds.min.or(old.min),
            max: bounds.max.or(old.max),
        },
        None => bounds,
    };
    facts.bounds = Some((no, merged));
}

fn push_value(facts: &mut Facts, no: usize, value: PageValue) {
    match facts
        .values
        .iter_mut()
        .find(|(_, v)| v.value == value.value)
    {
        Some((_, known)) => {
            if known.description.is_none() {
                known.description = value.description;
            }
        }
        None => facts.values.push((no, value)),
    }
}

/// `• name: meaning` or `• name.` as a value.
fn bullet(text: &str) -> Option<PageValue> {
    let item = text.strip_prefix('•')?.trim();
    let (value, description) = match item.split_once(':') {
        Some((value, description)) if !value.trim().contains(' ') => {
            (value.trim(), Some(description.trim().to_string()))
        }
        _ => (item, None),
    };
    let value = value.trim_end_matches(['.', '。']).trim();
    (!value.is_empty() && !value.contains(' ')).then(|| PageValue {
        value: value.to_string(),
        description: description.filter(|d| !d.is_empty()),
    })
}

/// "Enumerated values. a: meaning; b: meaning" inside a definition.
fn enumerated_sentence(piece: &Line, facts: &mut Facts) {
    static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"Enumerated values?[.:]\s*(.+)$").expect("a valid expression")
    });
    let Some(found) = SENTENCE.captures(&piece.text) else {
        return;
    };
    for item in found[1].split(';') {
        let Some((value, meaning)) = item.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if !value.is_empty() && !value.contains(' ') {
            push_value(
                facts,
                piece.no,
                PageValue {
                    value: value.to_string(),
                    description: Some(meaning.trim().trim_end_matches('.').to_string()),
                },
            );
        }
    }
}

fn mentions_deprecation(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("(deprecated)") || lower.contains("has been deprecated")
}

/// The site's ways of saying "nothing stated".
pub fn is_none(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(['.', '。']),
        "N/A" | "NA" | "None" | "none" | "-" | "" | "Mandatory" | "不涉及" | "无" | "必选"
    )
}

/// A number as printed: digits with optional thousands commas, sign and fraction.
fn number(text: &str) -> Option<Number> {
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    if let Ok(i) = plain.parse::<i64>() {
        return Some(Number::Int(i));
    }
    plain
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(|f| Number::Float(crate::spec::Decimal(f)))
}

const NUM: &str = r"(-?\d[\d,]*(?:\.\d+)?)";
const DASH: &str = r"\s*(?:~|–|—|-|to)\s*";

/// `1~100`, `0–2,147,483,647`, `1-100` (optionally followed by a full stop).
fn numeric_range(text: &str) -> Option<Bounds> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:The value ranges from )?{NUM}{DASH}{NUM}\.?$"
        ))
        .expect("a valid expression")
    });
    let found = RANGE.captures(text.trim())?;
    Some(Bounds {
        min: Some(number(&found[1])?),
        max: Some(number(&found[2])?),
    })
}

/// Bounds stated in words: "at least 1", "no more than 100", "100 or less", "0 or
/// greater", "a positive integer".
fn prose_bounds(text: &str) -> Option<Bounds> {
    static MIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:at least|no less than|minimum(?: value)?(?: is)?)\s+{NUM}|{NUM}\s+or\s+(?:greater|more|larger)"
        ))
        .expect("a valid expression")
    });
    static MAX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:no more than|at most|not greater than|maximum(?: value)?(?: is)?|up to)\s+{NUM}|{NUM}\s+or\s+(?:less|fewer|smaller)"
        ))
        .expect("a valid expression")
    });
    if text.contains("characters") {
        return None;
    }
    let pick = |re: &Regex| {
        re.captures(text).and_then(|c| {
            c.get(1)
                .or_else(|| c.get(2))
                .and_then(|m| number(m.as_str()))
        })
    };
    let mut bounds = Bounds {
        min: pick(&MIN),
        max: pick(&MAX),
    };
    if bounds.min.is_none() && (text.contains("positive integer") || text.contains("正整数")) {
        bounds.min = Some(Number::Int(1));
    }
    // The Chinese edition: 大于等于 N (at least), 小于等于 N (at most), 大于 N (above).
    let after = |word: &str| {
        text.find(word).and_then(|at| {
            let rest = text[at + word.len()..].trim_start();
            let digits: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .collect();
            number(&digits)
        })
    };
    if bounds.min.is_none() {
        bounds.min = after("大于等于").or_else(|| {
            // Strictly above an integer is at least the next one.
            match after("大于")? {
                Number::Int(i) if !text.contains("大于等于") => Some(Number::Int(i + 1)),
                _ => None,
            }
        });
    }
    if bounds.max.is_none() {
        bounds.max = after("小于等于");
    }
    (bounds != Bounds::default()).then_some(bounds)
}

/// A length in characters: `32 characters`, `1–100,000 characters`, `A string of 0 to
/// 128 characters`, `no more than 20,000 characters`, `Max. 100 characters`.
fn length(text: &str) -> Option<Length> {
    static SPAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"{NUM}{DASH}{NUM}\s+characters")).expect("a valid expression")
    });
    static MAX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:no more than|at most|up to|Max\.|maximum of|a maximum of)\s+{NUM}\s+characters"
        ))
        .expect("a valid expression")
    });
    static BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"length.*\[{NUM},\s*{NUM}\]")).expect("a valid expression")
    });
    static EXACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:String length:\s*|A string of\s+)?{NUM}\s+characters\.?$"
        ))
        .expect("a valid expression")
    });
    let whole = |m: &str| match number(m) {
        Some(Number::Int(i)) => u64::try_from(i).ok(),
        _ => None,
    };
    let text = text.trim();
    if let Some(found) = SPAN.captures(text).or_else(|| BRACKETS.captures(text)) {
        return Some(Length {
            min: whole(&found[1]),
            max: whole(&found[2]),
        });
    }
    if let Some(found) = MAX.captures(text) {
        return Some(Length {
            min: None,
            max: whole(&found[1]),
        });
    }
    let found = EXACT.captures(text)?;
    let n = whole(&found[1])?;
    Some(Length {
        min: Some(n),
        max: Some(n),
    })
}

/// A rule in words on which characters a value may hold.
fn is_character_rule(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "letters",
        "digits",
        "characters",
        "hyphens",
        "underscores",
        "字母",
        "数字",
        "字符",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(lines: &[&str]) -> Vec<Line> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 10,
                text: (*t).to_string(),
            })
            .collect()
    }

    fn read(lines: &[&str]) -> (Facts, Vec<Unplaced>) {
        let mut unplaced = Vec::new();
        let rendering = if lines.len() == 1 {
            Rendering::Rows
        } else {
            Rendering::Lines
        };
        let facts = facts(
            &cell(lines),
            rendering,
            Some(&PageType::String),
            &mut unplaced,
        );
        (facts, unplaced)
    }

    #[test]
    fn every_type_the_site_writes_is_read() {
        let cases = [
            ("String", PageType::String),
            ("Integer", PageType::Integer),
            ("Long", PageType::Long),
            ("Boolean", PageType::Boolean),
            ("Double", PageType::Number),
            (
                "Array of strings",
                PageType::Array(Box::new(PageType::String)),
            ),
            (
                "Array of Widget objects",
                PageType::Array(Box::new(PageType::Object("Widget".into()))),
            ),
            ("Gadget object", PageType::Object("Gadget".into())),
            (
                "Map<String,String>",
                PageType::Map(Box::new(PageType::String)),
            ),
            (
                "Map<String,Gadget>",
                PageType::Map(Box::new(PageType::Object("Gadget".into()))),
            ),
        ];
        for (text, ty) in cases {
            assert_eq!(PageType::parse(text), Some(ty.clone()), "{text}");
            assert_eq!(PageType::parse(&ty.describe()), Some(ty), "{text}");
        }
        for prose in [
            "Yes",
            "Definition",
            "the repository name",
            "Array of",
            "Map<>",
        ] {
            assert_eq!(PageType::parse(prose), None, "{prose}");
        }
    }

    #[test]
    fn a_cell_of_one_line_per_part_gives_each_fact_with_its_line() {
        let (facts, unplaced) = read(&[
            "Definition:",
            "How many widgets to return.",
            "Value range:",
            "1~500",
            "Default value:",
            "50",
        ]);
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert_eq!(facts.definition, "How many widgets to return.");
        assert_eq!(
            facts.bounds,
            Some((
                13,
                Bounds {
                    min: Some(Number::Int(1)),
                    max: Some(Number::Int(500))
                }
            ))
        );
        assert_eq!(facts.default, Some((15, "50".into())));
    }

    #[test]
    fn a_cell_written_on_one_line_splits_at_its_labels() {
        let (facts, unplaced) = read(&[
            "Definition The widget's key. Constraints N/A. Range 1–2,000 characters. Default Value N/A.",
        ]);
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert_eq!(facts.definition, "The widget's key.");
        assert_eq!(
            facts.length,
            Some((
                10,
                Length {
                    min: Some(1),
                    max: Some(2000)
                }
            ))
        );
        assert_eq!(facts.default, None);
    }

    #[test]
    fn lengths_are_read_in_each_wording() {
        let cases = [
            ("32 characters", (Some(32), Some(32))),
            ("String length: 16 characters.", (Some(16), Some(16))),
            ("1–100,000 characters.", (Some(1), Some(100_000))),
            ("A string of 0 to 128 characters.", (Some(0), Some(128))),
            (
                "The value contains no more than 20,000 characters.",
                (None, Some(20_000)),
            ),
            ("The length of the text is [1,500].", (Some(1), Some(500))),
        ];
        for (text, (min, max)) in cases {
            assert_eq!(length(text), Some(Length { min, max }), "{text}");
        }
    }

    #[test]
    fn bounds_are_read_as_ranges_and_in_words() {
        let int = |i| Some(Number::Int(i));
        let cases = [
            ("0~2147483647", (int(0), int(2_147_483_647))),
            ("1–2,147,483,647", (int(1), int(2_147_483_647))),
            ("0-999999", (int(0), int(999_999))),
            ("The value of page is at least 1.", (int(1), None)),
            ("The value of size is no more than 100.", (None, int(100))),
            (
                "Only numbers that are 100 or less can be used.",
                (None, int(100)),
            ),
            ("Use only numbers that are 0 or greater.", (int(0), None)),
        ];
        for (text, (min, max)) in cases {
            let (facts, unplaced) = read(&["Range", text]);
            assert!(unplaced.is_empty(), "{text}: {unplaced:?}");
            assert_eq!(
                facts.bounds.map(|b| b.1),
                Some(Bounds { min, max }),
                "{text}"
            );
        }
    }

    #[test]
    fn values_come_from_bullets_lists_and_sentences_once_each() {
        let (facts, unplaced) = read(&[
            "Definition:",
            "Sort order.",
            "Value range:",
            "  • up: smallest first",
            "  • down: largest first",
            "Enumeration values:",
            "  • up",
            "  • down",
        ]);
        assert!(unplaced.is_empty(), "{unplaced:?}");
        let values: Vec<_> = facts
            .values
            .iter()
            .map(|(_, v)| (v.value.as_str(), v.description.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("up", Some("smallest first")),
                ("down", Some("largest first"))
            ]
        );

        let (facts, _) = read(&[
            "Definition:",
            "Kind. Enumerated values. a: first; b: second",
        ]);
        assert_eq!(facts.values.len(), 2);
        assert_eq!(facts.values[1].1.value, "b");

        let (facts, _) = read(&["Definition Format. Range • zip. • tar.gz. Default value: zip"]);
        let values: Vec<_> = facts.values.iter().map(|(_, v)| v.value.as_str()).collect();
        assert_eq!(values, ["zip", "tar.gz"]);
        assert_eq!(facts.default.map(|d| d.1).as_deref(), Some("zip"));
    }

    #[test]
    fn a_rule_in_words_is_kept_and_an_unknown_range_is_reported_with_its_line() {
        let (facts, unplaced) = read(&["Range", "Lowercase letters and digits only."]);
        assert!(unplaced.is_empty());
        assert_eq!(
            facts.rule,
            Some((11, "Lowercase letters and digits only".into()))
        );

        let (facts, _) = read(&["Range", "40"]);
        assert_eq!(
            facts.length.map(|l| l.1),
            Some(Length {
                min: Some(40),
                max: Some(40)
            })
        );

        let (_, unplaced) = read(&["Range", "Whatever the service allows."]);
        assert_eq!(unplaced.len(), 1);
        assert_eq!(unplaced[0].line, 11);
    }

    #[test]
    fn prose_that_mentions_a_range_is_not_split() {
        let (facts, _) = read(&["Definition", "Range of widgets to cover, as documented."]);
        assert_eq!(
            facts.definition,
            "Range of widgets to cover, as documented."
        );
        assert!(facts.bounds.is_none() && facts.length.is_none());
        let (facts, _) = read(&["Definition The widgets in range of the key."]);
        assert_eq!(facts.definition, "The widgets in range of the key.");
    }
}
