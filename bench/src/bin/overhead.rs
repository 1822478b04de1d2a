//! `cargo run --release -p bench --bin overhead -- [--iterations 200000]`: benchmark 3 as
//! a plain loop, nanoseconds per call for each operation, the checks alone and the raw
//! reqwest floor. Criterion (`cargo bench -p bench --bench request_overhead`) gives the
//! careful figures; this loop is what callgrind counts instructions of:
//! `valgrind --tool=callgrind target/release/overhead --iterations 10000` minus a run with
//! `--iterations 0`, divided by the iterations and operations.

use std::process::ExitCode;

use bench::{cli, overhead};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cli::exit(run(&args))
}

fn run(args: &[String]) -> Result<(), String> {
    let flags = cli::flags(args, &[])?;
    let iterations = flags
        .get("iterations")
        .map_or(Ok(200_000), |v| cli::number(v))? as u64;
    let base = "http://127.0.0.1:9";
    let client = overhead::client(base);
    let http = reqwest::Client::new();
    println!("| call | ns per call |\n|---|---:|");
    for (name, values) in overhead::operations() {
        let values: Vec<(&str, &str)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let prepare = || overhead::prepare(&client, name, &values);
        prepare().map_err(|e| format!("{name}: {e}"))?;
        let ns = overhead::time_per_call(iterations, prepare);
        println!("| {name}: build + check + parts + prepare | {ns:.0} |");
    }
    let reference = overhead::reference().operation;
    let ns = overhead::time_per_call(iterations, || overhead::parts_only(&client));
    println!("| {reference}: build + check + parts | {ns:.0} |");
    let ns = overhead::time_per_call(iterations, || overhead::check_only(&client));
    println!("| {reference}: check only | {ns:.0} |");
    let ns = overhead::time_per_call(iterations, || overhead::raw_request(&http, base));
    println!("| raw reqwest: build the same request | {ns:.0} |");
    Ok(())
}
