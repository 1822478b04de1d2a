//! Benchmark 4, end to end on loopback: requests per second of the generated client and of
//! a hand-written reqwest call that sends the identical request (URL, query and headers;
//! the smoke test compares them on the wire) and decodes the answer into the same model,
//! against the same local server, sequentially and from many concurrent tasks.
//!
//! Each run also records this process's CPU time per request (the server is a child
//! process, so that is the client's alone). Rounds rotate which client goes first, and
//! ratios are taken between runs of the same round, so a change in the machine's load
//! hits both sides of each ratio.

use std::time::Instant;

use codearts_client::{Client, catalogue};

use crate::measure;
use crate::overhead;

#[derive(Debug, Clone)]
pub struct Options {
    /// Requests per client per round.
    pub requests: usize,
    pub rounds: usize,
    /// Tasks of the concurrent runs.
    pub concurrency: usize,
    /// The clients to compare (see [`CLIENTS`]); the generated one is always first.
    pub clients: Vec<String>,
}

/// Every client the benchmark knows: the generated one, raw reqwest, and raw reqwest with
/// pieces of what the generated client does, to tell their costs apart.
pub const CLIENTS: &[(&str, &str)] = &[
    ("ours", "the generated client"),
    ("raw", "raw reqwest, default settings"),
    (
        "raw-timeouts",
        "raw reqwest with the generated client's timeouts (connect, read, per request)",
    ),
    ("raw-read", "raw reqwest with the read timeout alone"),
    (
        "raw-total",
        "raw reqwest with the per-request timeout alone",
    ),
    (
        "raw-chunks",
        "raw-timeouts, copying the body into a buffer chunk by chunk",
    ),
    (
        "raw-prepared",
        "raw-timeouts, sending the URL and headers the generated client prepares",
    ),
    (
        "raw-one-timer",
        "raw reqwest without its timeouts, inside one `tokio::time::timeout` for the whole call",
    ),
];

/// The clients [`run`] compares unless told otherwise.
pub const DEFAULT_CLIENTS: &[&str] = &["ours", "raw", "raw-timeouts"];

/// One timed run of one client.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Requests per second.
    pub rate: f64,
    /// CPU time of this process (the client's; the server is a child) per request, in µs.
    pub cpu_us: f64,
}

/// The median over rounds of `a / b` in the same round (paired: the machine's load moves
/// between rounds, and both runs of a round share it).
fn paired(a: &[Sample], b: &[Sample], field: fn(&Sample) -> f64) -> f64 {
    let ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| field(a) / field(b)).collect();
    measure::median(&ratios)
}

fn median_of(samples: &[Sample], field: fn(&Sample) -> f64) -> f64 {
    measure::median(&samples.iter().map(field).collect::<Vec<_>>())
}

/// Every client's samples, one per round, per mode; the generated client first.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub clients: Vec<String>,
    /// `sequential[client][round]`.
    pub sequential: Vec<Vec<Sample>>,
    /// `concurrent[client][round]`.
    pub concurrent: Vec<Vec<Sample>>,
}

/// One call of the generated client: the [`overhead::reference`] call, checked, sent, and
/// its answer decoded into its model; the number of items of a list (0 for an object).
pub async fn ours(client: &Client) -> Result<usize, String> {
    let reference = overhead::reference();
    catalogue::call_counting(client, reference.operation, &reference.pairs())
        .await
        .expect("the reference call is in the catalogue")
        .map(|count| count.unwrap_or(0))
        .map_err(|e| e.to_string())
}

/// The same call written by hand with reqwest and serde_json.
pub async fn raw(http: &reqwest::Client, base: &str) -> Result<usize, String> {
    send_raw(overhead::raw_builder(http, base), false).await
}

/// Sends a hand-written request and decodes its page, reading the body with `bytes()`,
/// or, when `chunks` is set, chunk by chunk into a buffer (what the generated client did
/// before it kept a body of one chunk as it came; BENCHMARKS.md, benchmark 4).
async fn send_raw(request: reqwest::RequestBuilder, chunks: bool) -> Result<usize, String> {
    let mut response = request
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| e.to_string())?;
    let body = if chunks {
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            body.extend_from_slice(&chunk);
        }
        body.into()
    } else {
        response.bytes().await.map_err(|e| e.to_string())?
    };
    catalogue::decode_counting(overhead::reference().operation, &body)
        .expect("the reference call answers bare JSON")
        .map(|count| count.unwrap_or(0))
        .map_err(|e| e.to_string())
}

/// The request of [`raw`] with the generated client's per-attempt timeout.
fn with_timeout(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.timeout(codearts_client::ClientBuilder::DEFAULT_TIMEOUT)
}

/// A reqwest client with the generated client's default connect and read timeouts.
pub fn timed_reqwest() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(codearts_client::ClientBuilder::DEFAULT_CONNECT_TIMEOUT)
        .read_timeout(codearts_client::ClientBuilder::DEFAULT_READ_TIMEOUT)
        .build()
        .expect("a valid reqwest client")
}

#[derive(Clone)]
enum Side {
    Ours(Client),
    /// The hand-written call, bounded as `timeout` says (the client's own timeouts are in
    /// `http`), reading chunk by chunk when `chunks` is set.
    Raw {
        http: reqwest::Client,
        base: String,
        timeout: CallTimeout,
        chunks: bool,
    },
    /// Sends the URL and headers the generated client prepares (builder, checks, `parts`,
    /// `prepare`) with reqwest and the generated client's timeouts.
    RawPrepared(Client, reqwest::Client),
}

/// What bounds one raw call besides its client's timeouts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallTimeout {
    None,
    /// reqwest's per-request timeout, the generated client's per-attempt one.
    Reqwest,
    /// One `tokio::time::timeout` around the whole call: what a single timer per call
    /// would cost, beside reqwest's.
    Tokio,
}

impl Side {
    async fn call(&self) -> Result<usize, String> {
        match self {
            Side::Ours(client) => ours(client).await,
            Side::Raw {
                http,
                base,
                timeout,
                chunks,
            } => {
                let request = overhead::raw_builder(http, base);
                match timeout {
                    CallTimeout::None => send_raw(request, *chunks).await,
                    CallTimeout::Reqwest => send_raw(with_timeout(request), *chunks).await,
                    CallTimeout::Tokio => {
                        let call = send_raw(request, *chunks);
                        tokio::time::timeout(codearts_client::ClientBuilder::DEFAULT_TIMEOUT, call)
                            .await
                            .map_err(|_| "timed out".to_string())?
                    }
                }
            }
            Side::RawPrepared(client, http) => {
                let (url, headers) =
                    overhead::reference_prepared(client).map_err(|e| e.to_string())?;
                send_raw(with_timeout(http.get(url).headers(headers)), false).await
            }
        }
    }

    /// `n` calls one after another.
    async fn sequential(&self, n: usize) -> Result<Sample, String> {
        timed(n, async {
            for _ in 0..n {
                self.call().await?;
            }
            Ok(())
        })
        .await
    }

    /// `n` calls shared out between `tasks` spawned tasks.
    async fn concurrent(&self, n: usize, tasks: usize) -> Result<Sample, String> {
        timed(n, async {
            let handles: Vec<_> = (0..tasks)
                .map(|t| {
                    let side = self.clone();
                    let share = n / tasks + usize::from(t < n % tasks);
                    tokio::spawn(async move {
                        for _ in 0..share {
                            side.call().await?;
                        }
                        Ok::<_, String>(())
                    })
                })
                .collect();
            for h in handles {
                h.await.map_err(|e| e.to_string())??;
            }
            Ok(())
        })
        .await
    }
}

/// Runs `calls` (`n` requests) and measures its wall time and this process's CPU time.
async fn timed(
    n: usize,
    calls: impl std::future::Future<Output = Result<(), String>>,
) -> Result<Sample, String> {
    let (started, cpu) = (Instant::now(), measure::own_cpu_time());
    calls.await?;
    let (wall, cpu) = (started.elapsed(), measure::own_cpu_time() - cpu);
    Ok(Sample {
        rate: n as f64 / wall.as_secs_f64(),
        cpu_us: cpu.as_secs_f64() * 1e6 / n as f64,
    })
}

impl Side {
    /// The client named `name` (see [`CLIENTS`]) for the server at `base`.
    fn named(name: &str, base: &str) -> Result<Side, String> {
        let raw = |http, timeout, chunks| Side::Raw {
            http,
            base: base.to_string(),
            timeout,
            chunks,
        };
        Ok(match name {
            "ours" => Side::Ours(overhead::client(base)),
            "raw" => raw(reqwest::Client::new(), CallTimeout::None, false),
            "raw-timeouts" => raw(timed_reqwest(), CallTimeout::Reqwest, false),
            "raw-read" => raw(timed_reqwest(), CallTimeout::None, false),
            "raw-total" => raw(reqwest::Client::new(), CallTimeout::Reqwest, false),
            "raw-chunks" => raw(timed_reqwest(), CallTimeout::Reqwest, true),
            "raw-one-timer" => raw(reqwest::Client::new(), CallTimeout::Tokio, false),
            "raw-prepared" => Side::RawPrepared(overhead::client(base), timed_reqwest()),
            other => {
                let known: Vec<&str> = CLIENTS.iter().map(|(name, _)| *name).collect();
                return Err(format!(
                    "unknown client `{other}` (known: {})",
                    known.join(", ")
                ));
            }
        })
    }
}

/// `n` calls of the client named `name`, after a warm-up call: sequential, or shared out
/// between `tasks` spawned tasks.
pub async fn only(
    name: &str,
    base: &str,
    n: usize,
    tasks: Option<usize>,
) -> Result<Sample, String> {
    let side = Side::named(name, base)?;
    side.call().await?;
    match tasks {
        Some(tasks) => side.concurrent(n, tasks).await,
        None => side.sequential(n).await,
    }
}

/// The clients against the server at `base`, on the current runtime. Each round runs
/// every client sequentially, then every client concurrently, rotating which goes first.
pub async fn run(base: &str, options: &Options) -> Result<Outcome, String> {
    let mut clients = vec!["ours".to_string()];
    clients.extend(options.clients.iter().filter(|c| *c != "ours").cloned());
    let sides = clients
        .iter()
        .map(|name| Side::named(name, base))
        .collect::<Result<Vec<_>, _>>()?;
    // Warm-up: connections for every concurrent task, in every pool.
    for side in &sides {
        side.concurrent(options.concurrency * 4, options.concurrency)
            .await?;
    }
    let mut outcome = Outcome {
        sequential: vec![Vec::new(); sides.len()],
        concurrent: vec![Vec::new(); sides.len()],
        clients,
    };
    for round in 0..options.rounds {
        for concurrent in [false, true] {
            for i in 0..sides.len() {
                let which = (round + i) % sides.len();
                let side = &sides[which];
                if concurrent {
                    let sample = side
                        .concurrent(options.requests, options.concurrency)
                        .await?;
                    outcome.concurrent[which].push(sample);
                } else {
                    let sample = side.sequential(options.requests).await?;
                    outcome.sequential[which].push(sample);
                }
            }
        }
    }
    Ok(outcome)
}

/// The outcome as a Markdown table: per mode and client, the medians over rounds, and the
/// generated client's ratios to that client as medians of the rounds' paired ratios.
pub fn report(outcome: &Outcome, concurrency: usize) -> String {
    let mut t = String::from(
        "| mode | client | req/s | client CPU µs/req | generated / this, by req/s | generated / this, by CPU |\n|---|---|---:|---:|---:|---:|\n",
    );
    let modes = [
        ("sequential".to_string(), &outcome.sequential),
        (format!("{concurrency} tasks"), &outcome.concurrent),
    ];
    for (mode, samples) in modes {
        for (client, mine) in outcome.clients.iter().zip(samples.iter()) {
            t.push_str(&format!(
                "| {mode} | {client} | {:.0} | {:.1} | {:.3} | {:.3} |\n",
                median_of(mine, |s| s.rate),
                median_of(mine, |s| s.cpu_us),
                paired(&samples[0], mine, |s| s.rate),
                paired(&samples[0], mine, |s| s.cpu_us),
            ));
        }
    }
    t
}
