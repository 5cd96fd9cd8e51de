//! Crate layout, templates, parsing and determinism.

use super::fixture::*;
use crate::emit::GENERATED_HEADER;

#[test]
fn files_are_the_expected_ones_sorted() {
    let files = emit(&model(), "files-list").unwrap();
    assert_eq!(
        paths(&files),
        [
            "Cargo.toml",
            "README.md",
            "src/api/mod.rs",
            "src/api/payment_sources.rs",
            "src/api/tokens.rs",
            "src/client.rs",
            "src/lib.rs",
            "src/params/create_token.rs",
            "src/params/mod.rs",
            "src/params/retrieve_token.rs",
            "src/resources/address.rs",
            "src/resources/card.rs",
            "src/resources/customer.rs",
            "src/resources/deleted_customer.rs",
            "src/resources/mod.rs",
            "src/resources/payment_source.rs",
            "src/resources/token.rs",
        ]
    );
}

#[test]
fn every_generated_rust_file_has_the_header_and_parses() {
    let files = emit(&model(), "files-parse").unwrap();
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        if f.path.starts_with("src/runtime") {
            continue; // copied verbatim
        }
        assert!(
            f.contents.starts_with(&format!("{GENERATED_HEADER}\n")),
            "{}",
            f.path.display()
        );
        syn::parse_file(&f.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", f.path.display()));
    }
}

#[test]
fn emission_is_deterministic() {
    let first = emit(&model(), "files-det-1").unwrap();
    let second = emit(&model(), "files-det-2").unwrap();
    assert_eq!(first, second);
}

#[test]
fn templates_are_filled_and_the_runtime_is_a_dependency() {
    let files = emit(&model(), "files-templates").unwrap();
    let cargo = file(&files, "Cargo.toml");
    assert!(
        cargo.starts_with("[package]\nname = \"stripe-client\"\nversion = \"0.1.0\"\ndescription = \"Typed \\\"Stripe\\\" client\"\n[features]\n"),
        "{cargo}"
    );
    // The runtime crate's name and exact version, at the path given.
    assert_contains(
        cargo,
        "stripe-runtime = { version = \"=0.3.0\", path = \"../runtime\" }\n",
    );
    assert_contains(cargo, "serde_json = \"1\"\n");
    // The runtime's features, forwarded, with their comments.
    assert_contains(
        cargo,
        "[features]\n# spans\ntracing = [\"stripe-runtime/tracing\"]\n",
    );
    assert_lacks(cargo, "wiremock");
    assert_eq!(
        file(&files, "README.md"),
        "# stripe-client\n\nAPI version 2024-06-20.\n"
    );
    assert!(files.iter().all(|f| !f.path.starts_with("src/runtime")));
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "pub use stripe_runtime as runtime;");
    assert_lacks(lib, "pub mod runtime;");
}

#[test]
fn vendored_runtime_is_copied_verbatim_with_its_dependencies() {
    let templates = scratch_templates("files-vendored");
    let mut opts = options(&templates);
    opts.runtime = crate::emit::RuntimeMode::Vendored;
    let mut model = model();
    crate::model::settle(&mut model).unwrap();
    let files = crate::emit::emit_crate(&model, &opts).unwrap();
    let _ = std::fs::remove_dir_all(&templates);
    assert_eq!(
        file(&files, "Cargo.toml"),
        "[package]\nname = \"stripe-client\"\nversion = \"0.1.0\"\ndescription = \"Typed \\\"Stripe\\\" client\"\n[features]\n# spans\ntracing = [\"dep:tracing\"]\n[dependencies]\nserde = \"1\"\n"
    );
    assert_contains(file(&files, "src/lib.rs"), "pub mod runtime;");
    assert_eq!(
        file(&files, "src/runtime/mod.rs"),
        "//! runtime\npub mod form;\n"
    );
    assert_eq!(file(&files, "src/runtime/form/mod.rs"), "// form\n");
}

#[test]
fn missing_templates_are_errors() {
    let dir = scratch_templates("files-missing");
    std::fs::remove_file(dir.join("runtime/src/lib.rs")).unwrap();
    let mut vendored = options(&dir);
    vendored.runtime = crate::emit::RuntimeMode::Vendored;
    let mut model = model();
    crate::model::settle(&mut model).unwrap();
    let err = crate::emit::emit_crate(&model, &vendored).unwrap_err();
    assert!(err.to_string().contains("lib.rs"), "{err}");
    std::fs::remove_file(dir.join("crate/Cargo.toml.in")).unwrap();
    let err = crate::emit::emit_crate(&model, &options(&dir)).unwrap_err();
    assert!(matches!(err, crate::Error::Io { .. }), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lib_rs_declares_and_reexports_everything() {
    let files = emit(&model(), "files-lib").unwrap();
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "#![forbid(unsafe_code)]\n/// The hand-written runtime");
    assert_contains(
        lib,
        "#[rustfmt::skip]\nmod client;\npub use client::Client;",
    );
    assert_contains(lib, "pub use runtime::form;");
    assert_contains(lib, "#[rustfmt::skip]\npub use runtime::{\n    ApiError, ApiRequest, Clearable, ClientBuilder, DateTime, Decimal, Drift, Error,\n    ErrorObject, EventNotification, EventNotificationReason,\n    EventNotificationReasonRequest, EventNotificationRelatedObject, Expandable, Extra,\n    HasId, Int64String, List, Method, Paginator, ParseDateTimeError, ParseDecimalError,\n    ParseInt64StringError, RequestOptions, Response, SearchResult, Timestamp, V2List,\n    V2Paginator, Webhook, WebhookError, WebhookSignature, WebhookVerifier,\n};");
    // prettyplease owns the layout of the module files; `cargo fmt` skips them.
    assert_contains(lib, "#[rustfmt::skip]\npub mod api;");
    assert_contains(lib, "#[rustfmt::skip]\npub mod params;");
    assert_contains(lib, "#[rustfmt::skip]\npub mod resources;");
    // No glob at the root: each group has a module re-exporting its API
    // struct, the types its parameters reach, and the types it returns.
    assert_lacks(lib, "pub use params::*;");
    assert_lacks(lib, "pub use resources::*;");
    assert_lacks(lib, "pub use api::*;");
    assert_contains(
        lib,
        "#[cfg(feature = \"tokens\")]\n#[rustfmt::skip]\npub mod tokens {\n    pub use crate::api::Tokens;\n    pub use crate::params::{\n        CreateToken, CreateTokenBankAccount, CreateTokenBankAccountAccountHolderType,\n        CreateTokenCard, CreateTokenCardDetails, CreateTokenPii, RetrieveToken,\n        VerifyToken, VerifyTokenQuery,\n    };\n    pub use crate::resources::{Address, Token};\n}",
    );
    assert_contains(
        lib,
        "#[cfg(feature = \"payment_sources\")]\n#[rustfmt::skip]\npub mod payment_sources {\n    pub use crate::api::PaymentSources;\n    pub use crate::resources::{DeletedCustomer, PaymentSource};\n}",
    );
    assert_contains(lib, "pub const API_VERSION: &str = \"2024-06-20\";");
    assert_contains(
        lib,
        "pub const DEFAULT_BASE_URL: &str = \"https://api.stripe.com\";",
    );
    assert_contains(lib, "//! Typed \"Stripe\" client\n//!\n//! Generated by `stripe-codegen` from the OpenAPI spec, API version `2024-06-20`.");
    let resources = file(&files, "src/resources/mod.rs");
    assert_contains(
        resources,
        "mod address;\npub use address::*;\nmod card;\npub use card::*;",
    );
    // Two groups: each is behind its own feature.
    let api = file(&files, "src/api/mod.rs");
    assert_contains(
        api,
        "#[cfg(feature = \"payment_sources\")]\nmod payment_sources;\n#[cfg(feature = \"payment_sources\")]\npub use payment_sources::*;\n#[cfg(feature = \"tokens\")]\nmod tokens;",
    );
}

#[test]
fn empty_api_folder_is_not_reexported() {
    let thing = def(
        schema("thing"),
        "Thing",
        "resources/thing",
        crate::ir::Usage::Response,
        enumeration(&[("a", "A")]),
    );
    let files = emit(&model_of(vec![thing]), "files-no-ops").unwrap();
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "pub mod api;");
    assert_contains(lib, "pub mod resources;");
    assert_lacks(lib, "pub use crate::");
    assert_lacks(lib, "pub use resources");
    assert_lacks(lib, "params");
    assert_eq!(
        file(&files, "src/api/mod.rs"),
        format!("{GENERATED_HEADER}\n//! Operation groups, reached from the [`Client`](crate::Client).\n")
    );
}
