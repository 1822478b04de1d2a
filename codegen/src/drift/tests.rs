//! Drift between the fixture page (`page/fixtures`) and a spec written to match it
//! (`tests/fixtures/drift`): none as they are, and one finding, at the right rule and line,
//! for each kind of page edit; quirk overrides hold, and report, what they should.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::page;

const LINES: &str = include_str!("../page/fixtures/lines.txt");
const ROWS: &str = include_str!("../page/fixtures/rows.txt");
const SPEC: &str = include_str!("../../tests/fixtures/drift/spec.yaml");

/// Drift of `spec_text` against `page_text` as the page `labels.txt`.
fn run(spec_text: &str, page_text: &str) -> Report {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("spec.yaml");
    std::fs::write(&file, spec_text).expect("the spec is written");
    let ir = crate::load_ir(&file).unwrap_or_else(|d| panic!("the fixture spec is valid:\n{d}"));
    let pages = BTreeMap::from([("labels.txt".to_string(), page::read(page_text))]);
    drift(&ir, &pages)
}

fn rules(report: &Report) -> Vec<(&'static str, Option<usize>, &str)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.id(), f.page_line, f.spec_path.as_str()))
        .collect()
}

/// The 1-based line of the `nth` line of `text` that is exactly `line` (trimmed).
fn line_no(text: &str, line: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == line)
        .nth(nth)
        .unwrap_or_else(|| panic!("no line `{line}`"))
        .0
        + 1
}

/// A finding as the tests expect it: rule id, page line, spec path.
type Expected = (&'static str, Option<usize>, String);

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture has no `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn a_spec_that_matches_its_page_has_no_drift_in_either_rendering() {
    for (rendering, text) in [("lines", LINES), ("rows", ROWS)] {
        let report = run(SPEC, text);
        assert!(
            report.findings.is_empty(),
            "{rendering}: {:#?}",
            report.findings
        );
        assert_eq!(
            report.checked,
            [("create_labels".to_string(), "labels.txt".to_string())]
        );
        // The one range the reader cannot classify is listed, not dropped.
        assert_eq!(report.not_read.len(), 1, "{rendering}");
    }
}

#[test]
fn each_kind_of_page_edit_is_reported_with_its_rule_and_line() {
    let op = "operations.create_labels";
    let cases: Vec<(&str, String, Vec<Expected>)> = vec![
        (
            "a range narrowed",
            edit(LINES, "1~2147483647", "1~1000"),
            vec![(
                "parameter-range",
                Some(line_no(LINES, "1~2147483647", 0)),
                format!("{op}.parameters.repository_id"),
            )],
        ),
        (
            "a row removed",
            edit(
                LINES,
                "dry_run\n\nNo\n\nBoolean\n\nDefinition:\n\nCheck the labels without creating them.\n\nDefault value:\n\nfalse\n\n",
                "",
            ),
            vec![(
                "field-missing-on-page",
                None,
                "models.CreateLabelsRequestBody.fields.dry_run".into(),
            )],
        ),
        (
            "mandatory flipped",
            edit(LINES, "X-Auth-Token\n\nYes", "X-Auth-Token\n\nNo"),
            vec![(
                "parameter-mandatory",
                Some(line_no(LINES, "X-Auth-Token", 0)),
                format!("{op}.parameters.X-Auth-Token"),
            )],
        ),
        (
            "an enum value added",
            edit(LINES, "  • replace\n", "  • replace\n\n  • merge\n"),
            vec![(
                "parameter-enum",
                Some(line_no(LINES, "• skip: keep the existing label", 0)),
                format!("{op}.parameters.mode"),
            )],
        ),
        (
            "a type changed",
            edit(
                LINES,
                "priority\n\nNo\n\nInteger",
                "priority\n\nNo\n\nString",
            ),
            vec![(
                "field-type",
                Some(line_no(LINES, "priority", 0)),
                "models.LabelSpec.fields.priority".into(),
            )],
        ),
        (
            "a new status",
            edit(
                LINES,
                "401\n\nUnauthorized\n\nError Codes",
                "401\n\nUnauthorized\n\n409\n\nConflict\n\nError Codes",
            ),
            vec![(
                "response-missing-in-spec",
                Some(line_no(LINES, "Unauthorized", 1) + 2),
                format!("{op}.responses"),
            )],
        ),
        (
            "a new date",
            edit(LINES, "Updated on 2026-03-14", "Updated on 2026-05-02"),
            vec![("page-date", Some(2), format!("{op}.doc.updated_on"))],
        ),
        (
            "a default changed",
            edit(LINES, "Default value:\n\n5", "Default value:\n\n6"),
            vec![(
                "field-default",
                Some(line_no(LINES, "5", 0)),
                "models.LabelSpec.fields.priority".into(),
            )],
        ),
        (
            "a length widened",
            edit(LINES, "1–64 characters.", "1–128 characters."),
            vec![(
                "field-length",
                Some(line_no(LINES, "1–64 characters.", 0)),
                "models.LabelSpec.fields.name".into(),
            )],
        ),
        (
            "the API deprecated",
            edit(
                LINES,
                "Creating Labels in Batches\n\nFunction",
                "Creating Labels in Batches (Deprecated)\n\nFunction",
            ),
            vec![(
                "operation-deprecated",
                Some(line_no(LINES, "Creating Labels in Batches", 0)),
                format!("{op}.deprecated"),
            )],
        ),
        (
            "an IAM action's level changed",
            edit(
                LINES,
                "codeartsrepo:label:create\n\nWrite",
                "codeartsrepo:label:create\n\nAdmin",
            ),
            vec![(
                "authorization",
                Some(line_no(LINES, "codeartsrepo:label:create", 0)),
                format!("{op}.authorization.codeartsrepo:label:create"),
            )],
        ),
        (
            "an example changed",
            edit(LINES, "\"total\" : 1", "\"total\" : 2"),
            vec![(
                "example-response",
                Some(line_no(LINES, "Status code: 201", 1)),
                format!("{op}.examples.responses.201"),
            )],
        ),
    ];
    for (what, page, expected) in cases {
        let report = run(SPEC, &page);
        let found: Vec<Expected> = report
            .findings
            .iter()
            .map(|f| (f.rule.id(), f.page_line, f.spec_path.clone()))
            .collect();
        assert_eq!(found, expected, "{what}");
    }
}

#[test]
fn a_range_narrowed_in_the_row_rendering_is_reported_at_its_row() {
    let page = edit(ROWS, "Value range: 0~10", "Value range: 0~9");
    let report = run(SPEC, &page);
    assert_eq!(
        rules(&report),
        [(
            "field-range",
            Some(line_no(
                ROWS,
                "| priority | No | Integer | Definition: Sort priority; higher first. Value range: 0~10 Default value: 5 |",
                0
            )),
            "models.LabelSpec.fields.priority"
        )]
    );
    let finding = &report.findings[0];
    assert_eq!(
        (finding.page_value.as_str(), finding.spec_value.as_str()),
        ("0~9", "0~10")
    );
}

#[test]
fn spec_facts_the_page_does_not_state_are_drift_unless_inferred() {
    let spec = edit(
        SPEC,
        "      - name: scope\n        type: int64\n",
        "      - name: scope\n        type: int64\n        maximum: 99\n",
    );
    assert_eq!(
        rules(&run(&spec, LINES)),
        [(
            "field-range",
            Some(line_no(LINES, "scope", 0)),
            "models.LabelSpec.fields.scope"
        )]
    );
    let spec = edit(
        &spec,
        "        maximum: 99\n",
        "        maximum: 99\n        inferred: \"The SDK's model caps it at 99.\"\n",
    );
    assert!(run(&spec, LINES).findings.is_empty());
}

/// The fixture spec with the priority's default moved to 3 on purpose, held by a quirk
/// against the page's 5.
fn spec_with_quirk() -> String {
    let spec = edit(
        SPEC,
        "        maximum: 10\n        default: 5\n",
        "        maximum: 10\n        default: 3\n",
    );
    format!(
        "{spec}\nquirks:\n  priority-default-three:\n    applies_to:\n      - models.LabelSpec.fields.priority\n    \
         observed: The page gives 5 as the default; the service applies 3.\n    \
         decision: The spec documents 3.\n    overrides:\n      - rule: field-default\n        \
         at: models.LabelSpec.fields.priority\n        page: \"5\"\n"
    )
}

#[test]
fn a_quirk_override_holds_its_fact_while_the_page_says_the_same() {
    let report = run(&spec_with_quirk(), LINES);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.held.len(), 1);
    assert_eq!(report.held[0].quirk, "priority-default-three");
}

#[test]
fn a_page_that_changes_an_overridden_fact_again_is_reported_with_the_quirk() {
    let page = edit(LINES, "Default value:\n\n5", "Default value:\n\n7");
    let report = run(&spec_with_quirk(), &page);
    assert_eq!(
        rules(&report),
        [(
            "field-default",
            Some(line_no(&page, "7", 0)),
            "models.LabelSpec.fields.priority"
        )]
    );
    assert_eq!(
        report.findings[0].quirk.as_deref(),
        Some("priority-default-three")
    );

    // The page now agrees with the spec: the override holds nothing and says so.
    let page = edit(LINES, "Default value:\n\n5", "Default value:\n\n3");
    let report = run(&spec_with_quirk(), &page);
    assert_eq!(
        rules(&report),
        [(
            "override-unmatched",
            None,
            "quirks.priority-default-three.overrides"
        )]
    );
}

#[test]
fn an_operation_without_its_page_is_listed_as_not_checked() {
    let ir = crate::load_ir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift"))
        .expect("the fixture spec is valid");
    let report = drift(&ir, &BTreeMap::new());
    assert!(report.findings.is_empty() && report.checked.is_empty());
    assert_eq!(report.unchecked.len(), 1);
    assert_eq!(report.unchecked[0].page.as_deref(), Some("labels.txt"));
}

#[test]
fn every_rule_has_a_distinct_kebab_case_id() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert!(
        ids.iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    assert!(Rule::ALL.iter().all(|r| Rule::from_id(r.id()) == Some(*r)));
}

#[test]
fn the_chinese_edition_reports_the_facts_it_states_otherwise() {
    let page = include_str!("../page/fixtures/rows_zh.txt");
    let report = run(SPEC, page);
    let contract: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule.weight() == Weight::Contract)
        .map(|f| (f.rule.id(), f.spec_path.as_str()))
        .collect();
    assert_eq!(
        contract,
        [
            ("field-range", "models.LabelSpec.fields.scope"),
            (
                "response-missing-on-page",
                "operations.create_labels.responses.400"
            ),
            (
                "response-missing-on-page",
                "operations.create_labels.responses.401"
            ),
        ]
    );
    let scope = report
        .findings
        .iter()
        .find(|f| f.rule == Rule::FieldRange)
        .expect("the range");
    assert_eq!(
        (scope.page_value.as_str(), scope.spec_value.as_str()),
        ("at least 1", "not stated")
    );
    let docs: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule.weight() == Weight::Docs)
        .map(|f| f.rule.id())
        .collect();
    assert_eq!(
        docs,
        [
            "page-title",
            "page-section",
            "page-date",
            "example-request-body",
            "example-response"
        ]
    );
}
