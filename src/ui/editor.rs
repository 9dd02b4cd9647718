//! One open document being annotated: the annotation, its undo history, the caret and
//! selection, and whether it is saved. Changes come in as [`EditCommand`]s and go through
//! [`History`], so every one can be undone. No egui here: how the text looks on screen
//! is the text view's business (`views.rs`).

use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

pub use super::autosave::Autosave;
use super::blocks::{Block, block_of_char, split_blocks};
use super::command::EditCommand;
use super::worker::RecoveryCopy;
use crate::io::lock::{FileLock, Holder};
use crate::io::store::FileStamp;
use crate::model::text::words;
use crate::model::{Annotation, Edit, History, Label, Origin, Span, Status, Suggestion, now};
use crate::text::occurrences::occurrence_suggestions;

/// What tagging every occurrence says without a selected span.
pub const SELECT_A_SPAN_FIRST: &str =
    "Select a span first: its words are tagged wherever else they occur";

/// Which edge of a span a keyboard resize moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The first code point.
    Start,
    /// One past the last code point.
    End,
}

/// An open, editable document.
pub struct Editor {
    /// The annotator's work.
    pub annotation: Annotation,
    /// Undo and redo.
    pub history: History,
    /// The text's lines and pieces of long lines, for moving by words.
    pub blocks: Vec<Block>,
    /// Selected code points, if any.
    pub selection: Option<Range<usize>>,
    /// The caret, if placed.
    pub caret: Option<usize>,
    /// The selected span, if any.
    pub selected_span: Option<Span>,
    /// The selected suggestion, if any (never with a selected span).
    pub selected_suggestion: Option<Suggestion>,
    /// Sources whose suggestions are hidden (switched off in the View menu).
    pub hidden_sources: Vec<Origin>,
    /// Scroll to this code point on the next frame.
    pub scroll_to: Option<usize>,
    /// Scroll to this offset (content points) on the next frame.
    pub scroll_offset: Option<f32>,
    /// Saving.
    pub save: Autosave,
    /// The text in `samples/` no longer matches the annotation's text.
    pub source_changed: bool,
    /// The file changed on disk while there were unsaved edits: its stamp and version,
    /// waiting for the annotator to choose.
    pub conflict: Option<(FileStamp, Box<Annotation>)>,
    /// A message shown once (a reload, a refused edit).
    pub notice: Option<String>,
    /// Recovery copies of this file left by an earlier session, newest first: the first
    /// is offered to restore or discard.
    pub recovered: Vec<RecoveryCopy>,
    /// A restored recovery copy and the edit count that holds it: the copy is removed
    /// once that is saved.
    pub restored_from: Option<(PathBuf, u64)>,
    /// This window's lock on the annotator's file, while it holds it.
    pub lock: Option<FileLock>,
    /// Another window holds the file's lock: who. Edits are refused until it lets go.
    pub read_only: Option<Holder>,
    /// When this window last asked for the lock another window holds.
    pub lock_asked_at: Option<Instant>,
}

impl Editor {
    /// An editor on `annotation`, whose file had `stamp`.
    pub fn new(annotation: Annotation, stamp: FileStamp, source_changed: bool) -> Self {
        let blocks = split_blocks(annotation.document.text());
        Self {
            annotation,
            history: History::default(),
            blocks,
            selection: None,
            caret: None,
            selected_span: None,
            selected_suggestion: None,
            hidden_sources: Vec::new(),
            scroll_to: None,
            scroll_offset: None,
            save: Autosave::new(stamp),
            source_changed,
            conflict: None,
            notice: None,
            recovered: Vec::new(),
            restored_from: None,
            lock: None,
            read_only: None,
            lock_asked_at: None,
        }
    }

    /// Applies `command`, made at `now`. Returns whether the annotation changed.
    pub fn apply(&mut self, command: EditCommand, now: Instant) -> bool {
        if let Some(holder) = &self.read_only
            && command.changes_annotation()
        {
            self.notice = Some(format!(
                "Read-only: this file is open in another spantag window ({holder}). Close it there to edit here."
            ));
            return false;
        }
        let changed = match command {
            EditCommand::Select { range, caret } => {
                self.selection = Some(range);
                self.caret = Some(caret);
                self.selected_span = None;
                self.selected_suggestion = None;
                false
            }
            EditCommand::SelectFound(range) => {
                self.caret = Some(range.end);
                self.scroll_to = Some(range.start);
                self.selection = Some(range);
                self.selected_span = None;
                self.selected_suggestion = None;
                false
            }
            EditCommand::PlaceCaret(c) => {
                self.selection = None;
                self.selected_span = None;
                self.selected_suggestion = None;
                self.caret = Some(c);
                false
            }
            EditCommand::ClearSelection => {
                self.selection = None;
                self.selected_span = None;
                self.selected_suggestion = None;
                false
            }
            EditCommand::SelectSuggestion(suggestion) => {
                self.select_suggestion(suggestion);
                false
            }
            EditCommand::AcceptSuggestion => self.accept_suggestion(None),
            EditCommand::RejectSuggestion => self.reject_suggestion(),
            EditCommand::AcceptAllSuggestions => self.accept_all_suggestions(),
            EditCommand::MoveCaret { forward, extend } => {
                self.move_caret(forward, extend);
                false
            }
            EditCommand::SelectSpan(span) => {
                self.select_span(span);
                false
            }
            EditCommand::StepSpan { forward } => {
                self.next_span(forward);
                false
            }
            EditCommand::Tag(label) => self.tag(label),
            EditCommand::DeleteSelectedSpan => self.delete_selected(),
            EditCommand::TagAllOccurrences => self.tag_all_occurrences(),
            EditCommand::ResizeSpan { old, new } => self.resize(old, new),
            EditCommand::NudgeSpan { edge, forward } => self.nudge(edge, forward),
            EditCommand::SetStatus(status) => self.set_status(status),
            EditCommand::Undo => self.undo(),
            EditCommand::Redo => self.redo(),
        };
        if changed {
            self.save.edited(now);
        }
        changed
    }

    fn apply_edit(&mut self, edit: Edit) -> bool {
        match self
            .history
            .apply(&mut self.annotation, edit.clone(), now())
        {
            Ok(()) => {
                self.after_edit(&edit);
                true
            }
            Err(e) => {
                self.notice = Some(e.to_string());
                false
            }
        }
    }

    fn after_edit(&mut self, edit: &Edit) {
        self.selected_suggestion = None;
        self.selected_span = edit.resulting_span().cloned();
        if let Some(span) = &self.selected_span {
            self.selection = None;
            self.caret = Some(span.end);
        }
    }

    /// Tags the selection (or the word at the caret) with `label`, or relabels the
    /// selected span. Returns whether anything changed.
    pub fn tag(&mut self, label: Label) -> bool {
        // A suggestion selected or under the caret: accepted with this label.
        if self.selection.as_ref().is_none_or(|r| r.is_empty())
            && self.selected_span.is_none()
            && self.target_suggestion().is_some()
        {
            return self.accept_suggestion(Some(label));
        }
        if let Some(range) = self.selection.clone().filter(|r| !r.is_empty()) {
            let span = Span::new(range.start, range.end, label);
            if self.annotation.spans().binary_search(&span).is_ok() {
                self.selected_span = Some(span);
                self.selection = None;
                return false;
            }
            return self.apply_edit(Edit::Add(span));
        }
        if let Some(old) = self.selected_span.clone() {
            if old.label == label {
                return false;
            }
            let new = Span::new(old.start, old.end, label);
            return self.apply_edit(Edit::replace(&self.annotation, old, new));
        }
        if let Some(word) = self.caret.and_then(|c| self.word_at(c)) {
            return self.apply_edit(Edit::Add(Span::new(word.start, word.end, label)));
        }
        false
    }

    /// Tags every other occurrence of the selected span's words (as whole words; an
    /// Arabic name also after its proclitics) with its label, as one edit. A place that
    /// already has a span with the same boundaries, whatever its label, is left as it
    /// is: the annotator decided it. Says what it did in the notice.
    pub fn tag_all_occurrences(&mut self) -> bool {
        let Some(span) = self.selected_span.clone() else {
            self.notice = Some(SELECT_A_SPAN_FIRST.to_owned());
            return false;
        };
        let name = self.annotation.span_text(&span).to_owned();
        let (new, already) = self.occurrences_of(&span);
        let shown = name.replace(['\r', '\n'], " ");
        let kept = match already {
            0 => String::new(),
            1 => " (1 other place already has a span)".to_owned(),
            n => format!(" ({n} other places already have a span)"),
        };
        if new.is_empty() {
            self.notice = Some(format!("No other “{shown}” to tag{kept}"));
            return false;
        }
        let n = new.len();
        let changed = self.apply_edit(Edit::AddAll(new));
        if changed {
            self.selected_span = Some(span.clone());
            self.notice = Some(format!(
                "Tagged {n} more “{shown}” as {}{kept}; Ctrl+Z takes them back",
                span.label.as_str()
            ));
        }
        changed
    }

    /// The other places `span`'s words occur in this document that no span has
    /// exactly, as spans to add (origin: occurrences); and how many other places
    /// already have a span.
    pub fn occurrences_of(&self, span: &Span) -> (Vec<Suggestion>, usize) {
        let name = self.annotation.span_text(span);
        let (taken, new): (Vec<Suggestion>, Vec<Suggestion>) =
            occurrence_suggestions(self.annotation.document.text(), name, &span.label)
                .into_iter()
                .partition(|s| self.annotation.has_range(&s.span));
        let already = taken.iter().filter(|s| !s.span.same_range(span)).count();
        (new, already)
    }

    /// Adds every place `name` occurs as a word here as a suggestion with `label`
    /// (source: occurrences), unless pending, rejected or a span's range already; says
    /// how many were added. Not an edit: the file is saved with them.
    pub fn suggest_occurrences(&mut self, name: &str, label: &Label, now: Instant) -> usize {
        let mut added = 0;
        for suggestion in occurrence_suggestions(self.annotation.document.text(), name, label) {
            added += usize::from(self.annotation.suggest(suggestion));
        }
        if added > 0 {
            self.save.edited(now);
        }
        added
    }

    /// How many places [`Editor::suggest_occurrences`] would add.
    pub fn count_new_occurrences(&self, name: &str, label: &Label) -> usize {
        occurrence_suggestions(self.annotation.document.text(), name, label)
            .iter()
            .filter(|s| self.annotation.would_suggest(&s.span))
            .count()
    }

    /// Deletes the selected span.
    pub fn delete_selected(&mut self) -> bool {
        match self.selected_span.clone() {
            Some(span) => {
                let caret = span.start;
                let done = self.apply_edit(Edit::remove(&self.annotation, span));
                self.caret = Some(caret);
                done
            }
            None => false,
        }
    }

    /// Replaces span `old` by `new` (a resize from the mouse).
    pub fn resize(&mut self, old: Span, new: Span) -> bool {
        self.apply_edit(Edit::replace(&self.annotation, old, new))
    }

    /// Moves one edge of the selected span by a word.
    pub fn nudge(&mut self, edge: Edge, forward: bool) -> bool {
        let Some(old) = self.selected_span.clone() else {
            return false;
        };
        let (mut start, mut end) = (old.start, old.end);
        match (edge, forward) {
            (Edge::Start, true) => start = self.next_word_start(start),
            (Edge::Start, false) => start = self.prev_word_start(start),
            (Edge::End, true) => end = self.next_word_end(end),
            (Edge::End, false) => end = self.prev_word_end(end),
        }
        if start >= end || (start, end) == (old.start, old.end) {
            return false;
        }
        let new = Span::new(start, end, old.label.clone());
        self.apply_edit(Edit::replace(&self.annotation, old, new))
    }

    /// Sets the status (done or in progress).
    pub fn set_status(&mut self, status: Status) -> bool {
        let old = self.annotation.status;
        old != status && self.apply_edit(Edit::SetStatus { old, new: status })
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> bool {
        let undone = self.history.undo(&mut self.annotation, now());
        self.after_history_step(undone)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> bool {
        let redone = self.history.redo(&mut self.annotation, now());
        self.after_history_step(redone)
    }

    /// After an undo or redo: like any edit, and show the span it left in place.
    fn after_history_step(&mut self, applied: Option<Edit>) -> bool {
        let Some(edit) = applied else {
            return false;
        };
        self.after_edit(&edit);
        self.scroll_to = self.selected_span.as_ref().map(|s| s.start);
        true
    }

    /// Selects a span and scrolls to it.
    pub fn select_span(&mut self, span: Span) {
        self.scroll_to = Some(span.start);
        self.caret = Some(span.end);
        self.selection = None;
        self.selected_suggestion = None;
        self.selected_span = Some(span);
    }

    /// Selects a suggestion and scrolls to it.
    pub fn select_suggestion(&mut self, suggestion: Suggestion) {
        self.scroll_to = Some(suggestion.span.start);
        self.caret = Some(suggestion.span.end);
        self.selection = None;
        self.selected_span = None;
        self.selected_suggestion = Some(suggestion);
    }

    /// The suggestions shown: open, from a source not hidden, in order.
    pub fn shown_suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        self.annotation
            .open_suggestions()
            .filter(|s| !self.hidden_sources.contains(&s.source))
    }

    /// The suggestion keys act on: the selected one if it is still shown, else the one
    /// under the caret (the shortest, when several are).
    pub fn target_suggestion(&self) -> Option<Suggestion> {
        let shown = |s: &Suggestion| {
            !self.hidden_sources.contains(&s.source)
                && !self.annotation.has_range(&s.span)
                && self.annotation.is_pending(&s.span)
        };
        if let Some(selected) = self.selected_suggestion.as_ref().filter(|s| shown(s)) {
            return Some(selected.clone());
        }
        let c = self.caret?;
        self.annotation
            .open_suggestions_overlapping(c.saturating_sub(1), c + 1)
            .filter(|s| !self.hidden_sources.contains(&s.source))
            .filter(|s| s.span.start <= c && c <= s.span.end)
            .min_by_key(|s| (s.span.len(), s.span.start))
            .cloned()
    }

    /// Accepts the target suggestion, with `label` or its own; then selects the next
    /// suggestion shown, so that Enter after Enter walks them.
    pub fn accept_suggestion(&mut self, label: Option<Label>) -> bool {
        let Some(suggestion) = self.target_suggestion() else {
            self.notice = Some("No suggestion here: Tab walks spans and suggestions".to_owned());
            return false;
        };
        let mut span = suggestion.span.clone();
        if let Some(label) = label {
            span.label = label;
        }
        let edit = Edit::accept(vec![(suggestion.clone(), span.clone())]);
        if !self.apply_edit(edit) {
            return false;
        }
        let text = self.annotation.span_text(&span).replace(['\r', '\n'], " ");
        self.notice = Some(format!(
            "Accepted “{text}” as {} (from the {})",
            span.label, suggestion.source
        ));
        self.select_after(&suggestion.span);
        true
    }

    /// Rejects the target suggestion (it does not come back for this document), then
    /// selects the next suggestion shown.
    pub fn reject_suggestion(&mut self) -> bool {
        let Some(suggestion) = self.target_suggestion() else {
            self.notice = Some("No suggestion here to reject".to_owned());
            return false;
        };
        if !self.apply_edit(Edit::reject(vec![suggestion.clone()])) {
            return false;
        }
        let text = self
            .annotation
            .span_text(&suggestion.span)
            .replace(['\r', '\n'], " ");
        self.notice = Some(format!(
            "Rejected “{text}” as {}; it will not be suggested here again",
            suggestion.span.label
        ));
        self.select_after(&suggestion.span);
        true
    }

    /// Accepts every suggestion shown, as one edit.
    pub fn accept_all_suggestions(&mut self) -> bool {
        let all: Vec<(Suggestion, Span)> = self
            .shown_suggestions()
            .map(|s| (s.clone(), s.span.clone()))
            .collect();
        if all.is_empty() {
            self.notice = Some("No suggestion to accept in this document".to_owned());
            return false;
        }
        let n = all.len();
        if !self.apply_edit(Edit::accept(all)) {
            return false;
        }
        self.selected_span = None;
        self.notice = Some(format!(
            "Accepted {n} {}; Ctrl+Z takes {} back",
            crate::jobs::plural(n, "suggestion", "suggestions"),
            crate::jobs::plural(n, "it", "them")
        ));
        true
    }

    /// Selects the first suggestion shown after `span` (wrapping), or nothing.
    fn select_after(&mut self, span: &Span) {
        let next = self
            .shown_suggestions()
            .find(|s| s.span > *span)
            .or_else(|| self.shown_suggestions().next())
            .cloned();
        match next {
            Some(next) => self.select_suggestion(next),
            None => {
                self.selected_span = None;
                self.selected_suggestion = None;
            }
        }
    }

    /// Selects the next (or previous) span or suggestion after the caret or the
    /// selected one, wrapping around.
    pub fn next_span(&mut self, forward: bool) {
        // Spans and shown suggestions in one order: by span, a span before a
        // suggestion of the same range.
        let mut items: Vec<(&Span, Option<&Suggestion>)> =
            self.annotation.spans().iter().map(|s| (s, None)).collect();
        items.extend(self.shown_suggestions().map(|s| (&s.span, Some(s))));
        if items.is_empty() {
            return;
        }
        items.sort_by(|a, b| a.0.cmp(b.0).then(a.1.is_some().cmp(&b.1.is_some())));
        let current: Option<(&Span, bool)> = match (&self.selected_span, &self.selected_suggestion)
        {
            (Some(span), _) => Some((span, false)),
            (None, Some(s)) => Some((&s.span, true)),
            (None, None) => None,
        };
        fn key<'a>(item: &(&'a Span, Option<&'a Suggestion>)) -> (&'a Span, bool) {
            (item.0, item.1.is_some())
        }
        let next = match (current, forward) {
            (Some(current), true) => items.iter().find(|i| key(i) > current),
            (Some(current), false) => items.iter().rev().find(|i| key(i) < current),
            (None, true) => {
                let c = self.caret.unwrap_or(0);
                items.iter().find(|i| i.0.start >= c)
            }
            (None, false) => {
                let c = self.caret.unwrap_or(usize::MAX);
                items.iter().rev().find(|i| i.0.start < c)
            }
        };
        let wrapped = if forward { items.first() } else { items.last() };
        match next
            .or(wrapped)
            .map(|(span, s)| ((*span).clone(), s.cloned()))
        {
            Some((_, Some(suggestion))) => self.select_suggestion(suggestion),
            Some((span, None)) => self.select_span(span),
            None => {}
        }
    }

    /// Moves the caret by a word; with `extend`, grows or shrinks the selection.
    pub fn move_caret(&mut self, forward: bool, extend: bool) {
        let from = self
            .caret
            .or_else(|| self.selection.as_ref().map(|s| s.end))
            .unwrap_or(0);
        let to = match (forward, extend) {
            (true, true) => self.next_word_end(from),
            (true, false) => self.next_word_start(from),
            (false, _) => self.prev_word_start(from),
        };
        self.move_caret_to(from, to, extend);
    }

    /// Moves the caret to the row above or below: to `row_neighbour`, the character the
    /// text view found there, or else to the start of the neighbouring line; with
    /// `extend`, grows or shrinks the selection.
    pub fn move_caret_line(&mut self, down: bool, extend: bool, row_neighbour: Option<usize>) {
        let from = self.caret_or_selection_end();
        let to = row_neighbour.filter(|&c| c != from).unwrap_or_else(|| {
            let block = block_of_char(&self.blocks, from);
            match down {
                true => self
                    .blocks
                    .get(block + 1)
                    .map_or(self.annotation.document.char_len(), |b| b.chars.start),
                false => block
                    .checked_sub(1)
                    .map_or(0, |b| self.blocks[b].chars.start),
            }
        });
        self.move_caret_to(from, to, extend);
    }

    /// Where keyboard movement starts: the caret, else the selection's end, else 0.
    pub fn caret_or_selection_end(&self) -> usize {
        self.caret
            .or_else(|| self.selection.as_ref().map(|s| s.end))
            .unwrap_or(0)
    }

    /// Moves the caret from `from` to `to`; with `extend`, grows or shrinks the
    /// selection instead of dropping it.
    pub fn move_caret_to(&mut self, from: usize, to: usize, extend: bool) {
        if extend {
            let anchor = match &self.selection {
                Some(s) if self.caret == Some(s.start) => s.end,
                Some(s) => s.start,
                None => self
                    .selected_span
                    .as_ref()
                    .map_or(from, |s| s.start.min(from)),
            };
            self.selection = (anchor != to).then(|| anchor.min(to)..anchor.max(to));
        } else {
            self.selection = None;
        }
        self.selected_span = None;
        self.caret = Some(to);
        self.scroll_to = Some(to);
    }

    /// Code point ranges of the words of the block holding `c`, in document offsets.
    /// The words that start in `range` (code points within one block), each cut at
    /// the range's end.
    pub fn words_within(&self, range: Range<usize>) -> Vec<(usize, usize)> {
        let block = block_of_char(&self.blocks, range.start);
        self.block_words(block)
            .into_iter()
            .filter(|&(s, _)| range.contains(&s))
            .map(|(s, e)| (s, e.min(range.end)))
            .collect()
    }

    fn block_words(&self, block: usize) -> Vec<(usize, usize)> {
        let b = &self.blocks[block];
        let text = &self.annotation.document.text()[b.bytes.clone()];
        words(text)
            .into_iter()
            .map(|(s, e)| (b.chars.start + s, b.chars.start + e))
            .collect()
    }

    fn find_word(
        &self,
        from: usize,
        forward: bool,
        pick: impl Fn(&(usize, usize)) -> usize,
    ) -> usize {
        let blocks = self.blocks.len();
        let mut block = block_of_char(&self.blocks, from);
        loop {
            let words = self.block_words(block);
            let found = if forward {
                words.iter().map(&pick).find(|&p| p > from)
            } else {
                words.iter().map(&pick).rev().find(|&p| p < from)
            };
            if let Some(p) = found {
                return p;
            }
            if forward && block + 1 < blocks {
                block += 1;
            } else if !forward && block > 0 {
                block -= 1;
            } else {
                return if forward {
                    self.annotation.document.char_len()
                } else {
                    0
                };
            }
        }
    }

    fn next_word_start(&self, from: usize) -> usize {
        self.find_word(from, true, |w| w.0)
    }

    fn prev_word_start(&self, from: usize) -> usize {
        self.find_word(from, false, |w| w.0)
    }

    fn next_word_end(&self, from: usize) -> usize {
        self.find_word(from, true, |w| w.1)
    }

    fn prev_word_end(&self, from: usize) -> usize {
        self.find_word(from, false, |w| w.1)
    }

    /// The word at or right after the caret position `c`.
    fn word_at(&self, c: usize) -> Option<Range<usize>> {
        let block = block_of_char(&self.blocks, c);
        self.block_words(block)
            .into_iter()
            .find(|&(s, e)| s <= c && c < e)
            .map(|(s, e)| s..e)
    }

    /// Replaces the annotation by the file's version (after a reload); history restarts.
    /// Takes the first recovery copy's work as this document's (an edit to be saved, that
    /// replaces the spans and status). Returns why not, when its text is not this
    /// document's or it cannot be read; the copy is then kept and offered no more.
    pub fn restore_recovered(&mut self, now: Instant) -> Result<PathBuf, String> {
        if self.recovered.is_empty() {
            return Err("there is no recovery copy".to_owned());
        }
        let copy = self.recovered.remove(0);
        let annotation = copy.content?;
        if annotation.document.text() != self.annotation.document.text() {
            return Err(format!(
                "{} was made on another text than this document's; it is kept, not restored",
                copy.path.display()
            ));
        }
        self.annotation = *annotation;
        self.history.clear();
        self.selected_span = None;
        self.selection = None;
        self.save.edited(now);
        self.restored_from = Some((copy.path.clone(), self.save.revision));
        Ok(copy.path)
    }

    /// In a conflict: the spans only this window has, and the spans only the file's
    /// version has (what "load the file's" and "keep mine" would each drop).
    pub fn conflict_difference(&self) -> Option<(Vec<Span>, Vec<Span>)> {
        let (_, theirs) = self.conflict.as_ref()?;
        let mine = self.annotation.spans();
        let theirs = theirs.spans();
        let only = |a: &[Span], b: &[Span]| -> Vec<Span> {
            a.iter()
                .filter(|s| b.binary_search(s).is_err())
                .cloned()
                .collect()
        };
        Some((only(mine, theirs), only(theirs, mine)))
    }

    /// Replaces the annotation with the file's version (a reload); undo starts over.
    pub fn replace_annotation(&mut self, annotation: Annotation, stamp: FileStamp) {
        self.annotation = annotation;
        self.history.clear();
        self.selected_span = None;
        self.selection = None;
        self.save.reloaded(stamp);
        self.conflict = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document};

    fn editor(text: &str) -> Editor {
        let doc = Document::new(DocId::new("d").unwrap(), "", text);
        Editor::new(
            Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now()),
            None,
            false,
        )
    }

    #[test]
    fn a_conflict_says_what_each_choice_drops() {
        let mut ed = editor("Rebels seized Homs and Hama.");
        assert_eq!(ed.conflict_difference(), None);
        let mut theirs = ed.annotation.clone();
        theirs.insert(Span::new(0, 6, "actor")).unwrap();
        theirs.insert(Span::new(14, 18, "location")).unwrap();
        ed.annotation.insert(Span::new(14, 18, "location")).unwrap();
        ed.annotation.insert(Span::new(23, 27, "location")).unwrap();
        ed.conflict = Some((None, Box::new(theirs)));
        assert_eq!(
            ed.conflict_difference(),
            Some((
                vec![Span::new(23, 27, "location")],
                vec![Span::new(0, 6, "actor")]
            ))
        );
    }

    #[test]
    fn keyboard_only_tagging() {
        let mut e = editor("Rebels seized Rastan’s centre.\r\nHTS fled.");
        e.move_caret(true, false); // to "seized"
        e.move_caret(true, false); // to "Rastan"
        assert_eq!(e.caret, Some(14));
        e.move_caret(true, true); // select "Rastan"
        assert_eq!(e.selection, Some(14..20));
        assert!(e.tag(Label::new("location")));
        assert_eq!(e.annotation.spans(), [Span::new(14, 20, "location")]);
        assert_eq!(e.selected_span, Some(Span::new(14, 20, "location")));
        // Relabel with another key.
        assert!(e.tag(Label::new("actor")));
        assert_eq!(e.annotation.spans(), [Span::new(14, 20, "actor")]);
        // Grow the end by a word ("’s" is its own word), then shrink back.
        assert!(e.nudge(Edge::End, true));
        assert_eq!(e.annotation.spans(), [Span::new(14, 22, "actor")]);
        assert!(e.nudge(Edge::End, false));
        assert!(e.nudge(Edge::Start, false));
        assert_eq!(e.annotation.spans(), [Span::new(7, 20, "actor")]);
        // Across the CRLF to the next line: the caret is at the span's end (20).
        e.move_caret(true, false);
        assert_eq!(e.caret, Some(23)); // "centre"
        e.move_caret(true, false);
        assert_eq!(e.caret, Some(32)); // "HTS"
        assert!(e.tag(Label::new("actor"))); // the word at the caret
        assert_eq!(e.annotation.spans()[1], Span::new(32, 35, "actor"));
        // Undo everything, redo one.
        while e.undo() {}
        assert!(e.annotation.spans().is_empty());
        assert!(e.redo());
        assert_eq!(e.annotation.spans(), [Span::new(14, 20, "location")]);
        assert!(e.history.can_undo());
    }

    #[test]
    fn an_edit_marks_the_file_unsaved_and_a_selection_does_not() {
        let mut e = editor("Rebels seized Rastan.");
        let t0 = Instant::now();
        assert!(!e.apply(
            EditCommand::Select {
                range: 14..20,
                caret: 20
            },
            t0
        ));
        assert!(!e.save.is_dirty());
        assert!(e.apply(EditCommand::Tag(Label::new("location")), t0));
        assert_eq!(e.save.revision, 1);
        assert_eq!(e.save.dirty_since, Some(t0));
        assert!(e.apply(EditCommand::Undo, t0));
        assert_eq!(e.save.revision, 2, "an undo is a change to save too");
        assert!(e.annotation.spans().is_empty());
    }

    #[test]
    fn tab_walks_spans_and_delete_removes() {
        let mut e = editor("Rebels seized Rastan and Talbiseh.");
        for (s, end) in [(0, 6), (14, 20), (25, 33)] {
            e.selection = Some(s..end);
            e.tag(Label::new("location"));
        }
        e.selected_span = None;
        e.caret = Some(10);
        e.next_span(true);
        assert_eq!(e.selected_span.as_ref().map(|s| s.start), Some(14));
        e.next_span(true);
        e.next_span(true); // wraps
        assert_eq!(e.selected_span.as_ref().map(|s| s.start), Some(0));
        e.next_span(false);
        assert_eq!(e.selected_span.as_ref().map(|s| s.start), Some(25));
        assert!(e.delete_selected());
        assert_eq!(e.annotation.spans().len(), 2);
        assert_eq!(e.selected_span, None);
    }
}
