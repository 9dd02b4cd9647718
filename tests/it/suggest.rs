//! `spantag suggest --evaluate` (issue 14): each source scored against an annotator, on
//! a corpus whose figures were worked out by hand (see the comments).

use std::fs;

use spantag::io::store::{Corpus, save_annotation};
use spantag::model::{
    Annotation, AnnotatorName, DocId, Document, Edit, Origin, Span, Suggestion, now,
};

const A: &str = "Homs and Aleppo. Homs again.";
const B: &str = "Aleppo fell; UNICEF left Homs.";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new(dir.path());
    let save = |id: &str, text: &str, who: &str, spans: &[(usize, usize, &str)]| {
        let document = Document::new(DocId::new(id).unwrap(), format!("samples/{id}.txt"), text);
        let mut a = Annotation::new(document, AnnotatorName::new(who).unwrap(), now());
        a.set_spans(spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect())
            .unwrap();
        let path = corpus.annotation_path(a.document.id(), &a.annotator);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        save_annotation(&path, &a).unwrap();
    };
    let a_spans = [
        (0, 4, "location"),
        (9, 15, "location"),
        (17, 21, "location"),
    ];
    save("a", A, "alice", &a_spans);
    save("a", A, "bob", &a_spans);
    save(
        "b",
        B,
        "alice",
        &[(0, 6, "location"), (13, 19, "actor"), (25, 29, "location")],
    );
    save("b", B, "bob", &[(0, 6, "location")]);
    fs::create_dir_all(dir.path().join("gazetteers")).unwrap();
    fs::write(
        dir.path().join("gazetteers/names.tsv"),
        "# test\nHoms\tlocation\nUNICEF\tactor\nAleppo\tactor\n",
    )
    .unwrap();
    dir
}

/// (exit code, stdout, stderr) of `spantag suggest --evaluate args` in `dir`.
fn evaluate(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    crate::run_in(dir, &[&["suggest", "--evaluate"], args].concat())
}

#[test]
fn each_source_is_scored_against_the_annotator() {
    let dir = corpus();
    let (code, out, _) = evaluate(dir.path(), &["--against", "alice"]);
    assert_eq!(code, Some(0));
    // Gazetteer: in a, Homs ✓ Aleppo (actor) ✗ Homs ✓; in b, Aleppo ✗ UNICEF ✓ Homs ✓:
    // 6 suggested, 4 correct, 6 expected.
    // Dictionary (Homs location 5 times, Aleppo location 4, UNICEF actor 1, over all
    // files): on a, without a's own (Homs 4, Aleppo 2): Homs 1, Aleppo 2, all three
    // right; on b, without b's (Aleppo 2, UNICEF 1, Homs 1): UNICEF is gone, Aleppo and
    // Homs right. 5 suggested, 5 correct: P 1, R 5/6, F1 10/11.
    assert_eq!(
        out,
        "against alice: 2 documents, 6 spans\n\n\
         source        entries  suggested   correct  precision   recall       F1\n\
         dictionary          3          5         5      1.000    0.833    0.909\n\
         gazetteer           3          6         4      0.667    0.667    0.667\n"
    );
}

#[test]
fn no_truth_and_no_gazetteer_are_said() {
    let dir = corpus();
    let (code, _, err) = evaluate(dir.path(), &["--against", "zed"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "spantag: error: no annotation file of \"zed\" in this corpus: nothing to score against\n"
    );
    fs::remove_dir_all(dir.path().join("gazetteers")).unwrap();
    let (code, _, err) = evaluate(dir.path(), &["--against", "bob", "--from", "gazetteer"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        err,
        "gazetteers/: no .tsv file here, so the gazetteer suggests nothing\n"
    );
}

/// A text with an emoji, CRLF, a combining accent, an Arabic name after the clitic و,
/// and `Homs` inside `Homsi`; its offsets were worked out with Python's slicing.
const C: &str = "😀 Rebels near Homs.\r\nوحمص تحت القصف؛ Jose\u{301} Homs-born, Homsi.\r\n";

/// [`corpus`] with `samples/c.txt` (nobody's file yet) and more gazetteer names.
fn corpus_with_c() -> tempfile::TempDir {
    let dir = corpus();
    fs::create_dir_all(dir.path().join("samples")).unwrap();
    fs::write(dir.path().join("samples/c.txt"), C).unwrap();
    fs::write(
        dir.path().join("gazetteers/more.tsv"),
        "حمص\tlocation\nJose\u{301}\tactor\n",
    )
    .unwrap();
    dir
}

fn carol_on_c(dir: &std::path::Path) -> Annotation {
    let path = Corpus::new(dir).annotation_path(
        &DocId::new("c").unwrap(),
        &AnnotatorName::new("carol").unwrap(),
    );
    spantag::io::ron_format::read_annotation_without_warnings(&path).unwrap()
}

fn listed(list: &[Suggestion]) -> Vec<(usize, usize, &str, Origin)> {
    list.iter()
        .map(|s| (s.span.start, s.span.end, s.span.label.as_str(), s.source))
        .collect()
}

#[test]
fn suggestions_go_to_the_annotators_file_once_and_rejected_ones_stay_out() {
    let dir = corpus_with_c();
    let (code, out, err) = crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "c"],
    );
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    assert_eq!(
        out,
        "c: dictionary 2, gazetteer 2 (new file)\n\
         suggested 4 suggestions to 1 of 1 document (carol's files); sources: dictionary 3 names, gazetteer 5 names\n"
    );
    let carol = carol_on_c(dir.path());
    assert!(carol.spans().is_empty());
    assert_eq!(carol.document.text(), C);
    // Homs twice from the dictionary (not in Homsi); حمص without its clitic و and José
    // with its accent from the gazetteer.
    assert_eq!(
        listed(carol.suggestions()),
        [
            (14, 18, "location", Origin::Dictionary),
            (22, 25, "location", Origin::Gazetteer),
            (37, 42, "actor", Origin::Gazetteer),
            (43, 47, "location", Origin::Dictionary),
        ]
    );
    // A file of suggestions only: carol is not an annotator yet.
    let (_, stats, _) = crate::run_in(dir.path(), &["stats"]);
    assert!(
        stats.contains(
            "annotation files  4 (0 done, 4 in progress)\nspans             10\nsuggestions       4 pending, 0 rejected; 1 file of suggestions only\n"
        ),
        "{stats}"
    );
    assert!(!stats.contains("carol"), "{stats}");

    // carol rejects the first Homs; asking again adds nothing, and says so.
    let mut carol = carol;
    let first = carol.suggestions()[0].clone();
    Edit::reject(vec![first]).apply(&mut carol).unwrap();
    let path = Corpus::new(dir.path()).annotation_path(carol.document.id(), &carol.annotator);
    save_annotation(&path, &carol).unwrap();
    let (code, out, _) = crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "c"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "suggested 0 suggestions to 0 of 1 document (carol's files); sources: dictionary 3 names, gazetteer 5 names\n"
    );
    assert_eq!(carol_on_c(dir.path()).suggestions().len(), 3);
}

#[test]
fn accepted_suggestions_are_spans_that_keep_their_source() {
    let dir = corpus_with_c();
    crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "c"],
    );
    let (code, out, _) = crate::run_in(
        dir.path(),
        &[
            "suggest",
            "--annotator",
            "carol",
            "--from",
            "gazetteer",
            "--accept",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    // In a and b carol had no file: created, with the gazetteer's names as spans.
    assert_eq!(
        out,
        "a: gazetteer 3 (new file)\n\
         b: gazetteer 3 (new file)\n\
         c: gazetteer 4\n\
         added 10 spans to 3 of 3 documents (carol's files); sources: gazetteer 5 names\n"
    );
    let carol = carol_on_c(dir.path());
    let spans: Vec<(usize, usize, Origin)> = carol
        .spans()
        .iter()
        .map(|s| (s.start, s.end, carol.origin_of(s)))
        .collect();
    // Every pending suggestion the gazetteer also makes became a span from it.
    assert_eq!(
        spans,
        [
            (14, 18, Origin::Gazetteer),
            (22, 25, Origin::Gazetteer),
            (37, 42, Origin::Gazetteer),
            (43, 47, Origin::Gazetteer)
        ]
    );
    assert_eq!(listed(carol.suggestions()), []);
    let src = fs::read_to_string(dir.path().join("annotations/c/carol.ron")).unwrap();
    assert!(src.contains("format: \"spantag/2\""));
    assert!(
        src.contains(
            "(start: 22, end: 25, label: \"location\", text: \"حمص\", origin: Gazetteer),"
        ),
        "{src}"
    );
    let (_, stats, _) = crate::run_in(dir.path(), &["stats"]);
    assert!(
        stats.contains("spans             20 (10 by hand; gazetteer 10)\n"),
        "{stats}"
    );
    // carol now counts as an annotator of a, b and c.
    assert!(
        stats.contains("\ncarol              3     0            3     10"),
        "{stats}"
    );
}

#[test]
fn a_file_that_does_not_read_is_left_as_it_is() {
    let dir = corpus_with_c();
    let path = dir.path().join("annotations/c/carol.ron");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, "(format: \"spantag/1\", oops").unwrap();
    let (code, out, err) = crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "c"],
    );
    assert_eq!(code, Some(2), "{out}");
    // Said twice: left out of the dictionary, and left as it is.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0]
            .starts_with("warning: ./annotations/c/carol.ron:1:23: error: the file ends too early"),
        "{err}"
    );
    assert!(
        lines[0].ends_with(": left out of the corpus dictionary"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("error: ./annotations/c/carol.ron:1:23: "),
        "{err}"
    );
    assert!(lines[1].ends_with(": left as it is"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "(format: \"spantag/1\", oops"
    );
    let (code, _, err) = crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "nope"],
    );
    assert_eq!(code, Some(2));
    assert_eq!(err, "spantag: error: no document \"nope\" in this corpus\n");
}

#[test]
fn a_file_of_suggestions_only_is_nobodys_annotation() {
    let dir = corpus_with_c();
    let (_, agree_before, _) = crate::run_in(dir.path(), &["agree"]);
    let (code, _, _) = crate::run_in(dir.path(), &["suggest", "--annotator", "carol"]);
    assert_eq!(code, Some(0));
    assert!(dir.path().join("annotations/a/carol.ron").exists());
    let (_, agree_after, _) = crate::run_in(dir.path(), &["agree"]);
    assert_eq!(agree_after, agree_before);
    assert!(!agree_after.contains("carol"));
    let out = dir.path().join("out.jsonl");
    let (_, err, _) = crate::run_in(
        dir.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        err.contains("a: 2 annotators (alice, bob) and no gold file"),
        "{err}"
    );
    assert!(
        err.contains("c: ./annotations/c/carol.ron holds only suggestions, no span; nobody has annotated it yet"),
        "{err}"
    );
}

#[test]
fn spantag_ron_switches_sources_off() {
    let dir = corpus_with_c();
    fs::write(
        dir.path().join("spantag.ron"),
        "(labels: [(name: \"location\", display: \"Location\", color: \"#2e86c1\", key: '2'), (name: \"actor\", display: \"Actor\", color: \"#e67e22\", key: '1')], suggestions: (dictionary: false))",
    )
    .unwrap();
    let (code, out, _) = crate::run_in(
        dir.path(),
        &["suggest", "--annotator", "carol", "--documents", "c"],
    );
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "c: gazetteer 4 (new file)\n\
         suggested 4 suggestions to 1 of 1 document (carol's files); sources: gazetteer 5 names\n"
    );
    fs::write(
        dir.path().join("spantag.ron"),
        "(labels: [(name: \"location\", display: \"Location\", color: \"#2e86c1\", key: '2')], suggestions: (dictionary: false, gazetteers: false))",
    )
    .unwrap();
    let (code, _, err) = crate::run_in(dir.path(), &["suggest", "--annotator", "carol"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "spantag: error: no source of suggestions is on: spantag.ron switches off both the dictionary and the gazetteers; name one with --from\n"
    );
}

#[test]
fn the_dictionary_learns_only_from_the_files_spantag_ron_names() {
    let dir = corpus_with_c();
    let schema = |from: &str| {
        format!(
            "(labels: [(name: \"location\", display: \"Location\", color: \"#2e86c1\", key: '2'), (name: \"actor\", display: \"Actor\", color: \"#e67e22\", key: '1')], suggestions: (dictionary_from: {from}, gazetteers: false))"
        )
    };
    // No gold file, no file marked done: an empty dictionary, said on stderr.
    for from in ["Gold", "Done"] {
        fs::write(dir.path().join("spantag.ron"), schema(from)).unwrap();
        let (code, out, err) = crate::run_in(
            dir.path(),
            &["suggest", "--annotator", "carol", "--documents", "c"],
        );
        assert_eq!(code, Some(1), "{from}");
        assert!(out.ends_with("sources: dictionary 0 names\n"), "{out}");
        assert!(
            err.starts_with("warning: the corpus dictionary is empty: no span in "),
            "{err}"
        );
    }
    // bob marks b done: his one span there (Aleppo) is all the dictionary knows.
    let b = dir.path().join("annotations/b/bob.ron");
    let src = fs::read_to_string(&b)
        .unwrap()
        .replace("status: InProgress", "status: Done");
    fs::write(&b, src).unwrap();
    let (code, out, _) = crate::run_in(dir.path(), &["suggest", "--annotator", "carol"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with("sources: dictionary 1 name\n"), "{out}");
}

/// `spantag args` in `dir`, with the user's settings (agreements to run commands) in
/// `config`.
fn run_with_config(
    dir: &std::path::Path,
    config: &std::path::Path,
    args: &[&str],
) -> (Option<i32>, String, String) {
    crate::run_in_with(dir, args, &[("XDG_CONFIG_HOME", config)])
}

/// A corpus whose spantag.ron names a "model" in `sh`: for every document it reads, it
/// suggests code points [14, 18) as a location ("Homs" in c).
fn corpus_with_command(script: &str) -> tempfile::TempDir {
    let dir = corpus_with_c();
    write_command_schema(dir.path(), script);
    dir
}

/// Writes a `spantag.ron` with the default labels that names `sh -c script` as the
/// corpus's suggestion command.
pub(crate) fn write_command_schema(corpus: &std::path::Path, script: &str) {
    let mut schema = spantag::model::Schema::default();
    schema.suggestions.command = Some(spantag::model::CommandSettings {
        program: "sh".to_owned(),
        args: vec!["-c".to_owned(), script.to_owned()],
        timeout_seconds: 20,
    });
    fs::write(corpus.join("spantag.ron"), schema.to_ron()).unwrap();
}

/// A "model" in `sh`: for every document it reads, code points [14, 18) as a location.
pub(crate) const SH_MODEL: &str = r#"sed -E 's/^[{]"id":"([^"]*)".*/{"id":"\1","spans":[{"start":14,"end":18,"label":"location","score":0.5}]}/'"#;

#[test]
fn the_command_runs_only_once_the_user_agrees_to_it() {
    let dir = corpus_with_command(SH_MODEL);
    let config = tempfile::tempdir().unwrap();
    let args = [
        "suggest",
        "--annotator",
        "carol",
        "--from",
        "command",
        "--documents",
        "c",
    ];
    let (code, out, err) = run_with_config(dir.path(), config.path(), &args);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("asks to run `sh -c \"sed -E"), "{err}");
    assert!(err.contains("--allow-command"), "{err}");
    assert!(!dir.path().join("annotations/c/carol.ron").exists());

    let agreed = [&args[..], &["--allow-command"]].concat();
    let (code, out, err) = run_with_config(dir.path(), config.path(), &agreed);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "c: command 1 (new file)\n\
         suggested 1 suggestion to 1 of 1 document (carol's files); sources: command\n"
    );
    assert_eq!(
        listed(carol_on_c(dir.path()).suggestions()),
        [(14, 18, "location", Origin::Command)]
    );
    // Remembered: asked once. Nothing new the second time.
    let (code, out, _) = run_with_config(dir.path(), config.path(), &args);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("suggested 0 suggestions"), "{out}");
    // The command changed: asked again.
    let changed = corpus_with_command(&format!("{SH_MODEL} # and more"));
    let (code, _, err) = run_with_config(changed.path(), config.path(), &args);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_command_that_fails_or_answers_badly_is_said_and_writes_nothing() {
    let config = tempfile::tempdir().unwrap();
    for (script, said) in [
        (
            "echo 'the model is missing' >&2; exit 3",
            "failed (exit status: 3): the model is missing",
        ),
        (
            "cat >/dev/null; echo '{\"id\": \"c\", \"spans\": [{\"start\": 0, \"end\": 99, \"label\": \"location\"}]}'",
            "on line 1 of its output: span [0, 99) of \"c\" is empty or ends past its text (62 code points; offsets are code points)",
        ),
    ] {
        let dir = corpus_with_command(script);
        let (code, out, err) = run_with_config(
            dir.path(),
            config.path(),
            &[
                "suggest",
                "--annotator",
                "carol",
                "--from",
                "command",
                "--allow-command",
            ],
        );
        assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(!dir.path().join("annotations/c/carol.ron").exists());
    }
}

#[test]
fn the_command_is_scored_like_the_other_sources() {
    let dir = corpus_with_command(SH_MODEL);
    let config = tempfile::tempdir().unwrap();
    let (code, out, err) = run_with_config(
        dir.path(),
        config.path(),
        &[
            "suggest",
            "--evaluate",
            "--against",
            "alice",
            "--from",
            "command",
            "--allow-command",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // [14, 18) in a is "o. H" (wrong), in b "NICE" (wrong): 2 suggested, none correct.
    assert_eq!(
        out,
        "against alice: 2 documents, 6 spans\n\n\
         source        entries  suggested   correct  precision   recall       F1\n\
         command             —          2         0      0.000    0.000    0.000\n"
    );
}
