//! The checked-in generated client matches the checked-in spec, byte for byte, with no
//! leftover in the directories the generator owns, and generating it again gives the
//! same bytes. A failure names the command to run.

use crate::workspace_root;

#[test]
fn checked_in_client_is_fresh() {
    let root = workspace_root();
    let files = codegen::generate(&root.join("spec"))
        .unwrap_or_else(|d| panic!("the spec does not validate:\n{d}"));
    // The comparison `cargo xtask codegen --check` makes, leftovers in the directories the
    // generator owns included.
    let stale = codegen::output::stale(&root, &files, codegen::emit::OWNED_DIRS);
    assert!(
        stale.is_empty(),
        "generated files are stale:\n{}\nrun `cargo xtask codegen` and commit the result",
        stale
            .iter()
            .map(|(p, how)| format!("  {} ({how})", p.display()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// A hand-written path declared in a directory the generator owns must exist and must
// not be generated: a declaration left behind by a move would silently shelter whatever
// later appears at that path from the leftover check.
#[test]
fn declared_hand_written_paths_exist_and_are_not_generated() {
    let root = workspace_root();
    let files = codegen::generate(&root.join("spec")).unwrap();
    for dir in codegen::emit::OWNED_DIRS {
        for hand_written in dir.hand_written {
            let path = std::path::Path::new(dir.path).join(hand_written);
            assert!(
                root.join(&path).exists(),
                "{} is declared hand-written in OWNED_DIRS but does not exist",
                path.display()
            );
            let generated: Vec<_> = files.iter().filter(|f| f.path.starts_with(&path)).collect();
            assert!(
                generated.is_empty(),
                "{} is declared hand-written, but the generator writes {:?}",
                path.display(),
                generated.iter().map(|f| &f.path).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn generation_of_the_real_spec_is_deterministic() {
    let spec = workspace_root().join("spec");
    let first = codegen::generate(&spec).unwrap();
    let second = codegen::generate(&spec).unwrap();
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_starts_with_the_header_naming_the_command() {
    let files = codegen::generate(&workspace_root().join("spec")).unwrap();
    assert!(!files.is_empty());
    for f in files {
        let first = f.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated") && first.contains("cargo xtask codegen"),
            "{}: {first}",
            f.path.display()
        );
    }
}

#[test]
fn generated_paths_are_marked_linguist_generated() {
    let attributes = std::fs::read_to_string(workspace_root().join(".gitattributes"))
        .expect(".gitattributes exists");
    for f in codegen::generate(&workspace_root().join("spec")).unwrap() {
        let path = f.path.to_string_lossy().replace('\\', "/");
        let covered = attributes
            .lines()
            .filter(|l| l.contains("linguist-generated"))
            .filter_map(|l| l.split_whitespace().next())
            .any(|pattern| glob_matches(pattern, &path));
        assert!(
            covered,
            "{path} is not marked linguist-generated in .gitattributes"
        );
    }
}

/// gitattributes-style matching: `**` spans directories, `*` stays within one.
fn glob_matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((prefix, rest)) => {
            let Some(path) = path.strip_prefix(prefix) else {
                return false;
            };
            let (crosses, rest) = match rest.strip_prefix('*') {
                Some(rest) => (true, rest),
                None => (false, rest),
            };
            (0..=path.len())
                .filter(|&i| path.is_char_boundary(i))
                .take_while(|&i| crosses || !path[..i].contains('/'))
                .any(|i| glob_matches(rest, &path[i..]))
        }
    }
}

#[test]
fn glob_matching_follows_gitattributes() {
    assert!(glob_matches("a/**", "a/b/c.rs"));
    assert!(glob_matches("a/*.rs", "a/b.rs"));
    assert!(!glob_matches("a/*.rs", "a/b/c.rs"));
    assert!(glob_matches("a/README.md", "a/README.md"));
    assert!(!glob_matches("a/README.md", "a/README.mdx"));
}
