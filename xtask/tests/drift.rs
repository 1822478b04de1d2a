//! `cargo xtask drift` end to end, on the fixture page and the spec written to match it:
//! the three formats, each finding at its page line and spec file and line, and exit codes
//! 0, 1 (`--fail-on drift`) and 2 (a spec or a page that cannot be read).

use std::fs;

mod support;
use support::run;

const SPEC: &str = include_str!("../../codegen/tests/fixtures/drift/spec.yaml");
const PAGE: &str = include_str!("../../codegen/src/page/fixtures/lines.txt");

/// A workspace root with `spec/spec.yaml` and `docs/labels.txt`.
fn workspace(spec: &str, page: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("spec")).unwrap();
    fs::create_dir(root.path().join("docs")).unwrap();
    fs::write(root.path().join("spec/spec.yaml"), spec).unwrap();
    fs::write(root.path().join("docs/labels.txt"), page).unwrap();
    root
}

#[test]
fn a_matching_page_reports_no_drift_and_exits_0_with_fail_on_drift() {
    let root = workspace(SPEC, PAGE);
    let (code, out, err) = run(root.path(), &["drift", "--fail-on", "drift"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No page disagrees with the spec."), "{out}");
    assert!(
        out.contains("1 operation(s) checked, 0 not checked"),
        "{out}"
    );
    // The line the reader could not place is listed with its page and line.
    let line = PAGE
        .lines()
        .position(|l| l == "Whatever the owner chooses.")
        .unwrap()
        + 1;
    assert!(out.contains(&format!("`labels.txt:{line}`")), "{out}");
}

#[test]
fn drift_is_reported_at_page_and_spec_lines_and_exits_1_only_with_fail_on_drift() {
    let page = PAGE.replacen("0~10", "0~9", 1);
    let root = workspace(SPEC, &page);
    let page_line = page.lines().position(|l| l == "0~9").unwrap() + 1;
    let spec_line = SPEC
        .lines()
        .position(|l| l.trim() == "- name: priority")
        .unwrap()
        + 1;

    let (code, out, _) = run(root.path(), &["drift", "--format", "text"]);
    assert_eq!(code, 0, "without --fail-on the report is informational");
    assert!(
        out.contains(&format!(
            "labels.txt:{page_line}: field-range (contract): `priority`: the page's range is `0~9`; the spec's is `0~10`. [spec: spec/spec.yaml:{spec_line} (models.LabelSpec.fields.priority)]"
        )),
        "{out}"
    );

    let (code, out, err) = run(
        root.path(),
        &["drift", "--fail-on", "drift", "--format", "json"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("--fail-on drift"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "field-range");
    assert_eq!(finding["page_at"], format!("labels.txt:{page_line}"));
    assert_eq!(finding["page_value"], "0~9");
    assert_eq!(finding["spec_value"], "0~10");

    let (_, out, _) = run(root.path(), &["drift"]);
    assert!(
        out.contains("### What the client sends, checks or reads"),
        "{out}"
    );
    assert!(out.contains("| `field-range` |"), "{out}");
}

#[test]
fn a_missing_page_is_listed_as_not_checked() {
    let root = workspace(SPEC, PAGE);
    fs::remove_file(root.path().join("docs/labels.txt")).unwrap();
    let (code, out, _) = run(
        root.path(),
        &["drift", "--fail-on", "drift", "--format", "text"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("not checked: create_labels: the page is not in the docs directory"),
        "{out}"
    );
}

#[test]
fn an_invalid_spec_an_unreadable_page_or_no_docs_directory_exit_2() {
    let root = workspace(&SPEC.replacen("method: POST", "method: FETCH", 1), PAGE);
    let (code, _, err) = run(root.path(), &["drift"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not valid"), "{err}");

    let root = workspace(SPEC, PAGE);
    fs::write(root.path().join("docs/labels.txt"), [0xff, 0xfe, 0x00]).unwrap();
    let (code, _, err) = run(root.path(), &["drift"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read the page") && err.contains("labels.txt"),
        "{err}"
    );

    let (code, _, err) = run(root.path(), &["drift", "--docs", "nowhere"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nowhere") && err.contains("does not exist"),
        "{err}"
    );
}
