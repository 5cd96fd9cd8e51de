//! Stripe's API v2 in the model, over the 2026-01-28 spec's `/v2/` part with
//! `tests/v2.config.yaml` (v2 alone): every v2 operation is there, named in its
//! namespace (`v2::core`, `v2::billing`); bodies are JSON; lists are v2 pages
//! walked by `next_page_url`; each operation's declared error codes are the
//! ones its `default` schemas pin; `date-time` strings are `DateTime`; nullable
//! map values of v2 requests are `Clearable` (cleared by `null`). Each fact is
//! read from the spec's JSON here, independently of the generator. And v2
//! never renames v1: the whole-API model with `/v2/` included has the same v1
//! operations and types as with it excluded. Skipped with a notice when
//! `../shared/upstream/` is absent (failing under `CI=true`).

use std::collections::{BTreeMap, BTreeSet};

use generator::ir::{
    BodyMedia, Model, Namespace, Operation, Pagination, ParamStyle, TypeDef, TypeKind, TypeRef,
    UnionDef,
};
use serde_json::Value;
use workspace_tests::{model_of, root, upstream_of, NEWEST_VERSION};

/// The 2026 spec's JSON and its v2 model, or `None` (with a notice) when absent.
fn v2() -> Option<(Value, Model)> {
    let path = upstream_of(NEWEST_VERSION, "spec3.json")?;
    let text = std::fs::read_to_string(&path).expect("the spec reads");
    let spec: Value = serde_json::from_str(&text).expect("the spec is JSON");
    let model = model_of(&path, &root().join("tests/v2.config.yaml")).expect("v2 models");
    Some((spec, model))
}

/// `(METHOD, path)` of every operation of the spec under `/v2/`.
fn spec_v2_operations(spec: &Value) -> BTreeSet<(String, String)> {
    let paths = spec["paths"].as_object().expect("paths");
    paths
        .iter()
        .filter(|(path, _)| path.starts_with("/v2/"))
        .flat_map(|(path, item)| {
            ["get", "post", "delete", "put", "patch"]
                .into_iter()
                .filter(|m| item.get(*m).is_some())
                .map(|m| (m.to_ascii_uppercase(), path.clone()))
        })
        .collect()
}

/// The spec's operation object of `op`.
fn spec_op<'s>(spec: &'s Value, op: &Operation) -> &'s Value {
    &spec["paths"][&op.path][op.http_method.as_str().to_ascii_lowercase()]
}

/// A type as read in Rust, by the model's names (`V2List<Account>`).
fn render(model: &Model, ty: &TypeRef) -> String {
    let wrap = |name: &str, inner: &TypeRef| format!("{name}<{}>", render(model, inner));
    match ty {
        TypeRef::Named(id) => {
            let def = model.types.get(id).expect("a named type is in the model");
            let namespace = Namespace::of_type(id);
            match namespace.is_root() {
                true => def.name.clone(),
                false => format!("{namespace}::{}", def.name),
            }
        }
        TypeRef::Array(t) => wrap("Vec", t),
        TypeRef::Map(t) => wrap("Map", t),
        TypeRef::Clearable(t) => wrap("Clearable", t),
        TypeRef::V2List(t) => wrap("V2List", t),
        TypeRef::Expandable(t) => wrap("Expandable", t),
        TypeRef::List(t) => wrap("List", t),
        TypeRef::SearchResult(t) => wrap("SearchResult", t),
        other => other.to_string(),
    }
}

#[test]
fn every_v2_operation_is_modelled_in_its_namespace() {
    let Some((spec, model)) = v2() else { return };
    let modelled: BTreeSet<(String, String)> = model
        .operations
        .iter()
        .map(|op| (op.http_method.as_str().to_owned(), op.path.clone()))
        .collect();
    let in_spec = spec_v2_operations(&spec);
    assert_eq!(
        in_spec.len(),
        29,
        "the 2026-01-28 spec has 29 v2 operations"
    );
    assert_eq!(modelled, in_spec);
    // Only v1 is left out, by the config.
    assert!(model.skipped.iter().all(|s| s.operation.contains(" /v1/")));
    for op in &model.operations {
        let segment = op.path.split('/').nth(2).expect("a namespace segment");
        assert_eq!(
            op.namespace.to_string(),
            format!("v2::{segment}"),
            "{}",
            op.path
        );
        // The operation's own types live in its namespace's folder.
        for set in op.query.iter().chain(op.body.iter().map(|b| &b.params)) {
            let def = model.types.get(&set.ty).expect("parameters are a type");
            assert!(def
                .module
                .to_string()
                .starts_with(&format!("v2/{segment}/params/")));
        }
    }
    // Every type is API v2's, in a v2 module.
    for def in model.types.iter() {
        assert!(Namespace::of_type(&def.id).is_v2(), "{}", def.id);
        assert!(
            def.module.to_string().starts_with("v2/"),
            "{} in {}",
            def.id,
            def.module
        );
    }
}

#[test]
fn v2_names_snapshot() {
    let Some((_, model)) = v2() else { return };
    let mut out = String::new();
    for op in &model.operations {
        let path_args: Vec<&str> = op
            .path_params
            .iter()
            .map(|p| p.rust_name.as_str())
            .collect();
        let mut params: Vec<String> = path_args.iter().map(|a| format!("{a}: &str")).collect();
        if let Some(body) = &op.body {
            params.push(format!("&{}", body.params.name));
        }
        if let Some(query) = &op.query {
            params.push(format!("&{}", query.name));
        }
        let accessors: String = op
            .namespace
            .segments()
            .iter()
            .map(|s| format!("{s}()."))
            .collect();
        out.push_str(&format!(
            "{} {}\n    client.{accessors}{}().{}({}) -> {}{}\n",
            op.http_method.as_str(),
            op.path,
            op.group,
            op.method_name,
            params.join(", "),
            render(&model, &op.success.ty),
            match &op.server {
                Some(server) => format!("  [server {server}]"),
                None => String::new(),
            }
        ));
    }
    out.push('\n');
    let mut by_module: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in model.types.iter() {
        let module = def.module.to_string();
        let (folder, _) = module.rsplit_once('/').unwrap_or(("", &module));
        let mut names = def.name.clone();
        for alias in &def.aliases {
            names.push_str(&format!(" = {}", alias.name));
        }
        by_module
            .entry(folder.replace('/', "::"))
            .or_default()
            .push(names);
    }
    for (module, mut names) in by_module {
        names.sort();
        out.push_str(&format!("{module} ({})\n", names.len()));
        for name in names {
            out.push_str(&format!("    {name}\n"));
        }
    }
    insta::assert_snapshot!("v2_names", out);
}

#[test]
fn v2_bodies_are_json_and_v2_lists_are_walked_by_next_page_url() {
    let Some((spec, model)) = v2() else { return };
    let mut json_bodies = 0;
    let mut pages = 0;
    for op in &model.operations {
        let content = spec_op(&spec, op)["requestBody"]["content"].as_object();
        let declares_json = content.is_some_and(|c| c.contains_key("application/json"));
        match &op.body {
            Some(body) => {
                assert_eq!(body.media, BodyMedia::Json, "{}", op.path);
                assert!(body.params.styles.is_empty(), "JSON has no form encoding");
                json_bodies += 1;
            }
            None => assert!(!declares_json, "{} {}", op.http_method.as_str(), op.path),
        }
        let schema =
            &spec_op(&spec, op)["responses"]["200"]["content"]["application/json"]["schema"];
        let is_page = schema["properties"]
            .as_object()
            .is_some_and(|p| p.contains_key("next_page_url"));
        match (&op.success.ty, &op.pagination) {
            (TypeRef::V2List(item), Some(Pagination::NextPageUrl { item: walked })) => {
                assert!(is_page, "{}", op.path);
                assert_eq!(&**item, walked);
                let items = schema["properties"]["data"]["items"]["$ref"].as_str();
                assert_eq!(Some(item.to_string().as_str()), items);
                pages += 1;
            }
            (_, None) => assert!(!is_page, "{} is a page", op.path),
            (ty, other) => panic!("{}: {ty} walked as {other:?}", op.path),
        }
    }
    assert_eq!(json_bodies, 13, "13 v2 operations take a JSON body");
    assert_eq!(pages, 4, "four v2 lists");
}

#[test]
fn v2_query_parameters_keep_their_styles() {
    let Some((_, model)) = v2() else { return };
    let op = |method: &str, path: &str| {
        model
            .operations
            .iter()
            .find(|o| o.http_method.as_str() == method && o.path == path)
            .unwrap_or_else(|| panic!("{method} {path}"))
    };
    let events = op("GET", "/v2/core/events");
    let query = events.query.as_ref().expect("events take a query");
    let style = |name: &str| query.styles.get(name).map(|s| (s.style, s.explode));
    // An object in brackets (`created[gt]=...`); an array repeated
    // (`types=a&types=b`: form, exploded), though the spec says deepObject.
    assert_eq!(style("created"), Some((ParamStyle::DeepObject, true)));
    assert_eq!(style("types"), Some((ParamStyle::Form, true)));
    assert_eq!(style("page"), Some((ParamStyle::Form, true)));
    assert_eq!(style("limit"), Some((ParamStyle::Form, true)));
    let TypeKind::Struct(params) = &model.types.get(&query.ty).expect("query").kind else {
        panic!("the query is a struct");
    };
    let field = |name: &str| {
        params
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(field("types").ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(field("limit").ty, TypeRef::Integer);
    // `created[gt]` and its siblings are date-time strings.
    let TypeRef::Named(created) = &field("created").ty else {
        panic!("created is an object");
    };
    let TypeKind::Struct(created) = &model.types.get(created).expect("created").kind else {
        panic!("created is a struct");
    };
    let bounds: Vec<(&str, &TypeRef)> = created
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        bounds,
        [
            ("gt", &TypeRef::DateTime),
            ("gte", &TypeRef::DateTime),
            ("lt", &TypeRef::DateTime),
            ("lte", &TypeRef::DateTime)
        ]
    );
    let retrieve = op("GET", "/v2/core/accounts/{id}");
    let include = retrieve.query.as_ref().expect("include");
    assert_eq!(
        include.styles.get("include").map(|s| (s.style, s.explode)),
        Some((ParamStyle::Form, true))
    );
    // Every v2 array is repeated, every v2 object in brackets.
    for op in &model.operations {
        let Some(query) = &op.query else { continue };
        let TypeKind::Struct(s) = &model.types.get(&query.ty).expect("query").kind else {
            panic!("a query is a struct");
        };
        for field in &s.fields {
            let style = query.styles[&field.wire_name].style;
            match &field.ty {
                TypeRef::Array(_) => assert_eq!(style, ParamStyle::Form, "{}", field.wire_name),
                TypeRef::Named(id)
                    if matches!(
                        model.types.get(id).map(|d| &d.kind),
                        Some(TypeKind::Struct(_))
                    ) =>
                {
                    assert_eq!(style, ParamStyle::DeepObject, "{}", field.wire_name)
                }
                _ => {}
            }
        }
    }
}

/// The code each `v2.error.*` alternative of an operation's `default` schema
/// pins, with the schema and the other members of its `error` (but
/// `message`), read from the spec.
fn declared_codes(spec: &Value, op: &Operation) -> BTreeSet<(String, String, Vec<String>)> {
    let schema =
        &spec_op(spec, op)["responses"]["default"]["content"]["application/json"]["schema"];
    schema["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|alt| alt["$ref"].as_str())
        .filter_map(|reference| {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let error = &spec["components"]["schemas"][name]["properties"]["error"]["properties"];
            let mut members: Vec<String> = error
                .as_object()?
                .keys()
                .filter(|k| *k != "code" && *k != "message")
                .cloned()
                .collect();
            members.sort();
            match error["code"]["enum"].as_array()?.as_slice() {
                [Value::String(code)] => Some((code.clone(), name.to_owned(), members)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn each_operation_records_the_error_codes_it_declares() {
    let Some((spec, model)) = v2() else { return };
    let mut all = BTreeSet::new();
    for op in &model.operations {
        let recorded: BTreeSet<(String, String, Vec<String>)> = op
            .errors
            .iter()
            .map(|e| (e.code.clone(), e.schema.clone(), e.members.clone()))
            .collect();
        assert_eq!(recorded.len(), op.errors.len(), "codes are unique");
        assert_eq!(recorded, declared_codes(&spec, op), "{}", op.path);
        let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted by code");
        all.extend(recorded);
    }
    // The spec's 136 error schemas: the generic `v2.error` and 135 specific
    // ones, each declared by some operation and pinning a code of its own.
    let specific: BTreeSet<&str> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .filter(|k| k.starts_with("v2.error."))
        .map(String::as_str)
        .collect();
    assert_eq!(specific.len(), 135);
    let recorded: BTreeSet<&str> = all.iter().map(|(_, schema, _)| schema.as_str()).collect();
    assert_eq!(recorded, specific);
    let codes: BTreeSet<&str> = all.iter().map(|(code, _, _)| code.as_str()).collect();
    assert_eq!(codes.len(), specific.len(), "one code per schema");
    // Some add members of their own, beyond the runtime's error object's fields.
    let own: BTreeSet<&str> = all
        .iter()
        .flat_map(|(_, _, members)| members.iter().map(String::as_str))
        .filter(|m| !["doc_url", "type", "user_message"].contains(m))
        .collect();
    assert!(own.contains("duplicate_person_id"), "{own:?}");
}

/// Every property of the spec schema at a struct's pointer, by wire name.
fn spec_properties(spec: &Value, pointer: &str) -> Option<serde_json::Map<String, Value>> {
    match spec.pointer(pointer.trim_start_matches('#'))? {
        Value::Array(parameters) => Some(
            parameters
                .iter()
                .filter_map(|p| {
                    Some((
                        p.get("name")?.as_str()?.to_owned(),
                        p.get("schema")?.clone(),
                    ))
                })
                .collect(),
        ),
        schema => schema.get("properties")?.as_object().cloned(),
    }
}

#[test]
fn date_times_and_null_clears_follow_the_spec() {
    let Some((spec, model)) = v2() else { return };
    let (mut date_times, mut clears) = (0, 0);
    for def in model.types.iter() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        // A merged type stands for each member; its own pointer is enough.
        let properties = spec_properties(&spec, def.id.as_str())
            .unwrap_or_else(|| panic!("{} is at its pointer", def.id));
        for field in &s.fields {
            let property = &properties[&field.wire_name];
            let is_date_time = property["format"] == "date-time";
            assert_eq!(
                field.ty == TypeRef::DateTime,
                is_date_time,
                "{}.{}",
                def.name,
                field.wire_name
            );
            date_times += usize::from(is_date_time);
            let value = &property["additionalProperties"];
            if value["nullable"] == true && def.usage.is_request() {
                assert_eq!(
                    field.ty,
                    TypeRef::Map(Box::new(TypeRef::Clearable(Box::new(TypeRef::String)))),
                    "{}.{}",
                    def.name,
                    field.wire_name
                );
                clears += 1;
            } else {
                assert!(
                    !matches!(&field.ty, TypeRef::Map(v) if matches!(**v, TypeRef::Clearable(_))),
                    "{}.{}",
                    def.name,
                    field.wire_name
                );
            }
        }
    }
    assert!(date_times > 20, "{date_times} date-time fields");
    assert!(clears >= 4, "{clears} clearable metadata maps");
}

#[test]
fn v2_resources_keep_their_shapes() {
    let Some((_, model)) = v2() else { return };
    let named = |component: &str| {
        let id = generator::ir::TypeId(format!("#/components/schemas/{component}"));
        model
            .types
            .get(&id)
            .unwrap_or_else(|| panic!("{component}"))
    };
    // A dotted name is a namespace and a name; `object` is its tag.
    let account = named("v2.core.account");
    assert_eq!(account.name, "Account");
    assert_eq!(account.module.to_string(), "v2/core/resources/account");
    let TypeKind::Struct(s) = &account.kind else {
        panic!("an account is a struct")
    };
    assert_eq!(s.object.as_deref(), Some("v2.core.account"));
    let deleted = named("v2.deleted_object");
    assert_eq!(
        (deleted.name.as_str(), deleted.module.to_string().as_str()),
        ("DeletedObject", "v2/resources/deleted_object")
    );
    // A resource without an id.
    let TypeKind::Struct(meter_event) = &named("v2.billing.meter_event").kind else {
        panic!("a meter event is a struct")
    };
    assert!(meter_event.fields.iter().all(|f| f.wire_name != "id"));
    // `type` polymorphism: an open enum beside one optional object per value.
    let TypeKind::Struct(destination) = &named("v2.core.event_destination").kind else {
        panic!("a destination is a struct")
    };
    let field = |name: &str| destination.fields.iter().find(|f| f.wire_name == name);
    let TypeRef::Named(kind) = &field("type").expect("type").ty else {
        panic!("type is an enum")
    };
    let TypeKind::Enum(values) = &model.types.get(kind).expect("enum").kind else {
        panic!("type is an enum")
    };
    for value in &values.values {
        let sibling = field(&value.wire).unwrap_or_else(|| panic!("{}", value.wire));
        assert!(
            !sibling.required,
            "{} is there only for its type",
            value.wire
        );
        assert!(matches!(sibling.ty, TypeRef::Named(_)));
    }
    // Every DELETE answers with the deleted object; the meter event stream
    // goes to its own server.
    for op in &model.operations {
        if op.http_method.as_str() == "DELETE" {
            assert_eq!(render(&model, &op.success.ty), "v2::DeletedObject");
        }
        let stream = op.path == "/v2/billing/meter_event_stream";
        assert_eq!(
            op.server.as_deref() == Some("https://meter-events.stripe.com"),
            stream,
            "{}",
            op.path
        );
    }
}

#[test]
fn including_v2_renames_nothing_of_v1() {
    let Some(path) = upstream_of(NEWEST_VERSION, "spec3.json") else {
        return;
    };
    let config = root().join("spec/full-api.config.yaml");
    let text = std::fs::read_to_string(&config).expect("the whole-API config reads");
    // The whole-API config includes v2; the v1 crate is it with v2 excluded.
    assert!(
        !text.contains("\nexclude:"),
        "the whole-API config excludes nothing"
    );
    let with_v2 = text.clone();
    let text = format!("{text}\nexclude: [\"/v2/\"]\n");
    let spec = generator::load::Spec::from_path(&path).expect("the spec loads");
    let build = |config: &str| {
        let config = generator::config::Config::from_str(config, "full-api.config.yaml")
            .expect("the config reads");
        generator::model::build(&spec, &config).expect("the whole API models")
    };
    let v1 = build(&text);
    let both = build(&with_v2);
    assert_eq!(both.operations.len(), v1.operations.len() + 29);
    let v1_of_both: Vec<&Operation> = both
        .operations
        .iter()
        .filter(|op| op.namespace.is_root())
        .collect();
    assert_eq!(v1_of_both, v1.operations.iter().collect::<Vec<_>>());
    // The related-object union of thin events is v1's and v2's: with v2, the
    // v2 resources follow v1's variants, which stay as they are.
    let related = v1.events.as_ref().map(|e| &e.related);
    for (id, def) in &v1.types.types {
        let mut with_v2 = both.types.get(id).cloned();
        if Some(id) == related {
            if let Some(TypeDef {
                kind: TypeKind::Union(UnionDef::Tagged { variants }),
                ..
            }) = &mut with_v2
            {
                let before = variants.len();
                variants.retain(|v| !Namespace::of_type(&v.ty).is_v2());
                assert!(variants.len() < before, "v2 resources are variants");
            }
        }
        assert_eq!(with_v2.as_ref(), Some(def), "{id}");
    }
    let v2_types = both
        .types
        .iter()
        .filter(|def| Namespace::of_type(&def.id).is_v2())
        .count();
    assert_eq!(both.types.types.len(), v1.types.types.len() + v2_types);
    // The changelog from the v1 crate to the v1 + v2 crate: the 29 operations
    // added, each named through its namespace, and nothing else.
    let changes = generator::diff::diff(&v1, &both).changes;
    assert_eq!(changes.len(), 29, "{changes:#?}");
    for change in &changes {
        assert_eq!(change.kind, generator::diff::ChangeKind::OperationAdded);
        assert!(!change.breaking);
        assert!(change.subject.contains(" /v2/"), "{}", change.subject);
        assert!(change.detail.starts_with("`v2()."), "{}", change.detail);
    }
}

/// A small spec of our own: `POST /v1/widgets` (form) and `POST
/// /v2/things/widgets` (JSON) with the same derived names, v2 values of every
/// new kind, and a `default` error naming `errors` (`v2.error.*` components).
fn small_spec(errors: &[&str]) -> String {
    let alternatives: Vec<String> = errors
        .iter()
        .map(|e| format!(r##"{{"$ref": "#/components/schemas/{e}"}}"##))
        .collect();
    let error_schema = |code: &str| {
        format!(
            r#"{{"type": "object", "required": ["error"], "properties": {{"error": {{"type": "object", "properties": {{"code": {{"type": "string", "enum": ["{code}"]}}, "message": {{"type": "string"}}}}}}}}}}"#
        )
    };
    format!(
        r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
  "servers": [{{"url": "https://api.example.com/"}}],
  "paths": {{
    "/v1/widgets": {{"post": {{
      "requestBody": {{"content": {{"application/x-www-form-urlencoded": {{"schema": {{"type": "object", "properties": {{"note": {{"type": "string", "nullable": true}}}}}}}}}}}},
      "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/widget"}}}}}}}}}}}}}},
    "/v2/things/widgets": {{"post": {{
      "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object", "properties": {{
        "count": {{"type": "string", "format": "int64"}},
        "at": {{"type": "string", "format": "date-time"}},
        "note": {{"type": "string", "nullable": true}},
        "metadata": {{"type": "object", "additionalProperties": {{"type": "string", "nullable": true}}}}}}}}}}}}}},
      "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/v2.things.widget"}}}}}}}},
        "default": {{"description": "error", "content": {{"application/json": {{"schema": {{"oneOf": [{}]}}}}}}}}}}}}}}
  }},
  "components": {{"schemas": {{
    "widget": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}},
    "v2.things.widget": {{"type": "object", "properties": {{"id": {{"type": "string"}}, "count": {{"type": "string", "format": "int64"}}, "created": {{"type": "string", "format": "date-time"}}}}}},
    "v2.error": {{"type": "object", "properties": {{"error": {{"type": "object", "properties": {{"code": {{"type": "string"}}}}}}}}}},
    "v2.error.first": {},
    "v2.error.second": {},
    "v2.error.again": {}
  }}}}}}"##,
        alternatives.join(", "),
        error_schema("first_code"),
        error_schema("second_code"),
        error_schema("first_code"),
    )
}

const SMALL_CONFIG: &str = "crate: {name: x, version: 0.1.0, description: d}\noperations: all\n";

#[test]
fn new_kinds_clears_and_names_on_a_small_spec() {
    let spec = small_spec(&["v2.error.second", "v2.error", "v2.error.first"]);
    let model = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect("the spec models");
    let [v1, v2] = model.operations.as_slice() else {
        panic!("two operations");
    };
    // Same derived names, each in its own namespace: neither is qualified.
    assert_eq!(
        (v1.group.as_str(), v1.method_name.as_str()),
        ("widgets", "create")
    );
    assert_eq!(
        (v2.group.as_str(), v2.method_name.as_str()),
        ("widgets", "create")
    );
    assert_eq!(v2.namespace.to_string(), "v2::things");
    let body = |op: &Operation| {
        let body = op.body.as_ref().expect("a body");
        let def = model.types.get(&body.params.ty).expect("the body type");
        let TypeKind::Struct(s) = &def.kind else {
            panic!("a struct")
        };
        (
            body.media,
            def.name.clone(),
            def.module.clone(),
            s.fields.clone(),
        )
    };
    let (media, name, module, v1_fields) = body(v1);
    assert_eq!(
        (media, name.as_str(), module.to_string().as_str()),
        (BodyMedia::Form, "CreateWidget", "params/create_widget")
    );
    // v1 keeps `nullable` as it is.
    assert!(v1_fields[0].nullable && v1_fields[0].ty == TypeRef::String);
    let (media, name, module, fields) = body(v2);
    assert_eq!(
        (media, name.as_str(), module.to_string().as_str()),
        (
            BodyMedia::Json,
            "CreateWidget",
            "v2/things/params/create_widget"
        )
    );
    let shape: Vec<(&str, String, bool)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.ty.to_string(), f.nullable))
        .collect();
    assert_eq!(
        shape,
        [
            ("count", "int64_string".to_owned(), false),
            ("at", "date_time".to_owned(), false),
            ("note", "clearable<string>".to_owned(), false),
            ("metadata", "map<clearable<string>>".to_owned(), false),
        ]
    );
    let widget = model
        .types
        .get(&generator::ir::TypeId(
            "#/components/schemas/v2.things.widget".into(),
        ))
        .expect("the v2 widget");
    assert_eq!(
        (widget.name.as_str(), widget.module.to_string().as_str()),
        ("Widget", "v2/things/resources/widget")
    );
    let TypeKind::Struct(s) = &widget.kind else {
        panic!("a struct")
    };
    let types: Vec<String> = s.fields.iter().map(|f| f.ty.to_string()).collect();
    assert_eq!(types, ["string", "int64_string", "date_time"]);
    // The declared codes, sorted; the generic `v2.error` pins none.
    let codes: Vec<(&str, &str)> = v2
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.schema.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("first_code", "v2.error.first"),
            ("second_code", "v2.error.second")
        ]
    );
    assert!(v1.errors.is_empty());
}

#[test]
fn two_error_schemas_pinning_one_code_are_a_typed_error() {
    let spec = small_spec(&["v2.error.first", "v2.error.again"]);
    let err =
        workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect_err("one code, two schemas");
    assert_eq!(err.kind(), "Unsupported");
    let text = err.to_string();
    assert!(
        text.contains(
            "error code `first_code` is pinned by both `v2.error.first` and `v2.error.again`"
        ),
        "{text}"
    );
    assert!(
        text.contains("default"),
        "the location names the response: {text}"
    );
}

#[test]
fn a_dangling_error_schema_is_a_typed_error_at_its_place() {
    let spec = small_spec(&["v2.error.first", "v2.error.nowhere"]);
    let err = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect_err("a dangling $ref");
    assert_eq!(err.kind(), "UnresolvedRef");
    let text = err.to_string();
    assert!(text.contains("v2.error.nowhere"), "{text}");
    assert!(
        text.contains("default/content/application~1json/schema/oneOf/1"),
        "{text}"
    );
}

#[test]
fn odd_v2_names_fall_back_to_v1_rules_without_panicking() {
    // A component whose dotted parts make no module name is named as v1 names
    // it, in the root.
    let spec = small_spec(&[]).replace("v2.things.widget", "v2.😀.widget");
    let model = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect("odd names model");
    let widget = model
        .types
        .get(&generator::ir::TypeId(
            "#/components/schemas/v2.😀.widget".into(),
        ))
        .expect("the widget");
    assert!(Namespace::of_type(&widget.id).is_root());
    assert_eq!(
        (widget.name.as_str(), widget.module.to_string().as_str()),
        ("V2Widget", "resources/v2_widget")
    );
    // A path whose namespace segment makes no module name is in `v2` itself,
    // and that segment is then its group, which makes no module name either:
    // as for a v1 path, a typed error at the operation, not a panic.
    assert_eq!(Namespace::of_path("/v2/😀/widgets").0.to_string(), "v2");
    let spec = spec.replace("/v2/things/widgets", "/v2/😀/widgets");
    let err = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect_err("no group name");
    assert_eq!(err.kind(), "InvalidModule");
    assert!(
        err.to_string().contains("#/paths/~1v2~1😀~1widgets/"),
        "{err}"
    );
}

/// The crate-wide enum of error codes (`ir::Model::error_code`).
fn error_code_enum(model: &Model) -> &TypeDef {
    let id = model.error_code.as_ref().expect("v2 declares error codes");
    model.types.get(id).expect("the ErrorCode type")
}

#[test]
fn every_declared_code_is_one_value_of_the_error_code_enum() {
    let Some((spec, model)) = v2() else { return };
    let def = error_code_enum(&model);
    assert_eq!(
        (def.name.as_str(), def.module.to_string().as_str()),
        ("ErrorCode", "v2/resources/error_code")
    );
    let TypeKind::Enum(e) = &def.kind else {
        panic!("an enum: {:?}", def.kind)
    };
    // Read from the spec: the code each `v2.error.*` schema pins.
    let from_spec: BTreeSet<String> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .iter()
        .filter(|(name, _)| name.starts_with("v2.error."))
        .filter_map(|(_, s)| {
            s["properties"]["error"]["properties"]["code"]["enum"][0]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(from_spec.len(), 135);
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    assert!(wires.windows(2).all(|w| w[0] < w[1]), "sorted, each once");
    assert_eq!(
        wires
            .iter()
            .map(|w| (*w).to_owned())
            .collect::<BTreeSet<_>>(),
        from_spec
    );
    // Named by the one naming rule of enum values, the fallback's name free.
    let names: BTreeSet<&str> = e.values.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names.len(), e.values.len());
    assert!(!names.contains("Unrecognized"));
    for v in &e.values {
        assert_eq!(
            Some(v.rust_name.clone()),
            generator::naming::variant_ident(&v.wire),
            "{}",
            v.wire
        );
    }
    // Every operation's codes are values of it.
    for op in &model.operations {
        for case in &op.errors {
            assert!(wires.contains(&case.code.as_str()), "{}", case.code);
        }
    }
    // Deterministic: the same spec gives the same enum.
    let (_, again) = v2().expect("read above");
    assert_eq!(error_code_enum(&again), def);
}

#[test]
fn codes_named_alike_are_spelled_out_or_a_typed_error() {
    // `first-code` and `first_code` both read `FirstCode`: the rule of every
    // enum spells the punctuation out.
    let spec = small_spec(&["v2.error.first", "v2.error.second"])
        .replace("\"second_code\"", "\"first-code\"");
    let model = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect("the spec models");
    let TypeKind::Enum(e) = &error_code_enum(&model).kind else {
        panic!("an enum")
    };
    let values: Vec<(&str, &str)> = e
        .values
        .iter()
        .map(|v| (v.wire.as_str(), v.rust_name.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("first-code", "FirstMinusCode"),
            ("first_code", "FirstCode")
        ]
    );
    // `first__code` has no punctuation to spell: the clash is a typed error
    // naming both codes.
    let spec = small_spec(&["v2.error.first", "v2.error.second"])
        .replace("\"second_code\"", "\"first__code\"");
    let err = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect_err("two codes, one name");
    assert_eq!(err.kind(), "NameCollision");
    let text = err.to_string();
    assert!(
        text.contains("`first__code`") && text.contains("`first_code`"),
        "{text}"
    );
    // A code named as the fallback keeps a name of its own.
    let spec = small_spec(&["v2.error.first"]).replace("\"first_code\"", "\"unrecognized\"");
    let model = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect("the spec models");
    let TypeKind::Enum(e) = &error_code_enum(&model).kind else {
        panic!("an enum")
    };
    assert_eq!(e.values[0].rust_name, "UnrecognizedValue");
    // No declared code, no enum.
    let spec = small_spec(&["v2.error"]);
    let model = workspace_tests::model_of_str(&spec, SMALL_CONFIG).expect("the spec models");
    assert!(model.error_code.is_none());
}
