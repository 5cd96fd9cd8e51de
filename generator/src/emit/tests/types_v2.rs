//! API v2 types: sent as JSON, so request structs, enums and unions of the v2
//! namespace implement `Serialize` (absent optional fields left out, a clear
//! written by the runtime as `null`) and no form encoding; v1's stay forms.

use super::fixture::*;
use crate::ir::*;

/// The body of `POST /v2/core/widgets` (a v2 request struct), its enum, and a
/// v1 request struct of the same shape.
/// The v2 types sit in their namespace's folder (`v2/core/params/`); their
/// ids (under `/v2/`) make them API v2's.
fn v2_model() -> Model {
    let body = id("#/paths/~1v2~1core~1widgets/post/requestBody/content/application~1json/schema");
    let kind = id(&format!("{}/properties/kind", body.as_str()));
    let v1 = id(
        "#/paths/~1v1~1widgets/post/requestBody/content/application~1x-www-form-urlencoded/schema",
    );
    let fields = |kind_ty: TypeRef| {
        vec![
            field("name", TypeRef::String, true, false),
            field("count", TypeRef::Int64String, false, false),
            field("at", TypeRef::DateTime, false, false),
            field("kind", kind_ty, false, false),
            field(
                "note",
                TypeRef::Clearable(Box::new(TypeRef::String)),
                false,
                false,
            ),
            field(
                "metadata",
                TypeRef::Map(Box::new(TypeRef::Clearable(Box::new(TypeRef::String)))),
                false,
                false,
            ),
        ]
    };
    let v1_fields: Vec<Field> = fields(TypeRef::String)
        .into_iter()
        .filter(|f| !matches!(f.ty, TypeRef::Int64String | TypeRef::DateTime))
        .collect();
    model_of(vec![
        def(
            body,
            "CreateWidget",
            "v2/core/params/create_widget",
            Usage::Request,
            strukt(fields(named(&kind)), None),
        ),
        def(
            kind,
            "CreateWidgetKind",
            "v2/core/params/create_widget",
            Usage::Request,
            enumeration(&[("big", "Big"), ("small", "Small")]),
        ),
        def(
            v1,
            "CreateV1Widget",
            "params/create_v1_widget",
            Usage::Request,
            strukt(v1_fields, None),
        ),
    ])
}

#[test]
fn v2_request_types_serialize_as_json_and_have_no_form_encoding() {
    let files = emit(&v2_model(), "types-v2").unwrap();
    let source = file(&files, "src/v2/core/params/create_widget.rs");
    let body = item(source, "pub struct CreateWidget {");
    assert_contains(
        source,
        "#[derive(Clone, Debug, PartialEq, ::serde::Serialize)]\n#[non_exhaustive]\npub struct CreateWidget {",
    );
    assert_contains(body, "    pub name: ::std::string::String,\n");
    assert_contains(
        body,
        "    #[serde(skip_serializing_if = \"::std::option::Option::is_none\")]\n    pub count: ::std::option::Option<crate::runtime::Int64String>,\n",
    );
    assert_contains(
        body,
        "    pub at: ::std::option::Option<crate::runtime::DateTime>,\n",
    );
    assert_contains(
        body,
        "    pub note: ::std::option::Option<crate::runtime::Clearable<::std::string::String>>,\n",
    );
    assert_contains(
        body,
        "    pub metadata: ::std::option::Option<\n        ::std::collections::BTreeMap<\n            ::std::string::String,\n            crate::runtime::Clearable<::std::string::String>,\n        >,\n    >,\n",
    );
    // A request has no `extra` (that keeps unknown members of responses).
    assert_lacks(body, "extra");
    // JSON only: neither the struct nor its enum is form-encoded.
    assert_lacks(source, "FormEncode");
    assert_contains(source, "impl ::serde::Serialize for CreateWidgetKind {");
    // The builder is the same as v1's, clearer included (a clear is `null` in JSON).
    assert_contains(
        source,
        "pub fn new(name: impl ::std::convert::Into<::std::string::String>) -> Self {",
    );
    assert_contains(
        source,
        "self.note = ::std::option::Option::Some(crate::runtime::Clearable::Clear);",
    );
    // v1's request struct stays a form, without `Serialize`.
    let v1 = file(&files, "src/params/create_v1_widget.rs");
    assert_contains(
        v1,
        "impl crate::runtime::form::FormEncode for CreateV1Widget {",
    );
    assert_lacks(item(v1, "pub struct CreateV1Widget {"), "serde");
    assert_contains(
        v1,
        "#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub struct CreateV1Widget {",
    );
}
