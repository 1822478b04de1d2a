//! Rust names from spec names: one place decides casing and keyword handling, so the
//! validator and the lowering agree on what a name becomes.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::spec::{Field, Parameter, RequestBody, ScalarType};

/// Words that are keywords in Rust 2024 (strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names a request model uses for its own functions; a field setter of the same name would
/// collide.
pub const REQUEST_MODEL_MEMBERS: &[&str] = &["new", "check"];

/// Names a builder uses for itself; a setter of the same name would collide.
pub const BUILDER_MEMBERS: &[&str] = &["client", "send", "check", "parts", "into_items"];

/// Settings the generated examples read from `CODEARTS_<NAME>` variables; a positional
/// argument of the same name would be read from the same variable.
pub const EXAMPLE_SETTINGS: &[&str] = &[
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

/// The Rust type name a parameter gets, if it needs a type of its own: it has constraints,
/// an enum or a default, or is of a type whose every value is checked (a number).
pub fn param_type_name(p: &Parameter) -> Option<String> {
    let needs_type = !p.constraints().is_empty()
        || p.values.is_some()
        || p.default.is_some()
        || p.ty.always_checked();
    needs_type.then(|| p.type_name.clone().unwrap_or_else(|| camel(&p.name)))
}

/// The argument or setter name of an operation's body.
pub fn body_name(b: &RequestBody) -> String {
    b.rust_name.clone().unwrap_or_else(|| "body".to_string())
}

/// The `Content-Type` a body is sent with: the spec's, else what the official SDKs send
/// for JSON.
pub fn body_content_type(b: &RequestBody) -> &str {
    b.content_type
        .as_deref()
        .unwrap_or("application/json;charset=UTF-8")
}

/// The Rust type name of a request model field's checked type, if it needs one (it has
/// constraints, an enum or a default, or is a number).
pub fn request_field_type_name(model: &str, f: &Field) -> Option<String> {
    let needs_type = !f.constraints().is_empty()
        || f.values.is_some()
        || f.default.is_some()
        || f.kind.scalar().is_some_and(ScalarType::always_checked);
    needs_type.then(|| field_type_name(model, f))
}

/// The Rust type name of a field's enum, or of a request field's checked type: its
/// `type_name`, else the model's name and the field's, camel-cased.
pub fn field_type_name(model: &str, f: &Field) -> String {
    f.type_name
        .clone()
        .unwrap_or_else(|| format!("{model}{}", camel(&f.name)))
}

/// Type names the client crate defines by hand (its root re-exports them, and an explicit
/// re-export silently wins over the generated glob); generated types must not shadow them.
pub const RESERVED_TYPES: &[&str] = &[
    "AccessKey",
    "ApiError",
    "AuthScheme",
    "BinaryResponse",
    "Client",
    "ClientBuilder",
    "Constraint",
    "ConstraintError",
    "ContentError",
    "Credentials",
    "Error",
    "Failure",
    "Items",
    "Option",
    "Progress",
    "Result",
    "RetryPolicy",
    "SavedFile",
    "Service",
    "String",
    "TimeLimit",
    "Vec",
    "Violation",
    "Violations",
    "Waiting",
];

/// Names the generated modules use unqualified, from the prelude or their `use` lines: a
/// generated type of that name would shadow them (a newtype also takes the value name, so
/// `Some` and `Ok` are taken too).
pub const USED_UNQUALIFIED: &[&str] = &[
    "AsRef",
    "Box",
    "Deserialize",
    "Err",
    "From",
    "Into",
    "None",
    "Ok",
    "Serialize",
    "Some",
    "TryFrom",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// `snake_case` of a wire name (`page_size`, `X-Auth-Token` -> `x_auth_token`, `userRole` -> `user_role`).
pub fn snake(s: &str) -> String {
    s.to_snake_case()
}

/// `UpperCamelCase` of a name (`tar.gz` -> `TarGz`, `list_files` -> `ListFiles`).
pub fn camel(s: &str) -> String {
    s.to_upper_camel_case()
}

/// Whether `s` is an ASCII Rust identifier (letters, digits, `_`, not starting with a digit).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
}

/// Why `s` cannot name a generated value item (function, argument, field), if it cannot.
pub fn value_name_problem(s: &str) -> Option<String> {
    if !is_identifier(s) {
        return Some(format!(
            "`{s}` is not a Rust identifier (ASCII letters, digits and `_`)"
        ));
    }
    if NOT_RAW.contains(&s) {
        return Some(format!(
            "`{s}` is a Rust keyword that cannot be used even as a raw identifier"
        ));
    }
    if s != snake(s) {
        return Some(format!("`{s}` is not snake_case (expected `{}`)", snake(s)));
    }
    None
}

/// Why `s` cannot name a generated type or variant, if it cannot.
pub fn type_name_problem(s: &str) -> Option<String> {
    if !is_identifier(s) {
        return Some(format!(
            "`{s}` is not a Rust identifier (ASCII letters, digits and `_`)"
        ));
    }
    if is_keyword(s) {
        return Some(format!("`{s}` is a Rust keyword"));
    }
    if !s.starts_with(|c: char| c.is_ascii_uppercase()) || s.contains('_') {
        return Some(format!(
            "`{s}` is not UpperCamelCase (expected `{}`)",
            camel(s)
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_of_documented_names() {
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("userRole"), "user_role");
        assert_eq!(camel("tar.gz"), "TarGz");
        assert_eq!(camel("created_at"), "CreatedAt");
    }

    #[test]
    fn name_problems() {
        assert!(
            value_name_problem("ref").is_none(),
            "raw identifiers are allowed"
        );
        assert!(value_name_problem("self").is_some());
        assert!(value_name_problem("pageSize").is_some());
        assert!(value_name_problem("1st").is_some());
        assert!(type_name_problem("Limit").is_none());
        assert!(type_name_problem("limit").is_some());
        assert!(type_name_problem("Tar_Gz").is_some());
    }
}
