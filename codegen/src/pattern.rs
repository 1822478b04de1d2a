//! Spec patterns in the two dialects that read them: ECMA-262 (with the `u` flag), in
//! which OpenAPI readers take the exported pattern, and Rust's `regex`, with which the
//! generated client checks values. Validation refuses a pattern the two would read
//! differently ([`not_ecma_262`]); the one construct both accept but read differently,
//! `.`, is rewritten for the client ([`for_rust`]) so that it checks what the export says.

use regex_syntax::ast::{self, Ast};

/// What ECMA-262's `.` matches without the `s` flag: anything but a line terminator.
/// Rust's `.` only leaves out `\n`.
const ECMA_DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// `pattern` as Rust's `regex` must be given it to match what ECMA-262 matches: each `.`
/// outside a class becomes [`ECMA_DOT`]; everything else is the same text. A pattern
/// that does not parse is returned as it is (validation reports it).
pub fn for_rust(pattern: &str) -> String {
    struct Dots(Vec<ast::Span>);

    impl ast::Visitor for Dots {
        type Output = Vec<ast::Span>;
        type Err = ();

        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.0)
        }

        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            if let Ast::Dot(span) = ast {
                self.0.push(**span);
            }
            Ok(())
        }
    }

    let Ok(ast) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_owned();
    };
    let Ok(dots) = ast::visit(&ast, Dots(Vec::new())) else {
        return pattern.to_owned();
    };
    let mut rust = String::with_capacity(pattern.len() + dots.len() * ECMA_DOT.len());
    let mut copied = 0;
    for dot in dots {
        rust.push_str(&pattern[copied..dot.start.offset]);
        rust.push_str(ECMA_DOT);
        copied = dot.end.offset;
    }
    rust.push_str(&pattern[copied..]);
    rust
}

/// The first construct of `pattern` (valid for Rust's `regex`) that ECMA-262, with the
/// `u` flag, reads differently or not at all; `None` when there is none.
pub fn not_ecma_262(pattern: &str) -> Option<&'static str> {
    use regex_syntax::ast::{
        AssertionKind, ClassSetBinaryOp, ClassSetItem, ClassUnicode, ClassUnicodeKind, GroupKind,
        HexLiteralKind, Literal, LiteralKind, SpecialLiteralKind,
    };

    const PERL: &str = "`\\d`, `\\s` or `\\w` (Unicode classes in Rust, ASCII ones in \
                        ECMA-262; write a range such as `[0-9]`)";

    fn literal(l: &Literal) -> Result<(), &'static str> {
        match l.kind {
            LiteralKind::HexBrace(HexLiteralKind::X) => Err("`\\x{...}`"),
            LiteralKind::HexFixed(HexLiteralKind::UnicodeLong)
            | LiteralKind::HexBrace(HexLiteralKind::UnicodeLong) => Err("`\\U` escapes"),
            LiteralKind::Special(SpecialLiteralKind::Bell) => Err("`\\a`"),
            LiteralKind::Special(SpecialLiteralKind::Space) => Err("an escaped space"),
            LiteralKind::Octal => Err("an octal escape"),
            _ => Ok(()),
        }
    }

    fn unicode(c: &ClassUnicode) -> Result<(), &'static str> {
        match c.kind {
            ClassUnicodeKind::OneLetter(_) => Err("`\\pL` without braces"),
            _ => Ok(()),
        }
    }

    struct Rust;

    impl ast::Visitor for Rust {
        type Output = ();
        type Err = &'static str;

        fn finish(self) -> Result<(), Self::Err> {
            Ok(())
        }

        fn visit_pre(&mut self, ast: &Ast) -> Result<(), Self::Err> {
            match ast {
                Ast::Flags(_) => Err("inline flags"),
                Ast::Group(group) => match &group.kind {
                    GroupKind::NonCapturing(flags) if !flags.items.is_empty() => {
                        Err("inline flags")
                    }
                    GroupKind::CaptureName {
                        starts_with_p: true,
                        ..
                    } => Err("`(?P<name>...)`"),
                    _ => Ok(()),
                },
                Ast::Assertion(assertion) => match assertion.kind {
                    AssertionKind::StartLine | AssertionKind::EndLine => Ok(()),
                    AssertionKind::StartText | AssertionKind::EndText => Err("`\\A` or `\\z`"),
                    // Rust's word characters are Unicode ones, ECMA-262's ASCII ones.
                    _ => Err("a word-boundary assertion"),
                },
                Ast::Literal(l) => literal(l),
                Ast::ClassUnicode(c) => unicode(c),
                Ast::ClassPerl(_) => Err(PERL),
                _ => Ok(()),
            }
        }

        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), Self::Err> {
            match item {
                ClassSetItem::Ascii(_) => Err("a POSIX class such as `[[:alpha:]]`"),
                ClassSetItem::Literal(l) => literal(l),
                ClassSetItem::Unicode(c) => unicode(c),
                ClassSetItem::Perl(_) => Err(PERL),
                _ => Ok(()),
            }
        }

        fn visit_class_set_binary_op_pre(&mut self, _: &ClassSetBinaryOp) -> Result<(), Self::Err> {
            Err("a class set operation such as `&&`")
        }
    }

    let ast = ast::parse::Parser::new().parse(pattern).ok()?;
    ast::visit(&ast, Rust).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn a_dot_matches_no_line_terminator_as_in_ecma_262() {
        let rust = Regex::new(&for_rust("^a.b$")).unwrap();
        assert!(rust.is_match("axb"));
        assert!(rust.is_match("a\u{e9}b"));
        for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
            assert!(!rust.is_match(&format!("a{terminator}b")), "{terminator:?}");
        }
        // What Rust's own `.` would have let through.
        assert!(Regex::new("^a.b$").unwrap().is_match("a\rb"));
    }

    #[test]
    fn only_unescaped_dots_outside_classes_change() {
        assert_eq!(for_rust("^[0-9a-z]+$"), "^[0-9a-z]+$");
        assert_eq!(for_rust(r"^v\.[.]x$"), r"^v\.[.]x$");
        assert_eq!(for_rust("^.+/.*$"), format!("^{ECMA_DOT}+/{ECMA_DOT}*$"));
        assert_eq!(for_rust("(unclosed"), "(unclosed");
    }
}
