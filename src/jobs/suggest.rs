//! How far to trust each source of suggestions (issue 14, `spantag suggest --evaluate`):
//! what a source would suggest in every document an annotator (or the gold) annotated,
//! scored against that annotator's spans: precision, recall and F1 of exact matches
//! (same boundaries and label).
//!
//! The corpus dictionary is every span text of the corpus (every annotator and gold)
//! with its most frequent label; scored on one document, it leaves out what that
//! document's own files taught it, as it would be for a new document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::suggester::Suggester;
use crate::io::FileError;
use crate::io::command::run_command;
use crate::io::consent::CommandPermission;
use crate::io::corpus_reader::{BATCH, DocumentFolder, in_order};
use crate::io::gazetteer::read_gazetteers;
use crate::io::ron_format::read_annotation_without_warnings;
use crate::io::store::Corpus;
use crate::io::store::save_annotation;
use crate::io::text_file::{MAX_TEXT_BYTES, read_text_limited};
use crate::model::{
    Annotation, AnnotatorName, CommandSettings, DocId, Label, Origin, Span, Suggestion, now,
};
use crate::text::dictionary::Dictionary;
use crate::text::occurrences::occurrence_suggestions;

/// One source's score.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Suggestions made.
    pub suggested: usize,
    /// Suggestions that are one of the annotator's spans.
    pub correct: usize,
    /// The annotator's spans.
    pub expected: usize,
}

impl Score {
    /// Correct / suggested, none without a suggestion.
    pub fn precision(&self) -> Option<f64> {
        (self.suggested > 0).then(|| self.correct as f64 / self.suggested as f64)
    }

    /// Correct / expected, none without a span to find.
    pub fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.correct as f64 / self.expected as f64)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> Option<f64> {
        let total = self.suggested + self.expected;
        (total > 0).then(|| 2.0 * self.correct as f64 / total as f64)
    }
}

/// What an evaluation found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Documents the annotator annotated.
    pub documents: usize,
    /// Each source asked for, with its score.
    pub scores: Vec<(Origin, Score)>,
    /// Entries each source had (the dictionary's distinct span texts; the gazetteers'
    /// names).
    pub entries: Vec<(Origin, usize)>,
    /// Files left out and gazetteer lines skipped, one line each.
    pub warnings: Vec<String>,
}

/// Why an evaluation could not run.
#[derive(Debug, Error)]
pub enum SuggestError {
    /// The folder does not exist.
    #[error("{}: no such folder", path.display())]
    NoPath {
        /// The path given.
        path: PathBuf,
    },
    /// The corpus has no file of that annotator.
    #[error("no annotation file of {0:?} in this corpus: nothing to score against")]
    NoTruth(String),
    /// The corpus's schema or its gazetteers cannot be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// Not a source this job can ask.
    #[error("{0} is not a source of suggestions here (dictionary or gazetteer)")]
    NotASource(Origin),
    /// No document has that id.
    #[error("no document {0:?} in this corpus")]
    NoDocument(String),
    /// No source is left to ask.
    #[error("no source of suggestions is on: {0}")]
    NoSource(String),
    /// The external command may not run, or failed.
    #[error("{0}")]
    Command(String),
}

/// What `spantag suggest` is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestRequest {
    /// Whose files get the suggestions.
    pub annotator: AnnotatorName,
    /// The sources asked, in order (the first wins a range two suggest); empty: those
    /// `spantag.ron` leaves on, dictionary first.
    pub sources: Vec<Origin>,
    /// Only these documents; empty: every document.
    pub documents: Vec<String>,
    /// Add the suggestions as spans, each with its source as its origin, instead of as
    /// pending suggestions.
    pub accept: bool,
    /// Whether the external command named in `spantag.ron` may run.
    pub permission: CommandPermission,
}

/// "Tag all occurrences in the corpus": every place a name occurs as a word (an Arabic
/// name also after its proclitics) becomes a suggestion with a label, source
/// [`Origin::Occurrences`], in an annotator's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccurrencesRequest {
    /// Whose files get the suggestions.
    pub annotator: AnnotatorName,
    /// The name, as a span's text.
    pub name: String,
    /// Its label.
    pub label: Label,
    /// Documents left alone (the one tagged directly, those open in the window).
    pub skip: Vec<String>,
    /// Count only: read every file, write none (the preview).
    pub dry_run: bool,
}

/// Which files get suggestions, and how.
struct Target<'a> {
    annotator: &'a AnnotatorName,
    only: &'a [String],
    skip: &'a [String],
    accept: bool,
    dry_run: bool,
}

/// What one document got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSuggestions {
    /// The document id.
    pub document: String,
    /// How many new suggestions (or spans, when accepting) each source gave, in the
    /// order asked; sources that gave none are left out.
    pub added: Vec<(Origin, usize)>,
    /// Whether the annotator's file was created.
    pub created: bool,
}

/// What `spantag suggest` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SuggestReport {
    /// How many names each source has.
    pub entries: Vec<(Origin, usize)>,
    /// The documents that got something, in document order.
    pub changed: Vec<DocumentSuggestions>,
    /// Documents looked at.
    pub documents: usize,
    /// Files left out, sources with nothing: one line each.
    pub warnings: Vec<String>,
    /// Documents that could not be done (a file that does not read and is left as it
    /// is, a file open in a window, a failed save): one line each.
    pub errors: Vec<String>,
}

impl SuggestReport {
    /// Suggestions (or spans) added, over every document.
    pub fn total(&self) -> usize {
        self.changed
            .iter()
            .flat_map(|d| d.added.iter().map(|(_, n)| n))
            .sum()
    }
}

/// Adds what `request.sources` suggest to `request.annotator`'s files in the corpus at
/// `root` (creating a file where there is none), as pending suggestions, or as spans
/// with their origin when `request.accept`. A suggestion already pending, rejected, or
/// whose range already has a span is not added again. A file that does not read is
/// never overwritten; a file open in a spantag window is left alone.
pub fn run(root: &Path, request: &SuggestRequest) -> Result<SuggestReport, SuggestError> {
    if !root.is_dir() {
        return Err(SuggestError::NoPath {
            path: root.to_owned(),
        });
    }
    let corpus = Corpus::new(root);
    let schema = corpus.load_schema()?;
    let mut sources = request.sources.clone();
    if sources.is_empty() {
        sources = schema.suggestions.sources_on();
        if sources.is_empty() {
            return Err(SuggestError::NoSource(
                "spantag.ron switches off both the dictionary and the gazetteers; name one with --from".to_owned(),
            ));
        }
    }
    // The command is asked on its own, for every document at once.
    let command = match sources.contains(&Origin::Command) {
        false => None,
        true => {
            let settings = schema.suggestions.command.clone().ok_or_else(|| {
                SuggestError::NoSource(
                    "spantag.ron names no command (suggestions: (command: Some((program: …))))"
                        .to_owned(),
                )
            })?;
            request
                .permission
                .check(root, &settings.command_line())
                .map_err(SuggestError::Command)?;
            Some(settings)
        }
    };
    sources.retain(|s| *s != Origin::Command);
    let built = Suggester::build(&corpus, &schema, &sources)?;
    let mut report = SuggestReport {
        entries: built.suggester.entries(),
        warnings: (built.empty.into_iter())
            .chain(built.left_out)
            .chain(built.warnings)
            .collect(),
        ..SuggestReport::default()
    };
    let target = Target {
        annotator: &request.annotator,
        only: &request.documents,
        skip: &[],
        accept: request.accept,
        dry_run: false,
    };
    let suggester = &built.suggester;
    add_to_files(
        &corpus,
        &target,
        &|_, text| suggester.suggest(text),
        command.as_ref(),
        &mut report,
    )?;
    Ok(report)
}

/// Adds every occurrence of `request.name` (as a word) with `request.label` to
/// `request.annotator`'s files as suggestions, except in `request.skip`; or, with
/// `request.dry_run`, counts what would be added. The same rules as [`run`]: nothing
/// pending, rejected or where a span has the range is added again.
pub fn occurrences(
    root: &Path,
    request: &OccurrencesRequest,
) -> Result<SuggestReport, SuggestError> {
    if !root.is_dir() {
        return Err(SuggestError::NoPath {
            path: root.to_owned(),
        });
    }
    let corpus = Corpus::new(root);
    let mut report = SuggestReport::default();
    let target = Target {
        annotator: &request.annotator,
        only: &[],
        skip: &request.skip,
        accept: false,
        dry_run: request.dry_run,
    };
    let suggest = |_: &str, text: &str| occurrence_suggestions(text, &request.name, &request.label);
    add_to_files(&corpus, &target, &suggest, None, &mut report)?;
    Ok(report)
}

/// Adds what `suggest` finds in each document (id, text) to the target's files, and
/// what `command` answers for them (asked once for every document), saying what each
/// document got in `report`.
fn add_to_files(
    corpus: &Corpus,
    target: &Target<'_>,
    suggest: &(dyn Fn(&str, &str) -> Vec<Suggestion> + Sync),
    command: Option<&CommandSettings>,
    report: &mut SuggestReport,
) -> Result<(), SuggestError> {
    let (texts, _, skipped) = corpus.list_texts_and_skips()?;
    report
        .warnings
        .extend(skipped.iter().map(ToString::to_string));
    let folders = corpus.document_folders()?;
    let mut documents = super::search::sources(&texts, &folders);
    if !target.only.is_empty() {
        if let Some(missing) = target
            .only
            .iter()
            .find(|id| !documents.iter().any(|d| &d.id == *id))
        {
            return Err(SuggestError::NoDocument(missing.clone()));
        }
        documents.retain(|d| target.only.contains(&d.id));
    }
    documents.retain(|d| !target.skip.contains(&d.id));
    report.documents = documents.len();
    let mut answered: HashMap<String, Vec<Suggestion>> = HashMap::new();
    if let Some(settings) = command {
        // The texts the files hold (or will), in one batch.
        let texts: Vec<(String, String)> = documents
            .iter()
            .filter_map(|d| {
                let id = DocId::new(d.id.as_str()).ok()?;
                let (a, _) = load_document(corpus, target.annotator, d, &id).ok()??;
                Some((d.id.clone(), a.document.text().to_owned()))
            })
            .collect();
        let output = run_command(settings, corpus.root(), &texts)
            .map_err(|e| SuggestError::Command(e.to_string()))?;
        report.warnings.extend(output.warnings);
        answered = output.suggestions;
    }
    let suggest_all = |id: &str, text: &str| {
        let mut list = suggest(id, text);
        if let Some(extra) = answered.get(id) {
            // A place another source suggests keeps that source's suggestion.
            let taken: std::collections::HashSet<(usize, usize)> =
                list.iter().map(|s| (s.span.start, s.span.end)).collect();
            list.extend(
                extra
                    .iter()
                    .filter(|s| !taken.contains(&(s.span.start, s.span.end)))
                    .cloned(),
            );
            list.sort();
        }
        list
    };
    in_order(
        &documents,
        BATCH,
        |document| suggest_document(corpus, &suggest_all, target, document),
        |outcome| match outcome {
            Ok(Some(changed)) => report.changed.push(changed),
            Ok(None) => {}
            Err(error) => report.errors.push(error),
        },
    );
    Ok(())
}

/// One document: its annotator's file read (or begun), the suggestions added, the file
/// saved. `None` when nothing was new.
fn suggest_document(
    corpus: &Corpus,
    suggest: &(dyn Fn(&str, &str) -> Vec<Suggestion> + Sync),
    request: &Target<'_>,
    document: &super::search::Source<'_>,
) -> Result<Option<DocumentSuggestions>, String> {
    let id = DocId::new(document.id.as_str()).map_err(|e| format!("{}: {e}", document.id))?;
    let path = corpus.annotation_path(&id, request.annotator);
    // Held while the file is read and written: a window that opens it meanwhile waits.
    let _lock = if request.dry_run {
        None
    } else {
        Some(
            corpus
                .lock(&id, request.annotator)
                .map_err(|e| format!("{}: left alone: {e}", document.id))?,
        )
    };
    let Some((mut annotation, created)) = load_document(corpus, request.annotator, document, &id)?
    else {
        return Ok(None);
    };
    let mut added: Vec<(Origin, usize)> = Vec::new();
    for suggestion in suggest(&document.id, annotation.document.text()) {
        let source = suggestion.source;
        let new = if request.accept {
            if annotation.is_rejected(&suggestion.span) || annotation.has_range(&suggestion.span) {
                false
            } else {
                annotation.unsuggest(&suggestion.span);
                annotation.insert_from(suggestion.span, source).is_ok()
            }
        } else {
            annotation.suggest(suggestion)
        };
        if new {
            match added.iter_mut().find(|(o, _)| *o == source) {
                Some((_, n)) => *n += 1,
                None => added.push((source, 1)),
            }
        }
    }
    if added.is_empty() {
        return Ok(None);
    }
    added.sort_by_key(|(o, _)| *o);
    if !request.dry_run {
        annotation.modified = now();
        save_annotation(&path, &annotation).map_err(|e| e.to_string())?;
    }
    Ok(Some(DocumentSuggestions {
        document: document.id.clone(),
        added,
        created,
    }))
}

/// The annotator's annotation of `document`: their file, or a new one on the text (in
/// `samples/`, or in another file of an imported document), and whether it is new.
/// `None` for a document with neither.
fn load_document(
    corpus: &Corpus,
    annotator: &AnnotatorName,
    document: &super::search::Source<'_>,
    id: &DocId,
) -> Result<Option<(Annotation, bool)>, String> {
    let path = corpus.annotation_path(id, annotator);
    if path.exists() {
        let annotation =
            read_annotation_without_warnings(&path).map_err(|e| format!("{e}: left as it is"))?;
        return Ok(Some((annotation, false)));
    }
    let text_document = match (document.text, document.folder) {
        (Some(entry), _) => {
            let text = read_text_limited(&entry.path, MAX_TEXT_BYTES)
                .map_err(|e| format!("{e}: left out"))?;
            crate::model::Document::new(id.clone(), corpus.relative(&entry.path), text)
        }
        // An imported document: its text is in the other files of its folder.
        (None, Some(folder)) => folder
            .files
            .iter()
            .find_map(|p| read_annotation_without_warnings(p).ok())
            .map(|a| a.document)
            .ok_or_else(|| {
                format!(
                    "annotations/{}: left out: none of its files could be read",
                    document.id
                )
            })?,
        (None, None) => return Ok(None),
    };
    Ok(Some((
        Annotation::new(text_document, annotator.clone(), now()),
        true,
    )))
}

/// One document: the truth's text and spans, and what every file of it says (for the
/// dictionary).
struct TruthDocument {
    text: String,
    truth: Vec<Span>,
    names: Vec<(String, Label)>,
}

/// Scores `sources` against `against`'s files (an annotator's name, or `gold`) in the
/// corpus at `root`.
pub fn evaluate(
    root: &Path,
    against: &str,
    sources: &[Origin],
    permission: &CommandPermission,
) -> Result<Evaluation, SuggestError> {
    if !root.is_dir() {
        return Err(SuggestError::NoPath {
            path: root.to_owned(),
        });
    }
    let corpus = Corpus::new(root);
    let schema = corpus.load_schema()?;
    let mut evaluation = Evaluation::default();
    let folders = corpus.document_folders().map_err(SuggestError::File)?;
    let documents: Vec<TruthDocument> = folders
        .iter()
        .filter_map(|folder| read_document(folder, against, &mut evaluation.warnings))
        .collect();
    if documents.is_empty() {
        return Err(SuggestError::NoTruth(against.to_owned()));
    }
    evaluation.documents = documents.len();
    for &source in sources {
        let score = match source {
            Origin::Dictionary => {
                let (score, entries) = score_dictionary(&documents, &folders, against);
                evaluation.entries.push((source, entries));
                score
            }
            Origin::Command => {
                let settings = schema.suggestions.command.clone().ok_or_else(|| {
                    SuggestError::NoSource("spantag.ron names no command".to_owned())
                })?;
                permission
                    .check(root, &settings.command_line())
                    .map_err(SuggestError::Command)?;
                let texts: Vec<(String, String)> = documents
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (i.to_string(), d.text.clone()))
                    .collect();
                let output = run_command(&settings, root, &texts)
                    .map_err(|e| SuggestError::Command(e.to_string()))?;
                evaluation.warnings.extend(output.warnings);
                evaluation.entries.push((source, 0));
                let mut score = Score::default();
                for (i, document) in documents.iter().enumerate() {
                    let suggested: Vec<Span> = output
                        .suggestions
                        .get(&i.to_string())
                        .map(|list| list.iter().map(|s| s.span.clone()).collect())
                        .unwrap_or_default();
                    tally(&mut score, &suggested, &document.truth);
                }
                score
            }
            Origin::Hand | Origin::Occurrences => {
                return Err(SuggestError::NotASource(source));
            }
            Origin::Gazetteer => {
                let gazetteers = read_gazetteers(&corpus, &schema)?;
                if gazetteers.files.is_empty() {
                    evaluation.warnings.push(
                        "gazetteers/: no .tsv file here, so the gazetteer suggests nothing"
                            .to_owned(),
                    );
                }
                evaluation
                    .warnings
                    .extend(gazetteers.diagnostics.iter().map(ToString::to_string));
                evaluation.entries.push((source, gazetteers.entries.len()));
                let dictionary = Dictionary::new(gazetteers.entries);
                let mut score = Score::default();
                for document in &documents {
                    let suggested: Vec<Span> = dictionary
                        .find(&document.text)
                        .into_iter()
                        .map(|f| Span::new(f.chars.start, f.chars.end, f.label))
                        .collect();
                    tally(&mut score, &suggested, &document.truth);
                }
                score
            }
        };
        evaluation.scores.push((source, score));
    }
    Ok(evaluation)
}

/// The document of `folder` if `against` annotated it; every readable file's span
/// texts go to the dictionary.
fn read_document(
    folder: &DocumentFolder,
    against: &str,
    warnings: &mut Vec<String>,
) -> Option<TruthDocument> {
    let truth_file = folder.file_of(against)?;
    // Every file read once: the truth among them.
    let mut read: Vec<(&Path, Result<Annotation, FileError>)> = folder
        .files
        .iter()
        .map(|p| (p.as_path(), read_annotation_without_warnings(p)))
        .collect();
    let at = read.iter().position(|(p, _)| *p == truth_file)?;
    let truth: Annotation = match read.remove(at).1 {
        Ok(a) => a,
        Err(e) => {
            warnings.push(format!("{e}: left out"));
            return None;
        }
    };
    let mut names: Vec<(String, Label)> = names_of(&truth).collect();
    for (path, file) in read {
        match file {
            Ok(a) if a.document.text() == truth.document.text() => names.extend(names_of(&a)),
            Ok(_) => warnings.push(format!(
                "{}: annotates another version of the text; its spans are not in the dictionary",
                path.display()
            )),
            Err(e) => warnings.push(format!("{e}: left out of the dictionary")),
        }
    }
    Some(TruthDocument {
        text: truth.document.text().to_owned(),
        truth: truth.spans().to_vec(),
        names,
    })
}

/// Each span's text and label: what an annotation teaches the dictionary.
fn names_of(annotation: &Annotation) -> impl Iterator<Item = (String, Label)> + '_ {
    annotation
        .spans()
        .iter()
        .map(|s| (annotation.span_text(s).to_owned(), s.label.clone()))
}

/// The corpus dictionary's score, each document scored with what the other documents
/// taught it; and how many distinct names it has.
fn score_dictionary(
    documents: &[TruthDocument],
    folders: &[DocumentFolder],
    against: &str,
) -> (Score, usize) {
    // Counts from every document, the truth's too; documents the truth did not annotate
    // teach it as well.
    let mut counts: HashMap<&str, HashMap<&Label, usize>> = HashMap::new();
    let mut other_names: Vec<(String, Label)> = Vec::new();
    for folder in folders.iter().filter(|f| f.file_of(against).is_none()) {
        for path in &folder.files {
            if let Ok(a) = read_annotation_without_warnings(path) {
                other_names.extend(names_of(&a));
            }
        }
    }
    let all_names = documents.iter().flat_map(|d| &d.names).chain(&other_names);
    for (name, label) in all_names {
        *counts.entry(name).or_default().entry(label).or_default() += 1;
    }
    let names: Vec<&str> = counts.keys().copied().collect();
    let dictionary = Dictionary::new(
        names
            .iter()
            .map(|n| ((*n).to_owned(), Label::new("unused")))
            .collect(),
    );
    let mut score = Score::default();
    for document in documents {
        let mut own: HashMap<&str, HashMap<&Label, usize>> = HashMap::new();
        for (name, label) in &document.names {
            *own.entry(name).or_default().entry(label).or_default() += 1;
        }
        let label_of = |entry: usize| {
            let name = names[entry];
            majority(&counts[name], own.get(name))
        };
        let suggested: Vec<Span> = dictionary
            .find_labelled(&document.text, label_of)
            .into_iter()
            .map(|f| Span::new(f.chars.start, f.chars.end, f.label))
            .collect();
        tally(&mut score, &suggested, &document.truth);
    }
    (score, names.len())
}

/// The label given most often once `own`'s counts are taken out; none on a tie or when
/// nothing is left.
pub(crate) fn majority(
    all: &HashMap<&Label, usize>,
    own: Option<&HashMap<&Label, usize>>,
) -> Option<Label> {
    let mut best: Option<(&Label, usize)> = None;
    let mut tied = false;
    for (&label, &n) in all {
        let n = n - own.and_then(|o| o.get(label)).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        match best {
            Some((_, m)) if n < m => {}
            Some((_, m)) if n == m => tied = true,
            _ => {
                best = Some((label, n));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(l, _)| l.clone())
}

/// Adds one document's suggestions against its truth to `score`.
fn tally(score: &mut Score, suggested: &[Span], truth: &[Span]) {
    score.suggested += suggested.len();
    score.expected += truth.len();
    score.correct += suggested
        .iter()
        .filter(|s| truth.binary_search(s).is_ok())
        .count();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_majority_leaves_out_a_documents_own_counts_and_ties() {
        let (location, actor) = (Label::new("location"), Label::new("actor"));
        let all = HashMap::from([(&location, 3), (&actor, 2)]);
        assert_eq!(majority(&all, None), Some(location.clone()));
        let own = HashMap::from([(&location, 1)]);
        assert_eq!(majority(&all, Some(&own)), None, "2 and 2: a tie");
        let own = HashMap::from([(&location, 3)]);
        assert_eq!(majority(&all, Some(&own)), Some(actor.clone()));
        let own = HashMap::from([(&location, 3), (&actor, 2)]);
        assert_eq!(
            majority(&all, Some(&own)),
            None,
            "only this document knew it"
        );
    }

    #[test]
    fn scores_are_exact_matches() {
        let mut score = Score::default();
        let truth = [Span::new(0, 4, "location"), Span::new(10, 14, "actor")];
        let suggested = [Span::new(0, 4, "location"), Span::new(10, 14, "location")];
        tally(&mut score, &suggested, &truth);
        assert_eq!(
            score,
            Score {
                suggested: 2,
                correct: 1,
                expected: 2
            }
        );
        assert_eq!(
            (score.precision(), score.recall(), score.f1()),
            (Some(0.5), Some(0.5), Some(0.5))
        );
    }
}
