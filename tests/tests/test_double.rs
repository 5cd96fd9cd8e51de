//! The test double (feature `test-util`): `MockTransport` answers the
//! generated client by method and path with canned JSON or typed values and
//! records what was sent (decoded form parameters, headers such as the
//! idempotency key), with no network and no server. The client above it is
//! the real one: retries, errors and decoding behave as against Stripe.

use serde_json::json;
use stripe_client::runtime::testing::{MockResponse, MockTransport};
use stripe_client::tokens::{CreateToken, CreateTokenCardDetails, RetrieveToken, Token};
use stripe_client::{Client, Error, Method, RequestOptions};

fn client(mock: &MockTransport) -> Client {
    Client::builder("sk_test_123")
        .transport(mock.clone())
        .retry_backoff(std::time::Duration::ZERO, std::time::Duration::ZERO)
        .build()
        .expect("valid client configuration")
}

fn token_json(id: &str) -> serde_json::Value {
    json!({"id": id, "object": "token", "created": 1, "livemode": false, "type": "card", "used": false})
}

#[tokio::test]
async fn canned_json_is_decoded_and_the_form_is_recorded() {
    let mock = MockTransport::new();
    mock.respond(
        Method::Post,
        "/v1/tokens",
        MockResponse::json(&token_json("tok_mock")).header("request-id", "req_mock"),
    );
    let client = client(&mock);
    let params = CreateToken::new()
        .card(CreateTokenCardDetails::new("8", "2030", "4242424242424242").cvc("314"))
        .expand(["card"]);
    let token = client.tokens().create_with(&params).await.unwrap();
    assert_eq!(token.id, "tok_mock");
    assert_eq!(token.request_id(), Some("req_mock"));

    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.path, "/v1/tokens");
    assert_eq!(request.form("card[number]"), Some("4242424242424242"));
    assert_eq!(request.form("card[exp_year]"), Some("2030"));
    assert_eq!(request.form("expand[0]"), Some("card"));
    assert_eq!(request.header("authorization"), Some("Bearer sk_test_123"));
    assert_eq!(
        request.header("stripe-version"),
        Some(stripe_client::API_VERSION)
    );
    // The client adds an idempotency key to every POST; the response names it too.
    let key = request
        .header("idempotency-key")
        .expect("an idempotency key");
    assert_eq!(token.idempotency_key(), Some(key));
}

#[tokio::test]
async fn typed_values_query_parameters_and_one_key_across_retries() {
    let mock = MockTransport::new();
    // A typed value as the canned body.
    let canned: Token = serde_json::from_value(token_json("tok_typed")).unwrap();
    mock.respond(
        Method::Get,
        "/v1/tokens/tok_typed",
        MockResponse::json(&canned),
    );
    let client = client(&mock);
    let got = client
        .tokens()
        .retrieve_with("tok_typed", &RetrieveToken::new().expand(["card"]))
        .await
        .unwrap();
    assert_eq!(got.id, "tok_typed");
    let gets = mock.requests_to(Method::Get, "/v1/tokens/tok_typed");
    assert_eq!(gets[0].query("expand[0]"), Some("card"));
    assert_eq!(gets[0].header("idempotency-key"), None, "a GET has no key");

    // A 500 then a 200: retried, with the same idempotency key (the options' own here).
    mock.respond(
        Method::Post,
        "/v1/tokens",
        MockResponse::error(500, "api_error", "try again"),
    )
    .respond(
        Method::Post,
        "/v1/tokens",
        MockResponse::json(&token_json("tok_second")),
    );
    let token = client
        .tokens()
        .with_options(RequestOptions::new().idempotency_key("key-1"))
        .create()
        .await
        .unwrap();
    assert_eq!(token.id, "tok_second");
    let posts = mock.requests_to(Method::Post, "/v1/tokens");
    assert_eq!(posts.len(), 2, "the 500 was retried");
    assert!(posts
        .iter()
        .all(|p| p.header("idempotency-key") == Some("key-1")));
}

#[tokio::test]
async fn errors_and_unanswered_requests_are_typed_errors() {
    let mock = MockTransport::new();
    mock.respond(
        Method::Post,
        "/v1/tokens",
        MockResponse::error(402, "card_error", "Your card was declined."),
    );
    let client = client(&mock);
    let err = client.tokens().create().await.unwrap_err();
    assert!(matches!(err, Error::Card(_)), "{err:?}");
    // A route with no answer is Stripe's 404, naming the request.
    let err = client.tokens().retrieve("tok_none").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("GET /v1/tokens/tok_none"), "{err}");
}

#[test]
fn the_blocking_path_uses_the_same_double() {
    let mock = MockTransport::new();
    mock.respond(
        Method::Get,
        "/v1/tokens/tok_sync",
        MockResponse::json(&token_json("tok_sync")),
    );
    let token = client(&mock)
        .tokens()
        .retrieve("tok_sync")
        .send_blocking()
        .unwrap();
    assert_eq!(token.id, "tok_sync");
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn a_paginator_walks_blocking_page_after_page() {
    use stripe_client::{form, ApiRequest, Paginator};
    let mock = MockTransport::new();
    let page = |ids: &[&str], has_more: bool| {
        let data = ids
            .iter()
            .map(|id| json!({"id": id, "object": "customer"}))
            .collect::<Vec<_>>();
        MockResponse::json(&json!({
            "object": "list", "url": "/v1/customers", "has_more": has_more, "data": data
        }))
    };
    mock.respond(
        Method::Get,
        "/v1/customers",
        page(&["cus_1", "cus_2"], true),
    )
    .respond(Method::Get, "/v1/customers", page(&["cus_3"], false));
    let client = client(&mock);
    let walk = Paginator::<serde_json::Value>::cursor(
        client.runtime().clone(),
        RequestOptions::new(),
        false,
        |after| {
            let query = after.map_or_else(String::new, |id| {
                form::to_form_string(&[("starting_after", id)])
            });
            ApiRequest::new(Method::Get, "/v1/customers").query(query)
        },
    );
    let ids = walk
        .into_blocking_iter()
        .map(|item| item.map(|c| c["id"].as_str().unwrap_or_default().to_owned()))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);
    let sent = mock.requests_to(Method::Get, "/v1/customers");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].query("starting_after"), None);
    assert_eq!(sent[1].query("starting_after"), Some("cus_2"));
}
