//! The conformance exerciser: `examples/conformance.rs`, written when the
//! configuration asks for it (`conformance: true`). It calls every operation
//! of the crate at least twice against a server given on its command line
//! (Stripe's mock server): once with only the required parameters, and once
//! or more with every optional parameter filled as well, down to every field
//! of every nested object. Values come from the model alone: enum values as
//! listed, two items per array, two keys per map, each alternative of a union
//! in turn, clearable fields set in one call and cleared in the next, a file
//! for uploads, and `expand` naming the response's expandable fields. It also
//! walks two pages of one list and one search through a second server (a
//! proxy that says the first page has more), and prints each failure and a
//! summary as JSON lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::file::{emit_err, render, EmitOptions, GeneratedFile};
use super::idents;
use super::namespaces;
use super::type_ref::{self, Root};
use crate::error::Result;
use crate::ir::{self, TypeRef};

/// Where the exerciser goes in the generated crate.
pub const FILE: &str = "examples/conformance.rs";

/// Deepest nesting of request objects the exerciser fills; Stripe's go a
/// few levels deep. A cycle is cut before this: a type already being filled
/// gets only its required fields.
const MAX_DEPTH: usize = 32;

/// Extra filled calls an operation may get to reach union alternatives that
/// earlier calls did not use.
const MAX_EXTRA_ROUNDS: usize = 8;

/// Requests in flight at once.
const CONCURRENCY: usize = 8;

/// The placeholder string value.
const TEXT: &str = "conformance";
/// Keys of the two entries of every map.
const MAP_KEYS: [&str; 2] = ["key_a", "key_b"];
/// An integer, a number, a Unix time.
const INTEGER: i64 = 2;
const NUMBER: f64 = 1.5;
const TIMESTAMP: i64 = 1_700_000_000;
/// A decimal with a trailing zero, so the exerciser shows the scale reaches the wire as given.
const DECIMAL: &str = "12.50";
/// The error code asked for when an API v2 operation's generic error is
/// wanted: one no `v2.error.*` schema pins.
const GENERIC_ERROR_CODE: &str = "conformance_generic_error";
/// An API v2 date-time, with fractional seconds and an offset, written back as given.
const DATE_TIME: &str = "2026-01-28T12:30:00.250+01:00";

/// `examples/conformance.rs` for `model`.
///
/// # Errors
///
/// [`crate::Error::Emit`] naming the operation when its parameters hold
/// something a request cannot (a tagged union, a response wrapper) or nest
/// deeper than [`MAX_DEPTH`].
pub fn exerciser_file(model: &ir::Model, opts: &EmitOptions) -> Result<GeneratedFile> {
    let krate = idents::crate_ident(&opts.crate_name)?;
    let mut synth = Synth::new(model, krate.clone());
    // v1 and API v2 are exercised apart (v1 against stripe-mock, v2 against
    // the v2 check server: `--v2`), so each has its own calls.
    let mut calls = Vec::new();
    let mut v2_calls = Vec::new();
    let mut v2_errors = Vec::new();
    for op in &model.operations {
        if op.namespace.is_v2() {
            v2_calls.extend(synth.operation_calls(op)?);
            v2_errors.extend(synth.error_calls(op)?);
        } else {
            calls.extend(synth.operation_calls(op)?);
        }
    }
    let list_walk = synth.walk(|p| matches!(p, ir::Pagination::Cursor { .. }), "list")?;
    let search_walk = synth.walk(|p| matches!(p, ir::Pagination::Page { .. }), "search")?;
    let v2_walk = synth.walk(|p| matches!(p, ir::Pagination::NextPageUrl { .. }), "v2")?;
    let mut functions = Vec::new();
    let mut names = Vec::new();
    let mut v2_names = Vec::new();
    let mut v2_error_names = Vec::new();
    let all = [
        (&calls, &mut names, "call"),
        (&v2_calls, &mut v2_names, "v2_call"),
        (&v2_errors, &mut v2_error_names, "v2_error"),
    ];
    for (bodies, names, prefix) in all {
        for (i, call) in bodies.iter().enumerate() {
            let name = format_ident!("{prefix}_{i}");
            let body = &call.body;
            functions.push(quote! {
                fn #name(client: #krate::Client) -> Call {
                    ::std::boxed::Box::pin(async move { #body })
                }
            });
            names.push(name);
        }
    }
    let v2_operations = model
        .operations
        .iter()
        .filter(|op| op.namespace.is_v2())
        .count();
    let operations = model.operations.len() - v2_operations;
    let (alternatives, covered) = synth.union_coverage();
    let (set, cleared) = (synth.clearable_set, synth.clearable_cleared);
    let expand_left_out = synth.expand_left_out;
    let tokens = quote! {
        //! Every operation of this crate against a server given on the command
        //! line (Stripe's mock server): with only its required parameters, and
        //! with every optional parameter filled. Run with
        //! `cargo run --example conformance -- [--v2] BASE_URL [PAGING_BASE_URL]`
        //! (v1's operations; with `--v2`, API v2's against the v2 check server).
        //! Prints a JSON line per failure and a summary line.

        use std::future::Future;
        use std::pin::Pin;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;

        /// One request, sent.
        struct Outcome {
            operation: &'static str,
            variant: &'static str,
            request: &'static str,
            sent: String,
            result: Result<(), #krate::Error>,
        }

        type Call = Pin<Box<dyn Future<Output = Outcome> + Send>>;
        /// One request of the list: made with the client, sent when awaited.
        type MakeCall = fn(#krate::Client) -> Call;

        /// Operations of the crate, all called below: v1's, and API v2's (`--v2`).
        const OPERATIONS: usize = #operations;
        const V2_OPERATIONS: usize = #v2_operations;
        /// Union alternatives reachable from request parameters, and how many of them the calls use.
        const UNION_ALTERNATIVES: usize = #alternatives;
        const UNION_ALTERNATIVES_USED: usize = #covered;
        /// Clearable fields set, and cleared, across the calls.
        const CLEARABLE_SET: usize = #set;
        const CLEARABLE_CLEARED: usize = #cleared;
        /// Calls that leave `expand` out: their response has nothing expandable.
        const EXPAND_LEFT_OUT: usize = #expand_left_out;
        const CONCURRENCY: usize = #CONCURRENCY;

        static CALLS: &[MakeCall] = &[#(#names),*];
        static V2_CALLS: &[MakeCall] = &[#(#v2_names),*];
        /// API v2: each operation asked (`X-Check-Error`) for each error it declares and the
        /// generic one; accepted when the answer decodes as `Error::Api` with that code.
        static V2_ERRORS: &[MakeCall] = &[#(#v2_error_names),*];

        /// What a request sends: its query and its body, as text.
        fn sent(request: &#krate::ApiRequest) -> String {
            let mut parts = Vec::new();
            if !request.query_string().is_empty() {
                parts.push(format!("query: {}", request.query_string()));
            }
            if let Some((body, _)) = request.body() {
                if !body.is_empty() {
                    parts.push(format!("body: {}", String::from_utf8_lossy(body)));
                }
            }
            parts.join("\n")
        }

        /// How a request ended: accepted, or the kind of failure.
        fn kind(result: &Result<(), #krate::Error>) -> &'static str {
            result.as_ref().err().map_or("accepted", error_kind)
        }

        /// The kind of a failure: rejected by the server, not decoded, not delivered.
        fn error_kind(error: &#krate::Error) -> &'static str {
            match error {
                #krate::Error::Decode { .. } => "decode",
                #krate::Error::Connection { .. } | #krate::Error::Timeout { .. } => "transport",
                e if e.api_error().is_some() => "rejected",
                _ => "other",
            }
        }

        /// The server's message for a failure.
        fn message(error: &#krate::Error) -> String {
            error
                .api_error()
                .and_then(|e| e.message())
                .map_or_else(|| error.to_string(), str::to_owned)
        }

        fn make_client(base_url: &str) -> #krate::Client {
            #krate::Client::builder("sk_test_conformance")
                .base_url(base_url)
                .max_network_retries(0)
                .timeout(::std::time::Duration::from_secs(120))
                .build()
                .expect("a valid client configuration")
        }

        /// An auto-paging walk: items seen, and the error that stopped it.
        struct Walk {
            operation: &'static str,
            items: usize,
            error: Option<#krate::Error>,
        }

        /// At most this many items are walked (the proxy makes two pages).
        const WALK_LIMIT: usize = 10;

        #list_walk
        #search_walk
        #v2_walk

        #[tokio::main(flavor = "multi_thread", worker_threads = 2)]
        async fn main() {
            let mut args = ::std::env::args().skip(1).peekable();
            let v2 = args.next_if(|a| a == "--v2").is_some();
            let base_url = args
                .next()
                .expect("usage: conformance [--v2] BASE_URL [PAGING_BASE_URL]");
            let paging_url = args.next().unwrap_or_else(|| base_url.clone());
            let client = make_client(&base_url);
            let started = ::std::time::Instant::now();
            let (operations, calls): (usize, Vec<MakeCall>) = if v2 {
                (V2_OPERATIONS, V2_CALLS.iter().chain(V2_ERRORS).copied().collect())
            } else {
                (OPERATIONS, CALLS.to_vec())
            };
            let calls = Arc::new(calls);
            let next = Arc::new(AtomicUsize::new(0));
            let workers: Vec<_> = (0..CONCURRENCY)
                .map(|_| {
                    let next = Arc::clone(&next);
                    let calls = Arc::clone(&calls);
                    let client = client.clone();
                    tokio::spawn(async move {
                        let mut outcomes = Vec::new();
                        while let Some(call) = calls.get(next.fetch_add(1, Ordering::Relaxed)) {
                            outcomes.push(call(client.clone()).await);
                        }
                        outcomes
                    })
                })
                .collect();
            let mut counts = ::std::collections::BTreeMap::<&str, usize>::new();
            for worker in workers {
                for outcome in worker.await.expect("a worker finishes") {
                    let kind = kind(&outcome.result);
                    *counts.entry(kind).or_default() += 1;
                    if let Err(error) = &outcome.result {
                        println!(
                            "conformance-failure {}",
                            serde_json::json!({
                                "operation": outcome.operation,
                                "variant": outcome.variant,
                                "request": outcome.request,
                                "sent": outcome.sent,
                                "kind": kind,
                                "status": error.status(),
                                "message": message(error),
                            })
                        );
                    }
                }
            }
            let paging = make_client(&paging_url);
            let mut walks = Vec::new();
            let walked = if v2 {
                vec![walk_v2(paging).await]
            } else {
                vec![walk_list(paging.clone()).await, walk_search(paging).await]
            };
            for walk in walked {
                if let Some(error) = &walk.error {
                    println!(
                        "conformance-failure {}",
                        serde_json::json!({
                            "operation": walk.operation,
                            "variant": "auto-paging",
                            "kind": error_kind(error),
                            "message": message(error),
                        })
                    );
                }
                walks.push(serde_json::json!({
                    "operation": walk.operation,
                    "items": walk.items,
                    "error": walk.error.is_some(),
                }));
            }
            println!(
                "conformance-summary {}",
                serde_json::json!({
                    "api": if v2 { "v2" } else { "v1" },
                    "operations": operations,
                    "requests": calls.len(),
                    "error_requests": if v2 { V2_ERRORS.len() } else { 0 },
                    "counts": counts,
                    "union_alternatives": UNION_ALTERNATIVES,
                    "union_alternatives_used": UNION_ALTERNATIVES_USED,
                    "clearable_set": CLEARABLE_SET,
                    "clearable_cleared": CLEARABLE_CLEARED,
                    "expand_left_out": EXPAND_LEFT_OUT,
                    "walks": walks,
                    "seconds": started.elapsed().as_secs_f64(),
                })
            );
        }

        #(#functions)*
    };
    let contents = render(FILE, tokens)?;
    Ok(GeneratedFile {
        path: PathBuf::from(FILE),
        contents,
    })
}

/// How much of a parameter struct is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fill {
    /// Required fields only.
    Required,
    /// Every field; `round` picks enum values and whether clearable fields
    /// are set (even rounds) or cleared (odd rounds).
    Full { round: usize },
}

/// One generated request: the body of its async block.
struct CallBody {
    body: TokenStream,
}

/// Makes parameter values from the model, remembering which union
/// alternatives it used.
struct Synth<'m> {
    model: &'m ir::Model,
    krate: Ident,
    root: Root,
    /// Per union: the alternative its next value takes.
    next_alternative: BTreeMap<ir::TypeId, usize>,
    /// (union, alternative) pairs some call uses.
    used: BTreeSet<(ir::TypeId, usize)>,
    /// Every union reachable from some request's parameters.
    reachable: BTreeSet<ir::TypeId>,
    /// Struct types being filled, outermost first (cycles are cut here).
    stack: Vec<ir::TypeId>,
    /// `expand` values for the operation being filled.
    expand: Vec<String>,
    clearable_set: usize,
    clearable_cleared: usize,
    /// Calls whose `expand` is left out: their response has nothing to expand.
    expand_left_out: usize,
}

impl<'m> Synth<'m> {
    fn new(model: &'m ir::Model, krate: Ident) -> Self {
        Synth {
            model,
            root: Root::Public(krate.clone()),
            krate,
            next_alternative: BTreeMap::new(),
            used: BTreeSet::new(),
            reachable: BTreeSet::new(),
            stack: Vec::new(),
            expand: Vec::new(),
            clearable_set: 0,
            clearable_cleared: 0,
            expand_left_out: 0,
        }
    }

    fn err(&self, op: &ir::Operation, message: impl std::fmt::Display) -> crate::Error {
        emit_err(FILE, format!("operation {}: {message}", op.operation_id))
    }

    /// (alternatives reachable, alternatives used).
    fn union_coverage(&self) -> (usize, usize) {
        let total = self
            .reachable
            .iter()
            .map(|id| self.union_variants(id).map_or(0, <[_]>::len))
            .sum();
        let used = self
            .used
            .iter()
            .filter(|(id, _)| self.reachable.contains(id))
            .count();
        (total, used)
    }

    fn union_variants(&self, id: &ir::TypeId) -> Option<&'m [ir::UntaggedVariant]> {
        match self.model.types.get(id).map(|d| &d.kind) {
            Some(ir::TypeKind::Union(ir::UnionDef::Untagged { variants })) => Some(variants),
            _ => None,
        }
    }

    /// The calls of `op`: required parameters only, then filled rounds
    /// until each reachable union alternative and both states of each
    /// clearable field have been used (or rounds stop adding any).
    fn operation_calls(&mut self, op: &ir::Operation) -> Result<Vec<CallBody>> {
        let reach = Reach::of(self.model, op);
        self.reachable.extend(reach.unions.iter().cloned());
        self.expand = expandable_fields(self.model, &op.success.ty);
        let mut calls = vec![self.call(op, Fill::Required, "required")?];
        let rounds = reach.rounds();
        let mut round = 0;
        loop {
            let before = self.used.len();
            let label = format!("filled {}", round + 1);
            calls.push(self.call(op, Fill::Full { round }, &label)?);
            round += 1;
            let pending = reach.unions.iter().any(|id| {
                let n = self.union_variants(id).map_or(0, <[_]>::len);
                (0..n).any(|i| !self.used.contains(&(id.clone(), i)))
            });
            let progressed = self.used.len() > before;
            if round >= rounds && !(pending && progressed && round < rounds + MAX_EXTRA_ROUNDS) {
                break;
            }
        }
        Ok(calls)
    }

    /// One request of `op`: its parameters, the text that is sent, the call.
    fn call(&mut self, op: &ir::Operation, fill: Fill, variant: &str) -> Result<CallBody> {
        self.call_asking(op, fill, variant, None)
    }

    /// API v2: the required-only call of `op` asking the check server for
    /// each error it declares (`X-Check-Error: <code>`), then for the
    /// generic `v2.error` (a code no schema pins).
    fn error_calls(&mut self, op: &ir::Operation) -> Result<Vec<CallBody>> {
        let codes = op
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .chain([GENERIC_ERROR_CODE]);
        let mut calls = Vec::new();
        for code in codes {
            let label = format!("error {code}");
            calls.push(self.call_asking(op, Fill::Required, &label, Some(code))?);
        }
        Ok(calls)
    }

    /// [`Synth::call`], asking for the error `code` when given: the call is
    /// then a success when it fails as `Error::Api` with that code.
    fn call_asking(
        &mut self,
        op: &ir::Operation,
        fill: Fill,
        variant: &str,
        error: Option<&str>,
    ) -> Result<CallBody> {
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for p in &op.path_params {
            let value = format!("{}_{TEXT}", p.wire_name);
            args.push(quote!(#value));
        }
        let sets = [
            op.query.as_ref().map(|q| &q.ty),
            op.body.as_ref().map(|b| &b.params.ty),
        ];
        // With both call shapes, the required-only call is the plain method
        // (no parameters: every field is optional) and the filled calls are
        // its `_with` variant, so stripe-mock sees both.
        let plain = op.call.shape == ir::CallShape::PlainAndWith && fill == Fill::Required;
        let sets = if plain { Default::default() } else { sets };
        for (index, ty) in sets.into_iter().flatten().enumerate() {
            let name = format_ident!("params_{index}");
            let value = self.struct_expr(op, ty, fill)?;
            lets.push(quote!(let #name = #value;));
            args.push(quote!(&#name));
        }
        let group = namespaces::accessor_chain(op, FILE)?;
        let method = match &op.call.with {
            Some(with) if !plain => idents::ident(with, FILE)?,
            _ => idents::ident(&op.method_name, FILE)?,
        };
        let operation = &op.operation_id;
        let request = format!("{} {}", op.http_method.as_str(), op.path);
        let krate = &self.krate;
        // A code the operation declares must read as its own `ErrorCode`
        // variant, not the fallback.
        let known = match (&self.model.error_code, error) {
            (Some(id), Some(code)) if op.errors.iter().any(|e| e.code == code) => {
                let ty = type_ref::named_path(self.model, FILE, id, &self.root)?;
                let fallback = idents::ident(crate::naming::ENUM_FALLBACK, FILE)?;
                quote! {
                    match #ty::from_error(&error) {
                        Some(#ty::#fallback(_)) | None => Err(#krate::Error::Config(format!(
                            "error code `{}` is not a known ErrorCode",
                            #code
                        ))),
                        Some(known) if known.as_str() == #code => Ok(()),
                        Some(other) => Err(#krate::Error::Config(format!(
                            "error code `{}` read as `{other:?}`",
                            #code
                        ))),
                    }
                }
            }
            _ => quote!(Ok(())),
        };
        let (options, result) = match error {
            None => (TokenStream::new(), quote!(call.await.map(|_| ()))),
            Some(code) => (
                quote!(.with_options(#krate::RequestOptions::new().header("X-Check-Error", #code))),
                quote! {
                    match call.await {
                        Err(error) if error.api_error().and_then(|e| e.code()) == Some(#code) => {
                            #known
                        }
                        Err(error) => Err(error),
                        Ok(_) => Err(#krate::Error::Config(
                            "an error was asked for and the call succeeded".to_owned(),
                        )),
                    }
                },
            ),
        };
        Ok(CallBody {
            body: quote! {
                #(#lets)*
                // What is sent is read from the request the method itself builds.
                let call = client.#group #options.#method(#(#args),*);
                let sent = sent(call.request());
                let result = #result;
                Outcome {
                    operation: #operation,
                    variant: #variant,
                    request: #request,
                    sent,
                    result,
                }
            },
        })
    }

    /// `async fn walk_<label>`: the auto-paging walk of the first operation
    /// whose pagination `wanted` matches (one without path parameters when
    /// there is one), with its required parameters.
    fn walk(
        &mut self,
        wanted: impl Fn(&ir::Pagination) -> bool,
        label: &str,
    ) -> Result<TokenStream> {
        let krate = self.krate.clone();
        let name = format_ident!("walk_{label}");
        let candidates: Vec<&ir::Operation> = self
            .model
            .operations
            .iter()
            .filter(|op| op.query.is_some() && op.pagination.as_ref().is_some_and(&wanted))
            .collect();
        let chosen = candidates
            .iter()
            .find(|op| op.path_params.is_empty())
            .or(candidates.first());
        let Some(op) = chosen else {
            return Ok(quote! {
                async fn #name(_client: #krate::Client) -> Walk {
                    Walk { operation: "", items: 0, error: None }
                }
            });
        };
        let query = op
            .query
            .as_ref()
            .ok_or_else(|| self.err(op, "a paginated operation without a query"))?;
        self.expand = Vec::new();
        let group = namespaces::accessor_chain(op, FILE)?;
        let path_args = op.path_params.iter().map(|p| {
            let value = format!("{}_{TEXT}", p.wire_name);
            quote!(#value)
        });
        // The plain walk (no parameters) when every field is optional; it
        // calls the `_with` walk, so both are exercised.
        let method =
            op.call.auto_paging.as_deref().ok_or_else(|| {
                self.err(op, "a paginated operation without an auto-paging method")
            })?;
        let method = idents::ident(method, FILE)?;
        let start = match op.call.shape {
            ir::CallShape::PlainAndWith => quote!(client.#group.#method(#(#path_args),*)),
            ir::CallShape::One => {
                let params = self.struct_expr(op, &query.ty, Fill::Required)?;
                quote!(client.#group.#method(#(#path_args,)* &#params))
            }
        };
        let operation = &op.operation_id;
        Ok(quote! {
            async fn #name(client: #krate::Client) -> Walk {
                let mut items = #start;
                let mut walk = Walk { operation: #operation, items: 0, error: None };
                while walk.items < WALK_LIMIT {
                    match items.next().await {
                        Some(Ok(_)) => walk.items += 1,
                        Some(Err(error)) => {
                            walk.error = Some(error);
                            break;
                        }
                        None => break,
                    }
                }
                walk
            }
        })
    }

    /// `Type::new(required..).optional(value)..` for the struct `id`.
    fn struct_expr(
        &mut self,
        op: &ir::Operation,
        id: &ir::TypeId,
        fill: Fill,
    ) -> Result<TokenStream> {
        let model = self.model;
        let def = type_ref::lookup(model, FILE, id)?;
        let ir::TypeKind::Struct(s) = &def.kind else {
            return Err(self.err(op, format!("`{}` is not a struct", def.name)));
        };
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.err(
                op,
                format!(
                    "request objects nest deeper than {MAX_DEPTH} at `{}`",
                    def.name
                ),
            ));
        }
        // A type already being filled gets only its required fields: a
        // cycle ends where its fields stop being required.
        let fill = if self.stack.contains(id) {
            Fill::Required
        } else {
            fill
        };
        let top = self.stack.is_empty();
        self.stack.push(id.clone());
        let path = type_ref::named_path(model, FILE, id, &self.root)?;
        // A nested object with nothing required would put nothing on the
        // wire, so even "required only" gives it its first field that
        // encodes to something.
        let nothing_required = !s.fields.iter().any(|f| f.required);
        let first_needed = (fill == Fill::Required && !top && nothing_required)
            .then(|| s.fields.iter().position(|f| f.ty != TypeRef::Json))
            .flatten();
        let mut required = Vec::new();
        let mut setters = Vec::new();
        for (index, f) in s.fields.iter().enumerate() {
            let constructor = f.shape.is_plain();
            if constructor {
                required.push(self.arg(op, &f.ty, fill)?);
                continue;
            }
            if !f.required && fill == Fill::Required && first_needed != Some(index) {
                continue;
            }
            let setter = idents::ident(&f.rust_name, FILE)?;
            // An API v2 list's `page` is a token only the server gives
            // (`next_page_url`): the walk sends it, a call never invents one.
            let v2_pages = matches!(op.pagination, Some(ir::Pagination::NextPageUrl { .. }));
            if top && v2_pages && f.wire_name == "page" {
                continue;
            }
            if top && f.wire_name == "expand" && f.ty == TypeRef::Array(Box::new(TypeRef::String)) {
                // stripe-mock fails (500) on an `expand` naming nothing
                // expandable, so a response without expandable fields gets none.
                match expand_pair(&self.expand) {
                    Some(values) => setters.push(quote!(.#setter([#(#values),*]))),
                    None => self.expand_left_out += 1,
                }
                continue;
            }
            if let (TypeRef::Clearable(_), Fill::Full { round }) = (&f.ty, fill) {
                if round % 2 == 1 {
                    self.clearable_cleared += 1;
                    let clear = format_ident!("clear_{}", idents::bare(&f.rust_name));
                    setters.push(quote!(.#clear()));
                    continue;
                }
                self.clearable_set += 1;
            }
            let value = self.arg(op, &f.ty, fill)?;
            setters.push(quote!(.#setter(#value)));
        }
        self.stack.pop();
        Ok(quote!(#path::new(#(#required),*) #(#setters)*))
    }

    /// A builder argument for `ty`: any value converting into it (a string
    /// literal for a string, an array for a list, pairs for a map).
    fn arg(&mut self, op: &ir::Operation, ty: &TypeRef, fill: Fill) -> Result<TokenStream> {
        match ty {
            TypeRef::String => Ok(quote!(#TEXT)),
            TypeRef::Clearable(inner) => self.arg(op, inner, fill),
            TypeRef::Array(item) => {
                let a = self.element(op, item, fill)?;
                let b = self.element(op, item, fill)?;
                Ok(quote!([#a, #b]))
            }
            TypeRef::Map(item) => {
                let [ka, kb] = MAP_KEYS;
                let a = self.element(op, item, fill)?;
                let b = self.element(op, item, fill)?;
                Ok(quote!([(#ka, #a), (#kb, #b)]))
            }
            _ => self.exact(op, ty, fill),
        }
    }

    /// An item of an array or map argument: one type for both items.
    fn element(&mut self, op: &ir::Operation, ty: &TypeRef, fill: Fill) -> Result<TokenStream> {
        match ty {
            TypeRef::String => Ok(quote!(#TEXT)),
            _ => self.exact(op, ty, fill),
        }
    }

    /// An expression of exactly the Rust type of `ty`.
    fn exact(&mut self, op: &ir::Operation, ty: &TypeRef, fill: Fill) -> Result<TokenStream> {
        let krate = self.krate.clone();
        Ok(match ty {
            TypeRef::String => quote!(::std::string::String::from(#TEXT)),
            TypeRef::Integer => quote!(#INTEGER),
            TypeRef::Number => quote!(#NUMBER),
            TypeRef::Boolean => quote!(true),
            TypeRef::Timestamp => quote!(#TIMESTAMP),
            TypeRef::Decimal => {
                quote!(#DECIMAL.parse::<#krate::Decimal>().expect("a plain decimal"))
            }
            // A parameter without a shape is an object without properties.
            TypeRef::Json => quote!(::serde_json::json!({})),
            TypeRef::Binary => {
                let name = format!("{TEXT}.txt");
                let data = format!("{TEXT} upload\n");
                quote!(#krate::form::FileUpload::new(#name, #data.as_bytes().to_vec()).content_type("text/plain"))
            }
            TypeRef::Named(id) => self.named(op, id, fill)?,
            TypeRef::Array(item) => {
                let a = self.exact(op, item, fill)?;
                let b = self.exact(op, item, fill)?;
                quote!(::std::vec![#a, #b])
            }
            TypeRef::Map(item) => {
                let [ka, kb] = MAP_KEYS;
                let a = self.exact(op, item, fill)?;
                let b = self.exact(op, item, fill)?;
                quote!(::std::collections::BTreeMap::from([
                    (::std::string::String::from(#ka), #a),
                    (::std::string::String::from(#kb), #b),
                ]))
            }
            TypeRef::Clearable(inner) => match fill {
                Fill::Full { round } if round % 2 == 1 => {
                    self.clearable_cleared += 1;
                    quote!(#krate::Clearable::Clear)
                }
                _ => {
                    if matches!(fill, Fill::Full { .. }) {
                        self.clearable_set += 1;
                    }
                    let value = self.exact(op, inner, fill)?;
                    quote!(#krate::Clearable::Set(#value))
                }
            },
            TypeRef::Expandable(_)
            | TypeRef::List(_)
            | TypeRef::SearchResult(_)
            | TypeRef::V2List(_) => {
                return Err(self.err(op, format!("a request parameter holds `{ty}`")));
            }
            // API v2: an RFC 3339 timestamp, an i64 sent as a string.
            TypeRef::DateTime => {
                quote!(#DATE_TIME.parse::<#krate::DateTime>().expect("an RFC 3339 timestamp"))
            }
            TypeRef::Int64String => quote!(#krate::Int64String::from(#INTEGER)),
        })
    }

    /// A value of the named type `id`.
    fn named(&mut self, op: &ir::Operation, id: &ir::TypeId, fill: Fill) -> Result<TokenStream> {
        let model = self.model;
        let def = type_ref::lookup(model, FILE, id)?;
        let path = type_ref::named_path(model, FILE, id, &self.root)?;
        Ok(match &def.kind {
            ir::TypeKind::Struct(_) => self.struct_expr(op, id, fill)?,
            ir::TypeKind::Enum(e) => {
                let round = match fill {
                    Fill::Required => 0,
                    Fill::Full { round } => round,
                };
                match e.values.get(round % e.values.len().max(1)) {
                    Some(value) => {
                        let variant = idents::ident(&value.rust_name, FILE)?;
                        quote!(#path::#variant)
                    }
                    None => quote!(#path::from(#TEXT)),
                }
            }
            ir::TypeKind::Union(ir::UnionDef::Untagged { variants }) => {
                if variants.is_empty() {
                    return Err(self.err(op, format!("union `{}` has no alternatives", def.name)));
                }
                let next = self.next_alternative.entry(id.clone()).or_default();
                let index = *next % variants.len();
                *next += 1;
                self.used.insert((id.clone(), index));
                let variant = &variants[index];
                let ident = idents::ident(&variant.rust_name, FILE)?;
                let value = self.exact(op, &variant.ty, fill)?;
                if variant.boxed {
                    quote!(#path::#ident(::std::boxed::Box::new(#value)))
                } else {
                    quote!(#path::#ident(#value))
                }
            }
            ir::TypeKind::Opaque(_) => quote!(#path(::serde_json::json!({}))),
            ir::TypeKind::Union(ir::UnionDef::Tagged { .. }) => {
                return Err(self.err(
                    op,
                    format!(
                        "`{}` is a tagged union, which requests cannot hold",
                        def.name
                    ),
                ));
            }
        })
    }
}

/// Two `expand` values: two of the response's expandable paths (one twice
/// when it has one), or `None` when it has none.
fn expand_pair(expandable: &[String]) -> Option<Vec<String>> {
    let first = expandable.first()?;
    let second = expandable.get(1).unwrap_or(first);
    Some(vec![first.clone(), second.clone()])
}

/// How deep `expand` paths go into a response (`card.customer` is 2).
const EXPAND_DEPTH: usize = 3;

/// The expandable paths of a response type, shallowest first: its
/// expandable fields, those of the objects it holds (`card.customer`), and
/// those of a page's items (`data.customer`).
fn expandable_fields(model: &ir::Model, ty: &TypeRef) -> Vec<String> {
    let mut paths = Vec::new();
    // Breadth first over (type, path prefix, depth), each type once.
    let mut queue = std::collections::VecDeque::from([(ty.clone(), String::new(), 1)]);
    let mut seen = BTreeSet::new();
    while let Some((ty, prefix, depth)) = queue.pop_front() {
        match ty {
            TypeRef::List(item) | TypeRef::SearchResult(item) => {
                queue.push_back((*item, format!("{prefix}data."), depth));
            }
            TypeRef::Named(id) => {
                if !seen.insert(id.clone()) {
                    continue;
                }
                let Some(ir::TypeKind::Struct(s)) = model.types.get(&id).map(|d| &d.kind) else {
                    continue;
                };
                for f in &s.fields {
                    match &f.ty {
                        TypeRef::Expandable(_) => paths.push(format!("{prefix}{}", f.wire_name)),
                        TypeRef::Named(_) if depth < EXPAND_DEPTH => queue.push_back((
                            f.ty.clone(),
                            format!("{prefix}{}.", f.wire_name),
                            depth + 1,
                        )),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    paths
}

/// The unions and clearable fields an operation's parameters reach.
struct Reach {
    unions: BTreeSet<ir::TypeId>,
    /// The most alternatives of one union (2 for a clearable field).
    widest: usize,
}

impl Reach {
    fn of(model: &ir::Model, op: &ir::Operation) -> Reach {
        let mut reach = Reach {
            unions: BTreeSet::new(),
            widest: 1,
        };
        let mut seen = BTreeSet::new();
        // An explicit work list: the depth of the type graph never becomes
        // the depth of the call stack.
        let mut work: Vec<TypeRef> = Vec::new();
        work.extend(op.query.iter().map(|q| TypeRef::Named(q.ty.clone())));
        work.extend(op.body.iter().map(|b| TypeRef::Named(b.params.ty.clone())));
        while let Some(ty) = work.pop() {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => work.push(*inner),
                TypeRef::Clearable(inner) => {
                    reach.widest = reach.widest.max(2);
                    work.push(*inner);
                }
                TypeRef::Named(id) => {
                    if !seen.insert(id.clone()) {
                        continue;
                    }
                    match model.types.get(&id).map(|d| &d.kind) {
                        Some(ir::TypeKind::Struct(s)) => {
                            work.extend(s.fields.iter().map(|f| f.ty.clone()));
                        }
                        Some(ir::TypeKind::Union(ir::UnionDef::Untagged { variants })) => {
                            reach.widest = reach.widest.max(variants.len());
                            reach.unions.insert(id.clone());
                            work.extend(variants.iter().map(|v| v.ty.clone()));
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        reach
    }

    /// Filled calls needed for the widest union.
    fn rounds(&self) -> usize {
        self.widest
    }
}
