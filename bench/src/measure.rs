//! Measuring: a child process's wall time and peak RSS, this process's own peak RSS,
//! medians, a power-law fit, and the machine a figure was taken on.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a child process cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set of the child and the descendants it waited for, in KiB.
    pub max_rss_kib: u64,
}

/// Runs `command` to completion with its output discarded (stderr kept on failure) and
/// returns its wall time and peak RSS, read from `wait4`'s resource usage.
pub fn run_child(command: &mut Command) -> Result<Run, String> {
    let shown = format!("{command:?}");
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // stderr is read after the exit; a child that fills the pipe would block, so it is
    // drained on a thread.
    let mut stderr = child.stderr.expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut status = 0;
    // SAFETY: `rusage` is plain old data, and `wait4` writes it for the pid we spawned
    // and have not waited for (the `Child` is not used to wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    let stderr = reader.join().unwrap_or_default();
    if waited != pid {
        return Err(format!("wait4 failed for {shown}"));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{shown} failed (status {status}):\n{stderr}"));
    }
    Ok(Run {
        wall,
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

/// CPU time (user and system, every thread) this process has used so far. The e2e
/// benchmark's server is a child process, so this is the client's alone.
pub fn own_cpu_time() -> std::time::Duration {
    // SAFETY: `getrusage` only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// This process's peak resident set (`VmHWM`), in KiB.
pub fn own_peak_rss_kib() -> Option<u64> {
    status_field("VmHWM:")
}

fn status_field(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The median of a non-empty list (the mean of the middle two for an even length).
pub fn median(values: &[f64]) -> f64 {
    assert!(!values.is_empty(), "median of nothing");
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    }
}

/// The exponent `k` of `y = c * x^k` fitted by least squares on `log y` against `log x`.
pub fn power_law_exponent(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let logs: Vec<(f64, f64)> = points.iter().map(|(x, y)| (x.ln(), y.ln())).collect();
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// The 1-, 5- and 15-minute load averages, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// One line about the machine: cores, CPU model, memory, kernel.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown memory".into(),
            |kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0),
        );
    format!("{cores} cores, {cpu}, {memory}")
}

/// Milliseconds with one decimal.
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// Number of lines of the files under `dir` whose names end with `ext`.
pub fn count_lines(dir: &Path, ext: &str) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                total += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_exponent_of_a_power_law() {
        let points: Vec<(f64, f64)> = [100.0, 1000.0, 5000.0]
            .iter()
            .map(|&x: &f64| (x, 3.0 * x.powf(1.25)))
            .collect();
        let k = power_law_exponent(&points).unwrap();
        assert!((k - 1.25).abs() < 1e-9, "{k}");
        assert_eq!(power_law_exponent(&points[..1]), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn a_child_reports_its_peak_rss() {
        let run = run_child(&mut Command::new("true")).unwrap();
        assert!(run.max_rss_kib > 0);
        assert!(run_child(&mut Command::new("false")).is_err());
        assert!(own_peak_rss_kib().unwrap() > 0);
    }
}
