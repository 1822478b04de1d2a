//! Emits one runnable example per operation (`generated-client/examples/<operation>.rs`):
//! it builds a client from the environment, reads the positional arguments from
//! `CODEARTS_<ARGUMENT>` variables, calls the operation and prints the result.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{code, ident, literal_text, rust_type};
use crate::ir::{Ir, Operation, ParamTy, Success};

/// The example's tokens and its `//!` doc.
pub fn example(op: &Operation) -> (TokenStream, String) {
    let name = ident(&op.name);
    let positional: Vec<_> = op.params.iter().filter(|p| p.is_positional()).collect();
    let mut vars: Vec<String> = positional
        .iter()
        .map(|p| format!("CODEARTS_{}", p.rust_name.to_uppercase()))
        .collect();
    // A required body is read as JSON from its own variable.
    let body = op.body.as_ref().filter(|b| b.required).map(|b| {
        let var = format!("CODEARTS_{}", b.rust_name.to_uppercase());
        let (n, ty) = (
            ident(&b.rust_name),
            rust_type(&b.ty.qualified("codearts_client::")),
        );
        let binding = quote! { let #n: #ty = common::json_arg(#var)?; };
        (n, binding, var)
    });
    let bindings = positional.iter().zip(&vars).map(|(p, var)| {
        let n = ident(&p.rust_name);
        let ty = rust_type(&p.stored_type("codearts_client::"));
        quote! { let #n: #ty = common::arg(#var)?; }
    });
    let bindings: Vec<TokenStream> = bindings
        .chain(body.as_ref().map(|(_, binding, _)| binding.clone()))
        .collect();
    vars.extend(body.as_ref().map(|(_, _, var)| var.clone()));
    let args = positional
        .iter()
        .map(|p| ident(&p.rust_name))
        .chain(body.map(|(n, _, _)| n));
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
        (Success::None, None) => quote! {
            #call.send().await?;
            println!("done");
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

/// The crate's front-page example (`generated/crate_example.md`, included by `lib.rs`): a
/// client from a region and a token, and one call, with its sample arguments, whose
/// errors are told apart. The call is of the first paged operation (else the first
/// operation answering JSON) whose arguments are not enums, so that it reads as plain
/// literals; a spec with none shows the client alone.
pub fn crate_example(ir: &Ir) -> String {
    let plain = |op: &&Operation| {
        op.deprecated.is_none()
            && op
                .params
                .iter()
                .filter(|p| p.is_positional())
                .all(|p| !matches!(p.ty, ParamTy::Enum(_)))
    };
    let json = |op: &&Operation| op.success.json().is_some();
    let chosen = ir
        .operations
        .iter()
        .filter(plain)
        .find(|op| op.pagination.is_some())
        .or_else(|| ir.operations.iter().filter(plain).find(json));
    let call = chosen.map_or_else(String::new, |op| {
        let args: Vec<String> = op
            .params
            .iter()
            .filter(|p| p.is_positional())
            .map(|p| literal_text(p.argument_sample()))
            .collect();
        format!(
            "\n// Arguments are checked against the documentation before anything is sent: a value\n\
             // out of its documented range is `Error::InvalidRequest`, listing every broken one.\n\
             match client.{}({}).send().await {{\n    \
             Ok(answer) => println!(\"{{answer:?}}\"),\n    \
             Err(Error::Api(error)) if error.status == 401 => eprintln!(\"token expired: {{error}}\"),\n    \
             Err(error) => return Err(error),\n\
             }}\n",
            op.name,
            args.join(", ")
        )
    });
    format!(
        "<!-- {header} -->\n\
         ```no_run\n\
         # async fn example() -> Result<(), codearts_client::Error> {{\n\
         use codearts_client::{{Client, Error}};\n\n\
         let client = Client::builder()\n    \
         .region(\"cn-north-4\")\n    \
         .auth_token(std::env::var(\"CODEARTS_TOKEN\").unwrap_or_default())\n    \
         .build()?;\n\
         {call}\
         # Ok(())\n\
         # }}\n\
         ```\n",
        header = super::HEADER
    )
}
