//! What the server saw: one record per request with its verdict, and the
//! counts a test asserts on and prints as the v2 table.

use std::collections::BTreeSet;

/// One request and how it was judged and answered.
#[derive(Debug, Clone)]
pub struct Record {
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// The `operationId` it matched, if any.
    pub operation: Option<String>,
    /// Empty when the request is valid.
    pub reasons: Vec<String>,
    pub idempotency_key: Option<String>,
    pub stripe_context: Option<String>,
    pub stripe_version: Option<String>,
    /// The status answered.
    pub status: u16,
    /// The error code answered with, when an error was asked for.
    pub error_code: Option<String>,
}

impl Record {
    pub fn is_valid(&self) -> bool {
        self.reasons.is_empty()
    }

    /// POST and DELETE are the methods that should carry an `Idempotency-Key`.
    pub fn wants_idempotency_key(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "DELETE")
    }
}

/// The counts over every request so far.
#[derive(Debug, Clone)]
pub struct Report {
    /// Operations the spec has.
    pub operations: usize,
    /// Operations at least one request matched.
    pub operations_seen: usize,
    /// Operations no request matched, by `operationId`.
    pub operations_unseen: Vec<String>,
    pub requests: usize,
    pub valid: usize,
    pub invalid: usize,
    /// What the test noted it could not decode ([`super::Handle::note_decode_error`]).
    pub decode_errors: Vec<String>,
    /// POST and DELETE requests without an `Idempotency-Key` header.
    pub without_idempotency_key: usize,
    pub records: Vec<Record>,
}

impl Report {
    pub(super) fn new(
        all_operations: &[String],
        records: Vec<Record>,
        decode_errors: Vec<String>,
    ) -> Report {
        let seen: BTreeSet<&str> = records
            .iter()
            .filter_map(|r| r.operation.as_deref())
            .collect();
        let valid = records.iter().filter(|r| r.is_valid()).count();
        Report {
            operations: all_operations.len(),
            operations_seen: seen.len(),
            operations_unseen: all_operations
                .iter()
                .filter(|id| !seen.contains(id.as_str()))
                .cloned()
                .collect(),
            requests: records.len(),
            valid,
            invalid: records.len() - valid,
            decode_errors,
            without_idempotency_key: records
                .iter()
                .filter(|r| r.wants_idempotency_key() && r.idempotency_key.is_none())
                .count(),
            records,
        }
    }

    /// Every invalid request with its reasons, one line each.
    pub fn invalid_lines(&self) -> Vec<String> {
        self.records
            .iter()
            .filter(|r| !r.is_valid())
            .map(|r| format!("{} {}: {}", r.method, r.target, r.reasons.join("; ")))
            .collect()
    }

    /// Per operation (by `operationId`, in the spec's order of first sight):
    /// requests and invalid requests.
    pub fn by_operation(&self) -> Vec<(String, usize, usize)> {
        let mut rows: Vec<(String, usize, usize)> = Vec::new();
        for record in &self.records {
            let name = record.operation.clone().unwrap_or_else(|| "(none)".into());
            let at = match rows.iter().position(|row| row.0 == name) {
                Some(at) => at,
                None => {
                    rows.push((name, 0, 0));
                    rows.len() - 1
                }
            };
            rows[at].1 += 1;
            rows[at].2 += usize::from(!record.is_valid());
        }
        rows
    }

    /// The v2 table as Markdown: operations, requests, valid, invalid, decode errors.
    pub fn table(&self) -> String {
        format!(
            "| operations (seen / spec) | requests | valid | invalid | decode errors |\n\
             | --- | --- | --- | --- | --- |\n\
             | {} / {} | {} | {} | {} | {} |\n",
            self.operations_seen,
            self.operations,
            self.requests,
            self.valid,
            self.invalid,
            self.decode_errors.len()
        )
    }
}
