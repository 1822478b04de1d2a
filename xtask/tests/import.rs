//! `cargo xtask import` end to end on the fixture pages: a draft that validates (exit 0)
//! and that drift then finds in agreement with its page, but for the one rule in words it
//! leaves to the maintainer; a draft that needs decisions (exit 1, each located); an
//! existing `--out` file left alone; a page that cannot be read (exit 2).

use std::fs;

mod support;
use support::run;

const SPEC: &str = include_str!("../../codegen/tests/fixtures/drift/spec.yaml");
const LINES: &str = include_str!("../../codegen/src/page/fixtures/lines.txt");
const ROWS: &str = include_str!("../../codegen/src/page/fixtures/rows.txt");

/// A workspace whose spec has the fixture's services and nothing else, and the two
/// fixture pages in `docs/`.
fn workspace() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("spec")).unwrap();
    fs::create_dir_all(root.path().join("docs")).unwrap();
    let services = SPEC.split("\noperations:\n").next().unwrap();
    fs::write(root.path().join("spec/common.yaml"), services).unwrap();
    fs::write(root.path().join("docs/labels.txt"), LINES).unwrap();
    fs::write(root.path().join("docs/rows.txt"), ROWS).unwrap();
    root
}

#[test]
fn a_draft_validates_and_drift_finds_only_what_it_leaves_to_the_maintainer() {
    let root = workspace();
    let page = root.path().join("docs/labels.txt");
    let draft = root.path().join("spec/labels.yaml");
    let (code, out, err) = run(
        root.path(),
        &[
            "import",
            page.to_str().unwrap(),
            "--out",
            draft.to_str().unwrap(),
            "--spec",
            root.path().join("spec").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("operation `create_labels`"), "{out}");
    assert!(err.contains("the draft validates"), "{err}");
    let text = fs::read_to_string(&draft).unwrap();
    assert!(
        text.starts_with("# Drafted by `cargo xtask import` from labels.txt."),
        "{text}"
    );

    let (code, out, _) = run(root.path(), &["drift", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["field-pattern"], "{out}");
}

#[test]
fn a_draft_that_needs_decisions_lists_them_located_and_exits_1() {
    let root = workspace();
    let page = root.path().join("docs/rows.txt");
    let (code, out, err) = run(root.path(), &["import", page.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("# Drafted by `cargo xtask import` from rows.txt."),
        "the draft is printed: {out}"
    );
    assert!(err.contains("needs these decisions"), "{err}");
    assert!(
        err.contains("<draft of") && err.contains("doc.updated_on"),
        "{err}"
    );
}

#[test]
fn an_existing_out_file_is_never_written_over() {
    let root = workspace();
    let page = root.path().join("docs/labels.txt");
    let target = root.path().join("spec/common.yaml");
    let before = fs::read_to_string(&target).unwrap();
    let (code, _, err) = run(
        root.path(),
        &[
            "import",
            page.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("never written over"), "{err}");
    assert_eq!(fs::read_to_string(&target).unwrap(), before);
}

#[test]
fn a_page_that_cannot_be_read_exits_2() {
    let root = workspace();
    let (code, _, err) = run(root.path(), &["import", "no-such-page.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read the page no-such-page.txt"),
        "{err}"
    );
}
