//! Compile-fail tests: each file in `tests/ui` breaks one promise the client's types make
//! (required arguments, closed enums, checked newtypes, private and non-exhaustive types),
//! and must fail to compile with the error recorded next to it in a `.stderr` file.
//!
//! After a deliberate change, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p tests --test compile_fail` and review the diff.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
