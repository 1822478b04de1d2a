//! Pagination across pages, stopping at a short page, and the item cap: `into_items()` of
//! the two paged operations against a server holding a numbered catalogue; and against
//! servers that send more than asked, cycle, or send pages that decode alike.

use codearts_client::{BasicRepositoryDto, Error};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{PROJECT_ID, client_builder, json_response};

/// The value of query parameter `name` as an integer.
fn query_int(request: &Request, name: &str) -> Option<i64> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

/// A server holding `total` repositories, answering both paged operations: the v4 list by
/// offset/limit, the Build list by page/page_size (pages from 1), each in its own shape.
async fn catalogue(total: i64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(move |request: &Request| {
            let path = request.url.path();
            let (start, size) = if path.starts_with("/v4/") {
                (
                    query_int(request, "offset").unwrap_or(0),
                    query_int(request, "limit").unwrap_or(20),
                )
            } else {
                let size = query_int(request, "page_size").unwrap_or(10);
                ((query_int(request, "page").unwrap_or(1) - 1) * size, size)
            };
            let items: Vec<_> = (start..(start + size).min(total))
                .map(|i| json!({ "id": i + 1, "name": format!("repo-{}", i + 1) }))
                .collect();
            if path.starts_with("/v4/") {
                json_response(200, &json!(items).to_string())
            } else {
                let envelope = json!({ "result": items, "error": null, "status": "success" });
                json_response(200, &envelope.to_string())
            }
        })
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

/// The (cursor, size) query values of every request the server received, in order.
async fn asked(server: &MockServer, cursor: &str, size: &str) -> Vec<(Option<i64>, Option<i64>)> {
    requests(server)
        .await
        .iter()
        .map(|r| (query_int(r, cursor), query_int(r, size)))
        .collect()
}

#[tokio::test]
async fn offset_pages_are_walked_until_a_short_page() {
    let server = catalogue(25).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let all = client
        .list_project_repositories(PROJECT_ID)
        .limit(10)
        .into_items()
        .try_collect_all()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|r| r.id.unwrap()).collect::<Vec<_>>(),
        (1..=25).collect::<Vec<_>>()
    );
    let asked = asked(&server, "offset", "limit").await;
    assert_eq!(
        asked,
        [
            (Some(0), Some(10)),
            (Some(10), Some(10)),
            (Some(20), Some(10))
        ]
    );
}

#[tokio::test]
async fn the_walk_starts_at_the_requested_offset_and_defaults_to_the_largest_page() {
    let server = catalogue(250).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let all = client
        .list_project_repositories(PROJECT_ID)
        .offset(5)
        .into_items()
        .try_collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 245);
    assert_eq!(all[0].id, Some(6));
    let asked = asked(&server, "offset", "limit").await;
    assert_eq!(
        asked,
        [
            (Some(5), Some(100)),
            (Some(105), Some(100)),
            (Some(205), Some(100))
        ]
    );
}

#[tokio::test]
async fn an_exact_multiple_ends_at_the_empty_page() {
    let server = catalogue(20).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let all = client
        .list_project_repositories(PROJECT_ID)
        .limit(10)
        .into_items()
        .try_collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 20);
    assert_eq!(
        requests(&server).await.len(),
        3,
        "two full pages, then an empty one"
    );
}

#[tokio::test]
async fn page_numbers_are_walked_for_the_build_list() {
    let server = catalogue(23).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let all = client
        .list_git_code_repositories("ep1")
        .page_size(10)
        .into_items()
        .try_collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 23);
    assert_eq!(
        all[22].id.as_deref(),
        Some("23"),
        "integer ids are kept as text"
    );
    let asked = asked(&server, "page", "page_size").await;
    assert_eq!(
        asked,
        [
            (Some(1), Some(10)),
            (Some(2), Some(10)),
            (Some(3), Some(10))
        ]
    );
}

#[tokio::test]
async fn the_cap_stops_the_walk_without_fetching_further_pages() {
    let server = catalogue(1_000).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let some = client
        .list_project_repositories(PROJECT_ID)
        .limit(10)
        .into_items()
        .max_items(15)
        .try_collect_all()
        .await
        .unwrap();
    assert_eq!(some.len(), 15);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_surfaces_in_the_stream_and_ends_it() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(|request: &Request| {
            if query_int(request, "offset") == Some(0) {
                json_response(200, &json!([{ "id": 1 }, { "id": 2 }]).to_string())
            } else {
                ResponseTemplate::new(500).set_body_string("<html>down</html>")
            }
        })
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    let results: Vec<_> = client
        .list_project_repositories(PROJECT_ID)
        .limit(2)
        .into_items()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    match &results[2] {
        Err(Error::Api(error)) => assert_eq!(error.status, 500),
        other => panic!("expected the page's API error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_page_is_checked_before_it_is_sent() {
    let server = catalogue(10).await;
    let client = client_builder(&server.uri()).build().unwrap();
    let results: Vec<_> = client
        .list_project_repositories(PROJECT_ID)
        .limit(500)
        .into_items()
        .collect()
        .await;
    assert!(
        matches!(results.as_slice(), [Err(Error::InvalidRequest { .. })]),
        "{results:?}"
    );
    assert!(requests(&server).await.is_empty());
}

/// A server answering the v4 list with `page(offset, limit)` as the JSON array of items.
async fn serving(page: fn(i64, i64) -> serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(move |request: &Request| {
            let offset = query_int(request, "offset").unwrap_or(0);
            let limit = query_int(request, "limit").unwrap_or(20);
            json_response(200, &page(offset, limit).to_string())
        })
        .mount(&server)
        .await;
    server
}

/// Every item (or the error that ends the walk) of a walk over `server` in pages of two.
async fn walk_by_twos(server: &MockServer) -> Vec<Result<BasicRepositoryDto, Error>> {
    let client = client_builder(&server.uri()).build().unwrap();
    let items = client
        .list_project_repositories(PROJECT_ID)
        .limit(2)
        .into_items();
    items.collect().await
}

fn repositories(ids: impl IntoIterator<Item = i64>) -> serde_json::Value {
    json!(
        ids.into_iter()
            .map(|id| json!({ "id": id }))
            .collect::<Vec<_>>()
    )
}

#[tokio::test]
async fn a_service_that_sends_more_than_asked_is_read_on_without_repeats() {
    // Asked for 2, it sends 3 until the 8 items run out.
    let server =
        serving(|offset, limit| repositories((offset..(offset + limit + 1).min(8)).map(|i| i + 1)))
            .await;
    let all: Vec<_> = walk_by_twos(&server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        all.iter().map(|r| r.id.unwrap()).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
    assert_eq!(
        asked(&server, "offset", "limit").await,
        // Offset 6 gets the last two items, a full page: the empty one at 8 ends it.
        [
            (Some(0), Some(2)),
            (Some(3), Some(2)),
            (Some(6), Some(2)),
            (Some(8), Some(2))
        ]
    );
}

#[tokio::test]
async fn a_cycle_of_pages_after_a_unique_first_page_ends_the_walk() {
    // Page one, then pages two to four over and over, whatever the offset says.
    let server = serving(|offset, _| {
        let n = if offset == 0 {
            0
        } else {
            1 + (offset / 2 - 1) % 3
        };
        repositories([2 * n + 1, 2 * n + 2])
    })
    .await;
    let results = walk_by_twos(&server).await;
    assert_eq!(results.len(), 9, "{results:?}");
    let Some(Err(Error::Decode { message, .. })) = results.last() else {
        panic!("{results:?}")
    };
    assert!(
        message.starts_with("page 5 of the walk repeats page 2 byte for byte"),
        "{message}"
    );
    assert_eq!(
        requests(&server).await.len(),
        5,
        "no request after the repeat"
    );
}

#[tokio::test]
async fn pages_of_undocumented_fields_only_are_told_apart_by_their_bytes() {
    // Every item decodes to an empty repository; the pages still differ on the wire.
    let server = serving(|offset, limit| {
        let end = (offset + limit).min(5);
        json!(
            (offset..end)
                .map(|i| json!({ "other": i }))
                .collect::<Vec<_>>()
        )
    })
    .await;
    let all: Vec<_> = walk_by_twos(&server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|r| r.id.is_none()));
}
