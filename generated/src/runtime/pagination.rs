//! List pages, search-result pages, and [`Paginator`], which walks through
//! every item of a paginated operation one page at a time.

use std::collections::VecDeque;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{ApiRequest, Client, Error, HasId, RequestOptions};

/// One page of a list (`"object": "list"`).
///
/// Serialised with its `"object": "list"`, as received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "object", rename = "list")]
#[non_exhaustive]
pub struct List<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether more items follow this page.
    pub has_more: bool,
    /// The URL this list is read from.
    pub url: String,
}

/// One page of search results (`"object": "search_result"`).
///
/// Serialised with its `"object": "search_result"`, as received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "object", rename = "search_result")]
#[non_exhaustive]
pub struct SearchResult<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether more results follow this page.
    pub has_more: bool,
    /// The cursor to pass as `page` for the next page, when there is one.
    #[serde(default)]
    pub next_page: Option<String>,
    /// How many objects match the query (exact up to 10,000), when Stripe says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The URL this search is read from.
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

/// Every item of a paginated operation, fetched page by page as needed.
/// Items are objects with ids ([`HasId`]); cursor pagination continues from
/// the last (or, going backward, the first) item's id.
///
/// ```ignore
/// let mut customers = client.customers().list_auto_paging(&ListCustomer::new());
/// while let Some(customer) = customers.next().await {
///     println!("{}", customer?.id);
/// }
/// ```
pub struct Paginator<T> {
    client: Client,
    options: RequestOptions,
    request: MakeRequest,
    mode: Mode,
    buffer: VecDeque<T>,
    cursor: Option<String>,
    done: bool,
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("mode", &self.mode)
            .field("buffered", &self.buffer.len())
            .field("cursor", &self.cursor)
            .field("done", &self.done)
            .finish()
    }
}

impl<T: DeserializeOwned + HasId> Paginator<T> {
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
    /// for again on the next call.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        if self.buffer.is_empty() && !self.done {
            if let Err(e) = self.fetch().await {
                return Some(Err(e));
            }
        }
        self.buffer.pop_front().map(Ok)
    }

    async fn fetch(&mut self) -> Result<(), Error> {
        let request = (self.request)(self.cursor.as_deref());
        match self.mode {
            Mode::Cursor { backward } => {
                let page = self
                    .client
                    .execute::<List<T>>(request, &self.options)
                    .await?;
                let page = page.into_inner();
                let edge = if backward {
                    page.data.first()
                } else {
                    page.data.last()
                };
                let cursor = edge.and_then(|item| item.id()).map(str::to_owned);
                self.done = !page.has_more || cursor.is_none();
                self.cursor = cursor;
                self.buffer.extend(page.data);
            }
            Mode::Pages => {
                let page = self
                    .client
                    .execute::<SearchResult<T>>(request, &self.options)
                    .await?;
                let page = page.into_inner();
                self.done = !page.has_more || page.next_page.is_none();
                self.cursor = page.next_page;
                self.buffer.extend(page.data);
            }
        }
        Ok(())
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
}
