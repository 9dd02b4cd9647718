//! Review mode: adjudicating one document's annotators into `gold.ron` with the
//! keyboard. The text shows the gold spans and marks every place of disagreement; the
//! review panel lists the places and, for the current one, each annotator's version.
//!
//! Keys: `N` / `P` next / previous undecided place; `1`…`9` take that annotator's version
//! (when no text is selected); `X` no entity here; select text and press a label key to
//! draw the gold span yourself; Delete removes the selected gold span; Escape drops the
//! selection; Ctrl+Z undoes a decision.
//!
//! The reviewer chooses the annotators to compare. By default the reviewer's own file and
//! files not marked done are left out. `gold.ron` is written at the first decision, not
//! on entering: unanimous places are accepted in memory until then. No egui here.

use crate::io::lock::{FileLock, Holder};
use crate::ui::bidi_layout::display_order_fitting;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use super::autosave::Autosave;
use super::worker::ReviewSource;
use crate::io::store::FileStamp;
use crate::model::{DocId, Label, Span, Status};
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
    /// Take, at every undecided place, the version more than half the annotators
    /// compared share (one undo step).
    AcceptAgreed,
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
    /// Select text (to draw a gold span).
    Select(Range<usize>),
    /// Select a gold span.
    SelectSpan(Span),
    /// Compare annotator file `i` (of all the document's files) or leave it out.
    Compare {
        /// Index into the session's sources.
        source: usize,
        /// Compare it, or not.
        on: bool,
    },
    /// Undo the last change to the gold.
    Undo,
    /// Redo the last undone change.
    Redo,
}

impl ReviewCommand {
    /// Whether the command changes the gold (rather than the place, the selection or the
    /// view).
    pub fn changes_gold(&self) -> bool {
        match self {
            Self::Step { .. }
            | Self::Goto(_)
            | Self::Clear
            | Self::Select(_)
            | Self::SelectSpan(_) => false,
            Self::Accept(_)
            | Self::Reject
            | Self::AcceptAgreed
            | Self::Tag(_)
            | Self::Delete
            | Self::Resize { .. }
            | Self::Compare { .. }
            | Self::Undo
            | Self::Redo => true,
        }
    }
}

/// The undecided places where more than half the annotators compared agree: on a span
/// (with the first annotator who has it) or on no entity (`None`).
pub fn agreed_places(
    adjudication: &crate::review::adjudicate::Adjudication,
) -> Vec<(usize, Option<usize>)> {
    let n = adjudication.annotators.len();
    adjudication
        .undecided()
        .into_iter()
        .filter_map(|i| {
            let versions = &adjudication.places[i].versions;
            versions.iter().enumerate().find_map(|(k, v)| {
                let same = versions.iter().filter(|w| *w == v).count();
                (2 * same > n).then_some((i, v.as_ref().map(|_| k)))
            })
        })
        .collect()
}

/// An open review of one document.
pub struct ReviewSession {
    /// The document.
    pub id: DocId,
    /// Every annotator's file of the document.
    pub sources: Vec<ReviewSource>,
    /// Which of them are compared.
    pub chosen: Vec<bool>,
    /// The adjudication of the chosen files; `None` while fewer than two are chosen.
    pub adjudication: Option<Adjudication>,
    /// The gold while no adjudication runs (kept so a choice can be changed back).
    held_gold: Option<GoldFile>,
    /// The current place.
    pub current: Option<usize>,
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
    /// Saving `gold.ron`.
    pub save: Autosave,
    /// `gold.ron` changed on disk while there were unsaved decisions: its stamp and
    /// version, waiting for the curator to choose.
    pub conflict: Option<(FileStamp, Box<GoldFile>)>,
    /// A message shown once.
    pub notice: Option<String>,
    /// This window's lock on `gold.ron`, while it holds it.
    pub lock: Option<FileLock>,
    /// Another window holds `gold.ron`'s lock: who. Decisions are refused until review
    /// mode is opened again after that window let go.
    pub read_only: Option<Holder>,
    undo: Vec<GoldFile>,
    redo: Vec<GoldFile>,
}

impl ReviewSession {
    /// A session on every annotator's file of a document (`sources`), resuming `gold`
    /// (stamped `stamp`) if there is one, at the first undecided place.
    pub fn new(
        id: DocId,
        sources: Vec<ReviewSource>,
        gold: Option<GoldFile>,
        stamp: FileStamp,
        curator: String,
        gold_path: PathBuf,
    ) -> Self {
        let chosen = default_choice(&sources, gold.as_ref(), &curator);
        let mut session = Self {
            id,
            sources,
            chosen,
            adjudication: None,
            held_gold: gold,
            current: None,
            selection: None,
            selected_span: None,
            scroll_to: None,
            curator,
            gold_path,
            save: Autosave::new(stamp),
            conflict: None,
            notice: None,
            lock: None,
            read_only: None,
            undo: Vec::new(),
            redo: Vec::new(),
        };
        session.rebuild();
        session
    }

    /// The gold file as it stands, if an adjudication runs.
    pub fn gold(&self) -> Option<&GoldFile> {
        self.adjudication.as_ref().map(|a| &a.gold)
    }

    /// The gold to write, with its count of undecided places.
    pub fn gold_to_save(&self) -> Option<GoldFile> {
        let adjudication = self.adjudication.as_ref()?;
        let mut gold = adjudication.gold.clone();
        gold.review.undecided = Some(adjudication.undecided().len());
        Some(gold)
    }

    /// The annotators compared, by name.
    pub fn chosen_names(&self) -> Vec<String> {
        self.sources
            .iter()
            .zip(&self.chosen)
            .filter(|(_, on)| **on)
            .map(|(s, _)| s.annotation.annotator.to_string())
            .collect()
    }

    /// Starts the adjudication again over the chosen files, keeping the gold.
    fn rebuild(&mut self) {
        let gold = self
            .adjudication
            .take()
            .map(|a| a.gold)
            .or_else(|| self.held_gold.take());
        let chosen: Vec<&ReviewSource> = self
            .sources
            .iter()
            .zip(&self.chosen)
            .filter(|(_, on)| **on)
            .map(|(s, _)| s)
            .collect();
        let texts: std::collections::BTreeSet<&str> = chosen
            .iter()
            .map(|s| s.annotation.document.sha256())
            .collect();
        if chosen.len() < 2 || texts.len() > 1 {
            self.held_gold = gold;
            self.current = None;
            return;
        }
        let annotations: Vec<crate::model::Annotation> =
            chosen.iter().map(|s| s.annotation.clone()).collect();
        let stamps: Vec<String> = chosen.iter().map(|s| s.sha256.clone()).collect();
        let adjudication = Adjudication::new(&annotations, &stamps, gold, &self.curator);
        self.current = adjudication.next_undecided(None, true);
        self.scroll_to = self.current.map(|i| adjudication.places[i].range().0);
        self.adjudication = Some(adjudication);
    }

    /// Why no adjudication runs, in words, when none does.
    pub fn why_not(&self) -> Option<String> {
        if self.adjudication.is_some() {
            return None;
        }
        let chosen = self.chosen_names();
        if chosen.len() < 2 {
            return Some(format!(
                "Review compares two or more annotators' files; {} chosen. Tick the files to compare below (your own file and files not marked done are left out unless you tick them).",
                chosen.len()
            ));
        }
        Some("The chosen files hold different texts; they cannot be compared.".to_owned())
    }

    fn goto(&mut self, i: usize) {
        let Some(adjudication) = &self.adjudication else {
            return;
        };
        self.current = Some(i);
        self.scroll_to = Some(adjudication.places[i].range().0);
        self.selection = None;
        self.selected_span = None;
    }

    /// Applies a command made at `now`; returns whether the gold changed.
    pub fn apply(&mut self, command: ReviewCommand, now: Instant) -> bool {
        if let Some(holder) = &self.read_only
            && command.changes_gold()
        {
            self.notice = Some(format!(
                "Read-only: gold.ron is open in another spantag window ({holder}). Leave review mode and come back once it is closed there."
            ));
            return false;
        }
        // Undo, redo and the choice of files move no decision onto the undo stack.
        let undoable = matches!(
            command,
            ReviewCommand::Accept(_)
                | ReviewCommand::Reject
                | ReviewCommand::AcceptAgreed
                | ReviewCommand::Tag(_)
                | ReviewCommand::Delete
                | ReviewCommand::Resize { .. }
        );
        let before = self
            .adjudication
            .as_ref()
            .filter(|_| undoable)
            .map(|a| a.gold.clone());
        let changed = self.apply_inner(command);
        if changed {
            if let Some(before) = before {
                self.undo.push(before);
                self.redo.clear();
            }
            self.save.edited(now);
        }
        changed
    }

    fn apply_inner(&mut self, command: ReviewCommand) -> bool {
        let curator = self.curator.clone();
        match command {
            ReviewCommand::Step { forward } => {
                if let Some(i) = self
                    .adjudication
                    .as_ref()
                    .and_then(|a| a.next_undecided(self.current, forward))
                {
                    self.goto(i);
                }
                false
            }
            ReviewCommand::Goto(i) => {
                if self
                    .adjudication
                    .as_ref()
                    .is_some_and(|a| i < a.places.len())
                {
                    self.goto(i);
                }
                false
            }
            ReviewCommand::Accept(k) => {
                let (Some(i), Some(adjudication)) = (self.current, &mut self.adjudication) else {
                    return false;
                };
                if k >= adjudication.annotators.len() {
                    return false;
                }
                adjudication.accept(i, k, &curator);
                self.after_decision();
                true
            }
            ReviewCommand::AcceptAgreed => {
                let Some(adjudication) = &mut self.adjudication else {
                    return false;
                };
                let agreed = agreed_places(adjudication);
                for &(i, k) in &agreed {
                    match k {
                        Some(k) => adjudication.accept(i, k, &curator),
                        None => adjudication.reject(i, &curator),
                    }
                }
                if agreed.is_empty() {
                    self.notice = Some(
                        "No undecided place has a version more than half the annotators share"
                            .to_owned(),
                    );
                    return false;
                }
                self.notice = Some(format!(
                    "Took the majority's version at {} {}; Ctrl+Z takes them back",
                    agreed.len(),
                    crate::jobs::plural(agreed.len(), "place", "places")
                ));
                self.after_decision();
                true
            }
            ReviewCommand::Reject => {
                let (Some(i), Some(adjudication)) = (self.current, &mut self.adjudication) else {
                    return false;
                };
                adjudication.reject(i, &curator);
                self.after_decision();
                true
            }
            ReviewCommand::Tag(label) => {
                if self.adjudication.is_none() {
                    return false;
                }
                if let Some(range) = self.selection.take() {
                    let span = Span::new(range.start, range.end, label);
                    let place = self.place_at(&span);
                    if let Some(adjudication) = &mut self.adjudication {
                        match place {
                            Some(i) => adjudication.edited(i, Some(span.clone()), &curator),
                            None => adjudication.draw(span.clone(), &curator),
                        }
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
                if self.adjudication.is_none() {
                    return false;
                }
                self.replace_gold(&old, new, &curator);
                true
            }
            ReviewCommand::Clear => {
                self.selection = None;
                self.selected_span = None;
                false
            }
            ReviewCommand::Select(range) => {
                self.selection = Some(range);
                self.selected_span = None;
                false
            }
            ReviewCommand::SelectSpan(span) => {
                self.selection = None;
                self.selected_span = Some(span);
                false
            }
            ReviewCommand::Delete => {
                let Some(span) = self.selected_span.take() else {
                    return false;
                };
                let place = self.place_at(&span);
                let Some(adjudication) = &mut self.adjudication else {
                    return false;
                };
                match place {
                    Some(i) => adjudication.edited(i, None, &curator),
                    None => adjudication.erase(&span),
                }
                true
            }
            ReviewCommand::Compare { source, on } => {
                let Some(slot) = self.chosen.get_mut(source) else {
                    return false;
                };
                if *slot == on {
                    return false;
                }
                *slot = on;
                self.rebuild();
                // The choice is part of the gold's review block: it is saved with the
                // gold, once the gold is written at all.
                self.save.stamp.is_some() || self.save.revision > 0
            }
            ReviewCommand::Undo => self.step_history(true),
            ReviewCommand::Redo => self.step_history(false),
        }
    }

    /// Undoes (or redoes) the last change to the gold.
    fn step_history(&mut self, undo: bool) -> bool {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let (Some(gold), Some(adjudication)) = (from.pop(), &mut self.adjudication) else {
            return false;
        };
        to.push(std::mem::replace(&mut adjudication.gold, gold));
        self.selection = None;
        self.selected_span = None;
        // Not an edit with its own undo entry: the stacks moved already.
        true
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Replaces gold span `old` by `new` (a relabel or a resize), as a decision on its
    /// place if it has one, and selects it.
    fn replace_gold(&mut self, old: &Span, new: Span, curator: &str) {
        let place = self.place_at(old);
        let Some(adjudication) = &mut self.adjudication else {
            return;
        };
        match place {
            Some(i) => adjudication.edited(i, Some(new.clone()), curator),
            None => {
                adjudication.erase(old);
                adjudication.draw(new.clone(), curator);
            }
        }
        self.selected_span = Some(new);
    }

    /// The place a gold span belongs to: the one whose range overlaps it most.
    fn place_at(&self, span: &Span) -> Option<usize> {
        self.adjudication
            .as_ref()?
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
        if let Some(next) = self
            .adjudication
            .as_ref()
            .and_then(|a| a.next_undecided(self.current, true))
        {
            self.goto(next);
        }
    }

    /// The gold file on disk was loaded in place of the decisions made here.
    pub fn take_theirs(&mut self, stamp: FileStamp, theirs: GoldFile) {
        self.adjudication = None;
        self.held_gold = Some(theirs);
        self.undo.clear();
        self.redo.clear();
        self.rebuild();
        self.save.reloaded(stamp);
        self.conflict = None;
    }

    /// A one-line description of place `i`: its kind, state and text.
    pub fn describe(&self, i: usize) -> String {
        let Some(adjudication) = &self.adjudication else {
            return String::new();
        };
        let place = &adjudication.places[i];
        let (start, end) = place.range();
        let text = adjudication
            .gold
            .annotation
            .document
            .slice(start, end)
            .unwrap_or_default()
            .replace(['\r', '\n'], " ");
        let state = match adjudication.state(i) {
            PlaceState::Decided(d) => format!("✔ {}", d.choice),
            PlaceState::Stale(d) => format!("⚠ stale ({})", d.choice),
            PlaceState::Undecided => "…".to_owned(),
        };
        let shown = display_order_fitting(&text, |s| s.chars().count() <= 33);
        format!("{state} {} “{shown}”", place.disagreement.name())
    }
}

/// Which files review compares at first: those the gold was made from, if it names two
/// or more that are here; else every file but the curator's own and those not marked
/// done.
fn default_choice(sources: &[ReviewSource], gold: Option<&GoldFile>, curator: &str) -> Vec<bool> {
    if let Some(gold) = gold {
        let named: Vec<bool> = sources
            .iter()
            .map(|s| {
                let name = s.annotation.annotator.as_str();
                gold.review.sources.iter().any(|g| g.annotator == name)
            })
            .collect();
        if named.iter().filter(|on| **on).count() >= 2 {
            return named;
        }
    }
    sources
        .iter()
        .map(|s| s.annotation.annotator.as_str() != curator && s.annotation.status == Status::Done)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, AnnotatorName, Document, now};

    fn source(who: &str, status: Status, spans: &[(usize, usize, &str)]) -> ReviewSource {
        let doc = Document::new(
            DocId::new("d").unwrap(),
            "",
            "Rebels seized Rastan near Homs on Friday.",
        );
        let mut a = Annotation::new(doc, AnnotatorName::new(who).unwrap(), now());
        a.status = status;
        for &(s, e, l) in spans {
            a.insert(Span::new(s, e, l)).unwrap();
        }
        ReviewSource {
            annotation: a,
            sha256: format!("sha-{who}"),
        }
    }

    fn session() -> ReviewSession {
        let sources = vec![
            source(
                "alice",
                Status::Done,
                &[(0, 6, "actor"), (14, 20, "location")],
            ),
            source("bob", Status::Done, &[(0, 6, "actor"), (14, 20, "actor")]),
            // The curator's own partial file: not compared by default.
            source("carol", Status::Done, &[(26, 30, "location")]),
        ];
        session_of(sources)
    }

    /// A review by carol of `sources`, with no gold yet.
    fn session_of(sources: Vec<ReviewSource>) -> ReviewSession {
        ReviewSession::new(
            DocId::new("d").unwrap(),
            sources,
            None,
            None,
            "carol".into(),
            "gold.ron".into(),
        )
    }

    #[test]
    fn commands_decide_draw_resize_and_delete() {
        let t = Instant::now();
        let mut s = session();
        assert_eq!(s.chosen_names(), ["alice", "bob"]);
        assert_eq!(s.current, Some(1)); // Rastan: label disagreement
        assert!(!s.save.is_dirty(), "nothing is written on entering");
        assert!(s.apply(ReviewCommand::Accept(0), t));
        assert_eq!(s.save.revision, 1);
        let gold = |s: &ReviewSession| s.gold().unwrap().annotation.spans().to_vec();
        assert!(gold(&s).contains(&Span::new(14, 20, "location")));
        // Draw "Homs" where nobody tagged anything, then widen it, then delete it.
        s.apply(ReviewCommand::Select(26..30), t);
        assert!(s.apply(ReviewCommand::Tag(Label::new("location")), t));
        assert!(gold(&s).contains(&Span::new(26, 30, "location")));
        let new = Span::new(21, 30, "location");
        assert!(s.apply(
            ReviewCommand::Resize {
                old: Span::new(26, 30, "location"),
                new: new.clone()
            },
            t
        ));
        assert!(gold(&s).contains(&new));
        assert!(!gold(&s).contains(&Span::new(26, 30, "location")));
        assert_eq!(
            s.gold().unwrap().provenance[&new].curator.as_deref(),
            Some("carol")
        );
        assert!(s.apply(ReviewCommand::Delete, t));
        assert!(!gold(&s).contains(&new));
        // Accepting with no current place does nothing.
        s.current = None;
        assert!(!s.apply(ReviewCommand::Accept(1), t));
    }

    #[test]
    fn ctrl_z_undoes_a_decision_and_redo_takes_it_again() {
        let t = Instant::now();
        let mut s = session();
        let before = s.gold().unwrap().annotation.spans().to_vec();
        assert!(s.apply(ReviewCommand::Accept(0), t));
        let decided = s.gold().unwrap().annotation.spans().to_vec();
        assert_ne!(before, decided);
        assert!(s.apply(ReviewCommand::Undo, t));
        assert_eq!(s.gold().unwrap().annotation.spans(), before.as_slice());
        assert_eq!(s.gold_to_save().unwrap().review.undecided, Some(1));
        assert!(s.apply(ReviewCommand::Redo, t));
        assert_eq!(s.gold().unwrap().annotation.spans(), decided.as_slice());
        assert_eq!(s.gold_to_save().unwrap().review.undecided, Some(0));
        assert_eq!(s.save.revision, 3, "undo and redo are changes to save");
    }

    #[test]
    fn the_reviewer_chooses_whom_to_compare() {
        let t = Instant::now();
        let mut s = session();
        // Leave bob out: one file is not enough, and the panel says why.
        assert!(!s.apply(
            ReviewCommand::Compare {
                source: 1,
                on: false
            },
            t
        ));
        assert!(s.adjudication.is_none());
        assert!(s.why_not().unwrap().contains("1 chosen"));
        // Take the curator's own file in: alice and carol are compared.
        s.apply(
            ReviewCommand::Compare {
                source: 2,
                on: true,
            },
            t,
        );
        assert_eq!(s.chosen_names(), ["alice", "carol"]);
        let gold = s.gold_to_save().unwrap();
        let names: Vec<&str> = gold
            .review
            .sources
            .iter()
            .map(|x| x.annotator.as_str())
            .collect();
        assert_eq!(names, ["alice", "carol"]);
    }

    #[test]
    fn files_not_done_are_left_out_by_default() {
        let sources = vec![
            source("alice", Status::Done, &[(0, 6, "actor")]),
            source("bob", Status::InProgress, &[(0, 6, "actor")]),
            source("dan", Status::Done, &[(14, 20, "actor")]),
        ];
        assert_eq!(session_of(sources).chosen_names(), ["alice", "dan"]);
    }
}
