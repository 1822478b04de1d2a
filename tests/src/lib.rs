//! Test-only crate: see `tests/` for the integration tests of the generated client.
