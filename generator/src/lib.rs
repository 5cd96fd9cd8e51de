//! Stripe OpenAPI → Rust client generator.
//!
//! Pipeline (see ARCHITECTURE.md): [`load`] → [`resolve`] → [`model`] → [`emit`].

pub mod config;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod model;
pub mod naming;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod resolve;

pub use error::{Error, Location, Result};
