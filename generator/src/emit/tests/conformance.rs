//! The conformance exerciser (`examples/conformance.rs`) on the fixture model.

use super::fixture::*;
use crate::emit::conformance::{exerciser_file, FILE};
use crate::ir::{Field, HttpMethod, ParamSet, TypeRef, Usage};

fn exerciser(model: &crate::ir::Model) -> String {
    let templates = scratch_templates("conformance");
    let file = exerciser_file(model, &options(&templates));
    let _ = std::fs::remove_dir_all(&templates);
    let file = file.unwrap();
    assert_eq!(file.path, std::path::Path::new(FILE));
    file.contents
}

/// The body of generated `fn call_<n>`.
fn call(source: &str, n: usize) -> &str {
    item(source, &format!("fn call_{n}("))
}

#[test]
fn every_operation_is_called_required_only_then_filled() {
    let model = model();
    let source = exerciser(&model);
    syn::parse_file(&source).expect("the exerciser parses");
    let calls = source.matches("\nfn call_").count();
    assert!(calls >= 2 * model.operations.len(), "{calls} calls");
    assert_contains(
        &source,
        &format!("const OPERATIONS: usize = {}usize;", model.operations.len()),
    );
    // `POST /v1/tokens` first: only what is required, then everything.
    let required = call(&source, 0);
    assert_contains(required, "variant: \"required\"");
    assert_lacks(required, ".expand(");
    let filled = call(&source, 1);
    assert_contains(filled, "variant: \"filled 1\"");
    assert_contains(filled, ".customer(\"conformance\")");
    // Two keys per map, and `expand` names the response's expandable field.
    assert_contains(
        filled,
        "(\"key_a\", \"conformance\"), (\"key_b\", \"conformance\")",
    );
    assert_contains(filled, ".expand([\"customer\", \"customer\"])");
    // The clearable `metadata` is set in one filled call and cleared in the next.
    let cleared = call(&source, 2);
    assert_contains(cleared, "variant: \"filled 2\"");
    assert_contains(cleared, ".clear_metadata()");
}

#[test]
fn union_alternatives_are_used_in_turn() {
    let source = exerciser(&model());
    let total = source
        .split("const UNION_ALTERNATIVES: usize = ")
        .nth(1)
        .and_then(|rest| rest.split("usize").next())
        .unwrap();
    let used = source
        .split("const UNION_ALTERNATIVES_USED: usize = ")
        .nth(1)
        .and_then(|rest| rest.split("usize").next())
        .unwrap();
    assert!(total.parse::<usize>().unwrap() >= 2, "{total}");
    assert_eq!(used, total);
}

#[test]
fn a_request_type_holding_itself_is_filled_once_then_only_as_required() {
    let node = id("#/paths/~1v1~1nodes/post/requestBody");
    let mut model = model_of(vec![def(
        node.clone(),
        "CreateNode",
        "params/create_node",
        Usage::Request,
        strukt(
            vec![
                field("name", TypeRef::String, true, false),
                Field {
                    boxed: true,
                    ..field("child", named(&node), false, false)
                },
            ],
            None,
        ),
    )]);
    let mut op = operation(
        "PostNodes",
        "create",
        HttpMethod::Post,
        "/v1/nodes",
        TypeRef::Json,
    );
    op.body = Some(crate::ir::RequestBody {
        media: crate::ir::BodyMedia::Form,
        required: false,
        params: ParamSet {
            ty: node,
            name: "CreateNode".to_owned(),
            styles: Default::default(),
        },
    });
    model.operations.push(op);
    let source = exerciser(&model);
    let filled = call(&source, 1);
    assert_eq!(filled.matches("CreateNode::new(").count(), 2, "{filled}");
}

#[test]
fn decimals_are_sent_as_parsed_plain_text_and_cleared() {
    let model = super::api::with_decimals(serde_json::json!("1"));
    let source = exerciser(&model);
    syn::parse_file(&source).expect("the exerciser parses");
    // Compared without whitespace and trailing commas: prettyplease breaks these lines.
    let flat = |s: &str| {
        s.split_whitespace()
            .collect::<String>()
            .replace(",)", ")")
            .replace(",]", "]")
    };
    let decimal = flat("\"12.50\".parse::<stripe_client::Decimal>().expect(\"a plain decimal\")");
    let set = flat(call(&source, 1));
    assert_contains(&set, &format!(".unit_amount_decimal({decimal})"));
    assert_contains(&set, &format!(".tiers([{decimal},{decimal}])"));
    assert_contains(call(&source, 2), ".clear_unit_amount_decimal()");
}
