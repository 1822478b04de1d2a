//! Deserializers for fields whose JSON type the service does not keep to its documentation.
//!
//! Generated models name these in `#[serde(deserialize_with = "...")]` for fields the spec
//! marks as such, e.g. a repository `id` documented as a string but sent as `4267732`.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Accepts a JSON string, any JSON integer (kept as its decimal text) or `null`.
///
/// Use with `#[serde(default, deserialize_with = "crate::de::string_or_integer")]` on an
/// `Option<String>` field, so that an absent field is `None` too. Floats, booleans, arrays
/// and objects are rejected: turning `1.5` into `"1.5"` would hide a real change of meaning.
#[doc(hidden)]
pub fn string_or_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(StringOrInteger)
}

struct StringOrInteger;

impl<'de> Visitor<'de> for StringOrInteger {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, an integer or null")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Model {
        #[serde(default, deserialize_with = "crate::de::string_or_integer")]
        id: Option<String>,
    }

    fn id(json: &str) -> Result<Option<String>, String> {
        serde_json::from_str::<Model>(json)
            .map(|m| m.id)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_strings_integers_and_null() {
        assert_eq!(id(r#"{"id":"abc"}"#), Ok(Some("abc".into())));
        assert_eq!(id(r#"{"id":"a\"b"}"#), Ok(Some("a\"b".into())));
        assert_eq!(id(r#"{"id":4267732}"#), Ok(Some("4267732".into())));
        assert_eq!(id(r#"{"id":-7}"#), Ok(Some("-7".into())));
        assert_eq!(
            id(r#"{"id":18446744073709551615}"#),
            Ok(Some("18446744073709551615".into()))
        );
        assert_eq!(id(r#"{"id":null}"#), Ok(None));
        assert_eq!(id("{}"), Ok(None));
    }

    #[test]
    fn rejects_other_json() {
        for json in [
            r#"{"id":1.5}"#,
            r#"{"id":true}"#,
            r#"{"id":[1]}"#,
            r#"{"id":{}}"#,
        ] {
            let error = id(json).unwrap_err();
            assert!(
                error.contains("expected a string, an integer or null"),
                "{json}: {error}"
            );
        }
    }
}
