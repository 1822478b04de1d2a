//! Walking the pages of a list operation as one stream of items.
//!
//! Generated list operations with paging parameters offer `into_items()`, which builds an
//! [`Items`] stream from a page-fetching closure. The walk asks for the next page only when
//! the caller wants more items, and stops at a short or empty page, at the first error
//! (which the stream yields), or at the cap set with [`Items::max_items`].

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
    done: bool,
}

/// Builds the stream: `fetch(n)` returns the `n`-th page (from 0); a page with fewer than
/// `page_size` items is the last.
#[doc(hidden)]
pub fn items<'a, T, F, Fut>(page_size: i64, fetch: F) -> Items<'a, T>
where
    T: Send + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'a,
{
    let walk = Walk {
        fetch,
        page: 0,
        page_size: usize::try_from(page_size).unwrap_or(usize::MAX),
        buffer: VecDeque::new(),
        done: false,
    };
    let inner = stream::unfold(walk, |mut walk| async move {
        if let Some(item) = walk.buffer.pop_front() {
            return Some((Ok(item), walk));
        }
        if walk.done {
            return None;
        }
        match (walk.fetch)(walk.page).await {
            Err(error) => {
                walk.done = true;
                Some((Err(error), walk))
            }
            Ok(page) => {
                walk.done = page.len() < walk.page_size;
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A walk over `total` numbered items served in pages of `size`, recording the pages asked.
    fn numbers(total: i64, size: i64, asked: Arc<Mutex<Vec<i64>>>) -> Items<'static, i64> {
        items(size, move |page| {
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
    fn an_error_is_yielded_and_ends_the_walk() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let stream = items::<i64, _, _>(2, move |page| {
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
