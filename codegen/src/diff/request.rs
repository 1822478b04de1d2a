//! Request parameters: what an added, removed or changed parameter means for the
//! requests existing callers send, and for the `Client` method and builder they call.
//!
//! Reminders from the generated code: path parameters and required parameters are
//! positional arguments of the `Client` method, optional ones are builder setters, the
//! auth header comes from the client's token; constrained parameters have a checked
//! newtype (with `MIN`, `MAX`, ... constants and `DEFAULT`), and enum parameters a
//! closed, exhaustive enum (not `#[non_exhaustive]`).

use super::{At, Cx, Rule, Verdict};
use crate::ir::{
    Constraints, Literal, Location, Number, Operation, Param, ParamTy, PathPiece, ScalarType,
    Variant,
};

use Verdict::{Breaking, Compatible};

pub(super) fn parameters(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("parameters");
    let matching = match_params(old, new);
    for p in matching.removed {
        removed(cx, &at.child(&p.wire), new, p);
    }
    for p in matching.added {
        added(cx, &at.child(&p.wire), new, p);
    }
    for (o, n) in matching.pairs {
        let at = at.child(&n.wire);
        renamed(cx, &at, old, new, o, n);
        location(cx, &at, o, n);
        required(cx, &at, new, o, n);
        rust_type(cx, &at, new, o, n);
        sensitivity(cx, &at, o, n);
        default(cx, &at, o, n);
        constraints(cx, &at, o, n);
        enum_values(cx, &at, o, n);
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
        example(cx, &at, o, n);
        super::deprecation(
            cx,
            &at,
            &format!("parameter `{}`", n.wire),
            o.deprecated.as_deref(),
            n.deprecated.as_deref(),
        );
    }
}

// A parameter's example is documentation (and the value tests call the operation with):
// it changes what the export shows and no code a caller uses.
fn example(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    let message = match (&o.example, &n.example) {
        (None, Some(e)) => format!("`{}` now has the example {e}.", n.wire),
        (Some(e), None) => format!("`{}` no longer has the example {e}.", n.wire),
        (Some(a), Some(b)) if a != b => format!("Example of `{}` {a} → {b}.", n.wire),
        _ => return,
    };
    cx.docs(Rule::ExampleChanged, &at.child("example"), message);
}

struct Matching<'a> {
    pairs: Vec<(&'a Param, &'a Param)>,
    removed: Vec<&'a Param>,
    added: Vec<&'a Param>,
}

/// Whether an old and a new parameter are the same one, by one criterion.
type Pairing<'f> = &'f dyn Fn(&Param, &Param) -> bool;

/// Pairs parameters by wire name and location, then by wire name alone (a location
/// change), then path parameters by their placeholder's position: a placeholder's name
/// never reaches the wire, so `{repo_id}` renamed `{id}` is the same parameter.
fn match_params<'a>(old: &'a Operation, new: &'a Operation) -> Matching<'a> {
    let mut old_left: Vec<Option<&Param>> = old.params.iter().map(Some).collect();
    let mut new_left: Vec<Option<&Param>> = new.params.iter().map(Some).collect();
    let mut pairs = Vec::new();
    let same_slot = |o: &Param, n: &Param| {
        o.location == Location::Path
            && n.location == Location::Path
            && placeholder_index(old, o) == placeholder_index(new, n)
    };
    let passes: [Pairing; 3] = [
        &|o, n| o.wire == n.wire && o.location == n.location,
        &|o, n| o.wire == n.wire,
        &same_slot,
    ];
    for pass in passes {
        for n_slot in new_left.iter_mut() {
            let Some(n) = *n_slot else { continue };
            if let Some(o_slot) = old_left.iter_mut().find(|o| o.is_some_and(|o| pass(o, n))) {
                pairs.push((o_slot.take().expect("found a Some"), n));
                *n_slot = None;
            }
        }
    }
    Matching {
        pairs,
        removed: old_left.into_iter().flatten().collect(),
        added: new_left.into_iter().flatten().collect(),
    }
}

fn placeholder_index(op: &Operation, p: &Param) -> Option<usize> {
    op.path_pieces
        .iter()
        .filter_map(|piece| match piece {
            PathPiece::Param(i) => Some(*i),
            PathPiece::Literal(_) => None,
        })
        .position(|i| op.params.get(i).is_some_and(|q| q.wire == p.wire))
}

fn what(p: &Param) -> String {
    if p.location == Location::Path {
        format!("path parameter `{}`", p.wire)
    } else if p.required {
        format!("required {} parameter `{}`", p.location, p.wire)
    } else {
        format!("optional {} parameter `{}`", p.location, p.wire)
    }
}

/// The Rust type a caller passes for the parameter (`impl Into<String>`, `i32`, `OrderBy`).
fn arg_type(p: &Param) -> String {
    p.argument_type("")
}

/// How a caller passes the parameter, in words.
fn passed_as(op: &Operation, p: &Param) -> String {
    if p.auth {
        "filled from the client's token".into()
    } else if p.is_positional() {
        format!(
            "argument `{}: {}` of `Client::{}`",
            p.rust_name,
            arg_type(p),
            op.name
        )
    } else {
        format!("setter `{}::{}({})`", op.builder, p.rust_name, arg_type(p))
    }
}

// An optional parameter: existing calls omit it and the service behaves as before, so
// wire compatible; the builder gains a setter, so Rust API compatible.
// A required parameter: existing calls lack it and are refused, so wire breaking; it is
// a new positional argument, so existing calls stop compiling and the Rust API breaks,
// unless the client fills it from its token.
fn added(cx: &mut Cx, at: &At, op: &Operation, p: &Param) {
    if p.required || p.location == Location::Path {
        let rust = if p.is_positional() {
            Breaking
        } else {
            Compatible
        };
        cx.push(
            Rule::RequestParameterAddedRequired,
            at,
            Breaking,
            rust,
            format!(
                "New {}: existing calls do not send it and are refused; {}.",
                what(p),
                passed_as(op, p)
            ),
        );
    } else {
        cx.push(
            Rule::RequestParameterAddedOptional,
            at,
            Compatible,
            Compatible,
            format!(
                "New {}: existing calls omit it; new {}.",
                what(p),
                passed_as(op, p)
            ),
        );
    }
}

// Existing callers that pass it keep sending it; the service no longer reads it, so it
// is ignored (and the call no longer does what it asked) or refused: wire breaking.
// Its argument or setter disappears: Rust API breaking. A token header is the exception
// both ways: a credential the service ignores harms nothing, and no caller passes it.
fn removed(cx: &mut Cx, at: &At, op: &Operation, p: &Param) {
    let verdict = if p.auth { Compatible } else { Breaking };
    cx.push(
        Rule::RequestParameterRemoved,
        at,
        verdict,
        verdict,
        format!(
            "Removed {}: existing calls that send it are ignored or refused; {} disappears.",
            what(p),
            passed_as(op, p)
        ),
    );
}

// A new Rust name on the same wire name changes nothing on the wire. A setter is called
// by name, so renaming it breaks the Rust API; an argument is passed by position, and
// its name is not part of the API. A path placeholder's name never reaches the wire.
fn renamed(cx: &mut Cx, at: &At, old_op: &Operation, new_op: &Operation, o: &Param, n: &Param) {
    if o.wire != n.wire {
        cx.push(
            Rule::RequestParameterRenamed,
            at,
            Compatible,
            Compatible,
            format!(
                "Path placeholder `{{{}}}` renamed `{{{}}}`: the same segment goes on the wire.",
                o.wire, n.wire
            ),
        );
    }
    if o.rust_name != n.rust_name && !n.auth {
        let setter = !o.is_positional() && !n.is_positional();
        cx.push(
            Rule::RequestParameterRenamed,
            at,
            Compatible,
            if setter { Breaking } else { Compatible },
            if setter {
                format!(
                    "Setter `{}::{}` renamed `{}::{}`; the wire name `{}` is unchanged.",
                    old_op.builder, o.rust_name, new_op.builder, n.rust_name, n.wire
                )
            } else {
                format!(
                    "Argument `{}` of `Client::{}` renamed `{}`; arguments are positional, so calls still compile.",
                    o.rust_name, new_op.name, n.rust_name
                )
            },
        );
    }
}

// Existing callers send the value where the service no longer reads it: wire breaking.
// The argument or setter keeps its name and type (a move into or out of the path also
// changes required-ness, reported on its own): Rust API compatible.
fn location(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    if o.location != n.location {
        cx.push(
            Rule::RequestParameterLocationChanged,
            &at.child("in"),
            Breaking,
            Compatible,
            format!(
                "`{}` moves from the {} to the {}: existing calls send it where the service no longer reads it.",
                n.wire, o.location, n.location
            ),
        );
    }
}

// Became required: existing calls that omit it are refused, wire breaking; the setter
// becomes a positional argument, Rust API breaking (unless it comes from the token).
// Became optional: every existing call still sends it, wire compatible; the argument
// becomes a setter, so calls passing it positionally stop compiling, Rust API breaking.
fn required(cx: &mut Cx, at: &At, op: &Operation, o: &Param, n: &Param) {
    let o_required = o.required || o.location == Location::Path;
    let n_required = n.required || n.location == Location::Path;
    if o_required == n_required {
        return;
    }
    let moved = o.is_positional() != n.is_positional();
    let rust = if moved { Breaking } else { Compatible };
    if n_required {
        cx.push(
            Rule::RequestParameterBecameRequired,
            &at.child("required"),
            Breaking,
            rust,
            format!(
                "`{}` is now required: existing calls that omit it are refused; now {}.",
                n.wire,
                passed_as(op, n)
            ),
        );
    } else {
        cx.push(
            Rule::RequestParameterBecameOptional,
            &at.child("required"),
            Compatible,
            rust,
            format!(
                "`{}` is now optional: existing calls still send it; now {}.",
                n.wire,
                passed_as(op, n)
            ),
        );
    }
}

/// Every value of `old` is a valid value of `new` on the wire: query and header values
/// are text, so any integer is also a valid string, and an int32 a valid int64.
fn scalar_accepts(new: ScalarType, old: ScalarType) -> bool {
    old == new
        || new == ScalarType::String
        || (old == ScalarType::Int32 && new == ScalarType::Int64)
}

// A new scalar type, or an enum where there was none (or the reverse). Wire: compatible
// when every value existing callers can send is still valid (int32 to int64, anything
// to a plain string, an enum to a plain type that holds its values); breaking
// otherwise. Rust API: breaking when the type callers pass changes (`i32` to `i64`,
// `impl Into<String>` to an enum).
// A new Rust name for the parameter's newtype or enum: nothing changes on the wire; code
// that names the old type stops compiling unless the type still exists for another
// parameter.
fn rust_type(cx: &mut Cx, at: &At, op: &Operation, o: &Param, n: &Param) {
    let o_enum = matches!(o.ty, ParamTy::Enum(_));
    let n_enum = matches!(n.ty, ParamTy::Enum(_));
    let rust = if arg_type(o) != arg_type(n) && !n.auth {
        Breaking
    } else {
        Compatible
    };
    if o.scalar != n.scalar || o_enum != n_enum {
        let wire = if !n_enum && scalar_accepts(n.scalar, o.scalar) {
            Compatible
        } else {
            Breaking
        };
        let kind = |p: &Param| match &p.ty {
            ParamTy::Enum(name) => format!("{} enum `{name}`", p.scalar),
            _ => p.scalar.to_string(),
        };
        cx.push(
            Rule::RequestParameterTypeChanged,
            &at.child("type"),
            wire,
            rust,
            format!(
                "`{}` changes from {} to {}: {}; {}.",
                n.wire,
                kind(o),
                kind(n),
                if wire == Compatible {
                    "every value existing calls send is still valid"
                } else {
                    "values existing calls send may now be refused"
                },
                if rust == Breaking {
                    format!("now {}", passed_as(op, n))
                } else {
                    "the Rust signature is unchanged".into()
                }
            ),
        );
        return;
    }
    let name = |p: &Param| match &p.ty {
        ParamTy::Newtype(t) | ParamTy::Enum(t) => Some(t.clone()),
        ParamTy::Plain => None,
    };
    if let (Some(o_name), Some(n_name)) = (name(o), name(n))
        && o_name != n_name
    {
        let still_there = cx.new.param_types.iter().any(|t| t.name == o_name);
        let rust = if still_there { rust } else { Breaking };
        cx.push(
            Rule::RequestParameterTypeRenamed,
            &at.child("type_name"),
            Compatible,
            rust,
            format!(
                "The Rust type of `{}` is `{n_name}` instead of `{o_name}`{}.",
                n.wire,
                if still_there {
                    format!("; `{o_name}` remains for other parameters")
                } else {
                    format!("; code naming `{o_name}` stops compiling")
                }
            ),
        );
    }
}

// Secret or not changes nothing on the wire. A secret newtype has no `Debug` and offers
// `expose_secret` instead of `as_str`: Rust API breaking when the parameter has one.
fn sensitivity(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    if o.sensitive == n.sensitive {
        return;
    }
    let rust = match &n.ty {
        ParamTy::Newtype(_) => Breaking,
        _ => Compatible,
    };
    cx.push(
        Rule::RequestParameterSensitivityChanged,
        &at.child("sensitive"),
        Compatible,
        rust,
        format!(
            "`{}` is {} secret: its newtype's accessors and `Debug` change accordingly.",
            n.wire,
            if n.sensitive { "now" } else { "no longer" }
        ),
    );
}

fn type_name(p: &Param) -> String {
    match &p.ty {
        ParamTy::Newtype(t) | ParamTy::Enum(t) => t.clone(),
        ParamTy::Plain => p.rust_name.clone(),
    }
}

// Default added: the service's behaviour for an omitted value is only now documented,
// wire compatible; a `DEFAULT` constant appears, Rust API compatible.
// Default removed: nothing callers send changes, wire compatible; `<Type>::DEFAULT`
// disappears, Rust API breaking.
// Default changed: existing calls that omit the parameter now get another behaviour from
// the service, wire breaking (but for a required parameter, which no call omits);
// `<Type>::DEFAULT` keeps its type and changes value, Rust API compatible.
fn default(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    let at = at.child("default");
    let t = type_name(n);
    match (&o.default, &n.default) {
        (None, Some(d)) => cx.push(
            Rule::RequestParameterDefaultAdded,
            &at,
            Compatible,
            Compatible,
            format!("`{}` now documents its default {d}: new `{t}::DEFAULT`.", n.wire),
        ),
        (Some(d), None) => cx.push(
            Rule::RequestParameterDefaultRemoved,
            &at,
            Compatible,
            Breaking,
            format!(
                "`{}` no longer documents its default {d}: `{}::DEFAULT` disappears.",
                n.wire,
                type_name(o)
            ),
        ),
        // Every call passes a required parameter, so none meets the new default.
        (Some(a), Some(b)) if a != b && o.is_positional() && n.is_positional() => cx.push(
            Rule::RequestParameterDefaultChanged,
            &at,
            Compatible,
            Compatible,
            format!(
                "Default of the required `{}` {a} → {b}: every call passes a value, so none gets the default; `{t}::DEFAULT` follows.",
                n.wire
            ),
        ),
        (Some(a), Some(b)) if a != b => cx.push(
            Rule::RequestParameterDefaultChanged,
            &at,
            Breaking,
            Compatible,
            format!(
                "Default of `{}` {a} → {b}: existing calls that leave it unset now get {b}; `{t}::DEFAULT` follows.",
                n.wire
            ),
        ),
        _ => {}
    }
}

/// One constraint that changed: its spec key, the constant the newtype exposes, both
/// values as text, and whether the new one admits fewer values.
pub(super) struct BoundChange {
    pub key: &'static str,
    pub constant: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
    pub narrowed: bool,
}

impl BoundChange {
    pub fn describe(&self) -> String {
        match (&self.old, &self.new) {
            (None, Some(n)) => format!("{} {n} added", self.key),
            (Some(o), None) => format!("{} {o} removed", self.key),
            (Some(o), Some(n)) => format!("{} {o} → {n}", self.key),
            (None, None) => String::new(),
        }
    }
}

/// Every constraint that differs. A lower bound rising, an upper bound falling, an
/// exact length or a pattern appearing narrow; the reverse widens. A changed exact length
/// or pattern admits values the old one refused and refuses others: narrowed, since we
/// cannot prove the new pattern accepts everything the old one did.
pub(super) fn bound_changes(o: &Constraints, n: &Constraints) -> Vec<BoundChange> {
    let mut out = Vec::new();
    let mut bound = |key: &'static str,
                     constant: &'static str,
                     old: Option<Number>,
                     new: Option<Number>,
                     lower: bool| {
        let narrowed = match (old, new) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) if a != b => b.numeric_cmp(a).is_gt() == lower,
            _ => return,
        };
        out.push(BoundChange {
            key,
            constant,
            old: old.map(|v| v.to_string()),
            new: new.map(|v| v.to_string()),
            narrowed,
        });
    };
    let count = |v: Option<u64>| v.map(|v| Number::Int(i64::try_from(v).unwrap_or(i64::MAX)));
    bound("minimum", "MIN", o.minimum, n.minimum, true);
    bound("maximum", "MAX", o.maximum, n.maximum, false);
    bound(
        "exclusive_minimum",
        "EXCLUSIVE_MIN",
        o.exclusive_minimum,
        n.exclusive_minimum,
        true,
    );
    bound(
        "exclusive_maximum",
        "EXCLUSIVE_MAX",
        o.exclusive_maximum,
        n.exclusive_maximum,
        false,
    );
    bound(
        "min_length",
        "MIN_LENGTH",
        count(o.min_length),
        count(n.min_length),
        true,
    );
    bound(
        "max_length",
        "MAX_LENGTH",
        count(o.max_length),
        count(n.max_length),
        false,
    );
    for (key, constant, old, new) in [
        (
            "length",
            "LENGTH",
            o.length.map(|v| v.to_string()),
            n.length.map(|v| v.to_string()),
        ),
        (
            "pattern",
            "PATTERN",
            o.pattern.as_ref().map(|p| format!("`{p}`")),
            n.pattern.as_ref().map(|p| format!("`{p}`")),
        ),
    ] {
        if old != new {
            out.push(BoundChange {
                key,
                constant,
                narrowed: new.is_some(),
                old,
                new,
            });
        }
    }
    out
}

// Narrowed: values existing callers send may now be refused by the service and by the
// client's own check before sending: wire breaking. The signature is unchanged and the
// newtype's constant keeps its type; a call outside the new bounds fails with
// `Error::InvalidRequest` instead of reaching the service, which would refuse it anyway:
// Rust API compatible (a behaviour change, said in the message).
// Widened: every value sent before is still accepted: wire compatible. Rust API
// compatible, except that a bound that disappears takes its `<Type>::MAX` (...) constant
// with it: breaking then.
fn constraints(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    let t = type_name(n);
    let has_newtype = |p: &Param| matches!(p.ty, ParamTy::Newtype(_));
    for b in bound_changes(&o.constraints, &n.constraints) {
        let at = at.child(b.key);
        if b.narrowed {
            cx.push(
                Rule::RequestConstraintNarrowed,
                &at,
                Breaking,
                Compatible,
                format!(
                    "`{}`: {}. Values accepted before are now refused, by the service and before sending by `check()` and `send()` (`Error::InvalidRequest`); the signature is unchanged.",
                    n.wire,
                    b.describe()
                ),
            );
        } else {
            let lost_constant = b.new.is_none() && has_newtype(o);
            cx.push(
                Rule::RequestConstraintWidened,
                &at,
                Compatible,
                if lost_constant { Breaking } else { Compatible },
                format!(
                    "`{}`: {}. Every value accepted before still is{}.",
                    n.wire,
                    b.describe(),
                    if lost_constant {
                        format!("; `{}::{}` disappears", type_name(o), b.constant)
                    } else if has_newtype(n) {
                        format!("; `{t}::{}` follows", b.constant)
                    } else {
                        String::new()
                    }
                ),
            );
        }
    }
}

// Value added: existing callers only send values that still exist, wire compatible. The
// enum is exhaustive (request enums are closed, not `#[non_exhaustive]`), so a `match`
// over it without a wildcard stops compiling: Rust API breaking.
// Value removed: existing callers that send it are refused, wire breaking; the variant
// disappears, Rust API breaking.
// Same value, new variant name: nothing changes on the wire; code naming the variant
// stops compiling, Rust API breaking.
fn enum_values(cx: &mut Cx, at: &At, o: &Param, n: &Param) {
    let (ParamTy::Enum(o_name), ParamTy::Enum(n_name)) = (&o.ty, &n.ty) else {
        return;
    };
    let (Some(o_type), Some(n_type)) = (
        cx.old.param_types.iter().find(|t| &t.name == o_name),
        cx.new.param_types.iter().find(|t| &t.name == n_name),
    ) else {
        return;
    };
    let at = at.child("enum");
    for v in &o_type.variants {
        match n_type.variants.iter().find(|w| w.value == v.value) {
            None => cx.push(
                Rule::RequestEnumValueRemoved,
                &at,
                Breaking,
                Breaking,
                format!(
                    "`{}` no longer accepts {}: existing calls that send it are refused; `{o_name}::{}` disappears.",
                    n.wire,
                    literal(&v.value),
                    v.name
                ),
            ),
            Some(w) => kept_variant(cx, &at, Rule::RequestEnumVariantRenamed, &n.wire, (o_name, n_name), v, w),
        }
    }
    for w in &n_type.variants {
        if !o_type.variants.iter().any(|v| v.value == w.value) {
            cx.push(
                Rule::RequestEnumValueAdded,
                &at,
                Compatible,
                Compatible,
                format!(
                    "`{}` also accepts {}: new variant `{n_name}::{}`; `{n_name}` is `#[non_exhaustive]`, so every `match` on it already has a wildcard arm.",
                    n.wire,
                    literal(&w.value),
                    w.name
                ),
            );
        }
    }
}

/// A literal for a message, strings quoted: `"tar.gz"`, `20`.
/// A value both sides list: a renamed variant (same wire value, so wire compatible; code
/// naming the old variant stops compiling, Rust API breaking) and a changed description.
pub(super) fn kept_variant(
    cx: &mut Cx,
    at: &At,
    renamed: Rule,
    wire: &str,
    (o_name, n_name): (&str, &str),
    v: &Variant,
    w: &Variant,
) {
    if w.name != v.name {
        cx.push(
            renamed,
            at,
            Compatible,
            Breaking,
            format!(
                "Value {} of `{wire}` is `{n_name}::{}` instead of `{o_name}::{}`.",
                literal(&v.value),
                w.name,
                v.name
            ),
        );
    }
    cx.text(
        Rule::DescriptionChanged,
        at,
        &format!("Description of value {}", literal(&v.value)),
        &v.description,
        &w.description,
    );
}

pub(super) fn literal(l: &Literal) -> String {
    l.to_string()
}
