//! Written into a generated whole-API crate (as `tests/drift_harness.rs`) by
//! `tests/tests/decode_fixtures.rs`, which appends `fn dispatch` (one arm per
//! type) and passes the cases in the file named by `DRIFT_CASES`.
//!
//! Each case is a body and the Rust type it must decode into. The body
//! itself must decode; then each `delete` pointer (a required field) is
//! removed in turn, each `expand` pointer (an expanded object) is replaced by
//! the object's id, each `retag` pointer (an object of a polymorphic union)
//! gets an `object` tag no type lists. Every variant must decode, and its
//! drift must say what changed.

use std::collections::BTreeSet;

use serde_json::Value;
use stripe_full::Drift;

#[derive(serde::Deserialize)]
struct Case {
    label: String,
    #[serde(rename = "type")]
    ty: String,
    body: Value,
    #[serde(default)]
    delete: Vec<String>,
    #[serde(default)]
    expand: Vec<(String, String)>,
    #[serde(default)]
    retag: Vec<String>,
}

/// Decodes `body` as `T` the way the client does (`Drift::decode`), and reports its drift.
fn run<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) -> Result<Drift, String> {
    Drift::decode::<T>(body)
        .map(|(_, drift)| drift)
        .map_err(|e| e.to_string())
}

fn decode(case: &Case, body: &Value) -> Result<Drift, String> {
    let bytes = serde_json::to_vec(body).expect("a Value serialises");
    dispatch(&case.ty, &bytes).unwrap_or_else(|| Err(format!("no type `{}`", case.ty)))
}

fn under(pointer: &str, root: &str) -> bool {
    pointer == root || pointer.starts_with(&format!("{root}/"))
}

#[derive(Default)]
struct Counts {
    bodies: usize,
    decoded: usize,
    with_missing: usize,
    with_unknown: usize,
    deletions: usize,
    expansions: usize,
    retags: usize,
    failures: Vec<String>,
}

impl Counts {
    fn fail(&mut self, what: String) {
        self.failures.push(what);
    }
}

#[test]
fn cases_decode_and_report_their_drift() {
    let path = std::env::var("DRIFT_CASES").expect("DRIFT_CASES names the cases file");
    let text = std::fs::read_to_string(&path).expect("the cases file is readable");
    let cases: Vec<Case> = serde_json::from_str(&text).expect("the cases file is JSON");
    let mut counts = Counts::default();
    let mut examples = Vec::new();
    for case in &cases {
        counts.bodies += 1;
        let base = match decode(case, &case.body) {
            Ok(drift) => drift,
            Err(e) => {
                counts.fail(format!("{} ({}): {e}", case.label, case.ty));
                continue;
            }
        };
        counts.decoded += 1;
        if !base.missing.is_empty() {
            counts.with_missing += 1;
            if examples.len() < 5 {
                examples.push(format!(
                    "{}: missing {}",
                    case.label,
                    base.missing.join(", ")
                ));
            }
        }
        if !base.unknown_fields.is_empty() {
            counts.with_unknown += 1;
            if examples.len() < 10 {
                examples.push(format!(
                    "{}: unknown {}",
                    case.label,
                    base.unknown_fields.join(", ")
                ));
            }
        }
        for pointer in &case.delete {
            counts.deletions += 1;
            let mut body = case.body.clone();
            let (parent, key) = pointer.rsplit_once('/').expect("a member's pointer");
            let removed = body
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .and_then(|object| object.remove(&key.replace("~1", "/").replace("~0", "~")));
            if removed.is_none() {
                counts.fail(format!("{}: nothing at {pointer}", case.label));
                continue;
            }
            match decode(case, &body) {
                Ok(drift) => {
                    let mut expected: BTreeSet<&str> = base
                        .missing
                        .iter()
                        .map(String::as_str)
                        .filter(|m| !under(m, pointer))
                        .collect();
                    expected.insert(pointer);
                    let got: BTreeSet<&str> = drift.missing.iter().map(String::as_str).collect();
                    if got != expected {
                        counts.fail(format!(
                            "{} without {pointer}: drift says missing {got:?}",
                            case.label
                        ));
                    }
                }
                Err(e) => counts.fail(format!("{} without {pointer}: {e}", case.label)),
            }
        }
        for (pointer, id) in &case.expand {
            counts.expansions += 1;
            let mut body = case.body.clone();
            let Some(slot) = body.pointer_mut(pointer) else {
                counts.fail(format!("{}: nothing at {pointer}", case.label));
                continue;
            };
            *slot = Value::String(id.clone());
            match decode(case, &body) {
                Ok(drift) => {
                    let outside = |d: &Drift| {
                        d.missing
                            .iter()
                            .filter(|m| !under(m, pointer))
                            .cloned()
                            .collect::<Vec<_>>()
                    };
                    if outside(&drift) != outside(&base) {
                        counts.fail(format!(
                            "{} with {pointer} as an id: drift {drift}",
                            case.label
                        ));
                    }
                }
                Err(e) => counts.fail(format!("{} with {pointer} as an id: {e}", case.label)),
            }
        }
        for pointer in &case.retag {
            counts.retags += 1;
            let mut body = case.body.clone();
            let Some(Value::Object(object)) = body.pointer_mut(pointer) else {
                counts.fail(format!("{}: no object at {pointer}", case.label));
                continue;
            };
            object.insert("object".to_owned(), "a_kind_no_spec_lists".into());
            match decode(case, &body) {
                // Inside an object already unknown, the unknown ancestor is what drift names.
                Ok(drift) if drift.unknown_objects.iter().any(|o| under(pointer, o)) => {}
                Ok(drift) => counts.fail(format!(
                    "{} with an unknown kind at {pointer}: drift {drift}",
                    case.label
                )),
                Err(e) => counts.fail(format!(
                    "{} with an unknown kind at {pointer}: {e}",
                    case.label
                )),
            }
        }
    }
    println!(
        "DRIFT-COUNTS decoded {}/{} bodies ({} lacked required fields, {} had unknown fields); \
         {} required fields deleted, {} expanded objects as ids, {} unknown object kinds; {} failures",
        counts.decoded,
        counts.bodies,
        counts.with_missing,
        counts.with_unknown,
        counts.deletions,
        counts.expansions,
        counts.retags,
        counts.failures.len()
    );
    for example in examples {
        println!("DRIFT-EXAMPLE {example}");
    }
    for failure in counts.failures.iter().take(30) {
        println!("DRIFT-FAILURE {failure}");
    }
    assert!(
        counts.failures.is_empty(),
        "{} failures",
        counts.failures.len()
    );
}
