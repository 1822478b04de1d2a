//! AK/SK signing end to end: a loopback server recomputes each request's `SDK-HMAC-SHA256`
//! signature from what it received, with its own implementation of the scheme (not the
//! client's), and answers 401 when it does not match, as API Gateway would. The client's
//! signer is also checked byte for byte against the official SDK's vectors in its unit
//! tests; this proves that what reaches the wire verifies.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use codearts_client::{AuthScheme, Client, Credentials, Error, Service};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use codegen::ir::{Location, ParamTy, Success};
use codegen::spec::AuthKind;

use crate::shapes::{self, sent_value};
use crate::support::{
    Harness, OPERATIONS, TOKEN, call, call_with, client_builder, ir, json_response, success,
};

/// Every operation that accepts a signature, in name order.
fn signed_operations() -> Vec<&'static str> {
    OPERATIONS
        .iter()
        .copied()
        .filter(|name| {
            shapes::operation(name)
                .auth
                .iter()
                .any(|scheme| scheme.kind == AuthKind::SdkHmacSha256)
        })
        .collect()
}

/// The operation the tests of one signed call make: the first idempotent one answering
/// JSON that accepts a signature.
fn subject() -> &'static str {
    signed_operations()
        .into_iter()
        .find(|name| {
            let op = shapes::operation(name);
            op.idempotent
                && op.body.is_none()
                && matches!(op.success, Success::Json(_) | Success::Envelope(_))
        })
        .expect("an idempotent JSON operation without a body accepts a signature")
}

const AK: &str = "HPUAL3Y5VQ7EXAMPLEAK";
const SK: &str = "k9Vd3XoExampleSecretKey0123456789abcdefGH";
const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00gQ-example-security-token+/=";
const IAM_PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// 2026-01-08T09:30:15Z.
const SIGNED_AT: u64 = 1_767_864_615;
const SIGNED_AT_TEXT: &str = "20260108T093015Z";

fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(SIGNED_AT)
}

/// A clock that moves one second forward each time it is read.
fn advancing_clock() -> impl Fn() -> SystemTime + Send + Sync + 'static {
    let reads = AtomicU64::new(0);
    move || UNIX_EPOCH + Duration::from_secs(SIGNED_AT + reads.fetch_add(1, Ordering::SeqCst))
}

// ---------------------------------------------------------------------------------------
// The server's side: an independent SDK-HMAC-SHA256 check

/// RFC 3986 unreserved characters stay; every other byte is `%XX` (upper-case hex).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `%XX` back to bytes; nothing else changes (`+` stays a plus).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hmac_hex(key: &str, data: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// What the gateway checks: the `Authorization` header's parts, the headers that must be
/// signed, and the signature recomputed from the request as it arrived.
fn verify(request: &Request, keys: &BTreeMap<&str, &str>) -> Result<(), String> {
    let authorization = header(request, "authorization").ok_or("no Authorization header")?;
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or_else(|| format!("not SDK-HMAC-SHA256: {authorization}"))?;
    let field = |name: &str| {
        fields
            .split(", ")
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .ok_or_else(|| format!("no {name} in {authorization}"))
    };
    let (access, signed, signature) = (
        field("Access")?,
        field("SignedHeaders")?,
        field("Signature")?,
    );
    let secret = keys.get(access).ok_or("unknown access key")?;
    let date = header(request, "x-sdk-date").ok_or("no X-Sdk-Date header")?;
    if date.len() != 16 || !date.ends_with('Z') || date.as_bytes()[8] != b'T' {
        return Err(format!("X-Sdk-Date is not YYYYMMDDTHHMMSSZ: {date}"));
    }
    let names: Vec<&str> = signed.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if names != sorted || signed.to_ascii_lowercase() != signed {
        return Err(format!(
            "signed headers are not sorted lower-case: {signed}"
        ));
    }
    let mut required = vec!["host", "x-sdk-date"];
    for optional in ["x-security-token", "x-project-id"] {
        if request.headers.contains_key(optional) {
            required.push(optional);
        }
    }
    if let Some(missing) = required.iter().find(|r| !names.contains(r)) {
        return Err(format!("{missing} is sent but not signed"));
    }

    let path = decode(request.url.path());
    let mut uri = path.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs: Vec<(String, String)> = request
        .url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = String::new();
    for name in &names {
        let value =
            header(request, name).ok_or_else(|| format!("{name} is signed but not sent"))?;
        headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical = format!(
        "{}\n{uri}\n{query}\n{headers}\n{signed}\n{}",
        request.method.as_str(),
        sha256_hex(&request.body)
    );
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    if hmac_hex(secret, &to_sign) == signature {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch; the server's canonical request:\n{canonical}"
        ))
    }
}

/// Answers 401 unless the request's signature checks out, else 503 for the first
/// `unavailable` requests, else a minimal success for the operation; keeps each verdict.
#[derive(Clone)]
struct Gateway {
    keys: BTreeMap<&'static str, &'static str>,
    verdicts: Arc<Mutex<Vec<Result<(), String>>>>,
    unavailable: usize,
    seen: Arc<AtomicUsize>,
}

impl Gateway {
    fn new() -> Self {
        Gateway {
            keys: BTreeMap::from([(AK, SK)]),
            verdicts: Arc::default(),
            unavailable: 0,
            seen: Arc::default(),
        }
    }

    fn unavailable_first(mut self, times: usize) -> Self {
        self.unavailable = times;
        self
    }

    fn verdicts(&self) -> Vec<Result<(), String>> {
        self.verdicts.lock().unwrap().clone()
    }
}

impl Respond for Gateway {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let verdict = verify(request, &self.keys);
        self.verdicts.lock().unwrap().push(verdict.clone());
        if let Err(problem) = verdict {
            let body = format!(r#"{{"error_code":"APIGW.0301","error_msg":"{problem:?}"}}"#);
            return json_response(401, &body);
        }
        if self.seen.fetch_add(1, Ordering::SeqCst) < self.unavailable {
            return ResponseTemplate::new(503);
        }
        success(request.url.path())
    }
}

async fn signed_harness(gateway: &Gateway, credentials: impl Into<Credentials>) -> Harness {
    let credentials = credentials.into();
    Harness::serving(gateway.clone(), move |builder| {
        builder.credentials(credentials).clock(fixed_clock)
    })
    .await
}

fn access_key() -> Credentials {
    Credentials::access_key(AK, SK).into()
}

// ---------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn every_operation_is_signed_and_the_gateway_accepts_it() {
    let gateway = Gateway::new();
    let h = signed_harness(&gateway, access_key()).await;
    let signed = signed_operations();
    for operation in &signed {
        call(&h.client, operation)
            .await
            .unwrap_or_else(|e| panic!("{operation}: {e}"));
    }
    assert_eq!(gateway.verdicts(), vec![Ok(()); signed.len()]);
    for request in h.requests().await {
        assert_eq!(header(&request, "x-sdk-date"), Some(SIGNED_AT_TEXT));
        assert!(
            header(&request, "authorization")
                .unwrap()
                .starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")),
            "{:?}",
            request.headers
        );
        assert!(
            !request.headers.contains_key("x-auth-token"),
            "no token is sent"
        );
        assert!(!request.headers.contains_key("x-security-token"));
        assert!(!request.headers.contains_key("x-project-id"));
    }
}

/// Text with characters the signature's canonical form escapes, a `/` among them.
const HOSTILE: &str = "a b+c=d&e/f~g%h ü 中";

/// Every text parameter in the path and the query of every operation that signs, set to
/// [`HOSTILE`] (checks off, so that no documented constraint refuses it): the gateway's
/// own check verifies each request, whose query goes out sorted, `%20` for a space and
/// `~` unescaped. A path value with `/` is sent as `%2F` but signed as a `/` (the SDK's
/// rule, and the gateway's): the server's check must agree.
#[tokio::test]
async fn hostile_path_and_query_values_verify_and_the_query_is_sent_canonical() {
    let gateway = Gateway::new();
    let h = Harness::serving(gateway.clone(), |builder| {
        builder
            .credentials(access_key())
            .clock(fixed_clock)
            .skip_request_checks(true)
    })
    .await;
    let mut tried = 0;
    for name in signed_operations() {
        let op = shapes::operation(name);
        let values: Vec<(&str, &str)> = op
            .params
            .iter()
            .filter(|p| !p.auth && p.scalar.is_text() && !matches!(p.ty, ParamTy::Enum(_)))
            .filter(|p| matches!(p.location, Location::Path | Location::Query))
            .map(|p| (p.wire.as_str(), HOSTILE))
            .collect();
        if values.is_empty() {
            continue;
        }
        let request = h.expect_sent(call_with(&h.client, name, &values)).await;
        let query: Vec<&str> = request.url.query().unwrap_or_default().split('&').collect();
        let mut sorted = query.clone();
        sorted.sort();
        assert_eq!(query, sorted, "{name}: the query is sent sorted");
        for (wire, _) in &values {
            let p = shapes::param(op, wire);
            assert_eq!(
                sent_value(op, p, &request).as_deref(),
                Some("a%20b%2Bc%3Dd%26e%2Ff~g%25h%20%C3%BC%20%E4%B8%AD"),
                "{name}.{wire}"
            );
        }
        tried += 1;
    }
    assert!(tried > 0, "some signed operation takes text");
    assert_eq!(gateway.verdicts(), vec![Ok(()); tried]);
}

#[tokio::test]
async fn a_wrong_secret_key_is_rejected_and_never_shown() {
    let gateway = Gateway::new();
    let wrong = "wrong-secret-key-0123456789";
    let h = signed_harness(&gateway, Credentials::access_key(AK, wrong)).await;
    let error = call(&h.client, subject()).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected the gateway's 401, got {error:?}")
    };
    assert_eq!(api.status, 401);
    assert!(
        gateway.verdicts()[0]
            .as_ref()
            .unwrap_err()
            .starts_with("signature mismatch")
    );
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(wrong), "{text}");
    }
}

#[tokio::test]
async fn each_retry_is_signed_again_with_a_new_date() {
    let gateway = Gateway::new().unavailable_first(2);
    let h = Harness::serving(gateway.clone(), |builder| {
        builder
            .credentials(Credentials::access_key(AK, SK))
            .clock(advancing_clock())
    })
    .await;
    call(&h.client, subject()).await.unwrap();
    let requests = h.requests().await;
    assert_eq!(requests.len(), 3, "two 503s, then the answer");
    assert_eq!(
        gateway.verdicts(),
        vec![Ok(()); 3],
        "every attempt verifies"
    );
    let dates: Vec<&str> = requests
        .iter()
        .map(|r| header(r, "x-sdk-date").unwrap())
        .collect();
    assert_eq!(
        dates,
        ["20260108T093015Z", "20260108T093016Z", "20260108T093017Z"]
    );
    let signatures: std::collections::BTreeSet<&str> = requests
        .iter()
        .map(|r| header(r, "authorization").unwrap())
        .collect();
    assert_eq!(signatures.len(), 3, "a new signature for each date");
}

#[tokio::test]
async fn temporary_credentials_send_and_sign_the_security_token_and_project_id() {
    let gateway = Gateway::new();
    let credentials = Credentials::access_key(AK, SK)
        .security_token(SECURITY_TOKEN)
        .project_id(IAM_PROJECT_ID);
    let h = signed_harness(&gateway, credentials).await;
    call(&h.client, subject()).await.unwrap();
    assert_eq!(gateway.verdicts(), vec![Ok(())]);
    let request = h.only_request().await;
    assert_eq!(header(&request, "x-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(header(&request, "x-project-id"), Some(IAM_PROJECT_ID));
    let authorization = header(&request, "authorization").unwrap();
    assert!(
        authorization.contains(
            "SignedHeaders=accept;host;user-agent;x-project-id;x-sdk-date;x-security-token,"
        ),
        "{authorization}"
    );
}

#[tokio::test]
async fn the_security_token_and_secret_key_never_show_in_debug_or_errors() {
    let credentials = Credentials::access_key(AK, SK)
        .security_token(SECURITY_TOKEN)
        .project_id(IAM_PROJECT_ID);
    // A service that echoes the security token in its error body.
    let body =
        format!(r#"{{"error_code":"IAM.0100","error_msg":"token {SECURITY_TOKEN} expired"}}"#);
    let h = Harness::serving(json_response(401, &body), |builder| {
        builder.credentials(credentials.clone())
    })
    .await;
    let error = call(&h.client, subject()).await.unwrap_err();
    let builder = client_builder("http://127.0.0.1:1").credentials(credentials.clone());
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{credentials:?}"),
        format!("{builder:?}"),
        format!("{:?}", h.client),
        format!("{:#?}", h.client),
    ] {
        assert!(!text.contains(SK), "{text}");
        assert!(!text.contains(SECURITY_TOKEN), "{text}");
    }
    assert!(
        format!("{:?}", h.client).contains(AK),
        "the access key id is no secret"
    );
}

/// A signature covers the URL, so a signed request sent on to a redirect's URL would be
/// refused there: a client that signs follows no redirect, same origin or not, and the
/// 3xx is the answer. (A token client follows a same-origin redirect; see the client's
/// unit tests.)
#[tokio::test]
async fn a_signed_call_does_not_follow_a_redirect() {
    let server = MockServer::start().await;
    let gateway = Gateway::new();
    Mock::given(path_regex("^/moved/"))
        .respond_with(gateway.clone())
        .with_priority(1)
        .mount(&server)
        .await;
    let moved = format!(
        "{}/moved{}",
        server.uri(),
        shapes::sample_path(shapes::operation(subject()))
    );
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("location", moved.as_str()))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri())
        .credentials(access_key())
        .clock(fixed_clock)
        .build()
        .unwrap();
    let error = call(&client, subject()).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!((api.status, api.attempts), (302, 1), "{error}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "the redirect was not followed");
    assert!(gateway.verdicts().is_empty(), "nothing reached {moved}");
}

#[tokio::test]
async fn a_token_client_sends_the_token_and_no_signature() {
    let gateway = Gateway::new();
    let h = Harness::serving(gateway.clone(), |builder| builder).await;
    let _ = call(&h.client, subject()).await;
    let request = h.only_request().await;
    assert_eq!(header(&request, "x-auth-token"), Some(TOKEN));
    assert!(!request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("x-sdk-date"));
}

#[tokio::test]
async fn the_iam_project_id_never_fills_an_empty_path_value() {
    // The official Python SDK puts the credentials' project id into an empty
    // `{project_id}` path slot; here every path value is the caller's, and an empty one is
    // refused, with checks on and off, before anything is sent.
    for skip_checks in [false, true] {
        let credentials = Credentials::access_key(AK, SK).project_id(IAM_PROJECT_ID);
        let h = Harness::serving(Gateway::new(), move |builder| {
            builder
                .credentials(credentials)
                .skip_request_checks(skip_checks)
        })
        .await;
        for name in signed_operations() {
            let op = shapes::operation(name);
            for p in op.params.iter().filter(|p| {
                // An enum's values are never empty.
                p.location == Location::Path
                    && p.scalar.is_text()
                    && !matches!(p.ty, ParamTy::Enum(_))
            }) {
                let result = call_with(&h.client, name, &[(&p.wire, "")]).await;
                assert!(
                    matches!(result, Err(Error::InvalidRequest { .. })),
                    "{name}.{}, {skip_checks}: {result:?}",
                    p.wire
                );
            }
        }
        h.assert_nothing_sent().await;
    }
}

#[test]
fn every_service_accepts_the_credentials_its_spec_declares() {
    for service in Service::ALL {
        let declared: Vec<AuthScheme> = ir()
            .services
            .iter()
            .find(|s| s.key == service.name())
            .expect("every service is in the spec")
            .auth
            .iter()
            .map(|scheme| match scheme.kind {
                AuthKind::TokenHeader => AuthScheme::TokenHeader {
                    header: scheme
                        .header
                        .clone()
                        .expect("a token scheme names its header")
                        .leak(),
                },
                AuthKind::SdkHmacSha256 => AuthScheme::SdkHmacSha256,
            })
            .collect();
        assert_eq!(service.auth_schemes(), declared, "{service:?}");
    }
    // Building needs no network: the credentials are checked, not tried.
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(Credentials::access_key(AK, SK))
        .build()
        .unwrap();
    assert!(client.auth_token().is_none());
}
