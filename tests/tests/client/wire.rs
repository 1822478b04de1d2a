//! What each operation puts on the wire: method, path (path values percent-encoded as one
//! segment), query (exact encoding, documented enum strings, unset optionals omitted), the
//! `X-Auth-Token` header, and which service's endpoint the request goes to.

use codearts_client::{ArchiveFormat, Client, OrderBy, RetryPolicy, Service, SortOrder};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use codegen::ir::{Location, Success};

use crate::shapes::{sample_path, segment};
use crate::support::{
    ARCHIVE_BYTES, Harness, OPERATIONS, PROJECT_ID, TOKEN, api_error, call, call_with,
    header_values, ir, raw_query,
};

/// Every operation, called with its samples and then with every parameter set to its
/// sample: the method, the path, exactly the query parameters set (each encoded), the
/// header parameters, the token and the `Accept` header its success calls for.
#[tokio::test]
async fn every_operation_sends_what_the_spec_says() {
    let h = Harness::start().await;
    for op in &ir().operations {
        let settable: Vec<_> = op
            .params
            .iter()
            .filter(|p| !p.auth)
            .filter_map(|p| Some((p, p.sample.as_ref()?.wire_text())))
            .collect();
        let everything: Vec<(&str, &str)> = settable
            .iter()
            .map(|(p, text)| (p.wire.as_str(), text.as_str()))
            .collect();
        for (values, all) in [(&[][..], false), (&everything[..], true)] {
            let request = h.expect_sent(call_with(&h.client, &op.name, values)).await;
            let at = format!("{} with {values:?}", op.name);
            assert_eq!(request.method.as_str(), op.method.to_string(), "{at}");
            assert_eq!(request.url.path(), sample_path(op), "{at}");
            let sent = |p: &codegen::ir::Param| all || p.is_positional();
            let mut query: Vec<String> = settable
                .iter()
                .filter(|(p, _)| p.location == Location::Query && sent(p))
                .map(|(p, text)| format!("{}={}", segment(&p.wire), segment(text)))
                .collect();
            query.sort();
            assert_eq!(raw_query(&request), query, "{at}");
            for (p, text) in settable
                .iter()
                .filter(|(p, _)| p.location == Location::Header)
            {
                let expected: Vec<String> = if sent(p) { vec![text.clone()] } else { vec![] };
                assert_eq!(header_values(&request, &p.wire), expected, "{at}");
            }
            if op.params.iter().any(|p| p.auth) {
                assert_token_sent(&request);
            }
            if !matches!(op.success, Success::Binary) {
                assert_asks_for_json(&request);
            }
        }
    }
}

/// A path value with a space, a slash, a percent sign and a non-ASCII character.
const HOSTILE: &str = "a b/c%d仓";
/// [`HOSTILE`] as one percent-encoded path segment (`仓` is E4 BB 93 in UTF-8).
const HOSTILE_SEGMENT: &str = "a%20b%2Fc%25d%E4%BB%93";

fn assert_token_sent(request: &Request) {
    assert_eq!(header_values(request, "x-auth-token"), [TOKEN]);
}

fn assert_asks_for_json(request: &Request) {
    assert_eq!(header_values(request, "accept"), ["application/json"]);
}

#[tokio::test]
async fn download_archive_sends_every_parameter() {
    let h = Harness::start().await;
    let archive = h
        .client
        .download_archive(2112029050)
        .sha("feature/x y")
        .path("src/main 仓.rs")
        .archive_format(ArchiveFormat::TarBz2)
        .send()
        .await
        .unwrap();
    assert_eq!(archive.status(), 200);
    assert_eq!(archive.content_type(), Some("application/zip"));
    assert_eq!(archive.bytes().await.unwrap().as_ref(), ARCHIVE_BYTES);

    let request = h.only_request().await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/v4/repositories/2112029050/repository/archive"
    );
    assert_eq!(
        raw_query(&request),
        [
            "archive_format=tar.bz2",
            "path=src%2Fmain%20%E4%BB%93.rs",
            "sha=feature%2Fx%20y",
        ]
    );
    assert_token_sent(&request);
    // An archive is not JSON, so the client does not ask for JSON.
    assert!(
        !header_values(&request, "accept").contains(&"application/json".to_owned()),
        "{:?}",
        request.headers
    );
}

#[tokio::test]
async fn download_archive_omits_unset_parameters() {
    let h = Harness::start().await;
    h.client.download_archive(1).send().await.unwrap();
    let request = h.only_request().await;
    assert_eq!(request.url.path(), "/v4/repositories/1/repository/archive");
    assert_eq!(request.url.query(), None);
    assert_token_sent(&request);
}

#[tokio::test]
async fn archive_formats_go_on_the_wire_as_documented() {
    let documented = [
        (ArchiveFormat::Zip, "zip"),
        (ArchiveFormat::TarGz, "tar.gz"),
        (ArchiveFormat::TarBz2, "tar.bz2"),
        (ArchiveFormat::Tar, "tar"),
    ];
    assert_eq!(ArchiveFormat::ALL, documented.map(|(format, _)| format));
    let h = Harness::start().await;
    for (format, wire) in documented {
        let request = h
            .expect_sent(h.client.download_archive(7).archive_format(format).send())
            .await;
        assert_eq!(raw_query(&request), [format!("archive_format={wire}")]);
    }
}

#[tokio::test]
async fn list_project_repositories_sends_every_parameter() {
    let h = Harness::start().await;
    let repositories = h
        .client
        .list_project_repositories(PROJECT_ID)
        .search("a b&c=d 仓")
        .offset(40)
        .limit(50)
        .order_by(OrderBy::CreatedAt)
        .sort(SortOrder::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(repositories, []);

    let request = h.only_request().await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/v4/projects/3e1f6634946144c2b1ccb46fb8152b8f/repositories"
    );
    assert_eq!(
        raw_query(&request),
        [
            "limit=50",
            "offset=40",
            "order_by=created_at",
            "search=a%20b%26c%3Dd%20%E4%BB%93",
            "sort=asc",
        ]
    );
    assert_token_sent(&request);
    assert_asks_for_json(&request);
}

#[tokio::test]
async fn list_project_repositories_omits_unset_parameters() {
    let h = Harness::start().await;
    h.client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();
    let request = h.only_request().await;
    assert_eq!(request.url.query(), None);
    assert_token_sent(&request);
}

#[tokio::test]
async fn order_by_and_sort_go_on_the_wire_as_documented() {
    let order_by = [
        (OrderBy::Id, "id"),
        (OrderBy::Name, "name"),
        (OrderBy::CreatedAt, "created_at"),
        (OrderBy::UpdatedAt, "updated_at"),
    ];
    let sort = [(SortOrder::Asc, "asc"), (SortOrder::Desc, "desc")];
    assert_eq!(OrderBy::ALL, order_by.map(|(value, _)| value));
    assert_eq!(SortOrder::ALL, sort.map(|(value, _)| value));
    let h = Harness::start().await;
    for (value, wire) in order_by {
        let request = h
            .expect_sent(
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .order_by(value)
                    .send(),
            )
            .await;
        assert_eq!(raw_query(&request), [format!("order_by={wire}")]);
    }
    for (value, wire) in sort {
        let request = h
            .expect_sent(
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .sort(value)
                    .send(),
            )
            .await;
        assert_eq!(raw_query(&request), [format!("sort={wire}")]);
    }
}

#[tokio::test]
async fn project_id_is_one_percent_encoded_segment() {
    // 32 characters, so the documented length check lets it through unchanged.
    let project_id = format!("{HOSTILE:x<32}");
    assert_eq!(project_id.chars().count(), 32);
    let h = Harness::start().await;
    h.client
        .list_project_repositories(project_id.as_str())
        .send()
        .await
        .unwrap();
    let padding = "x".repeat(32 - HOSTILE.chars().count());
    assert_eq!(
        h.only_request().await.url.path(),
        format!("/v4/projects/{HOSTILE_SEGMENT}{padding}/repositories")
    );
}

#[tokio::test]
async fn show_repository_by_uuid_sends_the_uuid_as_one_segment() {
    let h = Harness::start().await;
    h.client
        .show_repository_by_uuid("045ceabb9aea40579d5a759e84fa7f0a")
        .send()
        .await
        .unwrap();
    // `?` and `#` in a value must not start a query or a fragment.
    h.client
        .show_repository_by_uuid(format!("{HOSTILE}?x#y"))
        .send()
        .await
        .unwrap();

    let requests = h.requests().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(
        requests[0].url.path(),
        "/v2/repositories/045ceabb9aea40579d5a759e84fa7f0a"
    );
    assert_eq!(
        requests[1].url.path(),
        format!("/v2/repositories/{HOSTILE_SEGMENT}%3Fx%23y")
    );
    for request in &requests {
        assert_eq!(request.url.query(), None);
        assert_eq!(request.url.fragment(), None);
        assert_token_sent(request);
        assert_asks_for_json(request);
    }
}

#[tokio::test]
async fn list_files_by_query_names_file_path_and_ref() {
    let h = Harness::start().await;
    h.client
        .list_files_by_query(859341, "docs/a b&c=d%仓.md", "feature/x")
        .send()
        .await
        .unwrap();
    let request = h.only_request().await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v2/projects/859341/repository/files");
    // The page's example request sends `?README.md&ref=master`; the file goes as a named
    // parameter here (quirk `file-query-example-request`).
    assert_eq!(
        raw_query(&request),
        [
            "file_path=docs%2Fa%20b%26c%3Dd%25%E4%BB%93.md",
            "ref=feature%2Fx"
        ]
    );
    assert_token_sent(&request);
    assert_asks_for_json(&request);
}

#[tokio::test]
async fn list_git_code_repositories_sends_every_parameter_and_the_token() {
    let h = Harness::start().await;
    let repositories = h
        .client
        .list_git_code_repositories("0a1b2c3d")
        .page(2)
        .page_size(50)
        .search("a b&c")
        .limit(10)
        .offset(0)
        .ids("4267732")
        .send()
        .await
        .unwrap();
    assert_eq!(repositories, []);

    let request = h.only_request().await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/v1/code/git-code/0a1b2c3d/repositories"
    );
    assert_eq!(
        raw_query(&request),
        [
            "ids=4267732",
            "limit=10",
            "offset=0",
            "page=2",
            "page_size=50",
            "search=a%20b%26c",
        ]
    );
    // The Build page lists no request headers, but the call authenticates like the others
    // (quirk `build-token-undocumented`).
    assert_token_sent(&request);
    assert_asks_for_json(&request);
}

#[tokio::test]
async fn list_git_code_repositories_omits_unset_parameters() {
    let h = Harness::start().await;
    h.client
        .list_git_code_repositories("z9")
        .send()
        .await
        .unwrap();
    let request = h.only_request().await;
    assert_eq!(request.url.path(), "/v1/code/git-code/z9/repositories");
    assert_eq!(request.url.query(), None);
    assert_token_sent(&request);
}

#[tokio::test]
async fn endpoint_id_is_one_percent_encoded_segment() {
    // The documented pattern forbids these characters; without the checks they must still
    // stay inside their segment.
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;
    h.client
        .list_git_code_repositories(HOSTILE)
        .send()
        .await
        .unwrap();
    assert_eq!(
        h.only_request().await.url.path(),
        format!("/v1/code/git-code/{HOSTILE_SEGMENT}/repositories")
    );
}

#[tokio::test]
async fn each_service_uses_its_own_endpoint_and_base_path() {
    // One server per service, each under a base path of its own (one with a trailing
    // slash), answering 503: one request per call, with retries off.
    let mut servers = Vec::new();
    let mut builder = Client::builder();
    for (i, &service) in Service::ALL.iter().enumerate() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let slash = if i % 2 == 1 { "/" } else { "" };
        builder = builder.endpoint(
            service,
            format!("{}/{}-base{slash}", server.uri(), service.name()),
        );
        servers.push((service, server));
    }
    let client = builder
        .auth_token(TOKEN)
        .allow_http(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    for operation in OPERATIONS {
        assert_eq!(api_error(call(&client, operation).await).status, 503);
    }

    for (service, server) in servers {
        let received: Vec<String> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        let expected: Vec<String> = ir()
            .operations
            .iter()
            .filter(|op| {
                ir().services
                    .iter()
                    .any(|s| s.key == service.name() && s.variant == op.service_variant)
            })
            .map(|op| format!("/{}-base{}", service.name(), sample_path(op)))
            .collect();
        assert_eq!(received, expected, "{service:?}");
    }
}

#[tokio::test]
async fn request_builders_never_show_the_token() {
    let h = Harness::start().await;
    let client = &h.client;
    let debug = format!(
        "{:?} {:?} {:?} {:?} {:?}",
        client.download_archive(1),
        client.list_files_by_query(1, "README.md", "master"),
        client.list_git_code_repositories("abc"),
        client.list_project_repositories(PROJECT_ID),
        client.show_repository_by_uuid("uuid"),
    );
    assert!(!debug.contains(TOKEN), "{debug}");
    assert_eq!(debug.matches("<redacted>").count(), 5, "{debug}");
}
