//! Successful downloads, such as repository archives, handed over unread.
//!
//! An archive can be larger than memory, so [`BinaryResponse`] lets the caller choose
//! between [`bytes`](BinaryResponse::bytes), [`bytes_stream`](BinaryResponse::bytes_stream)
//! and saving to a file ([`save_to`](BinaryResponse::save_to), in `download.rs`), and
//! offers the file name the service suggested, made safe to join to a directory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use percent_encoding::percent_decode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::deadline::Deadlines;
use crate::http::Body;
use crate::{Error, Waiting};

/// The 2xx response of a download; the body has not been read yet.
///
/// Retries are over by the time it is returned: its body is read once, and a failure
/// while reading it is final. The body has no overall timeout, however large it is, but
/// a silence longer than the [`read_timeout`](crate::ClientBuilder::read_timeout) ends it
/// with an [`Error::Timeout`].
pub struct BinaryResponse {
    operation: &'static str,
    response: reqwest::Response,
    /// The read timeout, which starts again when the body is first read.
    deadlines: Deadlines,
    attempts: u32,
}

impl BinaryResponse {
    pub(crate) fn new(
        operation: &'static str,
        response: reqwest::Response,
        deadlines: Deadlines,
        attempts: u32,
    ) -> Self {
        BinaryResponse {
            operation,
            response,
            deadlines,
            attempts,
        }
    }

    /// The operation that answered, e.g. `download_archive`.
    pub(crate) fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status, e.g. 200.
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The body's length, when the service announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The `Content-Type` header, e.g. `application/zip`.
    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The file name from `Content-Disposition`, reduced to its last path component, so it
    /// can be joined to a directory without leaving it; `None` when there is no usable one.
    pub fn file_name(&self) -> Option<String> {
        let header = self.response.headers().get(CONTENT_DISPOSITION)?;
        content_disposition_file_name(&String::from_utf8_lossy(header.as_bytes()))
    }

    /// How much [`bytes`](Self::bytes) reads into memory: 64 MiB. Larger archives belong
    /// on disk ([`save_to`](Self::save_to)) or in a stream
    /// ([`bytes_stream`](Self::bytes_stream)); [`bytes_up_to`](Self::bytes_up_to) sets
    /// another limit.
    pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

    /// Reads the whole body into memory, up to [`DEFAULT_MAX_BYTES`](Self::DEFAULT_MAX_BYTES).
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] for a larger body, [`Error::Timeout`] or [`Error::Transport`]
    /// when reading fails.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        self.bytes_up_to(Self::DEFAULT_MAX_BYTES).await
    }

    /// Reads the whole body into memory, if it is at most `limit` bytes long: a larger one
    /// is an [`Error::TooLarge`] as soon as its `Content-Length` or the bytes that arrived
    /// say so, and nothing more of it is read.
    pub async fn bytes_up_to(self, limit: u64) -> Result<Bytes, Error> {
        let (operation, status) = (self.operation, self.status());
        let too_large = |length| Error::TooLarge {
            operation,
            status,
            limit,
            length,
            setting: "BinaryResponse::bytes_up_to",
            body_excerpt: String::new(),
        };
        let announced = self.content_length();
        if announced.is_some_and(|length| length > limit) {
            return Err(too_large(announced));
        }
        let mut body = Body::default();
        let mut chunks = self.bytes_stream();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
                return Err(too_large(announced));
            }
            // No size hint from `Content-Length`: a hostile one would be allocated at once.
            body.push(chunk, None);
        }
        Ok(body.finish())
    }

    /// The body as chunks, as they arrive. The stream ends after its first error.
    pub fn bytes_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + Unpin + 'static {
        Chunks {
            body: Some(self.response.bytes_stream()),
            deadlines: self.deadlines,
            started: false,
            operation: self.operation,
            attempts: self.attempts,
        }
    }
}

/// [`BinaryResponse::bytes_stream`]: the body's chunks under the read timeout.
struct Chunks<S> {
    /// `None` once the body has ended or failed.
    body: Option<S>,
    deadlines: Deadlines,
    /// Whether the body has been polled yet.
    started: bool,
    operation: &'static str,
    attempts: u32,
}

impl<S> Stream for Chunks<S>
where
    S: Stream<Item = reqwest::Result<Bytes>> + Unpin,
{
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(body) = &mut this.body else {
            return Poll::Ready(None);
        };
        if !this.started {
            // The time the caller took before reading is not the service's silence.
            this.started = true;
            this.deadlines.restart_read();
        }
        let polled = body.poll_next_unpin(cx);
        let (operation, attempts) = (this.operation, this.attempts);
        let item = match ready!(this.deadlines.poll(cx, polled)) {
            Ok(Some(Ok(chunk))) => return Poll::Ready(Some(Ok(chunk))),
            Ok(None) => None,
            Ok(Some(Err(source))) => Some(Err(Error::Transport {
                operation,
                source,
                attempts,
            })),
            Err(limit) => Some(Err(Error::Timeout {
                operation,
                waiting: Waiting::Body,
                limit,
                attempts,
            })),
        };
        this.body = None;
        Poll::Ready(item)
    }
}

impl fmt::Debug for BinaryResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BinaryResponse")
            .field("operation", &self.operation)
            .field("status", &self.status())
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// The file name of a `Content-Disposition` value (RFC 6266): `filename*` (RFC 8187, UTF-8
/// or ISO-8859-1) wins over `filename`, as the RFC asks, then [`safe_file_name`] applies.
fn content_disposition_file_name(value: &str) -> Option<String> {
    let params = parameters(value);
    let extended = params
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("filename*"))
        .find_map(|(_, value)| decode_extended(value));
    let plain = || {
        params
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("filename"))
            .map(|(_, v)| v.clone())
    };
    safe_file_name(&extended.or_else(plain)?)
}

/// The `name=value` parameters after the disposition type, with quoted strings unquoted.
/// A `;` inside quotes belongs to the value.
fn parameters(value: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut rest = match value.find(';') {
        Some(i) => &value[i + 1..],
        None => return params,
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            return params;
        }
        let name_end = rest.find(['=', ';']).unwrap_or(rest.len());
        let name = rest[..name_end].trim().to_owned();
        if !rest[name_end..].starts_with('=') {
            // A parameter without a value; skip it.
            rest = &rest[name_end..];
            continue;
        }
        rest = rest[name_end + 1..].trim_start_matches([' ', '\t']);
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut unquoted = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => unquoted.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => unquoted.push(c),
                }
            }
            value = unquoted;
            rest = &quoted[end..];
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            value = rest[..end].trim().to_owned();
            rest = &rest[end..];
        }
        params.push((name, value));
    }
}

/// Decodes an RFC 8187 value such as `UTF-8''na%C3%AFve.txt`.
fn decode_extended(value: &str) -> Option<String> {
    let mut fields = value.splitn(3, '\'');
    let (charset, _language, encoded) = (fields.next()?, fields.next()?, fields.next()?);
    let bytes: Vec<u8> = percent_decode(encoded.as_bytes()).collect();
    if charset.eq_ignore_ascii_case("UTF-8") {
        String::from_utf8(bytes).ok()
    } else if charset.eq_ignore_ascii_case("ISO-8859-1") {
        // ISO-8859-1 bytes are the first 256 code points.
        Some(bytes.into_iter().map(char::from).collect())
    } else {
        None
    }
}

/// The last path component of a suggested name, safe to join to a directory: both `/` and
/// `\` separate components (the name may come from Windows), control characters and
/// bidirectional formatting characters are dropped (a right-to-left override shows
/// `\u{202e}gpj.exe` as `exe.jpg`), and `:` becomes `_` (on Windows `C:x` joined to a
/// directory replaces it). Nothing is left of `..`, `.` or an empty name.
fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .filter(|&c| !c.is_control() && !bidi_control(c))
        .map(|c| if c == ':' { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return None;
    }
    Some(cleaned.to_owned())
}

/// Unicode's bidirectional formatting characters (UAX #9): marks, embeddings, overrides
/// and isolates. They change how the characters around them are shown, not what they are.
fn bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(header: &str) -> Option<String> {
        content_disposition_file_name(header)
    }

    #[test]
    fn plain_and_quoted_names() {
        assert_eq!(
            name("attachment; filename=repo.zip").as_deref(),
            Some("repo.zip")
        );
        assert_eq!(
            name("attachment; filename=\"my repo.tar.gz\"").as_deref(),
            Some("my repo.tar.gz")
        );
        assert_eq!(
            name("attachment;filename=\"a\\\"b;c.zip\"; size=3").as_deref(),
            Some("a\"b;c.zip")
        );
        assert_eq!(
            name("attachment; FileName = x.tar").as_deref(),
            Some("x.tar")
        );
        assert_eq!(name("attachment"), None);
        assert_eq!(name("attachment; size=3"), None);
        assert_eq!(name("attachment; filename"), None);
    }

    #[test]
    fn extended_names_win() {
        assert_eq!(
            name("attachment; filename=\"fallback.zip\"; filename*=UTF-8''na%C3%AFve%20repo.zip")
                .as_deref(),
            Some("naïve repo.zip")
        );
        assert_eq!(
            name("attachment; filename*=utf-8'en'%E4%BB%93.zip").as_deref(),
            Some("仓.zip")
        );
        assert_eq!(
            name("attachment; filename*=ISO-8859-1''caf%E9.zip").as_deref(),
            Some("café.zip")
        );
        // Undecodable extended values fall back to the plain name.
        assert_eq!(
            name("attachment; filename*=UTF-8''%FF.zip; filename=ok.zip").as_deref(),
            Some("ok.zip")
        );
        assert_eq!(
            name("attachment; filename*=KOI8-R''x.zip; filename=ok.zip").as_deref(),
            Some("ok.zip")
        );
    }

    #[test]
    fn hostile_names_cannot_leave_the_directory() {
        assert_eq!(
            name("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            name("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            name("attachment; filename=\"..\\\\..\\\\boot.ini\"").as_deref(),
            Some("boot.ini")
        );
        assert_eq!(name("attachment; filename=\"/etc/\"").as_deref(), None);
        assert_eq!(name("attachment; filename=\"..\"").as_deref(), None);
        assert_eq!(name("attachment; filename=\".\"").as_deref(), None);
        assert_eq!(name("attachment; filename*=UTF-8''%2E%2E").as_deref(), None);
        assert_eq!(
            name("attachment; filename=\"C:evil.exe\"").as_deref(),
            Some("C_evil.exe")
        );
        assert_eq!(
            name("attachment; filename*=UTF-8''a%00b%0A.zip").as_deref(),
            Some("ab.zip")
        );
        assert_eq!(name("attachment; filename*=UTF-8''..%0A").as_deref(), None);
    }

    #[test]
    fn bidirectional_controls_are_dropped() {
        assert_eq!(
            name("attachment; filename*=UTF-8''%E2%80%AEgpj.exe").as_deref(),
            Some("gpj.exe")
        );
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(
                safe_file_name(&format!("a{c}b.zip")).as_deref(),
                Some("ab.zip"),
                "{c:?}"
            );
        }
        assert_eq!(safe_file_name("\u{202E}\u{2067}").as_deref(), None);
        // Letters of right-to-left scripts are names, not controls.
        assert_eq!(
            safe_file_name("\u{05D0}.zip").as_deref(),
            Some("\u{05D0}.zip")
        );
    }
}
