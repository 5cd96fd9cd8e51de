//! API v2 operations: emitted in their namespace's folder
//! (`src/v2/core/api/widgets.rs`), reached with `client.v2().core().widgets()`,
//! with JSON bodies, form queries (arrays repeated) and `V2Paginator` walks;
//! a v1 group of the same name stays apart.

use std::collections::BTreeMap;

use super::fixture::*;
use crate::ir::*;

const LIST: &str = "#/paths/~1v2~1core~1widgets/get/parameters";
const BODY: &str = "#/paths/~1v2~1core~1widgets/post/requestBody/content/application~1json/schema";
const WIDGET: &str = "#/components/schemas/v2.core.widget";
const V1_WIDGET: &str = "#/components/schemas/widget";

fn v2_model() -> Model {
    let include = id(&format!("{LIST}/include"));
    let mut model = model_of(vec![
        def(
            id(LIST),
            "ListWidgets",
            "v2/core/params/list_widgets",
            Usage::Request,
            strukt(
                vec![
                    field(
                        "include",
                        TypeRef::Array(Box::new(named(&include))),
                        false,
                        false,
                    ),
                    field("limit", TypeRef::Integer, false, false),
                    field("page", TypeRef::String, false, false),
                ],
                None,
            ),
        ),
        def(
            include,
            "ListWidgetsInclude",
            "v2/core/params/list_widgets",
            Usage::Request,
            enumeration(&[("parts", "Parts")]),
        ),
        def(
            id(BODY),
            "CreateWidget",
            "v2/core/params/create_widget",
            Usage::Request,
            strukt(vec![field("created", TypeRef::DateTime, true, false)], None),
        ),
        def(
            id(WIDGET),
            "Widget",
            "v2/core/resources/widget",
            Usage::Response,
            strukt(
                vec![
                    field("id", TypeRef::String, true, false),
                    field("count", TypeRef::Int64String, true, false),
                ],
                None,
            ),
        ),
        def(
            id(V1_WIDGET),
            "Widget",
            "resources/widget",
            Usage::Response,
            strukt(vec![field("id", TypeRef::String, true, false)], None),
        ),
    ]);
    let namespace = Namespace::of_path("/v2/core/widgets").0;
    let params = |ty: &str, name: &str| ParamSet {
        name: name.to_owned(),
        ty: id(ty),
        styles: BTreeMap::new(),
    };
    let mut list = operation(
        "GetV2CoreWidgets",
        "list",
        HttpMethod::Get,
        "/v2/core/widgets",
        TypeRef::V2List(Box::new(named(&id(WIDGET)))),
    );
    list.pagination = Some(Pagination::NextPageUrl {
        item: named(&id(WIDGET)),
    });
    list.query = Some(params(LIST, "ListWidgets"));
    let mut create = operation(
        "PostV2CoreWidgets",
        "create",
        HttpMethod::Post,
        "/v2/core/widgets",
        named(&id(WIDGET)),
    );
    create.body = Some(RequestBody {
        media: BodyMedia::Json,
        required: true,
        params: params(BODY, "CreateWidget"),
    });
    for op in [&mut list, &mut create] {
        op.namespace = namespace.clone();
        op.group = "widgets".to_owned();
        op.group_type = "Widgets".to_owned();
    }
    let mut v1 = operation(
        "GetWidgets",
        "retrieve",
        HttpMethod::Get,
        "/v1/widgets",
        named(&id(V1_WIDGET)),
    );
    v1.group = "widgets".to_owned();
    v1.group_type = "Widgets".to_owned();
    model.operations = vec![v1, list, create];
    model
}

#[test]
fn v2_operations_live_in_their_namespace() {
    let files = emit(&v2_model(), "api-v2").unwrap();
    let all = paths(&files);
    for path in [
        "src/api/widgets.rs",
        "src/v2/mod.rs",
        "src/v2/core/mod.rs",
        "src/v2/core/api/mod.rs",
        "src/v2/core/api/widgets.rs",
        "src/v2/core/params/mod.rs",
        "src/v2/core/resources/widget.rs",
        "src/resources/widget.rs",
    ] {
        assert!(all.iter().any(|p| p == path), "{path} in {all:#?}");
    }
    let lib = file(&files, "src/lib.rs");
    assert_contains(lib, "pub mod v2;");
    assert_contains(lib, "pub mod widgets {");
    assert_lacks(lib, "pub mod core");
    let v2 = file(&files, "src/v2/mod.rs");
    assert_contains(v2, "pub mod core;");
    assert_contains(v2, "pub fn v2(&self) -> crate::v2::V2<'_> {");
    let core = file(&files, "src/v2/core/mod.rs");
    assert_contains(core, "impl<'a> crate::v2::V2<'a> {");
    assert_contains(core, "pub fn core(&self) -> crate::v2::core::Core<'a> {");
    assert_contains(core, "#[cfg(feature = \"v2-core-widgets\")]");
    assert_contains(core, "pub mod widgets {");
    assert_contains(core, "pub use crate::v2::core::api::Widgets;");
    assert_contains(core, "pub use crate::v2::core::resources::Widget;");

    let api = file(&files, "src/v2/core/api/widgets.rs");
    assert_contains(api, "impl<'a> crate::v2::core::Core<'a> {");
    assert_contains(
        api,
        "pub fn widgets(&self) -> crate::v2::core::api::Widgets<'a> {",
    );
    assert_contains(
        api,
        ".json(::serde_json::to_vec(params).unwrap_or_default())",
    );
    assert_contains(api, ".query(crate::runtime::form::to_form_string(params))");
    assert_contains(
        api,
        "-> crate::runtime::V2Paginator<crate::v2::core::resources::Widget>",
    );
    assert_contains(api, "crate::runtime::V2Paginator::new(");
    assert_contains(
        api,
        "crate::runtime::V2List<crate::v2::core::resources::Widget>",
    );
}

#[test]
fn a_v2_query_is_a_form_with_repeated_arrays_and_a_v2_body_is_json_only() {
    let files = emit(&v2_model(), "api-v2-forms").unwrap();
    let query = file(&files, "src/v2/core/params/list_widgets.rs");
    assert_contains(
        query,
        "impl crate::runtime::form::FormEncode for ListWidgets {",
    );
    assert_contains(query, "for item in self.include.iter().flatten() {");
    assert_contains(query, "&key.map_key(\"include\")");
    assert_contains(
        query,
        "impl crate::runtime::form::FormEncode for ListWidgetsInclude {",
    );
    let body = file(&files, "src/v2/core/params/create_widget.rs");
    assert_lacks(body, "FormEncode");
    assert_contains(body, "::serde::Serialize");
}

#[test]
fn the_exerciser_calls_v2_apart_and_asks_for_each_error() {
    let mut model = v2_model();
    // `POST /v2/core/widgets` declares one specific error besides the generic one.
    model.operations[2].errors = vec![ErrorCase {
        code: "widget_exists".to_owned(),
        schema: "v2.error.widget_exists".to_owned(),
        members: Vec::new(),
    }];
    crate::model::settle(&mut model).unwrap();
    let templates = scratch_templates("api-v2-exerciser");
    let file = crate::emit::conformance::exerciser_file(&model, &options(&templates));
    let _ = std::fs::remove_dir_all(&templates);
    let source = file.unwrap().contents;
    syn::parse_file(&source).expect("the exerciser parses");
    assert_contains(&source, "const OPERATIONS: usize = 1usize;");
    assert_contains(&source, "const V2_OPERATIONS: usize = 2usize;");
    // v1's calls and v2's apart; v2's errors: one per declared code plus the
    // generic one, per operation.
    assert_contains(&source, "static CALLS: &[MakeCall] = &[call_0, call_1];");
    assert_contains(&source, "static V2_CALLS: &[MakeCall] = &[v2_call_0,");
    let errors = item(&source, "static V2_ERRORS");
    assert_eq!(errors.matches("v2_error_").count(), 3, "{errors}");
    let asked = item(&source, "fn v2_error_1(");
    assert_contains(asked, "\"X-Check-Error\", \"widget_exists\"");
    assert_contains(asked, ".v2()\n            .core()\n            .widgets()");
    assert_contains(
        item(&source, "fn v2_error_2("),
        "\"conformance_generic_error\"",
    );
    // The v2 walk follows next_page_url, and no call invents a page token.
    assert_contains(item(&source, "async fn walk_v2("), ".list_auto_paging()");
    assert_lacks(&source, ".page(");
    // A date-time is RFC 3339 text.
    assert_contains(&source, "\"2026-01-28T12:30:00.250+01:00\"");
    assert_contains(&source, ".parse::<stripe_client::DateTime>()");
}
