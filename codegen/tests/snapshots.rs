//! Golden snapshots of the generator's output for a small fixture spec that uses every
//! kind of generated item. `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots`
//! rewrites them; review the diff like any code change.
//!
//! The snapshots also compile: put in a copy of the client crate in place of its generated
//! files, they pass `cargo check` without a warning of their own (`client_crate/`). The
//! first run builds the client's dependencies (about a minute on two cores); later runs
//! check the client alone, in seconds.

mod client_crate;

use std::path::{Path, PathBuf};

use codegen::GeneratedFile;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/spec.yaml")
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/small")
}

#[test]
fn small_spec_matches_its_snapshots_which_compile() {
    let files =
        codegen::generate(&fixture()).unwrap_or_else(|d| panic!("fixture spec is invalid:\n{d}"));
    let dir = snapshot_dir();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    for file in &files {
        let path = dir.join(snapshot_name(&file.path));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == file.contents => {}
            Ok(expected) => mismatches.push(format!(
                "{}: differs\n{}",
                path.display(),
                first_difference(&expected, &file.contents)
            )),
            Err(_) => mismatches.push(format!("{}: missing", path.display())),
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated output changed; if intended, run `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots`\n{}",
        mismatches.join("\n")
    );
    let expected_names: Vec<String> = files.iter().map(|f| snapshot_name(&f.path)).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            expected_names.contains(&name),
            "stale snapshot {name:?} is no longer generated"
        );
    }
    compiles_in_the_client_crate(&files);
}

/// The files, as the generated part of a copy of the client crate, pass `cargo check`
/// (the library with its catalogue, and the examples) without a warning about any of them. Not the crate's
/// unit tests: they call the real spec's services by name.
fn compiles_in_the_client_crate(files: &[GeneratedFile]) {
    let dir = client_crate::with_files(files);
    let warnings = client_crate::check(
        dir.path(),
        &["--lib", "--examples", "--features", "catalogue"],
        files,
    );
    assert!(
        warnings.is_empty(),
        "the generated files compile with warnings:\n{}",
        warnings.concat()
    );
}

/// A flat file name for a generated path: `generated-client/src/generated/mod.rs` becomes
/// `src__generated__mod.rs`, so files of the same name in different directories differ.
fn snapshot_name(path: &Path) -> String {
    let relative = path.strip_prefix("generated-client").unwrap_or(path);
    relative.to_string_lossy().replace(['/', '\\'], "__")
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "first difference at line {}:\n  snapshot: {:?}\n  now:      {:?}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>")
    )
}

#[test]
fn generation_is_deterministic() {
    let first = codegen::generate(&fixture()).unwrap();
    for _ in 0..3 {
        assert_eq!(codegen::generate(&fixture()).unwrap(), first);
    }
}
