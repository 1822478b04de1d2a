//! Performance and scale benchmarks of the generator and of the client it generates, each
//! beside the peer a user would pick instead (progenitor 0.15) and the raw floor
//! (hand-written reqwest). BENCHMARKS.md at the workspace root has the commands and
//! results; `tests/smoke.rs` runs each at a small size under `cargo test`.
//!
//! 1. [`generation`]: `xtask codegen` per spec size, whole process, vs cargo-progenitor.
//! 2. [`compile`]: lines per operation and `cargo check`/`build` of the generated crate.
//! 3. [`overhead`]: building and checking each operation's request, without I/O
//!    (`benches/request_overhead.rs`, criterion).
//! 4. [`e2e`]: requests per second on loopback, generated client vs raw reqwest.
//! 5. [`download`]: a large archive through `save_to` vs raw streaming, throughput and RSS.

pub mod cli;
pub mod compile;
pub mod download;
pub mod e2e;
pub mod generation;
pub mod measure;
pub mod overhead;
pub mod server;
pub mod specs;
