//! Temporary experiment: which part of the generated client's call costs time on loopback.
use std::time::{Duration, Instant};

use bench::{e2e, overhead, server};

async fn rate<F, Fut>(n: usize, f: F) -> f64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    let started = Instant::now();
    for _ in 0..n {
        f().await.unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let exe = std::env::args().nth(1).expect("server exe");
    let (mut child, base) = server::spawn_child(std::path::Path::new(&exe), &["--serve"]).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let plain = reqwest::Client::new();
        let like_ours = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let ours = overhead::client(&base);
        let n = 2000;
        for round in 0..3 {
            let a = rate(n, || e2e::raw(&plain, &base)).await;
            let b = rate(n, || e2e::raw(&like_ours, &base)).await;
            let c = rate(n, || async {
                let r = overhead::raw_builder(&like_ours, &base)
                    .timeout(Duration::from_secs(60))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let body = r.bytes().await.map_err(|e| e.to_string())?;
                serde_json::from_slice::<Vec<codearts_client::BasicRepositoryDto>>(&body)
                    .map(|p| p.len())
                    .map_err(|e| e.to_string())
            })
            .await;
            let d = rate(n, || e2e::ours(&ours)).await;
            println!("round {round}: raw {a:.0}, raw+timeouts {b:.0}, raw+timeouts+per-request {c:.0}, ours {d:.0}");
        }
    });
    drop(child.stdin.take());
    let _ = child.wait();
}
