//! The [`Client`]: configuration, and the I/O of every call.
//!
//! Generated operation builders check their parameters, describe the request as
//! [`RequestParts`] and call one of the `send_*` methods, chosen by what the documented
//! success body holds. Everything those methods decide is in [`crate::http`]; what is left
//! here is sending, reading and the choice of what to read.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderValue};
use reqwest::redirect;
use serde::de::DeserializeOwned;

use crate::Service;
use crate::binary::BinaryResponse;
use crate::error::Error;
use crate::http::{self, RequestParts};

/// A client for every service of the API; cheap to clone, and shareable between tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoints: BTreeMap<Service, Url>,
    token: String,
    checks: bool,
}

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    region: Option<String>,
    endpoints: BTreeMap<Service, String>,
    token: Option<String>,
    skip_checks: bool,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
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

    /// The IAM token sent with every call (the `X-Subject-Token` of IAM's token API).
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Skips the client-side constraint checks (documentation can lag the service). Off by
    /// default. Header values that cannot be sent at all are still rejected.
    pub fn skip_request_checks(mut self, skip: bool) -> Self {
        self.skip_checks = skip;
        self
    }

    /// The HTTP client to send with, for timeouts, proxies or TLS settings.
    ///
    /// The default one does not follow a redirect to another scheme, host or port, because
    /// the token would follow it; a client given here keeps its own redirect policy, so
    /// give it the same care.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client, or says everything that is wrong with the configuration.
    pub fn build(self) -> Result<Client, Error> {
        let mut problems = Vec::new();
        let token = match self.token {
            Some(token) if !token.is_empty() => token,
            _ => {
                problems.push("no auth token: call `ClientBuilder::auth_token`".to_owned());
                String::new()
            }
        };
        let region = self.region.filter(|region| match region_problem(region) {
            Some(problem) => {
                problems.push(problem);
                false
            }
            None => true,
        });
        let mut endpoints = BTreeMap::new();
        for &service in Service::ALL {
            let url = match (self.endpoints.get(&service), &region) {
                (Some(url), _) => url.clone(),
                (None, Some(region)) => service.default_endpoint(region),
                (None, None) => {
                    problems.push(format!(
                        "no endpoint for {} ({}): set a region with `ClientBuilder::region` \
                         or an endpoint with `ClientBuilder::endpoint`",
                        service.title(),
                        service.name()
                    ));
                    continue;
                }
            };
            match parse_endpoint(&url) {
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
        if !problems.is_empty() {
            return Err(Error::Config(problems.join("; ")));
        }
        let http = match self.http {
            Some(http) => http,
            None => default_http_client()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoints,
                token,
                checks: !self.skip_checks,
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

/// An endpoint is an http(s) URL with a host and at most a base path; a query or fragment
/// would be lost or misplaced when operation paths are appended.
fn parse_endpoint(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("is not a valid URL: {text:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "must use http or https, not {:?}: {text:?}",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // The text is not repeated: it holds a password.
        return Err("must not contain a user name or password".to_owned());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("has no host: {text:?}"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("must not have a query or fragment: {text:?}"));
    }
    Ok(url)
}

fn default_http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .user_agent(concat!("codearts-client/", env!("CARGO_PKG_VERSION")))
        .redirect(same_origin_redirects())
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

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint calls to `service` go to.
    pub fn endpoint(&self, service: Service) -> &Url {
        // `build` refuses to make a client without an endpoint for every service.
        &self.inner.endpoints[&service]
    }

    /// Whether generated operations check documented constraints before sending.
    #[doc(hidden)]
    pub fn checks_enabled(&self) -> bool {
        self.inner.checks
    }

    /// The token, for the generated checks of its documented length.
    #[doc(hidden)]
    pub fn auth_token(&self) -> &str {
        &self.inner.token
    }

    /// Sends a call whose success body is a JSON object or array, and decodes it.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, parts: RequestParts) -> Result<T, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts, true).await?;
        http::decode_json(operation, status, &body, self.auth_token())
    }

    /// Sends a call whose success body is an `{error, result, status}` envelope; returns
    /// the decoded `result`.
    #[doc(hidden)]
    pub async fn send_envelope<T: DeserializeOwned>(
        &self,
        parts: RequestParts,
    ) -> Result<T, Error> {
        let operation = parts.operation;
        let (status, body) = self.send_and_read(parts, true).await?;
        http::decode_envelope(operation, status, &body, self.auth_token())
    }

    /// Sends a download; the body is left to the caller.
    #[doc(hidden)]
    pub async fn send_binary(&self, parts: RequestParts) -> Result<BinaryResponse, Error> {
        let operation = parts.operation;
        let response = self.send_checked(parts, false).await?;
        Ok(BinaryResponse::new(operation, response))
    }

    /// Sends a call whose success body does not matter.
    #[doc(hidden)]
    pub async fn send_empty(&self, parts: RequestParts) -> Result<(), Error> {
        self.send_checked(parts, true).await.map(drop)
    }

    /// Sends and reads the whole 2xx body.
    async fn send_and_read(
        &self,
        parts: RequestParts,
        json: bool,
    ) -> Result<(u16, bytes::Bytes), Error> {
        let operation = parts.operation;
        let response = self.send_checked(parts, json).await?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|source| Error::Transport { operation, source })?;
        Ok((status, body))
    }

    /// Sends the request; a 2xx response is returned unread, anything else is an
    /// [`Error::Api`].
    async fn send_checked(
        &self,
        parts: RequestParts,
        json: bool,
    ) -> Result<reqwest::Response, Error> {
        let operation = parts.operation;
        let url = http::request_url(self.endpoint(parts.service), &parts)?;
        let mut headers = http::request_headers(&parts, self.auth_token())?;
        if json && !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        let response = self
            .inner
            .http
            .request(parts.method, url)
            .headers(headers)
            .send()
            .await
            .map_err(|source| Error::Transport { operation, source })?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = read_limited(response, ERROR_BODY_LIMIT).await;
        let error = http::api_error(
            operation,
            status,
            request_id,
            parts.responses,
            &body,
            self.auth_token(),
        );
        Err(Error::Api(Box::new(error)))
    }
}

/// Reads at most `limit` bytes of a body. A failure part way keeps what arrived: the
/// status is the news, and the body only explains it.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
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
            .field("auth_token", &"<redacted>")
            .field("checks_enabled", &self.inner.checks)
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
            .field("auth_token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("skip_request_checks", &self.skip_checks)
            .field("http_client", &self.http.as_ref().map(|_| "<custom>"))
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
            client.endpoint(Service::Repo).as_str(),
            "https://codehub-ext.cn-north-4.myhuaweicloud.com/"
        );
        assert_eq!(
            client.endpoint(Service::Build).as_str(),
            "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com/"
        );
        assert!(client.checks_enabled());
        assert_eq!(client.auth_token(), TOKEN);
    }

    #[test]
    fn endpoints_override_the_region() {
        let client = Client::builder()
            .region("cn-north-4")
            .endpoint(Service::Repo, "http://127.0.0.1:9000/proxy")
            .auth_token(TOKEN)
            .skip_request_checks(true)
            .build()
            .unwrap();
        assert_eq!(
            client.endpoint(Service::Repo).as_str(),
            "http://127.0.0.1:9000/proxy"
        );
        assert_eq!(
            client.endpoint(Service::Build).host_str(),
            Some("cloudbuild-ext.cn-north-4.myhuaweicloud.com")
        );
        assert!(!client.checks_enabled());
    }

    #[test]
    fn missing_token_and_region_are_reported_together() {
        assert_eq!(
            config_error(Client::builder().endpoint(Service::Repo, "https://repo.example")),
            "no auth token: call `ClientBuilder::auth_token`; no endpoint for CodeArts Build (build): \
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
            error.starts_with("the region is empty; no endpoint for CodeArts Build"),
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
            "endpoint of CodeArts Build (build) must use http or https, not \"ftp\": \"ftp://build.example\""
        );
        assert_eq!(
            config_error(base().endpoint(Service::Repo, "https://repo.example/?a=1")),
            "endpoint of CodeArts Repo (repo) must not have a query or fragment: \"https://repo.example/?a=1\""
        );
        let error =
            config_error(base().endpoint(Service::Repo, "https://user:hunter2@repo.example"));
        assert_eq!(
            error,
            "endpoint of CodeArts Repo (repo) must not contain a user name or password"
        );
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

    fn local_client(port: u16, base: &str) -> Client {
        Client::builder()
            .endpoint(Service::Repo, format!("http://127.0.0.1:{port}{base}"))
            .endpoint(Service::Build, format!("http://127.0.0.1:{port}"))
            .auth_token(TOKEN)
            .build()
            .unwrap()
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
            path: path.to_owned(),
            query: vec![("search", "a b&c".into())],
            headers: Vec::new(),
            auth_header: Some("X-Auth-Token"),
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
                "get /proxy/v4/projects/p%2f1/repositories?search=a+b%26c http/1.1\r\n"
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
        assert!(
            error.to_string().starts_with("list_project_repositories: "),
            "{error}"
        );
        assert!(std::error::Error::source(&error).is_some());
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
