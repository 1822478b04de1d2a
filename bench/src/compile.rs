//! Benchmark 2, generated code: lines per operation, and `cargo check` / `cargo build` of
//! the generated crate alone (dependencies already built), ours beside the crate
//! progenitor's builder interface generates for the same API.
//!
//! Each crate is built once to warm its dependencies; then its `lib.rs` is touched and the
//! command timed with `CARGO_INCREMENTAL=0`, so every timed run compiles the crate from
//! scratch and nothing else. Both crates share one target directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{self, Run};
use crate::specs;

#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Vec<usize>,
    /// Timed runs per size: one number for every size, or one per size.
    pub runs: Vec<usize>,
    pub progenitor: Option<PathBuf>,
    pub dir: PathBuf,
    pub target_dir: PathBuf,
    /// Write the crates and count lines, but build nothing (the smoke test).
    pub prepare_only: bool,
}

/// One crate's figures at one size.
#[derive(Debug, Clone, Default)]
pub struct Side {
    /// Lines of generated Rust (ours: `src/generated`; progenitor: `src/lib.rs`).
    pub lines: usize,
    pub check: Vec<Run>,
    pub build: Vec<Run>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub n: usize,
    pub ours: Side,
    pub progenitor: Option<Side>,
}

pub fn run(options: &Options, log: &mut dyn std::io::Write) -> Result<Vec<Row>, String> {
    std::fs::create_dir_all(&options.dir).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for (index, &n) in options.sizes.iter().enumerate() {
        let spec = specs::spec_dir(n, &options.dir)?;
        let files = codegen::generate(&spec).map_err(|d| d.to_string())?;
        let ours_dir = options.dir.join(format!("ours-crate-{n}"));
        let ours_manifest = specs::our_client_crate(&files, &ours_dir)?;
        let mut ours = Side {
            lines: measure::count_lines(&ours_dir.join("generated-client/src/generated"), ".rs"),
            ..Side::default()
        };
        let mut theirs = None;
        let mut their_manifest = None;
        if let Some(program) = &options.progenitor {
            let openapi = options.dir.join(format!("openapi-3.0-{n}.json"));
            specs::export_openapi_3_0(&spec, &openapi)?;
            let dir = options.dir.join(format!("progenitor-crate-{n}"));
            let _ = std::fs::remove_dir_all(&dir);
            measure::run_child(&mut specs::progenitor_command(
                program,
                &openapi,
                &dir,
                "codearts-progenitor",
            ))?;
            specs::detach_progenitor_crate(&dir)?;
            theirs = Some(Side {
                lines: measure::count_lines(&dir.join("src"), ".rs"),
                ..Side::default()
            });
            their_manifest = Some(dir.join("Cargo.toml"));
        }
        let _ = writeln!(
            log,
            "N={n}: ours {} lines, progenitor {} lines",
            ours.lines,
            theirs.as_ref().map_or(0, |s| s.lines)
        );
        if !options.prepare_only {
            for mode in ["check", "build"] {
                // Warm: dependencies are built here, outside the timed runs. Every size
                // has the same dependencies in the same target directory, so the first
                // size's warm-up serves them all (at N = 1,000 a warm-up would cost as
                // much as the timed runs).
                if index == 0 {
                    cargo(options, mode, &ours_manifest)?;
                    if let Some(m) = &their_manifest {
                        cargo(options, mode, m)?;
                    }
                }
                let runs = options
                    .runs
                    .get(index)
                    .or(options.runs.last())
                    .copied()
                    .unwrap_or(1);
                for i in 0..runs {
                    let run = timed(options, mode, &ours_manifest)?;
                    let _ = writeln!(
                        log,
                        "N={n} cargo {mode} run {}: ours {:.1} s",
                        i + 1,
                        run.wall.as_secs_f64()
                    );
                    push(&mut ours, mode, run);
                    if let (Some(m), Some(side)) = (&their_manifest, theirs.as_mut()) {
                        let run = timed(options, mode, m)?;
                        let _ = writeln!(
                            log,
                            "N={n} cargo {mode} run {}: progenitor {:.1} s",
                            i + 1,
                            run.wall.as_secs_f64()
                        );
                        push(side, mode, run);
                    }
                }
            }
        }
        rows.push(Row {
            n,
            ours,
            progenitor: theirs,
        });
    }
    Ok(rows)
}

fn push(side: &mut Side, mode: &str, run: Run) {
    if mode == "check" {
        side.check.push(run);
    } else {
        side.build.push(run);
    }
}

fn cargo_command(options: &Options, mode: &str, manifest: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut c = Command::new(cargo);
    c.arg(mode)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .env("CARGO_INCREMENTAL", "0")
        // The workspace's toolchain (rust-toolchain.toml) for both crates.
        .current_dir(specs::workspace_root());
    c
}

fn cargo(options: &Options, mode: &str, manifest: &Path) -> Result<Run, String> {
    measure::run_child(&mut cargo_command(options, mode, manifest))
}

/// Touches the crate's `lib.rs` so that cargo compiles it (and only it) again.
fn timed(options: &Options, mode: &str, manifest: &Path) -> Result<Run, String> {
    let lib = manifest.parent().unwrap().join("src/lib.rs");
    let file = std::fs::File::options()
        .append(true)
        .open(&lib)
        .map_err(|e| format!("{}: {e}", lib.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", lib.display()))?;
    cargo(options, mode, manifest)
}

fn secs(runs: &[Run]) -> Option<f64> {
    (!runs.is_empty()).then(|| {
        measure::median(
            &runs
                .iter()
                .map(|r| r.wall.as_secs_f64())
                .collect::<Vec<_>>(),
        )
    })
}

pub fn report(rows: &[Row]) -> String {
    let mut t = String::new();
    t.push_str("| N | crate | lines | lines / op | cargo check | check ms / op | cargo build | build ms / op |\n");
    t.push_str("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let sides = std::iter::once(("ours", Some(&r.ours))).chain(std::iter::once((
            "progenitor (builder)",
            r.progenitor.as_ref(),
        )));
        for (name, side) in sides {
            let Some(side) = side else { continue };
            let per_op = |s: Option<f64>| {
                s.map_or("-".to_string(), |s| {
                    format!("{:.1}", s * 1000.0 / r.n as f64)
                })
            };
            let shown = |s: Option<f64>| s.map_or("-".to_string(), |s| format!("{s:.2} s"));
            let (check, build) = (secs(&side.check), secs(&side.build));
            writeln!(
                t,
                "| {} | {name} | {} | {:.0} | {} | {} | {} | {} |",
                r.n,
                side.lines,
                side.lines as f64 / r.n as f64,
                shown(check),
                per_op(check),
                shown(build),
                per_op(build)
            )
            .unwrap();
        }
    }
    t
}
