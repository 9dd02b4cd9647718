//! `spantag import` against hostile input (issue 11, items 5, 7 and 8): every kind of
//! line end, inputs that yield nothing, empty texts, malformed tags, names that cannot
//! be files everywhere, and an interrupted import run again.

use std::fs;
use std::path::Path;

use crate::spantag;

/// Writes `src` to `<dir>/<name>`, runs `spantag import --from FORMAT NAME --into c
/// ARGS` in `dir`; gives the exit code and standard output followed by standard error.
fn import(dir: &Path, name: &str, src: &[u8], format: &str, args: &[&str]) -> (i32, String) {
    fs::write(dir.join(name), src).unwrap();
    let output = spantag()
        .args(["import", "--from", format, name, "--into", "c"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), format!("{stdout}{stderr}"))
}

/// The text of `c/samples/<doc>.txt` and alice's spans on it as (start, end, label).
fn document(dir: &Path, doc: &str) -> (String, Vec<(usize, usize, String)>) {
    let text = fs::read_to_string(dir.join(format!("c/samples/{doc}.txt"))).unwrap();
    let loaded = spantag::io::ron_format::read_annotation(
        &dir.join(format!("c/annotations/{doc}/alice.ron")),
        &spantag::model::Schema::default(),
    )
    .unwrap();
    let spans = loaded
        .annotation
        .spans()
        .iter()
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect();
    (text, spans)
}

fn owned(spans: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
    spans
        .iter()
        .map(|&(s, e, l)| (s, e, l.to_owned()))
        .collect()
}

/// The names of the files in `dir`, sorted; none when it does not exist.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

const ALICE: &[&str] = &["--annotator", "alice"];

#[test]
fn cr_only_conll_gives_one_document_with_two_spans() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = import(
        dir.path(),
        "cr2.conll",
        b"Rebels B-actor\rin O\rHoms B-location\r\r",
        "conll",
        ALICE,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "imported 1 document (2 spans) into c as alice\n");
    assert_eq!(
        document(dir.path(), "cr2-1"),
        (
            "Rebels in Homs".to_owned(),
            owned(&[(0, 6, "actor"), (10, 14, "location")])
        )
    );
}

#[test]
fn cr_only_conll_with_docstart_gives_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let src = "-DOCSTART- -X- O O\r\r“Rebels” B-actor\rseized O\r\rHoms B-location\r\r\
               -DOCSTART- -X- O O\r\rقصف O\rحمص B-location\r😀 O\r";
    let (code, out) = import(dir.path(), "cr.conll", src.as_bytes(), "conll", ALICE);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "imported 2 documents (3 spans) into c as alice\n");
    assert_eq!(
        document(dir.path(), "cr-1"),
        (
            "“Rebels” seized\nHoms".to_owned(),
            owned(&[(0, 8, "actor"), (16, 20, "location")])
        )
    );
    assert_eq!(
        document(dir.path(), "cr-2"),
        ("قصف حمص 😀".to_owned(), owned(&[(4, 7, "location")]))
    );
}

#[test]
fn a_bad_tag_in_a_cr_only_file_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = import(
        dir.path(),
        "cr.conll",
        b"Rebels B-actor\r\rin O\rHoms I-location\r",
        "conll",
        ALICE,
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "cr.conll:4:1: error: I-location after O: an entity must start with B-\n\
         nothing was imported: fix the input and run again\n"
    );
}

#[test]
fn cr_only_doccano_brat_and_label_maps_are_read_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = "{\"id\": \"kyiv\", \"text\": \"“Kyiv” 😀\", \"label\": [[1, 5, \"GPE\"]]}\r\
                 {\"id\": \"homs\", \"text\": \"قصف حمص\", \"label\": [[4, 7, \"GPE\"]]}\r";
    fs::write(dir.path().join("map.txt"), "GPE=location\rPER=actor\r").unwrap();
    let (code, out) = import(
        dir.path(),
        "d.jsonl",
        jsonl.as_bytes(),
        "doccano",
        &["--annotator", "alice", "--label-map", "map.txt"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "imported 2 documents (2 spans) into c as alice\n");
    assert_eq!(
        document(dir.path(), "homs"),
        ("قصف حمص".to_owned(), owned(&[(4, 7, "location")]))
    );

    // brat: a CR-only .ann with a note line between two spans; the text keeps its CRs.
    let brat = dir.path().join("brat");
    fs::create_dir(&brat).unwrap();
    fs::write(brat.join("news.txt"), "“Kyiv”\rHoms 😀\r").unwrap();
    fs::write(
        brat.join("news.ann"),
        "T1\tlocation 1 5\tKyiv\r#1\tAnnotatorNotes T1\tcapital\rT2\tlocation 7 11\tHoms\r",
    )
    .unwrap();
    let output = spantag()
        .args(["import", "--from", "brat", "brat", "--into", "c"])
        .args(ALICE)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.ends_with(
            "news.ann: warning: 1 notes (# lines) ignored: spantag keeps entity spans only\n\
             imported 1 document (2 spans) into c as alice\n"
        ),
        "{out}"
    );
    assert_eq!(
        document(dir.path(), "news"),
        (
            "“Kyiv”\rHoms 😀\r".to_owned(),
            owned(&[(1, 5, "location"), (7, 11, "location")])
        )
    );
}

#[test]
fn an_import_that_imports_nothing_exits_1_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str, &str)] = &[
        (
            "docstart.conll",
            b"-DOCSTART- -X- O O\r\r",
            "conll",
            "docstart.conll: error: no documents in the input: it holds no tokens\n",
        ),
        (
            "blank.conll",
            b"\n\r\n  \n",
            "conll",
            "blank.conll: error: no documents in the input: it holds no tokens\n",
        ),
        (
            "blank.jsonl",
            b"\r\n\r\n",
            "doccano",
            "blank.jsonl: error: no documents in the input: it holds no lines\n",
        ),
        (
            "empty.conll",
            b"",
            "conll",
            "empty.conll: error: file is empty (0 bytes)\n",
        ),
    ];
    for (name, src, format, expected) in cases {
        let (code, out) = import(dir.path(), name, src, format, ALICE);
        assert_eq!(code, 1, "{name}: {out}");
        assert_eq!(
            out,
            format!("{expected}nothing was imported: fix the input and run again\n"),
            "{name}"
        );
    }
    // Every line skipped for its Prodigy answer.
    let (code, out) = import(
        dir.path(),
        "rejected.jsonl",
        "{\"text\": \"Homs\", \"answer\": \"reject\"}\r{\"text\": \"حمص\", \"answer\": \"ignore\"}\r"
            .as_bytes(),
        "jsonl",
        ALICE,
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "imported 0 documents (0 spans) into c as alice\n\
         skipped 1 line answered \"ignore\" (choose with --answers)\n\
         skipped 1 line answered \"reject\" (choose with --answers)\n\
         nothing was imported: every line was skipped\n"
    );
    assert_eq!(names(&dir.path().join("c/samples")), Vec::<String>::new());
}

#[test]
fn empty_and_blank_texts_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = "{\"id\": \"kyiv\", \"text\": \"“Kyiv” 😀\", \"label\": []}\n\
               {\"text\": \"\", \"label\": []}\n\
               {\"id\": \"blank\", \"text\": \" \\r\\n\\t\", \"label\": []}\n";
    let (code, out) = import(dir.path(), "e.jsonl", src.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "e.jsonl:2:1: error: the text is empty: a document needs at least one character that is not white space\n\
         e.jsonl:3:1: error: the text is only white space (4 characters): a document needs at least one character that is not white space\n\
         nothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("c/samples").exists());

    // A brat text of white space only (an empty one is refused as an empty file).
    let brat = dir.path().join("brat");
    fs::create_dir(&brat).unwrap();
    fs::write(brat.join("blank.txt"), "\r\n \r\n").unwrap();
    fs::write(brat.join("blank.ann"), "").unwrap();
    let output = spantag()
        .args(["import", "--from", "brat", "brat", "--into", "c"])
        .args(ALICE)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.ends_with(
            "blank.txt: error: the text is only white space (5 characters): a document needs at least one character that is not white space\n\
             nothing was imported: fix the input and run again\n"
        ),
        "{out}"
    );
}

#[test]
fn malformed_conll_tags_are_refused_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("O-actor", "tag \"O-actor\": O takes no label"),
        ("O-", "tag \"O-\": O takes no label"),
        ("B-", "tag \"B-\" has no label"),
        ("I-", "tag \"I-\" has no label"),
        (
            "X-actor",
            "prefix \"X\" in \"X-actor\" is not part of this scheme",
        ),
        (
            "-actor",
            "prefix \"\" in \"-actor\" is not part of this scheme",
        ),
        ("actor", "tag \"actor\" is neither O nor PREFIX-label"),
    ];
    for (tag, message) in cases {
        let src = format!("“Rebels” B-actor\r\nin O\r\nحمص {tag}\r\n");
        let (code, out) = import(dir.path(), "t.conll", src.as_bytes(), "conll", ALICE);
        assert_eq!(code, 1, "{tag}: {out}");
        assert_eq!(
            out,
            format!(
                "t.conll:3:1: error: {message}\nnothing was imported: fix the input and run again\n"
            ),
            "{tag}"
        );
    }
    assert!(!dir.path().join("c").exists());
}

#[test]
fn reserved_and_option_like_annotator_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--annotator", "CON"],
            "annotator name \"CON\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there",
        ),
        (
            &["--annotator", "aux.txt"],
            "annotator name \"aux.txt\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there",
        ),
        (
            &["--annotator", "lpt9"],
            "annotator name \"lpt9\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there",
        ),
        (
            &["--annotator=-rf"],
            "annotator name \"-rf\" starts with '-', which commands would read as an option",
        ),
        (
            &["--annotator", "-rf"],
            "annotator name \"-rf\" starts with '-', which commands would read as an option",
        ),
    ];
    for (args, message) in cases {
        let (code, out) = import(dir.path(), "t.conll", b"Homs B-location\n", "conll", args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert_eq!(
            out,
            format!("spantag: error: --annotator: {message}\n"),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("c").exists());
    // COM10 and CONSOLE are ordinary names.
    let (code, out) = import(
        dir.path(),
        "t.conll",
        b"Homs B-location\n",
        "conll",
        &["--annotator", "COM10"],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn reserved_ids_in_the_data_are_refused_and_ids_from_file_names_adjusted() {
    let dir = tempfile::tempdir().unwrap();
    let src = "{\"id\": \"nul\", \"text\": \"Homs\", \"label\": []}\n\
               {\"id\": \"-rf\", \"text\": \"حمص\", \"label\": []}\n";
    let (code, out) = import(dir.path(), "d.jsonl", src.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "d.jsonl:1:1: error: document id \"nul\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there; add --sanitize-ids to import it as \"doc-nul\"\n\
         d.jsonl:2:1: error: document id \"-rf\" starts with '-', which commands would read as an option; add --sanitize-ids to import it as \"doc-rf\"\n\
         nothing was imported: fix the input and run again\n"
    );
    let (code, out) = import(
        dir.path(),
        "d.jsonl",
        src.as_bytes(),
        "doccano",
        &["--annotator", "alice", "--sanitize-ids"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        names(&dir.path().join("c/samples")),
        ["doc-nul.txt", "doc-rf.txt"]
    );

    // brat files named CON and -rf: the ids are adjusted, never refused.
    let brat = dir.path().join("brat");
    fs::create_dir(&brat).unwrap();
    for stem in ["CON", "-rf", "Aux.final"] {
        fs::write(brat.join(format!("{stem}.txt")), "“Homs” 😀").unwrap();
        fs::write(brat.join(format!("{stem}.ann")), "T1\tlocation 1 5\tHoms\n").unwrap();
    }
    let output = spantag()
        .args(["import", "--from", "brat", "brat", "--into", "b"])
        .args(ALICE)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert_eq!(
        names(&dir.path().join("b/samples")),
        ["doc-Aux.final.txt", "doc-CON.txt", "doc-rf.txt"]
    );
}

#[test]
fn texts_named_con_or_dash_in_samples_become_usable_documents() {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples");
    fs::create_dir(&samples).unwrap();
    for stem in ["CON", "-rf", "doc-rf"] {
        fs::write(samples.join(format!("{stem}.txt")), "“Homs” 😀").unwrap();
    }
    let corpus = spantag::io::store::Corpus::new(dir.path());
    let texts: Vec<(String, String)> = corpus
        .texts()
        .unwrap()
        .into_iter()
        .map(|t| {
            let name = t.path.file_name().unwrap().to_string_lossy().into_owned();
            (t.id.to_string(), name)
        })
        .collect();
    // The file really named doc-rf keeps its id; -rf, which maps to it, gets -2.
    assert_eq!(
        texts,
        [
            ("doc-CON".to_owned(), "CON.txt".to_owned()),
            ("doc-rf".to_owned(), "doc-rf.txt".to_owned()),
            ("doc-rf-2".to_owned(), "-rf.txt".to_owned()),
        ]
    );
}

#[test]
fn validate_reports_annotation_files_with_reserved_names() {
    use spantag::model::{Annotation, AnnotatorName, DocId, Document, now};
    let dir = tempfile::tempdir().unwrap();
    // Written as an older spantag would have: names valid then.
    let doc = Document::new(DocId::new("kyiv").unwrap(), "samples/kyiv.txt", "“Kyiv” 😀");
    let ron = spantag::io::ron_format::to_ron(&Annotation::new(
        doc,
        AnnotatorName::new("alice").unwrap(),
        now(),
    ));
    let folder = dir.path().join("annotations/kyiv");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("CON.ron"), ron.replace("\"alice\"", "\"CON\"")).unwrap();
    fs::write(folder.join("alice.ron"), ron.replace("\"kyiv\"", "\"-rf\"")).unwrap();
    // Valid content in a place that is not: a device name as file or folder name.
    fs::write(folder.join("NUL.ron"), &ron).unwrap();
    fs::create_dir_all(dir.path().join("annotations/com1")).unwrap();
    fs::write(dir.path().join("annotations/com1/alice.ron"), &ron).unwrap();
    fs::create_dir_all(dir.path().join("samples")).unwrap();
    fs::write(dir.path().join("samples/kyiv.txt"), "“Kyiv” 😀").unwrap();
    let output = spantag()
        .arg("validate")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{out}");
    let con = out
        .lines()
        .find(|l| l.contains("CON.ron:"))
        .unwrap_or_default();
    assert!(
        con.contains(
            "error: annotator name \"CON\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there"
        ),
        "{out}"
    );
    let dash = out
        .lines()
        .find(|l| l.contains("alice.ron:4:9:"))
        .unwrap_or_default();
    assert!(
        dash.contains(
            "error: document id \"-rf\" starts with '-', which commands would read as an option"
        ),
        "{out}"
    );
    let nul = out
        .lines()
        .find(|l| l.contains("NUL.ron:"))
        .unwrap_or_default();
    assert!(
        nul.ends_with(
            "NUL.ron: error: this file's place is not allowed: annotator name \"NUL\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there"
        ),
        "{out}"
    );
    let com1 = out.lines().find(|l| l.contains("com1")).unwrap_or_default();
    assert!(
        com1.ends_with(
            "alice.ron: error: this file's place is not allowed: document id \"com1\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("checked 4 files: 0 valid, 4 invalid (4 errors, 3 warnings)\n"),
        "{out}"
    );
}

/// Three documents, doccano: kyiv, homs, aleppo.
const THREE: &str = "{\"id\": \"kyiv\", \"text\": \"“Kyiv” 😀\", \"label\": [[1, 5, \"location\"]]}\n\
                     {\"id\": \"homs\", \"text\": \"قصف حمص\", \"label\": [[4, 7, \"location\"]]}\r\n\
                     {\"id\": \"aleppo\", \"text\": \"Aleppo\", \"label\": [[0, 6, \"location\"]]}\n";

#[test]
fn an_interrupted_import_run_again_finishes_the_job() {
    let dir = tempfile::tempdir().unwrap();
    // The first run stopped after kyiv, and homs's text was written but not its
    // annotation: as a kill between the two writes leaves it.
    let first: String = THREE.lines().take(2).map(|l| format!("{l}\n")).collect();
    let (code, out) = import(dir.path(), "p.jsonl", first.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 0, "{out}");
    fs::remove_file(dir.path().join("c/annotations/homs/alice.ron")).unwrap();
    let kyiv_before = fs::read(dir.path().join("c/annotations/kyiv/alice.ron")).unwrap();

    let (code, out) = import(dir.path(), "p.jsonl", THREE.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "imported 2 documents (2 spans) into c as alice, 1 already there\n"
    );
    // The document already there is not rewritten (its times are kept).
    assert_eq!(
        fs::read(dir.path().join("c/annotations/kyiv/alice.ron")).unwrap(),
        kyiv_before
    );
    assert_eq!(
        document(dir.path(), "homs"),
        ("قصف حمص".to_owned(), owned(&[(4, 7, "location")]))
    );
    assert_eq!(
        document(dir.path(), "aleppo"),
        ("Aleppo".to_owned(), owned(&[(0, 6, "location")]))
    );

    // Everything there: said, and a success (the corpus is as asked).
    let (code, out) = import(dir.path(), "p.jsonl", THREE.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "all 3 documents are already in c as alice: nothing to import\n"
    );

    // Work done since on one document: a re-run refuses it, and writes nothing.
    let aleppo = dir.path().join("c/annotations/aleppo/alice.ron");
    let edited = fs::read_to_string(&aleppo)
        .unwrap()
        .replace("\"location\"", "\"actor\"");
    fs::write(&aleppo, &edited).unwrap();
    fs::remove_file(dir.path().join("c/annotations/homs/alice.ron")).unwrap();
    let (code, out) = import(dir.path(), "p.jsonl", THREE.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "{}: error: already exists\nnothing was imported: use --force to replace these files\n",
            Path::new("c/annotations/aleppo/alice.ron").display()
        )
    );
    assert_eq!(fs::read_to_string(&aleppo).unwrap(), edited);
    assert!(!dir.path().join("c/annotations/homs/alice.ron").exists());
}

#[test]
fn import_removes_temporary_files_an_interrupted_write_left_an_hour_ago() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("c/annotations/kyiv");
    fs::create_dir_all(&folder).unwrap();
    let old = folder.join(".spantag-AbC123.tmp");
    let fresh = folder.join(".spantag-XyZ789.tmp");
    for path in [&old, &fresh] {
        fs::write(path, "half a file").unwrap();
    }
    crate::make_old(&old, std::time::Duration::from_secs(2 * 3600));
    let (code, out) = import(dir.path(), "t.conll", b"Homs B-location\n", "conll", ALICE);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!(
            "removed {}: a temporary file left by an interrupted write over an hour ago\n\
             imported 1 document (1 span) into c as alice\n",
            Path::new("c/annotations/kyiv/.spantag-AbC123.tmp").display()
        )
    );
    assert!(!old.exists());
    // A write in progress (another window's) is left alone.
    assert!(fresh.exists());
}

#[test]
fn import_force_never_writes_a_file_a_window_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = import(dir.path(), "p.jsonl", THREE.as_bytes(), "doccano", ALICE);
    assert_eq!(code, 0, "{out}");
    let homs = dir.path().join("c/annotations/homs/alice.ron");
    let before = fs::read(&homs).unwrap();
    // A window (here, this test) has alice's homs open.
    let corpus = spantag::io::store::Corpus::new(dir.path().join("c"));
    let alice = spantag::model::AnnotatorName::new("alice").unwrap();
    let homs_id = spantag::model::DocId::new("homs").unwrap();
    let held = corpus.lock(&homs_id, &alice).unwrap();
    let changed = THREE.replace("\"قصف حمص\"", "\"قصف حمص اليوم\"");
    let mut args = ALICE.to_vec();
    args.push("--force");
    let (code, out) = import(dir.path(), "q.jsonl", changed.as_bytes(), "doccano", &args);
    assert_eq!(code, 1, "{out}");
    let pid = std::process::id();
    assert!(
        out.starts_with(&format!(
            "c/annotations/homs/alice.ron: error: open in a spantag window (process {pid}"
        )),
        "{out}"
    );
    assert!(
        out.ends_with("nothing was imported: close these documents in that window first\n"),
        "{out}"
    );
    assert_eq!(fs::read(&homs).unwrap(), before);
    drop(held);
    let (code, out) = import(dir.path(), "q.jsonl", changed.as_bytes(), "doccano", &args);
    assert_eq!(code, 0, "{out}");
    assert_ne!(fs::read(&homs).unwrap(), before);
}
