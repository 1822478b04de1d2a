//! The transcribed pages through their typed API, as a Rust user writes against the crate:
//! each page's own models, enums and methods by name, on a loopback server. The other
//! test targets reach operations through the generated catalogue and name none, so that
//! renaming pages is a spec edit; this one pins the real pages, and the renamed copy of the
//! workspace (`tests/tests/new_page.rs`) leaves it out.

// The client tests' harness, shared; this target uses part of it.
#[allow(dead_code)]
#[path = "../client/shapes.rs"]
mod shapes;
#[allow(dead_code, unused_imports)]
#[path = "../client/support.rs"]
mod support;

mod pipeline;
mod repo;
mod req;
