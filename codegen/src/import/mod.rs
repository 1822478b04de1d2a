//! A spec file drafted from a page: what the page reader recovered, in the spec's keys
//! and the project's naming conventions, with `inferred:` on every guess and a comment
//! block listing what the reader could not place and what the maintainer must decide.
//!
//! [`import`] decides the draft's shape here (the operation's name, its service, the
//! parameters, body, models and responses the page's tables make); `write.rs` spells it
//! as YAML in the layout the hand-written spec uses. The draft is text: the maintainer
//! reviews it, and validation tells what is still missing, with its line.

mod write;

use std::collections::{BTreeMap, BTreeSet};

use crate::names;
use crate::page::{Page, PageType, Role, Row};
use crate::spec::ScalarType;

/// What the importer knows of the spec the draft joins.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// `(key, title)` of each service (`repo`, `CodeArts Repo`).
    pub services: Vec<(String, String)>,
    /// Headers the credentials fill (`X-Auth-Token`).
    pub token_headers: Vec<String>,
    /// Models the spec defines already (`ErrorBody`), which the draft uses instead of
    /// defining them again.
    pub models: BTreeSet<String>,
    /// The spec's parameter types by name: a draft's parameter of the same facts shares
    /// one (as `AuthToken` is shared), and one of other facts does not take its name.
    pub param_types: BTreeMap<String, TypeFacts>,
}

/// What decides whether two parameters may share a type: the scalar and every
/// constraint, enum value, default and sensitivity, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFacts {
    pub scalar: ScalarType,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A page states no pattern, so a type with one is never shared with a draft's.
    pub pattern: bool,
    pub values: Vec<String>,
    pub default: Option<String>,
    pub sensitive: bool,
}

impl TypeFacts {
    /// The facts of a spec parameter.
    pub fn of_parameter(p: &crate::spec::Parameter) -> TypeFacts {
        let c = p.constraints();
        let (min_length, max_length) = c.length_bounds();
        TypeFacts {
            scalar: p.ty,
            minimum: c.minimum.map(|n| n.to_string()),
            maximum: c.maximum.map(|n| n.to_string()),
            min_length,
            max_length,
            pattern: c.pattern.is_some(),
            values: p
                .values
                .iter()
                .flatten()
                .map(|v| v.value.wire_text())
                .collect(),
            default: p.default.as_ref().map(|d| d.wire_text()),
            sensitive: p.sensitive,
        }
    }

    /// The facts a page row states, as the draft encodes them.
    pub(crate) fn of_row(row: &Row, scalar: ScalarType, sensitive: bool) -> TypeFacts {
        let f = &row.facts;
        let bounds = f.bounds.map(|(_, b)| b);
        let length = f.length.map(|(_, l)| l);
        TypeFacts {
            scalar,
            minimum: bounds.and_then(|b| b.min).map(|n| n.to_string()),
            maximum: bounds.and_then(|b| b.max).map(|n| n.to_string()),
            min_length: length.and_then(|l| l.min),
            max_length: length.and_then(|l| l.max),
            pattern: false,
            values: f.values.iter().map(|(_, v)| v.value.clone()).collect(),
            default: f.default.as_ref().map(|(_, d)| d.clone()),
            sensitive,
        }
    }
}

/// The name a page's object gets in the draft: its own, unless the client crate reserves
/// it (`Error`), when the operation's name goes first (`ShowFileError`).
pub(crate) fn model_name(object: &str, operation_camel: &str) -> String {
    let reserved =
        names::RESERVED_TYPES.contains(&object) || names::USED_UNQUALIFIED.contains(&object);
    if reserved {
        format!("{operation_camel}{object}")
    } else {
        object.to_string()
    }
}

/// How to draft.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's file name, for `doc.page`.
    pub page_file: String,
    /// The service key; else the one whose title the breadcrumb starts with.
    pub service: Option<String>,
    /// The operation's name; else drafted from the method and path.
    pub name: Option<String>,
    pub known: Known,
}

/// The draft: its YAML text and the operation it defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub operation: String,
    pub text: String,
}

/// Drafts the spec file of the operation on `page`.
pub fn import(page: &Page, options: &Options) -> Draft {
    let sdk_name = page.sdk_name.as_ref().map(|n| names::snake(&n.value));
    let operation = options
        .name
        .clone()
        .or_else(|| sdk_name.clone())
        .unwrap_or_else(|| drafted_name(page));
    let mut notes = Vec::new();
    if options.name.is_none() && sdk_name.is_none() {
        notes.push(format!(
            "`{operation}` is drafted from the method and path: name the operation as the official SDKs do (the page's address carries it: ListProjectRepositories.html is list_project_repositories)."
        ));
    }
    let service = options
        .service
        .clone()
        .or_else(|| service_of(page, &options.known));
    if service.is_none() {
        notes.push(
            "No service's title matches the breadcrumb: set `service` (or pass --service).".into(),
        );
    }
    let text = write::draft(&write::Input {
        page,
        options,
        operation: &operation,
        service: service.as_deref(),
        notes,
    });
    Draft { operation, text }
}

/// `create_labels` from `POST /v4/repositories/{repository_id}/labels`: a verb by the
/// method (a GET of a collection lists, of one item shows) and the last fixed segments.
fn drafted_name(page: &Page) -> String {
    let method = page.method.as_ref().map_or("GET", |m| m.value.as_str());
    let path = page.path.as_ref().map_or("", |p| p.value.as_str());
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| !is_version(s))
        .collect();
    let ends_in_item = segments.last().is_some_and(|s| s.starts_with('{'));
    let noun = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{'))
        .map_or("resource".to_string(), |s| names::snake(s));
    let verb = match (method, ends_in_item) {
        ("GET", false) => "list",
        ("GET", true) => "show",
        ("POST", _) => "create",
        ("PUT" | "PATCH", _) => "update",
        ("DELETE", _) => "delete",
        _ => "call",
    };
    let noun = if verb == "show" {
        singular(&noun)
    } else {
        noun
    };
    format!("{verb}_{noun}")
}

/// `repositories` → `repository`, `files` → `file`.
fn singular(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        noun.strip_suffix('s').unwrap_or(noun).to_string()
    }
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The service whose title ends the breadcrumb's first part (`CodeArts Repo`).
fn service_of(page: &Page, known: &Known) -> Option<String> {
    let product = page
        .section
        .as_ref()?
        .value
        .split(" / ")
        .next()?
        .trim()
        .to_string();
    known
        .services
        .iter()
        // The Chinese edition puts the product's Chinese name first: 代码托管 CodeArts Repo.
        .find(|(_, title)| product == *title || product.ends_with(&format!(" {title}")))
        .map(|(key, _)| key.clone())
}

/// How a response's table reads: which body kind it drafts as.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// No table.
    None,
    /// `error_code` and `error_msg`.
    Error,
    /// One `[items]` row naming the array's items.
    Array(PageType),
    /// `error`, `result` and `status`.
    Envelope,
    /// Any other object.
    Object,
}

fn shape(page: &Page, status: u16) -> Shape {
    let rows: Vec<&Row> = page.rows(&Role::Response(status)).collect();
    let names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    match rows.as_slice() {
        [] => Shape::None,
        [row] if row.name == "[items]" => match &row.ty {
            Some(ty @ PageType::Array(_)) => Shape::Array(ty.clone()),
            _ => Shape::Object,
        },
        _ if names == BTreeSet::from(["error_code", "error_msg"]) => Shape::Error,
        _ if names == BTreeSet::from(["error", "result", "status"]) => Shape::Envelope,
        _ => Shape::Object,
    }
}

/// The spec's name of a page scalar type (`int32` for `Integer`).
fn scalar_name(ty: &PageType) -> Option<String> {
    ScalarType::of_page_type(ty).map(|s| s.to_string())
}

#[cfg(test)]
mod tests;
