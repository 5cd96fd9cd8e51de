//! [`Client`] and its [`ClientBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};

use super::retry::RetryPolicy;
use super::{Error, Redacted};

/// Default timeout of one attempt (connect, send, and read the whole response).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

/// A Stripe API client.
///
/// Cheap to clone (the configuration and the connection pool are shared), and safe to use from many
/// tasks at once. `Debug` output never shows the API key.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// The shared configuration of a [`Client`].
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    /// Without trailing slash; paths are appended to it.
    pub(super) base_url: String,
    /// Whether `base_url` was set with [`ClientBuilder::base_url`] (to something other than
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)): then it overrides a request's own server.
    pub(super) base_url_is_custom: bool,
    pub(super) api_key: Option<String>,
    pub(super) api_version: String,
    pub(super) timeout: Duration,
    pub(super) retry: RetryPolicy,
    /// What every request starts from: `Authorization` (when the client has a key),
    /// `Stripe-Version`, `Accept: application/json`, `User-Agent`, `X-Stripe-Client-User-Agent`.
    /// Built once; a request clones it and adds or overrides its own.
    pub(super) headers: HeaderMap,
}

impl Client {
    /// A client for the given secret key (`sk_…` or a restricted key `rk_…`) with the default
    /// settings: Stripe's API at [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), the API version the
    /// crate was generated for ([`API_VERSION`](crate::API_VERSION)), an 80 s timeout per attempt,
    /// and 2 retries. Use [`Client::builder`] for anything else.
    ///
    /// # Panics
    ///
    /// If the TLS backend cannot be initialized, as `reqwest::Client::new` does.
    pub fn new(secret_key: impl Into<String>) -> Client {
        Client::builder(secret_key)
            .build()
            .expect("the default client configuration is valid")
    }

    /// A builder for a client that authenticates with `secret_key`.
    pub fn builder(secret_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(Some(secret_key.into()))
    }

    /// A builder for a client that sends no `Authorization` header, for a gateway that adds the
    /// credentials itself. A key given per request ([`RequestOptions::api_key`]) is still sent.
    ///
    /// [`RequestOptions::api_key`]: super::RequestOptions::api_key
    pub fn builder_without_key() -> ClientBuilder {
        ClientBuilder::new(None)
    }

    /// The base URL requests go to, without trailing slash: the one set with
    /// [`ClientBuilder::base_url`], or [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL). Without a
    /// base URL set, an operation with its own server (file uploads go to
    /// `https://files.stripe.com`) goes there instead.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `Stripe-Version` sent with every request (unless overridden per request).
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("base_url_is_custom", &inner.base_url_is_custom)
            .field("api_key", &inner.api_key.as_ref().map(|_| Redacted))
            .field("api_version", &inner.api_version)
            .field("timeout", &inner.timeout)
            .field("max_network_retries", &inner.retry.max_retries)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Every setting has a default; [`ClientBuilder::build`] checks them.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    api_version: String,
    timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    fn new(api_key: Option<String>) -> Self {
        Self {
            api_key,
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            api_version: crate::API_VERSION.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// Sends requests to this URL instead of [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL): a mock
    /// server (`http://127.0.0.1:12111`), a proxy or gateway (which may add a path prefix,
    /// `https://gateway.example/stripe`). A trailing slash is ignored.
    ///
    /// Every request goes there, also those of operations that Stripe serves from another host
    /// (file uploads, normally sent to `https://files.stripe.com`), so one mock or gateway sees all
    /// traffic. Setting `DEFAULT_BASE_URL` itself changes nothing: those operations still go to
    /// their own host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sends this `Stripe-Version` instead of [`API_VERSION`](crate::API_VERSION), the version the
    /// crate was generated for (responses of another version may not decode).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// The timeout of each attempt, from connecting until the whole response is read (default
    /// 80 s). Retries get a fresh timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed request may be retried (default 2; 0 disables retries).
    ///
    /// Connection errors, timeouts, 409 and 5xx responses are retried, as are responses with
    /// `Stripe-Should-Retry: true`; responses with `Stripe-Should-Retry: false` and other 4xx are
    /// not. `POST` retries reuse the request's idempotency key, so nothing is done twice.
    pub fn max_network_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The backoff between retries: `initial` before the first retry, doubled for each further one,
    /// at most `max`, each multiplied by a random factor in `[0.5, 1]` but never below `initial`
    /// (defaults 0.5 s and 5 s, as Stripe's SDKs). A `Retry-After` header of at most 60 s
    /// lengthens the wait to itself. Mostly useful to make tests fast.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_delay = initial;
        self.retry.max_delay = max.max(initial);
        self
    }

    /// Uses this `reqwest::Client` (its proxy, TLS and pool settings) instead of a default one.
    /// The timeout and headers are still set per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the base URL is not an absolute `http`/`https` URL without query or
    /// fragment, if the API version is not a valid header value, or if the HTTP client cannot be
    /// built.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = normalize_base_url(&self.base_url)?;
        let base_url_is_custom = base_url != crate::DEFAULT_BASE_URL.trim().trim_end_matches('/');
        let mut headers = HeaderMap::with_capacity(10);
        if let Some(key) = &self.api_key {
            headers.insert(header::AUTHORIZATION, super::execute::bearer(key)?);
        }
        headers.insert(
            super::execute::STRIPE_VERSION,
            HeaderValue::from_str(&self.api_version).map_err(|_| {
                Error::Config(format!("invalid API version {:?}", self.api_version))
            })?,
        );
        headers.insert(header::ACCEPT, super::execute::JSON);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                // Stripe does not redirect; never replay a POST elsewhere.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_str(&user_agent())
                .map_err(|_| Error::Config("invalid User-Agent".to_owned()))?,
        );
        headers.insert(
            super::execute::CLIENT_USER_AGENT,
            HeaderValue::from_str(&client_user_agent())
                .map_err(|_| Error::Config("invalid X-Stripe-Client-User-Agent".to_owned()))?,
        );
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base_url_is_custom,
                api_key: self.api_key,
                api_version: self.api_version,
                timeout: self.timeout,
                retry: self.retry,
                headers,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("api_version", &self.api_version)
            .field("timeout", &self.timeout)
            .field("max_network_retries", &self.retry.max_retries)
            .field("custom_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

/// Checks a base URL and strips its trailing slashes.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let bad = |why: &str| Error::Config(format!("invalid base URL {raw:?}: {why}"));
    let url = reqwest::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if matches!(url.host_str(), None | Some("")) {
        return Err(bad("no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("a query or fragment is not allowed"));
    }
    Ok(trimmed.to_owned())
}

/// `User-Agent`: Stripe's SDK convention, naming this crate and its version.
fn user_agent() -> String {
    format!(
        "Stripe/v1 RustBindings/{} ({})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_NAME")
    )
}

/// `X-Stripe-Client-User-Agent`: the JSON the official SDKs send to describe themselves.
fn client_user_agent() -> String {
    serde_json::json!({
        "bindings_version": env!("CARGO_PKG_VERSION"),
        "lang": "rust",
        "publisher": env!("CARGO_PKG_NAME"),
        "uname": format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Client::new("sk_test_123");
        assert_eq!(c.base_url(), "https://api.stripe.com");
        assert_eq!(c.api_version(), crate::API_VERSION);
        assert_eq!(c.inner.timeout, Duration::from_secs(80));
        assert_eq!(c.inner.retry, RetryPolicy::default());
        assert_eq!(c.inner.api_key.as_deref(), Some("sk_test_123"));
        assert!(Client::builder_without_key()
            .build()
            .unwrap()
            .inner
            .api_key
            .is_none());
    }

    #[test]
    fn debug_redacts_the_key() {
        let builder = Client::builder("sk_test_supersecret").max_network_retries(5);
        let debug = format!("{builder:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("[REDACTED]"), "{debug}");
        let client = builder.build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("api_key: Some([REDACTED])"), "{debug}");
        assert!(debug.contains("max_network_retries: 5"), "{debug}");
        let clone = client.clone();
        assert!(Arc::ptr_eq(&clone.inner, &client.inner));
    }

    #[test]
    fn base_urls() {
        let ok = [
            ("http://127.0.0.1:12111", "http://127.0.0.1:12111"),
            ("http://127.0.0.1:12111/", "http://127.0.0.1:12111"),
            (
                "https://gateway.example/stripe//",
                "https://gateway.example/stripe",
            ),
            (" https://api.stripe.com ", "https://api.stripe.com"),
        ];
        for (raw, expected) in ok {
            assert_eq!(normalize_base_url(raw).unwrap(), expected, "{raw}");
            let c = Client::builder("sk").base_url(raw).build().unwrap();
            assert_eq!(c.base_url(), expected);
            // The default, however written, is not a custom base URL.
            assert_eq!(
                c.inner.base_url_is_custom,
                expected != crate::DEFAULT_BASE_URL,
                "{raw}"
            );
        }
        assert!(!Client::new("sk").inner.base_url_is_custom);
        let c = Client::builder("sk")
            .base_url(format!("{}/", crate::DEFAULT_BASE_URL))
            .build()
            .unwrap();
        assert!(!c.inner.base_url_is_custom);
        for raw in [
            "",
            "api.stripe.com",
            "ftp://x",
            "http://",
            "https://x/?a=1",
            "https://x/#f",
            "not a url",
        ] {
            let e = Client::builder("sk").base_url(raw).build().unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{raw}: {e:?}");
        }
        let e = Client::builder("sk")
            .api_version("2023\n")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }

    #[test]
    fn user_agents() {
        let ua = user_agent();
        assert!(ua.starts_with("Stripe/v1 RustBindings/"), "{ua}");
        assert!(ua.contains(env!("CARGO_PKG_NAME")), "{ua}");
        let json: serde_json::Value = serde_json::from_str(&client_user_agent()).unwrap();
        assert_eq!(json["lang"], "rust");
        assert_eq!(json["bindings_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(json["publisher"], env!("CARGO_PKG_NAME"));
        assert!(json["uname"]
            .as_str()
            .unwrap()
            .contains(std::env::consts::ARCH));
    }

    #[test]
    fn retry_backoff_keeps_max_at_least_initial() {
        let b = Client::builder("sk")
            .retry_backoff(Duration::from_millis(10), Duration::from_millis(1));
        let c = b.build().unwrap();
        assert_eq!(c.inner.retry.initial_delay, Duration::from_millis(10));
        assert_eq!(c.inner.retry.max_delay, Duration::from_millis(10));
    }
}
