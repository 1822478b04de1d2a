//! Request bodies, for every operation that sends one: the exact JSON on the wire (the
//! page's example body, fields in the spec's order, unset optional fields left out), its
//! `Content-Type`, and every documented constraint of every field checked before anything
//! is sent, each violation named by its JSON path.

use codearts_client::Error;
use codearts_client::catalogue::{self, BODY};
use codegen::ir::{Model, Operation, ScalarType, TypeIr};
use serde_json::Value;

use crate::boundaries::{Edge, edges, same, shown};
use crate::support::{Harness, call_with, header_values, ir};

fn body_operations() -> Vec<&'static Operation> {
    let found: Vec<_> = ir()
        .operations
        .iter()
        .filter(|op| op.body.is_some())
        .collect();
    assert!(
        !found.is_empty(),
        "the spec has an operation with a request body"
    );
    found
}

fn model(name: &str) -> &'static Model {
    ir().models
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no model {name}"))
}

/// `value` as compact JSON with every object's members in the order its model declares
/// them: the bytes a deterministic client sends.
fn in_field_order(value: &Value, ty: &TypeIr) -> String {
    match (value, ty) {
        (Value::Object(members), TypeIr::Model(name)) => {
            let fields: Vec<String> = model(name)
                .fields
                .iter()
                .filter_map(|f| {
                    let v = members.get(&f.wire)?;
                    let key = serde_json::to_string(&f.wire).expect("a string");
                    Some(format!("{key}:{}", in_field_order(v, &f.ty)))
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        (Value::Array(items), TypeIr::Array(item)) => {
            let items: Vec<String> = items.iter().map(|v| in_field_order(v, item)).collect();
            format!("[{}]", items.join(","))
        }
        (other, _) => other.to_string(),
    }
}

#[tokio::test]
async fn every_body_goes_out_as_its_json_in_field_order() {
    let h = Harness::start().await;
    for op in body_operations() {
        let body = op.body.as_ref().expect("a body");
        let request = h.expect_sent(call_with(&h.client, &op.name, &[])).await;
        let sample: Value = serde_json::from_str(&body.sample).expect("JSON");
        if let Some(example) = &body.example {
            let example: Value = serde_json::from_str(example).expect("JSON");
            assert_eq!(
                sample, example,
                "{}: the sample is the page's example",
                op.name
            );
        }
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            in_field_order(&sample, &body.ty),
            "{}",
            op.name
        );
        assert_eq!(
            header_values(&request, "content-type"),
            vec![body.content_type.clone()],
            "{}",
            op.name
        );
    }
}

/// A checked field reachable in a body: its JSON pointer, its path as violations name it,
/// and what it is.
struct Site {
    pointer: String,
    path: String,
    scalar: ScalarType,
    constraints: codegen::ir::Constraints,
}

/// Every checked scalar field of the models the object `value` (of `model_name`) holds, at
/// any depth, where the object is there to hold it.
fn sites(value: &Value, model_name: &str, pointer: &str, path: &str, out: &mut Vec<Site>) {
    for f in &model(model_name).fields {
        let (pointer, path) = (
            format!("{pointer}/{}", f.wire),
            format!("{path}.{}", f.wire),
        );
        if let Some(t) = &f.checked {
            let t = ir()
                .param_types
                .iter()
                .find(|p| &p.name == t)
                .expect("a type");
            out.push(Site {
                pointer: pointer.clone(),
                path: path.clone(),
                scalar: t.scalar,
                constraints: t.constraints.clone(),
            });
        }
        match (&f.ty, value.get(&f.wire)) {
            (TypeIr::Model(inner), Some(v)) => sites(v, inner, &pointer, &path, out),
            (TypeIr::Array(item), Some(Value::Array(items))) => {
                if let (TypeIr::Model(inner), Some(first)) = (&**item, items.first()) {
                    sites(
                        first,
                        inner,
                        &format!("{pointer}/0"),
                        &format!("{path}[0]"),
                        out,
                    );
                }
            }
            _ => {}
        }
    }
}

/// `value` with the member at `pointer` set to `to` (its parent object must exist).
fn with(value: &Value, pointer: &str, to: Value) -> Value {
    let mut value = value.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a member");
    let object = value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("the parent object is there");
    object.insert(key.to_owned(), to);
    value
}

#[tokio::test]
async fn every_body_constraint_is_checked_at_its_json_path_before_sending() {
    let h = Harness::start().await;
    let mut tried = 0;
    for op in body_operations() {
        let body = op.body.as_ref().expect("a body");
        let sample: Value = serde_json::from_str(&body.sample).expect("JSON");
        let mut found = Vec::new();
        match &body.ty {
            TypeIr::Model(name) => sites(&sample, name, "", "body", &mut found),
            TypeIr::Array(item) => {
                if let (TypeIr::Model(name), Some(first)) = (&**item, sample.get(0)) {
                    sites(first, name, "/0", "body[0]", &mut found);
                }
            }
            _ => {}
        }
        for site in &found {
            for Edge { value, broken } in edges(site.scalar, &site.constraints) {
                // NaN and the infinities have no JSON form: only Rust code can make them.
                let Some(json) = json_of(site.scalar, &value) else {
                    continue;
                };
                let text = with(&sample, &site.pointer, json).to_string();
                let values = [(BODY, text.as_str())];
                let at = format!("{} {} = {value:.40}", op.name, site.path);
                let checked = catalogue::check(&h.client, &op.name, &values).expect("listed");
                match broken {
                    None => assert!(checked.is_ok(), "{at}: {checked:?}"),
                    Some(constraint) => {
                        let Err(Error::InvalidRequest { violations, .. }) = checked else {
                            panic!("{at}: expected InvalidRequest, got {checked:?}")
                        };
                        let [violation] = &violations[..] else {
                            panic!("{at}: {violations:?}")
                        };
                        assert_eq!(violation.parameter, site.path.as_str(), "{at}");
                        assert!(same(&violation.constraint, &constraint), "{at}");
                        assert_eq!(violation.value, shown(site.scalar, &value), "{at}");
                    }
                }
                tried += 1;
            }
        }
        // One violation end to end: the call fails and sends nothing.
        if let Some(site) = found.first()
            && let Some((_, json)) = edges(site.scalar, &site.constraints)
                .into_iter()
                .filter(|e| e.broken.is_some())
                .find_map(|e| Some((e.value.clone(), json_of(site.scalar, &e.value)?)))
        {
            let text = with(&sample, &site.pointer, json).to_string();
            let violations = h
                .expect_rejected(&op.name, call_with(&h.client, &op.name, &[(BODY, &text)]))
                .await;
            assert_eq!(violations[0].parameter, site.path.as_str());
        }
    }
    assert!(tried > 0, "the spec's bodies have checked fields");
}

/// An edge's text as the JSON value of a field of `scalar`; `None` for a number JSON
/// cannot write (NaN, the infinities).
fn json_of(scalar: ScalarType, value: &str) -> Option<Value> {
    if scalar.is_text() {
        Some(Value::String(value.to_owned()))
    } else {
        serde_json::from_str(value).ok()
    }
}
