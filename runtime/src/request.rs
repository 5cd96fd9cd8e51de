//! [`ApiRequest`]: one API call as generated code (or a raw request) describes it.

use std::fmt;

use super::form::MultipartBody;

/// The content type of a JSON body.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json";

/// Whether `path` is one of API v2 (`/v2/…`).
pub(crate) fn is_v2(path: &str) -> bool {
    path.starts_with("/v2/")
}

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

/// A request to send with [`Client::execute`](super::Client::execute) (or
/// [`Client::execute_bytes`](super::Client::execute_bytes)): method, path (below the base URL, path
/// parameters already encoded with `encode_path_segment`), form-encoded query, a body (form or
/// multipart), and optionally the operation's own server, an `Accept` type and the path template
/// (for tracing).
///
/// Generated operations build these; [`Client::request`](super::Client::request) builds one from
/// a method, a path and parameters. Build one by hand for anything else:
///
/// ```ignore
/// let request = ApiRequest::new(Method::Get, "/v1/balance");
/// let balance = client.execute::<serde_json::Value>(request, &RequestOptions::new()).await?;
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) path_template: Option<&'static str>,
    pub(crate) query: String,
    pub(crate) body: Option<Body>,
    pub(crate) server: Option<&'static str>,
    pub(crate) accept: Option<&'static str>,
}

/// The body of an [`ApiRequest`].
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// `application/x-www-form-urlencoded`.
    Form(String),
    /// `multipart/form-data`, with its own content type.
    Multipart(MultipartBody),
    /// `application/json` (API v2; see `json_body.rs`).
    Json(Vec<u8>),
}

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

impl ApiRequest {
    /// A request with no query and no body. `path` starts with `/`, such as `/v1/tokens`.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            path_template: None,
            query: String::new(),
            body: None,
            server: None,
            accept: None,
        }
    }

    /// The operation's path template, such as `/v1/tokens/{token}`, named in the `path` field of
    /// the request's tracing span instead of the path with its ids. Without it, the path itself
    /// is named.
    pub fn path_template(mut self, template: &'static str) -> Self {
        self.path_template = Some(template);
        self
    }

    /// The path named in tracing: the template when set, else the path.
    pub(crate) fn traced_path(&self) -> &str {
        self.path_template.unwrap_or(&self.path)
    }

    /// Sets the query string, already form-encoded, without the `?` (left out when empty).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query = query.into();
        self
    }

    /// Sets the body, already form-encoded; sent as `application/x-www-form-urlencoded`. Replaces
    /// a body set before (by this method or [`ApiRequest::multipart`]).
    pub fn form(mut self, body: impl Into<String>) -> Self {
        self.body = Some(Body::Form(body.into()));
        self
    }

    /// Sets a `multipart/form-data` body (made by `to_multipart`, for operations that upload a
    /// file), sent with its own `Content-Type` (`multipart/form-data; boundary=…`). Replaces a body
    /// set before (by this method or [`ApiRequest::form`]).
    pub fn multipart(mut self, body: MultipartBody) -> Self {
        self.body = Some(Body::Multipart(body));
        self
    }

    /// Sends the request to the operation's own server, such as `https://files.stripe.com` for
    /// file uploads (a trailing slash is ignored), instead of the client's default base URL.
    ///
    /// Which base URL a request goes to:
    ///
    /// * if the client's base URL was set with
    ///   [`ClientBuilder::base_url`](super::ClientBuilder::base_url) (a mock server, a gateway),
    ///   every request goes there, whatever its server;
    /// * otherwise a request with a server goes to that server, and every other request to the
    ///   default base URL ([`ClientBuilder::default_base_url`](super::ClientBuilder::default_base_url)).
    ///
    /// A base URL set to the default base URL itself counts as not set.
    pub fn server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Sets the `Accept` header, such as `application/pdf` for an operation that returns a file
    /// (read it with [`Client::execute_bytes`](super::Client::execute_bytes)). Without it,
    /// `application/json` is sent.
    ///
    /// An error response is still read as Stripe's JSON error object, whatever was accepted.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = Some(media_type);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path below the base URL, path parameters encoded (`/v1/tokens/tok_1`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The form-encoded query string, without `?` (empty when there is none).
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// The operation's own server, when it has one.
    pub fn server_url(&self) -> Option<&'static str> {
        self.server
    }

    /// The body as it will be sent (an empty form for a `POST` without one) and its content type.
    pub fn body(&self) -> Option<(&[u8], &str)> {
        self.body_to_send()
    }

    /// The body to send and its content type: the body if set; for a `POST` without one, an
    /// empty form (v1), or an empty JSON object `{}` (API v2, whose bodies are JSON).
    pub(crate) fn body_to_send(&self) -> Option<(&[u8], &str)> {
        match (&self.body, self.method) {
            (Some(Body::Form(body)), _) => Some((body.as_bytes(), FORM_CONTENT_TYPE)),
            (Some(Body::Multipart(body)), _) => Some((body.bytes(), body.content_type())),
            (Some(Body::Json(body)), _) => Some((body, JSON_CONTENT_TYPE)),
            (None, Method::Post) if is_v2(&self.path) => Some((b"{}", JSON_CONTENT_TYPE)),
            (None, Method::Post) => Some((b"", FORM_CONTENT_TYPE)),
            (None, _) => None,
        }
    }
}

/// Shows the method, path, server and accepted type; the query and body only by length, as they
/// may hold secrets (card numbers, bank account numbers).
impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_ref().map(|body| match body {
            Body::Form(form) => format!("<{} bytes>", form.len()),
            Body::Multipart(multipart) => {
                format!("<{} bytes multipart/form-data>", multipart.bytes().len())
            }
            Body::Json(json) => format!("<{} bytes application/json>", json.len()),
        });
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("path_template", &self.path_template)
            .field("query", &format_args!("<{} bytes>", self.query.len()))
            .field("body", &body)
            .field("server", &self.server)
            .field("accept", &self.accept)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::form::{FileUpload, FormWriter, Key};
    use super::*;

    const FORM: &str = "application/x-www-form-urlencoded";

    #[test]
    fn body_to_send() {
        assert_eq!(
            ApiRequest::new(Method::Post, "/v1/tokens").body_to_send(),
            Some((&b""[..], FORM))
        );
        assert_eq!(
            ApiRequest::new(Method::Post, "/v1/tokens")
                .form("a=1")
                .body_to_send(),
            Some((&b"a=1"[..], FORM))
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

    fn upload_body() -> MultipartBody {
        let mut w = FormWriter::multipart_with_boundary("b0undary");
        let root = Key::root();
        w.pair(&root.field("purpose"), "dispute_evidence");
        w.file(
            &root.field("file"),
            &FileUpload::new("secret.pdf", b"4242424242424242".to_vec()),
        );
        w.finish_multipart().unwrap()
    }

    #[test]
    fn multipart_body_replaces_the_form() {
        let body = upload_body();
        let expected_len = body.bytes().len();
        let r = ApiRequest::new(Method::Post, "/v1/files")
            .form("a=1")
            .multipart(body.clone());
        assert_eq!(
            r.body_to_send(),
            Some((body.bytes(), "multipart/form-data; boundary=b0undary"))
        );
        let debug = format!("{r:?}");
        assert!(!debug.contains("4242"), "{debug}");
        assert!(!debug.contains("dispute_evidence"), "{debug}");
        assert!(
            debug.contains(&format!("<{expected_len} bytes multipart/form-data>")),
            "{debug}"
        );
        // The last body set wins.
        let r = r.form("b=2");
        assert_eq!(r.body_to_send(), Some((&b"b=2"[..], FORM)));
        // A body on a GET is sent as given (generated code never does this).
        let r = ApiRequest::new(Method::Get, "/v1/x").multipart(body.clone());
        assert_eq!(r.body_to_send().map(|(b, _)| b.len()), Some(expected_len));
    }

    #[test]
    fn server_and_accept() {
        let r = ApiRequest::new(Method::Get, "/v1/quotes/qt_1/pdf");
        assert_eq!((r.server, r.accept), (None, None));
        let r = r
            .server("https://files.stripe.com/")
            .accept("application/pdf");
        assert_eq!(r.server, Some("https://files.stripe.com/"));
        assert_eq!(r.accept, Some("application/pdf"));
        let debug = format!("{r:?}");
        assert!(debug.contains("files.stripe.com"), "{debug}");
        assert!(debug.contains("application/pdf"), "{debug}");
    }

    #[test]
    fn getters_show_what_is_sent() {
        let r = ApiRequest::new(Method::Get, "/v1/tokens/tok_1")
            .query("expand[0]=card")
            .server("https://files.stripe.com");
        assert_eq!(r.method(), Method::Get);
        assert_eq!(r.path(), "/v1/tokens/tok_1");
        assert_eq!(r.query_string(), "expand[0]=card");
        assert_eq!(r.server_url(), Some("https://files.stripe.com"));
        assert_eq!(r.body(), None);
        let post = ApiRequest::new(Method::Post, "/v1/tokens");
        assert_eq!(post.body(), Some((&b""[..], FORM)));
    }

    #[test]
    fn traced_path_is_the_template_when_given() {
        let r = ApiRequest::new(Method::Get, "/v1/tokens/tok_1");
        assert_eq!(r.traced_path(), "/v1/tokens/tok_1");
        let r = r.path_template("/v1/tokens/{token}");
        assert_eq!(r.traced_path(), "/v1/tokens/{token}");
        assert!(format!("{r:?}").contains("/v1/tokens/{token}"));
    }
}
