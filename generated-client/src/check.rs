//! The checks behind every documented constraint.
//!
//! Generated constrained newtypes call [`range`], [`number`], [`length`] and [`pattern`] from their one
//! constructor, collect every [`Failure`] rather than stopping at the first, and turn the
//! list into a [`ConstraintError`](crate::ConstraintError). Keeping the checks here means
//! the rendering of rejected values (quoting, bounding, redaction) is decided once.

use std::fmt;

/// One documented constraint of a value.
///
/// Displays as the phrase that follows "must be", e.g. `at most 100` or
/// `exactly 32 characters long`. Only `PartialEq`: a number's bounds are `f64`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// The integer must be at least this.
    Minimum(i64),
    /// The integer must be at most this.
    Maximum(i64),
    /// The number must be at least this.
    MinimumNumber(f64),
    /// The number must be at most this.
    MaximumNumber(f64),
    /// The number must be greater than this.
    ExclusiveMinimum(f64),
    /// The number must be less than this.
    ExclusiveMaximum(f64),
    /// The number must be finite: JSON has no NaN or infinity.
    Finite,
    /// The required value must be there: a model that responses also carry stores every
    /// field as an `Option`, and its constructor sets the required ones.
    Present,
    /// The string must have at least this many characters.
    MinLength(u64),
    /// The string must have at most this many characters.
    MaxLength(u64),
    /// The string must have exactly this many characters.
    Length(u64),
    /// The string must match this regular expression.
    Pattern(&'static str),
    /// The text must be one of these documented values.
    OneOf(&'static [&'static str]),
    /// The text must be ASCII digits alone: its range is of the number they write.
    Digits,
    /// The array must have at least this many items.
    MinItems(u64),
    /// The array must have at most this many items.
    MaxItems(u64),
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Minimum(min) => write!(f, "at least {min}"),
            Constraint::Maximum(max) => write!(f, "at most {max}"),
            Constraint::MinimumNumber(min) => write!(f, "at least {min}"),
            Constraint::MaximumNumber(max) => write!(f, "at most {max}"),
            Constraint::ExclusiveMinimum(min) => write!(f, "greater than {min}"),
            Constraint::ExclusiveMaximum(max) => write!(f, "less than {max}"),
            Constraint::Finite => f.write_str("a finite number"),
            Constraint::Present => f.write_str("present"),
            Constraint::MinLength(min) => write!(f, "at least {} long", characters(*min)),
            Constraint::MaxLength(max) => write!(f, "at most {} long", characters(*max)),
            Constraint::Length(len) => write!(f, "exactly {} long", characters(*len)),
            Constraint::Pattern(regex) => write!(f, "a string matching {regex}"),
            Constraint::Digits => f.write_str("digits only"),
            Constraint::MinItems(min) => write!(f, "at least {} long", items(*min)),
            Constraint::MaxItems(max) => write!(f, "at most {} long", items(*max)),
            Constraint::OneOf(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                write!(f, "one of {}", quoted.join(", "))
            }
        }
    }
}

/// One constraint that one value broke.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The constraint that was broken.
    pub constraint: Constraint,
    /// The rejected value, rendered for people: decimal for integers, quoted (and cut when
    /// long) for strings, `<redacted, N characters>` for secrets such as tokens.
    pub value: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must be {}, got {}", self.constraint, self.value)
    }
}

/// Checks an integer against an inclusive range; either bound may be absent.
#[doc(hidden)]
pub fn range(value: i64, min: Option<i64>, max: Option<i64>, failures: &mut Vec<Failure>) {
    if let Some(min) = min.filter(|&min| value < min) {
        failures.push(Failure {
            constraint: Constraint::Minimum(min),
            value: value.to_string(),
        });
    }
    if let Some(max) = max.filter(|&max| value > max) {
        failures.push(Failure {
            constraint: Constraint::Maximum(max),
            value: value.to_string(),
        });
    }
}

/// Checks a number: finite (NaN and the infinities have no JSON form, and a comparison with
/// NaN is always false, so it would pass every bound), then against each bound given.
#[doc(hidden)]
pub fn number(
    value: f64,
    min: Option<f64>,
    exclusive_min: Option<f64>,
    max: Option<f64>,
    exclusive_max: Option<f64>,
    failures: &mut Vec<Failure>,
) {
    let mut fail = |constraint| {
        failures.push(Failure {
            constraint,
            value: value.to_string(),
        })
    };
    if !value.is_finite() {
        return fail(Constraint::Finite);
    }
    if let Some(min) = min.filter(|&min| value < min) {
        fail(Constraint::MinimumNumber(min));
    }
    if let Some(min) = exclusive_min.filter(|&min| value <= min) {
        fail(Constraint::ExclusiveMinimum(min));
    }
    if let Some(max) = max.filter(|&max| value > max) {
        fail(Constraint::MaximumNumber(max));
    }
    if let Some(max) = exclusive_max.filter(|&max| value >= max) {
        fail(Constraint::ExclusiveMaximum(max));
    }
}

/// The failure of a required value that is not there.
#[doc(hidden)]
pub fn missing() -> Vec<Failure> {
    vec![Failure {
        constraint: Constraint::Present,
        value: "nothing".to_owned(),
    }]
}

/// Checks the item count of an array against inclusive bounds; the value shown is the
/// count, since the items themselves may be many.
#[doc(hidden)]
pub fn item_count(len: usize, min: Option<u64>, max: Option<u64>, failures: &mut Vec<Failure>) {
    let count = len as u64;
    if let Some(min) = min.filter(|&min| count < min) {
        failures.push(Failure {
            constraint: Constraint::MinItems(min),
            value: items(count),
        });
    }
    if let Some(max) = max.filter(|&max| count > max) {
        failures.push(Failure {
            constraint: Constraint::MaxItems(max),
            value: items(count),
        });
    }
}

/// Checks the length of a string in characters (Unicode scalar values), not bytes: the
/// documentation counts what a person sees, and a byte count would reject short names in
/// non-Latin scripts.
#[doc(hidden)]
pub fn length(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    exact: Option<u64>,
    sensitive: bool,
    failures: &mut Vec<Failure>,
) {
    // Counting is linear in the string; skip it when there is nothing to compare with.
    if min.is_none() && max.is_none() && exact.is_none() {
        return;
    }
    let count = value.chars().count() as u64;
    let mut fail = |constraint| {
        failures.push(Failure {
            constraint,
            value: render_str(value, sensitive),
        })
    };
    if let Some(min) = min.filter(|&min| count < min) {
        fail(Constraint::MinLength(min));
    }
    if let Some(max) = max.filter(|&max| count > max) {
        fail(Constraint::MaxLength(max));
    }
    if let Some(exact) = exact.filter(|&exact| count != exact) {
        fail(Constraint::Length(exact));
    }
}

/// Checks a string against a regular expression; `source` is the expression as written in
/// the spec, which is what a person should read in the error.
#[doc(hidden)]
pub fn pattern(
    value: &str,
    regex: &regex::Regex,
    source: &'static str,
    sensitive: bool,
    failures: &mut Vec<Failure>,
) {
    if !regex.is_match(value) {
        failures.push(Failure {
            constraint: Constraint::Pattern(source),
            value: render_str(value, sensitive),
        });
    }
}

/// How many characters of a rejected string an error shows; the count is always shown in
/// full, so a 100 000-character value does not become a 100 000-character message.
const SHOWN_CHARS: usize = 80;

/// Renders a rejected string for an error message.
/// Checks text that a page ranges as a number (`1~100` on a string parameter): ASCII
/// digits alone, writing a number within the inclusive range.
#[doc(hidden)]
pub fn digits_range(value: &str, min: Option<i64>, max: Option<i64>, failures: &mut Vec<Failure>) {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        failures.push(Failure {
            constraint: Constraint::Digits,
            value: render_str(value, false),
        });
        return;
    }
    // More digits than an i128 holds is larger than any bound.
    let number: i128 = value.parse().unwrap_or(i128::MAX);
    let shown = || render_str(value, false);
    if let Some(min) = min.filter(|&min| number < i128::from(min)) {
        failures.push(Failure {
            constraint: Constraint::Minimum(min),
            value: shown(),
        });
    }
    if let Some(max) = max.filter(|&max| number > i128::from(max)) {
        failures.push(Failure {
            constraint: Constraint::Maximum(max),
            value: shown(),
        });
    }
}

/// The error of an enum's `from_str` for text none of its documented `values` has.
pub fn not_one_of(
    type_name: &'static str,
    value: &str,
    values: &'static [&'static str],
) -> crate::ConstraintError {
    let failure = Failure {
        constraint: Constraint::OneOf(values),
        value: render_str(value, false),
    };
    crate::ConstraintError::check(type_name, vec![failure]).expect_err("one failure is an error")
}

pub(crate) fn render_str(value: &str, sensitive: bool) -> String {
    let count = value.chars().count();
    if sensitive {
        return format!("<redacted, {}>", characters(count as u64));
    }
    match value.char_indices().nth(SHOWN_CHARS) {
        None => format!("{value:?}"),
        Some((cut, _)) => format!("{:?}… ({})", &value[..cut], characters(count as u64)),
    }
}

fn items(n: u64) -> String {
    if n == 1 {
        "1 item".to_owned()
    } else {
        format!("{n} items")
    }
}

fn characters(n: u64) -> String {
    if n == 1 {
        "1 character".to_owned()
    } else {
        format!("{n} characters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(f: impl FnOnce(&mut Vec<Failure>)) -> Vec<Failure> {
        let mut failures = Vec::new();
        f(&mut failures);
        failures
    }

    #[test]
    fn digit_strings_are_checked_as_the_numbers_they_write() {
        let check = |v: &str| failures(|f| digits_range(v, Some(1), Some(100), f));
        assert!(check("1").is_empty() && check("100").is_empty() && check("007").is_empty());
        assert_eq!(check("0")[0].constraint, Constraint::Minimum(1));
        assert_eq!(check("101")[0].constraint, Constraint::Maximum(100));
        let huge = "9".repeat(60);
        assert_eq!(check(&huge)[0].constraint, Constraint::Maximum(100));
        for bad in ["", "-1", "+5", " 5", "5.0", "五"] {
            let found = check(bad);
            assert_eq!(found.len(), 1, "{bad:?}");
            assert_eq!(found[0].constraint, Constraint::Digits, "{bad:?}");
        }
        assert_eq!(check("x")[0].to_string(), "must be digits only, got \"x\"");
    }

    #[test]
    fn numbers_are_finite_and_bounds_inclusive_or_exclusive_as_documented() {
        let check = |v: f64| failures(|f| number(v, Some(0.5), None, None, Some(10.0), f));
        assert!(check(0.5).is_empty(), "an inclusive bound admits itself");
        assert!(check(9.999).is_empty());
        assert_eq!(check(0.49)[0].constraint, Constraint::MinimumNumber(0.5));
        assert_eq!(
            check(10.0)[0].constraint,
            Constraint::ExclusiveMaximum(10.0)
        );
        let exclusive = |v: f64| failures(|f| number(v, None, Some(0.0), Some(1.0), None, f));
        assert_eq!(
            exclusive(0.0)[0].constraint,
            Constraint::ExclusiveMinimum(0.0)
        );
        assert!(exclusive(f64::MIN_POSITIVE).is_empty());
        assert!(exclusive(1.0).is_empty());
        assert_eq!(exclusive(1.5)[0].constraint, Constraint::MaximumNumber(1.0));
        // NaN compares false with every bound: without its own check it would pass them.
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let found = failures(|f| number(v, None, None, None, None, f));
            assert_eq!(found.len(), 1, "{v}");
            assert_eq!(found[0].constraint, Constraint::Finite, "{v}");
        }
        assert_eq!(
            exclusive(0.0)[0].to_string(),
            "must be greater than 0, got 0"
        );
        assert_eq!(Constraint::Finite.to_string(), "a finite number");
        assert_eq!(missing()[0].to_string(), "must be present, got nothing");
        assert_eq!(
            Constraint::ExclusiveMaximum(2.5).to_string(),
            "less than 2.5"
        );
    }

    // A value one unit in the last place past a bound, written as JSON and read back, is
    // still past it: JSON is read with `float_roundtrip`, which finds the nearest `f64`.
    #[test]
    fn a_number_read_from_json_keeps_its_last_bit() {
        let past = f64::from_bits(100.5_f64.to_bits() + 1);
        let text = serde_json::to_string(&past).unwrap();
        let read: f64 = serde_json::from_str(&text).unwrap();
        assert_eq!(read.to_bits(), past.to_bits(), "{text}");
        let found = failures(|f| number(read, None, None, Some(100.5), None, f));
        assert_eq!(found[0].constraint, Constraint::MaximumNumber(100.5));
    }

    #[test]
    fn text_outside_an_enum_names_every_value() {
        let error = not_one_of("SortOrder", "up", &["asc", "desc"]);
        assert_eq!(error.type_name(), "SortOrder");
        assert_eq!(
            error.to_string(),
            "invalid SortOrder: must be one of \"asc\", \"desc\", got \"up\""
        );
    }

    #[test]
    fn constraint_display() {
        assert_eq!(Constraint::Minimum(1).to_string(), "at least 1");
        assert_eq!(Constraint::Maximum(100).to_string(), "at most 100");
        assert_eq!(
            Constraint::MinLength(1).to_string(),
            "at least 1 character long"
        );
        assert_eq!(
            Constraint::MaxLength(100000).to_string(),
            "at most 100000 characters long"
        );
        assert_eq!(
            Constraint::Length(32).to_string(),
            "exactly 32 characters long"
        );
        assert_eq!(
            Constraint::Pattern("^[0-9a-z]+$").to_string(),
            "a string matching ^[0-9a-z]+$"
        );
    }

    #[test]
    fn item_counts_are_inclusive_and_shown_as_counts() {
        assert!(failures(|f| item_count(2, Some(2), Some(3), f)).is_empty());
        assert!(failures(|f| item_count(3, Some(2), Some(3), f)).is_empty());
        let few = failures(|f| item_count(1, Some(2), None, f));
        assert_eq!(
            few[0].to_string(),
            "must be at least 2 items long, got 1 item"
        );
        let many = failures(|f| item_count(4, None, Some(3), f));
        assert_eq!(
            many[0].to_string(),
            "must be at most 3 items long, got 4 items"
        );
    }

    #[test]
    fn range_is_inclusive_at_both_bounds() {
        assert!(failures(|f| range(1, Some(1), Some(100), f)).is_empty());
        assert!(failures(|f| range(100, Some(1), Some(100), f)).is_empty());
        assert_eq!(
            failures(|f| range(0, Some(1), Some(100), f)),
            [Failure {
                constraint: Constraint::Minimum(1),
                value: "0".into()
            }]
        );
        assert_eq!(
            failures(|f| range(101, Some(1), Some(100), f)),
            [Failure {
                constraint: Constraint::Maximum(100),
                value: "101".into()
            }]
        );
    }

    #[test]
    fn range_without_bounds_accepts_extremes() {
        assert!(failures(|f| range(i64::MIN, None, None, f)).is_empty());
        assert!(failures(|f| range(i64::MAX, None, Some(i64::MAX), f)).is_empty());
        assert_eq!(failures(|f| range(-1, Some(0), None, f)).len(), 1);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // "éé" is 2 characters but 4 bytes; "仓库" is 2 characters but 6 bytes.
        assert!(failures(|f| length("éé", None, Some(2), None, false, f)).is_empty());
        assert!(failures(|f| length("仓库", Some(2), Some(2), Some(2), false, f)).is_empty());
        assert_eq!(
            failures(|f| length("仓库", Some(3), None, None, false, f)),
            [Failure {
                constraint: Constraint::MinLength(3),
                value: "\"仓库\"".into()
            }]
        );
    }

    #[test]
    fn length_boundaries_and_every_failure() {
        assert!(failures(|f| length("a", Some(1), Some(3), None, false, f)).is_empty());
        assert!(failures(|f| length("abc", Some(1), Some(3), None, false, f)).is_empty());
        assert_eq!(
            failures(|f| length("", Some(1), Some(3), Some(32), false, f)),
            [
                Failure {
                    constraint: Constraint::MinLength(1),
                    value: "\"\"".into()
                },
                Failure {
                    constraint: Constraint::Length(32),
                    value: "\"\"".into()
                },
            ]
        );
        assert_eq!(
            failures(|f| length("abcd", None, Some(3), None, false, f)),
            [Failure {
                constraint: Constraint::MaxLength(3),
                value: "\"abcd\"".into()
            }]
        );
    }

    #[test]
    fn sensitive_values_are_redacted() {
        let got = failures(|f| length("secret-token", None, Some(3), None, true, f));
        assert_eq!(
            got,
            [Failure {
                constraint: Constraint::MaxLength(3),
                value: "<redacted, 12 characters>".into()
            }]
        );
        let got = failures(|f| {
            pattern(
                "hunter2",
                &regex::Regex::new("^[0-9]+$").unwrap(),
                "^[0-9]+$",
                true,
                f,
            )
        });
        assert_eq!(
            got[0].to_string(),
            "must be a string matching ^[0-9]+$, got <redacted, 7 characters>"
        );
        let got = failures(|f| length("x", Some(2), None, None, true, f));
        assert_eq!(got[0].value, "<redacted, 1 character>");
    }

    #[test]
    fn pattern_reports_the_source_expression() {
        let regex = regex::Regex::new("^[0-9a-z]+$").unwrap();
        assert!(failures(|f| pattern("abc123", &regex, "^[0-9a-z]+$", false, f)).is_empty());
        let got = failures(|f| pattern("ABC", &regex, "^[0-9a-z]+$", false, f));
        assert_eq!(
            got,
            [Failure {
                constraint: Constraint::Pattern("^[0-9a-z]+$"),
                value: "\"ABC\"".into()
            }]
        );
        assert_eq!(
            got[0].to_string(),
            "must be a string matching ^[0-9a-z]+$, got \"ABC\""
        );
    }

    #[test]
    fn long_values_are_cut_but_counted() {
        let value = "x".repeat(100_001);
        let rendered = render_str(&value, false);
        assert_eq!(
            rendered,
            format!("{:?}… (100001 characters)", "x".repeat(SHOWN_CHARS))
        );
        let exactly_shown = "y".repeat(SHOWN_CHARS);
        assert_eq!(
            render_str(&exactly_shown, false),
            format!("{exactly_shown:?}")
        );
    }

    #[test]
    fn quoting_escapes_control_characters() {
        assert_eq!(render_str("a\r\nb", false), "\"a\\r\\nb\"");
    }
}
