//! The window's state: the corpus, its schema and documents, the open documents, who is
//! annotating, and the review sessions. No egui here, and no file is touched: the app
//! shell (`app.rs`) applies commands to this state and hands file work to the worker.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::editor::Editor;
use super::review::ReviewSession;
use super::worker::Summary;
use crate::io::FileError;
use crate::io::store::{Corpus, TextEntry};
use crate::model::{AnnotatorName, DocId, Schema};
use crate::text::bidi::BaseDirection;

/// Recent corpora remembered.
pub const MAX_RECENT: usize = 10;

/// What survives a restart (eframe persistence).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The annotator's name, once given.
    pub annotator: Option<String>,
    /// Recently opened corpora or files, newest first.
    pub recent: Vec<PathBuf>,
    /// Documents read in a direction other than their own (View → Text direction), by
    /// [`Settings::direction_key`]. Kept here, not in the annotation files: it is how
    /// this reader sees the text, not part of the annotation.
    #[serde(default)]
    pub directions: BTreeMap<String, BaseDirection>,
    /// Sources of suggestions switched off in the View menu, by corpus (see
    /// [`AppState::corpus_key`]).
    #[serde(default)]
    pub suggestions_off: BTreeMap<String, Vec<crate::model::Origin>>,
    /// Spans' label tags are hidden (View menu); shown by default.
    #[serde(default)]
    pub hide_label_tags: bool,
    /// The article's font size, when the reader chose one (View → Text size).
    #[serde(default)]
    pub text_size: Option<u8>,
    /// Lines are kept to a reading width, centred (View menu).
    #[serde(default)]
    pub limit_line_length: bool,
}

impl Settings {
    /// The smallest and largest article font sizes the View menu offers.
    pub const TEXT_SIZES: std::ops::RangeInclusive<u8> = 10..=40;

    /// The article's font size.
    pub fn text_size(&self) -> f32 {
        self.text_size
            .filter(|s| Self::TEXT_SIZES.contains(s))
            .map_or(crate::ui::text_view::TEXT_SIZE, f32::from)
    }

    /// The widest an article's line may be, when lines are limited.
    pub fn max_width(&self) -> Option<f32> {
        self.limit_line_length
            .then(|| crate::ui::text_view::reading_width(self.text_size()))
    }

    /// The key of document `id` of the corpus whose folder is `corpus_key` (see
    /// [`AppState::corpus_key`]) in [`Settings::directions`].
    fn direction_key(corpus_key: &str, id: &DocId) -> String {
        format!("{corpus_key}#{id}")
    }

    /// The direction chosen for document `id` of the corpus `corpus_key` (`Auto` if
    /// none).
    pub fn direction_of(&self, corpus_key: &str, id: &DocId) -> BaseDirection {
        self.directions
            .get(&Self::direction_key(corpus_key, id))
            .copied()
            .unwrap_or_default()
    }

    /// Remembers `direction` for document `id` of the corpus `corpus_key` (`Auto`
    /// forgets it).
    pub fn set_direction(&mut self, corpus_key: &str, id: &DocId, direction: BaseDirection) {
        let key = Self::direction_key(corpus_key, id);
        if direction == BaseDirection::Auto {
            self.directions.remove(&key);
        } else {
            self.directions.insert(key, direction);
        }
    }

    /// Puts `path` first among the recent ones.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// A document of the corpus list and what is known of it.
#[derive(Clone, Debug)]
pub struct DocEntry {
    /// Its text file.
    pub text: TextEntry,
    /// Its state for this annotator, once read (`None` while unknown).
    pub summary: Option<Summary>,
    /// Places its gold file leaves undecided, if it has a gold file.
    pub gold_undecided: Option<usize>,
}

/// A document that was opened in this session.
pub enum OpenDoc {
    /// Being read.
    Loading,
    /// Cannot be annotated: why (its file is left untouched). Opening it again retries.
    Failed(FileError),
    /// Ready.
    Ready(Box<Editor>),
}

/// Everything the window knows, without the window.
pub struct AppState {
    /// The corpus being worked on.
    pub corpus: Corpus,
    /// The corpus folder as an absolute path, found once: what per-document settings
    /// are remembered under.
    pub corpus_key: String,
    /// Its labels.
    pub schema: Schema,
    /// Its documents, in list order.
    pub entries: Vec<DocEntry>,
    index: HashMap<DocId, usize>,
    /// Why the document list could not be read, if it could not.
    pub list_error: Option<String>,
    /// The corpus is being read.
    pub listing: bool,
    /// The document shown (index into `entries`).
    pub current: Option<usize>,
    /// Documents opened in this session, by id.
    pub docs: HashMap<DocId, OpenDoc>,
    /// Who is annotating.
    pub annotator: Option<AnnotatorName>,
    /// What is remembered between runs.
    pub settings: Settings,
    /// Review sessions by document: the one shown, and any whose gold is still being
    /// written after review mode was left.
    pub reviews: HashMap<DocId, ReviewSession>,
    /// The document in review mode, if any.
    pub reviewing: Option<DocId>,
    /// Bumped when the corpus or the annotator changes: replies to older requests are
    /// dropped.
    pub generation: u64,
    /// A message for the status line.
    pub error: Option<String>,
    /// What the last command did, in words, for the status line (not a problem).
    pub info: Option<String>,
    /// A range to select in a document once it has loaded (a corpus search hit opened).
    pub reveal_when_open: Option<(DocId, std::ops::Range<usize>)>,
    /// Recovery copies written for work that could not be saved (shown and printed).
    pub recovery: Vec<PathBuf>,
    /// Annotation folders that match no text, offered to relink.
    pub orphans: Vec<crate::io::orphans::OrphanDir>,
    /// The corpus's sources of suggestions, once built.
    pub suggester: Option<std::sync::Arc<crate::jobs::suggester::Suggester>>,
    /// The corpus's suggestion command, once the user agreed to run it.
    pub command: Option<crate::model::CommandSettings>,
}

impl AppState {
    /// An empty state (no corpus yet) for `annotator`, with `settings` from the last run.
    pub fn new(annotator: Option<AnnotatorName>, settings: Settings) -> Self {
        Self {
            corpus: Corpus::new("."),
            corpus_key: String::new(),
            schema: Schema::default(),
            entries: Vec::new(),
            index: HashMap::new(),
            list_error: None,
            listing: false,
            current: None,
            docs: HashMap::new(),
            annotator,
            settings,
            reviews: HashMap::new(),
            reviewing: None,
            generation: 0,
            error: None,
            info: None,
            reveal_when_open: None,
            recovery: Vec::new(),
            orphans: Vec::new(),
            suggester: None,
            command: None,
        }
    }

    /// Adds `message` to what the status line says, after what it says already.
    pub fn add_error(&mut self, message: String) {
        self.error = Some(match self.error.take() {
            Some(before) => format!("{before}; {message}"),
            None => message,
        });
    }

    /// The sources whose suggestions are hidden in this corpus: switched off in the View
    /// menu, or in `spantag.ron`.
    pub fn hidden_sources(&self) -> Vec<crate::model::Origin> {
        use crate::model::Origin;
        let mut hidden = self
            .settings
            .suggestions_off
            .get(&self.corpus_key)
            .cloned()
            .unwrap_or_default();
        let on = &self.schema.suggestions;
        for (source, off) in [
            (Origin::Dictionary, !on.dictionary),
            (Origin::Gazetteer, !on.gazetteers),
            (Origin::Command, on.command.is_none()),
        ] {
            if off && !hidden.contains(&source) {
                hidden.push(source);
            }
        }
        hidden
    }

    /// Shows or hides the suggestions of `source` in this corpus (View menu).
    pub fn show_suggestions_from(&mut self, source: crate::model::Origin, shown: bool) {
        let off = self
            .settings
            .suggestions_off
            .entry(self.corpus_key.clone())
            .or_default();
        off.retain(|s| *s != source);
        if !shown {
            off.push(source);
        }
        let hidden = self.hidden_sources();
        for doc in self.docs.values_mut() {
            if let OpenDoc::Ready(editor) = doc {
                editor.hidden_sources = hidden.clone();
            }
        }
    }

    /// Replaces the document list (a new corpus): everything opened is forgotten.
    pub fn set_entries(&mut self, texts: Vec<TextEntry>) {
        self.entries = texts
            .into_iter()
            .map(|text| DocEntry {
                text,
                summary: None,
                gold_undecided: None,
            })
            .collect();
        self.reindex();
        self.docs.clear();
        self.reviews.clear();
        self.reviewing = None;
        self.current = None;
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.text.id.clone(), i))
            .collect();
    }

    /// The list position of document `id`.
    pub fn position(&self, id: &DocId) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The entry of document `id`, mutable.
    pub fn entry_mut(&mut self, id: &DocId) -> Option<&mut DocEntry> {
        let i = self.position(id)?;
        self.entries.get_mut(i)
    }

    /// Which way the paragraphs of document `id` read, as the reader chose.
    pub fn direction_of(&self, id: &DocId) -> BaseDirection {
        self.settings.direction_of(&self.corpus_key, id)
    }

    /// The id of the document shown.
    pub fn current_id(&self) -> Option<&DocId> {
        self.current
            .and_then(|i| self.entries.get(i))
            .map(|e| &e.text.id)
    }

    /// The open document's editor, if it is ready.
    pub fn editor(&self) -> Option<&Editor> {
        match self.docs.get(self.current_id()?) {
            Some(OpenDoc::Ready(editor)) => Some(editor),
            _ => None,
        }
    }

    /// The open document's editor, mutable, if it is ready.
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        let id = self.current_id()?.clone();
        match self.docs.get_mut(&id) {
            Some(OpenDoc::Ready(editor)) => Some(editor),
            _ => None,
        }
    }

    /// The review session shown, if review mode is on.
    pub fn review(&self) -> Option<&ReviewSession> {
        self.reviews.get(self.reviewing.as_ref()?)
    }

    /// The review session shown, mutable.
    pub fn review_mut(&mut self) -> Option<&mut ReviewSession> {
        let id = self.reviewing.clone()?;
        self.reviews.get_mut(&id)
    }

    /// The annotator's file of document `id`.
    pub fn annotation_path(&self, id: &DocId) -> Option<PathBuf> {
        Some(self.corpus.annotation_path(id, self.annotator.as_ref()?))
    }

    /// The corpus list's state of the open document, from its editor: a document only
    /// looked at, with no file, is still not started.
    pub fn refresh_summary(&mut self) {
        let Some(id) = self.current_id().cloned() else {
            return;
        };
        let Some(editor) = self.editor() else { return };
        let untouched = editor.save.stamp.is_none() && !editor.save.is_dirty();
        // Suggestions alone are not work begun.
        let summary = if untouched || editor.annotation.is_suggestions_only() {
            Summary::NotStarted
        } else {
            Summary::Annotated {
                status: editor.annotation.status,
                spans: editor.annotation.spans().len(),
            }
        };
        if let Some(entry) = self.entry_mut(&id) {
            entry.summary = Some(summary);
        }
    }

    /// Whether every write is done: no edits or decisions waiting, none being written.
    pub fn all_saved(&self) -> bool {
        self.docs.values().all(|d| match d {
            OpenDoc::Ready(e) => e.save.is_settled(),
            _ => true,
        }) && self.reviews.values().all(|r| r.save.is_settled())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Settings saved before the text direction existed still load, with no direction
    /// chosen; a chosen one is kept per corpus and document.
    #[test]
    fn older_settings_load_and_directions_are_per_document() {
        let old: Settings = ron::from_str(r#"(annotator: Some("alice"), recent: ["/corpus"])"#)
            .expect("settings from before the text direction");
        assert_eq!(old.annotator.as_deref(), Some("alice"));
        assert!(old.directions.is_empty());
        let mut settings = old;
        let homs = DocId::new("homs").unwrap();
        settings.set_direction("/a", &homs, BaseDirection::Rtl);
        assert_eq!(settings.direction_of("/a", &homs), BaseDirection::Rtl);
        assert_eq!(settings.direction_of("/b", &homs), BaseDirection::Auto);
        let round: Settings = ron::from_str(&ron::to_string(&settings).unwrap()).unwrap();
        assert_eq!(round, settings);
    }
}
