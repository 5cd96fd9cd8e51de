//! A small app: creates a card token, retrieves it with the card expanded, and prints what came
//! back.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p workspace-tests --example tokens_app
//! # against stripe-mock or a gateway:
//! STRIPE_SECRET_KEY=sk_test_123 STRIPE_BASE_URL=http://127.0.0.1:12111 \
//!     cargo run -p workspace-tests --example tokens_app
//! ```

use std::process::ExitCode;

use stripe_client::{
    tokens::{CreateToken, CreateTokenCardDetails, RetrieveToken},
    Client, Error,
};

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(key) = std::env::var("STRIPE_SECRET_KEY") else {
        eprintln!("set STRIPE_SECRET_KEY (and optionally STRIPE_BASE_URL)");
        return ExitCode::from(2);
    };
    let mut builder = Client::builder(key);
    if let Ok(base_url) = std::env::var("STRIPE_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let result = match builder.build() {
        Ok(client) => run(&client).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

async fn run(client: &Client) -> Result<(), Error> {
    // The required fields in spec order: `new(exp_month, exp_year, number)`.
    let card = CreateTokenCardDetails::new("5", "2026", "4242424242424242").cvc("314");
    let params = CreateToken::new().card(card);
    let created = client.tokens().create_with(&params).await?;
    println!(
        "created {} (request {})",
        created.id,
        created.request_id().unwrap_or("-")
    );

    let token = client
        .tokens()
        .retrieve_with(&created.id, &RetrieveToken::new().expand(["card"]))
        .await?;
    let (brand, last4) = token.card.as_ref().map_or(("-", "-"), |card| {
        (card.brand.as_str(), card.last4.as_str())
    });
    println!(
        "retrieved {} type={} brand={brand} last4={last4} used={} (request {})",
        token.id,
        token.r#type,
        token.used,
        token.request_id().unwrap_or("-")
    );
    Ok(())
}

fn report(error: &Error) {
    match error {
        Error::Card(e) => eprintln!(
            "card declined: {} (code {}, decline code {})",
            e.message().unwrap_or("-"),
            e.code().unwrap_or("-"),
            e.decline_code().unwrap_or("-")
        ),
        Error::InvalidRequest(e) => eprintln!(
            "invalid request: {} (param {})",
            e.message().unwrap_or("-"),
            e.param().unwrap_or("-")
        ),
        Error::Authentication(_) => eprintln!("check STRIPE_SECRET_KEY: {error}"),
        Error::RateLimit(_) => eprintln!("rate limited, try again later: {error}"),
        Error::Connection { .. } | Error::Timeout { .. } => {
            eprintln!("{error} (check STRIPE_BASE_URL and the network)")
        }
        other => eprintln!("{other}"),
    }
    if let Some(id) = error.request_id() {
        eprintln!("request id: {id}");
    }
}
