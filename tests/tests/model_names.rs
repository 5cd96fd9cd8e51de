//! Name clashes that have a rule never stop generation (ARCHITECTURE.md,
//! "Name clashes"): singular and plural resources, an inline shape named like
//! a component, a component added under a name an inline shape had, and
//! operations whose derived methods coincide. Each on a small spec of our
//! own, written as JSON (the loader reads JSON as it reads YAML); the same
//! spec always gives the same names.

use std::collections::BTreeMap;

use generator::ir::{Model, Operation};
use workspace_tests::model_of_str;

/// A spec with the given operations (`(path, method, component answered)`)
/// and component schemas (JSON object members). Each POST takes a form body
/// with one string field of its own (`field_<n>`, its index), so that no two
/// bodies are merged as identical shapes.
fn spec(paths: &[(&str, &str, &str)], components: &str) -> String {
    let mut by_path: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (n, (path, method, answers)) in paths.iter().enumerate() {
        let params: Vec<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .map(|p| {
                format!(
                    r#"{{"name": "{p}", "in": "path", "required": true, "schema": {{"type": "string"}}}}"#
                )
            })
            .collect();
        let body = if *method == "post" {
            format!(
                r#""requestBody": {{"content": {{"application/x-www-form-urlencoded": {{"schema": {{"type": "object", "properties": {{"field_{n}": {{"type": "string"}}}}}}}}}}}},"#
            )
        } else {
            String::new()
        };
        by_path.entry(path).or_default().push(format!(
            r##""{method}": {{"parameters": [{}], {body} "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{answers}"}}}}}}}}}}}}"##,
            params.join(", ")
        ));
    }
    let paths: Vec<String> = by_path
        .iter()
        .map(|(path, ops)| format!(r#""{path}": {{{}}}"#, ops.join(", ")))
        .collect();
    format!(
        r#"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
  "servers": [{{"url": "https://api.example.com/"}}],
  "paths": {{{}}},
  "components": {{"schemas": {{{components}}}}}}}"#,
        paths.join(", ")
    )
}

fn config(operations: &str) -> String {
    format!("crate: {{name: x, version: 0.1.0, description: d}}\noperations: {operations}\n")
}

const ACCOUNT: &str = r#""account": {"type": "object", "properties": {"id": {"type": "string"}}}"#;

fn op<'m>(model: &'m Model, method: &str, path: &str) -> &'m Operation {
    model
        .operations
        .iter()
        .find(|o| o.http_method.as_str() == method && o.path == path)
        .unwrap_or_else(|| panic!("{method} {path} is in the model"))
}

/// `(group, method, body type name)` of an operation.
fn names(model: &Model, method: &str, path: &str) -> (String, String, Option<String>) {
    let op = op(model, method, path);
    let body = op
        .body
        .as_ref()
        .and_then(|b| model.types.get(&b.params.ty))
        .map(|d| d.name.clone());
    (op.group.clone(), op.method_name.clone(), body)
}

fn name_of(model: &Model, pointer: &str) -> String {
    model
        .types
        .iter()
        .find(|d| d.id.as_str() == pointer)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| panic!("{pointer} is in the type space"))
}

fn own(group: &str, method: &str, body: Option<&str>) -> (String, String, Option<String>) {
    (group.into(), method.into(), body.map(str::to_owned))
}

#[test]
fn singular_and_plural_resources_both_generate() {
    let paths = [
        ("/v1/account", "post", "account"),
        ("/v1/accounts", "post", "account"),
        ("/v1/accounts/{account}", "post", "account"),
    ];
    let text = spec(&paths, ACCOUNT);
    let model = model_of_str(&text, &config("all")).expect("the clash is settled");
    // Both want `CreateAccount`: the earlier path keeps it; the later one is
    // qualified by the segment that tells them apart, as written.
    assert_eq!(
        names(&model, "POST", "/v1/account"),
        own("account", "create", Some("CreateAccount"))
    );
    assert_eq!(
        names(&model, "POST", "/v1/accounts"),
        own("accounts", "create", Some("CreateAccounts"))
    );
    assert_eq!(
        names(&model, "POST", "/v1/accounts/{account}"),
        own("accounts", "update", Some("UpdateAccount"))
    );
    // Same spec, same names; and the selection renames nothing.
    assert_eq!(model, model_of_str(&text, &config("all")).unwrap());
    let alone = model_of_str(&text, &config("[POST /v1/accounts]")).unwrap();
    assert_eq!(
        names(&alone, "POST", "/v1/accounts"),
        names(&model, "POST", "/v1/accounts")
    );
}

#[test]
fn operations_whose_methods_coincide_are_told_apart_by_their_path() {
    let paths = [
        ("/v1/things/items", "post", "account"),
        ("/v1/things/{thing}/items", "post", "account"),
    ];
    let model = model_of_str(&spec(&paths, ACCOUNT), &config("all")).expect("settled");
    // Both derive the action `things().items` (types `ItemsThing`): the
    // later path gains the segment where it differs, braces dropped.
    assert_eq!(
        names(&model, "POST", "/v1/things/items"),
        own("things", "items", Some("ItemsThing"))
    );
    assert_eq!(
        names(&model, "POST", "/v1/things/{thing}/items"),
        own("things", "items_thing", Some("ItemsThingThing"))
    );
}

/// `thing` holds an inline object at `detail` (derived name `ThingDetail`)
/// and, when `with_component`, a `$ref` to a component `thing_detail`.
fn detail_spec(with_component: bool) -> String {
    let (extra, component) = if with_component {
        (
            r##", "other": {"$ref": "#/components/schemas/thing_detail"}"##,
            r#", "thing_detail": {"type": "object", "properties": {"id": {"type": "string"}}}"#,
        )
    } else {
        ("", "")
    };
    let components = format!(
        r#""thing": {{"type": "object", "properties": {{"detail": {{"type": "object", "properties": {{"size": {{"type": "integer"}}}}}}{extra}}}}}{component}"#
    );
    spec(&[("/v1/things", "post", "thing")], &components)
}

#[test]
fn an_inline_shape_named_like_a_component_is_qualified() {
    let inline = "#/components/schemas/thing/properties/detail";
    let model = model_of_str(&detail_spec(true), &config("all")).expect("settled");
    assert_eq!(
        name_of(&model, "#/components/schemas/thing_detail"),
        "ThingDetail"
    );
    assert_eq!(name_of(&model, inline), "ThingDetailInline");
}

#[test]
fn a_component_added_under_an_inline_shapes_name_takes_it() {
    // The older spec has only the inline shape: it is `ThingDetail`. The
    // newer one adds a component of that name, which takes the name.
    let inline = "#/components/schemas/thing/properties/detail";
    let old = model_of_str(&detail_spec(false), &config("all")).expect("old builds");
    assert_eq!(name_of(&old, inline), "ThingDetail");
    let new = model_of_str(&detail_spec(true), &config("all")).expect("new builds");
    assert_eq!(name_of(&new, inline), "ThingDetailInline");
}

#[test]
fn clashes_without_a_rule_are_all_listed() {
    // Two pairs of components whose names differ only in case: no rule
    // picks one, so both clashes are reported (the config's `rename` settles them).
    let components = r##""thing": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Thing"}, "b": {"$ref": "#/components/schemas/other"}, "c": {"$ref": "#/components/schemas/Other"}}},
        "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
        "other": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Other": {"type": "object", "properties": {"id": {"type": "string"}}}"##;
    let text = spec(&[("/v1/things", "post", "thing")], components);
    let err = model_of_str(&text, &config("all")).expect_err("no rule applies");
    let generator::Error::NameCollision { clashes } = &err else {
        panic!("expected a name collision, got {err}");
    };
    let wanted: Vec<&str> = clashes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(wanted, ["Other", "Thing"]);
    let renamed = config("all") + "rename: {Thing: BigThing, Other: BigOther}\n";
    model_of_str(&text, &renamed).expect("renames settle both");
}

#[test]
fn a_parameter_name_held_by_a_component_is_qualified() {
    // `POST /v1/accounts` names its body `CreateAccount`, which a component
    // (answered by another operation) holds: the operation's name for its
    // parameters is qualified, and names the struct (no alias is needed).
    let components = format!(
        r#"{ACCOUNT}, "create_account": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}}"#
    );
    let paths = [
        ("/v1/accounts", "post", "account"),
        ("/v1/things", "get", "create_account"),
    ];
    let text = spec(&paths, &components);
    let model = model_of_str(&text, &config("all")).expect("the clash is settled");
    let body = op(&model, "POST", "/v1/accounts").body.as_ref().unwrap();
    assert_eq!(body.params.name, "CreateAccountInline");
    assert_eq!(
        model.types.get(&body.params.ty).unwrap().name,
        "CreateAccountInline"
    );
}

#[test]
fn the_config_names_a_method_and_its_types_follow() {
    let paths = [
        ("/v1/things/{thing}", "delete", "account"),
        ("/v1/things/{thing}", "get", "account"),
    ];
    let text = spec(&paths, ACCOUNT);
    let renamed = config("all") + "method_names: {\"DELETE /v1/things/{thing}\": cancel}\n";
    let model = model_of_str(&text, &renamed).expect("renamed");
    let cancel = op(&model, "DELETE", "/v1/things/{thing}");
    assert_eq!(
        (cancel.group.as_str(), cancel.method_name.as_str()),
        ("things", "cancel")
    );
    assert_eq!(
        op(&model, "GET", "/v1/things/{thing}").method_name,
        "retrieve"
    );
    // A method the group already has is settled by the one rule: the later
    // claimant (GET sorts before DELETE) is qualified by its HTTP method and path.
    let taken = config("all") + "method_names: {\"DELETE /v1/things/{thing}\": retrieve}\n";
    let model = model_of_str(&text, &taken).expect("settled");
    assert_eq!(
        op(&model, "GET", "/v1/things/{thing}").method_name,
        "retrieve"
    );
    assert_eq!(
        op(&model, "DELETE", "/v1/things/{thing}").method_name,
        "delete_things_thing"
    );
    // A key naming no operation, or a name that is not an identifier, is an error.
    let missing = config("all") + "method_names: {\"DELETE /v1/nothing\": cancel}\n";
    let err = model_of_str(&text, &missing).expect_err("no such operation");
    assert!(err.to_string().contains("DELETE /v1/nothing"), "{err}");
    let bad = config("all") + "method_names: {\"DELETE /v1/things/{thing}\": Cancel-It}\n";
    let err = model_of_str(&text, &bad).expect_err("not an identifier");
    assert!(err.to_string().contains("Cancel-It"), "{err}");
}
