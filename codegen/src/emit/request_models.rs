//! Emits request models: the structs a request body sends, made by `new` from their
//! required fields (so none can be left out), with a setter per optional field and a
//! `check` that walks every documented constraint, naming each violation by its JSON path.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{
    code, constraint_words, deprecated, deprecated_note, doc, ident, inferred_note, literal_text,
    prose, rust_type,
};
use crate::ir::{Field, ItemCount, Model, TypeIr};

pub fn request_model(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let mut text = prose(&m.description);
    text.push_str("\n\nSent in a request body: made with [`new`](Self::new) from its required fields, the optional ones set with the setters of the same name. Every documented constraint is checked when the request is sent.");
    if m.read {
        text.push_str(" Responses carry it too: every field is an `Option`, so that an answer without one still reads, and sending checks that the required ones are there.");
    }
    if let Some(why) = &m.inferred {
        text.push_str(&format!("\n\n{}", inferred_note(why)));
    }
    let docs = doc(&text);
    let fields = m.fields.iter().map(|f| field(f, m.read));
    let new = new_fn(m);
    let setters = m.fields.iter().filter(|f| !f.required).map(setter);
    let check = check_fn(m);
    let derives = super::models::derives(m);
    quote! {
        #docs
        #derives
        #[serde(remote = "Self")]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
        }

        crate::json_object!(#name);

        impl #name {
            #new
            #( #setters )*
            #check
        }
    }
}

/// Whether a field is stored as an `Option`: an optional one, and every field of a model
/// responses also carry (`read`).
fn optional(f: &Field, read: bool) -> bool {
    !f.required || read
}

/// The stored type of a field: its own for a required one, an `Option` of it otherwise.
fn stored(f: &Field, read: bool) -> TokenStream {
    let ty = rust_type(&f.ty.qualified("crate::"));
    if optional(f, read) {
        quote! { Option<#ty> }
    } else {
        ty
    }
}

fn field_doc(f: &Field) -> String {
    let mut text = prose(&f.description);
    if let Some(format) = &f.format {
        text.push_str(&format!("\n\nFormat: {}.", prose(format)));
    }
    let mut words = constraint_words(&f.constraints);
    words.extend(count_words(f.item_count));
    if !words.is_empty() {
        text.push_str(&format!("\n\nConstraints: {}.", words.join("; ")));
    }
    if let Some(t) = &f.checked {
        text.push_str(&format!(" Checked as [`{t}`](crate::{t})."));
    }
    if let Some(d) = &f.default {
        text.push_str(&format!(
            "\n\nWhen left out, the service applies its documented default, {}.",
            code(&literal_text(d))
        ));
    }
    if f.wire != f.rust_name {
        text.push_str(&format!("\n\nWire name: {}.", code(&f.wire)));
    }
    if let Some(why) = &f.inferred {
        text.push_str(&format!("\n\n{}", inferred_note(why)));
    }
    if let Some(note) = &f.deprecated {
        text.push_str(&format!("\n\n{}", deprecated_note(note)));
    }
    text
}

/// The item-count bounds in words, as `constraint_words` words the rest.
pub fn count_words(c: ItemCount) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = c.min {
        out.push(format!("at least {min} items"));
    }
    if let Some(max) = c.max {
        out.push(format!("at most {max} items"));
    }
    out
}

fn field(f: &Field, read: bool) -> TokenStream {
    let name = ident(&f.rust_name);
    let docs = doc(&field_doc(f));
    let deprecation = deprecated(f.deprecated.as_deref());
    let ty = stored(f, read);
    let wire = &f.wire;
    let rename = (f.wire != f.rust_name).then(|| quote! { rename = #wire });
    // An unset optional field is left out of the JSON, not sent as `null`.
    let serde = match (!optional(f, read), rename) {
        (true, None) => TokenStream::new(),
        (true, Some(rename)) => quote! { #[serde(#rename)] },
        (false, None) => quote! { #[serde(default, skip_serializing_if = "Option::is_none")] },
        (false, Some(rename)) => {
            quote! { #[serde(#rename, default, skip_serializing_if = "Option::is_none")] }
        }
    };
    quote! {
        #docs
        #deprecation
        #serde
        pub #name: #ty,
    }
}

/// The argument type of a field's value and the expression that stores it.
fn argument(f: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&f.rust_name);
    let store = if f.ty.argument_converts() {
        quote! { #name.into() }
    } else {
        quote! { #name }
    };
    (rust_type(&f.ty.argument("crate::")), store)
}

fn new_fn(m: &Model) -> TokenStream {
    let required: Vec<&Field> = m.fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let (name, (ty, _)) = (ident(&f.rust_name), argument(f));
        quote! { #name: #ty }
    });
    let inits = m.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        let (_, store) = argument(f);
        match (f.required, m.read) {
            (true, false) if f.ty.argument_converts() => quote! { #name: #store },
            (true, false) => quote! { #name },
            (true, true) => quote! { #name: Some(#store) },
            (false, _) => quote! { #name: None },
        }
    });
    let mut text = String::from("The model with its required fields");
    if required.is_empty() {
        text.push_str(" (it has none); every field is unset.");
    } else {
        let listed: Vec<String> = required.iter().map(|f| code(&f.rust_name)).collect();
        text.push_str(&format!(": {}.", listed.join(", ")));
    }
    let docs = doc(&text);
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // A deprecated field is still the model's to set.
    let allow = m
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #docs
        #allow
        #many
        pub fn new( #( #args ),* ) -> Self {
            Self { #( #inits, )* }
        }
    }
}

fn setter(f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let (ty, store) = argument(f);
    let docs = doc(&format!("Sets {}", field_doc(f)));
    let deprecation = deprecated(f.deprecated.as_deref());
    let allow = f
        .deprecated
        .is_some()
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #docs
        #deprecation
        #allow
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#store);
            self
        }
    }
}

/// `check(path, violations)`: every field's checks, the nested models' own, each failure
/// recorded at `path.field` (`path.list[2]` for an item).
fn check_fn(m: &Model) -> TokenStream {
    let checks: Vec<TokenStream> = m
        .fields
        .iter()
        .filter_map(|f| field_check(f, m.read))
        .collect();
    let allow = m
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote! { #[allow(deprecated)] });
    let body = if checks.is_empty() {
        quote! { let _ = (path, violations); }
    } else {
        quote! { #( #checks )* }
    };
    quote! {
        /// Records every broken constraint of this value, and of the models it holds, in
        /// `violations`, at `path` (`body`, `body.sources[2]`).
        #[doc(hidden)]
        #allow
        pub fn check(&self, path: &str, violations: &mut crate::Violations) {
            #body
        }
    }
}

/// The checks of one field's value, if it has any: `v` reaches the value's methods, `copy`
/// is a scalar's value itself.
fn value_check(f: &Field, v: TokenStream, copy: TokenStream) -> Option<TokenStream> {
    let wire = &f.wire;
    let mut out = TokenStream::new();
    if let Some(t) = &f.checked {
        let t = ident(t);
        let value = match &f.ty {
            TypeIr::Scalar(s) if s.is_text() => quote! { #v.as_str() },
            _ => copy,
        };
        let at = child(wire, "");
        out.extend(quote! {
            violations.check_at(|| format!(#at), crate::#t::new(#value));
        });
    }
    if !f.item_count.is_empty() {
        let at = child(wire, "");
        let path = quote! { format!(#at) };
        out.extend(item_count_check(
            f.item_count,
            &v,
            &path,
            &quote! { violations },
        ));
    }
    match &f.ty {
        TypeIr::Model(_) => {
            let at = child(wire, "");
            out.extend(quote! { #v.check(&format!(#at), violations); });
        }
        TypeIr::Array(item) | TypeIr::Map(item) => {
            let is_map = matches!(f.ty, TypeIr::Map(_));
            // An item by its index, a map's value by its key, quoted as JSON would.
            let (at, bind) = if is_map {
                (
                    child(wire, "[{key:?}]"),
                    quote! { (key, item) in #v.iter() },
                )
            } else {
                (
                    child(wire, "[{i}]"),
                    quote! { (i, item) in #v.iter().enumerate() },
                )
            };
            let each = item_check(item, &at);
            if let Some(each) = each {
                out.extend(quote! { for #bind { #each } });
            }
        }
        _ => {}
    }
    (!out.is_empty()).then_some(out)
}

/// The check of one item of an array or one value of a map (`item`, at the format string
/// `at`): a model's own check, or a number's finiteness; nothing for other items.
fn item_check(item: &TypeIr, at: &str) -> Option<TokenStream> {
    match item {
        TypeIr::Model(_) => Some(quote! { item.check(&format!(#at), violations); }),
        TypeIr::Scalar(s) if s.always_checked() => Some(quote! {
            let mut failures = Vec::new();
            crate::check::number(*item, None, None, None, None, &mut failures);
            if !failures.is_empty() {
                violations.push_failures(format!(#at), failures);
            }
        }),
        _ => None,
    }
}

fn field_check(f: &Field, read: bool) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    if f.required && read {
        // Stored as an `Option` only so that answers read: sending needs it there.
        let checks = value_check(f, quote! { value }, quote! { *value }).unwrap_or_default();
        let at = child(&f.wire, "");
        Some(quote! {
            match &self.#name {
                Some(value) => { #checks }
                None => violations.push_failures(format!(#at), crate::check::missing()),
            }
        })
    } else if f.required {
        value_check(f, quote! { self.#name }, quote! { self.#name })
    } else {
        let checks = value_check(f, quote! { value }, quote! { *value })?;
        Some(quote! {
            if let Some(value) = &self.#name {
                #checks
            }
        })
    }
}

/// The format string of a field's JSON path below `path`, then `rest`: the wire name with
/// its braces doubled, so that `format!` writes them as they are.
fn child(wire: &str, rest: &str) -> String {
    format!(
        "{{path}}.{}{rest}",
        wire.replace('{', "{{").replace('}', "}}")
    )
}

/// The check of an array's item count: `array` is the array, `path` the expression of its
/// path (made only when the count fails), `violations` the `&mut Violations` to record in.
pub fn item_count_check(
    count: ItemCount,
    array: &TokenStream,
    path: &TokenStream,
    violations: &TokenStream,
) -> TokenStream {
    let (min, max) = (option(count.min), option(count.max));
    quote! {
        let mut failures = Vec::new();
        crate::check::item_count(#array.len(), #min, #max, &mut failures);
        if !failures.is_empty() {
            #violations.push_failures(#path, failures);
        }
    }
}

/// `Some(n)` or `None` as tokens.
fn option(n: Option<u64>) -> TokenStream {
    match n {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}
