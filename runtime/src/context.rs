//! `Stripe-Context` on the client: the context every request acts in unless it names its own.
//!
//! API v2 names the account a request acts for with `Stripe-Context` (an account id, or a chain of
//! them such as `acct_1/acct_2`), where v1 uses `Stripe-Account`. Set it per request with
//! [`RequestOptions::stripe_context`](super::RequestOptions::stripe_context), or for every request
//! of a client with [`ClientBuilder::stripe_context`](super::ClientBuilder::stripe_context); the
//! request's own wins.

use super::client::Client;
use super::headers::STRIPE_CONTEXT;

impl Client {
    /// The `Stripe-Context` sent with every request that sets none of its own, when the client
    /// was built with one ([`ClientBuilder::stripe_context`](super::ClientBuilder::stripe_context)).
    pub fn stripe_context(&self) -> Option<&str> {
        self.inner
            .headers
            .get(STRIPE_CONTEXT)
            .and_then(|value| value.to_str().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::Error;
    use super::*;

    #[test]
    fn the_builder_sets_the_context_of_every_request() {
        let client = Client::builder("sk_test")
            .stripe_context("acct_1/acct_2")
            .build()
            .unwrap();
        assert_eq!(client.stripe_context(), Some("acct_1/acct_2"));
        assert_eq!(client.inner.headers[STRIPE_CONTEXT], "acct_1/acct_2");
        assert_eq!(Client::new("sk_test").stripe_context(), None);
        let debug = format!("{:?}", Client::builder("sk").stripe_context("acct_9"));
        assert!(debug.contains("acct_9"), "{debug}");
        let e = Client::builder("sk_test")
            .stripe_context("acct_1\r\nX-Injected: 1")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }
}
