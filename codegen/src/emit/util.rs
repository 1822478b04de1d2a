//! Small token helpers shared by the emitters: doc attributes, identifiers, types and
//! the human wording of constraints.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Constraints, Literal, ScalarType, TypeIr};
use crate::names;

/// The doc comment `text` (Markdown, one `///` line per line) for an item, as a marker
/// that `emit::unparse` replaces with the lines after printing (see `doc_comments`).
pub fn doc(text: &str) -> TokenStream {
    if text.trim_end().is_empty() {
        return TokenStream::new();
    }
    let marker = super::doc_comments::marker(text);
    quote! { #[doc = #marker] }
}

/// Spec prose (a description, summary, title or note) as Markdown that shows the text and
/// nothing more, in rustdoc and in the README alike. Whatever the spec says, it cannot
/// open a code block (fenced, or indented by four spaces: rustdoc would compile either as
/// a doctest), raw HTML, a link or a heading; a bare URL becomes an autolink (rustdoc
/// warns about bare ones); and characters that break a doc comment (a carriage return,
/// a text direction override) or hide in it (other controls) are shown escaped.
/// Emphasis with `*` and `_` still renders.
pub fn prose(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start();
        if line.starts_with(['#', '~', '+', '-', '=']) {
            // A heading, a `~~~` fence, or a list marker or setext underline that would
            // turn the text into something else.
            out.push('\\');
        }
        let mut rest = line;
        while !rest.is_empty() {
            // Most of a line needs nothing: copy it up to the next character that may.
            let plain = rest
                .find(|c: char| {
                    matches!(c, '\\' | '`' | '[' | ']' | '<' | 'h' | 'H') || is_hidden(c)
                })
                .unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            if rest.is_empty() {
                break;
            }
            if let Some(url) = url_at_start(rest) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            let c = rest.chars().next().unwrap_or_default();
            match c {
                '\\' | '`' | '[' | ']' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                c if is_hidden(c) => out.extend(c.escape_unicode()),
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The note that a fact is not stated on its page, with where it comes from instead
/// (the spec's `inferred`), in rustdoc and the README alike.
pub fn inferred_note(why: &str) -> String {
    format!("Not stated on the page (inferred): {}", prose(why))
}

/// Any text as an inline code span: fenced with more backticks than it contains, on one
/// line (a line break inside a span could still start a block), with the characters
/// [`prose`] escapes shown escaped.
pub fn code(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => body.push(' '),
            c if is_hidden(c) => body.extend(c.escape_unicode()),
            c => body.push(c),
        }
    }
    if body.trim().is_empty() {
        // A span of spaces keeps its spaces; an empty span does not exist.
        return format!("`{body} `");
    }
    let longest = body
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    // One space inside each fence is stripped when both are there: it lets the text
    // start or end with a backtick or a space.
    let pad = if body.starts_with(['`', ' ']) || body.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A character a doc comment must not hold raw: controls (a carriage return is an error
/// in a doc comment) and text direction controls (rustc denies them in comments).
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// The `http://` or `https://` URL that `text` starts with, up to the first character an
/// autolink cannot hold.
fn url_at_start(text: &str) -> Option<&str> {
    let scheme = ["https://", "http://"].into_iter().find(|s| {
        text.get(..s.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(s))
    })?;
    let end = text
        .find(|c: char| c.is_whitespace() || is_hidden(c) || "<>`[]\"'\\".contains(c))
        .unwrap_or(text.len());
    (end > scheme.len()).then(|| &text[..end])
}

/// An identifier, raw (`r#ref`) when the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Rust type text from the type table (`crate::OrderBy`, `impl Into<String>`), as tokens.
pub fn rust_type(text: &str) -> TokenStream {
    text.parse().expect("the type table writes Rust types")
}

/// The Rust type of a scalar, as tokens ([`ScalarType::rust`]).
pub fn scalar(s: ScalarType) -> TokenStream {
    let ty = proc_macro2::Ident::new(s.rust(), Span::call_site());
    quote! { #ty }
}

/// A value type as the client crate's code writes it (`Vec<crate::Repo>`), from the type
/// table's spelling.
pub fn type_ir(t: &TypeIr) -> TokenStream {
    rust_type(&t.qualified("crate::"))
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
    if let Some(min) = c.exclusive_minimum {
        out.push(format!("greater than {min}"));
    }
    if let Some(max) = c.exclusive_maximum {
        out.push(format!("less than {max}"));
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
        out.push(format!("matching {}", code(p)));
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

/// `#[deprecated]` with the page's note, when it has one; nothing when not deprecated.
pub fn deprecated(note: Option<&str>) -> TokenStream {
    match note {
        None => TokenStream::new(),
        Some("") => quote! { #[deprecated] },
        Some(note) => quote! { #[deprecated(note = #note)] },
    }
}

/// The sentence a doc comment gives a deprecation.
pub fn deprecated_note(note: &str) -> String {
    if note.is_empty() {
        "Deprecated by the page.".to_string()
    } else {
        format!("Deprecated by the page: {}", prose(note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each rule of `prose`, including at the edges of the runs of plain text it copies
    // whole: a URL right after plain text, an `h` that starts no URL, escapes back to back.
    #[test]
    fn prose_escapes_what_would_change_the_markdown_and_nothing_else() {
        let cases = [
            ("plain text, 项目.", "plain text, 项目."),
            (
                "see https://example.com/a_b now",
                "see <https://example.com/a_b> now",
            ),
            ("hHttp: HTTPS://X.y.", "hHttp: <HTTPS://X.y.>"),
            ("http:// and h", "http:// and h"),
            (
                "a [link](x) `code` \\ <b>",
                "a \\[link\\](x) \\`code\\` \\\\ &lt;b>",
            ),
            (
                "  # heading\n- item\n    indented",
                "\\# heading\n\\- item\nindented",
            ),
            (
                "bidi \u{202e} ctl \u{1b} tab\t.",
                "bidi \\u{202e} ctl \\u{1b} tab\t.",
            ),
            ("crlf\r\nand cr\rend", "crlf\nand cr\nend"),
            ("<https://x.y>[]", "&lt;<https://x.y>>\\[\\]"),
        ];
        for (text, expected) in cases {
            assert_eq!(prose(text), expected, "{text:?}");
        }
    }
}
