//! Emits one `Client` method and one request builder per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::util::{
    code, constraint_words, deprecated, deprecated_note, doc, ident, inferred_note, literal_text,
    method, prose, rust_type, type_ir,
};
use crate::ir::Location;
use crate::ir::{
    AuthKind, BodyKind, Operation, PageControl, PageLocation, Pagination, PaginationStyle, Param,
    ParamTy, PathPiece, RequestBody, ScalarType, Success, TypeIr,
};

/// The runtime names every operation uses, imported once at the top of `operations.rs`:
/// spelled out as `crate::http::...` in each operation they were a tenth of its tokens.
/// No generated item there can take one of these names (builders end in `Request`).
/// Without operations nothing would use them, so there are none.
pub fn imports(ops: &[Operation]) -> TokenStream {
    if ops.is_empty() {
        return TokenStream::new();
    }
    quote! {
        use crate::error::Violations;
        use crate::http::{BodyKind, RequestParts, ResponseSpec};
        use crate::{Client, Error, Service};
    }
}

/// One operation's method, request builder and paging: the unit `mod.rs` formats, so that
/// a large API is formatted in pieces, in parallel.
pub fn operation(op: &Operation) -> TokenStream {
    let method = client_method(op);
    let builder = builder_struct(op);
    let setters = setters(op);
    let check = check_fn(op);
    let parts = parts_fn(op);
    let send = send_fn(op);
    let items = op.pagination.as_ref().map(|p| items_fn(op, p));
    let name = ident(&op.builder);
    quote! {
        #method
        #builder
        impl #name<'_> {
            #setters
            #check
            #parts
            #send
        }
        #items
    }
}

/// Parameters the caller supplies (the token comes from the client).
fn caller_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.auth)
}

/// The type a builder stores for a parameter ([`Param::stored_type`]): the caller's raw
/// value, checked on send.
fn stored_type(p: &Param) -> TokenStream {
    rust_type(&p.stored_type("crate::"))
}

/// Argument type ([`Param::argument_type`]) and the expression that stores it.
fn argument(p: &Param) -> (TokenStream, TokenStream) {
    let name = ident(&p.rust_name);
    let store = if p.argument_converts() {
        quote! { #name.into() }
    } else {
        quote! { #name }
    };
    (rust_type(&p.argument_type("crate::")), store)
}

fn param_doc(p: &Param) -> String {
    let mut text = format!(
        "{} ({} parameter): {}",
        code(&p.wire),
        p.location,
        prose(&p.description)
    );
    let words = constraint_words(&p.constraints);
    if !words.is_empty() {
        text.push_str(&format!(" Constraints: {}.", words.join("; ")));
    }
    if let ParamTy::Newtype(t) | ParamTy::Enum(t) = &p.ty {
        text.push_str(&format!(" See [`{t}`](crate::{t})."));
    }
    if let Some(why) = &p.inferred {
        text.push_str(&format!(" {}", inferred_note(why)));
    }
    if let Some(note) = &p.deprecated {
        text.push_str(&format!(" {}", deprecated_note(note)));
    }
    if let (true, Some(d)) = (p.is_positional(), &p.default) {
        text.push_str(&format!(
            " The page documents a default, {}, though the parameter is required: pass it.",
            code(&literal_text(d))
        ));
    }
    text
}

fn client_method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let builder = ident(&op.builder);
    let positional: Vec<&Param> = caller_params(op).filter(|p| p.is_positional()).collect();
    let args = positional.iter().map(|p| {
        let n = ident(&p.rust_name);
        let (ty, _) = argument(p);
        quote! { #n: #ty }
    });
    let inits: Vec<TokenStream> = caller_params(op)
        .map(|p| {
            let n = ident(&p.rust_name);
            if p.is_positional() {
                let (_, store) = argument(p);
                if n == store.to_string() {
                    quote! { #n }
                } else {
                    quote! { #n: #store }
                }
            } else {
                quote! { #n: None }
            }
        })
        .chain(op.body.as_ref().map(|b| {
            let n = ident(&b.rust_name);
            if b.required {
                quote! { #n }
            } else {
                quote! { #n: None }
            }
        }))
        .collect();
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let (n, ty) = (ident(&b.rust_name), body_type(b));
        quote! { #n: #ty }
    });
    let args = args.chain(body_arg);
    let mut text = format!(
        "{}\n\n{}\n\n{} ({}, page \"{}\", updated {}).",
        prose(&op.summary),
        prose(&op.description),
        code(&format!("{} {}", op.method, op.path)),
        prose(&op.doc_section),
        prose(&op.doc_title),
        op.doc_updated_on
    );
    let required_body = op.body.as_ref().filter(|b| b.required);
    if !positional.is_empty() || required_body.is_some() {
        text.push_str("\n\n# Arguments\n");
        for p in &positional {
            text.push_str(&format!("\n- `{}`: {}", p.rust_name, param_doc(p)));
        }
        if let Some(b) = required_body {
            text.push_str(&format!("\n- `{}`: {}", b.rust_name, body_doc(b)));
        }
    }
    let optional: Vec<&str> = caller_params(op)
        .filter(|p| !p.is_positional())
        .map(|p| p.rust_name.as_str())
        .chain(
            op.body
                .iter()
                .filter(|b| !b.required)
                .map(|b| b.rust_name.as_str()),
        )
        .collect();
    if !optional.is_empty() {
        text.push_str("\n\nOptional parameters are set on the returned builder: ");
        text.push_str(
            &optional
                .iter()
                .map(|name| format!("[`{name}`]({}::{name})", op.builder))
                .collect::<Vec<_>>()
                .join(", "),
        );
        text.push('.');
    }
    if !op.auth.is_empty() {
        text.push_str(&format!("\n\nCredentials: {}.", auth_words(op)));
    }
    if !op.authorization.is_empty() {
        text.push_str(&permissions(op));
    }
    for r in op.responses.iter().filter(|r| r.inferred.is_some()) {
        let why = r.inferred.as_deref().unwrap_or_default();
        text.push_str(&format!(
            "\n\nResponse {}: {}",
            r.status,
            inferred_note(why)
        ));
    }
    if op.example_responses.is_empty() {
        text.push_str("\n\nThe page documents no example response.");
    }
    if !op.quirks.is_empty() {
        text.push_str(&format!(
            "\n\nDocumentation quirks handled here: {}.",
            op.quirks
                .iter()
                .map(|q| format!("`{q}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(note) = &op.deprecated {
        text.push_str(&format!("\n\n{}", deprecated_note(note)));
    }
    text.push_str(&doctest(op, &positional));
    let docs = doc(&text);
    let deprecation = deprecated(op.deprecated.as_deref());
    quote! {
        impl Client {
            #docs
            #deprecation
            pub fn #name(&self, #( #args ),*) -> #builder<'_> {
                #builder { client: self, #( #inits, )* }
            }
        }
    }
}

/// The page's authorization table as a `# Permissions` section: each IAM action with its
/// access level and what else the table says of it.
fn permissions(op: &Operation) -> String {
    let mut text = String::from(
        "\n\n# Permissions\n\nAn IAM user needs these actions (an account's root user has them all):\n",
    );
    for row in &op.authorization {
        text.push_str(&format!(
            "\n- {} (access level {})",
            code(&row.action),
            prose(&row.access_level)
        ));
        let lists = [
            ("resource types", &row.resource_types),
            ("condition keys", &row.condition_keys),
            ("needs", &row.dependencies),
        ];
        for (what, items) in lists.into_iter().filter(|(_, items)| !items.is_empty()) {
            let items: Vec<String> = items.iter().map(|i| code(i)).collect();
            text.push_str(&format!("; {what}: {}", items.join(", ")));
        }
        if let Some(alias) = &row.alias {
            text.push_str(&format!("; alias {}", code(alias)));
        }
    }
    text
}

/// The credentials an operation accepts, in words for its docs.
fn auth_words(op: &Operation) -> String {
    op.auth
        .iter()
        .map(|s| match (s.kind, s.header.as_deref()) {
            (AuthKind::TokenHeader, Some(header)) => {
                format!("an IAM token in `{header}` ([`ClientBuilder::auth_token`](crate::ClientBuilder::auth_token))")
            }
            _ => "an access key pair, signing the request ([`Credentials::access_key`](crate::Credentials::access_key))".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn builder_struct(op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let fields = caller_params(op).map(|p| {
        let n = ident(&p.rust_name);
        let ty = stored_type(p);
        if p.is_positional() {
            quote! { #n: #ty, }
        } else {
            quote! { #n: Option<#ty>, }
        }
    });
    let body = op.body.as_ref().map(|b| {
        let (n, ty) = (ident(&b.rust_name), body_type(b));
        if b.required {
            quote! { #n: #ty, }
        } else {
            quote! { #n: Option<#ty>, }
        }
    });
    let fields = fields.chain(body);
    let docs = doc(&format!(
        "Request builder of [`Client::{}`](crate::Client::{}): set optional parameters, then `.send().await`.",
        op.name, op.name
    ));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name<'a> {
            client: &'a Client,
            #( #fields )*
        }
    }
}

fn setters(op: &Operation) -> TokenStream {
    let setters = caller_params(op).filter(|p| !p.is_positional()).map(|p| {
        let n = ident(&p.rust_name);
        let (ty, store) = argument(p);
        let mut text = format!("Sets {}", param_doc(p));
        match (&p.default, &p.ty) {
            (Some(d), ParamTy::Newtype(t) | ParamTy::Enum(t)) => text.push_str(&format!(
                "\n\nWhen unset, the parameter is omitted and the service applies its documented default, {} ([`{t}::DEFAULT`](crate::{t}::DEFAULT)).",
                code(&literal_text(d))
            )),
            _ => text.push_str("\n\nWhen unset, the parameter is omitted."),
        }
        let docs = doc(&text);
        let deprecation = deprecated(p.deprecated.as_deref());
        quote! {
            #docs
            #deprecation
            pub fn #n(mut self, #n: #ty) -> Self {
                self.#n = Some(#store);
                self
            }
        }
    });
    let body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let (n, ty) = (ident(&b.rust_name), body_type(b));
        let docs = doc(&format!(
            "Sets the request body: {}\n\nWhen unset, no body is sent.",
            body_doc(b)
        ));
        quote! {
            #docs
            pub fn #n(mut self, #n: #ty) -> Self {
                self.#n = Some(#n);
                self
            }
        }
    });
    quote! { #( #setters )* #body }
}

/// The Rust type of a body: its model, or a `Vec` of items.
fn body_type(b: &RequestBody) -> TokenStream {
    rust_type(&b.ty.qualified("crate::"))
}

fn body_doc(b: &RequestBody) -> String {
    let mut text = format!(
        "the JSON body (`{}`): {}",
        b.ty.rust(),
        prose(&b.description)
    );
    let words = super::request_models::count_words(b.item_count);
    if !words.is_empty() {
        text.push_str(&format!(" Constraints: {}.", words.join("; ")));
    }
    if let Some(why) = &b.inferred {
        text.push_str(&format!(" {}", inferred_note(why)));
    }
    text
}

/// The checks of the body, recorded under `body` (`body[2]` for an item).
fn body_check(b: &RequestBody) -> Option<TokenStream> {
    let n = ident(&b.rust_name);
    let value = if b.required {
        quote! { self.#n }
    } else {
        quote! { value }
    };
    let mut out = TokenStream::new();
    if !b.item_count.is_empty() {
        out.extend(super::request_models::item_count_check(
            b.item_count,
            &value,
            &quote! { "body" },
            &quote! { violations },
        ));
    }
    match &b.ty {
        TypeIr::Model(_) => out.extend(quote! { #value.check("body", &mut violations); }),
        TypeIr::Array(item) if matches!(**item, TypeIr::Model(_)) => out.extend(quote! {
            for (i, item) in #value.iter().enumerate() {
                item.check(&format!("body[{i}]"), &mut violations);
            }
        }),
        _ => {}
    }
    if out.is_empty() {
        return None;
    }
    Some(if b.required {
        out
    } else {
        quote! { if let Some(value) = &self.#n { #out } }
    })
}

/// `check` runs every constraint of the call and reports all violations at once.
fn check_fn(op: &Operation) -> TokenStream {
    let op_name = &op.name;
    let checks: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| {
            let ParamTy::Newtype(t) = &p.ty else {
                return None;
            };
            let t = ident(t);
            let wire = &p.wire;
            let n = ident(&p.rust_name);
            Some(if p.auth {
                // Checked when the client holds a token; a signed request does not send it.
                quote! {
                    if let Some(token) = self.client.auth_token() {
                        violations.check(#wire, crate::#t::new(token));
                    }
                }
            } else if p.is_positional() {
                let value = if p.scalar.is_text() {
                    quote! { self.#n.as_str() }
                } else {
                    quote! { self.#n }
                };
                quote! { violations.check(#wire, crate::#t::new(#value)); }
            } else {
                let (pat, value) = if p.scalar.is_text() {
                    (quote! { Some(value) = &self.#n }, quote! { value.as_str() })
                } else {
                    (quote! { Some(value) = self.#n }, quote! { value })
                };
                quote! { if let #pat { violations.check(#wire, crate::#t::new(#value)); } }
            })
        })
        .chain(op.body.as_ref().and_then(body_check))
        .collect();
    // An operation without constrained parameters checks nothing (and `mut` would warn).
    let violations = if checks.is_empty() {
        quote! { violations }
    } else {
        quote! { mut violations }
    };
    quote! {
        /// Checks every documented constraint of this call, without sending anything.
        /// `send` runs the same checks unless the client skips them.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) listing every violation.
        pub fn check(&self) -> Result<(), Error> {
            let #violations = Violations::new(#op_name);
            #( #checks )*
            violations.finish()
        }
    }
}

/// The value of a parameter as wire text.
fn wire_value(p: &Param, value: TokenStream) -> TokenStream {
    match (&p.ty, p.scalar) {
        (ParamTy::Enum(_), ScalarType::String) => quote! { #value.as_str().to_owned() },
        (ParamTy::Enum(_), _) => quote! { #value.value().to_string() },
        (_, ScalarType::String) => quote! { #value.clone() },
        _ => quote! { #value.to_string() },
    }
}

fn parts_fn(op: &Operation) -> TokenStream {
    let op_name = &op.name;
    let service = ident(&op.service_variant);
    let http_method = method(op.method);
    let idempotent = op.idempotent;
    // Pieces joined with `concat`, not `format!`: prettyplease cannot lay out macro
    // arguments, and the literal pieces need no escaping this way.
    let pieces = op.path_pieces.iter().map(|piece| match piece {
        PathPiece::Literal(s) => quote! { #s },
        PathPiece::Param(i) => {
            let p = &op.params[*i];
            let n = ident(&p.rust_name);
            // Text is borrowed where it can be; anything else is written out first.
            let text = match (&p.ty, p.scalar) {
                (ParamTy::Enum(_), ScalarType::String) => quote! { self.#n.as_str() },
                (ParamTy::Plain | ParamTy::Newtype(_), ScalarType::String) => quote! { &self.#n },
                _ => {
                    let owned = wire_value(p, quote! { self.#n });
                    quote! { &#owned }
                }
            };
            quote! { &crate::http::encode_path_segment(#text) }
        }
    });
    let path = quote! { [ #( #pieces ),* ].concat() };
    let query = collect_params(op, Location::Query);
    let headers = collect_params(op, Location::Header);
    let auth = super::services::scheme_list(&op.auth);
    let body = match &op.body {
        None => quote! { None },
        Some(b) => {
            let (n, ct) = (ident(&b.rust_name), &b.content_type);
            if b.required {
                quote! { Some(crate::http::RequestBody::json(&self.#n, #ct)) }
            } else {
                quote! { self.#n.as_ref().map(|body| crate::http::RequestBody::json(body, #ct)) }
            }
        }
    };
    let responses = op.responses.iter().map(|r| {
        let status = proc_macro2::Literal::u16_unsuffixed(r.status);
        let body = match r.body {
            BodyKind::None => quote! { None },
            BodyKind::Binary => quote! { Binary },
            BodyKind::Json => quote! { Json },
            BodyKind::JsonArray => quote! { JsonArray },
            BodyKind::Envelope => quote! { Envelope },
            BodyKind::Error => quote! { Error },
        };
        quote! { ResponseSpec { status: #status, body: BodyKind::#body } }
    });
    quote! {
        /// The request as data, after the checks (unless the client skips them). Public
        /// only for the request-overhead benchmark.
        #[doc(hidden)]
        pub fn parts(&self) -> Result<RequestParts, Error> {
            if self.client.checks_enabled() {
                self.check()?;
            }
            #query
            #headers
            Ok(RequestParts {
                operation: #op_name,
                service: Service::#service,
                method: #http_method,
                idempotent: #idempotent,
                path: #path,
                query,
                headers,
                auth: #auth,
                responses: &[ #( #responses ),* ],
                body: #body,
            })
        }
    }
}

fn send_fn(op: &Operation) -> TokenStream {
    let (output, call, what) = match &op.success {
        Success::None => (quote! { () }, quote! { send_empty }, "nothing"),
        Success::Binary => (
            quote! { crate::BinaryResponse },
            quote! { send_binary },
            "the response body, to be read or streamed",
        ),
        Success::Json(t) => (type_ir(t), quote! { send_json }, "the decoded body"),
        Success::MaybeJson(t) => {
            let t = type_ir(t);
            (
                quote! { Option<#t> },
                quote! { send_json_or_empty },
                "the decoded body, or `None` when the service sends no content",
            )
        }
        Success::Envelope(t) => (
            type_ir(t),
            quote! { send_envelope },
            "the envelope's `result`",
        ),
    };
    let errors: Vec<String> = op
        .responses
        .iter()
        .filter(|r| !(200..300).contains(&r.status))
        .map(|r| format!("{} ({})", r.status, prose(&r.description)))
        .collect();
    let mut text = format!(
        "Checks and sends the request; returns {what}.\n\n# Errors\n\n[`Error::InvalidRequest`](crate::Error::InvalidRequest) when a documented constraint is broken (nothing is sent), [`Error::Api`](crate::Error::Api) for a non-success status"
    );
    if !errors.is_empty() {
        text.push_str(&format!(" (documented: {})", errors.join(", ")));
    }
    if matches!(op.success, Success::Envelope(_)) {
        text.push_str(
            ", [`Error::Envelope`](crate::Error::Envelope) when the envelope reports a failure",
        );
    }
    if op.success.json().is_some() {
        text.push_str(", [`Error::TooLarge`](crate::Error::TooLarge) for a body over [`max_body_size`](crate::ClientBuilder::max_body_size)");
    }
    text.push_str(", [`Error::Decode`](crate::Error::Decode) for an undecodable body, [`Error::Timeout`](crate::Error::Timeout) when the service is too slow and [`Error::Transport`](crate::Error::Transport) when the exchange fails.");
    if !op.idempotent {
        text.push_str("\n\nNot idempotent: the call is retried only when the request cannot have reached the service (no connection could be made, or HTTP 429), never after a timeout, a lost connection or HTTP 502, 503 or 504. See [`RetryPolicy`](crate::RetryPolicy).");
    }
    let docs = doc(&text);
    quote! {
        #docs
        pub async fn send(self) -> Result<#output, Error> {
            let parts = self.parts()?;
            self.client.#call(parts).await
        }
    }
}

/// `let query = vec![required...]; if let Some(..) { query.push(..) }` for one location.
fn collect_params(op: &Operation, location: Location) -> TokenStream {
    let into = ident(if location == Location::Query {
        "query"
    } else {
        "headers"
    });
    let params: Vec<&Param> = caller_params(op)
        .filter(|p| p.location == location)
        .collect();
    let required = params.iter().filter(|p| p.is_positional()).map(|p| {
        let wire = &p.wire;
        let n = ident(&p.rust_name);
        let v = wire_value(p, quote! { self.#n });
        quote! { (#wire, #v) }
    });
    let optional: Vec<TokenStream> = params
        .iter()
        .filter(|p| !p.is_positional())
        .map(|p| {
            let wire = &p.wire;
            let n = ident(&p.rust_name);
            let v = wire_value(p, quote! { value });
            quote! { if let Some(value) = &self.#n { #into.push((#wire, #v)); } }
        })
        .collect();
    let binding = if optional.is_empty() {
        quote! { #into }
    } else {
        quote! { mut #into }
    };
    // The element type comes from `RequestParts`, where the vector goes.
    quote! {
        let #binding = vec![ #( #required ),* ];
        #( #optional )*
    }
}

/// `into_items`: a stream over every item, walking the pages with the operation's own
/// cursor and size parameters.
fn items_fn(op: &Operation, p: &Pagination) -> TokenStream {
    let name = ident(&op.builder);
    let op_name = &op.name;
    let item = type_ir(&p.item);
    let (cursor, size) = (&p.cursor, &p.size);
    let (cursor_name, size_name) = (ident(&cursor.rust_name), ident(&size.rust_name));
    let start = proc_macro2::Literal::i64_unsuffixed(p.start);
    let page_size = proc_macro2::Literal::i64_unsuffixed(p.page_size);
    let (step, how) = match p.style {
        PaginationStyle::Offset => (
            quote! { Offset },
            format!("{} advances by the items that arrived", code(&cursor.wire)),
        ),
        PaginationStyle::Page => (
            quote! { Page },
            format!("{} advances by one", code(&cursor.wire)),
        ),
    };
    // A required cursor or size has no fallback: the request holds it already.
    let or = |q: &PageControl, fallback: i64| {
        if q.required {
            String::new()
        } else {
            format!(" (or {fallback})")
        }
    };
    let named = |control: &PageControl| match p.location {
        PageLocation::Query => format!("this request's {}", code(&control.wire)),
        PageLocation::Body => format!("the {} of this request's body", code(&control.wire)),
    };
    let docs = doc(&format!(
        "Every item of every page, as a stream that requests the next page only when more items are wanted.\n\n\
         The walk starts at {}{} and asks for pages of {}{} items; {how}. \
         It stops at a short or empty page, at the first error (which the stream yields), at a full page that repeats an earlier one (an [`Error::Decode`](crate::Error::Decode)), or at [`Items::max_items`](crate::Items::max_items). \
         Each page is checked and sent like [`send`](Self::send).",
        named(cursor),
        or(cursor, p.start),
        named(size),
        or(size, p.page_size),
    ));
    // The walk computes cursors in i64 and hands them back in the parameters' own types
    // (`crate::paginate::walk`), so the start and the size are widened here.
    let widen = |ty: ScalarType, v: TokenStream| {
        if ty == ScalarType::Int64 {
            v
        } else {
            quote! { i64::from(#v) }
        }
    };
    let read = |control: &PageControl, name: &proc_macro2::Ident, fallback| {
        let value = match p.location {
            PageLocation::Query => read_query_control(control, name, fallback),
            PageLocation::Body => read_body_control(op, name, fallback),
        };
        widen(control.scalar, value)
    };
    let start_expr = read(cursor, &cursor_name, &start);
    let size_expr = read(size, &size_name, &page_size);
    let set = match p.location {
        PageLocation::Query => set_query_controls(p, (&cursor_name, &size_name)),
        PageLocation::Body => set_body_controls(op, (&cursor_name, &size_name)),
    };
    // A page is sent as `send` sends it, but decoded by the walk's own method, which also
    // keeps a digest of the page's bytes to tell a repeated page.
    let send_page = match &op.success {
        Success::Envelope(_) => quote! { send_envelope_page },
        _ => quote! { send_json_page },
    };
    // The items: the page itself, or the field of its object that holds them.
    let items = match (&p.items_field, &op.success) {
        (Some(field), Success::Json(page) | Success::Envelope(page)) => {
            let (field, page) = (ident(&field.rust_name), type_ir(page));
            quote! { |page: #page| page.#field.unwrap_or_default() }
        }
        _ => quote! { |items| items },
    };
    quote! {
        impl<'a> #name<'a> {
            #docs
            pub fn into_items(self) -> crate::Items<'a, #item> {
                let start = #start_expr;
                let size = #size_expr;
                let client = self.client;
                crate::paginate::walk(#op_name, crate::paginate::Step::#step, start, size, move |cursor, size| {
                    let mut request = self.clone();
                    #set
                    let parts = request.parts();
                    async move { client.#send_page(parts?, #items).await }
                })
            }
        }
    }
}

/// A query control of this request (a member of the builder), or `fallback` where unset.
fn read_query_control(
    control: &PageControl,
    name: &proc_macro2::Ident,
    fallback: &proc_macro2::Literal,
) -> TokenStream {
    if control.required {
        quote! { self.#name }
    } else {
        quote! { self.#name.unwrap_or(#fallback) }
    }
}

/// Sets a page's query controls from `cursor` and `size`, as members of the builder: so
/// that a deprecated setter is not called and a required one needs none.
fn set_query_controls(
    p: &Pagination,
    names: (&proc_macro2::Ident, &proc_macro2::Ident),
) -> TokenStream {
    let set = |control: &PageControl, name: &proc_macro2::Ident, v: TokenStream| {
        if control.required {
            quote! { request.#name = #v; }
        } else {
            quote! { request.#name = Some(#v); }
        }
    };
    let (cursor, size) = names;
    let cursor = set(&p.cursor, cursor, quote! { cursor });
    let size = set(&p.size, size, quote! { size });
    quote! { #cursor #size }
}

/// A body control of this request (a field of the body's model), or `fallback` where the
/// request has no body or the body leaves it unset.
fn read_body_control(
    op: &Operation,
    field: &proc_macro2::Ident,
    fallback: &proc_macro2::Literal,
) -> TokenStream {
    let b = walked_body(op);
    let body = ident(&b.rust_name);
    if b.required {
        quote! { self.#body.#field.unwrap_or(#fallback) }
    } else {
        quote! { self.#body.as_ref().and_then(|body| body.#field).unwrap_or(#fallback) }
    }
}

/// Sets a page's body controls from `cursor` and `size`: an optional body the request
/// lacks is made empty first (validation saw that its model has no required field, so it
/// derives `Default`: `Model::derives`).
fn set_body_controls(
    op: &Operation,
    names: (&proc_macro2::Ident, &proc_macro2::Ident),
) -> TokenStream {
    let b = walked_body(op);
    let body = ident(&b.rust_name);
    let (cursor, size) = names;
    if b.required {
        quote! {
            request.#body.#cursor = Some(cursor);
            request.#body.#size = Some(size);
        }
    } else {
        quote! {
            let mut body = request.#body.take().unwrap_or_default();
            body.#cursor = Some(cursor);
            body.#size = Some(size);
            request.#body = Some(body);
        }
    }
}

fn walked_body(op: &Operation) -> &RequestBody {
    op.body
        .as_ref()
        .expect("validated: a walk in the body has a body")
}

/// A `no_run` doctest calling the operation with placeholder arguments, so that rustdoc
/// compiles every operation's documented call.
fn doctest(op: &Operation, positional: &[&Param]) -> String {
    let mut args: Vec<String> = positional
        .iter()
        .map(|p| match &p.ty {
            ParamTy::Enum(t) => format!("codearts_client::{t}::ALL[0]"),
            // Debug formatting writes a Rust string literal, whatever the name holds.
            _ if p.scalar.is_text() => format!("{:?}", format!("<{}>", p.wire)),
            _ => p.scalar.rust_literal(p.argument_sample()),
        })
        .collect();
    // A required body is the example's own argument: how to build one is its model's
    // documentation.
    let body = op.body.as_ref().filter(|b| b.required);
    let body_param = body.map_or_else(String::new, |b| {
        args.push(b.rust_name.clone());
        format!(", {}: {}", b.rust_name, b.ty.qualified("codearts_client::"))
    });
    // `ident` makes a keyword a raw identifier (`client.r#type()`).
    let call = format!("client.{}({})", ident(&op.name), args.join(", "));
    let body = if op.pagination.is_some() {
        format!(
            "let first_page = {call}.send().await?;\nlet everything = {call}.into_items().try_collect_all().await?;\n# let _ = (first_page, everything);"
        )
    } else {
        format!("let response = {call}.send().await?;\n# let _ = response;")
    };
    format!(
        "\n\n# Example\n\n```no_run\n# async fn run(client: codearts_client::Client{body_param}) -> Result<(), codearts_client::Error> {{\n{body}\n# Ok(())\n# }}\n```"
    )
}
