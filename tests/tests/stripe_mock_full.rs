//! The whole API against Stripe's own mock server, for the oldest (2023-08-16)
//! and the newest (2026-01-28) upstream spec; 2024-04-10 is generated and
//! decoded into by the other tests, which keeps CI affordable (its stripe-mock
//! test is `#[ignore]`d: run it with `--ignored`). stripe-mock
//! knows no v2, so it gets the spec's v1 view ([`stripe_mock::json_spec`]).
//! The crate generated with `spec/full-api.config.yaml`
//! carries `examples/conformance.rs` (emitted from the model), which calls
//! every operation with its required parameters only and with every optional
//! parameter filled, and walks two pages of one list and one search through
//! [`PagingProxy`]. stripe-mock gets Stripe's fixtures plus an object for
//! every resource they lack ([`mock_fixtures`]), so that it can answer every
//! request. Every request must be accepted and every answer must decode: no
//! rejection, no decode error, no transport error. Prints operations,
//! requests, outcomes, the fixtures synthesised and the time of each step.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use serde_json::Value;
use workspace_tests::mock_fixtures;
use workspace_tests::stripe_mock::{
    self, PagingProxy, PagingStats, StripeMock, RELEASE_2023, RELEASE_2024, RELEASE_2026,
};
use workspace_tests::whole_api::WholeApi;

/// Both whole-API crates build their `conformance` example into the same
/// target dir, at the same path: one at a time.
static BUILD_AND_RUN: Mutex<()> = Mutex::new(());

#[test]
fn whole_api_2023_08_16_is_accepted_by_stripe_mock() {
    exercise(RELEASE_2023, "2023-08-16");
}

/// Not in CI, which builds the oldest and the newest whole API in full; run by hand after a
/// change to request or response shapes:
/// `cargo test -p workspace-tests --test stripe_mock_full -- --ignored`.
#[test]
#[ignore = "CI runs the oldest and newest spec; run with --ignored"]
fn whole_api_2024_04_10_is_accepted_by_stripe_mock() {
    exercise(RELEASE_2024, "2024-04-10");
}

#[test]
fn whole_api_2026_01_28_v1_is_accepted_by_stripe_mock() {
    exercise(RELEASE_2026, "2026-01-28");
}

/// One failed request, as the exerciser prints it.
struct Failure {
    kind: String,
    text: String,
}

fn exercise(release: &'static str, version: &'static str) {
    let (Some(binary), Some(api), Some(fixtures)) = (
        stripe_mock::binary(),
        WholeApi::generate(version),
        stripe_mock::upstream_file(release, "fixtures3.json"),
    ) else {
        return;
    };
    assert!(
        api.files
            .iter()
            .any(|f| f.path == Path::new(generator::emit::conformance::FILE)),
        "spec/full-api.config.yaml asks for the conformance exerciser"
    );
    let (model, spec, generate) = (&api.model, &api.spec, api.generate);
    api.write(Vec::new());

    let guard = BUILD_AND_RUN.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let build = api
        .cargo(&["build", "--quiet", "--example", "conformance"])
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the conformance exerciser of {release} does not build:\n{}",
        tail(&String::from_utf8_lossy(&build.stderr), 80)
    );
    let build = started.elapsed();

    let mock_spec = stripe_mock::json_spec(spec);
    // Stripe's fixtures lack some resources of the newer specs: stripe-mock
    // would accept those requests and then fail to answer them.
    let augmented = mock_fixtures::augment(
        &mock_spec,
        &fixtures,
        &workspace_tests::root()
            .join("target/stripe-mock")
            .join(release),
    )
    .unwrap_or_else(|e| panic!("{release}: the fixtures for stripe-mock: {e}"));
    let started = Instant::now();
    let mock = StripeMock::start(
        &binary,
        &mock_spec,
        &augmented.path,
        &["-strict-version-check"],
    );
    let proxy = PagingProxy::start(&mock.base_url);
    let start_mock = started.elapsed();
    let started = Instant::now();
    let run = Command::new(api.example("conformance"))
        .arg(&mock.base_url)
        .arg(&proxy.base_url)
        .output()
        .expect("the exerciser runs");
    let elapsed = started.elapsed();
    drop(guard);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the exerciser of {release} failed:\n{}\n{}\nstripe-mock:\n{}",
        tail(&stdout, 40),
        tail(&String::from_utf8_lossy(&run.stderr), 40),
        tail(&mock.log_text(), 40)
    );
    let paging = proxy.stats();
    let mock_log = mock.log_text();
    drop(proxy);
    drop(mock);

    let (summary, failures) = parse(&stdout);
    let counts: BTreeMap<String, u64> = summary["counts"]
        .as_object()
        .expect("the summary has counts")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
        .collect();
    let count = |kind: &str| counts.get(kind).copied().unwrap_or(0);
    let operations = summary["operations"].as_u64().unwrap_or(0);
    let requests = summary["requests"].as_u64().unwrap_or(0);
    eprintln!(
        "stripe-mock, whole API {release}: {operations} operations, {requests} requests, \
         {} accepted, {} rejected, {} decode errors, {} transport errors, {} other; \
         fixtures synthesised {} {:?}; union alternatives {}/{}, clearable fields set {} / \
         cleared {}, expand left out {} (nothing expandable); walks {}; generate {generate:.2?}, build {build:.2?}, \
         stripe-mock start {start_mock:.2?}, requests {elapsed:.2?}",
        count("accepted"),
        count("rejected"),
        count("decode"),
        count("transport"),
        count("other"),
        augmented.synthesised.len(),
        augmented.synthesised,
        summary["union_alternatives_used"],
        summary["union_alternatives"],
        summary["clearable_set"],
        summary["clearable_cleared"],
        summary["expand_left_out"],
        summary["walks"],
    );
    let (decode, other): (Vec<&Failure>, Vec<&Failure>) =
        failures.iter().partition(|f| f.kind == "decode");
    let no_fixture: Vec<&str> = mock_log
        .lines()
        .filter_map(|l| l.strip_prefix("Missing fixture for: "))
        .collect();
    if !decode.is_empty() {
        eprintln!(
            "{release}: {} answers did not decode:\n{}",
            decode.len(),
            decode
                .iter()
                .map(|f| f.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    // API v2 is exercised against the v2 check server (tests/tests/v2_conformance.rs).
    let v1_operations = model
        .operations
        .iter()
        .filter(|op| !op.namespace.is_v2())
        .count();
    assert_eq!(
        operations, v1_operations as u64,
        "the exerciser calls every v1 operation of the model"
    );
    assert!(
        requests >= 2 * operations,
        "every operation is called at least twice ({requests} requests)"
    );
    // Rejected, transport errors (stripe-mock closing the connection) and
    // anything else: none.
    assert!(
        other.is_empty(),
        "{release}: {} requests were rejected or not answered:\n{}",
        other.len(),
        other
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        no_fixture.is_empty(),
        "{release}: stripe-mock had no fixture for {no_fixture:?} despite the synthesised ones"
    );
    // Stripe's own fixtures leave out fields their spec requires (the 2023
    // `treasury.outbound_payment` has no `billing_details`): decoding
    // tolerates that (the field takes its default and `drift()` lists it), so
    // no answer may fail to decode.
    assert!(
        decode.is_empty(),
        "{release}: {} answers did not decode (listed above)",
        decode.len()
    );
    assert_eq!(
        count("accepted"),
        requests,
        "{release}: every request is accepted and its answer decodes: {counts:?}"
    );
    assert_eq!(
        summary["union_alternatives_used"], summary["union_alternatives"],
        "every union alternative is used by some request"
    );
    assert!(
        summary["clearable_set"].as_u64() > Some(0)
            && summary["clearable_cleared"].as_u64() > Some(0),
        "clearable fields are set and cleared"
    );
    assert_walks(release, &summary["walks"], &paging);
}

/// Both walks went through two pages: a first page the proxy said has more,
/// and a next page stripe-mock accepted; and the walk saw an item on each.
fn assert_walks(release: &str, walks: &Value, paging: &PagingStats) {
    let walks = walks.as_array().expect("the summary lists the walks");
    assert_eq!(walks.len(), 2, "one list walk and one search walk");
    for walk in walks {
        assert_eq!(walk["error"], false, "{release}: walk {walk}");
        assert!(
            walk["items"].as_u64() >= Some(2),
            "{release}: the walk saw an item on each of two pages: {walk}"
        );
    }
    assert_eq!(
        paging.first_pages.len(),
        2,
        "{release}: a first page of the list and of the search: {paging:?}"
    );
    for (path, statuses) in &paging.next_pages {
        assert!(
            statuses.iter().all(|&s| s == 200),
            "{release}: stripe-mock accepted the next page of {path}: {paging:?}"
        );
    }
    assert_eq!(
        paging.next_pages.len(),
        2,
        "{release}: a next page of the list and of the search: {paging:?}"
    );
}

/// The summary line and the failures the exerciser printed.
fn parse(stdout: &str) -> (Value, Vec<Failure>) {
    let mut summary = None;
    let mut failures = Vec::new();
    for line in stdout.lines() {
        if let Some(json) = line.strip_prefix("conformance-summary ") {
            summary = Some(serde_json::from_str(json).expect("the summary is JSON"));
        } else if let Some(json) = line.strip_prefix("conformance-failure ") {
            let failure: Value = serde_json::from_str(json).expect("a failure is JSON");
            let text = format!(
                "  {} ({}) {}: {} [{}] {}\n    sent: {}",
                failure["operation"].as_str().unwrap_or_default(),
                failure["variant"].as_str().unwrap_or_default(),
                failure["request"].as_str().unwrap_or_default(),
                failure["kind"].as_str().unwrap_or_default(),
                failure["status"],
                failure["message"].as_str().unwrap_or_default(),
                failure["sent"].as_str().unwrap_or_default(),
            );
            failures.push(Failure {
                kind: failure["kind"].as_str().unwrap_or_default().to_owned(),
                text,
            });
        }
    }
    (summary.expect("the exerciser prints a summary"), failures)
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
