//! Find in the window (issue 14): Ctrl+F, a pattern, Enter / Shift+Enter walking the
//! hits, and a label key tagging the hit selected once Escape hands the keys back.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spantag::model::Span;
use spantag::ui::SpantagApp;

use crate::window::{SEED, harness, type_label_key, wait_ready};

fn selection(harness: &Harness<'_, SpantagApp>) -> Option<std::ops::Range<usize>> {
    harness.state().editor().unwrap().selection.clone()
}

/// A copy of the bundled corpus opened on the seed article as carol (no spans yet).
fn seed_window() -> (tempfile::TempDir, Harness<'static, SpantagApp>) {
    crate::window::open_seed("carol")
}

fn press(harness: &mut Harness<'_, SpantagApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.step();
    harness.step();
}

#[test]
fn enter_walks_the_hits_and_a_label_key_tags_the_one_selected() {
    let (_corpus, mut harness) = seed_window();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find").type_text("Homs");
    harness.step();
    // Seven times in the seed article (Python: [m.start() for m in re.finditer("Homs", t)]).
    let hits = harness.state_mut().find_hits();
    assert_eq!(hits.len(), 7);
    assert_eq!((hits[0].clone(), hits[1].clone()), (65..69, 351..355));
    assert!(harness.query_by_label("7 hits").is_some());

    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(selection(&harness), Some(65..69));
    assert!(harness.query_by_label("1 of 7").is_some());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(selection(&harness), Some(351..355));
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert_eq!(selection(&harness), Some(65..69));
    // Back before the first: around to the last.
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert_eq!(selection(&harness), Some(hits[6].clone()));

    // Escape gives the keys back to the text: 2 tags the hit as a location.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    type_label_key(&mut harness, "2");

    let spans = harness
        .state()
        .editor()
        .unwrap()
        .annotation
        .spans()
        .to_vec();
    assert_eq!(spans, [Span::new(hits[6].start, hits[6].end, "location")]);
}

#[test]
fn a_bad_regex_in_the_find_bar_says_why_and_finds_nothing() {
    let (_corpus, mut harness) = seed_window();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find").type_text("Hama");
    harness.step();
    assert_eq!(harness.state_mut().find_hits().len(), 4);
    harness.get_by_label("regex").click();
    harness.step();
    harness.get_by_label("Find").focus();
    harness.step();
    harness.get_by_label("Find").type_text("(");
    harness.step();
    assert!(harness.state_mut().find_hits().is_empty());
    assert!(
        harness
            .query_by_label("not a valid regular expression: unclosed group")
            .is_some()
    );
}

/// Ctrl+Shift+F searches every document as `spantag search` does; a click on a hit in
/// another document opens it with the hit selected.
#[test]
fn the_corpus_search_lists_what_the_cli_finds_and_opens_a_hit() {
    use crate::window::run_until;
    let (corpus, mut harness) = seed_window();
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.get_by_label("Search for").type_text("Damascus");
    harness.step();
    harness.get_by_label("whole word").click();
    harness.step();
    harness.get_by_label("Search").click();
    run_until(&mut harness, "the search", |app| {
        app.search_results().is_some()
    });
    let cli = crate::spantag()
        .args(["search", "Damascus", "--whole-word", "--json"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    let expected: Vec<(String, usize, usize)> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["document"].as_str().unwrap().to_owned(),
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let results = harness.state().search_results().unwrap().as_ref().unwrap();
    let got: Vec<(String, usize, usize)> = results
        .hits
        .iter()
        .map(|h| (h.document.clone(), h.start, h.end))
        .collect();
    assert_eq!(got, expected);
    let (doc, start, end) = expected
        .iter()
        .find(|(d, _, _)| d != SEED)
        .cloned()
        .unwrap();
    let mut documents: Vec<&String> = expected.iter().map(|(d, _, _)| d).collect();
    documents.dedup();
    let summary = format!(
        "{} hits in {} of 8 documents",
        expected.len(),
        documents.len()
    );
    assert!(harness.query_by_label(&summary).is_some(), "{summary}");
    // The first hit of the other document: its row starts with the document's id.
    let row_start = format!("{doc}  ");
    harness
        .query_all_by_label_contains(&row_start)
        .next()
        .unwrap()
        .click();
    run_until(&mut harness, "the hit's document", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() == doc)
    });
    assert_eq!(selection(&harness), Some(start..end));
}

/// Ctrl+T with a span selected tags every other whole-word occurrence in the document
/// with its label (Arabic after its proclitics, the span on the name alone), leaves a
/// place that already has a span alone, and one Ctrl+Z takes them all back.
#[test]
fn tag_all_occurrences_then_one_undo_removes_them_all() {
    use spantag::ui::command::{Command, EditCommand};
    // Homs three times as a word (not in Homsi), حمص alone, after ب and و, and in حمصي.
    const TEXT: &str = "حمص fell. Homs Homsi Homs; سكان بحمص وحمص حمصي.\r\n“Homs”";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("samples")).unwrap();
    std::fs::write(dir.path().join("samples/t.txt"), TEXT).unwrap();
    let mut harness = harness(dir.path(), "carol");
    wait_ready(&mut harness);
    let spans =
        |h: &Harness<'_, SpantagApp>| h.state().editor().unwrap().annotation.spans().to_vec();
    // Python: TEXT.index("Homs"), the others by re.finditer(r"(?<!\w)Homs(?!\w)").
    for (range, key) in [(10..14, "2"), (21..25, "1")] {
        harness.state_mut().send(Command::Edit(EditCommand::Select {
            range: range.clone(),
            caret: range.end,
        }));
        harness.step();
        type_label_key(&mut harness, key);
    }
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::SelectSpan(Span::new(
            10, 14, "location",
        ))));
    harness.step();
    press(&mut harness, Modifiers::COMMAND, Key::T);
    assert_eq!(
        spans(&harness),
        [
            Span::new(10, 14, "location"),
            Span::new(21, 25, "actor"),
            Span::new(50, 54, "location"),
        ]
    );
    let notice = harness.state().editor().unwrap().notice.clone().unwrap();
    assert_eq!(
        notice,
        "Tagged 1 more “Homs” as location (1 other place already has a span); Ctrl+Z takes them back"
    );
    // In Arabic: حمص, then بحمص and وحمص without their clitics; not حمصي.
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 0..3,
        caret: 3,
    }));
    harness.step();
    type_label_key(&mut harness, "2");
    press(&mut harness, Modifiers::COMMAND, Key::T);
    let arabic: Vec<Span> = spans(&harness)
        .into_iter()
        .filter(|s| s.end <= 45 && s.label.as_str() == "location" && s.start != 10)
        .collect();
    assert_eq!(
        arabic,
        [
            Span::new(0, 3, "location"),
            Span::new(33, 36, "location"),
            Span::new(38, 41, "location")
        ]
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&harness).len(), 4, "{:?}", spans(&harness));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&harness).len(), 3);
}

/// In the corpus search window, "untagged" means not yet tagged by whoever is
/// annotating: alice tagged every Homs of the seed but one (where she tagged "Homs
/// city"); carol has tagged one, so the other six are left for her.
#[test]
fn untagged_in_the_search_window_is_untagged_by_you() {
    use crate::window::run_until;
    use spantag::ui::command::{Command, EditCommand};
    let untagged_hits = |harness: &mut Harness<'static, SpantagApp>| {
        press(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
        harness.get_by_label("Search for").type_text("Homs");
        harness.step();
        harness.get_by_label("whole word").click();
        harness.step();
        harness.get_by_label("untagged").click();
        harness.step();
        harness.get_by_label("Search").click();
        run_until(harness, "the search", |app| app.search_results().is_some());
        let results = harness.state().search_results().unwrap().as_ref().unwrap();
        results
            .hits
            .iter()
            .map(|h| (h.document.clone(), h.start))
            .collect::<Vec<_>>()
    };
    let corpus = crate::bundled_corpus_copy();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut alice = harness(&path, "alice");
    wait_ready(&mut alice);
    assert_eq!(untagged_hits(&mut alice), [(SEED.to_owned(), 965)]);

    let (_other, mut carol) = seed_window();
    carol.state_mut().send(Command::Edit(EditCommand::Select {
        range: 65..69,
        caret: 69,
    }));
    carol.step();
    type_label_key(&mut carol, "2");
    press(&mut carol, Modifiers::COMMAND, Key::S);
    let hits = untagged_hits(&mut carol);
    // Python: [m.start() for m in re.finditer(r"\bHoms\b", t)][1:]
    let starts: Vec<usize> = hits.iter().map(|(_, s)| *s).collect();
    assert_eq!(starts, [351, 658, 677, 965, 1047, 1169]);
    assert!(hits.iter().all(|(d, _)| d == SEED));
}
