//! `cargo xtask`: the project's command line, a thin layer over the `codegen` library.
//! See `lib.rs` for the commands.

use std::path::Path;
use std::process::ExitCode;

// Formatting the generated code allocates for every token; see xtask/Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The workspace root is the parent of this crate's manifest directory.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    ExitCode::from(xtask::run(
        &args,
        root,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    ))
}
