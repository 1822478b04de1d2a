//! Architecture invariants that a test can hold (see ARCHITECTURE.md).

use std::path::{Path, PathBuf};

use crate::workspace_root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_client_crate_never_depends_on_the_generator() {
    let manifest =
        std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("codegen"),
        "generated-client/Cargo.toml must not depend on codegen"
    );
}

#[test]
fn emitters_read_the_ir_never_the_spec() {
    let mut files = Vec::new();
    rust_files(&workspace_root().join("codegen/src/emit"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("crate::spec"),
            "{} imports the spec model; emitters read the IR",
            file.display()
        );
    }
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["codegen", "xtask", "generated-client", "tests"] {
        rust_files(&root.join(dir), &mut files);
    }
    let ui = root.join("tests/ui");
    let missing: Vec<_> = files
        .iter()
        .filter(|f| !f.starts_with(&ui))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            // Generated files open with the `@generated` line, then their `//!` doc.
            !text
                .lines()
                .find(|l| !l.starts_with("// @generated"))
                .is_some_and(|l| l.starts_with("//!"))
        })
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading `//!` doc: {missing:?}"
    );
}
