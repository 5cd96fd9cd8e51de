//! A small hand-made model (a slice of the tokens API, plus the shapes the
//! emitter must handle), and helpers to emit and inspect it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use crate::emit::{emit_crate, EmitOptions, GeneratedFile};
use crate::ir::*;

pub(super) fn id(pointer: &str) -> TypeId {
    TypeId(pointer.to_owned())
}

pub(super) fn schema(name: &str) -> TypeId {
    id(&format!("#/components/schemas/{name}"))
}

pub(super) fn named(pointer: &TypeId) -> TypeRef {
    TypeRef::Named(pointer.clone())
}

/// A field; `rust` is derived from `wire` unless it differs (`r#type`).
pub(super) fn field(wire: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
    Field {
        wire_name: wire.to_owned(),
        rust_name: if wire == "type" {
            "r#type".to_owned()
        } else {
            wire.to_owned()
        },
        ty,
        required,
        nullable,
        shape: FieldShape::Option,
        clear: None,
        boxed: false,
        secret: false,
        place: None,
        docs: None,
    }
}

pub(super) fn secret(mut f: Field) -> Field {
    f.secret = true;
    f
}

pub(super) fn boxed(mut f: Field) -> Field {
    f.boxed = true;
    f
}

pub(super) fn documented(mut f: Field, docs: &str) -> Field {
    f.docs = Some(docs.to_owned());
    f
}

/// `resources/token` (or `v2/core/resources/account`, in a namespace) as a [`ModulePath`].
pub(super) fn module_path(module: &str) -> ModulePath {
    let (path, file) = module.rsplit_once('/').expect("`folder/file`");
    let (namespace, folder) = match path.rsplit_once('/') {
        Some((namespace, folder)) => (Some(namespace), folder),
        None => (None, path),
    };
    let folder = match folder {
        "params" => ModuleFolder::Params,
        "resources" => ModuleFolder::Resources,
        other => panic!("no type folder `{other}`"),
    };
    let module = ModulePath::new(folder, file);
    match namespace {
        // The namespace of a v2 component (`v2.core.x`): its segments.
        Some(namespace) => {
            let dotted = format!("{}.x", namespace.replace('/', "."));
            module.in_namespace(&crate::ir::Namespace::of_component(&dotted).0)
        }
        None => module,
    }
}

pub(super) fn def(id: TypeId, name: &str, module: &str, usage: Usage, kind: TypeKind) -> TypeDef {
    TypeDef {
        id,
        name: name.to_owned(),
        origin: Origin::Inline { title: None },
        module: module_path(module),
        resource: None,
        usage,
        docs: None,
        kind,
        merged: Vec::new(),
        aliases: Vec::new(),
    }
}

pub(super) fn strukt(fields: Vec<Field>, object: Option<&str>) -> TypeKind {
    TypeKind::Struct(StructDef {
        fields,
        object: object.map(str::to_owned),
    })
}

pub(super) fn enumeration(values: &[(&str, &str)]) -> TypeKind {
    TypeKind::Enum(EnumDef {
        values: values
            .iter()
            .map(|(wire, rust)| EnumValue {
                wire: (*wire).to_owned(),
                rust_name: (*rust).to_owned(),
            })
            .collect(),
        bypass_validation: false,
    })
}

pub(super) fn opaque(object: &str, deleted: bool) -> TypeKind {
    TypeKind::Opaque(OpaqueDef {
        object: Some(object.to_owned()),
        deleted,
    })
}

pub(super) fn tagged(variants: &[(&str, &str, bool, &TypeId)]) -> TypeKind {
    TypeKind::Union(UnionDef::Tagged {
        variants: variants
            .iter()
            .map(|(rust, object, deleted, ty)| TaggedVariant {
                rust_name: (*rust).to_owned(),
                object: (*object).to_owned(),
                deleted: *deleted,
                ty: (*ty).clone(),
                boxed: false,
            })
            .collect(),
    })
}

pub(super) fn untagged(variants: &[(&str, TypeRef)]) -> TypeKind {
    TypeKind::Union(UnionDef::Untagged {
        variants: variants
            .iter()
            .map(|(rust, ty)| UntaggedVariant {
                rust_name: (*rust).to_owned(),
                ty: ty.clone(),
                boxed: false,
            })
            .collect(),
    })
}

/// Docs with everything rustdoc and clippy complain about when left as is.
pub(super) const NASTY_DOCS: &str = "<p>The <code>id_number</code> of [a person]. See https://stripe.com/docs/pii, \
(https://example.com/a_(b)) or <a href=\"/docs/connect\">Connect</a>.</p>\n\
<ul><li>First item\nlazily continued</li><li>Second <strong>item</strong></li></ul>\n\
    Indented line that is not code.\n\
* list item\ncontinued lazily\n\n\
```\nnot rust\n```\n\
An <string> placeholder, a <a href=\"https://x.test/y\">https://x.test/y</a> link, a\tx < y comparison, \
a [link](https://stripe.com) and `code with [brackets] and <tags>`.\n\
<pre>{\n  \"id\": 1\n}</pre>\n\
[1]: footnote-like";

pub(super) const CREATE_TOKEN: &str = "#/paths/~1v1~1tokens/post/requestBody";
pub(super) const RETRIEVE_TOKEN: &str = "#/paths/~1v1~1tokens~1{token}/get/parameters";

fn ids() -> BTreeMap<&'static str, TypeId> {
    let p = |s: &str| id(&format!("{CREATE_TOKEN}/{s}"));
    BTreeMap::from([
        ("token", schema("token")),
        ("card", schema("card")),
        ("card_brand", schema("card/properties/brand")),
        ("address", schema("address")),
        ("customer", schema("customer")),
        ("deleted_customer", schema("deleted_customer")),
        ("payment_source", schema("payment_source")),
        ("create_token", id(CREATE_TOKEN)),
        ("create_token_card", p("card")),
        ("create_token_card_details", p("card/anyOf/0")),
        ("create_token_bank_account", p("bank_account")),
        (
            "holder_type",
            p("bank_account/properties/account_holder_type"),
        ),
        ("create_token_pii", p("pii")),
        ("retrieve_token", id(RETRIEVE_TOKEN)),
    ])
}

/// Response types: `Token`, `Card` (+ `CardBrand`), `Address` (both ways),
/// opaque customers, a tagged `PaymentSource`.
fn response_types(ids: &BTreeMap<&str, TypeId>) -> Vec<TypeDef> {
    let mut token = def(
        ids["token"].clone(),
        "Token",
        "resources/token",
        Usage::Response,
        strukt(
            vec![
                documented(
                    field("card", named(&ids["card"]), false, false),
                    "The card this token <a href=\"https://stripe.com/docs/api#cards\">represents</a>.",
                ),
                field("client_ip", TypeRef::String, true, true),
                field("created", TypeRef::Timestamp, true, false),
                field(
                    "customer",
                    TypeRef::Expandable(Box::new(named(&ids["customer"]))),
                    false,
                    true,
                ),
                field("description", TypeRef::String, false, true),
                field("id", TypeRef::String, true, false),
                field("livemode", TypeRef::Boolean, true, false),
                field("object", TypeRef::String, true, false),
                field("type", TypeRef::String, true, false),
                field("used", TypeRef::Boolean, true, false),
            ],
            Some("token"),
        ),
    );
    token.docs = Some(
        "<p>Tokenization is the process Stripe uses to collect sensitive card details.</p>\n\
         <p>See https://stripe.com/docs/tokens and [the guide](https://stripe.com/docs).</p>"
            .to_owned(),
    );
    let card = def(
        ids["card"].clone(),
        "Card",
        "resources/card",
        Usage::Response,
        strukt(
            vec![
                field("address", named(&ids["address"]), false, true),
                field("brand", named(&ids["card_brand"]), true, false),
                field("exp_month", TypeRef::Integer, true, false),
                field("id", TypeRef::String, true, false),
                field("last4", TypeRef::String, true, false),
                field(
                    "metadata",
                    TypeRef::Map(Box::new(TypeRef::String)),
                    false,
                    true,
                ),
                field("object", TypeRef::String, true, false),
                boxed(field("replacement", named(&ids["card"]), false, true)),
                field("risk_score", TypeRef::Number, false, false),
                field(
                    "tags",
                    TypeRef::Array(Box::new(TypeRef::String)),
                    false,
                    false,
                ),
            ],
            Some("card"),
        ),
    );
    let brand = def(
        ids["card_brand"].clone(),
        "CardBrand",
        "resources/card",
        Usage::Response,
        enumeration(&[
            ("American Express", "AmericanExpress"),
            ("MasterCard", "MasterCard"),
            ("Visa", "Visa"),
        ]),
    );
    let address = def(
        ids["address"].clone(),
        "Address",
        "resources/address",
        Usage::Both,
        strukt(
            vec![
                field("city", TypeRef::String, false, true),
                field("country", TypeRef::String, false, false),
                field("line1", TypeRef::String, true, false),
            ],
            None,
        ),
    );
    let customer = def(
        ids["customer"].clone(),
        "Customer",
        "resources/customer",
        Usage::Response,
        opaque("customer", false),
    );
    let deleted_customer = def(
        ids["deleted_customer"].clone(),
        "DeletedCustomer",
        "resources/deleted_customer",
        Usage::Response,
        opaque("customer", true),
    );
    let source = def(
        ids["payment_source"].clone(),
        "PaymentSource",
        "resources/payment_source",
        Usage::Response,
        tagged(&[
            ("Card", "card", false, &ids["card"]),
            ("Customer", "customer", false, &ids["customer"]),
            (
                "DeletedCustomer",
                "customer",
                true,
                &ids["deleted_customer"],
            ),
        ]),
    );
    vec![
        token,
        card,
        brand,
        address,
        customer,
        deleted_customer,
        source,
    ]
}

/// Request types of `create` and `retrieve`.
fn request_types(ids: &BTreeMap<&str, TypeId>) -> Vec<TypeDef> {
    let request = |key: &str, name: &str, module: &str, kind| {
        def(ids[key].clone(), name, module, Usage::Request, kind)
    };
    let create = request(
        "create_token",
        "CreateToken",
        "params/create_token",
        strukt(
            vec![
                field(
                    "bank_account",
                    named(&ids["create_token_bank_account"]),
                    false,
                    false,
                ),
                documented(
                    field("card", named(&ids["create_token_card"]), false, false),
                    "The card this token will represent. If you also pass in a customer, \
                     the card must be the ID of a card belonging to the customer.",
                ),
                field("customer", TypeRef::String, false, false),
                field(
                    "expand",
                    TypeRef::Array(Box::new(TypeRef::String)),
                    false,
                    false,
                ),
                field(
                    "metadata",
                    TypeRef::Clearable(Box::new(TypeRef::Map(Box::new(TypeRef::String)))),
                    false,
                    false,
                ),
                field("pii", named(&ids["create_token_pii"]), false, false),
            ],
            None,
        ),
    );
    let card = request(
        "create_token_card",
        "CreateTokenCard",
        "params/create_token",
        untagged(&[
            ("Details", named(&ids["create_token_card_details"])),
            ("Id", TypeRef::String),
        ]),
    );
    let details = request(
        "create_token_card_details",
        "CreateTokenCardDetails",
        "params/create_token",
        strukt(
            vec![
                field("address", named(&ids["address"]), false, false),
                secret(field("cvc", TypeRef::String, false, false)),
                field("exp_month", TypeRef::String, true, false),
                field("exp_year", TypeRef::String, true, false),
                secret(field("number", TypeRef::String, true, false)),
            ],
            None,
        ),
    );
    let bank = request(
        "create_token_bank_account",
        "CreateTokenBankAccount",
        "params/create_token",
        strukt(
            vec![
                field("account_holder_name", TypeRef::String, true, false),
                field(
                    "account_holder_type",
                    named(&ids["holder_type"]),
                    true,
                    false,
                ),
                secret(field("account_number", TypeRef::String, true, false)),
                field("account_type", TypeRef::String, true, false),
                field("bank_name", TypeRef::String, true, false),
                field("country", TypeRef::String, true, false),
                field("currency", TypeRef::String, true, false),
                field("default", TypeRef::Boolean, false, false),
                field("is_primary", TypeRef::Boolean, false, false),
                field("routing_number", TypeRef::String, true, false),
                field(
                    "weights",
                    TypeRef::Clearable(Box::new(TypeRef::Array(Box::new(TypeRef::Number)))),
                    false,
                    false,
                ),
            ],
            None,
        ),
    );
    let holder = request(
        "holder_type",
        "CreateTokenBankAccountAccountHolderType",
        "params/create_token",
        enumeration(&[("company", "Company"), ("individual", "Individual")]),
    );
    let mut pii = request(
        "create_token_pii",
        "CreateTokenPii",
        "params/create_token",
        strukt(
            vec![documented(
                secret(field("id_number", TypeRef::String, false, false)),
                NASTY_DOCS,
            )],
            None,
        ),
    );
    pii.docs = Some(NASTY_DOCS.to_owned());
    let retrieve = request(
        "retrieve_token",
        "RetrieveToken",
        "params/retrieve_token",
        strukt(
            vec![field(
                "expand",
                TypeRef::Array(Box::new(TypeRef::String)),
                false,
                false,
            )],
            None,
        ),
    );
    vec![create, card, details, bank, holder, pii, retrieve]
}

fn param_set(ty: &TypeId, name: &str) -> ParamSet {
    ParamSet {
        name: name.to_owned(),
        ty: ty.clone(),
        styles: BTreeMap::new(),
    }
}

pub(super) fn operation(
    id: &str,
    method_name: &str,
    http_method: HttpMethod,
    path: &str,
    success: TypeRef,
) -> Operation {
    Operation {
        operation_id: id.to_owned(),
        location: format!("#/paths/{}", path.replace('/', "~1")),
        namespace: crate::ir::Namespace::root(),
        group: "tokens".to_owned(),
        group_type: "Tokens".to_owned(),
        method_name: method_name.to_owned(),
        http_method,
        path: path.to_owned(),
        server: None,
        pagination: None,
        path_params: Vec::new(),
        query: None,
        body: None,
        success: ResponseDef {
            status: 200,
            media: ResponseMedia::Json,
            content_type: "application/json".to_owned(),
            ty: success,
        },
        errors: Vec::new(),
        docs: None,
        examples: Vec::new(),
        segments: Vec::new(),
        call: Call::unsettled(),
    }
}

pub(super) fn path_param(wire: &str) -> PathParam {
    PathParam {
        wire_name: wire.to_owned(),
        rust_name: wire.to_owned(),
        ty: TypeRef::String,
        docs: None,
    }
}

fn operations(ids: &BTreeMap<&str, TypeId>) -> Vec<Operation> {
    let token = named(&ids["token"]);
    let mut create = operation(
        "PostTokens",
        "create",
        HttpMethod::Post,
        "/v1/tokens",
        token.clone(),
    );
    create.docs = Some(
        "<p>Creates a single-use token that represents a credit card’s details.\n    \
         This token can be used in place of a credit card [dictionary] with any API method.</p>"
            .to_owned(),
    );
    create.body = Some(RequestBody {
        media: BodyMedia::Form,
        required: false,
        params: param_set(&ids["create_token"], "CreateToken"),
    });
    create.examples = vec![
        Example {
            title: "Create a card token".to_owned(),
            path: BTreeMap::new(),
            params: json!({
                "card": {
                    "number": "4242424242424242",
                    "exp_month": "8",
                    "exp_year": "2026",
                    "cvc": "314",
                    "address": {"line1": "1 Main St", "city": "Berlin"}
                },
                "expand": ["card"],
                "metadata": {"order_id": "6735"}
            }),
        },
        Example {
            title: "Create a bank account token".to_owned(),
            path: BTreeMap::new(),
            params: json!({
                "bank_account": {
                    "account_holder_name": "Jenny Rosen",
                    "account_holder_type": "individual",
                    "account_number": "000123456789",
                    "account_type": "checking",
                    "bank_name": "STRIPE TEST BANK",
                    "country": "US",
                    "currency": "usd",
                    "routing_number": "110000000",
                    "weights": [1, 2.5],
                    "is_primary": true
                },
                "card": "card_123",
                "metadata": ""
            }),
        },
    ];
    let mut retrieve = operation(
        "GetTokensToken",
        "retrieve",
        HttpMethod::Get,
        "/v1/tokens/{token}",
        token.clone(),
    );
    retrieve.docs = Some("<p>Retrieves the token with the given ID.</p>".to_owned());
    retrieve.path_params = vec![path_param("token")];
    retrieve.query = Some(param_set(&ids["retrieve_token"], "RetrieveToken"));
    retrieve.examples = vec![Example {
        title: "Retrieve a token".to_owned(),
        path: BTreeMap::from([("token".to_owned(), "tok_123".to_owned())]),
        params: json!({"expand": ["card"]}),
    }];
    let mut verify = operation(
        "PostTokensTokenVerify",
        "verify",
        HttpMethod::Post,
        "/v1/tokens/{token}/verify",
        token,
    );
    verify.path_params = vec![path_param("token")];
    // Shares both parameter structs, under names of its own (aliases).
    verify.query = Some(param_set(&ids["retrieve_token"], "VerifyTokenQuery"));
    verify.body = Some(RequestBody {
        media: BodyMedia::Form,
        required: true,
        params: param_set(&ids["create_token"], "VerifyToken"),
    });
    verify.examples = vec![Example {
        title: "Verify".to_owned(),
        path: BTreeMap::from([("token".to_owned(), "tok_123".to_owned())]),
        params: json!({"expand": ["card"], "customer": "cus_1"}),
    }];
    let mut source = operation(
        "GetCustomersCustomerSourcesId",
        "retrieve",
        HttpMethod::Get,
        "/v1/customers/{customer}/sources/{id}",
        named(&ids["payment_source"]),
    );
    source.group = "payment_sources".to_owned();
    source.group_type = "PaymentSources".to_owned();
    source.path_params = vec![path_param("customer"), path_param("id")];
    let mut delete = operation(
        "DeleteCustomersCustomer",
        "delete",
        HttpMethod::Delete,
        "/v1/customers/{customer}",
        named(&ids["deleted_customer"]),
    );
    delete.group = "payment_sources".to_owned();
    delete.group_type = "PaymentSources".to_owned();
    delete.path_params = vec![path_param("customer")];
    vec![create, retrieve, verify, source, delete]
}

/// The whole fixture model.
pub(super) fn model() -> Model {
    let ids = ids();
    let mut types = TypeSpace::default();
    for def in response_types(&ids).into_iter().chain(request_types(&ids)) {
        types.types.insert(def.id.clone(), def);
    }
    Model {
        api: ApiInfo {
            version: "2024-06-20".to_owned(),
            base_url: "https://api.stripe.com".to_owned(),
        },
        operations: operations(&ids),
        types,
        events: None,
        error_code: None,
        skipped: Vec::new(),
    }
}

/// A model with only `types` (and no operations).
pub(super) fn model_of(types: Vec<TypeDef>) -> Model {
    let mut space = TypeSpace::default();
    for def in types {
        space.types.insert(def.id.clone(), def);
    }
    Model {
        api: ApiInfo {
            version: "2024-06-20".to_owned(),
            base_url: "https://api.stripe.com".to_owned(),
        },
        operations: Vec::new(),
        types: space,
        events: None,
        error_code: None,
        skipped: Vec::new(),
    }
}

/// A scratch templates folder: a Cargo.toml template, a README template and
/// a two-file runtime (one nested), unique per call.
pub(super) fn scratch_templates(test: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "stripe-codegen-emit-{test}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "crate/Cargo.toml.in",
        "[package]\nname = \"{{crate_name}}\"\nversion = \"{{crate_version}}\"\ndescription = \"{{description}}\"\n[features]\n{{runtime_features}}[dependencies]\n{{dependencies}}",
    );
    write(
        "crate/README.md.in",
        "# {{crate_name}}\n\nAPI version {{api_version}}.\n",
    );
    write(
        "runtime/Cargo.toml",
        "[package]\nname = \"stripe-runtime\"\nversion = \"0.3.0\"\n\n[features]\n# spans\ntracing = [\"dep:tracing\"]\n\n[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\nwiremock = \"0.6\"\n",
    );
    write("runtime/src/lib.rs", "//! runtime\npub mod form;\n");
    write("runtime/src/form/mod.rs", "// form\n");
    dir
}

pub(super) fn options(templates: &Path) -> EmitOptions {
    EmitOptions {
        crate_name: "stripe-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        description: "Typed \"Stripe\" client".to_owned(),
        templates_dir: templates.to_owned(),
        runtime_dir: templates.join("runtime"),
        runtime: crate::emit::RuntimeMode::Crate,
        runtime_path: "../runtime".to_owned(),
    }
}

/// Settles the shapes of (a copy of) `model`, as `model::build` does, and
/// emits it with scratch templates.
pub(super) fn emit(model: &Model, test: &str) -> crate::Result<Vec<GeneratedFile>> {
    let mut model = model.clone();
    crate::model::settle(&mut model)?;
    let templates = scratch_templates(test);
    let result = emit_crate(&model, &options(&templates));
    let _ = std::fs::remove_dir_all(&templates);
    result
}

/// The contents of `path` among `files`.
pub(super) fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no file {path}; have {:?}", paths(files)))
}

pub(super) fn paths(files: &[GeneratedFile]) -> Vec<String> {
    files.iter().map(|f| f.path.display().to_string()).collect()
}

/// The text between `start` and the next line that is exactly `}` (one item).
pub(super) fn item<'a>(source: &'a str, start: &str) -> &'a str {
    let from = source
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{source}"));
    let rest = &source[from..];
    let end = rest.find("\n}\n").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[track_caller]
pub(super) fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n{needle}\nin\n{haystack}"
    );
}

#[track_caller]
pub(super) fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect\n{needle}\nin\n{haystack}"
    );
}
