//! Rules of services and operations: hosts, names, the page, the path template, the
//! responses and paging.

use super::*;

// Service hosts are HTTPS URLs with a `{region}` placeholder (or, per region, without
// one); the client builds its default endpoints from them.
pub(super) fn check_services(cx: &mut Cx) {
    let mut variants = BTreeMap::new();
    for (key, item) in &cx.spec.services {
        let s = &item.value;
        let at = |k: &[&str]| path(&["services", key], k);
        if let Some(p) = names::value_name_problem(key) {
            cx.error(item.file, at(&[]), format!("service name: {p}"));
        }
        if let Some(other) = variants.insert(names::camel(key), key) {
            cx.error(
                item.file,
                at(&[]),
                format!(
                    "service `{key}` and `{other}` have the same Rust name `{}`",
                    names::camel(key)
                ),
            );
        }
        let other_braces = s.default_host.replace("{region}", "").contains(['{', '}']);
        if !s.default_host.starts_with("https://")
            || !s.default_host.contains("{region}")
            || other_braces
        {
            cx.error(
                item.file,
                at(&["default_host"]),
                format!(
                    "`{}` must be an https:// URL whose only placeholder is `{{region}}`",
                    s.default_host
                ),
            );
        }
        for (region, host) in &s.region_hosts {
            if !host.starts_with("https://") || host.contains('{') {
                cx.error(
                    item.file,
                    at(&["region_hosts", region]),
                    format!("`{host}` must be a complete https:// URL"),
                );
            }
        }
    }
}

// Operation names become `Client` methods: snake_case identifiers.
pub(super) fn check_operation_name(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    if let Some(p) = names::value_name_problem(name) {
        cx.error(
            op.file,
            path(&["operations", name], &[]),
            format!("operation name: {p}"),
        );
    }
}

// An operation belongs to a service defined in the spec.
pub(super) fn check_operation_service(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    if !cx.spec.services.contains_key(&op.value.service) {
        let known: Vec<_> = cx.spec.services.keys().map(String::as_str).collect();
        cx.error(
            op.file,
            path(&["operations", name, "service"], &[]),
            format!(
                "unknown service `{}` (defined: {})",
                op.value.service,
                known.join(", ")
            ),
        );
    }
}

// The page date is an ISO date, so reports can sort and compare it. The page file is a
// plain file name (drift looks it up in one docs directory), and one page documents one
// operation.
pub(super) fn check_doc_page(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let d = &op.value.doc.updated_on;
    if !is_calendar_date(d) {
        cx.error(
            op.file,
            path(&["operations", name, "doc", "updated_on"], &[]),
            format!("`{d}` is not a YYYY-MM-DD date"),
        );
    }
    let Some(page) = &op.value.doc.page else {
        return;
    };
    let at = path(&["operations", name, "doc", "page"], &[]);
    let plain = !page.is_empty()
        && !page.contains(['/', '\\'])
        && !page.starts_with('.')
        && page.ends_with(".txt");
    if !plain {
        cx.error(
            op.file,
            at.clone(),
            format!("`{page}` is not a page file name: a name in the docs directory ending in `.txt`, without `/`"),
        );
    }
    let first = cx
        .spec
        .operations
        .iter()
        .find(|(_, other)| other.value.doc.page.as_ref() == Some(page))
        .map(|(other, _)| other);
    if let Some(first) = first
        && first != name
    {
        cx.error(
            op.file,
            at,
            format!("page `{page}` is already the page of operation `{first}`: a page documents one operation"),
        );
    }
}

// An authorization row names an IAM action as `service:resource:verb` (three non-empty
// parts, no spaces) with an access level, once per operation; its dependencies are actions
// too.
pub(super) fn check_authorization(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let is_action = |a: &str| {
        let parts: Vec<&str> = a.split(':').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
    };
    let mut seen = BTreeSet::new();
    for row in &op.value.authorization {
        let at = |key: &str| path(&["operations", name, "authorization", &row.action], &[key]);
        if !is_action(&row.action) {
            cx.error(
                op.file,
                at("action"),
                format!(
                    "`{}` is not an IAM action (`service:resource:verb`)",
                    row.action
                ),
            );
        } else if !seen.insert(row.action.as_str()) {
            cx.error(
                op.file,
                at("action"),
                format!("`{}` is listed twice", row.action),
            );
        }
        if row.access_level.trim().is_empty() {
            cx.error(op.file, at("access_level"), "the access level is empty");
        }
        for dependency in row.dependencies.iter().filter(|d| !is_action(d)) {
            cx.error(
                op.file,
                at("dependencies"),
                format!("`{dependency}` is not an IAM action (`service:resource:verb`)"),
            );
        }
    }
}

/// Whether `d` is `YYYY-MM-DD` naming a day that exists.
pub(super) fn is_calendar_date(d: &str) -> bool {
    let shape = d.len() == 10
        && d.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| d[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The `{name}` placeholders of a path template, or a message when it is malformed.
pub fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("has a `}` without a matching `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("has a `{` without a matching `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') || name.contains('/') {
            return Err(format!("has a malformed placeholder `{{{name}}}`"));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(out)
}

// Every path placeholder has a path parameter and every path parameter a placeholder;
// path parameters are required, since a URL cannot omit a segment.
pub(super) fn check_path_template(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let at = |k: &[&str]| path(&["operations", name], k);
    let template = &op.value.path;
    if !template.starts_with('/') {
        cx.error(
            op.file,
            at(&["path"]),
            format!("`{template}` must start with `/`"),
        );
    }
    let holes = match placeholders(template) {
        Ok(h) => h,
        Err(e) => return cx.error(op.file, at(&["path"]), format!("`{template}` {e}")),
    };
    let mut seen = BTreeSet::new();
    for hole in &holes {
        if !seen.insert(hole) {
            cx.error(
                op.file,
                at(&["path"]),
                format!("placeholder `{{{hole}}}` appears twice"),
            );
        }
        let declared = op
            .value
            .parameters
            .iter()
            .any(|p| &p.name == hole && p.location == Location::Path);
        if !declared {
            cx.error(
                op.file,
                at(&["path"]),
                format!("placeholder `{{{hole}}}` has no path parameter named `{hole}`"),
            );
        }
    }
    for p in op
        .value
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        if !holes.contains(&p.name) {
            cx.error(
                op.file,
                at(&["parameters", &p.name]),
                format!(
                    "path parameter `{}` has no `{{{}}}` placeholder in `{template}`",
                    p.name, p.name
                ),
            );
        }
        if !p.required {
            cx.error(
                op.file,
                at(&["parameters", &p.name, "required"]),
                "a path parameter must be required",
            );
        }
    }
}

// Exactly one success (2xx) response says what `send()` returns; error bodies are for
// non-2xx statuses; each body kind carries what it needs and nothing else.
pub(super) fn check_responses(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let responses = &op.value.responses;
    let successes: Vec<_> = responses
        .keys()
        .filter(|s| (200..300).contains(*s))
        .collect();
    if successes.len() != 1 {
        cx.error(
            op.file,
            path(&["operations", name, "responses"], &[]),
            format!("needs exactly one 2xx response, found {}", successes.len()),
        );
    }
    for (status, r) in responses {
        let status_s = status.to_string();
        let at = |k: &[&str]| path(&["operations", name, "responses", &status_s], k);
        if !(100..600).contains(status) {
            cx.error(
                op.file,
                at(&[]),
                format!("{status} is not an HTTP status code"),
            );
        }
        let success = (200..300).contains(status);
        match r.body {
            BodyKind::Error if success => cx.error(
                op.file,
                at(&["body"]),
                "a 2xx response cannot be an error body",
            ),
            // An error status documented without a body.
            BodyKind::Error | BodyKind::None => {}
            _ if !success => cx.error(
                op.file,
                at(&["body"]),
                format!("a {status} response must be `error` or `none` (or documented as a 2xx)"),
            ),
            _ => {}
        }
        let json = matches!(r.body, BodyKind::Json | BodyKind::JsonArray);
        if r.may_be_empty && !(success && json) {
            cx.error(
                op.file,
                at(&["may_be_empty"]),
                "only a 2xx `json` or `json_array` body may be empty",
            );
        }
        // HTTP gives a 204 no content (RFC 9110, 15.3.5): clients drop whatever a server
        // sends after it, so a body documented for one can only be read when it comes
        // with another status.
        if *status == 204 && r.body != BodyKind::None && !(json && r.may_be_empty) {
            cx.error(
                op.file,
                at(&["body"]),
                "a 204 response has no content: declare `body: none`, or a `json` body with \
                 `may_be_empty: true` to read the documented body when it comes with another \
                 2xx status",
            );
        }
        if let Some(value) = &r.value {
            if r.body != BodyKind::Json {
                cx.error(
                    op.file,
                    at(&["value"]),
                    format!("a `{}` body takes no `value` (only `json` does)", r.body),
                );
            } else if r.model.is_some() {
                cx.error(
                    op.file,
                    at(&["value"]),
                    "a `json` body is a `model` or a `value`, not both",
                );
            } else if value.kind == FieldKind::Model {
                cx.error(
                    op.file,
                    at(&["value"]),
                    "a model body is written `model: <name>`",
                );
            } else {
                let value_at = at(&["value"]);
                check_type_ref(
                    cx,
                    op.file,
                    &value_at,
                    value.kind,
                    value.model.as_deref(),
                    value.items,
                );
            }
        }
        let needs_model = match r.body {
            BodyKind::Json => r.value.is_none(),
            BodyKind::JsonArray | BodyKind::Error => true,
            _ => false,
        };
        match (&r.model, needs_model) {
            (None, true) => cx.error(
                op.file,
                at(&["model"]),
                format!("a `{}` body needs `model`", r.body),
            ),
            (Some(_), false) => cx.error(
                op.file,
                at(&["model"]),
                format!("a `{}` body takes no `model`", r.body),
            ),
            (Some(m), true) if !cx.spec.models.contains_key(m) => {
                cx.error(op.file, at(&["model"]), format!("unknown model `{m}`"))
            }
            _ => {}
        }
        if r.body == BodyKind::Error
            && let Some(model) = r.model.as_deref().and_then(|m| cx.spec.models.get(m))
        {
            for required in ["error_code", "error_msg"] {
                if !model
                    .value
                    .fields
                    .iter()
                    .any(|f| f.name == required && f.kind == FieldKind::Scalar(ScalarType::String))
                {
                    cx.error(
                        op.file,
                        at(&["model"]),
                        format!(
                            "error model `{}` needs a string field `{required}`",
                            r.model.as_deref().unwrap_or_default()
                        ),
                    );
                }
            }
        }
        match (&r.envelope, r.body == BodyKind::Envelope) {
            (None, true) => cx.error(
                op.file,
                at(&["envelope"]),
                "an `envelope` body needs `envelope: {result, error}`",
            ),
            (Some(_), false) => cx.error(
                op.file,
                at(&["envelope"]),
                format!("a `{}` body takes no `envelope`", r.body),
            ),
            (Some(env), true) => {
                let base = at(&["envelope"]);
                let result_at: Vec<String> =
                    base.iter().cloned().chain(["result".to_string()]).collect();
                let error_at: Vec<String> =
                    base.iter().cloned().chain(["error".to_string()]).collect();
                check_type_ref(
                    cx,
                    op.file,
                    &result_at,
                    env.result.kind,
                    env.result.model.as_deref(),
                    env.result.items,
                );
                check_type_ref(
                    cx,
                    op.file,
                    &error_at,
                    env.error.kind,
                    env.error.model.as_deref(),
                    env.error.items,
                );
                if let Some(values) = &env.status_values {
                    check_enum_values(
                        cx,
                        op.file,
                        &|k: &[&str]| {
                            base.iter()
                                .cloned()
                                .chain(k.iter().map(|s| s.to_string()))
                                .collect()
                        },
                        ScalarType::String,
                        Some(values),
                    );
                }
            }
            (None, false) => {}
        }
    }
}

// Paging names two integer query parameters of the operation (or, `in: body`, two
// optional integer fields of its body's model): a cursor with a `minimum` (where the walk
// starts unless the request sets it; a required cursor is always set) and a size with a
// positive `maximum` or `default` (the page size unless set); and the operation returns an
// array, whose items the walk yields.
pub(super) fn check_pagination(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let Some(p) = &op.value.pagination else {
        return;
    };
    let at = |k: &[&str]| path(&["operations", name, "pagination"], k);
    // The body model a body walk sets its fields in, when there is one to set them in.
    let body_model = match p.location {
        PageLocation::Query => None,
        PageLocation::Body => match body_page_model(cx, op) {
            Ok(model) => Some(model),
            Err(problem) => {
                cx.error(op.file, at(&["in"]), problem);
                return;
            }
        },
    };
    for (key, wire) in [("cursor", &p.cursor), ("size", &p.size)] {
        let control = match body_model {
            None => page_param(op, wire),
            Some(model) => page_field(model, wire),
        };
        let (constraints, default) = match control {
            Ok(found) => found,
            Err(problem) => {
                cx.error(op.file, at(&[key]), problem);
                continue;
            }
        };
        if key == "cursor" && constraints.minimum.is_none() {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` needs a `minimum`: the walk starts there"),
            );
        }
        let size = Pagination::default_page_size(&constraints, default.as_ref());
        if key == "size" && size.is_none_or(|s| s <= 0) {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` needs a positive `maximum` or `default`: it is the page size"),
            );
        }
    }
    if p.cursor == p.size {
        cx.error(
            op.file,
            at(&["size"]),
            "the cursor and the size must be different parameters",
        );
    }
    match &p.items {
        None => check_page_is_array(cx, name, op),
        Some(items) => check_page_items_field(cx, name, op, items),
    }
}

/// The constraints and default of the query parameter a walk sets.
fn page_param<'a>(
    op: &'a Item<Operation>,
    wire: &str,
) -> Result<(Constraints, &'a Option<Literal>), String> {
    let param = op
        .value
        .parameters
        .iter()
        .find(|q| q.name == wire)
        .ok_or_else(|| format!("`{wire}` is not a parameter of the operation"))?;
    if param.location != Location::Query || !param.ty.is_integer() || param.values.is_some() {
        return Err(format!(
            "`{wire}` must be an integer query parameter without an enum"
        ));
    }
    Ok((param.constraints(), &param.default))
}

/// The model of the body a body walk sets its fields in: a model body the walk can make
/// when the request has none (optional, so the model has no required field), or a
/// required one.
fn body_page_model<'a>(cx: &Cx<'a>, op: &Item<Operation>) -> Result<&'a Model, String> {
    let body = op
        .value
        .body
        .as_ref()
        .ok_or("`in: body` pages through the request body, and the operation has none")?;
    let model = body
        .model
        .as_deref()
        .filter(|_| body.kind == FieldKind::Model)
        .ok_or("`in: body` needs a body of `type: model`")?;
    let Some(m) = cx.spec.models.get(model) else {
        return Err(format!("the body's model `{model}` is not defined"));
    };
    if !body.required && m.value.fields.iter().any(|f| f.required) {
        return Err(format!(
            "the body is optional, so the walk makes one when the request has none; \
             `{model}` has required fields it cannot fill: make the body required"
        ));
    }
    Ok(&m.value)
}

/// The constraints and default of the body field a walk sets.
fn page_field<'a>(
    model: &'a Model,
    wire: &str,
) -> Result<(Constraints, &'a Option<Literal>), String> {
    let field = model
        .fields
        .iter()
        .find(|f| f.name == wire)
        .ok_or_else(|| format!("`{wire}` is not a field of the body's model"))?;
    let integer = matches!(field.kind, FieldKind::Scalar(s) if s.is_integer());
    if !integer || field.values.is_some() || field.required {
        return Err(format!(
            "`{wire}` must be an optional integer field of the body's model without an enum"
        ));
    }
    Ok((field.constraints(), &field.default))
}

// Without `items`, the page is the array itself.
pub(super) fn check_page_is_array(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    // A page that may be empty has no items to walk by.
    let returns_array = op.value.responses.iter().any(|(status, r)| {
        (200..300).contains(status)
            && !r.may_be_empty
            && match r.body {
                BodyKind::JsonArray => true,
                BodyKind::Json => r.value.as_ref().is_some_and(|v| v.kind == FieldKind::Array),
                BodyKind::Envelope => r
                    .envelope
                    .as_ref()
                    .is_some_and(|e| e.result.kind == FieldKind::Array),
                _ => false,
            }
    });
    if !returns_array {
        cx.error(
            op.file,
            path(&["operations", name, "pagination"], &[]),
            "a paginated operation must return an array, never empty (`json_array`, a `json` \
             value of `type: array`, or an envelope whose result is an array), or name the array field of its object with `items`",
        );
    }
}

// With `items`, the first 2xx response is an object (`json`, or an envelope whose result is
// a model) and `items` names one of its model's fields, an array: the walk yields that
// field's items.
pub(super) fn check_page_items_field(cx: &mut Cx, name: &str, op: &Item<Operation>, items: &str) {
    let at = path(&["operations", name, "pagination"], &["items"]);
    let success = op
        .value
        .responses
        .iter()
        .find(|(status, _)| (200..300).contains(*status));
    let model = success.and_then(|(_, r)| match r.body {
        BodyKind::Json if !r.may_be_empty => r.model.as_deref(),
        BodyKind::Envelope => r
            .envelope
            .as_ref()
            .filter(|e| e.result.kind == FieldKind::Model)
            .and_then(|e| e.result.model.as_deref()),
        _ => None,
    });
    let Some(model) = model else {
        cx.error(
            op.file,
            at,
            "`items` names a field of the page's object, but the operation's success body \
             is not an object (`json` with a model and never empty, or an envelope whose \
             result is a model)",
        );
        return;
    };
    let Some(m) = cx.spec.models.get(model) else {
        return; // An unknown model is reported where it is named.
    };
    match m.value.fields.iter().find(|f| f.name == items) {
        Some(f) if f.kind == FieldKind::Array => {}
        Some(_) => cx.error(
            op.file,
            at,
            format!("`{model}.{items}` is not an array, so it cannot hold the page's items"),
        ),
        None => {
            let fields: Vec<&str> = m.value.fields.iter().map(|f| f.name.as_str()).collect();
            cx.error(
                op.file,
                at,
                format!(
                    "model `{model}` has no field `{items}` (fields: {})",
                    fields.join(", ")
                ),
            );
        }
    }
}
