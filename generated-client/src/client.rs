//! The [`Client`] and the I/O of every call; its configuration is `builder.rs`.
//!
//! Generated operation builders check their parameters, describe the request as
//! [`RequestParts`] and call one of the `send_*` methods, chosen by what the documented
//! success body holds. Everything those methods decide about the wire is in
//! [`crate::http`], and every decision about retrying is in [`crate::retry`]; what is left
//! here is sending, reading, and the loop that ties attempts together.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::Service;
use crate::binary::BinaryResponse;
use crate::builder::{ClientBuilder, Clock, ENDPOINT_HINT};
use crate::credentials::Credentials;
use crate::deadline::Deadlines;
use crate::error::{Error, TimeLimit, Waiting};
use crate::http::{self, RequestParts};
use crate::paginate::Page;
use crate::retry::{self, RetryPolicy};
use crate::scrub;
use crate::signing;

/// A client for every service of the API; cheap to clone (one `Arc`), and shareable
/// between tasks and threads.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What a client was built with; `ClientBuilder::build` fills it in.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) endpoints: BTreeMap<Service, Url>,
    pub(crate) credentials: Credentials,
    /// Signing time of AK/SK requests.
    pub(crate) clock: Clock,
    pub(crate) checks: bool,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_body_size: usize,
}

/// Error bodies are read up to this size: enough for any JSON error, bounded against a
/// proxy that answers with a large page.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What a successful attempt hands back.
enum Answer {
    /// The whole body, read within the size limit.
    Body { status: u16, body: Bytes },
    /// The response, its body unread (downloads), and the limits its reading goes on
    /// under.
    Unread(reqwest::Response, Deadlines),
}

/// How much of a successful response an attempt reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The whole body, under the overall timeout and the size limit (JSON).
    Body,
    /// Nothing: the caller streams the body (downloads).
    Nothing,
}

/// A failed attempt, and whether another one may fare better.
struct Failed {
    error: Error,
    /// `None`: final. `Some(retry_after)`: worth retrying, after what the service asked for.
    retry: Option<Option<Duration>>,
}

/// What a failed exchange is judged by: the operation, whether it may be sent twice
/// (which failures are retried) and the secret its error must not repeat.
#[derive(Clone, Copy)]
struct Exchange<'a> {
    operation: &'static str,
    idempotent: bool,
    secret: &'a str,
}

impl Failed {
    fn transport(exchange: Exchange<'_>, source: reqwest::Error) -> Self {
        let retry = retry::retryable_transport(&source, exchange.idempotent).then_some(None);
        // reqwest's error keeps the URL it failed at, which after a redirect is the
        // service's `Location`, and that can echo the secret.
        let source = match source.url() {
            Some(url) if scrub::holds(url.as_str(), exchange.secret) => source.without_url(),
            _ => source,
        };
        Failed {
            error: Error::Transport {
                operation: exchange.operation,
                source,
                attempts: 1,
            },
            retry,
        }
    }

    /// The outcome of a step of the exchange watched by the attempt's [`Deadlines`]: its
    /// value, a timeout while `waiting`, or a transport failure.
    fn watched<T>(
        exchange: Exchange<'_>,
        waiting: Waiting,
        outcome: Result<reqwest::Result<T>, TimeLimit>,
    ) -> Result<T, Self> {
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(source)) => Err(Failed::transport(exchange, source)),
            Err(limit) => Err(Failed::timeout(exchange, waiting, limit)),
        }
    }

    /// A timeout of an idempotent call is worth another attempt (the service may be
    /// quicker next time), unless it was the end of the call. A non-idempotent request
    /// may have been received and acted on, so its timeout is final.
    fn timeout(exchange: Exchange<'_>, waiting: Waiting, limit: TimeLimit) -> Self {
        Failed {
            error: Error::Timeout {
                operation: exchange.operation,
                waiting,
                limit,
                attempts: 1,
            },
            retry: (exchange.idempotent && limit != TimeLimit::Call).then_some(None),
        }
    }

    fn fatal(error: Error) -> Self {
        Failed { error, retry: None }
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint calls to `service` go to; `None` when the client was given neither a
    /// region nor an endpoint for it (its calls then fail with [`Error::Config`]).
    pub fn endpoint(&self, service: Service) -> Option<&Url> {
        self.inner.endpoints.get(&service)
    }

    /// The endpoint of a call of `operation` to `service`, or the error that says how to
    /// give one.
    fn endpoint_for(&self, operation: &'static str, service: Service) -> Result<&Url, Error> {
        self.endpoint(service).ok_or_else(|| {
            Error::Config(format!(
                "{operation} calls {} ({}), which has no endpoint: {ENDPOINT_HINT}",
                service.title(),
                service.name()
            ))
        })
    }

    /// The retry policy of every call.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Whether generated operations check documented constraints before sending.
    #[doc(hidden)]
    pub fn checks_enabled(&self) -> bool {
        self.inner.checks
    }

    /// The token, when the client holds one, for the generated checks of its documented
    /// length.
    #[doc(hidden)]
    pub fn auth_token(&self) -> Option<&str> {
        self.inner.credentials.token_value()
    }

    /// The secret errors must not repeat when a service echoes it (see
    /// `Credentials::echoed_secret`).
    pub(crate) fn secret(&self) -> &str {
        self.inner.credentials.echoed_secret()
    }

    /// Sends a call whose success body is a JSON object or array, and decodes it.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, parts: RequestParts) -> Result<T, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        http::decode_json(operation, status, &body, self.secret())
    }

    /// Sends a call whose success body is JSON the service may leave out (a 204); `None`
    /// when it sends no content.
    #[doc(hidden)]
    pub async fn send_json_or_empty<T: DeserializeOwned>(
        &self,
        parts: RequestParts,
    ) -> Result<Option<T>, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        http::decode_json_or_empty(operation, status, &body, self.secret())
    }

    /// Sends a call whose success body is an `{error, result, status}` envelope; returns
    /// the decoded `result`.
    #[doc(hidden)]
    pub async fn send_envelope<T: DeserializeOwned>(
        &self,
        parts: RequestParts,
    ) -> Result<T, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        http::decode_envelope(operation, status, &body, self.secret())
    }

    /// Sends one page of a walk ([`crate::paginate`]) whose success body is JSON, decoded
    /// as `P` (the array of items, or an object holding it), and takes the items out of it.
    pub(crate) async fn send_json_page<P: DeserializeOwned, T>(
        &self,
        parts: RequestParts,
        items: impl FnOnce(P) -> Vec<T>,
    ) -> Result<Page<T>, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        let page = http::decode_json(operation, status, &body, self.secret())?;
        Ok(Page::new(items(page), &body))
    }

    /// Sends one page of a walk whose success body is an envelope with the page as its
    /// `result`: the array of items, or an object holding it.
    pub(crate) async fn send_envelope_page<P: DeserializeOwned, T>(
        &self,
        parts: RequestParts,
        items: impl FnOnce(P) -> Vec<T>,
    ) -> Result<Page<T>, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        let result = http::envelope_result(operation, status, &body, self.secret())?;
        let page = http::decode_result(operation, status, result, &body, self.secret())?;
        Ok(Page::new(items(page), result.as_bytes()))
    }

    /// Sends a download; the body is left to the caller. Retries end here: once the
    /// response is handed over, its body is read once.
    #[doc(hidden)]
    pub async fn send_binary(&self, parts: RequestParts) -> Result<BinaryResponse, Error> {
        let operation = parts.operation;
        match self.execute(parts, Read::Nothing).await? {
            (Answer::Unread(response, deadlines), attempts) => Ok(BinaryResponse::new(
                operation, response, deadlines, attempts,
            )),
            (Answer::Body { .. }, _) => unreachable!("downloads are not read"),
        }
    }

    /// Sends a call whose success body does not matter.
    #[doc(hidden)]
    pub async fn send_empty(&self, parts: RequestParts) -> Result<(), Error> {
        self.send_and_read(parts).await.map(drop)
    }

    /// Sends and reads the whole 2xx body.
    async fn send_and_read(&self, parts: RequestParts) -> Result<(u16, Bytes), Error> {
        match self.execute(parts, Read::Body).await? {
            (Answer::Body { status, body }, _) => Ok((status, body)),
            (Answer::Unread(..), _) => unreachable!("JSON answers are read"),
        }
    }

    /// Everything a call does before the network: the request URL, the credentials and
    /// the headers (`Accept: application/json` when the body is read as JSON). Public for
    /// the request-overhead benchmark, which measures a call up to here.
    #[doc(hidden)]
    pub fn prepare(&self, parts: &RequestParts, json: bool) -> Result<(Url, HeaderMap), Error> {
        let url = http::request_url(self.endpoint_for(parts.operation, parts.service)?, parts)?;
        let authorization = self
            .inner
            .credentials
            .authorization(parts.operation, parts.auth)?;
        let mut headers = http::request_headers(parts, authorization.header())?;
        if json && !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        Ok((url, headers))
    }

    /// Makes attempts until one succeeds, one fails for good, or the retry policy says
    /// stop; returns the answer and the number of attempts made.
    ///
    /// Each call is one `tracing` span, `request`, with the operation, the method and the
    /// URL path (never the query, which can hold file paths, and never a header); the
    /// attempt number and the status of the latest answer are recorded as they happen,
    /// the elapsed milliseconds at the end.
    async fn execute(&self, parts: RequestParts, read: Read) -> Result<(Answer, u32), Error> {
        let json = read == Read::Body;
        let (url, headers) = self.prepare(&parts, json)?;

        let span = tracing::info_span!(
            "request",
            operation = parts.operation,
            method = %parts.method,
            path = url.path(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let call_timeout = self.inner.retry.call_timeout();
        let ends = tokio::time::Instant::now().checked_add(call_timeout);
        // The first attempt takes the prepared request; a retry prepares it again (the
        // same bytes), so that no call pays for a copy kept in case of a retry.
        let mut prepared = Some((url, headers));
        let attempts = async {
            let mut attempt = 1;
            loop {
                span.record("attempt", attempt);
                let (url, headers) = match prepared.take() {
                    Some(request) => request,
                    None => self.prepare(&parts, json)?,
                };
                let failed = match self.attempt(&parts, url, headers, read, ends, &span).await {
                    Ok(answer) => return Ok((answer, attempt)),
                    Err(failed) => failed,
                };
                let left = call_timeout.saturating_sub(started.elapsed());
                let delay = failed.retry.and_then(|retry_after| {
                    self.inner
                        .retry
                        .delay(attempt, retry_after, retry::jitter(), left)
                });
                let Some(delay) = delay else {
                    return Err(failed.error.with_attempts(attempt));
                };
                tracing::debug!(
                    attempt,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    error = %failed.error,
                    "retrying"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        };
        // Without a subscriber that wants the span, the wrapper would only cost every
        // call its own poll on the way down (benchmark 4 in BENCHMARKS.md).
        let result = if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span.clone()).await
        };
        span.record(
            "elapsed_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        result
    }

    /// One attempt, to be over by `ends` (the end of the call; `None`: no end): a 2xx
    /// response is returned (read as `read` says), anything else is an [`Error::Api`].
    async fn attempt(
        &self,
        parts: &RequestParts,
        url: Url,
        headers: HeaderMap,
        read: Read,
        ends: Option<tokio::time::Instant>,
        span: &tracing::Span,
    ) -> Result<Answer, Failed> {
        let operation = parts.operation;
        let exchange = Exchange {
            operation,
            idempotent: parts.idempotent,
            secret: self.secret(),
        };
        // Signing is the last step before sending, once per attempt: every other header is
        // set, and each retry is dated anew.
        let (url, headers) = match self.inner.credentials.signer(parts.auth) {
            // The signature covers the bytes sent (nothing, without a body).
            Some(key) => signing::sign(
                key,
                &parts.method,
                &url,
                &parts.query,
                &headers,
                parts.body.as_ref().map_or(&b""[..], |body| &body.bytes),
                (self.inner.clock)(),
            ),
            None => (url, headers),
        };
        // A `Request` takes the prepared headers as they are; `RequestBuilder::headers`
        // would copy them one by one into a map of its own.
        let mut request = reqwest::Request::new(parts.method.clone(), url);
        *request.headers_mut() = headers;
        if let Some(body) = &parts.body {
            // `Bytes` is shared, not copied, by each attempt.
            *request.body_mut() = Some(body.bytes.clone().into());
        }
        // A download has no overall timeout: it would cut long archives short.
        let overall = (read == Read::Body).then_some(self.inner.timeout);
        let mut deadlines = Deadlines::start(overall, ends, self.inner.read_timeout);
        let sent = deadlines.watch(self.inner.http.execute(request)).await;
        let response = Failed::watched(exchange, Waiting::Response, sent)?;
        let status = response.status().as_u16();
        span.record("status", status);
        if response.status().is_success() {
            return match read {
                Read::Nothing => {
                    deadlines.release_call();
                    Ok(Answer::Unread(response, deadlines))
                }
                Read::Body => {
                    let body = self.read_body(exchange, response, deadlines).await?;
                    Ok(Answer::Body { status, body })
                }
            };
        }
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
        let request_id = header("x-request-id").map(str::to_owned);
        let retry_after = header(RETRY_AFTER.as_str())
            .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
        // A download has no overall timeout, so its error body, drip-fed within the read
        // timeout, could hold the call for as long as the server likes; the overall timeout
        // bounds it (a JSON call's own ends no later).
        deadlines.end_within(self.inner.timeout);
        let body = read_limited(response, ERROR_BODY_LIMIT, deadlines).await;
        let error = http::api_error(
            operation,
            status,
            request_id,
            parts.responses,
            &body,
            self.secret(),
        );
        Err(Failed {
            error: Error::Api(Box::new(error)),
            retry: retry::retryable_status(status, parts.idempotent).then_some(retry_after),
        })
    }

    /// Reads a 2xx body of at most `max_body_size` bytes; a larger one is refused as soon
    /// as its `Content-Length` or its running length says so.
    async fn read_body(
        &self,
        exchange: Exchange<'_>,
        mut response: reqwest::Response,
        mut deadlines: Deadlines,
    ) -> Result<Bytes, Failed> {
        let status = response.status().as_u16();
        let limit = self.inner.max_body_size;
        let too_large = |body: &[u8], length: Option<u64>| {
            Failed::fatal(Error::TooLarge {
                operation: exchange.operation,
                status,
                limit: limit as u64,
                length,
                setting: "ClientBuilder::max_body_size",
                body_excerpt: http::excerpt(body, exchange.secret),
            })
        };
        let announced = response.content_length();
        if announced.is_some_and(|n| n > limit as u64) {
            return Err(too_large(&[], announced));
        }
        let mut body = http::Body::default();
        while let Some(chunk) = Failed::watched(
            exchange,
            Waiting::Body,
            deadlines.watch(response.chunk()).await,
        )? {
            if chunk.len() > limit - body.len() {
                return Err(too_large(body.as_slice(), None));
            }
            body.push(chunk, announced);
        }
        Ok(body.finish())
    }
}

/// Reads at most `limit` bytes of a body, within `deadlines`. A failure part way, or a
/// timeout, keeps what arrived: the status is the news, and the body only explains it.
async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
    mut deadlines: Deadlines,
) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Ok(Some(chunk))) = deadlines.watch(response.chunk()).await {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == limit {
            break;
        }
    }
    body
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoints: BTreeMap<&str, &str> = self
            .inner
            .endpoints
            .iter()
            .map(|(service, url)| (service.name(), url.as_str()))
            .collect();
        f.debug_struct("Client")
            .field("endpoints", &endpoints)
            .field("credentials", &self.inner.credentials)
            .field("checks_enabled", &self.inner.checks)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("read_timeout", &self.inner.read_timeout)
            .field("retry_policy", &self.inner.retry)
            .field("max_body_size", &self.inner.max_body_size)
            .finish_non_exhaustive()
    }
}

// Clients are shared between tasks and threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Client>();
};

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::http::{BodyKind, ResponseSpec};
    use crate::testing::{FIRST, LAST, named};

    const TOKEN: &str = "MIItest-token-0123456789";

    #[tokio::test(flavor = "current_thread")]
    async fn a_service_without_an_endpoint_fails_only_its_own_calls() {
        // An endpoint for one service alone: the client builds, and a call of another
        // service says what to set. (A spec of one service has no other to call.)
        if FIRST == LAST {
            return;
        }
        let client = Client::builder()
            .endpoint(FIRST, "https://repo.example")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        assert_eq!(client.endpoint(LAST), None);
        let mut other = parts("/v3/x");
        other.operation = "list_things";
        other.service = LAST;
        let error = client.send_empty(other).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "invalid client configuration: list_things calls {}, which has no endpoint: \
                 set a region with `ClientBuilder::region` or an endpoint with \
                 `ClientBuilder::endpoint`",
                named(LAST)
            )
        );
    }

    /// Serves one canned response per connection, in order, and returns each request's
    /// head as it arrived.
    async fn serve(responses: Vec<String>) -> (u16, tokio::task::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let mut requests = Vec::new();
            for response in responses {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut head = Vec::new();
                let mut buf = [0; 1024];
                while !head.ends_with(b"\r\n\r\n") {
                    let n = socket.read(&mut buf).await.unwrap();
                    assert!(n > 0, "connection closed mid-request");
                    head.extend_from_slice(&buf[..n]);
                }
                requests.push(String::from_utf8(head).unwrap());
                socket.write_all(response.as_bytes()).await.unwrap();
                socket.shutdown().await.unwrap();
            }
            requests
        });
        (port, server)
    }

    fn response(status: &str, headers: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
            body.len()
        )
    }

    /// A policy with the default attempts and millisecond backoffs, so tests stay fast.
    fn fast_retries() -> RetryPolicy {
        RetryPolicy::new()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5))
            .with_max_retry_after(Duration::from_millis(5))
    }

    /// Every service at the local port, the first under `base`.
    fn local_builder(port: u16, base: &str) -> ClientBuilder {
        Service::ALL
            .iter()
            .fold(Client::builder(), |builder, &service| {
                let base = if service == FIRST { base } else { "" };
                builder.endpoint(service, format!("http://127.0.0.1:{port}{base}"))
            })
            .auth_token(TOKEN)
            .allow_http(true)
            .retry_policy(fast_retries())
    }

    fn local_client(port: u16, base: &str) -> Client {
        local_builder(port, base).build().unwrap()
    }

    const RESPONSES: &[ResponseSpec] = &[
        ResponseSpec {
            status: 200,
            body: BodyKind::Json,
        },
        ResponseSpec {
            status: 401,
            body: BodyKind::Error,
        },
    ];

    fn parts(path: &str) -> RequestParts {
        RequestParts {
            operation: "list_project_repositories",
            service: FIRST,
            method: reqwest::Method::GET,
            idempotent: true,
            path: path.to_owned(),
            query: vec![("search", "a b&c".into())],
            headers: Vec::new(),
            auth: &[crate::AuthScheme::TokenHeader {
                header: "X-Auth-Token",
            }],
            responses: RESPONSES,
            body: None,
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn json_call_over_a_socket() {
        let (port, server) = serve(vec![response("200 OK", "", r#"[{"id":1},{"id":2}]"#)]).await;
        let client = local_client(port, "/proxy/");
        let path = format!(
            "/v4/projects/{}/repositories",
            http::encode_path_segment("p/1")
        );
        let ids: Vec<serde_json::Value> = client.send_json(parts(&path)).await.unwrap();
        assert_eq!(ids.len(), 2);

        let request = server.await.unwrap().remove(0).to_ascii_lowercase();
        assert!(
            request.starts_with(
                "get /proxy/v4/projects/p%2f1/repositories?search=a%20b%26c http/1.1\r\n"
            ),
            "{request}"
        );
        assert!(
            request.contains(&format!(
                "\r\nx-auth-token: {}\r\n",
                TOKEN.to_ascii_lowercase()
            )),
            "{request}"
        );
        assert!(
            request.contains("\r\naccept: application/json\r\n"),
            "{request}"
        );
        assert!(request.contains(concat!(
            "\r\nuser-agent: codearts-client/",
            env!("CARGO_PKG_VERSION"),
            "\r\n"
        )));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn error_status_over_a_socket() {
        let body = format!(r#"{{"error_code":"DEV.00000003","error_msg":"expired {TOKEN}"}}"#);
        let (port, server) = serve(vec![response(
            "401 Unauthorized",
            "X-Request-Id: rid-7\r\n",
            &body,
        )])
        .await;
        let error = local_client(port, "")
            .send_empty(parts("/v4/x"))
            .await
            .unwrap_err();
        server.await.unwrap();
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!((api.status, api.documented), (401, true));
        assert_eq!(api.error_code.as_deref(), Some("DEV.00000003"));
        assert_eq!(api.request_id.as_deref(), Some("rid-7"));
        // The token the body echoed is scrubbed everywhere it could be printed.
        assert_eq!(api.error_msg.as_deref(), Some("expired <redacted>"));
        assert!(!format!("{error} {error:?}").contains(TOKEN), "{error:?}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn envelope_and_binary_over_a_socket() {
        let (port, server) = serve(vec![
            response("200 OK", "", r#"{"error":null,"result":{"name":"r"},"status":"success"}"#),
            response("200 OK", "Content-Type: application/zip\r\nContent-Disposition: attachment; filename=\"../r.zip\"\r\n", "PK"),
        ])
        .await;
        let client = local_client(port, "");
        let result: serde_json::Value = client.send_envelope(parts("/v2/r")).await.unwrap();
        assert_eq!(result, serde_json::json!({"name": "r"}));
        let download = client.send_binary(parts("/v4/archive")).await.unwrap();
        assert_eq!(
            (download.status(), download.content_length()),
            (200, Some(2))
        );
        assert_eq!(
            (download.content_type(), download.file_name().as_deref()),
            (Some("application/zip"), Some("r.zip"))
        );
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"PK");
        let requests = server.await.unwrap();
        assert!(
            !requests[1]
                .to_ascii_lowercase()
                .contains("accept: application/json"),
            "{}",
            requests[1]
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_page_is_taken_from_the_body_or_from_a_field_of_it() {
        #[derive(serde::Deserialize)]
        struct Branches {
            branches: Option<Vec<u32>>,
        }
        let (port, server) = serve(vec![
            response("200 OK", "", "[1,2]"),
            response("200 OK", "", r#"{"total":9,"branches":[3,4]}"#),
            response("200 OK", "", r#"{"result":{"total":9,"branches":[5]}}"#),
        ])
        .await;
        let client = local_client(port, "");
        let branches = |page: Branches| page.branches.unwrap_or_default();
        let page = client
            .send_json_page(parts("/a"), |items: Vec<u32>| items)
            .await
            .unwrap();
        assert_eq!(page.items, [1, 2]);
        let page = client.send_json_page(parts("/b"), branches).await.unwrap();
        assert_eq!(page.items, [3, 4]);
        let page = client
            .send_envelope_page(parts("/c"), branches)
            .await
            .unwrap();
        assert_eq!(page.items, [5]);
        assert_eq!(server.await.unwrap().len(), 3);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn cross_origin_redirects_are_not_followed() {
        // `localhost` is another host than `127.0.0.1`, though the same machine. Had the
        // redirect been followed, the call would end in a refused connection, not a 302.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let redirect = format!("Location: http://localhost:{port}/stolen\r\n");
        let (port, server) = serve(vec![response("302 Found", &redirect, "")]).await;
        let error = local_client(port, "")
            .send_empty(parts("/v4/x"))
            .await
            .unwrap_err();
        assert_eq!(server.await.unwrap().len(), 1);
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!((api.status, api.documented), (302, false));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn same_origin_redirects_are_followed() {
        let (port, server) = serve(vec![
            response("307 Temporary Redirect", "Location: /v4/moved\r\n", ""),
            response("200 OK", "", "{}"),
        ])
        .await;
        let value: serde_json::Value = local_client(port, "")
            .send_json(parts("/v4/x"))
            .await
            .unwrap();
        assert_eq!(value, serde_json::json!({}));
        let requests = server.await.unwrap();
        assert!(
            requests[1].starts_with("GET /v4/moved HTTP/1.1\r\n"),
            "{}",
            requests[1]
        );
        assert!(
            requests[1].to_ascii_lowercase().contains("x-auth-token: "),
            "{}",
            requests[1]
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn transport_errors_name_the_operation() {
        // A port that was free a moment ago: nothing listens there now.
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let error = local_client(port, "")
            .send_empty(parts("/v4/x"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Transport {
                    operation: "list_project_repositories",
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "list_project_repositories: could not connect to the service after 3 attempts"
        );
        assert_eq!(error.attempts(), Some(3));
        assert!(std::error::Error::source(&error).is_some());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn json_bodies_over_the_limit_are_refused() {
        // Announced: refused before reading. Unannounced (read to the end of the
        // connection): refused once the running length passes the limit.
        let big = "x".repeat(2000);
        let unannounced = format!("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n[\"{big}\"]");
        let (port, server) = serve(vec![
            response("200 OK", "", &format!("[\"{big}\"]")),
            unannounced,
        ])
        .await;
        let client = local_builder(port, "").max_body_size(1024).build().unwrap();
        for (length, expected) in [
            (
                Some(2004),
                "list_project_repositories: the response body of 2004 bytes is larger than \
                 the limit of 1024 bytes (`ClientBuilder::max_body_size`)",
            ),
            (
                None,
                "list_project_repositories: the response body is larger than the limit of \
                 1024 bytes (`ClientBuilder::max_body_size`)",
            ),
        ] {
            let error = client
                .send_json::<serde_json::Value>(parts("/v4/x"))
                .await
                .unwrap_err();
            let Error::TooLarge {
                status,
                limit,
                length: announced,
                ..
            } = &error
            else {
                panic!("{error:?}")
            };
            assert_eq!((*status, *limit, *announced), (200, 1024, length));
            assert_eq!(error.to_string(), expected);
        }
        assert_eq!(server.await.unwrap().len(), 2, "not retried");
    }

    #[test]
    fn calls_are_send() {
        fn send<F: Send>(_: F) {}
        let client = Client::builder()
            .region("cn-north-4")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        send(client.send_json::<serde_json::Value>(parts("/")));
        send(client.send_envelope::<serde_json::Value>(parts("/")));
        send(client.send_binary(parts("/")));
        send(client.send_empty(parts("/")));
    }
}
