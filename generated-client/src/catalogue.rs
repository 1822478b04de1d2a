//! Every operation by name, callable with valid arguments, so that tests and benchmarks
//! treat each operation alike and cover one the spec gains without being edited. Behind
//! the `catalogue` feature, for the workspace's own use: not part of the client's API.
//!
//! The generated half (`generated/catalogue.rs`) makes each operation's request from the
//! values a caller sets, and makes each request builder a [`Request`] with one line of
//! `request!`; this half holds what every operation shares: the calls by name, which
//! find the request and go through [`Request`], the answer of a call and the reader of the
//! values a caller sets.

use std::fmt::{Debug, Display};
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use crate::http::RequestParts;
use crate::{BinaryResponse, Client, Error, Items};

pub use crate::generated::catalogue::{
    OPERATIONS, decode_counting, param_type_default, parse_param_type,
};

use crate::generated::catalogue::request_by_name;

/// A future the catalogue returns boxed, so that every operation's has one type.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One operation's request builder, as the calls by name use it: every generated builder
/// is one (`request!`), through its own `check`, `parts`, `send` and `into_items`.
#[doc(hidden)]
pub trait Request<'a>: Debug + Send {
    /// The builder's `check`.
    fn check(&self) -> Result<(), Error>;
    /// The builder's `parts`.
    fn parts(&self) -> Result<RequestParts, Error>;
    /// The builder's `send`, the success made an [`Answer`].
    fn send(self: Box<Self>) -> BoxFuture<'a, Result<Answer, Error>>;
    /// The builder's `send`, the success dropped: how many items it held when it is a list.
    fn send_counting(self: Box<Self>) -> BoxFuture<'a, Result<Option<usize>, Error>>;
    /// The builder's `into_items`, each item as JSON; `None` when the operation is not paged.
    fn items(self: Box<Self>) -> Option<Items<'a, serde_json::Value>>;
}

/// Makes the generated request builder `$builder` a [`Request`]. `$answer` is how its
/// success becomes an [`Answer`] (`json` or `binary`), `$count` whether that success is a
/// list (`list`) or not (`one`), `$walk` whether the operation is paged (`paged`) or not
/// (`single`).
macro_rules! request {
    ($builder:ident, $answer:ident, $count:ident, $walk:ident) => {
        impl<'a> $crate::catalogue::Request<'a> for $crate::$builder<'a> {
            fn check(&self) -> Result<(), $crate::Error> {
                $crate::$builder::check(self)
            }
            fn parts(&self) -> Result<$crate::http::RequestParts, $crate::Error> {
                $crate::$builder::parts(self)
            }
            fn send(
                self: Box<Self>,
            ) -> $crate::catalogue::BoxFuture<'a, Result<$crate::catalogue::Answer, $crate::Error>>
            {
                Box::pin(async move {
                    $crate::$builder::send(*self)
                        .await
                        .map($crate::catalogue::request!(@answer $answer))
                })
            }
            fn send_counting(
                self: Box<Self>,
            ) -> $crate::catalogue::BoxFuture<'a, Result<Option<usize>, $crate::Error>> {
                Box::pin(async move {
                    $crate::$builder::send(*self)
                        .await
                        .map($crate::catalogue::request!(@count $count))
                })
            }
            fn items(
                self: Box<Self>,
            ) -> Option<$crate::Items<'a, serde_json::Value>> {
                $crate::catalogue::request!(@walk $walk, *self)
            }
        }
    };
    (@answer json) => {
        |decoded| $crate::catalogue::Answer::json(&decoded)
    };
    (@answer binary) => {
        $crate::catalogue::Answer::Binary
    };
    (@count list) => {
        |decoded| Some(decoded.len())
    };
    (@count one) => {
        |_| None
    };
    (@walk paged, $request:expr) => {
        Some($crate::catalogue::json_items($request.into_items()))
    };
    (@walk single, $request:expr) => {{
        drop($request);
        None
    }};
}
pub(crate) use request;

/// Sends `operation` with each parameter named in `values` (by its wire name) set to the
/// text there, and every other positional parameter set to its sample; `None` when no
/// operation has that name.
///
/// # Panics
///
/// When a value names no parameter of the operation or is not text of its type.
pub async fn call(
    client: &Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Option<Result<Answer, Error>> {
    Some(request_by_name(client, operation, values)?.send().await)
}

/// Runs the checks of the request [`call`] would send, sending nothing.
///
/// # Panics
///
/// As [`call`].
pub fn check(
    client: &Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Option<Result<(), Error>> {
    Some(request_by_name(client, operation, values)?.check())
}

/// The checked request [`call`] would send, as data, sending nothing.
///
/// # Panics
///
/// As [`call`].
pub fn parts(
    client: &Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Option<Result<RequestParts, Error>> {
    Some(request_by_name(client, operation, values)?.parts())
}

/// Sends like [`call`] and drops the decoded answer, returning how many items it held when
/// it is a list: for benchmarks that time the client, not a conversion to JSON.
///
/// # Panics
///
/// As [`call`].
pub async fn call_counting(
    client: &Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Option<Result<Option<usize>, Error>> {
    Some(
        request_by_name(client, operation, values)?
            .send_counting()
            .await,
    )
}

/// The `Debug` text of the request [`call`] would send.
///
/// # Panics
///
/// As [`call`].
pub fn debug(client: &Client, operation: &str, values: &[(&str, &str)]) -> Option<String> {
    Some(format!("{:?}", request_by_name(client, operation, values)?))
}

/// Every item of every page of the paged `operation`, as JSON values, walked from the
/// request [`call`] would send; `None` when no paged operation has that name.
///
/// # Panics
///
/// As [`call`].
pub fn items<'a>(
    client: &'a Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Option<Items<'a, serde_json::Value>> {
    request_by_name(client, operation, values)?.items()
}

/// The number `text` writes, for an integer parameter type's constructor.
///
/// # Panics
///
/// When `text` is not a `T`: the caller's mistake, as `type_name` says.
#[doc(hidden)]
pub fn number<T: FromStr<Err: Display>>(type_name: &str, text: &str) -> T {
    text.parse().unwrap_or_else(|error| {
        panic!(
            "{type_name}: {text:?} is not a {}: {error}",
            std::any::type_name::<T>()
        )
    })
}

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
    fn a_numeric_type_is_made_from_the_number_its_text_writes() {
        assert_eq!(number::<i64>("Offset", "-3"), -3);
        assert_eq!(number::<f64>("Weight", "2.5"), 2.5);
    }

    #[test]
    #[should_panic(expected = "Limit: \"ten\" is not a i32: invalid digit")]
    fn text_that_is_no_number_is_the_callers_mistake() {
        number::<i32>("Limit", "ten");
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
