//! What each operation's requests and answers look like, read from the spec's IR, so that
//! per-operation tests compute their expectations instead of listing them: the operation a
//! request path belongs to, the smallest body each success decodes from, and the value the
//! call returns for it.

use codegen::ir::{Location, Operation, Param, PathPiece, ScalarType, Success, TypeIr};
use serde_json::{Value, json};
use wiremock::Request;

use crate::support::ir;

/// The operation called `name`.
pub fn operation(name: &str) -> &'static Operation {
    ir().operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("the spec has no operation `{name}`"))
}

/// The operation whose path template the end of `path` (a request target, perhaps with a
/// query and under an endpoint's base path) matches; the one with the most literal
/// segments when several do.
pub fn operation_of(path: &str) -> &'static Operation {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    ir().operations
        .iter()
        .filter_map(|op| {
            let template: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
            let tail = segments.len().checked_sub(template.len())?;
            let fits = template
                .iter()
                .zip(&segments[tail..])
                .all(|(t, s)| (t.starts_with('{') && t.ends_with('}')) || t == s);
            let literals = template.iter().filter(|t| !t.starts_with('{')).count();
            fits.then_some((literals, op))
        })
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, op)| op)
        .unwrap_or_else(|| panic!("no operation has the path {path:?}"))
}

/// The path `op` requests when called with its samples, each value percent-encoded as one
/// segment.
pub fn sample_path(op: &Operation) -> String {
    op.path_pieces
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.clone(),
            PathPiece::Param(i) => segment(&op.params[*i].argument_sample().wire_text()),
        })
        .collect()
}

/// `text` as it travels in the URL: percent-encoded but for RFC 3986's unreserved
/// characters.
pub fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where `p`'s value shows in `request`: the raw value of its query pair, its header, or
/// the path segment it fills; `None` when absent.
pub fn sent_value(op: &Operation, p: &Param, request: &Request) -> Option<String> {
    match p.location {
        Location::Query => crate::support::raw_query(request).iter().find_map(|pair| {
            Some(
                pair.strip_prefix(&format!("{}=", segment(&p.wire)))?
                    .to_owned(),
            )
        }),
        Location::Header => crate::support::header_values(request, &p.wire).pop(),
        Location::Path => {
            let index = op
                .path
                .split('/')
                .position(|s| s == format!("{{{}}}", p.wire))?;
            request.url.path().split('/').nth(index).map(str::to_owned)
        }
    }
}

/// The parameter of `op` called `wire`.
pub fn param<'a>(op: &'a Operation, wire: &str) -> &'a Param {
    op.params
        .iter()
        .find(|p| p.wire == wire)
        .expect("a parameter of the operation")
}

/// The smallest JSON value of type `t`: an empty object or array, a zero, an empty string.
pub fn minimal(t: &TypeIr) -> Value {
    match t {
        TypeIr::Model(_) | TypeIr::Map(_) => json!({}),
        TypeIr::Array(_) => json!([]),
        // An enum's smallest value is of its own scalar: integer codes are numbers.
        TypeIr::Enum(name) => {
            let e = ir().response_enums.iter().find(|e| &e.name == name);
            if e.is_some_and(|e| e.scalar.is_integer()) {
                json!(0)
            } else {
                json!("")
            }
        }
        TypeIr::Scalar(ScalarType::String) => json!(""),
        TypeIr::Scalar(ScalarType::Boolean) => json!(false),
        TypeIr::Scalar(ScalarType::Int32 | ScalarType::Int64) => json!(0),
        TypeIr::Scalar(ScalarType::Number) => json!(0.0),
    }
}

/// A successful envelope around `result`.
pub fn envelope(result: &Value) -> Value {
    json!({ "error": null, "result": result, "status": "success" })
}

/// The smallest success body of `op` and its content type: bytes for a binary answer.
pub fn success_body(op: &Operation, archive: &[u8]) -> (Vec<u8>, &'static str) {
    let json = |value: Value| (value.to_string().into_bytes(), "application/json");
    match &op.success {
        Success::Binary => (archive.to_vec(), "application/zip"),
        Success::None => (Vec::new(), "application/json"),
        Success::Json(t) | Success::MaybeJson(t) => json(minimal(t)),
        Success::Envelope(t) => json(envelope(&minimal(t))),
    }
}

/// The first field of `model` typed as a string that takes nothing else (not an
/// `accept_integer` one): one a wrong type can be put in.
pub fn text_field(model: &str) -> Option<&'static str> {
    ir().models
        .iter()
        .find(|m| m.name == model)
        .unwrap_or_else(|| panic!("the spec has no model `{model}`"))
        .fields
        .iter()
        .find(|f| f.ty == TypeIr::Scalar(ScalarType::String) && !f.accept_integer)
        .map(|f| f.wire.as_str())
}

#[test]
fn every_operation_is_found_by_its_own_path() {
    for op in &ir().operations {
        let path: String = op
            .path
            .split('/')
            .map(|s| if s.starts_with('{') { "x" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        assert_eq!(operation_of(&path).name, op.name, "{path}");
        assert_eq!(
            operation_of(&format!("/base{path}?a=b")).name,
            op.name,
            "under a base path"
        );
    }
}
