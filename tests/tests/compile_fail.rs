//! Compile-fail tests of the hand-written runtime: each file in `tests/ui` breaks one
//! promise its types make (a non-exhaustive error, a download read once, a policy built
//! through its methods, credentials that cannot be printed), and must fail to compile with
//! the error recorded next to it in a `.stderr` file. The promises of the generated types
//! (required arguments, enum setters, checked newtypes, non-exhaustive models and enums)
//! are compile-fail doctests that the generator writes for whatever the spec names
//! (`generated-client/src/generated/compile_fail.rs`), so that they need no edit here.
//!
//! After a deliberate change, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p tests --test compile_fail` and review the diff.

#[test]
fn ui() {
    // A glob that matched nothing would pass without testing anything.
    let cases = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
        .expect("tests/ui exists")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "rs"))
        })
        .count();
    assert_eq!(cases, 4, "every compile-fail case is run");
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
