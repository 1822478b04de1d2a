//! What the command-line tests share: running `cargo xtask` in-process in a workspace
//! root and reading what it printed.

use std::path::Path;

/// Runs `xtask` with `args` in the workspace at `root`: the exit code, stdout, stderr.
pub fn run(root: &Path, args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, root, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("stdout is UTF-8"),
        String::from_utf8(err).expect("stderr is UTF-8"),
    )
}
