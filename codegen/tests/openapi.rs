//! The OpenAPI export read back as JSON and compared with the IR it came from: every
//! parameter constraint (in the checked-in `spec/openapi.json`), operation, response,
//! model, field, example, quirk and the security scheme; determinism; the 3.0 variant
//! progenitor reads; and a golden snapshot of the 3.0 variant for the small fixture (the
//! 3.1 one is in `snapshots.rs`).
//!
//! The expectations come from the IR and from `serde_json::to_value` of spec literals,
//! never from the emitter's helpers, so a mapping bug cannot agree with itself.

use std::path::{Path, PathBuf};

use codegen::emit::openapi::{self, Dialect};
use codegen::ir::{BodyKind, Ir, Location, Operation, ParamTy, ScalarType, TypeIr};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/spec.yaml")
}

fn load(spec: &Path) -> Ir {
    codegen::load_ir(spec).unwrap_or_else(|d| panic!("{} is invalid:\n{d}", spec.display()))
}

fn real() -> Ir {
    load(&root().join("spec"))
}

/// The export as a tool reads it: rendered to text, then parsed.
fn export(ir: &Ir, dialect: Dialect) -> Value {
    let text = openapi::render(&openapi::document(ir, dialect));
    serde_json::from_str(&text).expect("the export is valid JSON")
}

fn operation<'a>(doc: &'a Value, op: &Operation) -> &'a Value {
    let o = &doc["paths"][&op.path][op.method.to_string().to_lowercase()];
    assert!(o.is_object(), "{} {} is missing", op.method, op.path);
    o
}

fn array(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    array(v)
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn scalar_words(s: ScalarType) -> (&'static str, Option<&'static str>) {
    match s {
        ScalarType::String => ("string", None),
        ScalarType::Int32 => ("integer", Some("int32")),
        ScalarType::Int64 => ("integer", Some("int64")),
        ScalarType::Boolean => ("boolean", None),
        ScalarType::Number => ("number", Some("double")),
    }
}

/// The `type` keyword as a list, whether written as a string or an array.
fn types(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(s) => vec![s.clone()],
        other => strings(other),
    }
}

/// Whether a 3.1 schema admits `null`: in its type array or as an `anyOf` branch.
fn admits_null(schema: &Value) -> bool {
    types(schema).iter().any(|t| t == "null")
        || array(&schema["anyOf"]).iter().any(|b| b["type"] == "null")
}

/// The component a schema refers to: directly, or through `anyOf` / `allOf`.
fn reference(schema: &Value) -> Option<String> {
    let own = schema["$ref"].as_str().map(str::to_string);
    let branches = array(&schema["anyOf"])
        .into_iter()
        .chain(array(&schema["allOf"]))
        .filter_map(|b| b["$ref"].as_str().map(str::to_string));
    own.into_iter()
        .chain(branches)
        .next()
        .map(|r| r.trim_start_matches("#/components/schemas/").to_string())
}

/// A bound as a number, integer or not.
fn bound(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn spec_bound(n: Option<codegen::ir::Number>) -> Option<f64> {
    n.map(codegen::ir::Number::as_f64)
}

fn uint(v: &Value) -> Option<u64> {
    v.as_u64()
}

/// The checked-in `spec/openapi.json`, parsed: what users' tools read.
fn checked_in(ir: &Ir) -> Value {
    let text = std::fs::read_to_string(root().join(openapi::PATH)).expect("spec/openapi.json");
    assert!(
        text == openapi::file(ir).contents,
        "spec/openapi.json is stale: run `cargo xtask codegen`"
    );
    serde_json::from_str(&text).expect("spec/openapi.json is valid JSON")
}

#[test]
fn every_parameter_round_trips_with_every_constraint() {
    let ir = real();
    let doc = checked_in(&ir);
    // (constraint kind, how many parameters of the real spec carry it): proves the
    // comparison below is not vacuous.
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for op in &ir.operations {
        let o = operation(&doc, op);
        let listed = array(&o["parameters"]);
        let auth = array(&o["x-auth-parameters"]);
        assert_eq!(
            listed.len() + auth.len(),
            op.params.len(),
            "{}: every parameter appears exactly once",
            op.name
        );
        for p in &op.params {
            let at = format!("{}.{}", op.name, p.wire);
            let (home, other) = if p.auth {
                (&auth, &listed)
            } else {
                (&listed, &auth)
            };
            let found = home
                .iter()
                .find(|x| x["name"] == p.wire.as_str())
                .unwrap_or_else(|| panic!("{at} is missing"));
            assert!(
                !other.iter().any(|x| x["name"] == p.wire.as_str()),
                "{at} is listed twice"
            );
            assert_eq!(found["in"], p.location.to_string(), "{at}.in");
            assert_eq!(found["required"], p.required, "{at}.required");
            assert_eq!(
                found["description"],
                p.description.as_str(),
                "{at}.description"
            );
            assert_eq!(
                found["x-sensitive"].as_bool().unwrap_or(false),
                p.sensitive,
                "{at}.sensitive"
            );
            assert_eq!(
                found["x-inferred"].as_str(),
                p.inferred.as_deref(),
                "{at}.inferred"
            );

            let s = &found["schema"];
            let (ty, format) = scalar_words(p.scalar);
            assert_eq!(s["type"], ty, "{at}.type");
            assert_eq!(s["format"].as_str(), format, "{at}.format");
            let c = &p.constraints;
            // A range on text is of the number its digits write: JSON Schema's bounds are
            // for numbers, so it travels as `x-minimum`/`x-maximum`, with a digits
            // pattern where the spec gives none.
            let digits = p.scalar.is_text() && c.has_range();
            let (minimum, maximum) = if digits {
                ("x-minimum", "x-maximum")
            } else {
                ("minimum", "maximum")
            };
            assert_eq!(bound(&s[minimum]), spec_bound(c.minimum), "{at}.minimum");
            assert_eq!(bound(&s[maximum]), spec_bound(c.maximum), "{at}.maximum");
            let (low, high) = (c.exclusive_minimum, c.exclusive_maximum);
            assert_eq!(bound(&s["exclusiveMinimum"]), spec_bound(low), "{at}");
            assert_eq!(bound(&s["exclusiveMaximum"]), spec_bound(high), "{at}");
            let min_length = c.length.into_iter().chain(c.min_length).max();
            let max_length = c.length.into_iter().chain(c.max_length).min();
            assert_eq!(uint(&s["minLength"]), min_length, "{at}.minLength");
            assert_eq!(uint(&s["maxLength"]), max_length, "{at}.maxLength");
            let pattern = c.pattern.as_deref().or(digits.then_some("^[0-9]+$"));
            assert_eq!(s["pattern"].as_str(), pattern, "{at}.pattern");
            let default = p.default.as_ref().map(|d| serde_json::to_value(d).unwrap());
            assert_eq!(s.get("default"), default.as_ref(), "{at}.default");
            let example = p.example.as_ref().map(|e| serde_json::to_value(e).unwrap());
            assert_eq!(found.get("example"), example.as_ref(), "{at}.example");
            assert_eq!(
                found["deprecated"].as_bool().unwrap_or(false),
                p.deprecated.is_some(),
                "{at}.deprecated"
            );
            match &p.ty {
                ParamTy::Enum(name) => {
                    let t = ir.param_types.iter().find(|t| &t.name == name).unwrap();
                    let values: Vec<Value> = t
                        .variants
                        .iter()
                        .map(|v| serde_json::to_value(&v.value).unwrap())
                        .collect();
                    assert_eq!(array(&s["enum"]), values, "{at}.enum");
                    let names: Vec<String> = t.variants.iter().map(|v| v.name.clone()).collect();
                    assert_eq!(strings(&s["x-enum-varnames"]), names, "{at}.enum names");
                    let docs: Vec<String> =
                        t.variants.iter().map(|v| v.description.clone()).collect();
                    assert_eq!(strings(&s["x-enum-descriptions"]), docs, "{at}.enum docs");
                    *seen.entry("enum").or_default() += 1;
                }
                _ => assert!(s.get("enum").is_none(), "{at}: no enum"),
            }
            for (kind, present) in [
                ("minimum", c.minimum.is_some()),
                ("maximum", c.maximum.is_some()),
                ("min_length", c.min_length.is_some()),
                ("max_length", c.max_length.is_some()),
                ("length", c.length.is_some()),
                ("pattern", c.pattern.is_some()),
                ("default", p.default.is_some()),
                ("int32", p.scalar == ScalarType::Int32),
            ] {
                if present {
                    *seen.entry(kind).or_default() += 1;
                }
            }
        }
    }
    for kind in [
        "minimum",
        "maximum",
        "min_length",
        "max_length",
        "length",
        "pattern",
        "default",
        "enum",
        "int32",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no parameter of the real spec has a {kind}: {seen:?}"
        );
    }
}

#[test]
fn every_operation_is_at_its_path_under_its_official_name_with_its_servers() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let mut count = 0;
    for (_, item) in doc["paths"].as_object().unwrap() {
        count += item.as_object().unwrap().len();
    }
    assert_eq!(
        count,
        ir.operations.len(),
        "one OpenAPI operation per IR operation"
    );
    for op in &ir.operations {
        let o = operation(&doc, op);
        assert_eq!(o["operationId"], op.name.as_str());
        assert_eq!(o["summary"], op.summary.as_str());
        assert_eq!(o["description"], op.description.as_str());
        assert_eq!(o["x-doc"]["title"], op.doc_title.as_str());
        assert_eq!(o["x-doc"]["section"], op.doc_section.as_str());
        assert_eq!(o["x-doc"]["updated_on"], op.doc_updated_on.as_str());
        let service = ir
            .services
            .iter()
            .find(|s| s.variant == op.service_variant)
            .unwrap();
        assert_eq!(strings(&o["tags"]), vec![service.title.clone()]);
        let servers = array(&o["servers"]);
        assert_eq!(servers[0]["url"], service.default_host.as_str());
        assert_eq!(
            servers[0]["variables"]["region"]["default"],
            openapi::DEFAULT_REGION
        );
        assert!(
            servers[0]["variables"]["region"]["x-inferred"].is_string(),
            "the default region is marked as our choice"
        );
        assert_eq!(servers.len(), 1 + service.region_hosts.len());
        for (region, host) in &service.region_hosts {
            assert_eq!(servers[0]["x-region-hosts"][region], host.as_str());
            assert!(
                servers
                    .iter()
                    .any(|s| s["url"] == host.as_str() && s["x-region"] == region.as_str()),
                "{}: no server for {region}",
                op.name
            );
        }
        assert_eq!(o["x-idempotent"], op.idempotent, "{}", op.name);
        assert_eq!(
            o["deprecated"].as_bool().unwrap_or(false),
            op.deprecated.is_some(),
            "{}",
            op.name
        );
        let rows: Vec<Value> = op
            .authorization
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        let exported = o
            .get("x-iam-actions")
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        assert_eq!(exported, Value::Array(rows), "{}", op.name);
        let note = op.deprecated.as_deref().filter(|n| !n.is_empty());
        assert_eq!(o["x-deprecated-note"].as_str(), note, "{}", op.name);
        match &op.pagination {
            Some(p) => {
                assert_eq!(o["x-pagination"]["cursor"], p.cursor.wire.as_str());
                assert_eq!(o["x-pagination"]["size"], p.size.wire.as_str());
                let location = serde_json::to_value(p.location).unwrap();
                assert_eq!(o["x-pagination"]["in"], location);
                assert_eq!(o["x-pagination"]["start"], p.start);
                assert_eq!(o["x-pagination"]["page_size"], p.page_size);
            }
            None => assert!(o.get("x-pagination").is_none()),
        }
    }
    let tags: Vec<String> = array(&doc["tags"])
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    let titles: Vec<String> = ir.services.iter().map(|s| s.title.clone()).collect();
    assert_eq!(tags, titles, "one tag per service");
}

#[test]
fn every_model_and_field_is_present_with_its_type_and_nullability() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let schemas = &doc["components"]["schemas"];
    let request_enums = ir
        .param_types
        .iter()
        .filter(|t| {
            t.is_enum()
                && ir.models.iter().filter(|m| m.request).any(|m| {
                    m.fields
                        .iter()
                        .any(|f| f.ty == TypeIr::Enum(t.name.clone()))
                })
        })
        .count();
    assert_eq!(
        schemas.as_object().unwrap().len(),
        ir.models.len() + ir.response_enums.len() + request_enums,
        "one component per model, per response enum and per request model's enum"
    );
    let mut nullable = 0;
    for m in &ir.models {
        let s = &schemas[&m.name];
        assert_eq!(s["type"], "object", "{}", m.name);
        assert_eq!(s["description"], m.description.as_str());
        assert_eq!(
            s["x-inferred"].as_str(),
            m.inferred.as_deref(),
            "{}",
            m.name
        );
        let required: Vec<Value> = m
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| Value::from(f.wire.as_str()))
            .collect();
        let exported = s.get("required").cloned().unwrap_or(Value::Array(vec![]));
        let required = Value::Array(required);
        assert_eq!(
            exported, required,
            "{}: required fields (request models only)",
            m.name
        );
        if !m.request {
            assert_eq!(
                required,
                Value::Array(vec![]),
                "{}: a response model's fields are optional",
                m.name
            );
        }
        assert_eq!(s["properties"].as_object().unwrap().len(), m.fields.len());
        for f in &m.fields {
            let at = format!("{}.{}", m.name, f.wire);
            let prop = &s["properties"][&f.wire];
            assert!(prop.is_object(), "{at} is missing");
            assert_eq!(prop["description"], f.description.as_str(), "{at}");
            assert_eq!(admits_null(prop), f.nullable, "{at}: nullability");
            nullable += usize::from(f.nullable);
            assert_eq!(
                prop["x-format"].as_str(),
                f.format.as_deref(),
                "{at}.format"
            );
            assert_eq!(prop["x-inferred"].as_str(), f.inferred.as_deref(), "{at}");
            let c = &f.constraints;
            assert_eq!(
                bound(&prop["minimum"]),
                spec_bound(c.minimum),
                "{at}.minimum"
            );
            assert_eq!(
                bound(&prop["maximum"]),
                spec_bound(c.maximum),
                "{at}.maximum"
            );
            let (low, high) = (c.exclusive_minimum, c.exclusive_maximum);
            assert_eq!(bound(&prop["exclusiveMinimum"]), spec_bound(low), "{at}");
            assert_eq!(bound(&prop["exclusiveMaximum"]), spec_bound(high), "{at}");
            assert_eq!(
                uint(&prop["minLength"]),
                c.length.into_iter().chain(c.min_length).max(),
                "{at}.minLength"
            );
            assert_eq!(
                uint(&prop["maxLength"]),
                c.length.into_iter().chain(c.max_length).min(),
                "{at}.maxLength"
            );
            assert_eq!(
                prop["pattern"].as_str(),
                c.pattern.as_deref(),
                "{at}.pattern"
            );
            match &f.ty {
                TypeIr::Scalar(scalar) => {
                    let (ty, format) = scalar_words(*scalar);
                    let types = types(prop);
                    assert!(types.contains(&ty.to_string()), "{at}: {types:?}");
                    assert_eq!(prop["format"].as_str(), format, "{at}.format");
                    assert_eq!(
                        types.contains(&"integer".to_string()) && ty == "string",
                        f.accept_integer,
                        "{at}: a string that accepts integers is typed [string, integer]"
                    );
                }
                TypeIr::Enum(name) | TypeIr::Model(name) => {
                    assert_eq!(reference(prop).as_deref(), Some(name.as_str()), "{at}");
                }
                TypeIr::Array(_) => assert!(types(prop).contains(&"array".to_string())),
                TypeIr::Map(_) => {
                    assert!(types(prop).contains(&"object".to_string()), "{at}");
                    assert!(prop["additionalProperties"].is_object(), "{at}");
                }
            }
        }
    }
    // Not vacuous: the spec has nullable fields, so the nullability branch was taken.
    assert!(
        nullable > 0,
        "the real spec has nullable fields: {nullable}"
    );
    for e in &ir.response_enums {
        let s = &schemas[&e.name];
        let values: Vec<Value> = e
            .variants
            .iter()
            .map(|v| serde_json::to_value(&v.value).unwrap())
            .collect();
        assert_eq!(array(&s["enum"]), values, "{}", e.name);
        let names: Vec<String> = e.variants.iter().map(|v| v.name.clone()).collect();
        assert_eq!(strings(&s["x-enum-varnames"]), names, "{}", e.name);
        assert_eq!(
            s["x-enum-descriptions"].as_array().unwrap().len(),
            names.len()
        );
        assert_eq!(
            s["x-open-enum"], true,
            "{}: the client keeps unknown values",
            e.name
        );
        let (ty, format) = scalar_words(e.scalar);
        assert_eq!(s["type"], ty);
        assert_eq!(s["format"].as_str(), format);
    }
}

/// An integer-coded response enum is exported with integer values, typed as integers (the
/// small fixture has one; the real spec may not).
#[test]
fn an_integer_enum_is_exported_as_integers() {
    let ir = load(&fixture());
    let doc = export(&ir, Dialect::V3_1);
    let e = ir
        .response_enums
        .iter()
        .find(|e| e.scalar.is_integer())
        .expect("the small spec has an integer-coded enum");
    let s = &doc["components"]["schemas"][&e.name];
    assert_eq!(s["type"], "integer", "{s}");
    assert_eq!(s["format"], "int32", "{s}");
    assert!(array(&s["enum"]).iter().all(Value::is_i64), "{s}");
}

#[test]
fn every_response_has_its_status_and_body() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let mut kinds = std::collections::BTreeSet::new();
    for op in &ir.operations {
        let responses = &operation(&doc, op)["responses"];
        assert_eq!(
            responses.as_object().unwrap().len(),
            op.responses.len(),
            "{}",
            op.name
        );
        for r in &op.responses {
            let at = format!("{}.{}", op.name, r.status);
            let resp = &responses[r.status.to_string()];
            assert_eq!(resp["description"], r.description.as_str(), "{at}");
            assert_eq!(resp["x-inferred"].as_str(), r.inferred.as_deref(), "{at}");
            assert_eq!(
                resp["x-may-be-empty"].as_bool().unwrap_or(false),
                r.may_be_empty,
                "{at}"
            );
            kinds.insert(r.body.to_string());
            let json = &resp["content"]["application/json"]["schema"];
            match r.body {
                BodyKind::None => assert!(resp.get("content").is_none(), "{at}"),
                BodyKind::Binary => assert_eq!(
                    resp["content"]["application/octet-stream"]["schema"],
                    serde_json::json!({ "type": "string", "format": "binary" }),
                    "{at}"
                ),
                BodyKind::Json | BodyKind::Error => {
                    assert_eq!(reference(json), r.model, "{at}")
                }
                BodyKind::JsonArray => {
                    assert_eq!(json["type"], "array", "{at}");
                    assert_eq!(reference(&json["items"]), r.model, "{at}");
                }
                BodyKind::Envelope => {
                    let env = r.envelope.as_ref().unwrap();
                    let props = &json["properties"];
                    assert_eq!(json["x-envelope"], true, "{at}");
                    for (member, ty) in [("result", &env.result), ("error", &env.error)] {
                        match ty {
                            TypeIr::Model(m) => {
                                assert_eq!(reference(&props[member]).as_deref(), Some(m.as_str()))
                            }
                            TypeIr::Map(_) => {
                                assert!(types(&props[member]).contains(&"object".to_string()))
                            }
                            TypeIr::Array(item) => {
                                assert_eq!(props[member]["type"], "array");
                                if let TypeIr::Model(m) = &**item {
                                    assert_eq!(
                                        reference(&props[member]["items"]).as_deref(),
                                        Some(m.as_str())
                                    );
                                }
                            }
                            TypeIr::Scalar(s) => assert!(
                                types(&props[member]).contains(&scalar_words(*s).0.to_string())
                            ),
                            TypeIr::Enum(_) => {}
                        }
                    }
                    assert!(admits_null(&props["error"]), "{at}: error may be null");
                    let values: Vec<Value> = env
                        .status_values
                        .iter()
                        .map(|v| serde_json::to_value(&v.value).unwrap())
                        .collect();
                    assert_eq!(
                        array(&props["status"]["enum"]),
                        values,
                        "{at}: status values"
                    );
                }
            }
        }
    }
    for kind in ["binary", "envelope", "error", "json_array"] {
        assert!(kinds.contains(kind), "the real spec has a {kind} response");
    }
}

#[test]
fn every_example_is_present_parsed_under_its_status() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let mut count = 0;
    for op in &ir.operations {
        let o = operation(&doc, op);
        assert_eq!(
            o["x-example-request"].as_str(),
            op.example_request.as_deref()
        );
        for e in &op.example_responses {
            let expected: Value = serde_json::from_str(&e.body).unwrap();
            let content = o["responses"][e.status.to_string()]["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{}: {} has no content", op.name, e.status));
            let found = content.values().any(|media| {
                media["examples"].as_object().is_some_and(|examples| {
                    examples
                        .values()
                        .any(|x| x["summary"] == e.title.as_str() && x["value"] == expected)
                })
            });
            assert!(found, "{}: example {:?} is missing", op.name, e.title);
            count += 1;
        }
    }
    assert_eq!(
        count,
        ir.operations
            .iter()
            .map(|o| o.example_responses.len())
            .sum::<usize>()
    );
    assert!(count >= 5);
}

// The list page's example returns `security: internal`, outside the documented enum. The
// example stays as printed and says where it leaves the schema, for tools that check
// examples against schemas.
#[test]
fn an_example_outside_its_enum_says_where() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    // Found by its path, so that the test holds whatever the operation is named.
    let op = ir
        .operations
        .iter()
        .find(|o| o.path == "/v4/projects/{project_id}/repositories")
        .unwrap();
    let examples =
        &operation(&doc, op)["responses"]["200"]["content"]["application/json"]["examples"];
    let example = examples.as_object().unwrap().values().next().unwrap();
    assert_eq!(example["value"][0]["security"], "internal");
    assert_eq!(
        strings(&example["x-values-outside-enum"]),
        vec!["/0/security"]
    );
    // No other example of the real spec leaves its schema.
    fn count(v: &Value) -> usize {
        match v {
            Value::Object(map) => {
                usize::from(map.contains_key("x-values-outside-enum"))
                    + map.values().map(count).sum::<usize>()
            }
            Value::Array(items) => items.iter().map(count).sum(),
            _ => 0,
        }
    }
    assert_eq!(count(&doc), 1);
}

/// The object in the export that a quirk's `applies_to` path is about.
fn target<'a>(doc: &'a Value, ir: &Ir, path: &str) -> &'a Value {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["services", key, ..] => {
            let service = ir.services.iter().find(|s| s.key == *key).unwrap();
            let op = ir
                .operations
                .iter()
                .find(|o| o.service_variant == service.variant)
                .unwrap();
            &operation(doc, op)["servers"][0]
        }
        ["models", model] => &doc["components"]["schemas"][*model],
        ["models", model, "fields", field, ..] => {
            &doc["components"]["schemas"][*model]["properties"][*field]
        }
        ["operations", name, rest @ ..] => {
            let op = ir.operations.iter().find(|o| o.name == *name).unwrap();
            let o = operation(doc, op);
            match rest {
                ["parameters", param, ..] => {
                    let p = op.params.iter().find(|p| p.wire == *param).unwrap();
                    let list = if p.auth {
                        "x-auth-parameters"
                    } else {
                        "parameters"
                    };
                    o[list]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["name"] == *param)
                        .unwrap()
                }
                ["responses", status, ..] => &o["responses"][*status],
                _ => o,
            }
        }
        _ => panic!("unexpected quirk target {path}"),
    }
}

#[test]
fn every_quirk_is_an_extension_listed_where_it_applies() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let all = doc["x-quirks"].as_object().unwrap();
    assert_eq!(all.len(), ir.quirks.len());
    for q in &ir.quirks {
        let x = &all[&q.id];
        assert_eq!(x["observed"], q.observed.as_str(), "{}", q.id);
        assert_eq!(x["decision"], q.decision.as_str(), "{}", q.id);
        assert_eq!(strings(&x["applies_to"]), q.applies_to, "{}", q.id);
        for path in &q.applies_to {
            let item = target(&doc, &ir, path);
            assert!(
                strings(&item["x-quirks"]).contains(&q.id),
                "quirk {} is not listed at {path}",
                q.id
            );
        }
    }
    for op in &ir.operations {
        assert_eq!(
            strings(&operation(&doc, op)["x-quirks"]),
            op.quirks,
            "{}: the operation lists its quirks",
            op.name
        );
    }
}

#[test]
fn the_token_and_ak_sk_signing_are_alternative_schemes_and_the_token_is_not_a_parameter() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_1);
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    let names: Vec<&str> = ir.auth_schemes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["AccessKey", "IamToken"]);
    assert_eq!(schemes.keys().collect::<Vec<_>>(), names);
    let token = &schemes["IamToken"];
    assert_eq!(token["type"], "apiKey");
    assert_eq!(token["in"], "header");
    assert_eq!(token["name"], "X-Auth-Token");
    let signing = &schemes["AccessKey"];
    assert_eq!(signing["type"], "apiKey");
    assert_eq!(signing["name"], "Authorization");
    assert_eq!(signing["x-signing"]["algorithm"], "SDK-HMAC-SHA256");
    assert_eq!(signing["x-signing"]["date_header"], "X-Sdk-Date");
    assert!(
        signing["x-inferred"].as_str().is_some(),
        "the pages do not document AK/SK signing"
    );
    for op in &ir.operations {
        let o = operation(&doc, op);
        // Any one scheme authenticates the call: one requirement object each.
        let expected: Vec<serde_json::Value> = op
            .auth
            .iter()
            .map(|s| serde_json::json!({ s.name.as_str(): [] }))
            .collect();
        assert_eq!(
            o["security"],
            serde_json::Value::Array(expected),
            "{}",
            op.name
        );
        assert_eq!(op.auth.len(), 2, "{}", op.name);
        assert!(
            !array(&o["parameters"])
                .iter()
                .any(|p| p["in"] == "header" && p["name"] == "X-Auth-Token"),
            "{}: the token is not also a header parameter",
            op.name
        );
        let auth = op.params.iter().find(|p| p.auth).unwrap();
        assert_eq!(auth.location, Location::Header);
        assert_eq!(array(&o["x-auth-parameters"])[0]["name"], "X-Auth-Token");
    }
}

#[test]
fn an_operation_without_credentials_has_no_security_requirement() {
    let ir = load(&fixture());
    let doc = export(&ir, Dialect::V3_1);
    let list = ir
        .operations
        .iter()
        .find(|o| o.name == "list_items")
        .unwrap();
    let get = ir.operations.iter().find(|o| o.name == "get_item").unwrap();
    assert!(operation(&doc, list).get("security").is_none());
    assert!(operation(&doc, list).get("x-auth-parameters").is_none());
    assert_eq!(
        operation(&doc, get)["security"],
        serde_json::json!([{ "Token": [] }, { "Signature": [] }])
    );
}

#[test]
fn a_spec_that_declares_no_scheme_gets_the_token_header_its_parameter_implies() {
    // The diff fixture predates `auth_schemes`, as synthetic specs do.
    let ir = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/spec.yaml"));
    let implied: Vec<(&str, Option<&str>, bool)> = ir
        .auth_schemes
        .iter()
        .map(|s| (s.name.as_str(), s.header.as_deref(), s.implied))
        .collect();
    assert_eq!(implied, [("XAuthToken", Some("X-Auth-Token"), true)]);
    let doc = export(&ir, Dialect::V3_1);
    assert_eq!(
        doc["components"]["securitySchemes"]["XAuthToken"]["name"],
        "X-Auth-Token"
    );
    for op in ir
        .operations
        .iter()
        .filter(|o| o.params.iter().any(|p| p.auth))
    {
        assert_eq!(
            operation(&doc, op)["security"],
            serde_json::json!([{ "XAuthToken": [] }]),
            "{}",
            op.name
        );
    }
}

#[test]
fn the_export_is_deterministic_sorted_and_marked_generated() {
    let ir = real();
    let file = openapi::file(&ir);
    assert_eq!(file.path, Path::new(openapi::PATH));
    assert_eq!(
        openapi::file(&real()),
        file,
        "generating twice gives the same bytes"
    );
    let first = file.contents.lines().next().unwrap();
    assert!(
        first.contains("@generated") && first.contains("cargo xtask codegen"),
        "{first}"
    );
    assert!(file.contents.ends_with("}\n") && !file.contents.ends_with("\n\n"));
    let parsed: Value = serde_json::from_str(&file.contents).unwrap();
    assert_eq!(parsed["openapi"], "3.1.0");
    assert_eq!(
        openapi::render(&parsed),
        file.contents,
        "keys are sorted: printing the parsed document again changes nothing"
    );
    assert!(
        codegen::generate(&root().join("spec"))
            .unwrap()
            .iter()
            .any(|f| f == &file),
        "`cargo xtask codegen` writes the export"
    );
}

/// Every schema object under `v` (anything with `type`, `$ref`, `anyOf` or `allOf`).
fn schemas_in<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if ["type", "$ref", "anyOf", "allOf"]
                .iter()
                .any(|k| map.contains_key(*k))
            {
                out.push(v);
            }
            map.values().for_each(|x| schemas_in(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| schemas_in(x, out)),
        _ => {}
    }
}

#[test]
fn the_3_0_variant_uses_nullable_and_no_3_1_keywords() {
    let ir = real();
    let doc = export(&ir, Dialect::V3_0);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0."));
    let mut all = Vec::new();
    schemas_in(&doc["components"], &mut all);
    schemas_in(&doc["paths"], &mut all);
    for s in all {
        assert!(!s["type"].is_array(), "a type array in 3.0: {s}");
        assert_ne!(s["type"], "null", "a null type in 3.0: {s}");
        if s.get("$ref").is_some() {
            assert_eq!(
                s.as_object().unwrap().len(),
                1,
                "3.0 ignores a $ref's siblings: {s}"
            );
        }
    }
    for m in &ir.models {
        for f in &m.fields {
            let prop = &doc["components"]["schemas"][&m.name]["properties"][&f.wire];
            assert_eq!(
                prop["nullable"].as_bool().unwrap_or(false),
                f.nullable,
                "{}.{}",
                m.name,
                f.wire
            );
        }
    }
    // Apart from the dialect, the two documents say the same about parameters.
    let v31 = export(&ir, Dialect::V3_1);
    for op in &ir.operations {
        assert_eq!(
            operation(&doc, op)["parameters"],
            operation(&v31, op)["parameters"]
        );
    }
}

#[test]
fn the_loader_reads_only_yaml_so_the_export_beside_the_spec_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(), dir.path().join("spec.yaml")).unwrap();
    std::fs::write(dir.path().join("openapi.json"), "{ not a spec: [").unwrap();
    let ir = load(dir.path());
    assert_eq!(ir.operations.len(), load(&fixture()).operations.len());
    assert!(
        root().join(openapi::PATH).exists(),
        "the real spec directory holds the export and still loads"
    );
}

#[test]
fn the_3_0_variant_of_the_small_fixture_matches_its_snapshot() {
    let text = openapi::render(&openapi::document(&load(&fixture()), Dialect::V3_0));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi/small-3.0.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == text,
        "{} differs; if intended, run `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test openapi`",
        path.display()
    );
}
