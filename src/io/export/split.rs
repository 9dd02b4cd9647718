//! Splitting a corpus into named parts (`train=0.8,dev=0.1,test=0.1`) by document:
//! deterministic for a seed, and stratified so that each part has every label where the
//! corpus allows. Pure: which document goes where; the writers do the rest.
//!
//! ```
//! use std::collections::BTreeSet;
//! use spantag::io::export::split::{Split, assign};
//! let split = Split::parse("train=0.5,test=0.5", 7).unwrap();
//! let labels: Vec<BTreeSet<String>> = vec![
//!     BTreeSet::from(["rare".to_owned()]),
//!     BTreeSet::from(["rare".to_owned()]),
//!     BTreeSet::new(),
//!     BTreeSet::new(),
//! ];
//! let parts = assign(&labels, &split);
//! // The two documents with the rare label go to different parts.
//! assert_ne!(parts[0], parts[1]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

/// One million: fractions are kept in millionths, so options compare exactly.
const MILLION: u64 = 1_000_000;

/// A named part of a split.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SplitPart {
    /// Its name (`train`): letters, digits and `_`.
    pub name: String,
    /// Its share of the documents, in millionths.
    pub millionths: u32,
}

/// How to split a corpus: the parts in order, and the seed of the shuffle.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Split {
    /// The parts, as given.
    pub parts: Vec<SplitPart>,
    /// The same seed gives the same split of the same documents.
    pub seed: u64,
}

/// Why a split specification is refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SplitError {
    /// A part is not `NAME=FRACTION`.
    #[error("--split: \"{0}\" is not NAME=FRACTION (as in train=0.8,dev=0.1,test=0.1)")]
    Syntax(String),
    /// A name has characters other than letters, digits and `_`.
    #[error("--split: \"{0}\" is not a split name (letters, digits and _ only)")]
    Name(String),
    /// A fraction is not a number in (0, 1].
    #[error("--split: \"{value}\" for {name} is not a fraction (a number above 0 and at most 1)")]
    Fraction {
        /// The part.
        name: String,
        /// What was given.
        value: String,
    },
    /// A name is given twice.
    #[error("--split: {0} is given twice")]
    Duplicate(String),
    /// The fractions do not add up to 1 (within 0.001).
    #[error("--split: the fractions add up to {0}, not 1")]
    Sum(String),
}

impl Split {
    /// Reads `train=0.8,dev=0.1,test=0.1`: names of letters, digits and `_`, each once,
    /// fractions above 0 that add up to 1 within 0.001.
    pub fn parse(spec: &str, seed: u64) -> Result<Self, SplitError> {
        let mut parts: Vec<SplitPart> = Vec::new();
        let mut sum = 0.0;
        for piece in spec.split(',') {
            let piece = piece.trim();
            let (name, value) = piece
                .split_once('=')
                .ok_or_else(|| SplitError::Syntax(piece.to_owned()))?;
            let (name, value) = (name.trim(), value.trim());
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(SplitError::Name(name.to_owned()));
            }
            let fraction: f64 = value
                .parse()
                .ok()
                .filter(|f: &f64| *f > 0.0 && *f <= 1.0)
                .ok_or_else(|| SplitError::Fraction {
                    name: name.to_owned(),
                    value: value.to_owned(),
                })?;
            if parts.iter().any(|p| p.name == name) {
                return Err(SplitError::Duplicate(name.to_owned()));
            }
            sum += fraction;
            // In (0, 1], so the product fits.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let millionths = (fraction * MILLION as f64).round() as u32;
            parts.push(SplitPart {
                name: name.to_owned(),
                millionths,
            });
        }
        if (sum - 1.0_f64).abs() > 0.001 {
            return Err(SplitError::Sum(format!(
                "{}",
                (sum * 1000.0).round() / 1000.0
            )));
        }
        Ok(Self { parts, seed })
    }
}

/// splitmix64: a small, well-mixed generator, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0); the bias is nil for the sizes of a corpus.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// How many documents each part gets: its share of `n`, rounded by largest remainder,
/// and at least one for each part when there are as many documents as parts.
fn targets(n: usize, split: &Split) -> Vec<usize> {
    let exact: Vec<u64> = split
        .parts
        .iter()
        .map(|p| u64::from(p.millionths) * n as u64)
        .collect();
    let mut targets: Vec<usize> = exact.iter().map(|e| (e / MILLION) as usize).collect();
    let mut by_remainder: Vec<usize> = (0..targets.len()).collect();
    by_remainder.sort_by_key(|&i| (std::cmp::Reverse(exact[i] % MILLION), i));
    let mut left = n.saturating_sub(targets.iter().sum());
    for &i in by_remainder.iter().cycle() {
        if left == 0 {
            break;
        }
        targets[i] += 1;
        left -= 1;
    }
    if n >= targets.len() {
        while let Some(empty) = targets.iter().position(|&t| t == 0) {
            let largest = (0..targets.len())
                .max_by_key(|&i| (targets[i], std::cmp::Reverse(i)))
                .unwrap_or(0);
            targets[largest] -= 1;
            targets[empty] += 1;
        }
    }
    targets
}

/// Which part (an index into `split.parts`) each document goes to, given the labels
/// each document carries. Documents are shuffled with the seed; those carrying the
/// rarest labels are placed first, each in the part that lacks most of its labels
/// (then the part with the most room left, in proportion), so every part gets every
/// label where there are enough documents for it; the rest fill the parts by
/// proportion. Each part gets its share of documents, rounded by largest remainder.
pub fn assign(labels: &[BTreeSet<String>], split: &Split) -> Vec<usize> {
    let n = labels.len();
    let targets = targets(n, split);
    let mut rng = Rng(split.seed);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut frequency: BTreeMap<&str, usize> = BTreeMap::new();
    for set in labels {
        for label in set {
            *frequency.entry(label.as_str()).or_default() += 1;
        }
    }
    let rarity = |doc: usize| {
        labels[doc]
            .iter()
            .map(|l| frequency[l.as_str()])
            .min()
            .unwrap_or(usize::MAX)
    };
    // Stable: within a rarity, the shuffled order.
    order.sort_by_key(|&doc| rarity(doc));
    let mut left = targets.clone();
    let mut has: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); targets.len()];
    let mut parts = vec![0; n];
    for doc in order {
        let best = (0..targets.len())
            .filter(|&p| left[p] > 0)
            .max_by(|&a, &b| {
                let missing = |p: usize| {
                    labels[doc]
                        .iter()
                        .filter(|l| !has[p].contains(l.as_str()))
                        .count()
                };
                // Room left in proportion: left[a] / targets[a] against left[b] / targets[b].
                let room = |p: usize, q: usize| left[p] * targets[q];
                missing(a)
                    .cmp(&missing(b))
                    .then(room(a, b).cmp(&room(b, a)))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        left[best] = left[best].saturating_sub(1);
        has[best].extend(labels[doc].iter().map(String::as_str));
        parts[doc] = best;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(labels: &[&str]) -> BTreeSet<String> {
        labels.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn specifications_are_read_or_refused_with_the_reason() {
        let split = Split::parse("train=0.8, dev=0.1,test=0.1", 3).unwrap();
        let names: Vec<&str> = split.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["train", "dev", "test"]);
        assert_eq!(split.parts[0].millionths, 800_000);
        assert!(Split::parse("a=0.3333,b=0.3333,c=0.3334", 0).is_ok());
        let err = |spec| Split::parse(spec, 0).unwrap_err().to_string();
        assert_eq!(
            err("train=0.8,dev=0.1"),
            "--split: the fractions add up to 0.9, not 1"
        );
        assert_eq!(
            err("train:0.8"),
            "--split: \"train:0.8\" is not NAME=FRACTION (as in train=0.8,dev=0.1,test=0.1)"
        );
        assert_eq!(
            err("tr ain=1"),
            "--split: \"tr ain\" is not a split name (letters, digits and _ only)"
        );
        assert_eq!(
            err("train=x"),
            "--split: \"x\" for train is not a fraction (a number above 0 and at most 1)"
        );
        assert_eq!(err("a=0.5,a=0.5"), "--split: a is given twice");
    }

    #[test]
    fn shares_are_rounded_by_largest_remainder_and_no_part_is_empty() {
        let split = Split::parse("train=0.8,dev=0.1,test=0.1", 0).unwrap();
        assert_eq!(targets(10, &split), [8, 1, 1]);
        assert_eq!(targets(25, &split), [20, 3, 2]);
        assert_eq!(targets(3, &split), [1, 1, 1]);
        assert_eq!(targets(2, &split), [2, 0, 0]);
    }

    #[test]
    fn every_part_gets_every_label_the_corpus_allows_and_the_seed_decides() {
        // 20 documents: `rare` in three, `mid` in five, `common` in all.
        let labels: Vec<BTreeSet<String>> = (0..20)
            .map(|i| match i {
                3 | 11 | 17 => set(&["common", "rare"]),
                1 | 5 | 8 | 13 | 19 => set(&["common", "mid"]),
                _ => set(&["common"]),
            })
            .collect();
        let split = Split::parse("train=0.8,dev=0.1,test=0.1", 42).unwrap();
        let parts = assign(&labels, &split);
        for part in 0..3 {
            let has: BTreeSet<&String> = (0..20)
                .filter(|&d| parts[d] == part)
                .flat_map(|d| &labels[d])
                .collect();
            assert_eq!(has.len(), 3, "part {part} has {has:?}");
        }
        let sizes: Vec<usize> = (0..3)
            .map(|p| parts.iter().filter(|&&q| q == p).count())
            .collect();
        assert_eq!(sizes, [16, 2, 2]);
        assert_eq!(assign(&labels, &split), parts);
        let other = Split { seed: 43, ..split };
        assert_ne!(assign(&labels, &other), parts);
    }
}
