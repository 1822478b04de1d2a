//! Walking the pages of a list operation as one stream of items.
//!
//! Generated list operations with paging parameters offer `into_items()`, which builds an
//! [`Items`] stream with `walk` from a closure that sends one page. The walk asks for the
//! next page only when the caller wants more items, and stops at a short or empty page, at
//! the first error (which the stream yields), at the cap set with [`Items::max_items`], or
//! with an error at a full page whose bytes repeat any earlier page of the walk: a service
//! that ignores the paging parameters, or serves a cycle of pages, would otherwise be asked
//! for pages forever. Pages are compared by a SHA-256 digest of the JSON they were decoded
//! from, not by their decoded items, which can be equal for different pages (items whose
//! fields are all undocumented decode alike); a walk keeps 32 bytes per page it has seen.
//! An offset advances by the items that arrived, not by the size asked for, so a service
//! that sends more than asked is read on without repeating an item.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};
use sha2::{Digest as _, Sha256};

use crate::Error;

/// Every item of a list operation, fetched page after page as the stream is polled.
///
/// ```no_run
/// # async fn run<T: std::fmt::Debug>(
/// #     items: codearts_client::Items<'_, T>,
/// # ) -> Result<(), codearts_client::Error> {
/// use futures_util::StreamExt;
///
/// // `items`: what `into_items()` of a list operation's request returned.
/// let mut items = items.max_items(500);
/// while let Some(item) = items.next().await {
///     println!("{:?}", item?);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>,
    remaining: Option<usize>,
}

impl<T> Items<'_, T> {
    /// Ends the stream after `max` items; no page beyond the one holding the last of them
    /// is requested.
    ///
    /// This is the guard against a service that serves new full pages forever: the walk
    /// itself stops only at a short or empty page, at an error, or at a page that repeats
    /// an earlier one.
    pub fn max_items(mut self, max: usize) -> Self {
        self.remaining = Some(max);
        self
    }

    /// Collects every item, or returns the first error.
    pub async fn try_collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<'a, T: Send + 'a> Items<'a, T> {
    /// The same walk with each item turned into `U` by `f`; the cap set so far holds.
    #[cfg(feature = "catalogue")]
    pub(crate) fn map<U>(self, f: impl FnMut(T) -> U + Send + 'a) -> Items<'a, U> {
        use futures_util::StreamExt;
        let mut f = f;
        Items {
            inner: Box::pin(self.inner.map(move |item| item.map(&mut f))),
            remaining: self.remaining,
        }
    }
}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.remaining == Some(0) {
            return Poll::Ready(None);
        }
        let polled = self.inner.as_mut().poll_next(cx);
        if let (Poll::Ready(Some(Ok(_))), Some(remaining)) = (&polled, self.remaining.as_mut()) {
            *remaining -= 1;
        }
        polled
    }
}

impl<T> std::fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// One page as a walk sees it: its items, and the digest of the JSON they came from.
#[derive(Debug)]
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    digest: [u8; 32],
}

impl<T> Page<T> {
    /// The page of `items`, decoded from `json`.
    pub(crate) fn new(items: Vec<T>, json: &[u8]) -> Self {
        Page {
            items,
            digest: Sha256::digest(json).into(),
        }
    }
}

/// Where the walk is: which page (from 0) comes next, and how many items came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    page: i64,
    received: i64,
}

/// The walk's state between pages.
struct Walk<F, T> {
    fetch: F,
    at: Position,
    page_size: usize,
    buffer: VecDeque<T>,
    /// The digest of every full page so far, with its number: a page seen before means
    /// the service ignores the paging parameters, or cycles.
    seen: HashMap<[u8; 32], i64>,
    done: bool,
}

/// Builds the stream: `fetch(position)` returns the page at `position`; a page with fewer
/// than `page_size` items is the last.
fn items<'a, T, F, Fut>(operation: &'static str, page_size: i64, fetch: F) -> Items<'a, T>
where
    T: Send + 'a,
    F: FnMut(Position) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'a,
{
    let walk = Walk {
        fetch,
        at: Position {
            page: 0,
            received: 0,
        },
        page_size: usize::try_from(page_size).unwrap_or(usize::MAX),
        buffer: VecDeque::new(),
        seen: HashMap::new(),
        done: false,
    };
    let inner = stream::unfold(walk, move |mut walk| async move {
        if let Some(item) = walk.buffer.pop_front() {
            return Some((Ok(item), walk));
        }
        if walk.done {
            return None;
        }
        let page = match (walk.fetch)(walk.at).await {
            Ok(page) => page,
            Err(error) => {
                walk.done = true;
                return Some((Err(error), walk));
            }
        };
        let number = walk.at.page;
        walk.done = page.items.len() < walk.page_size;
        if !walk.done
            && let Some(&earlier) = walk.seen.get(&page.digest)
        {
            walk.done = true;
            return Some((Err(repeated_page(operation, number, earlier)), walk));
        }
        if !walk.done {
            walk.seen.insert(page.digest, number);
        }
        walk.at = Position {
            page: number.saturating_add(1),
            received: walk
                .at
                .received
                .saturating_add(i64::try_from(page.items.len()).unwrap_or(i64::MAX)),
        };
        walk.buffer.extend(page.items);
        let item = walk.buffer.pop_front()?;
        Some((Ok(item), walk))
    });
    Items {
        inner: Box::pin(inner),
        remaining: None,
    }
}

/// How a list operation's cursor parameter moves from one page to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// A page number: the next page is the cursor plus one. The pages are the service's
    /// own, however many items each holds.
    Page,
    /// An item offset: the next page starts after the items that arrived.
    Offset,
}

impl Step {
    /// The cursor at `at` of a walk that starts at `start`; `None` past `i64` (checked
    /// arithmetic, so that it cannot wrap).
    fn cursor(self, start: i64, at: Position) -> Option<i64> {
        match self {
            Step::Page => start.checked_add(at.page),
            Step::Offset => start.checked_add(at.received),
        }
    }
}

/// The stream of a generated `into_items`: `request(cursor, size)` sends the page at that
/// cursor and page size, in the types of the operation's own parameters. A cursor (or a
/// size) that does not fit those types ends the walk, as no further page can be asked for.
pub(crate) fn walk<'a, T, C, S, F, Fut>(
    operation: &'static str,
    step: Step,
    start: i64,
    size: i64,
    request: F,
) -> Items<'a, T>
where
    T: Send + 'a,
    C: TryFrom<i64>,
    S: TryFrom<i64>,
    F: Fn(C, S) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'a,
{
    items(operation, size, move |at| {
        let cursor = step.cursor(start, at).and_then(|c| C::try_from(c).ok());
        let page_size = S::try_from(size).ok();
        let sent = cursor.zip(page_size).map(|(c, s)| request(c, s));
        async move {
            match sent {
                Some(sent) => sent.await,
                None => Ok(Page::new(Vec::new(), b"")),
            }
        }
    })
}

/// The error for page `page` when its bytes are those of page `earlier` (both from 0): the
/// service answered as documented, but ignored the paging parameters or went round in a
/// cycle, so the walk would never end.
fn repeated_page(operation: &'static str, page: i64, earlier: i64) -> Error {
    Error::Decode {
        operation,
        // Every page of the walk was a success; it is their sequence that is wrong.
        status: 200,
        message: format!(
            "page {} of the walk repeats page {} byte for byte: the service ignores the \
             paging parameters, so the walk stops instead of fetching pages forever",
            page + 1,
            earlier + 1
        ),
        body_excerpt: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A page of `items` as a service would send it: their JSON array.
    fn page(items: Vec<i64>) -> Page<i64> {
        let json = serde_json::to_vec(&items).unwrap();
        Page::new(items, &json)
    }

    /// A walk over `total` numbered items served in pages of `size`, recording the pages asked.
    fn numbers(total: i64, size: i64, asked: Arc<Mutex<Vec<i64>>>) -> Items<'static, i64> {
        items("list", size, move |at| {
            asked.lock().unwrap().push(at.page);
            let start = at.page * size;
            let end = (start + size).min(total);
            async move { Ok(page((start..end.max(start)).collect())) }
        })
    }

    /// A walk over pages `pages(n)` (from 0) of `size` items.
    fn pages(size: i64, pages: fn(i64) -> Vec<i64>) -> Items<'static, i64> {
        items(
            "list",
            size,
            move |at| async move { Ok(page(pages(at.page))) },
        )
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn position(page: i64, received: i64) -> Position {
        Position { page, received }
    }

    #[test]
    fn cursors_advance_by_one_page_or_by_the_items_received_and_never_wrap() {
        assert_eq!(Step::Page.cursor(1, position(0, 0)), Some(1));
        assert_eq!(Step::Page.cursor(1, position(2, 300)), Some(3));
        assert_eq!(Step::Offset.cursor(0, position(0, 0)), Some(0));
        assert_eq!(Step::Offset.cursor(5, position(2, 200)), Some(205));
        assert_eq!(Step::Offset.cursor(5, position(2, 7)), Some(12));
        assert_eq!(Step::Page.cursor(i64::MAX, position(1, 0)), None);
        assert_eq!(Step::Offset.cursor(1, position(2, i64::MAX)), None);
    }

    // The walk asks in the parameters' own types; the page whose cursor does not fit
    // (here past `i8::MAX`) is never asked for, and the walk ends as at an empty page.
    #[test]
    fn a_walk_ends_where_the_cursor_leaves_its_type() {
        let asked: Arc<Mutex<Vec<(i8, u8)>>> = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let all = block_on(
            walk(
                "list",
                Step::Offset,
                100,
                10,
                move |offset: i8, limit: u8| {
                    record.lock().unwrap().push((offset, limit));
                    async move {
                        Ok(page(
                            (0..limit)
                                .map(|i| i64::from(offset) + i64::from(i))
                                .collect(),
                        ))
                    }
                },
            )
            .try_collect_all(),
        )
        .unwrap();
        assert_eq!(*asked.lock().unwrap(), [(100, 10), (110, 10), (120, 10)]);
        assert_eq!(all, (100..130).collect::<Vec<_>>());
        // A page size that does not fit asks for nothing.
        let none = block_on(
            walk("list", Step::Page, 1, 1000, |_: i32, _: u8| async {
                Ok::<_, Error>(page(vec![1]))
            })
            .try_collect_all(),
        )
        .unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn an_offset_advances_by_what_arrived() {
        // Asked for 2, the service sends 3 (and then the rest): each item once.
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let all = block_on(
            walk(
                "list",
                Step::Offset,
                0,
                2,
                move |offset: i64, limit: i64| {
                    record.lock().unwrap().push(offset);
                    let end = (offset + limit + 1).min(7);
                    async move { Ok(page((offset..end).collect())) }
                },
            )
            .try_collect_all(),
        )
        .unwrap();
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), [0, 3, 6]);
    }

    #[test]
    fn walks_until_a_short_page() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let all = block_on(numbers(7, 3, asked.clone()).try_collect_all()).unwrap();
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), [0, 1, 2]);
    }

    #[test]
    fn an_exact_multiple_ends_at_the_empty_page() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let all = block_on(numbers(6, 3, asked.clone()).try_collect_all()).unwrap();
        assert_eq!(all.len(), 6);
        assert_eq!(*asked.lock().unwrap(), [0, 1, 2]);
    }

    #[test]
    fn the_cap_stops_fetching() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let some = block_on(
            numbers(100, 3, asked.clone())
                .max_items(4)
                .try_collect_all(),
        )
        .unwrap();
        assert_eq!(some, [0, 1, 2, 3]);
        assert_eq!(
            *asked.lock().unwrap(),
            [0, 1],
            "no page past the one holding the cap"
        );
        let none = block_on(
            numbers(100, 3, asked.clone())
                .max_items(0)
                .try_collect_all(),
        )
        .unwrap();
        assert!(none.is_empty());
    }

    /// The message of the error that ends `results`, after `ok` items.
    fn repeat_message(results: &[Result<i64, Error>], ok: usize) -> &str {
        assert_eq!(results.len(), ok + 1, "{results:?}");
        assert!(results[..ok].iter().all(Result::is_ok), "{results:?}");
        let Err(Error::Decode {
            operation, message, ..
        }) = &results[ok]
        else {
            panic!("{results:?}")
        };
        assert_eq!(*operation, "list");
        message
    }

    #[test]
    fn a_repeated_full_page_ends_the_walk_with_an_error() {
        // A service that ignores the offset: the same full page, whatever is asked.
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = items("list", 3, move |at| {
            log.lock().unwrap().push(at.page);
            async move { Ok(page(vec![1, 2, 3])) }
        });
        let results: Vec<_> = block_on(stream.collect());
        let message = repeat_message(&results, 3);
        assert!(
            message.starts_with("page 2 of the walk repeats page 1 byte for byte"),
            "{message}"
        );
        assert_eq!(*asked.lock().unwrap(), [0, 1], "no third request");
    }

    #[test]
    fn alternating_pages_end_the_walk_at_the_first_repeat() {
        let stream = pages(2, |n| if n % 2 == 0 { vec![1, 2] } else { vec![3, 4] });
        let results: Vec<_> = block_on(stream.collect());
        let message = repeat_message(&results, 4);
        assert!(
            message.starts_with("page 3 of the walk repeats page 1"),
            "{message}"
        );
    }

    #[test]
    fn a_cycle_after_a_unique_first_page_is_found() {
        // [0, 1] then [2, 3] [4, 5] [6, 7] over and over: the fifth page repeats the second.
        let stream = pages(2, |n| match n {
            0 => vec![0, 1],
            n => {
                let k = 2 * (1 + (n - 1) % 3);
                vec![k, k + 1]
            }
        });
        let results: Vec<_> = block_on(stream.collect());
        let message = repeat_message(&results, 8);
        assert!(
            message.starts_with("page 5 of the walk repeats page 2"),
            "{message}"
        );
    }

    #[test]
    fn pages_that_decode_alike_but_differ_on_the_wire_go_on() {
        // Items whose fields are all undocumented decode to equal values; the pages'
        // bytes still tell them apart, so the walk is not stopped for a false repeat.
        let stream = items("list", 2, |at| async move {
            let json = format!("[{{\"x\":{0}}},{{\"x\":{0}}}]", at.page);
            Ok(Page::new(
                if at.page < 3 { vec![0, 0] } else { vec![0] },
                json.as_bytes(),
            ))
        });
        assert_eq!(block_on(stream.try_collect_all()).unwrap(), [0; 7]);
    }

    #[test]
    fn a_short_repeat_is_the_last_page() {
        // A short page ends the walk before any comparison matters.
        let stream = pages(2, |n| if n == 0 { vec![1, 2] } else { vec![1] });
        assert_eq!(block_on(stream.try_collect_all()).unwrap(), [1, 2, 1]);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_walk() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let stream = items::<i64, _, _>("list", 2, move |at| {
            *counter.lock().unwrap() += 1;
            async move {
                if at.page == 0 {
                    Ok(page(vec![1, 2]))
                } else {
                    Err(Error::Config("page failed".into()))
                }
            }
        });
        let results: Vec<_> = block_on(stream.collect());
        assert_eq!(results.len(), 3);
        assert!(matches!(results[2], Err(Error::Config(_))));
        assert_eq!(*calls.lock().unwrap(), 2);
    }
}
