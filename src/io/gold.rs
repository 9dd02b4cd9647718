//! Reading and writing gold files, `annotations/<doc-id>/gold.ron`: an ordinary
//! annotation file plus each span's provenance and the review block (the types are in
//! [`crate::review::gold`]). See `docs/format.md`.

use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::diagnostic::{FileError, Position};
use super::ron_format::{FormatVersion, parse_annotation, quote, some, to_ron_with};
use super::store::{FileStamp, SaveError, write_if_unchanged};
use super::text_file::read_text_limited;
use crate::model::{Schema, Span};
use crate::review::gold::{Choice, Decision, GoldFile, Provenance, Review, Source, Version};

/// What a gold file holds beyond an ordinary annotation, as written in version `C`'s
/// choices.
#[derive(Deserialize)]
#[serde(bound = "C: Deserialize<'de>")]
struct Extras<C> {
    #[serde(default)]
    spans: Vec<SpanExtras>,
    /// A gold file written by hand (or an annotator's file copied as gold) may have none.
    #[serde(default = "Option::default", deserialize_with = "some")]
    review: Option<RawReview<C>>,
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

#[derive(Deserialize)]
#[serde(bound = "C: Deserialize<'de>")]
struct RawReview<C> {
    curator: String,
    /// Written as a plain number; absent in spantag/1.
    #[serde(default = "Option::default", deserialize_with = "some")]
    undecided: Option<usize>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default = "Vec::new")]
    decisions: Vec<RawDecision<C>>,
}

#[derive(Deserialize)]
#[serde(bound = "C: Deserialize<'de>")]
struct RawDecision<C> {
    start: usize,
    end: usize,
    choice: C,
    curator: String,
    time: String,
    versions: Vec<Version>,
}

/// A spantag/1 choice: a string.
struct ChoiceV1(Choice);

impl<'de> Deserialize<'de> for ChoiceV1 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)
            .map(|s| ChoiceV1(Choice::from_v1(&s)))
            .map_err(|e| {
                serde::de::Error::custom(format!(
                    "a spantag/1 choice is a string: an annotator's name, \"none\", \"edited\" or \"unanimous\" ({e})"
                ))
            })
    }
}

/// A spantag/2 choice: `Annotator("name")`, `NoEntity`, `Edited` or `Unanimous`.
struct ChoiceV2(Choice);

impl<'de> Deserialize<'de> for ChoiceV2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Choice::deserialize(d).map(ChoiceV2).map_err(|e| {
            serde::de::Error::custom(format!(
                "a spantag/2 choice is Annotator(\"name\"), NoEntity, Edited or Unanimous ({e})"
            ))
        })
    }
}

/// Reads a gold file: every check of an annotation file, plus provenance and review.
/// Both versions read; a spantag/1 file's string choices are mapped by
/// [`Choice::from_v1`], and its count of undecided places is unknown (`None`).
pub fn read_gold(path: &Path) -> Result<GoldFile, FileError> {
    let src = read_text_limited(path, super::text_file::MAX_RON_BYTES)?;
    parse_gold(path, &src)
}

/// Parses `src`, the content of the gold file `path`.
pub fn parse_gold(path: &Path, src: &str) -> Result<GoldFile, FileError> {
    let loaded = parse_annotation(path, src, &Schema::default())?;
    let (spans, review) = match loaded.format {
        FormatVersion::V1 => extras(path, src, |c: ChoiceV1| c.0)?,
        FormatVersion::V2 => extras(path, src, |c: ChoiceV2| c.0)?,
    };
    let provenance = spans
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
        review,
    })
}

/// The span extras and the review of `src`, its choices read as `C` and turned into
/// [`Choice`]s by `choice`.
fn extras<C: for<'de> Deserialize<'de>>(
    path: &Path,
    src: &str,
    choice: impl Fn(C) -> Choice,
) -> Result<(Vec<SpanExtras>, Review), FileError> {
    let extras: Extras<C> = ron::from_str(src).map_err(|e| {
        let at = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        FileError::one(path, Some(at), format!("review data: {}", e.code))
    })?;
    let review = extras.review.map_or_else(Review::default, |r| Review {
        curator: r.curator,
        sources: r.sources,
        decisions: r
            .decisions
            .into_iter()
            .map(|d| Decision {
                start: d.start,
                end: d.end,
                choice: choice(d.choice),
                curator: d.curator,
                time: d.time,
                versions: d.versions,
            })
            .collect(),
        undecided: r.undecided,
    });
    Ok((extras.spans, review))
}

/// How a choice is written in spantag/2.
fn choice_ron(choice: &Choice) -> String {
    match choice {
        Choice::Annotator(name) => format!("Annotator({})", quote(name)),
        Choice::NoEntity => "NoEntity".to_owned(),
        Choice::Edited => "Edited".to_owned(),
        Choice::Unanimous => "Unanimous".to_owned(),
    }
}

/// The file content of `gold`, as `spantag/2`: the annotation layout, with provenance on
/// each span line and the review block last. `undecided` is written when the caller
/// knows it (`gold.review.undecided`).
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
    if let Some(undecided) = review.undecided {
        tail.push_str(&format!("        undecided: {undecided},\n"));
    }
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
            choice_ron(&d.choice),
            quote(&d.curator),
            quote(&d.time),
            versions.join(", ")
        ));
    }
    tail.push_str("        ],\n    ),\n");
    to_ron_with(&gold.annotation, FormatVersion::V2, &span_extra, &tail)
}

/// Saves `gold` at `path` atomically if the file is still as stamped `expected`, and
/// never over a gold file that does not read. Returns the new stamp.
pub fn save_gold(
    path: &Path,
    gold: &GoldFile,
    expected: &FileStamp,
) -> Result<FileStamp, SaveError> {
    save_gold_within(path, gold, expected, super::text_file::MAX_RON_BYTES)
}

/// [`save_gold`] with the size limit as a parameter, so tests need no huge files: a gold
/// file over `limit` bytes is refused with [`SaveError::TooLarge`], nothing written.
pub(crate) fn save_gold_within(
    path: &Path,
    gold: &GoldFile,
    expected: &FileStamp,
    limit: u64,
) -> Result<FileStamp, SaveError> {
    let content = to_gold_ron(gold);
    super::store::check_size(path, &content, limit)?;
    write_if_unchanged(path, expected, || {
        if path.exists() {
            read_gold(path).map_err(|reason| SaveError::WontOverwriteInvalid {
                path: path.to_owned(),
                reason: Box::new(reason),
            })?;
        }
        super::atomic::write_atomic(path, content.as_bytes()).map_err(|source| SaveError::Io {
            path: path.to_owned(),
            source,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, AnnotatorName, DocId, Document, now};
    use crate::review::gold::{Choice, Decision, GOLD_ANNOTATOR, Source, Version};
    use std::collections::BTreeMap;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/gold")
            .join(name)
    }

    fn decision(start: usize, end: usize, choice: Choice, versions: Vec<Version>) -> Decision {
        Decision {
            start,
            end,
            choice,
            curator: "carol".into(),
            time: "2026-11-25T10:01:00Z".into(),
            versions,
        }
    }

    fn version(annotator: &str, span: Option<(usize, usize, &str)>) -> Version {
        Version {
            annotator: annotator.into(),
            span: span.map(|(s, e, l)| (s, e, l.to_owned())),
        }
    }

    /// A gold file whose annotators are `none` and `bob`: `none` is a name, not a
    /// decision, and spantag/2 tells them apart.
    fn sample() -> GoldFile {
        let doc = Document::new(
            DocId::new("d").unwrap(),
            "samples/d.txt",
            "Rebels seized “Homs” 😀, قال المتحدث.\r\nNATO met.",
        );
        let mut annotation =
            Annotation::new(doc, AnnotatorName::new(GOLD_ANNOTATOR).unwrap(), now());
        annotation.insert(Span::new(0, 6, "actor")).unwrap();
        annotation.insert(Span::new(15, 19, "location")).unwrap();
        let mut provenance = BTreeMap::new();
        provenance.insert(
            Span::new(0, 6, "actor"),
            Provenance {
                from: vec!["none".into(), "bob".into()],
                curator: Some("carol".into()),
                decided: Some("2026-11-25T10:00:00Z".into()),
            },
        );
        GoldFile {
            annotation,
            provenance,
            review: Review {
                curator: "carol".into(),
                sources: vec![
                    Source {
                        annotator: "none".into(),
                        sha256: "ab".into(),
                    },
                    Source {
                        annotator: "bob".into(),
                        sha256: "cd".into(),
                    },
                ],
                decisions: vec![
                    decision(
                        0,
                        6,
                        Choice::Unanimous,
                        vec![
                            version("none", Some((0, 6, "actor"))),
                            version("bob", Some((0, 6, "actor"))),
                        ],
                    ),
                    decision(
                        15,
                        19,
                        Choice::Annotator("none".into()),
                        vec![
                            version("none", Some((15, 19, "location"))),
                            version("bob", None),
                        ],
                    ),
                    decision(
                        22,
                        25,
                        Choice::NoEntity,
                        vec![
                            version("none", None),
                            version("bob", Some((22, 25, "event"))),
                        ],
                    ),
                    decision(
                        40,
                        44,
                        Choice::Edited,
                        vec![
                            version("none", Some((40, 43, "actor"))),
                            version("bob", Some((41, 44, "actor"))),
                        ],
                    ),
                ],
                undecided: Some(2),
            },
        }
    }

    #[test]
    fn a_gold_file_over_the_read_limit_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.ron");
        let gold = sample();
        let size = to_gold_ron(&gold).len() as u64;
        let err = save_gold_within(&path, &gold, &None, size - 1).unwrap_err();
        assert!(
            matches!(err, SaveError::TooLarge { size: s, limit, .. } if s == size && limit == size - 1),
            "{err}"
        );
        assert!(!path.exists());
        let stamp = save_gold_within(&path, &gold, &None, size).unwrap();
        assert!(stamp.is_some());
        assert_eq!(read_gold(&path).unwrap().review, gold.review);
    }

    #[test]
    fn a_gold_file_is_written_as_spantag_2_and_reads_back_exactly() {
        let gold = sample();
        let src = to_gold_ron(&gold);
        assert!(src.starts_with("(\n    format: \"spantag/2\",\n"), "{src}");
        let review: Vec<&str> = src.lines().skip_while(|l| *l != "    review: (").collect();
        assert_eq!(
            review,
            [
                "    review: (",
                "        curator: \"carol\",",
                "        undecided: 2,",
                "        sources: [",
                "            (annotator: \"none\", sha256: \"ab\"),",
                "            (annotator: \"bob\", sha256: \"cd\"),",
                "        ],",
                "        decisions: [",
                "            (start: 0, end: 6, choice: Unanimous, curator: \"carol\", time: \"2026-11-25T10:01:00Z\", versions: [(annotator: \"none\", span: Some((0, 6, \"actor\"))), (annotator: \"bob\", span: Some((0, 6, \"actor\")))]),",
                "            (start: 15, end: 19, choice: Annotator(\"none\"), curator: \"carol\", time: \"2026-11-25T10:01:00Z\", versions: [(annotator: \"none\", span: Some((15, 19, \"location\"))), (annotator: \"bob\", span: None)]),",
                "            (start: 22, end: 25, choice: NoEntity, curator: \"carol\", time: \"2026-11-25T10:01:00Z\", versions: [(annotator: \"none\", span: None), (annotator: \"bob\", span: Some((22, 25, \"event\")))]),",
                "            (start: 40, end: 44, choice: Edited, curator: \"carol\", time: \"2026-11-25T10:01:00Z\", versions: [(annotator: \"none\", span: Some((40, 43, \"actor\"))), (annotator: \"bob\", span: Some((41, 44, \"actor\")))]),",
                "        ],",
                "    ),",
                ")",
            ]
        );
        assert!(src.contains("(start: 0, end: 6, label: \"actor\", text: \"Rebels\", from: [\"none\", \"bob\"], curator: Some(\"carol\"), decided: Some(\"2026-11-25T10:00:00Z\")),"), "{src}");
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

    #[test]
    fn a_spantag_1_gold_reads_with_its_choices_mapped_and_no_undecided_count() {
        let gold = read_gold(&fixture("gold-v1.ron")).unwrap();
        let choices: Vec<(usize, &Choice)> = gold
            .review
            .decisions
            .iter()
            .map(|d| (d.start, &d.choice))
            .collect();
        assert_eq!(
            choices,
            [
                (4, &Choice::Unanimous),
                (27, &Choice::Edited),
                (64, &Choice::Annotator("bob".into())),
                (75, &Choice::NoEntity),
            ]
        );
        assert_eq!(gold.review.undecided, None);
        assert_eq!(gold.annotation.spans().len(), 3);
        assert_eq!(
            gold.annotation.span_text(&gold.annotation.spans()[2]),
            "حمص"
        );
        assert_eq!(
            gold.provenance[&Span::new(64, 67, "location")].from,
            ["bob"]
        );
        // Written again, it is a spantag/2 file that says nothing of undecided places.
        let src = to_gold_ron(&gold);
        assert!(src.contains("    format: \"spantag/2\",\n"));
        assert!(src.contains("choice: Annotator(\"bob\"), "));
        assert!(!src.contains("undecided"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.ron");
        std::fs::write(&path, &src).unwrap();
        assert_eq!(read_gold(&path).unwrap(), gold);
    }

    #[test]
    fn each_version_refuses_the_other_versions_choices_at_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.ron");
        let v1 = std::fs::read_to_string(fixture("gold-v1.ron")).unwrap();
        std::fs::write(&path, v1.replace("spantag/1", "spantag/2")).unwrap();
        let err = read_gold(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:25:41: error: review data: a spantag/2 choice is Annotator(\"name\"), NoEntity, Edited or Unanimous (Expected identifier)",
                path.display()
            )
        );
        let v2 = to_gold_ron(&sample()).replace("spantag/2", "spantag/1");
        std::fs::write(&path, v2).unwrap();
        let err = read_gold(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:25:39: error: review data: a spantag/1 choice is a string: an annotator's name, \"none\", \"edited\" or \"unanimous\" (Expected string)",
                path.display()
            )
        );
    }
}
