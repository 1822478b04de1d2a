//! Retries of an idempotent GET (any operation of that role in the spec, not one named
//! here): 429, 502, 503, 504, refused connections, connections
//! lost before the answer and timeouts are tried again with backoff, `Retry-After` is
//! honoured up to its cap, every other status is final, a disabled policy makes one
//! request, the call timeout bounds the whole call, and the final error says how many
//! attempts were made. A non-idempotent call (a `POST`) is retried only when the request
//! cannot have reached the service: no connection, or HTTP 429; each case counts what
//! reached the server.

use std::time::{Duration, Instant};

use codearts_client::http::{BodyKind, RequestBody, RequestParts, ResponseSpec};
use codearts_client::{AuthScheme, Client, Error, RetryPolicy, Service, TimeLimit, Waiting};
use codegen::ir::Success;
use wiremock::ResponseTemplate;

use crate::shapes;
use crate::support::{
    Harness, InTurn, Raw, RawServer, api_error, call, client_builder, fast_retries, ir,
    json_response,
};

/// A harness whose server answers `responses` in turn; returns it with the arrival times.
async fn in_turn(
    responses: Vec<ResponseTemplate>,
    policy: RetryPolicy,
) -> (Harness, std::sync::Arc<std::sync::Mutex<Vec<Instant>>>) {
    let responder = InTurn::new(responses);
    let arrivals = responder.arrivals();
    let h = Harness::serving(responder, |builder| builder.retry_policy(policy)).await;
    (h, arrivals)
}

/// The operation these tests call: any idempotent one answering JSON that documents no
/// error status (so that every failure here is an undocumented status), taken from the
/// spec by that role rather than by name.
fn subject() -> &'static str {
    &ir()
        .operations
        .iter()
        .find(|op| {
            op.idempotent
                && matches!(op.success, Success::Json(_) | Success::Envelope(_))
                && op.responses.iter().all(|r| (200..300).contains(&r.status))
        })
        .expect("the spec has an idempotent JSON operation without documented errors")
        .name
}

/// The smallest success of [`subject`].
fn ok() -> ResponseTemplate {
    let (body, content_type) = shapes::success_body(shapes::operation(subject()), b"");
    ResponseTemplate::new(200).set_body_raw(body, content_type)
}

#[tokio::test]
async fn a_503_then_success_takes_exactly_two_requests() {
    let (h, _) = in_turn(vec![ResponseTemplate::new(503), ok()], fast_retries()).await;
    call(&h.client, subject()).await.unwrap();
    let requests = h.requests().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url, requests[1].url, "the same request again");
    assert_eq!(
        requests[0].headers.get("x-auth-token"),
        requests[1].headers.get("x-auth-token")
    );
}

/// A 503 is retried for an idempotent operation; a non-idempotent one may have acted on
/// the request, so it is sent once.
#[tokio::test]
async fn every_operation_is_retried_as_its_idempotence_allows() {
    for op in &ir().operations {
        let operation = op.name.as_str();
        let h = Harness::serving(InTurn::new(vec![ResponseTemplate::new(503)]), |builder| {
            builder.retry_policy(fast_retries().with_max_attempts(2))
        })
        .await;
        let error = api_error(call(&h.client, operation).await);
        let attempts = if op.idempotent { 2 } else { 1 };
        assert_eq!(
            (error.status, error.attempts),
            (503, attempts),
            "{operation}"
        );
        assert_eq!(h.requests().await.len() as u32, attempts, "{operation}");
    }
}

#[tokio::test]
async fn throttling_and_gateway_errors_are_retried() {
    for status in [429, 502, 503, 504] {
        let (h, _) = in_turn(vec![ResponseTemplate::new(status), ok()], fast_retries()).await;
        call(&h.client, subject())
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(h.requests().await.len(), 2, "{status} is retried once");
    }
}

#[tokio::test]
async fn other_statuses_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 500, 501] {
        let body = format!(r#"{{"error_code":"E.{status}","error_msg":"no"}}"#);
        let (h, _) = in_turn(vec![json_response(status, &body), ok()], fast_retries()).await;
        let error = api_error(call(&h.client, subject()).await);
        assert_eq!((error.status, error.attempts), (status, 1));
        assert!(!error.to_string().contains("attempts"), "{error}");
        assert_eq!(h.requests().await.len(), 1, "{status} is final");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "1");
    let policy = fast_retries().with_max_retry_after(Duration::from_secs(5));
    let (h, arrivals) = in_turn(vec![busy, ok()], policy).await;
    call(&h.client, subject()).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 2);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_secs(1), "waited only {gap:?}");
    assert!(gap < Duration::from_secs(3), "waited {gap:?}");
}

#[tokio::test]
async fn retry_after_is_cut_to_the_cap() {
    // Half a minute asked for (within the call's two minutes), 50 ms allowed.
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "30");
    let policy = fast_retries().with_max_retry_after(Duration::from_millis(50));
    let (h, arrivals) = in_turn(vec![busy, ok()], policy).await;
    call(&h.client, subject()).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(50), "waited only {gap:?}");
    assert!(gap < Duration::from_secs(2), "waited {gap:?}");
}

#[tokio::test]
async fn backoff_waits_between_attempts() {
    // Without Retry-After: at least half of 100 ms, then of 200 ms (equal jitter).
    let policy = RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1));
    let (h, arrivals) = in_turn(vec![ResponseTemplate::new(502)], policy).await;
    let error = api_error(call(&h.client, subject()).await);
    assert_eq!(error.attempts, 3);
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 3);
    let (first, second) = (arrivals[1] - arrivals[0], arrivals[2] - arrivals[1]);
    assert!(first >= Duration::from_millis(50), "{first:?}");
    assert!(second >= Duration::from_millis(100), "{second:?}");
    assert!(first < Duration::from_secs(1) && second < Duration::from_secs(1));
}

#[tokio::test]
async fn disabled_retries_make_one_request() {
    let (h, _) = in_turn(
        vec![ResponseTemplate::new(503), ok()],
        RetryPolicy::disabled(),
    )
    .await;
    let error = api_error(call(&h.client, subject()).await);
    assert_eq!((error.status, error.attempts), (503, 1));
    assert_eq!(
        error.to_string(),
        format!(
            "{} failed with HTTP 503 Service Unavailable (status not documented for this \
             operation)",
            subject()
        )
    );
    assert_eq!(h.requests().await.len(), 1);
}

#[tokio::test]
async fn exhausted_retries_name_the_attempt_count() {
    let (h, _) = in_turn(
        vec![ResponseTemplate::new(504).insert_header("X-Request-Id", "rid-last")],
        fast_retries().with_max_attempts(4),
    )
    .await;
    let result = call(&h.client, subject()).await;
    let error = result.unwrap_err();
    assert_eq!(error.attempts(), Some(4));
    assert_eq!(
        error.to_string(),
        format!(
            "{} failed with HTTP 504 Gateway Timeout after 4 attempts (status not documented \
             for this operation) [request id: rid-last]",
            subject()
        )
    );
    assert_eq!(h.requests().await.len(), 4);
}

#[tokio::test]
async fn refused_connections_are_retried() {
    // A port that was free a moment ago: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_builder(&format!("http://127.0.0.1:{port}"))
        .retry_policy(
            fast_retries()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(40))
                .with_max_backoff(Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = call(&client, subject()).await.unwrap_err();
    let Error::Transport {
        operation,
        attempts,
        ..
    } = &error
    else {
        panic!("expected Error::Transport, got {error:?}")
    };
    assert_eq!((*operation, *attempts), (subject(), 3));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: could not connect to the service after 3 attempts",
            subject()
        )
    );
    // Two backoffs, of at least half of 40 ms and half of 80 ms: the waits happened.
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_that_meets_a_final_error_reports_it() {
    let (h, _) = in_turn(
        vec![
            ResponseTemplate::new(503),
            json_response(404, r#"{"error_code":"CH.404","error_msg":"gone"}"#),
        ],
        fast_retries(),
    )
    .await;
    let error = api_error(call(&h.client, subject()).await);
    assert_eq!((error.status, error.attempts), (404, 2));
    assert_eq!(error.error_code.as_deref(), Some("CH.404"));
    assert_eq!(h.requests().await.len(), 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_call_ends_it_at_once() {
    // The default policy: two minutes for the call, 30 s the longest wait. A day asked
    // for is not waited out in capped pieces; the 429 is the answer.
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "99999");
    let (h, _) = in_turn(vec![busy], RetryPolicy::default()).await;
    let started = Instant::now();
    let error = api_error(call(&h.client, subject()).await);
    assert_eq!((error.status, error.attempts), (429, 1));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(h.requests().await.len(), 1);
}

#[tokio::test]
async fn the_call_timeout_bounds_every_attempt_and_wait() {
    // Each attempt would wait 10 s for an answer; the call has 300 ms in all.
    let server = RawServer::start(vec![Raw::Pause(Duration::from_secs(10))]).await;
    let client = client_builder(&server.uri)
        .retry_policy(fast_retries().with_call_timeout(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = call(&client, subject()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(
            error,
            Error::Timeout {
                waiting: Waiting::Response,
                limit: TimeLimit::Call,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_connection_lost_before_the_answer_is_retried() {
    // The first connection is reset once the request is in, as a pooled connection that
    // the server closed meanwhile is; the second answers.
    let first = std::sync::atomic::AtomicBool::new(true);
    let server = RawServer::start_with(move |_| {
        if first.swap(false, std::sync::atomic::Ordering::SeqCst) {
            vec![Raw::Reset]
        } else {
            let (body, _) = shapes::success_body(shapes::operation(subject()), b"");
            let mut answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            answer.extend(body);
            vec![Raw::Send(answer)]
        }
    })
    .await;
    let client = client_builder(&server.uri).build().unwrap();
    call(&client, subject()).await.unwrap();
    assert_eq!(server.connections(), 2);
}

/// A request of a `POST` operation, `idempotent` or not, as a generated operation would
/// describe it: this spec has no such page yet, so the runtime is driven directly.
fn post(idempotent: bool) -> RequestParts {
    RequestParts {
        operation: "run_job",
        service: Service::ALL[0],
        method: reqwest::Method::POST,
        idempotent,
        path: "/v3/jobs/run".to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        auth: &[AuthScheme::TokenHeader {
            header: "X-Auth-Token",
        }],
        responses: &[ResponseSpec {
            status: 200,
            body: BodyKind::Json,
        }],
        body: Some(RequestBody::json(
            &serde_json::json!({"name": "x"}),
            "application/json",
        )),
    }
}

/// Sends [`post`] through `client`.
async fn send_post(client: &Client, idempotent: bool) -> Result<serde_json::Value, Error> {
    client.send_json(post(idempotent)).await
}

#[tokio::test]
async fn a_non_idempotent_call_is_not_retried_after_a_gateway_error() {
    for status in [502, 503, 504] {
        for (idempotent, sent) in [(false, 1), (true, 3)] {
            let (h, _) = in_turn(vec![ResponseTemplate::new(status)], fast_retries()).await;
            let error = api_error(send_post(&h.client, idempotent).await);
            assert_eq!(
                (error.status, error.attempts),
                (status, sent),
                "{status}, idempotent: {idempotent}"
            );
            let requests = h.requests().await;
            assert_eq!(requests.len(), sent as usize, "{status}");
            assert!(requests.iter().all(|r| r.method.as_str() == "POST"));
        }
    }
}

#[tokio::test]
async fn a_non_idempotent_call_is_retried_after_429_honouring_retry_after() {
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "0");
    let (h, arrivals) = in_turn(vec![busy, json_response(200, "{}")], fast_retries()).await;
    let value = send_post(&h.client, false).await.unwrap();
    assert_eq!(value, serde_json::json!({}));
    assert_eq!(arrivals.lock().unwrap().len(), 2, "refused, then served");
}

#[tokio::test]
async fn a_non_idempotent_call_is_not_retried_after_a_timeout() {
    for (idempotent, sent) in [(false, 1), (true, 3)] {
        let server = RawServer::start(vec![Raw::Pause(Duration::from_secs(10))]).await;
        let client = client_builder(&server.uri)
            .read_timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        let error = send_post(&client, idempotent).await.unwrap_err();
        let Error::Timeout { attempts, .. } = &error else {
            panic!("expected Error::Timeout, got {error:?}");
        };
        assert_eq!(*attempts, sent, "idempotent: {idempotent}");
        assert_eq!(
            server.connections(),
            sent as usize,
            "idempotent: {idempotent}"
        );
    }
}

#[tokio::test]
async fn a_non_idempotent_call_is_not_retried_after_a_reset_once_sent() {
    for (idempotent, sent) in [(false, 1), (true, 3)] {
        // Every connection is reset once the request head has arrived.
        let server = RawServer::start(vec![Raw::Reset]).await;
        let client = client_builder(&server.uri).build().unwrap();
        let error = send_post(&client, idempotent).await.unwrap_err();
        let Error::Transport { attempts, .. } = &error else {
            panic!("expected Error::Transport, got {error:?}");
        };
        assert_eq!(*attempts, sent, "idempotent: {idempotent}");
        assert!(server.wait_until_ended(Duration::from_secs(5)).await);
        let received = server.log().iter().filter(|c| !c.target.is_empty()).count();
        assert_eq!(received, sent as usize, "idempotent: {idempotent}");
    }
}

#[tokio::test]
async fn a_non_idempotent_call_is_retried_when_no_connection_was_made() {
    // A port with nothing listening: the request never left.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let error = send_post(&client, false).await.unwrap_err();
    let Error::Transport { attempts, .. } = &error else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert_eq!(*attempts, 3);
    assert_eq!(
        error.to_string(),
        "run_job: could not connect to the service after 3 attempts"
    );
}
