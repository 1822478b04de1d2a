//! Benchmark 3, request overhead: what a call costs before it reaches the network, for
//! each operation of the real spec. One call builds the request builder with typical
//! arguments, runs every documented check, describes the request (`parts`: path, query,
//! headers) and prepares it as `send` would (`Client::prepare`: URL, credentials,
//! headers), stopping where reqwest takes over. The raw floor builds the same request
//! with reqwest alone.

use codearts_client::{ArchiveFormat, Client, Error, OrderBy, Service, SortOrder};
use reqwest::Url;
use reqwest::header::HeaderMap;

/// The token of the benchmark clients (the documented length range is 1 to 100,000).
pub const TOKEN: &str = "MIIEbench-token-5f3a9c0d7e21";

/// A project ID of the documented length, 32 characters.
pub const PROJECT_ID: &str = "3e1f6634946144c2b1ccb46fb8152b8f";

/// A client whose services all point at `base`; nothing is sent by this module.
pub fn client(base: &str) -> Client {
    Client::builder()
        .endpoint(Service::Repo, base)
        .endpoint(Service::Build, base)
        .auth_token(TOKEN)
        .allow_http(true)
        .build()
        .expect("a valid client configuration")
}

/// A request as `send` hands it to reqwest: its URL and headers.
pub type Prepared = (Url, HeaderMap);

/// One operation's request, built, checked and prepared.
pub type Prepare = fn(&Client) -> Result<Prepared, Error>;

/// Every operation of the real spec with typical arguments, in name order.
pub const OPERATIONS: &[(&str, Prepare)] = &[
    ("download_archive", download_archive),
    ("list_files_by_query", list_files_by_query),
    ("list_git_code_repositories", list_git_code_repositories),
    ("list_project_repositories", list_project_repositories),
    ("show_repository_by_uuid", show_repository_by_uuid),
];

fn download_archive(c: &Client) -> Result<Prepared, Error> {
    let parts = c
        .download_archive(2112029050)
        .archive_format(ArchiveFormat::Zip)
        .path("src/main.rs")
        .parts()?;
    c.prepare(&parts, false)
}

fn list_files_by_query(c: &Client) -> Result<Prepared, Error> {
    let parts = c
        .list_files_by_query(859341, "README.md", "master")
        .parts()?;
    c.prepare(&parts, true)
}

fn list_git_code_repositories(c: &Client) -> Result<Prepared, Error> {
    let parts = c
        .list_git_code_repositories("0a1b2c3d4e5f")
        .page(2)
        .page_size(50)
        .search("codearts")
        .parts()?;
    c.prepare(&parts, true)
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

fn show_repository_by_uuid(c: &Client) -> Result<Prepared, Error> {
    let parts = c
        .show_repository_by_uuid("045ceabb9aea40579d5a759e84fa7f0a")
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
