//! Every way a call can fail, as one [`Error`] type.
//!
//! Each message names the operation, so a log line is useful on its own; none of them
//! contains the client's token (rejected secrets are shown as `<redacted, N characters>`,
//! and the token is scrubbed from response excerpts).

use std::borrow::Cow;
use std::fmt;

use crate::check::{Constraint, Failure};

/// Returned by a constrained newtype's constructor; lists every broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintError {
    type_name: &'static str,
    failures: Vec<Failure>,
}

impl ConstraintError {
    /// `Ok` when `failures` is empty, else an error about the type `type_name`.
    #[doc(hidden)]
    pub fn check(type_name: &'static str, failures: Vec<Failure>) -> Result<(), ConstraintError> {
        if failures.is_empty() {
            Ok(())
        } else {
            Err(ConstraintError {
                type_name,
                failures,
            })
        }
    }

    /// The Rust name of the type whose value was rejected, e.g. `Limit`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Every constraint the value broke, in the order the spec lists them.
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: {}",
            self.type_name,
            Semicolons(&self.failures)
        )
    }
}

impl std::error::Error for ConstraintError {}

/// One broken constraint of one parameter of a call, or of one value in its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where the value is: a parameter's name as the API documents it (`limit`,
    /// `X-Auth-Token`), or the JSON path of a value in the body, from `body`
    /// (`body.sources[2].params.git_url`).
    pub parameter: Cow<'static, str>,
    /// The constraint that was broken.
    pub constraint: Constraint,
    /// The rejected value, rendered as in [`Failure::value`].
    pub value: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` must be {}, got {}",
            self.parameter, self.constraint, self.value
        )
    }
}

/// Collects the violations of one call, so that the caller hears about all of them at once.
#[doc(hidden)]
#[derive(Debug)]
#[must_use = "call `finish` to turn the collected violations into an error"]
pub struct Violations {
    operation: &'static str,
    list: Vec<Violation>,
}

impl Violations {
    pub fn new(operation: &'static str) -> Self {
        Violations {
            operation,
            list: Vec::new(),
        }
    }

    /// Records the failures of `result` against `parameter`; returns the checked value when
    /// it passed.
    pub fn check<T>(
        &mut self,
        parameter: &'static str,
        result: Result<T, ConstraintError>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push_failures(parameter, error.failures);
                None
            }
        }
    }

    /// Records the failures of `result` against the body value at `path()`, a JSON
    /// path made only when something failed (a body of many items that pass costs no
    /// text); returns the checked value when it passed.
    pub fn check_at<T>(
        &mut self,
        path: impl FnOnce() -> String,
        result: Result<T, ConstraintError>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push_failures(path(), error.failures);
                None
            }
        }
    }

    /// Records failures that did not come from a newtype's constructor.
    pub fn push_failures(
        &mut self,
        parameter: impl Into<Cow<'static, str>>,
        failures: Vec<Failure>,
    ) {
        let parameter = parameter.into();
        self.list.extend(
            failures
                .into_iter()
                .map(|Failure { constraint, value }| Violation {
                    parameter: parameter.clone(),
                    constraint,
                    value,
                }),
        );
    }

    /// `Ok(())` when nothing failed, else [`Error::InvalidRequest`] with every violation.
    pub fn finish(self) -> Result<(), Error> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidRequest {
                operation: self.operation,
                violations: self.list,
            })
        }
    }
}

/// Everything that can go wrong with a call.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request broke documented constraints; nothing was sent.
    #[error("invalid request for {operation}: {}", Semicolons(.violations))]
    InvalidRequest {
        /// The operation, e.g. `list_project_repositories`.
        operation: &'static str,
        /// Every broken constraint, in parameter order.
        violations: Vec<Violation>,
    },
    /// The service answered with a non-success status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// HTTP 200 whose envelope reports failure (`status: "failed"` or a non-null `error`).
    #[error("{operation}: the service reported failure{}", EnvelopeDetail { status, code, message })]
    Envelope {
        /// The operation, e.g. `show_file`.
        operation: &'static str,
        /// The envelope's `status`, e.g. `failed`.
        status: Option<String>,
        /// The envelope error's `code`.
        code: Option<String>,
        /// The envelope error's `message` (or the whole error, when it was not an object).
        message: Option<String>,
    },
    /// The body could not be decoded as documented; also a page walk
    /// ([`Items`](crate::Items)) that met a full page repeating an earlier one, because the
    /// service ignores the paging parameters.
    #[error(
        "{operation}: cannot decode the HTTP {status} response: {message} (body: {body_excerpt:?})"
    )]
    Decode {
        /// The operation, e.g. `list_project_repositories`.
        operation: &'static str,
        /// The HTTP status of the response.
        status: u16,
        /// What did not match, from the JSON decoder.
        message: String,
        /// The start of the body.
        body_excerpt: String,
    },
    /// A body was larger than the client reads into memory: a JSON answer over
    /// [`max_body_size`](crate::ClientBuilder::max_body_size), or a download read with
    /// [`BinaryResponse::bytes`](crate::BinaryResponse::bytes) over its limit. Refused as
    /// soon as the announced length or the bytes that arrived say so; not retried.
    #[error(
        "{operation}: the response body{} is larger than the limit of {limit} bytes (`{setting}`)",
        Announced(*.length)
    )]
    TooLarge {
        /// The operation, e.g. `list_project_repositories`.
        operation: &'static str,
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The length the service announced (`Content-Length`), when it did.
        length: Option<u64>,
        /// The setting that raises the limit, e.g. `ClientBuilder::max_body_size`.
        setting: &'static str,
        /// The start of the body, when any of it was read.
        body_excerpt: String,
    },
    /// The service took longer than a timeout allowed: no answer, or no end of the body,
    /// within the attempt's [`timeout`](crate::ClientBuilder::timeout), or a silence longer
    /// than the [`read_timeout`](crate::ClientBuilder::read_timeout). Retried like a
    /// transport failure while the answer has not been handed over. A connection not made
    /// within the [`connect_timeout`](crate::ClientBuilder::connect_timeout) is an
    /// [`Error::Transport`]; [`Error::is_timeout`] covers both.
    #[error("{operation}: {waiting}{}", AfterAttempts(*.attempts))]
    Timeout {
        /// The operation, e.g. `list_project_repositories`.
        operation: &'static str,
        /// What the call was waiting for.
        waiting: Waiting,
        /// Which timeout ran out.
        limit: TimeLimit,
        /// How many attempts the call made (see [`RetryPolicy`](crate::RetryPolicy)).
        attempts: u32,
    },
    /// Connection, connect timeout, TLS or other transport failure.
    ///
    /// The message says which (`timed out connecting to the service`, `the TLS handshake
    /// with the service failed`, ...); the reqwest error is the [`source`](std::error::Error::source).
    // The cause is left to `source()` rather than repeated here, so that reports that walk
    // the chain (anyhow, eyre) do not print it twice.
    #[error("{operation}: {}{}", transport_summary(.source), AfterAttempts(*.attempts))]
    Transport {
        /// The operation, e.g. `download_archive`.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// How many attempts the call made (see [`RetryPolicy`](crate::RetryPolicy)).
        attempts: u32,
    },
    /// A download could not be saved to a file: the directory is missing or not writable,
    /// the disk is full, or the body was cut short. Nothing was left at `path`, and a file
    /// that was there before is untouched.
    #[error("{operation}: cannot save the download to {path:?}: {}", io_summary(.source))]
    Io {
        /// The operation, e.g. `download_archive`.
        operation: &'static str,
        /// The file the download was to be saved as.
        path: std::path::PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The client could not be built (bad endpoint URL, missing region or token, ...).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The operation the error belongs to; `None` for [`Error::Config`].
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Envelope { operation, .. }
            | Error::Decode { operation, .. }
            | Error::TooLarge { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Io { operation, .. } => Some(operation),
            Error::Api(api) => Some(api.operation),
            Error::Config(_) => None,
        }
    }

    /// How many attempts the call made before it failed, for the errors that come from
    /// the network ([`Error::Api`], [`Error::Timeout`] and [`Error::Transport`]); `None`
    /// for the others.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api(api) => Some(api.attempts),
            Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// Whether a timeout ended the call: [`Error::Timeout`], or an [`Error::Transport`]
    /// whose connection was not made within the
    /// [`connect_timeout`](crate::ClientBuilder::connect_timeout).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// The same error, saying that the call made `attempts` attempts.
    pub(crate) fn with_attempts(mut self, made: u32) -> Self {
        match &mut self {
            Error::Api(api) => api.attempts = made,
            Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } => {
                *attempts = made;
            }
            _ => {}
        }
        self
    }
}

/// What a call was waiting for when a timeout ran out ([`Error::Timeout`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The status and headers of the answer.
    Response,
    /// More of the body, after the status and headers had arrived.
    Body,
}

impl fmt::Display for Waiting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Waiting::Response => "the HTTP request timed out",
            Waiting::Body => "timed out reading the response body",
        })
    }
}

/// Which timeout ran out ([`Error::Timeout`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// The attempt's overall [`timeout`](crate::ClientBuilder::timeout) (JSON calls, and the
    /// error body of a download).
    Overall,
    /// The [`read_timeout`](crate::ClientBuilder::read_timeout): the service sent nothing
    /// for that long.
    Read,
    /// The call's own [`RetryPolicy::call_timeout`](crate::RetryPolicy::call_timeout),
    /// which bounds all of its attempts and the waits between them.
    Call,
}

/// ` of N bytes` when the length was announced.
struct Announced(Option<u64>);

impl fmt::Display for Announced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(length) => write!(f, " of {length} bytes"),
            None => Ok(()),
        }
    }
}

/// How much of one value the service sent a message repeats; the field keeps all of it.
const SHOWN_BYTES: usize = 512;

/// A value the service sent, cut to [`SHOWN_BYTES`] on a character boundary, `…` when cut:
/// an error message stays a line of a log, however long the service's text.
struct Cut<'a>(&'a str);

impl fmt::Display for Cut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= SHOWN_BYTES {
            return f.write_str(self.0);
        }
        f.write_str(&self.0[..self.0.floor_char_boundary(SHOWN_BYTES)])?;
        f.write_str("…")
    }
}

/// ` after N attempts` when there was more than one.
struct AfterAttempts(u32);

impl fmt::Display for AfterAttempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " after {} attempts", self.0)?;
        }
        Ok(())
    }
}

fn transport_summary(source: &reqwest::Error) -> &'static str {
    if source.is_timeout() {
        if source.is_connect() {
            "timed out connecting to the service"
        } else if source.is_body() || source.is_decode() {
            // A streamed body's errors come wrapped as decode errors.
            "timed out reading the response body"
        } else {
            "the HTTP request timed out"
        }
    } else if is_tls(source) {
        "the TLS handshake with the service failed"
    } else if source.is_dns() {
        "could not resolve the service's host name"
    } else if source.is_connect() {
        "could not connect to the service"
    } else if source.is_redirect() {
        "the service redirected too often"
    } else if source.is_body() || source.is_decode() {
        "the response body could not be read in full"
    } else if source.is_builder() {
        "the HTTP request could not be built"
    } else {
        "the HTTP request failed"
    }
}

/// Whether rustls refused the handshake somewhere under `error`. tokio-rustls wraps its
/// errors in `io::Error`, whose `source()` skips the wrapped error, so each `io::Error` is
/// looked into as well.
pub(crate) fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<rustls::Error>() {
            return true;
        }
        if let Some(inner) = error
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            && is_tls(inner)
        {
            return true;
        }
        next = error.source();
    }
    false
}

fn io_summary(source: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match source.kind() {
        ErrorKind::NotFound => "the directory does not exist".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::AlreadyExists => "a file of that name exists already".to_owned(),
        ErrorKind::StorageFull => "the disk is full".to_owned(),
        ErrorKind::UnexpectedEof => "the download was cut short".to_owned(),
        ErrorKind::NotADirectory => "a part of the path is not a directory".to_owned(),
        ErrorKind::IsADirectory => "it is a directory".to_owned(),
        kind => kind.to_string(),
    }
}

/// A non-success answer of the service.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operation, e.g. `list_project_repositories`.
    pub operation: &'static str,
    /// The HTTP status, e.g. 401.
    pub status: u16,
    /// The service's `error_code`, e.g. `DEV.00000003`, when the body had one.
    pub error_code: Option<String>,
    /// The service's `error_msg`, when the body had one.
    pub error_msg: Option<String>,
    /// The `X-Request-Id` response header, which Huawei Cloud support asks for.
    pub request_id: Option<String>,
    /// Whether the API documents this status for this operation; an undocumented one often
    /// means a gateway or proxy answered instead of the service.
    pub documented: bool,
    /// The start of the body.
    pub body_excerpt: String,
    /// How many attempts the call made; more than 1 when 429, 502, 503 or 504 answers were
    /// retried (see [`RetryPolicy`](crate::RetryPolicy)).
    pub attempts: u32,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        write!(f, "{}", AfterAttempts(self.attempts))?;
        if !self.documented {
            f.write_str(" (status not documented for this operation)")?;
        }
        match (&self.error_code, &self.error_msg) {
            (None, None) if !self.body_excerpt.is_empty() => {
                write!(f, ", body: {:?}", self.body_excerpt)?
            }
            (code, msg) => {
                for part in [code, msg].into_iter().flatten() {
                    write!(f, ": {}", Cut(part))?;
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {}]", Cut(id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The tail of an [`Error::Envelope`] message.
struct EnvelopeDetail<'a> {
    status: &'a Option<String>,
    code: &'a Option<String>,
    message: &'a Option<String>,
}

impl fmt::Display for EnvelopeDetail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(status) = self.status {
            write!(f, " (status {:?})", Cut(status).to_string())?;
        }
        for part in [self.code, self.message].into_iter().flatten() {
            write!(f, ": {}", Cut(part))?;
        }
        Ok(())
    }
}

/// Displays items separated by `; `.
struct Semicolons<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for Semicolons<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

// Errors cross threads and tasks (tokio::spawn, anyhow); keep that true.
const _: () = {
    const fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<Error>();
    send_sync_static::<ConstraintError>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    #[test]
    fn a_timeout_says_what_was_awaited_and_counts_attempts() {
        let timeout = |waiting, limit| Error::Timeout {
            operation: "show_file",
            waiting,
            limit,
            attempts: 1,
        };
        let error = timeout(Waiting::Body, TimeLimit::Read);
        assert_eq!(
            error.to_string(),
            "show_file: timed out reading the response body"
        );
        assert_eq!(error.operation(), Some("show_file"));
        assert!(error.is_timeout());
        let error = timeout(Waiting::Response, TimeLimit::Overall).with_attempts(3);
        assert_eq!(
            error.to_string(),
            "show_file: the HTTP request timed out after 3 attempts"
        );
        assert_eq!(error.attempts(), Some(3));
        assert!(!Error::Config("no region".to_owned()).is_timeout());
    }

    fn limit_error(value: i64) -> Result<i64, ConstraintError> {
        let mut failures = Vec::new();
        check::range(value, Some(1), Some(100), &mut failures);
        ConstraintError::check("Limit", failures).map(|()| value)
    }

    #[test]
    fn constraint_error_lists_every_failure() {
        let mut failures = Vec::new();
        check::length("abc", Some(4), None, Some(32), false, &mut failures);
        let error = ConstraintError::check("ProjectId", failures).unwrap_err();
        assert_eq!(error.type_name(), "ProjectId");
        assert_eq!(error.failures().len(), 2);
        assert_eq!(
            error.to_string(),
            "invalid ProjectId: must be at least 4 characters long, got \"abc\"; \
             must be exactly 32 characters long, got \"abc\""
        );
        assert_eq!(
            limit_error(101).unwrap_err().to_string(),
            "invalid Limit: must be at most 100, got 101"
        );
        assert_eq!(ConstraintError::check("Limit", Vec::new()), Ok(()));
    }

    #[test]
    fn violations_collect_across_parameters() {
        let mut violations = Violations::new("list_project_repositories");
        assert_eq!(violations.check("limit", limit_error(101)), None);
        assert_eq!(
            violations.check("offset", Ok::<_, ConstraintError>(5)),
            Some(5)
        );
        let mut failures = Vec::new();
        check::length("abc", None, None, Some(32), false, &mut failures);
        assert_eq!(
            violations.check("project_id", ConstraintError::check("ProjectId", failures)),
            None
        );
        let error = violations.finish().unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request for list_project_repositories: `limit` must be at most 100, got 101; \
             `project_id` must be exactly 32 characters long, got \"abc\""
        );
        let Error::InvalidRequest {
            operation,
            violations,
        } = error
        else {
            panic!("{error:?}")
        };
        assert_eq!(operation, "list_project_repositories");
        assert_eq!(
            violations[0],
            Violation {
                parameter: "limit".into(),
                constraint: Constraint::Maximum(100),
                value: "101".into()
            }
        );
    }

    #[test]
    fn body_violations_name_their_json_path_made_only_on_failure() {
        let mut violations = Violations::new("create");
        let passed = violations.check_at(
            || unreachable!("no path is made for a value that passes"),
            Ok::<_, ConstraintError>(1),
        );
        assert_eq!(passed, Some(1));
        let index = 2;
        violations.check_at(|| format!("body.sources[{index}].name"), limit_error(101));
        let error = violations.finish().unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request for create: `body.sources[2].name` must be at most 100, got 101"
        );
    }

    #[test]
    fn violations_without_failures_finish_ok() {
        let mut violations = Violations::new("show_file");
        assert_eq!(
            violations.check("ref", Ok::<_, ConstraintError>("main")),
            Some("main")
        );
        assert!(violations.finish().is_ok());
    }

    fn api_error() -> ApiError {
        ApiError {
            operation: "download_archive",
            status: 401,
            error_code: Some("DEV.00000003".into()),
            error_msg: Some("Authentication information expired.".into()),
            request_id: Some("4f1c".into()),
            documented: true,
            body_excerpt: "{...}".into(),
            attempts: 1,
        }
    }

    #[test]
    fn api_error_display() {
        assert_eq!(
            Error::Api(Box::new(api_error())).to_string(),
            "download_archive failed with HTTP 401 Unauthorized: DEV.00000003: \
             Authentication information expired. [request id: 4f1c]"
        );
        let gateway = ApiError {
            status: 502,
            error_code: None,
            error_msg: None,
            request_id: None,
            documented: false,
            body_excerpt: "<html>Bad Gateway</html>".into(),
            ..api_error()
        };
        assert_eq!(
            gateway.to_string(),
            "download_archive failed with HTTP 502 Bad Gateway (status not documented for this operation), \
             body: \"<html>Bad Gateway</html>\""
        );
        let bare = ApiError {
            status: 599,
            body_excerpt: String::new(),
            error_msg: None,
            ..gateway
        };
        assert_eq!(
            bare.to_string(),
            "download_archive failed with HTTP 599 (status not documented for this operation)"
        );
    }

    #[test]
    fn envelope_and_decode_display() {
        let error = Error::Envelope {
            operation: "show_file",
            status: Some("failed".into()),
            code: Some("CH.001404".into()),
            message: Some("File not found".into()),
        };
        assert_eq!(
            error.to_string(),
            "show_file: the service reported failure (status \"failed\"): CH.001404: File not found"
        );
        let error = Error::Envelope {
            operation: "show_file",
            status: None,
            code: None,
            message: Some("oops".into()),
        };
        assert_eq!(
            error.to_string(),
            "show_file: the service reported failure: oops"
        );
        let error = Error::Decode {
            operation: "show_file",
            status: 200,
            message: "envelope has no result".into(),
            body_excerpt: "{\"status\":\"success\"}".into(),
        };
        assert_eq!(
            error.to_string(),
            "show_file: cannot decode the HTTP 200 response: envelope has no result \
             (body: \"{\\\"status\\\":\\\"success\\\"}\")"
        );
        assert_eq!(error.operation(), Some("show_file"));
    }

    #[test]
    fn long_values_from_the_service_are_cut_in_messages_but_kept_whole() {
        let long = format!("{}仓{}", "m".repeat(SHOWN_BYTES - 1), "x".repeat(60_000));
        let error = ApiError {
            error_code: None,
            error_msg: Some(long.clone()),
            request_id: Some(long.clone()),
            ..api_error()
        };
        let shown = error.to_string();
        let cut = format!("{}…", "m".repeat(SHOWN_BYTES - 1));
        assert_eq!(
            shown,
            format!(
                "download_archive failed with HTTP 401 Unauthorized: {cut} [request id: {cut}]"
            )
        );
        assert_eq!(error.error_msg.as_deref(), Some(long.as_str()));
        let envelope = Error::Envelope {
            operation: "show_file",
            status: Some(long.clone()),
            code: Some(long.clone()),
            message: None,
        };
        assert_eq!(
            envelope.to_string(),
            format!("show_file: the service reported failure (status {cut:?}): {cut}")
        );
    }

    #[test]
    fn too_large_names_the_limit_and_the_setting() {
        let error = Error::TooLarge {
            operation: "download_archive",
            status: 200,
            limit: 64,
            length: Some(100),
            setting: "BinaryResponse::bytes_up_to",
            body_excerpt: String::new(),
        };
        assert_eq!(
            error.to_string(),
            "download_archive: the response body of 100 bytes is larger than the limit of 64 \
             bytes (`BinaryResponse::bytes_up_to`)"
        );
        assert_eq!(error.operation(), Some("download_archive"));
        assert_eq!(error.attempts(), None);
    }

    #[test]
    fn retried_api_errors_say_how_many_attempts() {
        let error = Error::Api(Box::new(ApiError {
            status: 503,
            error_code: None,
            error_msg: None,
            request_id: None,
            documented: false,
            body_excerpt: String::new(),
            ..api_error()
        }));
        assert_eq!(error.attempts(), Some(1));
        let error = error.with_attempts(3);
        assert_eq!(error.attempts(), Some(3));
        assert_eq!(
            error.to_string(),
            "download_archive failed with HTTP 503 Service Unavailable after 3 attempts \
             (status not documented for this operation)"
        );
    }

    #[test]
    fn io_display_names_the_path_and_the_problem() {
        let error = Error::Io {
            operation: "download_archive",
            path: "/no/such/dir/repo.zip".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert_eq!(
            error.to_string(),
            "download_archive: cannot save the download to \"/no/such/dir/repo.zip\": \
             the directory does not exist"
        );
        assert_eq!(error.operation(), Some("download_archive"));
        assert_eq!(error.attempts(), None);
        assert!(std::error::Error::source(&error).is_some());
        let other = std::io::Error::new(std::io::ErrorKind::Interrupted, "x");
        assert_eq!(io_summary(&other), "operation interrupted");
    }

    #[test]
    fn config_display() {
        let error = Error::Config("no auth token".into());
        assert_eq!(
            error.to_string(),
            "invalid client configuration: no auth token"
        );
        assert_eq!(error.operation(), None);
    }
}
