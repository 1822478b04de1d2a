//! Fuzz target: the real spec (`spec/*.yaml`), one file mutated by the fuzzer's choices
//! among the property test's text and structure mutations (`codegen/tests/hostile_specs/
//! mutations.rs`), through the whole pipeline in memory. Fails like `spec_bytes`.

#![no_main]

#[path = "../../codegen/tests/hostile_specs/mutations.rs"]
mod mutations;

use std::path::PathBuf;
use std::sync::OnceLock;

use codegen::load::SourceFile;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mutations::{Entropy, TEXT_MUTATIONS, VALUE_MUTATIONS};

/// The fuzzer's input as a stream of decisions (zeros once it runs out).
struct Input<'a>(Unstructured<'a>);

impl Entropy for Input<'_> {
    fn next_u32(&mut self) -> u32 {
        self.0.arbitrary().unwrap_or(0)
    }
}

/// The real spec's files, name and text, in name order.
fn real_spec() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("the real spec directory")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let text = std::fs::read_to_string(&p).expect("a spec file");
                (name, text)
            })
            .collect();
        files.sort();
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let mut e = Input(Unstructured::new(data));
    let files = real_spec();
    let target = e.below(files.len());
    let mut text = files[target].1.clone();
    for _ in 0..1 + e.below(4) {
        if e.percent(50) {
            let kind = e.below(TEXT_MUTATIONS.len());
            text = mutations::mutate_text(&mut e, kind, &text);
        } else if let Ok(mut value) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
            let kind = e.below(VALUE_MUTATIONS.len());
            mutations::mutate_value(&mut e, kind, &mut value);
            text = serde_yaml::to_string(&value).unwrap_or(text);
        }
    }
    // The mutated file with every other file of the spec, so references resolve.
    let sources: Vec<SourceFile> = files
        .iter()
        .enumerate()
        .map(|(i, (name, original))| SourceFile {
            path: PathBuf::from("spec").join(name),
            text: if i == target {
                text.clone()
            } else {
                original.clone()
            },
        })
        .collect();
    if let Err(broken) = mutations::run_pipeline(sources) {
        panic!("{broken}");
    }
});
