//! `spantag import` on the layouts other tools write: every span read, or a refusal that
//! names the flag that reads it. Fixtures in `tests/fixtures/import/`, written for the
//! project, with curly quotes, emoji, CRLF and Arabic.

use std::fs;
use std::path::Path;

use crate::{bundled_corpus_copy, repo, spantag};

/// Copies fixture `name` into `corpus`, runs `spantag import --from FORMAT NAME
/// --annotator carol ARGS` there; gives the exit code and standard output.
fn import(corpus: &Path, format: &str, name: &str, args: &[&str]) -> (i32, String) {
    let fixture = repo().join("tests/fixtures/import").join(name);
    fs::copy(&fixture, corpus.join(name)).unwrap();
    let output = spantag()
        .args(["import", "--from", format, name, "--annotator", "carol"])
        .args(args)
        .current_dir(corpus)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), format!("{stdout}{stderr}"))
}

/// [`import`] that must succeed: its standard output.
fn import_ok(corpus: &Path, format: &str, name: &str, args: &[&str]) -> String {
    let (code, out) = import(corpus, format, name, args);
    assert_eq!(code, 0, "{out}");
    out
}

/// Carol's spans on `doc`, as (start, end, label).
fn spans(corpus: &Path, doc: &str) -> Vec<(usize, usize, String)> {
    let loaded = spantag::io::ron_format::read_annotation(
        &corpus.join(format!("annotations/{doc}/carol.ron")),
        &spantag::model::Schema::default(),
    )
    .unwrap();
    loaded
        .annotation
        .spans()
        .iter()
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect()
}

fn owned(spans: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
    spans
        .iter()
        .map(|&(s, e, l)| (s, e, l.to_owned()))
        .collect()
}

const TEXT: &str = "The minister’s office said “Kyiv” was shelled 😀\r\nقصف حمص in Homs.";

#[test]
fn doccano_label_layout_still_reads() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "doccano", "doccano-label.jsonl", &[]),
        "imported 2 documents (3 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "kyiv"),
        owned(&[(4, 12, "actor"), (28, 32, "location")])
    );
    assert_eq!(spans(dir.path(), "nato"), owned(&[(27, 33, "location")]));
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/kyiv.txt")).unwrap(),
        TEXT
    );
}

#[test]
fn doccano_labels_layout_is_read() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "doccano", "doccano-labels.jsonl", &[]),
        "imported 1 document (2 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "1"),
        owned(&[(28, 32, "location"), (53, 56, "location")])
    );
}

#[test]
fn doccano_entities_layout_is_read_and_relations_are_counted() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "doccano", "doccano-entities.jsonl", &[]),
        "imported 1 document (2 spans) into . as carol\nnot imported: 1 item under \"relations\"\n"
    );
    assert_eq!(
        spans(dir.path(), "7"),
        owned(&[(4, 12, "actor"), (53, 56, "location")])
    );
}

#[test]
fn doccano_entities_with_utf16_offsets() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(
            dir.path(),
            "doccano",
            "doccano-entities-utf16.jsonl",
            &["--offsets", "utf16"],
        ),
        "imported 1 document (2 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "7"),
        owned(&[(4, 12, "actor"), (53, 56, "location")])
    );
}

#[test]
fn a_doccano_meta_id_names_the_document_under_the_same_id_rules() {
    // doccano exports its own number as `id` and the id the user imported under `meta`.
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "doccano", "doccano-meta-id.jsonl", &[]),
        "imported 2 documents (3 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "report-7"),
        owned(&[(4, 12, "actor"), (28, 32, "location")])
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/report-7.txt")).unwrap(),
        TEXT
    );
    assert!(!dir.path().join("samples/3.txt").exists());
    // An empty `meta` leaves the name to `id`.
    assert_eq!(spans(dir.path(), "4"), owned(&[(0, 4, "actor")]));

    let (code, out) = import(dir.path(), "doccano", "doccano-meta-id-bad.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "doccano-meta-id-bad.jsonl:1:1: error: document id \"Zürich report\" contains 'ü'; only letters A-Z a-z, digits, '.', '_' and '-' are allowed; add --sanitize-ids to import it as \"Zurich-report\"\n\
         nothing was imported: fix the input and run again\n"
    );
    assert_eq!(
        import_ok(
            dir.path(),
            "doccano",
            "doccano-meta-id-bad.jsonl",
            &["--sanitize-ids"],
        ),
        "doccano-meta-id-bad.jsonl:1:1: warning: document id \"Zürich report\" is imported as \"Zurich-report\" (--sanitize-ids)\n\
         imported 1 document (1 span) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "Zurich-report"),
        owned(&[(4, 12, "actor")])
    );
    let (code, out) = import(dir.path(), "doccano", "doccano-meta-id-object.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "doccano-meta-id-object.jsonl:1:1: error: \"meta\": \"id\" is {\"source\":\"wire\"}, not a string or a number\n\
         nothing was imported: fix the input and run again\n"
    );
}

#[test]
fn doccano_label_ids_need_the_flag_that_names_them() {
    let dir = bundled_corpus_copy();
    let (code, out) = import(dir.path(), "doccano", "doccano-annotations.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "doccano-annotations.jsonl:1:1: error: \"annotations\" holds label ids, not names: pass --label-ids FILE (doccano's label export, or ID=NAME lines) to import them\nnothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("annotations/3").exists());

    let ids = repo().join("tests/fixtures/import/doccano-label-ids.json");
    assert_eq!(
        import_ok(
            dir.path(),
            "doccano",
            "doccano-annotations.jsonl",
            &["--label-ids", ids.to_str().unwrap()],
        ),
        "imported 1 document (2 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "3"),
        owned(&[(28, 32, "location"), (38, 45, "event")])
    );
}

#[test]
fn prodigy_answers_choose_the_lines() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "jsonl", "prodigy.jsonl", &[]),
        "imported 1 document (1 span) into . as carol\n\
         skipped 1 line answered \"ignore\" (choose with --answers)\n\
         skipped 2 lines answered \"reject\" (choose with --answers)\n"
    );
    assert_eq!(
        spans(dir.path(), "prodigy-1"),
        owned(&[(28, 32, "location")])
    );
    assert!(!dir.path().join("annotations/prodigy-2").exists());

    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(
            dir.path(),
            "jsonl",
            "prodigy.jsonl",
            &["--answers", "accept,reject"],
        ),
        "imported 3 documents (3 spans) into . as carol\n\
         skipped 1 line answered \"ignore\" (choose with --answers)\n"
    );
    assert_eq!(spans(dir.path(), "prodigy-2"), owned(&[(1, 5, "actor")]));
    assert_eq!(spans(dir.path(), "prodigy-4"), owned(&[(0, 3, "location")]));
}

#[test]
fn spacy_v2_entities_are_read() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "jsonl", "spacy-v2.jsonl", &[]),
        "imported 1 document (3 spans) into . as carol\n"
    );
    assert_eq!(
        spans(dir.path(), "spacy-v2-1"),
        owned(&[(4, 12, "actor"), (53, 56, "location"), (60, 64, "location")])
    );
}

#[test]
fn spacy_doc_json_reads_ents_and_every_span_group_or_one() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(dir.path(), "jsonl", "spacy-doc.jsonl", &[]),
        "spacy-doc.jsonl:1:1: warning: span [28, 32) \"location\" is listed twice; kept once\n\
         imported 1 document (3 spans) into . as carol\n\
         not imported: 2 items under \"cats\"\n"
    );
    assert_eq!(
        spans(dir.path(), "spacy-doc-1"),
        owned(&[(4, 12, "actor"), (28, 32, "location"), (38, 45, "event")])
    );

    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(
            dir.path(),
            "jsonl",
            "spacy-doc.jsonl",
            &["--span-group", "actors"],
        ),
        "imported 1 document (2 spans) into . as carol\nnot imported: 2 items under \"cats\"\n"
    );
    assert_eq!(
        spans(dir.path(), "spacy-doc-1"),
        owned(&[(4, 12, "actor"), (28, 32, "location")])
    );

    let (code, out) = import(
        dir.path(),
        "jsonl",
        "spacy-doc.jsonl",
        &["--span-group", "people"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("spacy-doc.jsonl:1:1: error: span group \"people\" is not in \"spans\" (it has: actors, sc)\n"),
        "{out}"
    );
}

#[test]
fn a_key_that_is_not_read_is_refused_by_name_until_ignored() {
    let dir = bundled_corpus_copy();
    let (code, out) = import(dir.path(), "jsonl", "unknown-key.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "unknown-key.jsonl:2:1: error: key \"entities_v2\" holds data spantag does not read; nothing under it would be imported (pass --ignore-key entities_v2 to import the rest)\nnothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("annotations/kyiv").exists());

    assert_eq!(
        import_ok(
            dir.path(),
            "jsonl",
            "unknown-key.jsonl",
            &["--ignore-key", "entities_v2"],
        ),
        "imported 2 documents (1 span) into . as carol\n\
         not imported: 1 item under \"entities_v2\"\n\
         not imported: 2 items under \"relations\"\n"
    );
    assert_eq!(spans(dir.path(), "kyiv"), owned(&[(28, 32, "location")]));
    assert_eq!(spans(dir.path(), "nato"), owned(&[]));
}

#[test]
fn labels_that_break_formats_are_refused_until_mapped() {
    let dir = bundled_corpus_copy();
    let (code, out) = import(dir.path(), "jsonl", "bad-labels.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "bad-labels.jsonl:1:1: error: label name \"Company Name\" is not allowed: use 1 to 50 characters with no spaces or control characters (rename it with --label-map OLD=NEW)\n\
         bad-labels.jsonl:1:1: error: label name \"GEO\\tLOC\" is not allowed: use 1 to 50 characters with no spaces or control characters (rename it with --label-map OLD=NEW)\n\
         bad-labels.jsonl:2:1: error: label name \"\" is not allowed: use 1 to 50 characters with no spaces or control characters (rename it with --label-map OLD=NEW)\n\
         nothing was imported: fix the input and run again\n"
    );

    // A mapped-to name must be valid itself.
    let (code, out) = import(
        dir.path(),
        "jsonl",
        "bad-labels.jsonl",
        &["--label-map", "Company Name=Company Inc"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("bad-labels.jsonl: error: --label-map \"Company Name=Company Inc\": label name \"Company Inc\" is not allowed"),
        "{out}"
    );

    // Pairs on the command line and a file, one OLD=NEW a line.
    fs::write(
        dir.path().join("map.txt"),
        "GEO\tLOC=location\r\n=actor\r\n",
    )
    .unwrap();
    assert_eq!(
        import_ok(
            dir.path(),
            "jsonl",
            "bad-labels.jsonl",
            &[
                "--label-map",
                "Company Name=organisation",
                "--label-map",
                "map.txt",
            ],
        ),
        "imported 2 documents (3 spans) into . as carol\n\
         label not in the corpus schema: organisation; add it to spantag.ron with: spantag schema init\n"
    );
    assert_eq!(
        spans(dir.path(), "kyiv"),
        owned(&[(4, 12, "organisation"), (28, 32, "location")])
    );
    assert_eq!(spans(dir.path(), "nato"), owned(&[(1, 5, "actor")]));
}

#[test]
fn validate_calls_a_label_that_breaks_formats_an_error() {
    let dir = bundled_corpus_copy();
    let ron = repo().join("tests/fixtures/valid/minister-kyiv.ron");
    let text = fs::read_to_string(&ron).unwrap();
    let broken = text.replacen("label: \"actor\"", "label: \"Company Name\"", 1);
    assert_ne!(broken, text);
    let path = dir.path().join("broken.ron");
    fs::write(&path, broken).unwrap();
    let output = spantag()
        .args(["validate", "broken.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("broken.ron:14:29: error: label name \"Company Name\" is not allowed: use 1 to 50 characters with no spaces or control characters"),
        "{stdout}"
    );
}

#[test]
fn conll_labels_are_renamed_by_the_map() {
    let dir = bundled_corpus_copy();
    assert_eq!(
        import_ok(
            dir.path(),
            "conll",
            "conll-2003.conll",
            &["--label-map", "LOC=location", "--label-map", "PER=actor"],
        ),
        "imported 1 document (3 spans) into . as carol\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("samples/conll-2003-1.txt")).unwrap(),
        "“Kyiv” said 😀\nحمص fell Putin"
    );
    assert_eq!(
        spans(dir.path(), "conll-2003-1"),
        owned(&[(0, 6, "location"), (14, 17, "location"), (23, 28, "actor")])
    );
}

#[test]
fn brat_labels_are_renamed_by_a_map_file() {
    let dir = bundled_corpus_copy();
    crate::copy_dir(
        &repo().join("tests/fixtures/import/brat"),
        &dir.path().join("brat"),
    );
    let map = repo().join("tests/fixtures/import/brat-labels.txt");
    let output = spantag()
        .args(["import", "--from", "brat", "brat", "--annotator", "carol"])
        .args(["--label-map", map.to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "imported 1 document (3 spans) into . as carol\n");
    assert_eq!(
        spans(dir.path(), "kyiv"),
        owned(&[(4, 12, "actor"), (28, 32, "location"), (53, 56, "location")])
    );
}

#[test]
fn an_import_that_skips_every_line_exits_1() {
    let dir = bundled_corpus_copy();
    fs::write(
        dir.path().join("rejected.jsonl"),
        "{\"text\": \"“حمص” 😀\", \"spans\": [], \"answer\": \"reject\"}\r\n",
    )
    .unwrap();
    let output = spantag()
        .args([
            "import",
            "--from",
            "jsonl",
            "rejected.jsonl",
            "--annotator",
            "carol",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout,
        "imported 0 documents (0 spans) into . as carol\n\
         skipped 1 line answered \"reject\" (choose with --answers)\n\
         nothing was imported: every line was skipped\n"
    );
}

#[test]
fn a_layout_of_the_other_json_format_names_its_flag() {
    let dir = bundled_corpus_copy();
    let (code, out) = import(dir.path(), "jsonl", "doccano-labels.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "doccano-labels.jsonl:1:1: error: key \"labels\" holds data spantag does not read; nothing under it would be imported (read it with --from doccano, or pass --ignore-key labels to import the rest)\nnothing was imported: fix the input and run again\n"
    );
    let (code, out) = import(dir.path(), "doccano", "prodigy.jsonl", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("prodigy.jsonl:1:1: error: key \"spans\" holds data spantag does not read; nothing under it would be imported (read it with --from jsonl, or pass --ignore-key spans to import the rest)\n"),
        "{out}"
    );
}
