//! Semantic rules of the spec. Every rule is one function with the rule stated above it;
//! all rules run, and every problem is reported with its file, line and spec path.
//! After `check` passes, lowering cannot fail.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Item, Spec};
use crate::names;
use crate::pattern;
use crate::spec::{
    AuthKind, BodyKind, Constraints, EnumValue, Field, FieldKind, Literal, Location, Operation,
    Parameter, ScalarType,
};

/// Runs every rule; `Err` lists every problem found.
pub fn check(spec: &Spec) -> Result<(), Diagnostics> {
    let mut cx = Cx {
        spec,
        diags: Diagnostics::default(),
        lines: BTreeMap::new(),
    };
    check_services(&mut cx);
    for (name, op) in &spec.operations {
        check_operation_name(&mut cx, name, op);
        check_operation_service(&mut cx, name, op);
        check_doc_page(&mut cx, name, op);
        check_path_template(&mut cx, name, op);
        check_parameter_names(&mut cx, name, op);
        for param in &op.value.parameters {
            let at = |k: &[&str]| path(&["operations", name, "parameters", &param.name], k);
            check_parameter_location(&mut cx, op.file, &at, param);
            check_constraints(&mut cx, op.file, &at, Some(param.ty), &param.constraints());
            check_enum_values(&mut cx, op.file, &at, param.ty, param.values.as_deref());
            check_default(&mut cx, op.file, &at, param);
            check_example(&mut cx, op.file, &at, param);
        }
        check_responses(&mut cx, name, op);
        check_pagination(&mut cx, name, op);
        check_examples(&mut cx, name, op);
    }
    check_shared_param_types(&mut cx);
    check_models(&mut cx);
    check_model_cycles(&mut cx);
    check_model_depth(&mut cx);
    check_type_name_collisions(&mut cx);
    check_quirks(&mut cx);
    check_auth_scheme_ids(&mut cx);
    check_auth_scheme_headers(&mut cx);
    check_auth_references(&mut cx);
    check_auth_declared_everywhere(&mut cx);
    check_auth_kinds_distinct(&mut cx);
    check_auth_parameters_have_schemes(&mut cx);
    check_token_schemes_have_parameters(&mut cx);
    check_auth_schemes_used(&mut cx);
    cx.diags.into_result()
}

struct Cx<'a> {
    spec: &'a Spec,
    diags: Diagnostics,
    /// Lines already found, by file, path and occurrence: many problems share a path
    /// (every bad value of a 10,000-value enum is reported at its `enum`), and finding a
    /// line scans the file.
    lines: BTreeMap<(usize, Vec<String>, usize), Option<usize>>,
}

/// Distinct paths whose line is looked up; past this, problems carry their spec path
/// only, so that thousands of problems in a huge file cost linear time, not quadratic.
const MAX_LOCATED_PATHS: usize = 1_000;

impl Cx<'_> {
    fn error(&mut self, file: usize, path: Vec<String>, message: impl Into<String>) {
        self.error_nth(file, path, 0, message);
    }

    /// Reports at the `nth` occurrence of the path's last segment (a repeated name).
    fn error_nth(
        &mut self,
        file: usize,
        path: Vec<String>,
        nth: usize,
        message: impl Into<String>,
    ) {
        let key = (file, path, nth);
        let line = match self.lines.get(&key) {
            Some(line) => *line,
            None if self.lines.len() < MAX_LOCATED_PATHS => {
                let line = self.spec.locate_nth(file, &key.1, nth).line;
                self.lines.insert(key.clone(), line);
                line
            }
            None => None,
        };
        let mut location = self.spec.unlocated(file, &key.1);
        location.line = line;
        self.diags.push(Diagnostic {
            location,
            message: message.into(),
        });
    }
}

fn path(base: &[&str], rest: &[&str]) -> Vec<String> {
    base.iter().chain(rest).map(|s| s.to_string()).collect()
}

// Service hosts are HTTPS URLs with a `{region}` placeholder (or, per region, without
// one); the client builds its default endpoints from them.
fn check_services(cx: &mut Cx) {
    let mut variants = BTreeMap::new();
    for (key, item) in &cx.spec.services {
        let s = &item.value;
        let at = |k: &[&str]| path(&["services", key], k);
        if let Some(p) = names::value_name_problem(key) {
            cx.error(item.file, at(&[]), format!("service name: {p}"));
        }
        if let Some(other) = variants.insert(names::camel(key), key) {
            cx.error(
                item.file,
                at(&[]),
                format!(
                    "service `{key}` and `{other}` have the same Rust name `{}`",
                    names::camel(key)
                ),
            );
        }
        let other_braces = s.default_host.replace("{region}", "").contains(['{', '}']);
        if !s.default_host.starts_with("https://")
            || !s.default_host.contains("{region}")
            || other_braces
        {
            cx.error(
                item.file,
                at(&["default_host"]),
                format!(
                    "`{}` must be an https:// URL whose only placeholder is `{{region}}`",
                    s.default_host
                ),
            );
        }
        for (region, host) in &s.region_hosts {
            if !host.starts_with("https://") || host.contains('{') {
                cx.error(
                    item.file,
                    at(&["region_hosts", region]),
                    format!("`{host}` must be a complete https:// URL"),
                );
            }
        }
    }
}

// Operation names become `Client` methods: snake_case identifiers.
fn check_operation_name(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    if let Some(p) = names::value_name_problem(name) {
        cx.error(
            op.file,
            path(&["operations", name], &[]),
            format!("operation name: {p}"),
        );
    }
}

// An operation belongs to a service defined in the spec.
fn check_operation_service(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    if !cx.spec.services.contains_key(&op.value.service) {
        let known: Vec<_> = cx.spec.services.keys().map(String::as_str).collect();
        cx.error(
            op.file,
            path(&["operations", name, "service"], &[]),
            format!(
                "unknown service `{}` (defined: {})",
                op.value.service,
                known.join(", ")
            ),
        );
    }
}

// The page date is an ISO date, so reports can sort and compare it.
fn check_doc_page(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let d = &op.value.doc.updated_on;
    if !is_calendar_date(d) {
        cx.error(
            op.file,
            path(&["operations", name, "doc", "updated_on"], &[]),
            format!("`{d}` is not a YYYY-MM-DD date"),
        );
    }
}

/// Whether `d` is `YYYY-MM-DD` naming a day that exists.
fn is_calendar_date(d: &str) -> bool {
    let shape = d.len() == 10
        && d.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| d[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// "a" or "an" before a type name, for messages.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The `{name}` placeholders of a path template, or a message when it is malformed.
pub fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("has a `}` without a matching `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("has a `{` without a matching `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') || name.contains('/') {
            return Err(format!("has a malformed placeholder `{{{name}}}`"));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(out)
}

// Every path placeholder has a path parameter and every path parameter a placeholder;
// path parameters are required, since a URL cannot omit a segment.
fn check_path_template(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let at = |k: &[&str]| path(&["operations", name], k);
    let template = &op.value.path;
    if !template.starts_with('/') {
        cx.error(
            op.file,
            at(&["path"]),
            format!("`{template}` must start with `/`"),
        );
    }
    let holes = match placeholders(template) {
        Ok(h) => h,
        Err(e) => return cx.error(op.file, at(&["path"]), format!("`{template}` {e}")),
    };
    let mut seen = BTreeSet::new();
    for hole in &holes {
        if !seen.insert(hole) {
            cx.error(
                op.file,
                at(&["path"]),
                format!("placeholder `{{{hole}}}` appears twice"),
            );
        }
        let declared = op
            .value
            .parameters
            .iter()
            .any(|p| &p.name == hole && p.location == Location::Path);
        if !declared {
            cx.error(
                op.file,
                at(&["path"]),
                format!("placeholder `{{{hole}}}` has no path parameter named `{hole}`"),
            );
        }
    }
    for p in op
        .value
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        if !holes.contains(&p.name) {
            cx.error(
                op.file,
                at(&["parameters", &p.name]),
                format!(
                    "path parameter `{}` has no `{{{}}}` placeholder in `{template}`",
                    p.name, p.name
                ),
            );
        }
        if !p.required {
            cx.error(
                op.file,
                at(&["parameters", &p.name, "required"]),
                "a path parameter must be required",
            );
        }
    }
}

/// Names a builder uses for itself; a setter of the same name would collide.
const BUILDER_MEMBERS: &[&str] = &["client", "send", "check", "parts", "into_items"];

/// Settings the generated examples read from `CODEARTS_<NAME>` variables; a positional
/// argument of the same name would be read from the same variable.
const EXAMPLE_SETTINGS: &[&str] = &[
    "token",
    "ak",
    "sk",
    "security_token",
    "iam_project_id",
    "region",
    "endpoint",
    "allow_http",
    "max_items",
];

// Wire names are unique within an operation, and so are the Rust names they become
// (`page_size` and `pageSize` would both be `page_size`).
fn check_parameter_names(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let mut wire = BTreeSet::new();
    let mut rust: BTreeMap<String, &str> = BTreeMap::new();
    for (i, p) in op.value.parameters.iter().enumerate() {
        let at = |k: &[&str]| path(&["operations", name, "parameters", &p.name], k);
        if !wire.insert((p.location, p.name.to_ascii_lowercase())) {
            let nth = op.value.parameters[..i]
                .iter()
                .filter(|q| q.name == p.name)
                .count();
            cx.error_nth(
                op.file,
                at(&[]),
                nth,
                format!("parameter `{}` is defined twice in {}", p.name, p.location),
            );
            continue;
        }
        if p.auth {
            continue;
        }
        let rust_name = p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name));
        if let Some(problem) = names::value_name_problem(&rust_name) {
            let hint = if p.rust_name.is_none() {
                "; set `rust_name`"
            } else {
                ""
            };
            cx.error(
                op.file,
                at(&["rust_name"]),
                format!("Rust name: {problem}{hint}"),
            );
        }
        if BUILDER_MEMBERS.contains(&rust_name.as_str()) {
            cx.error(op.file, at(&[]), format!("Rust name `{rust_name}` collides with a request builder method; set `rust_name`"));
        }
        let positional = p.location == Location::Path || p.required;
        if positional && EXAMPLE_SETTINGS.contains(&rust_name.as_str()) {
            cx.error(op.file, at(&[]), format!("the generated example would read argument `{rust_name}` from `CODEARTS_{}`, which holds the client's own setting; set `rust_name`", rust_name.to_uppercase()));
        }
        if let Some(other) = rust.insert(rust_name.clone(), &p.name) {
            cx.error(op.file, at(&[]), format!("parameters `{other}` and `{}` both become `{rust_name}` in Rust; set `rust_name`", p.name));
        }
    }
}

// Credentials travel in headers and are secret; header names must be valid HTTP tokens.
// Only credentials may be sensitive: a request builder stores and prints its other
// arguments, and only the client's token is kept out of `Debug`.
fn check_parameter_location(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    p: &Parameter,
) {
    if p.sensitive && !p.auth {
        cx.error(
            file,
            at(&["sensitive"]),
            "only credentials (`auth: true`) may be sensitive; the client keeps no other secret",
        );
    }
    if p.auth && (p.location != Location::Header || p.ty != ScalarType::String || !p.sensitive) {
        cx.error(
            file,
            at(&["auth"]),
            "an auth parameter must be a sensitive string header",
        );
    }
    if p.location == Location::Header
        && (p.name.is_empty()
            || !p
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)))
    {
        cx.error(
            file,
            at(&[]),
            format!("`{}` is not a valid HTTP header name", p.name),
        );
    }
    if p.ty == ScalarType::Boolean && p.location == Location::Path {
        cx.error(file, at(&["type"]), "a path parameter cannot be a boolean");
    }
}

// Constraints must fit the type they constrain and each other: ranges on integers within
// the type's bounds and min <= max; lengths and patterns on strings, min <= max, an exact
// length not contradicting them; patterns anchored, compiling, and read the same by
// ECMA-262 as by Rust.
fn check_constraints(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    ty: Option<ScalarType>,
    c: &Constraints,
) {
    let integer = ty.is_some_and(ScalarType::is_integer);
    let string = ty == Some(ScalarType::String);
    let type_name = ty.map_or_else(|| "this type".to_string(), |t| t.to_string());
    for (key, set) in [
        ("minimum", c.minimum.is_some()),
        ("maximum", c.maximum.is_some()),
    ] {
        if set && !integer {
            cx.error(
                file,
                at(&[key]),
                format!("`{key}` applies to integers, not {type_name}"),
            );
        }
    }
    for (key, set) in [
        ("min_length", c.min_length.is_some()),
        ("max_length", c.max_length.is_some()),
        ("length", c.length.is_some()),
        ("pattern", c.pattern.is_some()),
    ] {
        if set && !string {
            cx.error(
                file,
                at(&[key]),
                format!("`{key}` applies to strings, not {type_name}"),
            );
        }
    }
    if let (Some(min), Some(max)) = (c.minimum, c.maximum)
        && min > max
    {
        cx.error(
            file,
            at(&["minimum"]),
            format!("minimum {min} is greater than maximum {max}"),
        );
    }
    if ty == Some(ScalarType::Int32) {
        for (key, v) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            if let Some(v) = v
                && i32::try_from(v).is_err()
            {
                cx.error(file, at(&[key]), format!("{v} does not fit in int32"));
            }
        }
    }
    if let (Some(min), Some(max)) = (c.min_length, c.max_length)
        && min > max
    {
        cx.error(
            file,
            at(&["min_length"]),
            format!("min_length {min} is greater than max_length {max}"),
        );
    }
    if let Some(len) = c.length
        && (c.min_length.is_some_and(|m| m > len) || c.max_length.is_some_and(|m| m < len))
    {
        cx.error(
            file,
            at(&["length"]),
            format!("length {len} contradicts min_length/max_length"),
        );
    }
    let Some(pattern) = &c.pattern else {
        return;
    };
    // Patterns are anchored so that they constrain the whole value, as the checks
    // (which use `is_match`) would otherwise accept any value containing a match.
    if !(pattern.starts_with('^') && pattern.ends_with('$')) {
        cx.error(
            file,
            at(&["pattern"]),
            format!("`{pattern}` must be anchored with `^` and `$` to constrain the whole value"),
        );
    }
    // The client checks with Rust's `regex`; the OpenAPI export carries the pattern as it
    // is, and OpenAPI readers take it as ECMA-262. A pattern must mean the same to both.
    let problem = match Regex::new(&pattern::for_rust(pattern)) {
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().last().unwrap_or_default().trim();
            format!("`{pattern}` is not a valid regular expression: {first}")
        }
        Ok(_) => match pattern::not_ecma_262(pattern) {
            Some(why) => format!(
                "`{pattern}` uses {why}, which ECMA-262 (the regular expressions of \
                 OpenAPI) does not read as Rust does"
            ),
            None => return,
        },
    };
    cx.error(file, at(&["pattern"]), problem);
}

// Enum values match the declared type and are distinct; every value has a Rust variant
// name (given for integers, derived from the value for strings) and the names are distinct.
fn check_enum_values(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    ty: ScalarType,
    values: Option<&[EnumValue]>,
) {
    let Some(values) = values else { return };
    if values.is_empty() {
        return cx.error(file, at(&["enum"]), "an enum needs at least one value");
    }
    if ty == ScalarType::Boolean {
        return cx.error(file, at(&["enum"]), "a boolean cannot be an enum");
    }
    let mut seen_values = BTreeSet::new();
    let mut seen_names = BTreeMap::new();
    for v in values {
        let shown = v.value.to_string();
        let fits = match (&v.value, ty) {
            (Literal::Str(_), ScalarType::String) | (Literal::Int(_), ScalarType::Int64) => true,
            (Literal::Int(i), ScalarType::Int32) => i32::try_from(*i).is_ok(),
            _ => false,
        };
        if !fits {
            cx.error(
                file,
                at(&["enum"]),
                format!("value {shown} is not {} {ty}", article(&ty.to_string())),
            );
        }
        if !seen_values.insert(&v.value) {
            cx.error(
                file,
                at(&["enum"]),
                format!("value {shown} is listed twice"),
            );
        }
        let name = match (&v.name, &v.value) {
            (Some(n), _) => n.clone(),
            (None, Literal::Str(s)) => names::camel(s),
            (None, _) => {
                cx.error(
                    file,
                    at(&["enum"]),
                    format!("value {shown} needs a `name` for its Rust variant"),
                );
                continue;
            }
        };
        if let Some(p) = names::type_name_problem(&name) {
            cx.error(
                file,
                at(&["enum"]),
                format!("variant for value {shown}: {p}; set `name`"),
            );
        }
        if name == "Unknown" {
            cx.error(
                file,
                at(&["enum"]),
                "variant name `Unknown` is reserved for values the spec does not list",
            );
        }
        if let Some(other) = seen_names.insert(name.clone(), shown.clone()) {
            cx.error(
                file,
                at(&["enum"]),
                format!("values {other} and {shown} both become variant `{name}`; set `name`"),
            );
        }
    }
}

// A default must be a value the parameter accepts: the right type, inside its range and
// lengths, matching its pattern, one of its enum values. A required parameter has none.
fn check_default(cx: &mut Cx, file: usize, at: &dyn Fn(&[&str]) -> Vec<String>, p: &Parameter) {
    let Some(default) = &p.default else { return };
    if p.required {
        return cx.error(
            file,
            at(&["default"]),
            "a required parameter cannot have a default",
        );
    }
    check_accepted(cx, file, &|| at(&["default"]), p, "default", default);
}

// An example is a value the parameter accepts, as a default is. An argument of the
// operation method for which no value can be made up needs one: the workspace's tests call
// every operation with valid values.
fn check_example(cx: &mut Cx, file: usize, at: &dyn Fn(&[&str]) -> Vec<String>, p: &Parameter) {
    match &p.example {
        Some(example) => check_accepted(cx, file, &|| at(&["example"]), p, "example", example),
        None if p.is_positional() && crate::sample::param(p).is_none() => {
            let (key, why) = if p.pattern.is_some() {
                (
                    "pattern",
                    "no value made of one repeated letter, digit, `_`, `-` or `.` matches the \
                     pattern"
                        .to_string(),
                )
            } else {
                let most = crate::sample::LONGEST;
                let why = format!("its shortest value is longer than {most} characters");
                (
                    if p.length.is_some() {
                        "length"
                    } else {
                        "min_length"
                    },
                    why,
                )
            };
            cx.error(
                file,
                at(&[key]),
                format!(
                    "{why}: give the parameter an `example` (the page's example request \
                     usually has one), since tests call every operation with valid values"
                ),
            );
        }
        None => {}
    }
}

/// Reports where `value` (the parameter's `what`, at `at`) is not a value `p` accepts.
fn check_accepted(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn() -> Vec<String>,
    p: &Parameter,
    what: &str,
    value: &Literal,
) {
    let c = p.constraints();
    match (value, p.ty) {
        (Literal::Int(v), ScalarType::Int32 | ScalarType::Int64) => {
            if p.ty == ScalarType::Int32 && i32::try_from(*v).is_err() {
                cx.error(file, at(), format!("{what} {v} does not fit in int32"));
            }
            if c.minimum.is_some_and(|m| *v < m) || c.maximum.is_some_and(|m| *v > m) {
                let range = format!(
                    "{}..={}",
                    c.minimum.map(|m| m.to_string()).unwrap_or_default(),
                    c.maximum.map(|m| m.to_string()).unwrap_or_default()
                );
                cx.error(
                    file,
                    at(),
                    format!("{what} {v} is outside the range {range}"),
                );
            }
        }
        (Literal::Str(s), ScalarType::String) => {
            let len = s.chars().count() as u64;
            if c.min_length.is_some_and(|m| len < m)
                || c.max_length.is_some_and(|m| len > m)
                || c.length.is_some_and(|m| len != m)
            {
                cx.error(
                    file,
                    at(),
                    format!("{what} {value} has {len} characters, outside the documented length"),
                );
            }
            if let Some(re) = c
                .pattern
                .as_deref()
                .and_then(|p| Regex::new(&pattern::for_rust(p)).ok())
                && !re.is_match(s)
            {
                cx.error(
                    file,
                    at(),
                    format!("{what} {value} does not match the pattern"),
                );
            }
        }
        (Literal::Bool(_), ScalarType::Boolean) => {}
        _ => {
            let ty = p.ty.to_string();
            return cx.error(
                file,
                at(),
                format!("{what} {value} is not {} {ty}", article(&ty)),
            );
        }
    }
    if let Some(values) = &p.values
        && !values.iter().any(|v| &v.value == value)
    {
        cx.error(
            file,
            at(),
            format!("{what} {value} is not one of the enum values"),
        );
    }
}

/// The shape that makes two parameters' types the same Rust type.
#[derive(PartialEq)]
struct ParamShape<'a> {
    ty: ScalarType,
    constraints: Constraints,
    values: Option<Vec<(&'a Literal, Option<&'a str>)>>,
    default: Option<&'a Literal>,
    sensitive: bool,
}

impl ParamShape<'_> {
    /// What differs between this shape and `other`, each as `what this vs that`:
    /// `maximum 100 vs 50`, `default none vs 20`.
    fn differences(&self, other: &ParamShape<'_>) -> Vec<String> {
        fn shown<T: std::fmt::Display>(value: Option<T>) -> String {
            value.map_or_else(|| "none".to_owned(), |v| v.to_string())
        }
        let mut out = Vec::new();
        let mut differ = |what: &str, this: String, that: String| {
            if this != that {
                out.push(format!("{what} {this} vs {that}"));
            }
        };
        differ("type", self.ty.to_string(), other.ty.to_string());
        let (a, b) = (&self.constraints, &other.constraints);
        differ("minimum", shown(a.minimum), shown(b.minimum));
        differ("maximum", shown(a.maximum), shown(b.maximum));
        differ("minLength", shown(a.min_length), shown(b.min_length));
        differ("maxLength", shown(a.max_length), shown(b.max_length));
        differ("length", shown(a.length), shown(b.length));
        differ(
            "pattern",
            shown(a.pattern.as_deref()),
            shown(b.pattern.as_deref()),
        );
        let values = |shape: &ParamShape<'_>| {
            shape.values.as_ref().map(|values| {
                let listed: Vec<String> = values
                    .iter()
                    .map(|(value, name)| match name {
                        Some(name) => format!("{value} ({name})"),
                        None => value.to_string(),
                    })
                    .collect();
                format!("[{}]", listed.join(", "))
            })
        };
        differ("enum", shown(values(self)), shown(values(other)));
        differ("default", shown(self.default), shown(other.default));
        differ(
            "sensitive",
            self.sensitive.to_string(),
            other.sensitive.to_string(),
        );
        out
    }
}

/// The Rust type name a parameter gets, if it needs a type of its own.
pub fn param_type_name(p: &Parameter) -> Option<String> {
    let needs_type = !p.constraints().is_empty() || p.values.is_some() || p.default.is_some();
    needs_type.then(|| p.type_name.clone().unwrap_or_else(|| names::camel(&p.name)))
}

// Parameters may share a Rust type (`type_name`) only when they are the same type:
// same scalar, constraints, enum values, default and sensitivity.
fn check_shared_param_types(cx: &mut Cx) {
    let mut first: BTreeMap<String, (String, ParamShape)> = BTreeMap::new();
    for (op_name, op) in &cx.spec.operations {
        for p in &op.value.parameters {
            let at = path(
                &["operations", op_name, "parameters", &p.name],
                &["type_name"],
            );
            let Some(type_name) = param_type_name(p) else {
                if p.type_name.is_some() {
                    cx.error(op.file, at, "`type_name` is only used for parameters with constraints, an enum or a default");
                }
                continue;
            };
            if let Some(problem) = names::type_name_problem(&type_name) {
                cx.error(op.file, at.clone(), format!("type name: {problem}"));
            }
            let shape = ParamShape {
                ty: p.ty,
                constraints: p.constraints(),
                values: p
                    .values
                    .as_ref()
                    .map(|vs| vs.iter().map(|v| (&v.value, v.name.as_deref())).collect()),
                default: p.default.as_ref(),
                sensitive: p.sensitive,
            };
            match first.get(&type_name) {
                Some((owner, existing)) if *existing != shape => cx.error(
                    op.file,
                    at,
                    format!(
                        "type `{type_name}` is already defined differently by {owner} ({}); parameters sharing a type must have identical type, constraints, enum values, default and sensitivity",
                        shape.differences(existing).join(", ")
                    ),
                ),
                Some(_) => {}
                None => {
                    first.insert(type_name, (format!("{op_name}.{}", p.name), shape));
                }
            }
        }
    }
}

/// The scalar a field kind stands for, if it is a scalar.
fn field_scalar(kind: FieldKind) -> Option<ScalarType> {
    match kind {
        FieldKind::String => Some(ScalarType::String),
        FieldKind::Int32 => Some(ScalarType::Int32),
        FieldKind::Int64 => Some(ScalarType::Int64),
        FieldKind::Boolean => Some(ScalarType::Boolean),
        FieldKind::Model | FieldKind::Array => None,
    }
}

// A type reference is complete and resolves: `model` kinds and arrays of models name a
// defined model; arrays of scalars name `items`; scalars carry neither.
fn check_type_ref(
    cx: &mut Cx,
    file: usize,
    at: &[String],
    kind: FieldKind,
    model: Option<&str>,
    items: Option<ScalarType>,
) {
    let here = |k: &str| {
        at.iter()
            .cloned()
            .chain([k.to_string()])
            .collect::<Vec<_>>()
    };
    match (kind, model, items) {
        (FieldKind::Model, Some(m), None) | (FieldKind::Array, Some(m), None) => {
            if !cx.spec.models.contains_key(m) {
                cx.error(file, here("model"), format!("unknown model `{m}`"));
            }
        }
        (FieldKind::Array, None, Some(_)) => {}
        (
            FieldKind::String | FieldKind::Int32 | FieldKind::Int64 | FieldKind::Boolean,
            None,
            None,
        ) => {}
        (FieldKind::Model, None, _) => {
            cx.error(file, here("model"), "a `model` type needs `model: <Name>`")
        }
        (FieldKind::Array, None, None) => {
            cx.error(file, here("type"), "an array needs `model` or `items`")
        }
        (FieldKind::Array, Some(_), Some(_)) => cx.error(
            file,
            here("items"),
            "an array takes `model` or `items`, not both",
        ),
        (FieldKind::Model, Some(_), Some(_)) => {
            cx.error(file, here("items"), "a `model` type takes no `items`")
        }
        (_, Some(_), _) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("model"),
                format!("{} {kind} takes no `model`", article(&kind)),
            )
        }
        (_, None, Some(_)) => {
            let kind = kind.to_string();
            cx.error(
                file,
                here("items"),
                format!("{} {kind} takes no `items`", article(&kind)),
            )
        }
    }
}

// Models are UpperCamelCase; their fields have unique wire names and Rust names, types
// that resolve, and constraints and enums that fit the field's type.
fn check_models(cx: &mut Cx) {
    for (name, model) in &cx.spec.models {
        let base = ["models", name.as_str()];
        if let Some(p) = names::type_name_problem(name) {
            cx.error(model.file, path(&base, &[]), format!("model name: {p}"));
        }
        let mut wire = BTreeSet::new();
        let mut rust = BTreeMap::new();
        for (i, f) in model.value.fields.iter().enumerate() {
            let at = |k: &[&str]| path(&["models", name, "fields", &f.name], k);
            if !wire.insert(f.name.as_str()) {
                let nth = model.value.fields[..i]
                    .iter()
                    .filter(|g| g.name == f.name)
                    .count();
                cx.error_nth(
                    model.file,
                    at(&[]),
                    nth,
                    format!("field `{}` is defined twice", f.name),
                );
                continue;
            }
            let rust_name = f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name));
            if let Some(p) = names::value_name_problem(&rust_name) {
                cx.error(
                    model.file,
                    at(&["rust_name"]),
                    format!("Rust name: {p}; set `rust_name`"),
                );
            }
            if let Some(other) = rust.insert(rust_name.clone(), f.name.as_str()) {
                cx.error(model.file, at(&[]), format!("fields `{other}` and `{}` both become `{rust_name}` in Rust; set `rust_name`", f.name));
            }
            check_type_ref(
                cx,
                model.file,
                &at(&[]),
                f.kind,
                f.model.as_deref(),
                f.items,
            );
            check_constraints(cx, model.file, &at, field_scalar(f.kind), &f.constraints());
            check_field_enum(cx, model.file, &at, name, f);
            if f.accept_integer && f.kind != FieldKind::String {
                cx.error(
                    model.file,
                    at(&["accept_integer"]),
                    "`accept_integer` applies to string fields",
                );
            }
        }
    }
}

// A field's enum fits the field's scalar type and becomes a Rust type, so its name (the
// `type_name`, or the model's name and the field's, camel-cased) is UpperCamelCase.
fn check_field_enum(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    model: &str,
    f: &Field,
) {
    match (field_scalar(f.kind), &f.values) {
        (Some(ty), Some(values)) => {
            check_enum_values(cx, file, at, ty, Some(values));
            if let Some(p) = names::type_name_problem(&field_enum_name(model, f)) {
                let hint = if f.type_name.is_none() {
                    "; set `type_name`"
                } else {
                    ""
                };
                cx.error(
                    file,
                    at(&["type_name"]),
                    format!("enum type name: {p}{hint}"),
                );
            }
            if f.accept_integer {
                cx.error(
                    file,
                    at(&["accept_integer"]),
                    "an enum field cannot also accept integers",
                );
            }
        }
        (None, Some(_)) => cx.error(
            file,
            at(&["enum"]),
            format!("a {} field cannot be an enum", f.kind),
        ),
        (_, None) if f.type_name.is_some() => cx.error(
            file,
            at(&["type_name"]),
            "`type_name` names a field's enum; this field has none",
        ),
        _ => {}
    }
}

/// Which models hold which (directly, `type: model`, and with arrays if asked), and how
/// deep.
struct Nesting<'a> {
    /// Model -> (model it holds, through which field).
    children: BTreeMap<&'a str, Vec<(&'a str, &'a str)>>,
    /// Model -> models that hold it.
    parents: BTreeMap<&'a str, Vec<&'a str>>,
    /// Depth of every model that is not in (or above) a cycle: 1 holds no model.
    depth: BTreeMap<&'a str, usize>,
}

/// Measures direct nesting from the leaves up (Kahn's order: a model once all it holds is
/// measured), in linear time and without recursion, so that a chain of any length can
/// neither take quadratic time nor overflow the stack.
fn nesting(spec: &Spec, with_arrays: bool) -> Nesting<'_> {
    let models = &spec.models;
    let mut children: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    let mut parents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, model) in models {
        for f in &model.value.fields {
            if (f.kind == FieldKind::Model || (with_arrays && f.kind == FieldKind::Array))
                && let Some(target) = f.model.as_deref().filter(|t| models.contains_key(*t))
            {
                children.entry(name).or_default().push((target, &f.name));
                parents.entry(target).or_default().push(name);
            }
        }
    }
    let mut pending: BTreeMap<&str, usize> = models
        .keys()
        .map(|n| (n.as_str(), children.get(n.as_str()).map_or(0, Vec::len)))
        .collect();
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ready: Vec<&str> = pending
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(n, _)| *n)
        .collect();
    while let Some(name) = ready.pop() {
        let d = 1 + children
            .get(name)
            .into_iter()
            .flatten()
            .map(|(child, _)| depth.get(child).copied().unwrap_or_default())
            .max()
            .unwrap_or_default();
        depth.insert(name, d);
        for parent in parents.get(name).into_iter().flatten() {
            let count = pending.entry(parent).or_default();
            *count -= 1;
            if *count == 0 {
                ready.push(parent);
            }
        }
    }
    Nesting {
        children,
        parents,
        depth,
    }
}

// A model may not contain itself except through an array: the generated struct would
// have infinite size.
fn check_model_cycles(cx: &mut Cx) {
    // Models that `nesting` could measure hold no cycle: only the others are searched,
    // so a long acyclic chain costs linear time, not quadratic.
    let measured = nesting(cx.spec, false).depth;
    for (name, model) in &cx.spec.models {
        if measured.contains_key(name.as_str()) {
            continue;
        }
        let mut stack = vec![name.as_str()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            let Some(m) = cx.spec.models.get(current) else {
                continue;
            };
            for f in &m.value.fields {
                if f.kind == FieldKind::Model
                    && let Some(target) = f.model.as_deref()
                {
                    if target == name {
                        cx.error(model.file, path(&["models", name], &[]), format!("model `{name}` contains itself through `{current}.{}`; only arrays may recurse", f.name));
                        stack.clear();
                        break;
                    }
                    if seen.insert(target) {
                        stack.push(target);
                    }
                }
            }
        }
    }
}

/// How deep models may hold one another, directly or in arrays.
const MAX_MODEL_DEPTH: usize = 16;

// Models hold one another (directly or in arrays) at most MAX_MODEL_DEPTH deep: rustc
// works through every level to lay out a response held directly and to prove a response
// `Send` (which rustdoc does for every type, and a caller's spawned task needs), about
// two to five steps of its default recursion limit (128) per level. 64 levels held
// directly broke `cargo check`; 27 through arrays broke `cargo doc`. (Cycles, which
// rustc resolves, are `check_model_cycles`'s to report.)
fn check_model_depth(cx: &mut Cx) {
    let models = &cx.spec.models;
    let Nesting {
        children,
        parents,
        depth,
    } = nesting(cx.spec, true);
    for (name, model) in models {
        let d = depth.get(name.as_str()).copied().unwrap_or_default();
        if d <= MAX_MODEL_DEPTH || parents.contains_key(name.as_str()) {
            continue;
        }
        // The deepest chain, shown by its first links.
        let mut chain = Vec::new();
        let mut current = name.as_str();
        while let Some((child, field)) = children.get(current).and_then(|c| {
            c.iter()
                .max_by_key(|(child, _)| depth.get(child).copied().unwrap_or_default())
        }) {
            if chain.len() == 3 {
                chain.push("…".to_string());
                break;
            }
            chain.push(format!("`{current}.{field}`"));
            current = child;
        }
        cx.error(
            model.file,
            path(&["models", name], &[]),
            format!(
                "model `{name}` holds models {d} deep ({}); rustc's default recursion limit allows {MAX_MODEL_DEPTH}: flatten some levels",
                chain.join(" → ")
            ),
        );
    }
}

/// The Rust type name of a field's enum.
pub fn field_enum_name(model: &str, f: &Field) -> String {
    f.type_name
        .clone()
        .unwrap_or_else(|| format!("{model}{}", names::camel(&f.name)))
}

// Generated type names do not collide with each other (a model and an enum, two
// different enums), with request builders, or with the client's hand-written types.
fn check_type_name_collisions(cx: &mut Cx) {
    // Type name -> (kind of item, who defined it first). Parameters may share a type
    // with parameters, field enums with field enums; anything else is a collision.
    let mut owners: BTreeMap<String, (&'static str, String)> = BTreeMap::new();
    let mut claim = |cx: &mut Cx,
                     type_name: String,
                     kind: &'static str,
                     owner: String,
                     file: usize,
                     at: Vec<String>| {
        if names::RESERVED_TYPES.contains(&type_name.as_str()) {
            cx.error(
                file,
                at.clone(),
                format!("`{type_name}` is a type of the client crate itself; choose another name"),
            );
        }
        if names::USED_UNQUALIFIED.contains(&type_name.as_str()) {
            cx.error(
                file,
                at.clone(),
                format!("the generated code uses `{type_name}` unqualified (a prelude or serde name); choose another name"),
            );
        }
        match owners.get(&type_name) {
            Some((first_kind, _))
                if *first_kind == kind && matches!(kind, "parameter" | "enum") => {}
            Some((first_kind, first)) => {
                cx.error(file, at, format!("Rust type `{type_name}` of {kind} {owner} collides with {first_kind} {first}"));
            }
            None => {
                owners.insert(type_name, (kind, owner));
            }
        }
    };
    for (name, model) in &cx.spec.models {
        claim(
            cx,
            name.clone(),
            "model",
            name.clone(),
            model.file,
            path(&["models", name], &[]),
        );
    }
    for (op_name, op) in &cx.spec.operations {
        let builder = format!("{}Request", names::camel(op_name));
        claim(
            cx,
            builder,
            "request builder",
            op_name.clone(),
            op.file,
            path(&["operations", op_name], &[]),
        );
        for p in &op.value.parameters {
            if let Some(t) = param_type_name(p) {
                // Parameters may share a type; `check_shared_param_types` compares them.
                claim(
                    cx,
                    t,
                    "parameter",
                    format!("{op_name}.{}", p.name),
                    op.file,
                    path(
                        &["operations", op_name, "parameters", &p.name],
                        &["type_name"],
                    ),
                );
            }
        }
    }
    // Enum type name -> (first field using it, its values and variant names).
    type Shape<'a> = Vec<(&'a Literal, Option<&'a str>)>;
    let mut enum_shapes: BTreeMap<String, (String, Shape)> = BTreeMap::new();
    for (name, model) in &cx.spec.models {
        for f in &model.value.fields {
            let Some(values) = &f.values else { continue };
            let t = field_enum_name(name, f);
            let at = path(&["models", name, "fields", &f.name], &["type_name"]);
            let shape: Vec<_> = values
                .iter()
                .map(|v| (&v.value, v.name.as_deref()))
                .collect();
            if let Some((owner, first)) = enum_shapes.get(&t)
                && *first != shape
            {
                cx.error(
                    model.file,
                    at.clone(),
                    format!("enum `{t}` is already defined with other values by {owner}"),
                );
            }
            enum_shapes
                .entry(t.clone())
                .or_insert((format!("{name}.{}", f.name), shape));
            claim(cx, t, "enum", format!("{name}.{}", f.name), model.file, at);
        }
    }
}

// Exactly one success (2xx) response says what `send()` returns; error bodies are for
// non-2xx statuses; each body kind carries what it needs and nothing else.
fn check_responses(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let responses = &op.value.responses;
    let successes: Vec<_> = responses
        .keys()
        .filter(|s| (200..300).contains(*s))
        .collect();
    if successes.len() != 1 {
        cx.error(
            op.file,
            path(&["operations", name, "responses"], &[]),
            format!("needs exactly one 2xx response, found {}", successes.len()),
        );
    }
    for (status, r) in responses {
        let status_s = status.to_string();
        let at = |k: &[&str]| path(&["operations", name, "responses", &status_s], k);
        if !(100..600).contains(status) {
            cx.error(
                op.file,
                at(&[]),
                format!("{status} is not an HTTP status code"),
            );
        }
        let success = (200..300).contains(status);
        match r.body {
            BodyKind::Error if success => cx.error(
                op.file,
                at(&["body"]),
                "a 2xx response cannot be an error body",
            ),
            BodyKind::Error => {}
            _ if !success => cx.error(
                op.file,
                at(&["body"]),
                format!("a {status} response must be `error` (or documented as a 2xx)"),
            ),
            _ => {}
        }
        let needs_model = matches!(
            r.body,
            BodyKind::Json | BodyKind::JsonArray | BodyKind::Error
        );
        match (&r.model, needs_model) {
            (None, true) => cx.error(
                op.file,
                at(&["model"]),
                format!("a `{}` body needs `model`", r.body),
            ),
            (Some(_), false) => cx.error(
                op.file,
                at(&["model"]),
                format!("a `{}` body takes no `model`", r.body),
            ),
            (Some(m), true) if !cx.spec.models.contains_key(m) => {
                cx.error(op.file, at(&["model"]), format!("unknown model `{m}`"))
            }
            _ => {}
        }
        if r.body == BodyKind::Error
            && let Some(model) = r.model.as_deref().and_then(|m| cx.spec.models.get(m))
        {
            for required in ["error_code", "error_msg"] {
                if !model
                    .value
                    .fields
                    .iter()
                    .any(|f| f.name == required && f.kind == FieldKind::String)
                {
                    cx.error(
                        op.file,
                        at(&["model"]),
                        format!(
                            "error model `{}` needs a string field `{required}`",
                            r.model.as_deref().unwrap_or_default()
                        ),
                    );
                }
            }
        }
        match (&r.envelope, r.body == BodyKind::Envelope) {
            (None, true) => cx.error(
                op.file,
                at(&["envelope"]),
                "an `envelope` body needs `envelope: {result, error}`",
            ),
            (Some(_), false) => cx.error(
                op.file,
                at(&["envelope"]),
                format!("a `{}` body takes no `envelope`", r.body),
            ),
            (Some(env), true) => {
                let base = at(&["envelope"]);
                let result_at: Vec<String> =
                    base.iter().cloned().chain(["result".to_string()]).collect();
                let error_at: Vec<String> =
                    base.iter().cloned().chain(["error".to_string()]).collect();
                check_type_ref(
                    cx,
                    op.file,
                    &result_at,
                    env.result.kind,
                    env.result.model.as_deref(),
                    env.result.items,
                );
                check_type_ref(
                    cx,
                    op.file,
                    &error_at,
                    env.error.kind,
                    env.error.model.as_deref(),
                    env.error.items,
                );
                if let Some(values) = &env.status_values {
                    check_enum_values(
                        cx,
                        op.file,
                        &|k: &[&str]| {
                            base.iter()
                                .cloned()
                                .chain(k.iter().map(|s| s.to_string()))
                                .collect()
                        },
                        ScalarType::String,
                        Some(values),
                    );
                }
            }
            (None, false) => {}
        }
    }
}

// Every example is for a documented status and fits that response: valid JSON whose
// fields exist in the model with the documented types (null only where nullable).
fn check_examples(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    for (i, example) in op.value.examples.responses.iter().enumerate() {
        let at = path(
            &[
                "operations",
                name,
                "examples",
                "responses",
                &example.status.to_string(),
            ],
            &[],
        );
        let Some(response) = op.value.responses.get(&example.status) else {
            cx.error(
                op.file,
                at,
                format!(
                    "example {} is for status {}, which the operation does not document",
                    i + 1,
                    example.status
                ),
            );
            continue;
        };
        let value: Value = match serde_json::from_str(&example.body) {
            Ok(v) => v,
            Err(e) => {
                cx.error(op.file, at, format!("example body is not valid JSON: {e}"));
                continue;
            }
        };
        let mut problems = Vec::new();
        let fit = Fit { spec: cx.spec };
        match response.body {
            BodyKind::Json | BodyKind::Error => fit.model(
                &value,
                response.model.as_deref().unwrap_or_default(),
                "",
                &mut problems,
            ),
            BodyKind::JsonArray => fit.array_of_model(
                &value,
                response.model.as_deref().unwrap_or_default(),
                "",
                &mut problems,
            ),
            BodyKind::Envelope => {
                if let Some(env) = &response.envelope {
                    fit.envelope(&value, env, &mut problems);
                }
            }
            BodyKind::Binary | BodyKind::None => problems.push(format!(
                "a `{}` response has no JSON body to exemplify",
                response.body
            )),
        }
        for problem in problems {
            cx.error(
                op.file,
                at.clone(),
                format!("example does not fit the response: {problem}"),
            );
        }
    }
}

/// Checks JSON values against spec types; problems carry a JSON pointer.
struct Fit<'a> {
    spec: &'a Spec,
}

impl Fit<'_> {
    fn model(&self, value: &Value, model: &str, at: &str, out: &mut Vec<String>) {
        let Some(m) = self.spec.models.get(model) else {
            return;
        };
        let Some(object) = value.as_object() else {
            return out.push(format!(
                "{} should be a `{model}` object, found {}",
                pointer(at),
                kind_of(value)
            ));
        };
        for (key, v) in object {
            let here = format!("{at}/{key}");
            match m.value.fields.iter().find(|f| &f.name == key) {
                None => out.push(format!("{} is not a field of `{model}`", pointer(&here))),
                Some(f) => self.field(v, f, &here, out),
            }
        }
    }

    fn array_of_model(&self, value: &Value, model: &str, at: &str, out: &mut Vec<String>) {
        match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.model(item, model, &format!("{at}/{i}"), out);
                }
            }
            None => out.push(format!(
                "{} should be an array of `{model}`, found {}",
                pointer(at),
                kind_of(value)
            )),
        }
    }

    fn field(&self, v: &Value, f: &Field, at: &str, out: &mut Vec<String>) {
        if v.is_null() {
            if !f.nullable {
                out.push(format!(
                    "{} is null but `{}` is not nullable",
                    pointer(at),
                    f.name
                ));
            }
            return;
        }
        self.typed(
            v,
            f.kind,
            f.model.as_deref(),
            f.items,
            f.accept_integer,
            at,
            out,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn typed(
        &self,
        v: &Value,
        kind: FieldKind,
        model: Option<&str>,
        items: Option<ScalarType>,
        accept_integer: bool,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let ok = match kind {
            FieldKind::String => v.is_string() || (accept_integer && (v.is_i64() || v.is_u64())),
            FieldKind::Int32 => v.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            FieldKind::Int64 => v.is_i64(),
            FieldKind::Boolean => v.is_boolean(),
            FieldKind::Model => return self.model(v, model.unwrap_or_default(), at, out),
            FieldKind::Array => {
                let Some(list) = v.as_array() else {
                    return out.push(format!(
                        "{} should be an array, found {}",
                        pointer(at),
                        kind_of(v)
                    ));
                };
                for (i, item) in list.iter().enumerate() {
                    let here = format!("{at}/{i}");
                    match (model, items) {
                        (Some(m), _) => self.model(item, m, &here, out),
                        (None, Some(s)) => {
                            self.typed(item, scalar_kind(s), None, None, false, &here, out)
                        }
                        (None, None) => {}
                    }
                }
                return;
            }
        };
        if !ok {
            out.push(format!(
                "{} should be {kind}, found {}",
                pointer(at),
                kind_of(v)
            ));
        }
    }

    fn envelope(&self, value: &Value, env: &crate::spec::Envelope, out: &mut Vec<String>) {
        let Some(object) = value.as_object() else {
            return out.push(format!(
                "the envelope should be an object, found {}",
                kind_of(value)
            ));
        };
        for (key, v) in object {
            let at = format!("/{key}");
            let part = match key.as_str() {
                "result" => &env.result,
                "error" => &env.error,
                "status" => {
                    if !v.is_string() && !v.is_null() {
                        out.push(format!("/status should be a string, found {}", kind_of(v)));
                    }
                    continue;
                }
                _ => {
                    out.push(format!(
                        "{at} is not a member of the envelope (error, result, status)"
                    ));
                    continue;
                }
            };
            if !v.is_null() {
                self.typed(
                    v,
                    part.kind,
                    part.model.as_deref(),
                    part.items,
                    false,
                    &at,
                    out,
                );
            }
        }
    }
}

fn scalar_kind(s: ScalarType) -> FieldKind {
    match s {
        ScalarType::String => FieldKind::String,
        ScalarType::Int32 => FieldKind::Int32,
        ScalarType::Int64 => FieldKind::Int64,
        ScalarType::Boolean => FieldKind::Boolean,
    }
}

fn pointer(at: &str) -> String {
    if at.is_empty() {
        "the body".to_string()
    } else {
        format!("`{at}`")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a non-integer number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// Quirks point at things that exist, so a renamed parameter cannot leave a quirk
// describing nothing.
fn check_quirks(cx: &mut Cx) {
    for (id, quirk) in &cx.spec.quirks {
        let kebab = !id.is_empty()
            && id.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !kebab {
            cx.error(
                quirk.file,
                path(&["quirks", id], &[]),
                format!("quirk id `{id}` must be kebab-case"),
            );
        }
        if quirk.value.applies_to.is_empty() {
            cx.error(
                quirk.file,
                path(&["quirks", id, "applies_to"], &[]),
                "a quirk must apply to at least one spec path",
            );
        }
        for target in &quirk.value.applies_to {
            if let Err(problem) = resolve(cx.spec, target) {
                cx.error(
                    quirk.file,
                    path(&["quirks", id, "applies_to"], &[]),
                    format!("`{target}`: {problem}"),
                );
            }
        }
    }
}

/// Checks that a dotted spec path names something. Parameter and field names may
/// contain dots (`X-Auth-Token` does not, but wire names could), so the list-item
/// segment is matched greedily against the remaining text.
pub fn resolve(spec: &Spec, target: &str) -> Result<(), String> {
    let parts: Vec<&str> = target.splitn(3, '.').collect();
    match parts.as_slice() {
        ["services", name] => spec
            .services
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no service `{name}`")),
        ["services", name, rest] => {
            let service = &spec
                .services
                .get(*name)
                .ok_or(format!("no service `{name}`"))?
                .value;
            let found = match rest.split_once('.') {
                Some(("region_hosts", region)) => service.region_hosts.contains_key(region),
                None => matches!(
                    *rest,
                    "default_host" | "region_hosts" | "title" | "description"
                ),
                Some(_) => false,
            };
            found
                .then_some(())
                .ok_or(format!("service `{name}` has nothing at `{rest}`"))
        }
        ["models", name] => spec
            .models
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no model `{name}`")),
        ["models", name, rest] => {
            let m = spec.models.get(*name).ok_or(format!("no model `{name}`"))?;
            let field = rest
                .strip_prefix("fields.")
                .ok_or("expected `fields.<name>` after the model")?;
            m.value
                .fields
                .iter()
                .any(|f| f.name == field || field.starts_with(&format!("{}.", f.name)))
                .then_some(())
                .ok_or(format!("model `{name}` has no field `{field}`"))
        }
        ["operations", name] => spec
            .operations
            .get(*name)
            .map(|_| ())
            .ok_or(format!("no operation `{name}`")),
        ["operations", name, rest] => {
            let op = &spec
                .operations
                .get(*name)
                .ok_or(format!("no operation `{name}`"))?
                .value;
            let (section, item) = rest.split_once('.').unwrap_or((rest, ""));
            let found = match section {
                "parameters" => op
                    .parameters
                    .iter()
                    .any(|p| item == p.name || item.starts_with(&format!("{}.", p.name))),
                "responses" => op
                    .responses
                    .keys()
                    .any(|s| item.split('.').next() == Some(&s.to_string())),
                "path" | "method" | "doc" | "examples" | "service" | "summary" | "description" => {
                    true
                }
                _ => false,
            };
            if found {
                return Ok(());
            }
            // A whole section is not something a quirk is about: say which item it wants.
            let wanted = |(what, one): (&str, &str), listed: Vec<String>| {
                format!(
                    "operation `{name}` has nothing at `{rest}`: name one of its {what}, \
                     `{section}.<{one}>` ({})",
                    if listed.is_empty() {
                        "it has none".to_owned()
                    } else {
                        listed.join(", ")
                    }
                )
            };
            Err(match (section, item) {
                ("responses", "") => wanted(
                    ("statuses", "status"),
                    op.responses
                        .keys()
                        .map(|s| format!("`responses.{s}`"))
                        .collect(),
                ),
                ("parameters", "") => wanted(
                    ("parameters", "parameter"),
                    op.parameters
                        .iter()
                        .map(|p| format!("`parameters.{}`", p.name))
                        .collect(),
                ),
                _ => format!("operation `{name}` has nothing at `{rest}`"),
            })
        }
        _ => Err("expected a path under services, models or operations".into()),
    }
}

// Paging names two optional integer query parameters of the operation: a cursor with a
// `minimum` (where the walk starts) and a size with a positive `maximum` or `default`
// (the page size); and the operation returns an array, whose items the walk yields.
fn check_pagination(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let Some(p) = &op.value.pagination else {
        return;
    };
    let at = |k: &[&str]| path(&["operations", name, "pagination"], k);
    for (key, wire) in [("cursor", &p.cursor), ("size", &p.size)] {
        let Some(param) = op.value.parameters.iter().find(|q| &q.name == wire) else {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` is not a parameter of the operation"),
            );
            continue;
        };
        if param.location != Location::Query
            || param.required
            || !param.ty.is_integer()
            || param.values.is_some()
        {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` must be an optional integer query parameter without an enum"),
            );
        }
        if key == "cursor" && param.minimum.is_none() {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` needs a `minimum`: the walk starts there"),
            );
        }
        let size = param.maximum.or(match param.default {
            Some(Literal::Int(i)) => Some(i),
            _ => None,
        });
        if key == "size" && size.is_none_or(|s| s <= 0) {
            cx.error(
                op.file,
                at(&[key]),
                format!("`{wire}` needs a positive `maximum` or `default`: it is the page size"),
            );
        }
    }
    if p.cursor == p.size {
        cx.error(
            op.file,
            at(&["size"]),
            "the cursor and the size must be different parameters",
        );
    }
    match &p.items {
        None => check_page_is_array(cx, name, op),
        Some(items) => check_page_items_field(cx, name, op, items),
    }
}

// Without `items`, the page is the array itself.
fn check_page_is_array(cx: &mut Cx, name: &str, op: &Item<Operation>) {
    let returns_array = op.value.responses.iter().any(|(status, r)| {
        (200..300).contains(status)
            && match r.body {
                BodyKind::JsonArray => true,
                BodyKind::Envelope => r
                    .envelope
                    .as_ref()
                    .is_some_and(|e| e.result.kind == FieldKind::Array),
                _ => false,
            }
    });
    if !returns_array {
        cx.error(
            op.file,
            path(&["operations", name, "pagination"], &[]),
            "a paginated operation must return an array (`json_array`, or an envelope whose \
             result is an array), or name the array field of its object with `items`",
        );
    }
}

// With `items`, the first 2xx response is an object (`json`, or an envelope whose result is
// a model) and `items` names one of its model's fields, an array: the walk yields that
// field's items.
fn check_page_items_field(cx: &mut Cx, name: &str, op: &Item<Operation>, items: &str) {
    let at = path(&["operations", name, "pagination"], &["items"]);
    let success = op
        .value
        .responses
        .iter()
        .find(|(status, _)| (200..300).contains(*status));
    let model = success.and_then(|(_, r)| match r.body {
        BodyKind::Json => r.model.as_deref(),
        BodyKind::Envelope => r
            .envelope
            .as_ref()
            .filter(|e| e.result.kind == FieldKind::Model)
            .and_then(|e| e.result.model.as_deref()),
        _ => None,
    });
    let Some(model) = model else {
        cx.error(
            op.file,
            at,
            "`items` names a field of the page's object, but the operation's success body \
             is not an object (`json` with a model, or an envelope whose result is a model)",
        );
        return;
    };
    let Some(m) = cx.spec.models.get(model) else {
        return; // An unknown model is reported where it is named.
    };
    match m.value.fields.iter().find(|f| f.name == items) {
        Some(f) if f.kind == FieldKind::Array => {}
        Some(_) => cx.error(
            op.file,
            at,
            format!("`{model}.{items}` is not an array, so it cannot hold the page's items"),
        ),
        None => {
            let fields: Vec<&str> = m.value.fields.iter().map(|f| f.name.as_str()).collect();
            cx.error(
                op.file,
                at,
                format!(
                    "model `{model}` has no field `{items}` (fields: {})",
                    fields.join(", ")
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Authentication: `auth_schemes` declare the ways in; services and operations name the ones
// they accept in `auth`; an `auth: true` parameter is the header of a token scheme.

/// The scheme ids an operation accepts: its own `auth`, else its service's; `None` when
/// neither says (then an `auth: true` parameter implies a token scheme, in a spec that
/// declares none).
pub fn accepted_auth<'a>(spec: &'a Spec, op: &'a Operation) -> Option<&'a [String]> {
    op.auth
        .as_deref()
        .or_else(|| spec.services.get(&op.service)?.value.auth.as_deref())
}

/// Where an operation's accepted schemes are listed, for messages: the operation's
/// `auth`, else its service's.
fn auth_list_at(spec: &Spec, name: &str, op: &Item<Operation>) -> (usize, Vec<String>) {
    match (&op.value.auth, spec.services.get(&op.value.service)) {
        (None, Some(service)) if service.value.auth.is_some() => (
            service.file,
            path(&["services", &op.value.service, "auth"], &[]),
        ),
        _ => (op.file, path(&["operations", name, "auth"], &[])),
    }
}

/// The declared schemes an operation accepts, in its order; unknown ids are skipped
/// (`check_auth_references` reports them).
fn accepted_schemes<'a>(
    spec: &'a Spec,
    op: &'a Operation,
) -> Vec<(&'a str, &'a crate::spec::AuthScheme)> {
    accepted_auth(spec, op)
        .unwrap_or_default()
        .iter()
        .filter_map(|id| Some((id.as_str(), &spec.auth_schemes.get(id)?.value)))
        .collect()
}

// Scheme ids are snake_case, like the other names of the spec, and stay distinct once
// camel-cased: the OpenAPI export names its security schemes that way (`iam_token` ->
// `IamToken`).
fn check_auth_scheme_ids(cx: &mut Cx) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (id, item) in &cx.spec.auth_schemes {
        let at = path(&["auth_schemes", id], &[]);
        if let Some(p) = names::value_name_problem(id) {
            cx.error(item.file, at.clone(), format!("auth scheme id: {p}"));
        }
        if let Some(other) = names.insert(names::camel(id), id) {
            cx.error(
                item.file,
                at,
                format!(
                    "auth schemes `{other}` and `{id}` have the same name `{}` in the OpenAPI export",
                    names::camel(id)
                ),
            );
        }
    }
}

// A `token_header` scheme names the header that carries the token, a valid HTTP header
// name, and no other token scheme uses it; a signing scheme names none, since its
// algorithm fixes the headers it sets.
fn check_auth_scheme_headers(cx: &mut Cx) {
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    for (id, item) in &cx.spec.auth_schemes {
        let s = &item.value;
        let at = |k: &[&str]| path(&["auth_schemes", id], k);
        match (s.kind, s.header.as_deref()) {
            (AuthKind::TokenHeader, None) => cx.error(
                item.file,
                at(&["kind"]),
                "a `token_header` scheme needs `header`, the header that carries the token (such as X-Auth-Token)",
            ),
            (AuthKind::TokenHeader, Some(header)) => {
                if !is_header_name(header) {
                    cx.error(
                        item.file,
                        at(&["header"]),
                        format!("`{header}` is not a valid HTTP header name"),
                    );
                }
                if let Some(other) = headers.insert(header.to_ascii_lowercase(), id) {
                    cx.error(
                        item.file,
                        at(&["header"]),
                        format!("auth schemes `{other}` and `{id}` both send their token in `{header}`"),
                    );
                }
            }
            (AuthKind::SdkHmacSha256, Some(_)) => cx.error(
                item.file,
                at(&["header"]),
                format!("a `{}` scheme takes no `header`: the signing algorithm sets its own headers", s.kind),
            ),
            (AuthKind::SdkHmacSha256, None) => {}
        }
    }
}

/// RFC 9110 token characters, non-empty.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

// The `auth` of a service or an operation names declared schemes, each once. (An empty
// list is allowed: the operations take no credentials.)
fn check_auth_references(cx: &mut Cx) {
    let known: Vec<&str> = cx.spec.auth_schemes.keys().map(String::as_str).collect();
    let known = if known.is_empty() {
        "none; declare them under `auth_schemes`".to_string()
    } else {
        known.join(", ")
    };
    let services = cx.spec.services.iter().filter_map(|(k, s)| {
        Some((
            s.file,
            path(&["services", k, "auth"], &[]),
            s.value.auth.as_ref()?,
        ))
    });
    let operations = cx.spec.operations.iter().filter_map(|(k, o)| {
        Some((
            o.file,
            path(&["operations", k, "auth"], &[]),
            o.value.auth.as_ref()?,
        ))
    });
    let lists: Vec<_> = services.chain(operations).collect();
    for (file, at, ids) in lists {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !cx.spec.auth_schemes.contains_key(id) {
                cx.error(
                    file,
                    at.clone(),
                    format!("unknown auth scheme `{id}` (declared: {known})"),
                );
            } else if !seen.insert(id) {
                cx.error(
                    file,
                    at.clone(),
                    format!("auth scheme `{id}` is listed twice"),
                );
            }
        }
    }
}

// Once the spec declares auth schemes, every operation says which it accepts, in its own
// `auth` or its service's: otherwise it would silently fall back to the token header its
// `auth: true` parameter implies (the rule for specs that declare no scheme at all).
fn check_auth_declared_everywhere(cx: &mut Cx) {
    if cx.spec.auth_schemes.is_empty() {
        return;
    }
    for (name, op) in &cx.spec.operations {
        // An operation of an unknown service is reported as that; whether it accepts
        // credentials cannot be told without its service.
        let known_service = cx.spec.services.contains_key(&op.value.service);
        if known_service && accepted_auth(cx.spec, &op.value).is_none() {
            cx.error(
                op.file,
                path(&["operations", name], &[]),
                format!(
                    "operation `{name}` accepts no declared auth scheme: list scheme ids in \
                     its service's `auth` or its own (`auth: []` if it takes no credentials)"
                ),
            );
        }
    }
}

// An operation accepts at most one scheme of each kind: the client holds one credential
// of a kind, and would have to guess between two token headers or two signatures.
fn check_auth_kinds_distinct(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        let mut kinds: BTreeMap<AuthKind, &str> = BTreeMap::new();
        for (id, scheme) in accepted_schemes(cx.spec, &op.value) {
            // An id listed twice is `check_auth_references`' to report.
            if kinds.get(&scheme.kind) == Some(&id) {
                continue;
            }
            if let Some(other) = kinds.insert(scheme.kind, id) {
                let (file, at) = auth_list_at(cx.spec, name, op);
                cx.error(
                    file,
                    at,
                    format!(
                        "operation `{name}` accepts two `{}` schemes, `{other}` and `{id}`; keep one",
                        scheme.kind
                    ),
                );
            }
        }
    }
}

// An `auth: true` parameter is the header of a `token_header` scheme the operation
// accepts. That ties the documented parameter, and the constraints it carries, to the
// credential the client sends in its place.
fn check_auth_parameters_have_schemes(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        if accepted_auth(cx.spec, &op.value).is_none() {
            continue;
        }
        let schemes = accepted_schemes(cx.spec, &op.value);
        for p in op.value.parameters.iter().filter(|p| p.auth) {
            let tied = schemes.iter().any(|(_, s)| {
                s.kind == AuthKind::TokenHeader
                    && s.header
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(&p.name))
            });
            if !tied {
                cx.error(
                    op.file,
                    path(&["operations", name, "parameters", &p.name, "auth"], &[]),
                    format!(
                        "`{}` is filled from the client's credentials, but operation `{name}` \
                         accepts no `token_header` scheme with that header",
                        p.name
                    ),
                );
            }
        }
    }
}

// Each `token_header` scheme an operation accepts has its header among the operation's
// parameters, marked `auth: true`: the pages document the token as a parameter, with
// constraints the client checks, and the generated docs list it.
fn check_token_schemes_have_parameters(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        for (id, scheme) in accepted_schemes(cx.spec, &op.value) {
            let Some(header) = scheme.header.as_deref() else {
                continue;
            };
            if scheme.kind != AuthKind::TokenHeader {
                continue;
            }
            let documented = op
                .value
                .parameters
                .iter()
                .any(|p| p.auth && p.name.eq_ignore_ascii_case(header));
            if !documented {
                let (file, at) = auth_list_at(cx.spec, name, op);
                cx.error(
                    file,
                    at,
                    format!(
                        "operation `{name}` accepts `{id}`, but documents no `{header}` \
                         parameter with `auth: true`; add it (with the page's constraints)"
                    ),
                );
            }
        }
    }
}

// Every declared scheme is accepted by some operation; an unused one is a leftover that
// the export would still advertise.
fn check_auth_schemes_used(cx: &mut Cx) {
    // An operation of an unknown service (reported as that) may be the one that accepts
    // a scheme through its service; without it, "unused" could be a false lead.
    if cx
        .spec
        .operations
        .values()
        .any(|op| !cx.spec.services.contains_key(&op.value.service))
    {
        return;
    }
    let used: BTreeSet<&str> = cx
        .spec
        .operations
        .values()
        .filter_map(|op| accepted_auth(cx.spec, &op.value))
        .flatten()
        .map(String::as_str)
        .collect();
    for (id, item) in &cx.spec.auth_schemes {
        if !used.contains(id.as_str()) {
            cx.error(
                item.file,
                path(&["auth_schemes", id], &[]),
                format!("auth scheme `{id}` is accepted by no operation"),
            );
        }
    }
}
