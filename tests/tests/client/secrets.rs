//! The token stays where it belongs: a redirect to another origin (another port of the same
//! host counts) is not followed, so the token never reaches it; a same-origin redirect is
//! followed; a server that echoes the token (or the security token) anywhere, plain or
//! JSON-escaped, never gets it printed by an error; and file content is verified against
//! its documented digests end to end.

use codearts_client::{ContentError, Credentials, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{PROJECT_ID, TOKEN, client_builder, json_response};

#[tokio::test]
async fn a_redirect_to_another_port_is_not_followed_and_the_token_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, "[]"))
        .mount(&elsewhere)
        .await;
    let home = MockServer::start().await;
    let target = format!("{}/v4/projects/{PROJECT_ID}/repositories", elsewhere.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", target.as_str()))
        .mount(&home)
        .await;
    let client = client_builder(&home.uri()).build().unwrap();

    let result = client.list_project_repositories(PROJECT_ID).send().await;

    let received = elsewhere.received_requests().await.unwrap();
    assert!(
        received.is_empty(),
        "the other origin was contacted: {received:?}"
    );
    match &result {
        Err(Error::Api(error)) => assert_eq!(error.status, 302),
        other => panic!("expected the 302 as an API error, got {other:?}"),
    }
    let error = result.unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(TOKEN), "the token leaked into {text}");
    }
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_token() {
    let server = MockServer::start().await;
    let moved = format!("{}/v4/projects/{PROJECT_ID}/moved", server.uri());
    Mock::given(wiremock::matchers::path(format!(
        "/v4/projects/{PROJECT_ID}/repositories"
    )))
    .respond_with(ResponseTemplate::new(302).insert_header("Location", moved.as_str()))
    .mount(&server)
    .await;
    Mock::given(wiremock::matchers::path(format!(
        "/v4/projects/{PROJECT_ID}/moved"
    )))
    .respond_with(json_response(200, r#"[{"id": 7}]"#))
    .mount(&server)
    .await;
    let client = client_builder(&server.uri()).build().unwrap();

    let repositories = client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(repositories[0].id, Some(7));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1]
            .headers
            .get("X-Auth-Token")
            .map(|v| v.as_bytes()),
        Some(TOKEN.as_bytes())
    );
}

/// `error`, its `Debug`, and every error of its `source()` chain, hold no `secret`.
fn assert_hidden(error: &Error, secret: &str) {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        texts.extend([inner.to_string(), format!("{inner:?}")]);
        source = inner.source();
    }
    for text in texts {
        assert!(!text.contains(secret), "the secret leaked into {text}");
    }
}

/// The token as a server that escapes every character of it in JSON would send it.
fn json_escaped(secret: &str) -> String {
    secret
        .chars()
        .map(|c| format!("\\u{:04x}", u32::from(c)))
        .collect()
}

#[tokio::test]
async fn an_echoed_token_is_never_printed() {
    for echo in [TOKEN.to_owned(), json_escaped(TOKEN)] {
        let cases: Vec<(&str, ResponseTemplate)> = vec![
            // The decoder quotes the value it could not read.
            (
                "list_project_repositories",
                json_response(200, &format!(r#"[{{"id":"{echo}"}}]"#)),
            ),
            (
                "list_git_code_repositories",
                json_response(
                    200,
                    &format!(r#"{{"result":[{{"name":true,"x":"{echo}"}}]}}"#),
                ),
            ),
            (
                "list_git_code_repositories",
                json_response(200, &format!(r#"{{"result":["{echo}"]}}"#)),
            ),
            // An envelope's status, an error body, and a request id.
            (
                "show_repository_by_uuid",
                json_response(200, &format!(r#"{{"error":"no","status":"{echo}"}}"#)),
            ),
            (
                "show_repository_by_uuid",
                json_response(401, &format!(r#"{{"detail":"{echo}"}}"#)),
            ),
            (
                "show_repository_by_uuid",
                ResponseTemplate::new(400).insert_header("X-Request-Id", TOKEN),
            ),
        ];
        for (operation, answer) in cases {
            let server = MockServer::start().await;
            Mock::given(any()).respond_with(answer).mount(&server).await;
            let client = client_builder(&server.uri()).build().unwrap();
            let error = crate::support::call(&client, operation).await.unwrap_err();
            assert_hidden(&error, TOKEN);
        }
    }
}

#[tokio::test]
async fn a_redirect_loop_through_the_token_is_never_printed() {
    let server = MockServer::start().await;
    let again = format!("{}/loop?token={TOKEN}", server.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", again.as_str()))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    let error = client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("the service redirected too often"),
        "{error}"
    );
    assert_hidden(&error, TOKEN);
}

#[tokio::test]
async fn an_echoed_security_token_is_never_printed() {
    let security_token = "st-0123456789-security-token";
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            200,
            &format!(r#"[{{"id":"{security_token}"}}]"#),
        ))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri())
        .credentials(
            Credentials::access_key("HPUAEXAMPLEACCESSKEY", "sk-secret")
                .security_token(security_token),
        )
        .build()
        .unwrap();
    let error = client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_hidden(&error, security_token);
}

/// The documented example's file, with `changes` applied to its JSON.
async fn served_file(changes: serde_json::Value) -> Result<Vec<u8>, ContentError> {
    let mut result = json!({
        "size": 9,
        "encoding": "base64",
        "ref": "master",
        "content": "NDU0NTQ1NDQ1",
        "file_name": "README.md",
        "file_path": "README.md",
        "content_sha256": "e16f4f6c41a79d120484774a625bea8a3c3dcb655aa7c7e793ac48639dc63944",
        "blob_id": "3325fa3142fd66fedc8c3a5218b417f561e0ea2f",
    });
    for (key, value) in changes.as_object().unwrap() {
        result[key] = value.clone();
    }
    let server = MockServer::start().await;
    let body = json!({ "result": result, "status": "success" }).to_string();
    Mock::given(any())
        .respond_with(json_response(200, &body))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    let file = client
        .list_files_by_query(859341, "README.md", "master")
        .send()
        .await
        .unwrap();
    file.decode_content()
}

#[tokio::test]
async fn file_content_is_verified_against_its_digests() {
    assert_eq!(served_file(json!({})).await, Ok(b"454545445".to_vec()));

    let tampered = served_file(json!({ "content": "NDU0NTQ1NDQ2" })).await;
    assert!(
        matches!(tampered, Err(ContentError::Sha256Mismatch { .. })),
        "{tampered:?}"
    );

    let wrong_blob =
        served_file(json!({ "blob_id": "0000000000000000000000000000000000000000" })).await;
    assert!(
        matches!(wrong_blob, Err(ContentError::BlobIdMismatch { .. })),
        "{wrong_blob:?}"
    );

    let wrong_size = served_file(json!({ "size": 10 })).await;
    assert_eq!(
        wrong_size,
        Err(ContentError::SizeMismatch {
            expected: 10,
            actual: 9
        })
    );

    let not_base64 = served_file(json!({ "content": "not base64!" })).await;
    assert!(
        matches!(not_base64, Err(ContentError::InvalidBase64 { .. })),
        "{not_base64:?}"
    );

    assert_eq!(
        served_file(json!({ "content": null })).await,
        Err(ContentError::MissingContent)
    );
}
