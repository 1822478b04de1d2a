//! `cargo run --release -p bench --bin download -- [--sizes 64MiB,1GiB] [--runs 3]
//! [--dir DIR]`: benchmark 5, a large archive from a loopback server (a child process)
//! saved by the generated client's `save_to` and by raw reqwest streaming, each download
//! in a child process of its own so that its peak RSS is the client's alone.
//!
//! Internal modes: `--serve BYTES` (the server) and `--client ours|raw URL FILE` (one
//! download, printing bytes, seconds and peak RSS in KiB).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use bench::{cli, download, server};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--serve") => serve(&args[1..]),
        Some("--client") => client(&args[1..]),
        _ => run(&args),
    };
    cli::exit(result)
}

fn serve(args: &[String]) -> Result<(), String> {
    let bytes = cli::bytes(args.first().ok_or("--serve needs a size")?)?;
    server::serve_until_stdin_closes(server::Config {
        archive_bytes: bytes,
        record: false,
    })
    .map_err(|e| e.to_string())
}

fn client(args: &[String]) -> Result<(), String> {
    let [side, base, file] = args else {
        return Err("--client needs ours|raw, the server URL and a file".into());
    };
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let sample = runtime.block_on(download::sample(side, base, Path::new(file)))?;
    println!("{}", sample.line());
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &[])?;
    let sizes = cli::list(
        flags.get("sizes").map_or("64MiB,1GiB", String::as_str),
        cli::bytes,
    )?;
    let runs = flags.get("runs").map_or(Ok(3), |r| cli::number(r))?;
    let dir = flags
        .get("dir")
        .map_or_else(std::env::temp_dir, PathBuf::from);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let header = cli::header("Archive download");
    let mut rows = Vec::new();
    for &size in &sizes {
        let (mut server, base) = server::spawn_child(&exe, &["--serve", &size.to_string()])?;
        let (mut ours, mut raw) = (Vec::new(), Vec::new());
        for round in 0..runs {
            for i in 0..2 {
                let side = if (round + i) % 2 == 0 { "ours" } else { "raw" };
                let file = dir.join(format!("codearts-bench-{}-{side}.bin", std::process::id()));
                let output = Command::new(&exe)
                    .args(["--client", side, &base])
                    .arg(&file)
                    .output()
                    .map_err(|e| e.to_string())?;
                if !output.status.success() {
                    return Err(format!(
                        "{side} download failed: {}",
                        String::from_utf8_lossy(&output.stderr)
                    ));
                }
                let line = String::from_utf8_lossy(&output.stdout);
                let sample = download::Sample::parse(&line)
                    .ok_or_else(|| format!("{side}: unreadable result {line:?}"))?;
                if sample.bytes != size {
                    return Err(format!("{side}: {} bytes, expected {size}", sample.bytes));
                }
                eprintln!(
                    "{size} bytes, {side}: {:.0} MiB/s, peak RSS {} KiB",
                    sample.mib_per_second(),
                    sample.peak_rss_kib
                );
                if side == "ours" {
                    ours.push(sample);
                } else {
                    raw.push(sample);
                }
            }
        }
        drop(server.stdin.take());
        let _ = server.wait();
        rows.push((size, ours, raw));
    }
    println!("{header}");
    println!("Files written to {}.\n", dir.display());
    println!("{}", download::report(&rows));
    println!(
        "Load average at the end: {}.",
        bench::measure::load_average()
    );
    Ok(())
}
