//! The v2 loopback server (`tests/src/v2_server`) against the upstream spec's
//! v2 operations: its synthesised answers satisfy their own schemas, correct
//! requests (written here from the spec's schemas) pass, and each kind of
//! wrong request is refused with a reason that names where it is wrong.
//! Skips with a notice when `../shared` lacks the 2026-01-28 spec (fails
//! under `CI=true`).

use serde_json::{json, Value};
use workspace_tests::v2_server::schema::{self, Side};
use workspace_tests::v2_server::synth::Fill;
use workspace_tests::v2_server::{self, sample, synth, Handle, Report};

const KEY: &str = "Bearer sk_test_check";

/// Sends one request; the status and the parsed JSON answer.
async fn send(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    target: &str,
    body: Option<(&str, &str)>,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = client
        .request(method, format!("{base}{target}"))
        .header("Authorization", KEY);
    if let Some((content_type, text)) = body {
        request = request
            .header("Content-Type", content_type)
            .body(text.to_owned());
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the check server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a whole answer");
    let value = serde_json::from_slice(&bytes).expect("the answer is JSON");
    (status, value)
}

async fn post_json(
    client: &reqwest::Client,
    base: &str,
    target: &str,
    body: Value,
) -> (u16, Value) {
    let text = body.to_string();
    let key = [("Idempotency-Key", "check-key-1")];
    send(
        client,
        base,
        "POST",
        target,
        Some(("application/json", &text)),
        &key,
    )
    .await
}

fn started() -> Option<(String, Handle)> {
    let checker = v2_server::upstream_checker()?;
    Some(v2_server::start(checker).expect("the check server starts"))
}

#[test]
fn the_spec_has_the_v2_operations_the_issue_counts() {
    let Some(checker) = v2_server::upstream_checker() else {
        return;
    };
    let operations = &checker.spec().operations;
    let paths: std::collections::BTreeSet<_> = operations.iter().map(|op| &op.template).collect();
    assert_eq!((operations.len(), paths.len()), (29, 21));
    assert_eq!(operations.iter().filter(|op| op.body.is_some()).count(), 13);
    assert_eq!(operations.iter().filter(|op| op.is_list).count(), 4);
}

#[test]
fn synthesised_answers_satisfy_their_own_schemas() {
    let Some(checker) = v2_server::upstream_checker() else {
        return;
    };
    let spec = checker.spec();
    let mut failures = Vec::new();
    let mut checked = 0;
    for op in &spec.operations {
        let document = schema::document(&op.ok, &spec.schemas, Side::Response);
        let validator = schema::compile(&document).expect("a response schema compiles");
        let (body, cuts) = synth::counted(&op.ok, &spec.schemas, Fill::All);
        assert_eq!(cuts, 0, "{}: every level of the answer is made", op.id);
        assert_eq!(
            body,
            synth::value(&op.ok, &spec.schemas),
            "{}: deterministic",
            op.id
        );
        for reason in schema::reasons(&validator, &body, "200") {
            failures.push(format!("{} {reason}", op.id));
        }
        checked += 1;
        assert!(!op.errors.is_empty(), "{}: a default response", op.id);
        for alternative in &op.errors {
            let reference =
                json!({ "$ref": format!("#/components/schemas/{}", alternative.schema_name) });
            let document = schema::document(&reference, &spec.schemas, Side::Response);
            let validator = schema::compile(&document).expect("an error schema compiles");
            let code = alternative.code.as_deref().unwrap_or("check_generic_error");
            let body = synth::error_body(&alternative.schema_name, code, &spec.schemas);
            assert_eq!(body["error"]["code"], code, "{}", alternative.schema_name);
            for reason in schema::reasons(&validator, &body, &alternative.schema_name) {
                failures.push(format!("{} {reason}", op.id));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    println!("{checked} synthesised answers validate against their schemas");
}

#[tokio::test]
async fn correct_requests_pass() {
    let Some((base, handle)) = started() else {
        return;
    };
    let client = reqwest::Client::new();
    let bodies = [
        (
            "/v2/billing/meter_events",
            json!({"event_name": "api_calls", "payload": {"stripe_customer_id": "cus_1", "value": "3"},
                   "timestamp": "2026-02-01T10:00:00Z"}),
        ),
        (
            "/v2/billing/meter_event_adjustments",
            json!({"event_name": "api_calls", "type": "cancel", "cancel": {"identifier": "evt_1"}}),
        ),
        (
            "/v2/core/event_destinations",
            json!({"name": "hooks", "type": "webhook_endpoint", "event_payload": "thin",
                   "enabled_events": ["v1.billing.meter.error_report_triggered"],
                   "webhook_endpoint": {"url": "https://example.com/hook"}}),
        ),
        // Clearing a metadata entry is sending `null` (its values are nullable).
        (
            "/v2/core/event_destinations/ed_1",
            json!({"metadata": {"team": null, "owner": "billing"}}),
        ),
    ];
    for (target, body) in bodies {
        let (status, answer) = post_json(&client, &base, target, body).await;
        assert_eq!(status, 200, "{target}: {answer}");
    }
    let none: Option<(&str, &str)> = None;
    let plain = [
        ("POST", "/v2/billing/meter_event_session"),
        ("DELETE", "/v2/core/event_destinations/ed_1"),
        ("POST", "/v2/core/event_destinations/ed_1/ping"),
        (
            "GET",
            "/v2/core/accounts/acct_1?include[0]=identity&include[1]=requirements",
        ),
        (
            "GET",
            "/v2/core/accounts?applied_configurations[]=customer&closed=false&limit=2",
        ),
        (
            "GET",
            "/v2/core/events?object_id=mtr_1&created[gte]=2026-01-01T00:00:00Z&types=a&types=b",
        ),
        ("GET", "/v2/core/events/evt_1"),
    ];
    for (method, target) in plain {
        let key = [("Idempotency-Key", "check-key-2")];
        let extra: &[(&str, &str)] = if method == "GET" { &[] } else { &key };
        let (status, answer) = send(&client, &base, method, target, none, extra).await;
        assert_eq!(status, 200, "{method} {target}: {answer}");
    }
    // What the official SDKs (and the runtime) send for a v2 POST without
    // parameters: `{}` as JSON, which is no body.
    let ping = "/v2/core/event_destinations/ed_1/ping";
    let key = [("Idempotency-Key", "check-key-3")];
    let (status, answer) = send(&client, &base, "POST", ping, Some((JSON, "{}")), &key).await;
    assert_eq!(status, 200, "POST {ping} with {{}}: {answer}");
    let report = handle.report();
    assert_eq!(report.invalid, 0, "{:#?}", report.invalid_lines());
    assert_eq!((report.requests, report.valid), (12, 12));
    assert_eq!(report.without_idempotency_key, 0);
}

/// Every v2 operation twice, with requests made from its own schemas: path
/// parameters, then only what is required, or every query parameter and a
/// fully filled body. All accepted.
#[tokio::test]
async fn every_operation_accepts_a_request_made_from_its_schemas() {
    let Some((base, handle)) = started() else {
        return;
    };
    let Some(checker) = v2_server::upstream_checker() else {
        return;
    };
    let spec = checker.spec();
    let client = reqwest::Client::new();
    for (op, fill) in spec
        .operations
        .iter()
        .flat_map(|op| [(op, Fill::Required), (op, Fill::All)])
    {
        let sample = sample::request(op, &spec.schemas, fill);
        let key = [("Idempotency-Key", "check-key-3")];
        let extra: &[(&str, &str)] = if op.method == "GET" { &[] } else { &key };
        let body = sample
            .body
            .as_deref()
            .map(|text| ("application/json", text));
        let (status, answer) =
            send(&client, &base, &sample.method, &sample.target, body, extra).await;
        assert_eq!(status, 200, "{} {}: {answer}", sample.method, sample.target);
    }
    let report = handle.report();
    assert_eq!(report.invalid, 0, "{:#?}", report.invalid_lines());
    assert!(
        report.operations_unseen.is_empty(),
        "{:?}",
        report.operations_unseen
    );
    assert_eq!((report.operations_seen, report.requests), (29, 58));
    print_report(&report);
}

#[tokio::test]
async fn a_list_walks_over_two_pages() {
    let Some((base, handle)) = started() else {
        return;
    };
    let client = reqwest::Client::new();
    let none: Option<(&str, &str)> = None;
    let (status, first) = send(&client, &base, "GET", "/v2/core/events?limit=1", none, &[]).await;
    assert_eq!(status, 200, "{first}");
    let next = first["next_page_url"]
        .as_str()
        .expect("page 1 links to page 2");
    assert!(next.starts_with("/v2/core/events?page="), "{next}");
    assert_eq!(first["previous_page_url"], Value::Null);
    let (status, second) = send(&client, &base, "GET", next, none, &[]).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["next_page_url"], Value::Null);
    assert_ne!(first["data"][0]["id"], second["data"][0]["id"]);
    let report = handle.report();
    assert_eq!(
        (report.requests, report.invalid),
        (2, 0),
        "{:#?}",
        report.invalid_lines()
    );
}

#[tokio::test]
async fn errors_are_answered_as_asked() {
    let Some((base, handle)) = started() else {
        return;
    };
    let client = reqwest::Client::new();
    let none: Option<(&str, &str)> = None;
    // A specific error the operation declares: its own schema, its status.
    let asked = [(v2_server::ERROR_HEADER, "not_found")];
    let (status, body) = send(&client, &base, "GET", "/v2/core/events/evt_1", none, &asked).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].is_string());
    // A code no specific schema pins: the generic `v2.error`, with every member.
    handle.force_error(Some("check_teapot"));
    let (status, body) = send(
        &client,
        &base,
        "POST",
        "/v2/billing/meter_event_session",
        none,
        &[("Idempotency-Key", "k")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "check_teapot");
    for member in ["type", "doc_url", "user_message"] {
        assert!(body["error"][member].is_string(), "{member}: {body}");
    }
    handle.force_error(None);
    let (status, _) = send(&client, &base, "GET", "/v2/core/events/evt_1", none, &[]).await;
    assert_eq!(status, 200);
    let report = handle.report();
    assert_eq!(report.invalid, 0, "{:#?}", report.invalid_lines());
    let codes: Vec<_> = report
        .records
        .iter()
        .map(|r| r.error_code.clone())
        .collect();
    assert_eq!(
        codes,
        [Some("not_found".into()), Some("check_teapot".into()), None]
    );
}

#[tokio::test]
async fn transient_failures_come_first_and_records_keep_the_keys() {
    let Some((base, handle)) = started() else {
        return;
    };
    let client = reqwest::Client::new();
    handle.fail_next(2, 500);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let target = "/v2/core/event_destinations/ed_1/ping";
        let key = [("Idempotency-Key", "check-key-1")];
        let (status, answer) = send(&client, &base, "POST", target, None, &key).await;
        if status != 200 {
            assert_eq!(answer["error"]["code"], v2_server::TRANSIENT_CODE);
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [500, 500, 200]);
    let report = handle.report();
    assert_eq!(report.invalid, 0, "{:#?}", report.invalid_lines());
    let keys: Vec<_> = report
        .records
        .iter()
        .map(|r| r.idempotency_key.as_deref())
        .collect();
    assert_eq!(keys, [Some("check-key-1"); 3]);
    assert_eq!(
        report.by_operation(),
        [("PostV2CoreEventDestinationsIdPing".to_owned(), 3, 0)]
    );
}

/// One deliberately wrong request, and the text its one reason must hold.
struct Wrong {
    what: &'static str,
    method: &'static str,
    target: &'static str,
    body: Option<(&'static str, &'static str)>,
    authorized: bool,
    reason: &'static str,
}

const fn wrong(
    what: &'static str,
    method: &'static str,
    target: &'static str,
    body: Option<(&'static str, &'static str)>,
    reason: &'static str,
) -> Wrong {
    Wrong {
        what,
        method,
        target,
        body,
        authorized: true,
        reason,
    }
}

const JSON: &str = "application/json";

const WRONG: [Wrong; 13] = [
    wrong(
        "a missing required member",
        "POST",
        "/v2/billing/meter_events",
        Some((JSON, r#"{"payload": {"value": "1"}}"#)),
        r#"body /: "event_name" is a required property"#,
    ),
    wrong(
        "a missing required nested member",
        "POST",
        "/v2/billing/meter_event_adjustments",
        Some((
            JSON,
            r#"{"event_name": "e", "type": "cancel", "cancel": {}}"#,
        )),
        r#"body /cancel: "identifier" is a required property"#,
    ),
    wrong(
        "a wrong type",
        "POST",
        "/v2/billing/meter_event_adjustments",
        Some((
            JSON,
            r#"{"event_name": "e", "type": "cancel", "cancel": {"identifier": 7}}"#,
        )),
        r#"body /cancel/identifier: 7 is not of type "string""#,
    ),
    wrong(
        "an unknown value of a closed enum",
        "POST",
        "/v2/billing/meter_event_adjustments",
        Some((
            JSON,
            r#"{"event_name": "e", "type": "undo", "cancel": {"identifier": "i"}}"#,
        )),
        "body /type: ",
    ),
    wrong(
        "a member the schema does not declare",
        "POST",
        "/v2/billing/meter_events",
        Some((
            JSON,
            r#"{"event_name": "e", "payload": {}, "colour": "red"}"#,
        )),
        "body /: Additional properties are not allowed ('colour' was unexpected)",
    ),
    wrong(
        "null where the schema does not allow it",
        "POST",
        "/v2/billing/meter_events",
        Some((JSON, r#"{"event_name": "e", "payload": {"value": null}}"#)),
        r#"body /payload/value: null is not of type "string""#,
    ),
    wrong(
        "a timestamp that is not RFC 3339",
        "POST",
        "/v2/billing/meter_events",
        Some((
            JSON,
            r#"{"event_name": "e", "payload": {}, "timestamp": "yesterday"}"#,
        )),
        r#"body /timestamp: "yesterday" is not a "date-time""#,
    ),
    wrong(
        "a form body where JSON is declared",
        "POST",
        "/v2/billing/meter_events",
        Some(("application/x-www-form-urlencoded", "event_name=e")),
        "header Content-Type: `application/x-www-form-urlencoded`",
    ),
    wrong(
        "a body where none is declared",
        "POST",
        "/v2/billing/meter_event_session",
        Some((JSON, r#"{"x":1}"#)),
        "declares no request body",
    ),
    wrong(
        "an unknown query parameter",
        "GET",
        "/v2/core/events?expand[]=data",
        None,
        "query: unknown parameter `expand[]`",
    ),
    wrong(
        "a query value of the wrong type",
        "GET",
        "/v2/core/events?limit=ten",
        None,
        "query `limit`: `ten` is not an integer",
    ),
    wrong(
        "an unknown deepObject member",
        "GET",
        "/v2/core/events?created[after]=2026-01-01T00:00:00Z",
        None,
        "query `created`: unknown member `created[after]`",
    ),
    wrong(
        "an unknown value of a closed query enum",
        "GET",
        "/v2/core/accounts/acct_1?include[]=everything",
        None,
        "query `include` /0: ",
    ),
];

/// Wrong requests the operation itself cannot be found for, or that miss a header.
const WRONG_ELSEWHERE: [Wrong; 4] = [
    wrong(
        "a missing path parameter",
        "GET",
        "/v2/core/events/",
        None,
        "path /v2/core/events/: no v2 operation has this path",
    ),
    wrong(
        "a method the path does not have",
        "PUT",
        "/v2/core/events",
        None,
        "no v2 operation for PUT",
    ),
    wrong(
        "a page token the server never gave",
        "GET",
        "/v2/core/events?page=forged",
        None,
        "query `page`: `forged` is no page token this server gave",
    ),
    Wrong {
        what: "no credentials",
        method: "GET",
        target: "/v2/core/events",
        body: None,
        authorized: false,
        reason: "header Authorization",
    },
];

#[tokio::test]
async fn wrong_requests_are_refused_with_a_located_reason() {
    let Some((base, handle)) = started() else {
        return;
    };
    let client = reqwest::Client::new();
    let all: Vec<&Wrong> = WRONG.iter().chain(&WRONG_ELSEWHERE).collect();
    for case in &all {
        let method = reqwest::Method::from_bytes(case.method.as_bytes()).expect("a method");
        let mut request = client.request(method, format!("{base}{}", case.target));
        if case.authorized {
            request = request.header("Authorization", KEY);
        }
        if let Some((content_type, text)) = case.body {
            request = request.header("Content-Type", content_type).body(text);
        }
        let response = request.send().await.expect("the check server answers");
        assert_eq!(response.status().as_u16(), 400, "{}", case.what);
        let answer: Value = response.json_bytes().await;
        assert_eq!(
            answer["error"]["code"],
            v2_server::INVALID_CODE,
            "{}",
            case.what
        );
    }
    let report = handle.report();
    assert_eq!((report.requests, report.invalid), (all.len(), all.len()));
    let mut table = String::from("| wrong request | refused with |\n| --- | --- |\n");
    for (case, record) in all.iter().zip(&report.records) {
        assert_eq!(
            record.reasons.len(),
            1,
            "{}: {:#?}",
            case.what,
            record.reasons
        );
        let reason = &record.reasons[0];
        assert!(reason.contains(case.reason), "{}: {reason}", case.what);
        table.push_str(&format!(
            "| {} | {} |\n",
            case.what,
            reason.replace('|', "\\|")
        ));
    }
    println!("{table}");
    print_report(&report);
}

fn print_report(report: &Report) {
    println!("{}", report.table());
}

/// `Response::json` needs reqwest's `json` feature; the bytes parsed here need nothing more.
trait JsonBytes {
    async fn json_bytes(self) -> Value;
}

impl JsonBytes for reqwest::Response {
    async fn json_bytes(self) -> Value {
        let bytes = self.bytes().await.expect("a whole answer");
        serde_json::from_slice(&bytes).expect("the answer is JSON")
    }
}
