//! A request the spec allows, made for each operation from its own schemas:
//! path parameters filled, every query parameter but `page` (objects as
//! `deepObject` keys, arrays as `name[]`), and a fully filled JSON body. The
//! server's own sweep sends these to show it accepts what the spec declares.

use serde_json::{Map, Value};

use super::spec::{Operation, Segment};
use super::synth::{self, Fill};

/// One request, ready to send to the server's base URL.
#[derive(Debug, Clone)]
pub struct Sample {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// The JSON body, when the operation declares one.
    pub body: Option<String>,
}

/// The sample request of `op`: with `Fill::All` every query parameter and body
/// member; with `Fill::Required` only the required ones.
pub fn request(op: &Operation, schemas: &Map<String, Value>, fill: Fill) -> Sample {
    let path: Vec<String> = op
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(literal) => literal.clone(),
            Segment::Param(name) => format!("check_{name}"),
        })
        .collect();
    let mut query = form_urlencoded::Serializer::new(String::new());
    let wanted = |required: bool| fill == Fill::All || required;
    for param in op
        .query
        .iter()
        .filter(|p| p.name != "page" && wanted(p.required))
    {
        match synth::counted(&param.schema, schemas, fill).0 {
            Value::Object(members) => {
                for (member, value) in members {
                    query.append_pair(&format!("{}[{member}]", param.name), &text(&value));
                }
            }
            Value::Array(items) => {
                for item in items {
                    query.append_pair(&format!("{}[]", param.name), &text(&item));
                }
            }
            scalar => {
                query.append_pair(&param.name, &text(&scalar));
            }
        }
    }
    let query = query.finish();
    let mut target = format!("/{}", path.join("/"));
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    Sample {
        method: op.method.clone(),
        target,
        body: op
            .body
            .as_ref()
            .filter(|body| wanted(body.required))
            .map(|body| synth::counted(&body.schema, schemas, fill).0.to_string()),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
