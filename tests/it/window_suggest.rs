//! Suggestions in the window (issue 14): drawn apart from spans, accepted with Enter or a
//! label key, rejected with X (and not back after reopening), all accepted with Shift+A
//! and taken back with one Ctrl+Z. The bundled corpus: carol has no file on the seed
//! article, so everything alice and bob tagged there, and the bundled gazetteer's names,
//! are suggested to her.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spantag::model::{Origin, Span, Suggestion};
use spantag::ui::SpantagApp;
use spantag::ui::command::{Command, EditCommand};

use crate::window::{SEED, file_of, harness, run_until, saved, type_label_key, wait_ready};

/// `spantag suggest --annotator carol` gives the seed article 68 suggestions from the
/// dictionary and 9 from the gazetteer (see `suggest.rs`): 77.
const SUGGESTED: usize = 77;

/// The bundled corpus opened on the seed article as carol, once its suggestions came.
fn seed_window() -> (tempfile::TempDir, Harness<'static, SpantagApp>) {
    let (corpus, mut harness) = crate::window::open_seed("carol");
    run_until(&mut harness, "the suggestions", |app| {
        app.editor()
            .is_some_and(|e| e.shown_suggestions().next().is_some())
    });
    (corpus, harness)
}

fn shown(harness: &Harness<'_, SpantagApp>) -> Vec<Suggestion> {
    let editor = harness.state().editor().unwrap();
    editor.shown_suggestions().cloned().collect()
}

fn selected(harness: &Harness<'_, SpantagApp>) -> Option<Suggestion> {
    harness
        .state()
        .editor()
        .unwrap()
        .selected_suggestion
        .clone()
}

fn press(harness: &mut Harness<'_, SpantagApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.step();
    harness.step();
}

fn select(harness: &mut Harness<'_, SpantagApp>, suggestion: &Suggestion) {
    harness
        .state_mut()
        .send(spantag::ui::command::Command::Edit(
            spantag::ui::command::EditCommand::SelectSuggestion(suggestion.clone()),
        ));
    harness.step();
}

#[test]
fn suggestions_are_listed_apart_and_none_is_a_span() {
    let (_corpus, mut harness) = seed_window();
    harness.step();
    let editor = harness.state().editor().unwrap();
    assert_eq!(editor.annotation.spans(), []);
    assert_eq!(editor.shown_suggestions().count(), SUGGESTED);
    let text = editor.annotation.document.text().to_owned();
    // "Homs" in the title: a location, from the dictionary (alice and bob tagged it).
    let homs = text[..text.find("Homs\n").unwrap()].chars().count();
    assert!(shown(&harness).contains(&Suggestion::new(
        Span::new(homs, homs + 4, "location"),
        Origin::Dictionary
    )));
    assert!(
        harness
            .query_by_label_contains(&format!("Suggestions ({SUGGESTED})"))
            .is_some()
    );
    assert!(harness.query_by_label("Accept all suggestions").is_some());
    // Nothing was written: suggestions alone are no work.
    assert!(!file_of(_corpus.path(), SEED, "carol").exists());
}

#[test]
fn enter_accepts_and_moves_on_x_rejects_for_good() {
    let (corpus, mut harness) = seed_window();
    let file = file_of(corpus.path(), SEED, "carol");
    let all = shown(&harness);
    select(&mut harness, &all[0]);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let editor = harness.state().editor().unwrap();
    assert_eq!(editor.selected_suggestion.as_ref(), Some(&all[1]));
    let a = saved(&mut harness, &file);
    assert_eq!(a.spans(), std::slice::from_ref(&all[0].span));
    assert_eq!(a.origin_of(&all[0].span), all[0].source);
    // X on the next one (now selected): rejected, kept in the file as such.
    press(&mut harness, Modifiers::NONE, Key::X);
    let a = saved(&mut harness, &file);
    assert_eq!(a.rejected(), std::slice::from_ref(&all[1]));
    assert_eq!(a.spans().len(), 1);
    // A label key on the next one accepts it with that label.
    assert_eq!(selected(&harness).as_ref(), Some(&all[2]));
    let other = if all[2].span.label.as_str() == "event" {
        ("1", "actor")
    } else {
        ("3", "event")
    };
    type_label_key(&mut harness, other.0);
    let a = saved(&mut harness, &file);
    let relabelled = Span::new(all[2].span.start, all[2].span.end, other.1);
    assert!(a.spans().contains(&relabelled));
    assert_eq!(a.origin_of(&relabelled), all[2].source);
    drop(harness);

    // Opened again: the rejected one is not suggested, the accepted ones are spans.
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let mut again = crate::window::harness(&path, "carol");
    wait_ready(&mut again);
    run_until(&mut again, "the suggestions", |app| {
        app.editor()
            .is_some_and(|e| e.shown_suggestions().count() == SUGGESTED - 3)
    });
    let now = shown(&again);
    assert!(!now.contains(&all[1]));
    assert!(!now.contains(&all[0]) && !now.contains(&all[2]));
}

#[test]
fn shift_a_accepts_all_and_one_undo_takes_them_back() {
    let (corpus, mut harness) = seed_window();
    let file = file_of(corpus.path(), SEED, "carol");
    let all = shown(&harness);
    press(&mut harness, Modifiers::SHIFT, Key::A);
    let a = saved(&mut harness, &file);
    let mut spans: Vec<Span> = all.iter().map(|s| s.span.clone()).collect();
    spans.sort();
    assert_eq!(a.spans(), spans.as_slice());
    assert_eq!(
        a.origins().filter(|(_, o)| *o == Origin::Gazetteer).count(),
        all.iter().filter(|s| s.source == Origin::Gazetteer).count()
    );
    assert_eq!(shown(&harness), []);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let a = saved(&mut harness, &file);
    assert_eq!(a.spans(), []);
    assert_eq!(shown(&harness), all);
}

#[test]
fn tab_walks_spans_and_suggestions_in_text_order() {
    let (_corpus, mut harness) = seed_window();
    let all = shown(&harness);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness).as_ref(), Some(&all[0]));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness).as_ref(), Some(&all[1]));
    // Hidden in the View menu: Tab skips them, Enter has nothing to accept.
    for source in [Origin::Dictionary, Origin::Gazetteer] {
        harness
            .state_mut()
            .send(spantag::ui::command::Command::ShowSuggestionsFrom {
                source,
                shown: false,
            });
    }
    harness.step();
    assert_eq!(shown(&harness), []);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().editor().unwrap().annotation.spans(), []);
}

#[test]
fn tag_all_in_the_corpus_previews_then_tags_here_and_suggests_elsewhere() {
    let (corpus, mut harness) = seed_window();
    // carol tags "Syria" (code points 191..196, from Python's slicing) as a location.
    harness.state_mut().send(Command::Edit(EditCommand::Select {
        range: 191..196,
        caret: 196,
    }));
    harness.step();
    type_label_key(&mut harness, "2");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    run_until(&mut harness, "the preview", |_| true);
    for _ in 0..20 {
        harness.step();
    }
    // Python: "Syria" as a word at 357, 912, 1110 and 2016 here; at 139 and 314 in the
    // idlib article, and nowhere else.
    assert!(
        harness
            .query_by_label_contains("4 more places, tagged as spans")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Other documents: 2 places in 1 document")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("idlib-floods-strand-aid-convoy: 2")
            .is_some()
    );
    // Nothing is written before the analyst says so.
    let idlib = file_of(corpus.path(), "idlib-floods-strand-aid-convoy", "carol");
    assert!(!idlib.exists());
    harness.get_by_label("Tag and suggest").click();
    run_until(&mut harness, "the suggestions written", |_| idlib.exists());
    for _ in 0..10 {
        harness.step();
    }
    let here = saved(&mut harness, &file_of(corpus.path(), SEED, "carol"));
    let spans: Vec<(usize, usize, Origin)> = here
        .spans()
        .iter()
        .map(|s| (s.start, s.end, here.origin_of(s)))
        .collect();
    assert_eq!(
        spans,
        [
            (191, 196, Origin::Hand),
            (357, 362, Origin::Occurrences),
            (912, 917, Origin::Occurrences),
            (1110, 1115, Origin::Occurrences),
            (2016, 2021, Origin::Occurrences),
        ]
    );
    let there = spantag::io::ron_format::read_annotation_without_warnings(&idlib).unwrap();
    assert_eq!(there.spans(), []);
    assert_eq!(
        there.suggestions(),
        [
            Suggestion::new(Span::new(139, 144, "location"), Origin::Occurrences),
            Suggestion::new(Span::new(314, 319, "location"), Origin::Occurrences),
        ]
    );
    assert!(
        harness
            .query_by_label_contains("Done: 4 spans here; 2 places suggested in 1 other document.")
            .is_some()
    );
    // A file of suggestions only: the idlib article is still not started, opened or not.
    let not_started = |app: &SpantagApp| {
        app.entries()
            .iter()
            .find(|e| e.text.id.as_str() == "idlib-floods-strand-aid-convoy")
            .and_then(|e| e.summary.clone())
            == Some(spantag::ui::worker::Summary::NotStarted)
    };
    run_until(&mut harness, "the list", not_started);
    // One Ctrl+Z takes this document's spans back.
    harness.get_by_label("Close").click();
    harness.step();
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let here = saved(&mut harness, &file_of(corpus.path(), SEED, "carol"));
    assert_eq!(here.spans(), [Span::new(191, 196, "location")]);
    harness.state_mut().send(Command::OpenAt {
        id: spantag::model::DocId::new("idlib-floods-strand-aid-convoy").unwrap(),
        range: 139..144,
    });
    run_until(&mut harness, "the idlib article", |app| {
        app.editor().is_some_and(|e| {
            e.annotation.document.id().as_str() == "idlib-floods-strand-aid-convoy"
        })
    });
    run_until(&mut harness, "the sources' suggestions", |app| {
        app.editor()
            .is_some_and(|e| e.shown_suggestions().count() > 2)
    });
    // `spantag suggest` finds 29 from the dictionary (both Syrias among them, which the
    // file already has as occurrences) and 5 from the gazetteer there.
    assert_eq!(shown(&harness).len(), 2 + (29 - 2) + 5);
    assert!(not_started(harness.state()));
}

#[test]
fn the_corpus_command_runs_once_the_user_agrees_and_is_not_asked_again() {
    let corpus = crate::bundled_corpus_copy();
    // The sh "model" suggests [14, 18) as a location: "ency" in the seed's title, which
    // no other source suggests.
    crate::suggest::write_command_schema(corpus.path(), crate::suggest::SH_MODEL);
    let config = tempfile::tempdir().unwrap();
    let consents = spantag::io::consent::Consents::at(config.path().join("allowed.jsonl"));
    let path = corpus.path().join(format!("samples/{SEED}.txt"));
    let open = |consents: &spantag::io::consent::Consents| {
        crate::window::CONSENTS.with(|c| *c.borrow_mut() = Some(consents.clone()));
        let mut harness = harness(&path, "carol");
        wait_ready(&mut harness);
        run_until(&mut harness, "the other suggestions", |app| {
            app.editor()
                .is_some_and(|e| e.shown_suggestions().next().is_some())
        });
        harness
    };
    let from_command = Suggestion::new(Span::new(14, 18, "location"), Origin::Command);
    let mut harness = open(&consents);
    harness.step();
    // Asked first; nothing runs before the answer.
    assert!(
        harness
            .query_by_label("Run this corpus's suggestion command?")
            .is_some()
    );
    assert!(!shown(&harness).contains(&from_command));
    harness.get_by_label("Run it").click();
    run_until(&mut harness, "the command's suggestions", |app| {
        app.editor().is_some_and(|e| {
            e.annotation
                .suggestions()
                .iter()
                .any(|s| s.source == Origin::Command)
        })
    });
    assert!(shown(&harness).contains(&from_command));
    drop(harness);
    // Opened again: remembered, not asked.
    let mut again = open(&consents);
    run_until(&mut again, "the command's suggestions", |app| {
        app.editor().is_some_and(|e| {
            e.annotation
                .suggestions()
                .iter()
                .any(|s| s.source == Origin::Command)
        })
    });
    again.step();
    assert!(
        again
            .query_by_label("Run this corpus's suggestion command?")
            .is_none()
    );
}
