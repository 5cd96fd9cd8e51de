//! Unit tests of the emitter, on hand-made models (see [`fixture`]).

mod api;
mod api_v2;
mod conformance;
mod docs;
mod errors;
mod events;
mod features;
mod files;
mod fixture;
mod types;
mod types_v2;
