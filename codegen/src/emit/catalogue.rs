//! Emits the catalogue (`generated/catalogue.rs`): every operation by name, called with the
//! values a caller sets and each positional parameter's sample (`ir::Param::sample`)
//! otherwise. The workspace's tests and benchmarks go through it, so that an operation
//! the spec gains is covered without editing them.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{ident, rust_type, type_ir};
use crate::ir::{Ir, Literal, Operation, Param, ParamTy, Success, TypeIr};

/// The imports, the names, `request_by_name`, which finds an operation's request by name for the
/// calls of `crate::catalogue`, and what is per type rather than per request: decoding a
/// success, making and defaulting a parameter type. The functions it uses follow,
/// one per operation ([`operation`]), each named `<operation>_request`, so that none can
/// take one of those names.
pub fn head(ir: &Ir) -> TokenStream {
    let names = ir.operations.iter().map(|op| op.name.as_str());
    let requests = ir.operations.iter().map(|op| {
        let (name, function) = (&op.name, function(op));
        quote! { #name => Box::new(#function(client, values)), }
    });
    let decodes = ir.operations.iter().filter_map(|op| {
        // An example of a body that may be empty is of the body when it comes.
        let (Success::Json(t) | Success::MaybeJson(t)) = &op.success else {
            return None;
        };
        let (name, ty) = (&op.name, type_ir(t));
        let count = match t {
            TypeIr::Array(_) => quote! { |decoded| Some(decoded.len()) },
            _ => quote! { |_| None },
        };
        Some(quote! {
            #name => serde_json::from_slice::<#ty>(body).map(#count),
        })
    });
    let parses = ir.param_types.iter().map(|t| {
        let (name, ty) = (&t.name, ident(&t.name));
        // A secret has no `Display`, and its `Debug` must not show it.
        let shown = if t.sensitive {
            quote! { |value| format!("{value:?}") }
        } else {
            quote! { |value| value.to_string() }
        };
        let made = if t.is_enum() || t.scalar.is_text() {
            quote! { text.parse::<crate::#ty>() }
        } else {
            // A numeric newtype is made from its number; text that is none is the
            // caller's mistake.
            quote! { crate::#ty::new(crate::catalogue::number(type_name, text)) }
        };
        quote! { #name => #made.map(#shown), }
    });
    let defaults = ir.param_types.iter().map(|t| {
        let (name, ty) = (&t.name, ident(&t.name));
        match &t.default {
            Some(_) => quote! { #name => Some(crate::#ty::DEFAULT.to_string()), },
            None => quote! { #name => None, },
        }
    });
    quote! {
        // The catalogue calls deprecated operations and setters too: that is its point.
        #![allow(deprecated)]

        #[allow(unused_imports)]
        use crate::catalogue::{Request, Values};
        use crate::Client;

        /// Every operation, in name order.
        pub const OPERATIONS: &[&str] = &[ #( #names ),* ];

        /// The request of `operation` with each parameter named in `values` (by its wire
        /// name) set to the text there, and every other positional parameter set to its
        /// sample; `None` when no operation has that name.
        ///
        /// # Panics
        ///
        /// When a value names no parameter of the operation or is not text of its type.
        pub(crate) fn request_by_name<'a>(
            client: &'a Client,
            operation: &str,
            values: &[(&str, &str)],
        ) -> Option<Box<dyn Request<'a> + 'a>> {
            Some(match operation {
                #( #requests )*
                _ => return None,
            })
        }

        /// Decodes `body` as the JSON success of `operation` (its Rust type, as `send`
        /// would), returning how many items it held when it is a list: the decoding a
        /// hand-written call of the benchmarks does. `None` when no operation of that
        /// name answers bare JSON.
        pub fn decode_counting(
            operation: &str,
            body: &[u8],
        ) -> Option<Result<Option<usize>, serde_json::Error>> {
            Some(match operation {
                #( #decodes )*
                _ => return None,
            })
        }

        /// `text` made into the parameter type called `type_name` (its `FromStr`, or `new`
        /// for a numeric newtype: every documented check runs), shown back with `Display`
        /// (`Debug` for a secret); `None` when no parameter type has that name.
        pub fn parse_param_type(
            type_name: &str,
            text: &str,
        ) -> Option<Result<String, crate::ConstraintError>> {
            Some(match type_name {
                #( #parses )*
                _ => return None,
            })
        }

        /// The documented default of the parameter type called `type_name`, as text
        /// (`Some(None)`: it has none); `None` when no parameter type has that name.
        pub fn param_type_default(type_name: &str) -> Option<Option<String>> {
            Some(match type_name {
                #( #defaults )*
                _ => return None,
            })
        }
    }
}

fn function(op: &Operation) -> proc_macro2::Ident {
    quote::format_ident!("{}_request", op.name)
}

/// `crate::catalogue::request!(Builder, answer, count, walk)`: the builder made a
/// `crate::catalogue::Request`, told how its success becomes an answer, whether it is a
/// list and whether the operation is paged.
fn request_impl(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let answer = ident(match op.success {
        Success::Binary => "binary",
        Success::None | Success::Json(_) | Success::MaybeJson(_) | Success::Envelope(_) => "json",
    });
    let count = ident(match &op.success {
        Success::Json(TypeIr::Array(_)) | Success::Envelope(TypeIr::Array(_)) => "list",
        _ => "one",
    });
    let walk = ident(if op.pagination.is_some() {
        "paged"
    } else {
        "single"
    });
    quote! { crate::catalogue::request!(#builder, #answer, #count, #walk); }
}

/// `fn <operation>_request(client, values)`: the request with every value set.
pub fn operation(op: &Operation) -> TokenStream {
    let (name, method, function) = (&op.name, ident(&op.name), function(op));
    let builder = ident(&op.builder);
    let caller: Vec<&Param> = op.params.iter().filter(|p| !p.auth).collect();
    let known: Vec<TokenStream> = caller
        .iter()
        .map(|p| {
            let wire = &p.wire;
            quote! { #wire }
        })
        .chain(op.body.iter().map(|_| quote! { crate::catalogue::BODY }))
        .collect();
    // The body: the one set under `BODY`, else the body's sample, optional or not.
    let body = op.body.as_ref().map(|b| {
        let (sample, ty) = (&b.sample, rust_type(&b.ty.qualified("crate::")));
        (b, quote! { values.body::<#ty>(#sample) })
    });
    let arguments: Vec<TokenStream> = caller
        .iter()
        .filter(|p| p.is_positional())
        .map(|p| argument(p))
        .chain(
            body.iter()
                .filter(|(b, _)| b.required)
                .map(|(_, read)| read.clone()),
        )
        .collect();
    let setters: Vec<TokenStream> = caller
        .iter()
        .filter(|p| !p.is_positional())
        .map(|p| {
            let (setter, read) = (ident(&p.rust_name), read(p));
            quote! {
                if let Some(value) = #read {
                    request = request.#setter(value);
                }
            }
        })
        .chain(body.iter().filter(|(b, _)| !b.required).map(|(b, read)| {
            let setter = ident(&b.rust_name);
            quote! { request = request.#setter(#read); }
        }))
        .collect();
    let made = quote! { client.#method( #( #arguments ),* ) };
    // Without setters the request is returned as it is made (clippy's `let_and_return`).
    let body = if setters.is_empty() {
        made
    } else {
        quote! {
            let mut request = #made;
            #( #setters )*
            request
        }
    };
    // Without parameters the values are only checked (none may be set).
    let read_values = if known.is_empty() {
        quote! { Values::new(#name, values, &[]); }
    } else {
        quote! { let values = Values::new(#name, values, &[ #( #known ),* ]); }
    };
    let request = request_impl(op);
    quote! {
        fn #function<'a>(client: &'a Client, values: &[(&str, &str)]) -> crate::#builder<'a> {
            #read_values
            #body
        }

        #request
    }
}

/// The expression reading `p`'s value from `values`, an `Option` of its argument type:
/// text as it is, everything else (integers, booleans, enums) through `FromStr`.
fn read(p: &Param) -> TokenStream {
    let wire = &p.wire;
    if p.scalar.is_text() && !matches!(p.ty, ParamTy::Enum(_)) {
        quote! { values.text(#wire) }
    } else {
        quote! { values.parsed(#wire) }
    }
}

/// A positional argument: the value set, else the sample.
fn argument(p: &Param) -> TokenStream {
    let wire = &p.wire;
    let sample = p.argument_sample();
    match sample {
        Literal::Str(text) if !matches!(p.ty, ParamTy::Enum(_)) => {
            quote! { values.text(#wire).unwrap_or(#text) }
        }
        _ => {
            let text = sample.wire_text();
            quote! { values.parsed_or(#wire, #text) }
        }
    }
}
