//! The OpenAPI export: the IR as one OpenAPI document for the tools users already have
//! (Swagger UI, schemathesis, progenitor, openapi-generator, oasdiff).
//!
//! Every fact maps to a standard keyword where OpenAPI has one and to an `x-` extension
//! where it has none: quirks, inferred facts, pagination, the documented constraints of
//! credential headers, regional hosts. OpenAPI 3.1 is the checked-in dialect
//! (`spec/openapi.json`); 3.0 is emitted on demand for tools that read nothing newer
//! (progenitor), with `nullable: true` where 3.1 puts `"null"` into a type array.
//!
//! The document is built as a `serde_json::Value` and printed with every object's keys
//! sorted, whatever serde_json's `preserve_order` feature says, so the bytes depend only
//! on the IR.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::{GeneratedFile, HEADER};
use crate::ir::{
    AuthKind, AuthScheme, BodyKind, Constraints, Enum, EnvelopeIr, Ir, ItemCount, Literal, Model,
    Number, Operation, Param, ParamTy, ParamType, RequestBody, Response, ScalarType, Service,
    TypeIr, Variant,
};

/// Where the checked-in export lives, relative to the workspace root. `load` reads only
/// `spec/*.yaml`, so the JSON file beside the spec is never read back as spec.
pub const PATH: &str = "spec/openapi.json";

/// The region a `{region}` server variable defaults to. OpenAPI requires a default and the
/// pages name none; CN North-Beijing4 is Huawei Cloud's main region.
pub const DEFAULT_REGION: &str = "cn-north-4";

/// Which OpenAPI version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.1 (JSON Schema 2020-12): the checked-in export.
    V3_1,
    /// OpenAPI 3.0, for tools that reject 3.1 documents (progenitor).
    V3_0,
}

impl Dialect {
    /// `3.1` or `3.0`, as given on the command line.
    pub fn parse(text: &str) -> Option<Dialect> {
        match text {
            "3.1" => Some(Dialect::V3_1),
            "3.0" => Some(Dialect::V3_0),
            _ => None,
        }
    }

    fn version(self) -> &'static str {
        match self {
            Dialect::V3_1 => "3.1.0",
            Dialect::V3_0 => "3.0.3",
        }
    }
}

/// The checked-in export: OpenAPI 3.1 at [`PATH`].
pub fn file(ir: &Ir) -> GeneratedFile {
    GeneratedFile {
        path: PathBuf::from(PATH),
        contents: render(&document(ir, Dialect::V3_1)),
    }
}

/// The IR with an index of its quirks by spec path, built once per document: scanning
/// every quirk for each parameter, response and field made the export quadratic in the
/// size of the spec. Derefs to the IR, so emitters read it as they read the IR.
struct Cx<'a> {
    ir: &'a Ir,
    quirks_by_path: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Cx<'a> {
    fn new(ir: &'a Ir) -> Self {
        let mut quirks_by_path: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for q in &ir.quirks {
            for target in &q.applies_to {
                quirks_by_path.entry(target).or_default().insert(&q.id);
            }
        }
        Cx { ir, quirks_by_path }
    }
}

impl std::ops::Deref for Cx<'_> {
    type Target = Ir;

    fn deref(&self) -> &Ir {
        self.ir
    }
}

/// The whole document.
pub fn document(ir: &Ir, dialect: Dialect) -> Value {
    let ir = &Cx::new(ir);
    let mut components = Map::new();
    components.insert("schemas".into(), schemas(ir, dialect));
    let schemes = security_schemes(ir);
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), dialect.version().into());
    doc.insert("info".into(), info(ir));
    doc.insert("tags".into(), tags(ir));
    doc.insert("paths".into(), paths(ir, dialect));
    doc.insert("components".into(), Value::Object(components));
    doc.insert("x-quirks".into(), quirks(ir));
    doc.insert("x-generated".into(), HEADER.into());
    Value::Object(doc)
}

/// Pretty JSON with sorted keys and a trailing newline. `x-generated` goes on the first
/// line, where every generated file names the command that writes it (JSON has no
/// comments, and the freshness test reads the first line).
pub fn render(doc: &Value) -> String {
    render_with(doc, maps_iterate_sorted())
}

/// [`render`], told whether `doc`'s objects already iterate in key order.
fn render_with(doc: &Value, in_order: bool) -> String {
    let header = doc.get("x-generated");
    let body = if in_order {
        // The usual case: copying a document of thousands of operations only to sort it
        // again would be waste.
        serde_json::to_string_pretty(&WithoutHeader(doc)).unwrap_or_default()
    } else {
        let mut doc = sorted(doc);
        if let Some(top) = doc.as_object_mut() {
            top.remove("x-generated");
        }
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    };
    let mut out = match header {
        Some(h) if body.starts_with("{\n") => format!("{{ \"x-generated\": {h},\n{}", &body[2..]),
        _ => body,
    };
    out.push('\n');
    out
}

/// The document without its top-level `x-generated`, which [`render`] prints first.
struct WithoutHeader<'a>(&'a Value);

impl serde::Serialize for WithoutHeader<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Value::Object(top) = self.0 else {
            return self.0.serialize(serializer);
        };
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in top.iter().filter(|(k, _)| *k != "x-generated") {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Whether serde_json's `Map` iterates in key order: true with its default `BTreeMap`,
/// false should a dependency turn on `preserve_order` (feature unification can).
fn maps_iterate_sorted() -> bool {
    let mut probe = Map::new();
    probe.insert("b".into(), Value::Null);
    probe.insert("a".into(), Value::Null);
    probe.keys().next().map(String::as_str) == Some("a")
}

/// A copy of `v` whose objects hold their keys in sorted order, for when
/// [`maps_iterate_sorted`] is false: the bytes stay the same either way.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

const DESCRIPTION: &str = "\
Generated from spec/*.yaml, the hand-written transcription of the Huawei Cloud help-center \
pages that the codearts-client crate is generated from. Do not edit by hand.

One document covers every service: the services share models (the error body), one spec \
and one client, and operation IDs are unique across them. Each operation is tagged with \
its service and carries that service's servers, since the services have different hosts: \
a `{region}` template (its default is chosen by this export; the pages name none), then \
the regions whose host does not follow the template, also listed in `x-region-hosts`. \
`info.version` is the newest \"Updated on\" date of the pages.

Each operation lists the credentials it accepts as alternatives in `security`: a token \
header (an `apiKey` scheme, not repeated as a header parameter; its documented \
constraints are in the operation's `x-auth-parameters`), or AK/SK request signing, an \
`apiKey` on `Authorization` whose value is computed for each request as `x-signing` \
describes.

Response fields are all optional. Response enums are open in codearts-client \
(`x-open-enum`): a value the pages do not list is kept, not rejected. The schemas keep \
the documented `enum` all the same, so a strict response validator reports such a value; \
a page example that holds one lists where in `x-values-outside-enum`.

Facts the pages do not state are marked `x-inferred`. Where the pages contradict \
themselves, `x-quirks` records what was observed and what was decided; each operation, \
parameter, response, model and field lists the quirks about it.";

fn info(ir: &Ir) -> Value {
    let titles: Vec<&str> = ir.services.iter().map(|s| s.title.as_str()).collect();
    let version = ir
        .operations
        .iter()
        .map(|o| o.doc_updated_on.as_str())
        .max()
        .unwrap_or("0");
    json!({
        "title": format!("{} API", titles.join(" and ")),
        "version": version,
        "description": DESCRIPTION,
    })
}

fn tags(ir: &Ir) -> Value {
    ir.services
        .iter()
        .map(|s| json!({ "name": s.title, "description": s.description, "x-service": s.key }))
        .collect()
}

/// The template host with its `{region}` variable, then one server per region whose host
/// differs.
fn servers(ir: &Cx, s: &Service) -> Value {
    let mut template = Map::new();
    template.insert("url".into(), s.default_host.clone().into());
    template.insert(
        "description".into(),
        format!("{}, in every region without a host of its own", s.title).into(),
    );
    if s.default_host.contains("{region}") {
        template.insert(
            "variables".into(),
            json!({ "region": {
                "default": DEFAULT_REGION,
                "description": "Huawei Cloud region ID, such as cn-north-4 or ap-southeast-1.",
                "x-inferred": format!("The pages name no default region; {DEFAULT_REGION} is chosen by this export because a server variable needs one."),
            }}),
        );
    }
    if !s.region_hosts.is_empty() {
        let hosts: Map<String, Value> = s
            .region_hosts
            .iter()
            .map(|(region, host)| (region.clone(), host.clone().into()))
            .collect();
        template.insert("x-region-hosts".into(), Value::Object(hosts));
    }
    let about = quirks_about(ir, &format!("services.{}", s.key), true);
    annotate(&mut template, s.inferred.as_deref(), about);
    let mut out = vec![Value::Object(template)];
    out.extend(s.region_hosts.iter().map(|(region, host)| {
        json!({ "url": host, "description": format!("{} in {region}", s.title), "x-region": region })
    }));
    Value::Array(out)
}

fn paths(ir: &Cx, d: Dialect) -> Value {
    let mut paths: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for op in &ir.operations {
        paths
            .entry(op.path.as_str())
            .or_default()
            .insert(op.method.to_string().to_lowercase(), operation(ir, op, d));
    }
    paths
        .into_iter()
        .map(|(path, item)| (path.to_string(), Value::Object(item)))
        .collect::<Map<String, Value>>()
        .into()
}

fn operation(ir: &Cx, op: &Operation, d: Dialect) -> Value {
    let mut o = Map::new();
    o.insert("operationId".into(), op.name.clone().into());
    o.insert("summary".into(), op.summary.clone().into());
    o.insert("description".into(), op.description.clone().into());
    if let Some(service) = ir.services.iter().find(|s| s.variant == op.service_variant) {
        o.insert("tags".into(), json!([service.title]));
        o.insert("servers".into(), servers(ir, service));
    }
    let (auth, params): (Vec<&Param>, Vec<&Param>) = op.params.iter().partition(|p| p.auth);
    if !params.is_empty() {
        let params = params.iter().map(|p| parameter(ir, op, p, d)).collect();
        o.insert("parameters".into(), Value::Array(params));
    }
    if let Some(b) = &op.body {
        o.insert("requestBody".into(), request_body(b, d));
    }
    o.insert("responses".into(), responses(ir, op, d));
    if !op.auth.is_empty() {
        // One requirement object per scheme: any one of them authenticates the call.
        let requirements: Vec<Value> = op
            .auth
            .iter()
            .map(|s| json!({ s.name.clone(): [] }))
            .collect();
        o.insert("security".into(), Value::Array(requirements));
    }
    if !auth.is_empty() {
        let params = auth.iter().map(|p| parameter(ir, op, p, d)).collect();
        o.insert("x-auth-parameters".into(), Value::Array(params));
    }
    o.insert(
        "x-doc".into(),
        json!({ "title": op.doc_title, "section": op.doc_section, "updated_on": op.doc_updated_on }),
    );
    // Whether a client may send the request again after it may have arrived.
    o.insert("x-idempotent".into(), op.idempotent.into());
    if !op.authorization.is_empty() {
        let rows = serde_json::to_value(&op.authorization).expect("rows serialize");
        o.insert("x-iam-actions".into(), rows);
    }
    if let Some(p) = &op.pagination {
        let mut walk = json!({
            "style": p.style,
            "in": p.location,
            "cursor": p.cursor.wire,
            "size": p.size.wire,
            "start": p.start,
            "page_size": p.page_size,
        });
        if let Some(items) = &p.items_field {
            walk["items"] = items.wire.clone().into();
        }
        o.insert("x-pagination".into(), walk);
    }
    if let Some(request) = &op.example_request {
        o.insert("x-example-request".into(), request.clone().into());
    }
    deprecate(&mut o, op.deprecated.as_deref());
    annotate(&mut o, None, op.quirks.clone());
    Value::Object(o)
}

/// A Request Body Object: the body's schema under its media type, with the page's example.
fn request_body(b: &RequestBody, d: Dialect) -> Value {
    let mut schema = Map::new();
    items_count(&mut schema, b.item_count);
    let mut media = Map::new();
    media.insert("schema".into(), typed(&b.ty, false, schema, d));
    if let Some(example) = &b.example {
        let value: Value = serde_json::from_str(example).expect("validated: the example is JSON");
        media.insert("example".into(), value);
    }
    let mut m = Map::new();
    m.insert("description".into(), b.description.clone().into());
    m.insert("required".into(), b.required.into());
    m.insert("content".into(), json!({ b.content_type.clone(): media }));
    annotate(&mut m, b.inferred.as_deref(), Vec::new());
    Value::Object(m)
}

/// `minItems` and `maxItems` of an array.
fn items_count(s: &mut Map<String, Value>, c: ItemCount) {
    if let Some(min) = c.min {
        s.insert("minItems".into(), min.into());
    }
    if let Some(max) = c.max {
        s.insert("maxItems".into(), max.into());
    }
}

/// A Parameter Object. Credentials use the same shape in `x-auth-parameters`.
fn parameter(ir: &Cx, op: &Operation, p: &Param, d: Dialect) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), p.wire.clone().into());
    m.insert("in".into(), p.location.to_string().into());
    m.insert("required".into(), p.required.into());
    m.insert("description".into(), p.description.clone().into());
    m.insert("schema".into(), param_schema(ir, p, d));
    // The documented example only: made-up samples are no fact of the page.
    if let Some(example) = &p.example {
        m.insert("example".into(), literal(example));
    }
    if p.sensitive {
        m.insert("x-sensitive".into(), true.into());
    }
    let at = format!("operations.{}.parameters.{}", op.name, p.wire);
    deprecate(&mut m, p.deprecated.as_deref());
    annotate(&mut m, p.inferred.as_deref(), quirks_about(ir, &at, true));
    Value::Object(m)
}

/// A parameter's schema: scalars carry no `null`, so only an exclusive bound differs
/// between the dialects.
fn param_schema(ir: &Ir, p: &Param, d: Dialect) -> Value {
    let mut s = Map::new();
    scalar_type(&mut s, p.scalar);
    constraints(&mut s, &p.constraints, d);
    digit_range(&mut s, Some(p.scalar), &p.constraints);
    if let ParamTy::Enum(name) = &p.ty
        && let Some(t) = by_name(&ir.param_types, name, |t| &t.name)
    {
        variants(&mut s, &t.variants);
    }
    if let Some(default) = &p.default {
        s.insert("default".into(), literal(default));
    }
    Value::Object(s)
}

fn scalar_type(s: &mut Map<String, Value>, scalar: ScalarType) {
    let (ty, format) = scalar.openapi();
    s.insert("type".into(), ty.into());
    if let Some(format) = format {
        s.insert("format".into(), format.into());
    }
}

/// Ranges and lengths as JSON Schema keywords; an exact length is both bounds. An
/// exclusive bound is a number of its own in 3.1, a flag on `minimum`/`maximum` in 3.0.
fn constraints(s: &mut Map<String, Value>, c: &Constraints, d: Dialect) {
    let (min_length, max_length) = c.length_bounds();
    let keywords = [
        ("minimum", c.minimum.map(number)),
        ("maximum", c.maximum.map(number)),
        ("minLength", min_length.map(Value::from)),
        ("maxLength", max_length.map(Value::from)),
        ("pattern", c.pattern.clone().map(Value::from)),
    ];
    for (key, value) in keywords {
        if let Some(value) = value {
            s.insert(key.into(), value);
        }
    }
    for (bound, key, flag) in [
        (c.exclusive_minimum, "minimum", "exclusiveMinimum"),
        (c.exclusive_maximum, "maximum", "exclusiveMaximum"),
    ] {
        let Some(bound) = bound else { continue };
        match d {
            Dialect::V3_1 => {
                s.insert(flag.into(), number(bound));
            }
            Dialect::V3_0 => {
                s.insert(key.into(), number(bound));
                s.insert(flag.into(), true.into());
            }
        }
    }
}

fn number(n: Number) -> Value {
    match n {
        Number::Int(i) => Value::from(i),
        Number::Float(d) => Value::from(d.0),
    }
}

/// JSON Schema's `minimum` and `maximum` apply to numbers only: a string's range (of the
/// number its digits write) moves to `x-minimum`/`x-maximum`, and the digits to a
/// `pattern` when the spec gives none.
fn digit_range(s: &mut Map<String, Value>, scalar: Option<ScalarType>, c: &Constraints) {
    if scalar != Some(ScalarType::String) || !c.has_range() {
        return;
    }
    for (key, moved) in [("minimum", "x-minimum"), ("maximum", "x-maximum")] {
        if let Some(v) = s.remove(key) {
            s.insert(moved.into(), v);
        }
    }
    if c.pattern.is_none() {
        s.insert("pattern".into(), "^[0-9]+$".into());
    }
}

fn scalar_of(t: &TypeIr) -> Option<ScalarType> {
    match t {
        TypeIr::Scalar(s) => Some(*s),
        _ => None,
    }
}

/// `enum` with the variants' Rust names and descriptions beside it, in the extensions
/// openapi-generator reads.
fn variants(s: &mut Map<String, Value>, variants: &[Variant]) {
    s.insert(
        "enum".into(),
        variants.iter().map(|v| literal(&v.value)).collect(),
    );
    s.insert(
        "x-enum-varnames".into(),
        variants
            .iter()
            .map(|v| Value::from(v.name.clone()))
            .collect(),
    );
    s.insert(
        "x-enum-descriptions".into(),
        variants
            .iter()
            .map(|v| Value::from(v.description.clone()))
            .collect(),
    );
}

fn literal(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::from(*i),
        Literal::Float(d) => Value::from(d.0),
        Literal::Str(s) => Value::from(s.clone()),
    }
}

fn responses(ir: &Cx, op: &Operation, d: Dialect) -> Value {
    op.responses
        .iter()
        .map(|r| (r.status.to_string(), response(ir, op, r, d)))
        .collect::<Map<String, Value>>()
        .into()
}

fn response(ir: &Cx, op: &Operation, r: &Response, d: Dialect) -> Value {
    let mut m = Map::new();
    m.insert("description".into(), r.description.clone().into());
    let body = match (r.body, &r.envelope) {
        (BodyKind::None, _) => None,
        (BodyKind::Binary, _) => Some((
            "application/octet-stream",
            json!({ "type": "string", "format": "binary" }),
        )),
        (BodyKind::Json | BodyKind::Error | BodyKind::JsonArray, _) => r
            .json_type()
            .map(|t| ("application/json", typed(&t, false, Map::new(), d))),
        (BodyKind::Envelope, Some(env)) => Some(("application/json", envelope(env, d))),
        (BodyKind::Envelope, None) => Some(("application/json", json!({ "type": "object" }))),
    };
    if let Some((media, schema)) = body {
        let mut content = Map::new();
        content.insert("schema".into(), schema);
        let examples = examples(ir, op, r);
        if !examples.is_empty() {
            content.insert("examples".into(), Value::Object(examples));
        }
        m.insert("content".into(), json!({ media: content }));
    }
    if r.may_be_empty {
        // OpenAPI cannot say that a response's content is optional.
        m.insert("x-may-be-empty".into(), true.into());
    }
    let at = format!("operations.{}.responses.{}", op.name, r.status);
    annotate(&mut m, r.inferred.as_deref(), quirks_about(ir, &at, true));
    Value::Object(m)
}

/// The `{error, result, status}` wrapper, inline: the spec gives it no name (each
/// operation declares its own), and an invented one could collide with a model.
fn envelope(env: &EnvelopeIr, d: Dialect) -> Value {
    let described = |text: &str| {
        let mut m = Map::new();
        m.insert("description".into(), text.into());
        m
    };
    let mut status = described("Outcome of the call; `failed` means it failed.");
    status.insert("type".into(), "string".into());
    if !env.status_values.is_empty() {
        variants(&mut status, &env.status_values);
        status.insert("x-open-enum".into(), true.into());
    }
    json!({
        "type": "object",
        "description": "The envelope around the body. A `failed` status or a non-null error means the call failed (codearts-client returns `Error::Envelope`); otherwise `result` is the body.",
        "properties": {
            "result": typed(&env.result, false, described("The body of a successful call."), d),
            "error": typed(&env.error, true, described("What went wrong; null or absent when the call succeeded."), d),
            "status": status,
        },
        "x-envelope": true,
    })
}

/// The page's examples for this response, parsed, keyed by their caption.
fn examples(ir: &Ir, op: &Operation, r: &Response) -> Map<String, Value> {
    let mut out = Map::new();
    for e in op.example_responses.iter().filter(|e| e.status == r.status) {
        let value: Value =
            serde_json::from_str(&e.body).unwrap_or_else(|_| Value::String(e.body.clone()));
        let mut example = Map::new();
        example.insert("summary".into(), e.title.clone().into());
        let outside = outside_enums(ir, r, &value);
        if !outside.is_empty() {
            example.insert(
                "description".into(),
                "Kept as the page prints it, although values listed in x-values-outside-enum are not among the documented enum values."
                    .into(),
            );
            example.insert("x-values-outside-enum".into(), outside.into());
        }
        example.insert("value".into(), value);
        let mut key = e.title.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{} ({n})", e.title);
        }
        out.insert(key, Value::Object(example));
    }
    out
}

/// JSON pointers to the values of an example that no documented enum value matches.
fn outside_enums(ir: &Ir, r: &Response, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match (r.body, &r.envelope) {
        (BodyKind::Json | BodyKind::Error | BodyKind::JsonArray, _) => {
            if let Some(t) = r.json_type() {
                walk(ir, &t, value, "", &mut out);
            }
        }
        (BodyKind::Envelope, Some(env)) => {
            walk(ir, &env.result, &value["result"], "/result", &mut out);
            walk(ir, &env.error, &value["error"], "/error", &mut out);
            let status = &value["status"];
            if !env.status_values.is_empty()
                && !status.is_null()
                && !env
                    .status_values
                    .iter()
                    .any(|v| literal(&v.value) == *status)
            {
                out.push("/status".into());
            }
        }
        _ => {}
    }
    out
}

fn walk(ir: &Ir, ty: &TypeIr, value: &Value, at: &str, out: &mut Vec<String>) {
    match (ty, value) {
        (_, Value::Null) => {}
        (TypeIr::Enum(name), v) => {
            if let Some(e) = by_name(&ir.response_enums, name, |e| &e.name)
                && !e.variants.iter().any(|x| literal(&x.value) == *v)
            {
                out.push(at.to_string());
            }
        }
        (TypeIr::Model(name), Value::Object(object)) => {
            let Some(model) = by_name(&ir.models, name, |m| &m.name) else {
                return;
            };
            for f in &model.fields {
                if let Some(v) = object.get(&f.wire) {
                    let key = f.wire.replace('~', "~0").replace('/', "~1");
                    walk(ir, &f.ty, v, &format!("{at}/{key}"), out);
                }
            }
        }
        (TypeIr::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                walk(ir, item, v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn schemas(ir: &Cx, d: Dialect) -> Value {
    let mut out = Map::new();
    for m in &ir.models {
        out.insert(m.name.clone(), model(ir, m, d));
    }
    for e in &ir.response_enums {
        out.insert(e.name.clone(), response_enum(e));
    }
    // The closed enums of request-model fields, which their schemas refer to.
    for t in ir.param_types.iter().filter(|t| request_enum(ir, t)) {
        let mut s = Map::new();
        scalar_type(&mut s, t.scalar);
        s.insert("description".into(), t.description.clone().into());
        variants(&mut s, &t.variants);
        if let Some(default) = &t.default {
            s.insert("default".into(), literal(default));
        }
        out.insert(t.name.clone(), Value::Object(s));
    }
    Value::Object(out)
}

/// Whether a request model's field is of the closed enum `t`.
fn request_enum(ir: &Ir, t: &ParamType) -> bool {
    t.is_enum()
        && ir.models.iter().filter(|m| m.request).any(|m| {
            m.fields
                .iter()
                .any(|f| matches!(&f.ty, TypeIr::Enum(name) if *name == t.name))
        })
}

/// A model: a response model with every field optional and unknown fields allowed, as
/// the client reads it; a request model with its required fields, as the client sends it.
fn model(ir: &Cx, m: &Model, d: Dialect) -> Value {
    let properties: Map<String, Value> = m
        .fields
        .iter()
        .map(|f| {
            let mut s = Map::new();
            s.insert("description".into(), f.description.clone().into());
            constraints(&mut s, &f.constraints, d);
            digit_range(&mut s, scalar_of(&f.ty), &f.constraints);
            if let Some(format) = &f.format {
                s.insert("x-format".into(), format.clone().into());
            }
            items_count(&mut s, f.item_count);
            if let (Some(default), false) = (&f.default, matches!(f.ty, TypeIr::Enum(_))) {
                s.insert("default".into(), literal(default));
            }
            let at = format!("models.{}.fields.{}", m.name, f.wire);
            deprecate(&mut s, f.deprecated.as_deref());
            annotate(&mut s, f.inferred.as_deref(), quirks_about(ir, &at, true));
            let schema = if f.accept_integer {
                s.insert("x-accept-integer".into(), true.into());
                types(&mut s, &["string", "integer"], f.nullable, d);
                Value::Object(s)
            } else {
                typed(&f.ty, f.nullable, s, d)
            };
            (f.wire.clone(), schema)
        })
        .collect();
    let mut s = Map::new();
    s.insert("type".into(), "object".into());
    s.insert("description".into(), m.description.clone().into());
    s.insert("properties".into(), Value::Object(properties));
    let required: Vec<Value> = m
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire.clone().into())
        .collect();
    if !required.is_empty() {
        s.insert("required".into(), Value::Array(required));
    }
    annotate(
        &mut s,
        m.inferred.as_deref(),
        quirks_about(ir, &format!("models.{}", m.name), false),
    );
    Value::Object(s)
}

/// A response enum: its documented values, open in the client.
fn response_enum(e: &Enum) -> Value {
    let mut s = Map::new();
    scalar_type(&mut s, e.scalar);
    s.insert("description".into(), e.description.clone().into());
    variants(&mut s, &e.variants);
    s.insert("x-open-enum".into(), true.into());
    Value::Object(s)
}

/// The schema of a value type, with `extra` keywords (description, constraints,
/// extensions) merged in: beside the `$ref` in 3.1, around it through `allOf` in 3.0,
/// which ignores a `$ref`'s siblings.
fn typed(ty: &TypeIr, nullable: bool, mut extra: Map<String, Value>, d: Dialect) -> Value {
    match ty {
        TypeIr::Scalar(scalar) => {
            let (name, format) = scalar.openapi();
            types(&mut extra, &[name], nullable, d);
            if let Some(format) = format {
                extra.insert("format".into(), format.into());
            }
        }
        TypeIr::Array(item) => {
            types(&mut extra, &["array"], nullable, d);
            extra.insert("items".into(), typed(item, false, Map::new(), d));
        }
        TypeIr::Map(value) => {
            types(&mut extra, &["object"], nullable, d);
            extra.insert(
                "additionalProperties".into(),
                typed(value, false, Map::new(), d),
            );
        }
        TypeIr::Enum(name) | TypeIr::Model(name) => {
            let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
            match d {
                Dialect::V3_1 if nullable => {
                    extra.insert("anyOf".into(), json!([reference, { "type": "null" }]));
                }
                Dialect::V3_1 => {
                    extra.insert("$ref".into(), reference["$ref"].clone());
                }
                Dialect::V3_0 if nullable || !extra.is_empty() => {
                    extra.insert("allOf".into(), json!([reference]));
                    if nullable {
                        extra.insert("nullable".into(), true.into());
                    }
                }
                Dialect::V3_0 => return reference,
            }
        }
    }
    Value::Object(extra)
}

/// `type`, with `null` allowed when nullable: a type array in 3.1; `nullable` in 3.0,
/// where a value of several types needs `anyOf`.
fn types(s: &mut Map<String, Value>, names: &[&str], nullable: bool, d: Dialect) {
    match d {
        Dialect::V3_1 => {
            let mut all: Vec<&str> = names.to_vec();
            if nullable {
                all.push("null");
            }
            let value = match all.as_slice() {
                [one] => Value::from(*one),
                many => many.iter().map(|t| Value::from(*t)).collect(),
            };
            s.insert("type".into(), value);
        }
        Dialect::V3_0 => {
            match names {
                [one] => s.insert("type".into(), (*one).into()),
                many => s.insert(
                    "anyOf".into(),
                    many.iter().map(|t| json!({ "type": t })).collect(),
                ),
            };
            if nullable {
                s.insert("nullable".into(), true.into());
            }
        }
    }
}

/// One security scheme per auth scheme, named after its camel-cased id (`IamToken`).
fn security_schemes(ir: &Ir) -> Map<String, Value> {
    ir.auth_schemes
        .iter()
        .map(|s| (s.name.clone(), security_scheme(s)))
        .collect()
}

/// A token header is an `apiKey` as it is. AK/SK signing is an `apiKey` on
/// `Authorization` too, the nearest standard shape (a tool sees which header carries the
/// credential); how its value is computed is in `x-signing`, which no tool reads.
fn security_scheme(s: &AuthScheme) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), "apiKey".into());
    m.insert("in".into(), "header".into());
    m.insert("description".into(), s.description.clone().into());
    match s.kind {
        AuthKind::TokenHeader => {
            m.insert("name".into(), s.header.clone().unwrap_or_default().into());
        }
        AuthKind::SdkHmacSha256 => {
            m.insert("name".into(), "Authorization".into());
            m.insert("x-signing".into(), signing_note());
        }
    }
    annotate(&mut m, s.inferred.as_deref(), Vec::new());
    Value::Object(m)
}

fn signing_note() -> Value {
    json!({
        "algorithm": "SDK-HMAC-SHA256",
        "authorization": "SDK-HMAC-SHA256 Access={access key id}, SignedHeaders={signed header names, lower-case, sorted, ;-joined}, Signature={hex HMAC-SHA256 of the string to sign under the secret key}",
        "date_header": "X-Sdk-Date",
        "date_format": "YYYYMMDDTHHMMSSZ, UTC",
        "string_to_sign": "SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex SHA-256 of the canonical request}",
        "canonical_request": "{method}\n{URL path, decoded, split at /, each piece percent-encoded except A-Z a-z 0-9 - _ . ~, ending in /}\n{query pairs sorted by key then value, encoded alike, k=v joined with &}\n{name:value line of each signed header}\n\n{signed header names}\n{hex SHA-256 of the body}",
        "signed_headers": "every header sent but those whose name holds _, Host and X-Sdk-Date included; values trimmed",
        "optional_headers": {
            "X-Security-Token": "the security token of temporary credentials",
            "X-Project-Id": "an IAM project id",
        },
        "reference": "the official Huawei Cloud SDKs (huaweicloudsdkcore signer); codearts-client checks its signer against test vectors made by huaweicloudsdkcore 3.1.219",
    })
}

fn quirks(ir: &Ir) -> Value {
    ir.quirks
        .iter()
        .map(|q| {
            (
                q.id.clone(),
                json!({ "applies_to": q.applies_to, "observed": q.observed, "decision": q.decision }),
            )
        })
        .collect::<Map<String, Value>>()
        .into()
}

/// Ids of the quirks about the spec item at `at` (`models.X.fields.y`), and with `nested`
/// about anything under it (`operations.x.parameters.y.default`), in id order.
fn quirks_about(ir: &Cx, at: &str, nested: bool) -> Vec<String> {
    let under = format!("{at}.");
    let index = &ir.quirks_by_path;
    let mut ids: BTreeSet<&str> = index.get(at).into_iter().flatten().copied().collect();
    if nested {
        // Paths under `at` sort together, right after `at.` itself.
        let below = index
            .range::<str, _>((
                std::ops::Bound::Included(under.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(target, _)| target.starts_with(&under));
        ids.extend(below.flat_map(|(_, ids)| ids.iter().copied()));
    }
    ids.into_iter().map(str::to_string).collect()
}

/// The item called `name` of one of the IR's collections, which are sorted by name: a
/// binary search, since a linear one per parameter and example value was quadratic.
fn by_name<'a, T>(items: &'a [T], name: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    debug_assert!(items.is_sorted_by(|a, b| key(a) <= key(b)));
    items
        .binary_search_by(|item| key(item).as_str().cmp(name))
        .ok()
        .map(|i| &items[i])
}

/// `deprecated`, with the page's note as `x-deprecated-note`, when the page deprecates it.
fn deprecate(m: &mut Map<String, Value>, note: Option<&str>) {
    if let Some(note) = note {
        m.insert("deprecated".into(), true.into());
        if !note.is_empty() {
            m.insert("x-deprecated-note".into(), note.into());
        }
    }
}

/// `x-inferred` and `x-quirks`, when there is something to say.
fn annotate(m: &mut Map<String, Value>, inferred: Option<&str>, quirks: Vec<String>) {
    if let Some(why) = inferred {
        m.insert("x-inferred".into(), why.into());
    }
    if !quirks.is_empty() {
        m.insert("x-quirks".into(), quirks.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_of_rendering_give_the_same_bytes() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let ir = crate::load_ir(&spec).unwrap();
        for dialect in [Dialect::V3_1, Dialect::V3_0] {
            let doc = document(&ir, dialect);
            let fast = render_with(&doc, true);
            assert_eq!(fast, render_with(&doc, false));
            assert!(fast.starts_with("{ \"x-generated\": "), "{}", &fast[..80]);
            assert_eq!(fast.matches("\"x-generated\"").count(), 1);
        }
    }
}
