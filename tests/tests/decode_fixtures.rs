//! Decoding real Stripe JSON into the generated response types: every `token`, `card` and
//! `bank_account` object of Stripe's upstream fixtures (`fixtures3.json`), and the response
//! examples of the API reference; unknown fields and enum values; re-serialising round-trips.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use stripe_client::{
    AvailablePayoutMethods, BankAccount, Card, CustomerOrDeletedCustomer, Expandable, HasId, Token,
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
    assert_eq!(methods[0], AvailablePayoutMethods::Instant);
    assert_eq!(methods[1], AvailablePayoutMethods::Standard);
    assert_eq!(
        methods[2],
        AvailablePayoutMethods::Unrecognized("same_day_ach".to_owned())
    );
    assert_eq!(methods[2].as_str(), "same_day_ach");
    // Serialised back as sent.
    assert_eq!(
        serde_json::to_value(&card).expect("serialises")["available_payout_methods"],
        json!(["instant", "standard", "same_day_ach"])
    );

    // The bank account shares the type.
    let mut bank = bank_account_token()["bank_account"].clone();
    bank["available_payout_methods"] = json!(["turbo"]);
    let bank: BankAccount = decode_round_trip(&bank, "bank account with a new payout method");
    assert_eq!(
        bank.available_payout_methods,
        Some(Some(vec![AvailablePayoutMethods::Unrecognized(
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
fn missing_required_fields_fail() {
    let mut value = card_token();
    value.as_object_mut().expect("object").remove("id");
    let err = serde_json::from_value::<Token>(value).expect_err("id is required");
    assert!(err.to_string().contains("id"), "{err}");

    let mut value = card_token();
    value["card"].as_object_mut().expect("card").remove("last4");
    assert!(serde_json::from_value::<Token>(value).is_err());

    let mut value = card_token();
    value["created"] = json!("2023-05-03");
    assert!(serde_json::from_value::<Token>(value).is_err());
}
