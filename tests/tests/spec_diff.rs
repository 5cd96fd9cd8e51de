//! The changelogs of the 2023-08-16 -> 2024-04-10 and 2024-04-10 ->
//! 2026-01-28 spec updates, from `generator::diff` (what `cargo xtask diff`
//! prints): in full for the tokens config, as a summary (counts per kind,
//! breaking counts) for the whole API (the 2026 spec's v1 and v2: its 29 v2
//! operations are added, nothing of v1 changes for them). Reads the upstream specs from ../shared; the snapshots
//! hold names, types and values only, never upstream descriptions. Every
//! place keeps its name (ARCHITECTURE.md, "Merged shapes"), so "type renamed"
//! counts only what Stripe renamed: the components listed below.

use generator::diff::{between, ChangeKind, Diff};

fn upstream_diff(config: &str) -> Option<Diff> {
    let [older, newer, _] = workspace_tests::UPSTREAM_VERSIONS;
    diff_of(older, newer, config)
}

fn diff_of(older: &str, newer: &str, config: &str) -> Option<Diff> {
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
fn tokens_changelog_2024_to_2026() {
    let [_, older, newest] = workspace_tests::UPSTREAM_VERSIONS;
    let Some(diff) = diff_of(older, newest, "spec/tokens.config.yaml") else {
        return;
    };
    assert_eq!(diff.from.as_str(), "2024-04-10");
    // Nothing of the tokens crate was renamed by Stripe.
    assert!(
        !diff
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::TypeRenamed),
        "{}",
        diff.markdown()
    );
    insta::assert_snapshot!(diff.markdown());
}

/// The old names of the type renames of `diff`.
fn renamed(diff: &Diff) -> Vec<&str> {
    let mut names: Vec<&str> = diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::TypeRenamed)
        .map(|c| c.subject.as_str())
        .collect();
    names.dedup();
    names
}

#[test]
fn whole_api_changelog_2023_to_2024_summary() {
    let Some(diff) = upstream_diff("spec/full-api.config.yaml") else {
        return;
    };
    check_summary(&diff);
    // Each a component Stripe renamed (`connect_embedded_base_config` ->
    // `connect_embedded_account_config_claim`, `invoices_from_invoice` ->
    // `invoices_resource_from_invoice`, ...).
    assert_eq!(
        renamed(&diff),
        [
            "ConnectEmbeddedBaseConfig",
            "InvoicesFromInvoice",
            "InvoicesShippingCost",
            "InvoicesStatusTransitions"
        ]
    );
    insta::assert_snapshot!(diff.markdown_summary());
}

#[test]
fn whole_api_changelog_2024_to_2026_summary() {
    let [_, older, newest] = workspace_tests::UPSTREAM_VERSIONS;
    let Some(diff) = diff_of(older, newest, "spec/full-api.config.yaml") else {
        return;
    };
    check_summary(&diff);
    // Components Stripe renamed or split (`refund_destination_details_generic`
    // into one per payment method, the treasury ACH toggle into inbound and
    // outbound), and a union named after components Stripe renamed.
    assert_eq!(
        renamed(&diff),
        [
            "ConnectEmbeddedPayoutsConfigClaim",
            "InvoiceSettingRenderingOptions",
            "LinkedAccountOptionsUsBankAccount",
            "PaymentMethodOptionsBacsDebitOrPaymentIntentTypeSpecificPaymentMethodOptionsClient",
            "RefundDestinationDetailsGeneric",
            "TreasuryFinancialAccountsResourceAchToggleSettings",
        ]
    );
    insta::assert_snapshot!(diff.markdown_summary());
}

fn check_summary(diff: &Diff) {
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
}
