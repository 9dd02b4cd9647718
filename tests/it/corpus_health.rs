//! A corpus's loose ends, from the command line: files too large to read back, recovery
//! copies left beside annotation files, and annotation folders no text matches.

use std::fs;
use std::path::Path;

use crate::spantag;

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = spantag().args(args).current_dir(dir).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn an_import_of_a_text_over_the_text_limit_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    fs::create_dir_all(&brat).unwrap();
    // 32 MiB + 1 byte: one byte past what spantag reads as a text.
    let mut text = "Rebels near Homs. ".repeat(32 * 1024 * 1024 / 18 + 1);
    text.truncate(32 * 1024 * 1024 + 1);
    fs::write(brat.join("big.txt"), &text).unwrap();
    fs::write(brat.join("big.ann"), "T1\tlocation 12 16\tHoms\n").unwrap();
    fs::write(brat.join("small.txt"), "Rebels near Homs.").unwrap();
    fs::write(brat.join("small.ann"), "T1\tlocation 12 16\tHoms\n").unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "--from", "brat", "brat", "--annotator", "alice"],
    );
    assert_eq!(code, Some(1), "{out}{err}");
    assert_eq!(
        out,
        "brat/big.txt: error: document \"big\" is too large: its text is 32.0 MiB, 33554433 bytes, over the limit of 32 MiB that spantag reads; split it into smaller documents (nothing was written)\n\
         nothing was imported: fix the input and run again\n",
        "{err}"
    );
    assert!(!dir.path().join("samples").exists());
    assert!(!dir.path().join("annotations").exists());
}
