//! A copy of the client crate with generated files of a test's choosing, and cargo run on
//! it: how the golden snapshots (`snapshots.rs`) and the output of the pathological specs
//! (`pathological.rs`) are proven to compile.
//!
//! The copy lives in a temporary workspace of its own, outside this one, so it never
//! becomes a member; its generated part is replaced the way `cargo xtask codegen` would
//! replace it (`codegen::output::sync`). Cargo builds it in one target directory under
//! the workspace's `target/`, shared by every such test: the client's dependencies are
//! built once, and the client itself (whose package id is relative to its workspace, so
//! the same in every copy) is rebuilt alone.

// Each test binary that includes this module uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use codegen::GeneratedFile;
use serde_json::Value;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory of every copy.
fn target_dir() -> PathBuf {
    workspace_root().join("target/client-check")
}

/// Items of the real spec that the hand-written runtime names outside its tests, as
/// stand-ins for a spec that does not define them: `file_content.rs` adds
/// `decode_content` to the real spec's `FileContentInfo`. Each is the type's name and
/// its definition, with the fields the runtime reads.
const RUNTIME_NEEDS: &[(&str, &str)] = &[(
    "FileContentInfo",
    "
/// Stand-in for the real spec's model, which `file_content.rs` extends.
#[doc(hidden)]
#[allow(missing_docs)]
pub struct FileContentInfo {
    pub content: Option<String>,
    pub size: Option<i64>,
    pub content_sha256: Option<String>,
    pub blob_id: Option<String>,
}
",
)];

/// A temporary workspace holding a copy of the client crate (its hand-written runtime,
/// manifest, test data and example helper) with `files` as its generated part, and a
/// stand-in for each item of [`RUNTIME_NEEDS`] that `files` do not define.
pub fn with_files(files: &[GeneratedFile]) -> tempfile::TempDir {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find(|l| l.starts_with("members"))
        .expect("the workspace lists its members");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        manifest.replace(members, "members = [\"generated-client\"]"),
    )
    .unwrap();
    for name in ["Cargo.lock", "rust-toolchain.toml"] {
        std::fs::copy(root.join(name), dir.path().join(name)).unwrap();
    }
    copy_tree(
        &root.join("generated-client"),
        &dir.path().join("generated-client"),
    );
    // What the generator owns goes as the generator would have it: files written,
    // leftovers removed, hand-written files kept.
    codegen::output::sync(dir.path(), files, codegen::emit::OWNED_DIRS)
        .unwrap_or_else(|e| panic!("{e}"));
    add_stand_ins(&dir.path().join("generated-client/src/lib.rs"), files);
    dir
}

/// Appends to the copied `lib.rs` a stand-in for each item the runtime needs and the
/// generated files lack. The copy only: the crate's own `lib.rs` is never touched.
fn add_stand_ins(lib: &Path, files: &[GeneratedFile]) {
    let defines = |name: &str| {
        let item = format!("pub struct {name} ");
        files.iter().any(|f| f.contents.contains(&item))
    };
    let mut text = std::fs::read_to_string(lib).unwrap();
    for (name, definition) in RUNTIME_NEEDS {
        if !defines(name) {
            text.push_str(definition);
        }
    }
    std::fs::write(lib, text).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&source, &target);
            }
        } else {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}

/// Runs cargo in `dir` with the shared target directory and prints how long it took.
///
/// Not `--offline`: a clean clone that ran only this test may not have downloaded the
/// client's dependencies yet. Not `--locked` either: cargo drops the other members'
/// packages from the copied lock file, keeping the versions of the rest.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let start = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    eprintln!("cargo {} took {:.1?}", args.join(" "), start.elapsed());
    output
}

/// Runs cargo in `dir`; returns its output, and fails with it when cargo fails.
pub fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let output = run(dir, args, env);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "cargo {args:?} failed:\n{text}");
    text
}

/// `cargo check` of the copy in `dir`, with `args` added. Fails with every compiler
/// message when it does not compile; otherwise returns the warnings about `files`, as
/// the compiler renders them. Warnings about the hand-written runtime are left out: which
/// of its helpers go unused depends on the spec (a fixture with no paged listing by page
/// number leaves the page step unused), and the workspace's own clippy run holds the
/// runtime to no warnings with the real spec.
pub fn check(dir: &Path, args: &[&str], files: &[GeneratedFile]) -> Vec<String> {
    let mut all = vec!["check", "--message-format=json"];
    all.extend(args);
    let output = run(dir, &all, &[]);
    let messages = compiler_messages(&String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "cargo {all:?} failed:\n{}{}",
        messages
            .iter()
            .map(|(_, _, rendered)| rendered.as_str())
            .collect::<String>(),
        String::from_utf8_lossy(&output.stderr)
    );
    messages
        .into_iter()
        .filter(|(level, file, _)| {
            level == "warning"
                && files
                    .iter()
                    .any(|f| Some(f.path.as_path()) == file.as_deref())
        })
        .map(|(_, _, rendered)| rendered)
        .collect()
}

/// The compiler's messages in cargo's JSON output: level, the file of the primary span
/// (relative to the workspace root) and the rendered text.
fn compiler_messages(json_lines: &str) -> Vec<(String, Option<PathBuf>, String)> {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| v["reason"] == "compiler-message")
        .map(|v| {
            let message = &v["message"];
            let file = message["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|span| span["is_primary"] == true)
                .and_then(|span| span["file_name"].as_str())
                .map(PathBuf::from);
            (
                message["level"].as_str().unwrap_or_default().to_string(),
                file,
                message["rendered"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}
