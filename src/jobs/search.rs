//! The search job (issue 14): every place a pattern occurs in a corpus's texts, in
//! context, with the labels the annotators already put on that exact place.
//!
//! The documents are the texts in `samples/` and the annotation folders with no text
//! there (an imported corpus), in natural order of their ids. Texts are read and searched
//! on every core a batch at a time; annotation files are read only for documents with a
//! hit, so a search costs little more than reading the texts.
//!
//! ```no_run
//! use spantag::jobs::search::{SearchRequest, run};
//! use spantag::text::search::Query;
//! let request = SearchRequest::new(Query { pattern: "Homs".into(), ..Query::default() });
//! let summary = run("corpus".as_ref(), &request, |hit| {
//!     println!("{}:{}:{}: {}", hit.document, hit.start, hit.end, hit.text);
//!     Ok(())
//! })?;
//! println!("{} hits in {} documents", summary.hits, summary.documents);
//! # Ok::<(), spantag::jobs::search::SearchError>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use crate::io::FileError;
use crate::io::corpus_reader::{BATCH, DocumentFolder, in_order};
use crate::io::ron_format::read_annotation_without_warnings;
use crate::io::store::{Corpus, TextEntry};
use crate::io::text_file::{MAX_TEXT_BYTES, read_text_limited};
use crate::model::order::natural_cmp;
use crate::model::{Annotation, AnnotatorName, Label, Span};
use crate::text::search::{Found, Matcher, Query, QueryError};

/// Code points of context shown on each side of a hit, unless asked otherwise.
pub const CONTEXT: usize = 40;

/// Which hits to keep, by the spans already on them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TagFilter {
    /// Every hit.
    #[default]
    Any,
    /// Hits no span has exactly: the places still to tag.
    Untagged,
    /// Hits a span with this label has exactly.
    Label(Label),
}

/// A search: the query and what to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// What to find.
    pub query: Query,
    /// Which hits to keep.
    pub filter: TagFilter,
    /// Whose spans are the labels on a hit; `None`: every file of the document
    /// (annotators and gold).
    pub annotator: Option<AnnotatorName>,
    /// Code points of context on each side (within the hit's line).
    pub context: usize,
}

impl SearchRequest {
    /// Every hit of `query`, with labels from every file and [`CONTEXT`] code points of
    /// context.
    pub fn new(query: Query) -> Self {
        Self {
            query,
            filter: TagFilter::Any,
            annotator: None,
            context: CONTEXT,
        }
    }
}

/// One place the pattern was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The document's id.
    pub document: String,
    /// First code point of the hit.
    pub start: usize,
    /// Code point after the hit.
    pub end: usize,
    /// The text of the hit.
    pub text: String,
    /// Up to the context's length of text before the hit, on its line.
    pub before: String,
    /// The same after the hit.
    pub after: String,
    /// Labels of the spans with exactly the hit's offsets, sorted, each once.
    pub labels: Vec<Label>,
}

/// What a search went through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Documents searched.
    pub documents: usize,
    /// Documents with a hit kept.
    pub documents_with_hits: usize,
    /// Hits kept.
    pub hits: usize,
    /// Texts and annotation files that could not be read or do not belong, one line
    /// each: they were left out.
    pub warnings: Vec<String>,
}

/// Why a search could not run.
#[derive(Debug, Error)]
pub enum SearchError {
    /// The folder does not exist.
    #[error("{}: no such folder", path.display())]
    NoPath {
        /// The path given.
        path: PathBuf,
    },
    /// The folder holds neither `samples/` nor `annotations/`.
    #[error("{}: not a corpus (no samples/ or annotations/ folder)", path.display())]
    NotACorpus {
        /// The path given.
        path: PathBuf,
    },
    /// The query cannot be searched for.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A folder could not be listed.
    #[error("cannot list the {what}")]
    List {
        /// Texts or annotations.
        what: &'static str,
        /// Why.
        #[source]
        source: FileError,
    },
    /// The caller's `visit` failed (a closed pipe, a full disk).
    #[error("writing the hits failed")]
    Output(#[source] std::io::Error),
}

/// A document of a corpus: its text file, its annotation folder, or both.
pub(crate) struct Source<'a> {
    pub id: String,
    pub text: Option<&'a TextEntry>,
    pub folder: Option<&'a DocumentFolder>,
}

/// Searches the corpus at `root` and hands each hit kept to `visit`, in document order
/// then text order.
pub fn run(
    root: &Path,
    request: &SearchRequest,
    mut visit: impl FnMut(Hit) -> std::io::Result<()>,
) -> Result<SearchSummary, SearchError> {
    if !root.is_dir() {
        return Err(SearchError::NoPath {
            path: root.to_owned(),
        });
    }
    let corpus = Corpus::new(root);
    if !corpus.samples_dir().is_dir() && !corpus.annotations_dir().is_dir() {
        return Err(SearchError::NotACorpus {
            path: root.to_owned(),
        });
    }
    let matcher = Matcher::new(&request.query)?;
    let list = |what| move |source| SearchError::List { what, source };
    let (texts, _, skipped) = corpus.list_texts_and_skips().map_err(list("texts"))?;
    let folders = corpus.document_folders().map_err(list("annotations"))?;
    let mut summary = SearchSummary {
        warnings: skipped.iter().map(ToString::to_string).collect(),
        ..SearchSummary::default()
    };
    let sources = sources(&texts, &folders);
    summary.documents = sources.len();
    let mut failed = None;
    in_order(
        &sources,
        BATCH,
        |source| search_document(&corpus, &matcher, request, source),
        |(hits, warnings)| {
            summary.warnings.extend(warnings);
            if failed.is_some() {
                return;
            }
            if !hits.is_empty() {
                summary.documents_with_hits += 1;
            }
            for hit in hits {
                summary.hits += 1;
                if let Err(e) = visit(hit) {
                    failed = Some(e);
                    return;
                }
            }
        },
    );
    match failed {
        Some(e) => Err(SearchError::Output(e)),
        None => Ok(summary),
    }
}

/// Every document once: texts, then folders with no text, in natural order of ids.
pub(crate) fn sources<'a>(
    texts: &'a [TextEntry],
    folders: &'a [DocumentFolder],
) -> Vec<Source<'a>> {
    let mut by_id: HashMap<&str, Source<'a>> = HashMap::new();
    for text in texts {
        by_id.insert(
            text.id.as_str(),
            Source {
                id: text.id.to_string(),
                text: Some(text),
                folder: None,
            },
        );
    }
    for folder in folders {
        by_id
            .entry(folder.name.as_str())
            .or_insert_with(|| Source {
                id: folder.name.clone(),
                text: None,
                folder: None,
            })
            .folder = Some(folder);
    }
    let mut sources: Vec<Source<'a>> = by_id.into_values().collect();
    sources.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    sources
}

/// The hits kept in one document, and what was said about its files.
fn search_document(
    corpus: &Corpus,
    matcher: &Matcher,
    request: &SearchRequest,
    source: &Source<'_>,
) -> (Vec<Hit>, Vec<String>) {
    let mut warnings = Vec::new();
    let files: Vec<&Path> = match (source.folder, &request.annotator) {
        (None, _) => Vec::new(),
        (Some(folder), None) => folder.files.iter().map(PathBuf::as_path).collect(),
        (Some(folder), Some(name)) => folder.file_of(name.as_str()).into_iter().collect(),
    };
    // The annotation file read for the text, if it was: not read again for its spans.
    let mut read_for_text: Option<(&Path, Annotation)> = None;
    let text = match source.text {
        // Only the text: no hash or offset index, which a search does not need.
        Some(entry) => match read_text_limited(&entry.path, MAX_TEXT_BYTES) {
            Ok(text) => text,
            Err(e) => {
                warnings.push(format!("{}: left out: {e}", corpus.relative(&entry.path)));
                return (Vec::new(), warnings);
            }
        },
        // An imported document: its text is in its annotation files.
        None => match source.folder.and_then(|f| {
            f.files.iter().find_map(|p| {
                read_annotation_without_warnings(p)
                    .ok()
                    .map(|a| (p.as_path(), a))
            })
        }) {
            Some((path, annotation)) => {
                let text = annotation.document.text().to_owned();
                read_for_text = Some((path, annotation));
                text
            }
            None => {
                warnings.push(format!(
                    "annotations/{}: left out: none of its files could be read",
                    source.id
                ));
                return (Vec::new(), warnings);
            }
        },
    };
    let found = matcher.find(&text);
    if found.is_empty() {
        return (Vec::new(), warnings);
    }
    let mut spans: Vec<Span> = Vec::new();
    for path in files {
        let read = match read_for_text.take_if(|(p, _)| *p == path) {
            Some((_, annotation)) => Ok(annotation),
            None => read_annotation_without_warnings(path),
        };
        match read {
            Ok(annotation) if annotation.document.text() == text => {
                spans.extend(annotation.spans().iter().cloned());
            }
            Ok(_) => warnings.push(format!(
                "{}: its labels are left out: it annotates another version of the text",
                corpus.relative(path)
            )),
            Err(e) => warnings.push(format!("{e}: its labels are left out")),
        }
    }
    spans.sort();
    let hits = hits_in(&source.id, &text, &found, &spans, request);
    (hits, warnings)
}

/// `found` in `text` as hits with their context and labels (from `spans`, sorted by
/// start as an annotation keeps them), those the request's filter keeps.
pub fn hits_in(
    document: &str,
    text: &str,
    found: &[Found],
    spans: &[Span],
    request: &SearchRequest,
) -> Vec<Hit> {
    found
        .iter()
        .filter_map(|f| {
            let first = spans.partition_point(|s| s.start < f.chars.start);
            let mut labels: Vec<Label> = spans[first..]
                .iter()
                .take_while(|s| s.start == f.chars.start)
                .filter(|s| s.end == f.chars.end)
                .map(|s| s.label.clone())
                .collect();
            labels.sort();
            labels.dedup();
            let keep = match &request.filter {
                TagFilter::Any => true,
                TagFilter::Untagged => labels.is_empty(),
                TagFilter::Label(label) => labels.contains(label),
            };
            keep.then(|| Hit {
                document: document.to_owned(),
                start: f.chars.start,
                end: f.chars.end,
                text: text[f.bytes.clone()].to_owned(),
                before: context_before(text, f.bytes.start, request.context),
                after: context_after(text, f.bytes.end, request.context),
                labels,
            })
        })
        .collect()
}

/// Up to `n` code points of `text` before byte `at`, not past the start of its line.
/// Reads back `n` code points at most, however long the line.
fn context_before(text: &str, at: usize, n: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .take(n)
        .take_while(|&(_, c)| c != '\n' && c != '\r')
        .last()
        .map_or(at, |(i, _)| i);
    text[start..at].to_owned()
}

/// Up to `n` code points of `text` after byte `at`, not past the end of its line.
fn context_after(text: &str, at: usize, n: usize) -> String {
    let end = text[at..]
        .char_indices()
        .take(n)
        .find(|&(_, c)| c == '\n' || c == '\r')
        .map_or_else(
            || {
                text[at..]
                    .char_indices()
                    .nth(n)
                    .map_or(text.len(), |(i, _)| at + i)
            },
            |(i, _)| at + i,
        );
    text[at..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pattern: &str) -> SearchRequest {
        SearchRequest::new(Query {
            pattern: pattern.to_owned(),
            ..Query::default()
        })
    }

    fn hits(text: &str, spans: &[Span], request: &SearchRequest) -> Vec<Hit> {
        let found = Matcher::new(&request.query).unwrap().find(text);
        hits_in("doc", text, &found, spans, request)
    }

    #[test]
    fn a_hit_has_its_line_around_it_and_the_labels_on_exactly_it() {
        let text = "Rebels took Homs.\r\nIn Homs city, “Homs” 😀";
        // As the job gathers them from two files: sorted, one span in both.
        let mut spans = vec![
            Span::new(12, 16, "location"),
            Span::new(22, 31, "location"),
            Span::new(12, 16, "actor"),
            Span::new(12, 16, "location"),
        ];
        spans.sort();
        let got = hits(text, &spans, &request("Homs"));
        let places: Vec<(usize, usize, &str, &str, Vec<&str>)> = got
            .iter()
            .map(|h| {
                (
                    h.start,
                    h.end,
                    h.before.as_str(),
                    h.after.as_str(),
                    h.labels.iter().map(Label::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                (12, 16, "Rebels took ", ".", vec!["actor", "location"]),
                (22, 26, "In ", " city, “Homs” 😀", vec![]),
                (34, 38, "In Homs city, “", "” 😀", vec![]),
            ]
        );
    }

    #[test]
    fn the_filter_keeps_untagged_hits_or_those_of_one_label() {
        let text = "Homs, Homs, Homs";
        let spans = [Span::new(0, 4, "location"), Span::new(6, 10, "actor")];
        let starts = |filter: TagFilter| {
            let request = SearchRequest {
                filter,
                ..request("Homs")
            };
            hits(text, &spans, &request)
                .iter()
                .map(|h| h.start)
                .collect::<Vec<_>>()
        };
        assert_eq!(starts(TagFilter::Any), [0, 6, 12]);
        assert_eq!(starts(TagFilter::Untagged), [12]);
        assert_eq!(starts(TagFilter::Label(Label::new("actor"))), [6]);
    }

    #[test]
    fn context_is_cut_to_its_length_by_code_points() {
        let text = "ابحث عن حمص في النص";
        let request = SearchRequest {
            context: 3,
            ..request("حمص")
        };
        let got = hits(text, &[], &request);
        assert_eq!(
            (got[0].before.as_str(), got[0].after.as_str()),
            ("عن ", " في")
        );
    }
}
