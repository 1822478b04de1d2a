//! Semantic rules of the spec. Every rule is one function with the rule stated above it;
//! all rules run, and every problem is reported with its file, line and spec path.
//! After `check` passes, lowering cannot fail.
//!
//! This module runs the rules and holds what they share (the context that locates and
//! collects problems); the rules live by area: `operations` (services, operations, path
//! templates, responses, paging), `params`, `body` (request bodies, request models and
//! example bodies), `models`, `examples` (fitting documented bodies to their models),
//! `quirks` (what quirks point at) and `auth`.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde_json::Value;

mod auth;
mod body;
mod examples;
mod models;
mod operations;
mod params;
mod quirks;

use auth::*;
use body::*;
use examples::*;
use models::*;
use operations::*;
use params::*;
use quirks::*;

pub use auth::accepted_auth;
pub use body::{request_models, response_models};
pub use operations::placeholders;
pub use quirks::resolve;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Item, Spec};
use crate::names::{self, BUILDER_MEMBERS, EXAMPLE_SETTINGS, field_type_name, param_type_name};
use crate::pattern;
use crate::spec::{
    AuthKind, BodyKind, Constraints, EnumValue, Field, FieldKind, Literal, Location, Model,
    Operation, PageLocation, Pagination, Parameter, ScalarType,
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
        check_authorization(&mut cx, name, op);
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
        check_body(&mut cx, name, op);
        check_responses(&mut cx, name, op);
        check_pagination(&mut cx, name, op);
        check_examples(&mut cx, name, op);
    }
    check_shared_param_types(&mut cx);
    check_models(&mut cx);
    check_request_models(&mut cx);
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

/// "a" or "an" before a type name, for messages.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
