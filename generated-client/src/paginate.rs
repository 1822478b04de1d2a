//! Walking the pages of a list operation as one stream of items.
//!
//! Generated list operations with paging parameters offer `into_items()`, which builds an
//! [`Items`] stream with `walk` from a closure that sends one page. The walk asks for the
//! next page only when the caller wants more items, and stops at a short or empty page, at
//! the first error (which the stream yields), at the cap set with [`Items::max_items`], or
//! with an error at a full page that repeats the first page or the one before it: a
//! service that ignores the paging parameters would otherwise be asked for the same page
//! forever.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};

use crate::Error;

/// Every item of a list operation, fetched page after page as the stream is polled.
///
/// ```no_run
/// # async fn run(client: codearts_client::Client) -> Result<(), codearts_client::Error> {
/// use futures_util::StreamExt;
///
/// let mut repositories = client
///     .list_project_repositories("3e1f6634946144c2b1ccb46fb8152b8f")
///     .into_items()
///     .max_items(500);
/// while let Some(repository) = repositories.next().await {
///     println!("{:?}", repository?.name);
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
    /// the first or the one before it.
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

/// The walk's state between pages.
struct Walk<F, T> {
    fetch: F,
    page: i64,
    page_size: usize,
    buffer: VecDeque<T>,
    /// The first page and the last one, when full: a page equal to either means the
    /// service ignores the paging parameters (it serves one page, or alternates two).
    first: Option<Vec<T>>,
    previous: Option<Vec<T>>,
    done: bool,
}

/// Builds the stream: `fetch(n)` returns the `n`-th page (from 0); a page with fewer than
/// `page_size` items is the last.
fn items<'a, T, F, Fut>(operation: &'static str, page_size: i64, fetch: F) -> Items<'a, T>
where
    T: Clone + PartialEq + Send + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'a,
{
    let walk = Walk {
        fetch,
        page: 0,
        page_size: usize::try_from(page_size).unwrap_or(usize::MAX),
        buffer: VecDeque::new(),
        first: None,
        previous: None,
        done: false,
    };
    let inner = stream::unfold(walk, move |mut walk| async move {
        if let Some(item) = walk.buffer.pop_front() {
            return Some((Ok(item), walk));
        }
        if walk.done {
            return None;
        }
        let fetched = (walk.fetch)(walk.page).await;
        match fetched {
            Err(error) => {
                walk.done = true;
                Some((Err(error), walk))
            }
            Ok(page) if !page.is_empty() && walk.previous.as_ref() == Some(&page) => {
                walk.done = true;
                Some((
                    Err(repeated_page(operation, walk.page, walk.page - 1)),
                    walk,
                ))
            }
            Ok(page) if !page.is_empty() && walk.first.as_ref() == Some(&page) => {
                walk.done = true;
                Some((Err(repeated_page(operation, walk.page, 0)), walk))
            }
            Ok(page) => {
                walk.done = page.len() < walk.page_size;
                if !walk.done {
                    if walk.page == 0 {
                        walk.first = Some(page.clone());
                    } else {
                        walk.previous = Some(page.clone());
                    }
                }
                walk.page += 1;
                walk.buffer.extend(page);
                let item = walk.buffer.pop_front()?;
                Some((Ok(item), walk))
            }
        }
    });
    Items {
        inner: Box::pin(inner),
        remaining: None,
    }
}

/// How a list operation's cursor parameter moves from one page to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// A page number: the next page is the cursor plus one.
    Page,
    /// An item offset: the next page is the cursor plus the page size.
    Offset,
}

impl Step {
    /// The cursor of page `page` (from 0) of a walk that starts at `start` with pages of
    /// `size` items; `None` past `i64` (checked arithmetic, so that it cannot wrap).
    fn cursor(self, start: i64, size: i64, page: i64) -> Option<i64> {
        match self {
            Step::Page => start.checked_add(page),
            Step::Offset => page
                .checked_mul(size)
                .and_then(|skip| start.checked_add(skip)),
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
    T: Clone + PartialEq + Send + 'a,
    C: TryFrom<i64>,
    S: TryFrom<i64>,
    F: Fn(C, S) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'a,
{
    items(operation, size, move |page| {
        let cursor = step
            .cursor(start, size, page)
            .and_then(|c| C::try_from(c).ok());
        let page_size = S::try_from(size).ok();
        let sent = cursor.zip(page_size).map(|(c, s)| request(c, s));
        async move {
            match sent {
                Some(sent) => sent.await,
                None => Ok(Vec::new()),
            }
        }
    })
}

/// The error for page `page` when it holds the same items as page `earlier` (both from 0):
/// the service answered as documented, but ignored the paging parameters, so the walk
/// would never end.
fn repeated_page(operation: &'static str, page: i64, earlier: i64) -> Error {
    Error::Decode {
        operation,
        // Every page of the walk was a success; it is their sequence that is wrong.
        status: 200,
        message: format!(
            "page {} of the walk repeats page {} item for item: the service ignores the \
             paging parameters, so the walk stops instead of fetching it forever",
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

    /// A walk over `total` numbered items served in pages of `size`, recording the pages asked.
    fn numbers(total: i64, size: i64, asked: Arc<Mutex<Vec<i64>>>) -> Items<'static, i64> {
        items("list", size, move |page| {
            asked.lock().unwrap().push(page);
            let start = page * size;
            let end = (start + size).min(total);
            async move { Ok((start..end.max(start)).collect()) }
        })
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn cursors_advance_by_one_page_or_by_the_page_size_and_never_wrap() {
        assert_eq!(Step::Page.cursor(1, 100, 0), Some(1));
        assert_eq!(Step::Page.cursor(1, 100, 2), Some(3));
        assert_eq!(Step::Offset.cursor(0, 100, 0), Some(0));
        assert_eq!(Step::Offset.cursor(5, 100, 2), Some(205));
        assert_eq!(Step::Page.cursor(i64::MAX, 1, 1), None);
        assert_eq!(Step::Offset.cursor(0, i64::MAX, 2), None);
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
                        Ok((0..limit)
                            .map(|i| i64::from(offset) + i64::from(i))
                            .collect::<Vec<_>>())
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
                Ok::<Vec<i64>, Error>(vec![1])
            })
            .try_collect_all(),
        )
        .unwrap();
        assert!(none.is_empty());
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

    #[test]
    fn a_repeated_full_page_ends_the_walk_with_an_error() {
        // A service that ignores the offset: the same full page, whatever is asked.
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = items("list", 3, move |page| {
            log.lock().unwrap().push(page);
            async move { Ok(vec![1, 2, 3]) }
        });
        let results: Vec<_> = block_on(stream.collect());
        assert_eq!(results.len(), 4, "{results:?}");
        assert!(results[..3].iter().all(Result::is_ok));
        let Err(Error::Decode {
            operation, message, ..
        }) = &results[3]
        else {
            panic!("{results:?}")
        };
        assert_eq!(*operation, "list");
        assert!(
            message.starts_with("page 2 of the walk repeats page 1"),
            "{message}"
        );
        assert_eq!(*asked.lock().unwrap(), [0, 1], "no third request");
    }

    #[test]
    fn alternating_pages_end_the_walk_at_the_first_repeat() {
        let stream = items("list", 2, |page| async move {
            Ok(if page % 2 == 0 {
                vec![1, 2]
            } else {
                vec![3, 4]
            })
        });
        let results: Vec<_> = block_on(stream.collect());
        assert_eq!(results.len(), 5, "{results:?}");
        let Err(Error::Decode { message, .. }) = &results[4] else {
            panic!("{results:?}")
        };
        assert!(
            message.starts_with("page 3 of the walk repeats page 1"),
            "{message}"
        );
    }

    #[test]
    fn pages_equal_to_neither_the_first_nor_the_last_go_on() {
        // [1, 2] [3, 4] [5, 6] [3, 4] [1]: odd, but not a loop the walk can tell, and a
        // short page ends it anyway. `max_items` is the guard against what this cannot see.
        let stream = items("list", 2, |page| async move {
            Ok(match page {
                0 => vec![1, 2],
                1 | 3 => vec![3, 4],
                2 => vec![5, 6],
                _ => vec![1],
            })
        });
        let all = block_on(stream.try_collect_all()).unwrap();
        assert_eq!(all, [1, 2, 3, 4, 5, 6, 3, 4, 1]);
    }

    #[test]
    fn a_short_repeat_is_the_last_page() {
        // A short page ends the walk before any comparison matters.
        let stream = items("list", 2, |page| async move {
            Ok(if page == 0 { vec![1, 2] } else { vec![1] })
        });
        assert_eq!(block_on(stream.try_collect_all()).unwrap(), [1, 2, 1]);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_walk() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let stream = items::<i64, _, _>("list", 2, move |page| {
            *counter.lock().unwrap() += 1;
            async move {
                if page == 0 {
                    Ok(vec![1, 2])
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
