//! Shared helpers: a local server with a client pointed at it, a call of every operation with
//! valid arguments (through the client's catalogue), readers of the recorded requests, and
//! matchers for the client's errors; for what wiremock cannot send (a body cut short, a
//! stall), a raw TCP server.

use std::fmt::Debug;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use codearts_client::catalogue::{self, Answer};
use codearts_client::{
    ApiError, BinaryResponse, Client, ClientBuilder, Constraint, Error, RetryPolicy, Service,
    Violation,
};
use codegen::ir::Success;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::shapes;

/// The token of the test clients. It is longer than 8 characters, so the runtime scrubs it
/// from response bodies that echo it.
pub const TOKEN: &str = "MIIEtest-token-5f3a9c0d";

/// Every operation of the spec, in name order.
pub use codearts_client::catalogue::OPERATIONS;

/// The IR of the workspace's spec, loaded once per test binary.
pub fn ir() -> &'static codegen::ir::Ir {
    static IR: OnceLock<codegen::ir::Ir> = OnceLock::new();
    IR.get_or_init(|| {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        codegen::load_ir(&spec).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    })
}

/// The default number of attempts, with millisecond waits between them, so that tests of
/// retried answers stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(10))
        .with_max_retry_after(Duration::from_millis(10))
}

/// A client builder for a server at `uri`, with every service pointed at it: plain http
/// allowed (the server is on loopback) and [`fast_retries`].
pub fn client_builder(uri: &str) -> ClientBuilder {
    Service::ALL
        .iter()
        .fold(Client::builder(), |builder, &service| {
            builder.endpoint(service, uri)
        })
        .auth_token(TOKEN)
        .allow_http(true)
        .retry_policy(fast_retries())
}

/// A local server that records every request, and a client for it.
pub struct Harness {
    pub server: MockServer,
    pub client: Client,
}

impl Harness {
    /// A server that answers every operation with a minimal success, and a client with
    /// checks on and [`TOKEN`].
    pub async fn start() -> Self {
        Self::start_with(|builder| builder).await
    }

    /// Like [`Harness::start`], with the client builder adjusted by `configure`.
    pub async fn start_with(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        Self::serving(SuccessPerOperation, configure).await
    }

    /// A server that answers every request with `response`.
    pub async fn answering(response: ResponseTemplate) -> Self {
        Self::serving(response, |builder| builder).await
    }

    /// A server that answers every request with `status` and a JSON `body`.
    pub async fn answering_json(status: u16, body: &str) -> Self {
        Self::answering(json_response(status, body)).await
    }

    /// A server that answers every request through `responder`, and a client configured
    /// by `configure`.
    pub async fn serving(
        responder: impl Respond + 'static,
        configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
    ) -> Self {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;
        let client = configure(client_builder(&server.uri()))
            .build()
            .expect("the test client builds");
        Harness { server, client }
    }

    /// Every request the server received so far, in order.
    pub async fn requests(&self) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .expect("wiremock records requests by default")
    }

    /// The one request the server received.
    pub async fn only_request(&self) -> Request {
        let mut requests = self.requests().await;
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {:?}",
            urls(&requests)
        );
        requests.remove(0)
    }

    /// Asserts that no request has reached the server.
    pub async fn assert_nothing_sent(&self) {
        let requests = self.requests().await;
        assert!(
            requests.is_empty(),
            "no request should have reached the server, got {:?}",
            urls(&requests)
        );
    }

    /// Awaits a call that must pass the checks and succeed; asserts that it sent exactly one
    /// request, and returns that request.
    pub async fn expect_sent<T: Debug>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Request {
        let before = self.requests().await.len();
        if let Err(error) = call.await {
            panic!("expected the call to succeed, got {}", shortened(&error));
        }
        let mut requests = self.requests().await;
        assert_eq!(
            requests.len(),
            before + 1,
            "the call should have sent one request"
        );
        requests.pop().expect("one request")
    }

    /// Awaits a call that the checks must stop; asserts that it failed with
    /// [`Error::InvalidRequest`] for `operation` and that it sent nothing, and returns the
    /// violations.
    pub async fn expect_rejected<T: Debug>(
        &self,
        operation: &str,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Vec<Violation> {
        let before = self.requests().await.len();
        let violations = invalid_request(operation, call.await);
        assert_eq!(
            self.requests().await.len(),
            before,
            "a rejected call must send nothing"
        );
        violations
    }
}

/// `Debug` of `value`, cut to a readable length: errors can quote 100 000-character values.
pub fn shortened(value: &impl Debug) -> String {
    let text = format!("{value:?}");
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text,
    }
}

fn urls(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| shortened(&r.url.as_str()))
        .collect()
}

/// A response with `status` and a JSON `body`, sent byte for byte.
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Answers with each response in turn, then with the last one again and again, and notes
/// when each request arrived.
pub struct InTurn {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl InTurn {
    /// Answers `responses` in order; there must be at least one.
    pub fn new(responses: Vec<ResponseTemplate>) -> Self {
        assert!(!responses.is_empty(), "InTurn needs a response");
        InTurn {
            responses,
            arrivals: Arc::default(),
        }
    }

    /// When each request arrived, shared with the server.
    pub fn arrivals(&self) -> Arc<Mutex<Vec<Instant>>> {
        Arc::clone(&self.arrivals)
    }
}

impl Respond for InTurn {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        let turn = arrivals.len().min(self.responses.len() - 1);
        arrivals.push(Instant::now());
        self.responses[turn].clone()
    }
}

/// One step of what [`RawServer`] does on a connection after reading the request.
#[derive(Debug, Clone)]
pub enum Raw {
    /// Writes these bytes.
    Send(Vec<u8>),
    /// Waits, saying nothing.
    Pause(Duration),
    /// Writes these bytes this many times over, without holding them all in memory: a
    /// body far larger than the client should read.
    SendRepeated(Vec<u8>, usize),
    /// Resets the connection (RST, not an orderly close) and ends the script.
    Reset,
}

/// What happened on one connection to a [`RawServer`].
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// The request target of the request line, e.g. `/v4/projects/x/repositories?limit=5`.
    pub target: String,
    /// Bytes of the script written to the client.
    pub sent: usize,
    /// Whether the script has ended, played to the end or cut short by the client leaving.
    pub ended: bool,
}

type Script = Arc<dyn Fn(&str) -> Vec<Raw> + Send + Sync>;

/// A server on `127.0.0.1:0` that reads each request's head and then follows a script,
/// closing the connection at the end; for answers wiremock cannot give, such as a body
/// shorter than its `Content-Length`. Stops when dropped.
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub uri: String,
    log: Arc<Mutex<Vec<Connection>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts serving `script` on every connection.
    pub async fn start(script: Vec<Raw>) -> Self {
        Self::start_with(move |_| script.clone()).await
    }

    /// Starts serving, on each connection, the script `script` gives for the request
    /// target.
    pub async fn start_with(script: impl Fn(&str) -> Vec<Raw> + Send + Sync + 'static) -> Self {
        let script: Script = Arc::new(script);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::clone(&log);
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let index = {
                    let mut log = connections.lock().unwrap();
                    log.push(Connection::default());
                    log.len() - 1
                };
                let (script, log) = (Arc::clone(&script), Arc::clone(&connections));
                tokio::spawn(async move {
                    follow(socket, &*script, &log, index).await;
                    log.lock().unwrap()[index].ended = true;
                });
            }
        });
        RawServer { uri, log, task }
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// Every connection so far, in the order they were accepted.
    pub fn log(&self) -> Vec<Connection> {
        self.log.lock().unwrap().clone()
    }

    /// Waits until every accepted connection has ended its script; `false` when some are
    /// still going after `within`.
    pub async fn wait_until_ended(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while !self.log().iter().all(|c| c.ended) {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        true
    }
}

/// Reads the request head from `socket`, then plays the script for its target; stops
/// early when the client goes away.
async fn follow(
    mut socket: tokio::net::TcpStream,
    script: &(dyn Fn(&str) -> Vec<Raw> + Send + Sync),
    log: &Mutex<Vec<Connection>>,
    index: usize,
) {
    let mut head = Vec::new();
    let mut buf = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
    let steps = script(&target);
    log.lock().unwrap()[index].target = target;
    let sent = |n: usize| log.lock().unwrap()[index].sent += n;
    for step in steps {
        match step {
            Raw::Send(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
                sent(bytes.len());
            }
            Raw::SendRepeated(bytes, times) => {
                for _ in 0..times {
                    if socket.write_all(&bytes).await.is_err() {
                        return;
                    }
                    sent(bytes.len());
                }
            }
            Raw::Pause(wait) => tokio::time::sleep(wait).await,
            Raw::Reset => {
                // A zero linger turns the close into a reset; it cannot block, as nothing
                // is left to linger over.
                let _ = socket.set_zero_linger();
                return;
            }
        }
    }
    let _ = socket.shutdown().await;
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The head of a 200 response of `content_length` bytes of `application/zip`.
pub fn zip_head(content_length: usize) -> Raw {
    Raw::Send(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\n\
             Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// The bytes [`SuccessPerOperation`] answers an archive download with.
pub const ARCHIVE_BYTES: &[u8] = b"PK\x03\x04archive";

/// Answers each operation with the smallest body its success decodes from.
struct SuccessPerOperation;

impl Respond for SuccessPerOperation {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        success(request.url.path())
    }
}

/// The smallest success of the operation whose path `path` is (an archive is
/// [`ARCHIVE_BYTES`]).
pub fn success(path: &str) -> ResponseTemplate {
    let (body, content_type) = shapes::success_body(shapes::operation_of(path), ARCHIVE_BYTES);
    ResponseTemplate::new(200).set_body_raw(body, content_type)
}

/// Calls `operation` with valid arguments (each positional parameter's sample) and returns
/// its success value as JSON (an archive as an array of bytes), so that a test can treat
/// every operation alike.
pub async fn call(client: &Client, operation: &str) -> Result<Value, Error> {
    call_with(client, operation, &[]).await
}

/// The operation that answers with a binary body, for the tests of downloads: the first
/// in name order.
pub fn download_operation() -> &'static str {
    ir().operations
        .iter()
        .find(|op| matches!(op.success, Success::Binary))
        .expect("the spec has an operation answering with a binary body")
        .name
        .as_str()
}

/// An idempotent operation answering JSON, for the tests of behaviour common to every
/// call: the first in name order.
pub fn json_operation() -> &'static str {
    ir().operations
        .iter()
        .find(|op| op.idempotent && matches!(op.success, Success::Json(_) | Success::Envelope(_)))
        .expect("the spec has an idempotent operation answering JSON")
        .name
        .as_str()
}

/// Calls [`download_operation`] with valid arguments; the body is not read yet.
pub async fn start_download(client: &Client) -> Result<BinaryResponse, Error> {
    match catalogue::call(client, download_operation(), &[])
        .await
        .expect("the catalogue has every operation")?
    {
        Answer::Binary(response) => Ok(response),
        Answer::Json(value) => panic!("a download answered JSON: {value}"),
    }
}

/// Like [`call`], with the parameters named in `values` (by wire name) set to the text
/// there.
pub async fn call_with(
    client: &Client,
    operation: &str,
    values: &[(&str, &str)],
) -> Result<Value, Error> {
    let answer = catalogue::call(client, operation, values)
        .await
        .unwrap_or_else(|| panic!("the catalogue has no operation `{operation}`"))?;
    Ok(match answer {
        Answer::Json(value) => value,
        Answer::Binary(response) => Value::from(response.bytes().await?.to_vec()),
    })
}

/// The raw `name=value` pieces of a request's query, sorted: the exact encoding, without
/// depending on the order of the parameters.
pub fn raw_query(request: &Request) -> Vec<String> {
    let mut pieces: Vec<String> = request
        .url
        .query()
        .map(|query| query.split('&').map(str::to_owned).collect())
        .unwrap_or_default();
    pieces.sort();
    pieces
}

/// Every value of the header `name`, in order.
pub fn header_values(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

/// The violations of an [`Error::InvalidRequest`] of `operation`.
pub fn invalid_request<T: Debug>(operation: &str, result: Result<T, Error>) -> Vec<Violation> {
    match result {
        Err(Error::InvalidRequest {
            operation: actual,
            violations,
        }) => {
            assert_eq!(actual, operation, "the error names the operation");
            violations
        }
        other => panic!(
            "expected Error::InvalidRequest for {operation}, got {}",
            shortened(&other)
        ),
    }
}

/// The error of an [`Error::Api`].
pub fn api_error<T: Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(error)) => *error,
        other => panic!("expected Error::Api, got {}", shortened(&other)),
    }
}

/// A violation, for comparing with the ones a call reports.
pub fn violation(parameter: &'static str, constraint: Constraint, value: &str) -> Violation {
    Violation {
        parameter: parameter.into(),
        constraint,
        value: value.to_owned(),
    }
}
