//! The timeouts of one attempt, kept with a single timer.
//!
//! An attempt has two limits: a hard one, the earlier of the overall
//! [`timeout`](crate::ClientBuilder::timeout) of a JSON call, counted from the start of the
//! attempt, and the end of the call's [`call_timeout`](crate::RetryPolicy::call_timeout);
//! and the
//! [`read_timeout`](crate::ClientBuilder::read_timeout), the longest silence of the
//! service, counted from the last bytes that arrived. One timer is armed at the earlier of
//! the two. Bytes that arrive do not touch it: when it fires, it is either due (the attempt
//! is over) or it fired early because bytes came in meanwhile, and it is armed again at the
//! new earlier limit. A steady transfer thus costs one timer reset per read timeout, not
//! one per chunk, and a call that ends in time costs one timer in all, where reqwest's own
//! overall and read timeouts cost three (benchmark 4 in BENCHMARKS.md).

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

use crate::TimeLimit;

/// The limits of one attempt, and the timer that watches them.
pub(crate) struct Deadlines {
    /// When the attempt must be over; `None` while a download streams its body.
    overall: Option<Instant>,
    /// Which limit `overall` is.
    kind: TimeLimit,
    /// The longest silence allowed.
    read: Duration,
    /// When the attempt started or bytes last arrived.
    last: Instant,
    /// Armed at or before the earlier limit; it is only ever late by the time bytes
    /// arrived after it was armed.
    timer: Pin<Box<Sleep>>,
}

impl Deadlines {
    /// The limits of an attempt starting now: `overall` from now (none for a download),
    /// the end of the call at `call` (none: the call has no end), and `read` of silence.
    pub(crate) fn start(overall: Option<Duration>, call: Option<Instant>, read: Duration) -> Self {
        let now = Instant::now();
        let overall = overall.map(|overall| later(now, overall));
        let (overall, kind) = match (overall, call) {
            (Some(overall), Some(call)) if call < overall => (Some(call), TimeLimit::Call),
            (None, Some(call)) => (Some(call), TimeLimit::Call),
            (overall, _) => (overall, TimeLimit::Overall),
        };
        Deadlines {
            overall,
            kind,
            read,
            last: now,
            timer: Box::pin(tokio::time::sleep_until(earlier(overall, later(now, read)))),
        }
    }

    /// Sets the overall limit to `within` from now, unless the current one is earlier: a
    /// download's error body is read for at most the overall timeout.
    pub(crate) fn end_within(&mut self, within: Duration) {
        let at = later(Instant::now(), within);
        if self.overall.is_none_or(|overall| at < overall) {
            self.overall = Some(at);
            self.kind = TimeLimit::Overall;
            if at < self.timer.deadline() {
                self.timer.as_mut().reset(at);
            }
        }
    }

    /// Lifts the end of the call: a download's body, once handed over, is bounded by the
    /// read timeout alone, however long it takes. (A timer armed for it fires early and
    /// is armed again at the read timeout.)
    pub(crate) fn release_call(&mut self) {
        if self.kind == TimeLimit::Call {
            self.overall = None;
            self.kind = TimeLimit::Overall;
        }
    }

    /// Starts the read timeout again from now: reading resumes after a pause that was the
    /// caller's, not the service's.
    pub(crate) fn restart_read(&mut self) {
        // A timer armed earlier fires early, and is armed again from here.
        self.last = Instant::now();
    }

    /// Awaits `future` within the limits. Its completion counts as bytes arriving, so the
    /// read timeout starts again from then.
    pub(crate) async fn watch<F: Future>(&mut self, future: F) -> Result<F::Output, TimeLimit> {
        let mut future = pin!(future);
        poll_fn(|cx| {
            let polled = future.as_mut().poll(cx);
            self.poll(cx, polled)
        })
        .await
    }

    /// The poll of something watched, given how its own poll went: its output when ready,
    /// else an error when a limit has run out, else pending, with the timer set to wake
    /// the task at the earlier limit.
    pub(crate) fn poll<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<T>,
    ) -> Poll<Result<T, TimeLimit>> {
        if let Poll::Ready(output) = polled {
            self.last = Instant::now();
            return Poll::Ready(Ok(output));
        }
        while self.timer.as_mut().poll(cx).is_ready() {
            if let Some(limit) = self.run_out(Instant::now()) {
                return Poll::Ready(Err(limit));
            }
            // Early: bytes arrived since the timer was armed.
            let due = self.due();
            self.timer.as_mut().reset(due);
        }
        Poll::Pending
    }

    /// The earlier of the two limits.
    fn due(&self) -> Instant {
        earlier(self.overall, later(self.last, self.read))
    }

    /// The limit that has run out at `now`, if any; the hard one when both have.
    fn run_out(&self, now: Instant) -> Option<TimeLimit> {
        if self.overall.is_some_and(|overall| overall <= now) {
            Some(self.kind)
        } else if later(self.last, self.read) <= now {
            Some(TimeLimit::Read)
        } else {
            None
        }
    }
}

/// `read`, or `overall` when there is one and it comes first.
fn earlier(overall: Option<Instant>, read: Instant) -> Instant {
    overall.map_or(read, |overall| overall.min(read))
}

/// `at + after`, or as far as time goes: a limit of `Duration::MAX` is no limit, not a
/// panic.
fn later(at: Instant, after: Duration) -> Instant {
    at.checked_add(after)
        .unwrap_or_else(|| at + Duration::from_secs(100 * 365 * 24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    /// A future that completes after `delay`.
    async fn after<T>(delay: Duration, value: T) -> T {
        tokio::time::sleep(delay).await;
        value
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_in_time_is_untouched() {
        let mut deadlines = Deadlines::start(Some(10 * SECOND), None, 5 * SECOND);
        assert_eq!(deadlines.watch(after(4 * SECOND, 7)).await, Ok(7));
        assert_eq!(deadlines.watch(after(4 * SECOND, 8)).await, Ok(8));
    }

    #[tokio::test(start_paused = true)]
    async fn silence_ends_at_the_read_timeout_counted_from_the_last_bytes() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(Some(60 * SECOND), None, 5 * SECOND);
        // The timer, armed for 5 s, fires early at 5 s and is armed again for 9 s.
        deadlines.watch(after(4 * SECOND, ())).await.unwrap();
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Read)
        );
        assert_eq!(started.elapsed(), 9 * SECOND);
    }

    #[tokio::test(start_paused = true)]
    async fn a_steady_drip_ends_at_the_overall_timeout() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(Some(10 * SECOND), None, 3 * SECOND);
        let outcome = loop {
            if let Err(elapsed) = deadlines.watch(after(2 * SECOND, ())).await {
                break elapsed;
            }
        };
        assert_eq!(outcome, TimeLimit::Overall);
        assert_eq!(started.elapsed(), 10 * SECOND);
    }

    #[tokio::test(start_paused = true)]
    async fn without_an_overall_limit_only_silence_counts() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(None, None, 3 * SECOND);
        for _ in 0..20 {
            deadlines.watch(after(2 * SECOND, ())).await.unwrap();
        }
        assert_eq!(started.elapsed(), 40 * SECOND);
        assert_eq!(
            deadlines.watch(after(4 * SECOND, ())).await,
            Err(TimeLimit::Read)
        );
        assert_eq!(started.elapsed(), 43 * SECOND);
    }

    #[tokio::test(start_paused = true)]
    async fn an_earlier_overall_limit_rearms_the_timer() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(None, None, 30 * SECOND);
        deadlines.end_within(2 * SECOND);
        // A later limit does not replace an earlier one.
        deadlines.end_within(20 * SECOND);
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Overall)
        );
        assert_eq!(started.elapsed(), 2 * SECOND);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_of_the_caller_is_not_silence() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(None, None, 3 * SECOND);
        tokio::time::advance(10 * SECOND).await;
        deadlines.restart_read();
        assert_eq!(deadlines.watch(after(2 * SECOND, 5)).await, Ok(5));
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Read)
        );
        assert_eq!(started.elapsed(), 15 * SECOND);
    }

    #[tokio::test(start_paused = true)]
    async fn a_ready_future_wins_over_a_due_timer() {
        let mut deadlines = Deadlines::start(Some(SECOND), None, SECOND);
        tokio::time::advance(2 * SECOND).await;
        assert_eq!(deadlines.watch(async { 1 }).await, Ok(1));
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Overall)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_end_of_the_call_cuts_an_attempt_short_and_says_so() {
        let started = Instant::now();
        let call = Some(started + 4 * SECOND);
        let mut deadlines = Deadlines::start(Some(10 * SECOND), call, 30 * SECOND);
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Call)
        );
        assert_eq!(started.elapsed(), 4 * SECOND);
        // A later end of the call leaves the attempt's own timeout in charge.
        let mut deadlines =
            Deadlines::start(Some(SECOND), Some(started + 60 * SECOND), 30 * SECOND);
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Overall)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_released_download_body_outlives_the_call() {
        let started = Instant::now();
        let mut deadlines = Deadlines::start(None, Some(started + 5 * SECOND), 3 * SECOND);
        deadlines.watch(after(2 * SECOND, ())).await.unwrap();
        deadlines.release_call();
        for _ in 0..10 {
            deadlines.watch(after(2 * SECOND, ())).await.unwrap();
        }
        assert_eq!(started.elapsed(), 22 * SECOND);
        assert_eq!(
            deadlines.watch(std::future::pending::<()>()).await,
            Err(TimeLimit::Read)
        );
        // Released before it started, the call's end is gone too.
        let mut deadlines = Deadlines::start(None, Some(Instant::now() + SECOND), 3 * SECOND);
        deadlines.release_call();
        assert_eq!(deadlines.watch(after(2 * SECOND, 1)).await, Ok(1));
    }

    #[tokio::test(start_paused = true)]
    async fn the_longest_limits_do_not_overflow() {
        let mut deadlines = Deadlines::start(Some(Duration::MAX), None, Duration::MAX);
        deadlines.end_within(Duration::MAX);
        assert_eq!(deadlines.watch(after(SECOND, 3)).await, Ok(3));
    }
}
