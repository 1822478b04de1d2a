//! Benchmark 1, generation: whole-process wall time and peak RSS of `xtask codegen` (load,
//! validate, lower, emit, format, write) per spec size, beside cargo-progenitor generating
//! a crate from the OpenAPI 3.0 export of the same spec.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{self, Run};
use crate::specs;

/// How to run the generator: a program (an `xtask` binary, or a bench binary that runs
/// the xtask library when given `--xtask`) and the arguments before `codegen`.
#[derive(Debug, Clone)]
pub struct Generator {
    pub program: PathBuf,
    pub prefix: Vec<String>,
}

impl Generator {
    fn command(&self, spec: &Path, out: &Path) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.prefix)
            .arg("codegen")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(out);
        c
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub runs: usize,
    /// Runs of each tool per size before the measured ones, whose times are logged but
    /// not counted: the first process after another has run meets cold caches.
    pub warmup: usize,
    pub generator: Generator,
    /// cargo-progenitor, or `None` to measure only ours.
    pub progenitor: Option<PathBuf>,
    pub dir: PathBuf,
}

/// The runs of one size.
#[derive(Debug, Clone)]
pub struct Row {
    pub n: usize,
    pub ours: Vec<Run>,
    pub progenitor: Vec<Run>,
    /// Lines of Rust the two generators wrote.
    pub ours_lines: usize,
    pub progenitor_lines: usize,
}

impl Row {
    pub fn ours_ms(&self) -> f64 {
        median_ms(&self.ours)
    }

    pub fn progenitor_ms(&self) -> Option<f64> {
        (!self.progenitor.is_empty()).then(|| median_ms(&self.progenitor))
    }
}

fn median_ms(runs: &[Run]) -> f64 {
    measure::median(&runs.iter().map(|r| measure::ms(r.wall)).collect::<Vec<_>>())
}

fn max_rss_mib(runs: &[Run]) -> f64 {
    runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
}

/// Runs every size `runs` times, ours and progenitor alternately (so that a change in the
/// machine's load hits both), each into a new output directory.
///
/// The outputs are deleted only once every run is over. On ext4, creating a file soon
/// after thousands were deleted scans past every recently freed inode, which makes
/// writing a thousand files quadratic: deleting one run's output just before the next
/// run would time the file system, not the generators.
pub fn run(options: &Options, log: &mut dyn std::io::Write) -> Result<Vec<Row>, String> {
    std::fs::create_dir_all(&options.dir).map_err(|e| e.to_string())?;
    let outputs = options.dir.join("outputs");
    let _ = std::fs::remove_dir_all(&outputs);
    let rows = run_sizes(options, &outputs, log);
    let _ = std::fs::remove_dir_all(&outputs);
    rows
}

fn run_sizes(
    options: &Options,
    outputs: &Path,
    log: &mut dyn std::io::Write,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for &n in &options.sizes {
        let spec = specs::spec_dir(n, &options.dir)?;
        let openapi = options.dir.join(format!("openapi-3.0-{n}.json"));
        if options.progenitor.is_some() {
            specs::export_openapi_3_0(&spec, &openapi)?;
        }
        let out = |who: &str, i: usize| outputs.join(format!("{who}-{n}-{i}"));
        let mut row = Row {
            n,
            ours: Vec::new(),
            progenitor: Vec::new(),
            ours_lines: 0,
            progenitor_lines: 0,
        };
        // One run of each tool, alternating; warm-up runs are logged, not kept.
        let mut pair = |i: usize, warmup: bool| -> Result<(Run, Option<Run>), String> {
            let (tag, label) = if warmup {
                ("warmup-", " (warm-up)")
            } else {
                ("", "")
            };
            let mut command = options
                .generator
                .command(&spec, &out(&format!("{tag}ours"), i));
            let ours = logged(log, n, i, &format!("ours{label}"), &mut command)?;
            let theirs = match &options.progenitor {
                Some(program) => {
                    let mut command = specs::progenitor_command(
                        program,
                        &openapi,
                        &out(&format!("{tag}progenitor"), i),
                        "codearts-progenitor",
                    );
                    Some(logged(
                        log,
                        n,
                        i,
                        &format!("progenitor{label}"),
                        &mut command,
                    )?)
                }
                None => None,
            };
            Ok((ours, theirs))
        };
        for i in 0..options.warmup {
            pair(i, true)?;
        }
        for i in 0..options.runs {
            let (ours, theirs) = pair(i, false)?;
            row.ours.push(ours);
            row.progenitor.extend(theirs);
        }
        // Lines are counted in the last run's output (every run writes the same).
        let last = options.runs.saturating_sub(1);
        row.ours_lines = measure::count_lines(
            &out("ours", last).join("generated-client/src/generated"),
            ".rs",
        );
        if options.progenitor.is_some() {
            row.progenitor_lines =
                measure::count_lines(&out("progenitor", last).join("src"), ".rs");
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Runs one generator (`who`) and logs its wall time and peak RSS.
fn logged(
    log: &mut dyn std::io::Write,
    n: usize,
    i: usize,
    who: &str,
    command: &mut Command,
) -> Result<Run, String> {
    let run = measure::run_child(command)?;
    let _ = writeln!(
        log,
        "N={n} run {}: {who} {:.1} ms, {} KiB",
        i + 1,
        measure::ms(run.wall),
        run.max_rss_kib
    );
    Ok(run)
}

/// The results as a Markdown table, with the fitted exponents (sizes of 100 and more).
pub fn report(rows: &[Row]) -> String {
    let mut t = String::new();
    t.push_str("| N | ours: wall (median) | ours: peak RSS | ours: Rust lines / op | progenitor: wall (median) | progenitor: peak RSS | progenitor: lines / op | ours / progenitor |\n");
    t.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let (theirs, rss, lines, ratio) = match r.progenitor_ms() {
            Some(p) => (
                format!("{p:.1} ms"),
                format!("{:.1} MiB", max_rss_mib(&r.progenitor)),
                format!("{}", r.progenitor_lines / r.n.max(1)),
                format!("{:.3}", r.ours_ms() / p),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        writeln!(
            t,
            "| {} | {:.1} ms | {:.1} MiB | {} | {theirs} | {rss} | {lines} | {ratio} |",
            r.n,
            r.ours_ms(),
            max_rss_mib(&r.ours),
            r.ours_lines / r.n.max(1),
        )
        .unwrap();
    }
    let fit = |f: &dyn Fn(&Row) -> Option<f64>| {
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.n >= 100)
            .filter_map(|r| Some((r.n as f64, f(r)?)))
            .collect();
        measure::power_law_exponent(&points).map_or_else(|| "-".to_string(), |k| format!("{k:.2}"))
    };
    writeln!(
        t,
        "\nFitted exponent k of wall time ~ N^k (N >= 100): ours {}, progenitor {}.",
        fit(&|r| Some(r.ours_ms())),
        fit(&|r| r.progenitor_ms())
    )
    .unwrap();
    t
}
