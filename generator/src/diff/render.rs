//! A diff as Markdown (for a pull request) or YAML (for scripts).

use serde::Serialize;

use super::change::{Change, ChangeKind, Diff, Summary};

/// Markdown: a heading, the summary table, and (when `full`) one row per change.
pub fn markdown(diff: &Diff, full: bool) -> String {
    let summary = diff.summary();
    let mut out = format!(
        "# Model changes `{}` -> `{}`\n\n{} changes, {} of them breaking: code written against the crate generated from `{}` may not compile after them.\n\n",
        diff.from, diff.to, summary.total, summary.breaking, diff.from
    );
    out.push_str("| change | count | breaking |\n| --- | ---: | ---: |\n");
    for kind in ChangeKind::ALL {
        if let Some(count) = summary.by_kind.get(&kind) {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                kind.words(),
                count.changes,
                count.breaking
            ));
        }
    }
    out.push_str(&format!(
        "| **total** | **{}** | **{}** |\n",
        summary.total, summary.breaking
    ));
    if full && !diff.changes.is_empty() {
        out.push_str(
            "\n| breaking | change | where | what | side |\n| --- | --- | --- | --- | --- |\n",
        );
        for change in &diff.changes {
            out.push_str(&row(change));
        }
    }
    out
}

fn row(change: &Change) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    format!(
        "| {} | {} | `{}` | {} | {} |\n",
        if change.breaking { "**yes**" } else { "no" },
        change.kind.words(),
        cell(&change.subject),
        cell(&change.detail),
        change.side.words()
    )
}

#[derive(Serialize)]
struct YamlDiff<'d> {
    from: &'d str,
    to: &'d str,
    summary: Summary,
    changes: &'d [Change],
}

/// YAML: `from`, `to`, `summary` and every change.
pub fn yaml(diff: &Diff) -> Result<String, serde_yaml::Error> {
    let doc = YamlDiff {
        from: &diff.from,
        to: &diff.to,
        summary: diff.summary(),
        changes: &diff.changes,
    };
    serde_yaml::to_string(&doc)
}
