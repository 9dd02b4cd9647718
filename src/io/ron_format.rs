//! The annotation file format, versions 1 and 2 (`spantag/1`, `spantag/2`): reading
//! with every check the format promises, and writing in one fixed, diff-friendly layout.
//! Version 2 adds the origin of spans not drawn by hand, pending and rejected
//! suggestions, and the typed review block of gold files (see [`crate::io::gold`]). A
//! file is written in the lowest version that holds it: an annotator's file with no
//! origin and no suggestion is still `spantag/1`, which older spantags read. See
//! `docs/format.md`.

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

use super::diagnostic::{Diagnostic, FileError, Position};
use super::ron_locate::{RonLocations, locate};
use super::text_file::{MAX_RON_BYTES, read_text_limited};
use crate::model::text::{LineIndex, line_col};
use crate::model::{
    Annotation, AnnotatorName, DocId, Document, Origin, Schema, Span, Status, Suggestion,
    sha256_hex,
};

/// The format string of version 1 files.
pub const FORMAT_V1: &str = "spantag/1";
/// The format string of version 2 files: spans may give their origin, files may hold
/// suggestions, and gold files' decisions have typed choices and count the undecided
/// places.
pub const FORMAT_V2: &str = "spantag/2";

/// A version of the file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatVersion {
    /// `spantag/1`.
    V1,
    /// `spantag/2`.
    V2,
}

impl FormatVersion {
    /// The format string.
    pub fn as_str(self) -> &'static str {
        match self {
            FormatVersion::V1 => FORMAT_V1,
            FormatVersion::V2 => FORMAT_V2,
        }
    }
}

/// An annotation read from a file, with the warnings about it (unknown labels, spans that
/// cut a grapheme cluster). Warnings never stop a file from being used; neither does the
/// one error kept here, a label that is not a valid schema name, so that the file opens
/// and can be fixed (`validate` counts it as an error).
#[derive(Clone, Debug)]
pub struct LoadedAnnotation {
    /// The annotation, spans sorted.
    pub annotation: Annotation,
    /// Problems worth telling that do not make the file unusable: warnings, and an error
    /// for each label that is not a valid schema name.
    pub warnings: Vec<Diagnostic>,
    /// The version the file was written in.
    pub format: FormatVersion,
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    format: String,
}

/// An annotation file as written, before any check.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub format: String,
    pub document: RawDocument,
    pub annotator: String,
    pub status: Status,
    pub created: String,
    pub modified: String,
    pub spans: Vec<RawSpan>,
    /// Pending suggestions (spantag/2).
    #[serde(default)]
    pub suggestions: Vec<RawSuggestion>,
    /// Rejected suggestions (spantag/2).
    #[serde(default)]
    pub rejected: Vec<RawSuggestion>,
}

/// The `document` block as written.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub(crate) struct RawDocument {
    pub id: String,
    pub source: String,
    pub sha256: String,
    pub text: String,
    /// The text's SHA-256, when the reader hashed it as it read it.
    #[serde(skip)]
    pub hashed: Option<String>,
}

/// A span as written.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub(crate) struct RawSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    /// Where the span came from, when not drawn by hand (spantag/2).
    #[serde(default, deserialize_with = "some")]
    pub origin: Option<Origin>,
}

/// A suggestion as written.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub(crate) struct RawSuggestion {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    pub source: Origin,
}

/// A field written bare (`origin: Dictionary`, `review: (…)`) read into an `Option`,
/// which RON would otherwise want written `Some(…)`.
pub(crate) fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Reads and checks the annotation file at `path`. `schema` decides which labels are
/// unknown (a warning, never a reason to drop a span).
pub fn read_annotation(path: &Path, schema: &Schema) -> Result<LoadedAnnotation, FileError> {
    let src = read_text_limited(path, MAX_RON_BYTES)?;
    parse_annotation(path, &src, schema)
}

/// What a list of documents shows of an annotation file: whose it is, its state, how
/// many spans it lists and the hash of the text it annotates, as the file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationHeader {
    /// The document id.
    pub id: DocId,
    /// The annotator.
    pub annotator: AnnotatorName,
    /// Done or in progress.
    pub status: Status,
    /// How many spans the file lists.
    pub spans: usize,
    /// The SHA-256 of the text, as the file gives it.
    pub sha256: String,
    /// The format version.
    pub format: FormatVersion,
    /// How many suggestions are pending.
    pub suggestions: usize,
    /// How many suggestions were rejected.
    pub rejected: usize,
}

impl AnnotationHeader {
    /// Whether the file holds only suggestions (see [`Annotation::is_suggestions_only`]).
    pub fn is_suggestions_only(&self) -> bool {
        self.spans == 0
            && self.status == Status::InProgress
            && (self.suggestions > 0 || self.rejected > 0)
    }
}

/// Reads the header of the annotation file at `path` ("header only": no spans kept), for
/// lists. A file in the layout spantag writes is read without unescaping, hashing or
/// checking its text and spans, several times faster than [`read_annotation`]; opening
/// it checks them. Any other file is read and checked in full, so that an error is
/// found and named here as it would be on opening.
pub fn read_header(path: &Path) -> Result<AnnotationHeader, FileError> {
    let src = read_text_limited(path, MAX_RON_BYTES)?;
    let header = super::ron_fast::parse_header(&src).and_then(|h| {
        let format = match h.format.as_str() {
            FORMAT_V1 => FormatVersion::V1,
            FORMAT_V2 => FormatVersion::V2,
            _ => return None,
        };
        Some(AnnotationHeader {
            id: DocId::new(h.id).ok()?,
            annotator: AnnotatorName::new(h.annotator).ok()?,
            status: h.status,
            spans: h.spans,
            sha256: h.sha256,
            format,
            suggestions: h.suggestions,
            rejected: h.rejected,
        })
    });
    if let Some(header) = header {
        return Ok(header);
    }
    let loaded = parse_annotation(path, &src, &Schema::default())?;
    let a = loaded.annotation;
    Ok(AnnotationHeader {
        spans: a.spans().len(),
        suggestions: a.suggestions().len(),
        rejected: a.rejected().len(),
        sha256: a.document.sha256().to_owned(),
        id: a.document.id().clone(),
        annotator: a.annotator,
        status: a.status,
        format: loaded.format,
    })
}

/// Parses and checks `src`, the content of the annotation file `path`.
///
/// Every problem is reported with its line and column: a syntax error where the parser
/// stopped, a wrong hash at `sha256`, a bad span at that span.
pub fn parse_annotation(
    path: &Path,
    src: &str,
    schema: &Schema,
) -> Result<LoadedAnnotation, FileError> {
    parse_checked(path, src, Some(schema))
}

/// Reads and checks the annotation file at `path` as [`read_annotation`] does (an error
/// is the same error), but does not look for warnings (labels outside a schema, spans
/// that cut a grapheme cluster): for figures, which have no use for them.
pub fn read_annotation_without_warnings(path: &Path) -> Result<Annotation, FileError> {
    let src = read_text_limited(path, MAX_RON_BYTES)?;
    Ok(parse_checked(path, &src, None)?.annotation)
}

/// [`parse_annotation`], with warnings against `schema`, or none without one.
fn parse_checked(
    path: &Path,
    src: &str,
    schema: Option<&Schema>,
) -> Result<LoadedAnnotation, FileError> {
    let syntax_error = |e: ron::error::SpannedError| syntax_error(path, src, &e);
    // One parse for a good file. Only when it fails is the file probed for its format,
    // so that a foreign or newer file is named as such rather than as a syntax error.
    // The layout spantag writes is read in one pass; anything else by the general
    // parser, which also names what is wrong.
    let raw: RawFile = match super::ron_fast::parse(src).map_or_else(|| ron::from_str(src), Ok) {
        Ok(raw) => raw,
        Err(e) => {
            let probe: Probe = ron::from_str(src).map_err(syntax_error)?;
            check_format(path, src, &probe.format)?;
            return Err(syntax_error(e));
        }
    };
    let format = check_format(path, src, &raw.format)?;
    Checker {
        path,
        src,
        locations: std::cell::OnceCell::new(),
        lines: std::cell::OnceCell::new(),
        diagnostics: Vec::new(),
    }
    .check(raw, schema, format)
}

/// Whether the one-pass reader of the written layout reads `src` as the general RON
/// parser does (or declines it): for the fuzz target that compares the two.
#[doc(hidden)]
pub fn fast_reader_agrees(src: &str) -> bool {
    let Some(mut fast) = super::ron_fast::parse(src) else {
        return true;
    };
    let hashed = fast.document.hashed.take();
    hashed.as_deref() == Some(sha256_hex(&fast.document.text).as_str())
        && ron::from_str::<RawFile>(src).is_ok_and(|general| general == fast)
}

/// The version a file's `format` names, or why it is not one this spantag reads.
fn check_format(path: &Path, src: &str, format: &str) -> Result<FormatVersion, FileError> {
    // Positions are looked for only when there is something to say.
    let at = |field: &str| position_of(src, &locate(src), field);
    match format {
        FORMAT_V1 => Ok(FormatVersion::V1),
        FORMAT_V2 => Ok(FormatVersion::V2),
        "" => Err(FileError::one(
            path,
            Some(Position { line: 1, col: 1 }),
            "not a spantag annotation file: it has no `format` field",
        )),
        other if other.starts_with("spantag/") => Err(FileError::one(
            path,
            at("format"),
            format!(
                "format {other:?} is not supported: this spantag reads {FORMAT_V1:?} and {FORMAT_V2:?}; a newer spantag may read it"
            ),
        )),
        other => Err(FileError::one(
            path,
            at("format"),
            format!(
                "not a spantag annotation file: format is {other:?}, expected {FORMAT_V1:?} or {FORMAT_V2:?}"
            ),
        )),
    }
}

/// A RON syntax error as a diagnostic; one at the very end says the file was cut off.
pub(crate) fn syntax_error(path: &Path, src: &str, e: &ron::error::SpannedError) -> FileError {
    let position = Position {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    // A cut-off file stops short of its closing parenthesis, and the parser trips on
    // the last line.
    let last_line = 1 + src.trim_end().matches('\n').count();
    let cut_off = !src.trim_end().ends_with(')')
        && !src.trim().is_empty()
        && (e.code == ron::Error::Eof || position.line >= last_line);
    let mut message = match &e.code {
        ron::Error::MissingStructField { field, outer } => {
            let place = match outer.as_deref() {
                Some("RawFile" | "Schema") | None => "",
                Some("RawDocument") => " from `document`",
                Some("RawSpan") => " from a span",
                Some("LabelDef") => " from a label",
                Some(_) => " from a value",
            };
            format!("the field `{field}` is missing{place}")
        }
        code => code.to_string(),
    };
    if cut_off {
        message = format!("the file ends too early, as if it was cut off ({message})");
    }
    FileError::one(path, Some(position), message)
}

fn position_of(src: &str, locations: &RonLocations, field: &str) -> Option<Position> {
    let offset = locations.get(field)?;
    let (line, col) = line_col(src, offset);
    Some(Position { line, col })
}

struct Checker<'a> {
    path: &'a Path,
    src: &'a str,
    /// Where each field is, found at the first problem (a valid file needs none).
    locations: std::cell::OnceCell<RonLocations>,
    /// Built at the first problem: a file with thousands of warnings is scanned for
    /// lines once, not once per warning.
    lines: std::cell::OnceCell<LineIndex>,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn at(&self, field: &str) -> Option<Position> {
        let offset = self.locations.get_or_init(|| locate(self.src)).get(field)?;
        let lines = self.lines.get_or_init(|| LineIndex::new(self.src));
        let (line, col) = lines.line_col(self.src, offset);
        Some(Position { line, col })
    }

    fn error(&mut self, field: &str, message: impl Into<String>) {
        let position = self.at(field);
        self.diagnostics
            .push(Diagnostic::error(self.path, position, message));
    }

    fn warning(&mut self, field: &str, message: impl Into<String>) {
        let position = self.at(field);
        self.diagnostics
            .push(Diagnostic::warning(self.path, position, message));
    }

    fn timestamp(&mut self, field: &str, value: &str) -> Option<Timestamp> {
        match value.parse::<Timestamp>() {
            Ok(t) => Some(t),
            Err(_) => {
                self.error(
                    field,
                    format!(
                        "`{field}` is {value:?}, not an RFC 3339 time such as \"2026-11-25T10:00:00Z\""
                    ),
                );
                None
            }
        }
    }

    fn check(
        mut self,
        raw: RawFile,
        schema: Option<&Schema>,
        format: FormatVersion,
    ) -> Result<LoadedAnnotation, FileError> {
        let id = DocId::new(raw.document.id)
            .map_err(|e| self.error("document.id", e.to_string()))
            .ok();
        let annotator = AnnotatorName::new(raw.annotator)
            .map_err(|e| self.error("annotator", e.to_string()))
            .ok();
        let actual_sha = match raw.document.hashed {
            Some(hashed) => hashed,
            None => sha256_hex(&raw.document.text),
        };
        if !raw.document.sha256.eq_ignore_ascii_case(&actual_sha) {
            self.error(
                "document.sha256",
                format!(
                    "sha256 does not match the text: the file says {}, the text hashes to {actual_sha} (was the text edited by hand?)",
                    raw.document.sha256
                ),
            );
        }
        let created = self.timestamp("created", &raw.created);
        let modified = self.timestamp("modified", &raw.modified);

        // A scratch document to check spans against, whatever the id turned out to be.
        let document = Document::with_sha256(
            id.clone()
                .unwrap_or_else(|| DocId::from_file_stem("invalid")),
            raw.document.source,
            raw.document.text,
            actual_sha,
        );
        let mut annotation = Annotation::new(
            document,
            annotator
                .clone()
                .unwrap_or_else(|| AnnotatorName::new("invalid").expect("a valid name")),
            created.unwrap_or(Timestamp::UNIX_EPOCH),
        );
        // Where each accepted span was listed, to point at the first listing of a
        // duplicate and to place warnings found after sorting. A file spantag wrote
        // lists its spans sorted, so a span after a smaller one cannot repeat an earlier
        // one: the lookup table is built only for a file that is not sorted.
        let mut listed: Vec<usize> = Vec::with_capacity(raw.spans.len());
        let mut spans: Vec<Span> = Vec::with_capacity(raw.spans.len());
        let mut origins: Vec<(Span, Origin)> = Vec::new();
        let needs_v2 =
            |what: &str| format!("{what} needs format {FORMAT_V2:?}; this file says {FORMAT_V1:?}");
        let mut first_listed: Option<HashMap<Span, usize>> = None;
        for (i, raw_span) in raw.spans.into_iter().enumerate() {
            let element = || format!("spans[{i}]");
            let span = Span::new(raw_span.start, raw_span.end, raw_span.label.as_str());
            let with_hint = |mut message: String| {
                if let Some(hint) =
                    foreign_offsets_hint(annotation.document.text(), &span, &raw_span.text)
                {
                    message.push_str("; ");
                    message.push_str(&hint);
                }
                message
            };
            let in_order = first_listed.is_none() && spans.last().is_none_or(|last| *last < span);
            let earlier = if in_order {
                None
            } else {
                first_listed
                    .get_or_insert_with(|| {
                        spans.iter().cloned().zip(listed.iter().copied()).collect()
                    })
                    .get(&span)
                    .copied()
            };
            if let Some(first) = earlier {
                let first_line = self.at(&format!("spans[{first}]")).map_or(0, |p| p.line);
                let message = format!(
                    "span [{}, {}) {:?} is listed twice (first on line {first_line})",
                    span.start, span.end, raw_span.label
                );
                self.error(&element(), message);
                continue;
            }
            if let Err(e) = annotation.check_range(&span) {
                let message = with_hint(e.to_string());
                self.error(&element(), message);
                continue;
            }
            let covered = annotation.span_text(&span);
            if covered != raw_span.text {
                let message = with_hint(format!(
                    "span [{}, {}) covers {covered:?} in the text but its `text` says {:?}",
                    span.start, span.end, raw_span.text
                ));
                self.error(&format!("{}.text", element()), message);
                continue;
            }
            if let Some(table) = &mut first_listed {
                table.insert(span.clone(), i);
            }
            match raw_span.origin {
                Some(_) if format == FormatVersion::V1 => {
                    self.error(
                        &format!("{}.origin", element()),
                        needs_v2("a span's `origin`"),
                    );
                }
                Some(origin) if origin != Origin::Hand => origins.push((span.clone(), origin)),
                _ => {}
            }
            listed.push(i);
            spans.push(span);
        }
        // Sorted as listed: the annotation keeps this order, so its i-th span was
        // listed at `listed[i]`.
        let sorted = first_listed.is_none();
        if let Err(e) = annotation.set_spans(spans) {
            // Unreachable: every span was checked above; said plainly all the same.
            self.error("spans", e.to_string());
        }
        for (span, origin) in &origins {
            annotation.set_origin(span, *origin);
        }
        self.suggestions(&mut annotation, raw.suggestions, "suggestions", format);
        self.suggestions(&mut annotation, raw.rejected, "rejected", format);

        let (Some(_), Some(_), Some(created), Some(modified)) = (id, annotator, created, modified)
        else {
            return Err(self.into_error());
        };
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.into_error());
        }
        annotation.status = raw.status;
        annotation.created = created;
        annotation.modified = modified;

        let Some(schema) = schema else {
            return Ok(LoadedAnnotation {
                annotation,
                warnings: self.diagnostics,
                format,
            });
        };
        for (i, warning) in annotation.warnings(schema) {
            let field = match warning {
                crate::model::SpanWarning::UnknownLabel(_) => "label",
                crate::model::SpanWarning::SplitsGrapheme { .. } => "text",
            };
            let listed = if sorted {
                listed.get(i).copied()
            } else {
                first_listed
                    .as_ref()
                    .and_then(|t| t.get(&annotation.spans()[i]).copied())
            }
            .unwrap_or(0);
            let field = format!("spans[{listed}].{field}");
            // A label no export can hold (`Company Name` becomes `B-Company Name` in
            // CoNLL) is an error, yet the file still opens so that it can be fixed.
            if let crate::model::SpanWarning::UnknownLabel(label) = &warning
                && let Err(e) = Schema::check_name(label)
            {
                self.error(&field, e.to_string());
                continue;
            }
            self.warning(&field, warning.to_string());
        }
        Ok(LoadedAnnotation {
            annotation,
            warnings: self.diagnostics,
            format,
        })
    }

    /// Checks the suggestions listed in `field` (`suggestions` or `rejected`) as spans
    /// are checked, and adds them to `annotation`.
    fn suggestions(
        &mut self,
        annotation: &mut Annotation,
        raw: Vec<RawSuggestion>,
        field: &str,
        format: FormatVersion,
    ) {
        if raw.is_empty() {
            return;
        }
        if format == FormatVersion::V1 {
            self.error(
                field,
                format!("`{field}` needs format {FORMAT_V2:?}; this file says {FORMAT_V1:?}"),
            );
            return;
        }
        for (i, raw) in raw.into_iter().enumerate() {
            let element = format!("{field}[{i}]");
            let span = Span::new(raw.start, raw.end, raw.label.as_str());
            if let Err(e) = annotation.check_range(&span) {
                self.error(&element, e.to_string());
                continue;
            }
            let covered = annotation.span_text(&span);
            if covered != raw.text {
                let message = format!(
                    "suggestion [{}, {}) covers {covered:?} in the text but its `text` says {:?}",
                    span.start, span.end, raw.text
                );
                self.error(&format!("{element}.text"), message);
                continue;
            }
            let suggestion = Suggestion::new(span.clone(), raw.source);
            let added = if field == "rejected" {
                annotation.insert_rejected(suggestion).unwrap_or(false)
            } else {
                let before = annotation.suggestions().len();
                annotation.insert_suggestion(suggestion).is_ok()
                    && annotation.suggestions().len() > before
            };
            if !added {
                self.error(
                    &element,
                    format!(
                        "suggestion [{}, {}) {:?} is listed twice in `{field}`",
                        span.start, span.end, raw.label
                    ),
                );
            }
        }
    }

    fn into_error(self) -> FileError {
        FileError {
            diagnostics: self.diagnostics,
        }
    }
}

/// When a span's `text` does not match its offsets, the usual cause is a tool that
/// counted in another unit. Says which unit would explain it, or that a code point was
/// cut in half.
fn foreign_offsets_hint(text: &str, span: &Span, echo: &str) -> Option<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    if let Some(window) = units.get(span.start..span.end)
        && String::from_utf16(window).is_ok_and(|s| s == echo)
    {
        let start = crate::model::text::utf16_to_char(text, span.start)?;
        let end = crate::model::text::utf16_to_char(text, span.end)?;
        return Some(format!(
            "the offsets match the text counted in UTF-16 code units (as JavaScript counts); in code points they are [{start}, {end})"
        ));
    }
    if let Some(window) = text.get(span.start..span.end)
        && window == echo
    {
        let start = crate::model::text::byte_to_char(text, span.start)?;
        let end = crate::model::text::byte_to_char(text, span.end)?;
        return Some(format!(
            "the offsets match the text counted in UTF-8 bytes; in code points they are [{start}, {end})"
        ));
    }
    echo.contains('\u{fffd}').then(|| {
        "its `text` holds U+FFFD, the mark of a code point cut in half: the offsets were probably counted in UTF-16 units or bytes by another tool".to_owned()
    })
}

/// `, origin: Dictionary` for a span not drawn by hand; nothing for one drawn by hand.
fn origin_field(origin: Origin) -> String {
    match origin {
        Origin::Hand => String::new(),
        origin => format!(", origin: {}", origin.written()),
    }
}

/// A RON string literal for `text`: Rust's `escape_debug` for each character (as RON
/// itself writes strings), except that `'` stays as it is for readability. Line breaks,
/// tabs, control characters and combining marks become escapes, so any text reads back
/// byte-exact and the file survives tools that rewrite line endings.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '\'' {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

/// The file content for `annotation`, in the layout `docs/format.md` shows: one field a
/// line, one span a line, spans sorted by `(start, end, label)`, `\n` line endings.
/// Written as `spantag/2` when a span has an origin or the file holds suggestions, and
/// as `spantag/1` otherwise, which older spantags read.
pub fn to_ron(annotation: &Annotation) -> String {
    let format = if annotation.needs_v2() {
        FormatVersion::V2
    } else {
        FormatVersion::V1
    };
    to_ron_with(annotation, format, &|_| String::new(), "")
}

/// [`to_ron`] in `format`, with more fields: `span_extra` is appended inside each span's
/// parentheses (starting with `, `, after the origin), `tail` is written before the
/// closing parenthesis (whole lines, after the suggestions). `format` must be
/// `spantag/2` when [`Annotation::needs_v2`].
pub(crate) fn to_ron_with(
    annotation: &Annotation,
    format: FormatVersion,
    span_extra: &dyn Fn(&Span) -> String,
    tail: &str,
) -> String {
    let doc = &annotation.document;
    let mut out = String::with_capacity(doc.text().len() + 80 * annotation.spans().len() + 400);
    out.push_str("(\n");
    out.push_str(&format!("    format: {},\n", quote(format.as_str())));
    out.push_str("    document: (\n");
    out.push_str(&format!("        id: {},\n", quote(doc.id().as_str())));
    out.push_str(&format!("        source: {},\n", quote(doc.source())));
    out.push_str(&format!("        sha256: {},\n", quote(doc.sha256())));
    out.push_str(&format!("        text: {},\n", quote(doc.text())));
    out.push_str("    ),\n");
    out.push_str(&format!(
        "    annotator: {},\n",
        quote(annotation.annotator.as_str())
    ));
    out.push_str(&format!("    status: {},\n", annotation.status));
    out.push_str(&format!(
        "    created: {},\n",
        quote(&annotation.created.to_string())
    ));
    out.push_str(&format!(
        "    modified: {},\n",
        quote(&annotation.modified.to_string())
    ));
    if annotation.spans().is_empty() {
        out.push_str("    spans: [],\n");
    } else {
        out.push_str("    spans: [\n");
        for span in annotation.spans() {
            out.push_str(&format!(
                "        (start: {}, end: {}, label: {}, text: {}{}{}),\n",
                span.start,
                span.end,
                quote(span.label.as_str()),
                quote(annotation.span_text(span)),
                origin_field(annotation.origin_of(span)),
                span_extra(span),
            ));
        }
        out.push_str("    ],\n");
    }
    for (field, list) in [
        ("suggestions", annotation.suggestions()),
        ("rejected", annotation.rejected()),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("    {field}: [\n"));
        for s in list {
            out.push_str(&format!(
                "        (start: {}, end: {}, label: {}, text: {}, source: {}),\n",
                s.span.start,
                s.span.end,
                quote(s.span.label.as_str()),
                quote(annotation.span_text(&s.span)),
                s.source.written(),
            ));
        }
        out.push_str("    ],\n");
    }
    out.push_str(tail);
    out.push_str(")\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Suggestion, now};
    use crate::test_support::hard_text;
    use proptest::prelude::*;
    use std::path::PathBuf;

    fn path() -> PathBuf {
        PathBuf::from("annotations/doc/alice.ron")
    }

    fn sample() -> Annotation {
        let text =
            "The minister’s office said “Kyiv” was shelled on Monday.\r\nNATO met 😀 in Brussels.";
        let doc = Document::new(DocId::new("doc").unwrap(), "samples/doc.txt", text);
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        a.insert(Span::new(72, 80, "location")).unwrap();
        a.insert(Span::new(28, 32, "location")).unwrap();
        a.insert(Span::new(4, 12, "actor")).unwrap();
        a.insert(Span::new(28, 45, "event")).unwrap();
        a
    }

    #[test]
    fn writes_the_documented_layout() {
        let mut a = sample();
        a.created = "2026-11-25T10:00:00Z".parse().unwrap();
        a.modified = "2026-11-25T10:20:00Z".parse().unwrap();
        a.status = Status::Done;
        let expected = format!(
            r#"(
    format: "spantag/1",
    document: (
        id: "doc",
        source: "samples/doc.txt",
        sha256: "{}",
        text: "The minister’s office said “Kyiv” was shelled on Monday.\r\nNATO met 😀 in Brussels.",
    ),
    annotator: "alice",
    status: Done,
    created: "2026-11-25T10:00:00Z",
    modified: "2026-11-25T10:20:00Z",
    spans: [
        (start: 4, end: 12, label: "actor", text: "minister"),
        (start: 28, end: 32, label: "location", text: "Kyiv"),
        (start: 28, end: 45, label: "event", text: "Kyiv” was shelled"),
        (start: 72, end: 80, label: "location", text: "Brussels"),
    ],
)
"#,
            a.document.sha256()
        );
        assert_eq!(to_ron(&a), expected);
    }

    #[test]
    fn round_trips() {
        let a = sample();
        let src = to_ron(&a);
        let loaded = parse_annotation(&path(), &src, &Schema::default()).unwrap();
        assert_eq!(loaded.annotation, a);
        assert!(loaded.warnings.is_empty());
        assert_eq!(to_ron(&loaded.annotation), src);
    }

    /// `sample()` with a span from the gazetteer, a pending and a rejected suggestion.
    fn suggested() -> Annotation {
        let mut a = sample();
        a.insert_from(Span::new(49, 55, "event"), crate::model::Origin::Gazetteer)
            .unwrap();
        let homs = |s, e, l| Span::new(s, e, l);
        assert!(a.suggest(Suggestion::new(
            homs(58, 62, "actor"),
            crate::model::Origin::Dictionary
        )));
        a.insert_rejected(Suggestion::new(
            homs(4, 12, "event"),
            crate::model::Origin::Command,
        ))
        .unwrap();
        a
    }

    #[test]
    fn origins_and_suggestions_round_trip_as_spantag_2() {
        let a = suggested();
        let src = to_ron(&a);
        assert!(src.starts_with("(\n    format: \"spantag/2\",\n"), "{src}");
        let tail = &src[src.find("    spans: [").unwrap()..];
        assert_eq!(
            tail,
            r#"    spans: [
        (start: 4, end: 12, label: "actor", text: "minister"),
        (start: 28, end: 32, label: "location", text: "Kyiv"),
        (start: 28, end: 45, label: "event", text: "Kyiv” was shelled"),
        (start: 49, end: 55, label: "event", text: "Monday", origin: Gazetteer),
        (start: 72, end: 80, label: "location", text: "Brussels"),
    ],
    suggestions: [
        (start: 58, end: 62, label: "actor", text: "NATO", source: Dictionary),
    ],
    rejected: [
        (start: 4, end: 12, label: "event", text: "minister", source: Command),
    ],
)
"#
        );
        let loaded = parse_annotation(&path(), &src, &Schema::default()).unwrap();
        assert_eq!(loaded.format, FormatVersion::V2);
        assert_eq!(loaded.annotation, a);
        assert_eq!(to_ron(&loaded.annotation), src);
        // The general parser reads the same (white space the fast reader declines).
        let spaced = src.replace("(\n", "( // a comment\n");
        assert_eq!(
            parse_annotation(&path(), &spaced, &Schema::default())
                .unwrap()
                .annotation,
            a
        );
        // Without origins or suggestions the file is spantag/1, as before.
        assert!(to_ron(&sample()).contains("format: \"spantag/1\""));
    }

    #[test]
    fn suggestions_are_checked_like_spans() {
        let src = to_ron(&suggested());
        let e = parse_annotation(
            &path(),
            &src.replace("spantag/2", "spantag/1"),
            &Schema::default(),
        )
        .unwrap_err();
        let all: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            all,
            [
                "annotations/doc/alice.ron:17:62: error: a span's `origin` needs format \"spantag/2\"; this file says \"spantag/1\"",
                "annotations/doc/alice.ron:20:5: error: `suggestions` needs format \"spantag/2\"; this file says \"spantag/1\"",
                "annotations/doc/alice.ron:23:5: error: `rejected` needs format \"spantag/2\"; this file says \"spantag/1\"",
            ]
        );
        let m = message_for(&src.replace("text: \"NATO\"", "text: \"NATE\""));
        assert_eq!(
            m,
            "annotations/doc/alice.ron:21:46: error: suggestion [58, 62) covers \"NATO\" in the text but its `text` says \"NATE\""
        );
        let twice = src.replace(
            "source: Dictionary),\n",
            "source: Dictionary),\n        (start: 58, end: 62, label: \"actor\", text: \"NATO\", source: Gazetteer),\n",
        );
        assert_eq!(
            message_for(&twice),
            "annotations/doc/alice.ron:22:9: error: suggestion [58, 62) \"actor\" is listed twice in `suggestions`"
        );
        let unknown = src.replace("source: Dictionary", "source: Oracle");
        assert!(
            message_for(&unknown).starts_with("annotations/doc/alice.ron:21:"),
            "{}",
            message_for(&unknown)
        );
    }

    fn message_for(src: &str) -> String {
        parse_annotation(&path(), src, &Schema::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn names_the_line_of_each_problem() {
        let good = to_ron(&sample());
        let bad_sha = good.replace(sample().document.sha256(), &"0".repeat(64));
        let m = message_for(&bad_sha);
        assert!(
            m.starts_with("annotations/doc/alice.ron:6:9: error: sha256 does not match the text"),
            "{m}"
        );

        let bad_version = good.replace("spantag/1", "spantag/3");
        let m = message_for(&bad_version);
        assert_eq!(
            m,
            "annotations/doc/alice.ron:2:5: error: format \"spantag/3\" is not supported: this spantag reads \"spantag/1\" and \"spantag/2\"; a newer spantag may read it"
        );
        let v2 = good.replace("spantag/1", "spantag/2");
        let read = parse_annotation(&path(), &v2, &Schema::default()).unwrap();
        assert_eq!(read.format, FormatVersion::V2);
        assert_eq!(read.annotation.spans(), sample().spans());

        let past_end = good.replace("(start: 72, end: 80,", "(start: 72, end: 95,");
        let m = message_for(&past_end);
        assert_eq!(
            m,
            "annotations/doc/alice.ron:17:9: error: span [72, 95) ends past the end of the text (81 code points)"
        );

        let echo = good.replace("text: \"Brussels\"", "text: \"Brussel\"");
        let m = message_for(&echo);
        assert_eq!(
            m,
            "annotations/doc/alice.ron:17:49: error: span [72, 80) covers \"Brussels\" in the text but its `text` says \"Brussel\""
        );

        let dup = good.replace(
            "        (start: 72,",
            "        (start: 4, end: 12, label: \"actor\", text: \"minister\"),\n        (start: 72,",
        );
        let m = message_for(&dup);
        assert_eq!(
            m,
            "annotations/doc/alice.ron:17:9: error: span [4, 12) \"actor\" is listed twice (first on line 14)"
        );

        // A new span out of order, then a repeat of a later one: the repeat is found.
        let last = good
            .lines()
            .find(|l| l.trim_start().starts_with("(start: 72,"))
            .unwrap();
        let twice = good.replace(
            last,
            &format!(
                "{last}\n        (start: 4, end: 12, label: \"event\", text: \"minister\"),\n{last}"
            ),
        );
        let e = parse_annotation(&path(), &twice, &Schema::default()).unwrap_err();
        let lines: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "annotations/doc/alice.ron:19:9: error: span [72, 80) \"location\" is listed twice (first on line 17)",
            ]
        );

        let traversal = good.replace("annotator: \"alice\"", "annotator: \"../../etc\"");
        let m = message_for(&traversal);
        assert!(m.starts_with("annotations/doc/alice.ron:9:5: error: annotator name \"../../etc\" starts with a dot"), "{m}");

        let truncated = &good[..good.len() / 2];
        let m = message_for(truncated);
        assert!(m.starts_with("annotations/doc/alice.ron:"), "{m}");
        assert!(
            m.contains("error: the file ends too early, as if it was cut off ("),
            "{m}"
        );
    }

    #[test]
    fn explains_offsets_counted_in_other_units() {
        let good = to_ron(&sample());
        // Brussels is code points [72, 80), UTF-16 units [73, 81), bytes [81, 89).
        let utf16 = good.replace("(start: 72, end: 80,", "(start: 73, end: 81,");
        let m = message_for(&utf16);
        assert!(m.ends_with("the offsets match the text counted in UTF-16 code units (as JavaScript counts); in code points they are [72, 80)"), "{m}");
        let bytes = good.replace("(start: 72, end: 80,", "(start: 81, end: 89,");
        let m = message_for(&bytes);
        assert!(m.ends_with("the offsets match the text counted in UTF-8 bytes; in code points they are [72, 80)"), "{m}");
        let split = good.replace(
            "(start: 72, end: 80, label: \"location\", text: \"Brussels\")",
            "(start: 67, end: 68, label: \"event\", text: \"\\u{fffd}\")",
        );
        let m = message_for(&split);
        assert!(m.contains("covers \"😀\" in the text but its `text` says \"\u{fffd}\"; its `text` holds U+FFFD, the mark of a code point cut in half"), "{m}");
    }

    #[test]
    fn collects_several_errors() {
        let good = to_ron(&sample());
        let bad = good
            .replace(sample().document.sha256(), &"0".repeat(64))
            .replace("(start: 72, end: 80,", "(start: 80, end: 72,");
        let e = parse_annotation(&path(), &bad, &Schema::default()).unwrap_err();
        let lines: Vec<_> = e.errors().map(|d| d.position.unwrap().line).collect();
        assert_eq!(lines, [6, 17]);
        assert!(e.to_string().ends_with("(and 1 more error)"));
    }

    #[test]
    fn keeps_unknown_labels_with_a_warning() {
        let mut a = sample();
        a.insert(Span::new(58, 62, "organisation")).unwrap();
        let loaded = parse_annotation(&path(), &to_ron(&a), &Schema::default()).unwrap();
        assert_eq!(loaded.annotation.spans().len(), 5);
        let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "annotations/doc/alice.ron:17:30: warning: label \"organisation\" is not in the schema (kept as it is)"
            ]
        );
    }

    #[test]
    fn a_label_no_export_can_hold_is_an_error_but_the_file_opens() {
        let mut a = sample();
        a.insert(Span::new(58, 62, "Company Name")).unwrap();
        let loaded = parse_annotation(&path(), &to_ron(&a), &Schema::default()).unwrap();
        assert_eq!(loaded.annotation.spans().len(), 5);
        let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "annotations/doc/alice.ron:17:30: error: label name \"Company Name\" is not allowed: use 1 to 50 characters with no spaces or control characters"
            ]
        );
    }

    #[test]
    fn sorts_spans_listed_out_of_order() {
        let good = to_ron(&sample());
        let first = "        (start: 4, end: 12, label: \"actor\", text: \"minister\"),\n";
        let shuffled = good
            .replace(first, "")
            .replace("    ],\n", &format!("{first}    ],\n"));
        let loaded = parse_annotation(&path(), &shuffled, &Schema::default()).unwrap();
        assert_eq!(to_ron(&loaded.annotation), good);
    }

    #[test]
    fn tells_foreign_files_apart() {
        assert!(
            message_for("(name: \"x\")")
                .ends_with("1:1: error: not a spantag annotation file: it has no `format` field")
        );
        assert!(
            message_for("(format: \"brat\")")
                .contains("not a spantag annotation file: format is \"brat\"")
        );
        assert!(message_for("{\"json\": true}").starts_with("annotations/doc/alice.ron:1:"));
        let good = to_ron(&sample());
        let no_sha = good.replace("        sha256:", "        sha:");
        assert!(
            message_for(&no_sha).ends_with("error: the field `sha256` is missing from `document`"),
            "{}",
            message_for(&no_sha)
        );
        let no_status = good.replace("    status: InProgress,\n", "");
        assert!(message_for(&no_status).ends_with("error: the field `status` is missing"));
    }

    proptest! {
        #[test]
        fn any_text_and_spans_survive_save_and_load(
            text in hard_text(),
            raw_spans in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..4usize), 0..12),
        ) {
            let doc = Document::new(DocId::new("d").unwrap(), "samples/d.txt", text.clone());
            let mut a = Annotation::new(doc, AnnotatorName::new("bob").unwrap(), now());
            let n = a.document.char_len();
            for (x, y, label) in raw_spans {
                let (s, e) = (x.index(n), y.index(n + 1));
                let label = ["actor", "location", "event", "other"][label];
                let _ = a.insert(Span::new(s.min(e), s.max(e), label));
            }
            // Through the disk, the way the app saves and loads.
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("annotations/d/bob.ron");
            crate::io::store::save_annotation(&file, &a).unwrap();
            let loaded = read_annotation(&file, &Schema::default()).unwrap();
            prop_assert_eq!(loaded.annotation.document.text().as_bytes(), text.as_bytes());
            prop_assert_eq!(&loaded.annotation, &a);
            let written = std::fs::read(&file).unwrap();
            prop_assert_eq!(to_ron(&loaded.annotation).into_bytes(), written);
        }
    }
}
