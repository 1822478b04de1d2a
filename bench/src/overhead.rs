//! Benchmark 3, request overhead: what a call costs before it reaches the network, for
//! each operation of the real spec (from the client's catalogue). One call builds the
//! request builder with every parameter set to its sample, runs every documented check, describes the request (`parts`: path, query,
//! headers) and prepares it as `send` would (`Client::prepare`: URL, credentials,
//! headers), stopping where reqwest takes over. The raw floor builds the same request
//! with reqwest alone.

use std::sync::OnceLock;

use codearts_client::catalogue;
use codearts_client::http::{BodyKind, encode_path_segment};
use codearts_client::{Client, Error, Service};
use codegen::ir::{
    Ir, Location, Operation, PageLocation, Param, ParamTy, PathPiece, Success, TypeIr,
};
use reqwest::Url;
use reqwest::header::HeaderMap;

/// The token of the benchmark clients (the documented length range is 1 to 100,000).
pub const TOKEN: &str = "MIIEbench-token-5f3a9c0d7e21";

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

/// The IR of the workspace's spec, loaded once.
pub fn ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        codegen::load_ir(&spec).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    })
}

/// Every operation of the spec, in name order, with the values the benchmark sets: every
/// parameter that has a sample (`ir::Param::sample`), as text.
pub fn operations() -> Vec<(&'static str, Vec<(String, String)>)> {
    catalogue::OPERATIONS
        .iter()
        .map(|&name| {
            let op = ir().operations.iter().find(|op| op.name == name);
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

/// The call the end-to-end benchmark makes, the other figures of one call time, and the
/// raw floor writes by hand, taken from the spec by role: the first operation (in name
/// order) answering bare JSON, a paged list first, then any list, then any object. Its
/// positional parameters take their samples, its page size 50 (or its documented maximum,
/// when lower), and its enumerated query parameters their samples: a call of a few query
/// parameters, as most list calls are.
#[derive(Debug)]
pub struct Reference {
    pub operation: &'static str,
    /// Whether the answer is a list (the server answers a page of 20 items), not an object.
    pub list: bool,
    /// The values set, by wire name, as the catalogue takes them.
    pub values: Vec<(&'static str, String)>,
    /// The path with the positional samples, each percent-encoded as one segment.
    pub path: String,
    /// The query the call sends, in the spec's order.
    pub query: Vec<(&'static str, String)>,
}

impl Reference {
    /// [`Reference::values`] as the catalogue takes them.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.values.iter().map(|(n, v)| (*n, v.as_str())).collect()
    }
}

/// The [`Reference`] call of the spec.
///
/// # Panics
///
/// When no operation answers bare JSON: the benchmarks of one call need one.
pub fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let json = |op: &&'static Operation| match &op.success {
            Success::Json(TypeIr::Array(_)) => Some(true),
            Success::Json(_) => Some(false),
            _ => None,
        };
        let ops = &ir().operations;
        let op = ops
            .iter()
            .find(|op| json(op) == Some(true) && op.pagination.is_some())
            .or_else(|| ops.iter().find(|op| json(op) == Some(true)))
            .or_else(|| ops.iter().find(|op| json(op).is_some()))
            .expect("the benchmarks of one call need an operation answering bare JSON");
        // The page size, when it is a query parameter.
        let size = op
            .pagination
            .as_ref()
            .filter(|p| p.location == PageLocation::Query)
            .map(|p| p.size.wire.as_str());
        let mut values = Vec::new();
        for p in op.params.iter().filter(|p| !p.auth) {
            let value = if Some(p.wire.as_str()) == size {
                Some(
                    p.constraints
                        .int_range()
                        .1
                        .map_or(50, |max| max.min(50))
                        .to_string(),
                )
            } else if p.is_positional()
                || (p.location == Location::Query && matches!(p.ty, ParamTy::Enum(_)))
            {
                p.sample.as_ref().map(|sample| sample.wire_text())
            } else {
                None
            };
            if let Some(value) = value {
                values.push((p.wire.as_str(), value));
            }
        }
        let value_of = |p: &Param| {
            values
                .iter()
                .find(|(w, _)| *w == p.wire)
                .map(|(_, v)| v.clone())
        };
        // Path parameters are positional: they take their samples.
        let path = sample_path(op);
        let query = op
            .params
            .iter()
            .filter(|p| p.location == Location::Query)
            .filter_map(|p| Some((p.wire.as_str(), value_of(p)?)))
            .collect();
        Reference {
            operation: &op.name,
            list: json(&op) == Some(true),
            values,
            path,
            query,
        }
    })
}

/// The path of the first operation answering a binary body with its samples, the call
/// the download benchmark makes; `None` when the spec has none.
pub fn download() -> Option<(&'static str, String)> {
    let op = ir()
        .operations
        .iter()
        .find(|op| matches!(op.success, Success::Binary))?;
    Some((op.name.as_str(), sample_path(op)))
}

/// The path `op` requests with its samples, each percent-encoded as one segment.
fn sample_path(op: &Operation) -> String {
    op.path_pieces
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.clone(),
            PathPiece::Param(i) => {
                encode_path_segment(&op.params[*i].argument_sample().wire_text())
            }
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

/// The [`reference`] call, prepared as `send` would hand it to reqwest.
pub fn reference_prepared(c: &Client) -> Result<Prepared, Error> {
    let reference = reference();
    prepare(c, reference.operation, &reference.pairs())
}

/// The generated part alone of the [`reference`] call: the builder, every check and the
/// request as data (`parts`: the encoded path, query and headers), without the runtime's
/// URL and header types.
pub fn parts_only(c: &Client) -> Result<codearts_client::http::RequestParts, Error> {
    let reference = reference();
    catalogue::parts(c, reference.operation, &reference.pairs()).expect("in the catalogue")
}

/// The checks alone of the [`reference`] call, as `RequestBuilder::check` runs them.
pub fn check_only(c: &Client) -> Result<(), Error> {
    let reference = reference();
    catalogue::check(c, reference.operation, &reference.pairs()).expect("in the catalogue")
}

/// The raw floor: the same [`reference`] request built with reqwest alone, as a
/// hand-written call would (no checks).
pub fn raw_request(http: &reqwest::Client, base: &str) -> reqwest::Result<reqwest::Request> {
    raw_builder(http, base).build()
}

/// The hand-written call of the end-to-end benchmark, up to `send`: the URL, query and
/// headers that the generated client sends for the [`reference`] call.
pub fn raw_builder(http: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
    let reference = reference();
    let url = Url::parse_with_params(&format!("{base}{}", reference.path), &reference.query)
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
