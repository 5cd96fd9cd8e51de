//! spec/ is checked against Stripe's upstream spec: the model built from the
//! upstream copy `spec/` follows (`workspace_tests::SPEC_FOLLOWS`) with the
//! tokens config equals the model from spec/, descriptions aside; and the
//! older upstream copies still load.

use generator::ir::{Model, TypeKind};

fn without_docs(mut model: Model) -> Model {
    for op in &mut model.operations {
        op.docs = None;
        for p in &mut op.path_params {
            p.docs = None;
        }
    }
    for def in model.types.types.values_mut() {
        def.docs = None;
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                f.docs = None;
            }
        }
    }
    // Query structs describe themselves from the path, not from the spec text.
    model
}

#[test]
fn tokens_model_matches_upstream() {
    let Some(upstream) = workspace_tests::upstream_of(workspace_tests::SPEC_FOLLOWS, "spec3.json")
    else {
        return;
    };
    let config = workspace_tests::root().join("spec/tokens.config.yaml");
    let ours = without_docs(workspace_tests::tokens_model());
    let theirs =
        without_docs(workspace_tests::model_of(&upstream, &config).expect("upstream builds"));
    let (ours_yaml, theirs_yaml) = (
        serde_yaml::to_string(&ours).unwrap(),
        serde_yaml::to_string(&theirs).unwrap(),
    );
    if ours_yaml != theirs_yaml {
        // Show the first differing lines rather than two 2,000-line documents.
        let diff: Vec<String> = ours_yaml
            .lines()
            .zip(theirs_yaml.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(n, (a, b))| format!("line {}: spec/ `{a}` vs upstream `{b}`", n + 1))
            .collect();
        panic!(
            "spec/ and upstream give different models:\n{}",
            diff.join("\n")
        );
    }
    assert_eq!(ours, theirs);
}

#[test]
fn whole_upstream_spec_loads() {
    let Some(upstream) = workspace_tests::upstream("spec3.yaml") else {
        return;
    };
    let spec = generator::load::Spec::from_path(&upstream).expect("upstream parses");
    assert_eq!(spec.api.paths.paths.len(), 318);
    assert_eq!(
        spec.api.components.as_ref().map(|c| c.schemas.len()),
        Some(819)
    );
}

#[test]
fn newer_upstream_spec_loads_from_json() {
    let Some(upstream) = workspace_tests::upstream_of("2024-04-10", "spec3.json") else {
        return;
    };
    let spec = generator::load::Spec::from_path(&upstream).expect("upstream JSON parses");
    assert_eq!(spec.api.paths.paths.len(), 365);
    assert_eq!(
        spec.api.components.as_ref().map(|c| c.schemas.len()),
        Some(979)
    );
}
