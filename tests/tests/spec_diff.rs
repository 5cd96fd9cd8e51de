//! The changelog of the 2023-08-16 -> 2024-04-10 spec update, from
//! `generator::diff` (what `cargo xtask diff` prints): in full for the tokens
//! config, as a summary (counts per kind, breaking counts) for the whole API.
//! Reads both upstream specs from ../shared; the snapshots hold names, types
//! and values only, never upstream descriptions.

use generator::diff::{between, ChangeKind, Diff};

fn upstream_diff(config: &str) -> Option<Diff> {
    let [older, newer, ..] = workspace_tests::UPSTREAM_VERSIONS;
    let from = workspace_tests::upstream_of(older, workspace_tests::upstream_spec_file(older))?;
    let to = workspace_tests::upstream_of(newer, workspace_tests::upstream_spec_file(newer))?;
    let config = workspace_tests::root().join(config);
    Some(between(&from, &to, &config).expect("both versions build their models"))
}

#[test]
fn tokens_changelog_2023_to_2024() {
    let Some(diff) = upstream_diff("spec/tokens.config.yaml") else {
        return;
    };
    assert_eq!(
        (diff.from.as_str(), diff.to.as_str()),
        ("2023-08-16", "2024-04-10")
    );
    insta::assert_snapshot!(diff.markdown());
}

#[test]
fn whole_api_changelog_2023_to_2024_summary() {
    let Some(diff) = upstream_diff("spec/full-api.config.yaml") else {
        return;
    };
    let summary = diff.summary();
    // Every breaking change is counted once, under its kind.
    assert_eq!(
        summary.by_kind.values().map(|k| k.breaking).sum::<usize>(),
        summary.breaking
    );
    // New enum values never break: enums are open.
    assert_eq!(summary.by_kind[&ChangeKind::EnumValueAdded].breaking, 0);
    // Sorted (and, by the snapshot, the same on every run); YAML renders it all.
    let mut sorted = diff.changes.clone();
    sorted.sort();
    assert_eq!(diff.changes, sorted);
    let yaml = diff.yaml().expect("renders as YAML");
    assert_eq!(yaml.matches("\n- subject: ").count(), summary.total);
    insta::assert_snapshot!(diff.markdown_summary());
}
