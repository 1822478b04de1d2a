//! Benchmark 3, request overhead (`cargo bench -p bench --bench request_overhead`): each
//! operation of the real spec built, checked and prepared as `send` would hand it to
//! reqwest, without I/O; the checks alone; and the raw floor, the same request built by
//! reqwest alone. Target: under 1 µs per call.

use std::hint::black_box;

use bench::overhead;
use criterion::{Criterion, criterion_group, criterion_main};

const BASE: &str = "http://127.0.0.1:9";

fn operations(c: &mut Criterion) {
    let client = overhead::client(BASE);
    let mut group = c.benchmark_group("prepare");
    for (name, values) in overhead::operations() {
        let values: Vec<(&str, &str)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        overhead::prepare(&client, name, &values).expect("valid arguments");
        group.bench_function(name, |b| {
            b.iter(|| overhead::prepare(black_box(&client), name, black_box(&values)))
        });
    }
    group.finish();
}

fn floor(c: &mut Criterion) {
    let client = overhead::client(BASE);
    let http = reqwest::Client::new();
    let reference = overhead::reference().operation;
    c.bench_function(&format!("build + check + parts/{reference}"), |b| {
        b.iter(|| overhead::parts_only(black_box(&client)))
    });
    c.bench_function(&format!("check only/{reference}"), |b| {
        b.iter(|| overhead::check_only(black_box(&client)))
    });
    c.bench_function(&format!("raw reqwest/{reference}"), |b| {
        b.iter(|| overhead::raw_request(black_box(&http), BASE))
    });
}

criterion_group!(benches, operations, floor);
criterion_main!(benches);
