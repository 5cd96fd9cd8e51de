//! The model of spec/ as YAML, the same text `cargo xtask ir` prints: the
//! first thing a pull request that changes the spec shows.

#[test]
fn tokens_model_snapshot() {
    let model = workspace_tests::tokens_model();
    let yaml = serde_yaml::to_string(&model).expect("the model serialises");
    insta::assert_snapshot!("tokens_model", yaml);
}

#[test]
fn the_model_is_deterministic() {
    let a = serde_yaml::to_string(&workspace_tests::tokens_model()).unwrap();
    let b = serde_yaml::to_string(&workspace_tests::tokens_model()).unwrap();
    assert_eq!(a, b);
}
