//! Every documented constraint at its edges: the minimum and the maximum reach the server,
//! one past either side is `Error::InvalidRequest` naming the operation, the parameter and
//! the constraint, and nothing reaches the server. Lengths count characters, not bytes.

use codearts_client::{Constraint, Error};

use codearts_client::catalogue;
use codegen::ir::{Param, ScalarType};
use regex::Regex;

use crate::support::{
    Harness, OPERATIONS, PROJECT_ID, call, client_builder, header_values, invalid_request, ir,
    query_value, violation,
};

/// How a rejected string longer than 80 characters is shown: its first 80 characters, then
/// its length.
fn cut(value: &str) -> String {
    let shown: String = value.chars().take(80).collect();
    format!("{shown:?}… ({} characters)", value.chars().count())
}

/// One value at or past an edge of a parameter's documented range or length, and the
/// constraint it breaks (`None`: it passes the checks).
struct Edge {
    value: String,
    broken: Option<Constraint>,
}

fn edge(value: impl ToString, broken: Option<Constraint>) -> Edge {
    Edge {
        value: value.to_string(),
        broken,
    }
}

/// Every edge of `p`'s range (the values its Rust type can hold; for text, the digits of
/// the number) and of its lengths (built of one character its pattern takes), and a value
/// of a passing length its pattern refuses.
fn edges(p: &Param) -> Vec<Edge> {
    let c = &p.constraints;
    let mut edges = Vec::new();
    if p.scalar.is_integer() {
        let (least, most) = match p.scalar {
            ScalarType::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (i64::MIN, i64::MAX),
        };
        if let Some(min) = c.minimum {
            edges.push(edge(min, None));
            if min > least {
                edges.push(edge(min - 1, Some(Constraint::Minimum(min))));
            }
        }
        if let Some(max) = c.maximum {
            edges.push(edge(max, None));
            if max < most {
                edges.push(edge(max + 1, Some(Constraint::Maximum(max))));
            }
        }
        return edges;
    }
    if p.scalar != ScalarType::String {
        return edges;
    }
    // A range on text is of the number its digits write.
    if c.minimum.is_some() || c.maximum.is_some() {
        if let Some(min) = c.minimum {
            edges.push(edge(min.max(0), None));
            if min > 0 {
                edges.push(edge(min - 1, Some(Constraint::Minimum(min))));
            }
        }
        if let Some(max) = c.maximum {
            edges.push(edge(max, None));
            edges.push(edge(i128::from(max) + 1, Some(Constraint::Maximum(max))));
        }
        edges.push(edge("1x", Some(Constraint::Digits)));
        return edges;
    }
    let pattern = c
        .pattern
        .as_deref()
        .map(|p| Regex::new(&codegen::pattern::for_rust(p)).expect("validated patterns compile"));
    let takes = |text: &str| pattern.as_ref().is_none_or(|re| re.is_match(text));
    let Some(filler) = ['a', '0', 'A', '仓', '_']
        .into_iter()
        .find(|c| takes(&c.to_string()))
    else {
        return edges;
    };
    let of = |n: u64| filler.to_string().repeat(n as usize);
    let mut lengths = Vec::new();
    if let Some(len) = c.length {
        lengths.push((len, None));
        if len > 0 {
            lengths.push((len - 1, Some(Constraint::Length(len))));
        }
        lengths.push((len + 1, Some(Constraint::Length(len))));
    }
    if let Some(min) = c.min_length {
        lengths.push((min, None));
        if min > 0 {
            lengths.push((min - 1, Some(Constraint::MinLength(min))));
        }
    }
    if let Some(max) = c.max_length {
        lengths.push((max, None));
        lengths.push((max + 1, Some(Constraint::MaxLength(max))));
    }
    for (len, broken) in lengths {
        // The empty string breaks a pattern with `+` as well as the length: only lengths
        // the pattern takes are tried.
        if takes(&of(len)) || broken.is_none() {
            edges.push(edge(of(len), broken));
        }
    }
    if let Some(re) = &pattern {
        let len = c.length.or(c.min_length).unwrap_or(1).max(1) as usize;
        let refused = ['!', ' ', '仓', 'Z', '-', 'a', '0']
            .into_iter()
            .map(|c| c.to_string().repeat(len))
            .find(|text| !re.is_match(text));
        if let Some(text) = refused {
            let pattern = c.pattern.clone().unwrap_or_default();
            edges.push(edge(text, Some(Constraint::Pattern(pattern.leak()))));
        }
    }
    edges
}

/// The same kind of constraint with the same bound; patterns by kind alone (the client
/// names its own form of the pattern).
fn same(a: &Constraint, b: &Constraint) -> bool {
    match (a, b) {
        (Constraint::Pattern(_), Constraint::Pattern(_)) => true,
        _ => a == b,
    }
}

/// Every documented range, length and pattern of every operation's parameters, at its
/// edges, checked without sending: the edge passes, one past it is an invalid request
/// naming the operation, the parameter and the constraint.
#[tokio::test]
async fn every_documented_edge_of_every_operation() {
    let h = Harness::start().await;
    let mut tried = 0;
    for op in &ir().operations {
        for p in op.params.iter().filter(|p| !p.auth) {
            for Edge { value, broken } in edges(p) {
                let values = [(p.wire.as_str(), value.as_str())];
                let at = format!("{}.{} = {:.40}", op.name, p.wire, value);
                let result = catalogue::check(&h.client, &op.name, &values)
                    .expect("the operation is in the catalogue");
                match broken {
                    None => assert!(result.is_ok(), "{at}: {result:?}"),
                    Some(constraint) => {
                        let violations = invalid_request(&op.name, result);
                        assert_eq!(violations.len(), 1, "{at}: {violations:?}");
                        assert_eq!(violations[0].parameter, p.wire, "{at}");
                        assert!(
                            same(&violations[0].constraint, &constraint),
                            "{at}: {:?} is not {constraint:?}",
                            violations[0].constraint
                        );
                    }
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 0, "the spec documents no range, length or pattern");
    h.assert_nothing_sent().await;
}

#[tokio::test]
async fn download_archive_repository_id() {
    let h = Harness::start().await;
    for id in [1, i32::MAX] {
        let request = h.expect_sent(h.client.download_archive(id).send()).await;
        assert_eq!(
            request.url.path(),
            format!("/v4/repositories/{id}/repository/archive")
        );
    }
    // The maximum plus one, 2147483648, is not an i32: the argument's type rules it out
    // before the program runs (tests/ui/repository_id_beyond_i32.rs).
    for id in [0, -1, i32::MIN] {
        let violations = h
            .expect_rejected("download_archive", h.client.download_archive(id).send())
            .await;
        assert_eq!(
            violations,
            [violation(
                "repository_id",
                Constraint::Minimum(1),
                &id.to_string()
            )]
        );
    }
}

#[tokio::test]
async fn download_archive_path_length_in_characters() {
    let h = Harness::start().await;
    // Long values that still fit in a request line (a 100 000-character one does not, see
    // the test below), one of them with three-byte characters.
    let long_ascii = "a".repeat(60_000);
    let long_mixed = format!("{}{}", "仓".repeat(1_000), "a".repeat(50_000));
    for path in ["a", long_ascii.as_str(), long_mixed.as_str()] {
        let request = h
            .expect_sent(h.client.download_archive(1).path(path).send())
            .await;
        assert_eq!(query_value(&request, "path").as_deref(), Some(path));
    }
    // 100 000 characters pass the checks however many bytes they take: 100 000, 120 000
    // or 300 000.
    let longest_ascii = "a".repeat(100_000);
    let longest_mixed = format!("{}{}", "仓".repeat(10_000), "a".repeat(90_000));
    let longest_wide = "仓".repeat(100_000);
    for path in [&longest_ascii, &longest_mixed, &longest_wide] {
        assert_eq!(path.chars().count(), 100_000);
        let checked = h.client.download_archive(1).path(path.as_str()).check();
        assert!(checked.is_ok(), "{} bytes: {checked:?}", path.len());
    }

    let too_long_ascii = "a".repeat(100_001);
    let too_long_wide = "仓".repeat(100_001);
    let cases = [
        ("", Constraint::MinLength(1), "\"\"".to_owned()),
        (
            too_long_ascii.as_str(),
            Constraint::MaxLength(100_000),
            cut(&too_long_ascii),
        ),
        (
            too_long_wide.as_str(),
            Constraint::MaxLength(100_000),
            cut(&too_long_wide),
        ),
    ];
    for (path, constraint, shown) in cases {
        let violations = h
            .expect_rejected(
                "download_archive",
                h.client.download_archive(1).path(path).send(),
            )
            .await;
        assert_eq!(violations, [violation("path", constraint, &shown)]);
    }
    assert_eq!(
        cut(&too_long_wide),
        format!("\"{}\"… (100001 characters)", "仓".repeat(80))
    );
}

/// The documented maximum (100 000 characters) cannot travel in a URL: `http::Uri` holds
/// at most 65 534 bytes. The spec records this as a quirk; the client refuses such a URL
/// as an invalid request instead of failing in the transport.
#[tokio::test]
async fn download_archive_longest_documented_path_is_refused_as_too_long_for_a_url() {
    let h = Harness::start().await;
    let longest = "a".repeat(100_000);
    let result = h
        .client
        .download_archive(1)
        .path(longest.as_str())
        .send()
        .await;
    let Err(Error::InvalidRequest {
        operation,
        violations,
    }) = result
    else {
        panic!("expected an invalid request, got {result:?}");
    };
    assert_eq!(operation, "download_archive");
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].parameter, "request URL");
    assert_eq!(violations[0].constraint, Constraint::MaxLength(65_534));
    h.assert_nothing_sent().await;
}

#[tokio::test]
async fn list_project_repositories_offset() {
    let h = Harness::start().await;
    for offset in [0, i32::MAX] {
        let request = h
            .expect_sent(
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .offset(offset)
                    .send(),
            )
            .await;
        assert_eq!(query_value(&request, "offset"), Some(offset.to_string()));
    }
    // The maximum plus one is not an i32.
    for offset in [-1, i32::MIN] {
        let violations = h
            .expect_rejected(
                "list_project_repositories",
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .offset(offset)
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "offset",
                Constraint::Minimum(0),
                &offset.to_string()
            )]
        );
    }
}

#[tokio::test]
async fn list_project_repositories_limit() {
    let h = Harness::start().await;
    for limit in [1, 100] {
        let request = h
            .expect_sent(
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .limit(limit)
                    .send(),
            )
            .await;
        assert_eq!(query_value(&request, "limit"), Some(limit.to_string()));
    }
    for (limit, constraint) in [(0, Constraint::Minimum(1)), (101, Constraint::Maximum(100))] {
        let violations = h
            .expect_rejected(
                "list_project_repositories",
                h.client
                    .list_project_repositories(PROJECT_ID)
                    .limit(limit)
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation("limit", constraint, &limit.to_string())]
        );
    }
}

#[tokio::test]
async fn list_project_repositories_project_id_length() {
    let h = Harness::start().await;
    // 32 characters, whatever their width in bytes.
    let wide = "仓".repeat(32);
    for project_id in [PROJECT_ID, wide.as_str()] {
        let request = h
            .expect_sent(h.client.list_project_repositories(project_id).send())
            .await;
        assert!(
            request.url.path().starts_with("/v4/projects/"),
            "{}",
            request.url
        );
    }
    let longer = format!("{PROJECT_ID}0");
    let wider = "仓".repeat(33);
    for project_id in [&PROJECT_ID[..31], longer.as_str(), "", wider.as_str()] {
        let violations = h
            .expect_rejected(
                "list_project_repositories",
                h.client.list_project_repositories(project_id).send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "project_id",
                Constraint::Length(32),
                &format!("{project_id:?}")
            )]
        );
    }
}

#[tokio::test]
async fn list_git_code_repositories_endpoint_id_pattern() {
    let h = Harness::start().await;
    // Digits or lowercase letters alone are enough (quirk `endpoint-id-mix`).
    for endpoint_id in ["0", "z", "0123456789", "abcdefghijklmnopqrstuvwxyz", "a1b2"] {
        let request = h
            .expect_sent(h.client.list_git_code_repositories(endpoint_id).send())
            .await;
        assert_eq!(
            request.url.path(),
            format!("/v1/code/git-code/{endpoint_id}/repositories")
        );
    }
    for endpoint_id in ["", "ABC", "aBc", "a-b", "-", "a b", "é", "a_b", "abc\n"] {
        let violations = h
            .expect_rejected(
                "list_git_code_repositories",
                h.client.list_git_code_repositories(endpoint_id).send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "endpoint_id",
                Constraint::Pattern("^[0-9a-z]+$"),
                &format!("{endpoint_id:?}")
            )]
        );
    }
}

#[tokio::test]
async fn list_git_code_repositories_page() {
    let h = Harness::start().await;
    // No documented maximum: the largest i32 goes through.
    for page in [1, i32::MAX] {
        let request = h
            .expect_sent(h.client.list_git_code_repositories("abc").page(page).send())
            .await;
        assert_eq!(query_value(&request, "page"), Some(page.to_string()));
    }
    for page in [0, -1] {
        let violations = h
            .expect_rejected(
                "list_git_code_repositories",
                h.client.list_git_code_repositories("abc").page(page).send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation("page", Constraint::Minimum(1), &page.to_string())]
        );
    }
}

#[tokio::test]
async fn list_git_code_repositories_page_size() {
    let h = Harness::start().await;
    for page_size in [1, 100] {
        let request = h
            .expect_sent(
                h.client
                    .list_git_code_repositories("abc")
                    .page_size(page_size)
                    .send(),
            )
            .await;
        assert_eq!(
            query_value(&request, "page_size"),
            Some(page_size.to_string())
        );
    }
    for (page_size, constraint) in [(0, Constraint::Minimum(1)), (101, Constraint::Maximum(100))] {
        let violations = h
            .expect_rejected(
                "list_git_code_repositories",
                h.client
                    .list_git_code_repositories("abc")
                    .page_size(page_size)
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation("page_size", constraint, &page_size.to_string())]
        );
    }
}

#[tokio::test]
async fn list_git_code_repositories_limit() {
    let h = Harness::start().await;
    // Only the maximum is documented (quirk `build-limit-no-minimum`): 0 and negative
    // values go through as they are.
    for limit in [100, 1, 0, -1, i32::MIN] {
        let request = h
            .expect_sent(
                h.client
                    .list_git_code_repositories("abc")
                    .limit(limit)
                    .send(),
            )
            .await;
        assert_eq!(query_value(&request, "limit"), Some(limit.to_string()));
    }
    for limit in [101, i32::MAX] {
        let violations = h
            .expect_rejected(
                "list_git_code_repositories",
                h.client
                    .list_git_code_repositories("abc")
                    .limit(limit)
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "limit",
                Constraint::Maximum(100),
                &limit.to_string()
            )]
        );
    }
}

#[tokio::test]
async fn list_git_code_repositories_offset() {
    let h = Harness::start().await;
    for offset in [0, i32::MAX] {
        let request = h
            .expect_sent(
                h.client
                    .list_git_code_repositories("abc")
                    .offset(offset)
                    .send(),
            )
            .await;
        assert_eq!(query_value(&request, "offset"), Some(offset.to_string()));
    }
    for offset in [-1, i32::MIN] {
        let violations = h
            .expect_rejected(
                "list_git_code_repositories",
                h.client
                    .list_git_code_repositories("abc")
                    .offset(offset)
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "offset",
                Constraint::Minimum(0),
                &offset.to_string()
            )]
        );
    }
}

#[tokio::test]
async fn list_files_by_query_repo_id() {
    let h = Harness::start().await;
    // This page admits 0, unlike repository IDs elsewhere (quirk `repo-id-admits-zero`).
    for repo_id in [0, 1, i32::MAX] {
        let request = h
            .expect_sent(
                h.client
                    .list_files_by_query(repo_id, "README.md", "master")
                    .send(),
            )
            .await;
        assert_eq!(
            request.url.path(),
            format!("/v2/projects/{repo_id}/repository/files")
        );
    }
    // The maximum plus one is not an i32.
    for repo_id in [-1, i32::MIN] {
        let violations = h
            .expect_rejected(
                "list_files_by_query",
                h.client
                    .list_files_by_query(repo_id, "README.md", "master")
                    .send(),
            )
            .await;
        assert_eq!(
            violations,
            [violation(
                "repo_id",
                Constraint::Minimum(0),
                &repo_id.to_string()
            )]
        );
    }
}

#[tokio::test]
async fn auth_token_shortest_and_longest_are_sent_by_every_operation() {
    // 100 000 characters but 102 000 bytes: a byte count would reject it.
    let longest = format!("{}{}", "仓".repeat(1_000), "t".repeat(99_000));
    let ascii = "t".repeat(100_000);
    for token in ["x", ascii.as_str(), longest.as_str()] {
        let h = Harness::start_with(|builder| builder.auth_token(token)).await;
        for operation in OPERATIONS {
            let request = h.expect_sent(call(&h.client, operation)).await;
            let sent = header_values(&request, "x-auth-token");
            assert_eq!(sent.len(), 1, "{operation}");
            assert!(
                sent[0] == token,
                "{operation}: the token was not sent as given"
            );
        }
    }
}

#[tokio::test]
async fn auth_token_too_long_is_rejected_by_every_operation_without_showing_it() {
    let secret = "MIIsecret-0123456789";
    let token = format!("{secret}{}", "s".repeat(100_001 - secret.len()));
    assert_eq!(token.chars().count(), 100_001);
    let h = Harness::start_with(|builder| builder.auth_token(token.as_str())).await;
    for operation in OPERATIONS {
        let result = call(&h.client, operation).await;
        let printed = match &result {
            Err(error) => format!("{error} {error:?}"),
            Ok(value) => panic!("{operation}: expected a rejection, got {value}"),
        };
        assert!(!printed.contains(secret), "{operation}: {printed}");
        let violations = crate::support::invalid_request(operation, result);
        assert_eq!(
            violations,
            [violation(
                "X-Auth-Token",
                Constraint::MaxLength(100_000),
                "<redacted, 100001 characters>"
            )]
        );
    }
    h.assert_nothing_sent().await;
}

#[tokio::test]
async fn auth_token_longer_than_documented_is_sent_when_checks_are_skipped() {
    let token = "t".repeat(100_001);
    let h =
        Harness::start_with(|builder| builder.auth_token(token.as_str()).skip_request_checks(true))
            .await;
    let request = h
        .expect_sent(h.client.show_repository_by_uuid("uuid").send())
        .await;
    assert_eq!(header_values(&request, "x-auth-token"), [token]);
}

#[tokio::test]
async fn auth_token_empty_is_refused_when_the_client_is_built() {
    // The shortest documented token is 1 character; an empty one cannot make a client, so
    // it never reaches an operation (the `AuthToken` newtype rejects it too, see `newtypes`).
    let h = Harness::start().await;
    for skip in [false, true] {
        let result = client_builder(&h.server.uri())
            .auth_token("")
            .skip_request_checks(skip)
            .build();
        match result {
            Err(Error::Config(message)) => {
                assert_eq!(message, "no auth token: call `ClientBuilder::auth_token`")
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
    h.assert_nothing_sent().await;
}
