//! Every documented constraint at its edges: the minimum and the maximum reach the server,
//! one past either side is `Error::InvalidRequest` naming the operation, the parameter and
//! the constraint, and nothing reaches the server. Lengths count characters, not bytes.

use codearts_client::{Constraint, Error};

use codearts_client::catalogue;
use codegen::ir::{Constraints, Location, ScalarType};
use regex::Regex;

use crate::shapes::{self, sent_value};
use crate::support::{
    Harness, OPERATIONS, call, call_with, client_builder, header_values, invalid_request, ir,
    violation,
};

/// How a rejected string longer than 80 characters is shown: its first 80 characters, then
/// its length.
pub fn cut(value: &str) -> String {
    let shown: String = value.chars().take(80).collect();
    format!("{shown:?}… ({} characters)", value.chars().count())
}

/// One value at or past an edge of a parameter's documented range or length, and the
/// constraint it breaks (`None`: it passes the checks).
pub struct Edge {
    pub value: String,
    pub broken: Option<Constraint>,
}

fn edge(value: impl ToString, broken: Option<Constraint>) -> Edge {
    Edge {
        value: value.to_string(),
        broken,
    }
}

/// Every edge of `p`'s range (the values its Rust type can hold; for text, the digits of
/// the number) and of its lengths (built of one character its pattern takes), and a value
/// of a passing length its pattern refuses.
pub fn edges(scalar: ScalarType, c: &Constraints) -> Vec<Edge> {
    let mut edges = Vec::new();
    if scalar == ScalarType::Number {
        return number_edges(c);
    }
    let (minimum, maximum) = c.int_range();
    if scalar.is_integer() {
        let (least, most) = match scalar {
            ScalarType::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (i64::MIN, i64::MAX),
        };
        if let Some(min) = minimum {
            edges.push(edge(min, None));
            if min > least {
                edges.push(edge(min - 1, Some(Constraint::Minimum(min))));
            }
        }
        if let Some(max) = maximum {
            edges.push(edge(max, None));
            if max < most {
                edges.push(edge(max + 1, Some(Constraint::Maximum(max))));
            }
        }
        return edges;
    }
    if scalar != ScalarType::String {
        return edges;
    }
    // A range on text is of the number its digits write.
    if c.has_range() {
        if let Some(min) = minimum {
            edges.push(edge(min.max(0), None));
            if min > 0 {
                edges.push(edge(min - 1, Some(Constraint::Minimum(min))));
            }
        }
        if let Some(max) = maximum {
            edges.push(edge(max, None));
            edges.push(edge(i128::from(max) + 1, Some(Constraint::Maximum(max))));
        }
        edges.push(edge("1x", Some(Constraint::Digits)));
        return edges;
    }
    let pattern = c
        .pattern
        .as_deref()
        .map(|p| Regex::new(&codegen::pattern::for_rust(p)).expect("validated patterns compile"));
    let takes = |text: &str| pattern.as_ref().is_none_or(|re| re.is_match(text));
    let Some(filler) = ['a', '0', 'A', '仓', '_']
        .into_iter()
        .find(|c| takes(&c.to_string()))
    else {
        return edges;
    };
    let of = |n: u64| filler.to_string().repeat(n as usize);
    // Lengths count characters: the same lengths again in a three-byte character, where
    // the pattern takes it.
    let wide = (filler != '仓' && takes("仓")).then_some('仓');
    let mut lengths = Vec::new();
    if let Some(len) = c.length {
        lengths.push((len, None));
        if len > 0 {
            lengths.push((len - 1, Some(Constraint::Length(len))));
        }
        lengths.push((len + 1, Some(Constraint::Length(len))));
    }
    if let Some(min) = c.min_length {
        lengths.push((min, None));
        if min > 0 {
            lengths.push((min - 1, Some(Constraint::MinLength(min))));
        }
    }
    if let Some(max) = c.max_length {
        lengths.push((max, None));
        lengths.push((max + 1, Some(Constraint::MaxLength(max))));
    }
    for (len, broken) in lengths {
        // The empty string breaks a pattern with `+` as well as the length: only lengths
        // the pattern takes are tried.
        if takes(&of(len)) || broken.is_none() {
            edges.push(edge(of(len), broken.clone()));
            if let Some(wide) = wide.filter(|_| len > 0) {
                edges.push(edge(wide.to_string().repeat(len as usize), broken));
            }
        }
    }
    if let Some(re) = &pattern {
        let len = c.length.or(c.min_length).unwrap_or(1).max(1) as usize;
        let refused = ['!', ' ', '仓', 'Z', '-', 'a', '0']
            .into_iter()
            .map(|c| c.to_string().repeat(len))
            .find(|text| !re.is_match(text));
        if let Some(text) = refused {
            let pattern = c.pattern.clone().unwrap_or_default();
            edges.push(edge(text, Some(Constraint::Pattern(pattern.leak()))));
        }
    }
    edges
}

/// A number's edges: each inclusive bound passes and the nearest `f64` beyond it fails;
/// each exclusive bound fails and the nearest `f64` inside it passes; NaN and the
/// infinities fail as not finite. Values are written as JSON and Rust write an `f64`.
fn number_edges(c: &Constraints) -> Vec<Edge> {
    let f = |v: f64| format!("{v:?}");
    let mut edges = Vec::new();
    if let Some(min) = c.minimum.map(|n| n.as_f64()) {
        edges.push(edge(f(min), None));
        edges.push(edge(
            f(min.next_down()),
            Some(Constraint::MinimumNumber(min)),
        ));
    }
    if let Some(max) = c.maximum.map(|n| n.as_f64()) {
        edges.push(edge(f(max), None));
        edges.push(edge(f(max.next_up()), Some(Constraint::MaximumNumber(max))));
    }
    if let Some(min) = c.exclusive_minimum.map(|n| n.as_f64()) {
        edges.push(edge(f(min), Some(Constraint::ExclusiveMinimum(min))));
        edges.push(edge(f(min.next_up()), None));
    }
    if let Some(max) = c.exclusive_maximum.map(|n| n.as_f64()) {
        edges.push(edge(f(max), Some(Constraint::ExclusiveMaximum(max))));
        edges.push(edge(f(max.next_down()), None));
    }
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        edges.push(edge(f(v), Some(Constraint::Finite)));
    }
    edges
}

/// The same kind of constraint with the same bound; patterns by kind alone (the client
/// names its own form of the pattern).
pub fn same(a: &Constraint, b: &Constraint) -> bool {
    match (a, b) {
        (Constraint::Pattern(_), Constraint::Pattern(_)) => true,
        _ => a == b,
    }
}

/// How the client shows a rejected value of a `scalar`: text quoted (cut past 80
/// characters), numbers as they are.
pub fn shown(scalar: ScalarType, value: &str) -> String {
    if scalar == ScalarType::Number {
        // As Rust displays an `f64`: `1` for `1.0`, `NaN`, `inf`.
        value.parse::<f64>().expect("a number edge").to_string()
    } else if !scalar.is_text() {
        value.to_owned()
    } else if value.chars().count() > 80 {
        cut(value)
    } else {
        format!("{value:?}")
    }
}

/// The most bytes a request URL can have (`http::Uri`'s limit), which the client checks
/// before sending.
const URL_LIMIT: u64 = 65_534;

/// Every documented range, length and pattern of every operation's parameters, at its
/// edges: an edge is sent as it is (or, when it cannot fit in a URL, refused as an invalid
/// request URL: the documented 100 000 characters do not), one past it is an invalid
/// request naming the operation, the parameter, the constraint and the value, and
/// nothing reaches the server.
#[tokio::test]
async fn every_documented_edge_of_every_operation() {
    let h = Harness::start().await;
    let mut tried = 0;
    for op in &ir().operations {
        for p in op.params.iter().filter(|p| !p.auth) {
            for Edge { value, broken } in edges(p.scalar, &p.constraints) {
                let values = [(p.wire.as_str(), value.as_str())];
                let at = format!("{}.{} = {:.40}", op.name, p.wire, value);
                let encoded = shapes::segment(&value).len() as u64;
                match broken {
                    None if p.location != Location::Header && encoded > URL_LIMIT => {
                        let violations = h
                            .expect_rejected(&op.name, call_with(&h.client, &op.name, &values))
                            .await;
                        assert_eq!(violations.len(), 1, "{at}: {violations:?}");
                        assert_eq!(violations[0].parameter, "request URL", "{at}");
                        assert_eq!(
                            violations[0].constraint,
                            Constraint::MaxLength(URL_LIMIT),
                            "{at}"
                        );
                    }
                    None => {
                        assert!(
                            encoded + 1_000 < URL_LIMIT,
                            "{at}: too near the URL limit to tell"
                        );
                        let request = h.expect_sent(call_with(&h.client, &op.name, &values)).await;
                        let expected = match p.location {
                            Location::Header => value.clone(),
                            Location::Path | Location::Query => shapes::segment(&value),
                        };
                        assert!(
                            sent_value(op, p, &request).as_ref() == Some(&expected),
                            "{at}: not sent as given"
                        );
                    }
                    Some(constraint) => {
                        let checked = catalogue::check(&h.client, &op.name, &values)
                            .expect("the operation is in the catalogue");
                        let violations = h
                            .expect_rejected(&op.name, call_with(&h.client, &op.name, &values))
                            .await;
                        assert_eq!(
                            invalid_request(&op.name, checked),
                            violations,
                            "{at}: check() and send() differ"
                        );
                        assert_eq!(violations.len(), 1, "{at}: {violations:?}");
                        assert_eq!(violations[0].parameter, p.wire, "{at}");
                        assert!(
                            same(&violations[0].constraint, &constraint),
                            "{at}: {:?} is not {constraint:?}",
                            violations[0].constraint
                        );
                        assert_eq!(violations[0].value, shown(p.scalar, &value), "{at}");
                    }
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 0, "the spec documents no range, length or pattern");
}

/// The documented length range of `operation`'s token (`X-Auth-Token`), which pages give
/// differently (Repo 1 to 100,000 characters, Req 10 to 32,768).
fn token_lengths(operation: &str) -> (u64, u64) {
    let op = ir()
        .operations
        .iter()
        .find(|op| op.name == operation)
        .expect("a listed operation");
    let token = op
        .params
        .iter()
        .find(|p| p.auth)
        .expect("every operation documents its token");
    let c = &token.constraints;
    (
        c.min_length.expect("a documented shortest token"),
        c.max_length.expect("a documented longest token"),
    )
}

#[tokio::test]
async fn auth_token_shortest_and_longest_are_sent_by_every_operation() {
    for operation in OPERATIONS {
        let (min, max) = token_lengths(operation);
        let shortest = "x".repeat(min as usize);
        let ascii = "t".repeat(max as usize);
        // The longest in characters, 2,000 bytes longer: a byte count would reject it.
        let wide = format!("{}{}", "仓".repeat(1_000), "t".repeat(max as usize - 1_000));
        for token in [&shortest, &ascii, &wide] {
            let h = Harness::start_with(|builder| builder.auth_token(token.as_str())).await;
            let request = h.expect_sent(call(&h.client, operation)).await;
            let sent = header_values(&request, "x-auth-token");
            assert_eq!(sent.len(), 1, "{operation}");
            assert!(
                &sent[0] == token,
                "{operation}: the token was not sent as given"
            );
        }
    }
}

#[tokio::test]
async fn auth_token_too_long_is_rejected_by_every_operation_without_showing_it() {
    let secret = "MIIsecret-0123456789";
    for operation in OPERATIONS {
        let (_, max) = token_lengths(operation);
        let token = format!("{secret}{}", "s".repeat(max as usize + 1 - secret.len()));
        let h = Harness::start_with(|builder| builder.auth_token(token.as_str())).await;
        let result = call(&h.client, operation).await;
        let printed = match &result {
            Err(error) => format!("{error} {error:?}"),
            Ok(value) => panic!("{operation}: expected a rejection, got {value}"),
        };
        assert!(!printed.contains(secret), "{operation}: {printed}");
        let violations = crate::support::invalid_request(operation, result);
        assert_eq!(
            violations,
            [violation(
                "X-Auth-Token",
                Constraint::MaxLength(max),
                &format!("<redacted, {} characters>", max + 1)
            )],
            "{operation}"
        );
        h.assert_nothing_sent().await;
    }
}

#[tokio::test]
async fn auth_token_longer_than_documented_is_sent_when_checks_are_skipped() {
    let token = "t".repeat(100_001);
    let h =
        Harness::start_with(|builder| builder.auth_token(token.as_str()).skip_request_checks(true))
            .await;
    for operation in OPERATIONS {
        let request = h.expect_sent(call(&h.client, operation)).await;
        if shapes::operation(operation).params.iter().any(|p| p.auth) {
            assert!(
                header_values(&request, "x-auth-token") == [token.as_str()],
                "{operation}"
            );
        }
    }
}

#[tokio::test]
async fn auth_token_empty_is_refused_when_the_client_is_built() {
    // The shortest documented token is 1 character; an empty one cannot make a client, so
    // it never reaches an operation (the `AuthToken` newtype rejects it too, see `newtypes`).
    let h = Harness::start().await;
    for skip in [false, true] {
        let result = client_builder(&h.server.uri())
            .auth_token("")
            .skip_request_checks(skip)
            .build();
        match result {
            Err(Error::Config(message)) => {
                assert_eq!(message, "no auth token: call `ClientBuilder::auth_token`")
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
    h.assert_nothing_sent().await;
}
