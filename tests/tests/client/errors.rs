//! How non-success answers reach the caller: documented error statuses and undocumented ones
//! as `Error::Api`, failed envelopes as `Error::Envelope`, undecodable bodies (an array
//! where an object is documented among them) as `Error::Decode`, oversized ones as
//! `Error::TooLarge`, a slow service as `Error::Timeout`, a broken connection or a refused TLS
//! handshake as `Error::Transport`; each names its operation. `Error::Io` comes from saving a download
//! and is tested in `download`.

use std::time::Duration;

use codearts_client::{Error, Service, TimeLimit, Waiting};
use wiremock::ResponseTemplate;

use crate::support::{
    Harness, OPERATIONS, PROJECT_ID, TOKEN, api_error, call, fast_retries, json_response,
};

#[tokio::test]
async fn download_archive_documented_errors() {
    for status in [401, 403] {
        let body =
            format!(r#"{{"error_code":"DEV.{status}","error_msg":"refused with {status}"}}"#);
        let h =
            Harness::answering(json_response(status, &body).insert_header("X-Request-Id", "rid-a"))
                .await;
        let error = api_error(h.client.download_archive(1).send().await);
        assert_eq!(error.operation, "download_archive");
        assert_eq!(error.status, status);
        assert_eq!(error.error_code, Some(format!("DEV.{status}")));
        assert_eq!(error.error_msg, Some(format!("refused with {status}")));
        assert_eq!(error.request_id.as_deref(), Some("rid-a"));
        assert!(error.documented);
        assert_eq!(error.body_excerpt, body);
    }
}

#[tokio::test]
async fn build_documented_errors() {
    let documented = [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (500, "Internal Server Error"),
    ];
    for (status, reason) in documented {
        let body = format!(r#"{{"error_code":"CB.{status}","error_msg":"build said {status}"}}"#);
        let h = Harness::answering(
            json_response(status, &body).insert_header("X-Request-Id", format!("rid-{status}")),
        )
        .await;
        let result = h.client.list_git_code_repositories("0a1b2c3d").send().await;
        let error = api_error(result);
        assert_eq!(error.operation, "list_git_code_repositories");
        assert_eq!(error.status, status);
        assert_eq!(error.error_code, Some(format!("CB.{status}")));
        assert_eq!(error.error_msg, Some(format!("build said {status}")));
        assert_eq!(error.request_id, Some(format!("rid-{status}")));
        assert!(error.documented, "{status} is documented");
        assert_eq!(
            error.to_string(),
            format!(
                "list_git_code_repositories failed with HTTP {status} {reason}: CB.{status}: \
                 build said {status} [request id: rid-{status}]"
            )
        );
        assert_eq!(h.requests().await.len(), 1, "errors are not retried");
    }
}

#[tokio::test]
async fn undocumented_status_with_an_html_body() {
    const HTML: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for operation in OPERATIONS {
        let h = Harness::answering(
            ResponseTemplate::new(502)
                .insert_header("X-Request-Id", "gw-42")
                .set_body_raw(HTML, "text/html"),
        )
        .await;
        let result = call(&h.client, operation).await;
        let error = api_error(result);
        assert_eq!(error.operation, *operation);
        assert_eq!(error.status, 502);
        assert!(!error.documented, "{operation}: 502 is not documented");
        assert_eq!(error.error_code, None);
        assert_eq!(error.error_msg, None);
        assert_eq!(error.request_id.as_deref(), Some("gw-42"));
        assert_eq!(error.body_excerpt, HTML);
        // 502 is worth retrying: the harness's policy makes 3 attempts.
        assert_eq!(error.attempts, 3);
        assert_eq!(
            error.to_string(),
            format!(
                "{operation} failed with HTTP 502 Bad Gateway after 3 attempts (status not \
                 documented for this operation), body: {HTML:?} [request id: gw-42]"
            )
        );
    }
}

#[tokio::test]
async fn undocumented_status_keeps_the_error_codes_it_has() {
    // The list page documents only 200 (quirk `undocumented-error-statuses`); a 401 still
    // carries the usual error body.
    let h = Harness::answering_json(
        401,
        r#"{"error_code":"DEV.00000003","error_msg":"Authentication information expired."}"#,
    )
    .await;
    let result = h.client.list_project_repositories(PROJECT_ID).send().await;
    let error = api_error(result);
    assert_eq!(
        (error.operation, error.status, error.documented),
        ("list_project_repositories", 401, false)
    );
    assert_eq!(error.error_code.as_deref(), Some("DEV.00000003"));
    assert_eq!(
        error.error_msg.as_deref(),
        Some("Authentication information expired.")
    );
    assert_eq!(error.request_id, None);
}

#[tokio::test]
async fn failed_envelopes_are_envelope_errors() {
    let repo_v2_failure = r#"{"error":{"code":"CH.001404","message":"File not found"},"result":null,"status":"failed"}"#;
    let cases = [
        (
            "list_files_by_query",
            repo_v2_failure,
            Some("CH.001404"),
            Some("File not found"),
        ),
        (
            "show_repository_by_uuid",
            repo_v2_failure,
            Some("CH.001404"),
            Some("File not found"),
        ),
        // The Build envelope's error is a string (quirk `envelope-error-type-differs`).
        (
            "list_git_code_repositories",
            r#"{"error":"endpoint not found","result":null,"status":"failed"}"#,
            None,
            Some("endpoint not found"),
        ),
        (
            "list_git_code_repositories",
            r#"{"error":null,"result":[],"status":"failed"}"#,
            None,
            None,
        ),
    ];
    for (operation, body, expected_code, expected_message) in cases {
        let h = Harness::answering_json(200, body).await;
        match call(&h.client, operation).await {
            Err(Error::Envelope {
                operation: actual,
                status,
                code,
                message,
            }) => {
                assert_eq!(actual, operation);
                assert_eq!(status.as_deref(), Some("failed"), "{body}");
                assert_eq!(code.as_deref(), expected_code, "{body}");
                assert_eq!(message.as_deref(), expected_message, "{body}");
            }
            other => panic!("{operation}: expected Error::Envelope, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn envelope_failure_display() {
    let h = Harness::answering_json(
        200,
        r#"{"error":{"code":"CH.001404","message":"File not found"},"status":"failed"}"#,
    )
    .await;
    let error = h
        .client
        .list_files_by_query(1, "missing.md", "master")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "list_files_by_query: the service reported failure (status \"failed\"): CH.001404: \
         File not found"
    );
    assert_eq!(error.operation(), Some("list_files_by_query"));
}

#[tokio::test]
async fn bodies_that_do_not_match_the_documentation_are_decode_errors() {
    let cases = [
        (
            "list_project_repositories",
            r#"{"result":[]}"#,
            "invalid type: map, expected a sequence",
        ),
        (
            "show_repository_by_uuid",
            r#"{"status":"success"}"#,
            "envelope has no result",
        ),
        (
            "list_git_code_repositories",
            r#"{"result":{"id":1},"status":"success"}"#,
            "result: invalid type: map, expected a sequence",
        ),
        (
            "list_files_by_query",
            "<html>OK</html>",
            "expected value at line 1 column 1",
        ),
    ];
    for (operation, body, message_start) in cases {
        let h = Harness::answering_json(200, body).await;
        match call(&h.client, operation).await {
            Err(Error::Decode {
                operation: actual,
                status,
                message,
                body_excerpt,
            }) => {
                assert_eq!((actual, status), (operation, 200));
                assert!(message.starts_with(message_start), "{operation}: {message}");
                assert_eq!(body_excerpt, body);
            }
            other => panic!("{operation}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_documented_object_must_be_a_json_object() {
    // serde's derived structs would read these arrays by position.
    let cases = [
        (
            "show_repository_by_uuid",
            r#"[null,{"repository_id":1,"repository_name":"r"},"success"]"#,
            "invalid type: sequence, expected a JSON object",
        ),
        (
            "show_repository_by_uuid",
            r#"{"error":null,"result":[1,"r"],"status":"success"}"#,
            "result: invalid type: sequence, expected a JSON object",
        ),
        (
            "list_project_repositories",
            r#"[[5,"x","ns"]]"#,
            "invalid type: sequence, expected a JSON object",
        ),
    ];
    for (operation, body, message_start) in cases {
        let h = Harness::answering_json(200, body).await;
        match call(&h.client, operation).await {
            Err(Error::Decode { message, .. }) => {
                assert!(message.starts_with(message_start), "{operation}: {message}");
            }
            other => panic!("{operation}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_byte_order_mark_before_the_json_is_accepted() {
    let bom = |json: &str| [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat();
    let answer =
        |json: &str| ResponseTemplate::new(200).set_body_raw(bom(json), "application/json");
    let h = Harness::answering(answer(r#"[{"id":7}]"#)).await;
    let repositories = h
        .client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(repositories[0].id, Some(7));
    let h = Harness::answering(answer(
        r#"{"error":null,"result":{"repository_id":3},"status":"success"}"#,
    ))
    .await;
    let call = h
        .client
        .show_repository_by_uuid("045ceabb9aea40579d5a759e84fa7f0a");
    assert_eq!(call.send().await.unwrap().repository_id, Some(3));
    let h = Harness::answering(
        ResponseTemplate::new(403)
            .set_body_raw(bom(r#"{"error_code":"DEV.403"}"#), "application/json"),
    )
    .await;
    let error = api_error(h.client.list_project_repositories(PROJECT_ID).send().await);
    assert_eq!(error.error_code.as_deref(), Some("DEV.403"));
}

#[tokio::test]
async fn a_long_error_message_is_cut_in_the_display_and_kept_in_the_field() {
    let long = "m".repeat(60_000);
    let body = format!(r#"{{"error_code":"DEV.1","error_msg":"{long}"}}"#);
    let h = Harness::answering_json(401, &body).await;
    let error = h.client.download_archive(1).send().await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() < 1_000, "{} bytes", shown.len());
    assert!(
        shown.ends_with(&format!("DEV.1: {}…", "m".repeat(512))),
        "{shown}"
    );
    let Error::Api(api) = error else { panic!() };
    assert_eq!(api.error_msg.as_deref(), Some(long.as_str()));
}

#[tokio::test]
async fn an_echoed_token_is_scrubbed_from_errors() {
    let body = format!(r#"{{"error_code":"DEV.00000003","error_msg":"token {TOKEN} expired"}}"#);
    let h = Harness::answering_json(401, &body).await;
    let error = h.client.download_archive(1).send().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.error_msg.as_deref(), Some("token <redacted> expired"));
    assert!(!api.body_excerpt.contains(TOKEN), "{}", api.body_excerpt);
    let printed = format!("{error} {error:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    // A server that accepts one connection and closes it without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        drop(socket);
    });
    let client = crate::support::client_builder(&uri).build().unwrap();
    let error = client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    server.await.unwrap();
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "list_project_repositories",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("list_project_repositories: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let slow = json_response(200, "[]").set_delay(Duration::from_secs(3));
    let h = Harness::serving(slow, |builder| {
        builder
            .timeout(Duration::from_millis(200))
            .retry_policy(fast_retries().with_max_attempts(2))
    })
    .await;
    let started = std::time::Instant::now();
    let error = h
        .client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let Error::Timeout {
        operation,
        waiting,
        limit,
        attempts,
    } = &error
    else {
        panic!("expected Error::Timeout, got {error:?}")
    };
    assert_eq!((*operation, *attempts), ("list_project_repositories", 2));
    assert_eq!((*waiting, *limit), (Waiting::Response, TimeLimit::Overall));
    assert!(error.is_timeout());
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(
        error.to_string(),
        "list_project_repositories: the HTTP request timed out after 2 attempts"
    );
    assert_eq!(h.requests().await.len(), 2, "a timeout is retried");
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_too_large() {
    let body = format!(r#"[{{"name":"{}"}}]"#, "x".repeat(200));
    let h = Harness::serving(json_response(200, &body), |builder| {
        builder.max_body_size(100)
    })
    .await;
    let error = h
        .client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "list_project_repositories: the response body of {} bytes is larger than the limit \
             of 100 bytes (`ClientBuilder::max_body_size`)",
            body.len()
        )
    );
    assert_eq!(h.requests().await.len(), 1, "not retried");
}

#[tokio::test]
async fn a_refused_tls_handshake_is_named_and_not_retried() {
    // An https endpoint whose server speaks plain HTTP: the handshake fails.
    let h = Harness::start().await;
    let https = h.server.uri().replace("http://", "https://");
    let client = codearts_client::Client::builder()
        .endpoint(Service::Repo, &https)
        .endpoint(Service::Build, &https)
        .auth_token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "list_project_repositories: the TLS handshake with the service failed"
    );
}
