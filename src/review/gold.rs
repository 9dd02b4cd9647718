//! The adjudicated gold file, `annotations/<doc-id>/gold.ron`, as data; reading and
//! writing it is [`crate::io::gold`]. It is an ordinary annotation by `gold` (so every
//! reader and exporter takes it as it is) plus, for each span, where it came from, and a
//! `review` block with the curator, the annotators' files it was made from and every
//! decision.
//!
//! ```ron
//! spans: [
//!     (start: 33, end: 39, label: "actor", text: "Rebels", from: ["alice", "bob"], curator: "carol", decided: "2026-11-25T10:00:00Z"),
//! ],
//! review: (
//!     curator: "carol",
//!     sources: [(annotator: "alice", sha256: "…"), (annotator: "bob", sha256: "…")],
//!     decisions: [(start: 33, end: 39, choice: "alice", curator: "carol", time: "…", versions: [(annotator: "alice", span: Some((33, 39, "actor"))), …])],
//! ),
//! ```

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{Annotation, Span};

/// The annotator name of gold files, reserved: no person may annotate as `gold`.
pub const GOLD_ANNOTATOR: &str = "gold";

/// Where a gold span came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The annotators who had exactly this span.
    #[serde(default)]
    pub from: Vec<String>,
    /// The curator who decided (or drew) it.
    #[serde(default)]
    pub curator: Option<String>,
    /// When.
    #[serde(default)]
    pub decided: Option<String>,
}

/// One annotator's span at a decided place, as it was when decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The annotator.
    pub annotator: String,
    /// Their span there: (start, end, label), or none.
    pub span: Option<(usize, usize, String)>,
}

/// A decision on one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The place's first code point.
    pub start: usize,
    /// One past its last.
    pub end: usize,
    /// An annotator's name (their version was taken), `none` (no entity), `edited`
    /// (the curator drew the span) or `unanimous` (accepted automatically).
    pub choice: String,
    /// Who decided.
    pub curator: String,
    /// When (RFC 3339).
    pub time: String,
    /// The versions decided between, to tell when a decision went stale.
    pub versions: Vec<Version>,
}

/// An annotator's file a gold file was made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The annotator.
    pub annotator: String,
    /// SHA-256 of their file's bytes when the review used it.
    pub sha256: String,
}

/// The review block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Who adjudicates.
    pub curator: String,
    /// The annotators' files.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Every decision, in document order.
    #[serde(default)]
    pub decisions: Vec<Decision>,
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
