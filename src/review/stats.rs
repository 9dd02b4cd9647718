//! Figures about a corpus: documents, annotators, spans per label, progress, computed
//! from annotations already read (reading them is the caller's business).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Annotation, Status};

/// Figures for one annotator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AnnotatorStats {
    /// Documents this annotator has a file for.
    pub documents: usize,
    /// Of those, marked done.
    pub done: usize,
    /// Of those, still in progress.
    pub in_progress: usize,
    /// Spans in all their files.
    pub spans: usize,
    /// Spans per label.
    pub labels: BTreeMap<String, usize>,
}

/// Figures for a corpus, as `spantag stats` prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CorpusStats {
    /// Distinct documents: texts in `samples/` and documents with annotations.
    pub documents: usize,
    /// Documents with at least one annotation file.
    pub annotated_documents: usize,
    /// Valid annotation files read.
    pub annotation_files: usize,
    /// Annotation files marked done.
    pub done: usize,
    /// Annotation files still in progress.
    pub in_progress: usize,
    /// Spans in all files.
    pub spans: usize,
    /// Spans per label, over all files.
    pub labels: BTreeMap<String, usize>,
    /// Spans per origin (`hand`, `dictionary`, `gazetteer`, `command`, `occurrences`),
    /// over all files; origins no span has are left out.
    pub spans_by_origin: BTreeMap<String, usize>,
    /// Pending suggestions, over all files (those a span already answers left out).
    pub suggestions: usize,
    /// Rejected suggestions, over all files.
    pub rejected: usize,
    /// Files that hold only suggestions: not counted as annotation files, nor their
    /// annotators, nor their documents as annotated.
    pub suggestion_files: usize,
    /// Figures per annotator.
    pub annotators: BTreeMap<String, AnnotatorStats>,
    /// Files that could not be read, with the reason (one line each).
    pub invalid_files: Vec<String>,
    /// Labels used that the corpus schema does not define, sorted (left out of the JSON
    /// when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels_outside_schema: Vec<String>,
}

impl CorpusStats {
    /// Figures over `annotations`, with `text_ids` the ids of the corpus's texts (which
    /// count as documents even when nobody annotated them yet).
    pub fn collect<'a>(
        text_ids: impl IntoIterator<Item = &'a str>,
        annotations: &[Annotation],
    ) -> Self {
        let mut tally = StatsTally::default();
        for a in annotations {
            tally.add(FileFigures::of(a));
        }
        tally.finish(text_ids)
    }
}

/// What the figures need of one annotation file: not its text or spans, so a corpus is
/// counted one file at a time in little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFigures {
    /// The document id.
    pub doc: String,
    /// The annotator.
    pub annotator: String,
    /// Done or in progress.
    pub status: Status,
    /// Its spans per label.
    pub labels: BTreeMap<String, usize>,
    /// Its spans per origin.
    pub origins: BTreeMap<String, usize>,
    /// Its open pending suggestions.
    pub suggestions: usize,
    /// Its rejected suggestions.
    pub rejected: usize,
    /// Whether it holds only suggestions ([`Annotation::is_suggestions_only`]).
    pub suggestions_only: bool,
}

impl FileFigures {
    /// The figures of `annotation`.
    pub fn of(annotation: &Annotation) -> Self {
        FileFigures {
            doc: annotation.document.id().to_string(),
            annotator: annotation.annotator.to_string(),
            status: annotation.status,
            labels: annotation
                .label_counts()
                .into_iter()
                .map(|(label, n)| (label.to_string(), n))
                .collect(),
            origins: {
                let mut origins = BTreeMap::new();
                let others: usize = annotation.origins().count();
                let hand = annotation.spans().len() - others;
                if hand > 0 {
                    origins.insert(crate::model::Origin::Hand.to_string(), hand);
                }
                for (_, origin) in annotation.origins() {
                    *origins.entry(origin.to_string()).or_default() += 1;
                }
                origins
            },
            suggestions: annotation.open_suggestions().count(),
            rejected: annotation.rejected().len(),
            suggestions_only: annotation.is_suggestions_only(),
        }
    }
}

/// [`CorpusStats`] added up file by file.
#[derive(Clone, Debug, Default)]
pub struct StatsTally {
    stats: CorpusStats,
    annotated: BTreeSet<String>,
}

impl StatsTally {
    /// Counts one file.
    pub fn add(&mut self, file: FileFigures) {
        let stats = &mut self.stats;
        stats.suggestions += file.suggestions;
        stats.rejected += file.rejected;
        if file.suggestions_only {
            // Nobody's annotation yet.
            stats.suggestion_files += 1;
            return;
        }
        for (origin, n) in file.origins {
            *stats.spans_by_origin.entry(origin).or_default() += n;
        }
        let spans: usize = file.labels.values().sum();
        let who = stats.annotators.entry(file.annotator).or_default();
        who.documents += 1;
        who.spans += spans;
        match file.status {
            Status::Done => {
                who.done += 1;
                stats.done += 1;
            }
            Status::InProgress => {
                who.in_progress += 1;
                stats.in_progress += 1;
            }
        }
        for (label, count) in file.labels {
            *who.labels.entry(label.clone()).or_default() += count;
            *stats.labels.entry(label).or_default() += count;
        }
        stats.spans += spans;
        stats.annotation_files += 1;
        self.annotated.insert(file.doc);
    }

    /// The figures, with `text_ids` the ids of the corpus's texts (which count as
    /// documents even when nobody annotated them yet).
    pub fn finish<'a>(self, text_ids: impl IntoIterator<Item = &'a str>) -> CorpusStats {
        let mut stats = self.stats;
        let mut documents: BTreeSet<&str> = text_ids.into_iter().collect();
        documents.extend(self.annotated.iter().map(String::as_str));
        stats.documents = documents.len();
        stats.annotated_documents = self.annotated.len();
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};

    fn annotation(doc: &str, who: &str, spans: &[(usize, usize, &str)], done: bool) -> Annotation {
        let d = Document::new(DocId::new(doc).unwrap(), "", "Rebels seized Homs and Hama.");
        let mut a = Annotation::new(d, AnnotatorName::new(who).unwrap(), now());
        for &(s, e, l) in spans {
            a.insert(Span::new(s, e, l)).unwrap();
        }
        a.status = if done {
            Status::Done
        } else {
            Status::InProgress
        };
        a
    }

    #[test]
    fn counts_per_label_annotator_and_status() {
        let files = [
            annotation("a", "alice", &[(0, 6, "actor"), (14, 18, "location")], true),
            annotation(
                "a",
                "bob",
                &[(14, 18, "location"), (23, 27, "location")],
                false,
            ),
            annotation("b", "alice", &[(0, 18, "event")], false),
        ];
        let stats = CorpusStats::collect(["a", "c"], &files);
        assert_eq!(stats.documents, 3);
        assert_eq!(stats.annotated_documents, 2);
        assert_eq!(stats.annotation_files, 3);
        assert_eq!((stats.done, stats.in_progress, stats.spans), (1, 2, 5));
        assert_eq!(stats.labels["location"], 3);
        assert_eq!(stats.labels["event"], 1);
        let alice = &stats.annotators["alice"];
        assert_eq!(
            (alice.documents, alice.done, alice.in_progress, alice.spans),
            (2, 1, 1, 3)
        );
        assert_eq!(stats.annotators["bob"].labels["location"], 2);
    }
}
