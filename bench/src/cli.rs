//! The benchmark binaries' arguments: `--name value` flags, sizes with units, and the
//! header every report starts with.

use std::collections::BTreeMap;

/// `--name value` pairs and bare `--switch`es (value `""`); anything else is an error.
/// A benchmark binary's exit: success, or the error on stderr and failure.
pub fn exit(result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

pub fn flags(args: &[String], switches: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let Some(name) = arg.strip_prefix("--") else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        let value = if switches.contains(&name) {
            String::new()
        } else {
            it.next()
                .cloned()
                .ok_or_else(|| format!("--{name} needs a value"))?
        };
        out.insert(name.to_string(), value);
    }
    Ok(out)
}

/// A byte count such as `1GiB`, `64MiB`, `512KiB` or `1000`.
pub fn bytes(text: &str) -> Result<u64, String> {
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map_or((text, ""), |i| text.split_at(i));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size"))?;
    let scale = match unit {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        _ => return Err(format!("`{text}`: use B, KiB, MiB or GiB")),
    };
    Ok(n * scale)
}

/// A comma-separated list, each item parsed by `parse`.
pub fn list<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    text.split(',').map(|s| parse(s.trim())).collect()
}

pub fn number(text: &str) -> Result<usize, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

/// Machine, date and load, for the top of a report.
pub fn header(what: &str) -> String {
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "## {what}\n\n{date}; {}; load average {} at the start.\n",
        crate::measure::machine(),
        crate::measure::load_average()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_flags() {
        assert_eq!(bytes("1GiB").unwrap(), 1 << 30);
        assert_eq!(bytes("64MiB").unwrap(), 64 << 20);
        assert_eq!(bytes("1000").unwrap(), 1000);
        assert!(bytes("1GB").is_err());
        let args: Vec<String> = ["--runs", "3", "--quick"].map(String::from).to_vec();
        let f = flags(&args, &["quick"]).unwrap();
        assert_eq!(f["runs"], "3");
        assert_eq!(f["quick"], "");
        assert!(flags(&["x".to_string()], &[]).is_err());
    }
}
