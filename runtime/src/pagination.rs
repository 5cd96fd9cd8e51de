//! List pages, search-result pages, and [`Paginator`], which walks through
//! every item of a paginated operation one page at a time.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::error::Error;
use super::has_id::HasId;
use super::options::RequestOptions;
use super::request::ApiRequest;

/// One page of a list (`"object": "list"`).
///
/// Serialised with its `"object": "list"`, as received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "object",
    rename = "list",
    bound(deserialize = "T: Deserialize<'de>")
)]
#[non_exhaustive]
pub struct List<T> {
    /// The items on this page.
    #[serde(default = "Vec::new", deserialize_with = "super::object::or_default")]
    pub data: Vec<T>,
    /// Whether more items follow this page.
    #[serde(default, deserialize_with = "super::object::or_default")]
    pub has_more: bool,
    /// The URL this list is read from.
    #[serde(default, deserialize_with = "super::object::or_default")]
    pub url: String,
}

/// One page of search results (`"object": "search_result"`).
///
/// Serialised with its `"object": "search_result"`, as received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "object",
    rename = "search_result",
    bound(deserialize = "T: Deserialize<'de>")
)]
#[non_exhaustive]
pub struct SearchResult<T> {
    /// The items on this page.
    #[serde(default = "Vec::new", deserialize_with = "super::object::or_default")]
    pub data: Vec<T>,
    /// Whether more results follow this page.
    #[serde(default, deserialize_with = "super::object::or_default")]
    pub has_more: bool,
    /// The cursor to pass as `page` for the next page, when there is one. Serialised only when
    /// there is one: an absent `next_page` stays absent (`null` and absent decode alike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
    /// How many objects match the query (exact up to 10,000), when Stripe says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The URL this search is read from.
    #[serde(default, deserialize_with = "super::object::or_default")]
    pub url: String,
}

/// How the next page is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `starting_after` the last item's id (or `ending_before` the first's).
    Cursor { backward: bool },
    /// `page` set to the previous page's `next_page`.
    Pages,
}

type MakeRequest = Box<dyn Fn(Option<&str>) -> ApiRequest + Send + Sync>;

/// One page as the paginator needs it.
struct Page<T> {
    items: Vec<T>,
    /// Where the next page starts, if there is one.
    cursor: Option<String>,
    done: bool,
}

/// A page on its way. Owns what it needs (a clone of the client and options), so that the
/// paginator can be polled as a [`Stream`] and its `next()` future dropped and called again.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;

/// Every item of a paginated operation, fetched page by page as needed.
/// Items are objects with ids ([`HasId`]); cursor pagination continues from
/// the last (or, going backward, the first) item's id.
///
/// Walk it with `next().await`, or as a [`Stream`] (`futures_core::Stream`, the trait async
/// iterators implement; `StreamExt` from `futures` or `tokio-stream` adds the combinators):
///
/// ```ignore
/// let mut customers = client.customers().list_auto_paging(&ListCustomer::new());
/// while let Some(customer) = customers.next().await {
///     println!("{}", customer?.id);
/// }
/// // or: let all: Vec<Customer> = customers.try_collect().await?;
/// ```
///
/// A page that fails is an `Err` item; the next call asks for the same page again.
pub struct Paginator<T> {
    client: Client,
    options: RequestOptions,
    request: MakeRequest,
    mode: Mode,
    buffer: VecDeque<T>,
    cursor: Option<String>,
    done: bool,
    pending: Option<PageFuture<T>>,
}

/// The items of a [`Paginator`] from synchronous code ([`Paginator::into_blocking_iter`]).
#[cfg(feature = "blocking")]
#[derive(Debug)]
pub struct BlockingIter<T> {
    /// `None` only while a page is being fetched, or after the background runtime failed.
    paginator: Option<Paginator<T>>,
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned + HasId + Send + 'static> Iterator for BlockingIter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Result<T, Error>> {
        let mut paginator = self.paginator.take()?;
        let walked = super::blocking::wait(async move {
            let item = paginator.next().await;
            Ok((paginator, item))
        });
        match walked {
            Ok((paginator, item)) => {
                self.paginator = Some(paginator);
                item
            }
            // The paginator is lost with the runtime: say so once, then end.
            Err(e) => Some(Err(e)),
        }
    }
}

// No field is ever pinned in place (the page future is boxed), so moving a paginator is fine
// whatever `T` is.
impl<T> Unpin for Paginator<T> {}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("mode", &self.mode)
            .field("buffered", &self.buffer.len())
            .field("cursor", &self.cursor)
            .field("done", &self.done)
            .field("fetching", &self.pending.is_some())
            .finish()
    }
}

impl<T: DeserializeOwned + HasId + Send + 'static> Paginator<T> {
    /// Cursor pagination: `request(cursor)` builds the request for the page
    /// after (or, when `backward`, before) the item whose id is `cursor`.
    pub fn cursor(
        client: Client,
        options: RequestOptions,
        backward: bool,
        request: impl Fn(Option<&str>) -> ApiRequest + Send + Sync + 'static,
    ) -> Self {
        Self::new(
            client,
            options,
            Mode::Cursor { backward },
            Box::new(request),
        )
    }

    /// Page pagination (search): `request(page)` builds the request for the
    /// page whose `next_page` token is `page`.
    pub fn pages(
        client: Client,
        options: RequestOptions,
        request: impl Fn(Option<&str>) -> ApiRequest + Send + Sync + 'static,
    ) -> Self {
        Self::new(client, options, Mode::Pages, Box::new(request))
    }

    fn new(client: Client, options: RequestOptions, mode: Mode, request: MakeRequest) -> Self {
        Paginator {
            client,
            options,
            request,
            mode,
            buffer: VecDeque::new(),
            cursor: None,
            done: false,
            pending: None,
        }
    }

    /// The items from synchronous code (feature `blocking`): an iterator that fetches each page
    /// on the runtime's background Tokio runtime as needed, as [`Call::send_blocking`] sends a
    /// call. A page that fails is an `Err` item; the next one asks for it again.
    ///
    /// [`Call::send_blocking`]: super::Call::send_blocking
    #[cfg(feature = "blocking")]
    pub fn into_blocking_iter(self) -> BlockingIter<T> {
        BlockingIter {
            paginator: Some(self),
        }
    }

    /// Collects every remaining item (all pages) into a vector.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    /// The next item, requesting the next page when this one is used up;
    /// `None` after the last item. After an error, the same page is asked
    /// for again on the next call. Dropping the future before it is done
    /// loses nothing: the next call picks up the page being fetched.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            let pending = match &mut self.pending {
                Some(pending) => pending,
                None => {
                    let request = (self.request)(self.cursor.as_deref());
                    let future = fetch(
                        self.client.clone(),
                        self.options.clone(),
                        request,
                        self.mode,
                    );
                    self.pending.insert(future)
                }
            };
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.pending = None;
            match page {
                Ok(page) => {
                    // An empty page that does not move the cursor would be asked for forever.
                    let stuck = page.items.is_empty() && page.cursor == self.cursor;
                    self.done = page.done || stuck;
                    self.cursor = page.cursor;
                    self.buffer.extend(page.items);
                }
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}

/// The items of a paginated operation as a `futures_core::Stream`, one item (or error) at a time:
/// the same sequence as [`Paginator::next`].
impl<T: DeserializeOwned + HasId + Send + 'static> Stream for Paginator<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        (buffered, self.done.then_some(buffered))
    }
}

/// Requests one page and reads where the next one starts.
fn fetch<T: DeserializeOwned + HasId + Send + 'static>(
    client: Client,
    options: RequestOptions,
    request: ApiRequest,
    mode: Mode,
) -> PageFuture<T> {
    Box::pin(async move {
        match mode {
            Mode::Cursor { backward } => {
                let page = client
                    .execute::<List<T>>(request, &options)
                    .await?
                    .into_inner();
                let edge = if backward {
                    page.data.first()
                } else {
                    page.data.last()
                };
                let cursor = edge.and_then(|item| item.id()).map(str::to_owned);
                Ok(Page {
                    done: !page.has_more || cursor.is_none(),
                    cursor,
                    items: page.data,
                })
            }
            Mode::Pages => {
                let page = client
                    .execute::<SearchResult<T>>(request, &options)
                    .await?
                    .into_inner();
                Ok(Page {
                    done: !page.has_more || page.next_page.is_none(),
                    cursor: page.next_page,
                    items: page.data,
                })
            }
        }
    })
}

/// An empty page: what a required list that a body lacked decodes as.
impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            data: Vec::new(),
            has_more: false,
            url: String::new(),
        }
    }
}

/// An empty page: what a required search result that a body lacked decodes as.
impl<T> Default for SearchResult<T> {
    fn default() -> Self {
        SearchResult {
            data: Vec::new(),
            has_more: false,
            next_page: None,
            total_count: None,
            url: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_decode_and_ignore_the_object_tag() {
        let list: List<serde_json::Value> = serde_json::from_str(
            r#"{"object":"list","data":[{"id":"a"}],"has_more":true,"url":"/v1/x"}"#,
        )
        .unwrap();
        assert_eq!(list.data.len(), 1);
        assert!(list.has_more);
        let search: SearchResult<serde_json::Value> = serde_json::from_str(
            r#"{"object":"search_result","data":[],"has_more":false,"next_page":null,"url":"/v1/x/search","total_count":0}"#,
        )
        .unwrap();
        assert_eq!(search.next_page, None);
        assert_eq!(search.total_count, Some(0));
        // Re-serialised with their tags.
        assert_eq!(serde_json::to_value(&list).unwrap()["object"], "list");
        assert_eq!(
            serde_json::to_value(&search).unwrap()["object"],
            "search_result"
        );
    }

    #[test]
    fn an_absent_next_page_stays_absent_and_is_no_drift() {
        for raw in [
            &br#"{"object":"search_result","data":[],"has_more":false,"url":"/v1/x/search"}"#[..],
            br#"{"object":"search_result","data":[],"has_more":false,"next_page":null,"url":"/v1/x/search"}"#,
        ] {
            let (search, drift) =
                super::super::Drift::decode::<SearchResult<serde_json::Value>>(raw).unwrap();
            assert!(drift.is_empty(), "{drift}");
            assert!(serde_json::to_value(&search)
                .unwrap()
                .get("next_page")
                .is_none());
        }
        let raw = br#"{"object":"search_result","data":[],"has_more":true,"next_page":"p2","url":"/v1/x/search"}"#;
        let search: SearchResult<serde_json::Value> = serde_json::from_slice(raw).unwrap();
        assert_eq!(serde_json::to_value(&search).unwrap()["next_page"], "p2");
    }
}
