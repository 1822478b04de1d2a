//! `cargo xtask diff` end to end: two spec files or directories, or `--base REV` against
//! a real temporary git repository; the three formats; exit codes 0, 1 (`--fail-on
//! breaking`) and 2 (a side that does not load or validate, usage errors).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::run;

const SPEC: &str = include_str!("../../codegen/tests/fixtures/diff/spec.yaml");

/// A breaking edit (a new required parameter) and a compatible one (a page date).
fn edited() -> String {
    let breaking = SPEC.replacen(
        "      - name: offset\n",
        "      - name: team\n        in: query\n        type: string\n        required: true\n        description: Team.\n      - name: offset\n",
        1,
    );
    assert_ne!(breaking, SPEC);
    breaking.replacen(
        "updated_on: \"2026-01-08\"",
        "updated_on: \"2026-05-12\"",
        1,
    )
}

/// A directory with `old.yaml` and `new.yaml`.
fn pair(old: &str, new: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.yaml"), old).unwrap();
    fs::write(dir.path().join("new.yaml"), new).unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (old, new) = (path("old.yaml"), path("new.yaml"));
    (dir, old, new)
}

#[test]
fn identical_specs_report_no_changes_and_exit_0_even_with_fail_on_breaking() {
    let (dir, old, new) = pair(SPEC, SPEC);
    let (code, out, err) = run(dir.path(), &["diff", &old, &new, "--fail-on", "breaking"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No changes to the spec."), "{out}");
    assert!(out.contains("**Semver: none**"), "{out}");
    let (code, out, _) = run(dir.path(), &["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["changes"], serde_json::json!([]));
    assert_eq!(json["semver"], "none");
}

#[test]
fn breaking_changes_exit_1_only_with_fail_on_breaking() {
    let (dir, old, new) = pair(SPEC, &edited());
    let (code, out, _) = run(dir.path(), &["diff", &old, &new]);
    assert_eq!(code, 0, "without --fail-on the report is informational");
    assert!(out.contains("`request-parameter-added-required`"), "{out}");
    assert!(out.contains("**Semver: major**"), "{out}");
    let (code, out, err) = run(dir.path(), &["diff", "--fail-on", "breaking", &old, &new]);
    assert_eq!(code, 1);
    assert!(
        out.contains("### Breaking changes"),
        "the report is still printed: {out}"
    );
    assert!(err.contains("breaking changes found"), "{err}");
}

#[test]
fn compatible_changes_pass_fail_on_breaking() {
    let docs_only = SPEC.replacen(
        "updated_on: \"2026-01-08\"",
        "updated_on: \"2026-05-12\"",
        1,
    );
    let (dir, old, new) = pair(SPEC, &docs_only);
    let (code, out, _) = run(
        dir.path(),
        &[
            "diff",
            &old,
            &new,
            "--fail-on",
            "breaking",
            "--format",
            "text",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("doc-page-changed"), "{out}");
    assert!(out.contains("semver: patch"), "{out}");
}

#[test]
fn json_and_text_formats() {
    let (dir, old, new) = pair(SPEC, &edited());
    let (code, out, _) = run(dir.path(), &["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json["semver"], "major");
    let change = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "request-parameter-added-required")
        .expect("the required parameter");
    assert_eq!(change["operation"], "list_project_repositories");
    assert_eq!(
        change["location"],
        "operations.list_project_repositories.parameters.team"
    );
    assert_eq!(
        (&change["wire"], &change["rust_api"]),
        (&"breaking".into(), &"breaking".into())
    );
    let (code, out, _) = run(dir.path(), &["diff", &old, &new, "--format", "text"]);
    assert_eq!(code, 0);
    assert!(out.contains("BREAKING CHANGES"), "{out}");
    assert!(
        out.contains("request-parameter-added-required  wire: breaking  rust_api: breaking"),
        "{out}"
    );
    assert!(out.contains("semver: major"), "{out}");
}

#[test]
fn sides_may_be_directories() {
    let dir = tempfile::tempdir().unwrap();
    for (side, text) in [("a", SPEC.to_string()), ("b", edited())] {
        fs::create_dir(dir.path().join(side)).unwrap();
        fs::write(dir.path().join(side).join("spec.yaml"), text).unwrap();
    }
    let path = |p: &str| dir.path().join(p).display().to_string();
    let (code, out, err) = run(
        dir.path(),
        &["diff", &path("a"), &path("b"), "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("request-parameter-added-required"), "{out}");
}

#[test]
fn an_invalid_side_exits_2_with_its_diagnostics() {
    let broken = SPEC.replacen(
        "        maximum: 100\n",
        "        maximum: 100\n        minimum: 500\n",
        1,
    );
    let (dir, old, new) = pair(SPEC, &broken);
    let (code, out, err) = run(dir.path(), &["diff", &old, &new, "--fail-on", "breaking"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no report for an invalid side: {out}");
    assert!(err.contains("the new side"), "{err}");
    assert!(
        err.contains("new.yaml:"),
        "diagnostics carry file:line: {err}"
    );
    let (code, _, err) = run(dir.path(), &["diff", &new, &old]);
    assert_eq!(code, 2);
    assert!(err.contains("the old side"), "{err}");
    let (code, _, err) = run(dir.path(), &["diff", &old, "/nonexistent/spec"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/spec"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_name_the_argument() {
    let (dir, old, new) = pair(SPEC, SPEC);
    for (args, named) in [
        (vec!["diff"], "<OLD|--base [<REV>]>"),
        (vec!["diff", &old], "<NEW>"),
        (vec!["diff", &old, &new, &new], "unexpected argument"),
        (
            vec!["diff", &old, &new, "--format", "yaml"],
            "'yaml' for '--format",
        ),
        (
            vec!["diff", &old, &new, "--fail-on", "anything"],
            "'anything' for '--fail-on",
        ),
        (vec!["diff", &old, &new, "--frobnicate"], "'--frobnicate'"),
        (
            vec!["diff", "--base", "HEAD", &old],
            "'--base [<REV>]' cannot be used",
        ),
    ] {
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(named), "{args:?} should name {named}: {err}");
    }
}

// ---- --base against a real git repository ----------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Diff Test",
            "-c",
            "user.email=diff@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A repository whose `spec/` holds the fixture (split over two files, as the real
/// spec is) in one commit.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    fs::create_dir(&spec).unwrap();
    let (head, quirks) = SPEC.split_at(SPEC.find("quirks:\n").unwrap());
    fs::write(spec.join("main.yaml"), head).unwrap();
    fs::write(spec.join("quirks.yaml"), quirks).unwrap();
    fs::write(spec.join("notes.txt"), "not a spec file\n").unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "spec"]);
    git(dir.path(), &["commit", "--quiet", "-m", "spec"]);
    dir
}

fn spec_file(repo: &Path) -> PathBuf {
    repo.join("spec/main.yaml")
}

#[test]
fn base_compares_a_revision_with_the_working_tree() {
    let repo = repository();
    let (code, out, err) = run(
        repo.path(),
        &["diff", "--base", "HEAD", "--fail-on", "breaking"],
    );
    assert_eq!(code, 0, "an unedited working tree has no changes: {err}");
    assert!(out.contains("No changes to the spec."), "{out}");

    let edited_head = edited();
    let head = edited_head
        .split_at(edited_head.find("quirks:\n").unwrap())
        .0;
    fs::write(spec_file(repo.path()), head).unwrap();
    let (code, out, err) = run(repo.path(), &["diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"request-parameter-added-required"),
        "{rules:?}"
    );
    assert!(rules.contains(&"doc-page-changed"), "{rules:?}");

    // `--base` alone means HEAD; the Markdown names both sides.
    let (code, out, _) = run(repo.path(), &["diff", "--base", "--fail-on", "breaking"]);
    assert_eq!(code, 1);
    assert!(out.contains("`HEAD:spec` →"), "{out}");
}

#[test]
fn base_reads_older_revisions() {
    let repo = repository();
    let edited_head = edited();
    let head = edited_head
        .split_at(edited_head.find("quirks:\n").unwrap())
        .0;
    fs::write(spec_file(repo.path()), head).unwrap();
    git(repo.path(), &["commit", "--quiet", "-am", "edit"]);
    // The working tree equals HEAD, and differs from HEAD~1.
    assert!(
        run(repo.path(), &["diff", "--base", "HEAD"])
            .1
            .contains("No changes")
    );
    let (code, out, _) = run(
        repo.path(),
        &["diff", "--base", "HEAD~1", "--format", "text"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("Spec changes: HEAD~1:spec"), "{out}");
    assert!(out.contains("request-parameter-added-required"), "{out}");
}

#[test]
fn base_with_an_invalid_side_exits_2() {
    let repo = repository();
    fs::write(spec_file(repo.path()), "operations: [unclosed\n").unwrap();
    let (code, _, err) = run(repo.path(), &["diff", "--base", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("the new side"), "{err}");
    assert!(err.contains("main.yaml:"), "{err}");

    let (code, _, err) = run(repository().path(), &["diff", "--base", "no-such-revision"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the old side (no-such-revision:spec)"),
        "{err}"
    );
}

#[test]
fn base_diagnostics_name_the_revision() {
    let repo = repository();
    // Commit an invalid spec, then restore a valid working tree.
    fs::write(spec_file(repo.path()), "operations: [unclosed\n").unwrap();
    git(repo.path(), &["commit", "--quiet", "-am", "break"]);
    fs::write(
        spec_file(repo.path()),
        SPEC.split_at(SPEC.find("quirks:\n").unwrap()).0,
    )
    .unwrap();
    let (code, _, err) = run(repo.path(), &["diff", "--base", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("HEAD:spec/main.yaml:1"), "{err}");
}
