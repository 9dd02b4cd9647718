//! `spantag export` and `spantag import` on the bundled corpus, against golden files
//! (`SNAPSHOTS=overwrite cargo test` updates them; see docs/testing.md).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::{bundled_corpus_copy, repo, spantag};

fn golden(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/golden").join(name)
}

fn run_ok(args: &[&str], dir: &Path) -> String {
    let output = spantag().args(args).current_dir(dir).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Compares what an export made (a file or a folder of files) with its golden copy, byte
/// for byte, and adds a diff to `failures` for each difference. With
/// `SNAPSHOTS=overwrite` it rewrites the golden files from the output instead.
fn check_golden(made: &Path, golden: &Path, failures: &mut Vec<String>) {
    if made.is_dir() {
        let names = |dir: &Path| -> BTreeSet<_> {
            fs::read_dir(dir)
                .into_iter()
                .flatten()
                .map(|e| e.unwrap().file_name())
                .collect()
        };
        let made_names = names(made);
        for gone in names(golden).difference(&made_names) {
            let gone = golden.join(gone);
            if overwrite() {
                fs::remove_file(&gone).unwrap();
                eprintln!("removed {}", gone.display());
            } else {
                failures.push(format!(
                    "{}: the export no longer makes this file",
                    gone.display()
                ));
            }
        }
        for name in made_names {
            check_golden(&made.join(&name), &golden.join(&name), failures);
        }
    } else {
        let made_name = made.display().to_string();
        check_golden_bytes(&made_name, &fs::read(made).unwrap(), golden, failures);
    }
}

/// Whether the golden files are to be rewritten: `SNAPSHOTS=overwrite`, the variable the
/// `snapbox` snapshot crate reads (`trycmd`, which checks the README, reads `TRYCMD`).
fn overwrite() -> bool {
    std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite")
}

fn check_golden_bytes(made_name: &str, made: &[u8], golden: &Path, failures: &mut Vec<String>) {
    // A missing golden file differs even from an empty output.
    let expected = fs::read(golden).ok();
    if expected.as_deref() == Some(made) {
        return;
    }
    if overwrite() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(golden, made).unwrap();
        eprintln!("updated {}", golden.display());
        return;
    }
    // Snapshot crates compare CRLF as LF; here a line ending is a difference, so show it.
    let show = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace('\r', "␍");
    let (expected, made) = (show(&expected.unwrap_or_default()), show(made));
    let diff = similar::TextDiff::from_lines(&expected, &made)
        .unified_diff()
        .header(&golden.display().to_string(), made_name)
        .to_string();
    failures.push(format!(
        "{diff}(to accept the new output: SNAPSHOTS=overwrite cargo test, see docs/testing.md)"
    ));
}

#[test]
fn every_format_matches_its_golden_files() {
    let corpus = bundled_corpus_copy();
    let out = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--format", "jsonl"], "alice.jsonl"),
        (&["--format", "conll", "--docstart"], "alice.conll"),
        (
            &["--format", "conll", "--scheme", "bilou"],
            "alice-bilou.conll",
        ),
        (&["--format", "hf"], "alice-hf"),
        (&["--format", "brat"], "alice-brat"),
        (&["--format", "doccano"], "alice.doccano.jsonl"),
        (
            &["--format", "doccano", "--offsets", "utf16"],
            "alice.doccano-utf16.jsonl",
        ),
        (&["--format", "spacy"], "alice.spacy"),
    ];
    let mut failures = Vec::new();
    for (options, name) in cases {
        let target = out.path().join(name);
        let target_arg = target.to_string_lossy().into_owned();
        let mut args = vec![
            "export",
            "--annotator",
            "alice",
            "--out",
            target_arg.as_str(),
        ];
        args.extend_from_slice(options);
        let report = run_ok(&args, corpus.path());
        check_golden(&target, &golden(name), &mut failures);
        if *name == "alice.conll" {
            check_golden_bytes(
                "the export's report",
                report.replace(&target_arg, "OUT").as_bytes(),
                &golden("alice.conll.report"),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn documents_with_several_annotators_and_no_gold_are_skipped_by_name() {
    let corpus = bundled_corpus_copy();
    let out = corpus.path().join("out.jsonl");
    let several = |doc: &str| {
        format!(
            "  {doc}: 2 annotators (alice, bob) and no gold file; adjudicate it, or export one annotator with --annotator NAME\n"
        )
    };
    let expected = format!(
        "exported 0 documents; out.jsonl was not written\n\
         skipped 5:\n\
         {}{}{}{}{}\
         nothing was exported: 5 documents have several annotators and no gold (--annotator NAME picks one: alice, bob)\n",
        several("aleppo-water-station-back-online"),
        several("haifa-port-strike-48-hours"),
        several("idlib-floods-strand-aid-convoy"),
        several("kharkiv-strike-shadows-istanbul-grain-talks"),
        several("syria-rebels-seize-towns-north-of-homs"),
    );
    // Nothing to write: exit 1, no file made, and an existing one left as it was, in a
    // file format and in a folder format alike.
    for existing in [None, Some("the last good export\n")] {
        if let Some(bytes) = existing {
            fs::write(&out, bytes).unwrap();
        }
        let output = spantag()
            .args(["export", "--format", "jsonl", "--out", "out.jsonl"])
            .current_dir(corpus.path())
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
        assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(fs::read_to_string(&out).ok().as_deref(), existing);
    }
    let output = spantag()
        .args([
            "export", "--format", "hf", "--out", "hf", "--report", "r.json",
        ])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        expected.replace("out.jsonl", "hf")
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!corpus.path().join("hf").exists());
    assert!(!corpus.path().join("r.json").exists());
    fs::remove_file(&out).unwrap();
    // A gold file wins, whoever else annotated.
    let gold_dir = corpus
        .path()
        .join("annotations/syria-rebels-seize-towns-north-of-homs");
    let alice = fs::read_to_string(gold_dir.join("alice.ron")).unwrap();
    fs::write(
        gold_dir.join("gold.ron"),
        alice.replace("annotator: \"alice\"", "annotator: \"gold\""),
    )
    .unwrap();
    let report = run_ok(
        &["export", "--format", "jsonl", "--out", "out.jsonl"],
        corpus.path(),
    );
    assert!(
        report.starts_with("exported 1 document (78 spans)"),
        "{report}"
    );
    let report = run_ok(
        &[
            "export",
            "--format",
            "jsonl",
            "--gold",
            "--out",
            "out.jsonl",
        ],
        corpus.path(),
    );
    assert!(
        report.starts_with("exported 1 document (78 spans)"),
        "{report}"
    );
    let line = fs::read_to_string(&out).unwrap();
    assert!(line.contains(r#""annotator":"gold""#));
}

#[test]
fn done_only_leaves_out_documents_in_progress() {
    let corpus = bundled_corpus_copy();
    let file = corpus
        .path()
        .join("annotations/idlib-floods-strand-aid-convoy/alice.ron");
    let ron = fs::read_to_string(&file)
        .unwrap()
        .replace("status: Done", "status: InProgress");
    fs::write(&file, ron).unwrap();
    let report = run_ok(
        &[
            "export",
            "--format",
            "jsonl",
            "--annotator",
            "alice",
            "--done-only",
            "--out",
            "x.jsonl",
        ],
        corpus.path(),
    );
    assert!(report.starts_with("exported 4 documents"), "{report}");
    assert!(
        report.contains("idlib-floods-strand-aid-convoy: not marked done"),
        "{report}"
    );
}

#[test]
fn export_then_import_gives_back_the_same_annotations() {
    let corpus = bundled_corpus_copy();
    let target = tempfile::tempdir().unwrap();
    // (format, options for both ways, annotator name for the import)
    let cases: &[(&str, &[&str], &str)] = &[
        ("jsonl", &[], "re-jsonl"),
        ("brat", &[], "re-brat"),
        ("doccano", &[], "re-doccano"),
        ("doccano", &["--offsets", "utf16"], "re-doccano-utf16"),
    ];
    for &(format, options, name) in cases {
        let out = corpus.path().join(name);
        let out_arg = out.to_string_lossy().into_owned();
        let mut export = vec![
            "export",
            "--format",
            format,
            "--annotator",
            "alice",
            "--out",
            &out_arg,
        ];
        export.extend_from_slice(options);
        run_ok(&export, corpus.path());
        let into = target.path().to_string_lossy().into_owned();
        let mut import = vec![
            "import",
            "--from",
            format,
            &out_arg,
            "--annotator",
            name,
            "--into",
            &into,
            "--done",
        ];
        import.extend_from_slice(options);
        let report = run_ok(&import, corpus.path());
        assert!(
            report.starts_with("imported 5 documents (176 spans)"),
            "{name}: {report}"
        );
        for doc in [
            "syria-rebels-seize-towns-north-of-homs",
            "kharkiv-strike-shadows-istanbul-grain-talks",
            // Emoji (a skin tone, a flag) and Arabic.
            "idlib-floods-strand-aid-convoy",
            // Arabic only; Hebrew with Latin names and numbers.
            "aleppo-water-station-back-online",
            "haifa-port-strike-48-hours",
        ] {
            let original = spantag::io::ron_format::read_annotation(
                &corpus.path().join(format!("annotations/{doc}/alice.ron")),
                &spantag::model::Schema::default(),
            )
            .unwrap()
            .annotation;
            let back = spantag::io::ron_format::read_annotation(
                &target.path().join(format!("annotations/{doc}/{name}.ron")),
                &spantag::model::Schema::default(),
            )
            .unwrap()
            .annotation;
            assert_eq!(back.spans(), original.spans(), "{name} {doc}");
            assert_eq!(
                back.document.text().as_bytes(),
                original.document.text().as_bytes()
            );
            assert_eq!(back.status, spantag::model::Status::Done);
        }
        // The texts are byte-exact copies (CRLF kept).
        assert_eq!(
            fs::read(
                target
                    .path()
                    .join("samples/kharkiv-strike-shadows-istanbul-grain-talks.txt")
            )
            .unwrap(),
            fs::read(
                corpus
                    .path()
                    .join("samples/kharkiv-strike-shadows-istanbul-grain-talks.txt")
            )
            .unwrap()
        );
    }
}

/// A copy of the bundled corpus with bob's annotations exported to `x.jsonl` in it.
fn corpus_with_bobs_jsonl() -> tempfile::TempDir {
    let corpus = bundled_corpus_copy();
    run_ok(
        &[
            "export",
            "--format",
            "jsonl",
            "--annotator",
            "bob",
            "--out",
            "x.jsonl",
        ],
        corpus.path(),
    );
    corpus
}

#[test]
fn import_never_replaces_files_without_force_and_names_bad_lines() {
    let corpus = corpus_with_bobs_jsonl();
    let out = corpus.path().join("x.jsonl");
    let alice_file = corpus
        .path()
        .join("annotations/syria-rebels-seize-towns-north-of-homs/alice.ron");
    let before = fs::read(&alice_file).unwrap();
    let output = spantag()
        .args([
            "import",
            "--from",
            "jsonl",
            "x.jsonl",
            "--annotator",
            "alice",
        ])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "annotations/syria-rebels-seize-towns-north-of-homs/alice.ron: error: already exists"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("nothing was imported: use --force to replace these files\n"));
    assert_eq!(fs::read(&alice_file).unwrap(), before);

    // A bad line: everything reported, nothing written.
    let mut lines = fs::read_to_string(&out).unwrap();
    lines.push_str("{\"id\": \"broken\", \"text\": \"Homs\", \"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"location\"}]}\n");
    lines.push_str("not json\n");
    fs::write(&out, lines).unwrap();
    let output = spantag()
        .args(["import", "--from", "jsonl", "x.jsonl", "--annotator", "zed"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("x.jsonl:6:1: error: span [0, 9) \"location\" is empty, reversed or past the end of the text (4 code points)"), "{stdout}");
    assert!(
        stdout.contains("x.jsonl:7:2: error: not a JSONL document line: expected ident"),
        "{stdout}"
    );
    assert!(
        !corpus
            .path()
            .join("annotations/syria-rebels-seize-towns-north-of-homs/zed.ron")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn import_force_keeps_the_mode_of_the_files_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = corpus_with_bobs_jsonl();
    let doc = "syria-rebels-seize-towns-north-of-homs";
    let replaced = [
        corpus.path().join(format!("annotations/{doc}/alice.ron")),
        corpus.path().join(format!("samples/{doc}.txt")),
    ];
    for path in &replaced {
        fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let alice_before = fs::read(&replaced[0]).unwrap();
    run_ok(
        &[
            "import",
            "--from",
            "jsonl",
            "x.jsonl",
            "--annotator",
            "alice",
            "--force",
        ],
        corpus.path(),
    );
    for path in &replaced {
        let mode = fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(format!("{mode:o}"), "644", "{}", path.display());
    }
    // It did replace alice's file (with bob's spans).
    assert_ne!(fs::read(&replaced[0]).unwrap(), alice_before);
}

/// A copy of `tests/fixtures/bom`: one text that starts with a BOM (curly quotes, emoji,
/// Arabic, CRLF), its first word tagged.
fn bom_corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::copy_dir(&repo().join("tests/fixtures/bom"), dir.path());
    dir
}

#[test]
fn a_bom_is_never_a_token_and_moves_no_entity() {
    let corpus = bom_corpus_copy();
    let unicode = "Kyiv B-location\nsaid O\n“ O\na O\ndrone O\n” O\nhit O\n😀 O\nnear O\nحمص B-location\n\n\
                   قال O\nالمتحدث B-actor\nإن O\nحمص O\nسقطت O\n\n";
    let whitespace = "Kyiv B-location\nsaid O\n“a O\ndrone” O\nhit O\n😀 O\nnear O\nحمص B-location\n\n\
                      قال O\nالمتحدث B-actor\nإن O\nحمص O\nسقطت O\n\n";
    for (tokenizer, expected) in [("unicode", unicode), ("whitespace", whitespace)] {
        let report = run_ok(
            &[
                "export",
                "--format",
                "conll",
                "--tokenizer",
                tokenizer,
                "--out",
                "out.conll",
            ],
            corpus.path(),
        );
        // Nothing moved: the span [1, 5) is the token [1, 5).
        assert_eq!(
            report,
            "exported 1 document (3 spans) to out.conll\n  actor             1\n  location          2\n",
            "{tokenizer}"
        );
        assert_eq!(
            fs::read_to_string(corpus.path().join("out.conll")).unwrap(),
            expected,
            "{tokenizer}"
        );
    }

    run_ok(&["export", "--format", "hf", "--out", "hf"], corpus.path());
    let labels: Vec<String> =
        serde_json::from_str(&fs::read_to_string(corpus.path().join("hf/labels.json")).unwrap())
            .unwrap();
    let data = fs::read_to_string(corpus.path().join("hf/data.jsonl")).unwrap();
    let row: spantag::io::export::hf::HfDocument = serde_json::from_str(&data).unwrap();
    let tags: Vec<&str> = row.ner_tags.iter().map(|&t| labels[t].as_str()).collect();
    assert_eq!(
        row.tokens,
        [
            "Kyiv",
            "said",
            "“",
            "a",
            "drone",
            "”",
            "hit",
            "😀",
            "near",
            "حمص",
            "قال",
            "المتحدث",
            "إن",
            "حمص",
            "سقطت"
        ]
    );
    assert_eq!(
        tags,
        [
            "B-location",
            "O",
            "O",
            "O",
            "O",
            "O",
            "O",
            "O",
            "O",
            "B-location",
            "O",
            "B-actor",
            "O",
            "O",
            "O"
        ]
    );
}

#[test]
fn out_dash_writes_the_same_bytes_to_stdout_and_the_summary_to_stderr() {
    let corpus = bundled_corpus_copy();
    for (format, name) in [
        ("jsonl", "x.jsonl"),
        ("conll", "x.conll"),
        ("doccano", "x.doccano.jsonl"),
        ("spacy", "x.spacy"),
    ] {
        let file = corpus.path().join(name);
        let file_arg = file.to_string_lossy().into_owned();
        let args = ["export", "--annotator", "alice", "--format", format];
        run_ok(&[&args[..], &["--out", &file_arg]].concat(), corpus.path());
        let output = spantag()
            .args(args)
            .args(["--out", "-"])
            .current_dir(corpus.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}");
        assert_eq!(output.stdout, fs::read(&file).unwrap(), "{format}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with("exported 5 documents (")
                && stderr.contains(" spans) to standard output\n"),
            "{format}: {stderr}"
        );
    }
    for format in ["hf", "brat"] {
        let output = spantag()
            .args([
                "export",
                "--annotator",
                "alice",
                "--format",
                format,
                "--out",
                "-",
            ])
            .current_dir(corpus.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty());
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            "--out -: this format writes a folder (hf, brat), not one stream; give --out a folder\n"
        );
        assert!(!corpus.path().join("-").exists());
    }
}

#[test]
fn split_writes_each_part_beside_out_deterministically_with_a_table_per_label() {
    let corpus = bundled_corpus_copy();
    let dir = corpus.path();
    // alice's files in `format` to `out`, split as `split` says (whole when empty).
    let export = |format: &str, out: &str, split: &[&str]| {
        let args = [
            "export",
            "--annotator",
            "alice",
            "--format",
            format,
            "--out",
            out,
        ];
        run_ok(&[&args[..], split].concat(), dir)
    };
    let split = ["--split", "train=0.34,dev=0.33,test=0.33", "--seed", "7"];
    let whole = export("jsonl", "all.jsonl", &[]);
    assert!(whole.starts_with("exported 5 documents (176 spans) to all.jsonl\n"));
    let summary = export("jsonl", "x.jsonl", &split);
    let part_ids = |name: &str| -> Vec<String> {
        fs::read_to_string(dir.join(name))
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let parts = ["x.train.jsonl", "x.dev.jsonl", "x.test.jsonl"].map(part_ids);
    assert!(!dir.join("x.jsonl").exists());
    assert_eq!(
        parts,
        [
            vec![
                "aleppo-water-station-back-online".to_owned(),
                "syria-rebels-seize-towns-north-of-homs".to_owned()
            ],
            vec![
                "haifa-port-strike-48-hours".to_owned(),
                "idlib-floods-strand-aid-convoy".to_owned()
            ],
            vec!["kharkiv-strike-shadows-istanbul-grain-talks".to_owned()],
        ]
    );
    assert_eq!(
        summary,
        "exported 5 documents (176 spans) in 3 parts:\n\
         \x20 actor            70\n\
         \x20 event            28\n\
         \x20 location         78\n\
         \x20 split       documents  actor  event  location  written to\n\
         \x20 train               2     41     12        38  x.train.jsonl\n\
         \x20 dev                 2     17      6        20  x.dev.jsonl\n\
         \x20 test                1     12     10        20  x.test.jsonl\n"
    );
    // Every line of the whole export is in exactly one part, and the same seed splits
    // the same way again.
    let mut lines: Vec<String> = ["x.train.jsonl", "x.dev.jsonl", "x.test.jsonl"]
        .iter()
        .flat_map(|n| {
            fs::read_to_string(dir.join(n))
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    lines.sort();
    let mut all: Vec<String> = fs::read_to_string(dir.join("all.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    all.sort();
    assert_eq!(lines, all);
    let before = fs::read(dir.join("x.dev.jsonl")).unwrap();
    export("jsonl", "x.jsonl", &split);
    assert_eq!(fs::read(dir.join("x.dev.jsonl")).unwrap(), before);

    // Folder formats: one folder per part inside --out; hf has one card naming them.
    export("hf", "hf", &split);
    let card = fs::read_to_string(dir.join("hf/README.md")).unwrap();
    assert!(card.contains(
        "  data_files:\n  - split: train\n    path: train/data.jsonl\n  - split: dev\n    path: dev/data.jsonl\n  - split: test\n    path: test/data.jsonl\ndataset_info:\n"
    ), "{card}");
    for (part, documents) in [("train", 2), ("dev", 2), ("test", 1)] {
        assert_eq!(
            fs::read_to_string(dir.join("hf").join(part).join("data.jsonl"))
                .unwrap()
                .lines()
                .count(),
            documents
        );
        assert!(!dir.join("hf").join(part).join("README.md").exists());
    }
    assert!(dir.join("hf/labels.json").is_file());
    export("brat", "brat", &split);
    assert!(
        dir.join("brat/test/kharkiv-strike-shadows-istanbul-grain-talks.ann")
            .is_file()
    );
    assert!(dir.join("brat/dev/annotation.conf").is_file());
}

#[test]
fn split_refuses_bad_fractions_and_standard_output() {
    let corpus = bundled_corpus_copy();
    let refused = |extra: &[&str]| {
        let output = spantag()
            .args(["export", "--annotator", "alice", "--format", "jsonl"])
            .args(extra)
            .current_dir(corpus.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert!(output.stdout.is_empty());
        String::from_utf8(output.stderr).unwrap()
    };
    assert_eq!(
        refused(&["--out", "x.jsonl", "--split", "train=0.8,dev=0.1"]),
        "--split: the fractions add up to 0.9, not 1\n"
    );
    assert_eq!(
        refused(&["--out", "-", "--split", "train=0.8,dev=0.2"]),
        "--out -: --split writes one output per part, not one stream; give --out a path\n"
    );
    assert!(!corpus.path().join("x.train.jsonl").exists());
}

#[test]
fn sentences_write_a_row_per_sentence_and_report_a_span_across_sentences() {
    let fixture = repo().join("tests/fixtures/sentences");
    let out = tempfile::tempdir().unwrap();
    let jsonl = out.path().join("s.jsonl");
    let run = |args: &[&str]| {
        let output = spantag()
            .args(["export", "--sentences"])
            .args(args)
            .arg(&fixture)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let summary = run(&["--format", "jsonl", "--out", jsonl.to_str().unwrap()]);
    let crossing = "  edges: [53, 66) event \"Idlib.\\r\\n\\r\\nقال\" left out: it is not inside one sentence (--sentences writes a row per sentence)\n";
    assert!(
        summary.ends_with(&format!("could not be written exactly:\n{crossing}")),
        "{summary}"
    );
    assert_eq!(
        fs::read_to_string(&jsonl).unwrap(),
        concat!(
            r#"{"id":"edges#0","doc_id":"edges","offset":3,"text":"The “Syrian Arab Red Crescent”\tsaid 😀 aid reached Idlib.","spans":[{"start":5,"end":11,"label":"location","text":"Syrian"},{"start":5,"end":29,"label":"actor","text":"Syrian Arab Red Crescent"},{"start":50,"end":55,"label":"location","text":"Idlib"}],"annotator":"alice"}"#,
            "\n",
            r#"{"id":"edges#1","doc_id":"edges","offset":63,"text":"قال المتحدث إن حمص سقطت","spans":[{"start":4,"end":11,"label":"actor","text":"المتحدث"},{"start":15,"end":18,"label":"location","text":"حمص"}],"annotator":"alice"}"#,
            "\n",
            r#"{"id":"edges#2","doc_id":"edges","offset":90,"text":"UN’s envoy met Homs officials.","spans":[{"start":0,"end":2,"label":"actor","text":"UN"},{"start":15,"end":18,"label":"location","text":"Hom"},{"start":15,"end":29,"label":"actor","text":"Homs officials"}],"annotator":"alice"}"#,
            "\n",
        )
    );
    // Each row's offsets count from its own text, in code points.
    let text = fs::read_to_string(fixture.join("samples/edges.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for line in fs::read_to_string(&jsonl).unwrap().lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let offset = row["offset"].as_u64().unwrap() as usize;
        let row_text: Vec<char> = row["text"].as_str().unwrap().chars().collect();
        assert_eq!(row_text[..], chars[offset..offset + row_text.len()]);
        for span in row["spans"].as_array().unwrap() {
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                row_text[s..e].iter().collect::<String>(),
                span["text"].as_str().unwrap()
            );
        }
    }

    let hf = out.path().join("hf");
    let summary = run(&["--format", "hf", "--out", hf.to_str().unwrap()]);
    assert!(summary.contains(crossing), "{summary}");
    assert_eq!(
        fs::read_to_string(hf.join("data.jsonl")).unwrap(),
        concat!(
            r#"{"id":"edges#0","doc_id":"edges","offset":3,"tokens":["The","“","Syrian","Arab","Red","Crescent","”","said","😀","aid","reached","Idlib","."],"ner_tags":[0,0,1,2,2,2,0,0,0,0,0,3,0]}"#,
            "\n",
            r#"{"id":"edges#1","doc_id":"edges","offset":63,"tokens":["قال","المتحدث","إن","حمص","سقطت"],"ner_tags":[0,1,0,3,0]}"#,
            "\n",
            r#"{"id":"edges#2","doc_id":"edges","offset":90,"tokens":["UN","’s","envoy","met","Homs","officials","."],"ner_tags":[1,0,0,0,1,2,0]}"#,
            "\n",
        )
    );
    let card = fs::read_to_string(hf.join("README.md")).unwrap();
    assert!(card.contains("  - name: id\n    dtype: string\n  - name: doc_id\n    dtype: string\n  - name: offset\n    dtype: int64\n  - name: tokens\n"));

    let output = spantag()
        .args([
            "export",
            "--sentences",
            "--format",
            "conll",
            "--out",
            "x.conll",
        ])
        .arg(&fixture)
        .current_dir(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "--sentences: only hf and jsonl write one row per sentence\n"
    );
}

#[test]
fn a_split_with_fewer_documents_than_parts_says_which_part_is_empty() {
    let corpus = bundled_corpus_copy();
    let args = ["export", "--annotator", "alice", "--format", "conll"];
    // Five documents, six parts.
    let split = [
        "--out",
        "c.conll",
        "--split",
        "a=0.2,b=0.2,c=0.2,d=0.2,e=0.1,f=0.1",
    ];
    let summary = run_ok(&[&args[..], &split].concat(), corpus.path());
    let empty = "  f: no document (fewer documents than parts); c.f.conll is empty\n";
    assert!(summary.contains(empty), "{summary}");
    assert_eq!(fs::read(corpus.path().join("c.f.conll")).unwrap(), b"");
}

#[test]
fn a_span_with_two_notes_counts_once_in_the_summary() {
    // In the spaCy fixture one span is left out of doc.ents (it overlaps a longer one)
    // and moved in spans["sc"] (it ends inside a token): two notes, one span.
    let out = tempfile::tempdir().unwrap();
    let output = crate::spantag()
        .args([
            "export",
            "--format",
            "spacy",
            "--annotator",
            "alice",
            "--out",
        ])
        .arg(out.path().join("edges.spacy"))
        .current_dir(crate::repo().join("tests/fixtures/spacy"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.ends_with("could not be written exactly:"))
        .unwrap();
    let notes = stdout
        .lines()
        .skip_while(|l| *l != line)
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .count();
    assert_eq!(
        (line, notes),
        ("2 spans could not be written exactly:", 3),
        "{stdout}"
    );
}
