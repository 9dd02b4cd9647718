//! The adjudicated gold file, `annotations/<doc-id>/gold.ron`: an ordinary spantag/1
//! annotation by `gold` (so every reader and exporter takes it as it is), plus, for each
//! span, where it came from, and a `review` block with the curator, the annotators' files
//! it was made from and every decision.
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
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::io::diagnostic::FileError;
use crate::io::ron_format::{parse_annotation, quote, to_ron_with};
use crate::io::text_file::read_text;
use crate::model::{Annotation, Schema, Span};

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
    /// Places left undecided when the file was written.
    #[serde(default)]
    pub undecided: usize,
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

#[derive(Deserialize)]
struct Extras {
    #[serde(default)]
    spans: Vec<SpanExtras>,
    #[serde(default)]
    review: Review,
}

#[derive(Deserialize)]
struct SpanExtras {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    from: Vec<String>,
    #[serde(default)]
    curator: Option<String>,
    #[serde(default)]
    decided: Option<String>,
}

/// Reads a gold file: every check of an annotation file, plus provenance and review.
pub fn read_gold(path: &Path) -> Result<GoldFile, FileError> {
    let src = read_text(path)?;
    let loaded = parse_annotation(path, &src, &Schema::default())?;
    let extras: Extras = ron::from_str(&src)
        .map_err(|e| FileError::one(path, None, format!("review data: {}", e.code)))?;
    let provenance = extras
        .spans
        .into_iter()
        .filter(|s| !s.from.is_empty() || s.curator.is_some())
        .map(|s| {
            let provenance = Provenance {
                from: s.from,
                curator: s.curator,
                decided: s.decided,
            };
            (Span::new(s.start, s.end, s.label.as_str()), provenance)
        })
        .collect();
    Ok(GoldFile {
        annotation: loaded.annotation,
        provenance,
        review: extras.review,
    })
}

/// The file content of `gold`: the annotation layout, with provenance on each span line
/// and the review block last.
pub fn to_gold_ron(gold: &GoldFile) -> String {
    let span_extra = |span: &Span| {
        let Some(p) = gold.provenance.get(span) else {
            return String::new();
        };
        let from: Vec<String> = p.from.iter().map(|a| quote(a)).collect();
        let mut extra = format!(", from: [{}]", from.join(", "));
        if let Some(curator) = &p.curator {
            extra.push_str(&format!(", curator: Some({})", quote(curator)));
        }
        if let Some(decided) = &p.decided {
            extra.push_str(&format!(", decided: Some({})", quote(decided)));
        }
        extra
    };
    let review = &gold.review;
    let mut tail = String::from("    review: (\n");
    tail.push_str(&format!("        curator: {},\n", quote(&review.curator)));
    tail.push_str("        sources: [\n");
    for s in &review.sources {
        tail.push_str(&format!(
            "            (annotator: {}, sha256: {}),\n",
            quote(&s.annotator),
            quote(&s.sha256)
        ));
    }
    tail.push_str("        ],\n        decisions: [\n");
    for d in &review.decisions {
        let versions: Vec<String> = d
            .versions
            .iter()
            .map(|v| {
                let span = match &v.span {
                    Some((s, e, l)) => format!("Some(({s}, {e}, {}))", quote(l)),
                    None => "None".to_owned(),
                };
                format!("(annotator: {}, span: {span})", quote(&v.annotator))
            })
            .collect();
        tail.push_str(&format!(
            "            (start: {}, end: {}, choice: {}, curator: {}, time: {}, versions: [{}]),\n",
            d.start,
            d.end,
            quote(&d.choice),
            quote(&d.curator),
            quote(&d.time),
            versions.join(", ")
        ));
    }
    tail.push_str("        ],\n    ),\n");
    to_ron_with(&gold.annotation, &span_extra, &tail)
}

/// Saves `gold` at `path` atomically if the file is still as stamped `expected`, and
/// never over a gold file that does not read. Returns the new stamp.
pub fn save_gold(
    path: &Path,
    gold: &GoldFile,
    expected: &crate::io::store::FileStamp,
) -> Result<crate::io::store::FileStamp, String> {
    let stamp = crate::io::store::file_stamp(path).map_err(|e| e.to_string())?;
    if &stamp != expected {
        return Err(format!(
            "{} changed on disk since it was opened; nothing was written",
            path.display()
        ));
    }
    if stamp.is_some() {
        read_gold(path).map_err(|e| {
            format!(
                "will not overwrite {}: it does not read ({e})",
                path.display()
            )
        })?;
    }
    crate::io::atomic::write_atomic(path, to_gold_ron(gold).as_bytes())
        .map_err(|e| format!("could not save {}: {e}", path.display()))?;
    crate::io::store::file_stamp(path).map_err(|e| e.to_string())
}

/// Now, as the files write it.
pub fn timestamp_now() -> String {
    crate::model::now().to_string()
}

/// Parses a file time, for sorting decisions.
pub fn parse_time(t: &str) -> Option<Timestamp> {
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorName, DocId, Document, now};

    #[test]
    fn a_gold_file_round_trips_and_reads_as_a_plain_annotation() {
        let doc = Document::new(
            DocId::new("d").unwrap(),
            "samples/d.txt",
            "Rebels seized “Homs” 😀.",
        );
        let mut annotation =
            Annotation::new(doc, AnnotatorName::new(GOLD_ANNOTATOR).unwrap(), now());
        annotation.insert(Span::new(0, 6, "actor")).unwrap();
        annotation.insert(Span::new(15, 19, "location")).unwrap();
        let mut provenance = BTreeMap::new();
        provenance.insert(
            Span::new(0, 6, "actor"),
            Provenance {
                from: vec!["alice".into(), "bob".into()],
                curator: Some("carol".into()),
                decided: Some("2026-11-25T10:00:00Z".into()),
            },
        );
        let gold = GoldFile {
            annotation,
            provenance,
            review: Review {
                curator: "carol".into(),
                sources: vec![Source {
                    annotator: "alice".into(),
                    sha256: "ab".into(),
                }],
                undecided: 0,
                decisions: vec![Decision {
                    start: 15,
                    end: 19,
                    choice: "alice".into(),
                    curator: "carol".into(),
                    time: "2026-11-25T10:01:00Z".into(),
                    versions: vec![
                        Version {
                            annotator: "alice".into(),
                            span: Some((15, 19, "location".into())),
                        },
                        Version {
                            annotator: "bob".into(),
                            span: None,
                        },
                    ],
                }],
            },
        };
        let src = to_gold_ron(&gold);
        assert!(src.contains("(start: 0, end: 6, label: \"actor\", text: \"Rebels\", from: [\"alice\", \"bob\"], curator: Some(\"carol\"), decided: Some(\"2026-11-25T10:00:00Z\")),"), "{src}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.ron");
        std::fs::write(&path, &src).unwrap();
        let back = read_gold(&path).unwrap();
        assert_eq!(back, gold);
        assert_eq!(to_gold_ron(&back), src);
        // Any reader sees an ordinary annotation.
        let plain = crate::io::ron_format::read_annotation(&path, &Schema::default()).unwrap();
        assert_eq!(plain.annotation.spans().len(), 2);
        assert!(plain.warnings.is_empty());
    }
}
