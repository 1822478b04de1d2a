//! `cargo run --release -p bench --bin e2e -- [--requests 1000] [--rounds 20]
//! [--concurrency 64] [--runtime multi|current] [--clients ours,raw,raw-timeouts]
//! [--only CLIENT]`: benchmark 4, requests per second and client CPU per request on
//! loopback, of the generated client and of the identical hand-written reqwest call (and
//! variants of it, `e2e::CLIENTS`), against a server in a child process (this binary with
//! `--serve`), as Markdown. `--only` runs one client (sequentially, or from
//! `--concurrency` tasks when given), for a profiler.

use std::process::ExitCode;

use bench::{cli, e2e, server};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        let config = server::Config {
            archive_bytes: 0,
            record: false,
        };
        return cli::exit(
            server::serve_until_stdin_closes(config).map_err(|e| format!("server: {e}")),
        );
    }
    cli::exit(run(&args))
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &[])?;
    let get = |name: &str, default: usize| flags.get(name).map_or(Ok(default), |v| cli::number(v));
    let options = e2e::Options {
        requests: get("requests", 1000)?,
        rounds: get("rounds", 20)?,
        concurrency: get("concurrency", 64)?,
        clients: match flags.get("clients") {
            Some(list) => cli::list(list, |c| Ok(c.to_string()))?,
            None => e2e::DEFAULT_CLIENTS.iter().map(|c| c.to_string()).collect(),
        },
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
        let tasks = flags
            .contains_key("concurrency")
            .then_some(options.concurrency);
        let rate = runtime.block_on(e2e::only(side, &base, options.requests, tasks));
        drop(child.stdin.take());
        let _ = child.wait();
        let sample = rate?;
        println!(
            "{side}: {:.0} requests/s, {:.1} µs of client CPU per request",
            sample.rate, sample.cpu_us
        );
        return Ok(());
    }
    let header = cli::header("End to end on loopback");
    let outcome = runtime.block_on(e2e::run(&base, &options));
    drop(child.stdin.take());
    let _ = child.wait();
    let outcome = outcome?;
    println!("{header}");
    let reference = bench::overhead::reference();
    println!(
        "{} requests per client per round, {} rounds, `{}` ({} query parameters, {}).\n",
        options.requests,
        options.rounds,
        reference.operation,
        reference.query.len(),
        if reference.list {
            format!(
                "a 20-item JSON page of {} bytes",
                server::page_json(20).len()
            )
        } else {
            "an empty JSON object".to_owned()
        }
    );
    println!("{}", e2e::report(&outcome, options.concurrency));
    for (name, what) in e2e::CLIENTS {
        if outcome.clients.iter().any(|c| c == name) {
            println!("- `{name}`: {what}.");
        }
    }
    println!();
    println!(
        "Load average at the end: {}.",
        bench::measure::load_average()
    );
    Ok(())
}
