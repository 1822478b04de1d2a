//! How non-success answers reach the caller: documented error statuses and undocumented ones
//! as `Error::Api`, failed envelopes as `Error::Envelope`, undecodable bodies (an array
//! where an object is documented among them) as `Error::Decode`, oversized ones as
//! `Error::TooLarge`, a slow service as `Error::Timeout`, a broken connection or a refused TLS
//! handshake as `Error::Transport`; each names its operation. The operations and their
//! documented statuses come from the spec. `Error::Io` comes from saving a download and is
//! tested in `download`.

use std::time::Duration;

use codearts_client::{Error, Service, TimeLimit, Waiting};
use codegen::ir::{BodyKind, Operation, Success, TypeIr};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::shapes::{self, envelope, minimal};
use crate::support::{
    Harness, OPERATIONS, TOKEN, api_error, call, client_builder, fast_retries, ir, json_operation,
    json_response,
};

/// Every documented error status of every operation, answered with an error body (or with
/// none, where the page documents none): `Error::Api` with the status, the codes, the
/// request id, `documented` set, a message naming the operation, and no retry.
#[tokio::test]
async fn documented_errors_of_every_operation() {
    let mut seen = 0;
    for op in &ir().operations {
        for response in op.responses.iter().filter(|r| r.status >= 400) {
            let status = response.status;
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            let with_body = response.body != BodyKind::None;
            let body = if with_body {
                format!(r#"{{"error_code":"E.{status}","error_msg":"said {status}"}}"#)
            } else {
                String::new()
            };
            let h = Harness::answering(
                json_response(status, &body).insert_header("X-Request-Id", format!("rid-{status}")),
            )
            .await;
            let error = api_error(call(&h.client, &op.name).await);
            let at = format!("{} {status}", op.name);
            assert_eq!(error.operation, op.name, "{at}");
            assert_eq!(error.status, status, "{at}");
            assert!(error.documented, "{at} is documented");
            assert_eq!(error.request_id, Some(format!("rid-{status}")), "{at}");
            assert_eq!(error.body_excerpt, body, "{at}");
            let codes = if with_body {
                assert_eq!(error.error_code, Some(format!("E.{status}")), "{at}");
                assert_eq!(error.error_msg, Some(format!("said {status}")), "{at}");
                format!(": E.{status}: said {status}")
            } else {
                String::new()
            };
            assert_eq!(
                error.to_string(),
                format!(
                    "{} failed with HTTP {status} {reason}{codes} [request id: rid-{status}]",
                    op.name
                ),
                "{at}"
            );
            assert_eq!(h.requests().await.len(), 1, "{at}: errors are not retried");
            seen += 1;
        }
    }
    assert!(seen > 0, "the spec documents error statuses");
}

#[tokio::test]
async fn undocumented_status_with_an_html_body() {
    const HTML: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for op in &ir().operations {
        let operation = &op.name.as_str();
        let h = Harness::answering(
            ResponseTemplate::new(502)
                .insert_header("X-Request-Id", "gw-42")
                .set_body_raw(HTML, "text/html"),
        )
        .await;
        let result = call(&h.client, operation).await;
        let error = api_error(result);
        assert_eq!(error.operation, *operation);
        assert_eq!(error.status, 502);
        assert!(!error.documented, "{operation}: 502 is not documented");
        assert_eq!(error.error_code, None);
        assert_eq!(error.error_msg, None);
        assert_eq!(error.request_id.as_deref(), Some("gw-42"));
        assert_eq!(error.body_excerpt, HTML);
        // 502 is worth retrying when the call is idempotent: the harness's policy makes 3
        // attempts; a non-idempotent call is made once.
        let (attempts, after) = if op.idempotent {
            (3, " after 3 attempts")
        } else {
            (1, "")
        };
        assert_eq!(error.attempts, attempts, "{operation}");
        assert_eq!(
            error.to_string(),
            format!(
                "{operation} failed with HTTP 502 Bad Gateway{after} (status not \
                 documented for this operation), body: {HTML:?} [request id: gw-42]"
            )
        );
    }
}

/// A status `op`'s page does not document, among the usual error statuses.
fn undocumented_status(op: &Operation) -> u16 {
    [401, 403, 404, 409, 400]
        .into_iter()
        .find(|status| op.responses.iter().all(|r| r.status != *status))
        .unwrap_or(418)
}

/// An undocumented status still carries the usual error body, and its codes are read.
#[tokio::test]
async fn undocumented_status_keeps_the_error_codes_it_has() {
    for op in &ir().operations {
        let status = undocumented_status(op);
        let h = Harness::answering_json(
            status,
            r#"{"error_code":"DEV.00000003","error_msg":"Authentication information expired."}"#,
        )
        .await;
        let error = api_error(call(&h.client, &op.name).await);
        assert_eq!(
            (error.operation, error.status, error.documented),
            (op.name.as_str(), status, false)
        );
        assert_eq!(error.error_code.as_deref(), Some("DEV.00000003"));
        assert_eq!(
            error.error_msg.as_deref(),
            Some("Authentication information expired.")
        );
        assert_eq!(error.request_id, None);
    }
}

/// Every operation answering an envelope, with its envelope saying `failed`: an error of
/// the shape its page gives (an object of code and message, or a string), and none.
#[tokio::test]
async fn failed_envelopes_are_envelope_errors() {
    let mut seen = 0;
    for op in &ir().operations {
        let Some(envelope) = op.responses.iter().find_map(|r| r.envelope.as_ref()) else {
            continue;
        };
        let result = minimal(&envelope.result);
        let reported = match &envelope.error {
            TypeIr::Model(_) => (
                json!({ "code": "CH.001404", "message": "File not found" }),
                Some("CH.001404"),
                Some("File not found"),
            ),
            _ => (
                json!("endpoint not found"),
                None,
                Some("endpoint not found"),
            ),
        };
        let cases = [reported, (Value::Null, None, None)];
        for (error, expected_code, expected_message) in cases {
            let body = json!({ "error": error, "result": result, "status": "failed" }).to_string();
            let h = Harness::answering_json(200, &body).await;
            match call(&h.client, &op.name).await {
                Err(Error::Envelope {
                    operation,
                    status,
                    code,
                    message,
                }) => {
                    assert_eq!(operation, op.name);
                    assert_eq!(status.as_deref(), Some("failed"), "{body}");
                    assert_eq!(code.as_deref(), expected_code, "{body}");
                    assert_eq!(message.as_deref(), expected_message, "{body}");
                }
                other => panic!("{}: expected Error::Envelope, got {other:?}", op.name),
            }
            seen += 1;
        }
    }
    assert!(seen > 0, "the spec has operations answering an envelope");
}

#[tokio::test]
async fn envelope_failure_display() {
    let op = ir()
        .operations
        .iter()
        .find(|op| {
            op.responses.iter().any(|r| {
                matches!(
                    r.envelope.as_ref().map(|e| &e.error),
                    Some(TypeIr::Model(_))
                )
            })
        })
        .expect("an envelope whose error is an object");
    let h = Harness::answering_json(
        200,
        r#"{"error":{"code":"CH.001404","message":"File not found"},"status":"failed"}"#,
    )
    .await;
    let error = call(&h.client, &op.name).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: the service reported failure (status \"failed\"): CH.001404: File not found",
            op.name
        )
    );
    assert_eq!(error.operation(), Some(op.name.as_str()));
}

/// A body of the wrong JSON kind for `t` and the start of the message serde gives for it:
/// an object where a list is documented, a list where an object is (serde's derived
/// structs would read it by position), and the same one level down in a list.
fn wrong_kind(t: &TypeIr) -> Option<(Value, &'static str)> {
    match t {
        TypeIr::Array(item) => match &**item {
            TypeIr::Model(_) => Some((
                json!([[1, "r"]]),
                "invalid type: sequence, expected a JSON object",
            )),
            _ => Some((json!({ "id": 1 }), "invalid type: map, expected a sequence")),
        },
        TypeIr::Model(_) => Some((
            json!([1, "r"]),
            "invalid type: sequence, expected a JSON object",
        )),
        TypeIr::Map(_) => Some((json!([1]), "invalid type: sequence, expected a map")),
        TypeIr::Scalar(_) | TypeIr::Enum(_) => None,
    }
}

/// Every JSON operation, answered with a body that does not match its documentation:
/// not JSON, the wrong kind of value, an envelope without its result or with a result of
/// the wrong kind. Each is `Error::Decode` naming the operation, with the body.
#[tokio::test]
async fn bodies_that_do_not_match_the_documentation_are_decode_errors() {
    let mut seen = 0;
    for op in &ir().operations {
        let mut cases: Vec<(String, String)> = Vec::new();
        match &op.success {
            Success::Json(t) | Success::MaybeJson(t) => {
                cases.push((
                    "<html>OK</html>".into(),
                    "expected value at line 1 column 1".into(),
                ));
                if let Some((body, message)) = wrong_kind(t) {
                    cases.push((body.to_string(), message.into()));
                }
            }
            Success::Envelope(t) => {
                cases.push((
                    "<html>OK</html>".into(),
                    "expected value at line 1 column 1".into(),
                ));
                cases.push((
                    r#"{"status":"success"}"#.into(),
                    "envelope has no result".into(),
                ));
                if let Some((result, message)) = wrong_kind(t) {
                    cases.push((envelope(&result).to_string(), format!("result: {message}")));
                }
            }
            Success::Binary | Success::None => continue,
        }
        for (body, message_start) in cases {
            let h = Harness::answering_json(200, &body).await;
            match call(&h.client, &op.name).await {
                Err(Error::Decode {
                    operation,
                    status,
                    message,
                    body_excerpt,
                }) => {
                    assert_eq!((operation, status), (op.name.as_str(), 200));
                    assert!(
                        message.starts_with(&message_start),
                        "{}: {message}",
                        op.name
                    );
                    assert_eq!(body_excerpt, body);
                }
                other => panic!(
                    "{}: expected Error::Decode for {body}, got {other:?}",
                    op.name
                ),
            }
            seen += 1;
        }
    }
    assert!(seen > 0, "the spec has JSON operations");
}

/// A byte order mark before the JSON, in a success of every JSON operation and in an
/// error body.
#[tokio::test]
async fn a_byte_order_mark_before_the_json_is_accepted() {
    let bom = |json: &[u8]| [b"\xEF\xBB\xBF".as_slice(), json].concat();
    for op in &ir().operations {
        if matches!(op.success, Success::Binary) {
            continue;
        }
        let (body, content_type) = shapes::success_body(op, b"");
        let h =
            Harness::answering(ResponseTemplate::new(200).set_body_raw(bom(&body), content_type))
                .await;
        call(&h.client, &op.name)
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", op.name));
    }
    let h = Harness::answering(
        ResponseTemplate::new(403)
            .set_body_raw(bom(br#"{"error_code":"DEV.403"}"#), "application/json"),
    )
    .await;
    let error = api_error(call(&h.client, json_operation()).await);
    assert_eq!(error.error_code.as_deref(), Some("DEV.403"));
}

#[tokio::test]
async fn a_long_error_message_is_cut_in_the_display_and_kept_in_the_field() {
    let long = "m".repeat(60_000);
    let body = format!(r#"{{"error_code":"DEV.1","error_msg":"{long}"}}"#);
    let h = Harness::answering_json(401, &body).await;
    for operation in OPERATIONS {
        let error = call(&h.client, operation).await.unwrap_err();
        let shown = error.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        assert!(
            shown.ends_with(&format!("DEV.1: {}…", "m".repeat(512))),
            "{shown}"
        );
        let Error::Api(api) = error else { panic!() };
        assert_eq!(api.error_msg.as_deref(), Some(long.as_str()));
    }
}

#[tokio::test]
async fn an_echoed_token_is_scrubbed_from_errors() {
    let body = format!(r#"{{"error_code":"DEV.00000003","error_msg":"token {TOKEN} expired"}}"#);
    let h = Harness::answering_json(401, &body).await;
    for operation in OPERATIONS {
        let error = call(&h.client, operation).await.unwrap_err();
        let Error::Api(api) = &error else {
            panic!("expected Error::Api, got {error:?}")
        };
        assert_eq!(api.error_msg.as_deref(), Some("token <redacted> expired"));
        assert!(!api.body_excerpt.contains(TOKEN), "{}", api.body_excerpt);
        let printed = format!("{error} {error:?}");
        assert!(!printed.contains(TOKEN), "{printed}");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    // A server that accepts one connection and closes it without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        drop(socket);
    });
    let client = client_builder(&uri).build().unwrap();
    let operation = json_operation();
    let error = call(&client, operation).await.unwrap_err();
    server.await.unwrap();
    assert!(
        matches!(&error, Error::Transport { operation: actual, .. } if *actual == operation),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with(&format!("{operation}: ")),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let operation = json_operation();
    let (body, content_type) = shapes::success_body(shapes::operation(operation), b"");
    let slow = ResponseTemplate::new(200)
        .set_body_raw(body, content_type)
        .set_delay(Duration::from_secs(3));
    let h = Harness::serving(slow, |builder| {
        builder
            .timeout(Duration::from_millis(200))
            .retry_policy(fast_retries().with_max_attempts(2))
    })
    .await;
    let started = std::time::Instant::now();
    let error = call(&h.client, operation).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let Error::Timeout {
        operation: actual,
        waiting,
        limit,
        attempts,
    } = &error
    else {
        panic!("expected Error::Timeout, got {error:?}")
    };
    assert_eq!((*actual, *attempts), (operation, 2));
    assert_eq!((*waiting, *limit), (Waiting::Response, TimeLimit::Overall));
    assert!(error.is_timeout());
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(
        error.to_string(),
        format!("{operation}: the HTTP request timed out after 2 attempts")
    );
    assert_eq!(h.requests().await.len(), 2, "a timeout is retried");
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_too_large() {
    let operation = json_operation();
    let (small, _) = shapes::success_body(shapes::operation(operation), b"");
    // The smallest success, padded with whitespace past the limit.
    let body = format!("{}{}", String::from_utf8(small).unwrap(), " ".repeat(200));
    let h = Harness::serving(json_response(200, &body), |builder| {
        builder.max_body_size(100)
    })
    .await;
    let error = call(&h.client, operation).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{operation}: the response body of {} bytes is larger than the limit of 100 bytes \
             (`ClientBuilder::max_body_size`)",
            body.len()
        )
    );
    assert_eq!(h.requests().await.len(), 1, "not retried");
}

#[tokio::test]
async fn a_refused_tls_handshake_is_named_and_not_retried() {
    // An https endpoint whose server speaks plain HTTP: the handshake fails.
    let h = Harness::start().await;
    let https = h.server.uri().replace("http://", "https://");
    let client = Service::ALL
        .iter()
        .fold(codearts_client::Client::builder(), |builder, &service| {
            builder.endpoint(service, &https)
        })
        .auth_token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let operation = json_operation();
    let error = call(&client, operation).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("{operation}: the TLS handshake with the service failed")
    );
}
