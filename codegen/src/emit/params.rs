//! Emits request parameter types: a checked newtype per constrained parameter type and
//! a closed enum per enumerated one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::util::{code, constraint_words, doc, ident, literal_text, prose, scalar};
use crate::ir::{Literal, ParamType};

/// One parameter type: a closed enum or a checked newtype.
pub fn param_type(t: &ParamType) -> TokenStream {
    if t.is_enum() {
        param_enum(t)
    } else {
        newtype(t)
    }
}

fn type_doc(t: &ParamType) -> TokenStream {
    let mut text = prose(&t.description);
    let mut words = constraint_words(&t.constraints);
    if t.scalar.always_checked() {
        words.insert(0, "finite".to_string());
    }
    if !words.is_empty() {
        text.push_str(&format!("\n\nConstraints: {}.", words.join("; ")));
    }
    if let Some(d) = &t.default {
        text.push_str(&format!(
            "\n\nDocumented default: {} ([`Self::DEFAULT`]).",
            code(&literal_text(d))
        ));
    }
    text.push_str(&format!(
        "\n\nUsed by: {}.",
        t.used_by
            .iter()
            .map(|u| code(u))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    doc(&text)
}

/// A newtype with a private field: `new` (and every conversion, which calls it) is the
/// only way in, so a value of this type always satisfies the documented constraints.
fn newtype(t: &ParamType) -> TokenStream {
    let name = ident(&t.name);
    let docs = type_doc(t);
    let inner = scalar(t.scalar);
    let checks = checks(t);
    // A type with only a default has no check to push a failure (and `mut` would warn).
    let failures = if checks.is_empty() {
        quote! { failures }
    } else {
        quote! { mut failures }
    };
    let type_name = &t.name;
    let is_string = t.scalar.is_text();
    let (arg, bind) = if is_string {
        (
            quote! { value: impl Into<String> },
            quote! { let value = value.into(); },
        )
    } else {
        (quote! { value: #inner }, quote! {})
    };
    let derives = t.newtype_derives().iter().map(|d| format_ident!("{d}"));
    let derives = quote! { #[derive( #( #derives ),* )] };
    let consts = bound_consts(t);
    let default = t.default.as_ref().map(|d| match d {
        // A `String` cannot be built in a const, so a string default is a `&str`
        // constant plus `Default`.
        Literal::Str(s) => quote! {
            /// The documented default; the service applies it when the parameter is omitted.
            pub const DEFAULT: &'static str = #s;
        },
        other => {
            let value: TokenStream = t
                .scalar
                .rust_literal(other)
                .parse()
                .expect("internal error: a literal's Rust text lexes");
            quote! {
                /// The documented default; the service applies it when the parameter is omitted.
                pub const DEFAULT: Self = Self(#value);
            }
        }
    });
    let new_doc = doc(&format!(
        "Checks `value` against every documented constraint of [`{type_name}`]."
    ));
    let shared = Kind::of(t).invocation(&name, &inner);
    quote! {
        #docs
        #derives
        pub struct #name(#inner);

        impl #name {
            #consts
            #default

            #new_doc
            pub fn new(#arg) -> Result<Self, crate::ConstraintError> {
                #bind
                let #failures = Vec::new();
                #checks
                crate::ConstraintError::check(#type_name, failures)?;
                Ok(Self(value))
            }
        }

        #shared
    }
}

fn checks(t: &ParamType) -> TokenStream {
    let c = &t.constraints;
    let some_u = |v: Option<u64>| v.map_or(quote! { None }, |v| quote! { Some(#v) });
    let sensitive = t.sensitive;
    let mut out = TokenStream::new();
    out.extend(t.scalar.range_check(c));
    if c.min_length.is_some() || c.max_length.is_some() || c.length.is_some() {
        let (min, max, exact) = (some_u(c.min_length), some_u(c.max_length), some_u(c.length));
        out.extend(
            quote! { crate::check::length(&value, #min, #max, #exact, #sensitive, &mut failures); },
        );
    }
    if let Some(pattern) = &c.pattern {
        // The client matches as ECMA-262 does, the dialect of the OpenAPI export; the
        // message quotes the pattern as the spec gives it.
        let rust = crate::pattern::for_rust(pattern);
        out.extend(quote! {
            // The generator compiled this pattern when it validated the spec.
            static PATTERN: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(#rust).expect("pattern checked by the generator"));
            crate::check::pattern(&value, &PATTERN, #pattern, #sensitive, &mut failures);
        });
    }
    out
}

fn bound_consts(t: &ParamType) -> TokenStream {
    let c = &t.constraints;
    // A digit string's bounds are numbers.
    let inner = ident(t.scalar.bound_rust());
    let value = |v: crate::ir::Number| t.scalar.bound_literal(v);
    let mut out = TokenStream::new();
    for (name, bound, what) in [
        ("MIN", c.minimum, "The smallest accepted value."),
        ("MAX", c.maximum, "The largest accepted value."),
        (
            "EXCLUSIVE_MIN",
            c.exclusive_minimum,
            "Accepted values are greater than this.",
        ),
        (
            "EXCLUSIVE_MAX",
            c.exclusive_maximum,
            "Accepted values are less than this.",
        ),
    ] {
        if let Some(bound) = bound {
            let (name, v, what) = (format_ident!("{name}"), value(bound), format!(" {what}"));
            out.extend(quote! { #[doc = #what] pub const #name: #inner = #v; });
        }
    }
    for (name, value, what) in [
        (
            "MIN_LENGTH",
            c.min_length,
            "The shortest accepted length, in characters.",
        ),
        (
            "MAX_LENGTH",
            c.max_length,
            "The longest accepted length, in characters.",
        ),
        ("LENGTH", c.length, "The required length, in characters."),
    ] {
        if let Some(v) = value {
            let name = format_ident!("{name}");
            let v = v as usize;
            let what = format!(" {what}");
            out.extend(quote! { #[doc = #what] pub const #name: usize = #v; });
        }
    }
    if let Some(p) = &c.pattern {
        out.extend(
            quote! { /// The regular expression the whole value must match.
            pub const PATTERN: &'static str = #p; },
        );
    }
    out
}

/// The kinds of newtype, by what they share: each kind's accessors and conversions are
/// the same for every type of the kind, so they are written once, as a `macro_rules!` at
/// the top of `params.rs`, and each type invokes it. Spelled out per type they were a
/// third of the generated code that syn parses and prettyplease prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Text,
    SecretText,
    /// An integer or a boolean.
    Scalar,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Text, Kind::SecretText, Kind::Scalar];

    /// Only strings are ever sensitive: validation allows it for credentials alone, and
    /// they are string headers.
    fn of(t: &ParamType) -> Kind {
        match (t.scalar.is_text(), t.sensitive) {
            (true, false) => Kind::Text,
            (true, true) => Kind::SecretText,
            (false, _) => Kind::Scalar,
        }
    }

    fn macro_name(self) -> proc_macro2::Ident {
        format_ident!(
            "{}",
            match self {
                Kind::Text => "text_newtype",
                Kind::SecretText => "secret_text_newtype",
                Kind::Scalar => "scalar_newtype",
            }
        )
    }

    fn is_text(self) -> bool {
        matches!(self, Kind::Text | Kind::SecretText)
    }

    /// `text_newtype!(Name);`, or `scalar_newtype!(Name, i32);` for an integer or a boolean.
    fn invocation(self, name: &proc_macro2::Ident, inner: &TokenStream) -> TokenStream {
        let mac = self.macro_name();
        if self.is_text() {
            quote! { #mac!(#name); }
        } else {
            quote! { #mac!(#name, #inner); }
        }
    }

    /// The `macro_rules!` of this kind, as text. The body is printed as the items it
    /// expands to for a type `__Name` (holding `__Inner`), so that it reads like the rest
    /// of the file (prettyplease prints a macro's body as a stream of tokens), and then
    /// those names become the macro's variables.
    fn definition(self) -> Result<String, String> {
        let (name, inner) = (format_ident!("__Name"), format_ident!("__Inner"));
        let inner = if self.is_text() {
            quote! { String }
        } else {
            quote! { #inner }
        };
        let accessors = self.accessors(&inner);
        let conversions = self.conversions(&quote! { #name }, &inner);
        let body = super::unparse(
            quote! {
                impl #name { #accessors }
                #conversions
            },
            "params.rs",
        )?;
        let matcher = if self.is_text() {
            "$name:ident"
        } else {
            "$name:ident, $inner:ty"
        };
        let mut out = format!(
            "macro_rules! {} {{\n    ({matcher}) => {{\n",
            self.macro_name()
        );
        for line in super::separate_items(&body).lines() {
            if !line.is_empty() {
                out.push_str("        ");
                out.push_str(&line.replace("__Name", "$name").replace("__Inner", "$inner"));
            }
            out.push('\n');
        }
        out.push_str("    };\n}\n");
        Ok(out)
    }

    fn accessors(self, inner: &TokenStream) -> TokenStream {
        match self {
            Kind::SecretText => quote! {
                /// The secret value. Handle with care: never log it.
                pub fn expose_secret(&self) -> &str { &self.0 }
            },
            Kind::Text => quote! {
                /// The checked value.
                pub fn as_str(&self) -> &str { &self.0 }

                /// The checked value, owned.
                pub fn into_inner(self) -> String { self.0 }
            },
            Kind::Scalar => quote! {
                /// The checked value.
                pub fn get(self) -> #inner { self.0 }
            },
        }
    }

    fn conversions(self, name: &TokenStream, inner: &TokenStream) -> TokenStream {
        let mut out = quote! {
            impl TryFrom<#inner> for #name {
                type Error = crate::ConstraintError;
                fn try_from(value: #inner) -> Result<Self, Self::Error> { Self::new(value) }
            }
        };
        if self.is_text() {
            out.extend(quote! {
                impl TryFrom<&str> for #name {
                    type Error = crate::ConstraintError;
                    fn try_from(value: &str) -> Result<Self, Self::Error> { Self::new(value) }
                }
                impl std::str::FromStr for #name {
                    type Err = crate::ConstraintError;
                    fn from_str(value: &str) -> Result<Self, Self::Err> { Self::new(value) }
                }
            });
        } else {
            out.extend(quote! {
                impl From<#name> for #inner {
                    fn from(value: #name) -> Self { value.0 }
                }
            });
        }
        match self {
            Kind::SecretText => out.extend(quote! {
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.debug_tuple(stringify!(#name)).field(&format_args!("<redacted, {} characters>", self.0.chars().count())).finish()
                    }
                }
            }),
            Kind::Text | Kind::Scalar => out.extend(quote! {
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
                }
            }),
        }
        if self == Kind::Text {
            out.extend(quote! {
                impl AsRef<str> for #name {
                    fn as_ref(&self) -> &str { &self.0 }
                }
            });
        }
        out
    }
}

/// The `macro_rules!` of every kind of newtype that `types` has, as text for the top of
/// `params.rs` (a macro must be defined before the items that invoke it).
pub fn newtype_macros(types: &[ParamType]) -> Result<String, String> {
    Kind::ALL
        .into_iter()
        .filter(|k| types.iter().any(|t| !t.is_enum() && Kind::of(t) == *k))
        .map(Kind::definition)
        .collect()
}

/// A closed enum: a request can only carry a documented value.
fn param_enum(t: &ParamType) -> TokenStream {
    let name = ident(&t.name);
    let docs = type_doc(t);
    let variants: Vec<_> = t.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = t.variants.iter().map(|v| {
        doc(&format!(
            "{}: {}",
            code(&v.value.wire_text()),
            prose(&v.description)
        ))
    });
    let wire: Vec<_> = t.variants.iter().map(|v| v.value.wire_text()).collect();
    let default = t
        .default
        .as_ref()
        .and_then(|d| t.variants.iter().find(|v| &v.value == d))
        .map(|v| {
            let v = ident(&v.name);
            quote! {
                /// The documented default; the service applies it when the parameter is omitted.
                pub const DEFAULT: Self = Self::#v;
            }
        });
    let value_fn = if t.scalar.is_text() {
        quote! {
            /// The value on the wire.
            pub fn as_str(self) -> &'static str {
                match self { #( Self::#variants => #wire, )* }
            }
        }
    } else {
        let ints = t.variants.iter().map(|v| match v.value {
            Literal::Int(i) => proc_macro2::Literal::i64_unsuffixed(i),
            _ => proc_macro2::Literal::i64_unsuffixed(0),
        });
        quote! {
            /// The value on the wire.
            pub fn value(self) -> i64 {
                match self { #( Self::#variants => #ints, )* }
            }
        }
    };
    let display = if t.scalar.is_text() {
        quote! { f.write_str(self.as_str()) }
    } else {
        quote! { self.value().fmt(f) }
    };
    let name_text = &t.name;
    let serde = enum_serde(t);
    let parse_default = default.as_ref().map(|_| {
        quote! {
            impl Default for #name {
                /// The documented default.
                fn default() -> Self { Self::DEFAULT }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
        }

        #parse_default

        impl std::str::FromStr for #name {
            type Err = crate::ConstraintError;

            /// The variant whose value on the wire is `value`.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    #( #wire => Ok(Self::#variants), )*
                    _ => Err(crate::check::not_one_of(#name_text, value, &[ #( #wire ),* ])),
                }
            }
        }

        impl #name {
            /// Every documented value.
            pub const ALL: &'static [Self] = &[ #( Self::#variants ),* ];
            #default
            #value_fn
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { #display }
        }

        #serde
    }
}

/// A closed enum in JSON (a request body's field): its value on the wire, and only a
/// documented one read back.
fn enum_serde(t: &ParamType) -> TokenStream {
    let name = ident(&t.name);
    let (write, read) = if t.scalar.is_text() {
        (
            quote! { serializer.serialize_str(self.as_str()) },
            quote! {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            },
        )
    } else {
        (
            quote! { serializer.serialize_i64(self.value()) },
            quote! {
                let value = i64::deserialize(deserializer)?;
                Self::ALL.iter().copied().find(|v| v.value() == value).ok_or_else(|| {
                    serde::de::Error::custom(format!("{value} is not a documented value of {}", stringify!(#name)))
                })
            },
        )
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { #write }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #read
            }
        }
    }
}
