//! The wire side of a call, as data and pure functions.
//!
//! Generated operations describe a request as [`RequestParts`]; the functions here turn it
//! into a URL and headers, and turn a response body into a value or an [`Error`]. None of
//! them does I/O (that is [`Client`](crate::Client)'s job), so every rule about encoding and
//! decoding is unit-tested without a server.

use bytes::{Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde::de::{DeserializeOwned, MapAccess};
use serde_json::value::RawValue;

use crate::Service;
use crate::check::{Constraint, Failure, render_str};
use crate::de::{self, FromObject};
use crate::error::{ApiError, Error, Violations};
use crate::scrub::{scrub, scrub_owned};

/// One request of an operation, as generated code describes it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct RequestParts {
    /// The operation's name, e.g. `list_project_repositories`; every error carries it.
    pub operation: &'static str,
    /// The service whose endpoint the path is appended to.
    pub service: Service,
    pub method: reqwest::Method,
    /// Whether sending the request twice does what sending it once does. When not, an
    /// attempt is repeated only if the request cannot have reached the service.
    pub idempotent: bool,
    /// Already percent-encoded (see [`encode_path_segment`]), starting with `/`, and
    /// appended to the endpoint's own path, so `http://host/proxy` keeps `/proxy`.
    pub path: String,
    /// Raw values, form-encoded here (and in signing order when the request is signed).
    pub query: Vec<(&'static str, String)>,
    /// Header parameters other than the token.
    pub headers: Vec<(&'static str, String)>,
    /// The ways the operation accepts credentials, as the spec declares them; the client
    /// uses the one that takes what it holds. Empty: the operation takes none.
    pub auth: &'static [crate::AuthScheme],
    /// The statuses the API documents for the operation.
    pub responses: &'static [ResponseSpec],
    /// The request body, already encoded; `None` sends none.
    pub body: Option<RequestBody>,
}

/// A request body as it goes out: its bytes and their media type, which is sent as
/// `Content-Type` and, like the bytes, covered by an AK/SK signature.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestBody {
    pub content_type: &'static str,
    pub bytes: Bytes,
}

impl RequestBody {
    /// `value` as JSON, sent as `content_type`: fields in the order the model declares
    /// them, unset optional fields left out (the models skip them), so the same request is
    /// always the same bytes.
    pub fn json<T: serde::Serialize + ?Sized>(
        value: &T,
        content_type: &'static str,
    ) -> RequestBody {
        // The generated request types are strings, numbers, booleans, sequences and
        // structs with string keys: nothing that serde_json can refuse to write.
        let bytes = serde_json::to_vec(value).expect("a request body always serializes");
        RequestBody {
            content_type,
            bytes: Bytes::from(bytes),
        }
    }
}

/// A documented status of an operation and what its body holds.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseSpec {
    pub status: u16,
    pub body: BodyKind,
}

/// What a documented response body holds.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// Nothing worth reading.
    None,
    /// A file, such as an archive.
    Binary,
    /// A JSON object.
    Json,
    /// A JSON array.
    JsonArray,
    /// `{error, result, status}`, where `result` is the value.
    Envelope,
    /// `{error_code, error_msg}`.
    Error,
}

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value for use as one path segment: `/`, `?`, `#`, `%` and spaces are
/// encoded, so a value can never add segments, a query or a fragment to the path.
#[doc(hidden)]
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Header values that `http` accepts: no control characters but tab, no DEL. Stated as a
/// pattern so that a rejected header reads like any other broken constraint.
pub(crate) const HEADER_VALUE_PATTERN: &str = r"^[^\x00-\x08\x0A-\x1F\x7F]*$";

/// RFC 9110 token characters, which is what header names may be made of.
const HEADER_NAME_PATTERN: &str = r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/// A path segment that URL parsers leave alone: `.` and `..` are not sent as written but
/// remove themselves and the segment before them, so `repository_uuid = ".."` would call
/// another operation. Percent-encoding cannot help (`%2E` is treated the same way).
const PATH_SEGMENT_PATTERN: &str = r"^(?:[^.].*|\.[^.].*|\.\..+)?$";

/// The request URL: the endpoint's path, then the operation's path, then the query.
pub(crate) fn request_url(endpoint: &Url, parts: &RequestParts) -> Result<Url, Error> {
    let mut violations = Violations::new(parts.operation);
    // One pass over the segments, as this runs on every call. `.` and `..` would be
    // resolved away by the URL parser; an empty value would silently address another
    // resource (`/v2/repositories/` instead of `/v2/repositories/{uuid}`).
    let mut empty = false;
    for (i, segment) in parts.path.split('/').enumerate() {
        match segment {
            "." | ".." => violations.push_failures(
                "path segment",
                vec![Failure {
                    constraint: Constraint::Pattern(PATH_SEGMENT_PATTERN),
                    value: format!("{segment:?}"),
                }],
            ),
            "" if i > 0 => empty = true,
            _ => {}
        }
    }
    if empty {
        violations.push_failures(
            "path segment",
            vec![Failure {
                constraint: Constraint::MinLength(1),
                value: "\"\"".to_owned(),
            }],
        );
    }
    violations.finish()?;

    let mut url = endpoint.clone();
    let base = endpoint.path().trim_end_matches('/');
    let mut path = String::with_capacity(base.len() + 1 + parts.path.len());
    path.push_str(base);
    if !parts.path.starts_with('/') {
        path.push('/');
    }
    path.push_str(&parts.path);
    url.set_path(&path);
    if !parts.query.is_empty() {
        url.set_query(Some(&query_text(&parts.query)));
    }
    // `http::Uri` cannot hold a longer URL, so reqwest would fail to build the request;
    // say so as an invalid request instead of a transport failure.
    if url.as_str().len() > MAX_URL_LENGTH {
        violations = Violations::new(parts.operation);
        violations.push_failures(
            "request URL",
            vec![Failure {
                constraint: Constraint::MaxLength(MAX_URL_LENGTH as u64),
                value: format!("<{} characters>", url.as_str().len()),
            }],
        );
        violations.finish()?;
    }
    Ok(url)
}

/// The query as sent: `name=value` pairs in the parameters' order, joined by `&`, each side
/// percent-encoded as the official SDK encodes it (everything but RFC 3986 unreserved
/// characters, so a space is `%20` and `~` stays `~`), the same bytes a signed request
/// sends for each pair.
fn query_text(query: &[(&'static str, String)]) -> String {
    // Sized for the pairs as they are: values are mostly unreserved characters, and
    // growing the string as it went cost more than the encoding (BENCHMARKS.md, 3).
    let raw: usize = query.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut text = String::with_capacity(raw + raw / 2);
    for (i, (name, value)) in query.iter().enumerate() {
        if i > 0 {
            text.push('&');
        }
        text.extend(utf8_percent_encode(name, PATH_SEGMENT));
        text.push('=');
        text.extend(utf8_percent_encode(value, PATH_SEGMENT));
    }
    text
}

/// The longest URL `http::Uri` accepts.
pub(crate) const MAX_URL_LENGTH: usize = 65_534;

/// The request headers: the header parameters, then the token header (name and token) when
/// the call carries one. A value that cannot be sent is reported with every other one, and
/// redacted, since headers often carry secrets.
pub(crate) fn request_headers(
    parts: &RequestParts,
    token: Option<(&'static str, &str)>,
) -> Result<HeaderMap, Error> {
    let mut violations = Violations::new(parts.operation);
    let mut headers = HeaderMap::new();
    let params = parts
        .headers
        .iter()
        .map(|(name, value)| (*name, value.as_str(), false));
    let auth = token.map(|(name, token)| (name, token, true));
    for (name, value, is_token) in params.chain(auth) {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            violations.push_failures(
                name,
                vec![Failure {
                    constraint: Constraint::Pattern(HEADER_NAME_PATTERN),
                    value: format!("{name:?}"),
                }],
            );
            continue;
        };
        match HeaderValue::from_str(value) {
            Ok(mut header_value) => {
                // Keeps the token out of HTTP/2 header compression tables and `Debug` output.
                header_value.set_sensitive(is_token);
                headers.append(header_name, header_value);
            }
            Err(_) => violations.push_failures(
                name,
                vec![Failure {
                    constraint: Constraint::Pattern(HEADER_VALUE_PATTERN),
                    value: render_str(value, true),
                }],
            ),
        }
    }
    violations.finish()?;
    if let Some(body) = &parts.body {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(body.content_type));
    }
    Ok(headers)
}

/// How many bytes of a body an error keeps.
const EXCERPT_BYTES: usize = 512;

/// The start of a body for an error message: at most [`EXCERPT_BYTES`] bytes cut on a
/// character boundary, `…` when cut, and `secret` replaced wherever the body echoes it
/// ([`scrub`]).
pub(crate) fn excerpt(body: &[u8], secret: &str) -> String {
    // Only the start is kept, but a secret that starts there and ends past the cut must
    // still be recognised: the window reaches as far as its longest JSON-escaped form (six
    // bytes for each of its bytes), and a few bytes more for a character cut in two.
    let window = body
        .len()
        .min(EXCERPT_BYTES + 4 + secret.len().saturating_mul(6));
    let raw = String::from_utf8_lossy(&body[..window]);
    let text = scrub(&raw, secret);
    if window == body.len() && text.len() <= EXCERPT_BYTES {
        return text.into_owned();
    }
    let cut = text.floor_char_boundary(EXCERPT_BYTES.min(text.len()));
    let mut short = text[..cut].to_owned();
    short.push('…');
    short
}

/// The most a body's buffer is sized by its announced length before the bytes arrive. The
/// announcement is the server's word, not its bytes: answers that each announce 16 MiB and
/// send two bytes would otherwise reserve 16 MiB apiece. Past this, the buffer grows as the
/// bytes come, doubling, so a body that is as large as announced is copied a few times
/// more, and one that is not costs no more memory than it holds.
const MAX_PRESIZE: usize = 256 * 1024;

/// A response body as its chunks arrive. A body that arrives in one chunk, as a small
/// JSON page does, is kept as that chunk; only a second chunk starts a buffer that joins
/// them. Copying every body into a buffer cost each call a pass over cold memory, which
/// showed in the loopback benchmark (BENCHMARKS.md, benchmark 4).
#[derive(Debug, Default)]
pub(crate) struct Body {
    first: Bytes,
    joined: Option<BytesMut>,
}

impl Body {
    /// The bytes so far.
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.joined.as_deref().unwrap_or(&self.first)
    }

    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Appends a chunk; `expected` (the announced length, if any) sizes the buffer once a
    /// second chunk needs one, up to [`MAX_PRESIZE`] bytes.
    pub(crate) fn push(&mut self, chunk: Bytes, expected: Option<u64>) {
        if let Some(joined) = &mut self.joined {
            joined.extend_from_slice(&chunk);
        } else if self.first.is_empty() {
            self.first = chunk;
        } else if !chunk.is_empty() {
            let needed = self.first.len() + chunk.len();
            let announced = expected.map_or(needed, |n| usize::try_from(n).unwrap_or(needed));
            let mut joined = BytesMut::with_capacity(announced.min(MAX_PRESIZE).max(needed));
            joined.extend_from_slice(&self.first);
            joined.extend_from_slice(&chunk);
            self.first = Bytes::new();
            self.joined = Some(joined);
        }
    }

    /// The whole body.
    pub(crate) fn finish(self) -> Bytes {
        self.joined.map_or(self.first, BytesMut::freeze)
    }
}

/// A decoded 2xx body that holds JSON (an object or an array, as `T` says).
pub(crate) fn decode_json<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<T, Error> {
    serde_json::from_slice(without_bom(body))
        .map_err(|e| decode_error(operation, status, e.to_string(), body, secret))
}

/// Decodes a JSON body the service may leave out: a body of nothing but JSON whitespace
/// (what a 204 leaves) is `None`; anything else must decode as `T`.
pub(crate) fn decode_json_or_empty<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<Option<T>, Error> {
    let blank = without_bom(body)
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if blank {
        return Ok(None);
    }
    decode_json(operation, status, body, secret).map(Some)
}

/// The body without a UTF-8 byte order mark, which some servers put before JSON and which
/// RFC 8259 lets a parser ignore (serde_json does not).
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default, borrow)]
    error: Option<&'a RawValue>,
    #[serde(default, borrow)]
    result: Option<&'a RawValue>,
    #[serde(default)]
    status: Option<String>,
}

// An envelope is a JSON object: serde's derive alone would also read `[error, result,
// status]` by position.
impl<'de> FromObject<'de> for Envelope<'de> {
    fn from_entries<A: MapAccess<'de>>(entries: A) -> Result<Self, A::Error> {
        de::entries(entries)
    }
}

/// A decoded `{error, result, status}` body: its `result` when it reports success.
///
/// Failure is `status: "failed"` or any non-null `error`, whatever the HTTP status said.
/// Other `status` strings are accepted, since the documentation does not list them all.
/// The envelope is read before `result` is decoded, so a failure is reported as one even
/// when its `result` has an unexpected shape.
pub(crate) fn decode_envelope<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<T, Error> {
    let result = envelope_result(operation, status, body, secret)?;
    decode_result(operation, status, result, body, secret)
}

/// The decoded `result` of an envelope, whose JSON text is `result` within `body`.
pub(crate) fn decode_result<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    result: &str,
    body: &[u8],
    secret: &str,
) -> Result<T, Error> {
    serde_json::from_str(result)
        .map_err(|e| decode_error(operation, status, format!("result: {e}"), body, secret))
}

/// The JSON text of the `result` of an `{error, result, status}` body that reports success
/// (see [`decode_envelope`]).
pub(crate) fn envelope_result<'b>(
    operation: &'static str,
    status: u16,
    body: &'b [u8],
    secret: &str,
) -> Result<&'b str, Error> {
    let fail = |message: String| decode_error(operation, status, message, body, secret);
    let text = std::str::from_utf8(without_bom(body))
        .map_err(|e| fail(format!("body is not UTF-8: {e}")))?;
    let mut reader = serde_json::Deserializer::from_str(text);
    let envelope: Envelope<'_> = de::object(&mut reader)
        .and_then(|envelope| reader.end().map(|()| envelope))
        .map_err(|e| fail(e.to_string()))?;
    // A JSON `null` arrives as `None`: `Option` takes it before `RawValue` sees it.
    let error = envelope.error;
    if envelope.status.as_deref() == Some("failed") || error.is_some() {
        let (code, message) = error.map_or((None, None), |raw| envelope_error(raw.get()));
        let (code, message) = (
            code.map(|c| scrub_owned(c, secret)),
            message.map(|m| scrub_owned(m, secret)),
        );
        return Err(Error::Envelope {
            operation,
            status: envelope.status.map(|s| scrub_owned(s, secret)),
            code,
            message,
        });
    }
    match envelope.result {
        None => Err(fail("envelope has no result".to_owned())),
        Some(raw) => Ok(raw.get()),
    }
}

/// The code and message of an envelope's `error`: a string is the message; an object gives
/// its `code` and `message`; anything else (or an object with neither) is kept whole as the
/// message, so that nothing the service said is lost.
fn envelope_error(raw: &str) -> (Option<String>, Option<String>) {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::String(message)) => (None, Some(message)),
        Ok(serde_json::Value::Object(object)) => {
            let code = scalar_member(&object, "code");
            let message = scalar_member(&object, "message");
            if code.is_none() && message.is_none() {
                (None, Some(serde_json::Value::Object(object).to_string()))
            } else {
                (code, message)
            }
        }
        Ok(other) => (None, Some(other.to_string())),
        // Nested deeper than serde_json's recursion limit (128): `RawValue` skipped it
        // without recursing, a `Value` cannot hold it. It is garbage, possibly as large as
        // the body; its start is enough to recognise it.
        Err(_) => (None, Some(excerpt(raw.as_bytes(), ""))),
    }
}

/// A string member, or an integer one as decimal text (codes are sometimes numbers).
fn scalar_member(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<String> {
    match object.get(name)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

fn decode_error(
    operation: &'static str,
    status: u16,
    message: String,
    body: &[u8],
    secret: &str,
) -> Error {
    Error::Decode {
        operation,
        status,
        // The decoder quotes what it could not read, which can be an echoed secret.
        message: scrub_owned(message, secret),
        body_excerpt: excerpt(body, secret),
    }
}

/// The error for a non-2xx response.
///
/// The documented error body is `{error_code, error_msg}`, but gateways answer with HTML or
/// nothing, and some services with `{code, message}` or an envelope; each is read as far as
/// it goes, and the excerpt keeps the rest.
pub(crate) fn api_error(
    operation: &'static str,
    status: u16,
    request_id: Option<String>,
    responses: &[ResponseSpec],
    body: &[u8],
    secret: &str,
) -> ApiError {
    let (error_code, error_msg) = error_body(body);
    let (error_code, error_msg) = (
        error_code.map(|c| scrub_owned(c, secret)),
        error_msg.map(|m| scrub_owned(m, secret)),
    );
    ApiError {
        operation,
        status,
        error_code,
        error_msg,
        request_id: request_id.map(|id| scrub_owned(id, secret)),
        documented: responses.iter().any(|r| r.status == status),
        body_excerpt: excerpt(body, secret),
        attempts: 1,
    }
}

fn error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(serde_json::Value::Object(object)) =
        serde_json::from_slice::<serde_json::Value>(without_bom(body))
    else {
        return (None, None);
    };
    let code = scalar_member(&object, "error_code").or_else(|| scalar_member(&object, "code"));
    let msg = scalar_member(&object, "error_msg").or_else(|| scalar_member(&object, "message"));
    if code.is_some() || msg.is_some() {
        return (code, msg);
    }
    match object.get("error") {
        Some(serde_json::Value::Object(error)) => (
            scalar_member(error, "code"),
            scalar_member(error, "message"),
        ),
        Some(serde_json::Value::String(message)) => (None, Some(message.clone())),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_in_one_chunk_is_that_chunk() {
        let chunk = Bytes::from_static(b"{\"total\": 0}");
        let mut body = Body::default();
        assert_eq!(body.len(), 0);
        body.push(Bytes::new(), Some(12));
        body.push(chunk.clone(), Some(12));
        body.push(Bytes::new(), Some(12));
        assert_eq!(body.as_slice(), b"{\"total\": 0}");
        let whole = body.finish();
        assert_eq!(whole.as_ptr(), chunk.as_ptr(), "no copy was made");
        assert!(Body::default().finish().is_empty());
    }

    #[test]
    fn chunks_are_joined_in_order() {
        let mut body = Body::default();
        for (i, part) in ["ab", "", "cde", "f"].into_iter().enumerate() {
            body.push(Bytes::from(part), if i == 0 { None } else { Some(2) });
        }
        assert_eq!(body.len(), 6);
        assert_eq!(body.as_slice(), b"abcdef");
        assert_eq!(&body.finish()[..], b"abcdef");
        // The announced length sizes the buffer when it is larger, up to a bound.
        let mut body = Body::default();
        body.push(Bytes::from("ab"), Some(100));
        body.push(Bytes::from("cd"), Some(100));
        assert!(body.joined.as_ref().is_some_and(|b| b.capacity() >= 100));
        assert_eq!(body.as_slice(), b"abcd");
        let mut body = Body::default();
        body.push(Bytes::from("ab"), Some(16 * 1024 * 1024));
        body.push(Bytes::from("cd"), Some(16 * 1024 * 1024));
        let capacity = body.joined.as_ref().map(BytesMut::capacity);
        assert!(
            capacity.is_some_and(|c| (4..=MAX_PRESIZE).contains(&c)),
            "{capacity:?}"
        );
    }

    #[test]
    fn a_body_that_may_be_empty_is_none_only_when_blank() {
        let decode = |body: &[u8]| {
            decode_json_or_empty::<serde_json::Value>("op", 204, body, "secret")
                .map_err(|e| e.to_string())
        };
        for blank in [&b""[..], b" \r\n\t", b"\xEF\xBB\xBF"] {
            assert_eq!(decode(blank), Ok(None), "{blank:?}");
        }
        assert_eq!(
            decode(br#"{"status":"success"}"#),
            Ok(Some(serde_json::json!({ "status": "success" })))
        );
        // Form feed is no JSON whitespace, and `null` is a value, not an absence.
        assert!(decode(b"\x0c").is_err());
        assert_eq!(decode(b"null"), Ok(Some(serde_json::Value::Null)));
        assert!(decode(b"{").is_err());
    }

    fn parts(path: &str) -> RequestParts {
        RequestParts {
            operation: "list_project_repositories",
            service: crate::testing::FIRST,
            method: reqwest::Method::GET,
            idempotent: true,
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            auth: &[],
            responses: &[],
            body: None,
        }
    }

    #[test]
    fn path_segments_encode_everything_but_unreserved() {
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(
            encode_path_segment("+&=;:@!$'()*,"),
            "%2B%26%3D%3B%3A%40%21%24%27%28%29%2A%2C"
        );
        assert_eq!(encode_path_segment("仓"), "%E4%BB%93");
        assert_eq!(encode_path_segment(""), "");
    }

    #[test]
    fn url_keeps_the_endpoint_base_path() {
        let endpoint = Url::parse("http://127.0.0.1:8080/proxy/").unwrap();
        let mut p = parts(&format!(
            "/v4/projects/{}/repositories",
            encode_path_segment("a/b c")
        ));
        p.query = vec![("search", "a b&c=d".into()), ("limit", "50".into())];
        let url = request_url(&endpoint, &p).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/proxy/v4/projects/a%2Fb%20c/repositories?search=a%20b%26c%3Dd&limit=50"
        );

        let bare = Url::parse("https://codehub-ext.cn-north-4.myhuaweicloud.com").unwrap();
        let url = request_url(&bare, &parts("/v2/repositories/x")).unwrap();
        assert_eq!(
            url.as_str(),
            "https://codehub-ext.cn-north-4.myhuaweicloud.com/v2/repositories/x"
        );
    }

    #[test]
    fn queries_are_encoded_as_the_official_sdk_encodes_them() {
        let endpoint = Url::parse("https://example.com").unwrap();
        let mut p = parts("/v2/x");
        p.query = vec![
            ("search", "a b+c~d*e/仓".into()),
            ("empty", String::new()),
            ("a b", "1".into()),
        ];
        let url = request_url(&endpoint, &p).unwrap();
        assert_eq!(
            url.query(),
            Some("search=a%20b%2Bc~d%2Ae%2F%E4%BB%93&empty=&a%20b=1")
        );
        // The same bytes per pair as the signed form, in the parameters' order.
        assert_eq!(
            crate::signing::canonical_query(&[("search", "a b+c~d*e/仓")]),
            "search=a%20b%2Bc~d%2Ae%2F%E4%BB%93"
        );
    }

    #[test]
    fn url_rejects_dot_segments() {
        let endpoint = Url::parse("https://example.com").unwrap();
        let path = format!("/v2/repositories/{}", encode_path_segment(".."));
        let error = request_url(&endpoint, &parts(&path)).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "invalid request for list_project_repositories: `path segment` must be a string matching {PATH_SEGMENT_PATTERN}, got \"..\""
            )
        );
        // Dots inside a segment are ordinary characters.
        assert!(request_url(&endpoint, &parts("/v2/repositories/...")).is_ok());
        assert!(request_url(&endpoint, &parts("/v2/repositories/.git")).is_ok());
    }

    #[test]
    fn url_rejects_empty_path_values() {
        let endpoint = Url::parse("https://example.com").unwrap();
        let error = request_url(&endpoint, &parts("/v2/repositories/")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request for list_project_repositories: `path segment` must be at least 1 character long, got \"\""
        );
        assert!(request_url(&endpoint, &parts("/v2//repositories")).is_err());
    }

    #[test]
    fn url_longer_than_a_uri_can_hold_is_an_invalid_request() {
        let endpoint = Url::parse("https://example.com").unwrap();
        let mut p = parts("/v4/repositories/1/repository/archive");
        let fixed = request_url(&endpoint, &p).unwrap().as_str().len() + "?path=".len();
        p.query = vec![("path", "a".repeat(MAX_URL_LENGTH - fixed))];
        assert_eq!(
            request_url(&endpoint, &p).unwrap().as_str().len(),
            MAX_URL_LENGTH
        );
        p.query = vec![("path", "a".repeat(MAX_URL_LENGTH - fixed + 1))];
        let error = request_url(&endpoint, &p).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "invalid request for list_project_repositories: `request URL` must be at most 65534 characters long, got <{} characters>",
                MAX_URL_LENGTH + 1
            )
        );
    }

    #[test]
    fn path_segment_pattern_says_what_is_checked() {
        let regex = regex::Regex::new(PATH_SEGMENT_PATTERN).unwrap();
        for ok in ["", "a", ".a", "..a", "...", "a.."] {
            assert!(regex.is_match(ok), "{ok:?}");
        }
        for bad in [".", ".."] {
            assert!(!regex.is_match(bad), "{bad:?}");
        }
    }

    #[test]
    fn headers_carry_parameters_and_the_token() {
        let mut p = parts("/");
        p.headers = vec![("X-Language", "en-us".into())];
        let headers = request_headers(&p, Some(("X-Auth-Token", "tok-123"))).unwrap();
        assert_eq!(headers["x-language"], "en-us");
        assert_eq!(headers["x-auth-token"], "tok-123");
        assert!(headers["x-auth-token"].is_sensitive());
        assert!(!headers["x-language"].is_sensitive());
        assert!(
            !request_headers(&p, None)
                .unwrap()
                .contains_key("x-auth-token")
        );
    }

    #[test]
    fn invalid_header_values_are_named_and_redacted() {
        let mut p = parts("/");
        p.headers = vec![("X-Language", "en\r\nX-Evil: 1".into())];
        let error = request_headers(&p, Some(("X-Auth-Token", "secret\ntoken"))).unwrap_err();
        let text = error.to_string();
        assert_eq!(
            text,
            format!(
                "invalid request for list_project_repositories: \
                 `X-Language` must be a string matching {HEADER_VALUE_PATTERN}, got <redacted, 13 characters>; \
                 `X-Auth-Token` must be a string matching {HEADER_VALUE_PATTERN}, got <redacted, 12 characters>"
            )
        );
        assert!(!text.contains("secret") && !text.contains("Evil"));
    }

    #[test]
    fn header_value_pattern_agrees_with_http() {
        let regex = regex::Regex::new(HEADER_VALUE_PATTERN).unwrap();
        for value in [
            "plain",
            "tab\there",
            "unicodé",
            "",
            "a\rb",
            "a\nb",
            "nul\0",
            "del\x7f",
            "\x1f",
        ] {
            assert_eq!(
                regex.is_match(value),
                HeaderValue::from_str(value).is_ok(),
                "{value:?}"
            );
        }
    }

    #[test]
    fn header_name_pattern_agrees_with_http() {
        let regex = regex::Regex::new(HEADER_NAME_PATTERN).unwrap();
        for name in ["X-Auth-Token", "x_y", "a.b", "", "a b", "a:b", "é"] {
            assert_eq!(
                regex.is_match(name),
                HeaderName::from_bytes(name.as_bytes()).is_ok(),
                "{name:?}"
            );
        }
    }

    #[test]
    fn excerpts_are_bounded_on_char_boundaries() {
        assert_eq!(excerpt(b"short", ""), "short");
        let exact = "a".repeat(EXCERPT_BYTES);
        assert_eq!(excerpt(exact.as_bytes(), ""), exact);
        // 511 ASCII bytes then a 3-byte character straddling the limit.
        let body = format!("{}仓tail", "a".repeat(EXCERPT_BYTES - 1));
        assert_eq!(
            excerpt(body.as_bytes(), ""),
            format!("{}…", "a".repeat(EXCERPT_BYTES - 1))
        );
        assert_eq!(excerpt(b"\xff\xfe", ""), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn excerpts_scrub_the_token() {
        let token = "MIIabcdefgh-token";
        let body = format!("{{\"echo\":\"{token}\"}}");
        assert_eq!(excerpt(body.as_bytes(), token), "{\"echo\":\"<redacted>\"}");
        assert_eq!(excerpt(b"banana", "a"), "banana");
        // JSON-escaped, and straddling the cut.
        let escaped = "\\u004DIIabcdefgh-token";
        let body = format!("{{\"echo\":\"{escaped}\"}}");
        assert_eq!(excerpt(body.as_bytes(), token), "{\"echo\":\"<redacted>\"}");
        let body = format!("{}{token}", "a".repeat(EXCERPT_BYTES - 4));
        let shown = excerpt(body.as_bytes(), token);
        assert!(!shown.contains("MIIa"), "{shown}");
        assert!(shown.starts_with(&"a".repeat(EXCERPT_BYTES - 4)), "{shown}");
    }

    #[test]
    fn parsed_messages_scrub_the_token() {
        let token = "MIIabcdefgh-token";
        let body = format!(r#"{{"error_code":"{token}","error_msg":"bad token {token}"}}"#);
        let error = api_error("a", 401, None, &[], body.as_bytes(), token);
        assert_eq!(
            (error.error_code.as_deref(), error.error_msg.as_deref()),
            (Some("<redacted>"), Some("bad token <redacted>"))
        );
        let body = format!(r#"{{"error":"bad token {token}","status":"failed"}}"#);
        let error = decode_envelope::<Repo>("a", 200, body.as_bytes(), token).unwrap_err();
        assert!(!format!("{error} {error:?}").contains(token), "{error:?}");
    }

    /// Every place an error repeats what the network said, with the token echoed there,
    /// raw or JSON-escaped.
    #[test]
    fn echoed_secrets_are_scrubbed_wherever_errors_repeat_them() {
        let token = "MIIabcdefgh-token";
        let escaped = "\\u004DIIabcdefgh\\u002dtoken";
        for echo in [token, escaped] {
            let shown = |error: &Error| {
                let text = format!("{error} {error:?}");
                assert!(!text.contains("abcdefgh"), "{text}");
                text
            };
            // The decoder quotes the value it could not read: an id, a boolean, a result.
            let body = format!(r#"[{{"id":"{echo}"}}]"#);
            let error = decode_json::<Vec<Id>>("a", 200, body.as_bytes(), token).unwrap_err();
            assert!(shown(&error).contains("invalid type: string \"<redacted>\""));
            let body = format!(r#""{echo}""#);
            shown(&decode_json::<bool>("a", 200, body.as_bytes(), token).unwrap_err());
            let body = format!(r#"{{"result":{{"name":7,"x":"{echo}"}},"status":"{echo}"}}"#);
            shown(&decode_envelope::<Repo>("a", 200, body.as_bytes(), token).unwrap_err());
            let body = format!(r#"{{"result":["{echo}"]}}"#);
            shown(&decode_envelope::<Vec<bool>>("a", 200, body.as_bytes(), token).unwrap_err());
            // An envelope's status, and an API error's request id.
            let body = format!(r#"{{"result":null,"status":"failed {echo}"}}"#);
            let error = decode_envelope::<Repo>("a", 200, body.as_bytes(), token).unwrap_err();
            assert!(shown(&error).contains("failed <redacted>"));
            let error = api_error("a", 502, Some(format!("rid-{token}")), &[], b"", token);
            assert_eq!(error.request_id.as_deref(), Some("rid-<redacted>"));
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Id {
        id: i32,
    }

    #[test]
    fn an_envelope_is_an_object_not_an_array() {
        let message = decode_message(envelope(r#"[null,{"name":"a"},"success"]"#));
        assert!(message.contains("expected a JSON object"), "{message}");
        let message = decode_message(envelope(r#"{"result":{"name":"a"}} trailing"#));
        assert!(message.contains("trailing characters"), "{message}");
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let bom = |json: &str| [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat();
        let repos: Vec<Repo> = decode_json("list", 200, &bom(r#"[{"name":"a"}]"#), "").unwrap();
        assert_eq!(repos, [Repo { name: "a".into() }]);
        let repo: Repo =
            decode_envelope("show", 200, &bom(r#"{"result":{"name":"b"}}"#), "").unwrap();
        assert_eq!(repo.name, "b");
        let error = api_error("a", 401, None, &[], &bom(r#"{"error_code":"E1"}"#), "");
        assert_eq!(error.error_code.as_deref(), Some("E1"));
        // Only at the start, and only once.
        assert!(
            decode_json::<Vec<Repo>>(
                "list",
                200,
                &bom(&String::from_utf8(bom("[]")).unwrap()),
                ""
            )
            .is_err()
        );
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Repo {
        name: String,
    }

    fn envelope(body: &str) -> Result<Repo, Error> {
        decode_envelope("show_repository", 200, body.as_bytes(), "")
    }

    fn envelope_failure(body: &str) -> (Option<String>, Option<String>, Option<String>) {
        match envelope(body) {
            Err(Error::Envelope {
                operation: "show_repository",
                status,
                code,
                message,
            }) => (status, code, message),
            other => panic!("expected an envelope failure, got {other:?}"),
        }
    }

    fn decode_message(result: Result<Repo, Error>) -> String {
        match result {
            Err(Error::Decode {
                operation: "show_repository",
                status: 200,
                message,
                ..
            }) => message,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn envelope_success_returns_the_result() {
        let repo = Repo { name: "a".into() };
        assert_eq!(
            envelope(r#"{"result":{"name":"a"},"error":null,"status":"success"}"#).unwrap(),
            repo
        );
        assert_eq!(envelope(r#"{"result":{"name":"a"}}"#).unwrap(), repo);
        // Statuses other than "failed" are not failures.
        assert_eq!(
            envelope(r#"{"result":{"name":"a"},"status":"partially-ok"}"#).unwrap(),
            repo
        );
    }

    #[test]
    fn envelope_failure_rules() {
        assert_eq!(
            envelope_failure(r#"{"result":null,"status":"failed"}"#),
            (some("failed"), None, None)
        );
        assert_eq!(
            envelope_failure(
                r#"{"error":{"code":"CH.001404","message":"not found"},"status":"failed"}"#
            ),
            (some("failed"), some("CH.001404"), some("not found"))
        );
        // A non-null error is a failure even with status "success", and even when the
        // result does not have the documented shape.
        assert_eq!(
            envelope_failure(r#"{"error":"quota exceeded","status":"success","result":[1]}"#),
            (some("success"), None, some("quota exceeded"))
        );
        assert_eq!(
            envelope_failure(r#"{"error":{"code":42}}"#),
            (None, some("42"), None)
        );
        assert_eq!(
            envelope_failure(r#"{"error":[1, 2]}"#),
            (None, None, some("[1,2]"))
        );
        assert_eq!(
            envelope_failure(r#"{"error":{"detail":"x"}}"#),
            (None, None, some(r#"{"detail":"x"}"#))
        );
        assert_eq!(
            envelope_failure(r#"{"error":false}"#),
            (None, None, some("false"))
        );
    }

    #[test]
    fn nesting_past_the_recursion_limit_is_an_error_not_a_stack_overflow() {
        let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        // Into any type, even one that takes any depth: serde_json stops at 128 levels.
        let error = decode_json::<serde_json::Value>("list", 200, deep(100_000).as_bytes(), "")
            .unwrap_err();
        let Error::Decode { message, .. } = &error else {
            panic!("{error:?}")
        };
        assert!(message.starts_with("recursion limit exceeded"), "{message}");
        // An envelope's error that deep: still a failure, its text cut to an excerpt.
        let body = format!(r#"{{"error":{},"status":"failed"}}"#, deep(100_000));
        let (status, code, message) = envelope_failure(&body);
        assert_eq!((status, code), (some("failed"), None));
        assert_eq!(message.unwrap(), format!("{}…", "[".repeat(EXCERPT_BYTES)));
        // Unknown fields are skipped without recursion: no depth is too deep for them.
        let body = format!(r#"{{"result":{{"name":"a","x":{}}}}}"#, deep(100_000));
        assert_eq!(envelope(&body).unwrap(), Repo { name: "a".into() });
    }

    #[test]
    fn envelope_decode_errors() {
        assert_eq!(
            decode_message(envelope(r#"{"status":"success"}"#)),
            "envelope has no result"
        );
        assert_eq!(
            decode_message(envelope(r#"{"result":null,"status":"success"}"#)),
            "envelope has no result"
        );
        assert!(
            decode_message(envelope(r#"{"result":{"name":1}}"#))
                .starts_with("result: invalid type: integer `1`")
        );
        assert!(
            decode_message(envelope("<html>")).starts_with("expected value at line 1 column 1")
        );
        assert!(
            decode_message(envelope(r#"{"status":7,"result":{"name":"a"}}"#))
                .contains("invalid type")
        );
        let Err(Error::Decode { body_excerpt, .. }) = envelope("not json") else {
            panic!()
        };
        assert_eq!(body_excerpt, "not json");
    }

    #[test]
    fn json_bodies() {
        let repos: Vec<Repo> = decode_json("list", 200, br#"[{"name":"a"}]"#, "").unwrap();
        assert_eq!(repos, [Repo { name: "a".into() }]);
        let error = decode_json::<Vec<Repo>>("list", 200, b"", "").unwrap_err();
        assert!(
            matches!(&error, Error::Decode { message, .. } if message.contains("EOF")),
            "{error:?}"
        );
    }

    const DOCUMENTED: &[ResponseSpec] = &[
        ResponseSpec {
            status: 200,
            body: BodyKind::Binary,
        },
        ResponseSpec {
            status: 401,
            body: BodyKind::Error,
        },
    ];

    #[test]
    fn api_errors_read_the_documented_body() {
        let body =
            br#"{"error_code":"DEV.00000003","error_msg":"Authentication information expired."}"#;
        let error = api_error(
            "download_archive",
            401,
            Some("rid".into()),
            DOCUMENTED,
            body,
            "",
        );
        assert_eq!(error.error_code.as_deref(), Some("DEV.00000003"));
        assert_eq!(
            error.error_msg.as_deref(),
            Some("Authentication information expired.")
        );
        assert_eq!(error.request_id.as_deref(), Some("rid"));
        assert!(error.documented);
        assert_eq!(error.body_excerpt, std::str::from_utf8(body).unwrap());
    }

    #[test]
    fn api_errors_tolerate_other_bodies() {
        let html = b"<html><body>502 Bad Gateway</body></html>";
        let error = api_error("download_archive", 502, None, DOCUMENTED, html, "");
        assert_eq!(
            (error.error_code, error.error_msg, error.documented),
            (None, None, false)
        );
        assert_eq!(
            error.body_excerpt,
            "<html><body>502 Bad Gateway</body></html>"
        );

        let error = api_error("download_archive", 403, None, DOCUMENTED, b"", "");
        assert_eq!(
            (
                error.error_code,
                error.error_msg,
                error.body_excerpt.as_str()
            ),
            (None, None, "")
        );

        let error = api_error(
            "a",
            400,
            None,
            DOCUMENTED,
            br#"{"code":"X","message":"m"}"#,
            "",
        );
        assert_eq!((error.error_code, error.error_msg), (some("X"), some("m")));

        let envelope = br#"{"error":{"code":"CH.1","message":"gone"},"status":"failed"}"#;
        let error = api_error("a", 404, None, DOCUMENTED, envelope, "");
        assert_eq!(
            (error.error_code, error.error_msg),
            (some("CH.1"), some("gone"))
        );

        let error = api_error("a", 500, None, DOCUMENTED, br#"["error_code"]"#, "");
        assert_eq!((error.error_code, error.error_msg), (None, None));
    }
}
