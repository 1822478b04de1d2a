//! `cargo run --release -p bench --bin e2e -- [--requests 1000] [--rounds 10]
//! [--concurrency 64] [--runtime multi|current] [--only ours|raw]`: benchmark 4, requests per second on loopback of
//! the generated client and of the identical hand-written reqwest call, against a server
//! in a child process (this binary with `--serve`), as Markdown. `--only` runs one client
//! sequentially, for a profiler.

use std::process::ExitCode;

use bench::{cli, e2e, server};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        let config = server::Config {
            archive_bytes: 0,
            record: false,
        };
        return match server::serve_until_stdin_closes(config) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("server: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &[])?;
    let get = |name: &str, default: usize| flags.get(name).map_or(Ok(default), |v| cli::number(v));
    let options = e2e::Options {
        requests: get("requests", 1000)?,
        rounds: get("rounds", 10)?,
        concurrency: get("concurrency", 64)?,
    };
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let (mut child, base) = server::spawn_child(&exe, &["--serve"])?;
    // `--runtime current` runs both clients on a current-thread runtime (as a CLI's
    // `#[tokio::main(flavor = "current_thread")]` would) instead of a multi-thread one.
    let runtime = match flags.get("runtime").map(String::as_str) {
        Some("current") => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        _ => tokio::runtime::Runtime::new(),
    }
    .map_err(|e| e.to_string())?;
    if let Some(side) = flags.get("only") {
        // One client alone, sequentially: what a profiler looks at (callgrind counts this
        // process only; the server is a child it does not trace).
        let rate = runtime.block_on(e2e::only(side, &base, options.requests));
        drop(child.stdin.take());
        let _ = child.wait();
        println!("{side}: {:.0} requests/s", rate?);
        return Ok(());
    }
    let header = cli::header("End to end on loopback");
    let outcome = runtime.block_on(e2e::run(&base, &options));
    drop(child.stdin.take());
    let _ = child.wait();
    let outcome = outcome?;
    println!("{header}");
    println!(
        "{} requests per client per round, {} rounds, `list_project_repositories` (3 query parameters, a 20-item JSON page of {} bytes).\n",
        options.requests,
        options.rounds,
        server::page_json(20).len()
    );
    println!("{}", e2e::report(&outcome, options.concurrency));
    println!(
        "Load average at the end: {}.",
        bench::measure::load_average()
    );
    Ok(())
}
