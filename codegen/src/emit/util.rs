//! Small token helpers shared by the emitters: doc attributes, identifiers, types and
//! the human wording of constraints.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Constraints, Literal, ScalarType, TypeIr};
use crate::names;

/// `#[doc = "..."]` attributes, one per line, so the printed file reads as `///` lines.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// An identifier, raw (`r#ref`) when the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

pub fn scalar(s: ScalarType) -> TokenStream {
    match s {
        ScalarType::String => quote! { String },
        ScalarType::Int32 => quote! { i32 },
        ScalarType::Int64 => quote! { i64 },
        ScalarType::Boolean => quote! { bool },
    }
}

pub fn type_ir(t: &TypeIr) -> TokenStream {
    match t {
        TypeIr::Scalar(s) => scalar(*s),
        TypeIr::Enum(name) | TypeIr::Model(name) => {
            let name = ident(name);
            quote! { crate::#name }
        }
        TypeIr::Array(inner) => {
            let inner = type_ir(inner);
            quote! { Vec<#inner> }
        }
    }
}

/// The constraints in words, e.g. `at least 1`, `exactly 32 characters`.
pub fn constraint_words(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    match (c.minimum, c.maximum) {
        (Some(min), Some(max)) => out.push(format!("from {min} to {max}")),
        (Some(min), None) => out.push(format!("at least {min}")),
        (None, Some(max)) => out.push(format!("at most {max}")),
        (None, None) => {}
    }
    if let Some(len) = c.length {
        out.push(format!("exactly {len} characters"));
    }
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters")),
        (Some(min), None) => out.push(format!("at least {min} characters")),
        (None, Some(max)) => out.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(p) = &c.pattern {
        out.push(format!("matching `{p}`"));
    }
    out
}

/// A literal as Rust source text for docs (`20`, `"tar.gz"`).
pub fn literal_text(l: &Literal) -> String {
    l.to_string()
}

/// The HTTP method as a `reqwest::Method` constant.
pub fn method(m: crate::ir::Method) -> TokenStream {
    let name = Ident::new(&m.to_string(), Span::call_site());
    quote! { reqwest::Method::#name }
}
