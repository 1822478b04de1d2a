//! [`ClientBuilder`]: what a [`Client`] is configured with, and the checks that turn the
//! settings into a client or into one [`Error::Config`] listing every problem.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::Url;
use reqwest::header::HeaderValue;
use reqwest::redirect;

use crate::Service;
use crate::client::{Client, Inner};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Where the client reads the time it signs requests with; `SystemTime::now` unless a test
/// sets another with [`ClientBuilder::clock`].
pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The two ways to give a service its endpoint, for the messages that find none.
pub(crate) const ENDPOINT_HINT: &str =
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
/// # let service = Service::ALL[0];
/// let client = Client::builder()
///     .region("cn-north-4")
///     .auth_token(std::env::var("CODEARTS_TOKEN").unwrap_or("token".into()))
///     // One service through a corporate gateway instead of its default host.
///     .endpoint(service, "https://codearts-gateway.example.com/repo")
///     .connect_timeout(Duration::from_secs(5))
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .app_name("release-bot/1.4")
///     .build()?;
/// assert_eq!(
///     client.endpoint(service).and_then(|url| url.host_str()),
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

// Builders are shared between tasks and threads, as clients are.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<ClientBuilder>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{FIRST, named};

    const TOKEN: &str = "MIItest-token-0123456789";

    fn config_error(builder: ClientBuilder) -> String {
        match builder.build() {
            Err(Error::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    /// Asserts that each of `services` has its default endpoint in cn-north-4.
    fn assert_default_endpoints(client: &Client, services: &[Service]) {
        for &service in services {
            let endpoint = client.endpoint(service).unwrap();
            assert_eq!(
                endpoint.as_str().trim_end_matches('/'),
                service.default_endpoint("cn-north-4"),
                "{service:?}"
            );
        }
    }

    #[test]
    fn region_gives_every_default_endpoint() {
        let client = Client::builder()
            .region("cn-north-4")
            .auth_token(TOKEN)
            .build()
            .unwrap();
        assert_default_endpoints(&client, Service::ALL);
        assert!(client.checks_enabled());
        assert_eq!(client.auth_token(), Some(TOKEN));
    }

    #[test]
    fn endpoints_override_the_region() {
        let client = Client::builder()
            .region("cn-north-4")
            .endpoint(FIRST, "http://127.0.0.1:9000/proxy")
            .auth_token(TOKEN)
            .allow_http(true)
            .skip_request_checks(true)
            .build()
            .unwrap();
        assert_eq!(
            client.endpoint(FIRST).unwrap().as_str(),
            "http://127.0.0.1:9000/proxy"
        );
        assert_default_endpoints(&client, &Service::ALL[1..]);
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
        let first = named(FIRST);
        assert_eq!(
            config_error(base().endpoint(FIRST, "codehub.example.com")),
            format!(
                "endpoint of {first} is not a valid URL: \"codehub.example.com\": relative URL without a base"
            )
        );
        assert_eq!(
            config_error(base().endpoint(FIRST, "ftp://build.example")),
            format!("endpoint of {first} must use https, not \"ftp\": \"ftp://build.example\"")
        );
        assert_eq!(
            config_error(base().endpoint(FIRST, "https://repo.example/?a=1")),
            format!(
                "endpoint of {first} must not have a query or fragment: \"https://repo.example/?a=1\""
            )
        );
        let error = config_error(base().endpoint(FIRST, "https://user:hunter2@repo.example"));
        assert_eq!(
            error,
            format!(
                "endpoint of {first} must not contain a user name or password: \
                 \"https://<redacted>@repo.example\""
            )
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
            let error = config_error(base().endpoint(FIRST, endpoint));
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
            let error = config_error(base().endpoint(FIRST, endpoint));
            assert!(
                error.starts_with(&format!(
                    "endpoint of {} holds the control character U+{shown}: ",
                    named(FIRST)
                )),
                "{endpoint:?}: {error}"
            );
        }
    }

    #[test]
    fn plain_http_needs_an_opt_in() {
        let base = || Client::builder().region("cn-north-4").auth_token(TOKEN);
        assert_eq!(
            config_error(base().endpoint(FIRST, "http://127.0.0.1:8080")),
            format!(
                "endpoint of {} uses plain http, which would send the token unencrypted: \
                 \"http://127.0.0.1:8080\" (use https, or call \
                 `ClientBuilder::allow_http(true)` for a local server)",
                named(FIRST)
            )
        );
        let client = base()
            .endpoint(FIRST, "http://127.0.0.1:8080")
            .allow_http(true)
            .build()
            .unwrap();
        assert_eq!(client.endpoint(FIRST).unwrap().scheme(), "http");
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
}
