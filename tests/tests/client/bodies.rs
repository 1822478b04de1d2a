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

/// A work item of the Req page with its required fields.
fn work_item() -> codearts_client::CreateSystemIssueRequestBody {
    use codearts_client::{Creator, WorkItemPriority, WorkItemTracker};
    codearts_client::CreateSystemIssueRequestBody::new(
        "Fix the login page",
        WorkItemPriority::High,
        WorkItemTracker::Bug,
        Creator::new("0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e"),
    )
}

const PROJECT: &str = "6c5b5e3a8f4d4c2b9a1e7d6f5c4b3a2e";

/// Numbers JSON cannot write are refused before sending wherever they are, at the field's
/// path; the rest go out as JSON numbers, decimals kept.
#[tokio::test]
async fn numbers_in_a_body_are_finite_and_go_out_as_json_numbers() {
    use codearts_client::Constraint;
    let h = Harness::start().await;
    for (bad, constraint) in [
        (f64::NAN, Constraint::Finite),
        (f64::INFINITY, Constraint::Finite),
        (-0.5, Constraint::MinimumNumber(0.0)),
    ] {
        let body = work_item()
            .actual_work_hours(bad)
            .expected_work_hours(f64::NEG_INFINITY);
        let violations = h
            .expect_rejected(
                "create_system_issue_v4",
                h.client.create_system_issue_v4(PROJECT, body).send(),
            )
            .await;
        let found: Vec<(&str, &Constraint)> = violations
            .iter()
            .map(|v| (v.parameter.as_ref(), &v.constraint))
            .collect();
        assert_eq!(
            found,
            [
                ("body.actual_work_hours", &constraint),
                ("body.expected_work_hours", &Constraint::Finite),
            ],
            "{bad}"
        );
    }
    let body = work_item().actual_work_hours(0.0).expected_work_hours(2.5);
    let request = h
        .expect_sent(h.client.create_system_issue_v4(PROJECT, body).send())
        .await;
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(sent["actual_work_hours"], serde_json::json!(0.0));
    assert_eq!(sent["expected_work_hours"], serde_json::json!(2.5));
    assert_eq!(
        sent["priority_id"], 3,
        "an integer enum goes out as its number"
    );
    assert_eq!(sent["tracker_id"], 3);
    assert_eq!(
        sent["creator"]["user_id"],
        "0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e"
    );
}

/// A response's numbers read back as `f64`, integers among them.
#[tokio::test]
async fn numbers_in_a_response_read_as_f64() {
    let h = Harness::answering_json(
        200,
        r#"{"id": 7, "actual_work_hours": 3, "expected_work_hours": 4.25, "tracker": {"id": 3, "name": "Bug"}}"#,
    )
    .await;
    let item = h
        .client
        .create_system_issue_v4(PROJECT, work_item())
        .send()
        .await
        .expect("decoded");
    assert_eq!(item.actual_work_hours, Some(3.0));
    assert_eq!(item.expected_work_hours, Some(4.25));
    assert_eq!(item.tracker.and_then(|t| t.name).as_deref(), Some("Bug"));
}

/// A top-level array body goes out as a JSON array, and a map answer keeps every key.
#[tokio::test]
async fn an_array_body_out_and_a_map_back() {
    use codearts_client::PipelineIdVo;
    let (a, b) = (
        "4a5350af4b5041d4a7fdea16d6938eb0",
        "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
    );
    let answer = format!(
        r#"{{"{a}": {{"pipelineId": "{a}", "manifestVersion": "3.0"}}, "{b}": {{"pipelineId": "{b}", "manifestVersion": "2.0", "later": 1}}}}"#
    );
    let h = Harness::answering_json(200, &answer).await;
    let versions = h
        .client
        .query_pipelines_manifest_version(PROJECT)
        .body(vec![
            PipelineIdVo::new().pipeline_id(a),
            PipelineIdVo::new().pipeline_id(b),
        ])
        .send()
        .await
        .expect("decoded");
    let request = h.only_request().await;
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        format!(r#"[{{"pipeline_id":"{a}"}},{{"pipeline_id":"{b}"}}]"#)
    );
    let keys: Vec<&str> = versions.keys().map(String::as_str).collect();
    assert_eq!(keys, [b, a], "every pipeline, in key order");
    assert_eq!(versions[b].manifest_version.as_deref(), Some("2.0"));
    assert_eq!(versions[a].pipeline_id.as_deref(), Some(a));
    // An ID of the wrong length is refused at its place in the array.
    let violations = h
        .expect_rejected(
            "query_pipelines_manifest_version",
            h.client
                .query_pipelines_manifest_version(PROJECT)
                .body(vec![
                    PipelineIdVo::new().pipeline_id(a),
                    PipelineIdVo::new().pipeline_id("short"),
                ])
                .send(),
        )
        .await;
    let at: Vec<&str> = violations.iter().map(|v| v.parameter.as_ref()).collect();
    assert_eq!(
        at,
        ["body[1].pipeline_id", "body[1].pipeline_id"],
        "{violations:?}"
    );
}

/// A model that is both sent and read: what an answer carries (fields missing included)
/// reads, and goes out again as it came.
#[tokio::test]
async fn a_model_read_from_an_answer_is_sent_again_as_it_came() {
    let answer = r#"{"id": 7, "new_custom_fields": [{"custom_field": "custom_field32", "value": "a,b"}, {}]}"#;
    let h = Harness::answering_json(200, answer).await;
    let item = h
        .client
        .create_system_issue_v4(PROJECT, work_item())
        .send()
        .await
        .expect("decoded");
    let fields = item.new_custom_fields.expect("read");
    assert_eq!(fields[0].custom_field.as_deref(), Some("custom_field32"));
    assert_eq!(fields[1], codearts_client::NewCustomField::new());
    let body = work_item().new_custom_fields(fields);
    h.client
        .create_system_issue_v4(PROJECT, body)
        .send()
        .await
        .expect("sent");
    let sent: Value = serde_json::from_slice(&h.requests().await[1].body).expect("JSON");
    assert_eq!(
        sent["new_custom_fields"],
        serde_json::json!([{"custom_field": "custom_field32", "value": "a,b"}, {}])
    );
}
