//! What each type is, decided once: a scalar's Rust spelling, how a caller passes it and
//! its OpenAPI type and format; a field or body type as Rust spells it. The emitters, the
//! OpenAPI export and the diff read these instead of matching on kinds themselves.

use crate::ir::{Param, ParamTy, TypeIr};
use crate::spec::ScalarType;

impl ScalarType {
    /// The Rust type of a value of this scalar (`String`, `i32`).
    pub fn rust(self) -> &'static str {
        match self {
            ScalarType::String => "String",
            ScalarType::Int32 => "i32",
            ScalarType::Int64 => "i64",
            ScalarType::Boolean => "bool",
        }
    }

    /// The type of an argument or setter taking this scalar: text as `impl Into<String>`,
    /// so that `&str` and `String` both do; everything else by value.
    pub fn argument(self) -> &'static str {
        match self {
            ScalarType::String => "impl Into<String>",
            other => other.rust(),
        }
    }

    /// Whether values are text, passed and stored as `String`.
    pub fn is_text(self) -> bool {
        self == ScalarType::String
    }

    /// The OpenAPI (JSON Schema) `type` and `format`.
    pub fn openapi(self) -> (&'static str, Option<&'static str>) {
        match self {
            ScalarType::String => ("string", None),
            ScalarType::Int32 => ("integer", Some("int32")),
            ScalarType::Int64 => ("integer", Some("int64")),
            ScalarType::Boolean => ("boolean", None),
        }
    }
}

impl TypeIr {
    /// The type as Rust spells it in the client crate (`Vec<RepoInfo>`); generated types by
    /// their bare names.
    pub fn rust(&self) -> String {
        self.qualified("")
    }
}

impl TypeIr {
    /// The type as the client crate's code writes it, generated types prefixed with
    /// `generated` (`crate::`, or nothing).
    pub fn qualified(&self, generated: &str) -> String {
        match self {
            TypeIr::Scalar(s) => s.rust().to_string(),
            TypeIr::Enum(name) | TypeIr::Model(name) => format!("{generated}{name}"),
            TypeIr::Array(inner) => format!("Vec<{}>", inner.qualified(generated)),
        }
    }

    /// The type of an argument or setter taking a value of this type: a scalar's
    /// [`argument`](ScalarType::argument) form, anything else as stored.
    pub fn argument(&self, generated: &str) -> String {
        match self {
            TypeIr::Scalar(s) => s.argument().to_string(),
            other => other.qualified(generated),
        }
    }

    /// Whether the argument is converted into the stored value (`.into()` of text).
    pub fn argument_converts(&self) -> bool {
        self.argument("") != self.qualified("")
    }
}

impl Param {
    /// The Rust type a request builder keeps the caller's value in: the parameter's enum,
    /// else its scalar (a newtype's checks run on send). Generated types are prefixed
    /// with `generated` (`crate::`, `codearts_client::`, or nothing).
    pub fn stored_type(&self, generated: &str) -> String {
        match &self.ty {
            ParamTy::Enum(name) => format!("{generated}{name}"),
            ParamTy::Plain | ParamTy::Newtype(_) => self.scalar.rust().to_string(),
        }
    }

    /// The type a caller passes for the parameter: its enum, else its scalar's
    /// [`argument`](ScalarType::argument) form (`impl Into<String>` for text).
    pub fn argument_type(&self, generated: &str) -> String {
        match &self.ty {
            ParamTy::Enum(_) => self.stored_type(generated),
            ParamTy::Plain | ParamTy::Newtype(_) => self.scalar.argument().to_string(),
        }
    }

    /// Whether the argument is converted into the stored value (`.into()` of text).
    pub fn argument_converts(&self) -> bool {
        self.argument_type("") != self.stored_type("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scalar_has_one_spelling_per_use() {
        assert_eq!(ScalarType::String.argument(), "impl Into<String>");
        assert_eq!(ScalarType::Int64.argument(), "i64");
        assert_eq!(ScalarType::Int32.openapi(), ("integer", Some("int32")));
        assert!(ScalarType::String.is_text() && !ScalarType::Boolean.is_text());
        let t = TypeIr::Array(Box::new(TypeIr::Model("Repo".into())));
        assert_eq!(t.rust(), "Vec<Repo>");
    }
}
