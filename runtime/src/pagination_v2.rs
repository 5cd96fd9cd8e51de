//! API v2 list pages ([`V2List`]) and [`V2Paginator`], which walks every item of a v2 list by
//! following each page's `next_page_url`.
//!
//! A v2 list answers `{"data": [...], "next_page_url": "/v2/core/events?page=…",
//! "previous_page_url": …}`: no `object`, `has_more` or `url`. The next page is a `GET` of
//! `next_page_url` (a path and query; an absolute URL is reduced to its path and query) on the
//! client's base URL (or the list operation's own server), with the same options; the list ends
//! when `next_page_url` is `null`.

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
use super::options::RequestOptions;
use super::request::{ApiRequest, Method};

/// One page of an API v2 list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct V2List<T> {
    /// The items on this page.
    #[serde(default = "Vec::new", deserialize_with = "super::object::or_default")]
    pub data: Vec<T>,
    /// The path and query of the next page (`/v2/core/events?page=…`); `null` on the last page.
    #[serde(default)]
    pub next_page_url: Option<String>,
    /// The path and query of the previous page; `null` on the first page.
    #[serde(default)]
    pub previous_page_url: Option<String>,
}

impl<T> V2List<T> {
    /// A page holding `data`, with the given links (for tests and test doubles).
    pub fn new(
        data: Vec<T>,
        next_page_url: Option<String>,
        previous_page_url: Option<String>,
    ) -> Self {
        V2List {
            data,
            next_page_url,
            previous_page_url,
        }
    }
}

/// The request of the page at `url` (a `next_page_url`): `first` (its server, options of the
/// request such as `Accept`, and path template) with the path and query of `url`, as a `GET`.
///
/// # Errors
///
/// [`Error::Config`] if `url` holds no path (it is Stripe's answer, but a test double or a
/// gateway could send anything).
pub(crate) fn request_for(first: &ApiRequest, url: &str) -> Result<ApiRequest, Error> {
    let relative = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => url,
    };
    if !relative.starts_with('/') {
        return Err(Error::Config(format!(
            "the list's next_page_url {url:?} is not a path such as /v2/core/events?page=…"
        )));
    }
    let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
    let mut request = first.clone();
    request.method = Method::Get;
    request.body = None;
    request.path = path.to_owned();
    request.query = query.to_owned();
    Ok(request)
}

/// One page as the paginator needs it.
struct Page<T> {
    items: Vec<T>,
    next: Option<ApiRequest>,
}

/// A page on its way (owning a clone of the client and options: see [`super::Paginator`]).
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;

/// Every item of an API v2 list, fetched page by page as needed by following `next_page_url`.
///
/// Walk it with `next().await`, or as a [`Stream`]:
///
/// ```ignore
/// let request = ApiRequest::new(Method::Get, "/v2/core/events").query("limit=20");
/// let mut events = V2Paginator::<serde_json::Value>::new(client, RequestOptions::new(), request);
/// while let Some(event) = events.next().await {
///     println!("{}", event?["id"]);
/// }
/// ```
///
/// A page that fails is an `Err` item; the next call asks for the same page again. A page whose
/// `next_page_url` leads back to itself ends the walk (it would be asked for forever).
pub struct V2Paginator<T> {
    client: Client,
    options: RequestOptions,
    /// The request of the next page; `None` once the last page was read.
    next: Option<ApiRequest>,
    buffer: VecDeque<T>,
    pending: Option<PageFuture<T>>,
}

// No field is ever pinned in place (the page future is boxed).
impl<T> Unpin for V2Paginator<T> {}

impl<T> fmt::Debug for V2Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V2Paginator")
            .field("next", &self.next)
            .field("buffered", &self.buffer.len())
            .field("fetching", &self.pending.is_some())
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> V2Paginator<T> {
    /// Walks the list whose first page `first` asks for (a `GET` of a v2 list operation, with its
    /// query: `limit`, filters), sending every page's request with `options`.
    pub fn new(client: Client, options: RequestOptions, first: ApiRequest) -> Self {
        V2Paginator {
            client,
            options,
            next: Some(first),
            buffer: VecDeque::new(),
            pending: None,
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

    /// The next item, requesting the next page when this one is used up; `None` after the last
    /// item. After an error, the same page is asked for again on the next call.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            let pending = match &mut self.pending {
                Some(pending) => pending,
                None => {
                    let Some(request) = self.next.clone() else {
                        return Poll::Ready(None);
                    };
                    let future = fetch(self.client.clone(), self.options.clone(), request);
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
                    let loops = match (&page.next, &self.next) {
                        (Some(next), Some(current)) => {
                            next.path == current.path && next.query == current.query
                        }
                        _ => false,
                    };
                    self.next = if loops { None } else { page.next };
                    self.buffer.extend(page.items);
                }
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}

/// The items of a v2 list as a `futures_core::Stream`: the same sequence as
/// [`V2Paginator::next`].
impl<T: DeserializeOwned + Send + 'static> Stream for V2Paginator<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        let done = self.next.is_none() && self.pending.is_none();
        (buffered, done.then_some(buffered))
    }
}

/// Requests one page and builds the request of the next one.
fn fetch<T: DeserializeOwned + Send + 'static>(
    client: Client,
    options: RequestOptions,
    request: ApiRequest,
) -> PageFuture<T> {
    Box::pin(async move {
        let page = client
            .execute::<V2List<T>>(request.clone(), &options)
            .await?
            .into_inner();
        let next = match &page.next_page_url {
            Some(url) => Some(request_for(&request, url)?),
            None => None,
        };
        Ok(Page {
            items: page.data,
            next,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn pages_decode_and_serialise_as_received() {
        let raw = json!({
            "data": [{"id": "evt_1"}],
            "next_page_url": "/v2/core/events?page=p2",
            "previous_page_url": null
        });
        let page: V2List<Value> = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(page.data.len(), 1);
        assert_eq!(
            page.next_page_url.as_deref(),
            Some("/v2/core/events?page=p2")
        );
        assert_eq!(page.previous_page_url, None);
        assert_eq!(serde_json::to_value(&page).unwrap(), raw);
        // Missing or null members are empty, as elsewhere in the runtime.
        let page: V2List<Value> = serde_json::from_str(r#"{"data": null}"#).unwrap();
        assert_eq!(page, V2List::new(vec![], None, None));
        assert!(serde_json::from_str::<V2List<Value>>(r#"{"data": {}}"#).is_err());
    }

    #[test]
    fn the_next_request_is_a_get_of_the_url_with_the_first_request_s_server() {
        let first = ApiRequest::new(Method::Get, "/v2/core/events")
            .query("limit=2")
            .server("https://meter-events.stripe.com/")
            .path_template("/v2/core/events");
        let next = request_for(&first, "/v2/core/events?page=p2&limit=2").unwrap();
        assert_eq!(next.method, Method::Get);
        assert_eq!(next.path, "/v2/core/events");
        assert_eq!(next.query, "page=p2&limit=2");
        assert_eq!(next.server, first.server);
        assert_eq!(next.path_template, first.path_template);
        let next = request_for(&first, "https://api.stripe.com/v2/core/events?page=p3").unwrap();
        assert_eq!(
            (next.path.as_str(), next.query.as_str()),
            ("/v2/core/events", "page=p3")
        );
        let next = request_for(&first, "/v2/core/events").unwrap();
        assert_eq!(next.query, "");
        for bad in ["", "page=p2", "https://api.stripe.com", "v2/core/events"] {
            let e = request_for(&first, bad).unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{bad}: {e:?}");
        }
    }
}
