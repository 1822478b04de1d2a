//! The checks as a whole: every violation of a call is reported at once, `check()` reports
//! without sending, `skip_request_checks(true)` sends what the documentation forbids, and
//! values that cannot be sent safely (a token with a line break, a `..` path segment) are
//! refused whatever the setting.

use codearts_client::catalogue;
use codearts_client::{Constraint, Violation};
use codegen::ir::{Location, Operation, Param, ParamTy};

use crate::boundaries::{Edge, edges, shown};
use crate::shapes::{param, segment, sent_value};
use crate::support::{
    Harness, OPERATIONS, call, call_with, header_values, invalid_request, ir, violation,
};

/// The pattern of header values `http` can send: no control characters but tab, no DEL.
const HEADER_VALUE_PATTERN: &str = r"^[^\x00-\x08\x0A-\x1F\x7F]*$";

/// A path segment that is not `.` or `..`, which URL parsers would resolve away.
const PATH_SEGMENT_PATTERN: &str = r"^(?:[^.].*|\.[^.].*|\.\..+)?$";

/// One broken value for each parameter of `op` that can have one (its first edge past a
/// documented constraint), in parameter order, with the violation each must raise.
fn broken_values(op: &Operation) -> Vec<(&str, String, Violation)> {
    op.params
        .iter()
        .filter(|p| !p.auth)
        .filter_map(|p| {
            let Edge { value, broken } = edges(p.scalar, &p.constraints)
                .into_iter()
                .find(|e| e.broken.is_some())?;
            let expected = Violation {
                parameter: leak(&p.wire).into(),
                constraint: broken?,
                value: shown(p.scalar, &value),
            };
            Some((p.wire.as_str(), value, expected))
        })
        .collect()
}

/// `text` for the life of the test binary, as a violation names its parameter.
fn leak(text: &str) -> &'static str {
    text.to_owned().leak()
}

/// The violations compared by parameter, kind of constraint and value (the client names
/// its own form of a pattern).
fn summary(violations: &[Violation]) -> Vec<(String, String, String)> {
    violations
        .iter()
        .map(|v| {
            let kind = format!("{:?}", v.constraint);
            let kind = match v.constraint {
                Constraint::Pattern(_) => "Pattern".to_owned(),
                _ => kind,
            };
            (v.parameter.to_string(), kind, v.value.clone())
        })
        .collect()
}

/// Every operation with every parameter broken at once, and an over-long token: every
/// violation is reported, in parameter order, by `send` and by `check` alike, and the
/// message lists them all.
#[tokio::test]
async fn every_violation_of_a_call_is_reported_in_parameter_order() {
    let token_limit = 100_000;
    let h = Harness::start_with(|builder| builder.auth_token("t".repeat(token_limit + 1))).await;
    let mut most = 0;
    for op in &ir().operations {
        let broken = broken_values(op);
        let values: Vec<(&str, &str)> = broken.iter().map(|(w, v, _)| (*w, v.as_str())).collect();
        let mut expected: Vec<Violation> = broken.iter().map(|(_, _, v)| v.clone()).collect();
        // Every page documents a longest token; this one is longer than each.
        if let Some(max) = op
            .params
            .iter()
            .find(|p| p.auth)
            .and_then(|p| p.constraints.max_length)
        {
            expected.push(violation(
                "X-Auth-Token",
                Constraint::MaxLength(max),
                &format!("<redacted, {} characters>", token_limit + 1),
            ));
        }
        let result = call_with(&h.client, &op.name, &values).await;
        let message = match &result {
            Err(error) => error.to_string(),
            Ok(value) => panic!("{}: expected a rejection, got {value}", op.name),
        };
        let reported = invalid_request(&op.name, result);
        assert_eq!(summary(&reported), summary(&expected), "{}", op.name);
        let listed: Vec<String> = reported.iter().map(ToString::to_string).collect();
        assert_eq!(
            message,
            format!("invalid request for {}: {}", op.name, listed.join("; "))
        );
        let checked = catalogue::check(&h.client, &op.name, &values).expect("in the catalogue");
        assert_eq!(invalid_request(&op.name, checked), reported, "{}", op.name);
        most = most.max(reported.len());
    }
    assert!(
        most >= 3,
        "some operation breaks several constraints at once"
    );
    h.assert_nothing_sent().await;
}

/// With the checks skipped, values the documentation forbids are sent as they are; an
/// explicit `check()` still reports them.
#[tokio::test]
async fn skipping_the_checks_sends_out_of_range_values() {
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;
    let mut sent = 0;
    for op in &ir().operations {
        // Not an empty path segment, which is refused whatever the setting, nor a value
        // too long for a URL.
        let broken: Vec<_> = broken_values(op)
            .into_iter()
            .filter(|(wire, value, _)| {
                let p = param(op, wire);
                !(p.location == Location::Path && value.is_empty()) && value.len() < 10_000
            })
            .collect();
        if broken.is_empty() {
            continue;
        }
        let values: Vec<(&str, &str)> = broken.iter().map(|(w, v, _)| (*w, v.as_str())).collect();
        let request = h.expect_sent(call_with(&h.client, &op.name, &values)).await;
        for (wire, value, _) in &broken {
            let p = param(op, wire);
            let expected = match p.location {
                Location::Header => value.clone(),
                Location::Path | Location::Query => segment(value),
            };
            assert_eq!(
                sent_value(op, p, &request),
                Some(expected),
                "{}.{wire}",
                op.name
            );
            sent += 1;
        }
        let checked = catalogue::check(&h.client, &op.name, &values).expect("in the catalogue");
        let expected: Vec<Violation> = broken.iter().map(|(_, _, v)| v.clone()).collect();
        assert_eq!(
            summary(&invalid_request(&op.name, checked)),
            summary(&expected)
        );
    }
    assert!(sent > 0, "the spec documents constraints to skip");
}

/// Every text path parameter of every operation, with its operation.
fn text_path_params() -> Vec<(&'static Operation, &'static Param)> {
    let found: Vec<_> = ir()
        .operations
        .iter()
        .flat_map(|op| op.params.iter().map(move |p| (op, p)))
        .filter(|(_, p)| {
            p.location == Location::Path && p.scalar.is_text() && !matches!(p.ty, ParamTy::Enum(_))
        })
        .collect();
    assert!(!found.is_empty(), "the spec has text path parameters");
    found
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_before_sending() {
    // Each as long as every page's shortest token, so that the header rule alone fails.
    let tokens = [
        "abc\r\nX-Evil: 1",
        "abcdefghij\n",
        "\rabcdefghij",
        "nul\0byte-long",
        "del\x7f-and-more",
    ];
    for skip in [false, true] {
        for token in tokens {
            let h =
                Harness::start_with(|builder| builder.auth_token(token).skip_request_checks(skip))
                    .await;
            for operation in OPERATIONS {
                let result = call(&h.client, operation).await;
                let printed = format!("{result:?}");
                assert!(!printed.contains("Evil"), "{printed}");
                let shown = format!("<redacted, {} characters>", token.chars().count());
                assert_eq!(
                    invalid_request(operation, result),
                    [violation(
                        "X-Auth-Token",
                        Constraint::Pattern(HEADER_VALUE_PATTERN),
                        &shown
                    )],
                    "{token:?}, skip_request_checks({skip})"
                );
            }
            h.assert_nothing_sent().await;
        }
    }
}

#[tokio::test]
async fn a_tab_in_a_token_is_a_valid_header_value() {
    let h = Harness::start_with(|builder| builder.auth_token("abc\tdef")).await;
    let operation = ir()
        .operations
        .iter()
        .find(|op| op.params.iter().any(|p| p.auth))
        .expect("an operation takes the token");
    let request = h.expect_sent(call(&h.client, &operation.name)).await;
    assert_eq!(header_values(&request, "x-auth-token"), ["abc\tdef"]);
}

#[tokio::test]
async fn dot_segments_are_refused_whatever_the_checks() {
    for skip in [false, true] {
        let h = Harness::start_with(|builder| builder.skip_request_checks(skip)).await;
        for (op, p) in text_path_params() {
            for segment in [".", ".."] {
                let violations = h
                    .expect_rejected(
                        &op.name,
                        call_with(&h.client, &op.name, &[(&p.wire, segment)]),
                    )
                    .await;
                let dots = violation(
                    "path segment",
                    Constraint::Pattern(PATH_SEGMENT_PATTERN),
                    &format!("{segment:?}"),
                );
                // With the checks on, a documented constraint of the parameter may refuse
                // the value first; without them, the segment rule does.
                if skip {
                    assert_eq!(violations, [dots], "{}.{}", op.name, p.wire);
                } else {
                    assert!(!violations.is_empty(), "{}.{}", op.name, p.wire);
                }
            }
        }
    }
    // Dots inside a value are ordinary characters.
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;
    for (op, p) in text_path_params() {
        for value in ["...", ".git", "a..b"] {
            let request = h
                .expect_sent(call_with(&h.client, &op.name, &[(&p.wire, value)]))
                .await;
            assert_eq!(
                sent_value(op, p, &request).as_deref(),
                Some(value),
                "{}",
                op.name
            );
        }
    }
}

#[tokio::test]
async fn an_empty_path_value_is_refused_whatever_the_checks() {
    for skip in [false, true] {
        let h = Harness::start_with(|builder| builder.skip_request_checks(skip)).await;
        for (op, p) in text_path_params() {
            h.expect_rejected(&op.name, call_with(&h.client, &op.name, &[(&p.wire, "")]))
                .await;
        }
    }
}
