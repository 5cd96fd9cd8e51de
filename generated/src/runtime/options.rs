//! [`RequestOptions`]: per-request settings (Connect account, idempotency key, key, version).

use std::fmt;

use super::Redacted;

/// Settings for one request, overriding the client's.
///
/// ```ignore
/// let options = RequestOptions::new()
///     .stripe_account("acct_123")
///     .idempotency_key("order-6735");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) stripe_account: Option<String>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) api_key: Option<String>,
    pub(crate) stripe_version: Option<String>,
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
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("stripe_account", &self.stripe_account)
            .field("idempotency_key", &self.idempotency_key)
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("stripe_version", &self.stripe_version)
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
}
