//! `cargo xtask codegen` against temporary workspaces: what it writes, what it refuses
//! to write, and what it says.

use std::fs;
use std::path::Path;

mod support;
use support::run;

const SPEC: &str = include_str!("../../codegen/tests/fixtures/small/spec.yaml");

fn workspace(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("spec")).unwrap();
    fs::write(dir.path().join("spec/spec.yaml"), spec).unwrap();
    dir
}

fn tree(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(
                    entry
                        .path()
                        .strip_prefix(root)
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn codegen_writes_then_reports_up_to_date_and_check_passes() {
    let ws = workspace(SPEC);
    let (code, out, _) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("wrote generated-client/src/generated/operations.rs"),
        "{out}"
    );
    let (code, out, _) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(run(ws.path(), &["codegen", "--check"]).0, 0);
}

#[test]
fn timings_name_every_phase_on_stderr_and_change_nothing_else() {
    let ws = workspace(SPEC);
    let (code, out, err) = run(ws.path(), &["codegen", "--timings"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote "), "{out}");
    assert_eq!(phases(&err), ["load", "validate", "lower", "emit", "write"]);
    // Nothing else differs from a run without the flag.
    let (code, out, _) = run(ws.path(), &["codegen", "--check"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // `--check` writes nothing, so it has no `write` phase.
    let (code, out, err) = run(ws.path(), &["codegen", "--check", "--timings"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(phases(&err), ["load", "validate", "lower", "emit"]);
}

/// The phases of the one `timings:` line `err` holds, each checked to carry a duration.
fn phases(err: &str) -> Vec<&str> {
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    lines[0]
        .strip_prefix("timings: ")
        .unwrap()
        .split(", ")
        .map(|lap| {
            let (phase, ms) = lap.split_once(' ').unwrap();
            assert!(ms.ends_with(" ms"), "{lap}");
            ms.trim_end_matches(" ms").parse::<f64>().unwrap();
            phase
        })
        .collect()
}

#[test]
fn check_names_each_stale_file_and_the_command_and_writes_nothing() {
    let ws = workspace(SPEC);
    run(ws.path(), &["codegen"]);
    let models = ws.path().join("generated-client/src/generated/models.rs");
    fs::write(&models, "// edited by hand\n").unwrap();
    fs::remove_file(ws.path().join("generated-client/README.md")).unwrap();
    let (code, _, err) = run(ws.path(), &["codegen", "--check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("stale: generated-client/src/generated/models.rs (differs"),
        "{err}"
    );
    assert!(
        err.contains("stale: generated-client/README.md (missing)"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    assert_eq!(
        fs::read_to_string(&models).unwrap(),
        "// edited by hand\n",
        "--check must not write"
    );
    assert!(!ws.path().join("generated-client/README.md").exists());
}

#[test]
fn an_invalid_spec_lists_every_problem_and_writes_nothing() {
    let broken = SPEC
        .replacen("minimum: 1\n", "minimum: 10\n        maximum: 5\n", 1)
        .replace("model: Item2", "model: Missing");
    let ws = workspace(&broken);
    let (code, out, err) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("spec.yaml:"), "{err}");
    assert!(
        err.contains("minimum 10 is greater than maximum 5"),
        "{err}"
    );
    assert!(err.contains("unknown model `Missing`"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(tree(ws.path()), vec!["spec/spec.yaml"]);
}

#[test]
fn an_invalid_spec_leaves_existing_output_untouched() {
    let ws = workspace(SPEC);
    run(ws.path(), &["codegen"]);
    let before: Vec<_> = tree(ws.path())
        .iter()
        .map(|p| (p.clone(), fs::read(ws.path().join(p)).unwrap()))
        .collect();
    fs::write(ws.path().join("spec/spec.yaml"), "services: [unclosed\n").unwrap();
    let (code, _, err) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("spec.yaml:"),
        "syntax errors carry file:line:col: {err}"
    );
    for (path, bytes) in before.iter().filter(|(p, _)| !p.starts_with("spec/")) {
        assert_eq!(
            &fs::read(ws.path().join(path)).unwrap(),
            bytes,
            "{path} changed"
        );
    }
}

#[test]
fn codegen_removes_the_example_of_a_renamed_operation_once_check_has_named_it() {
    let ws = workspace(SPEC);
    assert_eq!(run(ws.path(), &["codegen"]).0, 0);
    let common = ws.path().join("generated-client/examples/common/mod.rs");
    fs::create_dir_all(common.parent().unwrap()).unwrap();
    fs::write(&common, "//! Written by hand.\n").unwrap();
    let renamed = SPEC.replacen("\n  get_item:\n", "\n  fetch_item:\n", 1);
    assert_ne!(renamed, SPEC);
    fs::write(ws.path().join("spec/spec.yaml"), renamed).unwrap();

    let (code, _, err) = run(ws.path(), &["codegen", "--check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("stale: generated-client/examples/get_item.rs (no longer generated)"),
        "{err}"
    );
    assert!(
        err.contains("stale: generated-client/examples/fetch_item.rs (missing)"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    assert!(
        ws.path()
            .join("generated-client/examples/get_item.rs")
            .exists()
    );

    let (code, out, err) = run(ws.path(), &["codegen"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("wrote generated-client/examples/fetch_item.rs"),
        "{out}"
    );
    assert!(
        out.contains("removed generated-client/examples/get_item.rs"),
        "{out}"
    );
    assert!(
        !ws.path()
            .join("generated-client/examples/get_item.rs")
            .exists()
    );
    assert_eq!(
        fs::read_to_string(&common).unwrap(),
        "//! Written by hand.\n",
        "declared hand-written files are left alone"
    );
    assert_eq!(run(ws.path(), &["codegen", "--check"]).0, 0);
}

#[test]
fn a_file_without_the_header_in_an_owned_directory_is_reported_and_never_removed() {
    // Into another root, as the benchmarks generate.
    let ws = workspace(SPEC);
    let root = tempfile::tempdir().unwrap();
    let spec = ws.path().join("spec");
    let args = |extra: &[&'static str]| {
        let mut args = vec!["codegen", "--spec", spec.to_str().unwrap()];
        args.extend(["--out", root.path().to_str().unwrap()]);
        args.extend(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run_with = |extra: &[&'static str]| {
        let args = args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(ws.path(), &args)
    };
    assert_eq!(run_with(&[]).0, 0);
    let scratch = root.path().join("generated-client/examples/scratch.rs");
    fs::write(&scratch, "fn main() {}\n").unwrap();
    let renamed = SPEC.replacen("\n  get_item:\n", "\n  fetch_item:\n", 1);
    fs::write(spec.join("spec.yaml"), renamed).unwrap();

    let (code, _, err) = run_with(&["--check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("stale: generated-client/examples/scratch.rs (in a directory the generator owns, but neither generated nor declared hand-written)"),
        "{err}"
    );
    assert!(err.contains("OWNED_DIRS"), "{err}");

    let (code, out, err) = run_with(&[]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        err.contains("generated-client/examples/scratch.rs"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&scratch).unwrap(), "fn main() {}\n");
    let examples = root.path().join("generated-client/examples");
    assert!(examples.join("get_item.rs").exists(), "nothing is removed");
    assert!(
        !examples.join("fetch_item.rs").exists(),
        "nothing is written"
    );
    assert!(tree(ws.path()).iter().all(|p| p.starts_with("spec/")));
}

#[test]
fn help_exits_0_on_stdout_and_names_every_flag() {
    let ws = workspace(SPEC);
    for (args, named) in [
        (
            vec!["--help"],
            vec![
                "codegen",
                "diff",
                "openapi",
                "openapi-check",
                "synth",
                "Exit codes",
            ],
        ),
        (
            vec!["codegen", "--help"],
            vec!["--check", "--timings", "--spec <DIR>", "--out <ROOT>"],
        ),
        (
            vec!["diff", "--help"],
            vec![
                "--format",
                "markdown",
                "--fail-on",
                "breaking",
                "--base",
                "[OLD]",
                "[NEW]",
            ],
        ),
        (
            vec!["openapi", "--help"],
            vec!["--spec <DIR>", "--dialect", "3.1", "3.0", "--out <FILE>"],
        ),
        (
            vec!["openapi-check", "--help"],
            vec!["--spec <DIR>", "--dir <DIR>", "--progenitor <PROGRAM>"],
        ),
        (vec!["synth", "--help"], vec!["<N>", "--out <DIR>"]),
        (vec!["help", "codegen"], vec!["--check"]),
        (vec!["codegen", "-h"], vec!["--check"]),
    ] {
        let (code, out, err) = run(ws.path(), &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.contains("Usage: cargo xtask"), "{args:?}: {out}");
        for name in named {
            assert!(out.contains(name), "{args:?} should mention {name}: {out}");
        }
    }
    assert_eq!(
        tree(ws.path()),
        vec!["spec/spec.yaml"],
        "help writes nothing"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_bad_argument() {
    let ws = workspace(SPEC);
    for (args, named) in [
        (vec![], "Usage: cargo xtask <COMMAND>"),
        (vec!["frobnicate"], "'frobnicate'"),
        (vec!["codegen", "--frobnicate"], "'--frobnicate'"),
        (vec!["codegen", "--spec"], "'--spec <DIR>'"),
        (vec!["codegen", "--check=yes"], "--check"),
        (
            vec!["synth", "many", "--out", "x"],
            "`many` is not a number of operations",
        ),
        (vec!["synth", "5"], "--out <DIR>"),
    ] {
        let (code, out, err) = run(ws.path(), &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(named), "{args:?} should name {named}: {err}");
    }
    assert_eq!(tree(ws.path()), vec!["spec/spec.yaml"]);
}
