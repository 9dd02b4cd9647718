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
        let mut stats = CorpusStats::default();
        let mut documents: BTreeSet<&str> = text_ids.into_iter().collect();
        let mut annotated = BTreeSet::new();
        for a in annotations {
            documents.insert(a.document.id().as_str());
            annotated.insert(a.document.id().as_str());
            let who = stats.annotators.entry(a.annotator.to_string()).or_default();
            who.documents += 1;
            who.spans += a.spans().len();
            match a.status {
                Status::Done => {
                    who.done += 1;
                    stats.done += 1;
                }
                Status::InProgress => {
                    who.in_progress += 1;
                    stats.in_progress += 1;
                }
            }
            for (label, count) in a.label_counts() {
                *who.labels.entry(label.to_string()).or_default() += count;
                *stats.labels.entry(label.to_string()).or_default() += count;
            }
            stats.spans += a.spans().len();
        }
        stats.documents = documents.len();
        stats.annotated_documents = annotated.len();
        stats.annotation_files = annotations.len();
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
