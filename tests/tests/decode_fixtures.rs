//! Decoding real Stripe JSON into the generated response types: every `token`, `card` and
//! `bank_account` object of Stripe's upstream fixtures (`fixtures3.json`), and the response
//! examples of the API reference; unknown fields and enum values; re-serialising round-trips.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use stripe_client::{
    resources::{
        BankAccount, BankAccountAvailablePayoutMethods, Card, CardAvailablePayoutMethods,
        CustomerOrDeletedCustomer,
    },
    tokens::Token,
    Drift, Expandable, HasId,
};

/// Decodes `value` as `T`, re-serialises it, and checks that decoding that gives the same value.
fn decode_round_trip<T>(value: &Value, what: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what} does not decode: {e}\n{value:#}"));
    let reencoded = serde_json::to_value(&decoded).expect("serialises");
    let again: T = serde_json::from_value(reencoded.clone())
        .unwrap_or_else(|e| panic!("{what} re-serialised does not decode: {e}\n{reencoded:#}"));
    assert_eq!(again, decoded, "{what} round-trip");
    // Every member the type models survives re-serialisation with its value.
    if let (Value::Object(original), Value::Object(out)) = (value, &reencoded) {
        for (key, v) in out {
            if let Some(orig) = original.get(key) {
                if !orig.is_object() {
                    assert_eq!(orig, v, "{what}: member `{key}` changed");
                }
            }
        }
    }
    decoded
}

/// Every JSON object under `value` whose `object` member is one of `kinds`, with its JSON path.
fn collect_objects<'v>(
    value: &'v Value,
    at: String,
    kinds: &[&str],
    out: &mut Vec<(String, &'v Value)>,
) {
    match value {
        Value::Object(map) => {
            if map
                .get("object")
                .and_then(Value::as_str)
                .is_some_and(|o| kinds.contains(&o))
            {
                out.push((at.clone(), value));
            }
            for (k, v) in map {
                collect_objects(v, format!("{at}/{k}"), kinds, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_objects(v, format!("{at}/{i}"), kinds, out);
            }
        }
        _ => {}
    }
}

#[test]
fn upstream_fixtures_decode() {
    let Some(path) = workspace_tests::upstream("fixtures3.json") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("fixtures3.json is readable");
    let fixtures: Value = serde_json::from_str(&text).expect("fixtures3.json is JSON");
    let mut found = Vec::new();
    collect_objects(
        &fixtures,
        String::new(),
        &["token", "card", "bank_account"],
        &mut found,
    );

    let (mut tokens, mut cards, mut banks, mut deleted) = (0, 0, 0, 0);
    for (at, value) in found {
        // `{"id", "object": "bank_account", "deleted": true}` is a deleted bank account, another
        // schema (`deleted_bank_account`), not a `BankAccount`.
        if value.get("deleted") == Some(&Value::Bool(true)) {
            deleted += 1;
            continue;
        }
        let id = value["id"].as_str().expect("fixture objects have an id");
        match value["object"].as_str() {
            Some("token") => {
                let t: Token = decode_round_trip(value, &at);
                assert_eq!(t.id, id);
                assert_eq!(HasId::id(&t), Some(id));
                assert_eq!(t.object, "token");
                tokens += 1;
            }
            Some("card") => {
                let c: Card = decode_round_trip(value, &at);
                assert_eq!(c.id, id);
                assert_eq!(c.last4, value["last4"].as_str().expect("last4"));
                assert_eq!(Some(c.exp_year), value["exp_year"].as_i64());
                cards += 1;
            }
            Some("bank_account") => {
                let b: BankAccount = decode_round_trip(value, &at);
                assert_eq!(b.id, id);
                assert_eq!(b.country, value["country"].as_str().expect("country"));
                banks += 1;
            }
            other => unreachable!("{other:?}"),
        }
    }
    eprintln!(
        "fixtures3.json: decoded {tokens} token, {cards} card, {banks} bank_account objects \
         (skipped {deleted} deleted bank accounts)"
    );
    assert!(tokens > 0, "no token in fixtures3.json");
    assert!(cards > 0, "no card in fixtures3.json");
    assert!(banks > 0, "no bank_account in fixtures3.json");

    // A few values of the token fixture.
    let token: Token =
        serde_json::from_value(fixtures["resources"]["token"].clone()).expect("token");
    assert_eq!(token.id, "tok_1NnmX8GPxmnHQRkJHYqjxlSx");
    assert_eq!(token.r#type, "card");
    assert_eq!(token.created, 1_234_567_890);
    assert_eq!(token.client_ip, Some(None));
    let card = token.card.expect("card");
    assert_eq!(card.brand, "Visa");
    assert_eq!(card.cvc_check, Some(Some("pass".to_owned())));
    assert_eq!((card.exp_month, card.exp_year), (8, 2024));
    let bank: BankAccount =
        serde_json::from_value(fixtures["resources"]["bank_account"].clone()).expect("bank");
    assert_eq!(
        bank.account_holder_name,
        Some(Some("Jane Austen".to_owned()))
    );
    assert_eq!(bank.routing_number, Some(Some("110000000".to_owned())));
    assert_eq!(bank.customer, Some(None));
    assert_eq!(bank.status, "new");
}

/// The seed card token response.
fn card_token() -> Value {
    serde_json::from_str(workspace_tests::seeds::CARD_TOKEN).expect("seed JSON")
}

/// The seed bank account token response.
fn bank_account_token() -> Value {
    serde_json::from_str(workspace_tests::seeds::BANK_ACCOUNT_TOKEN).expect("seed JSON")
}

#[test]
fn seed_card_token() {
    let token: Token = decode_round_trip(&card_token(), "card token");
    assert_eq!(token.id, "tok_1N3T00LkdIwHu7ixt44h1F8k");
    assert_eq!(token.object, "token");
    assert_eq!(token.r#type, "card");
    assert_eq!(token.created, 1_683_071_568);
    assert_eq!(
        token.client_ip.as_ref().and_then(Option::as_deref),
        Some("52.35.78.6")
    );
    assert!(!token.livemode && !token.used);
    let card = token.card.as_ref().expect("card");
    assert_eq!(card.id, "card_1N3T00LkdIwHu7ixRdxpVI1Q");
    assert_eq!(HasId::id(card), Some("card_1N3T00LkdIwHu7ixRdxpVI1Q"));
    assert_eq!(card.object, "card");
    assert_eq!(card.brand, "Visa");
    assert_eq!(card.funding, "credit");
    assert_eq!(card.last4, "4242");
    assert_eq!(card.fingerprint, Some(Some("mToisGZ01V71BCos".to_owned())));
    assert_eq!(card.name, Some(None));
    assert_eq!(card.customer, None, "absent, not null");
    assert_eq!(
        card.metadata
            .as_ref()
            .and_then(Option::as_ref)
            .map(|m| m.len()),
        Some(0)
    );
}

#[test]
fn seed_cvc_update_person_pii_and_account_tokens() {
    use workspace_tests::seeds::{ACCOUNT_TOKEN, CVC_UPDATE_TOKEN, PERSON_TOKEN, PII_TOKEN};
    let cases = [
        (CVC_UPDATE_TOKEN, "cvc_update", None),
        (PERSON_TOKEN, "person", Some("8.21.168.117")),
        (PII_TOKEN, "pii", Some("124.123.76.134")),
        (ACCOUNT_TOKEN, "account", None),
    ];
    for (text, kind, ip) in cases {
        let value: Value = serde_json::from_str(text).expect("seed JSON");
        let token: Token = decode_round_trip(&value, kind);
        assert_eq!(token.id, value["id"].as_str().expect("id"));
        assert_eq!(token.r#type, kind);
        assert_eq!(Some(token.created), value["created"].as_i64());
        assert_eq!(token.client_ip, Some(ip.map(str::to_owned)), "{kind}");
        assert!(token.card.is_none() && token.bank_account.is_none());
    }
}

#[test]
fn seed_bank_account_token() {
    let token: Token = decode_round_trip(&bank_account_token(), "bank account token");
    assert_eq!(token.r#type, "bank_account");
    assert!(token.card.is_none());
    let bank = token.bank_account.expect("bank account");
    assert_eq!(bank.id, "ba_1NAiJy2eZvKYlo2CvChRu0ZE");
    assert_eq!(bank.object, "bank_account");
    assert_eq!(
        bank.account_holder_name.flatten().as_deref(),
        Some("Jenny Rosen")
    );
    assert_eq!(bank.account_type, Some(None));
    assert_eq!(bank.last4, "6789");
    assert_eq!(bank.currency, "usd");
    assert_eq!(bank.fingerprint, Some(Some("1JWtPxqbdX5Gamtc".to_owned())));
}

#[test]
fn unknown_fields_are_ignored() {
    let mut value = card_token();
    value["some_new_field"] = json!(1);
    value["card"]["some_new_field"] = json!({"nested": [true]});
    value["card"]["networks"] = json!({"preferred": null});
    let token: Token = serde_json::from_value(value).expect("unknown fields do not fail decoding");
    assert_eq!(token.id, "tok_1N3T00LkdIwHu7ixt44h1F8k");
    assert_eq!(token.card.expect("card").last4, "4242");

    let mut bank = bank_account_token()["bank_account"].clone();
    bank["some_new_field"] = json!("x");
    let bank: BankAccount = serde_json::from_value(bank).expect("unknown field");
    assert_eq!(bank.last4, "6789");
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut value = card_token()["card"].clone();
    value["available_payout_methods"] = json!(["instant", "standard", "same_day_ach"]);
    let card: Card = decode_round_trip(&value, "card with a new payout method");
    let methods = card
        .available_payout_methods
        .clone()
        .flatten()
        .expect("available_payout_methods");
    assert_eq!(methods[0], CardAvailablePayoutMethods::Instant);
    assert_eq!(methods[1], CardAvailablePayoutMethods::Standard);
    assert_eq!(
        methods[2],
        CardAvailablePayoutMethods::Unrecognized("same_day_ach".to_owned())
    );
    assert_eq!(methods[2].as_str(), "same_day_ach");
    // Serialised back as sent.
    assert_eq!(
        serde_json::to_value(&card).expect("serialises")["available_payout_methods"],
        json!(["instant", "standard", "same_day_ach"])
    );

    // The bank account shares the type, under its own name (an alias).
    let mut bank = bank_account_token()["bank_account"].clone();
    bank["available_payout_methods"] = json!(["turbo"]);
    let bank: BankAccount = decode_round_trip(&bank, "bank account with a new payout method");
    assert_eq!(
        bank.available_payout_methods,
        Some(Some(vec![BankAccountAvailablePayoutMethods::Unrecognized(
            "turbo".to_owned()
        )]))
    );
}

#[test]
fn absent_null_and_set_are_told_apart() {
    let mut value = card_token();
    value.as_object_mut().expect("object").remove("client_ip");
    let absent: Token = serde_json::from_value(value.clone()).expect("absent");
    assert_eq!(absent.client_ip, None);
    value["client_ip"] = Value::Null;
    let null: Token = serde_json::from_value(value).expect("null");
    assert_eq!(null.client_ip, Some(None));
    // Absent stays absent and null stays null when re-serialised.
    let out = serde_json::to_value(&absent).expect("serialises");
    assert!(out.get("client_ip").is_none(), "{out}");
    let out = serde_json::to_value(&null).expect("serialises");
    assert_eq!(out.get("client_ip"), Some(&Value::Null));
}

#[test]
fn expandable_customer_as_id_or_object() {
    let mut value = card_token()["card"].clone();
    value["customer"] = json!("cus_9s6XKzkNRiz8i3");
    let card: Card = decode_round_trip(&value, "card with a customer id");
    let customer = card.customer.clone().flatten().expect("customer");
    assert_eq!(customer, Expandable::Id("cus_9s6XKzkNRiz8i3".to_owned()));
    assert_eq!(customer.id(), Some("cus_9s6XKzkNRiz8i3"));

    value["customer"] =
        json!({"id": "cus_9s6XKzkNRiz8i3", "object": "customer", "email": "jenny@example.com"});
    let card: Card = decode_round_trip(&value, "card with an expanded customer");
    let customer = card.customer.flatten().expect("customer");
    assert!(customer.is_object());
    assert_eq!(customer.id(), Some("cus_9s6XKzkNRiz8i3"));
    match customer.as_object().expect("expanded") {
        CustomerOrDeletedCustomer::Customer(c) => {
            assert_eq!(c.0["email"], "jenny@example.com", "kept as raw JSON");
        }
        other => panic!("expected a customer, got {other:?}"),
    }

    value["customer"] = json!({"id": "cus_gone", "object": "customer", "deleted": true});
    let card: Card = decode_round_trip(&value, "card with a deleted customer");
    let customer = card.customer.flatten().expect("customer");
    assert!(
        matches!(
            customer.as_object(),
            Some(CustomerOrDeletedCustomer::DeletedCustomer(_))
        ),
        "{customer:?}"
    );
    assert_eq!(customer.id(), Some("cus_gone"));
}

#[test]
fn missing_required_fields_decode_as_defaults_and_show_as_drift() {
    let mut value = card_token();
    value.as_object_mut().expect("object").remove("id");
    value["card"].as_object_mut().expect("card").remove("last4");
    let raw = serde_json::to_vec(&value).expect("serialises");
    let token: Token = serde_json::from_slice(&raw).expect("decodes without its id");
    assert_eq!(token.id, "", "a missing required string is empty");
    assert_eq!(token.card.as_ref().expect("card").last4, "");
    let drift = stripe_client::Drift::of(&raw, &token);
    assert_eq!(drift.missing, ["/card/last4", "/id"]);
    assert!(drift.unknown_fields.is_empty(), "{drift}");

    // A conforming body has no drift; a new member and a new kind of object do.
    let raw = serde_json::to_vec(&card_token()).expect("serialises");
    let token: Token = serde_json::from_slice(&raw).expect("decodes");
    assert!(stripe_client::Drift::of(&raw, &token).is_empty());
    let mut value = card_token();
    value["card"]["brand_new"] = json!(1);
    value["card"]["customer"] = json!({"id": "cus_1", "object": "future_customer"});
    let raw = serde_json::to_vec(&value).expect("serialises");
    let token: Token = serde_json::from_slice(&raw).expect("decodes");
    let drift = stripe_client::Drift::of(&raw, &token);
    assert_eq!(drift.unknown_fields, ["/card/brand_new"]);
    assert_eq!(drift.unknown_objects, ["/card/customer"]);
    // Re-serialised as it came, outside `Drift`.
    assert_eq!(
        serde_json::to_value(&token).expect("serialises")["card"]["customer"]["object"],
        "future_customer"
    );

    // Still an error: a value of the wrong type, with where it is.
    let mut value = card_token();
    value["created"] = json!("2023-05-03");
    assert!(serde_json::from_value::<Token>(value).is_err());
}

/// The fixtures of the release `spec/` follows match the committed crate exactly: its `token`,
/// `card` and `bank_account` resources decode with no drift (the 2023-08-16 crate saw the
/// card's `networks` and `regulated_status` as unknown members).
#[test]
fn fixtures_of_the_followed_release_decode_without_drift() {
    let Some(path) = workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "fixtures3.json")
    else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("fixtures3.json is readable");
    let fixtures: Value = serde_json::from_str(&text).expect("fixtures3.json is JSON");
    let body = |kind: &str| serde_json::to_vec(&fixtures["resources"][kind]).expect("serialises");
    let (token, drift) = Drift::decode::<Token>(&body("token")).expect("the token decodes");
    assert!(drift.is_empty(), "token: {drift}");
    let card = token.card.expect("a card token");
    assert!(card.networks.is_some(), "{card:?}");
    assert_eq!(card.regulated_status, Some(None), "sent as null");
    let (_, drift) = Drift::decode::<Card>(&body("card")).expect("the card decodes");
    assert!(drift.is_empty(), "card: {drift}");
    let (_, drift) =
        Drift::decode::<BankAccount>(&body("bank_account")).expect("the bank account decodes");
    assert!(drift.is_empty(), "bank_account: {drift}");
}

/// Through the client: a body from a newer API version (a required field gone, a new member, a
/// new kind of object) decodes; the response keeps the raw body, and `drift()` tells what changed.
/// Also the README's example of logging drift, compiled.
#[tokio::test]
async fn a_newer_body_decodes_through_the_client_and_its_drift_is_visible() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let mut body = card_token();
    body.as_object_mut().expect("object").remove("used");
    body["card"]["brand_new_member"] = json!({"nested": true});
    body["card"]["customer"] = json!({"id": "cus_1", "object": "future_customer"});
    body["card"]["available_payout_methods"] = json!(["standard", "same_day"]);
    let text = serde_json::to_string(&body).expect("serialises");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/tokens/tok_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Request-Id", "req_drift")
                .set_body_raw(text.clone().into_bytes(), "application/json"),
        )
        .mount(&server)
        .await;
    let client = stripe_client::Client::builder("sk_test_123")
        .base_url(server.uri())
        .build()
        .expect("client");
    let token = client
        .tokens()
        .retrieve("tok_1")
        .await
        .expect("a newer body decodes");
    assert!(!token.used, "a missing required bool is false");
    assert_eq!(token.raw_body(), text.as_bytes());
    let drift = token.drift();
    if !drift.is_empty() {
        eprintln!(
            "Stripe sent something our types do not know ({:?}): {drift}",
            token.request_id()
        );
    }
    assert_eq!(drift.missing, ["/used"]);
    assert_eq!(drift.unknown_fields, ["/card/brand_new_member"]);
    assert_eq!(drift.unknown_objects, ["/card/customer"]);
    assert_eq!(drift.unknown_values, ["/card/available_payout_methods/1"]);
    // The unknown member is reachable in the raw body at its pointer.
    let raw: Value = serde_json::from_slice(token.raw_body()).expect("JSON");
    assert_eq!(
        raw.pointer("/card/brand_new_member/nested"),
        Some(&json!(true))
    );

    // A body that does not decode names where.
    body["card"]["exp_month"] = json!("eight");
    Mock::given(method("GET"))
        .and(path("/v1/tokens/tok_bad"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let err = client
        .tokens()
        .retrieve("tok_bad")
        .await
        .expect_err("a string is not a month");
    match &err {
        stripe_client::Error::Decode { path, message, .. } => {
            assert_eq!(path, "/card/exp_month", "{err}");
            assert!(message.contains("line 1 column"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The whole API: both upstream specs, both fixtures files, and drift.

use generator::ir::{self, TypeKind, TypeRef};
use workspace_tests::whole_api::WholeApi;

/// How deep synthesised bodies have optional fields: a type's own, not its parts' (required
/// ones go on to [`MAX_DEPTH`]). Every response struct is a case of its own, so each type's
/// fields are covered where it is at the top.
const OPTIONAL_DEPTH: usize = 0;
/// Where synthesis stops (a required cycle through boxes would otherwise not end).
const MAX_DEPTH: usize = 12;
/// How deep synthesised bodies have expanded objects (ids below).
const EXPANDED_DEPTH: usize = 2;

/// A body synthesised from the model, and where its required fields, expanded objects and
/// polymorphic objects are.
#[derive(Default)]
struct Synth {
    delete: Vec<String>,
    expand: Vec<(String, String)>,
    retag: Vec<String>,
}

fn pointer_push(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

impl Synth {
    fn value(&mut self, model: &ir::Model, ty: &TypeRef, depth: usize, at: &str) -> Value {
        match ty {
            TypeRef::String | TypeRef::Binary => json!("x"),
            TypeRef::Integer => json!(1),
            TypeRef::Number => json!(1.5),
            TypeRef::Boolean => json!(true),
            TypeRef::Timestamp => json!(1_700_000_000),
            // A plain decimal in a string, with a trailing zero the types must keep.
            TypeRef::Decimal => json!("12.50"),
            // API v2: an RFC 3339 timestamp with fractional seconds, an i64 as text.
            TypeRef::DateTime => json!("2026-01-28T12:34:56.789Z"),
            TypeRef::Int64String => json!("9007199254740993"),
            TypeRef::Json => json!({}),
            TypeRef::Array(item) => json!([self.value(model, item, depth + 1, &format!("{at}/0"))]),
            TypeRef::Map(item) => {
                json!({"k": self.value(model, item, depth + 1, &format!("{at}/k"))})
            }
            TypeRef::Clearable(inner) => self.value(model, inner, depth, at),
            // Deeper down, an id, as Stripe sends it unless asked to expand (it also ends the
            // cycles of resources naming each other).
            TypeRef::Expandable(_) if depth > EXPANDED_DEPTH => json!("x_1"),
            TypeRef::Expandable(inner) => {
                let value = self.value(model, inner, depth, at);
                if value.is_object() {
                    let id = value.get("id").and_then(Value::as_str).unwrap_or("x_1");
                    self.expand.push((at.to_owned(), id.to_owned()));
                }
                value
            }
            TypeRef::List(item) | TypeRef::SearchResult(item) => {
                let data = self.value(model, item, depth + 1, &format!("{at}/data/0"));
                if matches!(ty, TypeRef::List(_)) {
                    json!({"object": "list", "data": [data], "has_more": false, "url": "/v1/x"})
                } else {
                    json!({"object": "search_result", "data": [data], "has_more": false,
                           "next_page": null, "url": "/v1/x"})
                }
            }
            TypeRef::V2List(item) => {
                let data = self.value(model, item, depth + 1, &format!("{at}/data/0"));
                json!({"data": [data], "next_page_url": null, "previous_page_url": null})
            }
            TypeRef::Named(id) => self.named(model, id, depth, at),
        }
    }

    fn named(&mut self, model: &ir::Model, id: &ir::TypeId, depth: usize, at: &str) -> Value {
        let def = model.types.get(id).expect("the model's ids resolve");
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut object = serde_json::Map::new();
                if depth > MAX_DEPTH {
                    return Value::Object(object);
                }
                for f in &s.fields {
                    if !f.required && depth > OPTIONAL_DEPTH {
                        continue;
                    }
                    let at = pointer_push(at, &f.wire_name);
                    let value = match &s.object {
                        // The tag its unions tell it by (the field is a plain string).
                        Some(tag) if f.wire_name == "object" => json!(tag),
                        _ => self.value(model, &f.ty, depth + 1, &at),
                    };
                    // Each type's own required fields: the type is a case of its own.
                    if f.required && depth == 0 {
                        self.delete.push(at);
                    }
                    object.insert(f.wire_name.clone(), value);
                }
                Value::Object(object)
            }
            TypeKind::Enum(e) => e
                .values
                .iter()
                .find(|v| !v.wire.is_empty())
                .map_or(json!("x"), |v| json!(v.wire)),
            TypeKind::Union(ir::UnionDef::Tagged { variants }) => {
                let value = self.named(model, &variants[0].ty, depth, at);
                if value.is_object() {
                    self.retag.push(at.to_owned());
                }
                value
            }
            TypeKind::Union(ir::UnionDef::Untagged { variants }) => {
                self.value(model, &variants[0].ty, depth, at)
            }
            TypeKind::Opaque(_) => json!({}),
        }
    }
}

/// Every JSON object under `value` with a string `object` tag other than a page's, with its
/// pointer. Recursion follows the fixtures file, which serde_json parsed (128 levels at most).
fn collect_tagged<'v>(value: &'v Value, at: String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            if let Some(tag) = map.get("object").and_then(Value::as_str) {
                if !matches!(tag, "list" | "search_result") {
                    out.push((at.clone(), value));
                }
            }
            for (k, v) in map {
                collect_tagged(v, pointer_push(&at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_tagged(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `stripe_full::<folder>::<Name>` of a type; in a namespace (API v2), its
/// folder there (`stripe_full::v2::core::resources::Account`).
fn rust_path(def: &ir::TypeDef) -> String {
    format!(
        "stripe_full::{}::{}",
        def.module.folder_path().replace('/', "::"),
        def.name
    )
}

/// The name a case gives a type: its Rust name, with its namespace when it has one
/// (`v2::core::Account`), so v1's `Account` and API v2's stay two dispatch arms.
fn case_type(def: &ir::TypeDef) -> String {
    if def.module.namespace.is_root() {
        def.name.clone()
    } else {
        format!("{}::{}", def.module.namespace, def.name)
    }
}

/// The response type of each component schema (merged ones under their survivor), by schema name.
fn component_types(model: &ir::Model) -> BTreeMap<String, &ir::TypeDef> {
    let mut out = BTreeMap::new();
    for def in model.types.iter().filter(|d| d.usage.is_response()) {
        let ids = std::iter::once(&def.id).chain(&def.merged);
        for id in ids {
            if let Some(schema) = id.as_str().strip_prefix("#/components/schemas/") {
                out.insert(schema.to_owned(), def);
            }
        }
    }
    out
}

/// The fixtures files decoded into each whole-API crate (`workspace_tests::UPSTREAM_VERSIONS`,
/// the specs generated): read as JSON, so a version here needs no crate of its own. A new
/// upstream version is one line here (its fixtures) and one in `UPSTREAM_VERSIONS` (its types).
const FIXTURES_VERSIONS: [&str; 3] = ["2023-08-16", "2024-04-10", "2026-01-28"];

/// `body` as the `data.object` of an event, and the pointer of every member of the event and of
/// the object, at any depth (inside arrays too): each is set to `null` in turn by the harness.
fn event_case(label: String, body: &Value) -> Value {
    let tag = body["object"].as_str().unwrap_or("unknown");
    let event = json!({
        "id": "evt_harness",
        "object": "event",
        "api_version": "2023-08-16",
        "created": 1_700_000_000,
        "data": {"object": body, "previous_attributes": {"description": "old"}},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": "req_harness", "idempotency_key": null},
        "type": format!("{tag}.updated"),
    });
    let mut nulls = Vec::new();
    members(&event, String::new(), &mut nulls);
    json!({"label": label, "type": "Event", "body": event, "nulls": nulls})
}

/// The pointer of every member under `value` (not array elements: those are no members).
/// Recursion follows a fixtures file, which serde_json parsed (128 levels at most).
fn members(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let pointer = pointer_push(&at, k);
                out.push(pointer.clone());
                members(v, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                members(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The shared whole-API crate of one spec, written with the drift harness.
struct Harness<'a> {
    api: &'a WholeApi,
}

impl Harness<'_> {
    /// Runs the harness on `cases`; returns its `DRIFT-COUNTS` line and prints its output.
    fn run(&self, what: &str, cases: &[Value]) -> String {
        // Beside the crate, not in it: writing the crate would remove it.
        let file = self
            .api
            .dir
            .with_file_name(format!("cases-{}-{what}.json", self.api.version));
        std::fs::write(&file, serde_json::to_vec(cases).expect("cases serialise"))
            .expect("the cases file is writable");
        let output = self
            .api
            .cargo(&[
                "test",
                "--quiet",
                // The harness answers the client through the test double.
                "--features",
                "test-util",
                "--test",
                "drift_harness",
                "--",
                "--nocapture",
            ])
            .env("DRIFT_CASES", &file)
            // Headroom for an unoptimised build: before tagged unions decoded through one
            // closure per variant, the webhook event's union outgrew a test thread's 2 MiB.
            // The stack of real use is the exerciser's (`stripe_mock_full.rs`, on tokio's
            // 2 MiB workers); this test is about what decodes.
            .env("RUST_MIN_STACK", (64 << 20).to_string())
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("DRIFT-")).collect();
        for line in &lines {
            eprintln!("  {line}");
        }
        assert!(
            output.status.success(),
            "{what} into the {} types:\n{}\n{}",
            self.api.version,
            stdout.lines().take(60).collect::<Vec<_>>().join("\n"),
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .take(60)
                .collect::<Vec<_>>()
                .join("\n")
        );
        lines
            .iter()
            .find(|l| l.starts_with("DRIFT-COUNTS"))
            .map(|l| l.to_string())
            .expect("the harness prints its counts")
    }
}

#[test]
fn whole_api_decodes_both_fixtures_and_reports_drift() {
    let mut specs = Vec::new();
    for version in workspace_tests::UPSTREAM_VERSIONS {
        let Some(api) = WholeApi::generate(version) else {
            return;
        };
        specs.push((version, api));
    }
    let mut fixtures: Vec<(&str, Value)> = Vec::new();
    for version in FIXTURES_VERSIONS {
        let Some(path) = workspace_tests::upstream_of(version, "fixtures3.json") else {
            return;
        };
        let text = std::fs::read_to_string(path).expect("fixtures3.json is readable");
        fixtures.push((
            version,
            serde_json::from_str(&text).expect("fixtures3.json is JSON"),
        ));
    }
    let mut summary = Vec::new();
    for (version, api) in &specs {
        let started = std::time::Instant::now();
        let model = &api.model;

        // The harness, with one dispatch arm per type a case names: every response struct
        // (component or inline) and every component type a fixture names.
        let components = component_types(model);
        let mut synthesised = Vec::new();
        let mut arms = BTreeMap::new();
        for def in components.values() {
            arms.insert(case_type(def), rust_path(def));
        }
        for def in model.types.iter().filter(|d| d.usage.is_response()) {
            if !matches!(def.kind, TypeKind::Struct(_)) {
                continue;
            }
            arms.insert(case_type(def), rust_path(def));
            let mut synth = Synth::default();
            let body = synth.named(model, &def.id, 0, "");
            synthesised.push(json!({
                "label": format!("synthesised {}", case_type(def)),
                "type": case_type(def),
                "body": body,
                "delete": synth.delete,
                "expand": synth.expand,
                "retag": synth.retag,
            }));
        }
        let mut harness = include_str!("../drift/harness.rs").to_owned();
        harness.push_str(
            "\n/// Decodes `body` as the type named `ty`.\n\
             fn dispatch(ty: &str, body: &[u8]) -> Option<Decoded> {\n    \
             Some(match ty {\n",
        );
        for (name, path) in &arms {
            harness.push_str(&format!("        {name:?} => run::<{path}>(body),\n"));
        }
        harness.push_str("        _ => return None,\n    })\n}\n");
        // Written with the crate, which rewrites only files that changed: cargo rebuilds the
        // crate and the harness only when they did.
        api.write(vec![workspace_tests::whole_api::file(
            "tests/drift_harness.rs",
            harness,
        )]);
        let api = Harness { api };

        for (fixtures_version, fixtures) in &fixtures {
            // Every object inside the resources too (a charge's card, an invoice's lines), by
            // its `object` tag.
            let mut tagged = Vec::new();
            collect_tagged(&fixtures["resources"], "/resources".to_owned(), &mut tagged);
            let mut cases = Vec::new();
            let mut untagged_kinds = BTreeSet::new();
            for (at, body) in &tagged {
                let tag = body["object"].as_str().expect("collected by tag");
                let schema = if body.get("deleted") == Some(&Value::Bool(true)) {
                    format!("deleted_{tag}")
                } else {
                    tag.to_owned()
                };
                match components.get(&schema) {
                    Some(def) => cases.push(json!({
                        "label": format!("fixtures {fixtures_version} {at}"),
                        "type": case_type(def),
                        "body": body,
                    })),
                    None => {
                        untagged_kinds.insert(schema);
                    }
                }
            }
            let counts = api.run(&format!("objects-{fixtures_version}"), &cases);
            summary.push(format!(
                "objects in fixtures {fixtures_version} -> types {version}: {counts}; {} of {} \
                 objects are of a kind with no type in {version} ({})",
                tagged.len() - cases.len(),
                tagged.len(),
                untagged_kinds.into_iter().collect::<Vec<_>>().join(", ")
            ));

            let mut cases = Vec::new();
            let mut untyped = Vec::new();
            let resources = fixtures["resources"].as_object().expect("resources");
            for (schema, body) in resources {
                match components.get(schema) {
                    Some(def) => cases.push(json!({
                        "label": format!("fixtures {fixtures_version} {schema}"),
                        "type": case_type(def),
                        "body": body,
                    })),
                    None => untyped.push(schema.as_str()),
                }
            }
            let counts = api.run(&format!("fixtures-{fixtures_version}"), &cases);
            summary.push(format!(
                "fixtures {fixtures_version} -> types {version}: {counts}; {} of {} objects \
                 have no type in {version} (no type for: {})",
                untyped.len(),
                resources.len(),
                untyped.join(", ")
            ));

            // Every resource as the object of an event, each member `null` in turn, through
            // `Webhook::construct_event` and the client.
            let cases: Vec<Value> = resources
                .iter()
                .map(|(schema, body)| {
                    event_case(
                        format!("event of fixtures {fixtures_version} {schema}"),
                        body,
                    )
                })
                .collect();
            let counts = api.run(&format!("events-{fixtures_version}"), &cases);
            summary.push(format!(
                "events of fixtures {fixtures_version} -> types {version}: {counts}"
            ));
        }
        let counts = api.run("synthesised", &synthesised);
        summary.push(format!(
            "synthesised {version} -> types {version}: {counts} (in {:.0?} with the build)",
            started.elapsed()
        ));
    }
    for line in summary {
        eprintln!("{line}");
    }
}
