//! [`Response`]: a decoded response body with its status, headers and the raw body.

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::Serialize;

use super::drift::Drift;

/// A successful response: the decoded body (reached through `Deref`) with the response metadata
/// and the body's bytes as they came ([`Response::raw_body`]), so that nothing the server sent is
/// lost, and [`Response::drift`] can tell what the types did not expect.
#[derive(Clone)]
pub struct Response<T> {
    body: T,
    raw: Bytes,
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
        Self::with_raw(body, Bytes::new(), status, headers, idempotency_key)
    }

    /// A response decoded from `raw` (kept without a copy: `Bytes` is shared).
    pub(crate) fn with_raw(
        body: T,
        raw: Bytes,
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
            raw,
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

    /// The body's bytes as received: members the types do not model are here (see
    /// [`Drift::unknown_fields`] for where). Empty for a body returned as bytes
    /// (`execute_bytes`), which is the decoded body itself.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }

    /// What the body carried that the types did not expect: required fields it lacked (decoded
    /// as their type's `Default`), members, object kinds and enum values the types do not know.
    /// Worked out on each call, from the raw body and the decoded value serialised again;
    /// decoding itself does no such work.
    pub fn drift(&self) -> Drift
    where
        T: Serialize,
    {
        Drift::of(&self.raw, &self.body)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    /// The decoded body and metadata; the raw body only by its length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("body", &self.body)
            .field("raw_body_len", &self.raw.len())
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("idempotency_key", &self.idempotency_key)
            .field("headers", &self.headers)
            .finish()
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
        assert!(r.raw_body().is_empty());
        assert_eq!(r.into_inner(), vec![1, 2, 3]);
    }

    #[test]
    fn raw_body_and_drift() {
        let raw = Bytes::from_static(br#"{"a": 1, "b": {"c": 2}}"#);
        let body: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&raw).unwrap();
        let r = Response::with_raw(body, raw, 200, HeaderMap::new(), None);
        assert_eq!(r.raw_body(), br#"{"a": 1, "b": {"c": 2}}"#);
        assert!(r.drift().is_empty(), "{}", r.drift());
        let debug = format!("{r:?}");
        assert!(debug.contains("raw_body_len: 23"), "{debug}");

        #[derive(serde::Deserialize, Serialize)]
        struct Only {
            #[serde(default)]
            a: i64,
            #[serde(default)]
            z: i64,
        }
        let raw = Bytes::from_static(br#"{"a": 1, "b": {"c": 2}}"#);
        let body: Only = serde_json::from_slice(&raw).unwrap();
        let r = Response::with_raw(body, raw, 200, HeaderMap::new(), None);
        let drift = r.drift();
        assert_eq!(drift.missing, ["/z"]);
        assert_eq!(drift.unknown_fields, ["/b"]);
        assert_eq!((r.a, r.z), (1, 0));
    }
}
