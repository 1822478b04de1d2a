//! Keeping the client's secret out of what errors repeat from the network.
//!
//! A service (or a proxy) can echo the token or the security token anywhere: in an error
//! body, an envelope's `status`, a header such as `X-Request-Id`, a value that the JSON
//! decoder then quotes in its message, or a redirect's `Location`. Every string that came
//! from the network goes through [`scrub`] before an error holds it, and the secret is
//! found whether it is written as it is or with JSON escapes (`\u0054OKEN`, `\/`), since a
//! body excerpt is the raw JSON text while a decoded field is not.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Secrets shorter than this are not scrubbed: they are test tokens, and replacing every
/// `a` of a body would make the excerpt useless.
const MIN_SCRUBBED_SECRET: usize = 8;

/// `text` with every occurrence of `secret`, plain or JSON-escaped, replaced by
/// [`REDACTED`]; borrowed when there was none.
pub(crate) fn scrub<'t>(text: &'t str, secret: &str) -> Cow<'t, str> {
    if secret.len() < MIN_SCRUBBED_SECRET {
        return Cow::Borrowed(text);
    }
    // Most texts hold neither the secret nor an escape: one search each says so.
    if !text.contains('\\') {
        return match text.contains(secret) {
            true => Cow::Owned(text.replace(secret, REDACTED)),
            false => Cow::Borrowed(text),
        };
    }
    let first = secret.chars().next().unwrap_or_default();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find([first, '\\']) {
        let start = at + offset;
        match match_at(text, start, secret) {
            Some(end) => {
                out.push_str(&text[copied..start]);
                out.push_str(REDACTED);
                copied = end;
                at = end;
            }
            None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// [`scrub`] of an owned string, without a copy when there is nothing to replace.
pub(crate) fn scrub_owned(text: String, secret: &str) -> String {
    match scrub(&text, secret) {
        Cow::Borrowed(_) => text,
        Cow::Owned(scrubbed) => scrubbed,
    }
}

/// Whether `text` holds `secret` as it is, JSON-escaped or percent-encoded (as in a URL).
pub(crate) fn holds(text: &str, secret: &str) -> bool {
    if matches!(scrub(text, secret), Cow::Owned(_)) {
        return true;
    }
    let decoded = percent_decode_str(text).decode_utf8_lossy();
    matches!(&decoded, Cow::Owned(_)) && matches!(scrub(&decoded, secret), Cow::Owned(_))
}

/// The end of `secret` in `text` when it starts at `start`, each of its characters written
/// as it is or as a JSON escape.
fn match_at(text: &str, start: usize, secret: &str) -> Option<usize> {
    let mut at = start;
    for wanted in secret.chars() {
        let rest = &text[at..];
        if rest.starts_with(wanted) {
            at += wanted.len_utf8();
            continue;
        }
        let (escaped, len) = json_escape(rest)?;
        if escaped != wanted {
            return None;
        }
        at += len;
    }
    Some(at)
}

/// The character a JSON escape at the start of `text` stands for, and the escape's length:
/// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX`, and a surrogate pair of them.
fn json_escape(text: &str) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'\\') {
        return None;
    }
    let simple = match bytes.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(text),
        _ => return None,
    };
    Some((simple, 2))
}

/// `\uXXXX`, or two of them making a surrogate pair.
fn unicode_escape(text: &str) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        let hex = text.get(at..at + 6)?.strip_prefix("\\u")?;
        u32::from_str_radix(hex, 16).ok()
    };
    let high = unit(0)?;
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).map(|c| (c, 6));
    }
    let low = unit(6).filter(|low| (0xDC00..0xE000).contains(low))?;
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 12))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "MIItoken/0123";

    #[test]
    fn plain_echoes_are_replaced() {
        assert_eq!(
            scrub(&format!("expired {SECRET}, {SECRET}"), SECRET),
            "expired <redacted>, <redacted>"
        );
        assert!(matches!(scrub("nothing here", SECRET), Cow::Borrowed(_)));
        assert!(matches!(scrub("a \\n b", SECRET), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escaped_echoes_are_replaced() {
        for escaped in [
            "\\u004DIItoken/0123",
            "MIItoken\\/0123",
            "\\u004d\\u0049\\u0049token\\/012\\u0033",
        ] {
            assert_eq!(
                scrub(&format!("{{\"id\":\"{escaped}\"}}"), SECRET),
                "{\"id\":\"<redacted>\"}",
                "{escaped}"
            );
        }
        // An escape that stands for another character is not the secret.
        assert!(matches!(
            scrub("\\u004EIItoken/0123", SECRET),
            Cow::Borrowed(_)
        ));
        let astral = "tok😀en-secret";
        assert_eq!(scrub("x \\ud83d\\ude00", astral), "x \\ud83d\\ude00");
        assert_eq!(scrub("tok\\ud83d\\ude00en-secret!", astral), "<redacted>!");
        assert_eq!(scrub("tok\\ud83den-secret", astral), "tok\\ud83den-secret");
    }

    #[test]
    fn short_secrets_and_partial_matches_are_left() {
        assert_eq!(scrub("abc abc", "abc"), "abc abc");
        assert_eq!(scrub("MIItoken/012", SECRET), "MIItoken/012");
        assert_eq!(scrub("\\", SECRET), "\\");
        assert_eq!(scrub("MIItoken\\", SECRET), "MIItoken\\");
        assert_eq!(
            scrub_owned(format!("仓{SECRET}仓"), SECRET),
            "仓<redacted>仓"
        );
    }

    #[test]
    fn urls_are_searched_decoded_too() {
        assert!(holds(&format!("https://a.example/?t={SECRET}"), SECRET));
        assert!(holds("https://a.example/?t=MIItoken%2F0123", SECRET));
        assert!(!holds("https://a.example/?t=MIItoken%2F012", SECRET));
    }
}
