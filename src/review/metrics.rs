//! Agreement figures: span precision, recall and F1 (exact and overlap), Cohen's kappa
//! and Fleiss' kappa over token tags. Pure functions on counts, tested on hand-worked
//! cases and checked against scikit-learn and statsmodels in `tests/interop/`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sweep::SpanIndex;
use crate::model::Span;

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Share of the second annotator's spans that the first has too.
    pub precision: f64,
    /// Share of the first annotator's spans that the second has too.
    pub recall: f64,
    /// Their harmonic mean; symmetric in the two annotators.
    pub f1: f64,
}

/// Counts for exact-match F1: spans both have (same boundaries and label), and how many
/// each has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExactCounts {
    /// Spans in both.
    pub both: usize,
    /// Spans of the first annotator (the reference).
    pub a: usize,
    /// Spans of the second.
    pub b: usize,
}

impl std::ops::AddAssign for ExactCounts {
    fn add_assign(&mut self, other: Self) {
        self.both += other.both;
        self.a += other.a;
        self.b += other.b;
    }
}

/// Counts spans that match exactly (boundaries and label). Spans are sorted, so this is a
/// merge.
pub fn exact_counts(a: &[Span], b: &[Span]) -> ExactCounts {
    let both = a.iter().filter(|s| b.binary_search(s).is_ok()).count();
    ExactCounts {
        both,
        a: a.len(),
        b: b.len(),
    }
}

/// `num / den`; with nothing to divide by, 1.0 if the other side is empty too (two
/// empty annotations agree fully), else 0.0.
fn share(num: usize, den: usize, other: usize) -> f64 {
    if den > 0 {
        num as f64 / den as f64
    } else if other == 0 {
        1.0
    } else {
        0.0
    }
}

impl ExactCounts {
    /// Precision, recall and F1, with `a` as the reference. Two empty annotations agree
    /// fully (1.0); against an empty one, everything is 0.
    pub fn prf(&self) -> Prf {
        let f1 = if self.a + self.b > 0 {
            2.0 * self.both as f64 / (self.a + self.b) as f64
        } else {
            1.0
        };
        Prf {
            precision: share(self.both, self.b, self.a),
            recall: share(self.both, self.a, self.b),
            f1,
        }
    }
}

/// Counts for overlap F1: spans of each annotator that overlap a span of the other with
/// the same label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OverlapCounts {
    /// Spans of `a` that overlap a same-label span of `b`.
    pub a_matched: usize,
    /// Spans of `b` that overlap a same-label span of `a`.
    pub b_matched: usize,
    /// Spans of `a`.
    pub a: usize,
    /// Spans of `b`.
    pub b: usize,
}

impl std::ops::AddAssign for OverlapCounts {
    fn add_assign(&mut self, other: Self) {
        self.a_matched += other.a_matched;
        self.b_matched += other.b_matched;
        self.a += other.a;
        self.b += other.b;
    }
}

/// Counts spans that overlap a span of the other annotator with the same label. Sorted
/// by start (as an annotation's are), each span is compared only with the spans near it.
pub fn overlap_counts(a: &[Span], b: &[Span]) -> OverlapCounts {
    let matched = |x: &[Span], y: &[Span]| {
        let y = SpanIndex::new(y);
        x.iter()
            .filter(|s| y.overlapping(s).any(|(_, t)| t.label == s.label))
            .count()
    };
    OverlapCounts {
        a_matched: matched(a, b),
        b_matched: matched(b, a),
        a: a.len(),
        b: b.len(),
    }
}

impl OverlapCounts {
    /// Precision (`b`'s matched share), recall (`a`'s) and their harmonic mean.
    pub fn prf(&self) -> Prf {
        let precision = share(self.b_matched, self.b, self.a);
        let recall = share(self.a_matched, self.a, self.b);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Cohen's kappa of two raters' labels for the same items (as scikit-learn's
/// `cohen_kappa_score`). `None` for no items. When both raters used one and the same
/// category everywhere, agreement is perfect and kappa is 1.
///
/// ```
/// use spantag::review::metrics::cohen_kappa;
/// let a = ["O", "B-actor", "I-actor", "O"];
/// let b = ["O", "B-actor", "O", "O"];
/// // observed 3/4; expected (2/4·3/4 + 1/4·1/4 + 1/4·0) = 7/16
/// let k = cohen_kappa(&a, &b).unwrap();
/// assert!((k - (0.75 - 7.0 / 16.0) / (1.0 - 7.0 / 16.0)).abs() < 1e-12);
/// ```
pub fn cohen_kappa(a: &[&str], b: &[&str]) -> Option<f64> {
    assert_eq!(a.len(), b.len(), "both raters must rate the same items");
    let mut counts = CohenCounts::default();
    for (x, y) in a.iter().zip(b) {
        counts.add(x, y, 1);
    }
    counts.kappa()
}

/// What Cohen's kappa needs of two raters' labels, which adds up item by item and
/// document by document: how many items, how many alike, and each rater's count per
/// category.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CohenCounts {
    /// Items rated.
    pub items: usize,
    /// Items both raters put in the same category.
    pub agreed: usize,
    /// The first rater's items per category.
    pub a: BTreeMap<String, usize>,
    /// The second rater's.
    pub b: BTreeMap<String, usize>,
}

impl CohenCounts {
    /// Counts `n` items that the first rater put in `x` and the second in `y`.
    pub fn add(&mut self, x: &str, y: &str, n: usize) {
        if n == 0 {
            return;
        }
        self.items += n;
        if x == y {
            self.agreed += n;
        }
        for (counts, category) in [(&mut self.a, x), (&mut self.b, y)] {
            match counts.get_mut(category) {
                Some(c) => *c += n,
                None => {
                    counts.insert(category.to_owned(), n);
                }
            }
        }
    }

    /// Cohen's kappa of the items counted (see [`cohen_kappa`]); `None` for none.
    pub fn kappa(&self) -> Option<f64> {
        if self.items == 0 {
            return None;
        }
        let n = self.items as f64;
        let observed = self.agreed as f64 / n;
        let expected: f64 = self
            .a
            .iter()
            .map(|(k, ca)| (*ca as f64 / n) * (self.b.get(k).copied().unwrap_or(0) as f64 / n))
            .sum();
        if (1.0 - expected).abs() < f64::EPSILON {
            return Some(1.0);
        }
        Some((observed - expected) / (1.0 - expected))
    }
}

impl std::ops::AddAssign<&CohenCounts> for CohenCounts {
    fn add_assign(&mut self, other: &CohenCounts) {
        self.items += other.items;
        self.agreed += other.agreed;
        for (mine, theirs) in [(&mut self.a, &other.a), (&mut self.b, &other.b)] {
            for (category, n) in theirs {
                match mine.get_mut(category) {
                    Some(c) => *c += n,
                    None => {
                        mine.insert(category.clone(), *n);
                    }
                }
            }
        }
    }
}

/// Fleiss' kappa of several raters (as statsmodels' `fleiss_kappa` on a table of counts):
/// `items[i]` holds every rater's category for item `i`, the same number of raters for
/// each. `None` for no items or fewer than two raters.
pub fn fleiss_kappa(items: &[Vec<&str>]) -> Option<f64> {
    let raters = items.first()?.len();
    let mut counts = FleissCounts::new(raters);
    for item in items {
        let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
        for category in item {
            *categories.entry(category).or_default() += 1;
        }
        counts.add_item(categories.values().map(|&c| c * c).sum());
        for (category, n) in categories {
            counts.add_to_total(category, n);
        }
    }
    counts.kappa()
}

/// What Fleiss' kappa needs, gathered item by item in order: the number of raters, the
/// items, the running sum of each item's agreement and the ratings per category. The
/// sum is of floating-point numbers, so items must come in the same order to give the
/// same kappa to the last digit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FleissCounts {
    /// Raters of every item.
    pub raters: usize,
    /// Items counted.
    pub items: usize,
    /// The sum over items of `(Σ n² − r) / (r (r − 1))`, `n` the raters per category.
    pub agreement_sum: f64,
    /// Ratings per category, over all items.
    pub totals: BTreeMap<String, usize>,
}

impl FleissCounts {
    /// No items yet, each to be rated by `raters`.
    pub fn new(raters: usize) -> Self {
        FleissCounts {
            raters,
            ..FleissCounts::default()
        }
    }

    /// Counts an item whose raters' counts per category square and add up to `sum_sq`
    /// (all raters alike: `r²`; all different: `r`).
    pub fn add_item(&mut self, sum_sq: usize) {
        let r = self.raters as f64;
        self.items += 1;
        self.agreement_sum += (sum_sq as f64 - r) / (r * (r - 1.0));
    }

    /// Adds `n` ratings in `category` to the totals.
    pub fn add_to_total(&mut self, category: &str, n: usize) {
        match self.totals.get_mut(category) {
            Some(c) => *c += n,
            None => {
                self.totals.insert(category.to_owned(), n);
            }
        }
    }

    /// Fleiss' kappa of the items counted (see [`fleiss_kappa`]); `None` for no items or
    /// fewer than two raters.
    pub fn kappa(&self) -> Option<f64> {
        if self.items == 0 || self.raters < 2 {
            return None;
        }
        let n_items = self.items as f64;
        let r = self.raters as f64;
        let p_bar = self.agreement_sum / n_items;
        let p_e: f64 = self
            .totals
            .values()
            .map(|&c| {
                let p = c as f64 / (n_items * r);
                p * p
            })
            .sum();
        if (1.0 - p_e).abs() < f64::EPSILON {
            return Some(1.0);
        }
        Some((p_bar - p_e) / (1.0 - p_e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span::new(start, end, label)
    }

    #[test]
    fn exact_f1_by_hand() {
        // alice 4 spans, bob 3; 2 identical; a boundary and a label difference.
        let alice = vec![
            s(0, 6, "actor"),
            s(10, 14, "location"),
            s(20, 30, "event"),
            s(40, 44, "actor"),
        ];
        let bob = vec![s(0, 6, "actor"), s(10, 14, "actor"), s(20, 30, "event")];
        let c = exact_counts(&alice, &bob);
        assert_eq!(
            c,
            ExactCounts {
                both: 2,
                a: 4,
                b: 3
            }
        );
        let prf = c.prf();
        assert_eq!(prf.precision, 2.0 / 3.0);
        assert_eq!(prf.recall, 0.5);
        assert_eq!(prf.f1, 4.0 / 7.0);
        // Symmetric F1.
        assert_eq!(exact_counts(&bob, &alice).prf().f1, prf.f1);
    }

    #[test]
    fn overlap_f1_by_hand() {
        let alice = vec![s(0, 10, "actor"), s(20, 30, "event"), s(40, 44, "actor")];
        let bob = vec![s(2, 8, "actor"), s(25, 35, "location")];
        let c = overlap_counts(&alice, &bob);
        assert_eq!((c.a_matched, c.b_matched), (1, 1));
        let prf = c.prf();
        assert_eq!((prf.precision, prf.recall), (0.5, 1.0 / 3.0));
        assert!((prf.f1 - 0.4).abs() < 1e-12);
    }

    #[test]
    fn empty_and_identical_annotations() {
        let none: Vec<Span> = vec![];
        let some = vec![s(0, 4, "actor")];
        assert_eq!(
            exact_counts(&none, &none).prf(),
            Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0
            }
        );
        assert_eq!(
            exact_counts(&some, &none).prf(),
            Prf {
                precision: 0.0,
                recall: 0.0,
                f1: 0.0
            }
        );
        assert_eq!(exact_counts(&some, &some).prf().f1, 1.0);
        assert_eq!(overlap_counts(&some, &some).prf().f1, 1.0);
        assert_eq!(cohen_kappa(&["O", "B-actor"], &["O", "B-actor"]), Some(1.0));
        assert_eq!(cohen_kappa(&["O", "O"], &["O", "O"]), Some(1.0));
        assert_eq!(cohen_kappa(&[], &[]), None);
        assert_eq!(
            fleiss_kappa(&[vec!["O", "O", "O"], vec!["B", "B", "B"]]),
            Some(1.0)
        );
    }

    #[test]
    fn cohen_kappa_by_hand() {
        // The classic 2x2 example: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (x, y, n) in [
            ("yes", "yes", 20),
            ("yes", "no", 5),
            ("no", "yes", 10),
            ("no", "no", 15),
        ] {
            for _ in 0..n {
                a.push(x);
                b.push(y);
            }
        }
        // po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4
        assert!((cohen_kappa(&a, &b).unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn fleiss_kappa_by_hand() {
        // 4 items, 3 raters. Items: AAA, AAB, ABB, BBB.
        let items = vec![
            vec!["A", "A", "A"],
            vec!["A", "A", "B"],
            vec!["A", "B", "B"],
            vec!["B", "B", "B"],
        ];
        // P_i = 1, 1/3, 1/3, 1 → P̄ = 2/3; p_A = p_B = 1/2 → P_e = 1/2; kappa = 1/3
        assert!((fleiss_kappa(&items).unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }
}
