//! A smoke run of every benchmark at a small size, for `cargo test`: correctness only, no
//! timing assertions. Benchmarks 1, 2, 4 and 5 run their binaries end to end (the
//! progenitor side when cargo-progenitor is installed; compiling is skipped); 3 runs each
//! operation once; 4 also checks that both clients put the same request on the wire.

use std::path::Path;
use std::process::Command;

use bench::{download, e2e, overhead, server, specs};

fn run(bin: &str, args: &[&str]) -> String {
    let output = Command::new(bin).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{bin} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn progenitor_flag() -> Vec<&'static str> {
    if specs::progenitor().is_some() {
        vec![]
    } else {
        vec!["--no-progenitor"]
    }
}

#[test]
fn generation_runs_the_generator_per_size() {
    let dir = tempfile::tempdir().unwrap();
    let real = specs::real_size().unwrap().to_string();
    let sizes = format!("{real},12");
    let mut args = vec![
        "--sizes",
        sizes.as_str(),
        "--runs",
        "1",
        "--xtask",
        "self",
        "--dir",
    ];
    args.push(dir.path().to_str().unwrap());
    args.extend(progenitor_flag());
    let report = run(env!("CARGO_BIN_EXE_generation"), &args);
    let row = report
        .lines()
        .find(|line| line.starts_with("| 12 |"))
        .unwrap_or_else(|| panic!("no row for N = 12: {report}"));
    assert!(report.contains(&format!("| {real} |")), "{report}");
    // Every generated operation has its builder, checks and docs: far more than 100 lines.
    let lines_per_op: usize = row.split('|').nth(4).unwrap().trim().parse().unwrap();
    assert!(lines_per_op > 100, "{row}");
    assert!(
        !dir.path().join("outputs").exists(),
        "the generated outputs are left behind"
    );
}

#[test]
fn compile_prepares_both_crates() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["--sizes", "10", "--prepare-only", "--dir"];
    args.push(dir.path().to_str().unwrap());
    args.extend(progenitor_flag());
    let report = run(env!("CARGO_BIN_EXE_compile"), &args);
    assert!(report.contains("| 10 | ours |"), "{report}");
    let ours = dir.path().join("ours-crate-10");
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "generated-client/Cargo.toml",
        "generated-client/src/lib.rs",
        "generated-client/src/generated/operations.rs",
    ] {
        assert!(ours.join(file).is_file(), "{file} is missing");
    }
    if specs::progenitor().is_some() {
        assert!(dir.path().join("progenitor-crate-10/src/lib.rs").is_file());
    }
}

#[test]
fn every_operation_prepares_and_checks() {
    let client = overhead::client("http://127.0.0.1:9");
    let operations = overhead::operations();
    assert_eq!(
        operations.len(),
        codearts_client::catalogue::OPERATIONS.len()
    );
    for (name, values) in operations {
        let (url, headers) = overhead::prepare(&client, name, &overhead::pairs(&values))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(url.as_str().starts_with("http://127.0.0.1:9/v"), "{url}");
        assert_eq!(headers["x-auth-token"], overhead::TOKEN, "{name}");
    }
    overhead::check_only(&client).unwrap();
    assert_eq!(
        overhead::parts_only(&client).unwrap().operation,
        overhead::reference().operation
    );
    let raw = overhead::raw_request(&reqwest::Client::new(), "http://127.0.0.1:9").unwrap();
    let (ours, _) = overhead::reference_prepared(&client).unwrap();
    assert_eq!(raw.url(), &ours);
    assert!(overhead::time_per_call(10, || overhead::check_only(&client)) > 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_clients_send_the_same_request_and_e2e_runs() {
    let server = server::start(server::Config {
        archive_bytes: 0,
        record: true,
    })
    .await
    .unwrap();
    let base = server.url();
    let client = overhead::client(&base);
    let items = if overhead::reference().list { 20 } else { 0 };
    assert_eq!(e2e::ours(&client).await.unwrap(), items);
    assert_eq!(
        e2e::raw(&reqwest::Client::new(), &base).await.unwrap(),
        items
    );
    let seen = server.take_seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1], "the two clients sent different requests");
    for (name, value) in &overhead::reference().query {
        assert!(
            seen[0].uri.contains(&format!("{name}={value}")),
            "{:?}",
            seen[0]
        );
    }
    let options = e2e::Options {
        requests: 20,
        rounds: 1,
        concurrency: 4,
        clients: e2e::CLIENTS.iter().map(|(c, _)| c.to_string()).collect(),
    };
    let outcome = e2e::run(&base, &options).await.unwrap();
    assert_eq!(outcome.clients.len(), e2e::CLIENTS.len());
    assert!(outcome.sequential.iter().all(|rounds| rounds.len() == 1));
    let report = e2e::report(&outcome, 4);
    assert!(report.contains("| 4 tasks | raw-chunks |"), "{report}");
    // Every row's paired ratios are real numbers: each client has a sample per round.
    let rows: Vec<&str> = report.lines().filter(|l| l.contains("| raw")).collect();
    assert_eq!(rows.len(), 2 * (e2e::CLIENTS.len() - 1), "{report}");
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        for ratio in &cells[5..7] {
            let ratio: f64 = ratio.parse().unwrap();
            assert!(ratio.is_finite() && ratio > 0.0, "{row}");
        }
    }
}

#[test]
fn e2e_binary_runs_against_its_server_child() {
    let report = run(
        env!("CARGO_BIN_EXE_e2e"),
        &["--requests", "16", "--rounds", "1", "--concurrency", "4"],
    );
    assert!(report.contains("| sequential |"), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_downloads_save_the_whole_body() {
    let size = 3 * 1024 * 1024 + 17;
    let server = server::start(server::Config {
        archive_bytes: size,
        record: false,
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for side in ["ours", "raw"] {
        let target = dir.path().join(format!("{side}.tar.gz"));
        let sample = download::sample(side, &server.url(), &target)
            .await
            .unwrap();
        assert_eq!(sample.bytes, size, "{side}");
        assert!(sample.peak_rss_kib > 0);
        assert!(!target.exists(), "measured files are removed");
    }
    let only: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(only.is_empty(), "no temporary file is left: {only:?}");
}

#[test]
fn download_binary_measures_each_client_in_a_child() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(
        env!("CARGO_BIN_EXE_download"),
        &[
            "--sizes",
            "2MiB",
            "--runs",
            "1",
            "--dir",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(report.contains("| 2 MiB |"), "{report}");
    assert!(Path::new(dir.path()).read_dir().unwrap().next().is_none());
}
