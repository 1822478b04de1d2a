//! One operation against its page: the page's own facts (title, date, deprecation),
//! method and path, authorization, parameters, the body and the models it reaches,
//! responses and examples. Row-level facts are compared in `facts`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::facts::{self, SpecItem, Subject};
use super::{Finding, Rule};
use crate::ir::{Ir, Model, Operation, Response, TypeIr};
use crate::page::{Page, PageType, Role, Row};
use crate::spec::{BodyKind, Location};

/// The operation's comparison in progress.
struct Cx<'a> {
    ir: &'a Ir,
    op: &'a Operation,
    file: &'a str,
    page: &'a Page,
    out: &'a mut Vec<Finding>,
    compared: &'a mut BTreeSet<String>,
    /// Object tables of the page still to compare: the page's object name and the spec
    /// model it stands for.
    pending: Vec<(String, String)>,
    done: BTreeSet<(String, String)>,
}

impl<'a> Cx<'a> {
    fn report(
        &mut self,
        rule: Rule,
        line: Option<usize>,
        spec_path: String,
        (page_value, spec_value): (String, String),
        message: String,
    ) {
        self.out.push(Finding {
            rule,
            operation: self.op.name.clone(),
            page: self.file.to_string(),
            page_line: line,
            spec_path,
            page_value,
            spec_value,
            message,
            quirk: None,
        });
    }

    /// Reports every fact of `row` that `item` states otherwise, at `path`.
    fn row(&mut self, row: &Row, item: &SpecItem, subject: Subject, path: &str) {
        for d in facts::compare(row, item, subject) {
            self.report(
                d.rule,
                Some(d.line),
                path.to_string(),
                (d.page, d.spec),
                d.message,
            );
        }
    }

    fn base(&self) -> String {
        format!("operations.{}", self.op.name)
    }

    fn model(&self, name: &str) -> Option<&'a Model> {
        self.ir.models.iter().find(|m| m.name == name)
    }

    /// Queues the page's table of the object `row` names, to be compared with the model
    /// the spec's type names, when both name one.
    fn follow(&mut self, row: &Row, ty: &TypeIr) {
        if let (Some(object), Some(model)) =
            (row.ty.as_ref().and_then(PageType::object), ty.model())
        {
            let pair = (object.to_string(), model.to_string());
            if !self.done.contains(&pair) && !self.pending.contains(&pair) {
                self.pending.push(pair);
            }
        }
    }
}

/// Compares `op` with `page`, adding findings to `out` and the spec paths compared to
/// `compared`.
pub(super) fn operation(
    ir: &Ir,
    op: &Operation,
    file: &str,
    page: &Page,
    out: &mut Vec<Finding>,
    compared: &mut BTreeSet<String>,
) {
    let mut cx = Cx {
        ir,
        op,
        file,
        page,
        out,
        compared,
        pending: Vec::new(),
        done: BTreeSet::new(),
    };
    let base = cx.base();
    cx.compared.insert(base);
    page_facts(&mut cx);
    endpoint(&mut cx);
    authorization(&mut cx);
    parameters(&mut cx);
    body(&mut cx);
    responses(&mut cx);
    objects(&mut cx);
    examples(&mut cx);
}

/// Title, breadcrumb, date and deprecation, where the page states them.
fn page_facts(cx: &mut Cx) {
    let base = cx.base();
    let op = cx.op;
    let page = cx.page;
    for (rule, key, what, fact, spec) in [
        (
            Rule::PageTitle,
            "title",
            "title",
            &page.title,
            &op.doc_title,
        ),
        (
            Rule::PageSection,
            "section",
            "breadcrumb",
            &page.section,
            &op.doc_section,
        ),
        (
            Rule::PageDate,
            "updated_on",
            "date",
            &page.updated_on,
            &op.doc_updated_on,
        ),
    ] {
        if let Some(fact) = fact
            && fact.value != *spec
        {
            cx.report(
                rule,
                Some(fact.line),
                format!("{base}.doc.{key}"),
                (fact.value.clone(), spec.clone()),
                format!(
                    "The page's {what} is `{}`; the spec's is `{spec}`.",
                    fact.value
                ),
            );
        }
    }
    let deprecated = |d: bool| if d { "deprecated" } else { "not deprecated" };
    if page.deprecated.is_some() != op.deprecated.is_some() {
        cx.report(
            Rule::OperationDeprecated,
            page.deprecated.as_ref().map(|d| d.line),
            format!("{base}.deprecated"),
            (
                deprecated(page.deprecated.is_some()).into(),
                deprecated(op.deprecated.is_some()).into(),
            ),
            format!(
                "The page marks the API {}; the spec {}.",
                deprecated(page.deprecated.is_some()),
                if op.deprecated.is_some() {
                    "deprecates it"
                } else {
                    "does not"
                }
            ),
        );
    }
}

fn endpoint(cx: &mut Cx) {
    let base = cx.base();
    let method = cx.op.method.to_string();
    let path = cx.op.path.clone();
    let page = cx.page;
    for (rule, key, fact, spec) in [
        (Rule::OperationMethod, "method", &page.method, method),
        (Rule::OperationPath, "path", &page.path, path),
    ] {
        let (line, value) = match fact {
            Some(f) => (Some(f.line), f.value.clone()),
            None => (None, "not stated".to_string()),
        };
        if value != spec {
            cx.report(
                rule,
                line,
                format!("{base}.{key}"),
                (value.clone(), spec.clone()),
                format!("The page's {key} is `{value}`; the spec's is `{spec}`."),
            );
        }
    }
}

fn authorization(cx: &mut Cx) {
    let base = format!("{}.authorization", cx.base());
    let page = cx.page;
    let spec = &cx.op.authorization;
    for row in &page.authorization {
        let found = spec.iter().find(|p| p.action == row.value.action);
        let (spec_level, message) = match found {
            None => (
                "absent".to_string(),
                format!(
                    "The page requires `{}`; the spec does not list it.",
                    row.value.action
                ),
            ),
            Some(p) if p.access_level != row.value.access_level => (
                p.access_level.clone(),
                format!(
                    "The page gives `{}` the access level `{}`; the spec `{}`.",
                    row.value.action, row.value.access_level, p.access_level
                ),
            ),
            Some(_) => continue,
        };
        cx.report(
            Rule::Authorization,
            Some(row.line),
            format!("{base}.{}", row.value.action),
            (row.value.access_level.clone(), spec_level),
            message,
        );
    }
    for p in spec {
        if !page
            .authorization
            .iter()
            .any(|r| r.value.action == p.action)
        {
            cx.report(
                Rule::Authorization,
                None,
                format!("{base}.{}", p.action),
                ("absent".into(), p.access_level.clone()),
                format!("The spec lists `{}`; the page does not.", p.action),
            );
        }
    }
}

const LOCATIONS: [(Role, Location); 3] = [
    (Role::Path, Location::Path),
    (Role::Query, Location::Query),
    (Role::Header, Location::Header),
];

fn parameters(cx: &mut Cx) {
    let base = format!("{}.parameters", cx.base());
    let page = cx.page;
    let op = cx.op;
    for (role, location) in LOCATIONS {
        for row in page.rows(&role) {
            let Some(param) = op.params.iter().find(|p| p.wire == row.name) else {
                cx.report(
                    Rule::ParameterMissingInSpec,
                    Some(row.line),
                    base.clone(),
                    (
                        format!("{location} parameter {}", row.name),
                        "absent".into(),
                    ),
                    format!(
                        "The page lists the {location} parameter `{}`; the spec does not.",
                        row.name
                    ),
                );
                continue;
            };
            let path = format!("{base}.{}", param.wire);
            if param.location != location {
                cx.report(
                    Rule::ParameterLocation,
                    Some(row.line),
                    path,
                    (location.to_string(), param.location.to_string()),
                    format!(
                        "The page lists `{}` as a {location} parameter; the spec as a {} one.",
                        row.name, param.location
                    ),
                );
                continue;
            }
            let item = SpecItem::of_param(cx.ir, param);
            cx.row(row, &item, Subject::Parameter, &path);
        }
    }
    for param in &op.params {
        let listed = LOCATIONS
            .iter()
            .any(|(role, _)| page.rows(role).any(|r| r.name == param.wire));
        if !listed && param.inferred.is_none() {
            cx.report(
                Rule::ParameterMissingOnPage,
                None,
                format!("{base}.{}", param.wire),
                ("absent".into(), format!("{} parameter {}", param.location, param.wire)),
                format!(
                    "The spec has the {} parameter `{}`, not marked inferred; the page does not list it.",
                    param.location, param.wire
                ),
            );
        }
    }
}

fn body(cx: &mut Cx) {
    let base = cx.base();
    let page = cx.page;
    let rows: Vec<&Row> = page.rows(&Role::Body).collect();
    let table_line = page.table(&Role::Body).map(|t| t.line);
    match &cx.op.body {
        None if rows.is_empty() => {}
        None => cx.report(
            Rule::BodyMissingInSpec,
            table_line,
            base,
            ("a request body".into(), "none".into()),
            "The page documents a request body; the spec sends none.".into(),
        ),
        Some(body) if rows.is_empty() => {
            if body.inferred.is_none() {
                cx.report(
                    Rule::BodyMissingOnPage,
                    None,
                    format!("{base}.body"),
                    ("none".into(), "a request body".into()),
                    "The spec sends a request body, not marked inferred; the page documents none."
                        .into(),
                );
            }
        }
        Some(body) => match &body.ty {
            TypeIr::Model(name) => {
                if let Some(model) = cx.model(name) {
                    fields(cx, &rows, model);
                }
            }
            // A top-level array: the page's one row names the items.
            ty => {
                for row in &rows {
                    let item = SpecItem::of_type(cx.ir, ty);
                    cx.row(row, &item, Subject::Field, &format!("{base}.body"));
                    cx.follow(row, ty);
                }
            }
        },
    }
}

/// A page table's rows against a model's fields, both ways.
fn fields(cx: &mut Cx, rows: &[&Row], model: &Model) {
    let base = format!("models.{}", model.name);
    cx.compared.insert(base.clone());
    for row in rows {
        let Some(field) = model.fields.iter().find(|f| f.wire == row.name) else {
            cx.report(
                Rule::FieldMissingInSpec,
                Some(row.line),
                format!("{base}.fields"),
                (row.name.clone(), "absent".into()),
                format!(
                    "The page lists the field `{}`; model `{}` has none.",
                    row.name, model.name
                ),
            );
            continue;
        };
        let item = SpecItem::of_field(cx.ir, field, row.mandatory.is_some());
        let path = format!("{base}.fields.{}", field.wire);
        cx.row(row, &item, Subject::Field, &path);
        cx.follow(row, &field.ty);
    }
    for field in &model.fields {
        if field.inferred.is_none() && !rows.iter().any(|r| r.name == field.wire) {
            cx.report(
                Rule::FieldMissingOnPage,
                None,
                format!("{base}.fields.{}", field.wire),
                ("absent".into(), field.wire.clone()),
                format!(
                    "Model `{}` has the field `{}`, not marked inferred; the page does not list it.",
                    model.name, field.wire
                ),
            );
        }
    }
}

/// Statuses on both sides, each response's body, and its table against the spec's
/// model.
fn responses(cx: &mut Cx) {
    let base = format!("{}.responses", cx.base());
    let page = cx.page;
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for s in &page.status_codes {
        statuses.entry(s.value.0).or_insert(s.line);
    }
    for r in &page.responses {
        statuses.entry(r.status).or_insert(r.line);
    }
    for (&status, &line) in &statuses {
        if !cx.op.responses.iter().any(|r| r.status == status) {
            cx.report(
                Rule::ResponseMissingInSpec,
                Some(line),
                base.clone(),
                (status.to_string(), "absent".into()),
                format!("The page documents status {status}; the spec does not."),
            );
        }
    }
    let op = cx.op;
    for response in &op.responses {
        let path = format!("{base}.{}", response.status);
        if !statuses.contains_key(&response.status) {
            if response.inferred.is_none() {
                cx.report(
                    Rule::ResponseMissingOnPage,
                    None,
                    path,
                    ("absent".into(), response.status.to_string()),
                    format!(
                        "The spec has status {}, not marked inferred; the page does not document it.",
                        response.status
                    ),
                );
            }
            continue;
        }
        response_body(cx, response, &path);
    }
}

fn response_body(cx: &mut Cx, response: &Response, path: &str) {
    let page = cx.page;
    let Some(section) = page.responses.iter().find(|s| s.status == response.status) else {
        // Only the status code table names it: nothing to say about its body.
        return;
    };
    let spec_body = !matches!(response.body, BodyKind::None | BodyKind::Binary);
    if section.has_body != spec_body {
        let says = |b: bool| if b { "a JSON body" } else { "no JSON body" };
        cx.report(
            Rule::ResponseBody,
            Some(section.line),
            path.to_string(),
            (says(section.has_body).into(), response.body.to_string()),
            format!(
                "Status {}: the page documents {}; the spec's body is `{}`.",
                response.status,
                says(section.has_body),
                response.body
            ),
        );
        return;
    }
    let rows: Vec<&Row> = page.rows(&Role::Response(response.status)).collect();
    match response.body {
        BodyKind::Json | BodyKind::Error => match (&response.model, &response.value) {
            (Some(name), None) => {
                if let Some(model) = cx.model(name) {
                    fields(cx, &rows, model);
                }
            }
            (_, Some(value)) => typed_rows(cx, &rows, value, path),
            (None, None) => {}
        },
        BodyKind::JsonArray => {
            let array = response.json_type();
            match (rows.as_slice(), array) {
                ([row], Some(ty)) if row.name == "[items]" => typed_rows(cx, &[row], &ty, path),
                (_, _) => cx.report(
                    Rule::ResponseBody,
                    Some(section.line),
                    path.to_string(),
                    ("an object".into(), "json_array".into()),
                    format!(
                        "Status {}: the page's table lists fields of an object; the spec reads an array.",
                        response.status
                    ),
                ),
            }
        }
        BodyKind::Envelope => envelope(cx, response, &rows, path),
        BodyKind::None | BodyKind::Binary => {}
    }
}

/// Rows that each describe a value of `ty` (an array's `[items]`).
fn typed_rows(cx: &mut Cx, rows: &[&Row], ty: &TypeIr, path: &str) {
    for row in rows {
        let item = SpecItem::of_type(cx.ir, ty);
        cx.row(row, &item, Subject::Field, path);
        cx.follow(row, ty);
    }
}

/// `{error, result, status}`: each row against its part of the envelope.
fn envelope(cx: &mut Cx, response: &Response, rows: &[&Row], path: &str) {
    let Some(env) = &response.envelope else {
        return;
    };
    for row in rows {
        let item = match row.name.as_str() {
            "result" => SpecItem::of_type(cx.ir, &env.result),
            "error" => SpecItem::of_type(cx.ir, &env.error),
            "status" => SpecItem {
                values: env
                    .status_values
                    .iter()
                    .map(|v| v.value.wire_text())
                    .collect(),
                inferred: env.status_values.is_empty(),
                ..SpecItem::of_type(cx.ir, &TypeIr::Scalar(crate::spec::ScalarType::String))
            },
            other => {
                cx.report(
                    Rule::FieldMissingInSpec,
                    Some(row.line),
                    format!("{path}.envelope"),
                    (other.to_string(), "absent".into()),
                    format!(
                        "The page's envelope lists `{other}`, which the spec's envelope has not."
                    ),
                );
                continue;
            }
        };
        let at = format!("{path}.envelope.{}", row.name);
        cx.row(row, &item, Subject::Field, &at);
        match row.name.as_str() {
            "result" => cx.follow(row, &env.result),
            "error" => cx.follow(row, &env.error),
            _ => {}
        }
    }
}

/// The page's object tables reached from compared rows, against the models they stand
/// for (once each per page).
fn objects(cx: &mut Cx) {
    while let Some((object, model)) = cx.pending.pop() {
        cx.done.insert((object.clone(), model.clone()));
        let page = cx.page;
        let Some(table) = page.table(&Role::Object(object)) else {
            // The page does not describe the object: nothing to compare.
            continue;
        };
        if let Some(model) = cx.model(&model) {
            let rows: Vec<&Row> = table.rows.iter().collect();
            fields(cx, &rows, model);
        }
    }
}

/// The example request and body, and each example response, compared as JSON values.
fn examples(cx: &mut Cx) {
    let base = format!("{}.examples", cx.base());
    let page = cx.page;
    let op = cx.op;
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let page_request = page.example_request.as_ref();
    if page_request.map(|r| squeeze(&r.value)) != op.example_request.as_deref().map(squeeze) {
        cx.report(
            Rule::ExampleRequest,
            page_request.map(|r| r.line),
            format!("{base}.request"),
            (
                page_request.map_or("none".into(), |r| r.value.clone()),
                op.example_request.clone().unwrap_or_else(|| "none".into()),
            ),
            "The example request line differs.".into(),
        );
    }
    let page_body = page.example_request_body.as_ref();
    let spec_body = op.body.as_ref().and_then(|b| b.example.as_deref());
    if !same_json(page_body.map(|b| b.value.as_str()), spec_body) {
        cx.report(
            Rule::ExampleRequestBody,
            page_body.map(|b| b.line),
            format!("{base}.request_body"),
            (
                page_body.map_or("none".into(), |b| b.value.clone()),
                spec_body.unwrap_or("none").to_string(),
            ),
            "The example request body differs, as JSON.".into(),
        );
    }
    for example in &page.example_responses {
        let spec = op
            .example_responses
            .iter()
            .find(|e| e.status == example.value.status);
        if !same_json(example.value.body.as_deref(), spec.map(|s| s.body.as_str())) {
            cx.report(
                Rule::ExampleResponse,
                Some(example.line),
                format!("{base}.responses.{}", example.value.status),
                (
                    example.value.body.clone().unwrap_or_else(|| "none".into()),
                    spec.map_or("none".into(), |s| s.body.clone()),
                ),
                format!(
                    "The example response for status {} differs, as JSON.",
                    example.value.status
                ),
            );
        }
    }
    for spec in &op.example_responses {
        if !page
            .example_responses
            .iter()
            .any(|e| e.value.status == spec.status)
        {
            cx.report(
                Rule::ExampleResponse,
                None,
                format!("{base}.responses.{}", spec.status),
                ("none".into(), spec.body.clone()),
                format!(
                    "The spec has an example response for status {}; the page has none.",
                    spec.status
                ),
            );
        }
    }
}

/// Equal as JSON values (or, if either is not JSON, as text without whitespace).
fn same_json(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (
            serde_json::from_str::<Value>(a),
            serde_json::from_str::<Value>(b),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => {
                let squeeze = |s: &str| s.split_whitespace().collect::<String>();
                squeeze(a) == squeeze(b)
            }
        },
        _ => false,
    }
}
