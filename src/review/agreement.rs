//! Agreement over a corpus: every pair of annotators, per document and micro-averaged
//! over documents, Fleiss' kappa across all annotators, the kinds of disagreement and a
//! label confusion matrix, over annotations already read ([`crate::jobs::agree`] reads
//! a corpus's). What `spantag agree` prints and the agreement panel shows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::metrics::{
    ExactCounts, OverlapCounts, Prf, cohen_kappa, exact_counts, fleiss_kappa, overlap_counts,
};
use super::places::places;
use crate::model::Annotation;
use crate::text::align::{AlignMode, tag_document};
use crate::text::tagging::Scheme;
use crate::text::tokens::Tokenizer;

/// The annotators' files of one document (gold excluded).
#[derive(Clone, Debug)]
pub struct DocumentAnnotations {
    /// The document id.
    pub doc: String,
    /// Each annotator's annotation, by name.
    pub by_annotator: BTreeMap<String, Annotation>,
}

/// F1 only (for overlap and per label).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct F1 {
    /// The F1 score.
    pub f1: f64,
}

/// Agreement of one pair of annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    /// First annotator (the reference for precision and recall).
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Documents both annotated.
    pub documents: usize,
    /// Exact match: boundaries and label.
    pub exact: Prf,
    /// Same label, any overlap.
    pub overlap: F1,
    /// Exact-match F1 per label.
    pub per_label: BTreeMap<String, F1>,
    /// Cohen's kappa over the IOB2 tags of every token (`null` with no tokens).
    pub token_kappa: Option<f64>,
}

/// Counts of each kind of disagreement (a place can count in several).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DisagreementCounts {
    /// Places where all annotators agree.
    pub agreed: usize,
    /// Places with different labels.
    pub label: usize,
    /// Places with different boundaries.
    pub boundary: usize,
    /// Places some annotators left empty.
    pub partial: usize,
}

/// Label confusion over spans with the same boundaries, all pairs together; `none` is a
/// span the other annotator does not have at those boundaries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Row and column names: the labels, then `none`.
    pub labels: Vec<String>,
    /// `matrix[i][j]`: spans labelled `labels[i]` by the first annotator of a pair and
    /// `labels[j]` by the second.
    pub matrix: Vec<Vec<usize>>,
}

/// Agreement of a set of documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Documents with at least two annotators.
    pub documents: usize,
    /// The annotators, sorted.
    pub annotators: Vec<String>,
    /// Every pair that shares a document.
    pub pairs: Vec<PairAgreement>,
    /// Fleiss' kappa over token tags, on documents every annotator annotated.
    pub fleiss_kappa: Option<f64>,
    /// Disagreement kinds.
    pub disagreements: DisagreementCounts,
    /// Label confusion.
    pub confusion: Confusion,
}

/// A document's agreement, for `--per-document` and for sorting by disagreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentAgreement {
    /// The document id.
    pub doc: String,
    /// Its figures.
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// Token tags per annotator for one document (same tokens for all: same text).
fn token_tags(annotation: &Annotation) -> Vec<String> {
    tag_document(
        annotation,
        Tokenizer::Unicode,
        AlignMode::Expand,
        Scheme::Iob2,
    )
    .sentences
    .into_iter()
    .flat_map(|s| s.tags)
    .collect()
}

/// Pairwise and group agreement over `docs` (each with its annotators).
pub fn agreement(docs: &[&DocumentAnnotations]) -> Agreement {
    let docs: Vec<&&DocumentAnnotations> =
        docs.iter().filter(|d| d.by_annotator.len() >= 2).collect();
    let annotators: BTreeSet<&String> = docs.iter().flat_map(|d| d.by_annotator.keys()).collect();
    let annotators: Vec<String> = annotators.into_iter().cloned().collect();
    let mut labels: BTreeSet<String> = BTreeSet::new();
    let mut result = Agreement {
        documents: docs.len(),
        annotators: annotators.clone(),
        ..Agreement::default()
    };
    // Tags once per (document, annotator), only where texts agree.
    let tags: Vec<BTreeMap<&String, Vec<String>>> = docs
        .iter()
        .map(|d| {
            let texts: BTreeSet<&str> = d
                .by_annotator
                .values()
                .map(|a| a.document.sha256())
                .collect();
            if texts.len() != 1 {
                return BTreeMap::new();
            }
            d.by_annotator
                .iter()
                .map(|(name, a)| (name, token_tags(a)))
                .collect()
        })
        .collect();

    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, a) in annotators.iter().enumerate() {
        for b in &annotators[i + 1..] {
            let mut exact = ExactCounts::default();
            let mut overlap = OverlapCounts::default();
            let mut per_label: BTreeMap<String, ExactCounts> = BTreeMap::new();
            let (mut tags_a, mut tags_b): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            let mut shared = 0;
            for (d, doc_tags) in docs.iter().zip(&tags) {
                let (Some(x), Some(y)) = (d.by_annotator.get(a), d.by_annotator.get(b)) else {
                    continue;
                };
                shared += 1;
                exact += exact_counts(x.spans(), y.spans());
                overlap += overlap_counts(x.spans(), y.spans());
                let doc_labels: BTreeSet<&str> = x
                    .spans()
                    .iter()
                    .chain(y.spans())
                    .map(|s| s.label.as_str())
                    .collect();
                for label in doc_labels {
                    labels.insert(label.to_owned());
                    let of = |an: &Annotation| -> Vec<crate::model::Span> {
                        an.spans()
                            .iter()
                            .filter(|s| s.label.as_str() == label)
                            .cloned()
                            .collect()
                    };
                    *per_label.entry(label.to_owned()).or_default() += exact_counts(&of(x), &of(y));
                }
                for ((la, lb), n) in confusion_pairs(x, y) {
                    *confusion.entry((la, lb)).or_default() += n;
                }
                if let (Some(ta), Some(tb)) = (doc_tags.get(a), doc_tags.get(b)) {
                    tags_a.extend(ta.iter().map(String::as_str));
                    tags_b.extend(tb.iter().map(String::as_str));
                }
            }
            if shared == 0 {
                continue;
            }
            result.pairs.push(PairAgreement {
                a: a.clone(),
                b: b.clone(),
                documents: shared,
                exact: exact.prf(),
                overlap: F1 {
                    f1: overlap.prf().f1,
                },
                per_label: per_label
                    .into_iter()
                    .map(|(l, c)| (l, F1 { f1: c.prf().f1 }))
                    .collect(),
                token_kappa: cohen_kappa(&tags_a, &tags_b),
            });
        }
    }

    // Fleiss: documents that every annotator annotated, with the same text.
    let mut items: Vec<Vec<&str>> = Vec::new();
    for (d, doc_tags) in docs.iter().zip(&tags) {
        if d.by_annotator.len() != annotators.len() || doc_tags.len() != annotators.len() {
            continue;
        }
        let columns: Vec<&Vec<String>> =
            annotators.iter().filter_map(|a| doc_tags.get(a)).collect();
        for t in 0..columns[0].len() {
            items.push(columns.iter().map(|c| c[t].as_str()).collect());
        }
    }
    result.fleiss_kappa = fleiss_kappa(&items);

    for d in &docs {
        let spans: Vec<&[crate::model::Span]> =
            d.by_annotator.values().map(|a| a.spans()).collect();
        for place in places(&spans) {
            let k = place.disagreement;
            let counts = &mut result.disagreements;
            counts.agreed += usize::from(k.is_agreement());
            counts.label += usize::from(k.label);
            counts.boundary += usize::from(k.boundary);
            counts.partial += usize::from(k.partial);
        }
    }

    let mut names: Vec<String> = labels.into_iter().collect();
    names.push("none".to_owned());
    let matrix = names
        .iter()
        .map(|row| {
            names
                .iter()
                .map(|col| {
                    confusion
                        .get(&(row.clone(), col.clone()))
                        .copied()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    result.confusion = Confusion {
        labels: names,
        matrix,
    };
    result
}

/// (label of `a`, label of `b`) for spans with the same boundaries, `none` where one has
/// no span there.
fn confusion_pairs(a: &Annotation, b: &Annotation) -> BTreeMap<(String, String), usize> {
    let mut out: BTreeMap<(String, String), usize> = BTreeMap::new();
    let ranges = |an: &Annotation| -> BTreeMap<(usize, usize), Vec<String>> {
        let mut m: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for s in an.spans() {
            m.entry((s.start, s.end))
                .or_default()
                .push(s.label.to_string());
        }
        m
    };
    let (ra, rb) = (ranges(a), ranges(b));
    for (range, la) in &ra {
        match rb.get(range) {
            Some(lb) => {
                // Same labels pair with each other first; the rest pair in order.
                let mut rest_a: Vec<&String> = la.iter().filter(|l| !lb.contains(l)).collect();
                let mut rest_b: Vec<&String> = lb.iter().filter(|l| !la.contains(l)).collect();
                for l in la.iter().filter(|l| lb.contains(l)) {
                    *out.entry((l.clone(), l.clone())).or_default() += 1;
                }
                while let (Some(x), Some(y)) = (rest_a.first(), rest_b.first()) {
                    *out.entry(((*x).clone(), (*y).clone())).or_default() += 1;
                    rest_a.remove(0);
                    rest_b.remove(0);
                }
                for x in rest_a {
                    *out.entry((x.clone(), "none".to_owned())).or_default() += 1;
                }
                for y in rest_b {
                    *out.entry(("none".to_owned(), y.clone())).or_default() += 1;
                }
            }
            None => {
                for l in la {
                    *out.entry((l.clone(), "none".to_owned())).or_default() += 1;
                }
            }
        }
    }
    for (range, lb) in &rb {
        if !ra.contains_key(range) {
            for l in lb {
                *out.entry(("none".to_owned(), l.clone())).or_default() += 1;
            }
        }
    }
    out
}

/// Mean exact F1 over the pairs (1.0 with no pair): how well a document agrees, for
/// sorting the worst first.
pub fn mean_f1(a: &Agreement) -> f64 {
    if a.pairs.is_empty() {
        return 1.0;
    }
    a.pairs.iter().map(|p| p.exact.f1).sum::<f64>() / a.pairs.len() as f64
}

/// The corpus figures and, per document, the same.
pub fn corpus_agreement(docs: &[DocumentAnnotations]) -> (Agreement, Vec<DocumentAgreement>) {
    let all: Vec<&DocumentAnnotations> = docs.iter().collect();
    let per_document = docs
        .iter()
        .filter(|d| d.by_annotator.len() >= 2)
        .map(|d| DocumentAgreement {
            doc: d.doc.clone(),
            agreement: agreement(&[d]),
        })
        .collect();
    (agreement(&all), per_document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};

    /// (annotator, its spans as (start, end, label)).
    type Annotator<'a> = (&'a str, &'a [(usize, usize, &'a str)]);

    fn doc(id: &str, text: &str, annotators: &[Annotator<'_>]) -> DocumentAnnotations {
        let mut by_annotator = BTreeMap::new();
        for (name, spans) in annotators {
            let d = Document::new(DocId::new(id).unwrap(), "", text);
            let mut a = Annotation::new(d, AnnotatorName::new(*name).unwrap(), now());
            for &(s, e, l) in *spans {
                a.insert(Span::new(s, e, l)).unwrap();
            }
            by_annotator.insert(name.to_string(), a);
        }
        DocumentAnnotations {
            doc: id.to_owned(),
            by_annotator,
        }
    }

    #[test]
    fn identical_files_agree_fully() {
        let spans: &[(usize, usize, &str)] = &[(0, 6, "actor"), (14, 20, "location")];
        let d = doc(
            "d",
            "Rebels seized Rastan.",
            &[("alice", spans), ("bob", spans)],
        );
        let (corpus, per_doc) = corpus_agreement(&[d]);
        let pair = &corpus.pairs[0];
        assert_eq!(
            (pair.exact.f1, pair.overlap.f1, pair.token_kappa),
            (1.0, 1.0, Some(1.0))
        );
        assert_eq!(corpus.fleiss_kappa, Some(1.0));
        assert_eq!(
            corpus.disagreements,
            DisagreementCounts {
                agreed: 2,
                label: 0,
                boundary: 0,
                partial: 0
            }
        );
        assert_eq!(per_doc.len(), 1);
    }

    #[test]
    fn micro_averages_over_documents_and_counts_disagreements() {
        // Doc 1: alice 2 spans, bob 1 (same as one of alice's). Doc 2: label differs.
        let d1 = doc(
            "d1",
            "Rebels seized Rastan.",
            &[
                ("alice", &[(0, 6, "actor"), (14, 20, "location")]),
                ("bob", &[(0, 6, "actor")]),
            ],
        );
        let d2 = doc(
            "d2",
            "Homs fell.",
            &[
                ("alice", &[(0, 4, "location")]),
                ("bob", &[(0, 4, "actor")]),
            ],
        );
        let (corpus, per_doc) = corpus_agreement(&[d1, d2]);
        let pair = &corpus.pairs[0];
        // Summed counts: both = 1, a = 3, b = 2 → P = 1/2, R = 1/3, F1 = 2/5.
        assert_eq!(pair.exact.precision, 0.5);
        assert!((pair.exact.recall - 1.0 / 3.0).abs() < 1e-12);
        assert!((pair.exact.f1 - 0.4).abs() < 1e-12);
        assert_eq!(pair.per_label["actor"].f1, 2.0 / 3.0);
        assert_eq!(pair.per_label["location"].f1, 0.0);
        assert_eq!(
            corpus.disagreements,
            DisagreementCounts {
                agreed: 1,
                label: 1,
                boundary: 0,
                partial: 1
            }
        );
        let c = &corpus.confusion;
        assert_eq!(c.labels, ["actor", "location", "none"]);
        assert_eq!(c.matrix, [[1, 0, 0], [1, 0, 1], [0, 0, 0]]);
        assert_eq!(per_doc[1].agreement.pairs[0].exact.f1, 0.0);
    }

    #[test]
    fn one_annotator_with_no_spans() {
        let d = doc(
            "d",
            "Rebels seized Rastan.",
            &[("alice", &[(0, 6, "actor")]), ("bob", &[])],
        );
        let (corpus, _) = corpus_agreement(&[d]);
        let pair = &corpus.pairs[0];
        assert_eq!(
            pair.exact,
            Prf {
                precision: 0.0,
                recall: 0.0,
                f1: 0.0
            }
        );
        // Tokens: Rebels seized Rastan . → alice B O O O, bob O O O O: po = 3/4, pe = 3/4·1 = 3/4 → 0.
        assert_eq!(pair.token_kappa, Some(0.0));
        assert_eq!(corpus.disagreements.partial, 1);
    }
}
