//! The intermediate model: what the generator understood from the spec.
//!
//! Two layers: [`Operation`]s (the HTTP surface: method, path, parameters with
//! their wire encoding, responses) and a [`TypeSpace`] of every type those
//! operations reach, keyed by [`TypeId`]. Emission reads only this model.
//! Everything here is ordered (`Vec` in a fixed order, `BTreeMap`), so the same
//! spec always gives the same model and the same YAML dump.

mod operations;
mod types;

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
    "Drift",
    "Error",
    "ErrorObject",
    "Expandable",
    "Extra",
    "HasId",
    "List",
    "Method",
    "Paginator",
    "RequestOptions",
    "Response",
    "SearchResult",
    "Timestamp",
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
}

/// Facts about the API as a whole, from `info` and `servers`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiInfo {
    /// `info.version`: Stripe's API version, sent as `Stripe-Version` by default.
    pub version: String,
    /// The first entry of `servers`, without a trailing slash.
    pub base_url: String,
}
