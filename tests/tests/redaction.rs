//! Sensitive values never print in `Debug`.
//!
//! Two halves: over the whole upstream API's model, every field whose name says it holds a
//! sensitive value (by the word patterns below, which are this test's own and not the config's)
//! is marked secret, which the emitter turns into `[REDACTED]` (its unit tests check that); and
//! the committed crate's real types, compiled, print no such value.

use generator::ir::{Model, TypeKind};

/// Word sequences (of a snake_case wire name) naming sensitive values: tax and VAT ids, identity
/// numbers, dates of birth, bank details, SSNs, card details, and every secret.
const SENSITIVE: &[&[&str]] = &[
    &["tax", "id"],
    &["vat", "id"],
    &["id", "number"],
    &["dob"],
    &["iban"],
    &["account", "number"],
    &["routing", "number"],
    &["sort", "code"],
    &["bsb", "number"],
    &["transit", "number"],
    &["institution", "number"],
    &["ssn"],
    &["cvc"],
    &["pin"],
    &["secret"],
];

/// Last words of names that describe a value without holding it (`tax_id_provided`,
/// `cvc_check`, `iban_last4`, `id_number_type`).
const DESCRIPTIVE: &[&str] = &[
    "check",
    "collection",
    "data",
    "failure",
    "ids",
    "last4",
    "provided",
    "registrar",
    "token",
    "type",
    "update",
    "verification",
];

fn is_sensitive(wire: &str) -> bool {
    let words: Vec<&str> = wire.split('_').collect();
    if wire == "number" {
        return true;
    }
    if words.first() == Some(&"require") || DESCRIPTIVE.contains(words.last().unwrap_or(&"")) {
        return false;
    }
    // A rate counts values (`invalid_account_number_decline_rate_past_hour`).
    if words.contains(&"rate") {
        return false;
    }
    SENSITIVE
        .iter()
        .any(|pattern| words.windows(pattern.len()).any(|w| w == *pattern))
}

/// `(type, field)` of every sensitive field that is not secret, and how many were checked.
fn unredacted(model: &Model) -> (Vec<String>, usize) {
    let mut missing = Vec::new();
    let mut checked = 0;
    for def in model.types.iter() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        // The value of any tax id object.
        let tax_id_value = def.name.ends_with("TaxId") || def.name.ends_with("TaxIdData");
        for f in &s.fields {
            if is_sensitive(&f.wire_name) || (tax_id_value && f.wire_name == "value") {
                checked += 1;
                if !f.secret {
                    missing.push(format!("{}.{} ({})", def.name, f.wire_name, def.id));
                }
            }
        }
    }
    (missing, checked)
}

#[test]
fn the_patterns_tell_values_from_descriptions() {
    for wire in [
        "tax_id",
        "vat_id",
        "id_number",
        "id_number_secondary",
        "dob",
        "iban",
        "sender_iban",
        "account_number",
        "routing_number",
        "ssn_last_4",
        "client_secret",
        "secret",
        "number",
        "pin",
    ] {
        assert!(is_sensitive(wire), "{wire}");
    }
    for wire in [
        "tax_id_provided",
        "id_number_type",
        "cvc_check",
        "iban_last4",
        "tax_ids",
        "shipping",
        "phone_number",
        "require_id_number",
        "invoice_number_prefix",
        "invalid_account_number_decline_rate_past_hour",
    ] {
        assert!(!is_sensitive(wire), "{wire}");
    }
}

#[test]
fn every_sensitive_field_of_the_committed_crate_is_secret() {
    let (missing, checked) = unredacted(&workspace_tests::tokens_model());
    assert!(checked >= 15, "only {checked} sensitive fields found");
    assert!(missing.is_empty(), "not redacted:\n{}", missing.join("\n"));
}

#[test]
fn every_sensitive_field_of_the_whole_api_is_secret() {
    // Every upstream spec, beside the folder the shared helper knows (it decides absence).
    let Some(known) = workspace_tests::upstream("spec3.yaml") else {
        return;
    };
    let upstream = known.parent().and_then(|p| p.parent()).unwrap();
    let config = workspace_tests::root().join("spec/full-api.config.yaml");
    for spec in [
        known.clone(),
        upstream.join("stripe-openapi-2024-04-10/spec3.json"),
        upstream.join("stripe-openapi-2026-01-28/spec3.json"),
    ] {
        if !spec.exists() {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "{spec:?} is missing"
            );
            eprintln!("notice: {} is absent; skipping it", spec.display());
            continue;
        }
        let model = workspace_tests::model_of(&spec, &config)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let (missing, checked) = unredacted(&model);
        eprintln!("{}: {checked} sensitive fields, all secret", spec.display());
        assert!(checked >= 100, "only {checked} sensitive fields found");
        assert!(missing.is_empty(), "not redacted:\n{}", missing.join("\n"));
    }
}

#[test]
fn committed_crate_debug_prints_no_sensitive_value() {
    use stripe_client::tokens::{
        CreateToken, CreateTokenAccount, CreateTokenAccountCompany, CreateTokenAccountIndividual,
        CreateTokenAccountIndividualDob, CreateTokenBankAccount, CreateTokenCardDetails,
        CreateTokenPerson, CreateTokenPersonDob, CreateTokenPersonUsCfpbData,
        CreateTokenPersonUsCfpbDataRaceDetails, CreateTokenPii,
    };
    let values = [
        "TAXID-111",
        "VATID-222",
        "IDNUM-333",
        "ACCT-444",
        "ROUTE-555",
        "4242424242424242",
        "CVC-666",
        "SSN4",
        "1987",
        "GENDER-777",
        "RACE-888",
    ];
    let requests = [
        CreateToken::new().account(
            CreateTokenAccount::new()
                .company(
                    CreateTokenAccountCompany::new()
                        .tax_id("TAXID-111")
                        .vat_id("VATID-222"),
                )
                .individual(
                    CreateTokenAccountIndividual::new()
                        .dob(CreateTokenAccountIndividualDob::new(11, 12, 1987))
                        .id_number("IDNUM-333")
                        .ssn_last_4("SSN4"),
                ),
        ),
        CreateToken::new().person(
            CreateTokenPerson::new()
                .dob(CreateTokenPersonDob::new(11, 12, 1987))
                .id_number("IDNUM-333")
                .us_cfpb_data(
                    CreateTokenPersonUsCfpbData::new()
                        .self_identified_gender("GENDER-777")
                        .race_details(
                            CreateTokenPersonUsCfpbDataRaceDetails::new().race_other("RACE-888"),
                        ),
                ),
        ),
        CreateToken::new().pii(CreateTokenPii::new().id_number("IDNUM-333")),
        CreateToken::new().bank_account(
            CreateTokenBankAccount::new("ACCT-444", "US").routing_number("ROUTE-555"),
        ),
        CreateToken::new()
            .card(CreateTokenCardDetails::new("12", "2030", "4242424242424242").cvc("CVC-666")),
    ];
    for request in &requests {
        let debug = format!("{request:?}");
        assert!(debug.contains("[REDACTED]"), "{debug}");
        for value in values {
            assert!(!debug.contains(value), "{value} printed in {debug}");
        }
    }
}

#[test]
fn committed_crate_redacts_received_objects_too() {
    let bank: stripe_client::resources::BankAccount = serde_json::from_value(serde_json::json!({
        "id": "ba_1", "object": "bank_account", "country": "US", "currency": "usd",
        "last4": "6789", "routing_number": "ROUTE-555", "status": "new",
    }))
    .unwrap();
    let debug = format!("{bank:?}");
    assert!(!debug.contains("ROUTE-555"), "{debug}");
    assert!(debug.contains("6789"), "{debug}");
}
