//! The pages' example responses and requests, taken verbatim from the spec through
//! `codegen::load_ir`: each example response, served with its status, decodes as
//! documented: `every_documented_example_decodes` walks every example of the spec and
//! compares what the client decoded with the example's data, so an example added later is
//! covered without a new test; the request examples are matched against the wire.

use codearts_client::{IsOwner, RepositoryStatus, UserRole, VisibilityLevel};
use codegen::ir::{Operation, Success, TypeIr};
use serde_json::Value;

use crate::support::{Harness, OPERATIONS, api_error, call, ir, raw_query};

/// The body of the one example response of `operation` with `status`.
fn example(operation: &'static Operation, status: u16) -> &'static str {
    let mut examples = operation
        .example_responses
        .iter()
        .filter(|e| e.status == status);
    let example = examples
        .next()
        .unwrap_or_else(|| panic!("{}: no example for {status}", operation.name));
    assert!(examples.next().is_none(), "two examples for {status}");
    &example.body
}

#[test]
fn operations_match_the_spec() {
    let names: Vec<&str> = ir().operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, OPERATIONS);
}

/// The example of the operation answering a `RepoInfoV2` with `result` changed by `edit`,
/// decoded.
async fn edited_repository_info(edit: impl FnOnce(&mut Value)) -> codearts_client::RepoInfoV2 {
    let operation = ir()
        .operations
        .iter()
        .find(|op| matches!(&op.success, Success::Envelope(TypeIr::Model(m)) if m == "RepoInfoV2"))
        .expect("an operation answers a RepoInfoV2");
    let mut body: Value = serde_json::from_str(example(operation, 200)).unwrap();
    edit(&mut body["result"]);
    let h = Harness::answering_json(200, &body.to_string()).await;
    serde_json::from_value(call(&h.client, &operation.name).await.unwrap()).unwrap()
}

/// Every response field is optional: an empty object decodes to a model with every field
/// `None`, through serde's own handling of a missing `Option` and through the
/// `deserialize_with` of `GitCodeRepository.id` alike.
#[test]
fn empty_objects_decode_to_empty_models() {
    let repository: codearts_client::GitCodeRepository = serde_json::from_str("{}").unwrap();
    assert_eq!(repository, Default::default());
    let info: codearts_client::RepoInfoV2 = serde_json::from_str("{}").unwrap();
    assert_eq!(info, Default::default());
}

#[tokio::test]
async fn user_role_absent_or_camel_case() {
    let info = edited_repository_info(|result| {
        result.as_object_mut().unwrap().remove("userRole").unwrap();
    })
    .await;
    assert_eq!(info.user_role, None);
    // The wire name is camelCase (quirk `user-role-camel-case`); a snake_case key is not it.
    let info = edited_repository_info(|result| {
        result["userRole"] = 40.into();
        result["user_role"] = 20.into();
    })
    .await;
    assert_eq!(info.user_role, Some(UserRole::Administrator));
}

#[tokio::test]
async fn repository_integer_codes_decode_to_their_variants() {
    let info = edited_repository_info(|result| {
        result["visibility_level"] = 20.into();
        result["status"] = 3.into();
        result["is_owner"] = 1.into();
        result["userRole"] = 30.into();
    })
    .await;
    assert_eq!(info.visibility_level, Some(VisibilityLevel::Public));
    assert_eq!(info.status, Some(RepositoryStatus::Frozen));
    assert_eq!(info.is_owner, Some(IsOwner::Yes));
    assert_eq!(info.user_role, Some(UserRole::CommonMember));
    // Codes the page does not list are kept.
    let info = edited_repository_info(|result| {
        result["visibility_level"] = 10.into();
        result["status"] = 9.into();
        result["is_owner"] = 0.into();
        result["userRole"] = 25.into();
    })
    .await;
    assert_eq!(info.visibility_level, Some(VisibilityLevel::Unknown(10)));
    assert_eq!(info.status, Some(RepositoryStatus::Unknown(9)));
    assert_eq!(info.is_owner, Some(IsOwner::No));
    assert_eq!(info.user_role, Some(UserRole::Unknown(25)));
}

#[tokio::test]
async fn every_documented_example_decodes() {
    let mut checked = 0;
    for operation in &ir().operations {
        for example in &operation.example_responses {
            let context = format!(
                "{} example {} ({})",
                operation.name, example.status, example.title
            );
            let h = Harness::answering_json(example.status, &example.body).await;
            let result = call(&h.client, &operation.name).await;
            if (200..300).contains(&example.status) {
                let decoded = result.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                let expected = match &operation.success {
                    Success::Binary => serde_json::to_value(example.body.as_bytes()).unwrap(),
                    Success::Json(_) => parse(&example.body, &context),
                    Success::Envelope(_) => parse(&example.body, &context)["result"].clone(),
                    Success::None => Value::Null,
                };
                assert_same_data(&decoded, &expected, &context);
            } else {
                let documented = parse(&example.body, &context);
                let error = api_error(result);
                assert_eq!(error.status, example.status, "{context}");
                assert!(error.documented, "{context}: the status is documented");
                assert_eq!(
                    error.error_code.as_deref(),
                    documented["error_code"].as_str(),
                    "{context}"
                );
                assert_eq!(
                    error.error_msg.as_deref(),
                    documented["error_msg"].as_str(),
                    "{context}"
                );
            }
            assert_eq!(h.requests().await.len(), 1, "{context}");
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec has no example response");
}

fn parse(body: &str, context: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{context}: not JSON: {e}"))
}

/// Asserts that `decoded` (a decoded value, serialized back) holds exactly the data of the
/// documented JSON `expected`: no field is lost or invented. A documented `null` is an absent
/// field, and a documented integer may be kept as its decimal text (fields such as
/// `GitCodeRepository.id` accept both).
fn assert_same_data(decoded: &Value, expected: &Value, at: &str) {
    match (decoded, expected) {
        (Value::Object(decoded), Value::Object(expected)) => {
            for (key, value) in expected {
                match decoded.get(key) {
                    None => assert!(value.is_null(), "{at}.{key}: {value} was not decoded"),
                    Some(decoded) => assert_same_data(decoded, value, &format!("{at}.{key}")),
                }
            }
            for key in decoded.keys() {
                assert!(
                    expected.contains_key(key),
                    "{at}.{key}: decoded but not in the example"
                );
            }
        }
        (Value::Array(decoded), Value::Array(expected)) => {
            assert_eq!(decoded.len(), expected.len(), "{at}: length");
            for (i, (decoded, expected)) in decoded.iter().zip(expected).enumerate() {
                assert_same_data(decoded, expected, &format!("{at}[{i}]"));
            }
        }
        (Value::String(text), Value::Number(number)) if number.is_i64() || number.is_u64() => {
            assert_eq!(text, &number.to_string(), "{at}")
        }
        _ => assert_eq!(decoded, expected, "{at}"),
    }
}

#[tokio::test]
async fn documented_example_requests_match_the_wire() {
    let mut checked = 0;
    for operation in &ir().operations {
        let Some(example) = &operation.example_request else {
            continue;
        };
        let (method, url) = example.split_once(' ').expect("METHOD URL");
        let target = url
            .strip_prefix("https://{endpoint}")
            .expect("the example's host is {endpoint}");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));

        let h = Harness::start().await;
        call(&h.client, &operation.name)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", operation.name));
        let request = h.only_request().await;
        assert_eq!(request.method.as_str(), method, "{example}");
        // `{name}` in the example stands for any value of that parameter.
        let sent: Vec<&str> = request.url.path().split('/').collect();
        let documented: Vec<&str> = path.split('/').collect();
        assert_eq!(sent.len(), documented.len(), "{example}");
        for (sent, documented) in sent.iter().zip(&documented) {
            if !documented.starts_with('{') {
                assert_eq!(sent, documented, "{example}");
            }
        }
        // A documented `name=value` is sent as it stands; a bare value (the file example's
        // `?README.md`) is sent as the value of a named parameter.
        let sent = raw_query(&request);
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let found = if piece.contains('=') {
                sent.iter().any(|s| s == piece)
            } else {
                sent.iter()
                    .any(|s| s.split_once('=').is_some_and(|(_, v)| v == piece))
            };
            assert!(found, "{example}: `{piece}` not in {sent:?}");
        }
        checked += 1;
    }
    assert!(checked > 0, "the spec has no example request");
}
