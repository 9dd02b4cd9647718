//! Walking a corpus that holds links and things that are not files (issue 11, item 9):
//! a link back up is read once, a link out of the corpus and a FIFO are skipped with a
//! warning, never followed or opened, and no write goes through a linked folder that
//! leads out of the corpus. Every command runs as a child with a deadline, so a hang
//! fails the test instead of stalling the run.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use spantag::io::store::{Corpus, SaveError, save_annotation};
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, now};

/// Runs `spantag args…` in `dir`; kills it and fails if it runs past 20 seconds. A
/// watchdog thread waits for the run to end (no polling, no sleep) and kills the child
/// when the deadline passes first.
fn run_with_deadline(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(assert_cmd::cargo::cargo_bin!("spantag"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (finished, ended) = mpsc::channel::<()>();
    let watchdog = thread::spawn(move || {
        let hung = matches!(
            ended.recv_timeout(Duration::from_secs(20)),
            Err(mpsc::RecvTimeoutError::Timeout)
        );
        if hung {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
        hung
    });
    let output = child.wait_with_output().unwrap();
    let _ = finished.send(());
    assert!(
        !watchdog.join().unwrap(),
        "spantag {args:?} hung: killed after 20 s"
    );
    output
}

fn text(output: &[u8]) -> String {
    String::from_utf8(output.to_vec()).unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A corpus with one text, `samples/homs.txt`, and alice's annotation of it.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new(dir.path());
    fs::create_dir_all(corpus.samples_dir()).unwrap();
    let text = "“Rebels” near Homs 😀 قصف.\r\n";
    fs::write(corpus.samples_dir().join("homs.txt"), text).unwrap();
    let doc = Document::new(DocId::new("homs").unwrap(), "samples/homs.txt", text);
    let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
    a.insert(Span::new(14, 18, "location")).unwrap();
    save_annotation(&corpus.annotation_path(a.document.id(), &a.annotator), &a).unwrap();
    dir
}

/// `validate` in `dir` checks the corpus's one file, finds it valid and exits 0, and
/// says only `warning` on stderr: what it skipped and why.
fn validate_skips(dir: &Path, warning: &str) {
    let output = run_with_deadline(dir, &["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "checked 1 file: 1 valid, 0 invalid (0 errors, 0 warnings)\n"
    );
    assert_eq!(text(&output.stderr), warning);
}

#[test]
fn a_link_back_up_is_walked_once_and_said() {
    let dir = corpus();
    symlink("..", dir.path().join("annotations/homs/up")).unwrap();
    validate_skips(
        dir.path(),
        "annotations/homs/up: warning: skipped: a link to a folder that contains it (a loop)\n",
    );
    // stats lists the corpus itself, one folder deep: one file, one span.
    let output = run_with_deadline(dir.path(), &["stats", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["spans"], 1, "{stats}");
}

#[test]
fn a_link_out_of_the_corpus_is_skipped_with_a_warning() {
    let dir = corpus();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir(outside.path().join("elsewhere")).unwrap();
    fs::copy(
        dir.path().join("annotations/homs/alice.ron"),
        outside.path().join("elsewhere/alice.ron"),
    )
    .unwrap();
    symlink(
        outside.path().join("elsewhere"),
        dir.path().join("annotations/other"),
    )
    .unwrap();
    validate_skips(
        dir.path(),
        &format!(
            "annotations/other: warning: skipped: a link to {}, outside the corpus\n",
            fs::canonicalize(outside.path().join("elsewhere"))
                .unwrap()
                .display()
        ),
    );
}

#[test]
fn a_fifo_named_ron_is_skipped_with_a_warning_not_opened() {
    let dir = corpus();
    mkfifo(&dir.path().join("annotations/homs/bob.ron"));
    validate_skips(
        dir.path(),
        "annotations/homs/bob.ron: warning: skipped: a FIFO (named pipe), not a regular file\n",
    );
    // Named on its own, it is refused, not read.
    let output = run_with_deadline(dir.path(), &["validate", "annotations/homs/bob.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "annotations/homs/bob.ron: error: a FIFO (named pipe), not a regular file\nchecked 1 file: 0 valid, 1 invalid (1 error, 0 warnings)\n"
    );
    let output = run_with_deadline(dir.path(), &["stats"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("bob.ron: warning: skipped: a FIFO"));
}

#[test]
fn a_fifo_as_import_input_or_brat_text_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("in.jsonl"));
    let output = run_with_deadline(
        dir.path(),
        &[
            "import",
            "--from",
            "jsonl",
            "in.jsonl",
            "--annotator",
            "carol",
            "--into",
            "c",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "in.jsonl: error: a FIFO (named pipe), not a regular file\nnothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("c/samples").exists());
    // A brat folder with a FIFO for a .txt and another for an .ann: named, not read.
    let brat = dir.path().join("brat");
    fs::create_dir(&brat).unwrap();
    fs::write(brat.join("homs.txt"), "Rebels near “Homs”.\n").unwrap();
    fs::write(brat.join("homs.ann"), "T1\tlocation 13 17\tHoms\n").unwrap();
    fs::write(brat.join("idlib.ann"), "T1\tlocation 0 5\tIdlib\n").unwrap();
    mkfifo(&brat.join("idlib.txt"));
    mkfifo(&brat.join("pipe.ann"));
    let output = run_with_deadline(
        dir.path(),
        &[
            "import",
            "--from",
            "brat",
            "brat",
            "--annotator",
            "carol",
            "--into",
            "c",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "brat/pipe.ann: warning: skipped: a FIFO (named pipe), not a regular file\n\
         brat/idlib.txt: error: a FIFO (named pipe), not a regular file\n\
         nothing was imported: fix the input and run again\n"
    );
    assert!(!dir.path().join("c/samples").exists());
}

#[test]
fn no_write_goes_through_a_linked_folder_out_of_the_corpus() {
    let dir = corpus();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), dir.path().join("annotations/idlib")).unwrap();
    let text = "Idlib floods 😀";
    let doc = Document::new(DocId::new("idlib").unwrap(), "samples/idlib.txt", text);
    let a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
    let path = dir.path().join("annotations/idlib/alice.ron");
    let error = save_annotation(&path, &a).unwrap_err();
    assert!(
        matches!(error, SaveError::OutsideCorpus { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "will not save {}: annotations/idlib is a link to {}, outside the corpus",
            path.display(),
            fs::canonicalize(outside.path()).unwrap().display()
        )
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    // A linked folder that stays inside the corpus is written through.
    fs::remove_file(dir.path().join("annotations/idlib")).unwrap();
    fs::create_dir(dir.path().join("kept")).unwrap();
    symlink(
        dir.path().join("kept"),
        dir.path().join("annotations/idlib"),
    )
    .unwrap();
    save_annotation(&path, &a).unwrap();
    assert!(dir.path().join("kept/alice.ron").is_file());
}

#[test]
fn import_writes_no_annotation_through_a_linked_folder_out_of_the_corpus() {
    let dir = corpus();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), dir.path().join("annotations/aleppo")).unwrap();
    fs::write(
        dir.path().join("in.jsonl"),
        "{\"id\": \"aleppo\", \"text\": \"قصف حلب\", \"label\": [[4, 7, \"location\"]]}\n",
    )
    .unwrap();
    let output = run_with_deadline(
        dir.path(),
        &[
            "import",
            "--from",
            "doccano",
            "in.jsonl",
            "--annotator",
            "alice",
        ],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("annotations/aleppo is a link to") && err.contains("outside the corpus"),
        "{err}"
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}
