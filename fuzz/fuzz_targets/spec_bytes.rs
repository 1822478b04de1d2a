//! Fuzz target: arbitrary bytes as one spec file, through the whole pipeline in memory
//! (decode, parse, validate, lower, emit). Fails on a panic, on a validated spec that does
//! not emit, and on a diagnostic without a location.

#![no_main]

#[path = "../../codegen/tests/hostile_specs/mutations.rs"]
mod mutations;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let sources = match codegen::load::decode("spec/fuzz.yaml".into(), data.to_vec()) {
        Ok(source) => vec![source],
        Err(d) => {
            mutations::located(&d.into()).unwrap_or_else(|broken| panic!("{broken}"));
            return;
        }
    };
    if let Err(broken) = mutations::run_pipeline(sources) {
        panic!("{broken}");
    }
});
