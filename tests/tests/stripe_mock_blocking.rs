//! The seven seed operations through the blocking path (feature `blocking`:
//! `Call::send_blocking`, from a plain `#[test]` with no async runtime of its
//! own) against Stripe's mock server with `-strict-version-check`: six token
//! creations and retrieving a token, each accepted and decoded; the same
//! retries and idempotency keys as `.await` (a `POST` carries a key).

use std::time::Duration;

use stripe_client::{tokens::RetrieveToken, Client, Error};
use workspace_tests::stripe_mock::{self, StripeMock};

mod seed_tokens;
use seed_tokens::seeds;

#[test]
fn seed_operations_through_the_blocking_path() {
    let (Some(binary), Some(spec), Some(fixtures)) = (
        stripe_mock::binary(),
        workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "spec3.json"),
        workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "fixtures3.json"),
    ) else {
        return;
    };
    let spec = stripe_mock::json_spec(&spec);
    let mock = StripeMock::start(&binary, &spec, &fixtures, &["-strict-version-check"]);
    let client = Client::builder("sk_test_123")
        .base_url(&mock.base_url)
        .max_network_retries(0)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("valid client configuration");

    let mut failures = Vec::new();
    let mut ids = Vec::new();
    for (name, params) in seeds() {
        match client.tokens().create_with(&params).send_blocking() {
            Ok(token) => {
                assert_eq!(token.status(), 200, "{name}");
                assert_eq!(token.object, "token", "{name}");
                assert!(
                    token.idempotency_key().is_some_and(|k| !k.is_empty()),
                    "a POST sent blocking carries an idempotency key: {name}"
                );
                ids.push(token.into_inner().id);
            }
            Err(e) => failures.push(format!("create a {name} token: {e}")),
        }
    }
    assert_eq!(ids.len(), 6, "{failures:?}");
    match client
        .tokens()
        .retrieve_with("tok_blocking", &RetrieveToken::new())
        .send_blocking()
    {
        Ok(token) => assert_eq!(token.id, "tok_blocking"),
        Err(e) => failures.push(format!("retrieve a token: {e}")),
    }
    // An error comes back as the same typed error as with `.await`.
    let refused = client
        .tokens()
        .with_options(stripe_client::RequestOptions::new().stripe_version("2020-08-27"))
        .retrieve("tok_blocking")
        .send_blocking();
    assert!(
        matches!(refused, Err(Error::InvalidRequest(_))),
        "stripe-mock runs with -strict-version-check: {refused:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
