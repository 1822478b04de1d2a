//! `cargo run --release -p bench --bin compile -- [--sizes 100,1000] [--runs 3 | --runs 3,1]
//! [--no-progenitor] [--prepare-only] [--dir DIR] [--target-dir DIR]`: benchmark 2, lines
//! per operation and `cargo check` / `cargo build` time of the generated crate alone,
//! ours beside progenitor's builder interface, as Markdown.

use std::path::PathBuf;
use std::process::ExitCode;

use bench::{cli, compile, specs};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cli::exit(run(&args))
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &["no-progenitor", "prepare-only"])?;
    let sizes = cli::list(
        flags.get("sizes").map_or("100,1000", String::as_str),
        cli::number,
    )?;
    let runs = cli::list(flags.get("runs").map_or("3", String::as_str), cli::number)?;
    let progenitor = if flags.contains_key("no-progenitor") {
        None
    } else {
        Some(specs::progenitor().ok_or(
            "cargo-progenitor is not installed (`cargo install cargo-progenitor --locked --version 0.15.1`), or pass --no-progenitor",
        )?)
    };
    let options = compile::Options {
        sizes,
        runs,
        progenitor,
        dir: flags
            .get("dir")
            .map_or_else(|| specs::scratch_dir().join("compile"), PathBuf::from),
        target_dir: flags.get("target-dir").map_or_else(
            || specs::workspace_root().join("target/bench-compile"),
            PathBuf::from,
        ),
        prepare_only: flags.contains_key("prepare-only"),
    };
    let header = cli::header("Generated code");
    let rows = compile::run(&options, &mut std::io::stderr())?;
    println!("{header}");
    println!("{}", compile::report(&rows));
    println!(
        "Load average at the end: {}.",
        bench::measure::load_average()
    );
    Ok(())
}
