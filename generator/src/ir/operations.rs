//! The operation layer: the HTTP surface of the selected operations.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Namespace, TypeId, TypeRef};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// The spec's `operationId` (`PostTokens`).
    pub operation_id: String,
    /// JSON pointer of the operation in the spec.
    pub location: String,
    /// Where the operation's group and its own types live: the crate root
    /// for v1, `v2::core` for `/v2/core/accounts` (`client.v2().core().accounts()`,
    /// `v2::core::CreateAccount`). Groups, methods and type names are unique
    /// within their namespace (`ir/namespace.rs`).
    #[serde(skip_serializing_if = "Namespace::is_root")]
    pub namespace: Namespace,
    /// Accessor group on the client, snake_case (`tokens` for `client.tokens()`),
    /// in [`Operation::namespace`].
    pub group: String,
    /// Rust name of the group's accessor struct (`Tokens`).
    pub group_type: String,
    /// Rust method name on the group (`create`, `retrieve`, `list`, ...).
    pub method_name: String,
    pub http_method: HttpMethod,
    /// Path template as written in the spec (`/v1/tokens/{token}`).
    pub path: String,
    /// The operation's own server (`servers` on the operation), without a
    /// trailing slash, when it differs from the API's (`https://files.stripe.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Path parameters in the order they appear in the template.
    pub path_params: Vec<PathParam>,
    /// Query parameters gathered into one struct, with each one's wire style.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<ParamSet>,
    /// The request body (form or multipart), with each top-level field's encoding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    /// The successful response (the lowest 2xx status). The error response
    /// (`default`) is not converted: every operation's is Stripe's error
    /// envelope, decoded by the runtime into `Error::Api` (`ErrorObject`).
    pub success: ResponseDef,
    /// The specific errors the operation declares (API v2: its `default`
    /// response's `v2.error.*` schemas, each pinning `error.code`), sorted by
    /// code: what an open enum of the operation's error codes lists. Empty
    /// for v1 and for v2 operations that declare only the generic `v2.error`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCase>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// How to walk through every page, when the operation returns a list
    /// page and takes the matching cursor parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Usage examples from the configuration, rendered as doc examples.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// A specific error an operation declares: a `v2.error.*` schema, whose
/// `error.code` is one fixed value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ErrorCase {
    /// The value of `error.code` (`account_rate_limit_exceeded`).
    pub code: String,
    /// The component schema declaring it (`v2.error.account_rate_limit_exceeded`).
    pub schema: String,
    /// The members of its `error` object besides `code` and `message`, sorted
    /// (`doc_url`, `user_message`, or its own: `duplicate_person_id`): what the
    /// runtime's `ErrorObject` keeps as fields or in `extra`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// A usage example: argument values in wire terms (JSON), which the emitter
/// turns into Rust builder calls by walking the parameter types.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Example {
    pub title: String,
    /// Path parameter values by wire name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub path: BTreeMap<String, String>,
    /// Query or body parameters as a JSON object keyed by wire name.
    pub params: serde_json::Value,
}

/// Pagination of a list operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pagination {
    /// `starting_after` / `ending_before` cursors: the id of the last (first) item.
    Cursor { item: TypeRef },
    /// `page` set to the previous result's `next_page`.
    Page { item: TypeRef },
    /// API v2: the next page is the URL in the page's `next_page_url`
    /// (`TypeRef::V2List`), fetched as it is until it is `null`.
    NextPageUrl { item: TypeRef },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathParam {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// A set of parameters emitted as one struct (a named type in the type space),
/// plus how each top-level parameter is put on the wire.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamSet {
    /// The operation's own name for its parameters (`RetrieveCustomer`): the
    /// name of `ty`, or, when merging shares `ty` between operations, of a
    /// `pub type` alias of it that the operation's signature names.
    pub name: String,
    /// The struct holding the parameters (`RetrieveToken`, or a shared
    /// `ExpandParams`).
    pub ty: TypeId,
    /// Wire style per top-level parameter, keyed by wire name.
    pub styles: BTreeMap<String, WireStyle>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestBody {
    pub media: BodyMedia,
    pub required: bool,
    pub params: ParamSet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyMedia {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `application/json` (API v2): the body struct as a JSON object, absent
    /// fields omitted; clearing a value sends `null` (`TypeRef::Clearable`).
    Json,
}

/// How a parameter is serialised. Stripe uses `deepObject` with `explode: true`
/// (bracket notation, arrays indexed) for anything structured, and `form` for scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WireStyle {
    pub style: ParamStyle,
    pub explode: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamStyle {
    Form,
    DeepObject,
    Simple,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseDef {
    /// HTTP status (`200`).
    pub status: u16,
    pub media: ResponseMedia,
    /// The response's media type (`application/json`, `application/pdf`).
    pub content_type: String,
    pub ty: TypeRef,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMedia {
    Json,
    /// Raw bytes (`application/pdf`, `application/octet-stream`, ...).
    Binary,
}
