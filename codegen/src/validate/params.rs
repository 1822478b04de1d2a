//! Rules of parameters: names and locations, constraints, enum values, defaults and
//! examples, and types shared between parameters.

use super::*;
use crate::spec::Number;

// Wire names are unique within an operation, and so are the Rust names they become
// (`page_size` and `pageSize` would both be `page_size`).
pub(super) fn check_parameter_names(cx: &mut Cx, name: &str, op: &Item<Operation>) {
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
pub(super) fn check_parameter_location(
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
// the type's bounds and min <= max (a range on a string is of the number its digits
// write, as pages give `1~100` for text parameters); lengths and patterns on strings,
// min <= max, an exact
// length not contradicting them; patterns anchored, compiling, and read the same by
// ECMA-262 as by Rust.
pub(super) fn check_constraints(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    ty: Option<ScalarType>,
    c: &Constraints,
) {
    let ranged = ty.is_some_and(ScalarType::takes_range);
    let string = ty.is_some_and(ScalarType::is_text);
    let type_name = ty.map_or_else(|| "this type".to_string(), |t| t.to_string());
    for (key, set) in [
        ("minimum", c.minimum.is_some()),
        ("maximum", c.maximum.is_some()),
    ] {
        if set && !ranged {
            cx.error(
                file,
                at(&[key]),
                format!("`{key}` applies to numbers, integers and digit strings, not {type_name}"),
            );
        }
    }
    check_range(cx, file, at, ty, c);
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
pub(super) fn check_enum_values(
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
    if !ty.enumerable() {
        return cx.error(
            file,
            at(&["enum"]),
            format!("{} {ty} cannot be an enum", article(&ty.to_string())),
        );
    }
    let mut seen_values = BTreeSet::new();
    let mut seen_names = BTreeMap::new();
    for v in values {
        let shown = v.value.to_string();
        if !ty.holds(&v.value) {
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
// lengths, matching its pattern, one of its enum values. A required parameter may have one
// (pages give both); the caller still passes a value, and the default is documentation.
pub(super) fn check_default(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    p: &Parameter,
) {
    let Some(default) = &p.default else { return };
    check_accepted(cx, file, &|| at(&["default"]), p, "default", default);
}

// An example is a value the parameter accepts, as a default is. An argument of the
// operation method for which no value can be made up needs one: the workspace's tests call
// every operation with valid values.
pub(super) fn check_example(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    p: &Parameter,
) {
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
pub(super) fn check_accepted(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn() -> Vec<String>,
    p: &Parameter,
    what: &str,
    value: &Literal,
) {
    let c = p.constraints();
    for problem in refusals(p.ty, &c, p.values.as_deref(), what, value) {
        cx.error(file, at(), problem);
    }
}

/// A range's bounds: integers on an integer or a digit string (where a range is written
/// inclusive), finite on a number, at most one lower and one upper bound, and a range that
/// holds some value.
fn check_range(
    cx: &mut Cx,
    file: usize,
    at: &dyn Fn(&[&str]) -> Vec<String>,
    ty: Option<ScalarType>,
    c: &Constraints,
) {
    let number = ty.is_some_and(ScalarType::takes_exclusive_bounds);
    let type_name = ty.map_or_else(|| "this type".to_string(), |t| t.to_string());
    for (key, bound) in [
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
    ] {
        if bound.is_some() && !number {
            cx.error(
                file,
                at(&[key]),
                format!(
                    "`{key}` applies to numbers, not {type_name}: write an integer's range \
                     inclusive, with `minimum` and `maximum`"
                ),
            );
        }
    }
    let bounds = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
    ];
    for (key, bound) in bounds {
        let Some(bound) = bound else { continue };
        match (bound, number) {
            (Number::Float(d), true) if !d.0.is_finite() => {
                cx.error(
                    file,
                    at(&[key]),
                    format!("{key} {d} is not a finite number"),
                );
            }
            (Number::Float(d), false) => cx.error(
                file,
                at(&[key]),
                format!("{key} {d} is not an integer, as a bound of {type_name} must be"),
            ),
            (Number::Int(v), false)
                if ty == Some(ScalarType::Int32) && i32::try_from(v).is_err() =>
            {
                cx.error(file, at(&[key]), format!("{v} does not fit in int32"));
            }
            _ => {}
        }
    }
    for (inclusive, exclusive) in [
        ("minimum", "exclusive_minimum"),
        ("maximum", "exclusive_maximum"),
    ] {
        let set = |key| bounds.iter().any(|(k, b)| *k == key && b.is_some());
        if set(inclusive) && set(exclusive) {
            cx.error(
                file,
                at(&[exclusive]),
                format!(
                    "`{inclusive}` and `{exclusive}` are both set: keep the one the page gives"
                ),
            );
        }
    }
    let lower = c
        .minimum
        .map(|n| (n, false))
        .or(c.exclusive_minimum.map(|n| (n, true)));
    let upper = c
        .maximum
        .map(|n| (n, false))
        .or(c.exclusive_maximum.map(|n| (n, true)));
    if let (Some((lo, lo_ex)), Some((hi, hi_ex))) = (lower, upper) {
        let order = lo.numeric_cmp(hi);
        let lo_key = if lo_ex {
            "exclusive_minimum"
        } else {
            "minimum"
        };
        let hi_key = if hi_ex {
            "exclusive_maximum"
        } else {
            "maximum"
        };
        if order.is_gt() {
            cx.error(
                file,
                at(&[lo_key]),
                format!("{lo_key} {lo} is greater than {hi_key} {hi}"),
            );
        } else if order.is_eq() && (lo_ex || hi_ex) {
            cx.error(
                file,
                at(&[lo_key]),
                format!("{lo_key} {lo} and {hi_key} {hi} leave no value"),
            );
        }
    }
}

/// Why a value of type `ty` with constraints `c` (and enum `values`) refuses `value`, one
/// sentence per broken rule: the checks the client makes, run on a documented value.
pub(super) fn refusals(
    ty: ScalarType,
    c: &Constraints,
    values: Option<&[EnumValue]>,
    what: &str,
    value: &Literal,
) -> Vec<String> {
    let Some(range) = ty.range_refusals(c, value) else {
        let ty = ty.to_string();
        return vec![format!("{what} {value} is not {} {ty}", article(&ty))];
    };
    let mut out: Vec<String> = range
        .into_iter()
        .map(|why| format!("{what} {value} {why}"))
        .collect();
    if let Literal::Str(s) = value {
        let len = s.chars().count() as u64;
        if c.min_length.is_some_and(|m| len < m)
            || c.max_length.is_some_and(|m| len > m)
            || c.length.is_some_and(|m| len != m)
        {
            out.push(format!(
                "{what} {value} has {len} characters, outside the documented length"
            ));
        }
        if let Some(re) = c
            .pattern
            .as_deref()
            .and_then(|p| Regex::new(&pattern::for_rust(p)).ok())
            && !re.is_match(s)
        {
            out.push(format!("{what} {value} does not match the pattern"));
        }
    }
    if let Some(values) = values
        && !values.iter().any(|v| &v.value == value)
    {
        out.push(format!("{what} {value} is not one of the enum values"));
    }
    out
}

/// The shape that makes two parameters' types the same Rust type.
#[derive(PartialEq)]
pub(super) struct ParamShape<'a> {
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
        differ(
            "exclusive_minimum",
            shown(a.exclusive_minimum),
            shown(b.exclusive_minimum),
        );
        differ(
            "exclusive_maximum",
            shown(a.exclusive_maximum),
            shown(b.exclusive_maximum),
        );
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

// Parameters may share a Rust type (`type_name`) only when they are the same type:
// same scalar, constraints, enum values, default and sensitivity.
pub(super) fn check_shared_param_types(cx: &mut Cx) {
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
