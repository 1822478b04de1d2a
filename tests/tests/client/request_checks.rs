//! The checks as a whole: every violation of a call is reported at once, `check()` reports
//! without sending, `skip_request_checks(true)` sends what the documentation forbids, and
//! values that cannot be sent safely (a token with a line break, a `..` path segment) are
//! refused whatever the setting.

use codearts_client::{Constraint, Error};

use crate::support::{
    Harness, OPERATIONS, PROJECT_ID, call, invalid_request, query_value, raw_query, violation,
};

/// The pattern of header values `http` can send: no control characters but tab, no DEL.
const HEADER_VALUE_PATTERN: &str = r"^[^\x00-\x08\x0A-\x1F\x7F]*$";

/// A path segment that is not `.` or `..`, which URL parsers would resolve away.
const PATH_SEGMENT_PATTERN: &str = r"^(?:[^.].*|\.[^.].*|\.\..+)?$";

#[tokio::test]
async fn every_violation_of_a_call_is_reported_in_parameter_order() {
    let h = Harness::start_with(|builder| builder.auth_token("t".repeat(100_001))).await;
    let result = h
        .client
        .list_project_repositories("abc")
        .offset(-1)
        .limit(101)
        .send()
        .await;
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request for list_project_repositories: \
         `project_id` must be exactly 32 characters long, got \"abc\"; \
         `offset` must be at least 0, got -1; \
         `limit` must be at most 100, got 101; \
         `X-Auth-Token` must be at most 100000 characters long, got <redacted, 100001 characters>"
    );
    assert_eq!(
        invalid_request("list_project_repositories", Err::<(), _>(error)),
        [
            violation("project_id", Constraint::Length(32), "\"abc\""),
            violation("offset", Constraint::Minimum(0), "-1"),
            violation("limit", Constraint::Maximum(100), "101"),
            violation(
                "X-Auth-Token",
                Constraint::MaxLength(100_000),
                "<redacted, 100001 characters>"
            ),
        ]
    );
    h.assert_nothing_sent().await;
}

#[tokio::test]
async fn every_violation_of_the_build_call_is_reported() {
    let h = Harness::start().await;
    let violations = h
        .expect_rejected(
            "list_git_code_repositories",
            h.client
                .list_git_code_repositories("A-B")
                .page(0)
                .page_size(101)
                .limit(101)
                .offset(-1)
                .send(),
        )
        .await;
    assert_eq!(
        violations,
        [
            violation("endpoint_id", Constraint::Pattern("^[0-9a-z]+$"), "\"A-B\""),
            violation("page", Constraint::Minimum(1), "0"),
            violation("page_size", Constraint::Maximum(100), "101"),
            violation("limit", Constraint::Maximum(100), "101"),
            violation("offset", Constraint::Minimum(0), "-1"),
        ]
    );
    let violations = h
        .expect_rejected(
            "download_archive",
            h.client.download_archive(0).path("").send(),
        )
        .await;
    assert_eq!(
        violations,
        [
            violation("repository_id", Constraint::Minimum(1), "0"),
            violation("path", Constraint::MinLength(1), "\"\""),
        ]
    );
}

#[tokio::test]
async fn check_reports_what_send_would_without_sending() {
    let h = Harness::start().await;
    let request = h.client.list_project_repositories("abc").limit(0);
    let checked = invalid_request("list_project_repositories", request.check());
    let sent = h
        .expect_rejected("list_project_repositories", request.send())
        .await;
    assert_eq!(checked, sent);
    assert_eq!(
        checked,
        [
            violation("project_id", Constraint::Length(32), "\"abc\""),
            violation("limit", Constraint::Minimum(1), "0"),
        ]
    );
    assert!(
        h.client
            .list_project_repositories(PROJECT_ID)
            .limit(1)
            .check()
            .is_ok()
    );
    h.assert_nothing_sent().await;
}

#[tokio::test]
async fn skipping_the_checks_sends_out_of_range_values() {
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;

    let request = h
        .expect_sent(
            h.client
                .list_project_repositories("abc")
                .offset(-1)
                .limit(500)
                .send(),
        )
        .await;
    assert_eq!(request.url.path(), "/v4/projects/abc/repositories");
    assert_eq!(raw_query(&request), ["limit=500", "offset=-1"]);

    let request = h
        .expect_sent(h.client.download_archive(0).path("").send())
        .await;
    assert_eq!(request.url.path(), "/v4/repositories/0/repository/archive");
    assert_eq!(raw_query(&request), ["path="]);

    let request = h
        .expect_sent(
            h.client
                .list_git_code_repositories("ABC")
                .page(0)
                .page_size(0)
                .limit(101)
                .offset(-1)
                .send(),
        )
        .await;
    assert_eq!(request.url.path(), "/v1/code/git-code/ABC/repositories");
    assert_eq!(
        raw_query(&request),
        ["limit=101", "offset=-1", "page=0", "page_size=0"]
    );

    let request = h
        .expect_sent(h.client.list_files_by_query(-1, "a", "b").send())
        .await;
    assert_eq!(request.url.path(), "/v2/projects/-1/repository/files");
    assert_eq!(query_value(&request, "ref").as_deref(), Some("b"));

    // `check()` is an explicit request to check, so it still reports.
    let violations = invalid_request(
        "list_project_repositories",
        h.client.list_project_repositories("abc").check(),
    );
    assert_eq!(
        violations,
        [violation("project_id", Constraint::Length(32), "\"abc\"")]
    );
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_before_sending() {
    let tokens = ["abc\r\nX-Evil: 1", "abc\n", "\rabc", "nul\0byte", "del\x7f"];
    for skip in [false, true] {
        for token in tokens {
            let h =
                Harness::start_with(|builder| builder.auth_token(token).skip_request_checks(skip))
                    .await;
            for operation in OPERATIONS {
                let result = call(&h.client, operation).await;
                let printed = format!("{result:?}");
                assert!(!printed.contains("Evil"), "{printed}");
                let shown = format!("<redacted, {} characters>", token.chars().count());
                assert_eq!(
                    invalid_request(operation, result),
                    [violation(
                        "X-Auth-Token",
                        Constraint::Pattern(HEADER_VALUE_PATTERN),
                        &shown
                    )],
                    "{token:?}, skip_request_checks({skip})"
                );
            }
            h.assert_nothing_sent().await;
        }
    }
}

#[tokio::test]
async fn a_tab_in_a_token_is_a_valid_header_value() {
    let h = Harness::start_with(|builder| builder.auth_token("abc\tdef")).await;
    let request = h
        .expect_sent(h.client.show_repository_by_uuid("uuid").send())
        .await;
    assert_eq!(
        crate::support::header_values(&request, "x-auth-token"),
        ["abc\tdef"]
    );
}

#[tokio::test]
async fn dot_segments_are_refused_whatever_the_checks() {
    for skip in [false, true] {
        let h = Harness::start_with(|builder| builder.skip_request_checks(skip)).await;
        for segment in [".", ".."] {
            let violations = h
                .expect_rejected(
                    "show_repository_by_uuid",
                    h.client.show_repository_by_uuid(segment).send(),
                )
                .await;
            assert_eq!(
                violations,
                [violation(
                    "path segment",
                    Constraint::Pattern(PATH_SEGMENT_PATTERN),
                    &format!("{segment:?}")
                )]
            );
        }
        // Dots inside a value are ordinary characters.
        for uuid in ["...", ".git", "a..b"] {
            let request = h
                .expect_sent(h.client.show_repository_by_uuid(uuid).send())
                .await;
            assert_eq!(request.url.path(), format!("/v2/repositories/{uuid}"));
        }
    }
    let h = Harness::start_with(|builder| builder.skip_request_checks(true)).await;
    h.expect_rejected(
        "list_git_code_repositories",
        h.client.list_git_code_repositories("..").send(),
    )
    .await;
    h.expect_rejected(
        "list_project_repositories",
        h.client.list_project_repositories(".").send(),
    )
    .await;
}

#[tokio::test]
async fn an_empty_path_value_is_refused() {
    let h = Harness::start().await;
    let result = h.client.show_repository_by_uuid("").send().await;
    let requests: Vec<String> = h
        .requests()
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert!(
        matches!(result, Err(Error::InvalidRequest { .. })),
        "got {result:?}, having sent {requests:?}"
    );
    h.assert_nothing_sent().await;
}
