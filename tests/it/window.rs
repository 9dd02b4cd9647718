//! The window, driven headless through egui_kittest.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spantag::ui::{Launch, SpantagApp};

use crate::bundled_corpus_copy;

fn harness(launch: &Launch) -> Harness<'static, SpantagApp> {
    let app = SpantagApp::open(launch);
    // Missing glyphs panic (kittest's default): every sample must draw real glyphs.
    Harness::builder()
        .with_context_setup(spantag::ui::fonts::install_fonts)
        .build_ui_state(|ui, app: &mut SpantagApp| app.show(ui), app)
}

#[test]
fn lists_the_documents_and_shows_the_chosen_text() {
    let corpus = bundled_corpus_copy();
    let launch = Launch {
        path: corpus.path().to_owned(),
        annotator: None,
    };
    let mut harness = harness(&launch);
    harness.run();
    for id in [
        "algiers-hosts-mali-ceasefire-talks",
        "kharkiv-strike-shadows-istanbul-grain-talks",
        "syria-rebels-seize-towns-north-of-homs",
    ] {
        assert!(
            harness.query_all_by_label(id).count() >= 1,
            "{id} is listed"
        );
    }
    // The first document is open.
    assert!(
        harness.query_by_label_contains("Algeria").is_some_and(|n| n
            .value()
            .unwrap_or_default()
            .len()
            > 500),
        "the first article's text is shown"
    );
    harness
        .get_by_label("syria-rebels-seize-towns-north-of-homs")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Syrian Insurgency Strengthens as Rebels Seize Two Towns")
            .is_some()
    );
}

#[test]
fn opens_a_text_file_inside_a_corpus_at_that_file() {
    let corpus = bundled_corpus_copy();
    let launch = Launch {
        path: corpus
            .path()
            .join("samples/kharkiv-strike-shadows-istanbul-grain-talks.txt"),
        annotator: None,
    };
    let mut harness = harness(&launch);
    harness.run();
    let shown = harness.query_by_label_contains("Grain Corridor Talks Resume in Istanbul");
    let text = shown.and_then(|n| n.value()).unwrap_or_default();
    // CRLF kept in the text the window holds.
    assert!(
        text.contains("United\r\nNations Security Council"),
        "{text:.200}"
    );
}

#[test]
fn opens_a_lone_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Kyiv notes.txt");
    std::fs::write(&path, "“Kyiv” — notes\r\n").unwrap();
    let launch = Launch {
        path,
        annotator: None,
    };
    let mut harness = harness(&launch);
    harness.run();
    assert!(harness.query_all_by_label("Kyiv-notes").count() >= 1);
    assert!(harness.query_by_label("“Kyiv” — notes\r\n").is_some());
}

#[test]
fn every_sample_draws_with_real_glyphs() {
    // The harness panics on any character no bundled font can draw.
    let corpus = bundled_corpus_copy();
    for entry in std::fs::read_dir(corpus.path().join("samples")).unwrap() {
        let launch = Launch {
            path: entry.unwrap().path(),
            annotator: None,
        };
        let mut harness = harness(&launch);
        harness.run();
    }
    let path = corpus.path().join("samples/scripts.txt");
    std::fs::write(
        &path,
        "东京 서울 ひらがな カタカナ الأسد Харків Zürich 🤝 🙏🏽 🇺🇳 😀\n",
    )
    .unwrap();
    let mut harness = harness(&Launch {
        path,
        annotator: None,
    });
    harness.run();
}
