//! The library's job entry points (`spantag::jobs`), the ones the CLI and the window
//! both call: their reports and their refusals, on temp corpora.

use std::fs;
use std::path::Path;

use spantag::io::export::{ExportOptions, Format, Which};
use spantag::io::import::{ImportError, ImportFormat, ImportOptions};
use spantag::io::ron_format::to_ron;
use spantag::io::store::Corpus;
use spantag::jobs::CorpusError;
use spantag::jobs::agree::AgreeOutcome;
use spantag::jobs::export::{ExportJobError, Skip};
use spantag::jobs::import::ImportJobError;
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, Status, now};

/// Curly quotes, an emoji, Arabic and CRLF. minister 4..12, Kyiv 28..32, حمص 64..67,
/// NATO 75..79, Brussels 87..95 (code points).
pub const TEXT: &str = "The minister’s office said “Kyiv” was shelled 😀. قال المتحدث إن حمص سقطت.\r\nNATO met in Brussels.";

/// An annotation of [`TEXT`] as document `doc` by `who`.
pub fn annotation(doc: &str, who: &str, spans: &[(usize, usize, &str)]) -> Annotation {
    let document = Document::new(DocId::new(doc).unwrap(), format!("samples/{doc}.txt"), TEXT);
    let mut a = Annotation::new(document, AnnotatorName::new(who).unwrap(), now());
    for &(s, e, l) in spans {
        a.insert(Span::new(s, e, l)).unwrap();
    }
    a.status = Status::Done;
    a
}

/// Writes `a` where a corpus at `root` keeps it.
pub fn put(root: &Path, a: &Annotation) {
    let corpus = Corpus::new(root);
    let path = corpus.annotation_path(a.document.id(), &a.annotator);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, to_ron(a)).unwrap();
    fs::create_dir_all(corpus.samples_dir()).unwrap();
    fs::write(
        corpus
            .samples_dir()
            .join(format!("{}.txt", a.document.id())),
        TEXT,
    )
    .unwrap();
}

/// A corpus with `kyiv` annotated by alice and bob, and `homs` by alice only.
fn two_documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    put(
        dir.path(),
        &annotation("kyiv", "alice", &[(4, 12, "actor"), (28, 32, "location")]),
    );
    put(
        dir.path(),
        &annotation("kyiv", "bob", &[(4, 12, "actor"), (64, 67, "location")]),
    );
    put(
        dir.path(),
        &annotation("homs", "alice", &[(64, 67, "location"), (75, 79, "actor")]),
    );
    dir
}

fn break_schema(root: &Path) -> std::path::PathBuf {
    let path = root.join("spantag.ron");
    fs::write(&path, "(labels: [])\n").unwrap();
    path
}

/// The message a broken schema gives, whichever job meets it.
fn schema_message(path: &Path) -> String {
    format!("{}: error: the schema defines no labels", path.display())
}

#[test]
fn export_refuses_a_broken_schema_and_writes_nothing() {
    let dir = two_documents();
    let schema = break_schema(dir.path());
    let out = dir.path().join("out.jsonl");
    let mut calls = 0;
    let err = spantag::jobs::export::run(
        &Corpus::new(dir.path()),
        &ExportOptions::new(Format::Jsonl),
        &out,
        &mut |_, _| calls += 1,
    )
    .unwrap_err();
    let ExportJobError::Corpus(CorpusError::Schema(e)) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(e.diagnostics[0].file, schema);
    assert_eq!(err.to_string(), schema_message(&schema));
    assert!(!out.exists());
    assert_eq!(calls, 0);
}

#[test]
fn import_and_agree_refuse_a_broken_schema_too() {
    let dir = two_documents();
    let schema = break_schema(dir.path());
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"id\": \"new\", \"text\": \"Homs 😀 حمص\", \"spans\": [{\"start\": 7, \"end\": 10, \"label\": \"location\"}]}\n",
    )
    .unwrap();
    let options = ImportOptions::new(ImportFormat::Jsonl);
    let corpus = Corpus::new(dir.path());
    let err = spantag::jobs::import::run(
        &corpus,
        &input,
        &options,
        &AnnotatorName::new("carol").unwrap(),
        Status::InProgress,
        false,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ImportJobError::Corpus(CorpusError::Schema(_))),
        "{err:?}"
    );
    assert_eq!(err.to_string(), schema_message(&schema));
    assert!(!dir.path().join("annotations/new").exists());
    assert!(!dir.path().join("samples/new.txt").exists());

    let err = spantag::jobs::agree::run(&corpus).unwrap_err();
    assert!(matches!(&err, CorpusError::Schema(_)), "{err:?}");
    assert_eq!(err.to_string(), schema_message(&schema));
}

#[test]
fn export_needs_a_corpus_folder_with_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let missing = dir.path().join("missing");
    let run = |root: &Path| {
        spantag::jobs::export::run(
            &Corpus::new(root),
            &ExportOptions::new(Format::Jsonl),
            &out,
            &mut |_, _| {},
        )
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        run(&missing),
        format!("{}: no such folder", missing.display())
    );
    assert_eq!(
        run(dir.path()),
        format!(
            "{}: no annotations/ folder; give the corpus folder",
            dir.path().display()
        )
    );
}

#[test]
fn export_reports_the_total_first_then_documents_done() {
    let dir = two_documents();
    let out = dir.path().join("out.jsonl");
    let mut calls = Vec::new();
    let outcome = spantag::jobs::export::run(
        &Corpus::new(dir.path()),
        &ExportOptions::new(Format::Jsonl),
        &out,
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    // homs has one annotator; kyiv has two and no gold.
    assert_eq!(calls, [(0, 1), (1, 1)]);
    assert_eq!(outcome.written.documents, 1);
    assert_eq!(
        outcome.skipped,
        [Skip::SeveralAnnotators {
            doc: "kyiv".into(),
            annotators: vec!["alice".into(), "bob".into()],
        }]
    );
    assert!(outcome.unreadable.is_empty());
    assert!(outcome.succeeded());
    assert_eq!(
        outcome.lines(),
        [
            format!("exported 1 document (2 spans) to {}", out.display()),
            "  actor             1".to_owned(),
            "  location          1".to_owned(),
            "skipped 1:".to_owned(),
            "  kyiv: 2 annotators (alice, bob) and no gold file; adjudicate it, or export one annotator with --annotator NAME".to_owned(),
        ]
    );
    let line = fs::read_to_string(&out).unwrap();
    assert!(line.contains("قال المتحدث إن حمص سقطت"), "{line}");
}

/// A text of only white space (a sample file of tabs) has nothing to train on, and
/// `import` refuses it: the export leaves it out and says so, so that what it writes
/// can be read back (found by the text_pipeline fuzz target).
#[test]
fn export_leaves_out_a_document_whose_text_is_only_white_space() {
    let dir = two_documents();
    let blank = "\t\t \r\n\u{a0}";
    let document = Document::new(DocId::new("blank").unwrap(), "samples/blank.txt", blank);
    let a = Annotation::new(document, AnnotatorName::new("alice").unwrap(), now());
    let path = Corpus::new(dir.path()).annotation_path(a.document.id(), &a.annotator);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, to_ron(&a)).unwrap();
    fs::write(dir.path().join("samples/blank.txt"), blank).unwrap();
    let out = dir.path().join("out.jsonl");
    let outcome = spantag::jobs::export::run(
        &Corpus::new(dir.path()),
        &ExportOptions::new(Format::Jsonl),
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(outcome.written.documents, 1);
    assert_eq!(
        outcome.skipped[0].to_string(),
        "blank: its text is only white space (6 characters); there is nothing to export"
    );
    let import = spantag::io::import::ImportOptions::new(spantag::io::import::ImportFormat::Jsonl);
    let read = spantag::io::import::jsonl::parse(&out, &fs::read_to_string(&out).unwrap(), &import);
    assert_eq!(read.unwrap().documents.len(), 1);
}

#[test]
fn an_export_that_writes_no_document_fails_writes_no_file_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut homs = annotation("homs", "alice", &[(64, 67, "location")]);
    homs.status = Status::InProgress;
    put(dir.path(), &homs);
    let out = dir.path().join("out.jsonl");
    let export = |options: &ExportOptions| {
        spantag::jobs::export::run(&Corpus::new(dir.path()), options, &out, &mut |_, _| {}).unwrap()
    };
    let first = format!("exported 0 documents; {} was not written", out.display());

    let zed = ExportOptions {
        which: Which::Annotator(AnnotatorName::new("zed").unwrap()),
        ..ExportOptions::new(Format::Jsonl)
    };
    let outcome = export(&zed);
    assert!(!outcome.succeeded());
    assert_eq!(
        outcome.lines(),
        [
            first.clone(),
            "nothing was exported: no annotation files matched".to_owned()
        ]
    );

    let done_only = ExportOptions {
        done_only: true,
        ..ExportOptions::new(Format::Jsonl)
    };
    let outcome = export(&done_only);
    assert!(!outcome.succeeded());
    let homs_file = dir.path().join("annotations/homs/alice.ron");
    assert_eq!(
        outcome.lines(),
        [
            first.clone(),
            "skipped 1:".to_owned(),
            format!("  homs: not marked done ({})", homs_file.display()),
            "nothing was exported: 1 document is not marked done (--done-only left it out)"
                .to_owned(),
        ]
    );

    fs::write(&homs_file, "(format: \"spantag/1\"").unwrap();
    let outcome = export(&ExportOptions::new(Format::Jsonl));
    assert!(!outcome.succeeded());
    assert_eq!(
        outcome.lines(),
        [
            first,
            "1 file could not be read:".to_owned(),
            format!("  {}", outcome.unreadable[0]),
            "nothing was exported: 1 file could not be read".to_owned(),
        ]
    );
    assert!(!out.exists());
}

#[test]
fn one_undecided_place_is_one_place() {
    let skip = Skip::GoldIncomplete {
        doc: "kyiv".into(),
        undecided: 1,
    };
    assert_eq!(
        skip.to_string(),
        "kyiv: gold has 1 undecided place; skipped (use --gold-incomplete to export it)"
    );
}

#[test]
fn agree_reports_unreadable_files_and_compares_the_rest() {
    let dir = two_documents();
    let broken = dir.path().join("annotations/kyiv/carol.ron");
    fs::write(&broken, "(format: \"spantag/1\"").unwrap();
    let AgreeOutcome {
        corpus,
        per_document,
        unreadable,
    } = spantag::jobs::agree::run(&Corpus::new(dir.path())).unwrap();
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].diagnostics[0].file, broken);
    assert_eq!(
        unreadable[0].to_string(),
        format!(
            "{}:1:11: error: the file ends too early, as if it was cut off (Expected comma)",
            broken.display()
        )
    );
    assert_eq!(corpus.annotators, ["alice", "bob"]);
    assert_eq!(corpus.documents, 1);
    // One span in common out of two each.
    assert_eq!(corpus.pairs[0].exact.f1, 0.5);
    assert_eq!(per_document.len(), 1);
    assert_eq!(per_document[0].doc, "kyiv");
}

/// A copy of bob's file saved as `bob-old.ron` would count bob twice, and a file moved
/// to another document's folder would count under that document: both are left out and
/// told, not counted silently (before, the copy replaced bob's file or the other way
/// round, by listing order).
#[test]
fn agree_leaves_out_files_whose_place_does_not_match_their_content() {
    let dir = two_documents();
    let kyiv = dir.path().join("annotations/kyiv");
    fs::copy(kyiv.join("bob.ron"), kyiv.join("bob-old.ron")).unwrap();
    let homs = dir.path().join("annotations/homs");
    fs::copy(kyiv.join("alice.ron"), homs.join("carol.ron")).unwrap();
    let AgreeOutcome {
        corpus, unreadable, ..
    } = spantag::jobs::agree::run(&Corpus::new(dir.path())).unwrap();
    let messages: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            format!(
                "{}: error: its document id is \"kyiv\" but it is in folder \"homs\"; agreement leaves it out (spantag looks for it in annotations/kyiv/)",
                homs.join("carol.ron").display()
            ),
            format!(
                "{}: error: its annotator is \"bob\" but the file is named \"bob-old.ron\"; agreement leaves it out (spantag looks for bob's work in bob.ron)",
                kyiv.join("bob-old.ron").display()
            ),
        ]
    );
    assert_eq!(corpus.annotators, ["alice", "bob"]);
    assert_eq!(corpus.pairs[0].exact.f1, 0.5);
}

#[test]
fn import_reports_what_it_wrote_and_refuses_existing_files_with_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    // The span is listed twice: a warning, kept once.
    let span = "{\"start\": 9, \"end\": 12, \"label\": \"location\"}";
    fs::write(
        &input,
        format!("{{\"id\": \"new\", \"text\": \"“Homs” 😀 حمص\", \"spans\": [{span}, {span}]}}\n"),
    )
    .unwrap();
    let options = ImportOptions::new(ImportFormat::Jsonl);
    let corpus = Corpus::new(dir.path().join("corpus"));
    let carol = AnnotatorName::new("carol").unwrap();
    let run = || spantag::jobs::import::run(&corpus, &input, &options, &carol, Status::Done, false);
    let outcome = run().unwrap();
    assert_eq!((outcome.imported.documents, outcome.imported.spans), (1, 1));
    assert_eq!(outcome.warnings.len(), 1);
    let warning = outcome.warnings[0].to_string();
    assert_eq!(
        outcome.lines(),
        [
            warning.clone(),
            format!(
                "imported 1 document (1 span) into {} as carol",
                corpus.root().display()
            ),
        ]
    );
    // The same import again: already there, nothing written, still a success.
    let again = run().unwrap();
    assert_eq!(
        (again.imported.documents, again.imported.already_there),
        (0, 1)
    );
    assert!(again.succeeded());
    assert_eq!(
        again.lines(),
        [
            warning.clone(),
            format!(
                "the document is already in {} as carol: nothing to import",
                corpus.root().display()
            ),
        ]
    );
    // Imported otherwise (in progress, not done): the file differs and is kept.
    let err =
        spantag::jobs::import::run(&corpus, &input, &options, &carol, Status::InProgress, false)
            .unwrap_err();
    let ImportJobError::Import {
        error: ImportError::Exists(paths),
        warnings,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        paths,
        &[corpus.annotation_path(&DocId::new("new").unwrap(), &carol)]
    );
    assert_eq!(warnings[0].to_string(), warning);

    let err = spantag::jobs::import::run(
        &corpus,
        &dir.path().join("missing.jsonl"),
        &options,
        &carol,
        Status::Done,
        false,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no such file or folder",
            dir.path().join("missing.jsonl").display()
        )
    );
}

#[test]
fn the_cli_refuses_a_broken_schema_for_export_import_and_agree_alike() {
    let dir = two_documents();
    break_schema(dir.path());
    fs::write(
        dir.path().join("in.jsonl"),
        "{\"id\": \"new\", \"text\": \"حمص\", \"spans\": []}\n",
    )
    .unwrap();
    for args in [
        &["export", "--format", "jsonl", "--out", "out.jsonl"][..],
        &[
            "import",
            "--from",
            "jsonl",
            "in.jsonl",
            "--annotator",
            "carol",
        ],
        &["agree"],
    ] {
        let output = crate::spantag()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            "spantag: error: ./spantag.ron: error: the schema defines no labels\n",
            "{args:?}"
        );
        assert!(String::from_utf8(output.stdout).unwrap().is_empty());
    }
    assert!(!dir.path().join("out.jsonl").exists());
    assert!(!dir.path().join("annotations/new").exists());
}
