//! The constrained parameter types on their own, every one the spec has (through the
//! catalogue's dispatch by type name): every way in runs the documented checks at each
//! edge, a rejection names the type, the constraint and the value (never a secret), a
//! secret's `Debug` shows its length alone, enums come back from their wire text, and the
//! documented defaults are what the pages say.

use codearts_client::catalogue::{param_type_default, parse_param_type};
use codearts_client::check::Failure;
use codegen::ir::ParamType;

use crate::boundaries::{Edge, edges, shown};
use crate::support::ir;

/// Every request value type: of parameters and of request-model fields.
fn types() -> &'static [ParamType] {
    &ir().param_types
}

/// How a secret shows: its length, never its value.
fn redacted(value: &str) -> String {
    format!("<redacted, {} characters>", value.chars().count())
}

#[test]
fn every_newtype_checks_every_documented_edge() {
    let mut tried = 0;
    for t in types().iter().filter(|t| !t.is_enum()) {
        for Edge { value, broken } in edges(t.scalar, &t.constraints) {
            let at = format!("{}({:.40})", t.name, value);
            let made = parse_param_type(&t.name, &value).expect("in the catalogue");
            match broken {
                None => {
                    let expected = if t.sensitive {
                        format!("{}({})", t.name, redacted(&value))
                    } else if t.scalar == codegen::ir::ScalarType::Number {
                        // Displayed as Rust displays an `f64` (`0` for `0.0`).
                        value.parse::<f64>().expect("a number edge").to_string()
                    } else {
                        value.clone()
                    };
                    assert_eq!(made.as_deref(), Ok(expected.as_str()), "{at}");
                }
                Some(constraint) => {
                    let error = made.expect_err(&at);
                    assert_eq!(error.type_name(), t.name, "{at}");
                    let [failure] = error.failures() else {
                        panic!("{at}: {:?}", error.failures())
                    };
                    let Failure {
                        constraint: actual,
                        value: shown_value,
                    } = failure;
                    assert_eq!(
                        std::mem::discriminant(actual),
                        std::mem::discriminant(&constraint),
                        "{at}"
                    );
                    let expected = if t.sensitive {
                        redacted(&value)
                    } else {
                        shown(t.scalar, &value)
                    };
                    assert_eq!(shown_value, &expected, "{at}");
                    assert_eq!(
                        error.to_string(),
                        format!("invalid {}: must be {actual}, got {expected}", t.name),
                        "{at}"
                    );
                    if t.sensitive && value.chars().count() > 8 {
                        assert!(!format!("{error} {error:?}").contains(&value), "{at}");
                    }
                }
            }
            tried += 1;
        }
    }
    assert!(tried > 0, "the spec has constrained parameters");
}

#[test]
fn request_enums_parse_their_wire_text_and_refuse_anything_else() {
    let mut tried = 0;
    for t in types().iter().filter(|t| t.is_enum()) {
        let texts: Vec<String> = t.variants.iter().map(|v| v.value.wire_text()).collect();
        for text in &texts {
            let made = parse_param_type(&t.name, text).expect("in the catalogue");
            assert_eq!(made.as_ref(), Ok(text), "{}", t.name);
        }
        let error = parse_param_type(&t.name, "no-such-value")
            .expect("in the catalogue")
            .unwrap_err();
        assert_eq!(error.type_name(), t.name);
        let listed: Vec<String> = texts.iter().map(|text| format!("{text:?}")).collect();
        assert_eq!(
            error.to_string(),
            format!(
                "invalid {}: must be one of {}, got \"no-such-value\"",
                t.name,
                listed.join(", ")
            )
        );
        tried += 1;
    }
    assert!(tried > 0, "the spec has enumerated parameters");
}

#[test]
fn documented_defaults() {
    // The values the pages state; the service applies them when a parameter is omitted.
    for t in types() {
        let default = param_type_default(&t.name).expect("in the catalogue");
        assert_eq!(
            default,
            t.default.as_ref().map(|d| d.wire_text()),
            "{}",
            t.name
        );
    }
    assert!(
        ir().param_types.iter().any(|t| t.default.is_some()),
        "the spec documents defaults"
    );
}
