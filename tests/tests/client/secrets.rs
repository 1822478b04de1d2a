//! The token stays where it belongs: a redirect to another origin (another port of the same
//! host counts) is not followed, so the token never reaches it; a same-origin redirect is
//! followed; a server that echoes the token (or the security token) anywhere, plain or
//! JSON-escaped, never gets it printed by an error; and file content is verified against
//! its documented digests end to end.

use codearts_client::{ContentError, Credentials, Error, FileContentInfo};
use codegen::ir::{ScalarType, Success, TypeIr};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::shapes;
use crate::support::{OPERATIONS, TOKEN, call, client_builder, ir, json_operation, json_response};

/// The smallest success of whichever operation `request` is for.
fn success(request: &wiremock::Request) -> ResponseTemplate {
    crate::support::success(request.url.path())
}

#[tokio::test]
async fn a_redirect_to_another_port_is_not_followed_and_the_token_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(success)
        .mount(&elsewhere)
        .await;
    let home = MockServer::start().await;
    let operation = json_operation();
    let target = format!(
        "{}{}",
        elsewhere.uri(),
        shapes::sample_path(shapes::operation(operation))
    );
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", target.as_str()))
        .mount(&home)
        .await;
    let client = client_builder(&home.uri()).build().unwrap();

    let result = call(&client, operation).await;

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
    let operation = json_operation();
    let path = shapes::sample_path(shapes::operation(operation));
    let moved = format!("{}/moved{path}", server.uri());
    Mock::given(wiremock::matchers::path(path.as_str()))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", moved.as_str()))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path(format!("/moved{path}")))
        .respond_with(success)
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();

    call(&client, operation).await.unwrap();

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

/// JSON of a value of type `t` with the string `quoted` where the decoder refuses it, so
/// that its error quotes it. A string where a string is documented would be the answer,
/// not an error.
fn misplaced(t: &TypeIr, quoted: &str) -> String {
    let text = |t: &TypeIr| *t == TypeIr::Scalar(ScalarType::String);
    match t {
        TypeIr::Array(item) if !text(item) => format!("[{quoted}]"),
        TypeIr::Array(_) => format!("{{{quoted}:1}}"),
        t if !text(t) => quoted.to_owned(),
        _ => format!("[{quoted}]"),
    }
}

/// Answers of `operation` that echo `echo` where the client reports on them: in a value
/// the decoder quotes (a string where the success has an object or a list), in an
/// envelope's status, in an error body, and as a request id.
fn echoes(operation: &str, echo: &str) -> Vec<ResponseTemplate> {
    let op = shapes::operation(operation);
    let mut answers = vec![
        json_response(401, &format!(r#"{{"detail":"{echo}"}}"#)),
        ResponseTemplate::new(400).insert_header("X-Request-Id", TOKEN),
    ];
    let quoted = format!(r#""{echo}""#);
    match &op.success {
        Success::Json(t) | Success::MaybeJson(t) => {
            answers.push(json_response(200, &misplaced(t, &quoted)));
        }
        Success::Envelope(result) => {
            let inner = misplaced(result, &quoted);
            answers.push(json_response(200, &format!(r#"{{"result":{inner}}}"#)));
            answers.push(json_response(
                200,
                &format!(r#"{{"error":"no","status":"{echo}"}}"#),
            ));
        }
        Success::Binary | Success::None => {}
    }
    answers
}

#[tokio::test]
async fn an_echoed_token_is_never_printed() {
    for echo in [TOKEN.to_owned(), json_escaped(TOKEN)] {
        let cases: Vec<(&str, ResponseTemplate)> = OPERATIONS
            .iter()
            .flat_map(|&operation| {
                echoes(operation, &echo)
                    .into_iter()
                    .map(move |a| (operation, a))
            })
            .collect();
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
    let error = call(&client, json_operation()).await.unwrap_err();
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
            &format!("<html>{security_token}</html>"),
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
    let error = call(&client, json_operation()).await.unwrap_err();
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
    let answered = ir()
        .operations
        .iter()
        .find(|op| matches!(&op.success, Success::Envelope(TypeIr::Model(m)) if m == "FileContentInfo"))
        .expect("an operation answers a file's content");
    let file: FileContentInfo =
        serde_json::from_value(call(&client, &answered.name).await.unwrap()).unwrap();
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
