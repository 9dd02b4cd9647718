//! Agreement over a corpus: every pair of annotators, per document and micro-averaged
//! over documents, Fleiss' kappa across all annotators, the kinds of disagreement and a
//! label confusion matrix, over annotations already read ([`crate::jobs::agree`] reads
//! a corpus's). What `spantag agree` prints and the agreement panel shows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::metrics::{CohenCounts, ExactCounts, FleissCounts, OverlapCounts, Prf, overlap_counts};
use super::places;
use crate::model::{Annotation, Span};
use crate::text::align::{AlignMode, one_column};
use crate::text::tokens::{Token, Tokenizer, token_list};

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

/// One document's share of the agreement figures, computed once: its tokens once for all
/// its annotators, each pair's spans matched by a sweep over sorted spans. Its own
/// figures and the corpus's are added up from these (see [`AgreementTally`]), so a
/// corpus is measured one document at a time, in little memory.
#[derive(Clone, Debug)]
pub struct DocumentTally {
    /// The document id.
    pub doc: String,
    /// Its annotators, sorted.
    annotators: Vec<String>,
    /// The labels of their spans.
    labels: BTreeSet<String>,
    /// Every pair of annotators, in order.
    pairs: Vec<PairTally>,
    /// The token tags' share of Fleiss' kappa, when all annotators have the same text.
    fleiss: Option<FleissItems>,
    /// Disagreement kinds of the document's places.
    disagreements: DisagreementCounts,
}

/// One pair of annotators on one document.
#[derive(Clone, Debug)]
struct PairTally {
    /// Indices into the document's annotators.
    a: usize,
    b: usize,
    exact: ExactCounts,
    overlap: OverlapCounts,
    per_label: BTreeMap<String, ExactCounts>,
    confusion: BTreeMap<(String, String), usize>,
    /// Their token tags, when both have the same text.
    tokens: Option<CohenCounts>,
}

/// A document's tokens as Fleiss' kappa counts them: for each token in order, the sum
/// of squares of the annotators' counts per tag (kept in order: the corpus kappa adds
/// these as floating-point numbers, in document and token order), and the tags' totals.
#[derive(Clone, Debug)]
struct FleissItems {
    sums_of_squares: Vec<u32>,
    totals: BTreeMap<String, usize>,
}

impl DocumentTally {
    /// Tallies one document; `None` when it has fewer than two annotators, so nothing to
    /// agree on.
    pub fn of(doc: &DocumentAnnotations) -> Option<DocumentTally> {
        if doc.by_annotator.len() < 2 {
            return None;
        }
        let annotators: Vec<String> = doc.by_annotator.keys().cloned().collect();
        let annotations: Vec<&Annotation> = doc.by_annotator.values().collect();
        let labels: BTreeSet<String> = annotations
            .iter()
            .flat_map(|a| a.spans())
            .map(|s| s.label.as_str())
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let label_list: Vec<&str> = labels.iter().map(String::as_str).collect();
        // Each span's label as its place in the list, and each annotator's spans per
        // label, counted.
        let label_index = |s: &Span| label_list.binary_search(&s.label.as_str()).unwrap_or(0);
        let span_labels: Vec<Vec<usize>> = annotations
            .iter()
            .map(|a| a.spans().iter().map(label_index).collect())
            .collect();
        let per_annotator: Vec<Vec<usize>> = span_labels
            .iter()
            .map(|ids| {
                let mut counts = vec![0; label_list.len()];
                for &l in ids {
                    counts[l] += 1;
                }
                counts
            })
            .collect();

        // Token tags only where every annotator has the same text.
        let same_text = annotations
            .iter()
            .all(|a| a.document.sha256() == annotations[0].document.sha256());
        let columns: Option<Vec<Vec<u32>>> = same_text.then(|| {
            let tokens = token_list(annotations[0].document.text(), Tokenizer::Unicode);
            annotations
                .iter()
                .zip(&span_labels)
                .map(|(a, labels)| tag_column(&tokens, a.spans(), labels))
                .collect()
        });
        let categories = 2 * label_list.len() + 1;

        let mut pairs = Vec::new();
        for a in 0..annotations.len() {
            for b in a + 1..annotations.len() {
                let (x, y) = (annotations[a], annotations[b]);
                // Spans both have, per label (an exact match has the same label).
                let mut both = vec![0; label_list.len()];
                for (s, &l) in x.spans().iter().zip(&span_labels[a]) {
                    if y.spans().binary_search(s).is_ok() {
                        both[l] += 1;
                    }
                }
                let exact = ExactCounts {
                    both: both.iter().sum(),
                    a: x.spans().len(),
                    b: y.spans().len(),
                };
                let per_label = label_list
                    .iter()
                    .enumerate()
                    .filter(|&(l, _)| per_annotator[a][l] + per_annotator[b][l] > 0)
                    .map(|(l, label)| {
                        let counts = ExactCounts {
                            both: both[l],
                            a: per_annotator[a][l],
                            b: per_annotator[b][l],
                        };
                        ((*label).to_owned(), counts)
                    })
                    .collect();
                let tokens = columns
                    .as_ref()
                    .map(|columns| cohen_counts(&columns[a], &columns[b], categories, &label_list));
                pairs.push(PairTally {
                    a,
                    b,
                    exact,
                    overlap: overlap_counts(x.spans(), y.spans()),
                    per_label,
                    confusion: confusion_pairs(x, y),
                    tokens,
                });
            }
        }

        let fleiss = columns
            .as_ref()
            .map(|columns| fleiss_items(columns, categories, &label_list));

        let spans: Vec<&[Span]> = annotations.iter().map(|a| a.spans()).collect();
        let mut disagreements = DisagreementCounts::default();
        for k in places::disagreements(&spans) {
            disagreements.agreed += usize::from(k.is_agreement());
            disagreements.label += usize::from(k.label);
            disagreements.boundary += usize::from(k.boundary);
            disagreements.partial += usize::from(k.partial);
        }

        Some(DocumentTally {
            doc: doc.doc.clone(),
            annotators,
            labels,
            pairs,
            fleiss,
            disagreements,
        })
    }

    /// This document's own figures.
    pub fn agreement(&self) -> Agreement {
        let mut tally = AgreementTally::default();
        tally.add(self);
        tally.finish()
    }
}

/// One annotator's IOB2 tag for each token, as the CoNLL export tags it (spans grown to
/// whole tokens, the longest kept where they overlap), as a number: 0 is `O`, `2l + 1`
/// is `B-` and `2l + 2` is `I-` of label `l`, `span_labels[i]` being span `i`'s.
fn tag_column(tokens: &[Token], spans: &[Span], span_labels: &[usize]) -> Vec<u32> {
    let mut tags = vec![0u32; tokens.len()];
    for placed in one_column(tokens, spans, AlignMode::Expand).kept {
        let l = span_labels[placed.index] as u32;
        tags[placed.first] = 2 * l + 1;
        for tag in &mut tags[placed.first + 1..=placed.last] {
            *tag = 2 * l + 2;
        }
    }
    tags
}

/// The name of tag number `tag` (see [`tag_column`]).
fn tag_name(tag: usize, labels: &[&str]) -> String {
    match tag {
        0 => "O".to_owned(),
        t if t % 2 == 1 => format!("B-{}", labels[t / 2]),
        t => format!("I-{}", labels[t / 2 - 1]),
    }
}

/// Counts per tag number, as counts per tag name (tags never used left out).
fn named(counts: &[usize], labels: &[&str]) -> BTreeMap<String, usize> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(tag, n)| (tag_name(tag, labels), *n))
        .collect()
}

/// Cohen's kappa counts of two annotators' tag columns.
fn cohen_counts(a: &[u32], b: &[u32], categories: usize, labels: &[&str]) -> CohenCounts {
    let (mut counts_a, mut counts_b) = (vec![0usize; categories], vec![0usize; categories]);
    let mut agreed = 0;
    for (&x, &y) in a.iter().zip(b) {
        counts_a[x as usize] += 1;
        counts_b[y as usize] += 1;
        agreed += usize::from(x == y);
    }
    CohenCounts {
        items: a.len(),
        agreed,
        a: named(&counts_a, labels),
        b: named(&counts_b, labels),
    }
}

/// Fleiss' kappa's share of every annotator's tag columns (all the same length).
fn fleiss_items(columns: &[Vec<u32>], categories: usize, labels: &[&str]) -> FleissItems {
    let tokens = columns.first().map_or(0, Vec::len);
    let mut totals = vec![0usize; categories];
    let mut sums_of_squares = Vec::with_capacity(tokens);
    let mut item: Vec<u32> = Vec::with_capacity(columns.len());
    for t in 0..tokens {
        item.clear();
        item.extend(columns.iter().map(|c| c[t]));
        item.sort_unstable();
        let mut sum_sq = 0u32;
        for run in item.chunk_by(|x, y| x == y) {
            let n = run.len() as u32;
            sum_sq += n * n;
            totals[run[0] as usize] += run.len();
        }
        sums_of_squares.push(sum_sq);
    }
    FleissItems {
        sums_of_squares,
        totals: named(&totals, labels),
    }
}

/// Agreement figures added up document by document, in order: only counts and running
/// sums are kept, never the documents, so a corpus of any size is measured in the
/// memory of one document. The same figures as measuring all documents together.
#[derive(Clone, Debug, Default)]
pub struct AgreementTally {
    documents: usize,
    annotators: BTreeSet<String>,
    labels: BTreeSet<String>,
    /// Per pair: `pairs[a][b]`, `a` before `b`.
    pairs: BTreeMap<String, BTreeMap<String, PairSum>>,
    /// Fleiss' kappa counts per set of annotators: only documents that every annotator
    /// of the corpus annotated count, and which set that is is known at the end.
    fleiss: BTreeMap<Vec<String>, FleissCounts>,
    disagreements: DisagreementCounts,
    confusion: BTreeMap<(String, String), usize>,
}

/// One pair of annotators over the documents so far.
#[derive(Clone, Debug, Default)]
struct PairSum {
    documents: usize,
    exact: ExactCounts,
    overlap: OverlapCounts,
    per_label: BTreeMap<String, ExactCounts>,
    tokens: CohenCounts,
}

impl AgreementTally {
    /// Adds a document (documents must come in the same order to give the same Fleiss'
    /// kappa to the last digit).
    pub fn add(&mut self, doc: &DocumentTally) {
        self.documents += 1;
        for name in &doc.annotators {
            if !self.annotators.contains(name) {
                self.annotators.insert(name.clone());
            }
        }
        for label in &doc.labels {
            if !self.labels.contains(label) {
                self.labels.insert(label.clone());
            }
        }
        for pair in &doc.pairs {
            let with_a = entry(&mut self.pairs, &doc.annotators[pair.a]);
            let sum = entry(with_a, &doc.annotators[pair.b]);
            sum.documents += 1;
            sum.exact += pair.exact;
            sum.overlap += pair.overlap;
            for (label, counts) in &pair.per_label {
                *entry(&mut sum.per_label, label) += *counts;
            }
            if let Some(tokens) = &pair.tokens {
                sum.tokens += tokens;
            }
            for (labels, n) in &pair.confusion {
                *entry(&mut self.confusion, labels) += n;
            }
        }
        if let Some(items) = &doc.fleiss {
            let counts = self
                .fleiss
                .entry(doc.annotators.clone())
                .or_insert_with(|| FleissCounts::new(doc.annotators.len()));
            for &sum_sq in &items.sums_of_squares {
                counts.add_item(sum_sq as usize);
            }
            for (tag, n) in &items.totals {
                counts.add_to_total(tag, *n);
            }
        }
        let d = &mut self.disagreements;
        d.agreed += doc.disagreements.agreed;
        d.label += doc.disagreements.label;
        d.boundary += doc.disagreements.boundary;
        d.partial += doc.disagreements.partial;
    }

    /// The figures of the documents added.
    pub fn finish(self) -> Agreement {
        let annotators: Vec<String> = self.annotators.into_iter().collect();
        let fleiss_kappa = self.fleiss.get(&annotators).and_then(FleissCounts::kappa);
        let pairs = self
            .pairs
            .into_iter()
            .flat_map(|(a, with_a)| with_a.into_iter().map(move |(b, sum)| (a.clone(), b, sum)))
            .map(|(a, b, sum)| PairAgreement {
                a,
                b,
                documents: sum.documents,
                exact: sum.exact.prf(),
                overlap: F1 {
                    f1: sum.overlap.prf().f1,
                },
                per_label: sum
                    .per_label
                    .into_iter()
                    .map(|(l, c)| (l, F1 { f1: c.prf().f1 }))
                    .collect(),
                token_kappa: sum.tokens.kappa(),
            })
            .collect();
        let mut names: Vec<String> = self.labels.into_iter().collect();
        names.push("none".to_owned());
        let matrix = names
            .iter()
            .map(|row| {
                names
                    .iter()
                    .map(|col| {
                        self.confusion
                            .get(&(row.clone(), col.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        Agreement {
            documents: self.documents,
            annotators,
            pairs,
            fleiss_kappa,
            disagreements: self.disagreements,
            confusion: Confusion {
                labels: names,
                matrix,
            },
        }
    }
}

/// `map[key]`, made (from a copy of `key`) only when missing: a tally adds up the
/// same few keys again and again.
fn entry<'m, K: Ord + Clone, V: Default>(map: &'m mut BTreeMap<K, V>, key: &K) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.clone(), V::default());
    }
    map.get_mut(key).expect("just inserted")
}

/// Pairwise and group agreement over `docs` (each with its annotators).
pub fn agreement(docs: &[&DocumentAnnotations]) -> Agreement {
    let mut tally = AgreementTally::default();
    for doc in docs {
        if let Some(t) = DocumentTally::of(doc) {
            tally.add(&t);
        }
    }
    tally.finish()
}

/// (label of `a`, label of `b`) for spans with the same boundaries, `none` where one has
/// no span there. Spans are sorted, so both lists are walked once, range by range.
fn confusion_pairs<'a>(a: &'a Annotation, b: &'a Annotation) -> BTreeMap<(String, String), usize> {
    const NONE: &str = "none";
    // Only a few distinct pairs per document: counted by reference, copied at the end.
    let mut counts: BTreeMap<(&'a str, &'a str), usize> = BTreeMap::new();
    let mut count = |x: &'a str, y: &'a str| *counts.entry((x, y)).or_default() += 1;
    let (mut ra, mut rb) = (ranges(a.spans()).peekable(), ranges(b.spans()).peekable());
    loop {
        let order = match (ra.peek(), rb.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => (x[0].start, x[0].end).cmp(&(y[0].start, y[0].end)),
        };
        match order {
            std::cmp::Ordering::Less => {
                for s in ra.next().into_iter().flatten() {
                    count(s.label.as_str(), NONE);
                }
            }
            std::cmp::Ordering::Greater => {
                for s in rb.next().into_iter().flatten() {
                    count(NONE, s.label.as_str());
                }
            }
            std::cmp::Ordering::Equal => {
                let (la, lb) = (ra.next().unwrap_or_default(), rb.next().unwrap_or_default());
                let has = |list: &[Span], l: &Span| list.iter().any(|s| s.label == l.label);
                // Same labels pair with each other first; the rest pair in order.
                for s in la.iter().filter(|s| has(lb, s)) {
                    count(s.label.as_str(), s.label.as_str());
                }
                let mut rest_a = la.iter().filter(|s| !has(lb, s));
                let mut rest_b = lb.iter().filter(|s| !has(la, s));
                loop {
                    match (rest_a.next(), rest_b.next()) {
                        (Some(x), Some(y)) => count(x.label.as_str(), y.label.as_str()),
                        (Some(x), None) => count(x.label.as_str(), NONE),
                        (None, Some(y)) => count(NONE, y.label.as_str()),
                        (None, None) => break,
                    }
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|((x, y), n)| ((x.to_owned(), y.to_owned()), n))
        .collect()
}

/// Sorted spans in runs of the same range.
fn ranges(spans: &[Span]) -> impl Iterator<Item = &[Span]> {
    spans.chunk_by(|x, y| x.same_range(y))
}

/// Mean exact F1 over the pairs (1.0 with no pair): how well a document agrees, for
/// sorting the worst first.
pub fn mean_f1(a: &Agreement) -> f64 {
    if a.pairs.is_empty() {
        return 1.0;
    }
    a.pairs.iter().map(|p| p.exact.f1).sum::<f64>() / a.pairs.len() as f64
}

/// The corpus figures and, per document, the same (documents with two or more
/// annotators), each document tallied once.
pub fn corpus_agreement(docs: &[DocumentAnnotations]) -> (Agreement, Vec<DocumentAgreement>) {
    let mut corpus = AgreementTally::default();
    let mut per_document = Vec::new();
    for doc in docs {
        if let Some(tally) = DocumentTally::of(doc) {
            corpus.add(&tally);
            per_document.push(DocumentAgreement {
                doc: tally.doc.clone(),
                agreement: tally.agreement(),
            });
        }
    }
    (corpus.finish(), per_document)
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
