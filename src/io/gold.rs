//! Reading and writing gold files, `annotations/<doc-id>/gold.ron`: an ordinary
//! annotation file plus each span's provenance and the review block (the types are in
//! [`crate::review::gold`]). See `docs/format.md`.

use std::path::Path;

use serde::Deserialize;

use super::diagnostic::FileError;
use super::ron_format::{parse_annotation, quote, to_ron_with};
use super::store::{FileStamp, file_stamp};
use super::text_file::read_text;
use crate::model::{Schema, Span};
use crate::review::gold::{GoldFile, Provenance, Review};

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
pub fn save_gold(path: &Path, gold: &GoldFile, expected: &FileStamp) -> Result<FileStamp, String> {
    let stamp = file_stamp(path).map_err(|e| e.to_string())?;
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
    super::atomic::write_atomic(path, to_gold_ron(gold).as_bytes())
        .map_err(|e| format!("could not save {}: {e}", path.display()))?;
    file_stamp(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Annotation;
    use crate::model::{AnnotatorName, DocId, Document, now};
    use crate::review::gold::{Decision, GOLD_ANNOTATOR, Source, Version};
    use std::collections::BTreeMap;

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
