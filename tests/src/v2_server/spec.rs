//! The v2 operations of an upstream spec, read once: method, path template,
//! parameters, request body and responses, each kept as the spec's own schema
//! (OpenAPI 3.0) beside the component schemas they refer to.

use serde_json::{Map, Value};

/// The first path segment every v2 operation starts with.
const V2_PREFIX: &str = "/v2/";
/// The HTTP methods an operation can sit under in a path item.
const METHODS: [&str; 5] = ["get", "post", "delete", "put", "patch"];
/// Where component schemas are referred to from.
pub const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// What in a spec stops the server from reading it.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not JSON: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
    #[error("{pointer}: expected {expected}")]
    Shape {
        pointer: String,
        expected: &'static str,
    },
    #[error("{pointer}: `$ref` {target} does not name a component schema")]
    Ref { pointer: String, target: String },
    #[error("{pointer}: the schema does not compile as JSON Schema: {message}")]
    Compile { pointer: String, message: String },
}

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Param(String),
}

/// A query parameter as declared.
#[derive(Debug, Clone)]
pub struct QueryParam {
    pub name: String,
    /// `form` (the default) or `deepObject`.
    pub style: String,
    pub required: bool,
    /// The spec's schema (OpenAPI 3.0).
    pub schema: Value,
}

/// A declared JSON request body.
#[derive(Debug, Clone)]
pub struct Body {
    pub required: bool,
    pub schema: Value,
}

/// One alternative of an operation's `default` (error) response.
#[derive(Debug, Clone)]
pub struct ErrorAlternative {
    /// The component it names, e.g. `v2.error.not_found`.
    pub schema_name: String,
    /// The one `error.code` the schema allows, if it pins one; `None` for the generic error.
    pub code: Option<String>,
}

/// One v2 operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    /// Upper case, as on the wire.
    pub method: String,
    pub template: String,
    pub segments: Vec<Segment>,
    /// JSON pointer of the operation in the spec, for messages.
    pub pointer: String,
    pub query: Vec<QueryParam>,
    pub body: Option<Body>,
    /// The `200` response schema.
    pub ok: Value,
    pub errors: Vec<ErrorAlternative>,
    /// Whether the 200 response is a v2 list page (`data` and `next_page_url`).
    pub is_list: bool,
    /// The operation's own server, when it has one (meter event streams).
    pub server: Option<String>,
}

/// The v2 part of a spec.
#[derive(Debug, Clone)]
pub struct V2Spec {
    pub schemas: Map<String, Value>,
    pub operations: Vec<Operation>,
}

impl V2Spec {
    /// The newest upstream spec's v2 part, or `None` (with a notice) when
    /// `../shared` lacks it; under `CI=true` absence fails (as [`crate::shared`]).
    pub fn upstream() -> Option<Result<V2Spec, SpecError>> {
        let path = crate::upstream_of(crate::NEWEST_VERSION, "spec3.json")?;
        Some(V2Spec::from_path(&path))
    }

    /// Reads a JSON spec file.
    pub fn from_path(path: &std::path::Path) -> Result<V2Spec, SpecError> {
        let shown = path.display().to_string();
        let text = std::fs::read(path).map_err(|source| SpecError::Read {
            path: shown.clone(),
            source,
        })?;
        let spec: Value = serde_json::from_slice(&text).map_err(|source| SpecError::Json {
            path: shown,
            source,
        })?;
        V2Spec::from_value(&spec)
    }

    /// The v2 part of a parsed spec.
    pub fn from_value(spec: &Value) -> Result<V2Spec, SpecError> {
        let schemas = spec
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| shape("#/components/schemas", "an object"))?;
        let paths = spec
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| shape("#/paths", "an object"))?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            if !template.starts_with(V2_PREFIX) {
                continue;
            }
            let item_pointer = format!("#/paths/{}", escape(template));
            let item = item
                .as_object()
                .ok_or_else(|| shape(&item_pointer, "a path item object"))?;
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    let pointer = format!("{item_pointer}/{method}");
                    operations.push(operation(template, method, op, &pointer, &schemas)?);
                }
            }
        }
        Ok(V2Spec {
            schemas,
            operations,
        })
    }

    /// The operation a request's method and path (without query) name, with
    /// the path parameters' values. A template with more literal segments wins.
    pub fn find(&self, method: &str, path: &str) -> Option<(&Operation, Vec<(String, String)>)> {
        self.matching_path(path)
            .into_iter()
            .find(|(op, _)| op.method.eq_ignore_ascii_case(method))
    }

    /// Every operation whose template matches `path`, best first.
    pub fn matching_path(&self, path: &str) -> Vec<(&Operation, Vec<(String, String)>)> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut found: Vec<_> = self
            .operations
            .iter()
            .filter_map(|op| match_segments(&op.segments, &parts).map(|params| (op, params)))
            .collect();
        found.sort_by_key(|(op, _)| {
            std::cmp::Reverse(
                op.segments
                    .iter()
                    .filter(|s| matches!(s, Segment::Literal(_)))
                    .count(),
            )
        });
        found
    }

    /// A component schema by its `$ref`.
    pub fn resolve(&self, reference: &str) -> Option<&Value> {
        resolve(&self.schemas, reference)
    }
}

/// A component schema by its `$ref`.
pub fn resolve<'a>(schemas: &'a Map<String, Value>, reference: &str) -> Option<&'a Value> {
    schemas.get(reference.strip_prefix(COMPONENT_PREFIX)?)
}

/// JSON pointer escaping of one reference token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn shape(pointer: &str, expected: &'static str) -> SpecError {
    SpecError::Shape {
        pointer: pointer.to_owned(),
        expected,
    }
}

fn match_segments(segments: &[Segment], parts: &[&str]) -> Option<Vec<(String, String)>> {
    if segments.len() != parts.len() {
        return None;
    }
    let mut params = Vec::new();
    for (segment, part) in segments.iter().zip(parts) {
        match segment {
            Segment::Literal(literal) if literal == part => {}
            Segment::Literal(_) => return None,
            // An empty segment is a missing path parameter: it names no operation.
            Segment::Param(_) if part.is_empty() => return None,
            Segment::Param(name) => params.push((name.clone(), (*part).to_owned())),
        }
    }
    Some(params)
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .trim_start_matches('/')
        .split('/')
        .map(
            |part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(part.to_owned()),
            },
        )
        .collect()
}

fn operation(
    template: &str,
    method: &str,
    op: &Value,
    pointer: &str,
    schemas: &Map<String, Value>,
) -> Result<Operation, SpecError> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| shape(&format!("{pointer}/operationId"), "a string"))?
        .to_owned();
    let mut query = Vec::new();
    let params = op.get("parameters").and_then(Value::as_array);
    for (i, param) in params.into_iter().flatten().enumerate() {
        let at = format!("{pointer}/parameters/{i}");
        if param.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| shape(&format!("{at}/name"), "a string"))?;
        let schema = param
            .get("schema")
            .cloned()
            .ok_or_else(|| shape(&format!("{at}/schema"), "a schema"))?;
        query.push(QueryParam {
            name: name.to_owned(),
            style: param
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or("form")
                .to_owned(),
            required: param.get("required").and_then(Value::as_bool) == Some(true),
            schema,
        });
    }
    let body = match op.get("requestBody") {
        None => None,
        Some(body) => {
            let at = format!("{pointer}/requestBody/content/application~1json/schema");
            let schema = body
                .pointer("/content/application~1json/schema")
                .cloned()
                .ok_or_else(|| shape(&at, "a JSON request schema"))?;
            Some(Body {
                required: body.get("required").and_then(Value::as_bool) == Some(true),
                schema,
            })
        }
    };
    let ok_at = format!("{pointer}/responses/200/content/application~1json/schema");
    let ok = op
        .pointer("/responses/200/content/application~1json/schema")
        .cloned()
        .ok_or_else(|| shape(&ok_at, "a JSON response schema"))?;
    let is_list = ok
        .pointer("/properties/next_page_url")
        .is_some_and(|_| ok.pointer("/properties/data").is_some());
    let errors = error_alternatives(op, pointer, schemas)?;
    let server = op
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Operation {
        id,
        method: method.to_ascii_uppercase(),
        template: template.to_owned(),
        segments: segments(template),
        pointer: pointer.to_owned(),
        query,
        body,
        ok,
        errors,
        is_list,
        server,
    })
}

fn error_alternatives(
    op: &Value,
    pointer: &str,
    schemas: &Map<String, Value>,
) -> Result<Vec<ErrorAlternative>, SpecError> {
    let at = format!("{pointer}/responses/default/content/application~1json/schema");
    let Some(schema) = op.pointer("/responses/default/content/application~1json/schema") else {
        return Ok(Vec::new());
    };
    let single = [schema.clone()];
    let alternatives = match schema.get("oneOf").and_then(Value::as_array) {
        Some(list) => list.as_slice(),
        None => &single,
    };
    let mut out = Vec::new();
    for (i, alternative) in alternatives.iter().enumerate() {
        let reference = alternative
            .get("$ref")
            .and_then(Value::as_str)
            .ok_or_else(|| shape(&format!("{at}/oneOf/{i}"), "a `$ref` to an error schema"))?;
        let target = resolve(schemas, reference).ok_or_else(|| SpecError::Ref {
            pointer: format!("{at}/oneOf/{i}"),
            target: reference.to_owned(),
        })?;
        let code = target
            .pointer("/properties/error/properties/code/enum")
            .and_then(Value::as_array)
            .filter(|values| values.len() == 1)
            .and_then(|values| values[0].as_str())
            .map(str::to_owned);
        out.push(ErrorAlternative {
            schema_name: reference[COMPONENT_PREFIX.len()..].to_owned(),
            code,
        });
    }
    Ok(out)
}
