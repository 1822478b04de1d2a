//! Benchmark 3, request overhead: what a call costs before it reaches the network, for
//! each operation of the real spec (from the client's catalogue). One call builds the
//! request builder with every parameter set to its sample, runs every documented check, describes the request (`parts`: path, query,
//! headers) and prepares it as `send` would (`Client::prepare`: URL, credentials,
//! headers), stopping where reqwest takes over. The raw floor builds the same request
//! with reqwest alone.

use codearts_client::catalogue;
use codearts_client::http::BodyKind;
use codearts_client::{Client, Error, OrderBy, Service, SortOrder};
use reqwest::Url;
use reqwest::header::HeaderMap;

/// The token of the benchmark clients (the documented length range is 1 to 100,000).
pub const TOKEN: &str = "MIIEbench-token-5f3a9c0d7e21";

/// A project ID of the documented length, 32 characters.
pub const PROJECT_ID: &str = "3e1f6634946144c2b1ccb46fb8152b8f";

/// A client whose services all point at `base`; nothing is sent by this module.
pub fn client(base: &str) -> Client {
    Service::ALL
        .iter()
        .fold(Client::builder(), |builder, &service| {
            builder.endpoint(service, base)
        })
        .auth_token(TOKEN)
        .allow_http(true)
        .build()
        .expect("a valid client configuration")
}

/// A request as `send` hands it to reqwest: its URL and headers.
pub type Prepared = (Url, HeaderMap);

/// Every operation of the spec, in name order, with the values the benchmark sets: every
/// parameter that has a sample (`ir::Param::sample`), as text.
pub fn operations() -> Vec<(&'static str, Vec<(String, String)>)> {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let ir = codegen::load_ir(&spec).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    catalogue::OPERATIONS
        .iter()
        .map(|&name| {
            let op = ir.operations.iter().find(|op| op.name == name);
            let values = op
                .into_iter()
                .flat_map(|op| &op.params)
                .filter(|p| !p.auth)
                .filter_map(|p| Some((p.wire.clone(), p.sample.as_ref()?.wire_text())))
                .collect();
            (name, values)
        })
        .collect()
}

/// `values` as the catalogue takes them.
pub fn pairs(values: &[(String, String)]) -> Vec<(&str, &str)> {
    values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// `operation` with `values` set, built, checked and prepared as `send` would hand it to
/// reqwest. It goes through the catalogue, whose dispatch by name and parsing of the
/// values' text are part of the figure (tens of nanoseconds).
pub fn prepare(c: &Client, operation: &str, values: &[(&str, &str)]) -> Result<Prepared, Error> {
    let parts =
        catalogue::parts(c, operation, values).expect("the operation is in the catalogue")?;
    let json = !parts.responses.iter().any(|r| r.body == BodyKind::Binary);
    c.prepare(&parts, json)
}

/// The request of the end-to-end benchmark.
pub fn list_project_repositories(c: &Client) -> Result<Prepared, Error> {
    let parts = c
        .list_project_repositories(PROJECT_ID)
        .limit(50)
        .order_by(OrderBy::CreatedAt)
        .sort(SortOrder::Asc)
        .parts()?;
    c.prepare(&parts, true)
}

/// The generated part alone of `list_project_repositories`: the builder, every check and
/// the request as data (`parts`: the encoded path, query and headers), without the
/// runtime's URL and header types.
pub fn parts_only(c: &Client) -> Result<codearts_client::http::RequestParts, Error> {
    c.list_project_repositories(PROJECT_ID)
        .limit(50)
        .order_by(OrderBy::CreatedAt)
        .sort(SortOrder::Asc)
        .parts()
}

/// The checks alone of `list_project_repositories`, as `RequestBuilder::check` runs them.
pub fn check_only(c: &Client) -> Result<(), Error> {
    c.list_project_repositories(PROJECT_ID)
        .limit(50)
        .order_by(OrderBy::CreatedAt)
        .sort(SortOrder::Asc)
        .check()
}

/// The raw floor: the same `list_project_repositories` request built with reqwest alone,
/// as a hand-written call would (no checks, no encoding of the path segment).
pub fn raw_request(http: &reqwest::Client, base: &str) -> reqwest::Result<reqwest::Request> {
    raw_builder(http, base).build()
}

/// The hand-written call of the end-to-end benchmark, up to `send`: the URL, query and
/// headers that the generated client sends for [`list_project_repositories`].
pub fn raw_builder(http: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
    let url = Url::parse_with_params(
        &format!("{base}/v4/projects/{PROJECT_ID}/repositories"),
        &[("limit", "50"), ("order_by", "created_at"), ("sort", "asc")],
    )
    .expect("a valid URL");
    http.get(url)
        .header("accept", "application/json")
        .header("user-agent", USER_AGENT)
        .header("x-auth-token", TOKEN)
}

/// The `User-Agent` the generated client sends; the raw calls send it too, so that both
/// put the same bytes on the wire.
pub const USER_AGENT: &str = "codearts-client/0.1.0";

/// Runs `f` `iterations` times and returns nanoseconds per call (for a quick figure and
/// for instruction counts under callgrind; criterion gives the careful one).
pub fn time_per_call<T>(iterations: u64, mut f: impl FnMut() -> T) -> f64 {
    let started = std::time::Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(f());
    }
    started.elapsed().as_nanos() as f64 / iterations.max(1) as f64
}
