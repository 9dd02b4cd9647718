//! CoNLL that survives a round trip: `import --from conll` then `export --format conll
//! --tokenizer whitespace --docstart` gives back the same tokens, tags, sentences and
//! documents; and the one rule for document ids on import. Fixtures in
//! `tests/fixtures/conll/` and `tests/fixtures/ids/`, written for the project.

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
    fixture_from(dir, "conll", name)
}

/// Copies `tests/fixtures/FOLDER/NAME` into `dir`.
fn fixture_from(dir: &Path, folder: &str, name: &str) -> String {
    let text = fs::read_to_string(repo().join("tests/fixtures").join(folder).join(name)).unwrap();
    fs::write(dir.join(name), &text).unwrap();
    text
}

/// Imports the copy of `news-2003.conll` in `dir` as carol's, then adds its labels to
/// the corpus schema, as the import's message says: the import's output.
fn import_news(dir: &Path) -> String {
    let args = [
        "import",
        "--from",
        "conll",
        "news-2003.conll",
        "--annotator",
        "carol",
    ];
    let out = run_ok(dir, &args);
    run_ok(dir, &["schema", "init"]);
    out
}

/// Exports the corpus in `dir` as CoNLL with the white space tokenizer, `-DOCSTART-`
/// lines and `scheme`, to `out`.
fn export_whitespace(dir: &Path, scheme: &str, out: &str) -> String {
    let args = [
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
    ];
    run_ok(dir, &args)
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
    let imported = import_news(dir.path());
    assert!(imported.contains("3 documents"), "{imported}");
    assert_eq!(
        samples(dir.path()),
        ["news-2003-1.txt", "news-2003-2.txt", "news-2003-3.txt"]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/news-2003-3.txt"))
            .unwrap()
            .lines()
            .next(),
        Some("U.S. and NATO officials met in Brussels .")
    );
    export_whitespace(dir.path(), "iob2", "out.conll");
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
    import_news(dir.path());
    export_whitespace(dir.path(), "iob1", "iob1.conll");
    let other = tempfile::tempdir().unwrap();
    fs::copy(
        dir.path().join("iob1.conll"),
        other.path().join("iob1.conll"),
    )
    .unwrap();
    let import = [
        "import",
        "--from",
        "conll",
        "iob1.conll",
        "--annotator",
        "carol",
    ];
    let (code, out) = run(other.path(), &import);
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
    run_ok(other.path(), &[&import[..], &["--scheme", "iob1"]].concat());
    run_ok(other.path(), &["schema", "init"]);
    export_whitespace(other.path(), "iob2", "iob2.conll");
    assert_eq!(
        fs::read_to_string(other.path().join("iob2.conll")).unwrap(),
        two_columns(&input)
    );
}

/// The `.txt` files in `dir/samples`, sorted.
fn samples(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_id_in_the_data_outside_the_safe_set_is_refused_with_a_hint_or_sanitized_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    fixture_from(dir.path(), "ids", "ids.jsonl");
    let import = [
        "import",
        "--from",
        "jsonl",
        "ids.jsonl",
        "--annotator",
        "carol",
    ];
    let (code, out) = run(dir.path(), &import);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "ids.jsonl:1:1: error: document id \"Zürich report\" contains 'ü'; only letters A-Z a-z, digits, '.', '_' and '-' are allowed; add --sanitize-ids to import it as \"Zurich-report\"\n\
         nothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("samples").exists());
    let out = run_ok(dir.path(), &[&import[..], &["--sanitize-ids"]].concat());
    assert!(
        out.starts_with(
            "ids.jsonl:1:1: warning: document id \"Zürich report\" is imported as \"Zurich-report\" (--sanitize-ids)\nimported 2 documents (2 spans)"
        ),
        "{out}"
    );
    assert_eq!(samples(dir.path()), ["Report-7.txt", "Zurich-report.txt"]);
}

#[test]
fn ids_in_the_data_that_differ_only_in_case_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fixture_from(dir.path(), "ids", "case.jsonl");
    let (code, out) = run(
        dir.path(),
        &[
            "import",
            "--from",
            "jsonl",
            "case.jsonl",
            "--annotator",
            "carol",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "case.jsonl: error: document ids \"Report-7\" and \"report-7\" differ only in case: on macOS and Windows they would share one folder\n\
         nothing was imported: fix the input and run again\n"
    );
}

#[test]
fn an_id_that_differs_only_in_case_from_one_in_the_corpus_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("samples")).unwrap();
    fs::write(
        dir.path().join("samples/report-7.txt"),
        "“NATO” met 😀 قصف.\r\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("in.jsonl"),
        "{\"id\":\"Report-7\",\"text\":\"NATO met in Homs.\",\"spans\":[]}\n",
    )
    .unwrap();
    for force in [false, true] {
        let mut args = vec![
            "import",
            "--from",
            "jsonl",
            "in.jsonl",
            "--annotator",
            "carol",
        ];
        if force {
            args.push("--force");
        }
        let (code, out) = run(dir.path(), &args);
        assert_ne!(code, 0, "{out}");
        assert!(
            out.contains(
                "document id \"Report-7\" differs only in case from \"report-7\", which the corpus has: on macOS and Windows they would share one folder; nothing was written"
            ),
            "{out}"
        );
        assert!(!dir.path().join("samples/Report-7.txt").exists());
        assert!(!dir.path().join("annotations").exists());
    }
}

#[test]
fn brat_file_names_are_transliterated_and_a_collision_gets_a_suffix_never_a_shared_file() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    fs::create_dir(&brat).unwrap();
    for (stem, text) in [
        ("Zürich", "“Zürich” said 😀"),
        ("Zurich", "Zurich قصف حمص"),
        ("Москва 2024", "Moscow\r\nrain"),
    ] {
        fs::write(brat.join(format!("{stem}.txt")), text).unwrap();
        fs::write(brat.join(format!("{stem}.ann")), "").unwrap();
    }
    let out = run_ok(
        dir.path(),
        &["import", "--from", "brat", "brat", "--annotator", "carol"],
    );
    assert!(
        out.starts_with(
            "brat: warning: file names \"Zurich\" and \"Zürich\" give the same document id (case aside): named Zurich, Zurich-2\nimported 3 documents"
        ),
        "{out}"
    );
    assert_eq!(
        samples(dir.path()),
        ["Moskva-2024.txt", "Zurich-2.txt", "Zurich.txt"]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/Zurich-2.txt")).unwrap(),
        "“Zürich” said 😀"
    );
}

#[test]
fn stats_warns_about_text_file_names_that_collide() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("samples")).unwrap();
    for stem in ["Zürich", "Zurich", "Homs"] {
        fs::write(
            dir.path().join(format!("samples/{stem}.txt")),
            "“Kyiv” 😀 حمص",
        )
        .unwrap();
    }
    let output = spantag()
        .args(["stats", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "samples: warning: file names \"Zurich\" and \"Zürich\" give the same document id (case aside): named Zurich, Zurich-2\n"
    );
}
