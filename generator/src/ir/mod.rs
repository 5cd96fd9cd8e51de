//! The intermediate model: what the generator understood from the spec.
//!
//! Two layers: [`Operation`]s (the HTTP surface: method, path, parameters with
//! their wire encoding, responses) and a [`TypeSpace`] of every type those
//! operations reach, keyed by [`TypeId`]. Emission reads only this model.
//! Everything here is ordered (`Vec` in a fixed order, `BTreeMap`), so the same
//! spec always gives the same model and the same YAML dump.

mod id;
mod namespace;
mod operations;
mod types;

pub use id::*;
pub use namespace::*;
pub use operations::*;
pub use types::*;

use serde::Serialize;

/// What the hand-written runtime exports at the generated crate's root. The
/// model keeps type names clear of them; the emitter writes the re-export.
/// Sorted as rustfmt sorts a `use` list, so `cargo fmt` leaves it alone.
pub const RUNTIME_EXPORTS: &[&str] = &[
    "ApiError",
    "ApiRequest",
    "Clearable",
    "Client",
    "ClientBuilder",
    "DateTime",
    "Decimal",
    "Drift",
    "Error",
    "ErrorObject",
    "EventNotification",
    "EventNotificationReason",
    "EventNotificationReasonRequest",
    "EventNotificationRelatedObject",
    "Expandable",
    "Extra",
    "HasId",
    "Int64String",
    "List",
    "Method",
    "Paginator",
    "ParseDateTimeError",
    "ParseDecimalError",
    "ParseInt64StringError",
    "RequestOptions",
    "Response",
    "SearchResult",
    "Timestamp",
    "V2List",
    "V2Paginator",
    "Webhook",
    "WebhookError",
    "WebhookSignature",
    "WebhookVerifier",
];

/// The whole model of one spec under one configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    pub api: ApiInfo,
    pub operations: Vec<Operation>,
    pub types: TypeSpace,
    /// The typed webhook event, when the config asks for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Events>,
    /// API v2: the open enum of every error code the operations declare
    /// (`v2::ErrorCode`, one value per code of [`Operation::errors`], sorted),
    /// settled by the model; `None` when no operation declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<TypeId>,
    /// Operations of the spec the crate leaves out, each with why (path
    /// order). The xtask prints them as a warning on every run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// An operation of the spec the model leaves out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    /// `METHOD /path`.
    pub operation: String,
    pub reason: SkipReason,
}

/// Why an operation is left out.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    /// The config's `exclude` names a prefix of its path.
    Excluded { prefix: String },
    /// Its HTTP method is not one the client sends (GET, POST, DELETE):
    /// the 2020 spec's `PUT /v1/account/logout`.
    UnsupportedMethod,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Excluded { prefix } => write!(f, "excluded by the config (`{prefix}`)"),
            SkipReason::UnsupportedMethod => {
                f.write_str("HTTP method not supported (the client sends GET, POST and DELETE)")
            }
        }
    }
}

impl Model {
    /// The warning to print for [`Model::skipped`], `None` when nothing was
    /// skipped: one line per reason with its count, then each operation.
    pub fn skipped_warning(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let mut by_reason: std::collections::BTreeMap<&SkipReason, Vec<&str>> = Default::default();
        for s in &self.skipped {
            by_reason.entry(&s.reason).or_default().push(&s.operation);
        }
        let mut out = format!(
            "warning: {} operation(s) of the spec are not in the crate",
            self.skipped.len()
        );
        for (reason, ops) in by_reason {
            out.push_str(&format!("\n  {} {reason}:", ops.len()));
            for op in ops {
                out.push_str(&format!("\n    {op}"));
            }
        }
        Some(out)
    }
}

/// The webhook event: three types of the type space that belong together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Events {
    /// The envelope (`Event`): a response struct whose `type` field is
    /// [`Events::types`] and whose `data.object` is [`Events::object`].
    pub envelope: TypeId,
    /// The open enum of event type names (`EventType`).
    pub types: TypeId,
    /// The tagged union `data.object` decodes into (`EventObject`), with the
    /// emitter's unknown fallback keeping any other object as raw JSON.
    pub object: TypeId,
    /// The tagged union a fetched related object decodes into
    /// (`RelatedObject`, for `EventNotification::fetch_related_object`): a
    /// variant per v1 object of [`Events::object`] and per API v2 resource
    /// the crate has, anything else kept as raw JSON.
    pub related: TypeId,
}

/// Facts about the API as a whole, from `info` and `servers`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiInfo {
    /// `info.version`: Stripe's API version, sent as `Stripe-Version` by default.
    pub version: String,
    /// The first entry of `servers`, without a trailing slash.
    pub base_url: String,
}
