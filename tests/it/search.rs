//! `spantag search` (issue 14): hits by code points in texts with emoji, CRLF, combining
//! marks and Arabic harakat and tatweel, the places still to tag, and JSON. Expected
//! offsets were worked out with Python's string slicing, not with spantag.

use std::fs;
use std::path::Path;

use serde_json::Value;
use spantag::io::store::{Corpus, save_annotation};
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, now};

/// English, CRLF line ends, an emoji, curly quotes, "Homsi".
const EN: &str = "Rebels entered Homs 😀 on Friday.\r\nThe Homsi family fled “Homs” — HOMS.\r\n";
/// Arabic: حمص with a fatha, with a tatweel, and inside حمصي.
const AR: &str = "دخلت القوات حمصَ يوم الجمعة، وقال أهالي حمـص إن حمصي غادر.\n";
/// Zurich with a combining diaeresis, precomposed, and plain.
const ZU: &str = "Zu\u{308}rich and Zürich; Zurich.\n";

/// A corpus with the three texts; alice tagged the first Homs of `en` as a location,
/// and `imported` has no text in samples/, only bob's file.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples");
    fs::create_dir_all(&samples).unwrap();
    for (id, text) in [("en", EN), ("ar", AR), ("zu", ZU)] {
        fs::write(samples.join(format!("{id}.txt")), text).unwrap();
    }
    let corpus = Corpus::new(dir.path());
    let annotate = |id: &str, text: &str, who: &str, spans: Vec<Span>| {
        let document = Document::new(DocId::new(id).unwrap(), format!("samples/{id}.txt"), text);
        let mut annotation = Annotation::new(document, AnnotatorName::new(who).unwrap(), now());
        annotation.set_spans(spans).unwrap();
        let path = corpus.annotation_path(annotation.document.id(), &annotation.annotator);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        save_annotation(&path, &annotation).unwrap();
    };
    annotate("en", EN, "alice", vec![Span::new(15, 19, "location")]);
    annotate(
        "imported",
        "Talks in Homs ended.",
        "bob",
        vec![Span::new(9, 13, "location")],
    );
    dir
}

/// (exit code, stdout, stderr) of `spantag search args` in `dir`.
fn search(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    crate::run_in(dir, &[&["search"], args].concat())
}

/// The `doc:start:end` of each line.
fn places(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
        .collect()
}

#[test]
fn hits_are_code_points_with_their_line_around_them() {
    let dir = corpus();
    let (code, out, err) = search(dir.path(), &["Homs"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "en:15:19: Rebels entered Homs 😀 on Friday.\n\
         en:38:42: The Homsi family fled “Homs” — HOMS.\n\
         en:57:61: The Homsi family fled “Homs” — HOMS.\n\
         imported:9:13: Talks in Homs ended.\n"
    );
    assert_eq!(err, "");
}

#[test]
fn whole_words_in_any_case() {
    let dir = corpus();
    let (_, out, _) = search(dir.path(), &["homs", "--whole-word", "--ignore-case"]);
    assert_eq!(
        places(&out),
        ["en:15:19", "en:57:61", "en:65:69", "imported:9:13"]
    );
}

#[test]
fn marks_harakat_and_tatweel_are_ignored_when_asked() {
    let dir = corpus();
    let (_, out, _) = search(dir.path(), &["حمص"]);
    assert_eq!(places(&out), ["ar:12:15", "ar:48:51"]);
    let (_, out, _) = search(dir.path(), &["حمص", "--ignore-marks", "--whole-word"]);
    // حمصَ with its fatha, حمـص with its tatweel; not حمصي.
    assert_eq!(places(&out), ["ar:12:16", "ar:40:44"]);
    let (_, out, _) = search(dir.path(), &["Zurich", "--ignore-marks"]);
    assert_eq!(places(&out), ["zu:0:7", "zu:12:18", "zu:20:26"]);
}

#[test]
fn untagged_and_label_filters_read_the_spans_on_each_hit() {
    let dir = corpus();
    let (_, out, _) = search(dir.path(), &["Homs", "--whole-word", "--untagged"]);
    assert_eq!(places(&out), ["en:57:61"]);
    let (_, out, _) = search(dir.path(), &["Homs", "--label", "location"]);
    assert_eq!(places(&out), ["en:15:19", "imported:9:13"]);
    let (_, out, _) = search(
        dir.path(),
        &["Homs", "--whole-word", "--untagged", "--annotator", "bob"],
    );
    assert_eq!(places(&out), ["en:15:19", "en:57:61"]);
}

#[test]
fn json_has_one_object_a_line() {
    let dir = corpus();
    let (code, out, _) = search(dir.path(), &["Homs", "--json", "--whole-word"]);
    assert_eq!(code, Some(0));
    let hits: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 3);
    assert_eq!(
        hits[0],
        serde_json::json!({
            "document": "en", "start": 15, "end": 19, "text": "Homs",
            "before": "Rebels entered ", "after": " 😀 on Friday.", "labels": ["location"]
        })
    );
    assert_eq!(hits[1]["before"], "The Homsi family fled “");
    assert_eq!(hits[1]["labels"], serde_json::json!([]));
}

#[test]
fn nothing_found_is_said_and_exits_1_a_bad_pattern_exits_2() {
    let dir = corpus();
    let (code, out, err) = search(dir.path(), &["Aleppo"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(err, "no hit for \"Aleppo\" in 4 documents\n");
    let (code, _, err) = search(dir.path(), &["(Homs", "--regex"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "spantag: error: not a valid regular expression: unclosed group\n"
    );
    let (code, _, err) = search(dir.path(), &["Homs", "no-such-folder"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "spantag: error: no-such-folder: no such folder\n");
}
