//! What a spec change means, for the wire and for the Rust API of the regenerated crate.
//!
//! [`diff`] compares two lowered specs (IRs, not YAML: names, types, constraints and
//! references are resolved there) and returns a [`Report`]: one [`Change`] per difference,
//! each with a stable rule id, where it is, what it means, and two verdicts:
//!
//! - `wire`: an existing client, built from the old spec, calls the service as the new
//!   spec describes it. Are its requests still accepted, and are the responses it gets
//!   still decoded, with the same meaning?
//! - `rust_api`: code written against the crate generated from the old spec is rebuilt
//!   against the crate generated from the new one. Does it still compile, and does each
//!   item it names mean the same thing?
//!
//! One function per kind of comparison: operations and services and quirks here,
//! parameters in `request`, responses and models in `response`. The report also lists
//! the public Rust items that appear, disappear or change signature (`rust_api`, from
//! generating both sides in memory), and the semver bump the crate needs. Rendering is in
//! `render`. Everything is sorted, so the same two specs always give the same report.

mod body;
pub mod render;
mod request;
mod response;
pub mod rust_api;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Serialize, Serializer};

use crate::Diagnostics;
use crate::ir::{Ir, Operation, PathPiece};

pub use rust_api::ItemChange;

/// Whether existing users keep working after the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Breaking,
    Compatible,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Breaking => "breaking",
            Verdict::Compatible => "compatible",
        })
    }
}

/// The version bump the regenerated crate needs, smallest first. `None` only when
/// nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

impl Bump {
    /// What the bump means for a 0.x crate, where Cargo treats `0.x.y` → `0.x.(y+1)` as
    /// compatible and `0.x` → `0.(x+1)` as breaking: a major bump is a minor number, and
    /// minor and patch bumps are both a patch number.
    pub fn zero_x(self) -> &'static str {
        match self {
            Bump::None => "no release needed",
            Bump::Patch | Bump::Minor => "the crate is 0.x, so this is 0.x.y → 0.x.(y+1)",
            Bump::Major => "the crate is 0.x, so this is 0.x.y → 0.(x+1).0",
        }
    }
}

macro_rules! rules {
    ($( $(#[doc = $doc:literal])* $variant:ident = $id:literal, )*) => {
        /// The kind of a change. Ids are kebab-case and stable: scripts match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$( Rule::$variant ),*];

            /// The stable id, e.g. `request-parameter-added-required`.
            pub fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }
        }
    };
}

// What each rule detects. The verdicts, and why, are stated where each change is made:
// some rules judge differently case by case (an auth header versus an argument).
rules! {
    /// A new operation.
    OperationAdded = "operation-added",
    /// An operation is gone.
    OperationRemoved = "operation-removed",
    /// An operation is gone and another with the same method and path appeared.
    OperationRenamed = "operation-renamed",
    /// The HTTP method of an operation.
    OperationMethodChanged = "operation-method-changed",
    /// An IAM action of an operation's authorization table: added, removed, or another
    /// access level.
    AuthorizationChanged = "authorization-changed",
    /// Whether an operation may be sent twice, which decides the failures it is retried
    /// after.
    OperationIdempotencyChanged = "operation-idempotency-changed",
    /// The path template of an operation, placeholder names aside.
    OperationPathChanged = "operation-path-changed",
    /// The service (so the host) of an operation.
    OperationServiceChanged = "operation-service-changed",
    /// A kind of credentials an operation accepts is new (a token header, AK/SK signing).
    OperationAuthAdded = "operation-auth-added",
    /// A kind of credentials an operation accepted is gone.
    OperationAuthRemoved = "operation-auth-removed",
    /// A new optional parameter.
    RequestParameterAddedOptional = "request-parameter-added-optional",
    /// A new required parameter (path parameters are always required).
    RequestParameterAddedRequired = "request-parameter-added-required",
    /// A parameter is gone.
    RequestParameterRemoved = "request-parameter-removed",
    /// An optional parameter is now required.
    RequestParameterBecameRequired = "request-parameter-became-required",
    /// A required parameter is now optional.
    RequestParameterBecameOptional = "request-parameter-became-optional",
    /// The scalar type of a parameter, or whether it is an enum.
    RequestParameterTypeChanged = "request-parameter-type-changed",
    /// The Rust type name of a parameter's newtype or enum.
    RequestParameterTypeRenamed = "request-parameter-type-renamed",
    /// The Rust name of a parameter, or the placeholder name of a path parameter.
    RequestParameterRenamed = "request-parameter-renamed",
    /// Where a parameter travels: path, query or header.
    RequestParameterLocationChanged = "request-parameter-location-changed",
    /// A parameter gained a documented default.
    RequestParameterDefaultAdded = "request-parameter-default-added",
    /// A parameter lost its documented default.
    RequestParameterDefaultRemoved = "request-parameter-default-removed",
    /// A parameter's documented default changed.
    RequestParameterDefaultChanged = "request-parameter-default-changed",
    /// A parameter became secret, or stopped being secret.
    RequestParameterSensitivityChanged = "request-parameter-sensitivity-changed",
    /// A request constraint accepts fewer values (max down, min up, pattern added, ...).
    RequestConstraintNarrowed = "request-constraint-narrowed",
    /// A request constraint accepts more values.
    RequestConstraintWidened = "request-constraint-widened",
    /// A request enum gained a value.
    RequestEnumValueAdded = "request-enum-value-added",
    /// A request enum lost a value.
    RequestEnumValueRemoved = "request-enum-value-removed",
    /// A request enum value keeps its wire value under another Rust variant name.
    RequestEnumVariantRenamed = "request-enum-variant-renamed",
    /// A documented status code appeared.
    ResponseStatusAdded = "response-status-added",
    /// A documented status code is gone.
    ResponseStatusRemoved = "response-status-removed",
    /// A success response that had no body now has one.
    ResponseBodyAdded = "response-body-added",
    /// A success response that had a body now has none.
    ResponseBodyRemoved = "response-body-removed",
    /// The body of a success response has another kind or type.
    ResponseBodyChanged = "response-body-changed",
    /// The documented body of an error: an error response's model or an envelope's error.
    ErrorBodyChanged = "error-body-changed",
    /// The documented values of an envelope's `status`.
    EnvelopeStatusValuesChanged = "envelope-status-values-changed",
    /// An operation now sends a body.
    RequestBodyAdded = "request-body-added",
    /// An operation no longer sends a body.
    RequestBodyRemoved = "request-body-removed",
    /// A body's type or media type changed.
    RequestBodyTypeChanged = "request-body-type-changed",
    /// Whether the body is required changed.
    RequestBodyRequiredChanged = "request-body-required-changed",
    /// A new field in a request model.
    RequestFieldAdded = "request-field-added",
    /// A field of a request model is gone.
    RequestFieldRemoved = "request-field-removed",
    /// Whether a request model's field is required changed.
    RequestFieldRequiredChanged = "request-field-required-changed",
    /// A request model is now also read from a response, or no longer: its required
    /// fields change between `T` and `Option<T>`.
    RequestModelReadChanged = "request-model-read-changed",
    /// A new response model.
    ResponseModelAdded = "response-model-added",
    /// A response model is gone.
    ResponseModelRemoved = "response-model-removed",
    /// A new field in a response model.
    ResponseFieldAdded = "response-field-added",
    /// A field of a response model is gone.
    ResponseFieldRemoved = "response-field-removed",
    /// A response field keeps its wire name under another Rust name.
    ResponseFieldRenamed = "response-field-renamed",
    /// The type of a response field, or whether it also accepts integers.
    ResponseFieldTypeChanged = "response-field-type-changed",
    /// Whether the service is documented to send `null` for a field.
    ResponseFieldNullabilityChanged = "response-field-nullability-changed",
    /// A response field's documented constraint admits fewer values.
    ResponseConstraintNarrowed = "response-constraint-narrowed",
    /// A response field's documented constraint admits more values.
    ResponseConstraintWidened = "response-constraint-widened",
    /// A response enum gained a value.
    ResponseEnumValueAdded = "response-enum-value-added",
    /// A response enum lost a value.
    ResponseEnumValueRemoved = "response-enum-value-removed",
    /// A response enum value keeps its wire value under another Rust variant name.
    ResponseEnumVariantRenamed = "response-enum-variant-renamed",
    /// A list operation now walks its pages (`into_items`).
    PaginationAdded = "pagination-added",
    /// A list operation no longer walks its pages.
    PaginationRemoved = "pagination-removed",
    /// How a list operation walks its pages: style, cursor, size, start, page size.
    PaginationChanged = "pagination-changed",
    /// A new service.
    ServiceAdded = "service-added",
    /// A service is gone.
    ServiceRemoved = "service-removed",
    /// A service's default host or regional hosts.
    ServiceEndpointChanged = "service-endpoint-changed",
    /// A description, summary or title.
    DescriptionChanged = "description-changed",
    /// An operation, parameter or field became deprecated, or stopped being, or its note
    /// changed.
    DeprecationChanged = "deprecation-changed",
    /// The help-center page an operation comes from: title, section, date.
    DocPageChanged = "doc-page-changed",
    /// A documented example request or response.
    ExampleChanged = "example-changed",
    /// An `inferred` note or a field's `format` note.
    NoteChanged = "note-changed",
    /// A new documentation quirk.
    QuirkAdded = "quirk-added",
    /// A documentation quirk is gone.
    QuirkRemoved = "quirk-removed",
    /// What a quirk applies to, observes or decides.
    QuirkChanged = "quirk-changed",
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One difference between the two specs and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub rule: Rule,
    /// The operation whose part of the spec changed; `None` for models, services and
    /// quirks, which `affects` ties to operations.
    pub operation: Option<String>,
    /// The operations whose callers see the change, sorted.
    pub affects: Vec<String>,
    /// Spec path of what changed, e.g. `operations.x.parameters.limit.maximum`.
    pub location: String,
    pub message: String,
    pub wire: Verdict,
    pub rust_api: Verdict,
    /// Nothing but documentation changes: doc comments and the generated README.
    pub docs_only: bool,
    /// The bump this change alone needs.
    pub semver: Bump,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.wire == Verdict::Breaking || self.rust_api == Verdict::Breaking
    }
}

/// Everything that changed between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Breaking changes first, then other code changes, then documentation; within
    /// each, by location.
    pub changes: Vec<Change>,
    /// Public items of the generated crate that appeared, disappeared or changed.
    pub rust_items: Vec<ItemChange>,
    /// The bump the regenerated crate needs: the largest of every change's and item's.
    pub semver: Bump,
}

impl Report {
    /// True when any change breaks the wire or the Rust API, or a public item breaks.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
            || self
                .rust_items
                .iter()
                .any(|i| i.rust_api == Verdict::Breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rust_items.is_empty()
    }
}

/// Compares two lowered specs. Both sides are also generated in memory to compare the
/// public Rust items; that fails only on a generator bug, reported as a diagnostic.
pub fn diff(old: &Ir, new: &Ir) -> Result<Report, Diagnostics> {
    let mut cx = Cx::new(old, new);
    services(&mut cx);
    operations(&mut cx);
    response::models(&mut cx);
    quirks(&mut cx);
    let rust_items = rust_api::diff(&crate::emit_files(old)?, &crate::emit_files(new)?)
        .map_err(|message| internal_error(format!("comparing generated Rust items: {message}")))?;
    Ok(Report::new(cx.changes, rust_items))
}

impl Report {
    fn new(mut changes: Vec<Change>, rust_items: Vec<ItemChange>) -> Report {
        changes.sort_by(|a, b| {
            (class(a), &a.location, a.rule, &a.message).cmp(&(
                class(b),
                &b.location,
                b.rule,
                &b.message,
            ))
        });
        changes.dedup();
        let semver = changes
            .iter()
            .map(|c| c.semver)
            .chain(rust_items.iter().map(ItemChange::semver))
            .max()
            .unwrap_or(Bump::None);
        Report {
            changes,
            rust_items,
            semver,
        }
    }
}

/// 0: breaking, 1: other code changes, 2: documentation only.
fn class(c: &Change) -> u8 {
    if c.is_breaking() {
        0
    } else if c.docs_only {
        2
    } else {
        1
    }
}

fn internal_error(message: String) -> Diagnostics {
    crate::Diagnostic {
        location: crate::diagnostics::Location {
            file: None,
            line: None,
            column: None,
            path: String::new(),
        },
        message: format!("internal generator error: {message}"),
    }
    .into()
}

/// Where a change is: the operation it belongs to, the operations it affects, its path.
#[derive(Debug, Clone)]
struct At {
    operation: Option<String>,
    affects: Vec<String>,
    path: String,
}

impl At {
    fn operation(name: &str) -> At {
        At {
            operation: Some(name.to_string()),
            affects: vec![name.to_string()],
            path: format!("operations.{name}"),
        }
    }

    fn other(path: String, affects: BTreeSet<String>) -> At {
        At {
            operation: None,
            affects: affects.into_iter().collect(),
            path,
        }
    }

    fn child(&self, segment: impl fmt::Display) -> At {
        At {
            path: format!("{}.{segment}", self.path),
            ..self.clone()
        }
    }
}

/// The two sides and the changes found so far.
struct Cx<'a> {
    old: &'a Ir,
    new: &'a Ir,
    /// Per side: model name -> operations whose responses reach it.
    old_users: BTreeMap<String, BTreeSet<String>>,
    new_users: BTreeMap<String, BTreeSet<String>>,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Ir, new: &'a Ir) -> Self {
        Cx {
            old,
            new,
            old_users: model_users(old),
            new_users: model_users(new),
            changes: Vec::new(),
        }
    }

    /// A change to generated code (not only its docs).
    fn push(&mut self, rule: Rule, at: &At, wire: Verdict, rust_api: Verdict, message: String) {
        let semver = if rust_api == Verdict::Breaking {
            Bump::Major
        } else {
            Bump::Minor
        };
        self.record(rule, at, wire, rust_api, false, semver, message);
    }

    /// A change to documentation only: compatible both ways, a patch release.
    fn docs(&mut self, rule: Rule, at: &At, message: String) {
        self.record(
            rule,
            at,
            Verdict::Compatible,
            Verdict::Compatible,
            true,
            Bump::Patch,
            message,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        rule: Rule,
        at: &At,
        wire: Verdict,
        rust_api: Verdict,
        docs_only: bool,
        semver: Bump,
        message: String,
    ) {
        self.changes.push(Change {
            rule,
            operation: at.operation.clone(),
            affects: at.affects.clone(),
            location: at.path.clone(),
            message,
            wire,
            rust_api,
            docs_only,
            semver,
        });
    }

    /// A documentation text that changed, shown around its first difference.
    fn text(&mut self, rule: Rule, at: &At, what: &str, old: &str, new: &str) {
        if old != new {
            self.docs(
                rule,
                at,
                format!("{what} changed: {}.", excerpt_diff(old, new)),
            );
        }
    }

    /// An optional note (`inferred`, `format`) that appeared, disappeared or changed.
    fn note(&mut self, at: &At, what: &str, old: Option<&str>, new: Option<&str>) {
        match (old, new) {
            (None, Some(n)) => self.docs(Rule::NoteChanged, at, format!("{what} added: {n:?}")),
            (Some(o), None) => self.docs(Rule::NoteChanged, at, format!("{what} removed: {o:?}")),
            (Some(o), Some(n)) => self.text(Rule::NoteChanged, at, what, o, n),
            (None, None) => {}
        }
    }

    /// Operations that use `model`, on either side.
    fn model_users(&self, model: &str) -> BTreeSet<String> {
        let mut users = BTreeSet::new();
        for side in [&self.old_users, &self.new_users] {
            users.extend(side.get(model).into_iter().flatten().cloned());
        }
        users
    }
}

/// Model name -> operations whose responses (bodies, envelope results and errors, and
/// the models their fields reach) use it.
fn model_users(ir: &Ir) -> BTreeMap<String, BTreeSet<String>> {
    let models: BTreeMap<&str, &crate::ir::Model> =
        ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &ir.operations {
        let mut stack: Vec<&str> = Vec::new();
        stack.extend(op.body.as_ref().and_then(|b| b.ty.model()));
        for r in &op.responses {
            stack.extend(r.model.as_deref());
            if let Some(env) = &r.envelope {
                stack.extend(env.result.model());
                stack.extend(env.error.model());
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            users
                .entry(name.to_string())
                .or_default()
                .insert(op.name.clone());
            if let Some(m) = models.get(name) {
                stack.extend(m.fields.iter().filter_map(|f| f.ty.model()));
            }
        }
    }
    users
}

/// `a` → `b`, or the part around their first difference when they are long.
fn excerpt_diff(old: &str, new: &str) -> String {
    const CONTEXT: usize = 30;
    let (o, n): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    if o.len() <= 2 * CONTEXT && n.len() <= 2 * CONTEXT {
        return format!("{old:?} → {new:?}");
    }
    let prefix = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let max_suffix = o.len().min(n.len()) - prefix;
    let suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let cut = |chars: &[char]| -> String {
        let start = prefix.saturating_sub(CONTEXT);
        let end = (chars.len() - suffix + CONTEXT).min(chars.len());
        let text: String = chars[start..end].iter().collect();
        format!(
            "{}{text}{}",
            if start > 0 { "…" } else { "" },
            if end < chars.len() { "…" } else { "" }
        )
    };
    format!("{:?} → {:?}", cut(&o), cut(&n))
}

/// A path template with its placeholder names erased: `{repo_id}` and `{id}` put the
/// same bytes on the wire.
fn path_shape(op: &Operation) -> String {
    op.path_pieces
        .iter()
        .map(|p| match p {
            PathPiece::Literal(s) => s.as_str(),
            PathPiece::Param(_) => "{}",
        })
        .collect()
}

fn operations(cx: &mut Cx) {
    let old: BTreeMap<&str, &Operation> = cx
        .old
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let new: BTreeMap<&str, &Operation> = cx
        .new
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let mut removed: Vec<&Operation> = old
        .values()
        .filter(|o| !new.contains_key(o.name.as_str()))
        .copied()
        .collect();
    let mut added: Vec<&Operation> = new
        .values()
        .filter(|o| !old.contains_key(o.name.as_str()))
        .copied()
        .collect();
    // A removed and an added operation with the same method and path are one renamed
    // operation: the service did not change, only our name for it.
    let mut renamed = Vec::new();
    removed.retain(|r| {
        match added
            .iter()
            .position(|a| a.method == r.method && path_shape(a) == path_shape(r))
        {
            Some(i) => {
                renamed.push((*r, added.remove(i)));
                false
            }
            None => true,
        }
    });
    for op in removed {
        operation_removed(cx, op);
    }
    for op in added {
        operation_added(cx, op);
    }
    for (o, n) in renamed {
        operation_renamed(cx, o, n);
        operation(cx, o, n);
    }
    for (name, o) in &old {
        if let Some(n) = new.get(name) {
            operation(cx, o, n);
        }
    }
}

// Existing callers send nothing new: wire compatible. `Client` gains a method and a
// request builder: Rust API compatible.
fn operation_added(cx: &mut Cx, op: &Operation) {
    cx.push(
        Rule::OperationAdded,
        &At::operation(&op.name),
        Verdict::Compatible,
        Verdict::Compatible,
        format!(
            "New operation `{} {}`: `Client::{}` returning `{}`.",
            op.method, op.path, op.name, op.builder
        ),
    );
}

// Callers of the operation lose it on the service: wire breaking. `Client::<name>` and
// its builder disappear: Rust API breaking.
fn operation_removed(cx: &mut Cx, op: &Operation) {
    cx.push(
        Rule::OperationRemoved,
        &At::operation(&op.name),
        Verdict::Breaking,
        Verdict::Breaking,
        format!(
            "Operation `{} {}` removed: `Client::{}` and `{}` disappear.",
            op.method, op.path, op.name, op.builder
        ),
    );
}

// The same method and path go out: wire compatible. The method and the builder type
// are renamed, so calls to the old name stop compiling: Rust API breaking.
fn operation_renamed(cx: &mut Cx, old: &Operation, new: &Operation) {
    let mut at = At::operation(&new.name);
    at.affects = vec![new.name.clone(), old.name.clone()];
    at.affects.sort();
    cx.push(
        Rule::OperationRenamed,
        &at,
        Verdict::Compatible,
        Verdict::Breaking,
        format!(
            "Operation `{}` renamed `{}` (same `{} {}`): `Client::{}` is now `Client::{}` and `{}` is now `{}`.",
            old.name, new.name, new.method, new.path, old.name, new.name, old.builder, new.builder
        ),
    );
}

/// Everything about one operation present on both sides (or renamed).
fn operation(cx: &mut Cx, old: &Operation, new: &Operation) {
    let at = At::operation(&new.name);
    // Existing callers send the old method, which the service no longer serves: wire
    // breaking. The same Rust call compiles and now sends the new method: Rust API
    // compatible.
    if old.method != new.method {
        cx.push(
            Rule::OperationMethodChanged,
            &at.child("method"),
            Verdict::Breaking,
            Verdict::Compatible,
            format!(
                "Method {} → {}: existing calls send {} and are refused; `Client::{}` keeps its signature and sends {}.",
                old.method, new.method, old.method, new.name, new.method
            ),
        );
    }
    // The same requests go out, and the same Rust compiles: compatible both ways. Only
    // which failures the client retries after changes, which the report spells out.
    if old.idempotent != new.idempotent {
        let message = if new.idempotent {
            "now marked idempotent: its calls are also retried after a timeout, a lost \
             connection and HTTP 502, 503 or 504, so the service may receive one twice"
        } else {
            "no longer marked idempotent: its calls are retried only when the request \
             cannot have reached the service (no connection, HTTP 429)"
        };
        cx.push(
            Rule::OperationIdempotencyChanged,
            &at.child("idempotent"),
            Verdict::Compatible,
            Verdict::Compatible,
            format!("`{}` is {message}.", new.name),
        );
    }
    // Existing callers request the old path: wire breaking. The method keeps its
    // signature (its arguments are compared as parameters): Rust API compatible.
    if path_shape(old) != path_shape(new) {
        cx.push(
            Rule::OperationPathChanged,
            &at.child("path"),
            Verdict::Breaking,
            Verdict::Compatible,
            format!(
                "Path `{}` → `{}`: existing calls request the old path; `Client::{}` sends the new one.",
                old.path, new.path, new.name
            ),
        );
    }
    // Existing callers send to the old service's host: wire breaking. Nothing in the
    // Rust signature names the service: Rust API compatible.
    if old.service_variant != new.service_variant {
        cx.push(
            Rule::OperationServiceChanged,
            &at.child("service"),
            Verdict::Breaking,
            Verdict::Compatible,
            format!(
                "Served by `{}` instead of `{}`: existing calls go to the old service's host.",
                new.service_variant, old.service_variant
            ),
        );
    }
    cx.text(
        Rule::DescriptionChanged,
        &at.child("summary"),
        "Summary",
        &old.summary,
        &new.summary,
    );
    cx.text(
        Rule::DescriptionChanged,
        &at.child("description"),
        "Description",
        &old.description,
        &new.description,
    );
    deprecation(
        cx,
        &at,
        &format!("`Client::{}`", new.name),
        old.deprecated.as_deref(),
        new.deprecated.as_deref(),
    );
    authorization(cx, &at, old, new);
    doc_page(cx, &at, old, new);
    examples(cx, &at, old, new);
    auth(cx, &at, old, new);
    request::parameters(cx, &at, old, new);
    body::body(cx, &at, old, new);
    response::responses(cx, &at, old, new);
    pagination(cx, &at, old, new);
}

// Added: single calls are unchanged, wire compatible; the builder gains `into_items`,
// Rust API compatible. Removed: nothing changes on the wire for single calls, wire
// compatible; `into_items` disappears, Rust API breaking. Changed style, cursor or size
// parameter: an existing client's walk asks for pages the service now numbers
// differently, skipping or repeating items, wire breaking; the method keeps its
// signature, Rust API compatible. A new start or default page size (which follow the
// parameters' constraints and defaults, reported there) changes only where the walk
// starts and how much each page holds: compatible both ways.
fn pagination(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("pagination");
    let method = format!("{}::into_items", new.builder);
    let (o, n) = match (&old.pagination, &new.pagination) {
        (None, None) => return,
        (None, Some(_)) => {
            cx.push(
                Rule::PaginationAdded,
                &at,
                Verdict::Compatible,
                Verdict::Compatible,
                format!("The operation now walks its pages: new `{method}`."),
            );
            return;
        }
        (Some(_), None) => {
            cx.push(
                Rule::PaginationRemoved,
                &at,
                Verdict::Compatible,
                Verdict::Breaking,
                format!("The operation no longer walks its pages: `{method}` disappears."),
            );
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    let style = |s: crate::ir::PaginationStyle| format!("{s:?}").to_lowercase();
    let location = |l: crate::ir::PageLocation| format!("{l:?}").to_lowercase();
    let items_name = |p: &crate::ir::Pagination| {
        p.items_field
            .as_ref()
            .map_or_else(|| "(the page itself)".to_owned(), |f| f.wire.clone())
    };
    let walk = [
        ("style", style(o.style), style(n.style)),
        ("in", location(o.location), location(n.location)),
        ("cursor", o.cursor.wire.clone(), n.cursor.wire.clone()),
        ("size", o.size.wire.clone(), n.size.wire.clone()),
        ("items", items_name(o), items_name(n)),
    ];
    for (key, a, b) in walk {
        if a != b {
            cx.push(
                Rule::PaginationChanged,
                &at.child(key),
                Verdict::Breaking,
                Verdict::Compatible,
                format!(
                    "Page walk {key} `{a}` → `{b}`: existing clients walk the pages the old way and skip or repeat items; `{method}` keeps its signature."
                ),
            );
        }
    }
    for (what, a, b) in [
        ("starts at", o.start, n.start),
        ("asks for pages of", o.page_size, n.page_size),
    ] {
        if a != b {
            cx.push(
                Rule::PaginationChanged,
                &at,
                Verdict::Compatible,
                Verdict::Compatible,
                format!("By default the page walk {what} {b} instead of {a}."),
            );
        }
    }
}

// Credentials are compared by what reaches the wire (a token header's name, or AK/SK
// signing), not by scheme id. Added: existing calls keep working, compatible both ways.
// Removed: a client holding that kind of credentials is refused, by the service (wire
// breaking) and by the client itself, which now fails the call with `Error::Config`
// (Rust API breaking: the code compiles but no longer works).
fn auth(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let describe = |s: &crate::ir::AuthScheme| match s.kind {
        crate::ir::AuthKind::TokenHeader => {
            format!("a token in `{}`", s.header.as_deref().unwrap_or_default())
        }
        crate::ir::AuthKind::SdkHmacSha256 => "AK/SK signing (SDK-HMAC-SHA256)".to_string(),
    };
    let o: BTreeSet<String> = old.auth.iter().map(describe).collect();
    let n: BTreeSet<String> = new.auth.iter().map(describe).collect();
    let at = at.child("auth");
    for added in n.difference(&o) {
        cx.push(
            Rule::OperationAuthAdded,
            &at,
            Verdict::Compatible,
            Verdict::Compatible,
            format!("`Client::{}` now also accepts {added}.", new.name),
        );
    }
    for removed in o.difference(&n) {
        cx.push(
            Rule::OperationAuthRemoved,
            &at,
            Verdict::Breaking,
            Verdict::Breaking,
            format!(
                "`Client::{}` no longer accepts {removed}: clients holding such credentials are refused.",
                new.name
            ),
        );
    }
}

// The page an operation was transcribed from changes only docs.
fn doc_page(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("doc");
    for (key, what, o, n) in [
        (
            "title",
            "Page title",
            old.doc_title.as_str(),
            new.doc_title.as_str(),
        ),
        (
            "section",
            "Page section",
            old.doc_section.as_str(),
            new.doc_section.as_str(),
        ),
        (
            "updated_on",
            "Page date",
            old.doc_updated_on.as_str(),
            new.doc_updated_on.as_str(),
        ),
        (
            "page",
            "Page file",
            old.doc_page.as_deref().unwrap_or("none"),
            new.doc_page.as_deref().unwrap_or("none"),
        ),
    ] {
        cx.text(Rule::DocPageChanged, &at.child(key), what, o, n);
    }
}

// A new required action (or a changed row) means IAM users who could call the operation
// may now be refused: wire breaking. An action no longer required refuses nobody: wire
// compatible. The client's code is the same either way; only its rustdoc changes.
fn authorization(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("authorization");
    let find = |rows: &'_ [crate::ir::Permission], action: &str| {
        rows.iter().find(|r| r.action == action).is_some()
    };
    for row in &new.authorization {
        let before = old.authorization.iter().find(|r| r.action == row.action);
        let message = match before {
            None => format!(
                "IAM users now need `{}` ({}): those without it are refused.",
                row.action, row.access_level
            ),
            Some(before) if before != row => format!(
                "The page's row for `{}` changed (access level {} → {}): IAM policies written for the old row may no longer grant it.",
                row.action, before.access_level, row.access_level
            ),
            Some(_) => continue,
        };
        cx.push(
            Rule::AuthorizationChanged,
            &at.child(&row.action),
            Verdict::Breaking,
            Verdict::Compatible,
            message,
        );
    }
    for row in &old.authorization {
        if !find(&new.authorization, &row.action) {
            cx.push(
                Rule::AuthorizationChanged,
                &at.child(&row.action),
                Verdict::Compatible,
                Verdict::Compatible,
                format!("IAM users no longer need `{}`.", row.action),
            );
        }
    }
}

// Deprecating adds `#[deprecated]`: callers' code still compiles, with a warning, and
// sends the same requests. Compatible both ways, but not documentation only: a build with
// warnings denied sees it.
fn deprecation(cx: &mut Cx, at: &At, item: &str, old: Option<&str>, new: Option<&str>) {
    let message = match (old, new) {
        (None, Some(note)) => format!("{item} is now deprecated: {note:?}."),
        (Some(_), None) => format!("{item} is no longer deprecated."),
        (Some(a), Some(b)) if a != b => format!("Deprecation note of {item}: {a:?} → {b:?}."),
        _ => return,
    };
    cx.push(
        Rule::DeprecationChanged,
        &at.child("deprecated"),
        Verdict::Compatible,
        Verdict::Compatible,
        message,
    );
}

// Examples are documentation (and test data): they change no generated code.
fn examples(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("examples");
    match (&old.example_request, &new.example_request) {
        (None, Some(n)) => cx.docs(
            Rule::ExampleChanged,
            &at.child("request"),
            format!("Example request added: `{n}`."),
        ),
        (Some(o), None) => cx.docs(
            Rule::ExampleChanged,
            &at.child("request"),
            format!("Example request removed: `{o}`."),
        ),
        (Some(o), Some(n)) => cx.text(
            Rule::ExampleChanged,
            &at.child("request"),
            "Example request",
            o,
            n,
        ),
        (None, None) => {}
    }
    let key = |e: &crate::ir::ResponseExample| (e.status, e.title.clone());
    let old_examples: BTreeMap<_, _> = old.example_responses.iter().map(|e| (key(e), e)).collect();
    let new_examples: BTreeMap<_, _> = new.example_responses.iter().map(|e| (key(e), e)).collect();
    let at = at.child("responses");
    for ((status, title), e) in &old_examples {
        match new_examples.get(&(*status, title.clone())) {
            None => cx.docs(
                Rule::ExampleChanged,
                &at,
                format!("Example response {status} \"{title}\" removed."),
            ),
            Some(n) if n.body != e.body => cx.docs(
                Rule::ExampleChanged,
                &at,
                format!(
                    "Example response {status} \"{title}\" changed: {}",
                    excerpt_diff(e.body.trim(), n.body.trim())
                ),
            ),
            Some(_) => {}
        }
    }
    for (status, title) in new_examples.keys() {
        if !old_examples.contains_key(&(*status, title.clone())) {
            cx.docs(
                Rule::ExampleChanged,
                &at,
                format!("Example response {status} \"{title}\" added."),
            );
        }
    }
}

fn services(cx: &mut Cx) {
    let old: BTreeMap<&str, &crate::ir::Service> = cx
        .old
        .services
        .iter()
        .map(|s| (s.key.as_str(), s))
        .collect();
    let new: BTreeMap<&str, &crate::ir::Service> = cx
        .new
        .services
        .iter()
        .map(|s| (s.key.as_str(), s))
        .collect();
    let users = |ir: &Ir, variant: &str| -> BTreeSet<String> {
        ir.operations
            .iter()
            .filter(|o| o.service_variant == variant)
            .map(|o| o.name.clone())
            .collect()
    };
    for (key, o) in &old {
        let mut affects = users(cx.old, &o.variant);
        let Some(n) = new.get(key) else {
            let at = At::other(format!("services.{key}"), affects);
            // Its operations lose their host: wire breaking. The `Service::<variant>`
            // variant disappears: Rust API breaking.
            cx.push(
                Rule::ServiceRemoved,
                &at,
                Verdict::Breaking,
                Verdict::Breaking,
                format!(
                    "Service `{key}` removed: `Service::{}` disappears.",
                    o.variant
                ),
            );
            continue;
        };
        affects.extend(users(cx.new, &n.variant));
        let at = At::other(format!("services.{key}"), affects);
        // Existing clients send to the host the old spec gave: wire breaking where the
        // hosts differ. No signature changes: Rust API compatible.
        if o.default_host != n.default_host || o.region_hosts != n.region_hosts {
            let hosts = |s: &crate::ir::Service| {
                let mut text = format!("`{}`", s.default_host);
                for (region, host) in &s.region_hosts {
                    text.push_str(&format!(", {region}: `{host}`"));
                }
                text
            };
            cx.push(
                Rule::ServiceEndpointChanged,
                &at.child("default_host"),
                Verdict::Breaking,
                Verdict::Compatible,
                format!(
                    "Endpoints of `{key}` changed: {} → {}; existing clients keep calling the old hosts.",
                    hosts(o),
                    hosts(n)
                ),
            );
        }
        cx.text(
            Rule::DescriptionChanged,
            &at.child("title"),
            "Title",
            &o.title,
            &n.title,
        );
        cx.text(
            Rule::DescriptionChanged,
            &at.child("description"),
            "Description",
            &o.description,
            &n.description,
        );
        cx.note(
            &at.child("inferred"),
            "Source note",
            o.inferred.as_deref(),
            n.inferred.as_deref(),
        );
    }
    for (key, n) in &new {
        if !old.contains_key(key) {
            let at = At::other(format!("services.{key}"), users(cx.new, &n.variant));
            // Nothing existing callers send changes: wire compatible. `Service` is
            // non-exhaustive, so every `match` over it has a wildcard already, and a client
            // resolves endpoints per call, so one built without an endpoint for the new
            // service still builds: Rust API compatible.
            cx.push(
                Rule::ServiceAdded,
                &at,
                Verdict::Compatible,
                Verdict::Compatible,
                format!(
                    "Service `{key}` added: `Service::{}` is a new variant of a non-exhaustive enum.",
                    n.variant
                ),
            );
        }
    }
}

// Quirks document the pages' contradictions; the generated code only cites their ids in
// doc comments. Compatible both ways, documentation only.
fn quirks(cx: &mut Cx) {
    let users = |ir: &Ir, id: &str| -> BTreeSet<String> {
        ir.operations
            .iter()
            .filter(|o| o.quirks.iter().any(|q| q == id))
            .map(|o| o.name.clone())
            .collect()
    };
    let old: BTreeMap<&str, &crate::ir::Quirk> =
        cx.old.quirks.iter().map(|q| (q.id.as_str(), q)).collect();
    let new: BTreeMap<&str, &crate::ir::Quirk> =
        cx.new.quirks.iter().map(|q| (q.id.as_str(), q)).collect();
    for (id, o) in &old {
        let mut affects = users(cx.old, id);
        match new.get(id) {
            None => {
                let at = At::other(format!("quirks.{id}"), affects);
                cx.docs(
                    Rule::QuirkRemoved,
                    &at,
                    format!(
                        "Quirk `{id}` removed (applied to {}).",
                        code_list(&o.applies_to)
                    ),
                );
            }
            Some(n) => {
                affects.extend(users(cx.new, id));
                let at = At::other(format!("quirks.{id}"), affects);
                if o.applies_to != n.applies_to {
                    cx.docs(
                        Rule::QuirkChanged,
                        &at.child("applies_to"),
                        format!(
                            "Quirk `{id}` applies to {} (was {}).",
                            code_list(&n.applies_to),
                            code_list(&o.applies_to)
                        ),
                    );
                }
                cx.text(
                    Rule::QuirkChanged,
                    &at.child("observed"),
                    "Observation",
                    &o.observed,
                    &n.observed,
                );
                cx.text(
                    Rule::QuirkChanged,
                    &at.child("decision"),
                    "Decision",
                    &o.decision,
                    &n.decision,
                );
                // What drift holds changes no generated code.
                let overrides = |q: &crate::ir::Quirk| {
                    q.overrides
                        .iter()
                        .map(|o| format!("{} at {}: {}", o.rule, o.at, o.page))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                cx.text(
                    Rule::QuirkChanged,
                    &at.child("overrides"),
                    "Page facts overridden",
                    &overrides(o),
                    &overrides(n),
                );
            }
        }
    }
    for (id, n) in &new {
        if !old.contains_key(id) {
            let at = At::other(format!("quirks.{id}"), users(cx.new, id));
            cx.docs(
                Rule::QuirkAdded,
                &at,
                format!(
                    "Quirk `{id}` added (applies to {}): {} Decision: {}",
                    code_list(&n.applies_to),
                    n.observed.trim(),
                    n.decision.trim()
                ),
            );
        }
    }
}

/// `a`, `b`, `c`
fn code_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
