//! Pagination across pages, stopping at a short page, and the item cap: `into_items()` of
//! every paged operation (through the catalogue) against a server holding a numbered list
//! of items, which reads each request's cursor and page size as the spec says the
//! operation pages; and against servers that send more than asked, cycle, or send pages
//! that decode alike.

use codearts_client::Error;
use codearts_client::catalogue::BODY;
use codegen::ir::{Operation, Pagination, ScalarType, TypeIr};
use codegen::spec::{PageLocation, PaginationStyle};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::shapes::{self, envelope};
use crate::support::{client_builder, ir, json_response};

/// Every paged operation with its pagination.
fn paged() -> Vec<(&'static Operation, &'static Pagination)> {
    ir().operations
        .iter()
        .filter_map(|op| Some((op, op.pagination.as_ref()?)))
        .collect()
}

/// The paged operations that page by `style`.
fn paged_by(style: PaginationStyle) -> Vec<(&'static Operation, &'static Pagination)> {
    paged()
        .into_iter()
        .filter(|(_, pagination)| pagination.style == style)
        .collect()
}

/// The wire names of the cursor and the page size of `op`.
fn names(pagination: &Pagination) -> (&str, &str) {
    (&pagination.cursor.wire, &pagination.size.wire)
}

/// The value a request sent for the control `name` of `pagination`, as an integer: a
/// query parameter, or a member of the JSON body.
fn query_int(request: &Request, pagination: &Pagination, name: &str) -> Option<i64> {
    match pagination.location {
        PageLocation::Query => request
            .url
            .query_pairs()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse().ok()),
        PageLocation::Body => serde_json::from_slice::<Value>(&request.body)
            .ok()?
            .get(name)?
            .as_i64(),
    }
}

/// The field of an item that carries its number: the first integer field of the item's
/// model, else the first text one (sent as digits).
fn number_field(item: &TypeIr) -> Option<(&'static str, bool)> {
    let TypeIr::Model(name) = item else {
        return None;
    };
    let model = ir().models.iter().find(|m| &m.name == name)?;
    let integer = model
        .fields
        .iter()
        .find(|f| matches!(f.ty, TypeIr::Scalar(ScalarType::Int32 | ScalarType::Int64)));
    let text = || {
        model
            .fields
            .iter()
            .find(|f| f.ty == TypeIr::Scalar(ScalarType::String))
    };
    integer
        .map(|f| (f.wire.as_str(), true))
        .or_else(|| text().map(|f| (f.wire.as_str(), false)))
}

/// Item number `n` of a page of `pagination`.
fn item(pagination: &Pagination, n: i64) -> Value {
    match number_field(&pagination.item) {
        Some((field, true)) => json!({ field: n }),
        Some((field, false)) => json!({ field: n.to_string() }),
        None if pagination.item == TypeIr::Scalar(ScalarType::String) => json!(n.to_string()),
        None => json!(n),
    }
}

/// The number [`item`] gave a walked item.
fn number(pagination: &Pagination, walked: &Value) -> i64 {
    let value = match number_field(&pagination.item) {
        Some((field, _)) => &walked[field],
        None => walked,
    };
    value
        .as_i64()
        .or_else(|| value.as_str()?.parse().ok())
        .unwrap_or_else(|| panic!("no number in {walked}"))
}

/// A page of `op` holding `items`, in the shape its success has.
fn page_body(op: &Operation, pagination: &Pagination, items: Vec<Value>) -> String {
    let items = Value::Array(items);
    let result = match &pagination.items_field {
        Some(field) => json!({ field.wire.as_str(): items }),
        None => items,
    };
    match op.success {
        codegen::ir::Success::Envelope(_) => envelope(&result).to_string(),
        _ => result.to_string(),
    }
}

/// Where a request's page starts (items skipped) and how many items it asks for, read from
/// the request as `pagination` says; the defaults where it sets none.
fn asked_range(pagination: &Pagination, request: &Request) -> (i64, i64) {
    let (cursor, size) = names(pagination);
    let size = query_int(request, pagination, size).unwrap_or(pagination.page_size);
    let cursor = query_int(request, pagination, cursor).unwrap_or(pagination.start);
    let skipped = match pagination.style {
        PaginationStyle::Offset => cursor - pagination.start,
        PaginationStyle::Page => (cursor - pagination.start) * size,
    };
    (skipped, size)
}

/// A server answering every paged operation with `page(skipped, size)`: the numbers of the
/// items of the page that starts after `skipped` items and asks for `size`.
async fn serving(page: impl Fn(i64, i64) -> Vec<i64> + Send + Sync + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(move |request: &Request| {
            let op = shapes::operation_of(request.url.path());
            let pagination = op.pagination.as_ref().expect("a paged operation");
            let (skipped, size) = asked_range(pagination, request);
            let items = page(skipped, size)
                .into_iter()
                .map(|n| item(pagination, n))
                .collect();
            json_response(200, &page_body(op, pagination, items))
        })
        .mount(&server)
        .await;
    server
}

/// A server holding the items numbered 1 to `total`.
async fn catalogue(total: i64) -> MockServer {
    serving(move |skipped, size| (skipped + 1..=(skipped + size).min(total)).collect()).await
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

/// The (cursor, size) values of every request the server received, in order.
async fn asked(server: &MockServer, pagination: &Pagination) -> Vec<(Option<i64>, Option<i64>)> {
    let (cursor, size) = names(pagination);
    requests(server)
        .await
        .iter()
        .map(|r| {
            (
                query_int(r, pagination, cursor),
                query_int(r, pagination, size),
            )
        })
        .collect()
}

/// The cursor of page `k` (from 0) of a walk that starts at `first` in pages of `size`.
fn cursor_of(pagination: &Pagination, first: i64, size: i64, k: i64) -> i64 {
    match pagination.style {
        PaginationStyle::Offset => first + k * size,
        PaginationStyle::Page => first + k,
    }
}

/// Asserts that `server` was asked for pages at `cursors`, each of `size` items.
async fn assert_asked(
    server: &MockServer,
    op: &'static Operation,
    pagination: &Pagination,
    cursors: impl IntoIterator<Item = i64>,
    size: i64,
) {
    let expected: Vec<_> = cursors
        .into_iter()
        .map(|at| (Some(at), Some(size)))
        .collect();
    assert_eq!(asked(server, pagination).await, expected, "{}", op.name);
}

/// The body of a walk whose controls are in the body: its sample without them, and with the
/// controls that `values` sets (taken out of them) set in it, as JSON text.
fn in_body(
    op: &Operation,
    pagination: &Pagination,
    values: &mut Vec<(&str, &str)>,
) -> Option<String> {
    if pagination.location != PageLocation::Body {
        return None;
    }
    let sample = &op.body.as_ref().expect("a body walk has a body").sample;
    let mut body: Value = serde_json::from_str(sample).expect("the sample is JSON");
    // A control the sample happens to set (from a documented example body) would stand
    // for the caller's: only what the case sets is in the body.
    for control in [&pagination.cursor, &pagination.size] {
        if let Some(fields) = body.as_object_mut() {
            fields.remove(&control.wire);
        }
    }
    values.retain(|(name, value)| {
        let control = [&pagination.cursor, &pagination.size]
            .into_iter()
            .any(|c| c.wire == *name);
        if control {
            body[*name] = json!(value.parse::<i64>().expect("an integer"));
        }
        !control
    });
    Some(body.to_string())
}

/// Every item of a walk of `op` over `server` with `values` set, capped at `max`.
async fn walk(
    server: &MockServer,
    op: &Operation,
    values: &[(&str, &str)],
    max: Option<usize>,
) -> Vec<Result<Value, Error>> {
    let client = client_builder(&server.uri()).build().unwrap();
    // A required cursor or size is the caller's to give: unless the case sets it, the walk
    // starts where an optional one would and asks for the same page size.
    let pagination = op.pagination.as_ref().expect("a paged operation");
    let (start, size) = (
        pagination.start.to_string(),
        pagination.page_size.to_string(),
    );
    let mut values = values.to_vec();
    for (control, default) in [(&pagination.cursor, &start), (&pagination.size, &size)] {
        if control.required && !values.iter().any(|(name, _)| *name == control.wire) {
            values.push((&control.wire, default));
        }
    }
    // Controls in the body are set in the body's sample, sent in its place.
    let body = in_body(op, pagination, &mut values);
    if let Some(body) = &body {
        values.push((BODY, body));
    }
    let mut items = codearts_client::catalogue::items(&client, &op.name, &values)
        .expect("the catalogue walks every paged operation");
    if let Some(max) = max {
        items = items.max_items(max);
    }
    items.collect().await
}

/// The numbers of the walked items; panics at an error.
fn numbers(pagination: &Pagination, walked: Vec<Result<Value, Error>>) -> Vec<i64> {
    walked
        .into_iter()
        .map(|item| number(pagination, &item.unwrap()))
        .collect()
}

#[tokio::test]
async fn pages_are_walked_until_a_short_page() {
    assert!(!paged().is_empty(), "the spec has paged operations");
    for (op, pagination) in paged() {
        let server = catalogue(25).await;
        let (_, size) = names(pagination);
        let walked = walk(&server, op, &[(size, "10")], None).await;
        assert_eq!(
            numbers(pagination, walked),
            (1..=25).collect::<Vec<_>>(),
            "{}",
            op.name
        );
        let cursors = (0..3).map(|k| cursor_of(pagination, pagination.start, 10, k));
        assert_asked(&server, op, pagination, cursors, 10).await;
    }
}

#[tokio::test]
async fn the_walk_starts_at_the_requested_cursor_and_defaults_to_the_documented_page_size() {
    for (op, pagination) in paged() {
        let total = 2 * pagination.page_size + pagination.page_size / 2;
        let server = catalogue(total).await;
        let (cursor, _) = names(pagination);
        // The second page, or the fifth item.
        let first = match pagination.style {
            PaginationStyle::Offset => pagination.start + 5,
            PaginationStyle::Page => pagination.start + 1,
        };
        let skipped = match pagination.style {
            PaginationStyle::Offset => 5,
            PaginationStyle::Page => pagination.page_size,
        };
        let walked = walk(&server, op, &[(cursor, &first.to_string())], None).await;
        assert_eq!(
            numbers(pagination, walked),
            (skipped + 1..=total).collect::<Vec<_>>(),
            "{}",
            op.name
        );
        // Full pages, then the short one that ends the walk.
        let pages = (total - skipped) / pagination.page_size + 1;
        let size = pagination.page_size;
        let cursors = (0..pages).map(|k| cursor_of(pagination, first, size, k));
        assert_asked(&server, op, pagination, cursors, size).await;
    }
}

#[tokio::test]
async fn an_exact_multiple_ends_at_the_empty_page() {
    for (op, pagination) in paged() {
        let server = catalogue(20).await;
        let (_, size) = names(pagination);
        let walked = walk(&server, op, &[(size, "10")], None).await;
        assert_eq!(walked.len(), 20, "{}", op.name);
        assert_eq!(
            requests(&server).await.len(),
            3,
            "{}: two full pages, then an empty one",
            op.name
        );
    }
}

#[tokio::test]
async fn the_cap_stops_the_walk_without_fetching_further_pages() {
    for (op, pagination) in paged() {
        let server = catalogue(1_000).await;
        let (_, size) = names(pagination);
        let walked = walk(&server, op, &[(size, "10")], Some(15)).await;
        assert_eq!(numbers(pagination, walked), (1..=15).collect::<Vec<_>>());
        assert_eq!(requests(&server).await.len(), 2, "{}", op.name);
    }
}

#[tokio::test]
async fn an_error_surfaces_in_the_stream_and_ends_it() {
    for (op, pagination) in paged() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(move |request: &Request| {
                if asked_range(pagination, request).0 == 0 {
                    let items = vec![item(pagination, 1), item(pagination, 2)];
                    json_response(200, &page_body(op, pagination, items))
                } else {
                    ResponseTemplate::new(500).set_body_string("<html>down</html>")
                }
            })
            .mount(&server)
            .await;
        let (_, size) = names(pagination);
        let results = walk(&server, op, &[(size, "2")], None).await;
        assert_eq!(results.len(), 3, "{}", op.name);
        assert!(results[0].is_ok() && results[1].is_ok());
        match &results[2] {
            Err(Error::Api(error)) => assert_eq!(error.status, 500),
            other => panic!("{}: expected the page's API error, got {other:?}", op.name),
        }
    }
}

#[tokio::test]
async fn each_page_is_checked_before_it_is_sent() {
    let mut tried = 0;
    for (op, pagination) in paged() {
        let Some(maximum) = pagination.size.maximum else {
            continue;
        };
        let server = catalogue(10).await;
        let (_, size) = names(pagination);
        let too_many = (maximum + 1).to_string();
        let results = walk(&server, op, &[(size, &too_many)], None).await;
        assert!(
            matches!(results.as_slice(), [Err(Error::InvalidRequest { .. })]),
            "{}: {results:?}",
            op.name
        );
        assert!(requests(&server).await.is_empty());
        tried += 1;
    }
    assert!(tried > 0, "some page size has a documented maximum");
}

/// Every item (or the error that ends the walk) of a walk of `op` over `server` in pages
/// of two.
async fn walk_by_twos(server: &MockServer, op: &'static Operation) -> Vec<Result<Value, Error>> {
    let pagination = op.pagination.as_ref().expect("a paged operation");
    let (_, size) = names(pagination);
    walk(server, op, &[(size, "2")], None).await
}

#[tokio::test]
async fn a_service_that_sends_more_than_asked_is_read_on_without_repeats() {
    // Asked for 2, it sends 3 until the 8 items run out. Only an offset says where the
    // next page starts in items, so that the walk can read on from what it got.
    for (op, pagination) in paged_by(PaginationStyle::Offset) {
        let server =
            serving(|skipped, size| (skipped + 1..=(skipped + size + 1).min(8)).collect()).await;
        let walked = walk_by_twos(&server, op).await;
        assert_eq!(numbers(pagination, walked), (1..=8).collect::<Vec<_>>());
        // Offset 6 gets the last two items, a full page: the empty one at 8 ends it.
        let cursors = [0, 3, 6, 8].map(|skipped| pagination.start + skipped);
        assert_asked(&server, op, pagination, cursors, 2).await;
    }
}

#[tokio::test]
async fn a_cycle_of_pages_after_a_unique_first_page_ends_the_walk() {
    for (op, _) in paged() {
        // Page one, then pages two to four over and over, whatever the cursor says.
        let server = serving(|skipped, _| {
            let n = if skipped == 0 {
                0
            } else {
                1 + (skipped / 2 - 1) % 3
            };
            vec![2 * n + 1, 2 * n + 2]
        })
        .await;
        let results = walk_by_twos(&server, op).await;
        assert_eq!(results.len(), 9, "{}: {results:?}", op.name);
        let Some(Err(Error::Decode { message, .. })) = results.last() else {
            panic!("{}: {results:?}", op.name)
        };
        assert!(
            message.starts_with("page 5 of the walk repeats page 2 byte for byte"),
            "{message}"
        );
        assert_eq!(
            requests(&server).await.len(),
            5,
            "{}: no request after the repeat",
            op.name
        );
    }
}

#[tokio::test]
async fn pages_of_undocumented_fields_only_are_told_apart_by_their_bytes() {
    // Only items that are objects have fields to leave undocumented.
    let of_models = paged()
        .into_iter()
        .filter(|(_, p)| matches!(p.item, TypeIr::Model(_)));
    for (op, pagination) in of_models {
        // Every item decodes to an empty one; the pages still differ on the wire.
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(move |request: &Request| {
                let (skipped, size) = asked_range(pagination, request);
                let items = (skipped..(skipped + size).min(5))
                    .map(|i| json!({ "undocumented": i }))
                    .collect();
                json_response(200, &page_body(op, pagination, items))
            })
            .mount(&server)
            .await;
        let walked: Vec<Value> = walk_by_twos(&server, op)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(walked.len(), 5, "{}", op.name);
        let empty = shapes::minimal(&pagination.item);
        let decoded_empty = |item: &Value| {
            item.as_object()
                .is_some_and(|o| o.values().all(Value::is_null))
                || *item == empty
        };
        assert!(walked.iter().all(decoded_empty), "{}: {walked:?}", op.name);
    }
}

/// The page-walk error of a service that ignores the paging parameters.
fn repeated_page_error(operation: &str, result: &Result<Value, Error>) {
    match result {
        Err(Error::Decode {
            operation: actual,
            status: 200,
            message,
            body_excerpt,
        }) => {
            assert_eq!(*actual, operation);
            assert_eq!(
                message,
                "page 2 of the walk repeats page 1 byte for byte: the service ignores the \
                 paging parameters, so the walk stops instead of fetching pages forever"
            );
            assert_eq!(body_excerpt, "");
        }
        other => panic!("{operation}: expected the repeated-page error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_walk_over_a_server_that_ignores_paging_stops_with_an_error() {
    for (op, pagination) in paged() {
        // The same full page of 10, whatever is asked: without the check, a walk that
        // never ends. The first page's items arrive, then the error, after two requests.
        let server = serving(|_, _| (1..=10).collect()).await;
        let (_, size) = names(pagination);
        // Guarded: a regression would walk (almost) forever rather than fail.
        let walked = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            walk(&server, op, &[(size, "10")], None),
        )
        .await
        .expect("the walk ends");
        assert_eq!(walked.len(), 11, "{}: {walked:?}", op.name);
        assert!(walked[..10].iter().all(Result::is_ok));
        repeated_page_error(&op.name, &walked[10]);
        assert_eq!(requests(&server).await.len(), 2, "{}: two pages", op.name);
    }
}

#[tokio::test]
async fn a_walk_over_endless_new_pages_is_capped_by_max_items() {
    for (op, pagination) in paged() {
        // New full pages forever, numbered from where each page starts: nothing repeats,
        // so only the caller's cap ends the walk, and no page past the one holding the
        // last item is asked for.
        let server = serving(|skipped, size| (skipped + 1..=skipped + size).collect()).await;
        let cap = 2 * pagination.page_size as usize + 50;
        let walked = walk(&server, op, &[], Some(cap)).await;
        assert_eq!(
            numbers(pagination, walked),
            (1..=cap as i64).collect::<Vec<_>>(),
            "{}",
            op.name
        );
        let pages = cap.div_ceil(pagination.page_size as usize);
        assert_eq!(requests(&server).await.len(), pages, "{}", op.name);
    }
}
