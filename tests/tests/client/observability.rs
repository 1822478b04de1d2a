//! What the client tells `tracing`: one `request` span per call with the operation, method,
//! URL path, attempt, status and elapsed time, a `retrying` event per retry, and never the
//! token or a query value. A hand-written subscriber records every field as text.

use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::ResponseTemplate;

use codearts_client::catalogue;
use codegen::ir::{Location, Operation, Param, ParamTy, Success};

use crate::shapes;
use crate::support::{
    Harness, InTurn, OPERATIONS, TOKEN, call, call_with, ir, json_response, success,
};

/// A query value that must never be recorded.
const SECRET: &str = "private-dir/secret-plan.md?release/v2";

/// The first idempotent JSON operation with a text query parameter that takes [`SECRET`],
/// and that parameter.
fn with_a_text_query() -> (&'static Operation, &'static Param) {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token(TOKEN)
        .build()
        .unwrap();
    ir().operations
        .iter()
        .filter(|op| op.idempotent && matches!(op.success, Success::Json(_) | Success::Envelope(_)))
        .flat_map(|op| op.params.iter().map(move |p| (op, p)))
        .find(|(op, p)| {
            p.location == Location::Query
                && p.scalar.is_text()
                && !matches!(p.ty, ParamTy::Enum(_))
                && catalogue::check(&client, &op.name, &[(&p.wire, SECRET)])
                    .is_some_and(|checked| checked.is_ok())
        })
        .expect("an idempotent JSON operation has a text query parameter")
}

/// A span or event as recorded: its name, its target and every field, in recording order
/// (a field recorded twice appears twice; the later value is the newer).
#[derive(Debug, Clone)]
struct Recorded {
    name: &'static str,
    target: String,
    fields: Vec<(&'static str, String)>,
}

impl Recorded {
    /// The latest value of `field`.
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
    }

    fn values(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

#[derive(Default)]
struct Captured {
    spans: Vec<Recorded>,
    events: Vec<Recorded>,
}

/// Records every span and event of the thread it is the default subscriber of.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

struct Fields<'a>(&'a mut Vec<(&'static str, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name(), format!("{value:?}")));
    }
}

fn recorded(metadata: &Metadata<'_>, record: impl FnOnce(&mut Fields<'_>)) -> Recorded {
    let mut fields = Vec::new();
    record(&mut Fields(&mut fields));
    Recorded {
        name: metadata.name(),
        target: metadata.target().to_owned(),
        fields,
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let span = recorded(attributes.metadata(), |fields| attributes.record(fields));
        let mut captured = self.0.lock().unwrap();
        captured.spans.push(span);
        Id::from_u64(captured.spans.len() as u64)
    }

    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut captured = self.0.lock().unwrap();
        let span = &mut captured.spans[id.into_u64() as usize - 1];
        values.record(&mut Fields(&mut span.fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let event = recorded(event.metadata(), |fields| event.record(fields));
        self.0.lock().unwrap().events.push(event);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// A [`Capture`] that is the default subscriber of this thread until the guard drops.
///
/// The test runs on one thread (tokio's current-thread runtime), and other tests run
/// beside it on threads without a subscriber. tracing caches whether a callsite is of
/// interest when it is first hit; while only one subscriber exists anywhere, it asks the
/// hitting thread's default, so a first hit on another test's thread would cache "never"
/// for ours. A second, idle subscriber makes tracing ask every live one instead.
fn capture() -> (
    Capture,
    (tracing::subscriber::DefaultGuard, tracing::Dispatch),
) {
    let capture = Capture::default();
    let idle = tracing::Dispatch::new(Capture::default());
    let guard = tracing::subscriber::set_default(capture.clone());
    (capture, (guard, idle))
}

#[tokio::test]
async fn each_call_is_one_span_with_what_happened_and_no_secret() {
    let (capture, _guard) = capture();

    let (op, secret) = with_a_text_query();
    let path = shapes::sample_path(op);
    let responder = InTurn::new(vec![
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
        success(&path),
    ]);
    let h = Harness::serving(responder, |builder| builder).await;
    call_with(&h.client, &op.name, &[(&secret.wire, SECRET)])
        .await
        .unwrap();

    let captured = capture.0.lock().unwrap();
    let ours = |r: &&Recorded| r.target.starts_with("codearts_client");
    let spans: Vec<&Recorded> = captured.spans.iter().filter(ours).collect();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = spans[0];
    assert_eq!(span.name, "request");
    assert_eq!(span.field("operation"), Some(op.name.as_str()));
    assert_eq!(span.field("method"), Some(op.method.to_string().as_str()));
    assert_eq!(span.field("path"), Some(path.as_str()));
    assert_eq!(span.values("attempt"), ["1", "2"]);
    assert_eq!(span.values("status"), ["503", "200"]);
    let elapsed: u64 = span
        .field("elapsed_ms")
        .expect("elapsed_ms")
        .parse()
        .unwrap();
    assert!(elapsed < 10_000, "{elapsed}");

    let events: Vec<&Recorded> = captured.events.iter().filter(ours).collect();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].field("message"), Some("retrying"));
    assert_eq!(events[0].field("attempt"), Some("1"));
    assert_eq!(events[0].field("delay_ms"), Some("0"));
    assert!(
        events[0].field("error").unwrap().contains("HTTP 503"),
        "{events:#?}"
    );

    // Nothing recorded anywhere, by this crate or another, holds the token or a query value.
    for record in captured.spans.iter().chain(&captured.events) {
        for (field, value) in &record.fields {
            for secret in [
                TOKEN,
                "secret-plan",
                "release/v2",
                "release%2Fv2",
                "release%2fv2",
            ] {
                assert!(
                    !value.contains(secret),
                    "{}/{} field {field} holds {secret:?}: {value}",
                    record.target,
                    record.name
                );
            }
        }
    }
}

#[tokio::test]
async fn a_failed_call_records_its_last_status() {
    let (capture, _guard) = capture();
    let h = Harness::serving(json_response(404, "{}"), |builder| builder).await;
    let operation = OPERATIONS[0];
    call(&h.client, operation).await.unwrap_err();

    let captured = capture.0.lock().unwrap();
    let span = captured
        .spans
        .iter()
        .find(|s| s.target.starts_with("codearts_client"))
        .expect("a span");
    assert_eq!(span.field("operation"), Some(operation));
    let path = shapes::sample_path(shapes::operation(operation));
    assert_eq!(span.field("path"), Some(path.as_str()));
    assert_eq!(span.values("attempt"), ["1"]);
    assert_eq!(span.values("status"), ["404"]);
    assert!(span.field("elapsed_ms").is_some());
}
