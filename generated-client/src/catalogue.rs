//! Every operation by name, callable with valid arguments, so that tests and benchmarks
//! treat each operation alike and cover one the spec gains without being edited. Behind
//! the `catalogue` feature, for the workspace's own use: not part of the client's API.
//!
//! The per-operation calls are generated (`generated/catalogue.rs`); this module holds what
//! they share: the answer of a call and the reader of the values a caller sets.

use std::fmt::Display;
use std::str::FromStr;

use crate::BinaryResponse;

pub use crate::generated::catalogue::{
    OPERATIONS, call, call_counting, check, debug, decode_counting, items, param_type_default,
    parse_param_type, parts,
};

/// What a successful call returned.
#[derive(Debug)]
pub enum Answer {
    /// A decoded JSON body, as the value its Rust type serializes to.
    Json(serde_json::Value),
    /// A binary body, not yet read.
    Binary(BinaryResponse),
}

impl Answer {
    /// The JSON value of a decoded body.
    ///
    /// # Panics
    ///
    /// For a binary answer.
    pub fn into_json(self) -> serde_json::Value {
        match self {
            Answer::Json(value) => value,
            Answer::Binary(_) => panic!("a binary answer has no JSON value"),
        }
    }

    /// The JSON value of `decoded`, a value the client decoded (which always serializes).
    #[doc(hidden)]
    pub fn json(decoded: &impl serde::Serialize) -> Self {
        Answer::Json(serde_json::to_value(decoded).expect("decoded values serialize"))
    }
}

/// `items` with each item as the JSON value its Rust type serializes to.
#[doc(hidden)]
pub fn json_items<'a, T: serde::Serialize + Send + 'a>(
    items: crate::Items<'a, T>,
) -> crate::Items<'a, serde_json::Value> {
    items.map(|item| serde_json::to_value(&item).expect("decoded values serialize"))
}

/// The name under which `values` sets a call's JSON body, in place of its sample; braces
/// are in no parameter's wire name.
pub const BODY: &str = "{body}";

/// The values a caller sets for one call, by wire name, as text; read by the generated
/// calls, which take a parameter's sample where no value is set.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    operation: &'static str,
    values: &'a [(&'a str, &'a str)],
}

impl<'a> Values<'a> {
    /// The `values` given for `operation`, whose parameters (by wire name) are `known`.
    ///
    /// # Panics
    ///
    /// When a value names no parameter in `known`: a test that sets a parameter the
    /// operation does not have tests nothing.
    pub fn new(operation: &'static str, values: &'a [(&'a str, &'a str)], known: &[&str]) -> Self {
        for (name, _) in values {
            assert!(
                known.contains(name),
                "{operation} has no parameter `{name}`; it has {known:?}"
            );
        }
        Values { operation, values }
    }

    /// The text set for `name`, if any (the last one, when set twice).
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// The value set for `name`, parsed as `T`.
    ///
    /// # Panics
    ///
    /// When the text is not a `T`.
    pub fn parsed<T: FromStr<Err: Display>>(&self, name: &str) -> Option<T> {
        self.text(name).map(|text| self.parse(name, text))
    }

    /// The value set for `name`, else `sample`, parsed as `T`.
    ///
    /// # Panics
    ///
    /// When the text is not a `T`.
    pub fn parsed_or<T: FromStr<Err: Display>>(&self, name: &str, sample: &str) -> T {
        self.parse(name, self.text(name).unwrap_or(sample))
    }

    /// The JSON body set under [`BODY`], else `sample` (the body's own), read as `T`.
    ///
    /// # Panics
    ///
    /// When the text is not the JSON of a `T`.
    pub fn body<T: serde::de::DeserializeOwned>(&self, sample: &str) -> T {
        let text = self.text(BODY).unwrap_or(sample);
        serde_json::from_str(text).unwrap_or_else(|error| {
            panic!(
                "{}: the body {text:?} is not a {}: {error}",
                self.operation,
                std::any::type_name::<T>()
            )
        })
    }

    fn parse<T: FromStr<Err: Display>>(&self, name: &str, text: &str) -> T {
        text.parse().unwrap_or_else(|error| {
            panic!(
                "{}: `{name}` = {text:?} is not a {}: {error}",
                self.operation,
                std::any::type_name::<T>()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_set_replaces_the_sample() {
        let none = Values::new("create", &[], &[BODY]);
        assert_eq!(none.body::<Vec<i32>>("[1]"), vec![1]);
        let set = [(BODY, "[2, 3]")];
        let values = Values::new("create", &set, &[BODY]);
        assert_eq!(values.body::<Vec<i32>>("[1]"), vec![2, 3]);
    }

    #[test]
    #[should_panic(expected = "create: the body \"{\" is not a")]
    fn a_body_that_is_not_json_of_its_type_is_the_callers_mistake() {
        let set = [(BODY, "{")];
        Values::new("create", &set, &[BODY]).body::<Vec<i32>>("[]");
    }

    #[test]
    fn values_are_read_by_wire_name_the_last_setting_winning() {
        let set = [("limit", "5"), ("sort", "desc"), ("limit", "7")];
        let values = Values::new("list", &set, &["limit", "sort", "search", "page"]);
        assert_eq!(values.parsed::<i32>("limit"), Some(7));
        assert_eq!(values.text("sort"), Some("desc"));
        assert_eq!(values.text("search"), None);
        assert_eq!(values.parsed::<i32>("search"), None);
        assert_eq!(values.parsed_or::<i32>("page", "1"), 1);
        assert_eq!(values.parsed_or::<i32>("limit", "1"), 7);
        assert_eq!(
            values.parsed_or::<Direction>("sort", "asc"),
            Direction::Desc
        );
    }

    /// An enum of the kind the generated request enums are: text from a closed set.
    #[derive(Debug, PartialEq)]
    enum Direction {
        Asc,
        Desc,
    }

    impl FromStr for Direction {
        type Err = crate::ConstraintError;

        fn from_str(text: &str) -> Result<Self, Self::Err> {
            match text {
                "asc" => Ok(Direction::Asc),
                "desc" => Ok(Direction::Desc),
                other => Err(crate::check::not_one_of(
                    "Direction",
                    other,
                    &["asc", "desc"],
                )),
            }
        }
    }

    #[test]
    #[should_panic(expected = "list has no parameter `limt`")]
    fn a_value_for_no_parameter_is_refused() {
        Values::new("list", &[("limt", "5")], &["limit"]);
    }

    #[test]
    #[should_panic(expected = "list: `limit` = \"five\" is not a i32: invalid digit")]
    fn text_of_the_wrong_type_is_refused() {
        Values::new("list", &[("limit", "five")], &["limit"]).parsed::<i32>("limit");
    }

    #[test]
    #[should_panic(expected = "must be one of \"asc\", \"desc\", got \"up\"")]
    fn a_value_outside_the_enum_is_refused() {
        Values::new("list", &[("sort", "up")], &["sort"]).parsed::<Direction>("sort");
    }
}
