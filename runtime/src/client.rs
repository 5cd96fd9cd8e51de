//! [`Client`] and its [`ClientBuilder`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};

use super::body::DEFAULT_MAX_RESPONSE_SIZE;
use super::error::Error;
use super::headers;
use super::redacted::Redacted;
use super::reqwest_transport::ReqwestTransport;
use super::retry::RetryPolicy;
use super::telemetry::Telemetry;
use super::transport::Transport;

/// Default timeout of one attempt (connect, send, and read the whole response).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

/// Stripe's API, where requests go unless the builder names another URL
/// ([`ClientBuilder::default_base_url`], [`ClientBuilder::base_url`]).
pub const STRIPE_API_BASE: &str = "https://api.stripe.com";

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
    /// Sends each attempt.
    pub(super) transport: Arc<dyn Transport>,
    /// Without trailing slash; paths are appended to it.
    pub(super) base_url: String,
    /// Whether `base_url` was set with [`ClientBuilder::base_url`] (to something other than the
    /// default base URL): then it overrides a request's own server.
    pub(super) base_url_is_custom: bool,
    pub(super) api_key: Option<String>,
    /// `None`: no `Stripe-Version` header, so Stripe uses the account's default version.
    pub(super) api_version: Option<String>,
    pub(super) timeout: Duration,
    pub(super) retry: RetryPolicy,
    /// The largest response body accepted, in bytes.
    pub(super) max_response_size: u64,
    /// The previous request's metrics, for `X-Stripe-Client-Telemetry`; `None` when disabled.
    pub(super) telemetry: Option<Telemetry>,
    /// What every request starts from: `Authorization` (when the client has a key),
    /// `Stripe-Version`, `Accept: application/json`, `User-Agent`, `X-Stripe-Client-User-Agent`.
    /// Built once; a request clones it and adds or overrides its own.
    pub(super) headers: HeaderMap,
}

impl Client {
    /// A client for the given secret key (`sk_…` or a restricted key `rk_…`) with the default
    /// settings: Stripe's API at [`STRIPE_API_BASE`], no `Stripe-Version` header (the account's
    /// default API version: a generated crate's own `Client::new` sends the version it was
    /// generated for), an 80 s timeout per attempt, 2 retries, responses up to 64 MiB, and
    /// telemetry on. Use [`Client::builder`] for anything else.
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
    /// [`ClientBuilder::base_url`], or the default one. Without a
    /// base URL set, an operation with its own server (file uploads go to
    /// `https://files.stripe.com`) goes there instead.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `Stripe-Version` sent with every request (unless overridden per request); `None` when
    /// none is sent (the account's default version).
    pub fn api_version(&self) -> Option<&str> {
        self.inner.api_version.as_deref()
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
            .field("max_response_size", &inner.max_response_size)
            .field("telemetry", &inner.telemetry.is_some())
            .finish_non_exhaustive()
    }
}

/// The application using the client, named in the user agent
/// ([`ClientBuilder::app_info`]).
#[derive(Clone, Debug, PartialEq, Eq)]
struct AppInfo {
    name: String,
    version: Option<String>,
    url: Option<String>,
}

/// The package named in the user agents: `stripe-runtime` itself unless the generated crate
/// names itself ([`ClientBuilder::bindings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bindings {
    name: &'static str,
    version: &'static str,
}

const RUNTIME_BINDINGS: Bindings = Bindings {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};

/// Configures a [`Client`]. Every setting has a default; [`ClientBuilder::build`] checks them.
///
/// `C` is what [`build`](ClientBuilder::build) returns: the runtime's [`Client`], or a generated
/// crate's own client wrapping it (`C: From<Client>`), so one builder serves both and a
/// generated `Client::builder(key)` is this builder with the crate's API version and base URL
/// filled in.
pub struct ClientBuilder<C = Client> {
    api_key: Option<String>,
    /// Where requests go unless `base_url` is set; an operation's own server wins over it.
    default_base_url: String,
    base_url: Option<String>,
    api_version: Option<String>,
    timeout: Duration,
    retry: RetryPolicy,
    transport: Option<Arc<dyn Transport>>,
    max_response_size: u64,
    telemetry: bool,
    app_info: Option<AppInfo>,
    bindings: Bindings,
    stripe_context: Option<String>,
    built: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            api_key: self.api_key.clone(),
            default_base_url: self.default_base_url.clone(),
            base_url: self.base_url.clone(),
            api_version: self.api_version.clone(),
            timeout: self.timeout,
            retry: self.retry,
            transport: self.transport.clone(),
            max_response_size: self.max_response_size,
            telemetry: self.telemetry,
            app_info: self.app_info.clone(),
            bindings: self.bindings,
            stripe_context: self.stripe_context.clone(),
            built: PhantomData,
        }
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with every default: authenticating with `api_key` (`None`: no `Authorization`
    /// header, see [`Client::builder_without_key`]), requests to [`STRIPE_API_BASE`], no
    /// `Stripe-Version`.
    pub fn new(api_key: Option<String>) -> Self {
        Self {
            api_key,
            default_base_url: STRIPE_API_BASE.to_owned(),
            base_url: None,
            api_version: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            transport: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            telemetry: true,
            app_info: None,
            bindings: RUNTIME_BINDINGS,
            stripe_context: None,
            built: PhantomData,
        }
    }

    /// Where requests go when no [`base_url`](Self::base_url) is set (default
    /// [`STRIPE_API_BASE`]): a generated crate passes its spec's server. Unlike `base_url`, an
    /// operation with its own server (file uploads) still goes there.
    pub fn default_base_url(mut self, url: impl Into<String>) -> Self {
        self.default_base_url = url.into();
        self
    }

    /// The package and version the user agents name (`Stripe/v1 RustBindings/<version> (<name>)`,
    /// `publisher` and `bindings_version` in `X-Stripe-Client-User-Agent`): a generated crate
    /// passes its own (`env!("CARGO_PKG_NAME")`, `env!("CARGO_PKG_VERSION")`); by default this
    /// runtime's.
    pub fn bindings(mut self, name: &'static str, version: &'static str) -> Self {
        self.bindings = Bindings { name, version };
        self
    }

    /// Sends requests to this URL instead of the default base URL: a mock
    /// server (`http://127.0.0.1:12111`), a proxy or gateway (which may add a path prefix,
    /// `https://gateway.example/stripe`). A trailing slash is ignored.
    ///
    /// Every request goes there, also those of operations that Stripe serves from another host
    /// (file uploads, normally sent to `https://files.stripe.com`), so one mock or gateway sees all
    /// traffic. Setting the default base URL itself changes nothing: those operations still go
    /// to their own host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends this `Stripe-Version` with every request (a generated crate's builder starts with
    /// the version it was generated for; responses of another version may not decode).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
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
        self.transport = Some(Arc::new(ReqwestTransport::from_client(client)));
        self
    }

    /// Sends every attempt through `transport` (your own HTTP stack, a recording proxy, a test
    /// double) instead of the default [`ReqwestTransport`]. Retries, idempotency keys, telemetry,
    /// tracing, the timeout, the size limit and decoding stay the client's.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The largest response body accepted, in bytes (default 64 MiB). A larger one fails the
    /// request with [`Error::ResponseTooLarge`]: at once when its `Content-Length` says so, or once
    /// that many bytes have arrived (bodies are read piece by piece, never past the limit). Such a
    /// request is not retried.
    ///
    /// No Stripe response comes near the default: a JSON list page of 100 objects is a few
    /// hundred kilobytes, and files, the largest bodies, are at most 16 MB.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Whether to send `X-Stripe-Client-Telemetry` (default on): with each request, the request
    /// id and duration of the client's previous one, as Stripe's official SDKs do, so that Stripe
    /// can see the latency its users get. Nothing else is sent in it.
    pub fn telemetry(mut self, enabled: bool) -> Self {
        self.telemetry = enabled;
        self
    }

    /// Names the application (a plugin, a platform) that makes the requests, as the official SDKs
    /// let one do: appended to the `User-Agent` as `name/version (url)` and sent as `application`
    /// in `X-Stripe-Client-User-Agent`, so that Stripe can tell whose traffic it is.
    ///
    /// ```ignore
    /// let client = Client::builder(key)
    ///     .app_info("MyPlugin", Some("1.2.0"), Some("https://myplugin.example"))
    ///     .build()?;
    /// ```
    pub fn app_info(
        mut self,
        name: impl Into<String>,
        version: Option<&str>,
        url: Option<&str>,
    ) -> Self {
        self.app_info = Some(AppInfo {
            name: name.into(),
            version: version.map(str::to_owned),
            url: url.map(str::to_owned),
        });
        self
    }

    /// Sends `Stripe-Context: <context>` with every request (API v2: the account, or chain of
    /// accounts such as `acct_1/acct_2`, the requests act in), unless a request sets its own
    /// ([`RequestOptions::stripe_context`](super::RequestOptions::stripe_context)).
    pub fn stripe_context(mut self, context: impl Into<String>) -> Self {
        self.stripe_context = Some(context.into());
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the base URL is not an absolute `http`/`https` URL without query or
    /// fragment, if the API version or the app info is not a valid header value, or if the HTTP
    /// client cannot be built.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        let default_base_url = normalize_base_url(&self.default_base_url)?;
        let base_url = match &self.base_url {
            Some(url) => normalize_base_url(url)?,
            None => default_base_url.clone(),
        };
        let base_url_is_custom = base_url != default_base_url;
        let mut headers = HeaderMap::with_capacity(10);
        if let Some(key) = &self.api_key {
            headers.insert(header::AUTHORIZATION, headers::bearer(key)?);
        }
        if let Some(version) = &self.api_version {
            headers.insert(
                headers::STRIPE_VERSION,
                HeaderValue::from_str(version)
                    .map_err(|_| Error::Config(format!("invalid API version {version:?}")))?,
            );
        }
        headers.insert(header::ACCEPT, headers::JSON);
        if let Some(context) = &self.stripe_context {
            headers.insert(headers::STRIPE_CONTEXT, headers::stripe_context(context)?);
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => Arc::new(ReqwestTransport::new()?),
        };
        let app_info = self.app_info.as_ref();
        if let Some(app) = app_info {
            if app.name.trim().is_empty() {
                return Err(Error::Config("the app info has an empty name".to_owned()));
            }
        }
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_str(&user_agent(&self.bindings, app_info)).map_err(|_| {
                Error::Config(format!(
                    "invalid User-Agent (is the app info a valid header value?): {:?}",
                    user_agent(&self.bindings, app_info)
                ))
            })?,
        );
        headers.insert(
            headers::CLIENT_USER_AGENT,
            HeaderValue::from_str(&client_user_agent(&self.bindings, app_info))
                .map_err(|_| Error::Config("invalid X-Stripe-Client-User-Agent".to_owned()))?,
        );
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                base_url_is_custom,
                api_key: self.api_key,
                api_version: self.api_version,
                timeout: self.timeout,
                retry: self.retry,
                max_response_size: self.max_response_size,
                telemetry: self.telemetry.then(Telemetry::default),
                headers,
            }),
        }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("default_base_url", &self.default_base_url)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("api_version", &self.api_version)
            .field("timeout", &self.timeout)
            .field("max_network_retries", &self.retry.max_retries)
            .field("custom_transport", &self.transport.is_some())
            .field("max_response_size", &self.max_response_size)
            .field("telemetry", &self.telemetry)
            .field("app_info", &self.app_info)
            .field("stripe_context", &self.stripe_context)
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

/// `User-Agent`: Stripe's SDK convention, naming this crate and its version, then the app, if
/// given, as `name/version (url)` (the version and URL when given).
fn user_agent(bindings: &Bindings, app_info: Option<&AppInfo>) -> String {
    let mut agent = format!(
        "Stripe/v1 RustBindings/{} ({})",
        bindings.version, bindings.name
    );
    if let Some(app) = app_info {
        agent.push(' ');
        agent.push_str(&app.name);
        if let Some(version) = &app.version {
            agent.push('/');
            agent.push_str(version);
        }
        if let Some(url) = &app.url {
            agent.push_str(" (");
            agent.push_str(url);
            agent.push(')');
        }
    }
    agent
}

/// `X-Stripe-Client-User-Agent`: the JSON the official SDKs send to describe themselves, with the
/// app as `application` (`name`, and `version` and `url` when given).
fn client_user_agent(bindings: &Bindings, app_info: Option<&AppInfo>) -> String {
    let mut json = serde_json::json!({
        "bindings_version": bindings.version,
        "lang": "rust",
        "publisher": bindings.name,
        "uname": format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    });
    if let Some(app) = app_info {
        let mut application = serde_json::Map::new();
        application.insert("name".to_owned(), app.name.clone().into());
        if let Some(version) = &app.version {
            application.insert("version".to_owned(), version.clone().into());
        }
        if let Some(url) = &app.url {
            application.insert("url".to_owned(), url.clone().into());
        }
        json["application"] = application.into();
    }
    json.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Client::new("sk_test_123");
        assert_eq!(c.base_url(), "https://api.stripe.com");
        assert_eq!(c.api_version(), None);
        assert!(c
            .inner
            .headers
            .get(super::headers::STRIPE_VERSION)
            .is_none());
        let versioned = Client::builder("sk")
            .api_version("2024-04-10")
            .build()
            .unwrap();
        assert_eq!(versioned.api_version(), Some("2024-04-10"));
        assert_eq!(
            versioned.inner.headers[super::headers::STRIPE_VERSION],
            "2024-04-10"
        );
        assert_eq!(c.inner.timeout, Duration::from_secs(80));
        assert_eq!(c.inner.retry, RetryPolicy::default());
        assert_eq!(c.inner.api_key.as_deref(), Some("sk_test_123"));
        assert_eq!(c.inner.max_response_size, 64 * 1024 * 1024);
        assert!(c.inner.telemetry.is_some());
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
                expected != STRIPE_API_BASE,
                "{raw}"
            );
        }
        assert!(!Client::new("sk").inner.base_url_is_custom);
        let c = Client::builder("sk")
            .base_url(format!("{STRIPE_API_BASE}/"))
            .build()
            .unwrap();
        assert!(!c.inner.base_url_is_custom);
        // A generated crate's default base URL is no custom one; a base URL set over it is.
        let c = Client::builder("sk")
            .default_base_url("https://example.test/")
            .build()
            .unwrap();
        assert_eq!(c.base_url(), "https://example.test");
        assert!(!c.inner.base_url_is_custom);
        let c = Client::builder("sk")
            .default_base_url("https://example.test")
            .base_url(STRIPE_API_BASE)
            .build()
            .unwrap();
        assert_eq!(c.base_url(), STRIPE_API_BASE);
        assert!(c.inner.base_url_is_custom);
        let e = Client::builder("sk")
            .default_base_url("nope")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
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
        let ua = user_agent(&RUNTIME_BINDINGS, None);
        assert!(ua.starts_with("Stripe/v1 RustBindings/"), "{ua}");
        assert!(
            ua.ends_with(&format!("({})", env!("CARGO_PKG_NAME"))),
            "{ua}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&client_user_agent(&RUNTIME_BINDINGS, None)).unwrap();
        assert!(json.get("application").is_none());
        assert_eq!(json["lang"], "rust");
        assert_eq!(json["bindings_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(json["publisher"], env!("CARGO_PKG_NAME"));
        let named = Client::builder("sk")
            .bindings("stripe-client", "9.9.9")
            .build()
            .unwrap();
        assert_eq!(
            named.inner.headers[header::USER_AGENT],
            "Stripe/v1 RustBindings/9.9.9 (stripe-client)"
        );
        let json: serde_json::Value = serde_json::from_str(
            named.inner.headers[super::headers::CLIENT_USER_AGENT]
                .to_str()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(json["publisher"], "stripe-client");
        assert_eq!(json["bindings_version"], "9.9.9");
        assert!(json["uname"]
            .as_str()
            .unwrap()
            .contains(std::env::consts::ARCH));
    }

    #[test]
    fn app_info_in_both_user_agents() {
        let app = |name: &str, version: Option<&str>, url: Option<&str>| AppInfo {
            name: name.to_owned(),
            version: version.map(str::to_owned),
            url: url.map(str::to_owned),
        };
        let base = user_agent(&RUNTIME_BINDINGS, None);
        let full = app("MyPlugin", Some("1.2.0"), Some("https://myplugin.example"));
        assert_eq!(
            user_agent(&RUNTIME_BINDINGS, Some(&full)),
            format!("{base} MyPlugin/1.2.0 (https://myplugin.example)")
        );
        assert_eq!(
            user_agent(&RUNTIME_BINDINGS, Some(&app("MyPlugin", None, None))),
            format!("{base} MyPlugin")
        );
        assert_eq!(
            user_agent(
                &RUNTIME_BINDINGS,
                Some(&app("MyPlugin", None, Some("https://x.example")))
            ),
            format!("{base} MyPlugin (https://x.example)")
        );
        let json: serde_json::Value =
            serde_json::from_str(&client_user_agent(&RUNTIME_BINDINGS, Some(&full))).unwrap();
        assert_eq!(
            json["application"],
            serde_json::json!({"name": "MyPlugin", "version": "1.2.0", "url": "https://myplugin.example"})
        );
        let json: serde_json::Value = serde_json::from_str(&client_user_agent(
            &RUNTIME_BINDINGS,
            Some(&app("Solo", None, None)),
        ))
        .unwrap();
        assert_eq!(json["application"], serde_json::json!({"name": "Solo"}));

        // Through the builder: the headers every request starts from.
        let c = Client::builder("sk")
            .app_info("MyPlugin", Some("1.2.0"), Some("https://myplugin.example"))
            .build()
            .unwrap();
        assert_eq!(
            c.inner.headers[header::USER_AGENT],
            format!("{base} MyPlugin/1.2.0 (https://myplugin.example)").as_str()
        );
        for bad in ["My\nPlugin", " "] {
            let e = Client::builder("sk")
                .app_info(bad, None, None)
                .build()
                .unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{bad:?}: {e:?}");
        }
        let e = Client::builder("sk")
            .app_info("ok", Some("1\r\n"), None)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }

    #[test]
    fn response_size_and_telemetry_settings() {
        let c = Client::builder("sk")
            .max_response_size(1024)
            .telemetry(false)
            .build()
            .unwrap();
        assert_eq!(c.inner.max_response_size, 1024);
        assert!(c.inner.telemetry.is_none());
        let debug = format!("{c:?}");
        assert!(debug.contains("max_response_size: 1024"), "{debug}");
        assert!(debug.contains("telemetry: false"), "{debug}");
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
