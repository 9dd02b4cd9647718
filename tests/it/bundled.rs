//! The bundled corpus: every file valid, round-trips byte-identical, and covers the
//! hard cases it claims to.

use std::collections::BTreeMap;
use std::fs;

use spantag::io::ron_format::{read_annotation, to_ron};
use spantag::io::store::Corpus;
use spantag::model::{Annotation, Schema};

use crate::repo;

fn bundled() -> Vec<Annotation> {
    let corpus = Corpus::new(repo());
    corpus
        .annotation_files()
        .unwrap()
        .iter()
        .map(|path| {
            let loaded = read_annotation(path, &Schema::default()).unwrap();
            assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
            loaded.annotation
        })
        .collect()
}

#[test]
fn every_bundled_file_round_trips_byte_identical() {
    let corpus = Corpus::new(repo());
    let files = corpus.annotation_files().unwrap();
    assert_eq!(files.len(), 10);
    for path in files {
        let loaded = read_annotation(&path, &Schema::default()).unwrap();
        let written = to_ron(&loaded.annotation);
        assert_eq!(
            written.as_bytes(),
            fs::read(&path).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn annotations_hold_the_sample_texts_byte_exact() {
    let corpus = Corpus::new(repo());
    for annotation in bundled() {
        let entry = corpus
            .texts()
            .unwrap()
            .into_iter()
            .find(|t| &t.id == annotation.document.id())
            .unwrap();
        let text = fs::read(&entry.path).unwrap();
        assert_eq!(annotation.document.text().as_bytes(), text);
        assert_eq!(
            annotation.document.source(),
            format!("samples/{}.txt", entry.id)
        );
    }
}

#[test]
fn the_seed_article_is_the_shared_one() {
    let seed = fs::read(repo().join("samples/syria-rebels-seize-towns-north-of-homs.txt")).unwrap();
    assert_eq!(
        spantag::model::sha256_hex(std::str::from_utf8(&seed).unwrap()),
        "c8123befb08434c85c06e7ae2488d41c9cbbd1655a8d165d8cba81cef00609c0"
    );
}

#[test]
fn samples_cover_the_hard_cases() {
    let corpus = Corpus::new(repo());
    let texts: Vec<String> = corpus
        .texts()
        .unwrap()
        .iter()
        .map(|t| corpus.load_text(t).unwrap().text().to_owned())
        .collect();
    assert!(texts.len() >= 6);
    let any = |test: &dyn Fn(&str) -> bool| texts.iter().any(|t| test(t));
    assert!(
        any(&|t| t.contains('“') && t.contains('”') && t.contains('’')),
        "curly quotes"
    );
    assert!(any(&|t| t.contains('—')), "em dash");
    assert!(any(&|t| t.chars().any(|c| c as u32 >= 0x1F300)), "emoji");
    assert!(
        any(&|t| t.contains("\r\n") && !t.replace("\r\n", "").contains('\n')),
        "a CRLF file"
    );
    assert!(
        any(&|t| t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))),
        "Arabic"
    );
    assert!(
        any(&|t| t.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))),
        "Cyrillic"
    );
    assert!(
        any(&|t| t.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c))),
        "Hebrew"
    );
    assert!(
        any(&|t| t.starts_with('ח') && t.contains("Haifa Port Company") && t.contains("48")),
        "a right-to-left text with Latin names and numbers inside"
    );
    assert!(
        any(&|t| t.starts_with('ح') && t.contains("60%")),
        "an Arabic text with a number and percent sign"
    );
    assert!(
        any(&|t| t.contains('ã') || t.contains('é')),
        "accented letters"
    );
    assert!(any(&|t| t.contains('\u{301}')), "a combining accent");
}

#[test]
fn annotators_disagree_in_places_and_span_two_lines() {
    let mut by_doc: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
    for annotation in bundled() {
        by_doc
            .entry(annotation.document.id().to_string())
            .or_default()
            .push(annotation);
    }
    // (alice's spans, bob's, spans only alice has, only bob): 155 shared in all, as the
    // README's `spantag agree` says.
    let expected = BTreeMap::from([
        ("aleppo-water-station-back-online", (13, 12, 5, 4)),
        ("haifa-port-strike-48-hours", (12, 11, 3, 2)),
        ("idlib-floods-strand-aid-convoy", (31, 29, 4, 2)),
        (
            "kharkiv-strike-shadows-istanbul-grain-talks",
            (42, 43, 4, 5),
        ),
        ("syria-rebels-seize-towns-north-of-homs", (78, 77, 5, 4)),
    ]);
    assert_eq!(
        by_doc.keys().map(String::as_str).collect::<Vec<_>>(),
        expected.keys().copied().collect::<Vec<_>>()
    );
    for (doc, annotations) in &by_doc {
        let names: Vec<&str> = annotations.iter().map(|a| a.annotator.as_str()).collect();
        assert_eq!(names, ["alice", "bob"], "{doc}");
        let (alice, bob) = (annotations[0].spans(), annotations[1].spans());
        let only_alice = alice.iter().filter(|s| !bob.contains(s)).count();
        let only_bob = bob.iter().filter(|s| !alice.contains(s)).count();
        assert_eq!(
            (alice.len(), bob.len(), only_alice, only_bob),
            expected[doc.as_str()],
            "{doc}"
        );
        let nested = alice.iter().any(|outer| {
            alice
                .iter()
                .any(|inner| inner != outer && outer.contains(inner))
        });
        assert!(nested, "{doc}: nested spans");
    }
    let two_lines = bundled()
        .iter()
        .any(|a| a.spans().iter().any(|s| a.span_text(s).contains("\r\n")));
    assert!(two_lines, "a span across a CRLF line break");
}

#[test]
fn the_documented_default_schema_is_the_default() {
    let doc = fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let section = &doc[doc.find("## The schema file").unwrap()..];
    let start = section.find("```ron\n").unwrap() + "```ron\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let schema =
        spantag::io::store::parse_schema(std::path::Path::new("docs/format.md"), block).unwrap();
    assert_eq!(schema, Schema::default());
}
