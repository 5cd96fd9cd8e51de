//! Cargo features: which groups compile which module.

use super::fixture::*;
use crate::ir::*;

/// Group `a` returns `Shared`; the module `resources/shared` also holds
/// `Other`, which only group `b` returns and which refers to `Only` in a
/// module of its own. Enabling `a` compiles `resources/shared` whole, so it
/// must compile `resources/only` too.
#[test]
fn a_module_brings_what_all_its_types_refer_to() {
    let shared = schema("shared");
    let other = schema("other");
    let only = schema("only");
    let mut model = model_of(vec![
        def(
            shared.clone(),
            "Shared",
            "resources/shared",
            Usage::Response,
            strukt(vec![], None),
        ),
        def(
            other.clone(),
            "Other",
            "resources/shared",
            Usage::Response,
            strukt(vec![field("only", named(&only), true, false)], None),
        ),
        def(
            only.clone(),
            "Only",
            "resources/only",
            Usage::Response,
            strukt(vec![], None),
        ),
    ]);
    let mut first = operation("GetA", "retrieve", HttpMethod::Get, "/v1/a", named(&shared));
    first.group = "a".to_owned();
    let mut second = operation("GetB", "retrieve", HttpMethod::Get, "/v1/b", named(&other));
    second.group = "b".to_owned();
    model.operations = vec![first, second];

    let features = crate::emit::features::Features::of(&model);
    // Both groups compile both modules, so neither needs a cfg.
    assert!(features.module_cfg("resources/shared").is_empty());
    assert!(features.module_cfg("resources/only").is_empty());
}

/// A module only one group reaches is gated on that group alone.
#[test]
fn a_module_one_group_reaches_is_gated_on_it() {
    let first_ty = schema("first");
    let second_ty = schema("second");
    let mut model = model_of(vec![
        def(
            first_ty.clone(),
            "First",
            "resources/first",
            Usage::Response,
            strukt(vec![], None),
        ),
        def(
            second_ty.clone(),
            "Second",
            "resources/second",
            Usage::Response,
            strukt(vec![], None),
        ),
    ]);
    let mut first = operation(
        "GetA",
        "retrieve",
        HttpMethod::Get,
        "/v1/a",
        named(&first_ty),
    );
    first.group = "a".to_owned();
    let mut second = operation(
        "GetB",
        "retrieve",
        HttpMethod::Get,
        "/v1/b",
        named(&second_ty),
    );
    second.group = "b".to_owned();
    model.operations = vec![first, second];

    let features = crate::emit::features::Features::of(&model);
    assert_eq!(
        features.module_cfg("resources/first").to_string(),
        quote::quote!(#[cfg(feature = "a")]).to_string()
    );
    assert_eq!(
        features.module_cfg("resources/second").to_string(),
        quote::quote!(#[cfg(feature = "b")]).to_string()
    );
}
