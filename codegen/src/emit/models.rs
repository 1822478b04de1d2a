//! Emits response models (structs) and the open enums of their fields; request models are
//! `request_models`'.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::util::{
    code, constraint_words, deprecated, deprecated_note, doc, ident, inferred_note, prose, type_ir,
};
use crate::ir::{Enum, Field, Literal, Model};

/// A model: a request model as `request_models` writes it, else a response model.
pub fn model(m: &Model) -> TokenStream {
    if m.request {
        super::request_models::request_model(m)
    } else {
        model_struct(m)
    }
}

/// Every field is an `Option`: the pages never say which fields are always present, and
/// the documented examples send `null` for fields typed as strings, integers and booleans.
///
/// A model is read from a JSON object only: serde's derive alone would also read a JSON
/// array by position. The derives therefore write inherent functions (`remote = "Self"`),
/// and the runtime's `json_object!` puts them behind the serde traits.
pub fn model_struct(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let mut text = prose(&m.description);
    if let Some(why) = &m.inferred {
        text.push_str(&format!("\n\n{}", inferred_note(why)));
    }
    let docs = doc(&text);
    let fields = m.fields.iter().map(field);
    let derives = derives(m);
    quote! {
        #docs
        #derives
        #[serde(remote = "Self")]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
        }

        crate::json_object!(#name);
    }
}

/// `#[derive(..)]` of a model, of the traits the type table gives it.
pub fn derives(m: &Model) -> TokenStream {
    let traits = m.derives().into_iter().map(|d| format_ident!("{d}"));
    quote! { #[derive( #( #traits ),* )] }
}

fn field(f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let ty = type_ir(&f.ty);
    let mut text = prose(&f.description);
    if let Some(format) = &f.format {
        text.push_str(&format!("\n\nFormat: {}.", prose(format)));
    }
    let words = constraint_words(&f.constraints);
    if !words.is_empty() {
        text.push_str(&format!(
            "\n\nDocumented: {}. Not enforced on responses.",
            words.join("; ")
        ));
    }
    if f.nullable {
        text.push_str("\n\nThe service is documented to send `null` here.");
    }
    if f.accept_integer {
        text.push_str("\n\nAlso accepts a JSON integer, kept as its decimal text.");
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
    let docs = doc(&text);
    let deprecation = deprecated(f.deprecated.as_deref());
    let wire = &f.wire;
    let rename = (f.wire != f.rust_name).then(|| quote! { rename = #wire, });
    // serde reads a missing `Option` field as `None` by itself, except through
    // `deserialize_with`, which needs `default` to say so.
    let de = f
        .accept_integer
        .then(|| quote! { default, deserialize_with = "crate::de::string_or_integer", });
    quote! {
        #docs
        #deprecation
        #[serde(#rename #de skip_serializing_if = "Option::is_none")]
        pub #name: Option<#ty>,
    }
}

/// An open enum: documented values get variants, anything else is kept in `Unknown`,
/// because a response must never fail over a value the documentation did not list.
pub fn response_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let mut text = prose(&e.description);
    text.push_str(&format!(
        "\n\nUsed by: {}.",
        e.used_by
            .iter()
            .map(|u| code(u))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let docs = doc(&text);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| {
        doc(&format!(
            "{}: {}",
            code(&v.value.wire_text()),
            prose(&v.description)
        ))
    });
    let is_string = e.scalar.is_text();
    let raw = if is_string {
        quote! { String }
    } else {
        quote! { i64 }
    };
    let raw_name = if is_string { "String" } else { "i64" };
    let values: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            Literal::Str(s) => quote! { #s },
            Literal::Int(i) => {
                let i = proc_macro2::Literal::i64_unsuffixed(*i);
                quote! { #i }
            }
            Literal::Bool(b) => quote! { #b },
            Literal::Float(d) => {
                let d = proc_macro2::Literal::f64_unsuffixed(d.0);
                quote! { #d }
            }
        })
        .collect();
    let (accessor, from_raw, into_raw) = if is_string {
        (
            quote! {
                /// The value on the wire.
                pub fn as_str(&self) -> &str {
                    match self { #( Self::#variants => #values, )* Self::Unknown(value) => value }
                }
            },
            quote! { match value.as_str() { #( #values => Self::#variants, )* _ => Self::Unknown(value) } },
            quote! { value.as_str().to_owned() },
        )
    } else {
        (
            quote! {
                /// The value on the wire.
                pub fn value(&self) -> i64 {
                    match self { #( Self::#variants => #values, )* Self::Unknown(value) => *value }
                }
            },
            quote! { match value { #( #values => Self::#variants, )* _ => Self::Unknown(value) } },
            quote! { value.value() },
        )
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = #raw_name, into = #raw_name)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the documentation does not list, kept as sent.
            Unknown(#raw),
        }

        impl #name {
            #accessor
        }

        impl From<#raw> for #name {
            fn from(value: #raw) -> Self { #from_raw }
        }

        impl From<#name> for #raw {
            fn from(value: #name) -> Self { #into_raw }
        }
    }
}
