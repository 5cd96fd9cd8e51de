//! [`RequestOptions`]: per-request settings (Connect account and context, idempotency key, key,
//! version, timeout, retries, extra headers).

use std::fmt;
use std::time::Duration;

use super::redacted::Redacted;

/// Settings for one request, overriding the client's.
///
/// ```ignore
/// let options = RequestOptions::new()
///     .stripe_account("acct_123")
///     .idempotency_key("order-6735")
///     .timeout(Duration::from_secs(5))
///     .max_network_retries(0);
/// ```
///
/// `Debug` output never shows the API key or the values of extra headers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) stripe_account: Option<String>,
    pub(crate) stripe_context: Option<String>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) api_key: Option<String>,
    pub(crate) stripe_version: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_network_retries: Option<u32>,
    /// Extra headers, checked when the request is sent.
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the request on behalf of a connected account (Connect): sends `Stripe-Account: <id>`.
    pub fn stripe_account(mut self, account_id: impl Into<String>) -> Self {
        self.stripe_account = Some(account_id.into());
        self
    }

    /// Sends `Stripe-Context: <context>`: the context (such as an account, or a chain of them like
    /// `acct_1/acct_2`) the request acts in, for APIs that take one.
    pub fn stripe_context(mut self, context: impl Into<String>) -> Self {
        self.stripe_context = Some(context.into());
        self
    }

    /// Sends this `Idempotency-Key` instead of a generated one (every `POST` gets one; retries
    /// reuse it).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Authenticates this request with another key, for example a publishable key (`pk_…`) where
    /// an endpoint accepts one, or a connected account's key. Also works on a client built with
    /// [`Client::builder_without_key`](super::Client::builder_without_key).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Sends this `Stripe-Version` instead of the client's. The generated types describe the
    /// client's version; responses of another version may not decode.
    pub fn stripe_version(mut self, version: impl Into<String>) -> Self {
        self.stripe_version = Some(version.into());
        self
    }

    /// The timeout of each attempt of this request, instead of the client's
    /// ([`ClientBuilder::timeout`](super::ClientBuilder::timeout)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this request may be retried, instead of the client's
    /// ([`ClientBuilder::max_network_retries`](super::ClientBuilder::max_network_retries));
    /// 0 sends it once.
    pub fn max_network_retries(mut self, retries: u32) -> Self {
        self.max_network_retries = Some(retries);
        self
    }

    /// Adds a header to the request, sent after (so replacing) the client's own headers and those
    /// of the options above; a header set twice here is sent with both values.
    ///
    /// The name and value are checked when the request is sent: an invalid one, or a header that
    /// describes the message itself (`Host`, `Content-Length`, `Transfer-Encoding`,
    /// `Connection`), fails the request with [`Error::Config`](super::Error::Config) before
    /// anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("stripe_account", &self.stripe_account)
            .field("stripe_context", &self.stripe_context)
            .field("idempotency_key", &self.idempotency_key)
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("stripe_version", &self.stripe_version)
            .field("timeout", &self.timeout)
            .field("max_network_retries", &self.max_network_retries)
            .field("headers", &header_names)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_redacted_debug() {
        let o = RequestOptions::new()
            .stripe_account("acct_1")
            .idempotency_key("idem")
            .api_key("pk_test_secretish")
            .stripe_version("2024-01-01");
        assert_eq!(o.stripe_account.as_deref(), Some("acct_1"));
        assert_eq!(o.idempotency_key.as_deref(), Some("idem"));
        assert_eq!(o.stripe_version.as_deref(), Some("2024-01-01"));
        let debug = format!("{o:?}");
        assert!(!debug.contains("pk_test_secretish"), "{debug}");
        assert!(debug.contains("api_key: Some([REDACTED])"), "{debug}");
        assert!(debug.contains("acct_1"), "{debug}");
        assert!(format!("{:?}", RequestOptions::new()).contains("api_key: None"));
    }

    #[test]
    fn per_request_control() {
        let o = RequestOptions::new()
            .stripe_context("acct_1/acct_2")
            .timeout(Duration::from_millis(1500))
            .max_network_retries(0)
            .header("X-Trace", "secret-token-value")
            .header("X-Trace", "second");
        assert_eq!(o.stripe_context.as_deref(), Some("acct_1/acct_2"));
        assert_eq!(o.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(o.max_network_retries, Some(0));
        assert_eq!(
            o.headers,
            [
                ("X-Trace".to_owned(), "secret-token-value".to_owned()),
                ("X-Trace".to_owned(), "second".to_owned())
            ]
        );
        let debug = format!("{o:?}");
        assert!(!debug.contains("secret-token-value"), "{debug}");
        assert!(
            debug.contains(r#"headers: ["X-Trace", "X-Trace"]"#),
            "{debug}"
        );
        assert!(debug.contains("acct_1/acct_2"), "{debug}");
        assert!(debug.contains("max_network_retries: Some(0)"), "{debug}");
    }
}
