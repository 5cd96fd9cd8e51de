//! Merged shapes keep every member's own name (ARCHITECTURE.md, "Merged
//! shapes"): one member is the emitted item, the others `pub type` aliases,
//! so a newer spec that adds an identical shape (with a shorter name, which
//! makes it the item) renames nothing. On small specs of our own.

use std::collections::BTreeSet;

use generator::ir::Model;
use workspace_tests::model_of_str;

/// A spec whose `thing` has one `status` enum per property in `props`, all
/// with the same values, and a create operation whose body has `mode` with
/// the same values.
fn spec(props: &[&str]) -> String {
    let enum_schema = r#"{"type": "string", "enum": ["active", "inactive"]}"#;
    let fields: Vec<String> = props
        .iter()
        .map(|p| format!(r#""{p}": {enum_schema}"#))
        .collect();
    format!(
        r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
  "servers": [{{"url": "https://api.example.com/"}}],
  "paths": {{"/v1/things": {{"post": {{
    "requestBody": {{"content": {{"application/x-www-form-urlencoded": {{"schema": {{
      "type": "object", "properties": {{"mode": {enum_schema}}}}}}}}}}},
    "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{
      "schema": {{"$ref": "#/components/schemas/thing"}}}}}}}}}}}}}}}},
  "components": {{"schemas": {{"thing": {{"type": "object", "properties": {{{}}}}}}}}}}}"##,
        fields.join(", ")
    )
}

const CONFIG: &str = "crate: {name: x, version: 0.1.0, description: d}\noperations: all\n";

/// Every type name of the model: items and aliases.
fn names(model: &Model) -> BTreeSet<String> {
    model
        .types
        .iter()
        .flat_map(|def| def.names().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// The one enum of the model: its item name and its aliases' names.
fn the_enum(model: &Model) -> (String, Vec<String>) {
    let def = model
        .types
        .iter()
        .find(|d| matches!(d.kind, generator::ir::TypeKind::Enum(_)))
        .expect("one merged enum");
    (
        def.name.clone(),
        def.aliases.iter().map(|a| a.name.clone()).collect(),
    )
}

#[test]
fn every_member_keeps_its_own_name() {
    let model = model_of_str(&spec(&["billing_status", "payout_status"]), CONFIG).unwrap();
    let enums = model
        .types
        .iter()
        .filter(|d| matches!(d.kind, generator::ir::TypeKind::Enum(_)))
        .count();
    assert_eq!(enums, 1, "three identical enums are one type");
    // The shortest own name is the item; the others are aliases of it.
    assert_eq!(
        the_enum(&model),
        (
            "CreateThingMode".to_owned(),
            vec![
                "ThingBillingStatus".to_owned(),
                "ThingPayoutStatus".to_owned()
            ]
        )
    );
}

#[test]
fn a_new_identical_shape_renames_nothing() {
    let before = model_of_str(&spec(&["billing_status", "payout_status"]), CONFIG).unwrap();
    // A newer spec adds `s`, whose own name `ThingS` is the shortest: it
    // becomes the item, and every name of the older crate stays.
    let after = model_of_str(&spec(&["billing_status", "payout_status", "s"]), CONFIG).unwrap();
    assert_eq!(the_enum(&after).0, "ThingS");
    let (before, after) = (names(&before), names(&after));
    assert!(
        before.is_subset(&after),
        "names gone: {:?}",
        before.difference(&after).collect::<Vec<_>>()
    );
    // And the changelog reports no rename.
    let old = model_of_str(&spec(&["billing_status", "payout_status"]), CONFIG).unwrap();
    let new = model_of_str(&spec(&["billing_status", "payout_status", "s"]), CONFIG).unwrap();
    let diff = generator::diff::diff(&old, &new);
    assert!(
        !diff
            .changes
            .iter()
            .any(|c| c.kind == generator::diff::ChangeKind::TypeRenamed),
        "{}",
        diff.markdown()
    );
}

#[test]
fn aliases_are_emitted_beside_the_item_and_re_exported() {
    let dir = workspace_tests::root().join("target/merged-names-input");
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    std::fs::write(
        dir.join("spec.json"),
        spec(&["billing_status", "payout_status"]),
    )
    .expect("spec written");
    std::fs::write(dir.join("config.yaml"), CONFIG).expect("config written");
    let files = generator::pipeline::generate(
        &dir.join("spec.json"),
        &dir.join("config.yaml"),
        &workspace_tests::root().join("templates"),
        &dir,
    )
    .unwrap_or_else(|e| panic!("the crate emits: {e}"));
    let module = files
        .iter()
        .find(|f| f.path.ends_with("params/create_thing.rs"))
        .expect("the item's module");
    for alias in ["ThingBillingStatus", "ThingPayoutStatus"] {
        assert!(
            module
                .contents
                .contains(&format!("pub type {alias} = CreateThingMode;")),
            "{alias} in:\n{}",
            module.contents
        );
    }
    // Each field names its own place's alias, so docs show the place's name.
    let thing = files
        .iter()
        .find(|f| f.path.ends_with("resources/thing.rs"))
        .expect("the thing module");
    for (field, alias) in [
        ("billing_status", "ThingBillingStatus"),
        ("payout_status", "ThingPayoutStatus"),
    ] {
        let declared = thing
            .contents
            .lines()
            .skip_while(|l| !l.contains(&format!("pub {field}:")))
            .take(3)
            .collect::<String>();
        assert!(
            declared.contains(&format!("crate::params::{alias}")),
            "`{field}` names `{alias}`: {declared}"
        );
    }
    let lib = files
        .iter()
        .find(|f| f.path.ends_with("src/lib.rs"))
        .expect("lib.rs");
    assert!(
        lib.contents.contains("ThingBillingStatus"),
        "the group module re-exports the aliases it reaches:\n{}",
        lib.contents
    );
}
