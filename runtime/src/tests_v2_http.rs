//! End-to-end tests of the API v2 wire (JSON bodies, v2 pages, errors, idempotency keys,
//! `Stripe-Context`, thin events) against a loopback HTTP server (wiremock).

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::random::is_uuid_v4;
use super::{
    ApiRequest, Clearable, Client, Error, EventNotification, Method, RequestOptions, V2Paginator,
};

fn client_for(server: &MockServer) -> super::ClientBuilder {
    Client::builder("sk_test_v2")
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
}

fn client(server: &MockServer) -> Client {
    client_for(server).build().unwrap()
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[derive(serde::Serialize)]
struct UpdateAccount {
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<Clearable<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_email: Option<String>,
}

#[tokio::test]
async fn a_json_body_is_posted_as_application_json_with_an_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/core/accounts/acct_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "acct_1"})))
        .mount(&server)
        .await;
    let body = UpdateAccount {
        display_name: Some(Clearable::Clear),
        contact_email: None,
    };
    let request = ApiRequest::new(Method::Post, "/v2/core/accounts/acct_1")
        .json_of(&body)
        .unwrap();
    let response = client(&server)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response["id"], "acct_1");
    let requests = received(&server).await;
    let r = &requests[0];
    assert_eq!(r.body, br#"{"display_name":null}"#);
    assert_eq!(header(r, "content-type"), Some("application/json"));
    assert_eq!(header(r, "accept"), Some("application/json"));
    assert!(is_uuid_v4(header(r, "idempotency-key").unwrap()));
}

#[tokio::test]
async fn a_v2_delete_keeps_its_idempotency_key_across_retries_and_v1_sends_none() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v2/core/accounts/acct_1/persons/person_1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": "person_1", "object": "v2.core.account_person", "deleted": true}),
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let request = ApiRequest::new(Method::Delete, "/v2/core/accounts/acct_1/persons/person_1");
    let response = client
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "two 503s, then the answer");
    let key = header(&requests[0], "idempotency-key").unwrap();
    assert!(is_uuid_v4(key), "{key}");
    for r in &requests {
        assert_eq!(header(r, "idempotency-key"), Some(key));
        assert_eq!(r.body, b"", "a DELETE without body sends none");
        assert_eq!(header(r, "content-type"), None);
    }
    assert_eq!(response.idempotency_key(), Some(key));

    // v1 as before: no key unless given.
    client
        .execute::<Value>(
            ApiRequest::new(Method::Delete, "/v1/customers/cus_1"),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(header(&requests[3], "idempotency-key"), None);
}

#[tokio::test]
async fn stripe_context_from_the_client_and_per_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = client_for(&server)
        .stripe_context("acct_platform")
        .build()
        .unwrap();
    let get = || ApiRequest::new(Method::Get, "/v2/core/events");
    client
        .execute::<Value>(get(), &RequestOptions::new())
        .await
        .unwrap();
    client
        .execute::<Value>(
            get(),
            &RequestOptions::new().stripe_context("acct_1/acct_2"),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "stripe-context"),
        Some("acct_platform")
    );
    assert_eq!(
        header(&requests[1], "stripe-context"),
        Some("acct_1/acct_2")
    );
    // A client without one sends none.
    self::client(&server)
        .execute::<Value>(get(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(header(&received(&server).await[2], "stripe-context"), None);
}

#[tokio::test]
async fn a_v2_error_is_an_api_error_with_every_member_and_the_raw_body() {
    let server = MockServer::start().await;
    let body = json!({"error": {
        "type": "invalid_request_error",
        "code": "account_already_exists",
        "message": "An account with this email exists.",
        "user_message": "This email is in use.",
        "doc_url": "https://docs.stripe.com/error-codes/account-already-exists"
    }});
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("Request-Id", "req_v2err")
                .set_body_json(body.clone()),
        )
        .mount(&server)
        .await;
    let request = ApiRequest::new(Method::Post, "/v2/core/accounts").json(b"{}".to_vec());
    let e = client(&server)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    let Error::InvalidRequest(api) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(api.code(), Some("account_already_exists"));
    assert_eq!(api.user_message(), Some("This email is in use."));
    assert_eq!(api.request_id.as_deref(), Some("req_v2err"));
    let raw: Value = serde_json::from_str(api.raw.as_deref().unwrap()).unwrap();
    assert_eq!(raw, body);
    assert_eq!(received(&server).await.len(), 1, "a 400 is not retried");
}

/// Answers `/v2/things` by its query: two pages, linked by `next_page_url`.
struct V2Pages;

impl wiremock::Respond for V2Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = match request.url.query().unwrap_or("") {
            "limit=2" => json!({"data": [{"id": "th_1"}, {"id": "th_2"}],
                "next_page_url": "/v2/things?page=p2&limit=2", "previous_page_url": null}),
            "page=p2&limit=2" => json!({"data": [{"id": "th_3"}],
                "next_page_url": null, "previous_page_url": "/v2/things?page=p0&limit=2"}),
            "page=loop" => {
                json!({"data": [{"id": "th_9"}], "next_page_url": "/v2/things?page=loop",
                "previous_page_url": null})
            }
            other => {
                return ResponseTemplate::new(400).set_body_json(json!({"error": {
                    "code": "invalid_page", "message": format!("unexpected query {other}")}}))
            }
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn the_v2_paginator_follows_next_page_url_over_two_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/things"))
        .respond_with(V2Pages)
        .mount(&server)
        .await;
    let first = ApiRequest::new(Method::Get, "/v2/things").query("limit=2");
    let options = RequestOptions::new().stripe_context("acct_1");
    let items = V2Paginator::<Value>::new(client(&server), options, first)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["th_1", "th_2", "th_3"]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "one request per page");
    assert_eq!(requests[1].url.query(), Some("page=p2&limit=2"));
    for r in &requests {
        assert_eq!(
            header(r, "stripe-context"),
            Some("acct_1"),
            "the options go along"
        );
    }

    // As a Stream.
    use futures_util::TryStreamExt;
    let first = ApiRequest::new(Method::Get, "/v2/things").query("limit=2");
    let all: Vec<Value> = V2Paginator::new(client(&server), RequestOptions::new(), first)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);

    // A page linking to itself ends the walk.
    let first = ApiRequest::new(Method::Get, "/v2/things").query("page=loop");
    let all = V2Paginator::<Value>::new(client(&server), RequestOptions::new(), first)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);

    // A page that fails is an error item, and asked for again on the next call.
    let first = ApiRequest::new(Method::Get, "/v2/things").query("page=bad");
    let mut pages = V2Paginator::<Value>::new(client(&server), RequestOptions::new(), first);
    for _ in 0..2 {
        match pages.next().await {
            Some(Err(Error::InvalidRequest(api))) => assert_eq!(api.code(), Some("invalid_page")),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn a_thin_event_fetches_its_event_and_related_object_in_its_context() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/core/events/evt_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "evt_1", "object": "v2.core.event", "type": "v1.billing.meter.no_meter_found",
            "created": "2025-01-01T00:00:00.000Z", "livemode": false,
            "data": {"developer_message_summary": "no meter"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/billing/meters/mtr_1"))
        .and(query_param("expand[0]", "x"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "mtr_1", "object": "billing.meter"})),
        )
        .mount(&server)
        .await;
    let notification = EventNotification::from_payload(
        json!({
            "id": "evt_1", "object": "v2.core.event", "type": "v1.billing.meter.no_meter_found",
            "created": "2025-01-01T00:00:00.000Z", "livemode": false, "context": "acct_9",
            "related_object": {"id": "mtr_1", "type": "billing.meter",
                "url": "/v1/billing/meters/mtr_1?expand[0]=x"}
        })
        .to_string(),
    )
    .unwrap();
    let client = client(&server);
    let event = notification.fetch_event::<Value>(&client).await.unwrap();
    assert_eq!(event["data"]["developer_message_summary"], "no meter");
    let meter = notification
        .fetch_related_object::<Value>(&client)
        .await
        .expect("it has a related object")
        .unwrap();
    assert_eq!(meter["object"], "billing.meter");
    // Options may name another context.
    notification
        .fetch_event_with::<Value>(&client, &RequestOptions::new().stripe_context("acct_x"))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(header(&requests[0], "stripe-context"), Some("acct_9"));
    assert_eq!(header(&requests[1], "stripe-context"), Some("acct_9"));
    assert_eq!(header(&requests[2], "stripe-context"), Some("acct_x"));
    assert_eq!(header(&requests[0], "idempotency-key"), None);
    for r in &requests {
        assert_eq!(header(r, "stripe-request-trigger"), Some("event=evt_1"));
    }
    // A trigger of the caller's own replaces the event's.
    notification
        .fetch_event_with::<Value>(
            &client,
            &RequestOptions::new().header("stripe-request-trigger", "mine"),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    let triggers: Vec<_> = requests[3]
        .headers
        .get_all("stripe-request-trigger")
        .iter()
        .collect();
    assert_eq!(triggers, ["mine"]);

    // Without a related object there is nothing to fetch.
    let bare = EventNotification::from_payload(
        json!({"id": "evt_2", "object": "v2.core.event", "type": "t", "livemode": false,
            "created": "2025-01-01T00:00:00Z"})
        .to_string(),
    )
    .unwrap();
    assert!(bare.fetch_related_object::<Value>(&client).await.is_none());
}
