//! The floors: plain serde structs with the same fields and values as the generated types, and the
//! inputs of the form-encoding benches built both ways.
//!
//! "Plain" means what a hand-written client would do: `Option`/`String`/`i64`/`bool`/`f64` fields,
//! nested structs, `BTreeMap` for metadata, `#[derive]`d serde and nothing else (no double options,
//! no open enums, no expandable ids).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use stripe_client as gen;

// ---------------------------------------------------------------------------------------------
// Form encoding: create-token params, as the generated params types and as plain serde structs.
// ---------------------------------------------------------------------------------------------

/// The fields of `CreateToken`.
#[derive(Debug, Default, Serialize)]
pub struct PlainCreateToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<PlainCard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc_update: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expand: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PlainPerson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pii: Option<serde_json::Value>,
}

/// The fields of `CreateTokenCardDetails`.
#[derive(Debug, Default, Serialize)]
pub struct PlainCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc: Option<String>,
    pub exp_month: String,
    pub exp_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub number: String,
}

/// The fields of `CreateTokenPerson` (nested shapes the benches leave unset are raw JSON here).
#[derive(Debug, Default, Serialize)]
pub struct PlainPerson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PlainAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_kana: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_kanji: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<PlainDob>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name_kana: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name_kanji: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name_aliases: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number_secondary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name_kana: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name_kanji: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maiden_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub political_exposure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_address: Option<PlainAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<PlainRelationship>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<serde_json::Value>,
}

/// The fields of `CreateTokenPersonAddress`.
#[derive(Debug, Default, Serialize)]
pub struct PlainAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// The fields of `CreateTokenPersonDob`.
#[derive(Debug, Default, Serialize)]
pub struct PlainDob {
    pub day: i64,
    pub month: i64,
    pub year: i64,
}

/// The fields of `CreateTokenPersonRelationship`.
#[derive(Debug, Default, Serialize)]
pub struct PlainRelationship {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub director: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_ownership: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// One form-encoding case: the generated params and the plain struct with the same values.
pub struct FormCase {
    pub name: &'static str,
    pub generated: gen::tokens::CreateToken,
    pub plain: PlainCreateToken,
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

/// The seed card example (README, spec/tokens.config.yaml): number, expiry, CVC.
pub fn seed_card() -> FormCase {
    FormCase {
        name: "seed_card",
        generated: gen::tokens::CreateToken::new().card(
            gen::tokens::CreateTokenCardDetails::new("5", "2026", "4242424242424242").cvc("314"),
        ),
        plain: PlainCreateToken {
            card: Some(PlainCard {
                cvc: s("314"),
                exp_month: "5".to_owned(),
                exp_year: "2026".to_owned(),
                number: "4242424242424242".to_owned(),
                ..PlainCard::default()
            }),
            ..PlainCreateToken::default()
        },
    }
}

/// Every card field (billing address, name, currency) plus `expand`.
pub fn full_card() -> FormCase {
    FormCase {
        name: "full_card_expand",
        generated: gen::tokens::CreateToken::new()
            .card(
                gen::tokens::CreateTokenCardDetails::new("12", "2034", "4000056655665556")
                    .cvc("123")
                    .name("Jenny Rosen")
                    .address_line1("510 Townsend St")
                    .address_line2("Floor 3")
                    .address_city("San Francisco")
                    .address_state("CA")
                    .address_zip("94103")
                    .address_country("US")
                    .currency("usd"),
            )
            .expand(["card", "card.customer"]),
        plain: PlainCreateToken {
            card: Some(PlainCard {
                address_city: s("San Francisco"),
                address_country: s("US"),
                address_line1: s("510 Townsend St"),
                address_line2: s("Floor 3"),
                address_state: s("CA"),
                address_zip: s("94103"),
                currency: s("usd"),
                cvc: s("123"),
                exp_month: "12".to_owned(),
                exp_year: "2034".to_owned(),
                name: s("Jenny Rosen"),
                number: "4000056655665556".to_owned(),
            }),
            expand: Some(vec!["card".to_owned(), "card.customer".to_owned()]),
            ..PlainCreateToken::default()
        },
    }
}

const METADATA: [(&str, &str); 4] = [
    ("order_id", "6735"),
    ("source", "onboarding form"),
    ("team", "payments"),
    ("tier", "gold"),
];

/// A person token: names, contact, date of birth, address, relationship and metadata.
pub fn person_metadata() -> FormCase {
    let address = || {
        gen::tokens::CreateTokenPersonAddress::new()
            .line1("510 Townsend St")
            .city("San Francisco")
            .state("CA")
            .postal_code("94103")
            .country("US")
    };
    let plain_address = || PlainAddress {
        city: s("San Francisco"),
        country: s("US"),
        line1: s("510 Townsend St"),
        postal_code: s("94103"),
        state: s("CA"),
        ..PlainAddress::default()
    };
    FormCase {
        name: "person_metadata",
        generated: gen::tokens::CreateToken::new().person(
            gen::tokens::CreateTokenPerson::new()
                .first_name("Jane")
                .last_name("Doe")
                .email("jane.doe@example.com")
                .phone("+14155550123")
                .dob(gen::tokens::CreateTokenPersonDob::new(14, 7, 1990))
                .address(address())
                .relationship(
                    gen::tokens::CreateTokenPersonRelationship::new()
                        .owner(true)
                        .executive(true)
                        .percent_ownership(25.5)
                        .title("CEO"),
                )
                .metadata(METADATA),
        ),
        plain: PlainCreateToken {
            person: Some(PlainPerson {
                address: Some(plain_address()),
                dob: Some(PlainDob {
                    day: 14,
                    month: 7,
                    year: 1990,
                }),
                email: s("jane.doe@example.com"),
                first_name: s("Jane"),
                last_name: s("Doe"),
                metadata: Some(
                    METADATA
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
                phone: s("+14155550123"),
                relationship: Some(PlainRelationship {
                    executive: Some(true),
                    owner: Some(true),
                    percent_ownership: Some(25.5),
                    title: s("CEO"),
                    ..PlainRelationship::default()
                }),
                ..PlainPerson::default()
            }),
            ..PlainCreateToken::default()
        },
    }
}

/// The three form-encoding cases.
pub fn form_cases() -> Vec<FormCase> {
    vec![seed_card(), full_card(), person_metadata()]
}

// ---------------------------------------------------------------------------------------------
// Decoding: a token with its card or bank account, as a plain serde struct.
// ---------------------------------------------------------------------------------------------

/// The fields of `Token`.
#[derive(Debug, Deserialize)]
pub struct PlainToken {
    pub bank_account: Option<PlainBankAccount>,
    pub card: Option<PlainCardObject>,
    pub client_ip: Option<String>,
    pub created: i64,
    pub id: String,
    pub livemode: bool,
    pub object: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub used: bool,
}

/// The fields of `Card` (expandable ids as plain strings, enums as strings).
#[derive(Debug, Deserialize)]
pub struct PlainCardObject {
    pub account: Option<String>,
    pub address_city: Option<String>,
    pub address_country: Option<String>,
    pub address_line1: Option<String>,
    pub address_line1_check: Option<String>,
    pub address_line2: Option<String>,
    pub address_state: Option<String>,
    pub address_zip: Option<String>,
    pub address_zip_check: Option<String>,
    pub available_payout_methods: Option<Vec<String>>,
    pub brand: String,
    pub country: Option<String>,
    pub currency: Option<String>,
    pub customer: Option<String>,
    pub cvc_check: Option<String>,
    pub default_for_currency: Option<bool>,
    pub dynamic_last4: Option<String>,
    pub exp_month: i64,
    pub exp_year: i64,
    pub fingerprint: Option<String>,
    pub funding: String,
    pub id: String,
    pub last4: String,
    pub metadata: Option<BTreeMap<String, String>>,
    pub name: Option<String>,
    pub object: String,
    pub status: Option<String>,
    pub tokenization_method: Option<String>,
}

/// The fields of `BankAccount` (requirements, absent from the fixture, as nested plain structs).
#[derive(Debug, Deserialize)]
pub struct PlainBankAccount {
    pub account: Option<String>,
    pub account_holder_name: Option<String>,
    pub account_holder_type: Option<String>,
    pub account_type: Option<String>,
    pub available_payout_methods: Option<Vec<String>>,
    pub bank_name: Option<String>,
    pub country: String,
    pub currency: String,
    pub customer: Option<String>,
    pub default_for_currency: Option<bool>,
    pub fingerprint: Option<String>,
    pub future_requirements: Option<PlainRequirements>,
    pub id: String,
    pub last4: String,
    pub metadata: Option<BTreeMap<String, String>>,
    pub object: String,
    pub requirements: Option<PlainRequirements>,
    pub routing_number: Option<String>,
    pub status: String,
}

/// The fields of `ExternalAccountRequirements`, simplified.
#[derive(Debug, Deserialize)]
pub struct PlainRequirements {
    pub currently_due: Option<Vec<String>>,
    pub errors: Option<Vec<serde_json::Value>>,
    pub past_due: Option<Vec<String>>,
    pub pending_verification: Option<Vec<String>>,
}
