//! Written into a generated whole-API crate (as `tests/drift_harness.rs`) by
//! `tests/tests/decode_fixtures.rs`, which appends `fn dispatch` (one arm per
//! type) and passes the cases in the file named by `DRIFT_CASES`.
//!
//! Each case is a body and the Rust type it must decode into. The body
//! itself must decode; then each `delete` pointer (a required field) is
//! removed in turn, each `expand` pointer (an expanded object) is replaced by
//! the object's id, each `retag` pointer (an object of a polymorphic union)
//! gets an `object` tag no type lists. Every variant must decode, and its
//! drift must say what changed. The body decoded and serialised again must
//! give back every member it had (unknown ones too, kept in `extra`), with the
//! same values, except those drift lists as missing (`null` and absent alike).
//!
//! A case with `nulls` is an event (type `Event`): each of those pointers is
//! set to `null` in turn, and the payload must decode through
//! `Webhook::construct_event` (signed here) and through the client (from a
//! loopback server), with the same drift, naming that member as missing
//! unless the types took the `null` as a value.

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
    #[serde(default)]
    nulls: Vec<String>,
}

/// A body decoded: its drift, and the decoded value serialised again.
type Decoded = Result<(Drift, Value), String>;

/// Decodes `body` as `T` the way the client does (`Drift::decode`), and reports its drift and
/// the value serialised again.
fn run<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) -> Decoded {
    let (value, drift) = Drift::decode::<T>(body).map_err(|e| e.to_string())?;
    let again = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    Ok((drift, again))
}

fn decode_full(case: &Case, body: &Value) -> Decoded {
    let bytes = serde_json::to_vec(body).expect("a Value serialises");
    dispatch(&case.ty, &bytes).unwrap_or_else(|| Err(format!("no type `{}`", case.ty)))
}

fn decode(case: &Case, body: &Value) -> Result<Drift, String> {
    decode_full(case, body).map(|(drift, _)| drift)
}

/// Members of `raw` that `again` (the decoded value serialised again) lacks or holds another
/// value for, by pointer; none below a pointer in `missing` (decoded as a default). A `null`
/// and an absent member are alike (both decode as `None`). Recursion follows `raw`, which
/// serde_json parsed (128 levels at most).
fn lost(
    raw: &Value,
    again: &Value,
    pointer: &mut String,
    missing: &[String],
    out: &mut Vec<String>,
) {
    if missing.iter().any(|m| m == pointer) {
        return;
    }
    match (raw, again) {
        (Value::Object(raw), Value::Object(again)) => {
            for (key, value) in raw {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match again.get(key) {
                    Some(other) => lost(value, other, pointer, missing, out),
                    None if value.is_null() => {}
                    None => out.push(pointer.clone()),
                }
                pointer.truncate(len);
            }
        }
        (Value::Array(raw), Value::Array(again)) if raw.len() == again.len() => {
            for (i, (raw, again)) in raw.iter().zip(again).enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                lost(raw, again, pointer, missing, out);
                pointer.truncate(len);
            }
        }
        (raw, again) if raw == again => {}
        // Numbers equal as numbers (`1.0` and `1`).
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        _ => out.push(pointer.clone()),
    }
}

/// The endpoint secret the harness signs events with.
const SECRET: &str = "whsec_drift_harness";

/// `Stripe-Signature` for `payload`, signed now with [`SECRET`] (the crate's own signer).
fn sign(payload: &[u8]) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    stripe_full::WebhookSignature::generate_header(
        payload,
        SECRET,
        i64::try_from(now).expect("a time in range"),
    )
}

/// The client answering every request with the body last set, through the test double (no
/// server, no network).
struct Server {
    runtime: tokio::runtime::Runtime,
    client: stripe_full::Client,
    mock: stripe_full::testing::MockTransport,
}

impl Server {
    fn start() -> Server {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let mock = stripe_full::testing::MockTransport::new();
        let client = stripe_full::Client::builder("sk_test_drift_harness")
            .transport(mock.clone())
            .max_network_retries(0)
            .build()
            .expect("a client");
        Server {
            runtime,
            client,
            mock,
        }
    }

    /// `payload` as the response of a request, decoded as `T` (the type of `_like`), with its
    /// drift.
    fn fetch<T: serde::de::DeserializeOwned + serde::Serialize>(
        &self,
        payload: &[u8],
        _like: &T,
    ) -> Result<Drift, String> {
        self.mock.respond(
            stripe_full::Method::Get,
            "/v1/events/evt_harness",
            stripe_full::testing::MockResponse::body(200, payload.to_vec())
                .header("content-type", "application/json"),
        );
        self.runtime.block_on(async {
            let response = self
                .client
                .request::<T>(
                    stripe_full::Method::Get,
                    "/v1/events/evt_harness",
                    &[] as &[(&str, &str)],
                )
                .await
                .map_err(|e| e.to_string())?;
            Ok(response.drift())
        })
    }
}

/// Whether the serialised `again` holds a `null`, or nothing, at `pointer`: the types took the
/// `null` as a value (an optional field, an unknown member, raw JSON), so it is not drift.
fn took_null(again: &Value, pointer: &str) -> bool {
    again.pointer(pointer).is_none_or(Value::is_null)
}

/// The `nulls` of `case`, each set to `null` in turn: through `construct_event` and the client.
fn run_nulls(case: &Case, server: &Server, counts: &mut Counts) {
    for pointer in &case.nulls {
        counts.nulls += 1;
        let mut body = case.body.clone();
        let Some(slot) = body.pointer_mut(pointer) else {
            counts.fail(format!("{}: nothing at {pointer}", case.label));
            continue;
        };
        *slot = Value::Null;
        let payload = serde_json::to_vec(&body).expect("a Value serialises");
        let event = match stripe_full::Webhook::construct_event(&payload, &sign(&payload), SECRET) {
            Ok(event) => event,
            Err(e) => {
                counts.fail(format!(
                    "{} with {pointer} null: construct_event: {e}",
                    case.label
                ));
                continue;
            }
        };
        let drift = Drift::of(&payload, &event);
        let again = serde_json::to_value(&event).expect("an event serialises");
        if !drift.missing.iter().any(|m| m == pointer) && !took_null(&again, pointer) {
            counts.fail(format!(
                "{} with {pointer} null: drift does not name it: {drift}",
                case.label
            ));
        }
        match server.fetch(&payload, &event) {
            Ok(by_client) if by_client == drift => {}
            Ok(by_client) => counts.fail(format!(
                "{} with {pointer} null: the client's drift {by_client} is not construct_event's {drift}",
                case.label
            )),
            Err(e) => counts.fail(format!("{} with {pointer} null: the client: {e}", case.label)),
        }
    }
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
    nulls: usize,
    round_trips: usize,
    lost_objects: usize,
    lost_members: usize,
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
    let server = cases
        .iter()
        .any(|c| !c.nulls.is_empty())
        .then(Server::start);
    for case in &cases {
        counts.bodies += 1;
        let base = match decode_full(case, &case.body) {
            Ok((drift, again)) => {
                counts.round_trips += 1;
                let mut out = Vec::new();
                lost(
                    &case.body,
                    &again,
                    &mut String::new(),
                    &drift.missing,
                    &mut out,
                );
                if !out.is_empty() {
                    counts.lost_objects += 1;
                    counts.lost_members += out.len();
                    counts.fail(format!(
                        "{}: decoded and serialised again, lost {}",
                        case.label,
                        out.join(", ")
                    ));
                }
                drift
            }
            Err(e) => {
                counts.fail(format!("{} ({}): {e}", case.label, case.ty));
                continue;
            }
        };
        counts.decoded += 1;
        if let Some(server) = &server {
            run_nulls(case, server, &mut counts);
        }
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
         {} required fields deleted, {} expanded objects as ids, {} unknown object kinds; \
         {} round trips ({} objects lost {} members); {} members null in events; {} failures",
        counts.decoded,
        counts.bodies,
        counts.with_missing,
        counts.with_unknown,
        counts.deletions,
        counts.expansions,
        counts.retags,
        counts.round_trips,
        counts.lost_objects,
        counts.lost_members,
        counts.nulls,
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
