//! Feature subsets of the whole-API crate compile on their own: the app
//! subset of issue 14 (customers, payment intents, checkout, subscriptions,
//! events, with nothing else enabled) and a seeded sample of single groups.
//! The crate is the shared `workspace_tests::whole_api` one of the newest
//! upstream spec.
//! `cargo xtask features` checks every group; CI runs this sample
//! (`FEATURE_SAMPLE_SEED` picks another, `FEATURE_SAMPLE` another size).

use workspace_tests::whole_api::WholeApi;

#[test]
fn feature_subsets_of_the_whole_api_compile() {
    let Some(api) = WholeApi::generate(workspace_tests::NEWEST_VERSION) else {
        return;
    };
    api.write(Vec::new());
    let out = &api.dir;

    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml reads");
    let groups = workspace_tests::features::groups(&manifest);
    assert!(
        groups.len() > 40,
        "the whole API has its groups: {groups:?}"
    );
    let seed = env_number("FEATURE_SAMPLE_SEED", 14);
    let size = env_number("FEATURE_SAMPLE", 2) as usize;
    let mut subsets = vec!["customers,payment_intents,checkout,subscriptions,events".to_owned()];
    subsets.extend(workspace_tests::features::sample(&groups, size, seed));

    let target = workspace_tests::whole_api::target_dir();
    let mut failures = Vec::new();
    for features in &subsets {
        let checked = workspace_tests::features::check(&out.join("Cargo.toml"), &target, features);
        eprintln!(
            "features {}: {:.1?} ({} bytes of its artifacts removed)",
            checked.features, checked.elapsed, checked.removed_bytes
        );
        if let Some(failure) = checked.failure {
            failures.push(format!("--features {}:\n{failure}", checked.features));
        }
    }
    assert!(
        failures.is_empty(),
        "feature subsets that do not compile alone (seed {seed}):\n{}",
        failures.join("\n\n")
    );
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not `{v}`")),
        Err(_) => default,
    }
}
