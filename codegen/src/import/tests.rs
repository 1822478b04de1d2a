//! Drafts of the fixture pages (`page/fixtures`): the one-cell-per-line page drafts a spec
//! that validates and, once the one decision its comments ask for is taken, differs from
//! the hand-written spec of the page (`tests/fixtures/drift`) in documentation only; the
//! `|` rendering, which has no breadcrumb or date, drafts one whose validation names what
//! is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::page;
use crate::spec::ScalarType;

const LINES: &str = include_str!("../page/fixtures/lines.txt");
const ROWS: &str = include_str!("../page/fixtures/rows.txt");
const SPEC: &str = include_str!("../../tests/fixtures/drift/spec.yaml");

fn options() -> Options {
    Options {
        page_file: "labels.txt".into(),
        service: None,
        name: None,
        known: Known {
            services: vec![("repo".into(), "CodeArts Repo".into())],
            token_headers: vec!["X-Auth-Token".into()],
            models: BTreeSet::new(),
            param_types: BTreeMap::from([(
                "AuthToken".to_string(),
                TypeFacts {
                    scalar: ScalarType::String,
                    minimum: None,
                    maximum: None,
                    min_length: Some(1),
                    max_length: Some(100_000),
                    pattern: false,
                    values: Vec::new(),
                    default: None,
                    sensitive: true,
                },
            )]),
        },
    }
}

/// The hand-written fixture's services and credentials, without its operation and
/// models: what the spec directory holds before the draft joins it.
fn services() -> &'static str {
    SPEC.split("\noperations:\n")
        .next()
        .expect("the fixture has operations")
}

/// A spec directory of the services and `draft`, loaded and validated.
fn load(dir: &Path, draft: &str) -> Result<crate::ir::Ir, crate::Diagnostics> {
    std::fs::write(dir.join("common.yaml"), services()).expect("written");
    std::fs::write(dir.join("labels.yaml"), draft).expect("written");
    crate::load_ir(dir)
}

#[test]
fn a_draft_names_the_operation_service_and_models_by_the_conventions() {
    let draft = import(&page::read(LINES), &options());
    assert_eq!(draft.operation, "create_labels");
    let text = &draft.text;
    for expected in [
        "  create_labels:\n    service: repo\n",
        "      page: labels.txt\n",
        "      model: CreateLabelsRequestBody\n      required: true\n",
        "        body: json\n        model: CreateLabelsResponseBody\n",
        "        body: error\n        model: ErrorBody\n",
        "        type_name: AuthToken\n        sensitive: true\n        auth: true\n",
        "  LabelSpec:\n",
    ] {
        assert!(text.contains(expected), "no `{expected}` in\n{text}");
    }
    // What the reader could not place, and the rule in words, are left to the maintainer.
    assert!(text.contains("# - line "), "{text}");
    assert!(text.contains("Whatever the owner chooses."), "{text}");
    assert!(
        text.contains("to write as a `pattern`: A hash sign followed by six hexadecimal digits.")
    );
}

#[test]
fn a_draft_once_its_decision_is_taken_differs_from_the_hand_written_spec_in_docs_only() {
    let draft = import(&page::read(LINES), &options());
    // The one decision the draft asks for: the rule in words as a pattern.
    let marker = "        # The page's rule on characters, to write as a `pattern`: A hash sign followed by six hexadecimal digits.\n";
    assert!(draft.text.contains(marker), "{}", draft.text);
    let decided = draft
        .text
        .replace(marker, "        pattern: \"^#[0-9a-f]{6}$\"\n");

    let drafted = tempfile::tempdir().expect("a directory");
    let new = load(drafted.path(), &decided)
        .unwrap_or_else(|d| panic!("the draft validates:\n{d}\n{decided}"));
    let written = tempfile::tempdir().expect("a directory");
    std::fs::write(written.path().join("spec.yaml"), SPEC).expect("written");
    let old = crate::load_ir(written.path()).expect("the hand-written spec validates");

    let report = crate::diff::diff(&old, &new).expect("both generate");
    let code: Vec<_> = report.changes.iter().filter(|c| !c.docs_only).collect();
    assert!(code.is_empty(), "changes beyond the docs: {code:#?}");
    assert!(report.rust_items.is_empty(), "{:#?}", report.rust_items);
    assert!(
        !report.changes.is_empty(),
        "the draft's descriptions are the page's"
    );
}

#[test]
fn a_draft_without_a_date_or_a_known_service_fails_validation_saying_where() {
    let mut options = options();
    options.known.services.clear();
    let draft = import(&page::read(ROWS), &options);
    assert!(draft.text.contains("    service: TODO\n"), "{}", draft.text);
    assert!(draft.text.contains("set `service`"), "{}", draft.text);
    let dir = tempfile::tempdir().expect("a directory");
    let diagnostics =
        load(dir.path(), &draft.text).expect_err("the draft lacks a date and a service");
    let text = diagnostics.to_string();
    assert!(
        text.contains("labels.yaml:") && text.contains("doc.updated_on"),
        "{text}"
    );
    assert!(text.contains("unknown service `TODO`"), "{text}");
}

#[test]
fn a_type_name_the_spec_uses_and_a_reserved_model_name_get_the_operation_first() {
    let mut options = options();
    let mut taken = options.known.param_types["AuthToken"].clone();
    taken.sensitive = false;
    options.known.param_types.insert("Mode".into(), taken);
    let text = "Title\nURI\nGET /v1/things\nTable 1 Query Parameters\nParameter\nMandatory\nType\nDescription\n\
                mode\nNo\nString\nDefinition:\nHow.\nDefault value:\nfast\n\
                Response Parameters\nStatus code: 200\nTable 2 Response body parameters\nParameter\nType\nDescription\n\
                error\nError object\nThe error.\nTable 3 Error\nParameter\nType\nDescription\ncode\nString\nCode.\n";
    let draft = import(&page::read(text), &options);
    assert!(
        draft.text.contains("        type_name: ListThingsMode\n"),
        "{}",
        draft.text
    );
    assert!(
        draft.text.contains("model: ListThingsError\n"),
        "{}",
        draft.text
    );
    assert!(
        draft.text.contains("  ListThingsError:\n"),
        "{}",
        draft.text
    );
}

#[test]
fn a_page_that_prints_the_sdk_name_names_the_operation() {
    let page = page::read(include_str!("../page/fixtures/rows_zh.txt"));
    let draft = import(&page, &options());
    assert_eq!(draft.operation, "create_labels");
    assert!(
        !draft.text.contains("is drafted from the method and path"),
        "{}",
        draft.text
    );
    assert!(draft.text.contains("    service: repo\n"), "{}", draft.text);
}

#[test]
fn names_are_drafted_from_the_method_and_path() {
    let name = |method: &str, path: &str| {
        let text = format!("Title\nURI\n{method} https://{{hostURL}}{path}\n");
        drafted_name(&page::read(&text))
    };
    assert_eq!(
        name("GET", "/v4/projects/{project_id}/repositories"),
        "list_repositories"
    );
    assert_eq!(
        name("GET", "/v2/repositories/{repository_uuid}"),
        "show_repository"
    );
    assert_eq!(
        name("PUT", "/v4/repository/{id}/permissions/{name}"),
        "update_permissions"
    );
    assert_eq!(
        name("DELETE", "/v4/repositories/{id}/protected-branch"),
        "delete_protected_branch"
    );
}
