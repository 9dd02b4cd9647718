//! A corpus's loose ends, from the command line: files too large to read back, recovery
//! copies left beside annotation files, and annotation folders no text matches.

use std::fs;
use std::path::Path;

use crate::run_in as run;

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

use spantag::io::orphans::RelinkError;
use spantag::io::recovery::RecoveryError;
use spantag::io::ron_format::{read_annotation, to_ron};
use spantag::io::store::Corpus;
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Schema, Span};

const KYIV: &str = "“Київ” — столиця 😀.\r\nقال المتحدث.";
const ROME: &str = "Рим, “Roma”.";
const KHARKIV: &str = "Харків.";

/// A corpus with the three non-Latin file names of issue 11.
fn cities() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("samples")).unwrap();
    for (name, text) in [("Київ", KYIV), ("Рим", ROME), ("Харків", KHARKIV)] {
        fs::write(dir.path().join(format!("samples/{name}.txt")), text).unwrap();
    }
    dir
}

/// An annotation file's content: `text` as document `id` by `who`, one span [0, end).
/// An id today's rules refuse (`-`, as an older spantag made from `Київ.txt`) is written
/// as that older spantag wrote it.
fn annotation(id: &str, text: &str, who: &str, end: usize) -> String {
    const STAND_IN: &str = "stand-in";
    let valid = DocId::new(id).unwrap_or_else(|_| DocId::new(STAND_IN).unwrap());
    let doc = Document::new(valid, "samples/old.txt", text);
    let at = jiff::Timestamp::from_second(1_764_000_000).unwrap();
    let mut a = Annotation::new(doc, AnnotatorName::new(who).unwrap(), at);
    a.insert(Span::new(0, end, "location")).unwrap();
    to_ron(&a).replace(&format!("id: \"{STAND_IN}\""), &format!("id: \"{id}\""))
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn non_latin_text_names_are_three_documents_with_three_annotation_folders() {
    let dir = cities();
    let corpus = Corpus::new(dir.path());
    let ids: Vec<String> = corpus
        .texts()
        .unwrap()
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(ids, ["Kharkiv", "Kiyiv", "Rim"]);
    let stats = json(dir.path(), &["stats", "--json"]);
    assert_eq!(stats["documents"], 3);
    assert_eq!(stats["annotated_documents"], 0);
    let alice = AnnotatorName::new("alice").unwrap();
    for text in corpus.texts().unwrap() {
        let content = corpus.load_text(&text).unwrap().text().to_owned();
        let path = corpus.annotation_path(&text.id, &alice);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, annotation(text.id.as_str(), &content, "alice", 1)).unwrap();
    }
    let stats = json(dir.path(), &["stats", "--json"]);
    assert_eq!(stats["documents"], 3);
    assert_eq!(stats["annotated_documents"], 3);
    assert_eq!(stats["annotation_files"], 3);
    assert_eq!(stats.get("orphan_annotation_folders"), None);
    let mut folders: Vec<String> = fs::read_dir(dir.path().join("annotations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders, ["Kharkiv", "Kiyiv", "Rim"]);
}

/// The case: the old rule put Київ's annotations in `annotations/-/`.
fn with_old_folder() -> tempfile::TempDir {
    let dir = cities();
    let old = dir.path().join("annotations/-");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join("alice.ron"), annotation("-", KYIV, "alice", 6)).unwrap();
    fs::write(old.join("bob.ron"), annotation("-", KYIV, "bob", 4)).unwrap();
    // A folder whose files hold no current text's hash, and an empty one (not reported).
    let gone = dir.path().join("annotations/Lviv");
    fs::create_dir_all(&gone).unwrap();
    fs::write(
        gone.join("alice.ron"),
        annotation("Lviv", "Львів.", "alice", 5),
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("annotations/empty")).unwrap();
    dir
}

#[test]
fn an_orphan_folder_is_reported_with_the_text_its_files_hold() {
    let dir = with_old_folder();
    let (code, out, err) = run(dir.path(), &["validate"]);
    // The old rule's id is refused today: an error until the folder is relinked.
    assert_eq!(code, Some(1), "{err}");
    let refused =
        "error: document id \"-\" starts with '-', which commands would read as an option";
    assert_eq!(
        out,
        format!(
            "annotations/-/alice.ron:4:9: {refused}\n\
         annotations/-/bob.ron:4:9: {refused}\n\
         annotations/-: warning: annotation folder \"-\" matches no text in samples/ (2 annotation files); they annotate samples/Київ.txt (id Kiyiv): move them there with: spantag relink annotations/- Kiyiv\n\
         annotations/Lviv: warning: annotation folder \"Lviv\" matches no text in samples/ (1 annotation file); no text in samples/ has the sha256 they hold\n\
         checked 3 files: 1 valid, 2 invalid (2 errors, 2 warnings)\n"
        )
    );
    // One file given: its own error and its folder's warning only.
    let (_, out, _) = run(dir.path(), &["validate", "annotations/-/bob.ron"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        out.starts_with("annotations/-/bob.ron:4:9: error: "),
        "{out}"
    );

    // stats counts what it can and fails on the two files it cannot read.
    let (code, out, err) = run(dir.path(), &["stats", "--json"]);
    assert_eq!(code, Some(1), "{err}");
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        stats["orphan_annotation_folders"],
        serde_json::json!([
            {
                "folder": "-",
                "path": "annotations/-",
                "files": ["annotations/-/alice.ron", "annotations/-/bob.ron"],
                "relink_to": "Kiyiv",
            },
            {
                "folder": "Lviv",
                "path": "annotations/Lviv",
                "files": ["annotations/Lviv/alice.ron"],
                "relink_to": null,
            },
        ])
    );
    let (code, out, err) = run(dir.path(), &["stats"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("\norphan folders    2 (1 with a text to relink to; listed on stderr)\n"),
        "{out}"
    );
    // The two folder warnings, then the two files it cannot read.
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(
        err.starts_with("annotations/-: warning: annotation folder \"-\""),
        "{err}"
    );
}

#[test]
fn relink_moves_the_files_with_their_new_id_or_nothing_at_all() {
    let dir = with_old_folder();
    let corpus = Corpus::new(dir.path());
    let kyiv = DocId::new("Kiyiv").unwrap();
    let orphans = corpus.orphan_annotation_dirs().unwrap();
    assert_eq!(orphans.len(), 2);
    assert_eq!(orphans[0].relink_to, Some(kyiv.clone()));
    // Lviv's files annotate another text: refused, nothing moved.
    let err = corpus.relink(&orphans[1], &kyiv).unwrap_err();
    assert!(matches!(err, RelinkError::OtherText { .. }), "{err}");
    assert!(dir.path().join("annotations/Lviv/alice.ron").exists());
    // bob already has a file for Kiyiv: refused before alice's file moves.
    let bob_there = corpus.annotation_path(&kyiv, &AnnotatorName::new("bob").unwrap());
    fs::create_dir_all(bob_there.parent().unwrap()).unwrap();
    fs::write(&bob_there, annotation("Kiyiv", KYIV, "bob", 2)).unwrap();
    let err = corpus.relink(&orphans[0], &kyiv).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} already exists; move or merge it by hand, then relink again",
            bob_there.display()
        )
    );
    assert!(dir.path().join("annotations/-/alice.ron").exists());
    assert!(!dir.path().join("annotations/Kiyiv/alice.ron").exists());
    fs::remove_file(&bob_there).unwrap();

    let (code, out, err) = run(dir.path(), &["relink", "annotations/-", "Kiyiv"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "moved annotations/-/alice.ron to annotations/Kiyiv/alice.ron\n\
         moved annotations/-/bob.ron to annotations/Kiyiv/bob.ron\n"
    );
    assert!(!dir.path().join("annotations/-").exists());
    let alice = read_annotation(
        &dir.path().join("annotations/Kiyiv/alice.ron"),
        &Schema::default(),
    )
    .unwrap()
    .annotation;
    assert_eq!(alice.document.id().as_str(), "Kiyiv");
    assert_eq!(alice.document.source(), "samples/Київ.txt");
    assert_eq!(alice.document.text(), KYIV);
    assert_eq!(alice.spans(), [Span::new(0, 6, "location")]);
    let (code, out, _) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(0));
    assert!(
        out.ends_with("checked 3 files: 3 valid, 0 invalid (0 errors, 1 warning)\n"),
        "{out}"
    );
    // Relinking what is not an orphan folder is a usage error.
    let (code, _, err) = run(dir.path(), &["relink", "annotations/Kiyiv", "Rim"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "spantag: error: annotations/Kiyiv: not an annotation folder without a text (spantag validate lists them)\n"
    );
}

#[test]
fn recovery_copies_are_listed_then_restored_or_discarded() {
    let dir = cities();
    let corpus = Corpus::new(dir.path());
    let folder = dir.path().join("annotations/Rim");
    fs::create_dir_all(&folder).unwrap();
    let saved = annotation("Rim", ROME, "alice", 3);
    fs::write(folder.join("alice.ron"), &saved).unwrap();
    let newer = annotation("Rim", ROME, "alice", 4);
    fs::write(folder.join("alice.ron.unsaved-1764000000"), &newer).unwrap();
    fs::write(
        folder.join("bob.ron.unsaved-1764000060"),
        annotation("Rim", ROME, "bob", 2),
    )
    .unwrap();

    let (code, out, _) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "annotations/Rim/alice.ron.unsaved-1764000000: warning: recovery copy of annotations/Rim/alice.ron (document \"Rim\", annotator \"alice\"), written 2025-11-24T16:00:00Z when it could not be saved; open the document in the window to restore or discard it\n\
         annotations/Rim/bob.ron.unsaved-1764000060: warning: recovery copy of annotations/Rim/bob.ron (document \"Rim\", annotator \"bob\"), written 2025-11-24T16:01:00Z when it could not be saved; open the document in the window to restore or discard it\n\
         checked 1 file: 1 valid, 0 invalid (0 errors, 2 warnings)\n"
    );
    let stats = json(dir.path(), &["stats", "--json"]);
    assert_eq!(
        stats["recovery_files"][1],
        serde_json::json!({
            "path": "annotations/Rim/bob.ron.unsaved-1764000060",
            "file": "annotations/Rim/bob.ron",
            "document": "Rim",
            "annotator": "bob",
            "time": "2025-11-24T16:01:00Z",
        })
    );

    let copies = corpus.recovery_files().unwrap();
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0].annotator.as_str(), "alice");
    assert_eq!(copies[0].target, folder.join("alice.ron"));
    let stamp = corpus.restore_recovery(&copies[0]).unwrap();
    assert_eq!(fs::read_to_string(folder.join("alice.ron")).unwrap(), newer);
    assert_eq!(stamp, Some(spantag::model::sha256_hex(&newer)));
    assert!(!copies[0].path.exists());
    // bob has no file yet: the copy becomes it.
    corpus.restore_recovery(&copies[1]).unwrap();
    assert_eq!(
        fs::read_to_string(folder.join("bob.ron")).unwrap(),
        annotation("Rim", ROME, "bob", 2)
    );
    assert!(corpus.recovery_files().unwrap().is_empty());
}

#[test]
fn a_recovery_copy_of_another_text_or_a_broken_one_is_not_restored() {
    let dir = cities();
    let corpus = Corpus::new(dir.path());
    let folder = dir.path().join("annotations/Rim");
    fs::create_dir_all(&folder).unwrap();
    let saved = annotation("Rim", ROME, "alice", 3);
    fs::write(folder.join("alice.ron"), &saved).unwrap();
    let other = folder.join("alice.ron.unsaved-1764000000");
    fs::write(&other, annotation("Rim", "Рим!", "alice", 3)).unwrap();
    let broken = folder.join("alice.ron.unsaved-1764000001");
    fs::write(&broken, "(format: \"spantag/1\", docu").unwrap();
    let copies = corpus.recovery_files().unwrap();
    assert_eq!(copies.len(), 2);
    let err = corpus.restore_recovery(&copies[0]).unwrap_err();
    assert!(matches!(err, RecoveryError::OtherText { .. }), "{err}");
    let err = corpus.restore_recovery(&copies[1]).unwrap_err();
    assert!(matches!(err, RecoveryError::Unreadable(_)), "{err}");
    assert!(
        err.to_string().contains("alice.ron.unsaved-1764000001:1:"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(folder.join("alice.ron")).unwrap(), saved);
    assert!(other.exists() && broken.exists());
    // Discarding removes only the copy.
    corpus.discard_recovery(&copies[1]).unwrap();
    assert!(!broken.exists());
    assert_eq!(fs::read_to_string(folder.join("alice.ron")).unwrap(), saved);
    assert_eq!(corpus.recovery_files().unwrap(), [copies[0].clone()]);
}

#[test]
fn a_gold_recovery_copy_is_restored_as_gold() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new(dir.path());
    let fixture = crate::repo().join("tests/fixtures/gold/gold-v1.ron");
    let gold = spantag::io::gold::read_gold(&fixture).unwrap();
    fs::create_dir_all(dir.path().join("samples")).unwrap();
    fs::write(
        dir.path().join("samples/kyiv.txt"),
        gold.annotation.document.text(),
    )
    .unwrap();
    let folder = dir.path().join("annotations/kyiv");
    fs::create_dir_all(&folder).unwrap();
    let copy = spantag::io::recovery::recovery_path_at(
        &folder.join("gold.ron"),
        jiff::Timestamp::from_second(1_764_000_000).unwrap(),
    );
    let content = spantag::io::gold::to_gold_ron(&gold);
    fs::write(&copy, &content).unwrap();
    let copies = corpus.recovery_files().unwrap();
    assert_eq!(copies.len(), 1);
    assert!(copies[0].is_gold());
    corpus.restore_recovery(&copies[0]).unwrap();
    let restored = spantag::io::gold::read_gold(&folder.join("gold.ron")).unwrap();
    assert_eq!(restored.review, gold.review);
    assert_eq!(
        fs::read_to_string(folder.join("gold.ron")).unwrap(),
        content
    );
    assert!(!copy.exists());
}

#[test]
fn validate_json_lists_files_orphan_folders_and_recovery_copies() {
    let dir = with_old_folder();
    let rim = dir.path().join("annotations/Rim");
    fs::create_dir_all(&rim).unwrap();
    fs::write(rim.join("alice.ron"), "(format: \"spantag/1\"").unwrap();
    fs::write(
        rim.join("alice.ron.unsaved-1764000000"),
        annotation("Rim", ROME, "alice", 3),
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["validate", "--json"]);
    assert_eq!(code, Some(1), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["checked"], 4);
    // The two files of the old rule's `-` folder are refused until relinked.
    assert_eq!(report["valid"], 1);
    assert_eq!(report["invalid"], 3);
    assert_eq!(report["errors"], 3);
    assert_eq!(report["warnings"], 3);
    let rim_report = &report["files"][3];
    assert_eq!(rim_report["path"], "annotations/Rim/alice.ron");
    assert_eq!(rim_report["valid"], false);
    assert_eq!(rim_report["diagnostics"][0]["severity"], "error");
    assert_eq!(rim_report["diagnostics"][0]["line"], 1);
    let folders: Vec<&str> = report["orphan_annotation_folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["folder"].as_str().unwrap())
        .collect();
    assert_eq!(folders, ["-", "Lviv"]);
    assert_eq!(
        report["recovery_files"],
        serde_json::json!([{
            "path": "annotations/Rim/alice.ron.unsaved-1764000000",
            "file": "annotations/Rim/alice.ron",
            "document": "Rim",
            "annotator": "alice",
            "time": "2025-11-24T16:00:00Z",
        }])
    );
}

#[test]
fn validate_checks_a_file_s_place_when_run_inside_the_corpus_too() {
    let dir = crate::bundled_corpus_copy();
    let annotations = dir.path().join("annotations");
    fs::rename(
        annotations.join("idlib-floods-strand-aid-convoy"),
        annotations.join("idlib-x"),
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with(
            "annotations/idlib-x/alice.ron: warning: the file is in folder \"idlib-x\" but its document id is \"idlib-floods-strand-aid-convoy\"\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("checked 10 files: 10 valid, 0 invalid (0 errors, 3 warnings)\n"),
        "{out}"
    );
}
