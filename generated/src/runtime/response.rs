//! [`Response`]: a decoded response body with its status and headers.

use std::ops::Deref;

use reqwest::header::HeaderMap;

/// A successful response: the decoded body (reached through `Deref`) with the response metadata.
#[derive(Clone, Debug)]
pub struct Response<T> {
    body: T,
    status: u16,
    request_id: Option<String>,
    idempotency_key: Option<String>,
    headers: HeaderMap,
}

impl<T> Response<T> {
    pub(crate) fn new(
        body: T,
        status: u16,
        headers: HeaderMap,
        idempotency_key: Option<String>,
    ) -> Self {
        let request_id = headers
            .get("request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Self {
            body,
            status,
            request_id,
            idempotency_key,
            headers,
        }
    }

    /// The `Request-Id` header Stripe sends with every response (quote it to Stripe support).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Idempotency-Key` the request was sent with (given or generated), if any.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.body
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> AsRef<T> for Response<T> {
    fn as_ref(&self) -> &T {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn accessors_and_deref() {
        let mut headers = HeaderMap::new();
        headers.insert("Request-Id", HeaderValue::from_static("req_1"));
        let r = Response::new(vec![1, 2, 3], 200, headers, Some("key".to_owned()));
        assert_eq!(r.len(), 3);
        assert_eq!(r.request_id(), Some("req_1"));
        assert_eq!(r.status(), 200);
        assert_eq!(r.idempotency_key(), Some("key"));
        assert_eq!(r.headers()["request-id"], "req_1");
        assert_eq!(r.as_ref(), &vec![1, 2, 3]);
        assert_eq!(r.into_inner(), vec![1, 2, 3]);
    }
}
