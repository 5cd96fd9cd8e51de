//! Operation groups and doc examples.

use super::fixture::*;
use crate::ir::*;

fn tokens() -> String {
    let files = emit(&model(), "api-tokens").unwrap();
    file(&files, "src/api/tokens.rs").to_owned()
}

#[test]
fn group_struct_and_client_accessor() {
    let src = tokens();
    assert_contains(
        &src,
        "pub struct Tokens<'a> {\n    client: &'a crate::runtime::Client,\n    options: crate::runtime::RequestOptions,\n}",
    );
    assert_contains(
        &src,
        "impl crate::Client {\n    /// The `tokens` operations.\n    pub fn tokens(&self) -> crate::api::Tokens<'_> {",
    );
    assert_contains(&src, "client: crate::Client::runtime(self),");
    assert_contains(
        &src,
        "pub fn with_options(mut self, options: crate::runtime::RequestOptions) -> Self {",
    );
}

#[test]
fn operation_with_form_body() {
    let src = tokens();
    assert_contains(
        &src,
        "pub fn create_with(\n        &self,\n        params: &crate::params::CreateToken,\n    ) -> crate::runtime::Call<crate::resources::Token> {",
    );
    // The one place that builds the request; the method sends what it returns.
    assert_contains(
        &src,
        "pub fn create_request(\n        params: &crate::params::CreateToken,\n    ) -> crate::runtime::ApiRequest {",
    );
    assert_contains(
        &src,
        "crate::runtime::ApiRequest::new(crate::runtime::Method::Post, \"/v1/tokens\")",
    );
    assert_contains(
        &src,
        ".form(crate::runtime::form::to_form_string(params))\n    }",
    );
    assert_contains(
        &src,
        "crate::runtime::Call::new(\n            ::std::clone::Clone::clone(self.client),\n            ::std::clone::Clone::clone(&self.options),\n            Self::create_request(params),\n        )",
    );
    assert_lacks(&src, "pub async fn");
    // docs: sanitised text, HTTP line
    assert_contains(
        &src,
        "    /// Creates a single-use token that represents a credit card’s details.\n    /// This token can be used in place of a credit card \\[dictionary\\] with any API method.\n    ///\n    /// `POST /v1/tokens`\n",
    );
}

#[test]
fn operation_with_path_and_query() {
    let src = tokens();
    assert_contains(
        &src,
        "pub fn retrieve_with(\n        &self,\n        token: &str,\n        params: &crate::params::RetrieveToken,\n    )",
    );
    // every parameter optional: the plain method sends none
    assert_contains(
        &src,
        "pub fn retrieve(\n        &self,\n        token: &str,\n    ) -> crate::runtime::Call<",
    );
    assert_contains(
        &src,
        "self.retrieve_with(token, &<crate::params::RetrieveToken>::new())\n",
    );
    assert_contains(&src, "Self::retrieve_request(token, params),");
    assert_contains(
        &src,
        "let token = crate::runtime::form::encode_path_segment(token);",
    );
    assert_contains(&src, "::std::format!(\"/v1/tokens/{token}\")");
    assert_contains(
        &src,
        ".query(crate::runtime::form::to_form_string(params))\n    }",
    );
    assert_contains(&src, "    /// `GET /v1/tokens/{token}`\n");
}

#[test]
fn operation_with_query_and_body() {
    let src = tokens();
    assert_contains(
        &src,
        "token: &str,\n        query: &crate::params::VerifyTokenQuery,\n        params: &crate::params::VerifyToken,",
    );
    assert_contains(
        &src,
        ".query(crate::runtime::form::to_form_string(query))\n            .form(crate::runtime::form::to_form_string(params))\n    }",
    );
}

#[test]
fn operation_without_parameters_structs() {
    let files = emit(&model(), "api-sources").unwrap();
    let src = file(&files, "src/api/payment_sources.rs");
    assert_contains(
        src,
        "pub fn retrieve(\n        &self,\n        customer: &str,\n        id: &str,\n    ) -> crate::runtime::Call<crate::resources::PaymentSource> {",
    );
    assert_contains(
        src,
        "::std::format!(\"/v1/customers/{customer}/sources/{id}\")",
    );
    assert_contains(src, "crate::runtime::Method::Delete");
    assert_lacks(src, ".query(");
    assert_lacks(src, ".form(");
}

#[test]
fn example_builds_params_from_json() {
    let src = tokens();
    let expected = [
        "    /// # Example: Create a card token",
        "    ///",
        "    /// ```rust,no_run",
        "    /// # async fn run() -> Result<(), stripe_client::Error> {",
        "    /// let client = stripe_client::Client::new(\"sk_test_...\");",
        "    /// let token = client",
        "    ///     .tokens()",
        "    ///     .create_with(",
        "    ///         &stripe_client::tokens::CreateToken::new()",
        "    ///             .card(",
        "    ///                 stripe_client::tokens::CreateTokenCardDetails::new(",
        "    ///                         \"8\",",
        "    ///                         \"2026\",",
        "    ///                         \"4242424242424242\",",
        "    ///                     )",
        "    ///                     .address(",
        "    ///                         stripe_client::tokens::Address::new(\"1 Main St\")",
        "    ///                             .city(\"Berlin\"),",
        "    ///                     )",
        "    ///                     .cvc(\"314\"),",
        "    ///             )",
        "    ///             .expand([\"card\"])",
        "    ///             .metadata([(\"order_id\", \"6735\")]),",
        "    ///     )",
        "    ///     .await?;",
        "    /// # Ok(())",
        "    /// # }",
        "    /// ```",
    ]
    .join("\n");
    assert_contains(&src, &expected);
}

#[test]
fn example_enums_unions_clear_and_numbers() {
    let src = tokens();
    assert_contains(
        &src,
        "stripe_client::tokens::CreateTokenBankAccountAccountHolderType::Individual,",
    );
    assert_contains(&src, ".weights([1.0, 2.5])");
    assert_contains(&src, ".is_primary(true)");
    // a string for a string|object union goes straight to the setter
    assert_contains(&src, ".card(\"card_123\")");
    // "" on a clearable field clears it
    assert_contains(&src, ".clear_metadata(),");
    // path parameter values, query then body
    assert_contains(
        &src,
        ".retrieve_with(\n    ///         \"tok_123\",\n    ///         &stripe_client::tokens::RetrieveToken::new().expand([\"card\"]),\n    ///     )",
    );
    assert_contains(
        &src,
        "\"tok_123\",\n    ///         &stripe_client::tokens::VerifyTokenQuery::new().expand([\"card\"]),\n    ///         &stripe_client::tokens::VerifyToken::new().customer(\"cus_1\"),",
    );
}

#[test]
fn crate_docs_carry_the_first_example() {
    let files = emit(&model(), "api-lib").unwrap();
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "//! # Example\n//!\n//! ```rust,no_run\n//! # async fn run() -> Result<(), stripe_client::Error> {\n");
    assert_contains(lib, "//! * `client.tokens()`: `create` (`POST /v1/tokens`), `retrieve` (`GET /v1/tokens/{token}`)");
    // without examples: a bare client
    let mut bare = model();
    for op in &mut bare.operations {
        op.examples.clear();
    }
    let files = emit(&bare, "api-lib-bare").unwrap();
    assert_contains(
        file(&files, "src/lib.rs"),
        "//! ```rust,no_run\n//! # async fn run() -> Result<(), stripe_client::Error> {\n//! let client = stripe_client::Client::new(\"sk_test_...\");\n//! # Ok(())\n//! # }\n//! ```",
    );
}

#[test]
fn example_errors_name_operation_and_pointer() {
    let mut m = model();
    m.operations[0].examples[0].params = serde_json::json!({"card": {"number": 42}});
    let err = emit(&m, "api-bad-example").unwrap_err();
    assert!(matches!(err, crate::Error::Example { .. }), "{err}");
    let err = err.to_string();
    // The config's key for the example: `METHOD /path`.
    assert!(err.contains("POST /v1/tokens"), "{err}");
    assert!(err.contains("/card"), "{err}");
    let mut m = model();
    m.operations[0].examples[0].params =
        serde_json::json!({"card": {"number": "4", "exp_month": "1"}});
    let err = emit(&m, "api-missing-required").unwrap_err().to_string();
    assert!(
        err.contains("/card/exp_year") && err.contains("required"),
        "{err}"
    );
    let mut m = model();
    m.operations[0].examples[0].params = serde_json::json!({"nope": 1});
    let err = emit(&m, "api-unknown-param").unwrap_err().to_string();
    assert!(err.contains("/nope"), "{err}");
    let mut m = model();
    m.operations[1].examples[0].path.clear();
    let err = emit(&m, "api-missing-path").unwrap_err().to_string();
    assert!(
        err.contains("GET /v1/tokens/{token}") && err.contains("`token`"),
        "{err}"
    );
}

#[test]
fn binary_downloads_multipart_uploads_and_servers() {
    let mut m = model();
    m.operations[1].success.media = ResponseMedia::Binary;
    m.operations[1].success.content_type = "application/pdf".to_owned();
    m.operations[0].body.as_mut().unwrap().media = BodyMedia::Multipart;
    m.operations[0].server = Some("https://files.example.com".to_owned());
    let files = emit(&m, "api-binary").unwrap();
    let api = file(&files, "src/api/tokens.rs");
    assert_contains(api, ".server(\"https://files.example.com\")");
    assert_contains(
        api,
        ".multipart(crate::runtime::form::to_multipart(params))",
    );
    assert_contains(api, ".accept(\"application/pdf\")");
    assert_contains(api, "crate::runtime::Call::bytes(");
    assert_contains(
        api,
        "crate::runtime::Call<::std::vec::Vec<u8>, crate::runtime::Raw>",
    );
}

#[test]
fn bad_path_templates_are_errors() {
    let mut m = model();
    m.operations[1].path = "/v1/tokens/{tok}".to_owned();
    let err = emit(&m, "api-path").unwrap_err().to_string();
    assert!(err.contains("`tok`"), "{err}");
}

#[test]
fn paginated_operations_get_an_auto_paging_method() {
    let mut m = model();
    let op = &mut m.operations[1];
    let query = op
        .query
        .as_ref()
        .expect("the fixture's GET has query parameters")
        .ty
        .clone();
    op.success.ty = TypeRef::List(Box::new(TypeRef::Named(schema("card"))));
    op.pagination = Some(Pagination::Cursor {
        item: TypeRef::Named(schema("card")),
        starting_after: "starting_after".to_owned(),
        ending_before: Some("ending_before".to_owned()),
    });
    if let TypeKind::Struct(s) = &mut m.types.types.get_mut(&query).unwrap().kind {
        s.fields
            .push(field("starting_after", TypeRef::String, false, false));
        s.fields
            .push(field("ending_before", TypeRef::String, false, false));
    }
    let files = emit(&m, "api-paging").unwrap();
    let api = file(&files, "src/api/tokens.rs");
    assert_contains(api, "pub fn retrieve_auto_paging(");
    assert_contains(api, "-> crate::runtime::Paginator<crate::resources::Card>");
    assert_contains(api, "let backward = params.ending_before.is_some();");
    assert_contains(api, "crate::runtime::Paginator::cursor(");
    assert_contains(
        api,
        "} else {\n                        params.starting_after = ::std::option::Option::Some(\n                            cursor.to_owned(),",
    );
    assert_contains(
        api,
        "crate::runtime::Call<crate::runtime::List<crate::resources::Card>>",
    );
    // Each page's request is the one the operation's request function builds.
    assert_contains(api, "let token = ::std::borrow::ToOwned::to_owned(token);");
    assert_contains(api, "crate::api::Tokens::retrieve_request(&token, &params)");
}

#[test]
fn shared_parameters_are_named_by_each_operation() {
    // `verify` shares both parameter structs: its own names are aliases,
    // emitted beside the structs and documented with their operation.
    let files = emit(&model(), "api-aliases").unwrap();
    let retrieve = file(&files, "src/params/retrieve_token.rs");
    assert_contains(
        retrieve,
        "/// Parameters of `POST /v1/tokens/{token}/verify` (`tokens().verify`): the same fields as `RetrieveToken`, which other operations share.\npub type VerifyTokenQuery = RetrieveToken;",
    );
    let create = file(&files, "src/params/create_token.rs");
    assert_contains(create, "pub type VerifyToken = CreateToken;");
    // An operation named as its struct needs no alias.
    assert!(!create.contains("pub type CreateToken"));
}

#[test]
fn a_parameter_name_held_by_another_type_is_an_error() {
    let mut m = model();
    let set = m.operations[2].body.as_mut().unwrap();
    set.params.name = "RetrieveToken".to_owned();
    // Checked by the model (`model::settle`), which the fixture's `emit` runs first.
    let err = emit(&m, "api-alias-clash").unwrap_err();
    assert!(matches!(err, crate::Error::NameCollision { .. }), "{err}");
    let err = err.to_string();
    assert!(
        err.contains("`RetrieveToken`") && err.contains("verify"),
        "{err}"
    );
}

/// The fixture with decimals: `CreateToken.unit_amount_decimal` (clearable), `.tiers` (an array),
/// and `Token.rate`; the first example sets `unit_amount_decimal` to `decimal`.
pub(super) fn with_decimals(decimal: serde_json::Value) -> Model {
    fn fields<'m>(m: &'m mut Model, name: &str) -> &'m mut Vec<Field> {
        let def = m.types.types.values_mut().find(|d| d.name == name).unwrap();
        let TypeKind::Struct(s) = &mut def.kind else {
            panic!()
        };
        &mut s.fields
    }
    let mut m = model();
    fields(&mut m, "CreateToken").push(field(
        "unit_amount_decimal",
        TypeRef::Clearable(Box::new(TypeRef::Decimal)),
        false,
        false,
    ));
    fields(&mut m, "CreateToken").push(field(
        "tiers",
        TypeRef::Array(Box::new(TypeRef::Decimal)),
        false,
        false,
    ));
    fields(&mut m, "Token").push(field("rate", TypeRef::Decimal, true, true));
    let params = m.operations[0].examples[0].params.as_object_mut().unwrap();
    params.insert("unit_amount_decimal".to_owned(), decimal);
    params.insert("tiers".to_owned(), serde_json::json!(["0", "-1.250"]));
    m
}

#[test]
fn decimals_are_the_runtime_decimal_and_examples_parse_plain_text() {
    let files = emit(&with_decimals(serde_json::json!("12.50")), "api-decimals").unwrap();
    let params = file(&files, "src/params/create_token.rs");
    assert_contains(
        params,
        "pub unit_amount_decimal: ::std::option::Option<\n        crate::runtime::Clearable<crate::runtime::Decimal>,\n    >,",
    );
    assert_contains(
        params,
        "pub tiers: ::std::option::Option<::std::vec::Vec<crate::runtime::Decimal>>,",
    );
    let token = file(&files, "src/resources/token.rs");
    assert_contains(
        token,
        "pub rate: ::std::option::Option<crate::runtime::Decimal>,",
    );
    // Compared without whitespace, doc markers and trailing commas: prettyplease breaks lines.
    let flat = |s: &str| {
        s.replace("///", "")
            .split_whitespace()
            .collect::<String>()
            .replace(",)", ")")
            .replace(",]", "]")
    };
    let api = flat(file(&files, "src/api/tokens.rs"));
    let decimal = |text: &str| {
        flat(&format!(
            "{text:?}.parse::<stripe_client::Decimal>().expect(\"a plain decimal\")"
        ))
    };
    assert_contains(&api, &format!(".unit_amount_decimal({})", decimal("12.50")));
    assert_contains(
        &api,
        &format!(".tiers([{},{}])", decimal("0"), decimal("-1.250")),
    );
    // Text the runtime would not read is the config's error, not a doc test that panics.
    for bad in [
        serde_json::json!("1e5"),
        serde_json::json!("+1"),
        serde_json::json!("1_000"),
        serde_json::json!(" 1"),
        serde_json::json!("007"),
        serde_json::json!("0.12345678901234567890123456789"),
        serde_json::json!(12.5),
    ] {
        let err = emit(&with_decimals(bad.clone()), "api-bad-decimal")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/unit_amount_decimal") && err.contains("expected a decimal"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn plain_decimal_text_is_what_the_runtime_reads() {
    for ok in [
        "0",
        "-0",
        "0.0",
        "1.50",
        "-12.5",
        &"9".repeat(28),
        "0.000000000001",
    ] {
        assert!(is_plain_decimal(ok), "{ok}");
    }
    for bad in [
        "",
        "-",
        "+1",
        "1e5",
        "1_0",
        " 1",
        "1 ",
        "1.",
        ".5",
        "00",
        "01.5",
        "1.2.3",
        "--1",
        "١",
        &"9".repeat(29),
    ] {
        assert!(!is_plain_decimal(bad), "{bad}");
    }
}
