//! The `spantag` binary run in temp folders, its output read back.

use std::fs;

use serde_json::Value;

use crate::{bundled_corpus_copy, repo, spantag};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn validate_accepts_the_bundled_corpus() {
    let corpus = bundled_corpus_copy();
    let output = spantag()
        .arg("validate")
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "checked 10 files: 10 valid, 0 invalid (0 errors, 0 warnings)\n"
    );
}

/// Each hostile file with the position and the start of the message it must produce.
const HOSTILE: &[(&str, &str)] = &[
    (
        "bad-version.ron",
        ":2:5: error: format \"spantag/9\" is not supported: this spantag reads \"spantag/1\"",
    ),
    (
        "wrong-sha.ron",
        ":6:9: error: sha256 does not match the text: the file says 0000",
    ),
    (
        "span-past-end.ron",
        ":16:9: error: span [72, 95) ends past the end of the text (81 code points)",
    ),
    (
        "span-splits-code-point.ron",
        ":16:46: error: span [67, 68) covers \"😀\" in the text but its `text` says \"\u{fffd}\"; its `text` holds U+FFFD, the mark of a code point cut in half",
    ),
    (
        "text-echo-mismatch.ron",
        ":16:49: error: span [72, 80) covers \"Brussels\" in the text but its `text` says \"Brussel\"",
    ),
    (
        "path-traversal-id.ron",
        ":4:9: error: document id \"../../etc\" starts with a dot",
    ),
    (
        "path-traversal-annotator.ron",
        ":9:5: error: annotator name \"../../../root/.ssh/alice\" starts with a dot",
    ),
    (
        "duplicate-span.ron",
        ":17:9: error: span [4, 12) \"actor\" is listed twice (first on line 14)",
    ),
    (
        "empty-span.ron",
        ":16:9: error: span [80, 72) is empty or reversed",
    ),
    (
        "truncated.ron",
        ":14:51: error: the file ends too early, as if it was cut off",
    ),
    (
        "invalid-utf8.ron",
        ":7:92: error: not valid UTF-8: byte 0xfc at byte offset 301",
    ),
    ("empty.ron", ": error: file is empty (0 bytes)"),
    (
        "not-spantag.ron",
        ":1:1: error: not a spantag annotation file: it has no `format` field",
    ),
];

#[test]
fn validate_rejects_each_hostile_file_naming_file_line_and_problem() {
    let dir = repo().join("tests/fixtures/hostile");
    let mut checked = 0;
    for (name, expected) in HOSTILE {
        let path = dir.join(name);
        let before = fs::read(&path).unwrap();
        let output = spantag().arg("validate").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stdout(&output));
        let out = stdout(&output);
        let first = out.lines().next().unwrap();
        let want = format!("{}{expected}", path.display());
        assert!(
            first.starts_with(&want),
            "{name}:\n got: {first}\nwant: {want}"
        );
        assert!(
            out.ends_with("checked 1 file: 0 valid, 1 invalid (1 error, 0 warnings)\n"),
            "{out}"
        );
        assert!(stderr(&output).is_empty(), "{name}: {}", stderr(&output));
        assert_eq!(fs::read(&path).unwrap(), before, "{name} was changed");
        checked += 1;
    }
    // Every hostile fixture is in the table.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), checked);
}

#[test]
fn validate_reports_warnings_but_accepts_the_file() {
    let path = repo().join("tests/fixtures/valid/unknown-label-and-cut-grapheme.ron");
    let output = spantag().arg("validate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<String> = stdout(&output)
        .lines()
        .map(|l| l.replace(&path.display().to_string(), "F"))
        .collect();
    assert_eq!(
        lines,
        [
            "F:15:46: warning: span [50, 53) \"ose\" cuts a user-perceived character at its end",
            "F:16:30: warning: label \"organisation\" is not in the schema (kept as it is)",
            "checked 1 file: 1 valid, 0 invalid (0 errors, 2 warnings)",
        ]
    );
}

#[test]
fn validate_counts_files_in_folders_and_fails_if_any_is_bad() {
    let corpus = bundled_corpus_copy();
    let bad = corpus.path().join("annotations/extra/carol.ron");
    fs::create_dir_all(bad.parent().unwrap()).unwrap();
    fs::copy(repo().join("tests/fixtures/hostile/wrong-sha.ron"), &bad).unwrap();
    let output = spantag()
        .args(["validate", "annotations"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.starts_with("annotations/extra/carol.ron:6:9: error: sha256 does not match"),
        "{out}"
    );
    // annotations/extra/ is the folder of no text in samples/: a warning too.
    assert!(
        out.ends_with("annotations/extra: warning: annotation folder \"extra\" matches no text in samples/ (1 annotation file); no text in samples/ has the sha256 they hold\n\
             checked 11 files: 10 valid, 1 invalid (1 error, 1 warning)\n"),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let empty = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["validate"],
            "spantag: error: there is no annotations/ folder here; give the files or folders to check\n",
        ),
        (
            &["validate", "missing"],
            "spantag: error: missing: no such file or folder\n",
        ),
        (
            &["stats", "missing"],
            "spantag: error: missing: no such file or folder\n",
        ),
    ];
    for (args, expected) in cases {
        let output = spantag()
            .args(*args)
            .current_dir(empty.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), *expected, "{args:?}");
    }
    let output = spantag().args(["validate", "--bogus"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unexpected argument '--bogus'"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["stats", "--help"],
        &["export", "--help"],
        &["import", "--help"],
        &["agree", "--help"],
        &["search", "--help"],
        &["suggest", "--help"],
    ] {
        let output = spantag().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        let out = stdout(&output);
        assert!(out.contains("Examples:\n  spantag"), "{args:?}: {out}");
    }
}

#[test]
fn stats_json_reports_the_bundled_corpus() {
    let corpus = bundled_corpus_copy();
    let output = spantag()
        .args(["stats", "--json"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["documents"], 8);
    assert_eq!(stats["annotated_documents"], 5);
    assert_eq!(stats["annotation_files"], 10);
    assert_eq!(stats["done"], 10);
    assert_eq!(stats["in_progress"], 0);
    assert_eq!(stats["spans"], 348);
    assert_eq!(stats["labels"]["actor"], 140);
    assert_eq!(stats["labels"]["location"], 154);
    assert_eq!(stats["labels"]["event"], 54);
    assert_eq!(stats["annotators"]["alice"]["spans"], 176);
    assert_eq!(stats["annotators"]["bob"]["spans"], 172);
    assert_eq!(stats["annotators"]["bob"]["documents"], 5);
    assert_eq!(stats["invalid_files"], Value::Array(vec![]));
}

#[test]
fn stats_counts_what_it_can_and_names_the_broken_file() {
    let corpus = bundled_corpus_copy();
    let bad = corpus
        .path()
        .join("annotations/syria-rebels-seize-towns-north-of-homs/carol.ron");
    fs::write(&bad, "(format: \"spantag/1\"").unwrap();
    let output = spantag()
        .args(["stats", "--json", "."])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["annotation_files"], 10);
    let invalid = stats["invalid_files"].as_array().unwrap();
    assert_eq!(invalid.len(), 1);
    assert!(invalid[0].as_str().unwrap().contains("carol.ron:1:"));
    assert!(stderr(&output).contains("carol.ron:1:"));
}

#[test]
fn stats_prints_readable_tables() {
    let corpus = bundled_corpus_copy();
    let output = spantag()
        .arg("stats")
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.contains("documents         8 (5 annotated)\n"), "{out}");
    assert!(
        out.contains("annotation files  10 (10 done, 0 in progress)\n"),
        "{out}"
    );
    assert!(out.contains("\nlocation          154\n"), "{out}");
    let alice = out.lines().find(|l| l.starts_with("alice")).unwrap();
    let figures: Vec<&str> = alice.split_whitespace().collect();
    assert_eq!(figures, ["alice", "5", "5", "0", "176", "70", "28", "78"]);
}

#[cfg(feature = "gui")]
#[test]
fn opening_a_missing_path_is_a_clear_error() {
    let output = spantag().arg("no-such-corpus").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "spantag: error: no-such-corpus: no such file or folder\n"
    );
    let output = spantag()
        .args(["--annotator", "../x", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "spantag: error: --annotator: annotator name \"../x\" starts with a dot\n"
    );
}

#[test]
fn agree_reports_the_bundled_alice_and_bob() {
    let corpus = bundled_corpus_copy();
    let output = spantag()
        .args(["agree", "--json", "--per-document"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let figures: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(figures["documents"], 5);
    assert_eq!(figures["annotators"], serde_json::json!(["alice", "bob"]));
    let pair = &figures["pairs"][0];
    assert_eq!(
        (pair["a"].as_str(), pair["b"].as_str()),
        (Some("alice"), Some("bob"))
    );
    // The README's figures, exactly. Spans: alice 176, bob 172; 155 match exactly; 170 of
    // bob's and 169 of alice's overlap one of the other's with the same label; per label
    // the diagonal of the confusion matrix over (alice's + bob's) spans.
    let close = |v: &Value, x: f64| {
        let got = v.as_f64().unwrap();
        assert!((got - x).abs() < 1e-12, "{got} != {x}");
    };
    close(&pair["exact"]["precision"], 155.0 / 172.0);
    close(&pair["exact"]["recall"], 155.0 / 176.0);
    close(&pair["exact"]["f1"], 2.0 * 155.0 / 348.0);
    let (p, r) = (170.0 / 172.0, 169.0 / 176.0);
    close(&pair["overlap"]["f1"], 2.0 * p * r / (p + r));
    close(
        &pair["per_label"]["actor"]["f1"],
        2.0 * 62.0 / (70.0 + 70.0),
    );
    close(
        &pair["per_label"]["event"]["f1"],
        2.0 * 24.0 / (28.0 + 26.0),
    );
    close(
        &pair["per_label"]["location"]["f1"],
        2.0 * 69.0 / (78.0 + 76.0),
    );
    // The kappas over tokens (CI checks them against scikit-learn and statsmodels).
    close(&pair["token_kappa"], 0.934_550_726_815_672_9);
    close(&figures["fleiss_kappa"], 0.934_540_665_917_421_2);
    assert_eq!(
        figures["disagreements"],
        serde_json::json!({"agreed": 155, "label": 3, "boundary": 13, "partial": 6})
    );
    assert_eq!(
        figures["confusion"]["matrix"],
        serde_json::json!([[62, 0, 0, 8], [1, 24, 0, 3], [2, 0, 69, 7], [5, 2, 7, 0]])
    );
    // Worst first: (document, spans matched exactly, alice's spans + bob's).
    let per_doc = figures["per_document"].as_array().unwrap();
    let expected = [
        ("aleppo-water-station-back-online", 8.0, 13.0 + 12.0),
        ("haifa-port-strike-48-hours", 9.0, 12.0 + 11.0),
        (
            "kharkiv-strike-shadows-istanbul-grain-talks",
            38.0,
            42.0 + 43.0,
        ),
        ("idlib-floods-strand-aid-convoy", 27.0, 31.0 + 29.0),
        ("syria-rebels-seize-towns-north-of-homs", 73.0, 78.0 + 77.0),
    ];
    assert_eq!(per_doc.len(), expected.len());
    for (doc, (id, matched, spans)) in per_doc.iter().zip(expected) {
        assert_eq!(doc["doc"], id);
        close(&doc["pairs"][0]["exact"]["f1"], 2.0 * matched / spans);
    }

    let output = spantag()
        .arg("agree")
        .current_dir(corpus.path())
        .output()
        .unwrap();
    let tables = stdout(&output);
    assert!(
        tables
            .starts_with("corpus: 5 documents with two or more annotators; annotators: alice, bob"),
        "{tables}"
    );
    assert!(
        tables.contains("alice / bob                5     0.901     0.881     0.891"),
        "{tables}"
    );
}

/// Runs `spantag args` in `dir`, reads the first line it prints, then closes the pipe as
/// `| head -1` does: (that line, the exit code, what it wrote on stderr). The command must
/// print more than a pipe holds (64 KiB on Linux), so that it is still writing when the
/// pipe closes.
fn first_line_then_close(args: &[&str], dir: &std::path::Path) -> (String, Option<i32>, String) {
    use std::io::BufRead;
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spantag"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    (line, output.status.code(), stderr(&output))
}

/// `n` copies of the fixture `minister-kyiv.ron` in `dir/annotations/`, one per annotator
/// `a0000`, `a0001`, ...
fn many_annotators(dir: &std::path::Path, n: usize) {
    let ron = fs::read_to_string(repo().join("tests/fixtures/valid/minister-kyiv.ron")).unwrap();
    let folder = dir.join("annotations/minister-kyiv");
    fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        let name = format!("a{i:04}");
        fs::write(
            folder.join(format!("{name}.ron")),
            ron.replace("annotator: \"alice\"", &format!("annotator: \"{name}\"")),
        )
        .unwrap();
    }
}

#[test]
fn a_closed_pipe_ends_validate_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("annotations");
    fs::create_dir_all(&folder).unwrap();
    let bad = fs::read(repo().join("tests/fixtures/hostile/wrong-sha.ron")).unwrap();
    // An error line of about 260 bytes each: 400 KB in all.
    for i in 0..1500 {
        fs::write(folder.join(format!("f{i:04}.ron")), &bad).unwrap();
    }
    let (line, code, stderr) = first_line_then_close(&["validate"], dir.path());
    assert!(
        line.starts_with("annotations/f0000.ron:6:9: error: sha256 does not match the text"),
        "{line}"
    );
    assert_eq!(stderr, "");
    // As ripgrep: the reader had what it wanted, so it is not a failure.
    assert_eq!(code, Some(0));
}

#[test]
fn a_closed_pipe_ends_stats_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // A row of about 60 bytes per annotator: 180 KB of tables, more as JSON.
    many_annotators(dir.path(), 3000);
    let annotations = dir.path().join("annotations");
    let annotations = annotations.to_str().unwrap();
    for args in [
        &["stats", annotations][..],
        &["stats", annotations, "--json"],
    ] {
        let (line, code, stderr) = first_line_then_close(args, dir.path());
        assert!(
            line.starts_with("corpus ") || line == "{\n",
            "{args:?}: {line}"
        );
        assert_eq!(stderr, "", "{args:?}");
        assert_eq!(code, Some(0), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_ends_export_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // 2000 documents with two annotators and no gold: a skip line of about 110 bytes
    // each. Which annotator to take is not decided, so the files are never read.
    for i in 0..2000 {
        let folder = dir.path().join(format!("annotations/doc-{i:04}"));
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("alice.ron"), "").unwrap();
        fs::write(folder.join("bob.ron"), "").unwrap();
    }
    let (line, code, stderr) = first_line_then_close(
        &["export", "--format", "jsonl", "--out", "out.jsonl"],
        dir.path(),
    );
    assert_eq!(line, "exported 0 documents; out.jsonl was not written\n");
    assert_eq!(stderr, "");
    assert_eq!(code, Some(0));
}

#[test]
fn a_closed_pipe_ends_import_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // 3000 lines with a label no format can hold: an error line of about 200 bytes each.
    let lines: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"id\": \"d{i:04}\", \"text\": \"Acme “Co” 😀\", \"spans\": [{{\"start\": 0, \"end\": 4, \"label\": \"Company Name\"}}]}}\n"
            )
        })
        .collect();
    fs::write(dir.path().join("in.jsonl"), lines).unwrap();
    let (line, code, stderr) = first_line_then_close(
        &[
            "import",
            "in.jsonl",
            "--from",
            "jsonl",
            "--annotator",
            "bob",
        ],
        dir.path(),
    );
    assert!(line.starts_with("in.jsonl:1:"), "{line}");
    assert!(line.contains("\"Company Name\""), "{line}");
    assert_eq!(stderr, "");
    assert_eq!(code, Some(0));
}

#[test]
fn a_closed_pipe_ends_export_to_standard_output_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // 100 copies of one bundled document: about 300 KB of CoNLL.
    let ron =
        fs::read_to_string(repo().join("annotations/idlib-floods-strand-aid-convoy/alice.ron"))
            .unwrap();
    for i in 0..100 {
        let id = format!("doc-{i:03}");
        let folder = dir.path().join("annotations").join(&id);
        fs::create_dir_all(&folder).unwrap();
        let copy = ron.replace(
            "id: \"idlib-floods-strand-aid-convoy\"",
            &format!("id: \"{id}\""),
        );
        fs::write(folder.join("alice.ron"), copy).unwrap();
    }
    let (line, code, stderr) = first_line_then_close(
        &[
            "export",
            "--format",
            "conll",
            "--out",
            "-",
            "--annotator",
            "alice",
        ],
        dir.path(),
    );
    assert_eq!(line, "Flash B-event\n");
    assert_eq!(stderr, "");
    assert_eq!(code, Some(0));
}
