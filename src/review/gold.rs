//! The adjudicated gold file, `annotations/<doc-id>/gold.ron`, as data; reading and
//! writing it is [`crate::io::gold`]. It is an ordinary annotation by `gold` (so every
//! reader and exporter takes it as it is) plus, for each span, where it came from, and a
//! `review` block with the curator, the annotators' files it was made from and every
//! decision.
//!
//! ```ron
//! spans: [
//!     (start: 33, end: 39, label: "actor", text: "Rebels", from: ["alice", "bob"], curator: Some("carol"), decided: Some("2026-11-25T10:00:00Z")),
//! ],
//! review: (
//!     curator: "carol",
//!     undecided: 2,
//!     sources: [(annotator: "alice", sha256: "…"), (annotator: "bob", sha256: "…")],
//!     decisions: [(start: 33, end: 39, choice: Annotator("alice"), curator: "carol", time: "…", versions: [(annotator: "alice", span: Some((33, 39, "actor"))), …])],
//! ),
//! ```

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;

use crate::model::{Annotation, Span};

/// The annotator name of gold files, reserved: no person may annotate as `gold`.
pub const GOLD_ANNOTATOR: &str = "gold";

/// Where a gold span came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The annotators who had exactly this span.
    pub from: Vec<String>,
    /// The curator who decided (or drew) it.
    pub curator: Option<String>,
    /// When.
    pub decided: Option<String>,
}

/// One annotator's span at a decided place, as it was when decided.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Version {
    /// The annotator.
    pub annotator: String,
    /// Their span there: (start, end, label), or none.
    pub span: Option<(usize, usize, String)>,
}

/// What a decision chose at a place. In a spantag/2 file it is written as RON writes
/// an enum: `Annotator("alice")`, `NoEntity`, `Edited`, `Unanimous`.
///
/// ```
/// use spantag::review::gold::Choice;
/// // spantag/1 wrote a string, so an annotator could not be named "none".
/// assert_eq!(Choice::from_v1("none"), Choice::NoEntity);
/// assert_eq!(Choice::from_v1("alice"), Choice::Annotator("alice".into()));
/// assert_eq!(Choice::NoEntity.to_string(), "no entity");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum Choice {
    /// This annotator's version was taken (a span; taking an annotator who marked
    /// nothing there is [`Choice::NoEntity`]).
    Annotator(String),
    /// There is no entity at the place.
    NoEntity,
    /// The curator drew the span, or changed the gold there.
    Edited,
    /// Everybody agreed, and it was accepted when the review began.
    Unanimous,
}

impl Choice {
    /// The choice a spantag/1 string meant: `none`, `edited` and `unanimous` are the
    /// decisions of those names (spantag/1 could not tell them from annotators so
    /// named), anything else is an annotator.
    pub fn from_v1(choice: &str) -> Self {
        match choice {
            "none" => Choice::NoEntity,
            "edited" => Choice::Edited,
            "unanimous" => Choice::Unanimous,
            name => Choice::Annotator(name.to_owned()),
        }
    }
}

impl std::fmt::Display for Choice {
    /// An annotator's name, or `no entity`, `edited`, `unanimous` (a name has no space,
    /// so `no entity` cannot be one).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Choice::Annotator(name) => name,
            Choice::NoEntity => "no entity",
            Choice::Edited => "edited",
            Choice::Unanimous => "unanimous",
        })
    }
}

/// A decision on one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The place's first code point.
    pub start: usize,
    /// One past its last.
    pub end: usize,
    /// What was chosen.
    pub choice: Choice,
    /// Who decided.
    pub curator: String,
    /// When (RFC 3339).
    pub time: String,
    /// The versions decided between, to tell when a decision went stale.
    pub versions: Vec<Version>,
}

/// An annotator's file a gold file was made from.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Source {
    /// The annotator.
    pub annotator: String,
    /// SHA-256 of their file's bytes when the review used it.
    pub sha256: String,
}

/// The review block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    /// Who adjudicates.
    pub curator: String,
    /// The annotators chosen for comparison, each with the hash of the file the review
    /// used: the places and decisions are between these and no others.
    pub sources: Vec<Source>,
    /// Every decision, in document order.
    pub decisions: Vec<Decision>,
    /// How many places were still undecided (stale ones included) when the file was
    /// written, as the caller that builds the gold file counts them
    /// ([`crate::review::adjudicate::Adjudication`] keeps it current). `None`: not known,
    /// as in a spantag/1 file, which did not record it. A gold file with undecided
    /// places is not exported as truth unless asked.
    pub undecided: Option<usize>,
}

/// A gold file: the annotation, each span's provenance and the review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldFile {
    /// The gold annotation (annotator `gold`).
    pub annotation: Annotation,
    /// Where each span came from.
    pub provenance: BTreeMap<Span, Provenance>,
    /// The review.
    pub review: Review,
}

/// Now, as the files write it.
pub fn timestamp_now() -> String {
    crate::model::now().to_string()
}

/// Parses a file time, for sorting decisions.
pub fn parse_time(t: &str) -> Option<Timestamp> {
    t.parse().ok()
}
