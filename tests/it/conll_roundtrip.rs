//! CoNLL that survives a round trip: `import --from conll` then `export --format conll
//! --tokenizer whitespace --docstart` gives back the same tokens, tags, sentences and
//! documents. Fixtures in `tests/fixtures/conll/`, written for the project.

use std::fs;
use std::path::Path;

use crate::{repo, spantag};

/// Runs `spantag ARGS` in `dir`: exit code, standard output and standard error together.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = spantag().args(args).current_dir(dir).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), format!("{stdout}{stderr}"))
}

/// [`run`] that must succeed: its output.
fn run_ok(dir: &Path, args: &[&str]) -> String {
    let (code, out) = run(dir, args);
    assert_eq!(code, 0, "{out}");
    out
}

/// Copies `tests/fixtures/conll/NAME` into `dir`.
fn fixture(dir: &Path, name: &str) -> String {
    let text = fs::read_to_string(repo().join("tests/fixtures/conll").join(name)).unwrap();
    fs::write(dir.join(name), &text).unwrap();
    text
}

/// What the export writes for a CoNLL-2003 file: the token and the tag of each line (the
/// POS and chunk columns are not kept), and `-DOCSTART- -X- O O` for any `-DOCSTART-`.
fn two_columns(conll: &str) -> String {
    conll
        .lines()
        .map(|line| {
            let columns: Vec<&str> = line.split(' ').collect();
            match columns.as_slice() {
                ["-DOCSTART-", ..] => "-DOCSTART- -X- O O\n".to_owned(),
                [] | [""] => "\n".to_owned(),
                [token, .., tag] => format!("{token} {tag}\n"),
                [_] => unreachable!("{line}"),
            }
        })
        .collect()
}

#[test]
fn a_conll_2003_file_comes_back_with_the_same_tokens_tags_sentences_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture(dir.path(), "news-2003.conll");
    let imported = run_ok(
        dir.path(),
        &[
            "import",
            "--from",
            "conll",
            "news-2003.conll",
            "--annotator",
            "carol",
        ],
    );
    assert!(imported.contains("3 documents"), "{imported}");
    let mut samples: Vec<String> = fs::read_dir(dir.path().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    samples.sort();
    assert_eq!(
        samples,
        ["news-2003-1.txt", "news-2003-2.txt", "news-2003-3.txt"]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/news-2003-3.txt"))
            .unwrap()
            .lines()
            .next(),
        Some("U.S. and NATO officials met in Brussels .")
    );
    run_ok(
        dir.path(),
        &[
            "export",
            "--format",
            "conll",
            "--tokenizer",
            "whitespace",
            "--docstart",
            "--annotator",
            "carol",
            "--out",
            "out.conll",
        ],
    );
    let output = fs::read_to_string(dir.path().join("out.conll")).unwrap();
    let expected = two_columns(&input);
    assert_eq!(
        expected.matches("\n\n").count(),
        15,
        "3 documents, 12 sentences"
    );
    assert_eq!(output, expected);
}

#[test]
fn an_iob1_export_read_back_without_its_scheme_gets_one_hint_then_reads_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture(dir.path(), "news-2003.conll");
    run_ok(
        dir.path(),
        &[
            "import",
            "--from",
            "conll",
            "news-2003.conll",
            "--annotator",
            "carol",
        ],
    );
    let export = |dir: &Path, scheme: &str, out: &str| {
        run_ok(
            dir,
            &[
                "export",
                "--format",
                "conll",
                "--tokenizer",
                "whitespace",
                "--docstart",
                "--scheme",
                scheme,
                "--out",
                out,
            ],
        )
    };
    export(dir.path(), "iob1", "iob1.conll");
    let other = tempfile::tempdir().unwrap();
    fs::copy(
        dir.path().join("iob1.conll"),
        other.path().join("iob1.conll"),
    )
    .unwrap();
    let (code, out) = run(
        other.path(),
        &[
            "import",
            "--from",
            "conll",
            "iob1.conll",
            "--annotator",
            "carol",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(
        errors,
        [
            "iob1.conll:3:1: error: I-ORG after the sentence start: an entity must start with B-",
            "iob1.conll:13:1: error: I-PER after the sentence start: an entity must start with B-",
            "iob1.conll:17:1: error: I-PER after O: an entity must start with B-",
            "iob1.conll: error: this looks like IOB1: add `--scheme iob1` (21 of 21 entities start with I- after O, another label or the sentence start; 11 sentences have tag errors, the first 3 above)",
        ],
        "{out}"
    );
    run_ok(
        other.path(),
        &[
            "import",
            "--from",
            "conll",
            "iob1.conll",
            "--annotator",
            "carol",
            "--scheme",
            "iob1",
        ],
    );
    export(other.path(), "iob2", "iob2.conll");
    assert_eq!(
        fs::read_to_string(other.path().join("iob2.conll")).unwrap(),
        two_columns(&input)
    );
}
