//! Each generator error, from a small broken input, with its message
//! snapshotted: the message must say what is wrong and where.

use workspace_tests::model_of_str;

const CONFIG: &str =
    "crate: {name: x, version: 0.1.0, description: d}\noperations: [POST /v1/things]\n";

/// A one-operation spec whose 200 response is `schema` (YAML, indented to fit).
fn spec_with_response(schema: &str) -> String {
    format!(
        "openapi: 3.0.0
info:
  title: t
  version: '1'
servers:
  - url: 'https://api.example.com/'
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
{schema}
components:
  schemas:
    thing:
      type: object
      properties:
        id:
          type: string
"
    )
}

fn error(spec: &str, config: &str) -> String {
    match model_of_str(spec, config) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_yaml() {
    insta::assert_snapshot!(error(
        "openapi: 3.0.0\ninfo:\n  title: 'unterminated\n  version: 1\n",
        CONFIG
    ));
}

#[test]
fn document_of_the_wrong_shape() {
    insta::assert_snapshot!(error("openapi: 3.0.0\ninfo: [1, 2]\n", CONFIG));
}

#[test]
fn unresolved_ref() {
    let spec = spec_with_response("                $ref: '#/components/schemas/missing'");
    insta::assert_snapshot!(error(&spec, CONFIG));
}

#[test]
fn unsupported_construct() {
    let spec = spec_with_response("                not:\n                  type: string");
    insta::assert_snapshot!(error(&spec, CONFIG));
}

#[test]
fn field_name_collision() {
    let spec = spec_with_response(
        "                type: object\n                properties:\n                  card_id:\n                    type: string\n                  cardId:\n                    type: string",
    );
    insta::assert_snapshot!(error(&spec, CONFIG));
}

#[test]
fn type_name_collision() {
    let spec = spec_with_response("                $ref: '#/components/schemas/thing'")
        .replace("    thing:\n      type: object\n      properties:\n        id:\n          type: string\n",
            "    thing:\n      type: object\n      properties:\n        other:\n          $ref: '#/components/schemas/Thing'\n        client:\n          $ref: '#/components/schemas/client'\n    Thing:\n      type: object\n      properties:\n        id:\n          type: string\n    client:\n      type: object\n      properties:\n        id:\n          type: string\n");
    // Two clashes no rule settles (names differing only in case; a runtime
    // re-export): both are listed.
    insta::assert_snapshot!(error(&spec, CONFIG));
}

#[test]
fn operation_missing_from_spec() {
    let spec = spec_with_response("                $ref: '#/components/schemas/thing'");
    let config = CONFIG.replace("[POST /v1/things]", "['GET /v1/things/{thing}']");
    insta::assert_snapshot!(error(&spec, &config));
}

#[test]
fn enum_value_without_a_name() {
    let spec =
        spec_with_response("                type: string\n                enum: ['-', '+', '~']");
    insta::assert_snapshot!(error(&spec, CONFIG));
}

#[test]
fn default_response_that_is_not_json() {
    // The runtime decodes every error as Stripe's JSON envelope, so a
    // `default` response of another media type cannot be honoured.
    let spec = spec_with_response("                $ref: '#/components/schemas/thing'").replacen(
        "components:\n",
        "        default:
          description: failure
          content:
            text/plain:
              schema:
                type: string
components:
",
        1,
    );
    insta::assert_snapshot!(error(&spec, CONFIG));
}
