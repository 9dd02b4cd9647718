//! The find bar (Ctrl+F, issue 14): a pattern and its options over the document; its
//! hits are outlined in the text, and Enter / Shift+Enter select the next / previous
//! one, so that a label key then tags it.

use std::ops::Range;

use crate::model::DocId;
use crate::text::search::{Matcher, Query};
use crate::ui::command::{Command, EditCommand};
use crate::ui::editor::Editor;

/// The find bar's state: what is looked for, and the hits in the document shown.
#[derive(Default)]
pub struct FindBar {
    /// Whether the bar is shown.
    pub open: bool,
    /// What to find, and how.
    pub query: Query,
    /// Put the cursor in the field on the next frame.
    focus: bool,
    /// Whether the field had the keys in the last frame: an Escape then only leaves the
    /// field (egui takes the focus away before the frame), it does not drop the selection.
    pub field_had_focus: bool,
    /// The hits of `query` in a document, kept until either changes.
    cached: Option<Cached>,
}

struct Cached {
    query: Query,
    doc: DocId,
    hits: Result<Vec<Range<usize>>, String>,
}

impl FindBar {
    /// Shows the bar and puts the cursor in its field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// The hits in `editor`'s document (none while the bar is closed or the query is
    /// empty or bad), worked out again only when the query or the document changes.
    pub fn hits(&mut self, editor: &Editor) -> &[Range<usize>] {
        self.refresh(editor);
        shown(&self.cached, self.live()).0
    }

    /// Whether there is something to find: the bar is open and the pattern not empty.
    fn live(&self) -> bool {
        self.open && !self.query.pattern.is_empty()
    }

    /// Works the hits out again if the query or the document changed.
    fn refresh(&mut self, editor: &Editor) {
        if !self.live() {
            return;
        }
        let doc = editor.annotation.document.id();
        let stale = self
            .cached
            .as_ref()
            .is_none_or(|c| c.query != self.query || &c.doc != doc);
        if stale {
            let hits = Matcher::new(&self.query)
                .map(|m| {
                    m.find(editor.annotation.document.text())
                        .into_iter()
                        .map(|f| f.chars)
                        .collect()
                })
                .map_err(|e| e.to_string());
            self.cached = Some(Cached {
                query: self.query.clone(),
                doc: doc.clone(),
                hits,
            });
        }
    }

    /// Draws the bar over the text of `editor`. Returns the commands given in it.
    pub fn ui(&mut self, ui: &mut egui::Ui, editor: &Editor) -> Vec<Command> {
        if !self.open {
            self.field_had_focus = false;
            return Vec::new();
        }
        let mut commands = Vec::new();
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query.pattern)
                        .id_salt("find")
                        .desired_width(220.0)
                        .hint_text("text to find"),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(egui::Key::Escape),
                )
            });
            // Escape leaves the field, so that the label keys reach the text and tag
            // the hit selected; the bar stays until closed.
            if escape && (field.has_focus() || field.lost_focus()) {
                field.surrender_focus();
            }
            self.field_had_focus = field.has_focus();
            ui.checkbox(&mut self.query.whole_word, "whole word");
            ui.checkbox(&mut self.query.ignore_case, "any case");
            ui.checkbox(&mut self.query.ignore_marks, "ignore marks")
                .on_hover_text("accents, harakat and tatweel; alef and yeh variants");
            ui.checkbox(&mut self.query.regex, "regex");
            self.refresh(editor);
            let live = self.live();
            let (hits, error) = shown(&self.cached, live);
            // Hits are apart and in order: the selected one is found by its start.
            let current = editor.selection.as_ref().and_then(|s| {
                hits.binary_search_by(|h| h.start.cmp(&s.start))
                    .ok()
                    .filter(|&k| hits[k] == *s)
            });
            let count = match (error, current, hits.len()) {
                (Some(error), _, _) => error.to_owned(),
                _ if !live => String::new(),
                (None, _, 0) => "no hit".to_owned(),
                (None, Some(k), n) => format!("{} of {n}", k + 1),
                (None, None, 1) => "1 hit".to_owned(),
                (None, None, n) => format!("{n} hits"),
            };
            ui.label(count);
            let mut step = None;
            if ui
                .button("Previous")
                .on_hover_text("the hit before (Shift+Enter)")
                .clicked()
            {
                step = Some(false);
            }
            if ui
                .button("Next")
                .on_hover_text("the hit after (Enter)")
                .clicked()
            {
                step = Some(true);
            }
            if field.lost_focus() && enter {
                step = Some(!shift);
                field.request_focus();
            }
            if let Some(forward) = step
                && let Some(hit) = next_hit(hits, editor, forward)
            {
                commands.push(EditCommand::SelectFound(hit).into());
            }
            if ui
                .button("Close")
                .on_hover_text("close the find bar")
                .clicked()
            {
                self.open = false;
            }
        });
        commands
    }
}

/// The hits `cached` holds and its error, when the bar is `live`; nothing otherwise (a
/// stale cache from an emptied pattern is not shown).
fn shown(cached: &Option<Cached>, live: bool) -> (&[Range<usize>], Option<&str>) {
    match cached.as_ref().map(|c| &c.hits) {
        Some(Ok(hits)) if live => (hits, None),
        Some(Err(e)) if live => (&[], Some(e)),
        _ => (&[], None),
    }
}

/// The hit after the selection (or the caret), or before it; around the end.
fn next_hit(hits: &[Range<usize>], editor: &Editor, forward: bool) -> Option<Range<usize>> {
    let (from, to) = match &editor.selection {
        Some(s) => (s.start, s.end),
        None => {
            let c = editor.caret.unwrap_or(0);
            (c, c)
        }
    };
    let found = if forward {
        hits.iter().find(|h| h.start >= to).or(hits.first())
    } else {
        hits.iter().rev().find(|h| h.end <= from).or(hits.last())
    };
    found.cloned()
}
