//! `cargo xtask openapi` and `openapi-check` against temporary workspaces: the export is
//! written alone or with the client, kept fresh by `codegen --check`, and the 3.0 variant
//! goes only where it is asked to. The progenitor run itself is CI's `cargo xtask
//! openapi-check`; here only its refusals are tested, which need no outside tool.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod support;
use support::run;

const SPEC: &str = include_str!("../../codegen/tests/fixtures/small/spec.yaml");

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("spec")).unwrap();
    fs::write(dir.path().join("spec/spec.yaml"), SPEC).unwrap();
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn openapi_writes_only_the_export_then_reports_it_up_to_date() {
    let ws = workspace();
    let (code, out, err) = run(ws.path(), &["openapi"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "wrote spec/openapi.json\n");
    assert!(
        !ws.path().join("generated-client").exists(),
        "only the export is written"
    );
    let doc = read_json(&ws.path().join("spec/openapi.json"));
    assert_eq!(doc["openapi"], "3.1.0");
    let (code, out, _) = run(ws.path(), &["openapi"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
}

#[test]
fn codegen_writes_the_export_and_check_catches_a_stale_one() {
    let ws = workspace();
    let (code, out, _) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 0);
    assert!(out.contains("wrote spec/openapi.json"), "{out}");
    assert_eq!(run(ws.path(), &["codegen", "--check"]).0, 0);
    let export = ws.path().join("spec/openapi.json");
    let edited = fs::read_to_string(&export)
        .unwrap()
        .replace("\"3.1.0\"", "\"3.1.1\"");
    fs::write(&export, edited).unwrap();
    let (code, _, err) = run(ws.path(), &["codegen", "--check"]);
    assert_eq!(code, 1);
    assert!(err.contains("stale: spec/openapi.json (differs"), "{err}");
    // The JSON file beside the spec is not read as spec: regenerating still works.
    assert_eq!(run(ws.path(), &["openapi"]).0, 0);
    assert_eq!(run(ws.path(), &["codegen", "--check"]).0, 0);
}

#[test]
fn the_3_0_variant_goes_only_where_it_is_asked_to() {
    let ws = workspace();
    let (code, _, err) = run(ws.path(), &["openapi", "--dialect", "3.0"]);
    assert_eq!(code, 2, "the 3.0 variant needs --out");
    assert!(err.contains("--out"), "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("nested/openapi-3.0.json");
    let (code, out, err) = run(
        ws.path(),
        &[
            "openapi",
            "--dialect",
            "3.0",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote "), "{out}");
    assert_eq!(read_json(&target)["openapi"], "3.0.3");
    assert!(!ws.path().join("spec/openapi.json").exists());
}

#[test]
fn openapi_usage_errors_exit_2_and_an_invalid_spec_writes_nothing() {
    let ws = workspace();
    assert_eq!(run(ws.path(), &["openapi", "--dialect", "2.0"]).0, 2);
    assert_eq!(run(ws.path(), &["openapi", "--out"]).0, 2);
    assert_eq!(run(ws.path(), &["openapi", "--frobnicate"]).0, 2);
    assert_eq!(run(ws.path(), &["openapi-check", "--dir"]).0, 2);
    fs::write(ws.path().join("spec/spec.yaml"), "services: [unclosed\n").unwrap();
    let (code, _, err) = run(ws.path(), &["openapi"]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!ws.path().join("spec/openapi.json").exists());
}

#[test]
fn openapi_check_keeps_the_generated_crate_out_of_the_workspace() {
    let ws = workspace();
    let inside = ws.path().join("target/check");
    let (code, _, err) = run(
        ws.path(),
        &["openapi-check", "--dir", inside.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("inside the workspace"), "{err}");
    assert!(!inside.exists());
}

#[test]
fn openapi_check_without_progenitor_fails_loudly_with_the_install_command() {
    let ws = workspace();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        ws.path(),
        &[
            "openapi-check",
            "--dir",
            dir.path().to_str().unwrap(),
            "--progenitor",
            "/nonexistent/cargo-progenitor",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("openapi-check FAILED"), "{err}");
    assert!(
        err.contains("cargo install cargo-progenitor --locked --version"),
        "{err}"
    );
    // The document progenitor would have read is kept for a look.
    assert_eq!(
        read_json(&dir.path().join("openapi-3.0.json"))["openapi"],
        "3.0.3"
    );
}

#[test]
fn the_progenitor_version_is_the_same_in_the_check_ci_and_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let ci = fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.contains(&format!(
            "PROGENITOR_VERSION={}\n",
            xtask::PROGENITOR_VERSION
        )),
        ".ci/run installs another cargo-progenitor than the check expects"
    );
    assert!(ci.contains("cargo xtask openapi-check"));
    assert!(xtask::PROGENITOR_INSTALL.ends_with(xtask::PROGENITOR_VERSION));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(xtask::PROGENITOR_INSTALL),
        "README.md documents `{}`",
        xtask::PROGENITOR_INSTALL
    );
}
