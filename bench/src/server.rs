//! The loopback server of benchmarks 4 and 5 (hyper, HTTP/1.1 with keep-alive).
//!
//! The path of the reference call (`overhead::reference`) answers a canned JSON page of 20
//! repositories (or an empty object, when the call does not answer a list); the path of
//! the download (`overhead::download`) streams `archive_bytes` bytes with a
//! `Content-Length`, cut from one shared buffer, so the server never holds the body. Any
//! other path is a 404. With `record` on, the server keeps the method, URI and headers of
//! each request, so a test can compare what two clients put on the wire.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::Frame;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::overhead;

/// Size of the buffer an archive is cut from.
const CHUNK: usize = 256 * 1024;

/// What the server answers and records.
#[derive(Debug)]
pub struct Config {
    pub archive_bytes: u64,
    pub record: bool,
}

/// A request as it arrived: method, path and query, and headers (lowercase names, sorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
}

struct State {
    config: Config,
    page: Bytes,
    chunk: Bytes,
    seen: Mutex<Vec<Seen>>,
}

/// A running server: its address and what it recorded.
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<State>,
}

impl Server {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests recorded so far, taken out.
    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.state.seen.lock().unwrap())
    }
}

/// Binds `127.0.0.1:0` and serves on the current tokio runtime until it shuts down.
pub async fn start(config: Config) -> std::io::Result<Server> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State {
        config,
        page: Bytes::from(if overhead::reference().list {
            page_json(20)
        } else {
            b"{}".to_vec()
        }),
        chunk: Bytes::from(vec![0x5a; CHUNK]),
        seen: Mutex::new(Vec::new()),
    });
    let server = Server {
        addr,
        state: state.clone(),
    };
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let state = state.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req| handle(req, state.clone()));
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(server)
}

type Body = BoxBody<Bytes, Infallible>;

async fn handle(
    req: Request<hyper::body::Incoming>,
    state: Arc<State>,
) -> Result<Response<Body>, Infallible> {
    if state.config.record {
        let mut headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        headers.sort();
        state.seen.lock().unwrap().push(Seen {
            method: req.method().to_string(),
            uri: req.uri().to_string(),
            headers,
        });
    }
    let path = req.uri().path();
    let download = overhead::download().map(|(_, path)| path);
    let response = if path == overhead::reference().path {
        Response::builder()
            .header("content-type", "application/json")
            .body(Full::new(state.page.clone()).boxed())
    } else if download.as_deref() == Some(path) {
        archive(&state)
    } else {
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Full::new(Bytes::from_static(b"{}")).boxed())
    };
    Ok(response.expect("a valid response"))
}

fn archive(state: &State) -> Result<Response<Body>, hyper::http::Error> {
    let total = state.config.archive_bytes;
    let chunk = state.chunk.clone();
    let chunks = total.div_ceil(CHUNK as u64);
    let frames = stream::iter((0..chunks).map(move |i| {
        let left = total - i * CHUNK as u64;
        let piece = chunk.slice(..(left.min(CHUNK as u64) as usize));
        Ok::<_, Infallible>(Frame::data(piece))
    }));
    Response::builder()
        .header("content-type", "application/gzip")
        .header("content-length", total)
        .header(
            "content-disposition",
            "attachment; filename=\"archive.tar.gz\"",
        )
        .body(BodyExt::boxed(StreamBody::new(frames)))
}

/// A page of `n` repositories in the shape of `BasicRepositoryDto` (about 300 bytes each),
/// one in three with a `security` value the documentation does not list.
pub fn page_json(n: usize) -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": 2112041493 + i,
                "name": format!("repository-{i}"),
                "namespace": "3e1f6634946144c2b1ccb46fb8152b8f",
                "path": format!("repository-{i}"),
                "develop_mode": "normal",
                "visibility": "private",
                "security": if i % 3 == 0 { "internal" } else { "tenant_internal" },
                "name_with_namespace": format!("3e1f6634946144c2b1ccb46fb8152b8f / repository-{i}"),
                "archived": false,
                "status": "0"
            })
        })
        .collect();
    serde_json::to_vec(&items).expect("JSON")
}

/// Serves on a runtime of its own until standard input closes, after printing the port on
/// the first line of standard output: the server side of a benchmark run as a child
/// process, which ends with its parent.
pub fn serve_until_stdin_closes(config: Config) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = start(config).await?;
        println!("{}", server.addr.port());
        let _ = tokio::task::spawn_blocking(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        })
        .await;
        Ok(())
    })
}

/// A server child process (`program` with `args`, which calls
/// [`serve_until_stdin_closes`]) and its base URL. Dropping the child's stdin (or the
/// parent exiting) stops it.
pub fn spawn_child(
    program: &std::path::Path,
    args: &[&str],
) -> Result<(std::process::Child, String), String> {
    use std::io::BufRead as _;
    use std::process::Stdio;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("the server said nothing: {e}"))?;
    let port: u16 = line
        .trim()
        .parse()
        .map_err(|_| format!("the server printed {line:?}, not a port"))?;
    Ok((child, format!("http://127.0.0.1:{port}")))
}
