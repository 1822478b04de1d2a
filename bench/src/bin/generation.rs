//! `cargo run --release -p bench --bin generation -- [--sizes 11,100,1000,5000] [--runs 5]
//! [--warmup 1] [--xtask PATH|self] [--no-progenitor] [--dir DIR]`: benchmark 1, whole-process wall time
//! and peak RSS of `xtask codegen` per spec size beside cargo-progenitor, as Markdown.
//!
//! The generator is `target/release/xtask` when it has been built (`cargo build --release
//! -p xtask`), else this binary, which runs the same xtask library when its first argument
//! is `--xtask`.

use std::path::PathBuf;
use std::process::ExitCode;

use bench::{cli, generation, specs};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--xtask") {
        let code = xtask::run(
            &args[1..],
            &specs::workspace_root(),
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        );
        return ExitCode::from(code);
    }
    cli::exit(run(&args))
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &["no-progenitor"])?;
    let default_sizes = format!("{},100,1000,5000", specs::real_size()?);
    let sizes = cli::list(
        flags
            .get("sizes")
            .map_or(default_sizes.as_str(), String::as_str),
        cli::number,
    )?;
    let runs = flags.get("runs").map_or(Ok(5), |r| cli::number(r))?;
    let warmup = flags.get("warmup").map_or(Ok(1), |r| cli::number(r))?;
    let generator = match flags.get("xtask").map(String::as_str) {
        Some("self") => this_binary()?,
        Some(path) => generation::Generator {
            program: PathBuf::from(path),
            prefix: Vec::new(),
        },
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| specs::workspace_root().join("target"), PathBuf::from);
            let release = target.join("release/xtask");
            if release.is_file() {
                generation::Generator {
                    program: release,
                    prefix: Vec::new(),
                }
            } else {
                this_binary()?
            }
        }
    };
    let progenitor = if flags.contains_key("no-progenitor") {
        None
    } else {
        Some(specs::progenitor().ok_or(
            "cargo-progenitor is not installed (`cargo install cargo-progenitor --locked --version 0.15.1`), or pass --no-progenitor",
        )?)
    };
    let options = generation::Options {
        sizes,
        runs,
        warmup,
        generator,
        progenitor,
        dir: flags
            .get("dir")
            .map_or_else(|| specs::scratch_dir().join("generation"), PathBuf::from),
    };
    eprintln!(
        "generator: {} {}",
        options.generator.program.display(),
        options.generator.prefix.join(" ")
    );
    let header = cli::header("Generation");
    let rows = generation::run(&options, &mut std::io::stderr())?;
    println!("{header}");
    println!("{}", generation::report(&rows));
    println!(
        "Load average at the end: {}.",
        bench::measure::load_average()
    );
    Ok(())
}

fn this_binary() -> Result<generation::Generator, String> {
    Ok(generation::Generator {
        program: std::env::current_exe().map_err(|e| e.to_string())?,
        prefix: vec!["--xtask".into()],
    })
}
