//! What the fuzzer mutates: `spec/tokens.yaml`, and small specs cut out of
//! the upstream spec (a path item or a component schema, with the component
//! schemas it refers to) when `../shared` has it.

use std::collections::{BTreeMap, BTreeSet};

use super::rng::Rng;

/// The config every case is generated with: all operations, so a mutation
/// that renames a path does not just give `MissingOperation`.
pub const CONFIG: &str = "crate: {name: fuzzed, version: 0.1.0, description: A fuzz case.}
operations: all
opaque: [account, customer, deleted_customer, payment_intent, payment_method, setup_intent, source]
secret_fields: [number, cvc]
";

/// Most component schemas an excerpt carries; references past them dangle.
const MAX_COMPONENTS: usize = 150;

/// The upstream spec's text, cut into path items and component schemas.
pub struct Upstream {
    text: String,
    /// Path template → line range of its path item (key line included).
    paths: Vec<(String, std::ops::Range<usize>)>,
    /// Component name → line range.
    schemas: BTreeMap<String, std::ops::Range<usize>>,
    line_starts: Vec<usize>,
}

impl Upstream {
    /// Indexes block-style YAML with `paths:` and `components: schemas:` at
    /// the usual indentation; `None` when the text has neither.
    pub fn index(text: String) -> Option<Upstream> {
        let lines: Vec<&str> = text.lines().collect();
        let mut line_starts = Vec::with_capacity(lines.len() + 1);
        let mut at = 0;
        for line in &lines {
            line_starts.push(at);
            at += line.len() + 1;
        }
        line_starts.push(text.len());
        let blocks = |parent: usize, indent: usize| -> Vec<(String, std::ops::Range<usize>)> {
            let mut out: Vec<(String, std::ops::Range<usize>)> = Vec::new();
            let pad = " ".repeat(indent);
            for (i, line) in lines.iter().enumerate().skip(parent + 1) {
                let depth = line.len() - line.trim_start().len();
                if !line.trim().is_empty() && depth < indent {
                    break;
                }
                if depth == indent && line.starts_with(&pad) && line.ends_with(':') {
                    if let Some(last) = out.last_mut() {
                        last.1.end = i;
                    }
                    let key = line.trim().trim_end_matches(':').trim_matches('\'');
                    out.push((key.to_owned(), i..i + 1));
                }
                if let Some(last) = out.last_mut() {
                    last.1.end = i + 1;
                }
            }
            out
        };
        let paths_at = lines.iter().position(|l| *l == "paths:")?;
        let components_at = lines.iter().position(|l| *l == "components:")?;
        let schemas_at = (components_at..lines.len()).find(|&i| lines[i] == "  schemas:")?;
        let paths = blocks(paths_at, 2);
        let schemas = blocks(schemas_at, 4).into_iter().collect();
        Some(Upstream {
            text,
            paths,
            schemas,
            line_starts,
        })
    }

    fn slice(&self, lines: &std::ops::Range<usize>) -> &str {
        &self.text[self.line_starts[lines.start]..self.line_starts[lines.end]]
    }

    /// A small spec: one upstream path item (or one component behind a
    /// made-up GET), with the components it refers to.
    pub fn excerpt(&self, rng: &mut Rng) -> String {
        let mut out = String::from(
            "openapi: 3.0.0\ninfo:\n  title: excerpt\n  version: '1'\nservers:\n  - url: 'https://api.example.com/'\npaths:\n",
        );
        let mut wanted: Vec<String> = Vec::new();
        if self.paths.is_empty() || rng.chance(3) {
            let names: Vec<&String> = self.schemas.keys().collect();
            if let Some(root) = names.get(rng.below(names.len())) {
                out.push_str(&format!(
                    "  /v1/excerpt:\n    get:\n      operationId: GetExcerpt\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/{root}'\n"
                ));
                wanted.push((*root).clone());
            }
        } else {
            let (_, lines) = &self.paths[rng.below(self.paths.len())];
            let item = self.slice(lines);
            out.push_str(item);
            wanted.extend(refs_in(item));
        }
        out.push_str("components:\n  schemas:\n");
        let mut taken = BTreeSet::new();
        while let Some(name) = wanted.pop() {
            if taken.len() >= MAX_COMPONENTS || !taken.insert(name.clone()) {
                continue;
            }
            if let Some(lines) = self.schemas.get(&name) {
                let block = self.slice(lines);
                wanted.extend(refs_in(block));
                out.push_str(block);
            }
        }
        out
    }
}

/// Component names referred to in `text`.
fn refs_in(text: &str) -> Vec<String> {
    const PREFIX: &str = "#/components/schemas/";
    text.match_indices(PREFIX)
        .map(|(at, _)| {
            text[at + PREFIX.len()..]
                .chars()
                .take_while(|c| !matches!(c, '\'' | '"' | '\n' | ' ' | '}' | ','))
                .collect()
        })
        .collect()
}
