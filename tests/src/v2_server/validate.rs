//! One request held against the v2 operations: which operation it is, and
//! every way it departs from what that operation declares (path, query,
//! headers, JSON body).

use serde_json::Value;

use super::query;
use super::schema::{self, Side};
use super::spec::{Operation, SpecError, V2Spec};

/// A request as the server saw it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The percent-encoded path, without query.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    pub content_type: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub body: &'a [u8],
}

/// What a request was found to be.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The index of its operation in [`V2Spec::operations`], when one matches.
    pub operation: Option<usize>,
    pub path_params: Vec<(String, String)>,
    /// The query parameters read as JSON values (e.g. `page`).
    pub query: Vec<(String, Value)>,
    /// The parsed body, when there is one and it is JSON.
    pub body: Option<Value>,
    /// Empty when the request is valid.
    pub reasons: Vec<String>,
}

/// The validators of one operation, compiled once.
struct Compiled {
    body: Option<jsonschema::Validator>,
    query: Vec<Option<jsonschema::Validator>>,
}

/// Checks requests against a spec's v2 operations.
pub struct Checker {
    spec: V2Spec,
    compiled: Vec<Compiled>,
}

impl Checker {
    /// Compiles every operation's body and query schemas.
    pub fn new(spec: V2Spec) -> Result<Checker, SpecError> {
        let mut compiled = Vec::with_capacity(spec.operations.len());
        for op in &spec.operations {
            let body = match &op.body {
                Some(body) => {
                    let pointer = format!("{}/requestBody", op.pointer);
                    Some(compile(&body.schema, &spec, &pointer)?)
                }
                None => None,
            };
            let mut query = Vec::with_capacity(op.query.len());
            for param in &op.query {
                let pointer = format!("{} parameter `{}`", op.pointer, param.name);
                query.push(Some(compile(&param.schema, &spec, &pointer)?));
            }
            compiled.push(Compiled { body, query });
        }
        Ok(Checker { spec, compiled })
    }

    pub fn spec(&self) -> &V2Spec {
        &self.spec
    }

    /// Validates `request`.
    pub fn check(&self, request: &Request<'_>) -> Finding {
        let mut finding = Finding {
            operation: None,
            path_params: Vec::new(),
            query: Vec::new(),
            body: None,
            reasons: Vec::new(),
        };
        let Some((op, params)) = self.spec.find(request.method, request.path) else {
            let reason = if self.spec.matching_path(request.path).is_empty() {
                format!("path {}: no v2 operation has this path", request.path)
            } else {
                format!(
                    "path {}: no v2 operation for {}",
                    request.path, request.method
                )
            };
            finding.reasons.push(reason);
            return finding;
        };
        let index = self
            .spec
            .operations
            .iter()
            .position(|o| std::ptr::eq(o, op))
            .expect("find returns one of the spec's operations");
        finding.operation = Some(index);
        for (name, value) in &params {
            match percent_encoding::percent_decode_str(value).decode_utf8() {
                Ok(decoded) => finding
                    .path_params
                    .push((name.clone(), decoded.into_owned())),
                Err(_) => finding
                    .reasons
                    .push(format!("path parameter `{name}`: not UTF-8 once decoded")),
            }
        }
        if !request
            .authorization
            .is_some_and(|value| value.starts_with("Bearer ") || value.starts_with("Basic "))
        {
            finding
                .reasons
                .push("header Authorization: no `Bearer` or `Basic` credentials".into());
        }
        self.check_query(op, &self.compiled[index], request, &mut finding);
        self.check_body(op, &self.compiled[index], request, &mut finding);
        finding
    }

    fn check_query(
        &self,
        op: &Operation,
        compiled: &Compiled,
        request: &Request<'_>,
        finding: &mut Finding,
    ) {
        let parsed = query::parse(request.query, &op.query, &self.spec.schemas);
        finding.reasons.extend(parsed.reasons);
        for (name, value) in parsed.values {
            let at = op.query.iter().position(|p| p.name == name);
            if let Some(Some(validator)) = at.map(|i| &compiled.query[i]) {
                let prefix = format!("query `{name}`");
                finding
                    .reasons
                    .extend(schema::reasons(validator, &value, &prefix));
            }
            finding.query.push((name, value));
        }
    }

    fn check_body(
        &self,
        op: &Operation,
        compiled: &Compiled,
        request: &Request<'_>,
        finding: &mut Finding,
    ) {
        let (Some(declared), Some(validator)) = (&op.body, &compiled.body) else {
            // The official SDKs send `{}` as JSON for a v2 POST without
            // parameters (so does the runtime): an empty object is no body.
            let empty_object = request.body == b"{}"
                && request
                    .content_type
                    .is_some_and(|t| t.starts_with("application/json"));
            if !request.body.is_empty() && !empty_object {
                finding.reasons.push(format!(
                    "body: {} {} declares no request body, yet {} bytes came",
                    op.method,
                    op.template,
                    request.body.len()
                ));
            }
            return;
        };
        if request.body.is_empty() {
            if declared.required {
                finding.reasons.push("body: required, and absent".into());
            }
            return;
        }
        let media = request
            .content_type
            .map(|value| value.split(';').next().unwrap_or("").trim());
        if !media.is_some_and(|m| m.eq_ignore_ascii_case("application/json")) {
            finding.reasons.push(format!(
                "header Content-Type: `{}`, where the body is declared `application/json`",
                request.content_type.unwrap_or("(none)")
            ));
            return;
        }
        match serde_json::from_slice::<Value>(request.body) {
            Ok(body) => {
                finding
                    .reasons
                    .extend(schema::reasons(validator, &body, "body"));
                finding.body = Some(body);
            }
            Err(e) => finding.reasons.push(format!("body: not JSON: {e}")),
        }
    }
}

fn compile(
    schema: &Value,
    spec: &V2Spec,
    pointer: &str,
) -> Result<jsonschema::Validator, SpecError> {
    let document = schema::document(schema, &spec.schemas, Side::Request);
    schema::compile(&document).map_err(|message| SpecError::Compile {
        pointer: pointer.to_owned(),
        message,
    })
}
