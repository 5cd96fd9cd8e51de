//! A request's query string read as the operation declares its parameters:
//! `form` scalars (`limit=10`), `deepObject` objects (`created[gt]=...`) and
//! arrays (`types[]=a`, `types[0]=a`, or the key repeated), each turned into
//! the JSON value its schema describes so that it can be validated like a body.

use serde_json::{Map, Value};

use super::spec::QueryParam;

/// The parameters found, as JSON values, and every reason the query is not
/// well-formed (unknown names, bad keys, values of the wrong kind).
#[derive(Debug, Default)]
pub struct ParsedQuery {
    pub values: Vec<(String, Value)>,
    pub reasons: Vec<String>,
}

/// Reads `query` (the raw string after `?`, percent-encoded) for `params`.
pub fn parse(query: &str, params: &[QueryParam], schemas: &Map<String, Value>) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    // (parameter index, key suffix, value) in request order.
    let mut pieces: Vec<(usize, String, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let (base, suffix) = match key.find('[') {
            Some(at) => (&key[..at], &key[at..]),
            None => (&key[..], ""),
        };
        match params.iter().position(|p| p.name == base) {
            Some(index) => pieces.push((index, suffix.to_owned(), value.into_owned())),
            None => parsed
                .reasons
                .push(format!("query: unknown parameter `{key}`")),
        }
    }
    for (index, param) in params.iter().enumerate() {
        let mine: Vec<(&str, &str)> = pieces
            .iter()
            .filter(|(i, _, _)| *i == index)
            .map(|(_, suffix, value)| (suffix.as_str(), value.as_str()))
            .collect();
        if mine.is_empty() {
            if param.required {
                parsed.reasons.push(format!(
                    "query: required parameter `{}` is missing",
                    param.name
                ));
            }
            continue;
        }
        let schema = resolved(&param.schema, schemas);
        match value_of(param, schema, &mine, schemas) {
            Ok(value) => parsed.values.push((param.name.clone(), value)),
            Err(reason) => parsed
                .reasons
                .push(format!("query `{}`: {reason}", param.name)),
        }
    }
    parsed
}

fn resolved<'a>(schema: &'a Value, schemas: &'a Map<String, Value>) -> &'a Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| super::spec::resolve(schemas, r))
        .unwrap_or(schema)
}

fn kind(schema: &Value) -> &str {
    schema.get("type").and_then(Value::as_str).unwrap_or("")
}

fn value_of(
    param: &QueryParam,
    schema: &Value,
    pieces: &[(&str, &str)],
    schemas: &Map<String, Value>,
) -> Result<Value, String> {
    match kind(schema) {
        "array" => {
            let items = resolved(schema.get("items").unwrap_or(&Value::Null), schemas);
            array(param, items, pieces)
        }
        "object" => {
            if param.style != "deepObject" {
                return Err("an object parameter that is not `deepObject`".into());
            }
            let mut object = Map::new();
            for (suffix, value) in pieces {
                let member = suffix
                    .strip_prefix('[')
                    .and_then(|s| s.strip_suffix(']'))
                    .filter(|m| !m.is_empty() && !m.contains(['[', ']']))
                    .ok_or_else(|| format!("key `{}{suffix}` is not `name[member]`", param.name))?;
                let Some(member_schema) = schema.pointer(&format!("/properties/{member}")) else {
                    return Err(format!("unknown member `{}[{member}]`", param.name));
                };
                if object.contains_key(member) {
                    return Err(format!("`{}[{member}]` given twice", param.name));
                }
                let member_schema = resolved(member_schema, schemas);
                object.insert(member.to_owned(), scalar(member_schema, value)?);
            }
            Ok(Value::Object(object))
        }
        _ => match pieces {
            [("", value)] => scalar(schema, value),
            [(suffix, _)] => Err(format!(
                "a scalar parameter given as `{}{suffix}`",
                param.name
            )),
            _ => Err("a scalar parameter given more than once".into()),
        },
    }
}

/// Array items in one of the accepted spellings; one spelling per parameter,
/// indices from 0 without gaps.
fn array(param: &QueryParam, items: &Value, pieces: &[(&str, &str)]) -> Result<Value, String> {
    let mut indexed: Vec<(usize, &str)> = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    let mut spellings = std::collections::BTreeSet::new();
    for (suffix, value) in pieces {
        match *suffix {
            "" => {
                spellings.insert("repeated key");
                listed.push(value);
            }
            "[]" => {
                spellings.insert("`[]`");
                listed.push(value);
            }
            _ => {
                let index = suffix
                    .strip_prefix('[')
                    .and_then(|s| s.strip_suffix(']'))
                    .and_then(|s| s.parse::<usize>().ok())
                    .ok_or_else(|| {
                        format!("key `{}{suffix}` is not an array item key", param.name)
                    })?;
                spellings.insert("`[index]`");
                indexed.push((index, value));
            }
        }
    }
    if spellings.len() > 1 {
        let all: Vec<_> = spellings.into_iter().collect();
        return Err(format!(
            "array items spelled in more than one way: {}",
            all.join(", ")
        ));
    }
    if !indexed.is_empty() {
        indexed.sort_by_key(|(index, _)| *index);
        if indexed
            .iter()
            .enumerate()
            .any(|(at, (index, _))| at != *index)
        {
            return Err("array indices are not 0, 1, 2, ... without gaps or repeats".into());
        }
        listed = indexed.into_iter().map(|(_, value)| value).collect();
    }
    listed
        .into_iter()
        .map(|value| scalar(items, value))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// A scalar value read as its schema's type.
fn scalar(schema: &Value, value: &str) -> Result<Value, String> {
    match kind(schema) {
        "integer" => value
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("`{value}` is not an integer")),
        "number" => value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{value}` is not a number")),
        "boolean" => match value {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{value}` is not `true` or `false`")),
        },
        "string" | "" => Ok(Value::String(value.to_owned())),
        other => Err(format!(
            "a value of type `{other}` cannot be a query scalar"
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::{parse, ParsedQuery};
    use crate::v2_server::spec::QueryParam;

    fn params() -> Vec<QueryParam> {
        let param = |name: &str, style: &str, schema: Value| QueryParam {
            name: name.into(),
            style: style.into(),
            required: false,
            schema,
        };
        vec![
            param("limit", "form", json!({"type": "integer"})),
            param("open", "form", json!({"type": "boolean"})),
            param(
                "kinds",
                "deepObject",
                json!({"type": "array", "items": {"type": "string"}}),
            ),
            param(
                "when",
                "deepObject",
                json!({"type": "object", "properties": {
                "gt": {"type": "string"}, "lt": {"type": "string"}}}),
            ),
        ]
    }

    fn read(query: &str) -> ParsedQuery {
        parse(query, &params(), &Map::new())
    }

    #[test]
    fn well_formed_queries_become_json() {
        let parsed = read("limit=3&open=false&kinds[]=a&kinds[]=b%20c&when[gt]=x&when[lt]=y");
        assert!(parsed.reasons.is_empty(), "{:?}", parsed.reasons);
        let values: Map<String, Value> = parsed.values.into_iter().collect();
        assert_eq!(
            Value::Object(values),
            json!({"limit": 3, "open": false, "kinds": ["a", "b c"], "when": {"gt": "x", "lt": "y"}})
        );
        for spelling in [
            "kinds=a&kinds=b",
            "kinds[0]=a&kinds[1]=b",
            "kinds[1]=b&kinds[0]=a",
        ] {
            let parsed = read(spelling);
            assert!(
                parsed.reasons.is_empty(),
                "{spelling}: {:?}",
                parsed.reasons
            );
            assert_eq!(
                parsed.values,
                [("kinds".to_owned(), json!(["a", "b"]))],
                "{spelling}"
            );
        }
    }

    #[test]
    fn malformed_queries_are_refused() {
        let cases = [
            ("size=1", "unknown parameter `size`"),
            ("limit=1&limit=2", "more than once"),
            ("limit[x]=1", "given as `limit[x]`"),
            ("open=yes", "`yes` is not `true` or `false`"),
            ("kinds[]=a&kinds=b", "more than one way"),
            ("kinds[0]=a&kinds[2]=b", "without gaps"),
            ("kinds[x]=a", "not an array item key"),
            ("when=x", "is not `name[member]`"),
            ("when[gt][x]=1", "is not `name[member]`"),
            ("when[eq]=x", "unknown member `when[eq]`"),
            ("when[gt]=x&when[gt]=y", "given twice"),
        ];
        for (query, reason) in cases {
            let parsed = read(query);
            assert_eq!(parsed.reasons.len(), 1, "{query}: {:?}", parsed.reasons);
            assert!(
                parsed.reasons[0].contains(reason),
                "{query}: {}",
                parsed.reasons[0]
            );
        }
    }
}
