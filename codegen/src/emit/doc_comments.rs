//! Doc comments that skip the round trip through syn and prettyplease.
//!
//! Doc text is about a quarter of the generated Rust, and as `#[doc = "..."]` tokens every
//! line of it is lexed by proc-macro2, parsed and unescaped (more than once) by syn, and
//! unescaped again by prettyplease, which then prints it back as `/// ...`: 12 % of the
//! generator's instructions. Instead, [`marker`] records a doc block on the current thread
//! and stands in for it with one short `#[doc]` attribute; prettyplease prints that as a
//! line `///@doc#N` at the item's indentation, and [`expand`] puts the block's lines there,
//! byte for byte what prettyplease would have printed for them.
//!
//! Invariant: tokens holding markers are printed and expanded on the thread that made them
//! (proc-macro2 tokens cannot leave their thread anyway), and every marker is expanded
//! once. Real doc lines always start with a space or are empty, so a printed `///@doc#`
//! line is never text from the spec.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// What a marker's doc value starts with; its number follows.
const MARKER: &str = "@doc#";

thread_local! {
    /// Doc blocks recorded on this thread and not yet expanded, by marker number.
    static PENDING: RefCell<Pending> = const {
        RefCell::new(Pending { next: 0, texts: BTreeMap::new() })
    };
}

struct Pending {
    next: u64,
    texts: BTreeMap<u64, String>,
}

/// Records `text` (already Markdown, one doc line per line) and returns the literal of the
/// `#[doc]` attribute that stands in for it.
pub fn marker(text: &str) -> proc_macro2::Literal {
    let id = PENDING.with_borrow_mut(|pending| {
        let id = pending.next;
        pending.next += 1;
        pending.texts.insert(id, text.to_owned());
        id
    });
    proc_macro2::Literal::string(&format!("{MARKER}{id}"))
}

/// `printed` (prettyplease's output) with every marker line replaced by its doc block:
/// `///` and the line after a space, with trailing spaces trimmed, at the marker's
/// indentation, as prettyplease prints a `#[doc = " line"]` attribute.
///
/// # Errors
///
/// A marker that this thread did not record, or already expanded: a generator bug,
/// reported rather than printed into a file.
pub fn expand(printed: &str) -> Result<String, String> {
    let needle = format!("///{MARKER}");
    if !printed.contains(&needle) {
        return Ok(printed.to_owned());
    }
    PENDING.with_borrow_mut(|pending| {
        let mut out = String::with_capacity(printed.len() * 2);
        for line in printed.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let code = body.trim_start();
            let Some(id) = code.strip_prefix(needle.as_str()) else {
                out.push_str(line);
                continue;
            };
            let text = id
                .parse::<u64>()
                .ok()
                .and_then(|id| pending.texts.remove(&id))
                .ok_or_else(|| format!("generated doc marker `{code}` has no recorded text"))?;
            let indent = &body[..body.len() - code.len()];
            for doc_line in text.trim_end().lines() {
                out.push_str(indent);
                out.push_str("///");
                if !doc_line.is_empty() {
                    out.push(' ');
                    out.push_str(doc_line);
                    out.truncate(out.trim_end_matches(' ').len());
                }
                out.push('\n');
            }
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// What prettyplease prints for `tokens` (the doc attributes spelled out as tokens).
    fn printed(tokens: proc_macro2::TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    // The point of the markers is to print the same bytes as the attributes they replace,
    // at every indentation and for every kind of line (empty, padded, escaped, non-ASCII).
    #[test]
    fn an_expanded_marker_is_what_prettyplease_prints_for_the_lines() {
        let text =
            "First line.\n\n  indented, trailing spaces   \nquotes \" and \\ and 项目 \u{1b}\n\n";
        let lines: Vec<String> = text
            .trim_end()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect();
        let spelled = printed(quote! {
            #( #[doc = #lines] )*
            pub struct A { #( #[doc = #lines] )* pub b: u8 }
            impl A { #( #[doc = #lines] )* pub fn c() {} }
        });
        let (m1, m2, m3) = (marker(text), marker(text), marker(text));
        let marked = printed(quote! {
            #[doc = #m1]
            pub struct A { #[doc = #m2] pub b: u8 }
            impl A { #[doc = #m3] pub fn c() {} }
        });
        assert!(marked.contains("///@doc#"));
        assert_eq!(expand(&marked).unwrap(), spelled);
    }

    #[test]
    fn text_without_markers_is_unchanged() {
        let code = "/// a doc line\npub struct A;\n";
        assert_eq!(expand(code).unwrap(), code);
    }

    // A marker made on another thread (or expanded twice) has no text here: an error
    // that names it, never a stray `///@doc#` line in a generated file.
    #[test]
    fn an_unknown_marker_is_an_error() {
        let m = marker("once");
        let code = printed(quote! { #[doc = #m] pub struct A; });
        assert_eq!(expand(&code).unwrap(), "/// once\npub struct A;\n");
        let err = expand(&code).unwrap_err();
        assert!(err.contains("@doc#"), "{err}");
        let other = std::thread::spawn(|| {
            let m = marker("elsewhere");
            printed(quote! { #[doc = #m] pub struct B; })
        })
        .join()
        .unwrap();
        assert!(expand(&other).is_err());
    }

    // An empty or blank text prints nothing, as no attributes would.
    #[test]
    fn a_blank_text_prints_no_line() {
        let m = marker(" \n");
        let code = printed(quote! { #[doc = #m] pub struct A; });
        assert_eq!(expand(&code).unwrap(), "pub struct A;\n");
    }
}
