//! Review mode: adjudicating one document's annotators into `gold.ron` with the
//! keyboard. The text shows the gold spans and marks every place of disagreement; the
//! review panel lists the places and, for the current one, each annotator's version.
//!
//! Keys: `N` / `P` next / previous undecided place; `1`…`9` take that annotator's version
//! (when no text is selected); `X` no entity here; select text and press a label key to
//! draw the gold span yourself; Delete removes the selected gold span; Escape drops the
//! selection.

use std::ops::Range;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::text_layout::TextLayout;
use super::text_view::ViewState;
use crate::io::store::FileStamp;
use crate::model::{Label, Span};
use crate::review::adjudicate::{Adjudication, PlaceState};
use crate::review::gold::GoldFile;

/// What the curator asked for in review mode.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewCommand {
    /// Go to the next (or previous) undecided place.
    Step {
        /// Forward, or back.
        forward: bool,
    },
    /// Go to place `i`.
    Goto(usize),
    /// Take annotator `k`'s version (0-based) at the current place.
    Accept(usize),
    /// No entity at the current place.
    Reject,
    /// Draw a gold span over the selection with this label.
    Tag(Label),
    /// Remove the selected gold span.
    Delete,
    /// Drop the selection and the selected span (so digits take versions again).
    Clear,
    /// A gold span's edge was dragged.
    Resize {
        /// The span before.
        old: Span,
        /// The span after.
        new: Span,
    },
}

/// An open review of one document.
pub struct ReviewSession {
    /// The adjudication state.
    pub adjudication: Adjudication,
    /// The current place.
    pub current: Option<usize>,
    /// Geometry of the text.
    pub layout: TextLayout,
    /// The text widget's state.
    pub view: ViewState,
    /// Selected text (to draw a gold span).
    pub selection: Option<Range<usize>>,
    /// The selected gold span.
    pub selected_span: Option<Span>,
    /// Scroll here next frame.
    pub scroll_to: Option<usize>,
    /// Who adjudicates.
    pub curator: String,
    /// `annotations/<doc>/gold.ron`.
    pub gold_path: PathBuf,
    /// The gold file's stamp as last read or written.
    pub stamp: FileStamp,
    /// Why the last save failed, if it did.
    pub save_error: Option<String>,
    /// Decisions not yet written.
    pub dirty: bool,
    /// A save is under way.
    pub saving: bool,
}

impl ReviewSession {
    /// A session resuming at the first undecided place.
    pub fn new(
        adjudication: Adjudication,
        curator: String,
        gold_path: PathBuf,
        stamp: FileStamp,
    ) -> Self {
        let layout = TextLayout::new(adjudication.gold.annotation.document.text());
        let current = adjudication.next_undecided(None, true);
        let scroll_to = current.map(|i| adjudication.places[i].range().0);
        Self {
            adjudication,
            current,
            layout,
            view: ViewState::default(),
            selection: None,
            selected_span: None,
            scroll_to,
            curator,
            gold_path,
            stamp,
            save_error: None,
            dirty: false,
            saving: false,
        }
    }

    /// The gold file as it stands.
    pub fn gold(&self) -> &GoldFile {
        &self.adjudication.gold
    }

    fn goto(&mut self, i: usize) {
        self.current = Some(i);
        self.scroll_to = Some(self.adjudication.places[i].range().0);
        self.selection = None;
        self.selected_span = None;
    }

    /// Applies a command; returns whether the gold changed (and must be saved).
    pub fn apply(&mut self, command: ReviewCommand) -> bool {
        let curator = self.curator.clone();
        match command {
            ReviewCommand::Step { forward } => {
                if let Some(i) = self.adjudication.next_undecided(self.current, forward) {
                    self.goto(i);
                }
                false
            }
            ReviewCommand::Goto(i) => {
                if i < self.adjudication.places.len() {
                    self.goto(i);
                }
                false
            }
            ReviewCommand::Accept(k) => {
                let Some(i) = self.current else { return false };
                if k >= self.adjudication.annotators.len() {
                    return false;
                }
                self.adjudication.accept(i, k, &curator);
                self.after_decision();
                true
            }
            ReviewCommand::Reject => {
                let Some(i) = self.current else { return false };
                self.adjudication.reject(i, &curator);
                self.after_decision();
                true
            }
            ReviewCommand::Tag(label) => {
                if let Some(range) = self.selection.take() {
                    let span = Span::new(range.start, range.end, label);
                    let place = self.place_at(&span);
                    match place {
                        Some(i) => self.adjudication.edited(i, Some(span.clone()), &curator),
                        None => self.adjudication.draw(span.clone(), &curator),
                    }
                    self.selected_span = Some(span);
                    return true;
                }
                if let Some(old) = self.selected_span.clone() {
                    let new = Span::new(old.start, old.end, label);
                    self.replace_gold(&old, new, &curator);
                    return true;
                }
                false
            }
            ReviewCommand::Resize { old, new } => {
                self.replace_gold(&old, new, &curator);
                true
            }
            ReviewCommand::Clear => {
                self.selection = None;
                self.selected_span = None;
                false
            }
            ReviewCommand::Delete => {
                let Some(span) = self.selected_span.take() else {
                    return false;
                };
                match self.place_at(&span) {
                    Some(i) => self.adjudication.edited(i, None, &curator),
                    None => self.adjudication.erase(&span),
                }
                true
            }
        }
    }

    /// Replaces gold span `old` by `new` (a relabel or a resize), as a decision on its
    /// place if it has one, and selects it.
    fn replace_gold(&mut self, old: &Span, new: Span, curator: &str) {
        match self.place_at(old) {
            Some(i) => self.adjudication.edited(i, Some(new.clone()), curator),
            None => {
                self.adjudication.erase(old);
                self.adjudication.draw(new.clone(), curator);
            }
        }
        self.selected_span = Some(new);
    }

    /// The place a gold span belongs to: the one whose range overlaps it most.
    fn place_at(&self, span: &Span) -> Option<usize> {
        self.adjudication
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let (s, e) = p.range();
                s < span.end && span.start < e
            })
            .max_by_key(|(_, p)| {
                let (s, e) = p.range();
                e.min(span.end).saturating_sub(s.max(span.start))
            })
            .map(|(i, _)| i)
    }

    fn after_decision(&mut self) {
        // Move on to the next place waiting, as a reviewer working down the page expects.
        if let Some(next) = self.adjudication.next_undecided(self.current, true) {
            self.goto(next);
        }
    }

    /// A one-line description of place `i`: its kind, state and text.
    pub fn describe(&self, i: usize) -> String {
        let place = &self.adjudication.places[i];
        let (start, end) = place.range();
        let text = self
            .adjudication
            .gold
            .annotation
            .document
            .slice(start, end)
            .unwrap_or_default()
            .replace(['\r', '\n'], " ");
        let state = match self.adjudication.state(i) {
            PlaceState::Decided(d) => format!("✔ {}", d.choice),
            PlaceState::Stale(d) => format!("⚠ stale ({})", d.choice),
            PlaceState::Undecided => "…".to_owned(),
        };
        let shown: String = text.chars().take(32).collect();
        format!("{state} {} “{shown}”", place.disagreement.name())
    }
}

/// Review commands for this frame's keys, consuming them. Call only in review mode and
/// when no text field has the keyboard. Digits accept a version unless text is selected
/// (then the label keys tag, as everywhere).
pub fn review_commands_from_keys(
    ctx: &egui::Context,
    session: &ReviewSession,
    schema: &crate::model::Schema,
) -> Vec<ReviewCommand> {
    let mut out = Vec::new();
    let drawing = session.selection.is_some() || session.selected_span.is_some();
    ctx.input_mut(|input| {
        let mut key = |k: Key, command: ReviewCommand| {
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::NONE, k)) {
                out.push(command);
            }
        };
        key(Key::N, ReviewCommand::Step { forward: true });
        key(Key::P, ReviewCommand::Step { forward: false });
        key(Key::X, ReviewCommand::Reject);
        key(Key::Escape, ReviewCommand::Clear);
        key(Key::Delete, ReviewCommand::Delete);
        key(Key::Backspace, ReviewCommand::Delete);
        input.events.retain(|event| {
            let egui::Event::Text(text) = event else {
                return true;
            };
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return true;
            };
            if drawing {
                if let Some(def) = schema.by_key(c) {
                    out.push(ReviewCommand::Tag(def.name.clone()));
                    return false;
                }
            } else if let Some(k) = c.to_digit(10).filter(|&d| d >= 1) {
                out.push(ReviewCommand::Accept(k as usize - 1));
                return false;
            }
            // n, p and x arrive as text too; the key events above handled them.
            !matches!(c, 'n' | 'p' | 'x' | 'N' | 'P' | 'X')
        });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, AnnotatorName, DocId, Document, now};

    fn session() -> ReviewSession {
        let annotation = |who: &str, spans: &[(usize, usize, &str)]| {
            let doc = Document::new(
                DocId::new("d").unwrap(),
                "",
                "Rebels seized Rastan near Homs on Friday.",
            );
            let mut a = Annotation::new(doc, AnnotatorName::new(who).unwrap(), now());
            for &(s, e, l) in spans {
                a.insert(Span::new(s, e, l)).unwrap();
            }
            a
        };
        let sources = [
            annotation("alice", &[(0, 6, "actor"), (14, 20, "location")]),
            annotation("bob", &[(0, 6, "actor"), (14, 20, "actor")]),
        ];
        let adjudication = Adjudication::new(&sources, &["a".into(), "b".into()], None, "carol");
        ReviewSession::new(adjudication, "carol".into(), "gold.ron".into(), None)
    }

    #[test]
    fn commands_decide_draw_resize_and_delete() {
        let mut s = session();
        assert_eq!(s.current, Some(1)); // Rastan: label disagreement
        assert!(s.apply(ReviewCommand::Accept(0)));
        assert!(
            s.gold()
                .annotation
                .spans()
                .contains(&Span::new(14, 20, "location"))
        );
        // Draw "Homs" where nobody tagged anything, then widen it, then delete it.
        s.selection = Some(26..30);
        assert!(s.apply(ReviewCommand::Tag(Label::new("location"))));
        assert!(
            s.gold()
                .annotation
                .spans()
                .contains(&Span::new(26, 30, "location"))
        );
        let new = Span::new(21, 30, "location");
        assert!(s.apply(ReviewCommand::Resize {
            old: Span::new(26, 30, "location"),
            new: new.clone()
        }));
        assert!(s.gold().annotation.spans().contains(&new));
        assert!(
            !s.gold()
                .annotation
                .spans()
                .contains(&Span::new(26, 30, "location"))
        );
        assert_eq!(s.gold().provenance[&new].curator.as_deref(), Some("carol"));
        assert!(s.apply(ReviewCommand::Delete));
        assert!(!s.gold().annotation.spans().contains(&new));
        // Accepting with no current place does nothing.
        s.current = None;
        assert!(!s.apply(ReviewCommand::Accept(1)));
    }
}
