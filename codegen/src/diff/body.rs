//! Request bodies and request models, judged in the request direction: what the service
//! now needs that existing calls do not send breaks the wire; a changed `new` or a setter
//! that disappears breaks the Rust API.

use super::Verdict::{Breaking, Compatible};
use super::{At, Cx, Rule};
use crate::ir::{Field, Model, Operation};

// Added: required, existing calls send no body and are refused (wire breaking) and the
// method gains an argument (Rust API breaking); optional, nothing changes for existing
// calls and the builder gains a setter (compatible both ways). Removed: the service takes
// no body, existing calls' body is dropped (wire compatible); the argument or setter
// disappears (Rust API breaking).
pub(super) fn body(cx: &mut Cx, at: &At, old: &Operation, new: &Operation) {
    let at = at.child("body");
    let name = &new.name;
    match (&old.body, &new.body) {
        (None, None) => {}
        (None, Some(b)) => {
            let verdict = if b.required { Breaking } else { Compatible };
            cx.push(
                Rule::RequestBodyAdded,
                &at,
                verdict,
                verdict,
                format!(
                    "`Client::{name}` now sends a {} body of `{}`.",
                    if b.required { "required" } else { "optional" },
                    b.ty.rust()
                ),
            );
        }
        (Some(_), None) => cx.push(
            Rule::RequestBodyRemoved,
            &at,
            Compatible,
            Breaking,
            format!(
                "`Client::{name}` sends no body any more: its body argument or setter disappears."
            ),
        ),
        (Some(o), Some(n)) => {
            // A different type is another JSON shape and another Rust type: breaking both.
            if o.ty != n.ty {
                cx.push(
                    Rule::RequestBodyTypeChanged,
                    &at.child("type"),
                    Breaking,
                    Breaking,
                    format!(
                        "The body of `Client::{name}` is `{}`, not `{}`.",
                        n.ty.rust(),
                        o.ty.rust()
                    ),
                );
            }
            // Now required: calls that left it out are refused, and the method gains an
            // argument. No longer required: every call still works, but the argument
            // becomes a setter.
            if o.required != n.required {
                let wire = if n.required { Breaking } else { Compatible };
                cx.push(
                    Rule::RequestBodyRequiredChanged,
                    &at.child("required"),
                    wire,
                    Breaking,
                    format!(
                        "The body of `Client::{name}` is {} required: it becomes {}.",
                        if n.required { "now" } else { "no longer" },
                        if n.required {
                            "an argument"
                        } else {
                            "a setter"
                        }
                    ),
                );
            }
            // Another media type may be refused by the service; the Rust call is the same.
            if o.content_type != n.content_type {
                cx.push(
                    Rule::RequestBodyTypeChanged,
                    &at.child("content_type"),
                    Breaking,
                    Compatible,
                    format!(
                        "The body of `Client::{name}` is sent as `{}`, not `{}`.",
                        n.content_type, o.content_type
                    ),
                );
            }
        }
    }
}

/// A request model's fields added, removed or made required; `false` when the model is
/// not a request model on both sides, whose fields the response rules judge.
pub(super) fn request_fields(cx: &mut Cx, fields: &At, o: &Model, n: &Model) -> bool {
    if !(o.request && n.request) {
        return false;
    }
    read_changed(cx, fields, o, n);
    for fo in &o.fields {
        let at = fields.child(&fo.wire);
        match n.fields.iter().find(|f| f.wire == fo.wire) {
            // The service no longer reads it (wire compatible); its setter or its place in
            // `new` disappears (Rust API breaking).
            None => cx.push(
                Rule::RequestFieldRemoved,
                &at,
                Compatible,
                Breaking,
                format!(
                    "Field `{}` removed from the request model `{}`.",
                    fo.wire, n.name
                ),
            ),
            Some(fn_) => required_changed(cx, &at, n, fo, fn_),
        }
    }
    for fn_ in &n.fields {
        if !o.fields.iter().any(|f| f.wire == fn_.wire) {
            // Required: existing requests lack it and `new` takes it. Optional: a setter.
            let verdict = if fn_.required { Breaking } else { Compatible };
            cx.push(
                Rule::RequestFieldAdded,
                &fields.child(&fn_.wire),
                verdict,
                verdict,
                format!(
                    "New {} field `{}` in the request model `{}`.",
                    if fn_.required { "required" } else { "optional" },
                    fn_.wire,
                    n.name
                ),
            );
        }
    }
    true
}

/// A request model that responses start (or stop) carrying: the wire is the same, but its
/// required fields are stored as `Option`s (or no longer), which code reading them sees.
fn read_changed(cx: &mut Cx, fields: &At, o: &Model, n: &Model) {
    if o.read == n.read {
        return;
    }
    let required: Vec<&str> = n
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.rust_name.as_str())
        .collect();
    let rust_api = if required.is_empty() {
        Compatible
    } else {
        Breaking
    };
    let (now, types) = if n.read {
        ("now also read from a response", "`Option`s")
    } else {
        ("no longer read from a response", "plain values")
    };
    let mut message = format!("The request model `{}` is {now}", n.name);
    if !required.is_empty() {
        message.push_str(&format!(
            "; its required fields ({}) become {types}",
            required.join(", ")
        ));
    }
    message.push('.');
    cx.push(
        Rule::RequestModelReadChanged,
        fields,
        Compatible,
        rust_api,
        message,
    );
}

fn required_changed(cx: &mut Cx, at: &At, model: &Model, o: &Field, n: &Field) {
    if o.required == n.required {
        return;
    }
    // Now required: requests without it are refused; `new` takes it. No longer required:
    // every request still works; `new` no longer takes it.
    let wire = if n.required { Breaking } else { Compatible };
    cx.push(
        Rule::RequestFieldRequiredChanged,
        &at.child("required"),
        wire,
        Breaking,
        format!(
            "`{}.{}` is {} required.",
            model.name,
            n.wire,
            if n.required { "now" } else { "no longer" }
        ),
    );
}
