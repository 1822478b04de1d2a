//! The draft as YAML, laid out as the hand-written spec files are: the operation (doc,
//! endpoint, authorization, parameters, body, responses, examples), then the models the
//! page's tables define. Free text is double-quoted (JSON escapes are YAML's too);
//! example bodies are block literals, indented by their brackets.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Known, Options, Shape, TypeFacts, model_name, scalar_name, shape};
use crate::names;
use crate::page::{Facts, Page, PageType, Role, Row};
use crate::spec::ScalarType;

pub(super) struct Input<'a> {
    pub page: &'a Page,
    pub options: &'a Options,
    pub operation: &'a str,
    pub service: Option<&'a str>,
    pub notes: Vec<String>,
}

/// A model the draft defines: its name and the rows of its table.
struct ModelDraft<'a> {
    name: String,
    description: String,
    rows: Vec<&'a Row>,
}

pub(super) fn draft(input: &Input) -> String {
    let mut out = String::new();
    let page = input.page;
    let camel = names::camel(input.operation);
    let mut models: Vec<ModelDraft> = Vec::new();
    header(&mut out, input);
    out.push_str("operations:\n");
    let _ = writeln!(out, "  {}:", input.operation);
    let _ = writeln!(out, "    service: {}", input.service.unwrap_or("TODO"));
    doc(&mut out, input);
    let method = page.method.as_ref().map_or("TODO", |m| m.value.as_str());
    let _ = writeln!(out, "    method: {method}");
    let path = page.path.as_ref().map_or("TODO", |p| p.value.as_str());
    let _ = writeln!(out, "    path: {path}");
    let function = page.function.as_ref().map_or("", |f| f.value.as_str());
    let _ = writeln!(out, "    summary: {}", quote(function));
    let _ = writeln!(out, "    description: {}", quote(function));
    if let Some(deprecated) = &page.deprecated {
        let _ = writeln!(out, "    deprecated: {}", quote(&deprecated.value));
    }
    authorization(&mut out, page);
    parameters(&mut out, page, &input.options.known, &camel);
    let body_rows: Vec<&Row> = page.rows(&Role::Body).collect();
    if !body_rows.is_empty() {
        let name = format!("{camel}RequestBody");
        out.push_str("    body:\n");
        let _ = writeln!(out, "      description: {}", quote("The request body."));
        out.push_str("      type: model\n");
        let _ = writeln!(out, "      model: {name}");
        if body_rows.iter().any(|r| r.mandatory == Some(true)) {
            out.push_str("      required: true\n");
        }
        models.push(ModelDraft {
            name,
            description: "The request body.".into(),
            rows: body_rows,
        });
    }
    responses(&mut out, page, &camel, &mut models);
    examples(&mut out, page);
    object_models(page, &input.options.known.models, &camel, &mut models);
    let needs_error = statuses(page)
        .iter()
        .any(|s| shape(page, *s) == Shape::Error);
    if !models.is_empty() || (needs_error && !input.options.known.models.contains("ErrorBody")) {
        out.push_str("\nmodels:\n");
    }
    for model in &models {
        model_entry(&mut out, model, &camel);
    }
    if needs_error && !input.options.known.models.contains("ErrorBody") {
        out.push_str(ERROR_BODY);
    }
    out
}

const ERROR_BODY: &str = "  ErrorBody:\n    description: \"Error body: a service error code and a message.\"\n    fields:\n      - name: error_code\n        type: string\n        description: \"Service error code.\"\n      - name: error_msg\n        type: string\n        description: \"Explanation of the error.\"\n";

fn header(out: &mut String, input: &Input) {
    let _ = writeln!(
        out,
        "# Drafted by `cargo xtask import` from {}. Review it before committing:",
        input.options.page_file
    );
    out.push_str(
        "# - every description, summary and note is the page's own text: rewrite each in the\n\
         #   project's words;\n\
         # - `inferred:` marks each guess the draft makes; confirm or correct it;\n",
    );
    for note in &input.notes {
        let _ = writeln!(out, "# - {note}");
    }
    if !input.page.unplaced.is_empty() {
        out.push_str("# Lines of the page the reader could not place (encode them by hand):\n");
        for u in &input.page.unplaced {
            let _ = writeln!(out, "# - line {}: {} ({})", u.line, u.text, u.why);
        }
    }
    out.push('\n');
}

fn doc(out: &mut String, input: &Input) {
    let page = input.page;
    out.push_str("    doc:\n");
    let title = page.title.as_ref().map_or("", |t| t.value.as_str());
    let _ = writeln!(out, "      title: {}", quote(title));
    let section = page.section.as_ref().map_or("", |s| s.value.as_str());
    let _ = writeln!(out, "      section: {}", quote(section));
    // A page without a date fails validation here, which says what to fill in.
    let date = page
        .updated_on
        .as_ref()
        .map_or("YYYY-MM-DD", |d| d.value.as_str());
    let _ = writeln!(out, "      updated_on: {}", quote(date));
    let _ = writeln!(out, "      page: {}", input.options.page_file);
}

fn authorization(out: &mut String, page: &Page) {
    if page.authorization.is_empty() {
        return;
    }
    out.push_str("    authorization:\n");
    for row in &page.authorization {
        let _ = writeln!(out, "      - action: {}", row.value.action);
        let _ = writeln!(
            out,
            "        access_level: {}",
            quote(&row.value.access_level)
        );
    }
}

fn parameters(out: &mut String, page: &Page, known: &Known, camel: &str) {
    let rows: Vec<(&str, &Row)> = [
        (Role::Path, "path"),
        (Role::Query, "query"),
        (Role::Header, "header"),
    ]
    .into_iter()
    .flat_map(|(role, location)| {
        page.rows(&role)
            .map(move |row| (location, row))
            .collect::<Vec<_>>()
    })
    .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("    parameters:\n");
    for (location, row) in rows {
        let indent = "        ";
        let _ = writeln!(out, "      - name: {}", row.name);
        let _ = writeln!(out, "{indent}in: {location}");
        rust_name(out, indent, &row.name);
        let scalar = row.ty.as_ref().and_then(ScalarType::of_page_type);
        let _ = writeln!(
            out,
            "{indent}type: {}",
            scalar.map_or("string".to_string(), |s| s.to_string())
        );
        if location == "path" || row.mandatory == Some(true) {
            let _ = writeln!(out, "{indent}required: true");
        }
        let _ = writeln!(out, "{indent}description: {}", quote(&definition(row)));
        let scalar_or_text = scalar.unwrap_or(ScalarType::String);
        constraints(out, indent, &row.facts, scalar_or_text);
        let token = location == "header"
            && known
                .token_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&row.name));
        if let Some(name) = type_name(row, scalar_or_text, token, known, camel) {
            let _ = writeln!(out, "{indent}type_name: {name}");
        }
        if token {
            // The credentials fill it.
            let _ = writeln!(out, "{indent}sensitive: true");
            let _ = writeln!(out, "{indent}auth: true");
        }
        if scalar.is_none() {
            let _ = writeln!(
                out,
                "{indent}inferred: {}",
                quote(&format!(
                    "The page types it `{}`; a parameter is sent as text.",
                    row.ty_text
                ))
            );
        }
    }
}

/// The type name of a parameter that needs a type of its own: a type of the spec with
/// the same facts is shared; else its own name, unless the spec uses that name for other
/// facts, when the operation's name goes first. `None` where lowering's own name serves.
fn type_name(
    row: &Row,
    scalar: ScalarType,
    token: bool,
    known: &Known,
    camel: &str,
) -> Option<String> {
    let f = &row.facts;
    let needs = f.bounds.is_some()
        || f.length.is_some()
        || !f.values.is_empty()
        || f.default.is_some()
        || scalar.always_checked();
    if !needs {
        return None;
    }
    let facts = TypeFacts::of_row(row, scalar, token);
    let own = names::camel(&row.name);
    if known.param_types.get(&own) == Some(&facts) {
        return None;
    }
    if let Some((shared, _)) = known.param_types.iter().find(|(_, t)| **t == facts) {
        return Some(shared.clone());
    }
    known
        .param_types
        .contains_key(&own)
        .then(|| format!("{camel}{own}"))
}

/// Minimum and maximum, lengths, values, default, deprecation and the rule in words.
fn constraints(out: &mut String, indent: &str, facts: &Facts, scalar: ScalarType) {
    if let Some((_, bounds)) = facts.bounds {
        if let Some(min) = bounds.min {
            let _ = writeln!(out, "{indent}minimum: {min}");
        }
        if let Some(max) = bounds.max {
            let _ = writeln!(out, "{indent}maximum: {max}");
        }
    }
    if let Some((_, length)) = facts.length {
        match (length.min, length.max) {
            (Some(min), Some(max)) if min == max => {
                let _ = writeln!(out, "{indent}length: {min}");
            }
            (min, max) => {
                if let Some(min) = min {
                    let _ = writeln!(out, "{indent}min_length: {min}");
                }
                if let Some(max) = max {
                    let _ = writeln!(out, "{indent}max_length: {max}");
                }
            }
        }
    }
    if let Some((_, rule)) = &facts.rule {
        let _ = writeln!(
            out,
            "{indent}# The page's rule on characters, to write as a `pattern`: {rule}."
        );
    }
    if let Some((_, default)) = &facts.default {
        let _ = writeln!(out, "{indent}default: {}", literal(default, scalar));
    }
    if !facts.values.is_empty() {
        let _ = writeln!(out, "{indent}enum:");
        for (_, value) in &facts.values {
            let _ = writeln!(out, "{indent}  - value: {}", literal(&value.value, scalar));
            if scalar.is_integer() {
                let _ = writeln!(
                    out,
                    "{indent}    name: {}",
                    names::camel(&format!("code_{}", value.value))
                );
            }
            let description = value
                .description
                .clone()
                .unwrap_or_else(|| value.value.clone());
            let _ = writeln!(out, "{indent}    description: {}", quote(&description));
        }
    }
    if facts.deprecated.is_some() {
        let _ = writeln!(out, "{indent}deprecated: \"\"");
    }
}

fn statuses(page: &Page) -> Vec<u16> {
    let mut statuses: BTreeSet<u16> = page.status_codes.iter().map(|s| s.value.0).collect();
    statuses.extend(page.responses.iter().map(|r| r.status));
    statuses.into_iter().collect()
}

fn responses<'a>(out: &mut String, page: &'a Page, camel: &str, models: &mut Vec<ModelDraft<'a>>) {
    out.push_str("    responses:\n");
    for status in statuses(page) {
        let described = page
            .status_codes
            .iter()
            .find(|s| s.value.0 == status)
            .map(|s| s.value.1.clone())
            .or_else(|| {
                page.responses
                    .iter()
                    .find(|r| r.status == status)
                    .and_then(|r| r.description.clone())
            })
            .unwrap_or_else(|| format!("Status {status}."));
        let _ = writeln!(out, "      {status}:");
        let _ = writeln!(out, "        description: {}", quote(&described));
        match shape(page, status) {
            Shape::None => out.push_str("        body: none\n"),
            Shape::Error => out.push_str("        body: error\n        model: ErrorBody\n"),
            Shape::Array(PageType::Array(item)) => match &*item {
                PageType::Object(name) => {
                    let name = model_name(name, camel);
                    let _ = writeln!(out, "        body: json_array\n        model: {name}");
                }
                scalar => {
                    let items = scalar_name(scalar).unwrap_or_else(|| "string".into());
                    let _ = writeln!(
                        out,
                        "        body: json\n        value:\n          type: array\n          items: {items}"
                    );
                }
            },
            Shape::Array(_) => out.push_str("        body: none\n"),
            Shape::Envelope => envelope(out, page, status, camel),
            Shape::Object => {
                let name = if (200..300).contains(&status) {
                    format!("{camel}ResponseBody")
                } else {
                    format!("{camel}Response{status}Body")
                };
                let _ = writeln!(out, "        body: json\n        model: {name}");
                models.push(ModelDraft {
                    name,
                    description: described.clone(),
                    rows: page.rows(&Role::Response(status)).collect(),
                });
            }
        }
    }
}

fn envelope(out: &mut String, page: &Page, status: u16, camel: &str) {
    out.push_str("        body: envelope\n        envelope:\n");
    for part in ["result", "error"] {
        let row = page.rows(&Role::Response(status)).find(|r| r.name == part);
        let _ = writeln!(out, "          {part}:");
        type_ref(out, "            ", row.and_then(|r| r.ty.as_ref()), camel);
    }
    let status_row = page
        .rows(&Role::Response(status))
        .find(|r| r.name == "status");
    if let Some(row) = status_row.filter(|r| !r.facts.values.is_empty()) {
        out.push_str("          status_values:\n");
        for (_, value) in &row.facts.values {
            let _ = writeln!(out, "            - value: {}", quote(&value.value));
            let description = value
                .description
                .clone()
                .unwrap_or_else(|| value.value.clone());
            let _ = writeln!(out, "              description: {}", quote(&description));
        }
    }
}

/// `type:` and its `model:` or `items:`, for a page type.
fn type_ref(out: &mut String, indent: &str, ty: Option<&PageType>, camel: &str) {
    let scalar_or_string = |t: &PageType| scalar_name(t).unwrap_or_else(|| "string".into());
    match ty {
        Some(PageType::Object(name)) if name != "Object" => {
            let name = model_name(name, camel);
            let _ = writeln!(out, "{indent}type: model\n{indent}model: {name}");
        }
        Some(PageType::Object(_)) => {
            let _ = writeln!(out, "{indent}type: map\n{indent}items: string");
            let _ = writeln!(
                out,
                "{indent}inferred: {}",
                quote("The page types it a bare Object; the draft reads it as a map of strings.")
            );
        }
        Some(PageType::Array(item) | PageType::Map(item)) => {
            let kind = if matches!(ty, Some(PageType::Array(_))) {
                "array"
            } else {
                "map"
            };
            match &**item {
                PageType::Object(name) => {
                    let name = model_name(name, camel);
                    let _ = writeln!(out, "{indent}type: {kind}\n{indent}model: {name}");
                }
                scalar => {
                    let _ = writeln!(
                        out,
                        "{indent}type: {kind}\n{indent}items: {}",
                        scalar_or_string(scalar)
                    );
                }
            }
        }
        Some(scalar) => {
            let _ = writeln!(out, "{indent}type: {}", scalar_or_string(scalar));
        }
        None => {
            let _ = writeln!(out, "{indent}type: string");
            let _ = writeln!(
                out,
                "{indent}inferred: {}",
                quote("The page's type is unreadable; the draft reads it as text.")
            );
        }
    }
}

/// The page's object tables, as models, unless the spec has them already.
fn object_models<'a>(
    page: &'a Page,
    known: &BTreeSet<String>,
    camel: &str,
    models: &mut Vec<ModelDraft<'a>>,
) {
    for table in &page.tables {
        let Role::Object(object) = &table.role else {
            continue;
        };
        let name = model_name(object, camel);
        if known.contains(&name) || models.iter().any(|m| m.name == name) {
            continue;
        }
        models.push(ModelDraft {
            name,
            description: format!("The page's {object} object."),
            rows: table.rows.iter().collect(),
        });
    }
}

fn model_entry(out: &mut String, model: &ModelDraft, camel: &str) {
    let _ = writeln!(out, "  {}:", model.name);
    let _ = writeln!(out, "    description: {}", quote(&model.description));
    out.push_str("    fields:\n");
    for row in &model.rows {
        let indent = "        ";
        let _ = writeln!(out, "      - name: {}", row.name);
        rust_name(out, indent, &row.name);
        type_ref(out, indent, row.ty.as_ref(), camel);
        if row.mandatory == Some(true) {
            let _ = writeln!(out, "{indent}required: true");
        }
        let _ = writeln!(out, "{indent}description: {}", quote(&definition(row)));
        let scalar = row
            .ty
            .as_ref()
            .and_then(ScalarType::of_page_type)
            .unwrap_or(ScalarType::String);
        constraints(out, indent, &row.facts, scalar);
    }
}

fn examples(out: &mut String, page: &Page) {
    let request = page.example_request.as_ref();
    let body = page.example_request_body.as_ref();
    if request.is_none() && body.is_none() && page.example_responses.is_empty() {
        return;
    }
    out.push_str("    examples:\n");
    if let Some(request) = request {
        let _ = writeln!(out, "      request: {}", quote(&request.value));
    }
    if let Some(body) = body {
        out.push_str("      request_body: |\n");
        block(out, "        ", &body.value);
    }
    let with_body: Vec<_> = page
        .example_responses
        .iter()
        .filter(|e| e.value.body.is_some())
        .collect();
    if with_body.is_empty() {
        return;
    }
    out.push_str("      responses:\n");
    for example in with_body {
        let _ = writeln!(out, "        - status: {}", example.value.status);
        let title = example.value.title.clone().unwrap_or_default();
        let _ = writeln!(out, "          title: {}", quote(&title));
        out.push_str("          body: |\n");
        block(
            out,
            "            ",
            example.value.body.as_deref().unwrap_or_default(),
        );
    }
}

/// JSON as a block literal, each line indented by its bracket depth (the reader keeps
/// the text of each line, not its indentation).
fn block(out: &mut String, indent: &str, json: &str) {
    let mut depth = 0usize;
    for line in json.lines() {
        let line = line.trim();
        let closes = line.starts_with(['}', ']']);
        let here = if closes {
            depth.saturating_sub(1)
        } else {
            depth
        };
        let _ = writeln!(out, "{indent}{}{line}", "  ".repeat(here));
        let (opened, closed) = crate::page::brackets(line);
        depth = (depth + opened).saturating_sub(closed);
    }
}

/// A name that snake-cases to a Rust keyword (`ref`) gets a `rust_name` the draft makes up
/// (`ref_value`), for the maintainer to improve.
fn rust_name(out: &mut String, indent: &str, wire: &str) {
    let snake = names::snake(wire);
    if names::is_keyword(&snake) {
        let _ = writeln!(out, "{indent}rust_name: {snake}_value");
        let _ = writeln!(
            out,
            "{indent}# `{snake}` is a Rust keyword: name the argument or field for what it holds."
        );
    }
}

fn definition(row: &Row) -> String {
    if row.facts.definition.trim().is_empty() {
        row.name.clone()
    } else {
        row.facts.definition.clone()
    }
}

/// A literal of `scalar`: a number or boolean as it reads, text quoted.
fn literal(text: &str, scalar: ScalarType) -> String {
    let plain = text.trim();
    let fits = match scalar {
        ScalarType::Int32 | ScalarType::Int64 => plain.parse::<i64>().is_ok(),
        ScalarType::Number => plain.parse::<f64>().is_ok_and(f64::is_finite),
        ScalarType::Boolean => matches!(plain, "true" | "false"),
        ScalarType::String => false,
    };
    if fits {
        plain.to_string()
    } else {
        quote(plain)
    }
}

/// A double-quoted YAML scalar.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}
