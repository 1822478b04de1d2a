//! Emits the `Service` enum and its endpoint table.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{code, doc, ident, inferred_note, prose};
use crate::ir::{AuthKind, AuthScheme, Ir, Service};

pub fn all(ir: &Ir) -> TokenStream {
    let variants = ir.services.iter().map(variant);
    let names: Vec<_> = ir.services.iter().map(|s| ident(&s.variant)).collect();
    let keys = ir.services.iter().map(|s| &s.key);
    let titles = ir.services.iter().map(|s| &s.title);
    let endpoints = ir.services.iter().map(endpoint_arm);
    let auth = ir.services.iter().map(|s| scheme_list(&s.auth));
    quote! {
        /// A service of the API; each has its own endpoint. Non-exhaustive: the API gains
        /// services as its pages are transcribed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Service {
            #( #variants )*
        }

        impl Service {
            /// Every service, in name order.
            pub const ALL: &'static [Service] = &[ #( Service::#names ),* ];

            /// The service's key in the spec (`repo`).
            pub fn name(self) -> &'static str {
                match self { #( Service::#names => #keys, )* }
            }

            /// The service's product name (`CodeArts Repo`).
            pub fn title(self) -> &'static str {
                match self { #( Service::#names => #titles, )* }
            }

            /// The service's default endpoint in `region`, e.g. for `cn-north-4`.
            pub fn default_endpoint(self, region: &str) -> String {
                match self { #( #endpoints )* }
            }

            /// The ways the service's operations accept credentials, as the spec declares
            /// them: a [`Credentials`](crate::Credentials) of one of these kinds works.
            pub fn auth_schemes(self) -> &'static [crate::AuthScheme] {
                match self { #( Service::#names => #auth, )* }
            }
        }
    }
}

fn variant(s: &Service) -> TokenStream {
    let name = ident(&s.variant);
    let mut text = format!("{}: {}", prose(&s.title), prose(&s.description));
    text.push_str(&format!("\n\nDefault endpoint: {}.", code(&s.default_host)));
    if let Some(why) = &s.inferred {
        text.push_str(&format!("\n\n{}", inferred_note(why)));
    }
    let doc = doc(&text);
    quote! { #doc #name, }
}

fn endpoint_arm(s: &Service) -> TokenStream {
    let name = ident(&s.variant);
    // The template's `{region}` becomes a format argument; other braces cannot occur
    // (validation requires a plain URL).
    let template = &s.default_host;
    let regions = s.region_hosts.iter().map(|(r, _)| r);
    let hosts = s.region_hosts.iter().map(|(_, h)| h);
    if s.region_hosts.is_empty() {
        return quote! { Service::#name => format!(#template), };
    }
    quote! {
        Service::#name => match region {
            #( #regions => #hosts.to_string(), )*
            _ => format!(#template),
        },
    }
}

/// `&[crate::AuthScheme::..., ...]`: a list of schemes as the runtime's enum.
pub(super) fn scheme_list(schemes: &[AuthScheme]) -> TokenStream {
    let items = schemes.iter().map(|s| match s.kind {
        AuthKind::TokenHeader => {
            let header = s.header.as_deref().unwrap_or_default();
            quote! { crate::AuthScheme::TokenHeader { header: #header } }
        }
        AuthKind::SdkHmacSha256 => quote! { crate::AuthScheme::SdkHmacSha256 },
    });
    quote! { &[ #( #items ),* ] }
}
