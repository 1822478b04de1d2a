//! The generator against hostile specs: thousands of mutations of the real spec (text and
//! structure), a catalogue of YAML attacks, and the regressions they found. Every case
//! must end in generated files or in diagnostics that each carry a location, within a
//! second, without a panic and without writing a file.
//!
//! The mutations are deterministic (a seeded xorshift, `mutations.rs`, shared with the fuzz
//! target `fuzz/fuzz_targets/spec_mutated.rs`), so a failure names a case that reproduces:
//! `HOSTILE_CASE=<index> cargo test -p codegen --test hostile_specs <test> -- --nocapture`
//! runs that case alone and prints its files.

#[path = "hostile_specs/mutations.rs"]
mod mutations;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use codegen::load::SourceFile;
use mutations::{
    Entropy, Outcome, TEXT_MUTATIONS, VALUE_MUTATIONS, XorShift, mutate_text, mutate_value,
    run_pipeline,
};

/// Mutated specs per run (2,050): text mutations and structure-aware ones. With the rest
/// of this file they take under twenty seconds of a debug build on two cores, most of it
/// emitting the specs that stay valid.
const TEXT_CASES: usize = 1250;
const VALUE_CASES: usize = 800;

/// A case that takes this much CPU time fails: generation is expected to take
/// milliseconds, so this bounds a hang, it is not a benchmark. CPU time of this process
/// while the case runs alone in it (the generator parses and formats on threads of its
/// own), so that other processes on a shared machine do not fail the test; wall-clock
/// time where Linux's `/proc` is missing.
const SLOW: Duration = Duration::from_secs(1);

/// How long to wait for a case before declaring it hung (it cannot be stopped).
const HUNG: Duration = Duration::from_secs(20);

/// CPU time (user and system) of this process, threads that ended included, in the
/// kernel's 10 ms ticks.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which may hold spaces: state is the first, utime
    // (field 14 of proc(5)) the twelfth, stime the thirteenth. Ticks are 1/100 s.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Every run of the generator in this file holds this, so that the process's CPU time
/// during a case is the case's.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` alone among this file's generator runs, and measures it in CPU time of the
/// process (or in wall-clock time without `/proc`).
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (cpu, wall) = (process_cpu_time(), Instant::now());
    let result = f();
    let elapsed = match (cpu, process_cpu_time()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall.elapsed(),
    };
    (result, elapsed)
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The real spec's files, name and text, in name order.
fn real_spec() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files: Vec<(String, String)> = std::fs::read_dir(spec_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        assert!(files.len() >= 5, "the real spec has its files");
        files
    })
}

fn source(name: &str, text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from("spec").join(name),
        text,
    }
}

/// The files a case loads: the mutated file, the files it refers to (services and shared
/// models), and, for every fortieth case or when the mutated file is `quirks.yaml` (which
/// refers to everything), the whole spec.
fn with_context(target: usize, mutated: String, whole: bool) -> Vec<SourceFile> {
    let files = real_spec();
    let whole = whole || files[target].0 == "quirks.yaml";
    files
        .iter()
        .enumerate()
        .filter_map(|(i, (name, text))| {
            if i == target {
                Some(source(name, mutated.clone()))
            } else if whole || name == "services.yaml" || name == "common.yaml" {
                Some(source(name, text.clone()))
            } else {
                None
            }
        })
        .collect()
}

/// The file case `index` mutates: each in turn, except that `quirks.yaml`, which costs a
/// whole-spec generation, has every other turn given to the next file.
fn target_of(index: usize) -> usize {
    let files = real_spec();
    let target = index % files.len();
    if files[target].0 == "quirks.yaml" && (index / files.len()) % 2 == 1 {
        (target + 1) % files.len()
    } else {
        target
    }
}

/// One generated case: what was done, and the files to load.
struct Case {
    what: String,
    files: Vec<SourceFile>,
}

fn text_case(index: usize) -> Case {
    let mut e = XorShift::new(0x7e57_0001 ^ index as u64);
    let files = real_spec();
    let target = target_of(index);
    let mut text = files[target].1.clone();
    let mut applied = Vec::new();
    for _ in 0..1 + e.below(3) {
        let mut kind = e.below(TEXT_MUTATIONS.len());
        // An alias bomb costs serde_yaml a hundred passes over the document before it
        // gives up (half a second in a debug build): a few dozen per run are enough.
        while TEXT_MUTATIONS[kind] == "alias bomb" && !e.percent(25) {
            kind = e.below(TEXT_MUTATIONS.len());
        }
        applied.push(TEXT_MUTATIONS[kind]);
        text = mutate_text(&mut e, kind, &text);
    }
    Case {
        what: format!(
            "text case {index}: {} in {}",
            applied.join(", "),
            files[target].0
        ),
        files: with_context(target, text, index.is_multiple_of(40)),
    }
}

fn parsed_spec() -> &'static [serde_yaml::Value] {
    static VALUES: OnceLock<Vec<serde_yaml::Value>> = OnceLock::new();
    VALUES.get_or_init(|| {
        real_spec()
            .iter()
            .map(|(_, text)| serde_yaml::from_str(text).unwrap())
            .collect()
    })
}

fn value_case(index: usize) -> Case {
    let mut e = XorShift::new(0x5740_0002 ^ index as u64);
    let files = real_spec();
    let target = target_of(index);
    let mut value = parsed_spec()[target].clone();
    let mut applied = Vec::new();
    for _ in 0..1 + e.below(3) {
        let kind = e.below(VALUE_MUTATIONS.len());
        applied.push(VALUE_MUTATIONS[kind]);
        mutate_value(&mut e, kind, &mut value);
    }
    let text =
        serde_yaml::to_string(&value).unwrap_or_else(|err| format!("# not serializable: {err}\n"));
    Case {
        what: format!(
            "structure case {index}: {} in {}",
            applied.join(", "),
            files[target].0
        ),
        files: with_context(target, text, index.is_multiple_of(40)),
    }
}

/// What a batch of cases did, for the failure message and the figures in RELIABILITY.md.
#[derive(Default)]
struct Tally {
    cases: usize,
    generated: usize,
    rejected: usize,
    failures: Vec<String>,
    slowest: (Duration, String),
    total: Duration,
    generated_time: Duration,
}

impl Tally {
    fn report(&self, name: &str) {
        eprintln!(
            "{name}: {} cases, {} generated, {} rejected with located diagnostics, {} failures; CPU time {:.2?} (generating {:.2?}; 10 ms ticks), slowest {:.2?} ({})",
            self.cases,
            self.generated,
            self.rejected,
            self.failures.len(),
            self.total,
            self.generated_time,
            self.slowest.0,
            self.slowest.1,
        );
        assert!(
            self.failures.is_empty(),
            "{} case(s) broke the property:\n{}",
            self.failures.len(),
            self.failures.join("\n\n")
        );
    }
}

/// Runs one case on its own thread, catching a panic and bounding its time.
fn run_case(case: Case, tally: &mut Tally) {
    let (tx, rx) = mpsc::channel();
    let what = case.what.clone();
    std::thread::spawn(move || {
        let _ = tx.send(timed(|| {
            catch_unwind(AssertUnwindSafe(|| run_pipeline(case.files)))
        }));
    });
    tally.cases += 1;
    let (result, elapsed) = match rx.recv_timeout(HUNG) {
        Ok(r) => r,
        Err(_) => {
            tally
                .failures
                .push(format!("{what}: still running after {HUNG:?}"));
            return;
        }
    };
    tally.total += elapsed;
    if elapsed > tally.slowest.0 {
        tally.slowest = (elapsed, what.clone());
    }
    match result {
        Ok(Ok(Outcome::Generated(_))) => {
            tally.generated += 1;
            tally.generated_time += elapsed;
        }
        Ok(Ok(Outcome::Rejected(_))) => tally.rejected += 1,
        Ok(Err(broken)) => tally.failures.push(format!("{what}: {broken}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            tally.failures.push(format!("{what}: panicked: {message}"));
        }
    }
    if elapsed >= SLOW {
        tally
            .failures
            .push(format!("{what}: took {elapsed:.2?} (limit {SLOW:?})"));
    }
}

/// Runs cases `range` of a generator, or only `HOSTILE_CASE` when it is set (and prints
/// that case's files, to reproduce a failure by hand).
fn run_batch(name: &str, count: usize, make: fn(usize) -> Case) {
    let only: Option<usize> = std::env::var("HOSTILE_CASE")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut tally = Tally::default();
    let wall = Instant::now();
    for index in (0..count).filter(|i| only.is_none_or(|o| o == *i)) {
        let case = make(index);
        if only.is_some() {
            for f in &case.files {
                eprintln!("==> {} <==\n{}", f.path.display(), f.text);
            }
        }
        run_case(case, &mut tally);
    }
    eprintln!(
        "{name}: {:.2?} wall-clock time, mutation included",
        wall.elapsed()
    );
    tally.report(name);
}

#[test]
fn text_mutations_of_the_real_spec_end_in_files_or_located_diagnostics() {
    run_batch("text mutations", TEXT_CASES, text_case);
}

#[test]
fn structure_mutations_of_the_real_spec_end_in_files_or_located_diagnostics() {
    run_batch("structure mutations", VALUE_CASES, value_case);
}

#[test]
fn the_mutated_cases_are_deterministic() {
    for index in [0, 7, 123] {
        let (a, b) = (text_case(index), text_case(index));
        assert_eq!(a.what, b.what);
        assert!(a.files.iter().zip(&b.files).all(|(x, y)| x.text == y.text));
        let (a, b) = (value_case(index), value_case(index));
        assert!(a.files.iter().zip(&b.files).all(|(x, y)| x.text == y.text));
    }
}

// ---------------------------------------------------------------------------------------
// A catalogue of YAML attacks, each alone.

/// One spec file holding `text`, through the pipeline on a watched thread.
fn one_file_case(what: &str, text: String) -> Case {
    Case {
        what: what.to_string(),
        files: vec![source("hostile.yaml", text)],
    }
}

/// The classic alias bomb, aimed at `default` (an untagged literal, which serde buffers
/// whole) of the first parameter of the real spec.
fn alias_bomb() -> String {
    let text = &real_spec()
        .iter()
        .find(|(n, _)| n == "list_project_repositories.yaml")
        .unwrap()
        .1;
    let mut bomb = String::from("[&a lol");
    for level in 1..10 {
        let prev = (b'a' + level - 1) as char;
        let this = (b'a' + level) as char;
        bomb.push_str(&format!(
            ", &{this} [{}]",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    bomb.push(']');
    text.replacen("default: 0", &format!("default: {bomb}"), 1)
}

fn catalogue() -> Vec<Case> {
    let real = |name: &str| {
        real_spec()
            .iter()
            .find(|(n, _)| n == name)
            .unwrap()
            .1
            .clone()
    };
    let mut cases = vec![
        one_file_case("an empty file", String::new()),
        one_file_case("only whitespace", " \n\t\n  \n".into()),
        one_file_case("only comments", "# nothing\n# here\n".into()),
        one_file_case("a byte order mark", format!("\u{feff}{}", real("services.yaml"))),
        one_file_case("NUL bytes", "services:\0\n  a: \0\n".into()),
        one_file_case("an alias bomb", alias_bomb()),
        one_file_case(
            "an alias bomb through merge keys",
            "a: &a {x: 1, y: 2}\nb: &b {<<: [*a, *a, *a, *a], z: 3}\nc: &c {<<: [*b, *b, *b, *b]}\nservices: {<<: [*c, *c, *c, *c]}\n".into(),
        ),
        one_file_case(
            "flow sequences nested 100,000 deep",
            format!("services: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        one_file_case(
            "flow mappings nested 100,000 deep, unclosed",
            format!("services: {}\n", "{a: ".repeat(100_000)),
        ),
        one_file_case(
            "block mappings nested 200 deep",
            (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect(),
        ),
        one_file_case(
            "a second document",
            format!("{}---\nservices: {{}}\n", real("services.yaml")),
        ),
        one_file_case(
            "content after a document end marker",
            format!("{}...\nservices: {{}}\n", real("services.yaml")),
        ),
        one_file_case("a tag on the root", format!("!custom\n{}", real("common.yaml"))),
        one_file_case("a binary tag", "services: !!binary aGVsbG8=\n".into()),
        one_file_case("an anchor on the root", format!("&root\n{}", real("common.yaml"))),
        one_file_case("an undefined alias", "services: *nothing\n".into()),
        one_file_case(
            "a duplicate top-level key",
            format!("{}{}", real("services.yaml"), real("services.yaml")),
        ),
        one_file_case(
            "a duplicate operation in one file",
            {
                let op = real("download_archive.yaml");
                let body = op.strip_prefix("operations:\n").unwrap().to_string();
                format!("operations:\n{body}{body}")
            },
        ),
        one_file_case(
            "a 200 kB key",
            format!("{}: 1\n", "k".repeat(200_000)),
        ),
        one_file_case(
            "a status code beyond u16",
            real("download_archive.yaml").replace("401:", "99999999999:"),
        ),
        one_file_case(
            "tabs for indentation",
            real("services.yaml").replace("    ", "\t\t"),
        ),
        one_file_case(
            "a lone carriage return for every line break",
            real("common.yaml").replace('\n', "\r"),
        ),
    ];
    // Real files whole, with Windows line endings and with the whole spec's other files.
    let crlf: Vec<SourceFile> = real_spec()
        .iter()
        .map(|(n, t)| source(n, t.replace('\n', "\r\n")))
        .collect();
    cases.push(Case {
        what: "the real spec with CRLF line endings".into(),
        files: crlf,
    });
    cases
}

#[test]
fn yaml_attacks_end_in_files_or_located_diagnostics_within_a_second() {
    let mut tally = Tally::default();
    for case in catalogue() {
        run_case(case, &mut tally);
    }
    tally.report("YAML attacks");
}

#[test]
fn crlf_line_endings_generate_the_same_bytes() {
    let lf: Vec<SourceFile> = real_spec()
        .iter()
        .map(|(n, t)| source(n, t.clone()))
        .collect();
    let crlf: Vec<SourceFile> = real_spec()
        .iter()
        .map(|(n, t)| source(n, t.replace('\n', "\r\n")))
        .collect();
    let generate = |files| {
        timed(|| {
            let spec = codegen::load::parse(files).unwrap();
            codegen::validate::check(&spec).unwrap();
            codegen::emit_files(&codegen::lower::lower(&spec)).unwrap()
        })
        .0
    };
    assert!(generate(lf) == generate(crlf));
}

// ---------------------------------------------------------------------------------------
// Regressions: each bug the cases above found, alone.

fn diagnostics_of(files: Vec<SourceFile>) -> codegen::Diagnostics {
    timed(|| diagnostics_alone(files)).0
}

fn diagnostics_alone(files: Vec<SourceFile>) -> codegen::Diagnostics {
    match run_pipeline(files.iter().map(source_like).collect()) {
        Ok(Outcome::Rejected(_)) => {}
        other => panic!("expected located diagnostics, got {other:?}"),
    }
    let spec = codegen::load::parse(files);
    match spec {
        Err(d) => d,
        Ok(spec) => codegen::validate::check(&spec).unwrap_err(),
    }
}

fn source_like(f: &SourceFile) -> SourceFile {
    SourceFile {
        path: f.path.clone(),
        text: f.text.clone(),
    }
}

/// The one diagnostic of a one-file spec, with its line.
fn only_problem(text: &str) -> (Option<usize>, String) {
    let d = diagnostics_of(vec![source("hostile.yaml", text.to_string())]);
    assert_eq!(d.len(), 1, "{d}");
    let first = d.iter().next().unwrap();
    (first.location.line, first.message.clone())
}

// serde_yaml gives no position for a second document; it was reported with none.
#[test]
fn a_second_document_is_reported_at_its_start() {
    let (line, message) = only_problem("services: {}\n# a comment\n---\nmodels: {}\n");
    assert_eq!(line, Some(3));
    assert!(message.contains("one YAML document"), "{message}");
    let (line, _) = only_problem("---\nservices: {}\n...\nmodels: {}\n");
    assert_eq!(line, Some(4));
}

// serde_yaml gives no position when it stops an alias bomb; it was reported with none.
#[test]
fn an_alias_bomb_is_reported_at_its_first_alias() {
    let text = alias_bomb();
    let first_alias = text.lines().position(|l| l.contains("*a")).unwrap() + 1;
    let (line, message) = only_problem(&text);
    assert_eq!(line, Some(first_alias));
    assert!(message.contains("alias bomb"), "{message}");
}

// libyaml's scanner is quadratic in the depth of flow collections: 20,000 levels took
// seconds in release and over ten in debug before the loader refused them up front.
#[test]
fn deeply_nested_flow_collections_are_refused_quickly_at_their_line() {
    let text = format!("services:\n  x: {}\n", "[".repeat(50_000));
    let (d, took) = timed(|| diagnostics_alone(vec![source("hostile.yaml", text)]));
    assert!(took < SLOW, "took {took:?}");
    let problem = d.iter().next().unwrap();
    assert_eq!((d.len(), problem.location.line), (1, Some(2)));
    assert!(
        problem.message.contains("nest more than 256 levels"),
        "{}",
        problem.message
    );
}

// The nesting guard must not count brackets that are text: in quoted, plain and block
// scalars, and in comments.
#[test]
fn brackets_in_scalars_and_comments_are_not_nesting() {
    let deep = "[".repeat(300);
    let text = format!(
        "services:\n  repo:\n    title: \"{deep}\"\n    description: plain {deep}\n    # {deep}\n    default_host: 'https://x{deep}'\n    inferred: |\n      {deep}\n      {deep}\n"
    );
    let (_, message) = only_problem(&text);
    assert!(
        message.contains("https://"),
        "the file reached validation: {message}"
    );
}

// A field enum's `type_name` was not checked as a Rust type name, and emitting it
// panicked (`Ident cannot be a number`); found by text mutation (an alias of `1`).
#[test]
fn a_field_enum_type_name_that_is_no_identifier_is_reported() {
    let text = real_spec()
        .iter()
        .find(|(n, _)| n == "list_project_repositories.yaml")
        .unwrap()
        .1
        .replace("type_name: DevelopMode", "type_name: 1");
    let files = vec![
        source("list_project_repositories.yaml", text),
        source(
            "services.yaml",
            real_spec()
                .iter()
                .find(|(n, _)| n == "services.yaml")
                .unwrap()
                .1
                .clone(),
        ),
        source(
            "common.yaml",
            real_spec()
                .iter()
                .find(|(n, _)| n == "common.yaml")
                .unwrap()
                .1
                .clone(),
        ),
    ];
    let d = diagnostics_of(files);
    let problem = d.iter().next().unwrap();
    assert_eq!(
        problem.location.path,
        "models.BasicRepositoryDto.fields.develop_mode.type_name"
    );
    assert!(problem.location.line.is_some());
    assert!(
        problem
            .message
            .contains("enum type name: `1` is not a Rust identifier")
    );
}

// Bytes that are not UTF-8 were reported without a line.
#[test]
fn bytes_that_are_not_utf8_are_reported_at_their_line_and_column() {
    let bytes = b"services:\n  repo:\n    title: caf\xe9\n".to_vec();
    let d = codegen::load::decode("spec/latin1.yaml".into(), bytes).unwrap_err();
    assert_eq!(d.location.line, Some(3));
    assert_eq!(d.location.column, Some(15));
}

// ---------------------------------------------------------------------------------------
// Nothing is written.

/// Every file under `dir`, with its length and modification time.
fn tree(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
        }
    }
    out
}

#[test]
fn generating_from_mutated_specs_on_disk_writes_nothing() {
    for index in (0..TEXT_CASES).step_by(TEXT_CASES / 40) {
        let case = text_case(index);
        let dir = tempfile::tempdir().unwrap();
        let spec_dir = dir.path().join("spec");
        std::fs::create_dir(&spec_dir).unwrap();
        for f in &case.files {
            std::fs::write(spec_dir.join(f.path.file_name().unwrap()), &f.text).unwrap();
        }
        let before = tree(dir.path());
        let (result, _) = timed(|| codegen::generate(&spec_dir));
        assert_eq!(
            tree(dir.path()),
            before,
            "{}: the directory changed",
            case.what
        );
        if let Err(d) = result {
            assert!(mutations::located(&d).is_ok(), "{}: {d}", case.what);
        }
    }
}
