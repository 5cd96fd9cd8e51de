//! The committed `stripe-client` against Stripe's own mock server, started
//! with the upstream spec `spec/` follows (`workspace_tests::SPEC_FOLLOWS`,
//! its v1 paths: `stripe_mock::json_spec`) and `-strict-version-check`: the
//! seven seed operations (card, CVC update, bank account, account, person and
//! PII tokens, and retrieving a token), each with `expand`, and tokens using
//! the parameters that API version added, must be accepted, and their answers
//! must decode.

use std::time::Duration;

use stripe_client::{
    tokens::{
        CreateToken, CreateTokenAccount, CreateTokenAccountCompany,
        CreateTokenAccountCompanyDirectorshipDeclaration,
        CreateTokenAccountCompanyOwnershipExemptionReason,
        CreateTokenAccountCompanyRegistrationDate, CreateTokenAccountIndividual,
        CreateTokenAccountIndividualPoliticalExposure, CreateTokenAccountIndividualRelationship,
        CreateTokenCardDetails, CreateTokenCardDetailsNetworks,
        CreateTokenCardDetailsNetworksPreferred, CreateTokenPerson,
        CreateTokenPersonAdditionalTosAcceptances,
        CreateTokenPersonAdditionalTosAcceptancesAccount, CreateTokenPersonPoliticalExposure,
        CreateTokenPersonRelationship, CreateTokenPersonUsCfpbData,
        CreateTokenPersonUsCfpbDataEthnicityDetails,
        CreateTokenPersonUsCfpbDataEthnicityDetailsEthnicity,
        CreateTokenPersonUsCfpbDataRaceDetails, CreateTokenPersonUsCfpbDataRaceDetailsRace,
        RetrieveToken,
    },
    Client, Error,
};
use workspace_tests::stripe_mock::{self, StripeMock};

mod seed_tokens;
use seed_tokens::seeds;

/// What each request asks to expand: a field the card of a token can hold as
/// an id or as an object.
const EXPAND: [&str; 1] = ["card.customer"];

/// Creations using the parameters API version 2026-01-28.clover added over
/// 2023-08-16 (card networks, company declarations and registration date,
/// an individual's relationship, a person's extra terms acceptance, CFPB data
/// and political exposure as an enum), by name.
fn newer_parameters() -> Vec<(&'static str, CreateToken)> {
    let declaration = || {
        CreateTokenAccountCompanyDirectorshipDeclaration::new()
            .date(1_700_000_000)
            .ip("203.0.113.7")
            .user_agent("Mozilla/5.0")
    };
    vec![
        (
            "card with a preferred network",
            CreateToken::new().card(
                CreateTokenCardDetails::new("5", "2026", "4242424242424242").networks(
                    CreateTokenCardDetailsNetworks::new()
                        .preferred(CreateTokenCardDetailsNetworksPreferred::CartesBancaires),
                ),
            ),
        ),
        (
            "company account with declarations",
            CreateToken::new().account(
                CreateTokenAccount::new()
                    .company(
                        CreateTokenAccountCompany::new()
                            .name("Example Ltd")
                            .directorship_declaration(declaration())
                            .representative_declaration(declaration())
                            .registration_date(CreateTokenAccountCompanyRegistrationDate::new(1, 2, 2003))
                            .ownership_exemption_reason(
                                CreateTokenAccountCompanyOwnershipExemptionReason::QualifiesAsFinancialInstitution,
                            ),
                    )
                    .tos_shown_and_accepted(true),
            ),
        ),
        (
            "individual account with a relationship",
            CreateToken::new().account(
                CreateTokenAccount::new().individual(
                    CreateTokenAccountIndividual::new()
                        .first_name("Jane")
                        .political_exposure(CreateTokenAccountIndividualPoliticalExposure::None)
                        .relationship(
                            CreateTokenAccountIndividualRelationship::new()
                                .owner(true)
                                .percent_ownership(100.0)
                                .title("Founder"),
                        ),
                ),
            ),
        ),
        (
            "person with the newer fields",
            CreateToken::new().person(
                CreateTokenPerson::new()
                    .first_name("Jane")
                    .political_exposure(CreateTokenPersonPoliticalExposure::Existing)
                    .relationship(
                        CreateTokenPersonRelationship::new()
                            .authorizer(true)
                            .legal_guardian(true),
                    )
                    .additional_tos_acceptances(
                        CreateTokenPersonAdditionalTosAcceptances::new().account(
                            CreateTokenPersonAdditionalTosAcceptancesAccount::new()
                                .date(1_700_000_000)
                                .ip("203.0.113.7")
                                .user_agent("Mozilla/5.0"),
                        ),
                    )
                    .us_cfpb_data(
                        CreateTokenPersonUsCfpbData::new()
                            .ethnicity_details(
                                CreateTokenPersonUsCfpbDataEthnicityDetails::new().ethnicity([
                                    CreateTokenPersonUsCfpbDataEthnicityDetailsEthnicity::PreferNotToAnswer,
                                ]),
                            )
                            .race_details(CreateTokenPersonUsCfpbDataRaceDetails::new().race([
                                CreateTokenPersonUsCfpbDataRaceDetailsRace::Asian,
                                CreateTokenPersonUsCfpbDataRaceDetailsRace::White,
                            ]))
                            .self_identified_gender("prefer not to say"),
                    ),
            ),
        ),
    ]
}

/// What went wrong with one request, with the body that was sent.
fn failure(what: &str, sent: &str, error: &Error) -> String {
    let message = error
        .api_error()
        .and_then(|e| e.message())
        .map_or_else(|| error.to_string(), str::to_owned);
    format!("{what}: {message}\n    sent: {sent}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_operations_are_accepted_by_stripe_mock() {
    let (Some(binary), Some(spec), Some(fixtures)) = (
        stripe_mock::binary(),
        workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "spec3.json"),
        workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "fixtures3.json"),
    ) else {
        return;
    };
    let spec = stripe_mock::json_spec(&spec);
    let mock = StripeMock::start(&binary, &spec, &fixtures, &["-strict-version-check"]);
    let client = Client::builder("sk_test_123")
        .base_url(&mock.base_url)
        .max_network_retries(0)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("valid client configuration");

    let mut failures = Vec::new();
    let mut accepted = 0;
    let mut token_ids = Vec::new();
    for (name, params) in seeds().into_iter().chain(newer_parameters()) {
        let params = params.expand(EXPAND);
        let sent = stripe_client::form::to_form_string(&params);
        assert!(sent.contains("expand[0]=card.customer"), "{sent}");
        match client.tokens().create_with(&params).await {
            Ok(token) => {
                accepted += 1;
                assert_eq!(token.status(), 200, "{name}");
                assert_eq!(token.object, "token", "{name}");
                token_ids.push(token.into_inner().id);
            }
            Err(e) => failures.push(failure(&format!("create a {name} token"), &sent, &e)),
        }
    }
    let params = RetrieveToken::new().expand(EXPAND);
    let query = stripe_client::form::to_form_string(&params);
    // The id of a token stripe-mock just made (its fixture's) and one of our own.
    let mut ids = token_ids.first().cloned().into_iter().collect::<Vec<_>>();
    ids.push("tok_conformance".to_owned());
    for id in &ids {
        match client.tokens().retrieve_with(id, &params).await {
            Ok(token) => {
                accepted += 1;
                assert_eq!(token.id, *id, "stripe-mock answers with the asked-for id");
            }
            Err(e) => failures.push(failure(&format!("retrieve token {id}"), &query, &e)),
        }
    }

    // A version stripe-mock does not serve is refused: the check is on.
    let refused = client
        .tokens()
        .with_options(stripe_client::RequestOptions::new().stripe_version("2020-08-27"))
        .retrieve_with("tok_conformance", &params)
        .await;
    assert!(
        matches!(refused, Err(Error::InvalidRequest(_))),
        "stripe-mock runs with -strict-version-check: {refused:?}"
    );

    eprintln!(
        "stripe-mock ({}, strict version): 7 seed operations and {} with newer parameters, {} requests, {accepted} accepted",
        stripe_client::API_VERSION,
        newer_parameters().len(),
        seeds().len() + newer_parameters().len() + ids.len()
    );
    assert!(
        failures.is_empty(),
        "{} of the seed requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
