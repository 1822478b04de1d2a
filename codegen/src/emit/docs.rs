//! Renders the generated crate's README (`generated-client/README.md`) from the IR
//! with minijinja. Strict undefined behaviour turns a renamed IR field into an error
//! instead of a blank in the document.
//!
//! Spec text reaches the template already rendered as Markdown that shows the text and
//! nothing more (`util::prose`, `util::code`, and `cell` inside tables); minijinja
//! inserts values without interpreting them, so `{{ }}` in a description stays text.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::util::{code, constraint_words, ident, prose};
use crate::ir::{Ir, Literal, Param, ParamTy, Success, TypeIr};

const TEMPLATE: &str = include_str!("readme.md.j2");

#[derive(Serialize)]
struct Context<'a> {
    header: &'a str,
    services: Vec<ServiceView>,
    operations: Vec<OperationView<'a>>,
    quirks: Vec<QuirkView<'a>>,
    inferred: Vec<InferredView>,
}

/// A fact the pages do not state, where the spec has it, and where it comes from.
#[derive(Serialize)]
struct InferredView {
    at: String,
    why: String,
}

#[derive(Serialize)]
struct ServiceView {
    variant: String,
    title: String,
    default_host: String,
    regions: String,
}

#[derive(Serialize)]
struct QuirkView<'a> {
    id: &'a str,
    applies_to: String,
    observed: String,
    decision: String,
}

#[derive(Serialize)]
struct OperationView<'a> {
    name: &'a str,
    title: String,
    section: String,
    updated_on: &'a str,
    /// `GET /path` as a code span, and as a table cell.
    http: String,
    http_cell: String,
    service: &'a str,
    summary: String,
    description: String,
    returns: String,
    /// A call with placeholder arguments, e.g. `client.list_files_by_query(0, "…", "…").send().await?`.
    example_call: String,
    paged: bool,
    /// Whether the page shows an example response.
    example_documented: bool,
    params: Vec<ParamView>,
    responses: Vec<ResponseView>,
    quirks: &'a [String],
    /// The page's deprecation note, as a sentence; empty when not deprecated.
    deprecated: String,
    /// The IAM actions of the page's authorization table, each `action` (level).
    permissions: Vec<String>,
    /// Whether the client retries the call after it may have reached the service.
    idempotent: bool,
}

#[derive(Serialize)]
struct ParamView {
    wire: String,
    rust: String,
    location: String,
    how: String,
    rust_type: String,
    constraints: String,
    default: String,
    description: String,
}

#[derive(Serialize)]
struct ResponseView {
    status: u16,
    description: String,
    body: String,
}

pub fn readme(ir: &Ir) -> Result<String, String> {
    let env = crate::template::environment("api", TEMPLATE, "README")?;
    let operations: Vec<OperationView> = ir
        .operations
        .iter()
        .map(|op| OperationView {
            name: &op.name,
            title: prose(&op.doc_title),
            section: prose(&op.doc_section),
            updated_on: &op.doc_updated_on,
            http: code(&format!("{} {}", op.method, op.path)),
            http_cell: cell(&code(&format!("{} {}", op.method, op.path))),
            service: &op.service_variant,
            summary: prose(&op.summary),
            description: prose(&op.description),
            returns: match &op.success {
                Success::None => "`()`".into(),
                Success::Binary => "`BinaryResponse`".into(),
                Success::Json(t) | Success::Envelope(t) => format!("`{}`", type_text(t)),
                Success::MaybeJson(t) => format!("`Option<{}>`", type_text(t)),
            },
            example_call: example_call(op),
            paged: op.pagination.is_some(),
            example_documented: !op.example_responses.is_empty(),
            params: op.params.iter().map(param_view).collect(),
            responses: op
                .responses
                .iter()
                .map(|r| ResponseView {
                    status: r.status,
                    description: cell(&prose(&r.description)),
                    body: match (&r.model, &r.value, &r.envelope) {
                        (Some(m), _, _) => format!("{} `{m}`", r.body),
                        (None, Some(t), _) => format!("{} `{}`", r.body, type_text(t)),
                        (None, None, Some(e)) => format!(
                            "envelope of `{}` (error: `{}`)",
                            type_text(&e.result),
                            type_text(&e.error)
                        ),
                        (None, None, None) => r.body.to_string(),
                    },
                })
                .collect(),
            quirks: &op.quirks,
            deprecated: op
                .deprecated
                .as_deref()
                .map(super::util::deprecated_note)
                .unwrap_or_default(),
            permissions: op
                .authorization
                .iter()
                .map(|r| format!("{} ({})", code(&r.action), prose(&r.access_level)))
                .collect(),
            idempotent: op.idempotent,
        })
        .collect();
    let template = env.get_template("api").map_err(|e| e.to_string())?;
    let rendered = template
        .render(Value::from(Serde(Context {
            operations,
            quirks: ir.quirks.iter().map(quirk_view).collect(),
            services: ir.services.iter().map(service_view).collect(),
            inferred: inferred_facts(ir),
            header: super::HEADER,
        })))
        .map_err(|e| format!("README template: {e}"))?;
    Ok(collapse_blank_lines(&rendered))
}

/// Every `inferred` of the IR, in the order the README lists services, operations and
/// models, so that a reader sees in one place what the pages do not say.
fn inferred_facts(ir: &Ir) -> Vec<InferredView> {
    let mut facts = Vec::new();
    let mut add = |at: String, why: &Option<String>| {
        if let Some(why) = why {
            facts.push(InferredView {
                at,
                why: cell(&prose(why)),
            });
        }
    };
    for s in &ir.services {
        add(format!("service `{}`: its hosts", s.variant), &s.inferred);
    }
    for op in &ir.operations {
        for p in &op.params {
            add(
                format!("`{}`, parameter `{}`", op.name, p.wire),
                &p.inferred,
            );
        }
        for r in &op.responses {
            add(format!("`{}`, response {}", op.name, r.status), &r.inferred);
        }
    }
    for m in &ir.models {
        add(format!("model `{}`", m.name), &m.inferred);
        for f in &m.fields {
            add(
                format!("model `{}`, field `{}`", m.name, f.wire),
                &f.inferred,
            );
        }
    }
    facts
}

/// Template control lines leave runs of blank lines; Markdown needs at most one.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.trim_end().lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(if is_blank { "" } else { line });
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}

/// Text inside a Markdown table cell: one line, and a `|` (even in a code span) does not
/// end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn service_view(s: &crate::ir::Service) -> ServiceView {
    ServiceView {
        variant: s.variant.clone(),
        title: cell(&prose(&s.title)),
        default_host: cell(&code(&s.default_host)),
        regions: s
            .region_hosts
            .iter()
            .map(|(region, _)| cell(&prose(region)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn quirk_view(q: &crate::ir::Quirk) -> QuirkView<'_> {
    QuirkView {
        id: &q.id,
        applies_to: q
            .applies_to
            .iter()
            .map(|a| code(a))
            .collect::<Vec<_>>()
            .join(", "),
        observed: prose(q.observed.trim()),
        decision: prose(q.decision.trim()),
    }
}

fn param_view(p: &Param) -> ParamView {
    let (how, rust_type) = match (&p.ty, p.auth) {
        (_, true) => ("client token".to_string(), "-".to_string()),
        (ParamTy::Plain, _) => (how(p), format!("`{}`", p.scalar)),
        (ParamTy::Newtype(t) | ParamTy::Enum(t), _) => (how(p), format!("`{t}`")),
    };
    ParamView {
        wire: cell(&code(&p.wire)),
        rust: if p.auth {
            "-".into()
        } else {
            format!("`{}`", p.rust_name)
        },
        location: p.location.to_string(),
        how,
        rust_type,
        constraints: cell(&constraint_words(&p.constraints).join("; ")),
        default: p
            .default
            .as_ref()
            .map(|d| {
                cell(&code(&match d {
                    Literal::Str(_) => d.wire_text(),
                    _ => d.to_string(),
                }))
            })
            .unwrap_or_default(),
        description: cell(&prose(&p.description)),
    }
}

fn how(p: &Param) -> String {
    if p.is_positional() {
        "argument".into()
    } else {
        "setter".into()
    }
}

fn type_text(t: &TypeIr) -> String {
    match t {
        TypeIr::Scalar(s) => s.to_string(),
        TypeIr::Enum(n) | TypeIr::Model(n) => n.clone(),
        TypeIr::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeIr::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
    }
}

fn example_call(op: &crate::ir::Operation) -> String {
    let args: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.is_positional())
        .map(|p| {
            if p.scalar.is_integer() {
                "1"
            } else {
                "\"…\""
            }
        })
        .collect();
    let awaited = if op.pagination.is_some() {
        ".into_items().try_collect_all().await?"
    } else {
        ".send().await?"
    };
    format!("client.{}({}){awaited}", ident(&op.name), args.join(", "))
}
