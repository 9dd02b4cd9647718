//! `spantag suggest --evaluate` (issue 14): each source scored against an annotator, on
//! a corpus whose figures were worked out by hand (see the comments).

use std::fs;

use spantag::io::store::{Corpus, save_annotation};
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, now};

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
