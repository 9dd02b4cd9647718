//! Window polish (issue 15): feedback in words a new analyst understands.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use spantag::ui::command::{Command, EditCommand};

use crate::window::{SEED, file_of, harness, saved, type_label_key, wait_ready};

#[test]
fn the_status_line_says_what_is_selected_saved_and_done_in_words() {
    let (corpus, mut harness) = crate::window::open_seed("carol");
    // "Rebels" in the title: code points 33..39 (Python's slicing).
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 33..39,
        caret: 39,
    }));
    harness.step();
    type_label_key(&mut harness, "1");
    saved(&mut harness, &file_of(corpus.path(), SEED, "carol"));
    harness.step();
    // The span's text and label, not its offsets; one span, not "1 spans"; saved.
    assert!(harness.query_by_label("Actor: “Rebels”").is_some());
    assert!(harness.query_by_label_contains("1 span ·").is_some());
    assert!(harness.query_by_label_contains("1 spans").is_none());
    assert!(harness.query_by_label("✔ Saved").is_some());
    // Ctrl+Enter: done, and where it went.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label("Marked done; next: zurich-mayors-flood-summit-opens")
            .is_some()
    );
}

#[test]
fn a_text_without_spans_says_how_to_tag_until_the_first_one() {
    let (_corpus, mut harness) = crate::window::open_seed("carol");
    harness.step();
    let hint = "To tag: drag across words (or double-click one), then press a label key: 1 Actor, 2 Location, 3 Event.";
    assert!(harness.query_by_label(hint).is_some());
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 33..39,
        caret: 39,
    }));
    harness.step();
    type_label_key(&mut harness, "1");
    harness.step();
    assert!(harness.query_by_label(hint).is_none());
}

/// The label keys painted as tags in the last frame: (key, where its tag starts).
fn tags(harness: &egui_kittest::Harness<'_, spantag::ui::SpantagApp>) -> Vec<(String, egui::Pos2)> {
    let mut out = small_texts(harness);
    // The default labels' keys (the corpus path is small text too).
    out.retain(|(text, _)| ["1", "2", "3"].contains(&text.as_str()));
    out
}

/// Every text painted in the tags' size in the last frame, with where it starts.
fn small_texts(
    harness: &egui_kittest::Harness<'_, spantag::ui::SpantagApp>,
) -> Vec<(String, egui::Pos2)> {
    crate::window::painted(harness, |shape| match shape {
        // The tags' font is the only one this small.
        egui::Shape::Text(text)
            if text
                .galley
                .job
                .sections
                .first()
                .is_some_and(|s| s.format.font_id.size == 9.0) =>
        {
            Some((text.galley.text().to_owned(), text.pos))
        }
        _ => None,
    })
}

/// brat and doccano print the label on each span; colour alone fails colour-blind
/// analysts. Each span's key is drawn at its start, nested ones side by side; the View
/// menu hides them.
#[test]
fn each_span_shows_its_label_key_at_its_start() {
    let (_corpus, mut harness) = crate::window::open_seed("carol");
    // "Syrian Insurgency" (0..17) as an event, and "Syrian" (0..6) in it as an actor.
    for (range, key) in [(0..17, "3"), (0..6, "1")] {
        harness.state_mut().send(Command::Edit(EditCommand::Select {
            caret: range.end,
            range,
        }));
        harness.step();
        type_label_key(&mut harness, key);
    }
    harness
        .state_mut()
        .send(Command::Edit(EditCommand::ClearSelection));
    harness.step();
    harness.step();
    let drawn = tags(&harness);
    let keys: Vec<&str> = drawn.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["3", "1"]);
    let start = harness.state_mut().screen_rect_of(0).unwrap().left();
    // The outer span's tag at the start, the inner one beside it, further right.
    assert!(
        (drawn[0].1.x - start - 2.0).abs() < 1.0,
        "{drawn:?} {start}"
    );
    assert!(drawn[1].1.x > drawn[0].1.x + 4.0, "{drawn:?}");
    harness.state_mut().send(Command::ToggleLabelTags);
    harness.step();
    assert_eq!(tags(&harness), []);
}

/// View → Text size makes the article's text (and only it) larger, remembered in the
/// settings; View → Limit line length keeps lines to a reading width in the middle.
#[test]
fn the_article_can_be_larger_and_narrower_and_stays_so() {
    let (_corpus, mut harness) = crate::window::open_seed("carol");
    harness.step();
    let rect = |h: &mut egui_kittest::Harness<'_, spantag::ui::SpantagApp>, c: usize| {
        h.state_mut().screen_rect_of(c).unwrap()
    };
    let before = rect(&mut harness, 0);
    let status_before = harness.get_by_label_contains("characters").rect();
    harness.state_mut().send(Command::SetTextSize(Some(26)));
    harness.step();
    harness.step();
    let larger = rect(&mut harness, 0);
    // 26 / 17 of the row's height; the status line keeps its size.
    let ratio = larger.height() / before.height();
    assert!((ratio - 26.0 / 17.0).abs() < 0.08, "{ratio}");
    assert_eq!(
        harness.get_by_label_contains("characters").rect().height(),
        status_before.height()
    );
    assert_eq!(harness.state().settings().text_size, Some(26));
    harness.state_mut().send(Command::SetTextSize(None));
    harness.state_mut().send(Command::ToggleLineLength);
    harness.step();
    harness.step();
    let narrow = rect(&mut harness, 0);
    // The text panel is about 810 points wide here; a line of 765 starts further in.
    assert!(
        narrow.left() > before.left() + 10.0,
        "{narrow:?} {before:?}"
    );
    // The first row now ends sooner: "Syrian Insurgency Strengthens as Rebels Seize Two
    // Towns North of Homs" still fits, the next paragraph's first row is shorter.
    let text = crate::window::open_text(&harness);
    let second = text.find("Reports").unwrap();
    let row_end = |h: &mut egui_kittest::Harness<'_, spantag::ui::SpantagApp>| {
        let top = h.state_mut().screen_rect_of(second).unwrap().top();
        (second..text.len())
            .take_while(|&c| {
                h.state_mut()
                    .screen_rect_of(c)
                    .is_some_and(|r| (r.top() - top).abs() < 1.0)
            })
            .count()
    };
    let narrow_row = row_end(&mut harness);
    harness.state_mut().send(Command::ToggleLineLength);
    harness.step();
    harness.step();
    let wide_row = row_end(&mut harness);
    assert!(narrow_row < wide_row, "{narrow_row} {wide_row}");
}

/// In review mode each annotator's version of the current place is drawn in the text,
/// tagged with their initials, so the reviewer sees what they choose between without
/// reading the side panel.
#[test]
fn review_draws_each_annotators_version_of_the_current_place_in_the_text() {
    let (_corpus, mut harness) = crate::window::open_seed("carol");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    crate::window::run_until(&mut harness, "review mode", |app| app.review().is_some());
    harness.step();
    harness.step();
    let (expected, drawn) = versions_shown(&harness);
    assert!(!expected.is_empty());
    assert_eq!(drawn, expected);
    // The next place: its own versions.
    harness.key_press(Key::N);
    harness.step();
    harness.step();
    let (expected, drawn) = versions_shown(&harness);
    assert_eq!(drawn, expected);
}

/// The annotators' tags the current review place should show (A for alice, B for bob,
/// each who has a span there), and those drawn.
fn versions_shown(
    harness: &egui_kittest::Harness<'_, spantag::ui::SpantagApp>,
) -> (Vec<String>, Vec<String>) {
    let review = harness.state().review().unwrap();
    let adj = review.adjudication.as_ref().unwrap();
    let place = &adj.places[review.current.unwrap()];
    let expected: Vec<String> = ["A", "B"]
        .into_iter()
        .zip(&place.versions)
        .filter(|(_, v)| v.is_some())
        .map(|(tag, _)| tag.to_owned())
        .collect();
    let drawn: Vec<String> = small_texts(harness)
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| t == "A" || t == "B")
        .collect();
    (expected, drawn)
}

/// "Accept all agreed places" is one command: with three annotators, every undecided
/// place where two agree (on a span, or on nothing) takes their version; one Ctrl+Z
/// takes it all back.
#[test]
fn accept_all_agreed_places_takes_the_majority_in_one_step() {
    let corpus = crate::bundled_corpus_copy();
    let folder = corpus.path().join(format!("annotations/{SEED}"));
    // dana annotated as alice did: wherever alice and bob differ, two of three agree.
    let alice = std::fs::read_to_string(folder.join("alice.ron")).unwrap();
    std::fs::write(
        folder.join("dana.ron"),
        alice.replace("annotator: \"alice\"", "annotator: \"dana\""),
    )
    .unwrap();
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut harness = harness(&path, "carol");
    wait_ready(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    crate::window::run_until(&mut harness, "review mode", |app| app.review().is_some());
    harness.step();
    let review = harness.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob", "dana"]);
    let undecided = review.adjudication.as_ref().unwrap().undecided().len();
    assert!(undecided >= 5, "{undecided}");
    assert!(
        harness
            .query_by_label(&format!("Accept all agreed places ({undecided})"))
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::SHIFT, Key::A);
    harness.step();
    let review = harness.state().review().unwrap();
    let adj = review.adjudication.as_ref().unwrap();
    assert_eq!(adj.undecided(), Vec::<usize>::new());
    let alices =
        spantag::io::ron_format::read_annotation_without_warnings(&folder.join("alice.ron"))
            .unwrap();
    assert_eq!(adj.gold.annotation.spans(), alices.spans());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    let adj = harness
        .state()
        .review()
        .unwrap()
        .adjudication
        .as_ref()
        .unwrap();
    assert_eq!(adj.undecided().len(), undecided);
}

/// A double-click selects the word under the pointer, in Japanese and Thai too (no
/// spaces between words): not one character, not the whole line.
#[test]
fn a_double_click_selects_a_word_in_japanese_and_thai() {
    // Words by ICU's dictionaries (its documentation's examples): こんにちは|世界 and
    // ทุก|สอง|สัปดาห์; code points from Python's slicing.
    let text = "こんにちは世界。ทุกสองสัปดาห์\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("samples")).unwrap();
    std::fs::write(dir.path().join("samples/cjk-th.txt"), text).unwrap();
    let mut harness = harness(dir.path(), "carol");
    wait_ready(&mut harness);
    for _ in 0..3 {
        harness.step();
    }
    for (c, word) in [(6, 5..7), (1, 0..5), (16, 14..21), (9, 8..11)] {
        let at = harness.state_mut().screen_rect_of(c).unwrap().center();
        harness.hover_at(at);
        harness.step();
        crate::window::double_click(&mut harness, at);
        harness.step();
        harness.step();
        assert_eq!(
            harness.state().editor().unwrap().selection,
            Some(word.clone()),
            "at {c}"
        );
        // Past egui's double-click time (frames of 1/60 s), so the next pair is not
        // taken for a triple click.
        for _ in 0..40 {
            harness.step();
        }
    }
}

/// A panel the analyst widened stays that wide on another document and in review mode
/// (egui keeps panel sizes in its memory, which eframe also saves for the next run).
#[test]
fn a_widened_panel_keeps_its_width() {
    let (_corpus, mut harness) = crate::window::open_seed("carol");
    harness.step();
    let left = |h: &egui_kittest::Harness<'_, spantag::ui::SpantagApp>| {
        h.get_by_label("Spans").rect().left()
    };
    let before = left(&harness);
    // Drag the panel's edge (just left of its content) 120 points to the left.
    let grab = egui::pos2(before - 9.0, 400.0);
    let to = grab - egui::vec2(120.0, 0.0);
    harness.hover_at(grab);
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: grab,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.step();
    let widened = left(&harness);
    assert!(before - widened > 60.0, "{before} {widened}");
    // Another document: the same width.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    crate::window::run_until(&mut harness, "the next document", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() != SEED)
    });
    harness.step();
    assert_eq!(left(&harness), widened);
    // Back on the seed, review mode shows its own panel in the same place.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    crate::window::run_until(&mut harness, "the seed again", |app| {
        app.editor()
            .is_some_and(|e| e.annotation.document.id().as_str() == SEED)
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    crate::window::run_until(&mut harness, "review mode", |app| app.review().is_some());
    harness.step();
    harness.step();
    let review_left = harness.get_by_label_contains("2 annotators").rect().left();
    assert!(
        (review_left - widened).abs() < 1.0,
        "{review_left} {widened}"
    );
}
