//! What each operation puts on the wire: method, path (path values percent-encoded as one
//! segment), query (exact encoding, documented enum strings, unset optionals omitted), the
//! `X-Auth-Token` header, and which service's endpoint the request goes to.

use codearts_client::catalogue::debug;
use codearts_client::{Client, RetryPolicy, Service};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use codegen::ir::{Location, Operation, Param, ParamTy, Success};

use crate::shapes::{self, sample_path, segment, sent_value};
use crate::support::{
    Harness, OPERATIONS, TOKEN, api_error, call, call_with, download_operation, header_values, ir,
    raw_query,
};

/// Every operation, called with its samples and then with every parameter set to its
/// sample: the method, the path, exactly the query parameters set (each encoded), the
/// header parameters, the token and the `Accept` header its success calls for.
#[tokio::test]
async fn every_operation_sends_what_the_spec_says() {
    let h = Harness::start().await;
    for op in &ir().operations {
        let settable: Vec<_> = op
            .params
            .iter()
            .filter(|p| !p.auth)
            .filter_map(|p| Some((p, p.sample.as_ref()?.wire_text())))
            .collect();
        let everything: Vec<(&str, &str)> = settable
            .iter()
            .map(|(p, text)| (p.wire.as_str(), text.as_str()))
            .collect();
        for (values, all) in [(&[][..], false), (&everything[..], true)] {
            let request = h.expect_sent(call_with(&h.client, &op.name, values)).await;
            let at = format!("{} with {values:?}", op.name);
            assert_eq!(request.method.as_str(), op.method.to_string(), "{at}");
            assert_eq!(request.url.path(), sample_path(op), "{at}");
            let sent = |p: &codegen::ir::Param| all || p.is_positional();
            let mut query: Vec<String> = settable
                .iter()
                .filter(|(p, _)| p.location == Location::Query && sent(p))
                .map(|(p, text)| format!("{}={}", segment(&p.wire), segment(text)))
                .collect();
            query.sort();
            assert_eq!(raw_query(&request), query, "{at}");
            for (p, text) in settable
                .iter()
                .filter(|(p, _)| p.location == Location::Header)
            {
                let expected: Vec<String> = if sent(p) { vec![text.clone()] } else { vec![] };
                assert_eq!(header_values(&request, &p.wire), expected, "{at}");
            }
            if op.params.iter().any(|p| p.auth) {
                assert_token_sent(&request);
            }
            if !matches!(op.success, Success::Binary) {
                assert_asks_for_json(&request);
            }
        }
    }
}

/// A value with a space, a slash, a percent sign, a non-ASCII character, and the two
/// characters that would start a query and a fragment.
const HOSTILE: &str = "a b/c%d仓?x#y";
/// [`HOSTILE`] as one percent-encoded path segment or query value (`仓` is E4 BB 93 in
/// UTF-8).
const HOSTILE_ENCODED: &str = "a%20b%2Fc%25d%E4%BB%93%3Fx%23y";

fn assert_token_sent(request: &Request) {
    assert_eq!(header_values(request, "x-auth-token"), [TOKEN]);
}

fn assert_asks_for_json(request: &Request) {
    assert_eq!(header_values(request, "accept"), ["application/json"]);
}

/// Every non-token parameter of every operation, with its operation.
fn parameters() -> impl Iterator<Item = (&'static Operation, &'static Param)> {
    ir().operations
        .iter()
        .flat_map(|op| op.params.iter().filter(|p| !p.auth).map(move |p| (op, p)))
}

/// A binary answer is not JSON, so the client does not ask for JSON.
#[tokio::test]
async fn a_download_does_not_ask_for_json() {
    let h = Harness::start().await;
    let request = h.expect_sent(call(&h.client, download_operation())).await;
    assert!(
        !header_values(&request, "accept").contains(&"application/json".to_owned()),
        "{:?}",
        request.headers
    );
}

/// Every documented value of every enumerated parameter goes on the wire as the page
/// spells it.
#[tokio::test]
async fn enum_values_go_on_the_wire_as_documented() {
    let h = Harness::start().await;
    let mut seen = 0;
    for (op, p) in parameters() {
        let ParamTy::Enum(name) = &p.ty else { continue };
        let values = &ir()
            .param_types
            .iter()
            .find(|t| &t.name == name)
            .expect("an enum parameter's type is in the table")
            .variants;
        for value in values {
            let text = value.value.wire_text();
            let request = h
                .expect_sent(call_with(&h.client, &op.name, &[(&p.wire, &text)]))
                .await;
            assert_eq!(
                sent_value(op, p, &request),
                Some(segment(&text)),
                "{}.{}",
                op.name,
                p.wire
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "the spec has enumerated parameters");
}

/// Text in the path, the query or a header stays inside its segment, value or header:
/// percent-encoded (or sent as it is in a header), never starting a query or a fragment.
/// Checks are off, so that values the documented constraints would refuse are tried too.
#[tokio::test]
async fn text_values_are_encoded_where_they_go() {
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;
    let mut seen = 0;
    for (op, p) in parameters().filter(|(_, p)| p.scalar.is_text()) {
        if matches!(p.ty, ParamTy::Enum(_)) || p.location == Location::Header {
            continue;
        }
        let request = h
            .expect_sent(call_with(&h.client, &op.name, &[(&p.wire, HOSTILE)]))
            .await;
        let at = format!("{}.{}", op.name, p.wire);
        assert_eq!(
            sent_value(op, p, &request).as_deref(),
            Some(HOSTILE_ENCODED),
            "{at}"
        );
        assert_eq!(request.url.fragment(), None, "{at}");
        if p.location == Location::Path {
            assert!(
                !raw_query(&request).iter().any(|q| q.starts_with("x")),
                "{at}"
            );
        }
        seen += 1;
    }
    assert!(seen > 0, "the spec has text parameters");
}

#[tokio::test]
async fn each_service_uses_its_own_endpoint_and_base_path() {
    // One server per service, each under a base path of its own (one with a trailing
    // slash), answering 503: one request per call, with retries off.
    let mut servers = Vec::new();
    let mut builder = Client::builder();
    for (i, &service) in Service::ALL.iter().enumerate() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let slash = if i % 2 == 1 { "/" } else { "" };
        builder = builder.endpoint(
            service,
            format!("{}/{}-base{slash}", server.uri(), service.name()),
        );
        servers.push((service, server));
    }
    let client = builder
        .auth_token(TOKEN)
        .allow_http(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    for operation in OPERATIONS {
        assert_eq!(api_error(call(&client, operation).await).status, 503);
    }

    for (service, server) in servers {
        let received: Vec<String> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        let expected: Vec<String> = ir()
            .operations
            .iter()
            .filter(|op| {
                ir().services
                    .iter()
                    .any(|s| s.key == service.name() && s.variant == op.service_variant)
            })
            .map(|op| format!("/{}-base{}", service.name(), sample_path(op)))
            .collect();
        assert_eq!(received, expected, "{service:?}");
    }
}

#[tokio::test]
async fn request_builders_never_show_the_token() {
    let h = Harness::start().await;
    for operation in OPERATIONS {
        let debug = debug(&h.client, operation, &[]).expect("the catalogue has it");
        assert!(!debug.contains(TOKEN), "{debug}");
        if shapes::operation(operation).params.iter().any(|p| p.auth) {
            assert!(debug.contains("<redacted>"), "{operation}: {debug}");
        }
    }
}
