//! Successes the service may send without content (`may_be_empty`: a page that documents
//! a body for its 204): no content reads as `None`, whatever the status, and a body that
//! arrives is decoded and checked like any other.

use codearts_client::Error;
use codegen::ir::{Operation, Success};
use serde_json::Value;
use wiremock::ResponseTemplate;

use crate::shapes::minimal;
use crate::support::{Harness, call, ir, json_response};

fn maybe_empty() -> Vec<(&'static Operation, Value)> {
    let found: Vec<_> = ir()
        .operations
        .iter()
        .filter_map(|op| match &op.success {
            Success::MaybeJson(t) => Some((op, minimal(t))),
            _ => None,
        })
        .collect();
    assert!(
        !found.is_empty(),
        "the spec has a success that may be empty"
    );
    found
}

#[tokio::test]
async fn no_content_is_none_and_content_is_decoded() {
    for (op, body) in maybe_empty() {
        // A 204 as documented, with the documented body attached: HTTP drops it.
        let with_body =
            ResponseTemplate::new(204).set_body_raw(body.to_string(), "application/json");
        for (answer, expected) in [
            (with_body, Value::Null),
            (ResponseTemplate::new(204), Value::Null),
            (ResponseTemplate::new(200), Value::Null),
            (json_response(200, " \r\n"), Value::Null),
            (json_response(200, &body.to_string()), body.clone()),
        ] {
            let h = Harness::answering(answer).await;
            let decoded = call(&h.client, &op.name).await;
            assert_eq!(decoded.ok(), Some(expected.clone()), "{}", op.name);
        }
        // Content that is not the documented body is still an error.
        for wrong in ["<html>OK</html>", "[]", "null"] {
            let h = Harness::answering_json(200, wrong).await;
            let result = call(&h.client, &op.name).await;
            assert!(
                matches!(&result, Err(Error::Decode { status: 200, .. })),
                "{}: {wrong}: {result:?}",
                op.name
            );
        }
    }
}
