//! Response bodies of the API reference's examples (`../shared/seeds`) for API
//! version 2023-08-16: JSON data, shared by the decoding and end-to-end tests.

pub const CARD_TOKEN: &str = r#"{
  "id": "tok_1N3T00LkdIwHu7ixt44h1F8k",
  "object": "token",
  "card": {
    "id": "card_1N3T00LkdIwHu7ixRdxpVI1Q",
    "object": "card",
    "address_city": null,
    "address_country": null,
    "address_line1": null,
    "address_line1_check": null,
    "address_line2": null,
    "address_state": null,
    "address_zip": null,
    "address_zip_check": null,
    "brand": "Visa",
    "country": "US",
    "cvc_check": "unchecked",
    "dynamic_last4": null,
    "exp_month": 5,
    "exp_year": 2026,
    "fingerprint": "mToisGZ01V71BCos",
    "funding": "credit",
    "last4": "4242",
    "metadata": {},
    "name": null,
    "tokenization_method": null,
    "wallet": null
  },
  "client_ip": "52.35.78.6",
  "created": 1683071568,
  "livemode": false,
  "type": "card",
  "used": false
}"#;

pub const CVC_UPDATE_TOKEN: &str = r#"{
  "id": "cvctok_1NkWsu2eZvKYlo2CFDm6ab7X",
  "object": "token",
  "client_ip": null,
  "created": 1693334608,
  "livemode": false,
  "redaction": null,
  "type": "cvc_update",
  "used": false
}"#;

pub const BANK_ACCOUNT_TOKEN: &str = r#"{
  "id": "btok_1NAiJy2eZvKYlo2Cnh6bIs9c",
  "object": "token",
  "bank_account": {
    "id": "ba_1NAiJy2eZvKYlo2CvChRu0ZE",
    "object": "bank_account",
    "account_holder_name": "Jenny Rosen",
    "account_holder_type": "individual",
    "account_type": null,
    "bank_name": "STRIPE TEST BANK",
    "country": "US",
    "currency": "usd",
    "fingerprint": "1JWtPxqbdX5Gamtc",
    "last4": "6789",
    "routing_number": "110000000",
    "status": "new"
  },
  "client_ip": null,
  "created": 1684793374,
  "livemode": false,
  "type": "bank_account",
  "used": false
}"#;

pub const ACCOUNT_TOKEN: &str = r#"{
  "id": "ct_1NAiJy2eZvKYlo2CQEZ8jJpA",
  "object": "token",
  "client_ip": null,
  "created": 1684793374,
  "livemode": false,
  "redaction": null,
  "type": "account",
  "used": false
}"#;

pub const PERSON_TOKEN: &str = r#"{
  "id": "cpt_1EDww82eZvKYlo2CsdelTHFu",
  "object": "token",
  "client_ip": "8.21.168.117",
  "created": 1552582904,
  "livemode": false,
  "redaction": null,
  "type": "person",
  "used": false
}"#;

pub const PII_TOKEN: &str = r#"{
  "id": "pii_18PwbX2eZvKYlo2CzRXgwN3J",
  "object": "token",
  "client_ip": "124.123.76.134",
  "created": 1466783547,
  "livemode": false,
  "redaction": null,
  "type": "pii",
  "used": false
}"#;
