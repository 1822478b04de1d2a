//! Benchmark 5, archive download: a large body from the loopback server saved to a file by
//! the generated client (the spec's first operation answering a file, `send().await?
//! .save_to(path)`) and by raw
//! reqwest streaming into a file with the same care (written through tokio, flushed,
//! synced to disk, renamed into place). Each download runs in a child process of its own,
//! so its peak RSS (`VmHWM`) counts the client alone, not the server or the other client.

use std::path::Path;
use std::time::Instant;

use codearts_client::catalogue::Answer;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::measure;
use crate::overhead;

/// What one download cost, as the child reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub bytes: u64,
    pub seconds: f64,
    pub peak_rss_kib: u64,
}

impl Sample {
    pub fn mib_per_second(&self) -> f64 {
        self.bytes as f64 / 1024.0 / 1024.0 / self.seconds
    }

    /// The line a child prints, parsed back by [`Sample::parse`].
    pub fn line(&self) -> String {
        format!("{} {} {}", self.bytes, self.seconds, self.peak_rss_kib)
    }

    pub fn parse(line: &str) -> Option<Sample> {
        let mut words = line.split_whitespace();
        Some(Sample {
            bytes: words.next()?.parse().ok()?,
            seconds: words.next()?.parse().ok()?,
            peak_rss_kib: words.next()?.parse().ok()?,
        })
    }
}

/// The generated client: `save_to` streams the body to a temporary file beside `target`
/// and renames it into place. Returns the bytes saved.
pub async fn ours(base: &str, target: &Path) -> Result<u64, String> {
    let client = overhead::client(base);
    let (operation, _) = overhead::download().ok_or("the spec has no download")?;
    let answer = codearts_client::catalogue::call(&client, operation, &[])
        .await
        .expect("the download is in the catalogue")
        .map_err(|e| e.to_string())?;
    let Answer::Binary(response) = answer else {
        return Err(format!("{operation} answered JSON"));
    };
    let saved = response.save_to(target).await.map_err(|e| e.to_string())?;
    Ok(saved.bytes)
}

/// The raw floor: reqwest's byte stream written to a temporary file with tokio, flushed,
/// synced and renamed, as a careful hand-written download would be.
pub async fn raw(base: &str, target: &Path) -> Result<u64, String> {
    let (_, path) = overhead::download().ok_or("the spec has no download")?;
    let url = format!("{base}{path}");
    let response = reqwest::Client::new()
        .get(url)
        .header("x-auth-token", overhead::TOKEN)
        .header("user-agent", overhead::USER_AGENT)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| e.to_string())?;
    let temp = target.with_extension("part");
    let mut file = tokio::fs::File::create(&temp)
        .await
        .map_err(|e| e.to_string())?;
    let mut body = response.bytes_stream();
    let mut bytes = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        file.write_all(&chunk).await.map_err(|e| e.to_string())?;
        bytes += chunk.len() as u64;
    }
    file.flush().await.map_err(|e| e.to_string())?;
    file.sync_all().await.map_err(|e| e.to_string())?;
    drop(file);
    tokio::fs::rename(&temp, target)
        .await
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// One download by `side` (`ours` or `raw`) in this process, timed, with this process's
/// peak RSS afterwards. The file is removed once measured.
pub async fn sample(side: &str, base: &str, target: &Path) -> Result<Sample, String> {
    let started = Instant::now();
    let bytes = match side {
        "ours" => ours(base, target).await?,
        "raw" => raw(base, target).await?,
        other => return Err(format!("unknown client `{other}` (ours or raw)")),
    };
    let seconds = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(target).map_err(|e| e.to_string())?.len();
    let _ = std::fs::remove_file(target);
    if size != bytes {
        return Err(format!("{side}: {bytes} bytes received but {size} on disk"));
    }
    Ok(Sample {
        bytes,
        seconds,
        peak_rss_kib: measure::own_peak_rss_kib().unwrap_or(0),
    })
}

/// Rows: body size, then per client the median throughput and the largest peak RSS.
pub fn report(rows: &[(u64, Vec<Sample>, Vec<Sample>)]) -> String {
    let mut t = String::from(
        "| body | generated `save_to` (MiB/s, median) | peak RSS | raw reqwest (MiB/s, median) | peak RSS | throughput ratio |\n|---:|---:|---:|---:|---:|---:|\n",
    );
    for (size, ours, raw) in rows {
        let rate = |s: &[Sample]| {
            measure::median(&s.iter().map(Sample::mib_per_second).collect::<Vec<_>>())
        };
        let rss =
            |s: &[Sample]| s.iter().map(|s| s.peak_rss_kib).max().unwrap_or(0) as f64 / 1024.0;
        t.push_str(&format!(
            "| {} MiB | {:.0} | {:.1} MiB | {:.0} | {:.1} MiB | {:.3} |\n",
            size / 1024 / 1024,
            rate(ours),
            rss(ours),
            rate(raw),
            rss(raw),
            rate(ours) / rate(raw)
        ));
    }
    t
}
