//! `cargo xtask synth N --out DIR` against temporary directories: the spec it writes
//! generates a client (`codegen --spec DIR --out ROOT`), and it never mixes sizes.

use std::fs;

mod support;
use support::run;

#[test]
fn a_synthetic_spec_generates_a_client_into_another_root() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, root) = (dir.path().join("spec"), dir.path().join("out"));
    let spec_s = spec.to_str().unwrap();
    let root_s = root.to_str().unwrap();
    let (code, out, err) = run(dir.path(), &["synth", "12", "--out", spec_s]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("12 operations"), "{out}");
    let (code, out, err) = run(dir.path(), &["codegen", "--spec", spec_s, "--out", root_s]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("wrote generated-client/src/generated/operations.rs"),
        "{out}"
    );
    assert!(root.join("spec/openapi.json").is_file());
    let (code, _, err) = run(
        dir.path(),
        &["codegen", "--check", "--spec", spec_s, "--out", root_s],
    );
    assert_eq!(code, 0, "{err}");
    let operations =
        fs::read_to_string(root.join("generated-client/src/generated/operations.rs")).unwrap();
    assert_eq!(operations.matches("    pub fn check(&self)").count(), 12);
}

#[test]
fn synth_refuses_a_directory_holding_other_specs_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let spec_s = dir.path().to_str().unwrap();
    assert_eq!(run(dir.path(), &["synth", "30", "--out", spec_s]).0, 0);
    let (code, _, err) = run(dir.path(), &["synth", "5", "--out", spec_s]);
    assert_eq!(code, 1);
    assert!(err.contains("entities_0001.yaml"), "{err}");
    assert_eq!(run(dir.path(), &["synth", "--out", spec_s]).0, 2);
    assert_eq!(run(dir.path(), &["synth", "many", "--out", spec_s]).0, 2);
    assert_eq!(run(dir.path(), &["synth", "5"]).0, 2);
}
