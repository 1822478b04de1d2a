//! When a call is tried again, and how long the client waits first.
//!
//! [`RetryPolicy`] is configuration. The decisions (which failures are worth another
//! attempt, how long to back off, what a `Retry-After` header asks for) are pure functions
//! of their inputs, the random jitter and the current time included, so they are
//! unit-tested without a server, a clock or a random number generator.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often and how patiently a call is tried again.
///
/// A call is tried again after a failure that another attempt may not meet. Every call
/// is retried when the request cannot have reached the service: a connection that could
/// not be made (refused, unresolved, the connect timeout; but not a refused TLS
/// handshake) and HTTP 429, which refuses a request before acting on it. An idempotent
/// call (the spec's `idempotent`, by default a `GET`, `PUT` or `DELETE`) is retried also
/// after a timeout, HTTP 502, 503 or 504, or a connection reset or closed before the
/// answer came (a pooled connection that the server closed meanwhile is the common case):
/// sending it again cannot do anything twice. A non-idempotent call (a `POST` or `PATCH`
/// that creates or runs something) is not, since the service may have acted on it. Any
/// other 4xx or 5xx is final. A download is retried only until its response arrives; once
/// [`BinaryResponse`](crate::BinaryResponse) is returned, its body is never fetched again.
///
/// Between attempts the client waits for what the service's `Retry-After` header asks (in
/// seconds or as an HTTP date), but no longer than [`max_retry_after`]; without the header
/// it backs off exponentially from [`initial_backoff`] up to [`max_backoff`], with random
/// jitter so that many clients failing together do not come back together.
///
/// The whole call, its attempts and the waits between them, ends by the
/// [`call_timeout`] (the AWS SDKs' operation timeout, beside the attempt timeout that
/// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) sets): an attempt still
/// running then ends with an [`Error::Timeout`](crate::Error::Timeout) of
/// [`TimeLimit::Call`](crate::TimeLimit::Call), and a wait that would end after it, a
/// `Retry-After` asking for more than is left above all, is not begun: the call fails at
/// once with the answer that asked for it. A download's body, once handed over, is
/// bounded by the read timeout alone.
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`] (the first attempt included) | 3 |
/// | [`initial_backoff`] | 500 ms |
/// | [`max_backoff`] | 20 s |
/// | [`max_retry_after`] | 30 s |
/// | [`call_timeout`] | 2 min |
///
/// ```
/// use std::time::Duration;
/// use codearts_client::{Client, RetryPolicy};
///
/// let patient = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_max_retry_after(Duration::from_secs(10));
/// assert_eq!(patient.max_attempts(), 5);
///
/// let client = Client::builder()
///     .region("cn-north-4")
///     .auth_token("token")
///     .retry_policy(patient)
///     .build()?;
///
/// // One attempt, never a second one.
/// let once = Client::builder()
///     .region("cn-north-4")
///     .auth_token("token")
///     .retry_policy(RetryPolicy::disabled())
///     .build()?;
/// # let _ = (client, once);
/// # Ok::<(), codearts_client::Error>(())
/// ```
///
/// [`max_attempts`]: RetryPolicy::max_attempts
/// [`initial_backoff`]: RetryPolicy::initial_backoff
/// [`max_backoff`]: RetryPolicy::max_backoff
/// [`max_retry_after`]: RetryPolicy::max_retry_after
/// [`call_timeout`]: RetryPolicy::call_timeout
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    call_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl RetryPolicy {
    /// The default policy: 3 attempts, backoff from 500 ms up to 20 s, `Retry-After`
    /// honoured up to 30 s, and 2 minutes for the whole call.
    ///
    /// Three attempts is the AWS SDKs' standard mode: enough to ride out a restarting
    /// gateway or a moment of throttling, few enough that a service that is down fails the
    /// call within seconds. Two minutes is twice the attempt timeout: a caller waiting on a
    /// call hears back within a time a person would still wait, whatever the service asks.
    pub const fn new() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(30),
            call_timeout: Duration::from_secs(120),
        }
    }

    /// A policy that makes one attempt and never a second.
    pub const fn disabled() -> Self {
        RetryPolicy::new().with_max_attempts(1)
    }

    /// How many attempts a call makes at most, the first one included; 1 disables retries.
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) refuses 0.
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The backoff before the first retry, doubled for each further one (before jitter).
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts when the service sent no `Retry-After`.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait a `Retry-After` header can ask for; a longer request is cut to this.
    pub const fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The longest a call may take, all its attempts and the waits between them included.
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) refuses zero;
    /// `Duration::MAX` is no limit.
    pub const fn with_call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// How many attempts a call makes at most, the first one included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest backoff between two attempts.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest wait a `Retry-After` header can ask for.
    pub const fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The longest a call may take, all its attempts and the waits between them included.
    pub const fn call_timeout(&self) -> Duration {
        self.call_timeout
    }

    /// The wait before attempt `failed + 1`, after `failed` attempts have failed with an
    /// error worth retrying and `left` remains of the call timeout; `None` when no attempt
    /// is left, or no time for one: the service asks for a longer wait than is left, or the
    /// wait would use up the rest.
    pub(crate) fn delay(
        &self,
        failed: u32,
        retry_after: Option<Duration>,
        jitter: f64,
        left: Duration,
    ) -> Option<Duration> {
        if failed >= self.max_attempts || retry_after.is_some_and(|asked| asked > left) {
            return None;
        }
        let wait = match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(failed, jitter),
        };
        (wait < left).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": the `retry`th retry (from 1) waits between
    /// half and all of `initial_backoff * 2^(retry - 1)`, capped at `max_backoff`. Half is
    /// kept fixed so that jitter never turns a backoff into an immediate retry.
    ///
    /// `jitter` is a number in `[0, 1]`; [`jitter`] makes one.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        let half = ceiling / 2;
        // `mul_f64` panics on NaN; a fraction outside [0, 1] must not stretch the range.
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        half + (ceiling - half).mul_f64(jitter)
    }
}

/// Whether a response status is worth another attempt: throttling (429), which refuses
/// the request before the service acts on it, and, when the request may be sent twice
/// (`idempotent`), the gateway statuses that mean the service behind it was briefly
/// unreachable (502, 503, 504). A gateway may have passed a request on before it timed out
/// or failed, so those are final for a non-idempotent call. Every other status says
/// something about the request, which another attempt would not change.
pub(crate) fn retryable_status(status: u16, idempotent: bool) -> bool {
    status == 429 || (idempotent && (502..=504).contains(&status))
}

/// Whether a transport failure is worth another attempt. No connection was made (refused,
/// a name that did not resolve, the connect timeout): the request never left, so any
/// call may try again, but not after a refused TLS handshake (a certificate does not
/// become valid a second later). When the request may be sent twice (`idempotent`), also
/// after a timeout, or a connection reset or closed before the answer came; those may
/// come after the service received the request.
pub(crate) fn retryable_transport(error: &reqwest::Error, idempotent: bool) -> bool {
    let never_sent = error.is_connect() && !crate::error::is_tls(error);
    never_sent || (idempotent && (error.is_timeout() || connection_lost(error)))
}

/// Whether the connection went away under the request: reset, aborted, a broken pipe, or
/// closed before a whole answer arrived (hyper's "incomplete message", what a pooled
/// connection that the server closed meanwhile gives).
fn connection_lost(error: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind;
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof
            ) {
                return true;
            }
            if let Some(inner) = io.get_ref()
                && connection_lost(inner)
            {
                return true;
            }
        }
        if error
            .downcast_ref::<hyper::Error>()
            .is_some_and(|e| e.is_incomplete_message() || e.is_canceled())
        {
            return true;
        }
        next = error.source();
    }
    false
}

/// The wait a `Retry-After` value asks for at `now`: a number of seconds, or an HTTP date
/// (IMF-fixdate, or the obsolete RFC 850 and asctime forms); a date in the past asks for
/// no wait. Anything else is `None`, and the client backs off as if there were no header.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still a (very long) number of seconds.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in `[0, 1)` for [`RetryPolicy::backoff`], without a `rand` dependency:
/// std's `RandomState` is seeded randomly per instance, and hashing the time gives two
/// calls in a row different values.
pub(crate) fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    // The top 53 bits, the precision of an f64 in [0, 1).
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn policy() -> RetryPolicy {
        RetryPolicy::new()
            .with_initial_backoff(100 * MS)
            .with_max_backoff(1000 * MS)
    }

    #[test]
    fn defaults() {
        let policy = RetryPolicy::default();
        assert_eq!(policy, RetryPolicy::new());
        assert_eq!(policy.max_attempts(), 3);
        assert_eq!(policy.initial_backoff(), 500 * MS);
        assert_eq!(policy.max_backoff(), Duration::from_secs(20));
        assert_eq!(policy.max_retry_after(), Duration::from_secs(30));
        assert_eq!(policy.call_timeout(), Duration::from_secs(120));
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::disabled().with_max_attempts(3),
            RetryPolicy::new()
        );
    }

    #[test]
    fn backoff_doubles_between_half_and_all_of_the_ceiling() {
        let policy = policy();
        assert_eq!(policy.backoff(1, 0.0), 50 * MS);
        assert_eq!(policy.backoff(1, 1.0), 100 * MS);
        assert_eq!(policy.backoff(1, 0.5), 75 * MS);
        assert_eq!(policy.backoff(2, 0.0), 100 * MS);
        assert_eq!(policy.backoff(2, 1.0), 200 * MS);
        assert_eq!(policy.backoff(3, 1.0), 400 * MS);
        assert_eq!(policy.backoff(4, 1.0), 800 * MS);
    }

    #[test]
    fn backoff_is_capped_and_never_overflows() {
        let policy = policy();
        assert_eq!(policy.backoff(5, 1.0), 1000 * MS);
        assert_eq!(policy.backoff(5, 0.0), 500 * MS);
        assert_eq!(policy.backoff(64, 1.0), 1000 * MS);
        assert_eq!(policy.backoff(u32::MAX, 1.0), 1000 * MS);
        let huge = RetryPolicy::new()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert_eq!(huge.backoff(3, 1.0), Duration::MAX);
        // Jitter outside [0, 1] cannot stretch or shrink the range.
        assert_eq!(policy.backoff(1, 7.0), 100 * MS);
        assert_eq!(policy.backoff(1, -1.0), 50 * MS);
        assert_eq!(policy.backoff(1, f64::NAN), 50 * MS);
        assert_eq!(
            RetryPolicy::new()
                .with_initial_backoff(Duration::ZERO)
                .backoff(3, 1.0),
            Duration::ZERO
        );
    }

    #[test]
    fn delay_counts_attempts_and_honours_retry_after_up_to_the_cap() {
        let policy = policy().with_max_retry_after(2000 * MS);
        let left = Duration::from_secs(60);
        assert_eq!(policy.delay(1, None, 1.0, left), Some(100 * MS));
        assert_eq!(policy.delay(2, None, 1.0, left), Some(200 * MS));
        assert_eq!(
            policy.delay(3, None, 1.0, left),
            None,
            "3 attempts made, 3 allowed"
        );
        assert_eq!(policy.delay(1, Some(1500 * MS), 1.0, left), Some(1500 * MS));
        assert_eq!(
            policy.delay(1, Some(Duration::ZERO), 1.0, left),
            Some(Duration::ZERO)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(30)), 1.0, left),
            Some(2000 * MS)
        );
        assert_eq!(policy.delay(3, Some(MS), 1.0, left), None);
        assert_eq!(RetryPolicy::disabled().delay(1, Some(MS), 0.0, left), None);
    }

    #[test]
    fn no_wait_outlasts_the_call() {
        let policy = policy().with_max_retry_after(2000 * MS);
        // The service asks for longer than the call has left: the call ends now, rather
        // than wait the capped time and ask again against the service's word.
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(99_999)), 1.0, 60 * 1000 * MS),
            None
        );
        assert_eq!(
            policy.delay(1, Some(Duration::MAX), 1.0, Duration::MAX),
            Some(2000 * MS)
        );
        assert_eq!(
            policy.delay(1, Some(1500 * MS), 1.0, 1500 * MS),
            None,
            "no time left after it"
        );
        assert_eq!(
            policy.delay(1, Some(1500 * MS), 1.0, 1501 * MS),
            Some(1500 * MS)
        );
        assert_eq!(policy.delay(1, None, 1.0, 100 * MS), None);
        assert_eq!(policy.delay(1, None, 1.0, 101 * MS), Some(100 * MS));
        assert_eq!(policy.delay(1, None, 1.0, Duration::ZERO), None);
    }

    #[test]
    fn lost_connections_are_found_under_wrappers() {
        use std::io::{Error, ErrorKind};
        for kind in [
            ErrorKind::ConnectionReset,
            ErrorKind::BrokenPipe,
            ErrorKind::UnexpectedEof,
        ] {
            assert!(connection_lost(&Error::from(kind)), "{kind:?}");
            let wrapped = Error::other(Error::from(kind));
            assert!(connection_lost(&wrapped), "wrapped {kind:?}");
        }
        assert!(!connection_lost(&Error::from(ErrorKind::PermissionDenied)));
        assert!(!connection_lost(&std::fmt::Error));
    }

    #[test]
    fn retryable_statuses() {
        for status in [429, 502, 503, 504] {
            assert!(retryable_status(status, true), "{status}");
        }
        assert!(retryable_status(429, false), "429 refuses before acting");
        for status in [502, 503, 504] {
            assert!(
                !retryable_status(status, false),
                "{status} may follow a forward"
            );
        }
        for status in [200, 301, 400, 401, 403, 404, 409, 500, 501, 505] {
            for idempotent in [true, false] {
                assert!(!retryable_status(status, idempotent), "{status}");
            }
        }
    }

    fn now() -> SystemTime {
        // Sun, 06 Nov 1994 08:49:37 GMT, the date of RFC 9110's examples.
        UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(parse_retry_after("1", now()), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now()),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now()), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now()),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn retry_after_as_an_http_date() {
        for date in [
            "Sun, 06 Nov 1994 08:49:47 GMT",
            "Sunday, 06-Nov-94 08:49:47 GMT",
            "Sun Nov  6 08:49:47 1994",
        ] {
            assert_eq!(
                parse_retry_after(date, now()),
                Some(Duration::from_secs(10)),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now()),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now()),
            Some(Duration::ZERO),
            "a date in the past asks for no wait"
        );
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        for value in [
            "",
            " ",
            "-1",
            "1.5",
            "soon",
            "1s",
            "+3",
            "Sun, 06 Nov 1994",
            "0x10",
        ] {
            assert_eq!(parse_retry_after(value, now()), None, "{value:?}");
        }
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let values: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(values.iter().all(|j| (0.0..1.0).contains(j)), "{values:?}");
        let first = values[0];
        assert!(values.iter().any(|&j| j != first), "{values:?}");
    }
}
