//! The generator runs optimized in the dev profile (ARCHITECTURE.md): every crate that
//! `xtask` runs on, itself included, has an `opt-level = 3` entry in the workspace's
//! `Cargo.toml`. A dependency added to the generator without one would silently make
//! `cargo xtask codegen` several times slower; this test names it instead.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The crates `xtask` links and runs: its normal dependencies, transitively, leaving out
/// procedural macros (they run in the compiler, under the build profile) and what only
/// they use.
fn runtime_crates(metadata: &Value) -> BTreeSet<String> {
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().expect("package id"), p))
        .collect();
    let is_proc_macro = |id: &str| {
        packages[id]["targets"]
            .as_array()
            .expect("targets")
            .iter()
            .any(|t| {
                t["kind"]
                    .as_array()
                    .expect("kind")
                    .iter()
                    .any(|k| k == "proc-macro")
            })
    };
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("node id"), n))
        .collect();
    let root = packages
        .values()
        .find(|p| p["name"] == "xtask")
        .and_then(|p| p["id"].as_str())
        .expect("xtask is a workspace member");
    let mut seen = BTreeSet::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let normal = dep["dep_kinds"]
                .as_array()
                .expect("dep_kinds")
                .iter()
                .any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().expect("dep pkg");
            if normal && !is_proc_macro(dep_id) {
                todo.push(dep_id);
            }
        }
    }
    seen.iter()
        .map(|id| packages[id]["name"].as_str().expect("name").to_owned())
        .collect()
}

/// The packages the manifest optimizes in the dev profile.
fn optimized_in_dev(manifest: &str) -> BTreeSet<String> {
    let manifest: toml::Table = toml::from_str(manifest).expect("Cargo.toml parses");
    let packages = manifest
        .get("profile")
        .and_then(|p| p.get("dev"))
        .and_then(|d| d.get("package"))
        .and_then(toml::Value::as_table);
    packages
        .into_iter()
        .flatten()
        .filter(|(_, settings)| {
            settings.get("opt-level").and_then(toml::Value::as_integer) == Some(3)
        })
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn every_crate_the_generator_runs_on_is_optimized_in_the_dev_profile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    // The host's dependencies only: the generator runs here, and other platforms' crates
    // need not have been downloaded.
    let version = Command::new(env!("CARGO")).arg("-vV").output().unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("`cargo -vV` names the host");
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", host])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let crates = runtime_crates(&metadata);
    for expected in ["xtask", "codegen", "syn", "prettyplease", "serde_yaml"] {
        assert!(
            crates.contains(expected),
            "{expected} not found in {crates:?}"
        );
    }
    assert!(
        !crates.contains("serde_derive"),
        "procedural macros run in the compiler, not in the generator"
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let optimized = optimized_in_dev(&manifest);
    let missing: Vec<&String> = crates.difference(&optimized).collect();
    assert!(
        missing.is_empty(),
        "add `[profile.dev.package.NAME] opt-level = 3` to Cargo.toml for: {missing:?}"
    );
}

#[test]
fn the_manifest_reader_sees_only_dev_profile_entries_at_opt_level_3() {
    let manifest = r#"
[profile.dev.package.syn]
opt-level = 3
debug = false
[profile.dev.package."regex-syntax"]
opt-level = 3
[profile.dev.package.quote]
opt-level = 1
[profile.release.package.serde]
opt-level = 3
[dependencies]
opt-level = 3
"#;
    assert_eq!(
        optimized_in_dev(manifest),
        BTreeSet::from(["syn".to_owned(), "regex-syntax".to_owned()])
    );
}
