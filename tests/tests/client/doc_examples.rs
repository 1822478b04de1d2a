//! The pages' example responses and requests, taken verbatim from the spec through
//! `codegen::load_ir`: each example response, served with its status, decodes as
//! documented: `every_documented_example_decodes` walks every example of the spec and
//! compares what the client decoded with the example's data, so an example added later is
//! covered without a new test; the request examples are matched against the wire.

use codegen::ir::{Model, Operation, Success, TypeIr};
use serde_json::{Value, json};

use crate::shapes::{envelope, minimal};

use crate::support::{Harness, OPERATIONS, api_error, call, call_with, ir, raw_query};

#[test]
fn operations_match_the_spec() {
    let names: Vec<&str> = ir().operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, OPERATIONS);
}

/// Every operation answering a model (or a list of them) in JSON, with that model: the
/// success's model, or its item's.
fn answering_models() -> Vec<(&'static Operation, &'static Model)> {
    ir().operations
        .iter()
        .filter_map(|op| {
            let (Success::Json(t) | Success::MaybeJson(t) | Success::Envelope(t)) = &op.success
            else {
                return None;
            };
            let name = match t {
                TypeIr::Model(name) => name,
                TypeIr::Array(item) => match &**item {
                    TypeIr::Model(name) => name,
                    _ => return None,
                },
                _ => return None,
            };
            Some((op, ir().models.iter().find(|m| &m.name == name)?))
        })
        .collect()
}

/// `op` answered with `object` as its model (wrapped in a list or an envelope as its
/// success is), decoded by the client and serialized back: the model as JSON.
async fn decoded_as(op: &Operation, object: Value) -> Value {
    let (list, enveloped) = match &op.success {
        Success::Json(t) | Success::MaybeJson(t) => (matches!(t, TypeIr::Array(_)), false),
        Success::Envelope(t) => (matches!(t, TypeIr::Array(_)), true),
        Success::Binary | Success::None => panic!("{} answers no model", op.name),
    };
    let body = if list { json!([object]) } else { object };
    let body = if enveloped { envelope(&body) } else { body };
    let h = Harness::answering_json(200, &body.to_string()).await;
    let decoded = call(&h.client, &op.name)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", op.name));
    if list { decoded[0].clone() } else { decoded }
}

/// Every response field is optional: an empty object decodes to a model with every field
/// unset, through serde's own handling of a missing `Option` and through the
/// `deserialize_with` of a field that also takes integers alike.
#[tokio::test]
async fn empty_objects_decode_to_empty_models() {
    for (op, model) in answering_models() {
        let decoded = decoded_as(op, json!({})).await;
        for field in &model.fields {
            assert!(
                decoded.get(&field.wire).is_none_or(Value::is_null),
                "{}.{}: {decoded}",
                model.name,
                field.wire
            );
        }
    }
}

/// A field is read under its wire name only: under its Rust name (a camelCase `userRole`
/// is not `user_role`), it stays unset.
#[tokio::test]
async fn fields_are_read_under_their_wire_names_only() {
    let mut seen = 0;
    for (op, model) in answering_models() {
        for field in model.fields.iter().filter(|f| f.wire != f.rust_name) {
            let value = minimal(&field.ty);
            let decoded = decoded_as(op, json!({ field.rust_name.as_str(): value })).await;
            assert!(
                decoded.get(&field.wire).is_none_or(Value::is_null),
                "{}.{}: read under its Rust name",
                model.name,
                field.wire
            );
            let decoded = decoded_as(op, json!({ field.wire.as_str(): value })).await;
            assert_eq!(decoded[&field.wire], value, "{}.{}", model.name, field.wire);
            seen += 1;
        }
    }
    assert!(seen > 0, "some field's wire name is not its Rust name");
}

/// Every documented code of every integer-coded response enum decodes to a variant that
/// stands for it, and a code the page does not list is kept as it came.
#[tokio::test]
async fn integer_codes_decode_to_their_values_and_unknown_codes_are_kept() {
    let mut seen = 0;
    for (op, model) in answering_models() {
        for field in &model.fields {
            let TypeIr::Enum(name) = &field.ty else {
                continue;
            };
            let e = ir()
                .response_enums
                .iter()
                .find(|e| &e.name == name)
                .expect("a field's enum is in the table");
            if !e.scalar.is_integer() {
                continue;
            }
            let unlisted = 987_654;
            let codes = e.variants.iter().map(|v| v.value.wire_text());
            for code in codes.chain([unlisted.to_string()]) {
                let code: i64 = code.parse().unwrap();
                let decoded = decoded_as(op, json!({ field.wire.as_str(): code })).await;
                assert_eq!(decoded[&field.wire], code, "{}.{}", model.name, field.wire);
                seen += 1;
            }
        }
    }
    // Every integer-coded enum of the spec is reached through some answer.
    let coded = ir().response_enums.iter().any(|e| e.scalar.is_integer());
    assert_eq!(seen > 0, coded, "integer-coded enums reached: {seen}");
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
                    // HTTP carries no content after a 204, whatever the page shows.
                    Success::MaybeJson(_) if example.status == 204 => Value::Null,
                    Success::MaybeJson(_) => parse(&example.body, &context),
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
        // A quirk on the example says where it departs from the wire (a bare path, a
        // misspelt segment, an undocumented parameter); only such an example may.
        let at = format!("operations.{}.examples.request", operation.name);
        let quirked = ir().quirks.iter().any(|q| q.applies_to.contains(&at));
        let (method, url) = example.split_once(' ').expect("METHOD URL");
        let target = url.strip_prefix("https://{endpoint}").unwrap_or_else(|| {
            assert!(
                quirked && url.starts_with('/'),
                "{example}: the example's host is not {{endpoint}}"
            );
            url
        });
        let (path, query) = target.split_once('?').unwrap_or((target, ""));

        // The example's `name=value` pieces of the operation's own parameters are the
        // call's arguments; `{name}` placeholders are left to the samples.
        let values: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|piece| piece.split_once('='))
            .filter(|(name, value)| {
                !value.starts_with('{') && operation.params.iter().any(|p| p.wire == *name)
            })
            .collect();
        let h = Harness::start().await;
        call_with(&h.client, &operation.name, &values)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", operation.name));
        let request = h.only_request().await;
        assert_eq!(request.method.as_str(), method, "{example}");
        // `{name}` in the example stands for any value of that parameter.
        let sent: Vec<&str> = request.url.path().split('/').collect();
        let documented: Vec<&str> = path.split('/').collect();
        assert_eq!(sent.len(), documented.len(), "{example}");
        for (sent, documented) in sent.iter().zip(&documented) {
            if !documented.starts_with('{') && !quirked {
                assert_eq!(sent, documented, "{example}");
            }
        }
        // A documented `name=value` is sent as it stands; a bare value (the file example's
        // `?README.md`) is sent as the value of a named parameter. A name the operation
        // does not have cannot be sent.
        let sent = raw_query(&request);
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let found = match piece.split_once('=') {
                Some((name, _)) if !operation.params.iter().any(|p| p.wire == name) => {
                    assert!(
                        quirked,
                        "{example}: `{name}` is no parameter of the operation"
                    );
                    continue;
                }
                Some(_) => sent.iter().any(|s| s == piece),
                None => sent
                    .iter()
                    .any(|s| s.split_once('=').is_some_and(|(_, v)| v == piece)),
            };
            assert!(found, "{example}: `{piece}` not in {sent:?}");
        }
        checked += 1;
    }
    assert!(checked > 0, "the spec has no example request");
}
