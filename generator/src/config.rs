//! The generation config: which operations, what stays opaque, what is secret.
//!
//! ```yaml
//! crate: { name: stripe-client, version: 0.1.0, description: "..." }
//! operations: [ "POST /v1/tokens", "GET /v1/tokens/{token}" ]   # or: all
//! exclude: [ "/v2/" ]                    # path prefixes left out of the selection
//! opaque: [ account, customer ]          # component schemas kept as raw JSON
//! secret_fields: [ number, tax_id.value ] # fields redacted from Debug (`owner.field`: of `…_owner` types)
//! rename: { file: FileObject }          # component schema -> Rust type name (on a clash)
//! method_names:                          # an operation's method where the SDKs' name is not
//!   "DELETE /v1/subscriptions/{id}": cancel  # the one its path gives (clashes settled as usual)
//! examples:                              # doc examples, per operation
//!   "POST /v1/tokens": [ { title: ..., params: { ... } } ]
//! events:                                # the typed webhook `Event` (optional)
//!   envelope: event                      # component schema of the envelope
//!   objects: [ token, card ]             # or `all`: what `data.object` decodes into
//!   types: [ account.updated ]           # or { operation: "POST /v1/webhook_endpoints", field: enabled_events }
//! conformance: true                      # also write examples/conformance.rs
//! runtime: vendored                      # copy the runtime into src/runtime/ (default: crate,
//!                                        # a dependency on stripe-runtime)
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(rename = "crate")]
    pub krate: CrateSettings,
    pub operations: OperationSelection,
    /// Path prefixes whose operations are left out of the selection
    /// (`/v2/`: Stripe's API v2, until the generator supports it). Every
    /// operation left out is named in the model's `skipped` list and in a
    /// warning on every run (`cargo xtask codegen`, `ir`, `diff`), never in
    /// silence. A prefix matching nothing is fine (the whole-API config
    /// serves the 2023 and 2024 specs, which have no v2 paths).
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub opaque: BTreeSet<String>,
    #[serde(default)]
    pub secret_fields: BTreeSet<String>,
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Methods named otherwise than their path says (`cancel` for the
    /// `DELETE` that cancels a subscription), by operation key.
    #[serde(default)]
    pub method_names: BTreeMap<String, String>,
    #[serde(default)]
    pub examples: BTreeMap<String, Vec<ExampleConfig>>,
    /// The typed webhook event, when the crate has one.
    #[serde(default)]
    pub events: Option<EventsConfig>,
    /// Also write `examples/conformance.rs`, which calls every operation
    /// with parameters made from the model (for a mock server).
    #[serde(default)]
    pub conformance: bool,
    /// How the generated crate gets the runtime: a dependency on the
    /// `stripe-runtime` crate (default), or a copy of its files.
    #[serde(default)]
    pub runtime: RuntimeMode,
    /// Display name of the file the config came from.
    #[serde(skip)]
    pub file: String,
}

/// How the generated crate gets the hand-written runtime (`runtime/`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeMode {
    /// `stripe-runtime = { version = "=<its version>", path = <relative> }`
    /// and `pub use stripe_runtime as runtime;`.
    #[default]
    Crate,
    /// `runtime/src/*` copied into `src/runtime/` (`lib.rs` as `mod.rs`),
    /// the runtime's dependencies in the crate's own `Cargo.toml`: one crate
    /// to ship, as before the runtime was a crate.
    Vendored,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateSettings {
    pub name: String,
    pub version: String,
    pub description: String,
}

/// `all`, or a list of `"METHOD /path"` strings.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum OperationSelection {
    All(AllKeyword),
    List(Vec<String>),
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AllKeyword {
    All,
}

/// Where the typed `Event` comes from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// Component schema of the event envelope (Stripe's `event`).
    pub envelope: String,
    /// Component schemas `data.object` decodes into by its `object` tag: `all`
    /// (every tagged component the crate has but the envelope), or a list (each converted even
    /// when no operation reaches it). Any other object stays raw JSON.
    pub objects: ObjectSelection,
    /// The event type names (`type`): listed here, or taken from an enum the
    /// spec already has (the values of a request field of an operation).
    pub types: EventTypes,
}

/// `all`, or a list of component schema names.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ObjectSelection {
    All(AllKeyword),
    List(Vec<String>),
}

/// Event type names: a list, or the enum of an operation's request field.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum EventTypes {
    List(Vec<String>),
    Field(EnumField),
}

/// `{ operation: "POST /v1/webhook_endpoints", field: enabled_events }`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumField {
    pub operation: String,
    pub field: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleConfig {
    pub title: String,
    #[serde(default)]
    pub path: BTreeMap<String, String>,
    #[serde(default = "empty_object")]
    pub params: serde_json::Value,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// An operation key: upper-case method and path, as written in the config.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationKey {
    pub method: String,
    pub path: String,
}

impl std::fmt::Display for OperationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

impl OperationKey {
    pub fn parse(text: &str, file: &str) -> Result<OperationKey> {
        let mut parts = text.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(method), Some(path), None) if path.starts_with('/') => Ok(OperationKey {
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
            }),
            _ => Err(Error::Config {
                file: file.to_owned(),
                message: format!("`{text}` is not an operation: write `METHOD /path`"),
            }),
        }
    }
}

impl Config {
    pub fn from_path(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Config::from_str(&text, &path.display().to_string())
    }

    pub fn from_str(text: &str, file: &str) -> Result<Config> {
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| Error::Config {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        config.file = file.to_owned();
        // Validate keys early so typos are reported against the config.
        if let OperationSelection::List(list) = &config.operations {
            for op in list {
                OperationKey::parse(op, file)?;
            }
        }
        for prefix in &config.exclude {
            if !prefix.starts_with('/') {
                return Err(Error::Config {
                    file: file.to_owned(),
                    message: format!("exclude: `{prefix}` is not a path prefix: write `/v2/`"),
                });
            }
        }
        for op in config.examples.keys() {
            OperationKey::parse(op, file)?;
        }
        if let Some(EventsConfig {
            types: EventTypes::Field(field),
            ..
        }) = &config.events
        {
            OperationKey::parse(&field.operation, file)?;
        }
        Ok(config)
    }

    /// The `method_names` entries, by parsed operation key.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a key that is not `METHOD /path` or a name that
    /// is not a snake_case Rust identifier.
    pub fn method_names(&self) -> Result<BTreeMap<OperationKey, String>> {
        self.method_names
            .iter()
            .map(|(key, name)| {
                let key = OperationKey::parse(key, &self.file)?;
                let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && crate::naming::snake_ident(name) == *name;
                if !valid {
                    return Err(Error::Config {
                        file: self.file.clone(),
                        message: format!(
                            "method_names: `{name}` (for {key}) is not a snake_case Rust identifier"
                        ),
                    });
                }
                Ok((key, name.clone()))
            })
            .collect()
    }

    /// The `exclude` prefix that leaves out `path`, if any.
    pub fn excluded_by(&self, path: &str) -> Option<&str> {
        self.exclude
            .iter()
            .find(|prefix| path.starts_with(prefix.as_str()))
            .map(String::as_str)
    }

    /// The selected operations, or `None` for all of them.
    pub fn selected(&self) -> Result<Option<Vec<OperationKey>>> {
        match &self.operations {
            OperationSelection::All(_) => Ok(None),
            OperationSelection::List(list) => list
                .iter()
                .map(|op| OperationKey::parse(op, &self.file))
                .collect::<Result<Vec<_>>>()
                .map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "crate: {name: x, version: 0.1.0, description: d}\n";

    #[test]
    fn parses_list_and_all() {
        let c =
            Config::from_str(&format!("{MINIMAL}operations: [post /v1/tokens]\n"), "c").unwrap();
        let ops = c.selected().unwrap().unwrap();
        assert_eq!(ops[0].to_string(), "POST /v1/tokens");
        let c = Config::from_str(&format!("{MINIMAL}operations: all\n"), "c").unwrap();
        assert!(c.selected().unwrap().is_none());
    }

    #[test]
    fn runtime_mode_defaults_to_the_crate() {
        let c = Config::from_str(&format!("{MINIMAL}operations: all\n"), "c").unwrap();
        assert_eq!(c.runtime, RuntimeMode::Crate);
        let c = Config::from_str(
            &format!("{MINIMAL}operations: all\nruntime: vendored\n"),
            "c",
        )
        .unwrap();
        assert_eq!(c.runtime, RuntimeMode::Vendored);
        assert!(
            Config::from_str(&format!("{MINIMAL}operations: all\nruntime: copy\n"), "c").is_err()
        );
    }

    #[test]
    fn bad_operation_key_is_a_config_error() {
        let err =
            Config::from_str(&format!("{MINIMAL}operations: [tokens]\n"), "c.yaml").unwrap_err();
        assert!(
            err.to_string().contains("`tokens` is not an operation"),
            "{err}"
        );
    }

    #[test]
    fn events_take_either_form() {
        let c = Config::from_str(
            &format!("{MINIMAL}operations: all\nevents: {{envelope: event, objects: all, types: [a.b]}}\n"),
            "c",
        )
        .unwrap();
        let events = c.events.unwrap();
        assert!(matches!(events.objects, ObjectSelection::All(_)));
        assert!(matches!(&events.types, EventTypes::List(l) if l == &["a.b"]));
        let c = Config::from_str(
            &format!(
                "{MINIMAL}operations: all\nevents: {{envelope: event, objects: [card], \
                 types: {{operation: POST /v1/webhook_endpoints, field: enabled_events}}}}\n"
            ),
            "c",
        )
        .unwrap();
        let events = c.events.unwrap();
        assert!(matches!(&events.objects, ObjectSelection::List(l) if l == &["card"]));
        assert!(matches!(&events.types, EventTypes::Field(f) if f.field == "enabled_events"));
        let err = Config::from_str(
            &format!(
                "{MINIMAL}operations: all\nevents: {{envelope: event, objects: all, \
                 types: {{operation: webhooks, field: x}}}}\n"
            ),
            "c.yaml",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`webhooks` is not an operation"),
            "{err}"
        );
    }

    #[test]
    fn exclude_takes_path_prefixes() {
        let c = Config::from_str(
            &format!("{MINIMAL}operations: all\nexclude: [/v2/, /v1/things]\n"),
            "c",
        )
        .unwrap();
        assert_eq!(c.excluded_by("/v2/core/events"), Some("/v2/"));
        assert_eq!(c.excluded_by("/v1/things/{id}"), Some("/v1/things"));
        assert_eq!(c.excluded_by("/v1/tokens"), None);
        let err = Config::from_str(
            &format!("{MINIMAL}operations: all\nexclude: [v2]\n"),
            "c.yaml",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`v2` is not a path prefix"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = Config::from_str(&format!("{MINIMAL}operations: all\nopaqe: [a]\n"), "c.yaml")
            .unwrap_err();
        assert!(err.to_string().contains("opaqe"), "{err}");
    }
}
