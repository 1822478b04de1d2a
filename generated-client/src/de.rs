//! Deserializers that hold the JSON to its documented shape, or loosen it where the service
//! does not keep to its documentation.
//!
//! - [`object`] reads a model from a JSON object only. serde's derived structs also read a
//!   JSON array by position (`[1, "name", ...]`), which no page documents and which would
//!   turn garbage into a model; every generated model reads through it
//!   ([`json_object!`](crate::json_object)).
//! - [`string_or_integer`] is for fields the spec marks as sent as either, e.g. a
//!   repository `id` documented as a string but sent as `4267732`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, Visitor};

/// A model that serde's derive reads from the entries of a JSON object; implemented by
/// [`json_object!`](crate::json_object).
#[doc(hidden)]
pub trait FromObject<'de>: Sized {
    /// Reads the model from the entries of an object.
    fn from_entries<A: MapAccess<'de>>(entries: A) -> Result<Self, A::Error>;
}

/// Reads `T` from a JSON object; anything else (an array above all) is an error that says
/// an object was expected.
#[doc(hidden)]
pub fn object<'de, D: Deserializer<'de>, T: FromObject<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectOnly(PhantomData))
}

struct ObjectOnly<T>(PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectOnly<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, entries: A) -> Result<T, A::Error> {
        T::from_entries(entries)
    }
}

/// The serde impls of a generated model whose struct carries `#[serde(remote = "Self")]`:
/// the derives then write inherent `serialize`/`deserialize` functions, and these impls
/// put them behind the traits, reading only from a JSON object ([`object`]).
#[doc(hidden)]
#[macro_export]
macro_rules! json_object {
    ($model:ident) => {
        impl ::serde::Serialize for $model {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $model::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $model {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::de::object(deserializer)
            }
        }

        impl<'de> $crate::de::FromObject<'de> for $model {
            fn from_entries<A: ::serde::de::MapAccess<'de>>(entries: A) -> Result<Self, A::Error> {
                $model::deserialize(::serde::de::value::MapAccessDeserializer::new(entries))
            }
        }
    };
}

/// Reads the entries of a JSON object into `T` as its derived `Deserialize` would; for
/// [`FromObject`] impls written by hand.
pub(crate) fn entries<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    entries: A,
) -> Result<T, A::Error> {
    T::deserialize(MapAccessDeserializer::new(entries))
}

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
    use serde::{Deserialize, Serialize};

    /// A model as generated: derives behind `remote = "Self"`, impls from the macro.
    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(remote = "Self")]
    struct Repo {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        owner: Option<Box<Repo>>,
    }
    crate::json_object!(Repo);

    #[test]
    fn models_read_only_objects() {
        let repo: Repo = serde_json::from_str(r#"{"id":5,"name":"x","extra":[1]}"#).unwrap();
        assert_eq!((repo.id, repo.name.as_deref()), (Some(5), Some("x")));
        let list: Vec<Repo> = serde_json::from_str(r#"[{"id":1},{}]"#).unwrap();
        assert_eq!(list.len(), 2);
        for json in [
            r#"[5,"x"]"#,
            r#"[{"id":1},[5,"x"]]"#,
            r#"{"owner":[1]}"#,
            "5",
            "null",
        ] {
            let error = serde_json::from_str::<Vec<Repo>>(json)
                .map(drop)
                .or_else(|_| serde_json::from_str::<Repo>(json).map(drop))
                .unwrap_err();
            assert!(
                error.to_string().contains("expected a JSON object"),
                "{json}: {error}"
            );
        }
        let error = serde_json::from_str::<Repo>(r#"{"id":"5"}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: string \"5\", expected i32"),
            "{error}"
        );
        assert_eq!(
            serde_json::to_string(&Repo {
                id: Some(1),
                ..Repo::default()
            })
            .unwrap(),
            r#"{"id":1}"#
        );
    }

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
