//! A loopback server that checks v2 requests against Stripe's spec, the check
//! stripe-mock cannot give (it knows no v2).
//!
//! It reads the v2 operations of the newest upstream spec ([`V2Spec`]),
//! matches each request to its operation by method and path template, and
//! validates the path parameters, the query (known names, `deepObject` keys,
//! values of the declared types and enums, `page` tokens it gave), the
//! `Authorization` header, and the JSON body against the request schema with
//! the `jsonschema` crate ([`schema`] turns OpenAPI 3.0 into JSON Schema:
//! `$ref`s into `$defs`, `nullable`, closed request objects). It answers with
//! a body synthesised from the response schema ([`synth`]), a two-page walk for
//! list operations, or, when asked by the `X-Check-Error: <code>` header or
//! [`Handle::force_error`], the operation's error schema for that code; and
//! [`Handle::fail_next`] makes the next requests fail (for retries). An
//! invalid request is answered 400 with the reasons in `error.message`.
//! [`Handle::report`] counts requests, valid and invalid ones, and decode
//! errors the test noted, for the v2 table.
//!
//! ```no_run
//! # fn main() {
//! let Some(checker) = workspace_tests::v2_server::upstream_checker() else { return };
//! let (base_url, handle) = workspace_tests::v2_server::start(checker).unwrap();
//! // ... point a client at `base_url` ...
//! let report = handle.report();
//! assert_eq!(report.invalid, 0, "{:#?}", report.invalid_lines());
//! # }
//! ```

pub mod query;
pub mod record;
pub mod sample;
pub mod schema;
pub mod server;
pub mod spec;
pub mod synth;
pub mod validate;

use std::sync::{Arc, OnceLock};

pub use record::{Record, Report};
pub use server::{start, Handle, ERROR_HEADER, INVALID_CODE, SECOND_PAGE, TRANSIENT_CODE};
pub use spec::{Operation, SpecError, V2Spec};
pub use validate::Checker;

/// The checker of the newest upstream spec, built once per test process, or
/// `None` (with a notice) when `../shared` lacks the spec; under `CI=true`
/// absence fails.
pub fn upstream_checker() -> Option<Arc<Checker>> {
    static CHECKER: OnceLock<Option<Arc<Checker>>> = OnceLock::new();
    CHECKER
        .get_or_init(|| {
            let spec = V2Spec::upstream()?.unwrap_or_else(|e| panic!("the v2 spec reads: {e}"));
            let checker =
                Checker::new(spec).unwrap_or_else(|e| panic!("the v2 spec compiles: {e}"));
            Some(Arc::new(checker))
        })
        .clone()
}
