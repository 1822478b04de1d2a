//! Adding, renaming and removing pages are spec edits: in a copy of the workspace, every
//! operation and every service gets a new name, one page is removed (with its models and
//! the quirks' mentions of them) and two pages of a service the spec did not have are
//! added; regenerated with `cargo xtask codegen`, the copy passes `codegen --check` and
//! `cargo test --workspace` (doctests, compile-fail tests and the benchmarks' smoke tests
//! included) with nothing else edited, but for the typed page tests (`tests/tests/pages`),
//! which pin the real pages by name and are left out. So nothing else hand-written names
//! an operation or a service, and the per-operation tests, which reach the new operations through the
//! generated catalogue, cover them as they cover the others.
//!
//! Slow (the copy is built in a target directory of its own, `target/new-page`, cold the
//! first time), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test new_page -- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the copy needs to build and test: everything but build output and history.
const COPIED: &[&str] = &[
    ".cargo",
    ".ci",
    ".gitattributes",
    "ARCHITECTURE.md",
    "BENCHMARKS.md",
    "Cargo.lock",
    "Cargo.toml",
    "README.md",
    "RELIABILITY.md",
    "bench",
    "codegen",
    "generated-client",
    "rust-toolchain.toml",
    "scripts",
    "spec",
    "tests",
    "xtask",
];

/// A service the spec does not have.
const SERVICE: &str = "  check:
    title: CodeArts Check
    description: Code checking service; its API runs check tasks on repositories.
    default_host: \"https://codecheck-ext.{region}.myhuaweicloud.com\"
    auth: [iam_token, access_key]
";

/// The path parameter both pages of the new service take.
const TASK_ID: &str = "      - name: task_id
        in: path
        type: string
        required: true
        description: Check task ID.
        length: 32
        pattern: \"^[0-9a-f]+$\"
        type_name: CheckTaskId
";

/// The token header every page documents.
const AUTH_TOKEN: &str = "      - name: X-Auth-Token
        in: header
        type: string
        required: true
        description: IAM user token.
        min_length: 1
        max_length: 100000
        type_name: AuthToken
        sensitive: true
        auth: true
";

/// Two pages of the new service, as a maintainer would transcribe them: a path parameter
/// of an exact length with a pattern (its sample is made up), a ranged query parameter
/// with a default, a text parameter ranged as a number, a list of objects as one body and
/// a bare object as the other, and no documented example.
fn page() -> String {
    let (task_param, auth_param) = (TASK_ID, AUTH_TOKEN);
    format!(
        "operations:
  list_task_branches:
    service: check
    doc:
      title: Listing the Branches of a Check Task
      section: CodeArts Check / API Reference / APIs / Task
      updated_on: \"2026-11-30\"
    method: GET
    path: /v2/tasks/{{task_id}}/branches
    summary: List the branches a check task has scanned.
    description: Returns the branches of one check task.
    parameters:
{task_param}      - name: limit
        in: query
        type: int32
        description: Number of branches to return.
        default: 10
        minimum: 1
        maximum: 100
        type_name: TaskBranchLimit
      - name: page_index
        in: query
        type: string
        description: Page of branches, as digits.
        minimum: 1
        maximum: 1000
        type_name: TaskBranchPageIndex
{auth_param}    responses:
      200:
        description: The task's branches
        body: json_array
        model: TaskBranch

  show_task:
    service: check
    doc:
      title: Querying a Check Task
      section: CodeArts Check / API Reference / APIs / Task
      updated_on: \"2026-11-30\"
    method: GET
    path: /v2/tasks/{{task_id}}
    summary: Get one check task.
    description: Returns a check task as a bare JSON object.
    parameters:
{task_param}{auth_param}    responses:
      200:
        description: The task
        body: json
        model: TaskInfo

models:
  TaskInfo:
    description: One check task.
    fields:
      - name: task_name
        type: string
        description: Name of the task.
      - name: status
        type: int32
        description: Status code of the task.
  TaskBranch:
    description: One branch a check task scanned.
    fields:
      - name: branch_name
        type: string
        description: Name of the branch.
      - name: issue_count
        type: int32
        description: Issues found on the branch.
"
    )
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        fs::copy(from, to).unwrap();
        return;
    }
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "target" {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    }
}

/// Runs cargo in `dir` with the copy's target directory; fails with its output.
fn cargo(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/new-page"))
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "cargo {args:?} failed:\n{text}");
    text
}

/// Every whole-word `from` in `text` replaced by `to`: a name in the spec, not a part of a
/// longer one.
fn rename(text: &str, from: &str, to: &str) -> String {
    let word = regex::Regex::new(&format!(r"\b{}\b", regex::escape(from))).expect("a valid regex");
    word.replace_all(text, regex::NoExpand(to)).into_owned()
}

#[test]
fn rename_replaces_whole_names_only() {
    assert_eq!(
        rename("a list_x: list_x_y xlist_x list_x.", "list_x", "b$0"),
        "a b$0: list_x_y xlist_x b$0."
    );
}

/// Renames every operation and service of the spec in `spec` (`x` becomes `x_renamed`), as
/// a maintainer would: the keys, the references to them, and nothing else.
fn rename_everything(spec: &Path) {
    let ir = codegen::load_ir(spec).unwrap_or_else(|d| panic!("{d}"));
    for entry in fs::read_dir(spec).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let mut text = fs::read_to_string(&path).unwrap();
        for op in &ir.operations {
            text = rename(&text, &op.name, &format!("{}_renamed", op.name));
        }
        for service in &ir.services {
            let new = format!("{}_renamed", service.key);
            text = text
                .replace(&format!("\n  {}:\n", service.key), &format!("\n  {new}:\n"))
                .replace(
                    &format!("service: {}\n", service.key),
                    &format!("service: {new}\n"),
                )
                .replace(
                    &format!("services.{}\n", service.key),
                    &format!("services.{new}\n"),
                );
        }
        fs::write(&path, text).unwrap();
    }
    let renamed = codegen::load_ir(spec).unwrap_or_else(|d| panic!("the renamed spec: {d}"));
    assert!(
        renamed
            .operations
            .iter()
            .all(|op| op.name.ends_with("_renamed"))
    );
    assert!(renamed.services.iter().all(|s| s.key.ends_with("_renamed")));
}

/// Removes the page of operation `name` from `spec` as a maintainer would: its file, with
/// the models it defines, and every quirk's mention of them (a quirk left about nothing
/// goes too).
fn remove_operation(spec: &Path, name: &str) {
    let file = fs::read_dir(spec)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            fs::read_to_string(path)
                .is_ok_and(|text| text.starts_with(&format!("operations:\n  {name}:\n")))
        })
        .unwrap_or_else(|| panic!("no page file of {name}"));
    let text = fs::read_to_string(&file).unwrap();
    fs::remove_file(&file).unwrap();
    let models_part = text.split("\nmodels:\n").nth(1).unwrap_or_default();
    let models: Vec<&str> = models_part
        .lines()
        .filter_map(|line| line.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|key| !key.starts_with(' '))
        .collect();
    let gone = |line: &str| {
        let Some(path) = line.trim().strip_prefix("- ") else {
            return false;
        };
        let about = |prefix: String| path == prefix || path.starts_with(&format!("{prefix}."));
        about(format!("operations.{name}")) || models.iter().any(|m| about(format!("models.{m}")))
    };
    let quirks = spec.join("quirks.yaml");
    let text = fs::read_to_string(&quirks).unwrap();
    let blocks: Vec<String> = text
        .split("\n\n")
        .map(|block| {
            let kept: Vec<&str> = block.lines().filter(|line| !gone(line)).collect();
            kept.join("\n")
        })
        .filter(|block| !block.contains("applies_to:\n    observed:"))
        .collect();
    fs::write(&quirks, blocks.join("\n\n") + "\n").unwrap();
}

/// Every edit in one copy, built once: every operation and service renamed, a page
/// removed, then two pages of a new service added. The catalogue has the new operations, the output is fresh, and
/// every test of the workspace passes there.
#[test]
#[ignore = "copies the workspace, builds it and runs all its tests (minutes); .ci/run runs it"]
fn renaming_removing_and_adding_pages_need_no_other_edit() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    for name in COPIED {
        copy_tree(&root.join(name), &dir.path().join(name));
    }
    // The typed page tests name the real pages, which the copy renames or removes.
    fs::remove_dir_all(dir.path().join("tests/tests/pages")).unwrap();
    rename_everything(&dir.path().join("spec"));
    remove_operation(&dir.path().join("spec"), "show_repository_by_uuid_renamed");
    codegen::load_ir(&dir.path().join("spec"))
        .unwrap_or_else(|d| panic!("the spec without a page: {d}"));
    let services = dir.path().join("spec/services.yaml");
    let text = fs::read_to_string(&services).unwrap();
    assert!(
        text.starts_with("services:\n"),
        "services.yaml opens with its map"
    );
    fs::write(
        &services,
        text.replacen("services:\n", &format!("services:\n{SERVICE}"), 1),
    )
    .unwrap();
    fs::write(dir.path().join("spec/list_task_branches.yaml"), page()).unwrap();

    cargo(dir.path(), &["xtask", "codegen"]);
    let catalogue = fs::read_to_string(
        dir.path()
            .join("generated-client/src/generated/catalogue.rs"),
    )
    .unwrap();
    for operation in ["list_task_branches", "show_task"] {
        assert!(
            catalogue.contains(&format!("\"{operation}\"")),
            "{catalogue}"
        );
    }
    cargo(dir.path(), &["xtask", "codegen", "--check"]);
    let run = cargo(dir.path(), &["test", "--workspace", "--no-fail-fast"]);
    assert!(!run.contains("FAILED"), "{run}");
}
