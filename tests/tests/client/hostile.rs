//! Hostile servers: every operation against every way a server can misbehave (bad JSON,
//! huge or deeply nested bodies, HTML pages, wrong headers, resets, short bodies, stalls,
//! silence, redirect loops, odd envelopes), each case asserting the exact typed error or
//! the documented tolerant result within a wall-clock bound, never a panic or a hang; and
//! downloads cut at half way, and page walks against a server that ignores the paging.
//!
//! The matrix is [`cases`] × [`OPERATIONS`]; RELIABILITY.md ("## Client") describes it.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use codearts_client::catalogue::{self, Answer};
use codearts_client::{Client, Error, RetryPolicy, TimeLimit, Waiting};
use codegen::ir::{ScalarType, Success, TypeIr};
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::shapes;
use crate::support::{self, OPERATIONS, Raw, RawServer, client_builder, shortened, zip_head};

/// The matrix client's settings: short, so that a case that waits for a timeout is quick.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const READ_TIMEOUT: Duration = Duration::from_millis(500);
const TIMEOUT: Duration = Duration::from_millis(1500);
const MAX_BODY: usize = 64 * 1024;

/// What a case may take beyond its bound: scheduling on a loaded two-core machine, with
/// [`CONCURRENCY`] calls running at once. A hang is anything longer.
const MARGIN: Duration = Duration::from_secs(3);

/// How many calls of the matrix run at once: enough to overlap the waits, few enough that
/// a trivial call is not starved past the read timeout on a busy machine.
const CONCURRENCY: usize = 32;

/// The size of the oversized JSON bodies: a thousand times the limit, and far more than
/// the loopback socket buffers hold, so a server that could write it all was read in full.
const HUGE: usize = 64 * 1024 * 1024;
/// The size of the oversized archive: the JSON limit does not apply, so it is read whole.
const HUGE_ARCHIVE: usize = 2 * 1024 * 1024;
/// The piece the huge bodies are written in.
const PIECE: usize = 64 * 1024;

/// Nesting far past serde_json's recursion limit of 128, within [`MAX_BODY`].
const DEPTH: usize = 20_000;

/// What is at the download target before each download case; a failed download leaves it.
const PREVIOUS: &str = "the previous archive";

/// How an operation's success body is shaped, which decides how a hostile body fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Bytes, saved to a file.
    Archive,
    /// A bare JSON array of objects.
    Array,
    /// A bare JSON object.
    Object,
    /// A bare JSON object the service may leave out (a documented 204 with a body).
    MaybeObject,
    /// A bare JSON object of free keys, each value an object.
    Map,
    /// A bare JSON boolean (the `true` some pages answer with).
    Boolean,
    /// An envelope whose `result` is an array of objects.
    EnvelopeArray,
    /// An envelope whose `result` is an object.
    EnvelopeObject,
    /// An envelope whose `result` is a string.
    EnvelopeText,
    /// A bare JSON array of strings.
    Strings,
    /// No body that matters (a 204): whatever arrives is read within the limits and
    /// dropped.
    Empty,
}

/// The kind of `operation`'s success, read from the spec.
fn kind(operation: &str) -> Kind {
    let op = shapes::operation(operation);
    let model = |t: &TypeIr| matches!(t, TypeIr::Model(_));
    let text = |t: &TypeIr| *t == TypeIr::Scalar(ScalarType::String);
    match &op.success {
        Success::None => Kind::Empty,
        Success::Binary => Kind::Archive,
        Success::Json(TypeIr::Array(item)) if text(item) => Kind::Strings,
        Success::Envelope(t) if text(t) => Kind::EnvelopeText,
        Success::Json(TypeIr::Array(item)) if model(item) => Kind::Array,
        Success::Json(TypeIr::Model(_)) => Kind::Object,
        Success::MaybeJson(TypeIr::Model(_)) => Kind::MaybeObject,
        Success::Json(TypeIr::Map(item)) if model(item) => Kind::Map,
        Success::Json(TypeIr::Scalar(ScalarType::Boolean)) => Kind::Boolean,
        Success::Envelope(TypeIr::Array(item)) if model(item) => Kind::EnvelopeArray,
        Success::Envelope(TypeIr::Model(_)) => Kind::EnvelopeObject,
        other => panic!(
            "{operation}: the matrix has no expectations for a success of {other:?}; give \
             hostile::Kind a variant for it"
        ),
    }
}

/// The model of `operation`'s success, or of one item of it.
fn model(operation: &str) -> &'static str {
    let mut ty = match &shapes::operation(operation).success {
        Success::Json(t) | Success::MaybeJson(t) | Success::Envelope(t) => t,
        Success::Binary | Success::None => panic!("{operation} answers no JSON"),
    };
    while let TypeIr::Array(item) | TypeIr::Map(item) = ty {
        ty = item;
    }
    match ty {
        TypeIr::Model(name) => name,
        other => panic!("{operation}: {other:?} is no model"),
    }
}

/// A success body of each kind, and what the call returns for it.
fn valid(kind: Kind) -> String {
    match kind {
        Kind::Archive => "PK\u{3}\u{4} archive".to_owned(),
        Kind::Array => "[{}]".to_owned(),
        Kind::Object | Kind::MaybeObject | Kind::Map => "{}".to_owned(),
        Kind::Boolean => "true".to_owned(),
        Kind::EnvelopeArray => r#"{"error":null,"result":[{}],"status":"success"}"#.to_owned(),
        Kind::EnvelopeObject => r#"{"error":null,"result":{},"status":"success"}"#.to_owned(),
        Kind::EnvelopeText => r#"{"error":null,"result":"ok","status":"success"}"#.to_owned(),
        Kind::Strings => r#"["a"]"#.to_owned(),
        // Not empty, so that a body cut short is one.
        Kind::Empty => "{}".to_owned(),
    }
}

fn valid_value(kind: Kind) -> Value {
    match kind {
        Kind::Archive => json!(valid(kind).len()),
        Kind::Array | Kind::EnvelopeArray => json!([{}]),
        Kind::EnvelopeObject | Kind::Object | Kind::MaybeObject | Kind::Map => json!({}),
        Kind::Boolean => json!(true),
        Kind::EnvelopeText => json!("ok"),
        Kind::Strings => json!(["a"]),
        Kind::Empty => Value::Null,
    }
}

/// What a call whose body does not decode returns instead of `Error::Decode`: a download
/// saves the body whole, and an operation without a documented body drops it.
fn undecoded(kind: Kind) -> Option<Expect> {
    match kind {
        Kind::Archive => Some(Expect::Saved),
        Kind::Empty => Some(Expect::Ok(Value::Null)),
        _ => None,
    }
}

/// A body of `operation` whose first string field (of its item, for a list) holds an
/// integer; for a model without a string field, an integer in place of the object.
fn wrong_types(operation: &str) -> String {
    let kind = kind(operation);
    match kind {
        Kind::Archive | Kind::Empty => return valid(kind),
        Kind::Boolean => return r#""true""#.to_owned(),
        Kind::Strings => return "[7]".to_owned(),
        Kind::EnvelopeText => return enveloped(kind, "7"),
        _ => {}
    }
    let object = match shapes::text_field(model(operation)) {
        Some(field) => json!({ field: 7 }).to_string(),
        None => "7".to_owned(),
    };
    match kind {
        Kind::Archive | Kind::EnvelopeObject | Kind::Object | Kind::MaybeObject => {
            enveloped(kind, &object)
        }
        Kind::Array | Kind::EnvelopeArray => enveloped(kind, &format!("[{object}]")),
        Kind::Map => format!(r#"{{"k":{object}}}"#),
        Kind::Boolean | Kind::Strings | Kind::EnvelopeText | Kind::Empty => {
            unreachable!("answered above")
        }
    }
}

/// What [`wrong_types`] fails with.
fn wrong_types_message(operation: &str) -> String {
    let kind = kind(operation);
    match kind {
        Kind::Boolean => return r#"invalid type: string "true", expected a boolean"#.to_owned(),
        Kind::Strings => return "invalid type: integer `7`, expected a string".to_owned(),
        Kind::EnvelopeText => {
            return "result: invalid type: integer `7`, expected a string".to_owned();
        }
        _ => {}
    }
    let within = match kind {
        Kind::EnvelopeArray | Kind::EnvelopeObject => "result: ",
        _ => "",
    };
    match shapes::text_field(model(operation)) {
        Some(_) => format!("{within}invalid type: integer `7`, expected a string"),
        None => format!("{within}invalid type: integer `7`, expected a JSON object"),
    }
}

/// An envelope around `result`, `error` and `status` (raw JSON text each); the bare
/// `result` for the array kind, which has no envelope.
fn enveloped(kind: Kind, result: &str) -> String {
    match kind {
        Kind::EnvelopeArray | Kind::EnvelopeObject | Kind::EnvelopeText => {
            format!(r#"{{"error":null,"result":{result},"status":"success"}}"#)
        }
        _ => result.to_owned(),
    }
}

fn nested() -> String {
    format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH))
}

/// The outcome a case expects of one operation.
#[derive(Debug)]
enum Expect {
    /// Success with this value (a download: the number of bytes saved).
    Ok(Value),
    /// Success, or `Error::Decode` of the HTTP 200 answer: which depends on the fields of
    /// the operation's model (an envelope read as a bare object).
    OkOrDecode,
    /// A download saved the whole body of [`Serve::Body`].
    Saved,
    /// `Error::Decode` of the HTTP 200 answer, whose message contains this.
    Decode(String),
    /// `Error::TooLarge` of the HTTP 200 answer at `ClientBuilder::max_body_size`, with
    /// this announced length.
    TooLarge(Option<u64>),
    /// `Error::Api` with this status, no error code, and an excerpt starting with this.
    Api(u16, String),
    /// `Error::Envelope` with this status, code and message.
    Envelope(Option<&'static str>, Option<&'static str>, Option<String>),
    /// `Error::Transport` whose message is `<operation>: <this>`, after one attempt.
    Transport(&'static str),
    /// `Error::Timeout` waiting for this, when this limit ran out, after one attempt.
    Timeout(Waiting, TimeLimit),
}

/// How the server misbehaves.
enum Serve {
    /// wiremock answers every request with this status, `Content-Type` and body (made
    /// for the kind and name of the operation asked for).
    Body(u16, &'static str, fn(Kind, &str) -> String),
    /// wiremock redirects every request to its own path: a loop.
    Redirect,
    /// wiremock redirects to a server on another port, which must see no connection.
    RedirectToOtherPort,
    /// A raw TCP server plays this script after reading the request head.
    Raw(fn(Kind) -> Vec<Raw>),
}

/// What the server must have seen once the call is over.
#[derive(Clone, Copy)]
enum Saw {
    /// Nothing to check beyond the call's outcome.
    Anything,
    /// wiremock received exactly this many requests.
    Requests(usize),
    /// The raw server wrote less than half of this many bytes before the client closed the
    /// connection: the client stopped reading at its limit. (A download is sent a body of
    /// [`HUGE_ARCHIVE`] bytes, and reads all of it: its `Expect::Ok` says so.)
    ClosedEarly(usize),
    /// The other port of [`Serve::RedirectToOtherPort`] had no connection.
    OtherPortUntouched,
}

struct Case {
    name: &'static str,
    serve: Serve,
    /// What the operation (of this kind and name) must end in.
    expect: fn(Kind, &str) -> Expect,
    /// The longest the client is configured to take for this case, before [`MARGIN`].
    bound: fn(Kind) -> Duration,
    saw: Saw,
}

fn instant(_: Kind) -> Duration {
    Duration::ZERO
}

fn read_timeout(_: Kind) -> Duration {
    READ_TIMEOUT
}

/// Every JSON operation fails to decode with `message`; a download saves the body whole.
fn decode_or_saved(kind: Kind, message: &str) -> Expect {
    undecoded(kind).unwrap_or_else(|| Expect::Decode(message.to_owned()))
}

/// A response head; `length` `None` sends the body chunked.
fn head(status: &str, headers: &str, length: Option<usize>) -> Raw {
    let framing = match length {
        Some(length) => format!("Content-Length: {length}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".to_owned(),
    };
    Raw::Send(
        format!("HTTP/1.1 {status}\r\n{headers}{framing}Connection: close\r\n\r\n").into_bytes(),
    )
}

fn json_head(length: usize) -> Raw {
    head("200 OK", "Content-Type: application/json\r\n", Some(length))
}

/// Silence for far longer than any timeout of the client.
fn stall() -> Raw {
    Raw::Pause(Duration::from_secs(10))
}

/// The pause between two bytes of a drip-fed body: well within the read timeout.
const DRIP: Duration = Duration::from_millis(150);

/// One byte every [`DRIP`].
fn drip(body: &[u8]) -> Vec<Raw> {
    body.iter()
        .flat_map(|&byte| [Raw::Send(vec![byte]), Raw::Pause(DRIP)])
        .collect()
}

/// `total` bytes of `byte`, in chunks when `chunked`.
fn huge_body(total: usize, byte: u8, chunked: bool) -> Vec<Raw> {
    let piece = vec![byte; PIECE];
    if chunked {
        let mut framed = format!("{PIECE:x}\r\n").into_bytes();
        framed.extend_from_slice(&piece);
        framed.extend_from_slice(b"\r\n");
        vec![
            Raw::SendRepeated(framed, total / PIECE),
            Raw::Send(b"0\r\n\r\n".to_vec()),
        ]
    } else {
        vec![Raw::SendRepeated(piece, total / PIECE)]
    }
}

fn huge_size(kind: Kind) -> usize {
    if kind == Kind::Archive {
        HUGE_ARCHIVE
    } else {
        HUGE
    }
}

const HTML: &str = "<html><head><title>Sign in</title></head><body>gateway</body></html>";

/// The matrix: every misbehaviour RELIABILITY.md lists, each against every operation.
fn cases() -> Vec<Case> {
    vec![
        // Bodies that are not the documented JSON.
        Case {
            name: "malformed-json",
            serve: Serve::Body(200, "application/json", |k, _| match k {
                Kind::Object | Kind::MaybeObject => r#"{"x":"r""#.into(),
                Kind::Map => r#"{"k":{"x":"r""#.into(),
                Kind::Boolean => "tru".into(),
                _ => enveloped(k, r#"[{"x":"r""#),
            }),
            expect: |k, _| match k {
                Kind::Array => Expect::Decode("EOF while parsing an object".into()),
                // The first item is an object, refused before its end.
                Kind::Strings => Expect::Decode("invalid type: map, expected a string".into()),
                _ => decode_or_saved(k, "EOF while parsing"),
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "wrong-json-types",
            serve: Serve::Body(200, "application/json", |_, op| wrong_types(op)),
            expect: |k, op| undecoded(k).unwrap_or_else(|| Expect::Decode(wrong_types_message(op))),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "null-body",
            serve: Serve::Body(200, "application/json", |_, _| "null".into()),
            expect: |k, _| match k {
                Kind::Archive | Kind::Empty => undecoded(k).unwrap(),
                Kind::Array | Kind::Strings => {
                    Expect::Decode("invalid type: null, expected a sequence".into())
                }
                Kind::Map => Expect::Decode("invalid type: null, expected a map".into()),
                Kind::Boolean => Expect::Decode("invalid type: null, expected a boolean".into()),
                // A documented object is a JSON object, not `null` or an array.
                _ => Expect::Decode("invalid type: null, expected a JSON object".into()),
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "null-item-or-result",
            serve: Serve::Body(200, "application/json", |k, _| match k {
                Kind::Archive
                | Kind::Array
                | Kind::Object
                | Kind::MaybeObject
                | Kind::Strings
                | Kind::Empty => "[null]".into(),
                Kind::Map => r#"{"k":null}"#.into(),
                Kind::Boolean => "[null]".into(),
                _ => r#"{"error":null,"result":null,"status":"success"}"#.into(),
            }),
            expect: |k, _| match k {
                Kind::Archive | Kind::Empty => undecoded(k).unwrap(),
                Kind::Array | Kind::Map => {
                    Expect::Decode("invalid type: null, expected a JSON object".into())
                }
                Kind::Strings => Expect::Decode("invalid type: null, expected a string".into()),
                Kind::Boolean => {
                    Expect::Decode("invalid type: sequence, expected a boolean".into())
                }
                Kind::Object | Kind::MaybeObject => {
                    Expect::Decode("invalid type: sequence, expected a JSON object".into())
                }
                _ => Expect::Decode("envelope has no result".into()),
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "empty-body",
            serve: Serve::Body(200, "application/json", |_, _| String::new()),
            expect: |k, _| match k {
                // No content is the documented absence of the body.
                Kind::MaybeObject => Expect::Ok(Value::Null),
                _ => decode_or_saved(k, "EOF while parsing a value at line 1 column 0"),
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "huge-body-announced",
            serve: Serve::Raw(|k| {
                let mut script = vec![json_head(huge_size(k))];
                script.extend(huge_body(huge_size(k), b' ', false));
                script
            }),
            expect: |k, _| match k {
                Kind::Archive => Expect::Ok(json!(HUGE_ARCHIVE)),
                _ => Expect::TooLarge(Some(HUGE as u64)),
            },
            bound: instant,
            saw: Saw::ClosedEarly(HUGE),
        },
        Case {
            name: "huge-body-chunked",
            serve: Serve::Raw(|k| {
                let mut script = vec![head("200 OK", "Content-Type: application/json\r\n", None)];
                script.extend(huge_body(huge_size(k), b' ', true));
                script
            }),
            expect: |k, _| match k {
                Kind::Archive => Expect::Ok(json!(HUGE_ARCHIVE)),
                _ => Expect::TooLarge(None),
            },
            bound: instant,
            saw: Saw::ClosedEarly(HUGE),
        },
        Case {
            name: "deeply-nested-json",
            serve: Serve::Body(200, "application/json", |k, _| enveloped(k, &nested())),
            expect: |k, _| match k {
                Kind::Archive | Kind::Empty => undecoded(k).unwrap(),
                // Items are objects or strings: the decoder refuses the second `[` long
                // before any recursion limit.
                Kind::Strings => Expect::Decode("invalid type: sequence, expected a string".into()),
                Kind::EnvelopeText => {
                    Expect::Decode("result: invalid type: sequence, expected a string".into())
                }
                Kind::Array | Kind::Object | Kind::MaybeObject => {
                    Expect::Decode("invalid type: sequence, expected a JSON object".into())
                }
                Kind::Map => Expect::Decode("invalid type: sequence, expected a map".into()),
                Kind::Boolean => {
                    Expect::Decode("invalid type: sequence, expected a boolean".into())
                }
                Kind::EnvelopeArray | Kind::EnvelopeObject => {
                    Expect::Decode("result: invalid type: sequence, expected a JSON object".into())
                }
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "deeply-nested-unknown-field",
            serve: Serve::Body(200, "application/json", |k, _| match k {
                Kind::EnvelopeObject | Kind::Object | Kind::MaybeObject => {
                    enveloped(k, &format!(r#"{{"x":{}}}"#, nested()))
                }
                Kind::Map => format!(r#"{{"k":{{"x":{}}}}}"#, nested()),
                // A scalar has no fields to skip: the answer is the value itself.
                Kind::Boolean | Kind::Strings | Kind::EnvelopeText => valid(k),
                _ => enveloped(k, &format!(r#"[{{"x":{}}}]"#, nested())),
            }),
            // Unknown fields are skipped without recursion: tolerated at any depth.
            expect: |k, _| match k {
                Kind::Archive | Kind::Empty => undecoded(k).unwrap(),
                Kind::Map => Expect::Ok(json!({ "k": {} })),
                _ => Expect::Ok(valid_value(k)),
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "deeply-nested-error-body",
            serve: Serve::Body(500, "application/json", |_, _| nested()),
            expect: |_, _| Expect::Api(500, "[[[[".into()),
            bound: instant,
            saw: Saw::Requests(1),
        },
        // HTML where JSON was expected, and headers that lie.
        Case {
            name: "html-200",
            serve: Serve::Body(200, "text/html", |_, _| HTML.into()),
            expect: |k, _| decode_or_saved(k, "expected value at line 1 column 1"),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "html-401",
            serve: Serve::Body(401, "text/html", |_, _| HTML.into()),
            expect: |_, _| Expect::Api(401, HTML.into()),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "html-500",
            serve: Serve::Body(500, "text/html", |_, _| HTML.into()),
            expect: |_, _| Expect::Api(500, HTML.into()),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "no-content-type",
            serve: Serve::Raw(|k| {
                let body = valid(k);
                vec![
                    head("200 OK", "", Some(body.len())),
                    Raw::Send(body.into_bytes()),
                ]
            }),
            expect: |k, _| Expect::Ok(valid_value(k)),
            bound: instant,
            saw: Saw::Anything,
        },
        Case {
            name: "wrong-content-type",
            serve: Serve::Body(200, "text/html; charset=utf-8", |k, _| valid(k)),
            expect: |k, _| Expect::Ok(valid_value(k)),
            bound: instant,
            saw: Saw::Requests(1),
        },
        // The connection misbehaves.
        Case {
            name: "reset-mid-body",
            serve: Serve::Raw(|k| {
                let body = valid(k).into_bytes();
                vec![
                    json_head(body.len()),
                    Raw::Send(body[..body.len() / 2].to_vec()),
                    // Time to read the head and the half, so that the reset cuts the body.
                    Raw::Pause(Duration::from_millis(100)),
                    Raw::Reset,
                ]
            }),
            expect: |_, _| Expect::Transport("the response body could not be read in full"),
            bound: instant,
            saw: Saw::Anything,
        },
        Case {
            name: "short-body",
            serve: Serve::Raw(|k| {
                let body = valid(k).into_bytes();
                vec![
                    json_head(body.len()),
                    Raw::Send(body[..body.len() / 2].to_vec()),
                ]
            }),
            expect: |_, _| Expect::Transport("the response body could not be read in full"),
            bound: instant,
            saw: Saw::Anything,
        },
        Case {
            name: "stall-after-headers",
            serve: Serve::Raw(|k| vec![json_head(valid(k).len()), stall()]),
            expect: |_, _| Expect::Timeout(Waiting::Body, TimeLimit::Read),
            bound: read_timeout,
            saw: Saw::Anything,
        },
        Case {
            name: "stall-mid-body",
            serve: Serve::Raw(|k| {
                let body = valid(k).into_bytes();
                vec![
                    json_head(body.len()),
                    Raw::Send(body[..body.len() / 2].to_vec()),
                    stall(),
                ]
            }),
            expect: |_, _| Expect::Timeout(Waiting::Body, TimeLimit::Read),
            bound: read_timeout,
            saw: Saw::Anything,
        },
        Case {
            name: "accepts-never-answers",
            serve: Serve::Raw(|_| vec![stall()]),
            expect: |_, _| Expect::Timeout(Waiting::Response, TimeLimit::Read),
            bound: read_timeout,
            saw: Saw::Anything,
        },
        Case {
            name: "drip-fed-body",
            serve: Serve::Raw(|k| {
                // JSON bodies are led by spaces, so that dripping them outlasts the
                // overall timeout.
                let body = match k {
                    Kind::Archive => valid(k),
                    _ => format!("{:>16}", valid(k)),
                }
                .into_bytes();
                let mut script = vec![json_head(body.len())];
                script.extend(drip(&body));
                script
            }),
            // Each byte comes well within the read timeout: JSON calls end at the overall
            // timeout; a download, which has none, is a slow but steady transfer.
            expect: |k, _| match k {
                Kind::Archive => Expect::Ok(valid_value(k)),
                _ => Expect::Timeout(Waiting::Body, TimeLimit::Overall),
            },
            bound: |k| match k {
                Kind::Archive => DRIP * valid(k).len() as u32,
                _ => TIMEOUT,
            },
            saw: Saw::Anything,
        },
        Case {
            name: "drip-fed-error-body",
            serve: Serve::Raw(|_| {
                let body = vec![b'e'; 64];
                let mut script = vec![head("500 Internal Server Error", "", Some(body.len()))];
                script.extend(drip(&body));
                script
            }),
            // The status is the news: the error body is read for at most the overall
            // timeout, downloads included, and what arrived is kept.
            expect: |_, _| Expect::Api(500, "eeee".into()),
            bound: |_| TIMEOUT,
            saw: Saw::Anything,
        },
        Case {
            name: "huge-error-body",
            serve: Serve::Raw(|_| {
                let mut script = vec![head("500 Internal Server Error", "", None)];
                script.extend(huge_body(HUGE, b'x', true));
                script
            }),
            expect: |_, _| Expect::Api(500, "x".repeat(512) + "…"),
            bound: instant,
            saw: Saw::ClosedEarly(HUGE),
        },
        Case {
            name: "bad-content-length",
            serve: Serve::Raw(|_| {
                vec![Raw::Send(
                    b"HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n[]".to_vec(),
                )]
            }),
            expect: |_, _| Expect::Transport("the HTTP request failed"),
            bound: instant,
            saw: Saw::Anything,
        },
        Case {
            name: "header-flood",
            serve: Serve::Raw(|_| {
                let mut flood = b"HTTP/1.1 200 OK\r\n".to_vec();
                flood
                    .extend((0..20_000).flat_map(|i| format!("X-Flood-{i}: {i}\r\n").into_bytes()));
                flood.extend_from_slice(b"Content-Length: 2\r\n\r\n[]");
                vec![Raw::Send(flood)]
            }),
            expect: |_, _| Expect::Transport("the HTTP request failed"),
            bound: instant,
            saw: Saw::Anything,
        },
        Case {
            name: "not-http",
            serve: Serve::Raw(|_| vec![Raw::Send(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec())]),
            expect: |_, _| Expect::Transport("the HTTP request failed"),
            bound: instant,
            saw: Saw::Anything,
        },
        // Redirects.
        Case {
            name: "redirect-loop",
            serve: Serve::Redirect,
            expect: |_, _| Expect::Transport("the service redirected too often"),
            bound: instant,
            // The request and 10 redirects, reqwest's default limit.
            saw: Saw::Requests(11),
        },
        Case {
            name: "redirect-to-other-port",
            serve: Serve::RedirectToOtherPort,
            expect: |_, _| Expect::Api(302, String::new()),
            bound: instant,
            saw: Saw::OtherPortUntouched,
        },
        // Envelopes that contradict themselves or the documentation.
        Case {
            name: "envelope-failed-with-200",
            serve: Serve::Body(200, "application/json", |k, _| match k {
                Kind::EnvelopeArray => r#"{"error":null,"result":[{}],"status":"failed"}"#.into(),
                _ => r#"{"error":null,"result":{},"status":"failed"}"#.into(),
            }),
            expect: |k, _| envelope_or(k, Expect::Envelope(Some("failed"), None, None)),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "envelope-error-with-result",
            serve: Serve::Body(200, "application/json", |_, _| {
                r#"{"error":{"code":"CH.1","message":"boom"},"result":{},"status":"success"}"#
                    .into()
            }),
            expect: |k, _| {
                envelope_or(
                    k,
                    Expect::Envelope(Some("success"), Some("CH.1"), Some("boom".into())),
                )
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "envelope-unknown-status",
            serve: Serve::Body(200, "application/json", |k, _| {
                valid(k).replace("success", "pending")
            }),
            expect: |k, _| undecoded(k).unwrap_or_else(|| Expect::Ok(valid_value(k))),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "envelope-unknown-status-no-result",
            serve: Serve::Body(200, "application/json", |_, _| {
                r#"{"status":"FAILED"}"#.into()
            }),
            expect: |k, _| envelope_or(k, Expect::Decode("envelope has no result".into())),
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "envelope-status-not-a-string",
            serve: Serve::Body(200, "application/json", |_, _| {
                r#"{"result":{},"status":404}"#.into()
            }),
            expect: |k, _| {
                envelope_or(
                    k,
                    Expect::Decode("invalid type: integer `404`, expected a string".into()),
                )
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
        Case {
            name: "envelope-deeply-nested-error",
            serve: Serve::Body(200, "application/json", |_, _| {
                format!(r#"{{"error":{},"status":"failed"}}"#, nested())
            }),
            expect: |k, _| {
                // serde_json's recursion limit stops the error's parse: its start is kept.
                let start = format!("{}…", "[".repeat(512));
                envelope_or(k, Expect::Envelope(Some("failed"), None, Some(start)))
            },
            bound: instant,
            saw: Saw::Requests(1),
        },
    ]
}

/// `envelope` for the envelope kinds; an object where an array was expected for a bare
/// list; a download saves the body whole, and an operation without a body drops it.
fn envelope_or(kind: Kind, envelope: Expect) -> Expect {
    match kind {
        Kind::Archive | Kind::Empty => undecoded(kind).unwrap(),
        Kind::Array | Kind::Strings => {
            Expect::Decode("invalid type: map, expected a sequence".into())
        }
        // A bare object reads an envelope as the model it is documented as: its members
        // are unknown fields (skipped) or the model's own, as the model has them.
        Kind::Object | Kind::MaybeObject => Expect::OkOrDecode,
        // A map reads the envelope's members as its entries, which may or may not be
        // objects of its value model.
        Kind::Map => Expect::OkOrDecode,
        Kind::Boolean => Expect::Decode("invalid type: map, expected a boolean".into()),
        Kind::EnvelopeArray | Kind::EnvelopeObject | Kind::EnvelopeText => envelope,
    }
}

/// A client for `uri` with the matrix's timeouts, body limit and no retries, so that every
/// outcome is one attempt's.
fn hostile_client(uri: &str, timeout: Duration) -> Client {
    client_builder(uri)
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .timeout(timeout)
        .max_body_size(MAX_BODY)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// The operation a request path belongs to.
fn operation_of(target: &str) -> &'static str {
    &shapes::operation_of(target).name
}

/// Calls `operation`; a download is saved over a file holding [`PREVIOUS`] in `dir`, and
/// returns the number of bytes saved.
async fn call(client: &Client, operation: &str, dir: &Path) -> Result<Value, Error> {
    if kind(operation) != Kind::Archive {
        return support::call(client, operation).await;
    }
    let target = dir.join("archive.zip");
    fs::write(&target, PREVIOUS).unwrap();
    let answer = catalogue::call(client, operation, &[])
        .await
        .expect("the operation is in the catalogue")?;
    let Answer::Binary(download) = answer else {
        panic!("{operation}: a binary success gives a binary answer");
    };
    let saved = download.save_to(&target).await?;
    Ok(json!(saved.bytes))
}

/// `Ok` when `result` is what `expect` says.
fn check(operation: &str, expect: &Expect, result: &Result<Value, Error>) -> Result<(), String> {
    let matches = match (expect, result) {
        (Expect::Ok(expected), Ok(actual)) => expected == actual,
        (Expect::OkOrDecode, Ok(_)) => true,
        (Expect::OkOrDecode, Err(Error::Decode { status, .. })) => *status == 200,
        (
            Expect::Decode(fragment),
            Err(Error::Decode {
                status, message, ..
            }),
        ) => *status == 200 && message.contains(fragment.as_str()),
        (
            Expect::TooLarge(length),
            Err(Error::TooLarge {
                status,
                limit,
                length: announced,
                setting,
                ..
            }),
        ) => {
            (*status, *limit, announced, *setting)
                == (200, MAX_BODY as u64, length, "ClientBuilder::max_body_size")
        }
        (Expect::Api(status, excerpt), Err(Error::Api(api))) => {
            api.status == *status
                && api.error_code.is_none()
                && api.attempts == 1
                && api.body_excerpt.starts_with(excerpt.as_str())
        }
        (
            Expect::Envelope(status, code, message),
            Err(Error::Envelope {
                status: actual_status,
                code: actual_code,
                message: actual_message,
                ..
            }),
        ) => {
            actual_status.as_deref() == *status
                && actual_code.as_deref() == *code
                && match (message, actual_message) {
                    (None, None) => true,
                    (Some(expected), Some(actual)) => actual == expected,
                    _ => false,
                }
        }
        (Expect::Transport(summary), Err(error @ Error::Transport { attempts: 1, .. })) => {
            error.to_string() == format!("{operation}: {summary}")
        }
        (
            Expect::Timeout(waiting, limit),
            Err(
                error @ Error::Timeout {
                    waiting: actual_waiting,
                    limit: actual_limit,
                    attempts: 1,
                    ..
                },
            ),
        ) => {
            (actual_waiting, actual_limit) == (waiting, limit)
                && error.to_string() == format!("{operation}: {waiting}")
                && error.is_timeout()
        }
        _ => false,
    };
    if matches {
        Ok(())
    } else {
        Err(format!(
            "expected {expect:?}, got {}",
            shortened(&result.as_ref().map_err(|e| (e.to_string(), e)))
        ))
    }
}

/// After a download case: the target holds the new archive, or still the previous one, and
/// no temporary file is left.
fn check_target(dir: &Path, result: &Result<Value, Error>) -> Result<(), String> {
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    if names != ["archive.zip"] {
        return Err(format!(
            "the directory holds {names:?}, not just archive.zip"
        ));
    }
    let saved = fs::read(dir.join("archive.zip")).unwrap();
    match result {
        Ok(bytes) if Some(saved.len() as u64) != bytes.as_u64() => {
            Err(format!("the file holds {} bytes, not {bytes}", saved.len()))
        }
        Err(_) if saved != PREVIOUS.as_bytes() => {
            Err("a failed download changed the file at the target".to_owned())
        }
        _ => Ok(()),
    }
}

/// A wiremock server answering every request through `responder`.
async fn mock(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// The servers of one case, shared by every operation: each answers by the request path.
enum Servers {
    Mock(MockServer),
    Raw(RawServer),
    /// The redirecting server, and the one on another port.
    Redirect(MockServer, RawServer),
}

impl Servers {
    async fn start(serve: &Serve) -> Servers {
        match *serve {
            Serve::Body(status, content_type, body) => Servers::Mock(
                mock(move |request: &Request| {
                    let operation = operation_of(request.url.path());
                    let body = body(kind(operation), operation);
                    ResponseTemplate::new(status).set_body_raw(body, content_type)
                })
                .await,
            ),
            Serve::Redirect => Servers::Mock(
                mock(|request: &Request| {
                    // Back to where it came from: a loop for every operation.
                    ResponseTemplate::new(302).insert_header("Location", request.url.path())
                })
                .await,
            ),
            Serve::RedirectToOtherPort => {
                let target = RawServer::start_with(|target| {
                    let body = valid(kind(operation_of(target)));
                    vec![json_head(body.len()), Raw::Send(body.into_bytes())]
                })
                .await;
                let origin = target.uri.clone();
                let server = mock(move |request: &Request| {
                    let location = format!("{origin}{}", request.url.path());
                    ResponseTemplate::new(302).insert_header("Location", location)
                })
                .await;
                Servers::Redirect(server, target)
            }
            Serve::Raw(script) => Servers::Raw(
                RawServer::start_with(move |target| script(kind(operation_of(target)))).await,
            ),
        }
    }

    fn uri(&self) -> String {
        match self {
            Servers::Mock(server) | Servers::Redirect(server, _) => server.uri(),
            Servers::Raw(server) => server.uri.clone(),
        }
    }

    /// `Ok` when what the server saw of `operation` is what `saw` says.
    async fn check(&self, saw: Saw, operation: &str) -> Result<(), String> {
        match (saw, self) {
            (Saw::Anything, _) => Ok(()),
            (Saw::Requests(expected), Servers::Mock(server)) => {
                let requests = server.received_requests().await.unwrap();
                let mine = requests
                    .iter()
                    .filter(|request| operation_of(request.url.path()) == operation)
                    .count();
                if mine == expected {
                    Ok(())
                } else {
                    Err(format!("the server got {mine} requests, not {expected}"))
                }
            }
            (Saw::ClosedEarly(total), Servers::Raw(server)) => {
                if !server.wait_until_ended(Duration::from_secs(5)).await {
                    return Err("a connection is still open".to_owned());
                }
                let sent: usize = server
                    .log()
                    .iter()
                    // A connection closed before its request head arrived (a pooled or
                    // retried connection the client gave up on) carried no request and
                    // was sent nothing.
                    .filter(|connection| !connection.target.is_empty())
                    .filter(|connection| operation_of(&connection.target) == operation)
                    .map(|connection| connection.sent)
                    .sum();
                if sent >= total / 2 {
                    return Err(format!(
                        "the server wrote {sent} of {total} bytes: the client read past its limit"
                    ));
                }
                Ok(())
            }
            (Saw::OtherPortUntouched, Servers::Redirect(_, target)) => match target.connections() {
                0 => Ok(()),
                n => Err(format!("the other port got {n} connections")),
            },
            _ => panic!("the check does not fit the case's server"),
        }
    }
}

/// Runs one case against one operation; `Err` says what went wrong.
async fn run(
    case: &Case,
    servers: &Servers,
    client: &Client,
    operation: &str,
) -> Result<(), String> {
    let kind = kind(operation);
    let expect = match (case.expect)(kind, operation) {
        Expect::Saved => match case.serve {
            Serve::Body(_, _, body) => Expect::Ok(json!(body(kind, operation).len())),
            _ => panic!("Expect::Saved needs Serve::Body"),
        },
        expect => expect,
    };
    let dir = tempfile::tempdir().unwrap();
    let limit = (case.bound)(kind) + MARGIN;

    let started = Instant::now();
    let Ok(result) = tokio::time::timeout(limit, call(client, operation, dir.path())).await else {
        return Err(format!("still running after {limit:?}"));
    };
    let elapsed = started.elapsed();
    check(operation, &expect, &result)?;
    if kind == Kind::Archive {
        check_target(dir.path(), &result)?;
    }
    servers.check(case.saw, operation).await?;
    // The guard above already failed hangs; this is the bound itself.
    if elapsed > limit {
        return Err(format!("took {elapsed:?}, more than {limit:?}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_survives_every_misbehaviour() {
    let cases = cases();
    // Servers first, then clients (building one loads the TLS roots: tens of milliseconds
    // of CPU, kept out of the timed calls), then every case on every operation at once.
    let mut servers = Vec::new();
    for case in &cases {
        servers.push(Servers::start(&case.serve).await);
    }
    let builds = cases.iter().zip(&servers).map(|(case, servers)| {
        let uri = servers.uri();
        // A redirect loop is eleven exchanges under one overall timeout; on a loaded
        // machine they need more than the matrix's 1.5 s to reach reqwest's limit.
        let timeout = if matches!(case.serve, Serve::Redirect) {
            TIMEOUT * 4
        } else {
            TIMEOUT
        };
        tokio::task::spawn_blocking(move || hostile_client(&uri, timeout))
    });
    let clients: Vec<Client> = futures_util::future::try_join_all(builds).await.unwrap();
    let mut runs: Vec<_> = cases
        .iter()
        .zip(&servers)
        .zip(&clients)
        .flat_map(|((case, servers), client)| {
            OPERATIONS
                .iter()
                .map(move |operation| (case, servers, client, *operation))
        })
        .collect();
    // The longest first: they mostly wait, and the short ones fill in around them.
    runs.sort_by_key(|(case, _, _, operation)| std::cmp::Reverse((case.bound)(kind(operation))));
    let total = runs.len();
    let failures: Vec<String> = stream::iter(runs)
        .map(|(case, servers, client, operation)| async move {
            run(case, servers, client, operation)
                .await
                .err()
                .map(|why| format!("{} × {operation}: {why}", case.name))
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_matrix_covers_every_required_misbehaviour() {
    let names: Vec<&str> = cases().iter().map(|case| case.name).collect();
    for required in [
        "malformed-json",
        "wrong-json-types",
        "null-body",
        "empty-body",
        "huge-body-announced",
        "huge-body-chunked",
        "deeply-nested-json",
        "html-200",
        "html-401",
        "html-500",
        "no-content-type",
        "wrong-content-type",
        "reset-mid-body",
        "short-body",
        "stall-after-headers",
        "accepts-never-answers",
        "redirect-loop",
        "redirect-to-other-port",
        "envelope-failed-with-200",
        "envelope-error-with-result",
        "envelope-unknown-status",
    ] {
        assert!(names.contains(&required), "no case `{required}`");
    }
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "case names are unique");
    for operation in OPERATIONS {
        kind(operation);
    }
}

/// An archive download cut at half way, by a stall or by a reset: an error within the read
/// timeout, nothing at the target, no temporary file, and a file already at the target
/// keeps its bytes.
#[tokio::test]
async fn a_download_cut_at_half_way_leaves_nothing_behind() {
    const LEN: usize = 200_000;
    let body: Vec<u8> = (0..LEN).map(|i| (i % 251) as u8).collect();
    let cuts = [
        (stall(), "timed out reading the response body"),
        (Raw::Reset, "the response body could not be read in full"),
    ];
    for (cut, expected) in cuts {
        let server = RawServer::start(vec![
            zip_head(LEN),
            Raw::Send(body[..LEN / 2].to_vec()),
            // Time for the half to arrive before the cut.
            Raw::Pause(Duration::from_millis(100)),
            cut.clone(),
        ])
        .await;
        let client = hostile_client(&server.uri, TIMEOUT);
        for previous in [None, Some(PREVIOUS)] {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("repo.zip");
            if let Some(previous) = previous {
                fs::write(&target, previous).unwrap();
            }
            let mut progress = Vec::new();
            let download = support::start_download(&client).await.unwrap();
            let save = download.save_to_with_progress(&target, |p| progress.push(p.bytes));
            let result = tokio::time::timeout(READ_TIMEOUT + MARGIN, save)
                .await
                .unwrap_or_else(|_| panic!("{cut:?}: the save hangs"));
            let error = result.unwrap_err();
            let kind_matches = match cut {
                Raw::Reset => matches!(error, Error::Transport { .. }),
                _ => matches!(
                    error,
                    Error::Timeout {
                        waiting: Waiting::Body,
                        limit: TimeLimit::Read,
                        ..
                    }
                ),
            };
            assert!(kind_matches, "{cut:?}: {error:?}");
            assert_eq!(
                error.to_string(),
                format!("{}: {expected}", support::download_operation())
            );
            let most = progress.last().copied().unwrap_or(0);
            assert!(most <= LEN as u64 / 2, "{cut:?}: {progress:?}");
            if matches!(cut, Raw::Pause(_)) {
                assert_eq!(most, LEN as u64 / 2, "the half arrived before the stall");
            }
            let names: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            match previous {
                None => assert!(names.is_empty(), "{cut:?}: {names:?}"),
                Some(previous) => {
                    assert_eq!(names, ["repo.zip"], "{cut:?}: no temporary file");
                    assert_eq!(fs::read_to_string(&target).unwrap(), previous);
                }
            }
        }
    }
}
