//! Type definitions: structs, enums, unions, opaque types.

use super::fixture::*;
use crate::ir::*;

fn emitted(path: &str) -> String {
    let files = emit(&model(), &format!("types-{}", path.replace('/', "-"))).unwrap();
    file(&files, path).to_owned()
}

#[test]
fn response_struct_field_shapes() {
    let token = emitted("src/resources/token.rs");
    let def = item(&token, "pub struct Token {");
    assert_contains(
        &token,
        "#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize)]\n#[non_exhaustive]\npub struct Token {",
    );
    // required, not nullable: plain, no serde attribute (decoding is `DecodeFields`)
    assert_contains(def, "    pub id: ::std::string::String,\n");
    assert_contains(def, "    pub created: crate::runtime::Timestamp,\n");
    // required, nullable: Option, always serialised
    assert_contains(
        def,
        "    pub client_ip: ::std::option::Option<::std::string::String>,\n",
    );
    // optional, not nullable: skipped when None
    assert_contains(
        def,
        "    #[serde(skip_serializing_if = \"::std::option::Option::is_none\")]\n    pub card: ::std::option::Option<crate::resources::Card>,\n",
    );
    // optional, nullable: double option with its doc line
    assert_contains(
        def,
        "    /// `None`: the field was absent; `Some(None)`: it was `null`.\n",
    );
    assert_contains(
        def,
        "pub description: ::std::option::Option<::std::option::Option<::std::string::String>>,",
    );
    assert_contains(
        def,
        "crate::runtime::Expandable<crate::resources::Customer>",
    );
    // keyword field: a raw identifier, which serde already names `type`
    assert_contains(def, "    pub used: bool,\n");
    assert_contains(def, "    pub livemode: bool,\n    pub object: ::std::string::String,\n    pub r#type: ::std::string::String,\n");
    assert_lacks(def, "rename");
    assert_lacks(def, "default");
    assert_lacks(&token, "deny_unknown_fields");
    // decoding: one match on the wire name, every field by its own type, a double option
    // wrapped in `Some` (a `null` is `Some(None)`), a field that may not be null through
    // `object::value` (a `null` is its default), an unknown member kept in `extra`
    let decode = item(
        &token,
        "impl crate::runtime::object::DecodeFields for Token {",
    );
    assert_contains(decode, "match key {");
    assert_contains(
        decode,
        "\"id\" => crate::runtime::object::value(map, &mut self.id)?,",
    );
    assert_contains(
        decode,
        "\"type\" => crate::runtime::object::value(map, &mut self.r#type)?,",
    );
    assert_contains(
        decode,
        "\"client_ip\" => self.client_ip = map.next_value()?,",
    );
    assert_contains(
        decode,
        "\"customer\" => self.customer = ::std::option::Option::Some(map.next_value()?),",
    );
    assert_contains(
        decode,
        "_ => crate::runtime::object::keep(&mut self.extra, key, map)?,",
    );
    // the members no field has, serialised flattened beside the fields
    assert_contains(
        def,
        "    #[serde(flatten)]\n    pub extra: crate::runtime::Extra,\n}",
    );
    assert_contains(&token, "impl<'de> ::serde::Deserialize<'de> for Token {");
    assert_contains(
        &token,
        "crate::runtime::object::decode(deserializer, \"Token\")",
    );
    // HasId from the id field
    assert_contains(
        &token,
        "impl crate::runtime::HasId for Token {\n    fn id(&self) -> ::std::option::Option<&str> {\n        ::std::option::Option::Some(self.id.as_str())",
    );
    // response-only: no builder, no form encoding
    assert_lacks(&token, "impl Token");
    assert_lacks(&token, "FormEncode");
}

#[test]
fn struct_docs_are_sanitised() {
    let token = emitted("src/resources/token.rs");
    assert_contains(
        &token,
        "/// Tokenization is the process Stripe uses to collect sensitive card details.\n///\n/// See <https://stripe.com/docs/tokens> and [the guide](https://stripe.com/docs).\n",
    );
    assert_contains(
        &token,
        "    /// The card this token [represents](https://stripe.com/docs/api#cards).\n",
    );
}

#[test]
fn boxed_and_collection_fields() {
    let card = emitted("src/resources/card.rs");
    assert_contains(
        &card,
        "pub replacement: ::std::option::Option<\n        ::std::option::Option<::std::boxed::Box<crate::resources::Card>>,\n    >,",
    );
    assert_contains(
        &card,
        "pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
    );
    assert_contains(
        &card,
        "::std::collections::BTreeMap<::std::string::String, ::std::string::String>",
    );
    assert_contains(&card, "pub risk_score: ::std::option::Option<f64>,");
    assert_contains(&card, "pub exp_month: i64,");
}

#[test]
fn request_struct_builder_and_form_encoding() {
    let params = emitted("src/params/create_token.rs");
    let def = item(&params, "pub struct CreateToken {");
    assert_contains(
        &params,
        "#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct CreateToken {",
    );
    assert_lacks(def, "serde");
    assert_contains(
        def,
        "pub customer: ::std::option::Option<::std::string::String>,",
    );
    // new() without required fields is Default
    assert_contains(
        &params,
        "pub fn new() -> Self {\n        ::std::default::Default::default()\n    }",
    );
    // scalar, array and map setters
    assert_contains(
        &params,
        "pub fn customer(\n        mut self,\n        value: impl ::std::convert::Into<::std::string::String>,\n    ) -> Self {\n        self.customer = ::std::option::Option::Some(value.into());\n        self\n    }",
    );
    assert_contains(
        &params,
        "value: impl ::std::iter::IntoIterator<\n            Item = impl ::std::convert::Into<::std::string::String>,\n        >,",
    );
    assert_contains(
        &params,
        "value.into_iter().map(::std::convert::Into::into).collect()",
    );
    assert_contains(
        &params,
        "value.into_iter().map(|(k, v)| (k.into(), v.into())).collect()",
    );
    // form encoding in model order, by wire name
    let form = item(
        &params,
        "impl crate::runtime::form::FormEncode for CreateToken {",
    );
    let order = [
        "\"bank_account\"",
        "\"card\"",
        "\"customer\"",
        "\"expand\"",
        "\"metadata\"",
        "\"pii\"",
    ];
    let positions = order.map(|k| form.find(k).unwrap_or_else(|| panic!("{k} in {form}")));
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{form}");
    assert_contains(
        form,
        "crate::runtime::form::FormEncode::encode_form(&self.card, w, &key.field(\"card\"));",
    );
}

#[test]
fn a_field_name_that_needs_escaping_is_encoded_as_a_map_key() {
    let mut odd = field("line 1", TypeRef::String, false, false);
    odd.rust_name = "line_1".to_owned();
    let params = def(
        id("#/paths/~1v1~1things/post/requestBody"),
        "CreateThing",
        "params/create_thing",
        Usage::Request,
        strukt(
            vec![field("name", TypeRef::String, false, false), odd],
            None,
        ),
    );
    let files = emit(&model_of(vec![params]), "types-escaped-field-name").unwrap();
    let form = item(
        file(&files, "src/params/create_thing.rs"),
        "impl crate::runtime::form::FormEncode for CreateThing {",
    );
    assert_contains(
        form,
        "crate::runtime::form::FormEncode::encode_form(&self.name, w, &key.field(\"name\"));",
    );
    assert_contains(
        form,
        "encode_form(
            &self.line_1,
            w,
            &key.map_key(\"line 1\"),
        );",
    );
}

#[test]
fn required_fields_go_to_new() {
    let params = emitted("src/params/create_token.rs");
    let bank = item(&params, "impl CreateTokenBankAccount {");
    assert_contains(bank, "#[allow(clippy::too_many_arguments)]\n    pub fn new(\n        account_holder_name: impl ::std::convert::Into<::std::string::String>,");
    assert_contains(bank, "            default: ::std::option::Option::None,\n");
    assert_contains(bank, "            routing_number: routing_number.into(),\n");
    // setter names clippy would flag
    assert_contains(
        bank,
        "#[allow(clippy::should_implement_trait)]\n    pub fn default(",
    );
    assert_contains(
        bank,
        "#[allow(clippy::wrong_self_convention)]\n    pub fn is_primary(",
    );
    assert_lacks(&params, "#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct CreateTokenBankAccount");
    // few required fields: no allow
    let details = item(&params, "impl CreateTokenCardDetails {");
    assert_lacks(details, "too_many_arguments");
}

#[test]
fn clearable_field() {
    let params = emitted("src/params/create_token.rs");
    assert_contains(
        &params,
        "pub metadata: ::std::option::Option<\n        crate::runtime::Clearable<",
    );
    assert_contains(&params, "crate::runtime::Clearable::Set(\n                value.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),\n            ),");
    assert_contains(
        &params,
        "pub fn clear_metadata(mut self) -> Self {\n        self.metadata = ::std::option::Option::Some(crate::runtime::Clearable::Clear);\n        self\n    }",
    );
    assert_contains(&params, "pub fn clear_weights(mut self) -> Self {");
}

#[test]
fn secret_fields_are_redacted_in_debug() {
    let params = emitted("src/params/create_token.rs");
    assert_contains(
        &params,
        "#[derive(Clone, PartialEq)]\n#[non_exhaustive]\npub struct CreateTokenCardDetails {",
    );
    let debug = item(
        &params,
        "impl ::std::fmt::Debug for CreateTokenCardDetails {",
    );
    assert_contains(debug, "f.debug_struct(\"CreateTokenCardDetails\")");
    assert_contains(debug, ".field(\"number\", &crate::runtime::Redacted)");
    assert_contains(
        debug,
        ".field(\"cvc\", &self.cvc.as_ref().map(|_| crate::runtime::Redacted))",
    );
    assert_contains(debug, ".field(\"exp_month\", &self.exp_month)");
    // structs without secrets derive Debug
    assert_contains(
        &params,
        "#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct CreateToken {",
    );
}

#[test]
fn struct_used_both_ways() {
    let address = emitted("src/resources/address.rs");
    assert_contains(
        &address,
        "#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize)]\n#[non_exhaustive]\npub struct Address {",
    );
    assert_contains(
        &address,
        "pub fn new(line1: impl ::std::convert::Into<::std::string::String>) -> Self {",
    );
    // nullable optional field keeps the response shape; the setter fills both levels
    assert_contains(
        &address,
        "pub city: ::std::option::Option<::std::option::Option<::std::string::String>>,",
    );
    assert_contains(
        &address,
        "self.city = ::std::option::Option::Some(\n            ::std::option::Option::Some(value.into()),\n        );",
    );
    assert_contains(
        &address,
        "impl crate::runtime::form::FormEncode for Address {",
    );
}

#[test]
fn open_enum() {
    let card = emitted("src/resources/card.rs");
    let def = item(&card, "pub enum CardBrand {");
    assert_contains(
        &card,
        "#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum CardBrand {",
    );
    assert_contains(def, "    /// `American Express`\n    AmericanExpress,\n");
    assert_contains(def, "    Unrecognized(::std::string::String),\n");
    assert_contains(&card, "CardBrand::AmericanExpress => \"American Express\",");
    assert_contains(&card, "CardBrand::Unrecognized(value) => value,");
    assert_contains(&card, "impl ::std::convert::From<&str> for CardBrand {");
    assert_contains(&card, "other => CardBrand::Unrecognized(other.to_owned()),");
    assert_contains(
        &card,
        "impl ::std::convert::From<::std::string::String> for CardBrand {",
    );
    assert_contains(
        &card,
        "impl ::std::str::FromStr for CardBrand {\n    type Err = ::std::convert::Infallible;",
    );
    assert_contains(&card, "impl ::std::fmt::Display for CardBrand {");
    assert_contains(&card, "impl ::serde::Serialize for CardBrand {");
    assert_contains(&card, "impl<'de> ::serde::Deserialize<'de> for CardBrand {");
    // an unknown value serialises through the runtime (which marks it for `Drift`); a response
    // enum defaults to the empty unknown value
    assert_contains(&card, "if let CardBrand::Unrecognized(value) = self {\n            return crate::runtime::serde_helpers::serialize_unknown_value(\n                value,\n                serializer,\n            );");
    assert_contains(&card, "impl ::std::default::Default for CardBrand {\n    fn default() -> Self {\n        CardBrand::Unrecognized(::std::string::String::new())");
    // a response enum is not form-encoded; a request enum is
    assert_lacks(&card, "FormEncode for CardBrand");
    let params = emitted("src/params/create_token.rs");
    assert_contains(
        &params,
        "impl crate::runtime::form::FormEncode for CreateTokenBankAccountAccountHolderType {",
    );
    assert_contains(
        &params,
        "crate::runtime::form::FormEncode::encode_form(self.as_str(), w, key);",
    );
}

#[test]
fn enum_without_values_has_no_match() {
    let e = def(
        schema("empty"),
        "Empty",
        "resources/empty",
        Usage::Response,
        enumeration(&[]),
    );
    let files = emit(&model_of(vec![e]), "empty-enum").unwrap();
    let src = file(&files, "src/resources/empty.rs");
    assert_contains(
        src,
        "fn from(value: &str) -> Self {\n        Empty::Unrecognized(value.to_owned())\n    }",
    );
    assert_contains(src, "fn from(value: ::std::string::String) -> Self {\n        Empty::Unrecognized(value)\n    }");
}

#[test]
fn tagged_union() {
    let src = emitted("src/resources/payment_source.rs");
    assert_contains(
        &src,
        "#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\n#[allow(clippy::large_enum_variant)]\npub enum PaymentSource {",
    );
    assert_contains(&src, "    Card(crate::resources::Card),\n");
    assert_contains(
        &src,
        "    DeletedCustomer(crate::resources::DeletedCustomer),\n",
    );
    assert_contains(&src, "    Unknown(::serde_json::Value),\n");
    let de = item(
        &src,
        "impl<'de> ::serde::Deserialize<'de> for PaymentSource {",
    );
    assert_contains(
        de,
        "let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(",
    );
    assert_contains(de, "match crate::runtime::serde_helpers::object_tag(");
    // One closure per variant, called through a function pointer (a small
    // stack frame for the union of every resource in unoptimised builds).
    assert_contains(
        de,
        "|json| ::serde_json::from_value(json).map(PaymentSource::Card)",
    );
    assert_contains(de, "decode(value).map_err(::serde::de::Error::custom)");
    assert_contains(de, "(::std::option::Option::Some(\"card\"), false) => {");
    assert_contains(de, "(::std::option::Option::Some(\"customer\"), true) => {");
    assert_contains(de, ".map(PaymentSource::DeletedCustomer)");
    assert_contains(
        de,
        "_ => return ::std::result::Result::Ok(PaymentSource::Unknown(value)),",
    );
    assert_contains(
        &src,
        "PaymentSource::Card(inner) => {\n                ::serde::Serialize::serialize(inner, serializer)\n            }",
    );
    assert_contains(
        &src,
        "PaymentSource::Unknown(value) => {\n                crate::runtime::serde_helpers::serialize_unknown_object(\n                    value,\n                    serializer,\n                )",
    );
    assert_contains(
        &src,
        "impl ::std::default::Default for PaymentSource {\n    fn default() -> Self {\n        PaymentSource::Unknown(::serde_json::Value::Null)",
    );
    let has_id = item(&src, "impl crate::runtime::HasId for PaymentSource {");
    assert_contains(
        has_id,
        "PaymentSource::Card(inner) => crate::runtime::HasId::id(inner),",
    );
    assert_contains(
        has_id,
        "PaymentSource::Unknown(value) => crate::runtime::HasId::id(value),",
    );
}

#[test]
fn untagged_request_union() {
    let params = emitted("src/params/create_token.rs");
    let def = item(&params, "pub enum CreateTokenCard {");
    assert_contains(def, "Details(crate::params::CreateTokenCardDetails),");
    assert_contains(def, "Id(::std::string::String),");
    assert_lacks(def, "serde");
    assert_contains(
        &params,
        "impl ::std::convert::From<crate::params::CreateTokenCardDetails> for CreateTokenCard {",
    );
    assert_contains(
        &params,
        "impl ::std::convert::From<::std::string::String> for CreateTokenCard {",
    );
    assert_contains(
        &params,
        "impl ::std::convert::From<&str> for CreateTokenCard {\n    fn from(value: &str) -> Self {\n        CreateTokenCard::Id(value.to_owned())\n    }\n}",
    );
    let form = item(
        &params,
        "impl crate::runtime::form::FormEncode for CreateTokenCard {",
    );
    assert_contains(form, "CreateTokenCard::Id(inner) => {\n                crate::runtime::form::FormEncode::encode_form(inner, w, key)\n            }");
}

#[test]
fn untagged_response_union_and_shared_variant_types() {
    let u = def(
        schema("amount"),
        "Amount",
        "resources/amount",
        Usage::Response,
        untagged(&[
            ("Text", TypeRef::String),
            ("Other", TypeRef::String),
            ("Number", TypeRef::Integer),
        ]),
    );
    let files = emit(&model_of(vec![u]), "untagged-response").unwrap();
    let src = file(&files, "src/resources/amount.rs");
    assert_contains(
        src,
        "#[derive(Clone, Debug, PartialEq)]\n#[derive(::serde::Serialize, ::serde::Deserialize)]\n#[serde(untagged)]",
    );
    // two String variants: no From<String> / From<&str> (ambiguous); i64 is distinct
    assert_lacks(src, "From<::std::string::String>");
    assert_lacks(src, "From<&str>");
    assert_contains(src, "impl ::std::convert::From<i64> for Amount {");
    assert_lacks(src, "FormEncode");
    // the default is the first variant's
    assert_contains(
        src,
        "impl ::std::default::Default for Amount {\n    fn default() -> Self {\n        Amount::Text(::std::default::Default::default())",
    );
}

#[test]
fn opaque_type() {
    let src = emitted("src/resources/customer.rs");
    assert_contains(
        &src,
        "/// Kept as raw JSON: this crate does not model the fields of `customer` objects.\n#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]\n#[serde(transparent)]\npub struct Customer(pub ::serde_json::Value);",
    );
    assert_contains(&src, "impl crate::runtime::HasId for Customer {\n    fn id(&self) -> ::std::option::Option<&str> {\n        crate::runtime::HasId::id(&self.0)");
    assert_contains(
        &src,
        "impl ::std::convert::From<::serde_json::Value> for Customer {",
    );
    assert_lacks(&src, "FormEncode");
    let deleted = emitted("src/resources/deleted_customer.rs");
    assert_contains(&deleted, "fields of `customer` (deleted) objects.");
}

#[test]
fn types_in_a_file_are_sorted_by_name() {
    let params = emitted("src/params/create_token.rs");
    let names = [
        "pub struct CreateToken {",
        "pub struct CreateTokenBankAccount {",
        "pub enum CreateTokenBankAccountAccountHolderType {",
        "pub enum CreateTokenCard {",
        "pub struct CreateTokenCardDetails {",
        "pub struct CreateTokenPii {",
    ];
    let positions = names.map(|n| params.find(n).unwrap_or_else(|| panic!("{n}")));
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_response_struct_without_fields_keeps_every_member() {
    let empty = schema("empty");
    let model = model_of(vec![def(
        empty,
        "Empty",
        "resources/empty",
        Usage::Response,
        strukt(vec![], None),
    )]);
    let files = emit(&model, "types-empty-struct").unwrap();
    let source = file(&files, "src/resources/empty.rs");
    let decode = item(
        source,
        "impl crate::runtime::object::DecodeFields for Empty {",
    );
    // no `match` with only a wildcard arm: every member goes to `extra`
    assert_contains(decode, "key: &str,");
    assert_contains(
        decode,
        "crate::runtime::object::keep(&mut self.extra, key, map)\n",
    );
    assert_lacks(decode, "match");
    assert_contains(
        source,
        "crate::runtime::object::decode(deserializer, \"Empty\")",
    );
}

#[test]
fn a_response_field_named_extra_is_an_error_not_a_clash_with_the_unknown_members() {
    let model = model_of(vec![def(
        schema("thing"),
        "Thing",
        "resources/thing",
        Usage::Response,
        strukt(vec![field("extra", TypeRef::String, true, false)], None),
    )]);
    let err = emit(&model, "types-extra-clash").unwrap_err().to_string();
    assert!(err.contains("two fields named `extra`"), "{err}");
    // A request-only struct has no `extra`: the name is free there.
    let model = model_of(vec![def(
        schema("thing"),
        "Thing",
        "params/thing",
        Usage::Request,
        strukt(vec![field("extra", TypeRef::String, true, false)], None),
    )]);
    let files = emit(&model, "types-extra-request").unwrap();
    assert_lacks(file(&files, "src/params/thing.rs"), "crate::runtime::Extra");
}

#[test]
fn the_model_settles_field_shapes_and_clear_methods() {
    use crate::ir::FieldShape::{Option as Opt, OptionOption, Plain};
    // (usage, required, nullable) → shape: received types tell absent from
    // `null`; sent-only types need only "given or not".
    for (usage, required, nullable, shape) in [
        (Usage::Response, true, false, Plain),
        (Usage::Response, true, true, Opt),
        (Usage::Response, false, false, Opt),
        (Usage::Response, false, true, OptionOption),
        (Usage::Both, false, true, OptionOption),
        (Usage::Request, true, true, Plain),
        (Usage::Request, false, true, Opt),
    ] {
        assert_eq!(
            crate::ir::FieldShape::of(usage, required, nullable),
            shape,
            "{usage:?} required {required} nullable {nullable}"
        );
    }
    let mut m = model_of(vec![def(
        schema("thing"),
        "Thing",
        "params/thing",
        Usage::Request,
        strukt(
            vec![
                field(
                    "type",
                    TypeRef::Clearable(Box::new(TypeRef::String)),
                    false,
                    false,
                ),
                field("name", TypeRef::String, true, false),
            ],
            None,
        ),
    )]);
    crate::model::settle(&mut m).unwrap();
    let TypeKind::Struct(s) = &m.types.get(&schema("thing")).unwrap().kind else {
        panic!("a struct");
    };
    assert_eq!(s.fields[0].shape, Opt);
    assert_eq!(s.fields[0].clear.as_deref(), Some("clear_type"));
    assert_eq!(s.fields[1].shape, Plain);
    assert_eq!(s.fields[1].clear, None);
}
