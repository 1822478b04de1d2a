//! Emits one runnable example per operation (`generated-client/examples/<operation>.rs`):
//! it builds a client from the environment, reads the positional arguments from
//! `CODEARTS_<ARGUMENT>` variables, calls the operation and prints the result.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{code, ident, rust_type};
use crate::ir::{Operation, Success};

/// The example's tokens and its `//!` doc.
pub fn example(op: &Operation) -> (TokenStream, String) {
    let name = ident(&op.name);
    let positional: Vec<_> = op.params.iter().filter(|p| p.is_positional()).collect();
    let vars: Vec<String> = positional
        .iter()
        .map(|p| format!("CODEARTS_{}", p.rust_name.to_uppercase()))
        .collect();
    let bindings = positional.iter().zip(&vars).map(|(p, var)| {
        let n = ident(&p.rust_name);
        let ty = rust_type(&p.stored_type("codearts_client::"));
        quote! { let #n: #ty = common::arg(#var)?; }
    });
    let args = positional.iter().map(|p| ident(&p.rust_name));
    let call = quote! { client.#name(#( #args ),*) };
    let run = match (&op.success, &op.pagination) {
        (_, Some(_)) => quote! {
            let items = #call.into_items().max_items(common::max_items()?).try_collect_all().await?;
            println!("{items:#?}");
        },
        (Success::Binary, None) => quote! {
            let response = #call.send().await?;
            common::save(response).await?;
        },
        _ => quote! {
            let result = #call.send().await?;
            println!("{result:#?}");
        },
    };
    // The example of a deprecated operation still shows how to call it.
    let allow = op
        .deprecated
        .is_some()
        .then(|| quote! { #[allow(deprecated)] });
    let tokens = quote! {
        mod common;

        // Printed by the generator; rustfmt would lay out some calls differently.
        #[rustfmt::skip]
        #allow
        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = common::client()?;
            #( #bindings )*
            #run
            Ok(())
        }
    };
    let mut env = String::from("CODEARTS_TOKEN=… CODEARTS_REGION=cn-north-4");
    for var in &vars {
        env.push_str(&format!(" {var}=…"));
    }
    let doc = format!(
        "Calls `{}` ({}) with arguments from the environment and prints the result.\n\
         The client settings it reads are described in `examples/common/mod.rs`.\n\n\
         ```sh\n{env} \\\n    cargo run -p codearts-client --example {}\n```",
        op.name,
        code(&format!("{} {}", op.method, op.path)),
        op.name
    );
    (tokens, doc)
}
