//! The whole API's typed webhook event against Stripe's upstream fixtures.
//!
//! * Model level, every upstream spec: every object kind in `fixtures3.json` has a variant of
//!   the whole API's `EventObject` (so none would fall back to raw JSON), and every event type
//!   the webhook endpoint accepts is an `EventType` value.
//! * Compiled, the newest spec: the shared whole-API crate (`workspace_tests::whole_api`, whose
//!   library the decoding and stripe-mock tests build too) with a small program, an example,
//!   that wraps every fixture object in an event, decodes it with `Webhook::parse_event` and
//!   checks that the object comes out typed, decodes the fixtures' own events, and checks that
//!   no sensitive value of a fixture appears in the decoded event's `Debug`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use workspace_tests::whole_api::WholeApi;

use generator::ir::{Model, TypeKind, UnionDef};

const SPECS: &[(&str, &str)] = &[
    ("stripe-openapi-2023-08-16", "spec3.yaml"),
    ("stripe-openapi-2024-04-10", "spec3.json"),
    ("stripe-openapi-2026-01-28", "spec3.json"),
];

/// `../shared/upstream/<dir>/<file>`, or `None` with a notice (failing under `CI=true`).
fn upstream(dir: &str, file: &str) -> Option<PathBuf> {
    workspace_tests::shared(&format!("upstream/{dir}/{file}"))
}

fn full_model(spec: &Path) -> Model {
    workspace_tests::model_of(
        spec,
        &workspace_tests::root().join("spec/full-api.config.yaml"),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// `(object tag, deleted)` of every `EventObject` variant, and the component schemas behind them.
fn event_objects(model: &Model) -> (BTreeSet<(String, bool)>, Vec<String>) {
    let events = model
        .events
        .as_ref()
        .expect("the full-API config has events");
    let union = model.types.get(&events.object).expect("EventObject exists");
    let TypeKind::Union(UnionDef::Tagged { variants }) = &union.kind else {
        panic!("EventObject is not a tagged union: {:?}", union.kind);
    };
    let tags = variants
        .iter()
        .map(|v| (v.object.clone(), v.deleted))
        .collect();
    let schemas = variants
        .iter()
        .filter_map(|v| {
            v.ty.as_str()
                .strip_prefix("#/components/schemas/")
                .map(str::to_owned)
        })
        .collect();
    (tags, schemas)
}

/// Every `object` tag a component schema of `spec` declares (its `object` property's enum).
fn spec_object_tags(spec: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(spec).expect("the spec reads");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("the spec is YAML or JSON");
    let schemas = spec["components"]["schemas"]
        .as_object()
        .expect("the spec has component schemas");
    schemas
        .values()
        .filter_map(|schema| schema["properties"]["object"]["enum"].as_array())
        .flatten()
        .filter_map(|tag| tag.as_str().map(str::to_owned))
        .collect()
}

fn fixtures(dir: &str) -> Option<serde_json::Value> {
    let path = upstream(dir, "fixtures3.json")?;
    let text = std::fs::read_to_string(&path).expect("fixtures read");
    Some(serde_json::from_str(&text).expect("fixtures are JSON"))
}

#[test]
fn every_fixture_object_has_a_typed_event_variant() {
    for (dir, spec) in SPECS {
        let (Some(spec), Some(fixtures)) = (upstream(dir, spec), fixtures(dir)) else {
            continue;
        };
        let model = full_model(&spec);
        let (tags, _) = event_objects(&model);
        let in_spec = spec_object_tags(&spec);
        let resources = fixtures["resources"].as_object().expect("resources");
        let (mut untyped, mut not_in_spec) = (Vec::new(), Vec::new());
        // An event is never an event's object; the event fixtures are checked below.
        for (name, fixture) in resources.iter().filter(|(_, f)| f["object"] != "event") {
            let tag = fixture["object"].as_str().unwrap_or_default().to_owned();
            let deleted = fixture["deleted"] == serde_json::Value::Bool(true);
            if tags.contains(&(tag.clone(), deleted)) {
                continue;
            }
            // Stripe's fixtures (made the day before the 2026-01-28 release) hold objects no
            // schema of the spec describes: they decode as `EventObject::Unknown`, their JSON
            // kept, and nothing can type them.
            if in_spec.contains(&tag) {
                untyped.push(format!("{name} (object `{tag}`)"));
            } else {
                not_in_spec.push(format!("{name} (object `{tag}`)"));
            }
        }
        assert!(resources.len() > 100, "{dir}: {} fixtures", resources.len());
        if !not_in_spec.is_empty() {
            eprintln!(
                "{dir}: fixtures of objects no schema of the spec describes: {not_in_spec:?}"
            );
        }
        assert!(
            untyped.is_empty(),
            "{dir}: no typed variant for {untyped:?}"
        );

        let events = model.events.as_ref().unwrap();
        let TypeKind::Enum(types) = &model.types.get(&events.types).unwrap().kind else {
            panic!("EventType is not an enum");
        };
        let wires: BTreeSet<&str> = types.values.iter().map(|v| v.wire.as_str()).collect();
        assert!(wires.len() > 100, "{dir}: only {} event types", wires.len());
        assert!(!wires.contains("*"), "`*` is not an event type");
        for event in resources.values().filter(|f| f["object"] == "event") {
            let kind = event["type"].as_str().expect("an event has a type");
            assert!(
                wires.contains(kind),
                "{dir}: event type {kind} is not listed"
            );
        }
    }
}

/// The program built into the narrowed crate: decodes every fixture as an event's object.
const DECODE_EVENTS: &str = r#####"
//! Wraps every fixture in an event and decodes it; checks typed objects and redaction.
use std::process::ExitCode;

use stripe_full::resources::EventObject;
use stripe_full::Webhook;

/// Field names whose string values must not show in Debug output (a subset of the config's).
const SENSITIVE: &[&str] = &[
    "account_number", "client_secret", "dob", "iban", "id_number", "routing_number", "secret",
    "tax_id", "vat_id",
];

fn sensitive_values(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if SENSITIVE.contains(&k.as_str()) {
                    if let Some(s) = v.as_str().filter(|s| s.len() >= 6) {
                        out.push(s.to_owned());
                    }
                }
                sensitive_values(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| sensitive_values(v, out)),
        _ => {}
    }
}

/// Whether the object fell back to raw JSON (`data.object` may be boxed to break a cycle).
fn is_unknown(object: &EventObject) -> bool {
    matches!(object, EventObject::Unknown(_))
}

fn main() -> ExitCode {
    let path = std::env::args().nth(1).expect("fixtures path");
    // Object kinds no schema of the spec describes: they must stay `Unknown`, their JSON kept.
    let schemaless: Vec<String> = std::env::args()
        .nth(2)
        .map(|kinds| kinds.split(',').filter(|k| !k.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let text = std::fs::read_to_string(&path).expect("fixtures read");
    let fixtures: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut failures = Vec::new();
    let (mut typed, mut redacted, mut events, mut kept) = (0, 0, 0, 0);
    for (name, fixture) in fixtures["resources"].as_object().expect("resources") {
        if fixture["object"] == "event" {
            match Webhook::parse_event(fixture.to_string()) {
                Ok(event) if !is_unknown(&event.data.object) => events += 1,
                Ok(event) => failures.push(format!("event {name}: object untyped {:?}", event.data.object)),
                Err(e) => failures.push(format!("event {name}: {e}")),
            }
            continue;
        }
        let kind = fixture["object"].as_str().unwrap_or("unknown");
        let payload = serde_json::json!({
            "id": "evt_fixture", "object": "event", "api_version": "2023-08-16",
            "created": 1_700_000_000, "livemode": false, "pending_webhooks": 0,
            "type": format!("{kind}.updated"),
            "data": { "object": fixture, "previous_attributes": { "metadata": {} } },
        });
        let event = match Webhook::parse_event(payload.to_string()) {
            Ok(event) => event,
            Err(e) => {
                // A fixture without a field its type requires is reported for the harness to
                // check against the fixture; anything else fails here.
                let text = e.to_string();
                match text.split("missing field `").nth(1).and_then(|r| r.split('`').next()) {
                    Some(field) => println!("lacks {name} {field}"),
                    None => failures.push(format!("{name}: {text}")),
                }
                continue;
            }
        };
        if schemaless.iter().any(|k| k == kind) {
            match &event.data.object {
                EventObject::Unknown(json) if json == fixture => kept += 1,
                other => failures.push(format!("{name}: `{kind}` has no schema but decoded as {other:?}")),
            }
            continue;
        }
        if is_unknown(&event.data.object) {
            failures.push(format!("{name}: object `{kind}` decoded as Unknown"));
            continue;
        }
        typed += 1;
        let debug = format!("{event:?}");
        let mut values = Vec::new();
        sensitive_values(fixture, &mut values);
        for value in values {
            if debug.contains(&value) {
                failures.push(format!("{name}: Debug shows the sensitive value {value:?}"));
            } else {
                redacted += 1;
            }
        }
    }
    println!("typed {typed} events {events} redacted {redacted} unknown-kept {kept}");
    for f in &failures {
        eprintln!("{f}");
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
"#####;

#[test]
fn every_fixture_decodes_as_a_typed_event_in_the_generated_crate() {
    let (dir, spec) = SPECS[SPECS.len() - 1];
    let (Some(api), Some(fixtures_path), Some(spec)) = (
        WholeApi::generate(workspace_tests::NEWEST_VERSION),
        upstream(dir, "fixtures3.json"),
        upstream(dir, spec),
    ) else {
        return;
    };
    // The kinds of fixture objects no schema describes (checked to stay `Unknown`).
    let in_spec = spec_object_tags(&spec);
    let fixtures = fixtures(dir).expect("read above");
    let schemaless: BTreeSet<&str> = fixtures["resources"]
        .as_object()
        .expect("resources")
        .values()
        .filter_map(|f| f["object"].as_str())
        .filter(|kind| !in_spec.contains(*kind))
        .collect();
    // The shared whole-API crate (its library built once for every test that
    // uses it), with the decoding program as an example.
    api.write(vec![workspace_tests::whole_api::file(
        "examples/decode_events.rs",
        DECODE_EVENTS.to_owned(),
    )]);
    let started = Instant::now();
    let output = api
        .cargo(&["run", "--quiet", "--example", "decode_events", "--"])
        .arg(&fixtures_path)
        .arg(schemaless.iter().copied().collect::<Vec<_>>().join(","))
        .output()
        .expect("cargo runs");
    let files = &api.files;
    let generate = api.generate;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!(
        "event crate: {} files; generate {generate:.2?}, build and run {:.2?}; {}",
        files.len(),
        started.elapsed(),
        stdout.trim()
    );
    assert!(
        output.status.success(),
        "decoding fixtures as events failed:\n{}",
        stderr.lines().take(60).collect::<Vec<_>>().join("\n")
    );
    // A fixture lacking a field its spec type requires decodes all the same
    // (the field takes its default; `Drift` lists it): none may fail.
    assert!(
        !stdout.lines().any(|l| l.starts_with("lacks ")),
        "fixtures that did not decode:\n{stdout}"
    );
    // The program reports what it checked: every other fixture typed, the event fixtures too,
    // and each object of a kind no schema describes kept whole as `Unknown`.
    let counts: Vec<usize> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("typed "))
        .unwrap_or_else(|| panic!("no summary in {stdout}"))
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        counts.len() == 4
            && counts[0] > 100
            && counts[1] >= 1
            && counts[2] >= 1
            && counts[3] == schemaless.len(),
        "{stdout}"
    );
}
