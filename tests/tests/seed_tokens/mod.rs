//! The seven seed operations' token creations, shared by the async and the
//! blocking stripe-mock tests.

use stripe_client::tokens::{
    CreateToken, CreateTokenAccount, CreateTokenAccountIndividual, CreateTokenBankAccount,
    CreateTokenBankAccountAccountHolderType, CreateTokenCardDetails, CreateTokenCvcUpdate,
    CreateTokenPerson, CreateTokenPersonRelationship, CreateTokenPii,
};

/// The seed creations, by name.
pub fn seeds() -> Vec<(&'static str, CreateToken)> {
    vec![
        (
            "card",
            CreateToken::new()
                .card(CreateTokenCardDetails::new("5", "2026", "4242424242424242").cvc("314")),
        ),
        (
            "cvc update",
            CreateToken::new().cvc_update(CreateTokenCvcUpdate::new("123")),
        ),
        (
            "bank account",
            CreateToken::new().bank_account(
                CreateTokenBankAccount::new("000123456789", "US")
                    .account_holder_name("Jenny Rosen")
                    .account_holder_type(CreateTokenBankAccountAccountHolderType::Individual)
                    .currency("usd")
                    .routing_number("110000000"),
            ),
        ),
        (
            "account",
            CreateToken::new().account(
                CreateTokenAccount::new()
                    .individual(
                        CreateTokenAccountIndividual::new()
                            .first_name("Jane")
                            .last_name("Doe"),
                    )
                    .tos_shown_and_accepted(true),
            ),
        ),
        (
            "person",
            CreateToken::new().person(
                CreateTokenPerson::new()
                    .first_name("Jane")
                    .last_name("Doe")
                    .relationship(CreateTokenPersonRelationship::new().owner(true)),
            ),
        ),
        (
            "pii",
            CreateToken::new().pii(CreateTokenPii::new().id_number("000000000")),
        ),
    ]
}
