//! Operations the crate leaves out are named, never dropped in silence: those
//! the config's `exclude` prefixes name (the whole-API config leaves out
//! Stripe's `/v2/` paths), and those whose HTTP method the client does not
//! send (the 2020 spec's `PUT /v1/account/logout`). Both are listed in
//! `Model::skipped` and in the warning `cargo xtask codegen`, `ir` and `diff`
//! print.

use generator::ir::{Model, SkipReason};
use workspace_tests::model_of_str;

const SPEC: &str = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
  "servers": [{"url": "https://api.example.com/"}],
  "paths": {
    "/v1/account/logout": {
      "put": {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/thing"}}}}}},
      "patch": {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/thing"}}}}}}},
    "/v1/things": {"get": {"responses": {"200": {"description": "ok", "content": {
      "application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}}}}},
    "/v2/core/things": {
      "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/thing"}}}}}},
      "post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object",
        "properties": {"name": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/thing"}}}}}}}
  },
  "components": {"schemas": {
    "thing": {"type": "object", "properties": {"id": {"type": "string"}}}
  }}}"##;

fn config(rest: &str) -> String {
    format!("crate: {{name: x, version: 0.1.0, description: d}}\n{rest}")
}

fn skipped(model: &Model) -> Vec<(String, SkipReason)> {
    model
        .skipped
        .iter()
        .map(|s| (s.operation.clone(), s.reason.clone()))
        .collect()
}

#[test]
fn unsupported_methods_are_listed_on_every_run() {
    let model = model_of_str(SPEC, &config("operations: [GET /v1/things]\n")).unwrap();
    assert_eq!(model.operations.len(), 1);
    assert_eq!(
        skipped(&model),
        [
            (
                "PATCH /v1/account/logout".to_owned(),
                SkipReason::UnsupportedMethod
            ),
            (
                "PUT /v1/account/logout".to_owned(),
                SkipReason::UnsupportedMethod
            ),
        ]
    );
    let warning = model.skipped_warning().expect("a warning");
    assert!(
        warning.starts_with("warning: 2 operation(s) of the spec are not in the crate")
            && warning.contains("2 HTTP method not supported")
            && warning.contains("\n    PUT /v1/account/logout"),
        "{warning}"
    );
}

#[test]
fn excluded_prefixes_are_listed_with_the_prefix() {
    let model = model_of_str(SPEC, &config("operations: all\nexclude: [/v2/, /v3/]\n"))
        .unwrap_or_else(|e| panic!("the v2 paths are left out before conversion: {e}"));
    let ops: Vec<_> = model.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(ops, ["/v1/things"]);
    let v2 = SkipReason::Excluded {
        prefix: "/v2/".to_owned(),
    };
    assert_eq!(
        skipped(&model),
        [
            (
                "PATCH /v1/account/logout".to_owned(),
                SkipReason::UnsupportedMethod
            ),
            (
                "PUT /v1/account/logout".to_owned(),
                SkipReason::UnsupportedMethod
            ),
            ("GET /v2/core/things".to_owned(), v2.clone()),
            ("POST /v2/core/things".to_owned(), v2),
        ]
    );
    let warning = model.skipped_warning().expect("a warning");
    assert!(
        warning.contains(
            "2 excluded by the config (`/v2/`):\n    GET /v2/core/things\n    POST /v2/core/things"
        ),
        "{warning}"
    );
}

#[test]
fn without_exclude_the_v2_operations_are_modelled() {
    // Nothing is left out unless the config says so (or the client cannot
    // send its method); API v2 is modelled with its JSON body.
    let model = model_of_str(SPEC, &config("operations: all\n")).unwrap();
    let operations: Vec<String> = model
        .operations
        .iter()
        .map(|op| format!("{} {}", op.http_method.as_str(), op.path))
        .collect();
    assert_eq!(
        operations,
        [
            "GET /v1/things",
            "GET /v2/core/things",
            "POST /v2/core/things"
        ]
    );
    assert!(skipped(&model)
        .iter()
        .all(|(_, reason)| *reason == SkipReason::UnsupportedMethod));
    let post = &model.operations[2];
    assert_eq!(post.namespace.to_string(), "v2::core");
    assert_eq!(
        post.body.as_ref().map(|b| b.media),
        Some(generator::ir::BodyMedia::Json)
    );
}

#[test]
fn nothing_skipped_means_no_warning() {
    let spec = SPEC
        .replace("\"put\"", "\"get\"")
        .replace("\"patch\"", "\"delete\"");
    let model = model_of_str(&spec, &config("operations: [GET /v1/things]\n")).unwrap();
    assert!(model.skipped.is_empty());
    assert_eq!(model.skipped_warning(), None);
}

#[test]
fn selecting_an_unsupported_method_is_a_config_error() {
    let err = model_of_str(SPEC, &config("operations: [PUT /v1/account/logout]\n")).unwrap_err();
    assert!(
        err.to_string()
            .contains("PUT /v1/account/logout: the client sends only GET, POST and DELETE"),
        "{err}"
    );
}

#[test]
fn the_changelog_names_what_each_side_leaves_out() {
    let config = config("operations: all\nexclude: [\"/v2/\"]\n");
    let old = model_of_str(SPEC, &config).unwrap();
    let new = model_of_str(
        &SPEC.replace("\"version\": \"1\"", "\"version\": \"2\""),
        &config,
    )
    .unwrap();
    let diff = generator::diff::diff(&old, &new);
    assert_eq!(diff.warnings.len(), 2, "{:?}", diff.warnings);
    assert!(
        diff.warnings[0].starts_with("`1`: warning: 4 operation(s)"),
        "{:?}",
        diff.warnings
    );
    assert!(
        diff.warnings[1].starts_with("`2`: warning: 4 operation(s)"),
        "{:?}",
        diff.warnings
    );
    assert!(
        diff.warnings[1].contains("POST /v2/core/things"),
        "{:?}",
        diff.warnings
    );
    // Nothing left out, nothing said.
    let only = config_of_things();
    let quiet = generator::diff::diff(
        &model_of_str(SPEC, &only).unwrap(),
        &model_of_str(SPEC, &only).unwrap(),
    );
    assert!(
        quiet.warnings.iter().all(|w| !w.contains("/v2/")),
        "{:?}",
        quiet.warnings
    );
}

fn config_of_things() -> String {
    config("operations: [GET /v1/things]\n")
}
