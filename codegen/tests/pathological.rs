//! Pathological but valid specs, built in code: 64-deep nested models, 10,000-value
//! enums, names that collide after case conversion, Rust keywords and non-ASCII in every
//! name position, and descriptions of a megabyte full of what means something to Rust,
//! rustdoc, Markdown, HTML and minijinja. Each ends in clean output or in a clear
//! diagnostic with a location.
//!
//! That the clean output compiles, passes rustdoc with `-D warnings` and runs its doctests
//! is proven by one slower test, run on demand:
//! `cargo test -p codegen --test pathological -- --ignored --nocapture`.
//! It writes the generated files into a temporary copy of the client crate and runs cargo
//! there (`client_crate/`, shared with the snapshots' compile check), with a target
//! directory under the workspace's so that dependencies are built once.

mod client_crate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use client_crate::workspace_root;
use codegen::load::{self, SourceFile};
use codegen::{Diagnostics, GeneratedFile, lower, validate};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------
// Building specs.

fn service() -> Value {
    json!({
        "title": "Shop",
        "description": "A made-up service.",
        "default_host": "https://shop.{region}.example.com",
    })
}

fn param(name: &str, location: &str, ty: &str, required: bool) -> Value {
    json!({
        "name": name,
        "in": location,
        "type": ty,
        "required": required,
        "description": format!("The {name} parameter."),
    })
}

fn auth_header() -> Value {
    json!({
        "name": "X-Auth-Token",
        "in": "header",
        "type": "string",
        "required": true,
        "description": "Token.",
        "sensitive": true,
        "auth": true,
    })
}

fn field(name: &str, ty: &str) -> Value {
    json!({ "name": name, "type": ty, "description": format!("The {name} field.") })
}

fn model(fields: Vec<Value>) -> Value {
    json!({ "description": "A model.", "fields": fields })
}

/// A GET operation of service `shop` at `path` returning a JSON `model`.
fn operation(path: &str, params: Vec<Value>, model: &str) -> Value {
    json!({
        "service": "shop",
        "doc": {
            "title": "A Page",
            "section": "Shop / API Reference",
            "updated_on": "2026-01-01",
        },
        "method": "GET",
        "path": path,
        "summary": "Do something.",
        "description": "Does something.",
        "parameters": params,
        "responses": {
            "200": { "description": "OK", "body": "json", "model": model },
            "401": { "description": "Unauthorized", "body": "error", "model": "ShopError" },
        },
    })
}

fn error_model() -> Value {
    model(vec![
        field("error_code", "string"),
        field("error_msg", "string"),
    ])
}

/// A spec of one service, the given operations and models (plus `ShopError`).
fn spec(operations: Value, mut models: Value) -> Value {
    models["ShopError"] = error_model();
    json!({ "services": { "shop": service() }, "operations": operations, "models": models })
}

/// The spec as YAML; status codes (JSON object keys are strings) become integer keys.
fn yaml(spec: &Value) -> String {
    fn integer_keys(v: &mut serde_yaml::Value) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                let entries = std::mem::take(m);
                for (k, mut child) in entries {
                    integer_keys(&mut child);
                    let k = match k.as_str().and_then(|s| s.parse::<u16>().ok()) {
                        Some(n) => serde_yaml::Value::from(n),
                        None => k,
                    };
                    m.insert(k, child);
                }
            }
            serde_yaml::Value::Sequence(s) => s.iter_mut().for_each(integer_keys),
            _ => {}
        }
    }
    let mut v = serde_yaml::to_value(spec).unwrap();
    integer_keys(&mut v);
    serde_yaml::to_string(&v).unwrap()
}

const FILE: &str = "spec/pathological.yaml";

/// The pipeline in memory, as `codegen::generate` runs it.
fn generate(spec: &Value) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_text(yaml(spec))
}

fn generate_text(text: String) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_files(vec![SourceFile {
        path: PathBuf::from(FILE),
        text,
    }])
}

fn generate_files(files: Vec<SourceFile>) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let spec = load::parse(files)?;
    validate::check(&spec)?;
    codegen::emit_files(&lower::lower(&spec))
}

fn files_of(spec: &Value) -> Vec<GeneratedFile> {
    generate(spec).unwrap_or_else(|d| panic!("expected clean output:\n{d}"))
}

/// Asserts that generation fails, every diagnostic has a file and a line, and for each
/// `(path, message)` pair one diagnostic's spec path ends with `path` and its message
/// contains `message`.
fn expect_problems(spec: &Value, expected: &[(&str, &str)]) -> Diagnostics {
    let d = match generate(spec) {
        Ok(_) => panic!("expected diagnostics for {expected:?}, got clean output"),
        Err(d) => d,
    };
    for diagnostic in d.iter() {
        let l = &diagnostic.location;
        assert!(
            l.file.is_some() && l.line.is_some(),
            "diagnostic without file and line: {diagnostic}"
        );
    }
    for (path, message) in expected {
        assert!(
            d.iter()
                .any(|x| x.location.path.ends_with(path) && x.message.contains(message)),
            "no diagnostic at `…{path}` saying `{message}`; got:\n{d}"
        );
    }
    d
}

fn file<'a>(files: &'a [GeneratedFile], suffix: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no generated file ending in {suffix}"))
        .contents
}

// ---------------------------------------------------------------------------------------
// The pathological specs.

/// Models `{prefix}1` to `{prefix}{depth}`, each holding the next (directly, or in an
/// array), and an operation `get_{prefix}` (lower case) returning the first.
fn nested_models(prefix: &str, depth: usize, through_arrays: bool) -> Value {
    let mut models = json!({});
    for i in 1..=depth {
        let mut fields = vec![field("depth", "int32")];
        if i < depth {
            fields.push(json!({
                "name": "next",
                "type": if through_arrays { "array" } else { "model" },
                "model": format!("{prefix}{}", i + 1),
                "description": "The next level.",
            }));
        }
        models[format!("{prefix}{i}")] = model(fields);
    }
    let op = format!("get_{}", prefix.to_lowercase());
    spec(
        json!({ op: operation(&format!("/{prefix}"), vec![auth_header()], &format!("{prefix}1")) }),
        models,
    )
}

/// 16 levels held directly and 16 through arrays, the most the validator accepts.
fn deep_models() -> Value {
    let mut spec = nested_models("Level", 16, false);
    let arrays = nested_models("ArrayLevel", 16, true);
    for section in ["operations", "models"] {
        for (k, v) in arrays[section].as_object().unwrap() {
            spec[section][k] = v.clone();
        }
    }
    spec
}

#[test]
fn sixteen_nested_models_generate() {
    let files = files_of(&deep_models());
    let models = file(&files, "models.rs");
    assert!(models.contains("pub next: Option<crate::Level16>"));
    assert!(models.contains("pub next: Option<Vec<crate::ArrayLevel16>>"));
}

// 64 levels of models held directly generated a client that did not compile (rustc ran
// past its recursion limit laying out `send()`'s future), and 64 through arrays one that
// rustdoc could not document (proving the models `Send` overflowed at level 27); both
// found by `accepted_pathological_specs_compile_...`.
#[test]
fn sixty_four_nested_models_are_reported_with_their_chain() {
    expect_problems(
        &nested_models("Level", 64, false),
        &[(
            "models.Level1",
            "model `Level1` holds models 64 deep (`Level1.next` → `Level2.next` → `Level3.next` → …); rustc's default recursion limit allows 16",
        )],
    );
    expect_problems(
        &nested_models("ArrayLevel", 17, true),
        &[("models.ArrayLevel1", "holds models 17 deep")],
    );
    // A chain of 5,000 is measured in linear time and without recursion (which would
    // overflow a test thread's stack).
    let d = expect_problems(
        &nested_models("L", 5_000, false),
        &[("models.L1", "5000 deep")],
    );
    assert_eq!(d.len(), 1);
}

/// `n` enum values `v0`, `v1`, ... (strings) or `0`, `1`, ... named `N0`, `N1`, ...
fn enum_values(n: usize, strings: bool) -> Vec<Value> {
    (0..n)
        .map(|i| {
            if strings {
                json!({ "value": format!("v{i}"), "description": format!("Value {i}.") })
            } else {
                json!({ "value": i as i64 - 5000, "name": format!("N{i}"), "description": format!("Value {i}.") })
            }
        })
        .collect()
}

/// An `n`-value string enum as a request parameter (with a default) and an `n`-value
/// integer enum as a response field.
fn big_enums(n: usize) -> Value {
    let mut color = param("color", "query", "string", false);
    color["enum"] = Value::Array(enum_values(n, true));
    color["type_name"] = json!("Color");
    color["default"] = json!(format!("v{}", n - 1));
    let mut rank = field("rank", "int32");
    rank["enum"] = Value::Array(enum_values(n, false));
    spec(
        json!({ "list_colors": operation("/colors", vec![color, auth_header()], "Palette") }),
        json!({ "Palette": model(vec![rank]) }),
    )
}

#[test]
fn ten_thousand_value_enums_generate_in_linear_time() {
    let timed = |n: usize| {
        let spec = big_enums(n);
        let start = Instant::now();
        let files = files_of(&spec);
        (start.elapsed(), files)
    };
    let (small, _) = timed(2_500);
    let (large, files) = timed(10_000);
    let params = file(&files, "params.rs");
    assert!(params.contains("V9999,"));
    assert!(params.contains("pub const DEFAULT: Self = Self::V9999;"));
    assert!(file(&files, "models.rs").contains("N9999,"));
    // Four times the values take about four times as long (seconds in a debug build); a
    // quadratic pass would take sixteen times as long.
    assert!(
        large < small * 8,
        "2,500 values took {small:?}, 10,000 took {large:?}: not linear"
    );
}

#[test]
fn ten_thousand_broken_enum_values_are_reported_in_time() {
    // Every value collides with the next after case conversion (`a-b` and `a_b`): 10,000
    // diagnostics, each located, without a quadratic search for lines.
    let values: Vec<Value> = (0..5_000)
        .flat_map(|i| {
            [
                json!({ "value": format!("x{i}-y"), "description": "Dash." }),
                json!({ "value": format!("x{i}_y"), "description": "Underscore." }),
            ]
        })
        .collect();
    let mut p = param("mode", "query", "string", false);
    p["enum"] = Value::Array(values);
    let spec = spec(
        json!({ "get_modes": operation("/modes", vec![p, auth_header()], "ShopError") }),
        json!({}),
    );
    let start = Instant::now();
    let d = expect_problems(
        &spec,
        &[(
            "parameters.mode.enum",
            "values \"x0-y\" and \"x0_y\" both become variant `X0Y`; set `name`",
        )],
    );
    assert_eq!(d.len(), 5_000);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
}

// Names that collide after case conversion, in every position.

#[test]
fn operations_colliding_after_case_conversion_are_reported() {
    let ops = json!({
        "list_items": operation("/a", vec![auth_header()], "ShopError"),
        "listItems": operation("/b", vec![auth_header()], "ShopError"),
        "list__items": operation("/c", vec![auth_header()], "ShopError"),
        "x_1": operation("/d", vec![auth_header()], "ShopError"),
        "x1": operation("/e", vec![auth_header()], "ShopError"),
    });
    expect_problems(
        &spec(ops, json!({})),
        &[
            (
                "operations.listItems",
                "`listItems` is not snake_case (expected `list_items`)",
            ),
            (
                "operations.list__items",
                "`list__items` is not snake_case (expected `list_items`)",
            ),
            ("operations.x_1", "Rust type `X1Request`"),
        ],
    );
}

#[test]
fn parameters_colliding_after_case_conversion_are_reported() {
    let params = vec![
        param("page_size", "query", "int32", false),
        param("pageSize", "query", "int32", false),
        param("page-size", "query", "int32", false),
        auth_header(),
    ];
    expect_problems(
        &spec(
            json!({ "list_items": operation("/a", params, "ShopError") }),
            json!({}),
        ),
        &[
            (
                "parameters.pageSize",
                "parameters `page_size` and `pageSize` both become `page_size` in Rust; set `rust_name`",
            ),
            (
                "parameters.page-size",
                "and `page-size` both become `page_size` in Rust",
            ),
        ],
    );
}

#[test]
fn fields_enum_values_and_types_colliding_after_case_conversion_are_reported() {
    let mut kind = field("kind", "string");
    kind["enum"] = json!([
        { "value": "a-b", "description": "Dash." },
        { "value": "a_b", "description": "Underscore." },
        { "value": "A B", "description": "Space." },
    ]);
    let mut sort = param("sort", "query", "string", false);
    sort["enum"] = json!([{ "value": "asc", "description": "Up." }]);
    sort["type_name"] = json!("ItemKind");
    let models = json!({
        "Item": model(vec![field("user_role", "string"), field("userRole", "string"), field("user-role", "string"), kind]),
        "ListItemsRequest": model(vec![field("x", "string")]),
    });
    expect_problems(
        &spec(
            json!({ "list_items": operation("/a", vec![sort, auth_header()], "Item") }),
            models,
        ),
        &[
            (
                "fields.userRole",
                "fields `user_role` and `userRole` both become `user_role` in Rust; set `rust_name`",
            ),
            (
                "fields.user-role",
                "and `user-role` both become `user_role` in Rust",
            ),
            (
                "fields.kind.enum",
                "values \"a-b\" and \"a_b\" both become variant `AB`; set `name`",
            ),
            ("fields.kind.enum", "and \"A B\" both become variant `AB`"),
            (
                "operations.list_items",
                "Rust type `ListItemsRequest` of request builder list_items collides with model ListItemsRequest",
            ),
            (
                "fields.kind.type_name",
                "Rust type `ItemKind` of enum Item.kind collides with parameter list_items.sort",
            ),
        ],
    );
}

// Rust keywords in every name position.

/// Keywords that are raw identifiers (`r#type`) as operation, parameter and field names,
/// and enum values whose variant names are keywords only in lower case.
fn keyword_spec() -> Value {
    let mut kind = param("type", "query", "string", false);
    kind["enum"] = json!([
        { "value": "fn", "description": "A function." },
        { "value": "match", "description": "A match." },
        { "value": "self_", "name": "SelfValue", "description": "Itself." },
    ]);
    kind["type_name"] = json!("Kind");
    kind["default"] = json!("fn");
    let mut r#in = param("in", "query", "int32", false);
    r#in["minimum"] = json!(1);
    let mut path_param = param("fn", "path", "string", true);
    path_param["min_length"] = json!(1);
    let params = vec![
        path_param,
        param("match", "query", "string", true),
        param("async", "query", "boolean", false),
        param("await", "query", "int64", true),
        kind,
        r#in,
        param("dyn", "query", "string", false),
        param("gen", "query", "string", false),
        param("try", "query", "string", false),
        param("union", "query", "string", false),
        param("macro_rules", "query", "string", false),
        auth_header(),
    ];
    let mut fields: Vec<Value> = [
        "fn", "type", "ref", "mod", "move", "static", "where", "yield", "abstract", "become",
        "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    ]
    .iter()
    .map(|k| field(k, "string"))
    .collect();
    let mut loop_field = field("loop", "int32");
    loop_field["enum"] = json!([
        { "value": 1, "name": "Loop", "description": "Loop." },
        { "value": 2, "name": "Break", "description": "Break." },
    ]);
    fields.push(loop_field);
    let mut paged = operation("/v1/{fn}/types", params, "Keywords");
    paged["responses"]["200"] =
        json!({ "description": "OK", "body": "json_array", "model": "Keywords" });
    let mut offset = param("offset", "query", "int32", false);
    offset["minimum"] = json!(0);
    offset["type_name"] = json!("KeywordOffset");
    let mut limit = param("limit", "query", "int32", false);
    limit["maximum"] = json!(100);
    limit["type_name"] = json!("KeywordLimit");
    paged["parameters"]
        .as_array_mut()
        .unwrap()
        .extend([offset, limit]);
    paged["pagination"] = json!({ "style": "offset", "cursor": "offset", "size": "limit" });
    json!({
        "services": { "type": {
            "title": "Type",
            "description": "A service whose key is a keyword.",
            "default_host": "https://type.{region}.example.com",
        }},
        "operations": {
            "type": paged.clone(),
            "match": operation("/match", vec![auth_header()], "Keywords"),
        },
        "models": { "Keywords": model(fields), "ShopError": error_model() },
    })
    .pipe(|mut s| {
        for op in ["type", "match"] {
            s["operations"][op]["service"] = json!("type");
        }
        s
    })
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

// The one construct Rust's `regex` and ECMA-262 both accept but read differently: `.`,
// which in ECMA-262 (the OpenAPI export's dialect) matches no `\r`, U+2028 or U+2029. The
// client compiles the ECMA-262 meaning and quotes the pattern as the spec wrote it.
#[test]
fn a_dot_in_a_pattern_is_checked_as_ecma_262_reads_it() {
    let mut version = param("version", "query", "string", true);
    version["pattern"] = json!("^v.[0-9]+$");
    version["example"] = json!("v12");
    version["type_name"] = json!("Version");
    let files = files_of(&spec(
        json!({ "get_item": operation("/v1/items", vec![version, auth_header()], "Item") }),
        json!({ "Item": model(vec![field("id", "string")]) }),
    ));
    let params = file(&files, "params.rs");
    assert!(
        params.contains(r#"regex::Regex::new("^v[^\\n\\r\\x{2028}\\x{2029}][0-9]+$")"#),
        "{params}"
    );
    assert!(params.contains(r#"pub const PATTERN: &'static str = "^v.[0-9]+$";"#));
    let openapi = file(&files, "openapi.json");
    assert!(openapi.contains(r#""pattern": "^v.[0-9]+$""#), "{openapi}");
}

#[test]
fn rust_keywords_as_names_generate_raw_identifiers() {
    let files = files_of(&keyword_spec());
    let operations = file(&files, "operations.rs");
    assert!(operations.contains("pub fn r#type("));
    assert!(operations.contains("r#fn: impl Into<String>"));
    assert!(operations.contains("pub fn r#async(mut self, r#async: bool)"));
    assert!(
        operations.contains("client.r#type("),
        "the doctest calls the keyword method as a raw identifier"
    );
    let models = file(&files, "models.rs");
    assert!(models.contains("pub r#fn: Option<String>"));
    assert!(models.contains("pub r#type: Option<String>"));
    let params = file(&files, "params.rs");
    assert!(params.contains("Fn,") && params.contains("Match,") && params.contains("SelfValue,"));
    assert!(file(&files, "README.md").contains("client.r#type("));
}

#[test]
fn keywords_that_cannot_be_raw_identifiers_are_reported() {
    let mut e = param("mode", "query", "string", false);
    e["enum"] = json!([
        { "value": "self", "description": "Becomes `Self`." },
        { "value": "x", "name": "Self", "description": "Named `Self`." },
        { "value": "y", "name": "Unknown", "description": "Reserved." },
    ]);
    let mut typed = param("typed", "query", "int32", false);
    typed["minimum"] = json!(1);
    typed["type_name"] = json!("Self");
    let params = vec![
        param("self", "query", "string", false),
        param("crate", "query", "string", false),
        param("super", "query", "string", false),
        param("_", "query", "string", false),
        e,
        typed,
        auth_header(),
    ];
    let mut ops = json!({
        "self": operation("/a", vec![auth_header()], "ShopError"),
        "crate": operation("/b", vec![auth_header()], "ShopError"),
        "get": operation("/c", params, "ShopError"),
    });
    ops["get"]["summary"] = json!("Get.");
    expect_problems(
        &spec(
            ops,
            json!({ "Self": model(vec![field("self", "string")]), "Type": model(vec![field("a", "string")]) }),
        ),
        &[
            (
                "operations.self",
                "`self` is a Rust keyword that cannot be used even as a raw identifier",
            ),
            (
                "operations.crate",
                "cannot be used even as a raw identifier",
            ),
            (
                "parameters.self.rust_name",
                "cannot be used even as a raw identifier; set `rust_name`",
            ),
            ("parameters.crate.rust_name", "set `rust_name`"),
            ("parameters.super.rust_name", "set `rust_name`"),
            ("parameters._.rust_name", "`` is not a Rust identifier"),
            (
                "parameters.mode.enum",
                "variant for value \"self\": `Self` is a Rust keyword; set `name`",
            ),
            (
                "parameters.mode.enum",
                "variant for value \"x\": `Self` is a Rust keyword",
            ),
            ("parameters.mode.enum", "variant name `Unknown` is reserved"),
            (
                "parameters.typed.type_name",
                "type name: `Self` is a Rust keyword",
            ),
            ("models.Self", "model name: `Self` is a Rust keyword"),
            (
                "fields.self.rust_name",
                "cannot be used even as a raw identifier; set `rust_name`",
            ),
        ],
    );
}

// Non-ASCII in every name position.

#[test]
fn non_ascii_names_are_reported_with_what_to_set() {
    let mut size = param("größe", "query", "string", false);
    size["enum"] = json!([
        { "value": "groß", "description": "Big." },
        { "value": "名前", "description": "Name." },
    ]);
    size["rust_name"] = json!("size");
    size["type_name"] = json!("Größe");
    let mut named = field("名前", "string");
    named["enum"] = json!([{ "value": "a", "description": "A." }]);
    named["rust_name"] = json!("name");
    let models = json!({
        "Größe": model(vec![field("größe", "string")]),
        "Item": model(vec![named, field("ünïcödé", "int32")]),
    });
    let ops = json!({
        "größe_abrufen": operation("/a", vec![auth_header()], "ShopError"),
        "get_item": operation("/b", vec![param("名前", "query", "string", true), size, auth_header()], "Item"),
    });
    let mut spec = spec(ops, models);
    spec["services"]["größe"] = service();
    spec["quirks"] =
        json!({ "größe": { "applies_to": ["services.shop"], "observed": "x", "decision": "y" } });
    expect_problems(
        &spec,
        &[
            (
                "services.größe",
                "service name: `größe` is not a Rust identifier (ASCII letters, digits and `_`)",
            ),
            (
                "operations.größe_abrufen",
                "operation name: `größe_abrufen` is not a Rust identifier",
            ),
            (
                "parameters.名前.rust_name",
                "Rust name: `名前` is not a Rust identifier (ASCII letters, digits and `_`); set `rust_name`",
            ),
            (
                "parameters.größe.enum",
                "variant for value \"groß\": `Groß` is not a Rust identifier (ASCII letters, digits and `_`); set `name`",
            ),
            (
                "parameters.größe.type_name",
                "type name: `Größe` is not a Rust identifier",
            ),
            (
                "models.Größe",
                "model name: `Größe` is not a Rust identifier",
            ),
            ("fields.ünïcödé.rust_name", "set `rust_name`"),
            // The enum of field `名前` is named after it: `Item名前`.
            (
                "fields.名前.type_name",
                "enum type name: `Item名前` is not a Rust identifier (ASCII letters, digits and `_`); set `type_name`",
            ),
            ("quirks.größe", "quirk id `größe` must be kebab-case"),
        ],
    );
}

/// Non-ASCII wire names and values with ASCII Rust names: clean output.
fn non_ascii_wire_spec() -> Value {
    let mut size = param("größe", "query", "string", false);
    size["enum"] = json!([
        { "value": "groß", "name": "Gross", "description": "Groß, big." },
        { "value": "名前", "name": "Namae", "description": "名前, name." },
        { "value": "\u{202e}rtl", "name": "Rtl", "description": "A direction override in a value." },
        { "value": "quote\"back\\slash\nnewline", "name": "Odd", "description": "Escapes." },
    ]);
    size["rust_name"] = json!("size");
    size["type_name"] = json!("Size");
    let mut named = field("名前", "string");
    named["rust_name"] = json!("name");
    named["enum"] = json!([{ "value": "ä", "name": "AUmlaut", "description": "ä." }]);
    named["type_name"] = json!("ItemName");
    let mut odd = field("a \"quoted\\\" key", "string");
    odd["rust_name"] = json!("odd_key");
    let mut required = param("q\"uery\\name", "query", "string", true);
    required["rust_name"] = json!("query_name");
    let mut path = param("ключ", "path", "string", true);
    path["rust_name"] = json!("key");
    let ops = json!({
        "get_non_ascii": operation("/items/{ключ}/ä", vec![path, required, size, auth_header()], "NonAscii"),
    });
    spec(ops, json!({ "NonAscii": model(vec![named, odd]) }))
}

#[test]
fn non_ascii_wire_names_with_ascii_rust_names_generate() {
    let files = files_of(&non_ascii_wire_spec());
    let operations = file(&files, "operations.rs");
    assert!(operations.contains("(\"größe\""));
    assert!(operations.contains("\"/items/\""));
    let params = file(&files, "params.rs");
    assert!(
        params.contains("\"\\u{202e}rtl\""),
        "a direction override is escaped in literals"
    );
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs" || e == "md"))
    {
        assert!(
            !f.contents.contains('\u{202e}'),
            "{}: a raw direction override",
            f.path.display()
        );
    }
}

// Hostile text in every description position.

/// Text that means something to Rust, rustdoc, Markdown, HTML, YAML and minijinja.
const HOSTILE_TEXT: &str = "Ends a comment */ and opens one /* ; raw strings \"# and #\" and r#\"x\"#; \
backticks ` and `` and an unclosed ```; <script>alert(1)</script> <b>bold; \
minijinja {{ header }} {% for x in y %} {# comment #} {% raw %}; a link [here](crate::Nothing) \
and [Nothing]; a bare URL https://example.com/path?a=1&b=2; a tab\there; a NUL \0 and a bell \u{7}; \
a direction override \u{202e}reversed\u{202c}; a line\r\nwith CRLF and a lone\rCR; \
\n\n```rust\ncompile_error!(\"a description became a doctest\");\n```\n\n\
    fn indented() { compile_error!(\"an indented code block\") }\n\n\
# Not a heading\n~~~\nnot a fence\n~~~\n- not a list\n\\ a backslash \\` escaped backtick\n|a|table|\n|-|-|\n";

/// `HOSTILE_TEXT` repeated to at least `size` bytes.
fn hostile(size: usize) -> String {
    HOSTILE_TEXT.repeat(size / HOSTILE_TEXT.len() + 1)
}

/// Every description, summary, title, note and format of a small spec set to hostile
/// text, one of them a megabyte long.
fn hostile_text_spec() -> Value {
    let text = hostile(2_000);
    let mut kind = param("kind", "query", "string", false);
    kind["enum"] = json!([
        { "value": "a", "description": text },
        { "value": "b```", "description": text },
    ]);
    kind["type_name"] = json!("HostileKind");
    kind["description"] = json!(text);
    kind["inferred"] = json!(text);
    let mut limit = param("limit", "query", "int32", false);
    limit["maximum"] = json!(100);
    limit["description"] = json!(text);
    limit["type_name"] = json!("HostileLimit");
    let mut pattern = param("code", "query", "string", true);
    pattern["pattern"] = json!("^(a|b`|``c)*$");
    pattern["description"] = json!(text);
    let mut op = operation(
        "/v1/items",
        vec![kind, limit, pattern, auth_header()],
        "Hostile",
    );
    op["service"] = json!("hostile");
    op["summary"] = json!(text);
    op["description"] = json!(hostile(1 << 20));
    op["doc"]["title"] = json!(text);
    op["doc"]["section"] = json!(text);
    op["responses"]["200"]["description"] = json!(text);
    op["responses"]["401"]["description"] = json!(text);
    let mut state = field("state", "string");
    state["enum"] = json!([{ "value": "x", "description": text }]);
    state["description"] = json!(text);
    state["format"] = json!(text);
    state["inferred"] = json!(text);
    let mut item = model(vec![state]);
    item["description"] = json!(text);
    let mut hostile_service = service();
    hostile_service["title"] = json!(text);
    hostile_service["description"] = json!(text);
    hostile_service["inferred"] = json!(text);
    json!({
        "services": { "hostile": hostile_service },
        "operations": { "get_hostile": op },
        "models": { "Hostile": item, "ShopError": error_model() },
        "quirks": { "hostile-text": {
            "applies_to": ["operations.get_hostile"],
            "observed": text,
            "decision": text,
        }},
    })
}

#[test]
fn hostile_descriptions_stay_text() {
    let files = files_of(&hostile_text_spec());
    // Rust and Markdown; JSON escapes what it must by itself.
    let text_files = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs" || e == "md"));
    for f in text_files {
        let rust = f.path.extension().is_some_and(|e| e == "rs");
        let mut in_code_block = false;
        for (i, line) in f.contents.lines().enumerate() {
            let at = format!("{}:{}", f.path.display(), i + 1);
            assert!(!line.contains('\r'), "{at}: raw carriage return");
            assert!(!line.contains('\u{202e}'), "{at}: raw direction override");
            assert!(!line.contains('\0'), "{at}: raw NUL");
            let doc = line
                .trim_start()
                .strip_prefix("///")
                .or_else(|| line.trim_start().strip_prefix("//!"));
            if let Some(doc) = doc.filter(|_| rust) {
                // The only code blocks in generated docs are the generator's own. (A line
                // that starts with a code span of three or more backticks is no fence: a
                // fence's info string holds no backtick.)
                let after_fence = doc.trim_start().trim_start_matches('`');
                let fence =
                    doc.trim_start().len() - after_fence.len() >= 3 && !after_fence.contains('`');
                if fence {
                    let info = doc.trim().trim_start_matches('`');
                    let generators_own = matches!(info, "" | "no_run" | "sh" | "compile_fail")
                        || info.strip_prefix("compile_fail,E").is_some_and(|code| {
                            code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())
                        });
                    assert!(
                        generators_own,
                        "{at}: a description opened a code block: {doc:?}"
                    );
                    in_code_block = !in_code_block;
                    continue;
                }
                if in_code_block {
                    continue;
                }
                assert!(!doc.trim_start().starts_with("~~~"), "{at}: a fence");
                assert!(!doc.contains("<script>"), "{at}: raw HTML");
                assert!(!doc.starts_with("     "), "{at}: an indented code block");
            }
        }
    }
    let readme = file(&files, "README.md");
    assert!(
        readme.contains("{{ header }}") && readme.contains("{% for x in y %}"),
        "minijinja inserts description text without interpreting it"
    );
    assert!(!readme.contains("<script>"), "no raw HTML in the README");
    assert!(
        !readme
            .lines()
            .any(|l| l.trim_start().starts_with("```rust") && !l.contains("ignore")),
        "no code block opened by a description in the README"
    );
}

// Reserved names: types the client crate defines, prelude names the generated code uses
// unqualified, and builder methods.

#[test]
fn names_the_generated_code_relies_on_are_reserved() {
    let mut some = param("some", "query", "int32", false);
    some["minimum"] = json!(1);
    some["type_name"] = json!("Some");
    let mut ok = param("ok", "query", "int32", false);
    ok["minimum"] = json!(1);
    ok["type_name"] = json!("Ok");
    let mut from = param("from", "query", "string", false);
    from["enum"] = json!([{ "value": "a", "description": "A." }]);
    from["type_name"] = json!("From");
    let mut offset = param("offset", "query", "int32", false);
    offset["minimum"] = json!(0);
    let mut limit = param("limit", "query", "int32", false);
    limit["maximum"] = json!(10);
    let mut paged = operation(
        "/a",
        vec![
            some,
            ok,
            from,
            offset,
            limit,
            param("into_items", "query", "string", false),
            auth_header(),
        ],
        "Items",
    );
    paged["responses"]["200"] =
        json!({ "description": "OK", "body": "json_array", "model": "Items" });
    paged["pagination"] = json!({ "style": "offset", "cursor": "offset", "size": "limit" });
    let models = json!({
        "Items": model(vec![field("a", "string")]),
        "Progress": model(vec![field("a", "string")]),
        "SavedFile": model(vec![field("a", "string")]),
        "RetryPolicy": model(vec![field("a", "string")]),
        "Serialize": model(vec![field("a", "string")]),
        "Deserialize": model(vec![field("a", "string")]),
    });
    expect_problems(
        &spec(json!({ "list_things": paged }), models),
        &[
            (
                "models.Items",
                "`Items` is a type of the client crate itself",
            ),
            (
                "models.Progress",
                "`Progress` is a type of the client crate itself",
            ),
            (
                "models.SavedFile",
                "`SavedFile` is a type of the client crate itself",
            ),
            (
                "models.RetryPolicy",
                "`RetryPolicy` is a type of the client crate itself",
            ),
            ("models.Serialize", "the generated code uses `Serialize`"),
            (
                "models.Deserialize",
                "the generated code uses `Deserialize`",
            ),
            (
                "parameters.some.type_name",
                "the generated code uses `Some`",
            ),
            ("parameters.ok.type_name", "the generated code uses `Ok`"),
            (
                "parameters.from.type_name",
                "the generated code uses `From`",
            ),
            (
                "parameters.into_items",
                "collides with a request builder method",
            ),
        ],
    );
}

#[test]
fn positional_arguments_do_not_shadow_the_examples_settings() {
    let params = vec![
        param("token", "query", "string", true),
        param("region", "path", "string", true),
        auth_header(),
    ];
    expect_problems(
        &spec(
            json!({ "get_thing": operation("/a/{region}", params, "ShopError") }),
            json!({}),
        ),
        &[
            ("parameters.token", "`CODEARTS_TOKEN`"),
            ("parameters.region", "`CODEARTS_REGION`"),
        ],
    );
}

/// Integer bounds, defaults and enum values at the edges of `i64` and `i32`.
fn extreme_numbers_spec() -> Value {
    let mut wide = param("wide", "query", "int64", false);
    wide["minimum"] = json!(i64::MIN);
    wide["maximum"] = json!(i64::MAX);
    wide["default"] = json!(i64::MIN);
    wide["type_name"] = json!("Wide");
    let mut narrow = param("narrow", "query", "int32", false);
    narrow["minimum"] = json!(i32::MIN);
    narrow["maximum"] = json!(i32::MAX);
    narrow["default"] = json!(i32::MAX);
    let mut negative = param("negative", "query", "int64", false);
    negative["enum"] = json!([
        { "value": i64::MIN, "name": "Min", "description": "Smallest." },
        { "value": -1, "name": "MinusOne", "description": "Minus one." },
        { "value": i64::MAX, "name": "Max", "description": "Largest." },
    ]);
    negative["default"] = json!(-1);
    let mut flag = param("flag", "query", "boolean", false);
    flag["default"] = json!(true);
    let mut empty = param("empty", "query", "string", false);
    empty["default"] = json!("");
    empty["max_length"] = json!(0);
    let mut long = param("long", "query", "string", false);
    long["min_length"] = json!(u64::MAX);
    let mut id = param("id", "path", "int64", true);
    id["minimum"] = json!(i64::MIN);
    let mut signed = field("signed", "int64");
    signed["enum"] = json!([
        { "value": i64::MIN, "name": "Min", "description": "Smallest." },
        { "value": i64::MAX, "name": "Max", "description": "Largest." },
    ]);
    signed["minimum"] = json!(i64::MIN);
    let ops = json!({
        "get_numbers": operation("/n/{id}", vec![id, wide, narrow, negative, flag, empty, long, auth_header()], "Numbers"),
    });
    spec(ops, json!({ "Numbers": model(vec![signed]) }))
}

#[test]
fn extreme_numbers_generate() {
    let files = files_of(&extreme_numbers_spec());
    let params = file(&files, "params.rs");
    assert!(params.contains("-9223372036854775808"));
    assert!(params.contains("pub const DEFAULT: bool") || params.contains("Self(true)"));
}

// A newtype with only a default, and an operation with no constrained parameter, were
// generated with `let mut` bindings that nothing mutates: warnings that fail the crate's
// clippy run (found by `accepted_pathological_specs_compile_...`).
#[test]
fn nothing_to_check_binds_nothing_mutable() {
    let files = files_of(&extreme_numbers_spec());
    let params = file(&files, "params.rs");
    let flag = &params[params.find("pub struct Flag(bool);").unwrap()..];
    let flag = &flag[..flag.find("Ok(Self(value))").unwrap()];
    assert!(flag.contains("let failures = Vec::new();"), "{flag}");
    let files = files_of(&keyword_spec());
    let operations = file(&files, "operations.rs");
    let check = &operations[operations.find("impl MatchRequest").unwrap()..];
    assert!(
        check.contains("let violations = Violations::new(\"match\");"),
        "{}",
        &check[..2000.min(check.len())]
    );
}

// ---------------------------------------------------------------------------------------
// The clean outputs compile.

/// The real spec plus every spec above that generates, merged into one more file (they
/// use names of their own): the hand-written runtime of the client crate names some
/// generated items (`FileContentInfo`, `Service::Repo`), so the real spec stays in.
fn all_clean_files() -> Vec<SourceFile> {
    let mut merged = json!({ "services": {}, "operations": {}, "models": {}, "quirks": {} });
    for spec in [
        deep_models(),
        big_enums(10_000),
        keyword_spec(),
        non_ascii_wire_spec(),
        hostile_text_spec(),
        extreme_numbers_spec(),
    ] {
        for section in ["services", "operations", "models", "quirks"] {
            if let Some(items) = spec[section].as_object() {
                for (k, v) in items {
                    merged[section][k] = v.clone();
                }
            }
        }
    }
    // The real spec declares its ways of authenticating; the new services accept them all.
    for service in merged["services"].as_object_mut().unwrap().values_mut() {
        service["auth"] = json!(["iam_token", "access_key"]);
    }
    let mut files: Vec<SourceFile> = std::fs::read_dir(workspace_root().join("spec"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| SourceFile {
            text: std::fs::read_to_string(&p).unwrap(),
            path: p,
        })
        .collect();
    files.push(SourceFile {
        path: PathBuf::from(FILE),
        text: yaml(&merged),
    });
    files
}

/// Runs cargo on the copy in `dir`; fails when cargo fails or warns: the real spec is
/// in, so the runtime too must compile without a warning.
fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let text = client_crate::cargo(dir, args, env);
    assert!(!text.contains("warning"), "cargo {args:?} warned:\n{text}");
    text
}

#[test]
#[ignore = "runs cargo check, doc and doctests on the generated crate (minutes); see the module doc"]
fn accepted_pathological_specs_compile_document_and_pass_their_doctests() {
    let files = generate_files(all_clean_files()).unwrap_or_else(|d| panic!("{d}"));
    let dir = client_crate::with_files(&files);
    cargo(
        dir.path(),
        &["check", "--all-targets", "--features", "catalogue"],
        &[],
    );
    cargo(
        dir.path(),
        &["doc", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    cargo(dir.path(), &["test", "--doc"], &[]);
}

// A type the client crate's root re-exports wins over a generated type of the same name
// (an explicit `pub use` beats the generated glob), and the generated code that names it
// through `crate::` breaks; so every such type is reserved.
#[test]
fn every_type_the_client_crate_exports_is_reserved() {
    let lib =
        std::fs::read_to_string(workspace_root().join("generated-client/src/lib.rs")).unwrap();
    let exported: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub use "))
        .filter(|l| !l.starts_with("generated::"))
        .flat_map(|l| {
            let names = l.rsplit("::").next().unwrap_or_default();
            names
                .trim_end_matches(';')
                .trim_matches(|c| c == '{' || c == '}')
                .split(',')
                .map(|n| n.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    assert!(exported.len() >= 10, "found the re-exports: {exported:?}");
    for name in &exported {
        assert!(
            codegen::names::RESERVED_TYPES.contains(&name.as_str()),
            "`{name}` is exported by the client crate but not in names::RESERVED_TYPES"
        );
    }
}
