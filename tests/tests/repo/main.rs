//! Repository-level checks in one test binary: the checked-in generated client is fresh
//! and deterministic, and the architecture's checkable invariants hold.

mod freshness;
mod invariants;

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}
