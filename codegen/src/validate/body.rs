//! Rules of request bodies and the models they send: what a body may be, which models are
//! request models, and the page's example body fitted to the body's type value by value,
//! with the client's own checks.

use super::*;
use crate::spec::{ItemCount, RequestBody};

/// The models an operation's body reaches, through fields of any depth.
pub fn request_models(spec: &Spec) -> BTreeSet<&str> {
    let roots = spec
        .operations
        .values()
        .filter_map(|op| op.value.body.as_ref()?.model.as_deref());
    reached(spec, roots)
}

/// The models a response reaches (its model, an envelope's parts), through fields.
pub fn response_models(spec: &Spec) -> BTreeSet<&str> {
    let roots = spec
        .operations
        .values()
        .flat_map(|op| op.value.responses.values())
        .flat_map(|r| {
            let envelope = r.envelope.iter().flat_map(|e| [&e.result, &e.error]);
            r.model
                .as_deref()
                .into_iter()
                .chain(r.value.iter().filter_map(|v| v.model.as_deref()))
                .chain(envelope.filter_map(|t| t.model.as_deref()))
        });
    reached(spec, roots)
}

fn reached<'a>(spec: &'a Spec, roots: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<&str> = roots.collect();
    while let Some(name) = todo.pop() {
        if !found.insert(name) {
            continue;
        }
        if let Some(m) = spec.models.get(name) {
            todo.extend(m.value.fields.iter().filter_map(|f| f.model.as_deref()));
        }
    }
    found
}

// A body is an object of a model or an array (of models or scalars) sent as JSON by a
// method that carries one; its item bounds are an array's and in order; its Rust name is
// free; and a required value the catalogue cannot make up needs the page's example body.
pub(super) fn check_body(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let at = |k: &[&str]| path(&["operations", name, "body"], k);
    let Some(b) = &op.value.body else {
        if op.value.examples.request_body.is_some() {
            cx.error(
                op.file,
                path(&["operations", name, "examples", "request_body"], &[]),
                "an example body for an operation that declares no `body`",
            );
        }
        return;
    };
    if op.value.method == crate::spec::Method::Get {
        cx.error(op.file, at(&[]), "a GET request carries no body");
    }
    if !matches!(b.kind, FieldKind::Model | FieldKind::Array) {
        cx.error(
            op.file,
            at(&["type"]),
            format!("a body is a `model` or an `array`, not {}", b.kind),
        );
    } else {
        check_type_ref(cx, op.file, &at(&[]), b.kind, b.model.as_deref(), b.items);
    }
    if let Some(ct) = &b.content_type {
        let media = ct
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let json = media == "application/json" || media.ends_with("+json");
        if !json || !ct.bytes().all(|c| c == b' ' || c.is_ascii_graphic()) {
            cx.error(
                op.file,
                at(&["content_type"]),
                format!("content type {ct:?} is not a JSON media type; bodies are sent as JSON"),
            );
        }
    }
    check_item_count(cx, op.file, &at, b.kind, b.item_count());
    let rust_name = names::body_name(b);
    if let Some(p) = names::value_name_problem(&rust_name) {
        cx.error(op.file, at(&["rust_name"]), format!("Rust name: {p}"));
    }
    let taken = op
        .value
        .parameters
        .iter()
        .any(|p| p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name)) == rust_name);
    if taken || BUILDER_MEMBERS.contains(&rust_name.as_str()) {
        cx.error(
            op.file,
            at(&["rust_name"]),
            format!("`{rust_name}` is already a parameter or a builder method; set `rust_name`"),
        );
    }
    match &op.value.examples.request_body {
        Some(text) => check_example_body(cx, name, op, b, text),
        None if crate::sample::body(&cx.spec.models, b).is_none() => cx.error(
            op.file,
            at(&[]),
            "no value can be made up for a required field of the body (a pattern or a \
             length no made-up text meets): give `examples.request_body`, since tests send \
             every operation with a valid body",
        ),
        None => {}
    }
}

/// Item bounds belong to arrays and are in order.
fn check_item_count(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    kind: FieldKind,
    count: ItemCount,
) {
    if count.is_empty() {
        return;
    }
    if kind != FieldKind::Array {
        let key = if count.min.is_some() {
            "min_items"
        } else {
            "max_items"
        };
        cx.error(
            file,
            at(&[key]),
            format!("`{key}` applies to arrays, not {kind}"),
        );
    }
    if let (Some(min), Some(max)) = (count.min, count.max)
        && min > max
    {
        cx.error(
            file,
            at(&["min_items"]),
            format!("min_items {min} is greater than max_items {max}"),
        );
    }
}

// A request model is built by the caller and checked before sending, a response model
// read leniently. One model may be both (it is then stored leniently and its required
// fields checked on send), but then it holds no closed enum, which would refuse a value an
// answer brings that the page does not list. Request fields hold no response-only notions
// (`nullable`, `accept_integer`), are named apart from the model's own functions, and
// their defaults pass their checks. Every model's item bounds belong to arrays.
pub(super) fn check_request_models(cx: &mut Cx) {
    let requests = request_models(cx.spec);
    let responses = response_models(cx.spec);
    for (name, model) in &cx.spec.models {
        for f in &model.value.fields {
            let at = |k: &[&str]| path(&["models", name, "fields", &f.name], k);
            check_item_count(cx, model.file, &at, f.kind, f.item_count());
        }
        if !requests.contains(name.as_str()) {
            continue;
        }
        let read = responses.contains(name.as_str());
        for f in &model.value.fields {
            let at = |k: &[&str]| path(&["models", name, "fields", &f.name], k);
            if read && f.values.is_some() {
                cx.error(
                    model.file,
                    at(&["enum"]),
                    format!(
                        "`{name}` is sent in a request body and read from a response, and a \
                         request enum is closed: an answer with a value the page does not \
                         list would not read; give the request or the response a model of \
                         its own"
                    ),
                );
            }
            for (key, set) in [
                ("nullable", f.nullable),
                ("accept_integer", f.accept_integer),
            ] {
                if set {
                    cx.error(
                        model.file,
                        at(&[key]),
                        format!("`{key}` is about responses; `{name}` is a request model"),
                    );
                }
            }
            let rust_name = f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name));
            if names::REQUEST_MODEL_MEMBERS.contains(&rust_name.as_str()) {
                cx.error(
                    model.file,
                    at(&["rust_name"]),
                    format!("`{rust_name}` is a function of every request model; set `rust_name`"),
                );
            }
            if let (Some(default), Some(ty)) = (&f.default, f.kind.scalar()) {
                let c = f.constraints();
                for problem in refusals(ty, &c, f.values.as_deref(), "default", default) {
                    cx.error(model.file, at(&["default"]), problem);
                }
            } else if f.default.is_some() {
                cx.error(
                    model.file,
                    at(&["default"]),
                    format!("a {} field takes no `default`", f.kind),
                );
            }
        }
    }
}

// The page's example body is JSON that fits the body: an object of the model (or an array
// within its item bounds), no field the model lacks, every required field there, and each
// value of its field's type passing the field's checks.
fn check_example_body(cx: &mut Cx, name: &str, op: &Item<Operation>, b: &RequestBody, text: &str) {
    let at = path(&["operations", name, "examples", "request_body"], &[]);
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return cx.error(op.file, at, format!("example body is not valid JSON: {e}")),
    };
    let mut problems = Vec::new();
    let fit = Strict { spec: cx.spec };
    fit.typed(
        &value,
        b.kind,
        b.model.as_deref(),
        b.items,
        b.item_count(),
        "",
        &mut problems,
    );
    for problem in problems {
        cx.error(
            op.file,
            at.clone(),
            format!("example does not fit the body: {problem}"),
        );
    }
}

/// Fits JSON to request types: the client's checks, run on a documented value.
struct Strict<'a> {
    spec: &'a Spec,
}

impl Strict<'_> {
    #[allow(clippy::too_many_arguments)]
    fn typed(
        &self,
        v: &Value,
        kind: FieldKind,
        model: Option<&str>,
        items: Option<ScalarType>,
        count: ItemCount,
        at: &str,
        out: &mut Vec<String>,
    ) {
        match kind {
            FieldKind::Model => self.model(v, model.unwrap_or_default(), at, out),
            FieldKind::Array => {
                let Some(list) = v.as_array() else {
                    return out.push(format!(
                        "{} should be an array, found {}",
                        pointer(at),
                        kind_of(v)
                    ));
                };
                let n = list.len() as u64;
                if count.min.is_some_and(|m| n < m) || count.max.is_some_and(|m| n > m) {
                    out.push(format!(
                        "{} has {n} items, outside the documented bounds",
                        pointer(at)
                    ));
                }
                let entries = list.iter().enumerate().map(|(i, v)| (i.to_string(), v));
                self.entries(entries, model, items, at, out);
            }
            FieldKind::Map => {
                let Some(map) = v.as_object() else {
                    return out.push(format!(
                        "{} should be an object, found {}",
                        pointer(at),
                        kind_of(v)
                    ));
                };
                let entries = map.iter().map(|(k, v)| (k.clone(), v));
                self.entries(entries, model, items, at, out);
            }
            scalar => {
                if let Some(s) = scalar.scalar() {
                    self.scalar(v, s, &Constraints::default(), None, at, out);
                }
            }
        }
    }

    /// The items of an array or the values of a map, each at `at/key`.
    fn entries<'v>(
        &self,
        entries: impl Iterator<Item = (String, &'v Value)>,
        model: Option<&str>,
        items: Option<ScalarType>,
        at: &str,
        out: &mut Vec<String>,
    ) {
        for (key, item) in entries {
            let here = format!("{at}/{key}");
            match (model, items) {
                (Some(m), _) => self.model(item, m, &here, out),
                (None, Some(s)) => self.scalar(item, s, &Constraints::default(), None, &here, out),
                (None, None) => {}
            }
        }
    }

    fn model(&self, v: &Value, model: &str, at: &str, out: &mut Vec<String>) {
        let Some(m) = self.spec.models.get(model) else {
            return;
        };
        let Some(object) = v.as_object() else {
            return out.push(format!(
                "{} should be a `{model}` object, found {}",
                pointer(at),
                kind_of(v)
            ));
        };
        for key in object.keys() {
            if !m.value.fields.iter().any(|f| &f.name == key) {
                out.push(format!(
                    "{} is not a field of `{model}`",
                    pointer(&format!("{at}/{key}"))
                ));
            }
        }
        for f in &m.value.fields {
            let here = format!("{at}/{}", f.name);
            match object.get(&f.name) {
                None if f.required => out.push(format!(
                    "{} is required in `{model}` but missing",
                    pointer(&here)
                )),
                None => {}
                Some(value) => match f.kind.scalar() {
                    Some(s) => {
                        self.scalar(value, s, &f.constraints(), f.values.as_deref(), &here, out)
                    }
                    None => self.typed(
                        value,
                        f.kind,
                        f.model.as_deref(),
                        f.items,
                        f.item_count(),
                        &here,
                        out,
                    ),
                },
            }
        }
    }

    fn scalar(
        &self,
        v: &Value,
        ty: ScalarType,
        c: &Constraints,
        values: Option<&[EnumValue]>,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let Some(literal) = ty.literal_of(v) else {
            return out.push(format!(
                "{} should be {ty}, found {}",
                pointer(at),
                kind_of(v)
            ));
        };
        let what = pointer(at);
        out.extend(refusals(ty, c, values, &what, &literal));
    }
}
