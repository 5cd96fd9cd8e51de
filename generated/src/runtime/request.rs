//! [`ApiRequest`]: one API call as generated code describes it.

use std::fmt;

/// HTTP method of a Stripe API operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: parameters in the query string.
    Get,
    /// `POST`: parameters in a form body (always sent, possibly empty).
    Post,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name: `GET`, `POST`, `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// A request to send with [`Client::execute`](super::Client::execute): method, path (below the base
/// URL, path parameters already encoded with `encode_path_segment`), and form-encoded query and body.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) body: Option<String>,
}

impl ApiRequest {
    /// A request with no query and no body. `path` starts with `/`, such as `/v1/tokens`.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: String::new(),
            body: None,
        }
    }

    /// Sets the query string, already form-encoded, without the `?` (left out when empty).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query = query.into();
        self
    }

    /// Sets the body, already form-encoded; sent as `application/x-www-form-urlencoded`.
    pub fn form(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// The body to send: the form if set, and an empty one for a `POST` without a form.
    pub(crate) fn body_to_send(&self) -> Option<&str> {
        match (&self.body, self.method) {
            (Some(body), _) => Some(body),
            (None, Method::Post) => Some(""),
            (None, _) => None,
        }
    }
}

/// Shows the method and path; the query and body only by length, as they may hold secrets (card
/// numbers, bank account numbers).
impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &format_args!("<{} bytes>", self.query.len()))
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_to_send() {
        assert_eq!(
            ApiRequest::new(Method::Post, "/v1/tokens").body_to_send(),
            Some("")
        );
        assert_eq!(
            ApiRequest::new(Method::Post, "/v1/tokens")
                .form("a=1")
                .body_to_send(),
            Some("a=1")
        );
        assert_eq!(
            ApiRequest::new(Method::Get, "/v1/tokens/tok_1").body_to_send(),
            None
        );
        assert_eq!(
            ApiRequest::new(Method::Delete, "/v1/customers/cus_1").body_to_send(),
            None
        );
    }

    #[test]
    fn debug_hides_query_and_body() {
        let r = ApiRequest::new(Method::Post, "/v1/tokens".to_owned())
            .query("expand[0]=card".to_owned())
            .form("card[number]=4242424242424242".to_owned());
        let debug = format!("{r:?}");
        assert!(!debug.contains("4242"), "{debug}");
        assert!(debug.contains("/v1/tokens"), "{debug}");
        assert!(debug.contains("<29 bytes>"), "{debug}");
        assert_eq!(Method::Delete.as_str(), "DELETE");
    }
}
