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
