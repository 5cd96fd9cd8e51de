use super::*;
use crate::config::Config;
use crate::load::Spec;

/// A spec: `POST /v1/things` with a form body of `body` (YAML properties at
/// 14 spaces), answered with `thing` of properties `thing` (at 8 spaces) and
/// required list `required`, plus `extra_paths` (at 2 spaces).
fn spec(version: &str, body: &str, thing: &str, required: &str, extra_paths: &str) -> String {
    format!(
        "openapi: 3.0.0
info: {{title: t, version: '{version}'}}
servers: [{{url: 'https://api.example.com/'}}]
paths:
  /v1/things:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
{body}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/thing'}}
{extra_paths}
components:
  schemas:
    thing:
      type: object
      required: [{required}]
      properties:
{thing}
"
    )
}

const BODY: &str = "                name: {type: string}\n                size: {type: integer}";
const THING: &str = "        id: {type: string}\n        size: {type: integer}\n        kind: {type: string, enum: [small, large]}\n        owner:\n          anyOf:\n            - {type: string}\n            - {type: integer}";

fn model(text: &str) -> Model {
    let spec = Spec::from_str(text.to_owned(), "t.yaml").expect("spec parses");
    let config = Config::from_str(
        "crate: {name: x, version: 0.1.0, description: d}\noperations: all\n",
        "t.config.yaml",
    )
    .expect("config parses");
    crate::model::build(&spec, &config).expect("model builds")
}

fn base() -> Model {
    model(&spec("1", BODY, THING, "id", ""))
}

/// `(kind, subject, detail, breaking)` of every change.
fn lines(new: &Model) -> Vec<(ChangeKind, String, String, bool)> {
    diff(&base(), new)
        .changes
        .into_iter()
        .map(|c| (c.kind, c.subject, c.detail, c.breaking))
        .collect()
}

fn line(
    kind: ChangeKind,
    subject: &str,
    detail: &str,
    breaking: bool,
) -> (ChangeKind, String, String, bool) {
    (kind, subject.to_owned(), detail.to_owned(), breaking)
}

#[test]
fn the_same_model_has_no_changes() {
    let d = diff(&base(), &base());
    assert!(d.changes.is_empty());
    assert_eq!(d.summary().total, 0);
}

#[test]
fn fields_added_and_removed() {
    let thing = THING.replace(
        "        size: {type: integer}\n",
        "        color: {type: string}\n",
    );
    let body = format!("{BODY}\n                note: {{type: string}}");
    assert_eq!(
        lines(&model(&spec("2", &body, &thing, "id", ""))),
        [
            // A new optional request field: `new` is unchanged.
            line(
                ChangeKind::FieldAdded,
                "CreateThing.note",
                "`String`, optional",
                false
            ),
            line(
                ChangeKind::FieldAdded,
                "Thing.color",
                "`String`, optional",
                false
            ),
            line(ChangeKind::FieldRemoved, "Thing.size", "`i64`", true),
        ]
    );
}

#[test]
fn required_and_nullable_changes_break_when_the_rust_type_changes() {
    // Request: optional -> required makes it an argument of `new`.
    let body = BODY.replace(
        "size: {type: integer}",
        "size: {type: integer}\n                rank: {type: integer}",
    );
    let required_body = body.clone();
    let old = model(&spec("1", &body, THING, "id", ""));
    let text = spec("2", &required_body, THING, "id, size", "").replace(
        "              properties:\n                name",
        "              required: [rank]\n              properties:\n                name",
    );
    let changes: Vec<_> = diff(&old, &model(&text))
        .changes
        .into_iter()
        .map(|c| (c.kind, c.subject, c.breaking))
        .collect();
    assert_eq!(
        changes,
        [
            (
                ChangeKind::OptionalToRequired,
                "CreateThing.rank".to_owned(),
                true
            ),
            // Response: `Option<i64>` -> `i64`.
            (
                ChangeKind::OptionalToRequired,
                "Thing.size".to_owned(),
                true
            ),
        ]
    );
    // Nullable on an optional response field: `Option<T>` -> `Option<Option<T>>`.
    let thing = THING.replace(
        "size: {type: integer}",
        "size: {type: integer, nullable: true}",
    );
    assert_eq!(
        lines(&model(&spec("2", BODY, &thing, "id", ""))),
        [line(
            ChangeKind::NullableAdded,
            "Thing.size",
            "`i64`, optional",
            true
        )]
    );
}

#[test]
fn enum_values_and_variants() {
    let thing = THING
        .replace("enum: [small, large]", "enum: [small, medium]")
        .replace(
            "- {type: integer}",
            "- {type: integer}\n            - {type: boolean}",
        );
    assert_eq!(
        lines(&model(&spec("2", BODY, &thing, "id", ""))),
        [
            // Enums are open: a new value breaks no code; a removed one does.
            line(ChangeKind::EnumValueAdded, "ThingKind", "`medium`", false),
            line(ChangeKind::EnumValueRemoved, "ThingKind", "`large`", true),
            line(
                ChangeKind::VariantAdded,
                "ThingOwner",
                "`Boolean` (`bool`)",
                false
            ),
        ]
    );
}

#[test]
fn type_changes_and_operations() {
    let thing = THING.replace("size: {type: integer}", "size: {type: string}");
    let extra = "  /v1/things/{thing}:\n    get:\n      parameters:\n        - {name: thing, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/thing'}";
    let new = model(&spec("2", BODY, &thing, "id", extra));
    assert_eq!(
        lines(&new),
        [
            line(
                ChangeKind::OperationAdded,
                "GET /v1/things/{thing}",
                "`things().retrieve`",
                false
            ),
            line(
                ChangeKind::TypeChanged,
                "Thing.size",
                "`i64` -> `String`",
                true
            ),
        ]
    );
    // And back: the operation is removed, which breaks.
    let back = diff(&new, &base());
    assert!(back
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::OperationRemoved && c.breaking));
    assert_eq!((back.from.as_str(), back.to.as_str()), ("2", "1"));
}

#[test]
fn renders_markdown_and_yaml() {
    let thing = THING.replace("enum: [small, large]", "enum: [small, large, huge]");
    let d = diff(&base(), &model(&spec("2", BODY, &thing, "id", "")));
    let md = d.markdown();
    assert!(
        md.starts_with("# Model changes `1` -> `2`\n\n1 changes, 0 of them breaking"),
        "{md}"
    );
    assert!(
        md.contains("| no | enum value added | `ThingKind` | `huge` | response |\n"),
        "{md}"
    );
    assert!(!d.markdown_summary().contains("ThingKind"));
    let yaml = d.yaml().expect("renders");
    assert!(yaml.contains("kind: enum_value_added"), "{yaml}");
    assert!(
        yaml.contains("enum_value_added:\n      changes: 1\n      breaking: 0"),
        "{yaml}"
    );
}

#[test]
fn a_body_shared_by_a_new_operation_keeps_its_name() {
    let others = "  /v1/others:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                name: {type: string}
                size: {type: integer}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}";
    let new = model(&spec("2", BODY, THING, "id", others));
    // Merging shares the body, named by what it holds; each operation keeps
    // its own name for it.
    let sets: Vec<(&str, &str)> = new
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .map(|b| {
            let shared = new.types.get(&b.params.ty).map_or("", |d| d.name.as_str());
            (b.params.name.as_str(), shared)
        })
        .collect();
    assert_eq!(
        sets,
        [
            ("CreateOther", "NameSizeParams"),
            ("CreateThing", "NameSizeParams")
        ]
    );
    // The older crate's `CreateThing` still names them: no rename.
    assert_eq!(
        lines(&new),
        [line(
            ChangeKind::OperationAdded,
            "POST /v1/others",
            "`others().create`",
            false
        )]
    );
}

#[test]
fn a_string_that_becomes_a_decimal_is_a_breaking_type_change() {
    // Stripe's `*_decimal` fields: `type: string` before, `format: decimal` now; in the request
    // body and in the response alike, code that passed or read a `String` stops compiling.
    let body = BODY.replace(
        "name: {type: string}",
        "name: {type: string, format: decimal}",
    );
    let thing = format!("{THING}\n        rate: {{type: string}}");
    let old = model(&spec("1", BODY, &thing, "id", ""));
    let new_thing = thing.replace(
        "rate: {type: string}",
        "rate: {type: string, format: decimal}",
    );
    let new = model(&spec("2", &body, &new_thing, "id", ""));
    let changes: Vec<_> = diff(&old, &new)
        .changes
        .into_iter()
        .map(|c| (c.kind, c.subject, c.detail, c.breaking))
        .collect();
    assert_eq!(
        changes,
        [
            line(
                ChangeKind::TypeChanged,
                "CreateThing.name",
                "`String` -> `Decimal`",
                true
            ),
            line(
                ChangeKind::TypeChanged,
                "Thing.rate",
                "`String` -> `Decimal`",
                true
            ),
        ]
    );
}
