//! Benchmark 4, end to end on loopback: requests per second of the generated client and of
//! a hand-written reqwest call that sends the identical request (URL, query and headers;
//! the smoke test compares them on the wire) and decodes the answer into the same model,
//! against the same local server, sequentially and from many concurrent tasks.
//!
//! Rounds alternate which client goes first, so a change in the machine's load hits both.

use std::time::Instant;

use codearts_client::{BasicRepositoryDto, Client};

use crate::measure;
use crate::overhead::{self, PROJECT_ID};

#[derive(Debug, Clone)]
pub struct Options {
    /// Requests per client per round.
    pub requests: usize,
    pub rounds: usize,
    /// Tasks of the concurrent runs.
    pub concurrency: usize,
}

/// Requests per second of each client, one figure per round.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    pub ours: Vec<f64>,
    pub raw: Vec<f64>,
    /// The raw call with the generated client's timeouts ([`raw_with_timeouts`]).
    pub raw_timeouts: Vec<f64>,
}

impl Rates {
    pub fn ratio(&self) -> f64 {
        measure::median(&self.ours) / measure::median(&self.raw)
    }

    pub fn ratio_to_timed(&self) -> f64 {
        measure::median(&self.ours) / measure::median(&self.raw_timeouts)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub sequential: Rates,
    pub concurrent: Rates,
}

/// One call of the generated client: `list_project_repositories` with three optional
/// parameters, checked, sent, and its JSON array decoded.
pub async fn ours(client: &Client) -> Result<usize, String> {
    client
        .list_project_repositories(PROJECT_ID)
        .limit(50)
        .order_by(codearts_client::OrderBy::CreatedAt)
        .sort(codearts_client::SortOrder::Asc)
        .send()
        .await
        .map(|page| page.len())
        .map_err(|e| e.to_string())
}

/// The same call written by hand with reqwest and serde_json.
pub async fn raw(http: &reqwest::Client, base: &str) -> Result<usize, String> {
    let response = overhead::raw_builder(http, base)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| e.to_string())?;
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice::<Vec<BasicRepositoryDto>>(&body)
        .map(|page| page.len())
        .map_err(|e| e.to_string())
}

/// The hand-written call with the generated client's timeouts: a reqwest client with its
/// connect and read timeouts, and the per-attempt timeout on the request. Tells what the
/// timeouts cost from what the generated code costs.
pub async fn raw_with_timeouts(http: &reqwest::Client, base: &str) -> Result<usize, String> {
    let response = overhead::raw_builder(http, base)
        .timeout(codearts_client::ClientBuilder::DEFAULT_TIMEOUT)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| e.to_string())?;
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice::<Vec<BasicRepositoryDto>>(&body)
        .map(|page| page.len())
        .map_err(|e| e.to_string())
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
    Raw(reqwest::Client, String),
    RawWithTimeouts(reqwest::Client, String),
}

impl Side {
    async fn call(&self) -> Result<usize, String> {
        match self {
            Side::Ours(client) => ours(client).await,
            Side::Raw(http, base) => raw(http, base).await,
            Side::RawWithTimeouts(http, base) => raw_with_timeouts(http, base).await,
        }
    }

    /// `n` calls one after another; requests per second.
    async fn sequential(&self, n: usize) -> Result<f64, String> {
        let started = Instant::now();
        for _ in 0..n {
            self.call().await?;
        }
        Ok(n as f64 / started.elapsed().as_secs_f64())
    }

    /// `n` calls shared out between `tasks` spawned tasks; requests per second.
    async fn concurrent(&self, n: usize, tasks: usize) -> Result<f64, String> {
        let started = Instant::now();
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
        Ok(n as f64 / started.elapsed().as_secs_f64())
    }
}

/// `n` sequential calls of one client (`ours`, `raw` or `raw-timeouts`), after a warm-up
/// call; requests per second.
pub async fn only(side: &str, base: &str, n: usize) -> Result<f64, String> {
    let side = match side {
        "ours" => Side::Ours(overhead::client(base)),
        "raw" => Side::Raw(reqwest::Client::new(), base.to_string()),
        "raw-timeouts" => Side::RawWithTimeouts(timed_reqwest(), base.to_string()),
        other => {
            return Err(format!(
                "unknown client `{other}` (ours, raw or raw-timeouts)"
            ));
        }
    };
    side.call().await?;
    side.sequential(n).await
}

/// Both clients against the server at `base`, on the current runtime.
pub async fn run(base: &str, options: &Options) -> Result<Outcome, String> {
    let sides = [
        Side::Ours(overhead::client(base)),
        Side::Raw(reqwest::Client::new(), base.to_string()),
        Side::RawWithTimeouts(timed_reqwest(), base.to_string()),
    ];
    // Warm-up: connections for every concurrent task, in both pools.
    for side in &sides {
        side.concurrent(options.concurrency * 4, options.concurrency)
            .await?;
    }
    let mut outcome = Outcome::default();
    for round in 0..options.rounds {
        for i in 0..sides.len() {
            let which = (round + i) % sides.len();
            let side = &sides[which];
            let seq = side.sequential(options.requests).await?;
            let con = side
                .concurrent(options.requests, options.concurrency)
                .await?;
            let (s, c) = match which {
                0 => (&mut outcome.sequential.ours, &mut outcome.concurrent.ours),
                1 => (&mut outcome.sequential.raw, &mut outcome.concurrent.raw),
                _ => (
                    &mut outcome.sequential.raw_timeouts,
                    &mut outcome.concurrent.raw_timeouts,
                ),
            };
            s.push(seq);
            c.push(con);
        }
    }
    Ok(outcome)
}

pub fn report(outcome: &Outcome, concurrency: usize) -> String {
    let row = |name: &str, r: &Rates| {
        format!(
            "| {name} | {:.0} | {:.0} | {:.3} | {:.0} | {:.3} |\n",
            measure::median(&r.ours),
            measure::median(&r.raw),
            r.ratio(),
            measure::median(&r.raw_timeouts),
            r.ratio_to_timed()
        )
    };
    let mut t = String::from(
        "| mode | generated client (req/s, median) | raw reqwest (req/s, median) | ratio | raw reqwest with the same timeouts (req/s) | ratio |\n|---|---:|---:|---:|---:|---:|\n",
    );
    t.push_str(&row("sequential", &outcome.sequential));
    t.push_str(&row(&format!("{concurrency} tasks"), &outcome.concurrent));
    t
}
