//! API v2 through the generated client, proven against the spec: the
//! whole-API crate of the newest upstream spec (v1 and v2,
//! `spec/full-api.config.yaml`) builds its conformance exerciser
//! (`examples/conformance.rs`, emitted from the model), which, run with `--v2`,
//! calls every v2 operation with its required parameters only and with every
//! optional parameter filled (each union alternative, clearable fields set and
//! cleared) through the generated `client.v2()...` methods, walks one v2 list
//! through its `next_page_url` pages with the generated `_auto_paging` method,
//! and asks every operation for each error it declares and the generic one
//! (`X-Check-Error`), expecting `Error::Api` with that code. Everything goes to
//! the loopback v2 check server (`workspace_tests::v2_server`), which validates
//! each request against the operation in the upstream spec (JSON Schema) and
//! answers from the response schemas. The meter event stream, whose own server
//! is `meter-events.stripe.com`, reaches it too: a client's `base_url` wins
//! over an operation's own server.
//!
//! Asserts: every v2 operation seen, 0 invalid requests, 0 decode errors,
//! every call accepted (errors as the code asked for), the walk over two pages;
//! then the README's API v2 examples compile (`cargo test --doc`).
//! Prints the v2 table. Skipped with a notice when `../shared/upstream/` is
//! absent (failing under `CI=true`).

use std::process::Command;

use serde_json::Value;
use workspace_tests::v2_server::{self, SECOND_PAGE};
use workspace_tests::whole_api::WholeApi;
use workspace_tests::NEWEST_VERSION;

/// An example of the whole-API crate: a related object (what
/// `EventNotification::fetch_related_object::<RelatedObject>` decodes) of
/// each kind decodes into its variant: an API v2 account, a v1 customer, and
/// an object of a kind the crate has no type for, kept whole as JSON. And
/// `ErrorCode` reads a listed code as its variant, any other as `Unrecognized`.
const RELATED_OBJECT: &str = r#"//! `RelatedObject` by its `object` tag; `ErrorCode` by its code.
use stripe_full::resources::RelatedObject;
use stripe_full::v2::resources::ErrorCode;

fn decode(json: &serde_json::Value) -> RelatedObject {
    serde_json::from_value(json.clone()).expect("a related object decodes")
}

fn main() {
    let account = serde_json::json!({
        "id": "acct_1", "object": "v2.core.account",
        "created": "2026-01-28T10:00:00.000Z", "livemode": false,
        "display_name": "Jenny Rosen"
    });
    let RelatedObject::V2CoreAccount(decoded) = decode(&account) else {
        panic!("a v2 account is V2CoreAccount: {:?}", decode(&account));
    };
    assert_eq!(decoded.id, "acct_1");

    let customer = serde_json::json!({"id": "cus_1", "object": "customer", "email": "jenny@example.com"});
    let RelatedObject::Customer(decoded) = decode(&customer) else {
        panic!("a v1 customer is Customer: {:?}", decode(&customer));
    };
    assert_eq!(decoded.id, "cus_1");

    let unknown = serde_json::json!({"id": "thing_1", "object": "v9.made_up.thing", "n": [1, 2]});
    assert_eq!(decode(&unknown), RelatedObject::Unknown(unknown.clone()));
    // What decodes serialises back as received.
    assert_eq!(serde_json::to_value(decode(&unknown)).unwrap(), unknown);

    assert!(!matches!(ErrorCode::from("account_rate_limit_exceeded"), ErrorCode::Unrecognized(_)));
    assert_eq!(
        ErrorCode::from("not_a_listed_code"),
        ErrorCode::Unrecognized("not_a_listed_code".to_owned())
    );
    println!("related objects: v2 account, v1 customer and unknown object decoded as expected");
}
"#;

#[test]
fn every_v2_operation_through_the_generated_client_is_valid_and_decodes() {
    let (Some(checker), Some(api)) = (
        v2_server::upstream_checker(),
        WholeApi::generate(NEWEST_VERSION),
    ) else {
        return;
    };
    let v2_operations = api
        .model
        .operations
        .iter()
        .filter(|op| op.namespace.is_v2())
        .count();
    assert!(
        v2_operations > 0,
        "the whole API of {NEWEST_VERSION} has v2"
    );
    api.write(vec![workspace_tests::whole_api::file(
        "examples/related_object.rs",
        RELATED_OBJECT.to_owned(),
    )]);
    let build = api
        .cargo(&[
            "build",
            "--quiet",
            "--example",
            "conformance",
            "--example",
            "related_object",
        ])
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the conformance exerciser does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // A thin event's related object decodes by its `object` tag.
    let related = Command::new(api.example("related_object"))
        .output()
        .expect("the related-object check runs");
    assert!(
        related.status.success(),
        "RelatedObject decoding failed:\n{}{}",
        String::from_utf8_lossy(&related.stdout),
        String::from_utf8_lossy(&related.stderr)
    );
    println!("{}", String::from_utf8_lossy(&related.stdout).trim());

    let (base_url, handle) = v2_server::start(checker).expect("the v2 check server starts");
    let run = Command::new(api.example("conformance"))
        .arg("--v2")
        .arg(&base_url)
        .output()
        .expect("the exerciser runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the exerciser failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let mut summary = None;
    let mut failures = Vec::new();
    for line in stdout.lines() {
        if let Some(json) = line.strip_prefix("conformance-summary ") {
            summary = Some(serde_json::from_str::<Value>(json).expect("the summary is JSON"));
        } else if let Some(json) = line.strip_prefix("conformance-failure ") {
            let failure: Value = serde_json::from_str(json).expect("a failure is JSON");
            let text = format!(
                "{} ({}) {}: {} [{}] {}\n    sent: {}",
                failure["operation"].as_str().unwrap_or_default(),
                failure["variant"].as_str().unwrap_or_default(),
                failure["request"].as_str().unwrap_or_default(),
                failure["kind"].as_str().unwrap_or_default(),
                failure["status"],
                failure["message"].as_str().unwrap_or_default(),
                failure["sent"].as_str().unwrap_or_default(),
            );
            if failure["kind"] == "decode" {
                handle.note_decode_error(text.clone());
            }
            failures.push(text);
        }
    }
    let summary = summary.expect("the exerciser prints a summary");
    let report = handle.report();
    let requests = summary["requests"].as_u64().unwrap_or(0);
    let errors = summary["error_requests"].as_u64().unwrap_or(0);
    let accepted = summary["counts"]["accepted"].as_u64().unwrap_or(0);
    println!("{}", report.table());
    println!(
        "v2 through the generated client: {} operations, {requests} calls ({errors} asking for \
         an error), {accepted} as expected; server: {} requests, {} valid, {} invalid, {} decode \
         errors; walks {}",
        summary["operations"],
        report.requests,
        report.valid,
        report.invalid,
        report.decode_errors.len(),
        summary["walks"]
    );
    for failure in &failures {
        println!("  {failure}");
    }

    assert_eq!(summary["api"], "v2");
    assert_eq!(summary["operations"].as_u64(), Some(v2_operations as u64));
    assert!(
        report.operations_unseen.is_empty(),
        "v2 operations never called: {:?}",
        report.operations_unseen
    );
    assert_eq!(
        report.invalid,
        0,
        "invalid v2 requests:\n{}",
        report.invalid_lines().join("\n")
    );
    assert!(
        report.decode_errors.is_empty(),
        "answers that did not decode: {:#?}",
        report.decode_errors
    );
    assert!(
        requests >= 2 * v2_operations as u64 + errors,
        "every v2 operation is called required-only and filled ({requests} calls)"
    );
    assert!(
        errors >= v2_operations as u64,
        "each operation asks for an error"
    );
    assert_eq!(
        accepted,
        requests,
        "every call is accepted, every asked-for error decodes as Error::Api with its code:\n{}",
        failures.join("\n")
    );
    let walks = summary["walks"].as_array().expect("the walks");
    assert_eq!(walks.len(), 1, "{walks:?}");
    assert_eq!(walks[0]["error"], false, "{walks:?}");
    assert!(
        walks[0]["items"].as_u64() >= Some(2),
        "the v2 walk saw an item on each of two pages: {walks:?}"
    );
    assert!(
        report
            .records
            .iter()
            .any(|r| r.method == "GET" && r.target.contains(SECOND_PAGE) && r.is_valid()),
        "the walk asked for the second page by its next_page_url"
    );

    // The README's API v2 section (only in a crate with v2) compiles: its
    // examples run as doc tests of the crate (`ReadmeDoctests`).
    let readme = std::fs::read_to_string(api.dir.join("README.md")).expect("the README reads");
    assert!(
        readme.contains("## API v2"),
        "the README has its v2 section"
    );
    let doc = api
        .cargo(&["test", "--doc", "--all-features", "--", "ReadmeDoctests"])
        .output()
        .expect("cargo runs");
    let doc_out = String::from_utf8_lossy(&doc.stdout);
    assert!(
        doc.status.success(),
        "the README examples do not compile:\n{doc_out}\n{}",
        String::from_utf8_lossy(&doc.stderr)
    );
    println!(
        "README doc tests: {}",
        doc_out
            .lines()
            .find(|l| l.starts_with("test result"))
            .unwrap_or("(no summary)")
    );
}
