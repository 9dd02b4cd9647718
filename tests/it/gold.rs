//! Gold files through the binary: spantag/1 and spantag/2 both validate, and a gold
//! file with undecided places is not exported as truth unless asked.

use std::fs;
use std::path::Path;

use crate::{repo, spantag};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn gold_v1() -> std::path::PathBuf {
    repo().join("tests/fixtures/gold/gold-v1.ron")
}

/// Runs `spantag validate <file>`: (exit code, stdout).
fn validate(file: &Path) -> (Option<i32>, String) {
    let output = spantag().arg("validate").arg(file).output().unwrap();
    (output.status.code(), stdout(&output))
}

#[test]
fn validate_accepts_gold_files_of_both_versions() {
    assert_eq!(
        validate(&gold_v1()),
        (
            Some(0),
            "checked 1 file: 1 valid, 0 invalid (0 errors, 0 warnings)\n".to_owned()
        )
    );
    // Read as spantag/1, written as spantag/2.
    let gold = spantag::io::gold::read_gold(&gold_v1()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let v2 = dir.path().join("gold.ron");
    fs::write(&v2, spantag::io::gold::to_gold_ron(&gold)).unwrap();
    assert!(fs::read_to_string(&v2).unwrap().contains("\"spantag/2\""));
    assert_eq!(
        validate(&v2),
        (
            Some(0),
            "checked 1 file: 1 valid, 0 invalid (0 errors, 0 warnings)\n".to_owned()
        )
    );
}

#[test]
fn validate_reads_a_gold_files_review_block_and_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gold.ron");
    // A spantag/2 file with spantag/1's string choices.
    let v1 = fs::read_to_string(gold_v1()).unwrap();
    fs::write(&file, v1.replace("spantag/1", "spantag/2")).unwrap();
    assert_eq!(
        validate(&file),
        (
            Some(1),
            format!(
                "{}:25:41: error: review data: a spantag/2 choice is Annotator(\"name\"), NoEntity, Edited or Unanimous (Expected identifier)\n\
                 checked 1 file: 0 valid, 1 invalid (1 error, 0 warnings)\n",
                file.display()
            )
        )
    );
    // A version this spantag does not know.
    fs::write(&file, v1.replace("spantag/1", "spantag/3")).unwrap();
    assert_eq!(
        validate(&file),
        (
            Some(1),
            format!(
                "{}:2:5: error: format \"spantag/3\" is not supported: this spantag reads \"spantag/1\" and \"spantag/2\"; a newer spantag may read it\n\
                 checked 1 file: 0 valid, 1 invalid (1 error, 0 warnings)\n",
                file.display()
            )
        )
    );
}

/// A corpus where `kyiv` has alice's and bob's files and a gold file with 2 undecided
/// places (minister and NATO agreed; Kyiv is alice's only, حمص bob's only), and `homs`
/// only alice's file. `decide_all` decides the two places first.
fn corpus_with_gold(decide_all: bool) -> tempfile::TempDir {
    use crate::jobs::{annotation, put};
    use spantag::review::adjudicate::Adjudication;

    let dir = tempfile::tempdir().unwrap();
    let alice = annotation(
        "kyiv",
        "alice",
        &[(4, 12, "actor"), (28, 32, "location"), (75, 79, "actor")],
    );
    let bob = annotation(
        "kyiv",
        "bob",
        &[(4, 12, "actor"), (64, 67, "location"), (75, 79, "actor")],
    );
    put(dir.path(), &alice);
    put(dir.path(), &bob);
    put(
        dir.path(),
        &annotation("homs", "alice", &[(64, 67, "location"), (75, 79, "actor")]),
    );
    let mut adjudication = Adjudication::new(
        &[alice, bob],
        &["a".repeat(64), "b".repeat(64)],
        None,
        "carol",
    );
    assert_eq!(adjudication.gold.review.undecided, Some(2));
    if decide_all {
        adjudication.accept(1, 0, "carol"); // alice's Kyiv
        adjudication.reject(2, "carol"); // no entity at حمص
        assert_eq!(adjudication.gold.review.undecided, Some(0));
    }
    fs::write(
        dir.path().join("annotations/kyiv/gold.ron"),
        spantag::io::gold::to_gold_ron(&adjudication.gold),
    )
    .unwrap();
    dir
}

/// Runs `spantag export --format jsonl --out out.jsonl` with `extra` in `dir`:
/// (exit code, stdout).
fn export(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let output = spantag()
        .args(["export", "--format", "jsonl", "--out", "out.jsonl"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stderr.clone()).unwrap(), "");
    (output.status.code(), stdout(&output))
}

#[test]
fn export_skips_a_gold_file_with_undecided_places_and_says_why() {
    let corpus = corpus_with_gold(false);
    assert_eq!(
        export(corpus.path(), &[]),
        (
            Some(0),
            "exported 1 document (2 spans) to out.jsonl\n\
             \x20 actor             1\n\
             \x20 location          1\n\
             skipped 1:\n\
             \x20 kyiv: gold has 2 undecided places; skipped (use --gold-incomplete to export it)\n"
                .to_owned()
        )
    );
    let out = fs::read_to_string(corpus.path().join("out.jsonl")).unwrap();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains(r#""id":"homs""#), "{out}");
}

#[test]
fn gold_incomplete_exports_it_anyway() {
    let corpus = corpus_with_gold(false);
    assert_eq!(
        export(corpus.path(), &["--gold-incomplete"]),
        (
            Some(0),
            "exported 2 documents (4 spans) to out.jsonl\n\
             \x20 actor             3\n\
             \x20 location          1\n"
                .to_owned()
        )
    );
    let out = fs::read_to_string(corpus.path().join("out.jsonl")).unwrap();
    let ids: Vec<&str> = out
        .lines()
        .map(|l| {
            if l.contains(r#""id":"homs""#) {
                "homs"
            } else {
                "kyiv"
            }
        })
        .collect();
    assert_eq!(ids, ["homs", "kyiv"]);
    assert!(out.contains(r#""annotator":"gold""#), "{out}");
}

#[test]
fn an_export_left_with_nothing_but_incomplete_gold_fails() {
    let corpus = corpus_with_gold(false);
    assert_eq!(
        export(corpus.path(), &["--gold"]),
        (
            Some(1),
            "exported 0 documents; out.jsonl was not written\n\
             skipped 1:\n\
             \x20 kyiv: gold has 2 undecided places; skipped (use --gold-incomplete to export it)\n\
             nothing was exported: 1 document has a gold file with undecided places (--gold-incomplete exports it anyway)\n"
                .to_owned()
        )
    );
    assert!(!corpus.path().join("out.jsonl").exists());
}

#[test]
fn a_gold_file_with_every_place_decided_is_exported() {
    let corpus = corpus_with_gold(true);
    assert_eq!(
        export(corpus.path(), &["--gold"]),
        (
            Some(0),
            "exported 1 document (3 spans) to out.jsonl\n\
             \x20 actor             2\n\
             \x20 location          1\n"
                .to_owned()
        )
    );
}
