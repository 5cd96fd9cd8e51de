//! One minimised reproducer of each class of input `cargo xtask fuzz` found
//! making the generator panic, overflow its stack or hang. Each must now be
//! a typed error naming where (snapshotted), in bounded time.

use workspace_tests::model_of_str;

const CONFIG: &str =
    "crate: {name: x, version: 0.1.0, description: d}\noperations: [POST /v1/things]\n";

/// A one-operation spec whose 200 response is `#/components/schemas/thing`,
/// with `components` (YAML, indented four spaces) as the component schemas.
fn spec(components: &str) -> String {
    format!(
        "openapi: 3.0.0
info:
  title: t
  version: '1'
paths:
  /v1/things:
    post:
      operationId: PostThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/thing'
components:
  schemas:
{components}"
    )
}

fn error(spec: &str) -> generator::Error {
    match model_of_str(spec, CONFIG) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn message(spec: &str) -> String {
    error(spec).to_string()
}

#[test]
fn empty_any_of() {
    insta::assert_snapshot!(message(&spec("    thing:\n      anyOf: []\n")));
}

#[test]
fn empty_one_of() {
    insta::assert_snapshot!(message(&spec("    thing:\n      oneOf: []\n")));
}

#[test]
fn empty_all_of() {
    insta::assert_snapshot!(message(&spec("    thing:\n      allOf: []\n")));
}

#[test]
fn duplicate_key_in_a_schema() {
    let spec = spec(
        "    thing:\n      type: object\n      description: one\n      description: two\n      properties:\n        id:\n          type: string\n",
    );
    insta::assert_snapshot!(message(&spec));
}

#[test]
fn duplicate_key_in_flow_style() {
    let spec =
        spec("    thing: {type: object, properties: {id: {type: string}, id: {type: integer}}}\n");
    insta::assert_snapshot!(message(&spec));
}

#[test]
fn value_json_cannot_hold() {
    let spec = spec("    thing:\n      type: string\n      maxLength: .nan\n");
    insta::assert_snapshot!(message(&spec));
}

#[test]
fn component_that_refers_to_itself() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      $ref: '#/components/schemas/thing'\n"
    )));
}

#[test]
fn all_of_that_refers_to_itself() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      allOf:\n        - $ref: '#/components/schemas/thing'\n"
    )));
}

#[test]
fn all_of_then_any_of_back() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      allOf:\n        - $ref: '#/components/schemas/other'\n    other:\n      anyOf:\n        - type: string\n        - $ref: '#/components/schemas/thing'\n"
    )));
}

#[test]
fn array_of_itself() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      type: array\n      items:\n        $ref: '#/components/schemas/thing'\n"
    )));
}

/// `thing` → `link1` → … → `link{n}`, each an object whose one property
/// refers to the next.
fn chain(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let name = if i == 0 {
            "thing".to_owned()
        } else {
            format!("link{i}")
        };
        out.push_str(&format!(
            "    {name}:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/link{}'\n",
            i + 1
        ));
    }
    out.push_str(&format!(
        "    link{n}:\n      type: object\n      properties:\n        id:\n          type: string\n"
    ));
    out
}

#[test]
fn chain_of_ten_thousand_objects() {
    insta::assert_snapshot!(message(&spec(&chain(10_000))));
}

/// Just under the depth limit converts, on a test thread's 2 MiB stack in
/// a debug build: the limit is what keeps the stack safe.
#[test]
fn chain_just_under_the_limit_converts() {
    let links = generator::model::MAX_SCHEMA_DEPTH - 2;
    let model = model_of_str(&spec(&chain(links)), CONFIG).expect("a chain under the limit");
    assert_eq!(model.types.iter().count(), links + 1);
}

#[test]
fn flow_yaml_nested_twenty_thousand_deep() {
    let deep = format!(
        "    thing: {{type: object, x-deep: {}1{}}}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    insta::assert_snapshot!(message(&spec(&deep)));
}

#[test]
fn property_named_with_an_emoji() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      type: object\n      properties:\n        \"\u{1F600}\":\n          type: string\n"
    )));
}

#[test]
fn component_named_with_an_emoji() {
    let spec = spec("    thing:\n      $ref: '#/components/schemas/\u{1F600}'\n    \"\u{1F600}\":\n      type: object\n      properties:\n        id:\n          type: string\n");
    insta::assert_snapshot!(message(&spec));
}

#[test]
fn chain_of_array_components() {
    let mut components = String::new();
    for i in 0..100 {
        let name = if i == 0 {
            "thing".to_owned()
        } else {
            format!("list{i}")
        };
        components.push_str(&format!(
            "    {name}:\n      type: array\n      items:\n        $ref: '#/components/schemas/list{}'\n",
            i + 1
        ));
    }
    components.push_str("    list100:\n      type: string\n");
    insta::assert_snapshot!(message(&spec(&components)));
}

#[test]
fn enum_value_listed_twice() {
    insta::assert_snapshot!(message(&spec(
        "    thing:\n      type: string\n      enum:\n        - active\n        - closed\n        - active\n"
    )));
}

#[test]
fn query_parameter_named_with_an_emoji() {
    let spec = spec("    thing:\n      type: object\n      properties:\n        id:\n          type: string\n").replace(
        "      operationId: PostThings\n",
        "      operationId: PostThings\n      parameters:\n        - in: query\n          name: \"\u{1F600}\"\n          schema:\n            type: string\n",
    );
    insta::assert_snapshot!(message(&spec));
}

/// `thing` → `alias1` → … → `alias{n}`, each component only a `$ref` to the next; `alias{n}` is
/// `end` (YAML, indented six spaces).
fn alias_chain(n: usize, end: &str) -> String {
    let mut out = String::from("    thing:\n      $ref: '#/components/schemas/alias1'\n");
    for i in 1..n {
        out.push_str(&format!(
            "    alias{i}:\n      $ref: '#/components/schemas/alias{}'\n",
            i + 1
        ));
    }
    out.push_str(&format!("    alias{n}:\n{end}"));
    out
}

/// A chain of 20,000 aliases, with a property referring into it at every 100th link, resolves to
/// the one object it ends at: each reference is resolved once (it took quadratic time in the
/// chain's length, 5.6 s for 40,000 in release; BENCHMARKS.md).
#[test]
fn long_alias_chain_resolves_to_its_end() {
    const LINKS: usize = 20_000;
    let mut end = String::from(
        "      type: object\n      properties:\n        id:\n          type: string\n",
    );
    for i in (1..LINKS).step_by(100) {
        end.push_str(&format!(
            "        via{i}:\n          $ref: '#/components/schemas/alias{i}'\n"
        ));
    }
    let model = model_of_str(&spec(&alias_chain(LINKS, &end)), CONFIG).expect("a long chain");
    let ids: Vec<&str> = model.types.iter().map(|t| t.id.0.as_str()).collect();
    let end_id = format!("#/components/schemas/alias{LINKS}");
    assert_eq!(
        ids,
        [end_id.as_str()],
        "the chain's end is the one type; no alias gets a type of its own"
    );
    // Every property referring into the chain has that type.
    let yaml = serde_yaml::to_string(&model.types).expect("the type space as YAML");
    assert_eq!(
        yaml.matches(&format!("ty: '{end_id}'")).count(),
        LINKS / 100,
        "{yaml}"
    );
}

/// The same chain, its last link back to the first alias: a cycle, reported as one typed error
/// that names the chain from its start (the reference that entered it), not a hang.
#[test]
fn long_alias_chain_ending_in_a_cycle_is_a_ref_cycle_from_its_start() {
    const LINKS: usize = 20_000;
    let spec = spec(&alias_chain(
        LINKS,
        "      $ref: '#/components/schemas/alias1'\n",
    ));
    match error(&spec) {
        generator::Error::RefCycle { chain, location } => {
            assert_eq!(chain.first().map(String::as_str), Some("thing"));
            assert_eq!(chain.last().map(String::as_str), Some("alias1"));
            assert_eq!(chain.len(), LINKS + 2, "every link, and alias1 again");
            assert!(location.pointer.starts_with('#'), "{}", location.pointer);
        }
        other => panic!("expected RefCycle, got {} ({other})", other.kind()),
    }
}
