//! The [`Client`]: configuration, and the I/O of every call.
//!
//! Generated operation builders check their parameters, describe the request as
//! [`RequestParts`] and call one of the `send_*` methods, chosen by what the documented
//! success body holds. Everything those methods decide about the wire is in
//! [`crate::http`], and every decision about retrying is in [`crate::retry`]; what is left
//! here is configuration, sending, reading, and the loop that ties attempts together.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::redirect;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::Service;
use crate::binary::BinaryResponse;
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
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoints: BTreeMap<Service, Url>,
    credentials: Credentials,
    /// Signing time of AK/SK requests.
    clock: Clock,
    checks: bool,
    user_agent: HeaderValue,
    timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
    max_body_size: usize,
}

/// Where the client reads the time it signs requests with; `SystemTime::now` unless a test
/// sets another with [`ClientBuilder::clock`].
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The two ways to give a service its endpoint, for the messages that find none.
const ENDPOINT_HINT: &str =
    "set a region with `ClientBuilder::region` or an endpoint with `ClientBuilder::endpoint`";

/// The `User-Agent` of every request, before an app name is appended.
const USER_AGENT_PREFIX: &str = concat!("codearts-client/", env!("CARGO_PKG_VERSION"));

/// Configures a [`Client`]; start with [`Client::builder`].
///
/// Only credentials ([`auth_token`](Self::auth_token) or [`credentials`](Self::credentials))
/// and a region (or an endpoint for each service the caller calls) are required; everything else has a
/// default suited to a command-line tool or a service calling the API:
///
/// | setting | default |
/// |---|---|
/// | [`connect_timeout`](Self::connect_timeout) | 10 s ([`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT)) |
/// | [`timeout`](Self::timeout), per attempt of a call that returns JSON | 60 s ([`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT)) |
/// | [`read_timeout`](Self::read_timeout), the longest silence of the service | 30 s ([`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT)) |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default()`]: 3 attempts |
/// | [`max_body_size`](Self::max_body_size) of a JSON answer | 16 MiB ([`DEFAULT_MAX_BODY_SIZE`](Self::DEFAULT_MAX_BODY_SIZE)) |
/// | [`allow_http`](Self::allow_http) | `false`: HTTPS only |
/// | [`app_name`](Self::app_name) | none: `User-Agent: codearts-client/<version>` |
/// | [`skip_request_checks`](Self::skip_request_checks) | `false`: documented constraints are checked |
///
/// ```
/// use std::time::Duration;
/// use codearts_client::{Client, RetryPolicy, Service};
///
/// let client = Client::builder()
///     .region("cn-north-4")
///     .auth_token(std::env::var("CODEARTS_TOKEN").unwrap_or("token".into()))
///     // Through a corporate gateway instead of the default Repo host.
///     .endpoint(Service::Repo, "https://codearts-gateway.example.com/repo")
///     .connect_timeout(Duration::from_secs(5))
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .app_name("release-bot/1.4")
///     .build()?;
/// assert_eq!(
///     client.endpoint(Service::Repo).and_then(|url| url.host_str()),
///     Some("codearts-gateway.example.com")
/// );
/// # Ok::<(), codearts_client::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    region: Option<String>,
    endpoints: BTreeMap<Service, String>,
    credentials: Option<Credentials>,
    clock: Option<Clock>,
    skip_checks: bool,
    http: Option<reqwest::Client>,
    allow_http: bool,
    proxies: bool,
    connect_timeout: Duration,
    timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
    app_name: Option<String>,
    max_body_size: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            region: None,
            endpoints: BTreeMap::new(),
            credentials: None,
            clock: None,
            skip_checks: false,
            http: None,
            allow_http: false,
            proxies: true,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            timeout: Self::DEFAULT_TIMEOUT,
            read_timeout: Self::DEFAULT_READ_TIMEOUT,
            retry: RetryPolicy::new(),
            app_name: None,
            max_body_size: Self::DEFAULT_MAX_BODY_SIZE,
        }
    }
}

impl ClientBuilder {
    /// The default [`connect_timeout`](Self::connect_timeout): 10 s, long enough for a slow
    /// TLS handshake across continents, short enough that an unreachable host fails fast.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The default [`timeout`](Self::timeout): 60 s for one attempt of a JSON call, from
    /// connecting to the last byte; the answers are small lists and objects.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The default [`read_timeout`](Self::read_timeout): 30 s without a byte from the
    /// service, which no healthy transfer comes near.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

    /// The default [`max_body_size`](Self::max_body_size): 16 MiB, a hundred times the
    /// largest page of 100 repositories, and small enough to hold in memory.
    pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

    /// The region whose default endpoints to use, e.g. `cn-north-4`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Overrides the endpoint of one service (scheme + host [+ port] [+ base path]).
    pub fn endpoint(mut self, service: Service, url: impl Into<String>) -> Self {
        self.endpoints.insert(service, url.into());
        self
    }

    /// The IAM token sent with every call (the `X-Subject-Token` of IAM's token API): short
    /// for `.credentials(Credentials::token(token))`.
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::token(token));
        self
    }

    /// What the client authenticates with: an IAM token ([`Credentials::token`]) or an
    /// access key pair that signs every request ([`Credentials::access_key`], the
    /// `SDK-HMAC-SHA256` signing of the official SDKs). Replaces an earlier
    /// [`auth_token`](Self::auth_token). A call of an operation that accepts neither kind
    /// fails with [`Error::Config`] naming what it accepts.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// The clock AK/SK signatures are dated by (`X-Sdk-Date`); `SystemTime::now` by
    /// default. The gateway rejects a signature more than 15 minutes off its own clock, so
    /// this is for tests (a fixed or advancing time) and for correcting a skewed clock.
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Skips the client-side constraint checks (documentation can lag the service). Off by
    /// default. Header values that cannot be sent at all are still rejected.
    pub fn skip_request_checks(mut self, skip: bool) -> Self {
        self.skip_checks = skip;
        self
    }

    /// Allows `http://` endpoints, for a local test server or a proxy on the same machine.
    /// Off by default: the token is a bearer credential, and over plain HTTP anyone on the
    /// path can read and replay it. While off, an `http://` endpoint fails
    /// [`build`](Self::build), and the default HTTP client refuses to follow a redirect to
    /// `http://`.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Sends every call straight to the service, ignoring the proxy settings of the
    /// environment.
    ///
    /// By default the HTTP client honours `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` (and their lower-case forms), as curl does, for loopback addresses too
    /// unless `NO_PROXY` lists them. A proxy sees what it carries: through an
    /// `https://` endpoint only the host name, but with [`allow_http`](Self::allow_http)
    /// every request in full, the token included. Use this for a local test server, or
    /// wherever the environment's proxy is not to be trusted with the calls.
    ///
    /// Applies to the default HTTP client; one given to [`http_client`](Self::http_client)
    /// keeps its own proxies.
    pub fn no_proxy(mut self) -> Self {
        self.proxies = false;
        self
    }

    /// The longest wait for a connection (TCP and TLS) to the service.
    ///
    /// Applies to the default HTTP client; one given to [`http_client`](Self::http_client)
    /// keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest one attempt of a call that returns JSON may take, from connecting to the
    /// last byte of the answer. Each retry gets the whole timeout again.
    ///
    /// Downloads are exempt: a large archive on a slow line can take longer, and a healthy
    /// transfer should not be killed for that. They are bounded by the
    /// [`read_timeout`](Self::read_timeout) instead; only the body of a download's error
    /// answer, read for the error's excerpt, is cut off at this timeout.
    ///
    /// The client keeps it itself, whichever HTTP client sends; running out is an
    /// [`Error::Timeout`] with [`TimeLimit::Overall`](crate::TimeLimit::Overall).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest the service may stay silent: waiting for the answer to start (counted
    /// from the start of the attempt, connecting included), or for the next piece of a body
    /// once it has. The guard of downloads, which have no overall timeout.
    ///
    /// The client keeps it itself, whichever HTTP client sends; running out is an
    /// [`Error::Timeout`] with [`TimeLimit::Read`](crate::TimeLimit::Read).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// When and how patiently calls are retried; [`RetryPolicy::disabled`] for never.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Names the application in the `User-Agent` header, after the client's own name and
    /// version: `codearts-client/0.1.0 release-bot/1.4`. Letters, digits, `/` and the
    /// punctuation HTTP allows in a token (`!#$%&'*+-.^_`|~`).
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// The largest JSON answer the client reads into memory; a larger one is an
    /// [`Error::Decode`] that names the limit. Downloads are streamed and have no limit.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The HTTP client to send with, for proxies, TLS roots or connection pooling.
    ///
    /// The default one does not follow a redirect to another scheme, host or port, because
    /// the token would follow it; with [`Credentials::access_key`] it follows none, because
    /// the signature covers the URL and the service would refuse it at another one (the
    /// 3xx is returned as [`Error::Api`]). It is HTTPS-only unless
    /// [`allow_http`](Self::allow_http) is on. A client given here keeps its own redirect
    /// policy, connect timeout and schemes, so give it the same care.
    /// [`timeout`](Self::timeout), [`read_timeout`](Self::read_timeout), the retry policy
    /// and the `User-Agent` apply to it all the same; a timeout of its own would end calls
    /// as an [`Error::Transport`] instead of an [`Error::Timeout`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client, or says everything that is wrong with the configuration.
    pub fn build(self) -> Result<Client, Error> {
        let mut problems = Vec::new();
        let credentials = match self.credentials {
            Some(credentials) => {
                problems.extend(credentials.problems());
                credentials
            }
            None => {
                problems.push(
                    "no credentials: call `ClientBuilder::auth_token` or \
                     `ClientBuilder::credentials`"
                        .to_owned(),
                );
                Credentials::token("")
            }
        };
        let region = self.region.filter(|region| match region_problem(region) {
            Some(problem) => {
                problems.push(problem);
                false
            }
            None => true,
        });
        // Endpoints are resolved here for every service that has one, and looked up per
        // call: a service with neither an override nor a region fails only the calls of
        // its own operations, so a client never stops building because the API gained a
        // service its code does not call.
        if region.is_none() && self.endpoints.is_empty() {
            problems.push(format!("no endpoint for any service: {ENDPOINT_HINT}"));
        }
        let mut endpoints = BTreeMap::new();
        for &service in Service::ALL {
            let url = match (self.endpoints.get(&service), &region) {
                (Some(url), _) => url.clone(),
                (None, Some(region)) => service.default_endpoint(region),
                (None, None) => continue,
            };
            match parse_endpoint(&url, self.allow_http) {
                Ok(url) => {
                    endpoints.insert(service, url);
                }
                Err(problem) => problems.push(format!(
                    "endpoint of {} ({}) {problem}",
                    service.title(),
                    service.name()
                )),
            }
        }
        for (name, value) in [
            ("connect_timeout", self.connect_timeout),
            ("timeout", self.timeout),
            ("read_timeout", self.read_timeout),
        ] {
            if value.is_zero() {
                problems.push(format!(
                    "`ClientBuilder::{name}` is zero, so every call would time out"
                ));
            }
        }
        if self.retry.call_timeout().is_zero() {
            problems.push(
                "the retry policy's call timeout is zero, so every call would time out".to_owned(),
            );
        }
        if self.retry.max_attempts() == 0 {
            problems.push(
                "the retry policy allows 0 attempts: use at least 1 \
                 (`RetryPolicy::disabled()` makes exactly one)"
                    .to_owned(),
            );
        }
        if self.max_body_size == 0 {
            problems.push("`ClientBuilder::max_body_size` is 0, so no answer would fit".to_owned());
        }
        let user_agent = match user_agent(self.app_name.as_deref()) {
            Ok(value) => value,
            Err(problem) => {
                problems.push(problem);
                HeaderValue::from_static(USER_AGENT_PREFIX)
            }
        };
        if !problems.is_empty() {
            return Err(Error::Config(problems.join("; ")));
        }
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(
                self.allow_http,
                self.proxies,
                self.connect_timeout,
                !credentials.signs(),
            )?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoints,
                credentials,
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
                checks: !self.skip_checks,
                user_agent,
                timeout: self.timeout,
                read_timeout: self.read_timeout,
                retry: self.retry,
                max_body_size: self.max_body_size,
            }),
        })
    }
}

/// Regions are names like `cn-north-4`; anything else would end up in a host name.
fn region_problem(region: &str) -> Option<String> {
    if region.is_empty() {
        Some("the region is empty".to_owned())
    } else if !region
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Some(format!(
            "the region {region:?} is not a region name such as \"cn-north-4\""
        ))
    } else {
        None
    }
}

/// An endpoint is an https URL (http when allowed) with a host and at most a base path; a
/// query or fragment would be lost or misplaced when operation paths are appended. A
/// message shows the URL without the user name and password it may hold.
fn parse_endpoint(text: &str, allow_http: bool) -> Result<Url, String> {
    let shown = without_credentials(text);
    // The URL parser drops tabs and line breaks silently, so calls would go to a URL the
    // user never wrote; other control characters it would percent-encode into the host.
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!(
            "holds the control character U+{:04X}: {shown:?}",
            u32::from(c)
        ));
    }
    let url = Url::parse(text).map_err(|e| format!("is not a valid URL: {shown:?}: {e}"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(format!(
                "uses plain http, which would send the token unencrypted: {shown:?} \
                 (use https, or call `ClientBuilder::allow_http(true)` for a local server)"
            ));
        }
        scheme => return Err(format!("must use https, not {scheme:?}: {shown:?}")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "must not contain a user name or password: {shown:?}"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("has no host: {shown:?}"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("must not have a query or fragment: {shown:?}"));
    }
    Ok(url)
}

/// An endpoint as a message may show it: whatever comes before an `@` in the authority
/// (a user name and password) replaced by `<redacted>`. Worked out on the text, not on a
/// parsed URL, since it must hold for text that does not parse as well.
fn without_credentials(text: &str) -> String {
    let start = text.find("://").map_or(0, |i| i + 3);
    let end = text[start..]
        .find(['/', '?', '#', '\\'])
        .map_or(text.len(), |i| start + i);
    match text[start..end].rfind('@') {
        Some(at) => format!("{}<redacted>{}", &text[..start], &text[start + at..]),
        None => text.to_owned(),
    }
}

/// RFC 9110 token characters and `/`: a product name and version, such as `tool/1.2`.
fn user_agent(app_name: Option<&str>) -> Result<HeaderValue, String> {
    let Some(name) = app_name else {
        return Ok(HeaderValue::from_static(USER_AGENT_PREFIX));
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~/".contains(c);
    if name.is_empty() || !name.chars().all(allowed) {
        return Err(format!(
            "the app name {name:?} is not a product token such as \"release-bot/1.4\" \
             (letters, digits, `/` and !#$%&'*+-.^_`|~)"
        ));
    }
    HeaderValue::from_str(&format!("{USER_AGENT_PREFIX} {name}")).map_err(|e| e.to_string())
}

fn default_http_client(
    allow_http: bool,
    proxies: bool,
    connect_timeout: Duration,
    follow_redirects: bool,
) -> Result<reqwest::Client, Error> {
    // Only the connect timeout is reqwest's: the overall and read timeouts are the
    // client's own, one timer per attempt (`deadline.rs`), where reqwest's would be three.
    let builder = reqwest::Client::builder();
    let builder = if proxies { builder } else { builder.no_proxy() };
    builder
        .https_only(!allow_http)
        .connect_timeout(connect_timeout)
        .redirect(if follow_redirects {
            same_origin_redirects()
        } else {
            redirect::Policy::none()
        })
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

/// reqwest strips only its own list of sensitive headers on a cross-origin redirect, not
/// `X-Auth-Token`; so such a redirect is not followed, and the 3xx reaches the caller.
fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        // The first URL is the original request; the limit matches reqwest's default.
        if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else if attempt
            .previous()
            .first()
            .is_some_and(|first| same_origin(first, attempt.url()))
        {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

fn same_origin(a: &Url, b: &Url) -> bool {
    // `Origin` compares scheme, host and port (with the scheme's default filled in); an
    // opaque origin equals nothing, so odd schemes are never followed.
    a.origin() == b.origin()
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
    fn secret(&self) -> &str {
        self.inner.credentials.echoed_secret()
    }

    /// Sends a call whose success body is a JSON object or array, and decodes it.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, parts: RequestParts) -> Result<T, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts).await?;
        http::decode_json(operation, status, &body, self.secret())
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
            Some(key) => signing::sign(
                key,
                &parts.method,
                &url,
                &parts.query,
                &headers,
                (self.inner.clock)(),
            ),
            None => (url, headers),
        };
        // A `Request` takes the prepared headers as they are; `RequestBuilder::headers`
        // would copy them one by one into a map of its own.
        let mut request = reqwest::Request::new(parts.method.clone(), url);
        *request.headers_mut() = headers;
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

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoints: BTreeMap<&str, &str> = self
            .endpoints
            .iter()
            .map(|(service, url)| (service.name(), url.as_str()))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("endpoints", &endpoints)
            .field("credentials", &self.credentials)
            .field("clock", &self.clock.as_ref().map(|_| "<custom>"))
            .field("skip_request_checks", &self.skip_checks)
            .field("http_client", &self.http.as_ref().map(|_| "<custom>"))
            .field("allow_http", &self.allow_http)
            .field("proxies", &self.proxies)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry_policy", &self.retry)
            .field("app_name", &self.app_name)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

// Clients are shared between tasks and threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Client>();
    send_sync::<ClientBuilder>();
};

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::http::{BodyKind, ResponseSpec};

    const TOKEN: &str = "MIItest-token-0123456789";

    fn config_error(builder: ClientBuilder) -> String {
        match builder.build() {
            Err(Error::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn region_gives_every_default_endpoint() {
        let client = Client::builder()
            .region("cn-north-4")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        assert_eq!(
            client.endpoint(Service::Repo).unwrap().as_str(),
            "https://codehub-ext.cn-north-4.myhuaweicloud.com/"
        );
        assert_eq!(
            client.endpoint(Service::Build).unwrap().as_str(),
            "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com/"
        );
        assert!(client.checks_enabled());
        assert_eq!(client.auth_token(), Some(TOKEN));
    }

    #[test]
    fn endpoints_override_the_region() {
        let client = Client::builder()
            .region("cn-north-4")
            .endpoint(Service::Repo, "http://127.0.0.1:9000/proxy")
            .auth_token(TOKEN)
            .allow_http(true)
            .skip_request_checks(true)
            .build()
            .unwrap();
        assert_eq!(
            client.endpoint(Service::Repo).unwrap().as_str(),
            "http://127.0.0.1:9000/proxy"
        );
        assert_eq!(
            client.endpoint(Service::Build).unwrap().host_str(),
            Some("cloudbuild-ext.cn-north-4.myhuaweicloud.com")
        );
        assert!(!client.checks_enabled());
    }

    #[test]
    fn missing_token_and_region_are_reported_together() {
        assert_eq!(
            config_error(Client::builder()),
            "no credentials: call `ClientBuilder::auth_token` or `ClientBuilder::credentials`; \
             no endpoint for any service: \
             set a region with `ClientBuilder::region` or an endpoint with `ClientBuilder::endpoint`"
        );
        assert!(
            config_error(Client::builder().region("cn-north-4").auth_token(""))
                .starts_with("no auth token")
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_service_without_an_endpoint_fails_only_its_own_calls() {
        // An endpoint for Repo alone: the client builds, and a Build call says what to set.
        let client = Client::builder()
            .endpoint(Service::Repo, "https://repo.example")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        assert_eq!(client.endpoint(Service::Build), None);
        let mut build = parts("/v3/x");
        build.operation = "list_git_code_repositories";
        build.service = Service::Build;
        let error = client.send_empty(build).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid client configuration: list_git_code_repositories calls CodeArts Build \
             (build), which has no endpoint: set a region with `ClientBuilder::region` or an \
             endpoint with `ClientBuilder::endpoint`"
        );
    }

    #[test]
    fn bad_regions() {
        let error = config_error(
            Client::builder()
                .region("cn-north-4.evil.example/x")
                .auth_token(TOKEN),
        );
        assert!(
            error.starts_with("the region \"cn-north-4.evil.example/x\" is not a region name"),
            "{error}"
        );
        let error = config_error(Client::builder().region("").auth_token(TOKEN));
        assert!(
            error.starts_with("the region is empty; no endpoint for any service"),
            "{error}"
        );
    }

    #[test]
    fn bad_endpoints_name_the_service_and_the_problem() {
        let base = || Client::builder().region("cn-north-4").auth_token(TOKEN);
        assert_eq!(
            config_error(base().endpoint(Service::Repo, "codehub.example.com")),
            "endpoint of CodeArts Repo (repo) is not a valid URL: \"codehub.example.com\": relative URL without a base"
        );
        assert_eq!(
            config_error(base().endpoint(Service::Build, "ftp://build.example")),
            "endpoint of CodeArts Build (build) must use https, not \"ftp\": \"ftp://build.example\""
        );
        assert_eq!(
            config_error(base().endpoint(Service::Repo, "https://repo.example/?a=1")),
            "endpoint of CodeArts Repo (repo) must not have a query or fragment: \"https://repo.example/?a=1\""
        );
        let error =
            config_error(base().endpoint(Service::Repo, "https://user:hunter2@repo.example"));
        assert_eq!(
            error,
            "endpoint of CodeArts Repo (repo) must not contain a user name or password: \
             \"https://<redacted>@repo.example\""
        );
    }

    #[test]
    fn no_endpoint_message_repeats_a_password() {
        let base = || Client::builder().region("cn-north-4").auth_token(TOKEN);
        for (endpoint, shown) in [
            (
                "http://user:hunter2@127.0.0.1:1",
                "http://<redacted>@127.0.0.1:1",
            ),
            (
                "ftp://user:hunter2@build.example/x",
                "ftp://<redacted>@build.example/x",
            ),
            (
                "https://user:hunter2@repo.example:99999",
                "https://<redacted>@repo.example:99999",
            ),
            (
                "https://a:b@c@repo.example?q",
                "https://<redacted>@repo.example?q",
            ),
            ("user:hunter2@repo.example", "<redacted>@repo.example"),
            (
                "https://user:hunter2@repo\texample",
                "https://<redacted>@repo\texample",
            ),
        ] {
            let error = config_error(base().endpoint(Service::Repo, endpoint));
            assert!(!error.contains("hunter2"), "{endpoint}: {error}");
            assert!(error.contains(&format!("{shown:?}")), "{endpoint}: {error}");
        }
        assert_eq!(
            without_credentials("https://repo.example/a@b"),
            "https://repo.example/a@b"
        );
    }

    #[test]
    fn control_characters_in_an_endpoint_are_refused() {
        let base = || Client::builder().region("cn-north-4").auth_token(TOKEN);
        for (endpoint, shown) in [
            ("https://repo.example/pro\nxy", "000A"),
            ("https://repo.example/pro\rxy", "000D"),
            ("https://repo.\texample", "0009"),
            ("https://repo.example\u{0}", "0000"),
        ] {
            let error = config_error(base().endpoint(Service::Repo, endpoint));
            assert!(
                error.starts_with(&format!(
                    "endpoint of CodeArts Repo (repo) holds the control character U+{shown}: "
                )),
                "{endpoint:?}: {error}"
            );
        }
    }

    #[test]
    fn plain_http_needs_an_opt_in() {
        let base = || Client::builder().region("cn-north-4").auth_token(TOKEN);
        assert_eq!(
            config_error(base().endpoint(Service::Repo, "http://127.0.0.1:8080")),
            "endpoint of CodeArts Repo (repo) uses plain http, which would send the token \
             unencrypted: \"http://127.0.0.1:8080\" (use https, or call \
             `ClientBuilder::allow_http(true)` for a local server)"
        );
        let client = base()
            .endpoint(Service::Repo, "http://127.0.0.1:8080")
            .allow_http(true)
            .build()
            .unwrap();
        assert_eq!(client.endpoint(Service::Repo).unwrap().scheme(), "http");
    }

    #[test]
    fn unusable_settings_are_reported_together() {
        let error = config_error(
            Client::builder()
                .region("cn-north-4")
                .auth_token(TOKEN)
                .connect_timeout(Duration::ZERO)
                .read_timeout(Duration::ZERO)
                .retry_policy(RetryPolicy::new().with_max_attempts(0))
                .max_body_size(0)
                .app_name("my tool"),
        );
        assert_eq!(
            error,
            "`ClientBuilder::connect_timeout` is zero, so every call would time out; \
             `ClientBuilder::read_timeout` is zero, so every call would time out; \
             the retry policy allows 0 attempts: use at least 1 (`RetryPolicy::disabled()` \
             makes exactly one); `ClientBuilder::max_body_size` is 0, so no answer would fit; \
             the app name \"my tool\" is not a product token such as \"release-bot/1.4\" \
             (letters, digits, `/` and !#$%&'*+-.^_`|~)"
        );
        let error = config_error(
            Client::builder()
                .region("cn-north-4")
                .auth_token(TOKEN)
                .app_name(""),
        );
        assert!(error.starts_with("the app name \"\" is not"), "{error}");
    }

    #[test]
    fn user_agent_names_the_crate_and_the_app() {
        assert_eq!(
            user_agent(None).unwrap(),
            concat!("codearts-client/", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(
            user_agent(Some("release-bot/1.4")).unwrap(),
            concat!(
                "codearts-client/",
                env!("CARGO_PKG_VERSION"),
                " release-bot/1.4"
            )
        );
        assert!(user_agent(Some("bot\r\nX-Evil: 1")).is_err());
        assert!(user_agent(Some("bot (linux)")).is_err());
    }

    #[test]
    fn defaults() {
        let builder = ClientBuilder::default();
        assert_eq!(builder.connect_timeout, Duration::from_secs(10));
        assert_eq!(builder.timeout, Duration::from_secs(60));
        assert_eq!(builder.read_timeout, Duration::from_secs(30));
        assert_eq!(builder.max_body_size, 16 * 1024 * 1024);
        assert_eq!(builder.retry, RetryPolicy::default());
        assert!(!builder.allow_http);
        let client = builder
            .region("cn-north-4")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        assert_eq!(client.retry_policy(), &RetryPolicy::default());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = Client::builder().region("cn-north-4").auth_token(TOKEN);
        let builder_debug = format!("{builder:?}");
        let client = builder.build().unwrap();
        for debug in [builder_debug, format!("{client:?}"), format!("{client:#?}")] {
            assert!(!debug.contains(TOKEN), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
        }
        assert!(format!("{client:?}").contains("codehub-ext.cn-north-4.myhuaweicloud.com"));
    }

    #[test]
    fn debug_never_shows_the_secret_key_or_security_token() {
        let (secret, security_token) = ("sk-0123456789-secret", "st-0123456789-security");
        let builder = Client::builder().region("cn-north-4").credentials(
            crate::Credentials::access_key("HPUAEXAMPLEACCESSKEY", secret)
                .security_token(security_token),
        );
        let builder_debug = format!("{builder:?}");
        let client = builder.build().unwrap();
        for debug in [builder_debug, format!("{client:?}"), format!("{client:#?}")] {
            assert!(!debug.contains(secret), "{debug}");
            assert!(!debug.contains(security_token), "{debug}");
            assert!(debug.contains("HPUAEXAMPLEACCESSKEY"), "{debug}");
        }
        // Errors repeat what a service said: the security token crosses the wire, so it is
        // scrubbed from them; the secret key never does.
        assert_eq!(client.secret(), security_token);
        assert_eq!(client.auth_token(), None);
    }

    #[test]
    fn redirects_stay_on_the_origin() {
        let url = |s| Url::parse(s).unwrap();
        assert!(same_origin(
            &url("https://a.example/x"),
            &url("https://a.example:443/y?z")
        ));
        assert!(!same_origin(
            &url("https://a.example/x"),
            &url("http://a.example/x")
        ));
        assert!(!same_origin(
            &url("https://a.example/x"),
            &url("https://b.example/x")
        ));
        assert!(!same_origin(
            &url("http://a.example/x"),
            &url("http://a.example:8080/x")
        ));
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

    fn local_builder(port: u16, base: &str) -> ClientBuilder {
        Client::builder()
            .endpoint(Service::Repo, format!("http://127.0.0.1:{port}{base}"))
            .endpoint(Service::Build, format!("http://127.0.0.1:{port}"))
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
            service: Service::Repo,
            method: reqwest::Method::GET,
            idempotent: true,
            path: path.to_owned(),
            query: vec![("search", "a b&c".into())],
            headers: Vec::new(),
            auth: &[crate::AuthScheme::TokenHeader {
                header: "X-Auth-Token",
            }],
            responses: RESPONSES,
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
