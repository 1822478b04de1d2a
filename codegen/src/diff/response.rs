//! Responses and response models: what a change means for decoding what the service
//! sends, and for the types `send()` returns.
//!
//! Reminders from the generated crate: any 2xx is decoded as the operation's one success
//! body and anything else becomes `Error::Api`, its body read leniently (`error_code` or
//! `code`, `error_msg` or `message`); every model field is an `Option` (missing and
//! `null` read as `None`), unknown fields are ignored, models are `#[non_exhaustive]`;
//! response enums are `#[non_exhaustive]` and keep undocumented values in `Unknown(..)`;
//! documented response constraints are never enforced.

use std::collections::{BTreeMap, BTreeSet};

use super::request::{bound_changes, kept_variant, literal};
use super::{At, Cx, Rule, Verdict};
use crate::ir::{Field, Ir, Model, Operation, Response, ScalarType, Success, TypeIr};

use Verdict::{Breaking, Compatible};

pub(super) fn responses(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("responses");
    let o_map: BTreeMap<u16, &Response> = old.responses.iter().map(|r| (r.status, r)).collect();
    let n_map: BTreeMap<u16, &Response> = new.responses.iter().map(|r| (r.status, r)).collect();
    let mut success_reported = false;
    for (status, o) in &o_map {
        match n_map.get(status) {
            None => status_removed(cx, &at.child(status), o),
            Some(n) => success_reported |= response(cx, &at.child(status), old, new, o, n),
        }
    }
    for (status, n) in &n_map {
        if !o_map.contains_key(status) {
            status_added(cx, &at.child(status), old, n);
        }
    }
    // The success status itself moved (200 to 201, say) and its body with it.
    if !success_reported && old.success != new.success {
        success_changed(cx, &at, old, new);
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

// A new error status: old clients already turn any non-2xx into `Error::Api`, reading its
// body leniently, so wire compatible; the new crate only marks it as documented, Rust API
// compatible. A new success status (the old one moved): old clients decode any 2xx with
// their success decoder, so wire compatible only if that decoder reads the new body.
fn status_added(cx: &mut Cx, at: &At, old_op: &Operation, n: &Response) {
    if is_success(n.status) {
        let wire = if Decode::new(cx).success(&old_op.success, &Response::success(n)) {
            Compatible
        } else {
            Breaking
        };
        cx.push(
            Rule::ResponseStatusAdded,
            at,
            wire,
            Compatible,
            format!(
                "Success status {} ({}) documented, with {}: old clients decode it as {}{}.",
                n.status,
                n.description,
                describe(&Response::success(n)),
                describe(&old_op.success),
                if wire == Compatible {
                    ", which reads it"
                } else {
                    ", which cannot read it"
                }
            ),
        );
    } else {
        cx.push(
            Rule::ResponseStatusAdded,
            at,
            Compatible,
            Compatible,
            format!(
                "Error status {} ({}) documented: old clients already report it as `Error::Api` (undocumented); now it is documented.",
                n.status, n.description
            ),
        );
    }
}

// The service no longer documents the status; old clients still handle whatever it
// sends: wire compatible. Nothing in the Rust API names statuses: compatible.
fn status_removed(cx: &mut Cx, at: &At, o: &Response) {
    cx.push(
        Rule::ResponseStatusRemoved,
        at,
        Compatible,
        Compatible,
        format!(
            "Status {} ({}) no longer documented; clients still handle it if it comes.",
            o.status, o.description
        ),
    );
}

/// A status on both sides. Returns whether it reported the success body.
fn response(
    cx: &mut Cx,
    at: &At,
    old_op: &Operation,
    new_op: &Operation,
    o: &Response,
    n: &Response,
) -> bool {
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
    if !is_success(n.status) {
        if o.body != n.body || o.json_type() != n.json_type() {
            error_body_changed(
                cx,
                &at.child("model"),
                &format!("The error body of {}", n.status),
                &body_text(o),
                &body_text(n),
            );
        }
        return false;
    }
    if let (Some(oe), Some(ne)) = (&o.envelope, &n.envelope) {
        if oe.error != ne.error {
            error_body_changed(
                cx,
                &at.child("envelope.error"),
                "The envelope's error",
                &oe.error.rust(),
                &ne.error.rust(),
            );
        }
        let values = |vs: &[crate::ir::Variant]| {
            vs.iter()
                .map(|v| literal(&v.value))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if oe.status_values != ne.status_values {
            // The client treats `status: "failed"` (or a non-null error) as a failure
            // whatever values the page lists: documentation only.
            cx.docs(
                Rule::EnvelopeStatusValuesChanged,
                &at.child("envelope.status_values"),
                format!(
                    "Documented envelope status values [{}] → [{}]; the client fails on `failed` or a non-null error either way.",
                    values(&oe.status_values),
                    values(&ne.status_values)
                ),
            );
        }
    }
    if old_op.success == new_op.success {
        return false;
    }
    success_changed(cx, at, old_op, new_op);
    true
}

// The client reads every error body leniently, whatever the documented model (`error_code`
// or `code`, `error_msg` or `message`, the raw excerpt kept), and no generated code names
// the error model: documentation only. Changes inside the model are reported on it.
fn error_body_changed(cx: &mut Cx, at: &At, what: &str, old: &str, new: &str) {
    cx.docs(
        Rule::ErrorBodyChanged,
        at,
        format!(
            "{what} is documented as {new} instead of {old}; the client reads error bodies leniently, so nothing changes at run time."
        ),
    );
}

// Wire: compatible when the old client's success decoder still reads the new body (a
// body added where old clients ignored it; the same type; a model whose shared fields
// still decode); breaking otherwise. Rust API: breaking when `send()` returns another type.
fn success_changed(cx: &mut Cx, at: &At, old_op: &Operation, new_op: &Operation) {
    let (o, n) = (&old_op.success, &new_op.success);
    let rule = match (o, n) {
        (Success::None, _) => Rule::ResponseBodyAdded,
        (_, Success::None) => Rule::ResponseBodyRemoved,
        _ => Rule::ResponseBodyChanged,
    };
    let wire = if Decode::new(cx).success(o, n) {
        Compatible
    } else {
        Breaking
    };
    let rust = if o.rust() != n.rust() {
        Breaking
    } else {
        Compatible
    };
    cx.push(
        rule,
        at,
        wire,
        rust,
        format!(
            "Success body: {} → {}. Old clients {} it; `{}::send()` returns `{}`{}.",
            describe(o),
            describe(n),
            if wire == Compatible {
                "still read"
            } else {
                "cannot read"
            },
            new_op.builder,
            n.rust(),
            if rust == Breaking {
                format!(" instead of `{}`", o.rust())
            } else {
                " as before".into()
            }
        ),
    );
}

fn describe(s: &Success) -> String {
    match s {
        Success::None => "no body".into(),
        Success::Binary => "a binary body".into(),
        Success::Json(t) => format!("JSON `{}`", t.rust()),
        Success::MaybeJson(t) => format!("JSON `{}` or no content", t.rust()),
        Success::Envelope(t) => format!("an envelope of `{}`", t.rust()),
    }
}

fn body_text(r: &Response) -> String {
    match (&r.model, &r.value) {
        (Some(m), _) => format!("{} `{m}`", r.body),
        (None, Some(t)) => format!("{} `{}`", r.body, t.rust()),
        (None, None) => r.body.to_string(),
    }
}

/// Can the old client's types decode what the new spec documents?
struct Decode<'a> {
    old: &'a Ir,
    new: &'a Ir,
    /// Model pairs being compared, so that recursive models terminate.
    seen: BTreeSet<(String, String)>,
}

impl<'a> Decode<'a> {
    fn new(cx: &Cx<'a>) -> Self {
        Decode {
            old: cx.old,
            new: cx.new,
            seen: BTreeSet::new(),
        }
    }

    // `send_empty` ignores the body, so anything decodes; a binary body is handed over
    // as bytes, which means something else if it is not the archive it was.
    fn success(&mut self, old: &Success, new: &Success) -> bool {
        match (old, new) {
            (Success::None, _) | (Success::Binary, Success::Binary) => true,
            // An old client that reads an empty body as `None` reads a body always sent;
            // one that expects a body fails on an empty one.
            (Success::Json(a), Success::Json(b))
            | (Success::MaybeJson(a), Success::MaybeJson(b) | Success::Json(b))
            | (Success::Envelope(a), Success::Envelope(b)) => self.ty(a, b),
            _ => false,
        }
    }

    fn ty(&mut self, old: &TypeIr, new: &TypeIr) -> bool {
        match (old, new) {
            (TypeIr::Scalar(a), TypeIr::Scalar(b)) => a.reads_values_of(*b),
            // An open enum reads its raw type (a string or an i64) and keeps any value.
            (TypeIr::Enum(e), TypeIr::Scalar(b)) => enum_raw(self.old, e).reads_values_of(*b),
            (TypeIr::Scalar(a), TypeIr::Enum(e)) => a.reads_values_of(enum_scalar(self.new, e)),
            (TypeIr::Enum(a), TypeIr::Enum(b)) => {
                enum_raw(self.old, a).reads_values_of(enum_scalar(self.new, b))
            }
            // The same model: its own changes are reported (and judged) on the model.
            (TypeIr::Model(a), TypeIr::Model(b)) => a == b || self.models(a, b),
            (TypeIr::Array(a), TypeIr::Array(b)) | (TypeIr::Map(a), TypeIr::Map(b)) => {
                self.ty(a, b)
            }
            _ => false,
        }
    }

    /// Every field of the old model that the new one also has still decodes; missing
    /// fields read as `None` and extra ones are ignored.
    fn models(&mut self, old: &str, new: &str) -> bool {
        if !self.seen.insert((old.to_string(), new.to_string())) {
            return true;
        }
        let (Some(o), Some(n)) = (find_model(self.old, old), find_model(self.new, new)) else {
            return false;
        };
        o.fields.iter().all(|fo| {
            n.fields
                .iter()
                .find(|fn_| fn_.wire == fo.wire)
                .is_none_or(|fn_| self.field(fo, fn_))
        })
    }

    fn field(&mut self, old: &Field, new: &Field) -> bool {
        let integer_as_text = old.accept_integer
            && old.ty == TypeIr::Scalar(ScalarType::String)
            && matches!(
                new.ty,
                TypeIr::Scalar(ScalarType::Int32 | ScalarType::Int64)
            );
        (self.ty(&old.ty, &new.ty) || integer_as_text)
            && (old.accept_integer || !new.accept_integer)
    }
}

/// What an open response enum deserializes from: `String` or `i64`.
fn enum_raw(ir: &Ir, name: &str) -> ScalarType {
    match enum_scalar(ir, name) {
        ScalarType::String => ScalarType::String,
        _ => ScalarType::Int64,
    }
}

fn enum_scalar(ir: &Ir, name: &str) -> ScalarType {
    ir.response_enums
        .iter()
        .find(|e| e.name == name)
        .map_or(ScalarType::String, |e| e.scalar)
}

fn find_model<'a>(ir: &'a Ir, name: &str) -> Option<&'a Model> {
    ir.models.iter().find(|m| m.name == name)
}

pub(super) fn models(cx: &mut Cx) {
    let old: BTreeMap<&str, &Model> = cx.old.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let new: BTreeMap<&str, &Model> = cx.new.models.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, o) in &old {
        let at = At::other(format!("models.{name}"), cx.model_users(name));
        match new.get(name) {
            // No response uses it any more (what replaced it is reported there): wire
            // compatible. The public struct disappears: Rust API breaking.
            None => cx.push(
                Rule::ResponseModelRemoved,
                &at,
                Compatible,
                Breaking,
                format!("Model `{name}` removed: the public struct `{name}` disappears."),
            ),
            Some(n) => model(cx, &at, o, n),
        }
    }
    for name in new.keys() {
        if !old.contains_key(name) {
            let at = At::other(format!("models.{name}"), cx.model_users(name));
            // A new public struct; what uses it is reported where it is used.
            cx.push(
                Rule::ResponseModelAdded,
                &at,
                Compatible,
                Compatible,
                format!("New model `{name}`: a new public struct."),
            );
        }
    }
}

fn model(cx: &mut Cx, at: &At, o: &Model, n: &Model) {
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
    let fields = at.child("fields");
    let judged = super::body::request_fields(cx, &fields, o, n);
    for fo in &o.fields {
        let at = fields.child(&fo.wire);
        match n.fields.iter().find(|f| f.wire == fo.wire) {
            None if judged => {}
            // Every field is an `Option`: old clients read the now missing field as
            // `None`, wire compatible. The public field disappears: Rust API breaking.
            None => cx.push(
                Rule::ResponseFieldRemoved,
                &at,
                Compatible,
                Breaking,
                format!(
                    "Field `{}` removed from `{}`: old clients read it as `None`; `{}.{}` disappears.",
                    fo.wire, n.name, n.name, fo.rust_name
                ),
            ),
            Some(fn_) => field(cx, &at, n, fo, fn_),
        }
    }
    for fn_ in n.fields.iter().filter(|_| !judged) {
        if !o.fields.iter().any(|f| f.wire == fn_.wire) {
            // Old clients ignore fields they do not know, wire compatible; the struct is
            // `#[non_exhaustive]`, so a new pub field breaks no code, Rust API compatible.
            cx.push(
                Rule::ResponseFieldAdded,
                &fields.child(&fn_.wire),
                Compatible,
                Compatible,
                format!(
                    "New field `{}` in `{}`: `{}.{}: Option<{}>`; old clients ignore it.",
                    fn_.wire,
                    n.name,
                    n.name,
                    fn_.rust_name,
                    fn_.ty.rust()
                ),
            );
        }
    }
}

fn field(cx: &mut Cx, at: &At, model: &Model, o: &Field, n: &Field) {
    // Same wire name, new Rust name: nothing changes on the wire; code reading the old
    // field name stops compiling.
    if o.rust_name != n.rust_name {
        cx.push(
            Rule::ResponseFieldRenamed,
            &at.child("rust_name"),
            Compatible,
            Breaking,
            format!(
                "`{}.{}` renamed `{}.{}`; the wire name `{}` is unchanged.",
                model.name, o.rust_name, model.name, n.rust_name, n.wire
            ),
        );
    }
    field_type(cx, at, model, o, n);
    // Every field is an `Option` and `null` reads as `None` whatever the spec says, so
    // nullability only changes the field's doc comment.
    if o.nullable != n.nullable {
        cx.docs(
            Rule::ResponseFieldNullabilityChanged,
            &at.child("nullable"),
            format!(
                "`{}.{}` is {} documented as nullable; every field is an `Option`, so `null` already read as `None`.",
                model.name,
                n.rust_name,
                if n.nullable { "now" } else { "no longer" }
            ),
        );
    }
    constraints(cx, at, model, o, n);
    enum_values(cx, at, o, n);
    cx.text(
        Rule::DescriptionChanged,
        &at.child("description"),
        "Description",
        &o.description,
        &n.description,
    );
    cx.note(
        &at.child("format"),
        "Format note",
        o.format.as_deref(),
        n.format.as_deref(),
    );
    cx.note(
        &at.child("inferred"),
        "Source note",
        o.inferred.as_deref(),
        n.inferred.as_deref(),
    );
    super::deprecation(
        cx,
        at,
        &format!("field `{}`", n.wire),
        o.deprecated.as_deref(),
        n.deprecated.as_deref(),
    );
}

// Wire: compatible when the old client still decodes every value the new type documents
// (an int32 read as i64, an enum read as its raw type, a model whose shared fields still
// decode, integers kept as text where the old field accepted them); breaking otherwise,
// since one undecodable field fails the whole response. Rust API: breaking when the
// field's Rust type changes; compatible when only integer acceptance changed.
fn field_type(cx: &mut Cx, at: &At, model: &Model, o: &Field, n: &Field) {
    if o.ty == n.ty && o.accept_integer == n.accept_integer {
        return;
    }
    let wire = if Decode::new(cx).field(o, n) {
        Compatible
    } else {
        Breaking
    };
    let rust = if o.ty != n.ty { Breaking } else { Compatible };
    let shape = |f: &Field| {
        format!(
            "`Option<{}>`{}",
            f.ty.rust(),
            if f.accept_integer {
                " (also from a JSON integer)"
            } else {
                ""
            }
        )
    };
    cx.push(
        Rule::ResponseFieldTypeChanged,
        &at.child("type"),
        wire,
        rust,
        format!(
            "`{}.{}`: {} → {}; old clients {} the values now documented.",
            model.name,
            n.rust_name,
            shape(o),
            shape(n),
            if wire == Compatible {
                "still decode"
            } else {
                "cannot decode"
            }
        ),
    );
}

// The client never rejects a response for breaking a documented constraint, so decoding
// is unaffected either way, and only the field's doc comment changes: compatible both
// ways, documentation only. Narrowed: the service promises tighter values. Widened, the
// direction to read twice: values outside the old bounds may now arrive, and code that
// relied on the old bound (a column width, a buffer) must not.
fn constraints(cx: &mut Cx, at: &At, model: &Model, o: &Field, n: &Field) {
    for b in bound_changes(&o.constraints, &n.constraints) {
        let at = at.child(b.key);
        if b.narrowed {
            cx.docs(
                Rule::ResponseConstraintNarrowed,
                &at,
                format!(
                    "`{}.{}`: {}. The service promises tighter values; nothing to do.",
                    model.name,
                    n.rust_name,
                    b.describe()
                ),
            );
        } else {
            cx.docs(
                Rule::ResponseConstraintWidened,
                &at,
                format!(
                    "`{}.{}`: {}. Values outside the old bound may now arrive; they still decode (response constraints are not enforced), but code relying on the old bound must not.",
                    model.name,
                    n.rust_name,
                    b.describe()
                ),
            );
        }
    }
}

// Value added: old clients keep it as `Unknown(value)`, wire compatible; the enum is
// `#[non_exhaustive]`, so no `match` breaks, Rust API compatible, but code that looked
// for `Unknown(value)` now gets the new variant (said in the message).
// Value removed: old clients still know every value that can come, wire compatible; the
// variant disappears (and the value, if it still comes, reads as `Unknown`), Rust API
// breaking. Same value, new variant name: Rust API breaking.
fn enum_values(cx: &mut Cx, at: &At, o: &Field, n: &Field) {
    let (TypeIr::Enum(o_name), TypeIr::Enum(n_name)) = (&o.ty, &n.ty) else {
        return;
    };
    let (Some(oe), Some(ne)) = (
        cx.old.response_enums.iter().find(|e| &e.name == o_name),
        cx.new.response_enums.iter().find(|e| &e.name == n_name),
    ) else {
        return;
    };
    let at = at.child("enum");
    for v in &oe.variants {
        match ne.variants.iter().find(|w| w.value == v.value) {
            None => cx.push(
                Rule::ResponseEnumValueRemoved,
                &at,
                Compatible,
                Breaking,
                format!(
                    "{} is no longer a documented value of `{}`: `{o_name}::{}` disappears; if the service still sends it, it reads as `{n_name}::Unknown({})`.",
                    literal(&v.value),
                    n.wire,
                    v.name,
                    literal(&v.value)
                ),
            ),
            Some(w) => kept_variant(cx, &at, Rule::ResponseEnumVariantRenamed, &n.wire, (o_name, n_name), v, w),
        }
    }
    for w in &ne.variants {
        if !oe.variants.iter().any(|v| v.value == w.value) {
            cx.push(
                Rule::ResponseEnumValueAdded,
                &at,
                Compatible,
                Compatible,
                format!(
                    "{} is a new documented value of `{}`: old clients keep it as `{o_name}::Unknown({})`; the regenerated crate reads it as `{n_name}::{}`, so code matching `Unknown({})` changes behaviour (`{n_name}` is `#[non_exhaustive]`, so nothing stops compiling).",
                    literal(&w.value),
                    n.wire,
                    literal(&w.value),
                    w.name,
                    literal(&w.value)
                ),
            );
        }
    }
}
