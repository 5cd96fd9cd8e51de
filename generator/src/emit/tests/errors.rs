//! Models the generator refuses (the model's checks, `model::settle`, or the
//! emitter's), each with a typed error naming the problem and where it is.

use super::fixture::*;
use crate::ir::*;

/// The error of emitting `model` (after `model::settle`, which the fixture's
/// `emit` runs: most of what is refused, the model refuses).
fn emit_err(model: &Model, test: &str) -> String {
    match emit(model, test) {
        Err(err) => err.to_string(),
        Ok(_) => panic!("expected an error"),
    }
}

/// The error of settling `model` (`model::settle`, run before emission).
fn settle_err(model: &Model) -> crate::Error {
    let mut model = model.clone();
    match crate::model::settle(&mut model) {
        Err(err) => err,
        Ok(()) => panic!("expected the model to refuse it"),
    }
}

#[test]
fn dangling_type_id() {
    let mut m = model();
    m.types.types.remove(&schema("customer"));
    let err = emit_err(&m, "err-dangling");
    assert!(
        err.contains("#/components/schemas/customer") && err.contains("not in the model"),
        "{err}"
    );
}

#[test]
fn tagged_union_in_a_request() {
    let mut m = model();
    m.types
        .types
        .get_mut(&schema("payment_source"))
        .unwrap()
        .usage = Usage::Both;
    let err = emit_err(&m, "err-tagged-request");
    assert!(
        err.contains("PaymentSource") && err.contains("tagged union"),
        "{err}"
    );
}

#[test]
fn request_type_referring_to_a_response_only_type() {
    let mut m = model();
    m.types.types.get_mut(&schema("address")).unwrap().usage = Usage::Response;
    let err = emit_err(&m, "err-usage");
    assert!(err.contains("Address") && err.contains("address"), "{err}");
}

#[test]
fn duplicate_type_names() {
    let mut m = model();
    m.types.types.get_mut(&schema("customer")).unwrap().name = "Card".to_owned();
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::NameCollision { .. }), "{err}");
    assert!(err.to_string().contains("`Card`"), "{err}");
}

#[test]
fn group_type_may_share_a_type_name() {
    // Groups are defined in `crate::api`; in the group's module the type of
    // the same name keeps it (one naming rule), the struct stays `api::Token`.
    let mut m = model();
    for op in m.operations.iter_mut().filter(|op| op.group == "tokens") {
        op.group_type = "Token".to_owned();
    }
    let files = emit(&m, "group-type").expect("emits");
    let find = |path: &str| {
        files
            .iter()
            .find(|f| f.path.ends_with(path))
            .unwrap()
            .contents
            .clone()
    };
    let api = find("src/api/tokens.rs");
    assert!(api.contains("pub struct Token<'a>"), "{api}");
    let lib = find("src/lib.rs");
    assert!(
        lib.contains("pub mod tokens {\n    pub use crate::params::{"),
        "{lib}"
    );
    assert!(
        lib.contains("pub use crate::resources::{Address, Token};"),
        "{lib}"
    );
    assert!(!lib.contains("pub use crate::api::Token;"), "{lib}");
}

#[test]
fn group_named_as_a_root_module_is_an_error() {
    for name in ["api", "resources", "form"] {
        let mut m = model();
        m.operations[0].group = name.to_owned();
        let err = settle_err(&m);
        assert!(matches!(err, crate::Error::NameCollision { .. }), "{err}");
        let err = err.to_string();
        assert!(
            err.contains(&format!("`{name}`")) && err.contains("a module of the crate root"),
            "{err}"
        );
    }
}

#[test]
fn bad_identifiers_and_modules() {
    let mut m = model();
    m.types.types.get_mut(&schema("customer")).unwrap().name = "Not A Name".to_owned();
    let err = emit_err(&m, "err-ident");
    assert!(err.contains("`Not A Name`"), "{err}");
    // A module is a folder the type names (`ir::ModuleFolder`) and a file
    // whose name the model checks, as it checks each group's.
    for file in ["a/b", "type", "Customer", ""] {
        let mut m = model();
        m.types.types.get_mut(&schema("customer")).unwrap().module =
            ModulePath::new(ModuleFolder::Resources, file);
        let err = settle_err(&m);
        assert!(matches!(err, crate::Error::InvalidModule { .. }), "{err}");
        assert!(err.to_string().contains(&format!("`{file}`")), "{err}");
        assert!(
            err.to_string().contains("#/components/schemas/customer"),
            "{err}"
        );
    }
    let mut m = model();
    m.operations[0].group = "bad-group".to_owned();
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::InvalidModule { .. }), "{err}");
}

#[test]
fn clashing_method_names() {
    let mut m = model();
    let pii = m
        .types
        .types
        .values_mut()
        .find(|d| d.name == "CreateTokenPii")
        .unwrap();
    if let TypeKind::Struct(s) = &mut pii.kind {
        s.fields.push(field("new", TypeRef::String, false, false));
    }
    // The builder's methods are named and checked by the model.
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::MethodClash { .. }), "{err}");
    let err = err.to_string();
    assert!(
        err.contains("`new`") && err.contains("CreateTokenPii"),
        "{err}"
    );
}

#[test]
fn enum_variant_named_like_the_fallback() {
    let e = def(
        schema("e"),
        "E",
        "resources/e",
        Usage::Response,
        enumeration(&[("unrecognized", "Unrecognized")]),
    );
    let err = emit_err(&model_of(vec![e]), "err-fallback");
    assert!(err.contains("Unrecognized"), "{err}");
}

#[test]
fn binary_data_in_a_response_type() {
    let mut m = model();
    let token = m
        .types
        .types
        .values_mut()
        .find(|d| d.name == "Token")
        .unwrap();
    if let TypeKind::Struct(s) = &mut token.kind {
        s.fields.push(field("file", TypeRef::Binary, false, false));
    }
    let err = emit_err(&m, "err-binary");
    assert!(err.contains("`file`") || err.contains("binary"), "{err}");
}

#[test]
fn with_variant_taken_by_another_operation() {
    // `retrieve` takes only optional parameters, so it also has
    // `retrieve_with`; another operation of the group named so is an error.
    let mut m = model();
    let create = m
        .operations
        .iter_mut()
        .find(|op| op.group == "tokens" && op.method_name == "create")
        .unwrap();
    create.method_name = "retrieve_with".to_owned();
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::MethodClash { .. }), "{err}");
    let err = err.to_string();
    assert!(err.contains("two methods named `retrieve_with`"), "{err}");
    assert!(
        err.contains("group `tokens`") && err.contains("#/paths/"),
        "{err}"
    );
}

#[test]
fn path_templates_the_model_refuses() {
    // `{token}` names no path parameter; a parameter the path lacks; a stray brace.
    for (path, params, problem) in [
        (
            "/v1/tokens/{token}",
            vec![],
            "`token` is not a path parameter",
        ),
        (
            "/v1/tokens",
            vec![path_param("token")],
            "`token` is not in it",
        ),
        (
            "/v1/tokens/{token",
            vec![path_param("token")],
            "unclosed `{`",
        ),
        ("/v1/tokens}", vec![], "stray `}`"),
    ] {
        let mut m = model();
        m.operations[0].path = path.to_owned();
        m.operations[0].path_params = params;
        let err = settle_err(&m);
        assert!(matches!(err, crate::Error::PathTemplate { .. }), "{err}");
        let err = err.to_string();
        assert!(err.contains(problem) && err.contains(path), "{err}");
    }
}

#[test]
fn paging_cursor_must_be_an_optional_string() {
    let mut m = model();
    let op = &mut m.operations[1];
    let query = op.query.as_ref().expect("a query").ty.clone();
    op.success.ty = TypeRef::List(Box::new(TypeRef::Named(schema("card"))));
    op.pagination = Some(Pagination::Cursor {
        item: TypeRef::Named(schema("card")),
        starting_after: "starting_after".to_owned(),
        ending_before: None,
    });
    let err = settle_err(&m).to_string();
    assert!(err.contains("no cursor field `starting_after`"), "{err}");
    if let TypeKind::Struct(s) = &mut m.types.types.get_mut(&query).unwrap().kind {
        s.fields
            .push(field("starting_after", TypeRef::Integer, false, false));
    }
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::OperationShape { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("cursor `starting_after` is not an optional string"),
        "{err}"
    );
}

#[test]
fn field_named_as_the_extra_member() {
    let mut m = model();
    let token = m
        .types
        .types
        .values_mut()
        .find(|d| d.name == "Token")
        .unwrap();
    if let TypeKind::Struct(s) = &mut token.kind {
        s.fields.push(field("extra", TypeRef::String, false, false));
    }
    let err = settle_err(&m);
    assert!(matches!(err, crate::Error::DuplicateField { .. }), "{err}");
    assert!(
        err.to_string().contains("two fields named `extra`"),
        "{err}"
    );
}
