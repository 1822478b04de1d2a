//! The code consequence of a spec change: the public items of the generated crate that
//! appear, disappear or change signature.
//!
//! Both sides are generated in memory (`emit_files`), each Rust file is parsed with syn,
//! and public items are keyed by the path a user writes (`Limit`, `Limit::MAX`,
//! `OrderBy::Name`, `Client::list_project_repositories`, `impl Display for Limit`; the
//! generated modules are re-exported at the crate root). Signatures are printed with
//! prettyplease on one line, doc comments left out, so only what code can depend on is
//! compared. Members of a type that appears or disappears as a whole are folded into it.
//! Items a file writes through its own `macro_rules!` (the newtypes' shared conversions)
//! are expanded first, so a file compares the same however its items are written.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;
use serde::Serialize;
use syn::punctuated::Punctuated;
use syn::{Attribute, Fields, FnArg, ImplItem, Item, Token, Visibility};

use super::{Bump, Verdict};
use crate::GeneratedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Struct,
    Field,
    Enum,
    Variant,
    Fn,
    Const,
    Impl,
    Type,
    Trait,
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ItemKind::Struct => "struct",
            ItemKind::Field => "field",
            ItemKind::Enum => "enum",
            ItemKind::Variant => "variant",
            ItemKind::Fn => "fn",
            ItemKind::Const => "const",
            ItemKind::Impl => "impl",
            ItemKind::Type => "type",
            ItemKind::Trait => "trait",
        })
    }
}

/// A public item as code outside the crate sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicItem {
    pub kind: ItemKind,
    /// The generated module it is defined in (`params`, `models`, ...).
    pub module: String,
    /// The item on one line, without docs: `pub fn new(value: i32) -> Result<Self, ...>`.
    pub signature: String,
    /// The type a member belongs to: `Limit` for `Limit::MAX` and `impl Display for Limit`.
    pub owner: Option<String>,
    /// What code can depend on, for judging a change: the signature without a
    /// constant's value, a type's declaration without its attributes.
    shape: String,
    derives: BTreeSet<String>,
    non_exhaustive: bool,
    /// A struct with a private field cannot be built with a literal outside the crate.
    private_fields: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delta {
    Added,
    Removed,
    Changed,
}

impl fmt::Display for Delta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delta::Added => "added",
            Delta::Removed => "removed",
            Delta::Changed => "changed",
        })
    }
}

/// A public item that appeared, disappeared or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// The path a user writes, e.g. `Limit::MAX`.
    pub item: String,
    pub kind: ItemKind,
    pub module: String,
    pub change: Delta,
    pub old: Option<String>,
    pub new: Option<String>,
    pub rust_api: Verdict,
    /// Why the verdict.
    pub note: String,
}

impl ItemChange {
    /// Removing or breaking an item needs a major bump; anything else a minor one.
    pub fn semver(&self) -> Bump {
        match self.rust_api {
            Verdict::Breaking => Bump::Major,
            Verdict::Compatible => Bump::Minor,
        }
    }
}

/// Compares the public items of two sets of generated files.
pub fn diff(old: &[GeneratedFile], new: &[GeneratedFile]) -> Result<Vec<ItemChange>, String> {
    let old = public_items(old)?;
    let new = public_items(new)?;
    let mut out = Vec::new();
    for (path, o) in &old {
        match new.get(path) {
            None if !folded(o, &old, &new) => out.push(removed(path, o, &old)),
            Some(n) if n.signature != o.signature || n.kind != o.kind => {
                out.push(changed(path, o, n))
            }
            _ => {}
        }
    }
    for (path, n) in &new {
        if !old.contains_key(path) && !folded(n, &new, &old) {
            out.push(added(path, n, &new));
        }
    }
    out.sort_by(|a, b| (a.rust_api, &a.item, a.change).cmp(&(b.rust_api, &b.item, b.change)));
    Ok(out)
}

/// A member whose owning type is itself only on this side is reported with the type.
fn folded(
    item: &PublicItem,
    side: &BTreeMap<String, PublicItem>,
    other: &BTreeMap<String, PublicItem>,
) -> bool {
    item.owner
        .as_ref()
        .is_some_and(|owner| side.contains_key(owner) && !other.contains_key(owner))
}

fn members(path: &str, side: &BTreeMap<String, PublicItem>) -> usize {
    side.values()
        .filter(|i| i.owner.as_deref() == Some(path))
        .count()
}

fn with_members(path: &str, side: &BTreeMap<String, PublicItem>) -> String {
    match members(path, side) {
        0 => String::new(),
        1 => " with its 1 member".into(),
        n => format!(" with its {n} members"),
    }
}

// Code that names a removed item stops compiling.
fn removed(path: &str, o: &PublicItem, old: &BTreeMap<String, PublicItem>) -> ItemChange {
    ItemChange {
        item: path.to_string(),
        kind: o.kind,
        module: o.module.clone(),
        change: Delta::Removed,
        old: Some(o.signature.clone()),
        new: None,
        rust_api: Verdict::Breaking,
        note: format!(
            "removed{}; code using it stops compiling",
            with_members(path, old)
        ),
    }
}

// A new item breaks nothing, except a variant of an exhaustive enum (a `match` without a
// wildcard arm stops compiling) and a pub field of a struct that code can build with a
// literal (the literal now misses a field).
fn added(path: &str, n: &PublicItem, new: &BTreeMap<String, PublicItem>) -> ItemChange {
    let owner = n.owner.as_ref().and_then(|o| new.get(o));
    let (rust_api, note) = match (n.kind, owner) {
        (ItemKind::Variant, Some(e)) if !e.non_exhaustive => (
            Verdict::Breaking,
            "the enum is exhaustive: a `match` without a wildcard arm stops compiling".into(),
        ),
        (ItemKind::Field, Some(s)) if !s.non_exhaustive && !s.private_fields => (
            Verdict::Breaking,
            "struct literals of the type stop compiling".into(),
        ),
        _ => (
            Verdict::Compatible,
            format!("new{}", with_members(path, new)),
        ),
    };
    ItemChange {
        item: path.to_string(),
        kind: n.kind,
        module: n.module.clone(),
        change: Delta::Added,
        old: None,
        new: Some(n.signature.clone()),
        rust_api,
        note,
    }
}

// A changed signature breaks callers, with four exceptions that keep code compiling: a
// constant whose value alone changed, a function whose argument names alone changed, a
// type that derives more traits, a type that is no longer `#[non_exhaustive]`.
fn changed(path: &str, o: &PublicItem, n: &PublicItem) -> ItemChange {
    let (rust_api, note) = if o.kind != n.kind {
        (
            Verdict::Breaking,
            format!("now a {} instead of a {}", n.kind, o.kind),
        )
    } else if o.shape != n.shape {
        (Verdict::Breaking, "signature changed".to_string())
    } else if o.kind == ItemKind::Const {
        (Verdict::Compatible, "same type, new value".to_string())
    } else if o.kind == ItemKind::Fn {
        (
            Verdict::Compatible,
            "only argument names changed; arguments are positional".to_string(),
        )
    } else {
        let lost: Vec<&String> = o.derives.difference(&n.derives).collect();
        let gained: Vec<&String> = n.derives.difference(&o.derives).collect();
        if !lost.is_empty() {
            (
                Verdict::Breaking,
                format!("no longer derives {}", join(&lost)),
            )
        } else if n.non_exhaustive && !o.non_exhaustive {
            (
                Verdict::Breaking,
                "now `#[non_exhaustive]`: exhaustive matches and literals stop compiling".into(),
            )
        } else if !gained.is_empty() {
            (
                Verdict::Compatible,
                format!("also derives {}", join(&gained)),
            )
        } else {
            (
                Verdict::Compatible,
                "no longer `#[non_exhaustive]`".to_string(),
            )
        }
    };
    ItemChange {
        item: path.to_string(),
        kind: n.kind,
        module: n.module.clone(),
        change: Delta::Changed,
        old: Some(o.signature.clone()),
        new: Some(n.signature.clone()),
        rust_api,
        note,
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every public item of the generated Rust files, keyed by the path users write.
pub fn public_items(files: &[GeneratedFile]) -> Result<BTreeMap<String, PublicItem>, String> {
    let mut out = BTreeMap::new();
    // Only the crate's generated modules are its API; generated examples are programs.
    let modules = files.iter().filter(|f| {
        f.path.starts_with(crate::emit::GENERATED_DIR)
            && f.path.extension().is_some_and(|e| e == "rs")
    });
    for file in modules {
        let module = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = syn::parse_file(&file.contents)
            .map_err(|e| format!("{} does not parse: {e}", file.path.display()))?;
        let in_file = |e: String| format!("{}: {e}", file.path.display());
        let mut cx = Collect {
            module,
            out: &mut out,
        };
        let mut macros = BTreeMap::new();
        for item in &parsed.items {
            match item {
                Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                    let name = m
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let rule = MacroRule::parse(m.mac.tokens.clone()).map_err(in_file)?;
                    macros.insert(name, rule);
                }
                Item::Macro(m) => {
                    let Some(name) = m.mac.path.get_ident().map(ToString::to_string) else {
                        continue;
                    };
                    let Some(rule) = macros.get(&name) else {
                        continue;
                    };
                    let in_macro = |e: String| in_file(format!("`{name}!`: {e}"));
                    let tokens = rule.expand(m.mac.tokens.clone()).map_err(in_macro)?;
                    let expanded: syn::File = syn::parse2(tokens)
                        .map_err(|e| in_macro(format!("the expansion does not parse: {e}")))?;
                    for item in &expanded.items {
                        cx.item(item)?;
                    }
                }
                _ => cx.item(item)?,
            }
        }
    }
    Ok(out)
}

/// A `macro_rules!` of one rule whose matcher binds comma-separated fragments
/// (`($name:ident, $inner:ty)`): the only form the generator writes.
struct MacroRule {
    variables: Vec<String>,
    body: TokenStream,
}

impl MacroRule {
    fn parse(tokens: TokenStream) -> Result<MacroRule, String> {
        let unsupported = || {
            "a `macro_rules!` of another form than one rule binding comma-separated fragments"
                .to_string()
        };
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let (matcher, body) = match trees.as_slice() {
            [
                TokenTree::Group(m),
                TokenTree::Punct(eq),
                TokenTree::Punct(gt),
                TokenTree::Group(b),
                rest @ ..,
            ] if m.delimiter() == Delimiter::Parenthesis
                && (eq.as_char(), gt.as_char()) == ('=', '>')
                && matches!(rest, [] | [TokenTree::Punct(_)]) =>
            {
                (m.stream(), b.stream())
            }
            _ => return Err(unsupported()),
        };
        let mut variables = Vec::new();
        for fragment in split_commas(matcher) {
            match fragment.as_slice() {
                [
                    TokenTree::Punct(dollar),
                    TokenTree::Ident(var),
                    TokenTree::Punct(colon),
                    TokenTree::Ident(_),
                ] if dollar.as_char() == '$' && colon.as_char() == ':' => {
                    variables.push(var.to_string());
                }
                _ => return Err(unsupported()),
            }
        }
        Ok(MacroRule { variables, body })
    }

    /// The body with each `$variable` replaced by the invocation's argument.
    fn expand(&self, arguments: TokenStream) -> Result<TokenStream, String> {
        let arguments: Vec<TokenStream> = split_commas(arguments)
            .into_iter()
            .map(|a| a.into_iter().collect())
            .collect();
        if arguments.len() != self.variables.len() {
            return Err(format!(
                "invoked with {} arguments where the macro binds {}",
                arguments.len(),
                self.variables.len()
            ));
        }
        let bound: BTreeMap<&str, &TokenStream> = self
            .variables
            .iter()
            .map(String::as_str)
            .zip(&arguments)
            .collect();
        Ok(substitute(self.body.clone(), &bound))
    }
}

/// The token trees of `tokens` between top-level commas (a trailing comma ends nothing).
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = Vec::new();
    let mut part = Vec::new();
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(std::mem::take(&mut part)),
            _ => part.push(tree),
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

fn substitute(tokens: TokenStream, bound: &BTreeMap<&str, &TokenStream>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '$' => {
                let value = match trees.peek() {
                    Some(TokenTree::Ident(var)) => bound.get(var.to_string().as_str()).copied(),
                    _ => None,
                };
                match value {
                    Some(value) => {
                        trees.next();
                        out.extend(value.clone());
                    }
                    None => out.extend([TokenTree::Punct(p)]),
                }
            }
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), substitute(g.stream(), bound));
                group.set_span(g.span());
                out.extend([TokenTree::Group(group)]);
            }
            other => out.extend([other]),
        }
    }
    out
}

struct Collect<'a> {
    module: String,
    out: &'a mut BTreeMap<String, PublicItem>,
}

impl Collect<'_> {
    fn insert(&mut self, path: String, kind: ItemKind, signature: String, owner: Option<String>) {
        self.insert_full(
            path,
            PublicItem {
                kind,
                module: self.module.clone(),
                shape: signature.clone(),
                signature,
                owner,
                derives: BTreeSet::new(),
                non_exhaustive: false,
                private_fields: false,
            },
        );
    }

    fn insert_full(&mut self, path: String, item: PublicItem) {
        self.out.insert(path, item);
    }

    fn item(&mut self, item: &Item) -> Result<(), String> {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                let (vis, ident, generics) = (&s.vis, &s.ident, &s.generics);
                let header = pretty(quote! { #vis struct #ident #generics; })?
                    .trim_end_matches(';')
                    .to_string();
                let fields: Vec<&syn::Field> = s.fields.iter().collect();
                for (i, f) in fields.iter().enumerate() {
                    if is_pub(&f.vis) {
                        let field = f
                            .ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), ToString::to_string);
                        let sig = format!("pub {field}: {}", type_text(&f.ty)?);
                        self.insert(
                            format!("{name}::{field}"),
                            ItemKind::Field,
                            sig,
                            Some(name.clone()),
                        );
                    }
                }
                self.type_def(
                    name,
                    ItemKind::Struct,
                    &s.attrs,
                    header,
                    fields.iter().any(|f| !is_pub(&f.vis)),
                );
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let name = e.ident.to_string();
                let (vis, ident, generics) = (&e.vis, &e.ident, &e.generics);
                let header = pretty(quote! { #vis enum #ident #generics {} })?
                    .trim_end_matches("{}")
                    .trim()
                    .to_string();
                for v in &e.variants {
                    let sig = variant_text(v)?;
                    self.insert(
                        format!("{name}::{}", v.ident),
                        ItemKind::Variant,
                        sig,
                        Some(name.clone()),
                    );
                }
                self.type_def(name, ItemKind::Enum, &e.attrs, header, false);
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                self.function(f.sig.ident.to_string(), &f.vis, &f.sig, None)?;
            }
            Item::Const(c) if is_pub(&c.vis) => {
                let (vis, ident, ty, expr) = (&c.vis, &c.ident, &c.ty, &c.expr);
                let sig = const_text(quote! { #vis const #ident: #ty = #expr; })?;
                let shape = format!("pub const {ident}: {}", type_text(ty)?);
                self.constant(ident.to_string(), sig, shape, None);
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let (vis, ident, generics, ty) = (&t.vis, &t.ident, &t.generics, &t.ty);
                let sig = const_text(quote! { #vis type #ident #generics = #ty; })?;
                self.insert(ident.to_string(), ItemKind::Type, sig, None);
            }
            Item::Trait(t) if is_pub(&t.vis) => {
                self.insert(
                    t.ident.to_string(),
                    ItemKind::Trait,
                    format!("pub trait {}", t.ident),
                    None,
                );
            }
            Item::Impl(i) => self.impl_block(i)?,
            // Modules, re-exports and private items are not part of the items compared:
            // `mod.rs` re-exports every module at the crate root.
            _ => {}
        }
        Ok(())
    }

    fn type_def(
        &mut self,
        name: String,
        kind: ItemKind,
        attrs: &[Attribute],
        header: String,
        private_fields: bool,
    ) {
        let derives = derives(attrs);
        let non_exhaustive = attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
        let mut signature = String::new();
        if !derives.is_empty() {
            signature.push_str(&format!("#[derive({})] ", derives.join(", ")));
        }
        if non_exhaustive {
            signature.push_str("#[non_exhaustive] ");
        }
        signature.push_str(&header);
        self.insert_full(
            name,
            PublicItem {
                kind,
                module: self.module.clone(),
                signature,
                owner: None,
                shape: header,
                derives: derives.into_iter().collect(),
                non_exhaustive,
                private_fields,
            },
        );
    }

    /// A function's shape leaves argument names out: callers pass arguments by
    /// position, so renaming one breaks nobody.
    fn function(
        &mut self,
        path: String,
        vis: &Visibility,
        sig: &syn::Signature,
        owner: Option<String>,
    ) -> Result<(), String> {
        let mut unnamed = sig.clone();
        for arg in unnamed.inputs.iter_mut() {
            if let FnArg::Typed(typed) = arg {
                *typed.pat = syn::parse_quote!(_);
            }
        }
        self.insert_full(
            path,
            PublicItem {
                kind: ItemKind::Fn,
                module: self.module.clone(),
                signature: fn_text(vis, sig)?,
                owner,
                shape: fn_text(vis, &unnamed)?,
                derives: BTreeSet::new(),
                non_exhaustive: false,
                private_fields: false,
            },
        );
        Ok(())
    }

    fn constant(&mut self, path: String, signature: String, shape: String, owner: Option<String>) {
        self.insert_full(
            path,
            PublicItem {
                kind: ItemKind::Const,
                module: self.module.clone(),
                signature,
                owner,
                shape,
                derives: BTreeSet::new(),
                non_exhaustive: false,
                private_fields: false,
            },
        );
    }

    fn impl_block(&mut self, i: &syn::ItemImpl) -> Result<(), String> {
        let Some(owner) = last_segment(&i.self_ty) else {
            return Ok(());
        };
        if let Some((path, _)) = &i.trait_ {
            // A trait impl is public whatever its items say; its items are the trait's.
            let self_ty = &i.self_ty;
            let (generics, _, _) = i.generics.split_for_impl();
            let text = pretty(quote! { impl #generics #path for #self_ty {} })?
                .trim_end_matches("{}")
                .trim()
                .to_string();
            self.insert(text.clone(), ItemKind::Impl, text, Some(owner));
            return Ok(());
        }
        for member in &i.items {
            match member {
                ImplItem::Fn(f) if is_pub(&f.vis) => {
                    self.function(
                        format!("{owner}::{}", f.sig.ident),
                        &f.vis,
                        &f.sig,
                        Some(owner.clone()),
                    )?;
                }
                ImplItem::Const(c) if is_pub(&c.vis) => {
                    let (vis, ident, ty, expr) = (&c.vis, &c.ident, &c.ty, &c.expr);
                    let sig = const_text(quote! { #vis const #ident: #ty = #expr; })?;
                    let shape = format!("pub const {ident}: {}", type_text(ty)?);
                    self.constant(format!("{owner}::{ident}"), sig, shape, Some(owner.clone()));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// `Client` for `crate::Client`, `ListRequest` for `ListRequest<'_>`.
fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Derived trait names in declared order (`Debug`, `Clone`, ...).
fn derives(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .filter_map(|p| p.segments.last().map(|s| s.ident.to_string()))
        .collect()
}

fn fn_text(vis: &Visibility, sig: &syn::Signature) -> Result<String, String> {
    Ok(pretty(quote! { #vis #sig {} })?
        .trim_end_matches("{}")
        .trim()
        .to_string())
}

/// A `const` or `type` item without its closing semicolon.
fn const_text(tokens: TokenStream) -> Result<String, String> {
    Ok(pretty(tokens)?.trim_end_matches(';').to_string())
}

fn type_text(ty: &syn::Type) -> Result<String, String> {
    Ok(pretty(quote! { type T = #ty; })?
        .trim_start_matches("type T = ")
        .trim_end_matches(';')
        .to_string())
}

fn variant_text(v: &syn::Variant) -> Result<String, String> {
    let types = |fields: &mut dyn Iterator<Item = &syn::Field>| -> Result<Vec<String>, String> {
        fields
            .map(|f| {
                let ty = type_text(&f.ty)?;
                Ok(match &f.ident {
                    Some(name) => format!("{name}: {ty}"),
                    None => ty,
                })
            })
            .collect()
    };
    Ok(match &v.fields {
        Fields::Unit => v.ident.to_string(),
        Fields::Unnamed(f) => format!("{}({})", v.ident, types(&mut f.unnamed.iter())?.join(", ")),
        Fields::Named(f) => format!(
            "{} {{ {} }}",
            v.ident,
            types(&mut f.named.iter())?.join(", ")
        ),
    })
}

/// Tokens of one item printed by prettyplease, then joined onto one line.
fn pretty(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    let text = prettyplease::unparse(&file);
    let joined = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(joined
        .replace("( ", "(")
        .replace(", )", ")")
        .replace("[ ", "[")
        .replace(", ]", "]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: std::path::PathBuf::from(crate::emit::GENERATED_DIR).join("params.rs"),
            contents: contents.to_string(),
        }
    }

    // The generator writes the newtypes' shared impls through a `macro_rules!`; the diff
    // must see the items the macro writes, exactly as if they were spelled out.
    #[test]
    fn items_written_by_a_macro_are_the_items_spelled_out() {
        let spelled = file(
            "pub struct Limit(i32);
            impl Limit { pub const MAX: i32 = 100; }
            impl Limit { pub fn get(self) -> i32 { self.0 } }
            impl TryFrom<i32> for Limit { type Error = (); fn try_from(v: i32) -> Result<Self, ()> { Ok(Self(v)) } }
            impl std::fmt::Display for Limit { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) } }",
        );
        let macro_written = file(
            "macro_rules! scalar_newtype {
                ($name:ident, $inner:ty) => {
                    impl $name { pub fn get(self) -> $inner { self.0 } }
                    impl TryFrom<$inner> for $name { type Error = (); fn try_from(v: $inner) -> Result<Self, ()> { Ok(Self(v)) } }
                    impl std::fmt::Display for $name { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) } }
                };
            }
            pub struct Limit(i32);
            impl Limit { pub const MAX: i32 = 100; }
            scalar_newtype!(Limit, i32);",
        );
        let spelled = public_items(&[spelled]).unwrap();
        assert_eq!(spelled.len(), 5, "{spelled:#?}");
        assert!(spelled.contains_key("impl TryFrom<i32> for Limit"));
        assert_eq!(public_items(&[macro_written]).unwrap(), spelled);
    }

    // A macro the diff cannot expand faithfully is an error naming the file, never a
    // silent gap in the comparison.
    #[test]
    fn a_macro_it_cannot_expand_is_an_error() {
        let two_rules = file(
            "macro_rules! m { ($a:ident) => {}; ($a:ident, $b:ty) => {}; }
            pub struct A;",
        );
        let err = public_items(&[two_rules]).unwrap_err();
        assert!(
            err.contains("params.rs") && err.contains("macro_rules"),
            "{err}"
        );
        let wrong_arity = file(
            "macro_rules! m { ($a:ident) => { impl $a {} }; }
            pub struct A;
            m!(A, B);",
        );
        let err = public_items(&[wrong_arity]).unwrap_err();
        assert!(
            err.contains("`m!`: invoked with 2 arguments where the macro binds 1"),
            "{err}"
        );
    }
}
