//! End-to-end tests of the generated Tokens API against a loopback mock server (wiremock): the exact
//! request each operation sends (method, path, query, form body bytes, headers), the decoded
//! response, and retries.

use std::time::Duration;

use serde_json::Value;
use stripe_client::{
    tokens::{
        CreateToken, CreateTokenAccount, CreateTokenAccountIndividual, CreateTokenBankAccount,
        CreateTokenBankAccountAccountHolderType, CreateTokenCardDetails, CreateTokenCvcUpdate,
        CreateTokenPerson, CreateTokenPersonDob, CreateTokenPersonRelationship, CreateTokenPii,
        RetrieveToken,
    },
    Client, Error, RequestOptions,
};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

use workspace_tests::seeds::{
    ACCOUNT_TOKEN, BANK_ACCOUNT_TOKEN, CARD_TOKEN, CVC_UPDATE_TOKEN, PERSON_TOKEN, PII_TOKEN,
};

const CARD_TOKEN_ID: &str = "tok_1N3T00LkdIwHu7ixt44h1F8k";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A client for `server` with the secret key `sk_test_123`, 2 retries and 1–5 ms backoff.
fn client(server: &MockServer) -> Client {
    Client::builder("sk_test_123")
        .base_url(server.uri())
        .max_network_retries(2)
        .retry_backoff(ms(1), ms(5))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid client configuration")
}

/// Card details; `new` takes the required fields in spec order (`exp_month`, `exp_year`, `number`).
fn card_details(number: &str, exp_month: &str, exp_year: &str) -> CreateTokenCardDetails {
    CreateTokenCardDetails::new(exp_month, exp_year, number)
}

/// 200 with a JSON body (given as text) and a `Request-Id`.
fn ok(body: &str, request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Request-Id", request_id)
        .set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Matches a request whose body is exactly these bytes.
struct FormBody(String);

impl Match for FormBody {
    fn matches(&self, request: &Request) -> bool {
        request.body == self.0.as_bytes()
    }
}

/// Mounts `POST /v1/tokens` answering `response` to any body.
async fn mount_post(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:?}"
    );
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header value"))
}

fn body(request: &Request) -> &str {
    std::str::from_utf8(&request.body).expect("UTF-8 body")
}

/// Lowercase hyphenated UUID v4: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
            }
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// The headers every request carries with the default client and no options.
fn assert_common_headers(request: &Request) {
    assert_eq!(header(request, "authorization"), Some("Bearer sk_test_123"));
    assert_eq!(header(request, "stripe-version"), Some("2023-08-16"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    let ua = header(request, "user-agent").expect("User-Agent");
    assert!(ua.starts_with("Stripe/v1 RustBindings/"), "{ua}");
    assert!(
        ua.contains("stripe-client"),
        "User-Agent names the crate: {ua}"
    );
    let client_ua: Value = serde_json::from_str(
        header(request, "x-stripe-client-user-agent").expect("X-Stripe-Client-User-Agent"),
    )
    .expect("JSON client user agent");
    assert_eq!(client_ua["lang"], "rust");
    assert_eq!(client_ua["publisher"], "stripe-client");
    assert_eq!(header(request, "stripe-account"), None);
}

/// A `POST /v1/tokens` with the form body `expected`, a fresh UUID v4 idempotency key and the
/// default headers.
fn assert_create_request(request: &Request, expected: &str) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/tokens");
    assert_eq!(request.url.query(), None);
    assert_eq!(body(request), expected);
    assert!(FormBody(expected.to_owned()).matches(request));
    assert_common_headers(request);
    assert_eq!(
        header(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let key = header(request, "idempotency-key").expect("every POST has an Idempotency-Key");
    assert!(is_uuid_v4(key), "{key}");
}

// ---------------------------------------------------------------------------------------------
// The seven seed operations

#[tokio::test]
async fn create_card_token() {
    let server = MockServer::start().await;
    let expected =
        "card[cvc]=314&card[exp_month]=5&card[exp_year]=2026&card[number]=4242424242424242";
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .and(FormBody(expected.to_owned()))
        .respond_with(ok(CARD_TOKEN, "req_card"))
        .expect(1)
        .mount(&server)
        .await;

    let params = CreateToken::new().card(card_details("4242424242424242", "5", "2026").cvc("314"));
    let result = client(&server).tokens().create_with(&params).await;

    let request = only_request(&server).await;
    assert_create_request(&request, expected);
    let token = result.expect("card token");
    assert_eq!(token.status(), 200);
    assert_eq!(token.request_id(), Some("req_card"));
    assert_eq!(
        token.idempotency_key(),
        header(&request, "idempotency-key"),
        "the response reports the key that was sent"
    );
    assert_eq!(token.id, CARD_TOKEN_ID);
    assert_eq!(token.object, "token");
    assert_eq!(token.r#type, "card");
    assert_eq!(token.created, 1_683_071_568);
    assert!(!token.livemode);
    assert!(!token.used);
    assert_eq!(token.client_ip, Some(Some("52.35.78.6".to_owned())));
    assert!(token.bank_account.is_none());
    let card = token.card.as_ref().expect("a card token has its card");
    assert_eq!(card.id, "card_1N3T00LkdIwHu7ixRdxpVI1Q");
    assert_eq!(card.brand, "Visa");
    assert_eq!(card.last4, "4242");
    assert_eq!((card.exp_month, card.exp_year), (5, 2026));
    assert_eq!(card.funding, "credit");
    assert_eq!(card.country, Some(Some("US".to_owned())));
    assert_eq!(card.cvc_check, Some(Some("unchecked".to_owned())));
    assert_eq!(card.address_city, Some(None), "present and null");
    assert_eq!(card.metadata, Some(Some(Default::default())));
}

/// `new` takes the required fields in spec order, as its documentation says.
#[test]
fn card_details_constructor_takes_required_fields_in_spec_order() {
    let details = CreateTokenCardDetails::new("5", "2026", "4242424242424242");
    assert_eq!(details.number, "4242424242424242");
    assert_eq!(details.exp_month, "5");
    assert_eq!(details.exp_year, "2026");
}

#[tokio::test]
async fn create_card_token_from_a_saved_card_id_and_customer() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CARD_TOKEN, "req_clone")).await;
    let params = CreateToken::new()
        .customer("cus_9s6XKzkNRiz8i3")
        .card("card_1N3T00LkdIwHu7ixRdxpVI1Q");
    let options = RequestOptions::new().stripe_account("acct_1032D82eZvKYlo2C");
    let token = client(&server)
        .tokens()
        .with_options(options)
        .create_with(&params)
        .await
        .expect("token");
    assert_eq!(token.id, CARD_TOKEN_ID);
    let request = only_request(&server).await;
    assert_eq!(
        body(&request),
        "card=card_1N3T00LkdIwHu7ixRdxpVI1Q&customer=cus_9s6XKzkNRiz8i3"
    );
    assert_eq!(
        header(&request, "stripe-account"),
        Some("acct_1032D82eZvKYlo2C")
    );
}

#[tokio::test]
async fn create_cvc_update_token() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CVC_UPDATE_TOKEN, "req_cvc")).await;
    let params = CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123"));
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(&only_request(&server).await, "cvc_update[cvc]=123");
    assert_eq!(token.request_id(), Some("req_cvc"));
    assert_eq!(token.id, "cvctok_1NkWsu2eZvKYlo2CFDm6ab7X");
    assert_eq!(token.r#type, "cvc_update");
    assert_eq!(token.client_ip, Some(None));
    assert!(token.card.is_none() && token.bank_account.is_none());
}

#[tokio::test]
async fn create_bank_account_token() {
    let server = MockServer::start().await;
    mount_post(&server, ok(BANK_ACCOUNT_TOKEN, "req_bank")).await;
    let params = CreateToken::new().bank_account(
        CreateTokenBankAccount::new("000123456789", "US")
            .currency("usd")
            .account_holder_name("Jenny Rosen")
            .account_holder_type(CreateTokenBankAccountAccountHolderType::Individual)
            .routing_number("110000000"),
    );
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(
        &only_request(&server).await,
        "bank_account[account_holder_name]=Jenny+Rosen\
         &bank_account[account_holder_type]=individual\
         &bank_account[account_number]=000123456789\
         &bank_account[country]=US\
         &bank_account[currency]=usd\
         &bank_account[routing_number]=110000000",
    );
    assert_eq!(token.request_id(), Some("req_bank"));
    assert_eq!(token.id, "btok_1NAiJy2eZvKYlo2Cnh6bIs9c");
    assert_eq!(token.r#type, "bank_account");
    let bank = token.bank_account.as_ref().expect("bank account");
    assert_eq!(bank.id, "ba_1NAiJy2eZvKYlo2CvChRu0ZE");
    assert_eq!(bank.last4, "6789");
    assert_eq!(bank.country, "US");
    assert_eq!(bank.currency, "usd");
    assert_eq!(bank.status, "new");
    assert_eq!(bank.bank_name, Some(Some("STRIPE TEST BANK".to_owned())));
    assert_eq!(
        bank.account_holder_type,
        Some(Some("individual".to_owned()))
    );
    assert_eq!(bank.account_type, Some(None));
    assert_eq!(bank.customer, None, "absent");
}

#[tokio::test]
async fn create_account_token() {
    let server = MockServer::start().await;
    mount_post(&server, ok(ACCOUNT_TOKEN, "req_account")).await;
    let params = CreateToken::new().account(
        CreateTokenAccount::new()
            .individual(
                CreateTokenAccountIndividual::new()
                    .first_name("Jane")
                    .last_name("Doe"),
            )
            .tos_shown_and_accepted(true),
    );
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(
        &only_request(&server).await,
        "account[individual][first_name]=Jane\
         &account[individual][last_name]=Doe\
         &account[tos_shown_and_accepted]=true",
    );
    assert_eq!(token.request_id(), Some("req_account"));
    assert_eq!(token.r#type, "account");
}

#[tokio::test]
async fn create_person_token() {
    let server = MockServer::start().await;
    mount_post(&server, ok(PERSON_TOKEN, "req_person")).await;
    let params = CreateToken::new().person(
        CreateTokenPerson::new()
            .first_name("Jane")
            .last_name("Doe")
            .relationship(CreateTokenPersonRelationship::new().owner(true)),
    );
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(
        &only_request(&server).await,
        "person[first_name]=Jane&person[last_name]=Doe&person[relationship][owner]=true",
    );
    assert_eq!(token.request_id(), Some("req_person"));
    assert_eq!(token.id, "cpt_1EDww82eZvKYlo2CsdelTHFu");
    assert_eq!(token.r#type, "person");
    assert_eq!(token.client_ip, Some(Some("8.21.168.117".to_owned())));
}

#[tokio::test]
async fn create_pii_token() {
    let server = MockServer::start().await;
    mount_post(&server, ok(PII_TOKEN, "req_pii")).await;
    let params = CreateToken::new().pii(CreateTokenPii::new().id_number("000000000"));
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(&only_request(&server).await, "pii[id_number]=000000000");
    assert_eq!(token.request_id(), Some("req_pii"));
    assert_eq!(token.id, "pii_18PwbX2eZvKYlo2CzRXgwN3J");
    assert_eq!(token.created, 1_466_783_547);
    assert_eq!(token.r#type, "pii");
}

#[tokio::test]
async fn retrieve_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/tokens/{CARD_TOKEN_ID}")))
        .respond_with(ok(CARD_TOKEN, "req_retrieve"))
        .expect(1)
        .mount(&server)
        .await;
    let token = client(&server)
        .tokens()
        .retrieve(CARD_TOKEN_ID)
        .await
        .expect("token");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/v1/tokens/tok_1N3T00LkdIwHu7ixt44h1F8k"
    );
    assert_eq!(request.url.query(), None, "no query without parameters");
    assert!(request.body.is_empty());
    assert_common_headers(&request);
    assert_eq!(header(&request, "content-type"), None, "a GET has no body");
    assert_eq!(
        header(&request, "idempotency-key"),
        None,
        "a GET has no Idempotency-Key"
    );
    assert_eq!(token.request_id(), Some("req_retrieve"));
    assert_eq!(token.idempotency_key(), None);
    assert_eq!(token.id, CARD_TOKEN_ID);
    assert_eq!(token.card.as_ref().map(|c| c.last4.as_str()), Some("4242"));
}

#[tokio::test]
async fn retrieve_token_with_expand_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/tokens/{CARD_TOKEN_ID}")))
        .respond_with(ok(CARD_TOKEN, "req_expand"))
        .mount(&server)
        .await;
    let c = client(&server);
    c.tokens()
        .retrieve_with(CARD_TOKEN_ID, &RetrieveToken::new().expand(["card"]))
        .await
        .expect("token");
    c.tokens()
        .retrieve_with(
            CARD_TOKEN_ID,
            &RetrieveToken::default().expand(["card", "bank_account"]),
        )
        .await
        .expect("token");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url.query(), Some("expand[0]=card"));
    assert_eq!(
        requests[1].url.query(),
        Some("expand[0]=card&expand[1]=bank_account")
    );
    for r in &requests {
        assert_eq!(r.method.as_str(), "GET");
        assert!(r.body.is_empty());
    }
}

#[tokio::test]
async fn retrieve_encodes_the_id_as_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(CARD_TOKEN, "req_odd"))
        .mount(&server)
        .await;
    client(&server)
        .tokens()
        .retrieve("tok 1/../x?y#z")
        .await
        .expect("token");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/tokens/tok%201%2F..%2Fx%3Fy%23z");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn retrieve_with_an_empty_id_is_refused_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .tokens()
        .retrieve("")
        .await
        .expect_err("empty id");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Encoding details

#[tokio::test]
async fn expand_on_create_goes_in_the_body() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CARD_TOKEN, "req_1")).await;
    let params = CreateToken::new()
        .card(card_details("4242424242424242", "12", "2030"))
        .expand(["card", "bank_account"]);
    client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(
        &only_request(&server).await,
        "card[exp_month]=12&card[exp_year]=2030&card[number]=4242424242424242\
         &expand[0]=card&expand[1]=bank_account",
    );
}

#[tokio::test]
async fn clearable_fields_metadata_and_nested_objects() {
    let server = MockServer::start().await;
    mount_post(&server, ok(PERSON_TOKEN, "req_1")).await;
    let c = client(&server);

    // Cleared: `field=`.
    let cleared = CreateToken::new().person(
        CreateTokenPerson::new()
            .clear_dob()
            .first_name("Jane")
            .clear_metadata(),
    );
    c.tokens().create_with(&cleared).await.expect("token");

    // Set: nested object and map entries.
    let set = CreateToken::new().person(
        CreateTokenPerson::new()
            .dob(CreateTokenPersonDob::new(14, 7, 1990))
            .metadata([("k", "v"), ("order id", "#6735")]),
    );
    c.tokens().create_with(&set).await.expect("token");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        body(&requests[0]),
        "person[dob]=&person[first_name]=Jane&person[metadata]="
    );
    assert_eq!(
        body(&requests[1]),
        "person[dob][day]=14&person[dob][month]=7&person[dob][year]=1990\
         &person[metadata][k]=v&person[metadata][order+id]=%236735"
    );
}

#[tokio::test]
async fn spaces_reserved_and_non_ascii_characters_are_escaped() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CARD_TOKEN, "req_1")).await;
    let params = CreateToken::new().card(
        card_details("4242 4242 4242 4242", "5", "2026")
            .name("Zoë O'Brien & Søn")
            .address_line1("1 Rue de l'Église, 5€/m²"),
    );
    client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("token");
    assert_create_request(
        &only_request(&server).await,
        "card[address_line1]=1+Rue+de+l%27%C3%89glise%2C+5%E2%82%AC%2Fm%C2%B2\
         &card[exp_month]=5&card[exp_year]=2026\
         &card[name]=Zo%C3%AB+O%27Brien+%26+S%C3%B8n\
         &card[number]=4242+4242+4242+4242",
    );
}

#[tokio::test]
async fn empty_create_sends_an_empty_form() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CARD_TOKEN, "req_1")).await;
    client(&server)
        .tokens()
        .create_with(&CreateToken::new())
        .await
        .expect("token");
    assert_create_request(&only_request(&server).await, "");
}

// ---------------------------------------------------------------------------------------------
// Headers and request options

#[tokio::test]
async fn request_options_set_account_idempotency_key_and_version() {
    let server = MockServer::start().await;
    mount_post(&server, ok(PII_TOKEN, "req_1")).await;
    let options = RequestOptions::new()
        .stripe_account("acct_1")
        .idempotency_key("order-6735")
        .stripe_version("2024-04-10");
    let token = client(&server)
        .tokens()
        .with_options(options)
        .create_with(&CreateToken::new().pii(CreateTokenPii::new().id_number("000000000")))
        .await
        .expect("token");
    assert_eq!(token.idempotency_key(), Some("order-6735"));
    let request = only_request(&server).await;
    assert_eq!(header(&request, "stripe-account"), Some("acct_1"));
    assert_eq!(header(&request, "idempotency-key"), Some("order-6735"));
    assert_eq!(header(&request, "stripe-version"), Some("2024-04-10"));
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer sk_test_123")
    );
}

#[tokio::test]
async fn each_post_gets_its_own_idempotency_key() {
    let server = MockServer::start().await;
    mount_post(&server, ok(PII_TOKEN, "req_1")).await;
    let c = client(&server);
    let params = CreateToken::new().pii(CreateTokenPii::new().id_number("000000000"));
    c.tokens().create_with(&params).await.expect("token");
    c.tokens().create_with(&params).await.expect("token");
    let requests = received(&server).await;
    let keys: Vec<_> = requests
        .iter()
        .map(|r| header(r, "idempotency-key").expect("key").to_owned())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| is_uuid_v4(k)), "{keys:?}");
    assert_ne!(keys[0], keys[1]);
}

#[tokio::test]
async fn publishable_key_per_request_replaces_the_secret_key() {
    let server = MockServer::start().await;
    mount_post(&server, ok(CARD_TOKEN, "req_1")).await;
    client(&server)
        .tokens()
        .with_options(RequestOptions::new().api_key("pk_test_TYooMQauvdEDq54NiTphI7jx"))
        .create_with(&CreateToken::new().card(card_details("4242424242424242", "5", "2026")))
        .await
        .expect("token");
    let request = only_request(&server).await;
    let auth: Vec<_> = request.headers.get_all("authorization").iter().collect();
    assert_eq!(auth, ["Bearer pk_test_TYooMQauvdEDq54NiTphI7jx"]);
}

#[tokio::test]
async fn no_key_mode_sends_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(CARD_TOKEN, "req_1"))
        .mount(&server)
        .await;
    let keyless = Client::builder_without_key()
        .base_url(format!("{}/", server.uri()))
        .build()
        .expect("client");
    let tokens = keyless.tokens();
    tokens.retrieve(CARD_TOKEN_ID).await.expect("token");
    keyless
        .tokens()
        .with_options(RequestOptions::new().api_key("pk_test_123"))
        .retrieve(CARD_TOKEN_ID)
        .await
        .expect("token");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].url.path(),
        "/v1/tokens/tok_1N3T00LkdIwHu7ixt44h1F8k"
    );
    assert_eq!(header(&requests[0], "authorization"), None);
    assert_eq!(header(&requests[0], "stripe-version"), Some("2023-08-16"));
    assert_eq!(
        header(&requests[1], "authorization"),
        Some("Bearer pk_test_123"),
        "a per-request key is still sent"
    );
}

#[tokio::test]
async fn base_url_with_a_path_prefix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/stripe/v1/tokens/{CARD_TOKEN_ID}")))
        .respond_with(ok(CARD_TOKEN, "req_gw"))
        .expect(1)
        .mount(&server)
        .await;
    let gateway = Client::builder_without_key()
        .base_url(format!("{}/stripe/", server.uri()))
        .build()
        .expect("client");
    let token = gateway
        .tokens()
        .retrieve(CARD_TOKEN_ID)
        .await
        .expect("token");
    assert_eq!(token.request_id(), Some("req_gw"));
}

// ---------------------------------------------------------------------------------------------
// Retries

fn api_error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Request-Id", format!("req_{status}"))
        .set_body_json(serde_json::json!({
            "error": {"type": "api_error", "message": "An unknown error occurred"}
        }))
}

#[tokio::test]
async fn retries_a_500_with_the_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/tokens"))
        .respond_with(api_error(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_post(&server, ok(CARD_TOKEN, "req_second")).await;

    let params = CreateToken::new().card(card_details("4242424242424242", "5", "2026").cvc("314"));
    let token = client(&server)
        .tokens()
        .create_with(&params)
        .await
        .expect("the retry succeeds");
    assert_eq!(token.request_id(), Some("req_second"));
    assert_eq!(token.id, CARD_TOKEN_ID);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let first = header(&requests[0], "idempotency-key").expect("key");
    let second = header(&requests[1], "idempotency-key").expect("key");
    assert!(is_uuid_v4(first), "{first}");
    assert_eq!(first, second, "a retry reuses the idempotency key");
    assert_eq!(token.idempotency_key(), Some(first));
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn retries_a_get_after_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(api_error(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok(CARD_TOKEN, "req_ok"))
        .mount(&server)
        .await;
    let token = client(&server)
        .tokens()
        .retrieve_with(CARD_TOKEN_ID, &RetrieveToken::new().expand(["card"]))
        .await
        .expect("the retry succeeds");
    assert_eq!(token.request_id(), Some("req_ok"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.url.query() == Some("expand[0]=card")
                && header(r, "idempotency-key").is_none())
    );
}

#[tokio::test]
async fn stripe_should_retry_false_stops_retries() {
    let server = MockServer::start().await;
    mount_post(
        &server,
        api_error(503).insert_header("Stripe-Should-Retry", "false"),
    )
    .await;
    let err = client(&server)
        .tokens()
        .create_with(&CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123")))
        .await
        .expect_err("503");
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn stripe_should_retry_true_retries_a_429() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Stripe-Should-Retry", "true")
                .set_body_json(serde_json::json!({
                    "error": {"type": "invalid_request_error", "code": "lock_timeout", "message": "busy"}
                })),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_post(&server, ok(PII_TOKEN, "req_ok")).await;
    let token = client(&server)
        .tokens()
        .create_with(&CreateToken::new().pii(CreateTokenPii::new().id_number("000000000")))
        .await
        .expect("the retry succeeds");
    assert_eq!(token.request_id(), Some("req_ok"));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let server = MockServer::start().await;
    mount_post(
        &server,
        ResponseTemplate::new(400)
            .insert_header("Request-Id", "req_400")
            .set_body_json(serde_json::json!({
                "error": {
                    "type": "invalid_request_error",
                    "code": "parameter_missing",
                    "message": "Missing required param: card[exp_year].",
                    "param": "card[exp_year]"
                }
            })),
    )
    .await;
    let err = client(&server)
        .tokens()
        .create_with(&CreateToken::new().card("card_x"))
        .await
        .expect_err("400");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req_400"));
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Secrets

#[test]
fn secret_parameters_are_redacted_in_debug_output() {
    let params = CreateToken::new()
        .card(card_details("4242424242424242", "5", "2026").cvc("314"))
        .bank_account(CreateTokenBankAccount::new("000123456789", "US").routing_number("110000000"))
        .cvc_update(CreateTokenCvcUpdate::new("987"))
        .pii(CreateTokenPii::new().id_number("123456789"))
        .person(
            CreateTokenPerson::new()
                .first_name("Jane")
                .id_number("555443333"),
        );
    let debug = format!("{params:?}");
    for secret in [
        "4242424242424242",
        "314",
        "000123456789",
        "110000000",
        "987",
        "123456789",
        "555443333",
    ] {
        assert!(!debug.contains(secret), "{secret} shows in {debug}");
    }
    assert!(debug.contains("[REDACTED]"), "{debug}");
    assert!(
        debug.contains("Jane"),
        "non-secret values still show: {debug}"
    );
    assert!(debug.contains("2026"), "{debug}");
}
