//! The agreement figures as first written: every figure recomputed from the annotations
//! for each use, pair by pair. Slow (tokens per annotator pair, spans compared pairwise)
//! but plain; kept only so that tests can check that the streaming computation of
//! [`super::agreement`] gives the same figures to the last digit.

use std::collections::{BTreeMap, BTreeSet};

use super::agreement::{
    Agreement, Confusion, DocumentAgreement, DocumentAnnotations, F1, PairAgreement,
};
use super::metrics::{
    ExactCounts, OverlapCounts, cohen_kappa, exact_counts, fleiss_kappa, overlap_counts,
};
use super::places::places;
use crate::model::Annotation;
use crate::text::align::{AlignMode, tag_document};
use crate::text::tagging::Scheme;
use crate::text::tokens::Tokenizer;

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
            // The kind as first computed, from the place's spans.
            let present: Vec<&crate::model::Span> = place.versions.iter().flatten().collect();
            let labels: BTreeSet<&str> = present.iter().map(|s| s.label.as_str()).collect();
            let ranges: BTreeSet<(usize, usize)> =
                present.iter().map(|s| (s.start, s.end)).collect();
            let k = super::places::Disagreement {
                label: labels.len() > 1,
                boundary: ranges.len() > 1,
                partial: present.len() < spans.len(),
            };
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
    use proptest::prelude::*;

    use super::super::agreement as fast;
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};

    const TEXTS: [&str; 3] = [
        "Rebels seized Rastan’s bridge.\r\nThe army 😀 left Homs. قال المتحدث إن حمص",
        "Kyiv’s mayor met envoys — “talks” in Damascus.\nNothing else.",
        "",
    ];
    const NAMES: [&str; 4] = ["alice", "bob", "carol", "dave"];
    const LABELS: [&str; 3] = ["actor", "event", "location"];

    /// (text index, annotators as (name index, text offset, spans as (start, len, label))).
    type RawDoc = Vec<(usize, usize, Vec<(usize, usize, usize)>)>;

    fn build(raw: &[RawDoc]) -> Vec<DocumentAnnotations> {
        raw.iter()
            .enumerate()
            .map(|(d, annotators)| {
                let mut by_annotator = BTreeMap::new();
                for (name, text, spans) in annotators {
                    // Mostly the document's text; now and then another one.
                    let text = TEXTS[(d + text) % TEXTS.len()];
                    let len = text.chars().count();
                    let doc = Document::new(DocId::new(format!("d{d}")).unwrap(), "", text);
                    let who = AnnotatorName::new(NAMES[*name]).unwrap();
                    let mut a = Annotation::new(doc, who, now());
                    for &(start, width, label) in spans {
                        if len == 0 {
                            break;
                        }
                        let start = start % len;
                        let end = (start + 1 + width).min(len);
                        let _ = a.insert(Span::new(start, end, LABELS[label]));
                    }
                    by_annotator.insert(NAMES[*name].to_owned(), a);
                }
                DocumentAnnotations {
                    doc: format!("d{d}"),
                    by_annotator,
                }
            })
            .collect()
    }

    fn raw_docs() -> impl Strategy<Value = Vec<RawDoc>> {
        let span = (0usize..80, 0usize..12, 0usize..3);
        let annotator = (
            0usize..4,
            prop_oneof![4 => Just(0usize), 1 => 1usize..3],
            proptest::collection::vec(span, 0..10),
        );
        proptest::collection::vec(proptest::collection::vec(annotator, 0..5), 0..5)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The tallied figures equal the pair-by-pair computation to the last digit, for
        /// the corpus and for each document: overlapping and nested spans, documents
        /// with one annotator, annotators with different texts, empty texts.
        #[test]
        fn tallies_give_the_figures_of_the_plain_computation(raw in raw_docs()) {
            let docs = build(&raw);
            let (corpus, per_document) = fast::corpus_agreement(&docs);
            let (expected_corpus, expected_per_document) = corpus_agreement(&docs);
            prop_assert_eq!(corpus, expected_corpus);
            prop_assert_eq!(per_document, expected_per_document);
        }
    }
}
