//! Reads CoNLL: a token a line with its tag in the last column (`TOKEN TAG`, or the four
//! columns of CoNLL-2003), a blank line between sentences, `-DOCSTART-` between
//! documents (`-DOCSTART- ID` names the next one; without an id, documents are
//! `<stem>-1`, `<stem>-2`, … zero-padded to the width of the count). The text is rebuilt with tokens joined by single spaces and sentences by
//! line breaks; IOB2, IOB1 and BILOU tags are read, and a malformed sequence or tag
//! (`O-actor`, `B-`) is reported at its line. Lines may end in `\n`, `\r\n` or a lone
//! `\r` ([`crate::io::lines`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::labels::relabel;
use super::{ImportOptions, ImportedDocument, ReadInput, document_id, finish, line};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::lines::numbered_lines;
use crate::io::text_file::read_text;
use crate::model::{DocId, Span};
use crate::text::tagging::{Scheme, decode, entity_starts, guess_scheme};

/// A sentence being read: tokens, tags and the line of each token.
#[derive(Default)]
struct Sentence<'a> {
    tokens: Vec<&'a str>,
    tags: Vec<&'a str>,
    lines: Vec<usize>,
}

#[derive(Default)]
struct DocumentBuilder {
    text: String,
    chars: usize,
    spans: Vec<Span>,
    first_line: usize,
    /// The id from its `-DOCSTART-` line, and that line.
    given_id: Option<(String, usize)>,
}

/// What every sentence of one file is read with.
struct Reading<'a> {
    input: &'a Path,
    scheme: Scheme,
    map: &'a BTreeMap<String, String>,
}

/// Tag errors and entity starts over a whole file, to tell an IOB1 file read as IOB2
/// (one hint) from a few bad tags (each reported).
#[derive(Default)]
struct TagTally {
    errors: Vec<Diagnostic>,
    /// Entities that start with `I-`, then with `B-` (see [`entity_starts`]).
    with_i: usize,
    with_b: usize,
}

/// Tag errors kept with their lines when the file looks like IOB1.
const FIRST_TAG_ERRORS: usize = 3;

impl TagTally {
    /// The tag errors to report: all of them, or, when most entities start with `I-`
    /// in a file read as IOB2, the first few and one hint to read it as IOB1.
    fn into_diagnostics(mut self, input: &Path, scheme: Scheme) -> Vec<Diagnostic> {
        let starts = self.with_i + self.with_b;
        if scheme != Scheme::Iob2 || self.errors.is_empty() || self.with_i <= self.with_b {
            return self.errors;
        }
        let sentences = self.errors.len();
        self.errors.truncate(FIRST_TAG_ERRORS);
        let shown = self.errors.len();
        self.errors.push(Diagnostic::error(
            input,
            None,
            format!(
                "this looks like IOB1: add `--scheme iob1` ({} of {starts} entities start with I- after O, another label or the sentence start; {sentences} sentences have tag errors, the first {shown} above)",
                self.with_i
            ),
        ));
        self.errors
    }
}

/// Reads a CoNLL file. `options.scheme` is guessed when not given; labels are renamed
/// by `options.label_map`.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    parse(input, &read_text(input)?, options)
}

/// Parses `src`, the content of the CoNLL file `input` (named in messages and in the
/// ids of documents without one).
pub fn parse(input: &Path, src: &str, options: &ImportOptions) -> Result<ReadInput, FileError> {
    let scheme = options.scheme.unwrap_or_else(|| {
        guess_scheme(numbered_lines(src).filter_map(|(_, l)| l.split_whitespace().last()))
    });
    let reading = Reading {
        input,
        scheme,
        map: &options.label_map,
    };
    let mut diagnostics = Vec::new();
    let mut documents = Vec::new();
    let mut current = DocumentBuilder {
        first_line: 1,
        ..Default::default()
    };
    let mut sentence = Sentence::default();
    let mut tally = TagTally::default();
    // `-DOCSTART-` lines with several possible ids: document index, line, content.
    let mut docstart_warnings = Vec::new();
    let finish_document = |doc: DocumentBuilder, documents: &mut Vec<DocumentBuilder>| {
        if !doc.text.is_empty() {
            documents.push(doc);
        }
    };
    for (n, content) in numbered_lines(src) {
        let columns: Vec<&str> = content.split_whitespace().collect();
        if columns.first() == Some(&"-DOCSTART-") {
            end_sentence(
                &mut sentence,
                &mut current,
                &reading,
                &mut diagnostics,
                &mut tally,
            );
            finish_document(std::mem::take(&mut current), &mut documents);
            current.first_line = n + 1;
            current.given_id = docstart_id(&columns[1..]).map(|id| (id, n));
            if current.given_id.is_none() && id_columns(&columns[1..]).len() > 1 {
                docstart_warnings.push((documents.len(), n, content.to_owned()));
            }
            continue;
        }
        match columns.as_slice() {
            [] => end_sentence(
                &mut sentence,
                &mut current,
                &reading,
                &mut diagnostics,
                &mut tally,
            ),
            [_only] => diagnostics.push(Diagnostic::error(
                input,
                line(n),
                format!("expected `TOKEN TAG`, found {content:?}"),
            )),
            [token, .., tag] => {
                sentence.tokens.push(token);
                sentence.tags.push(tag);
                sentence.lines.push(n);
            }
        }
    }
    end_sentence(
        &mut sentence,
        &mut current,
        &reading,
        &mut diagnostics,
        &mut tally,
    );
    finish_document(current, &mut documents);
    diagnostics.extend(tally.into_diagnostics(input, scheme));
    // Documents without an id are numbered in input order, zero-padded to the width of
    // the count, so that they sort in input order by any tool.
    let stem = input.file_stem().unwrap_or_default().to_string_lossy();
    let width = documents.len().to_string().len();
    let numbered = |k: usize| DocId::from_file_stem(&format!("{stem}-{:0width$}", k + 1));
    for (k, at, content) in docstart_warnings {
        let columns: Vec<&str> = content.split_whitespace().skip(1).collect();
        diagnostics.push(Diagnostic::warning(
            input,
            line(at),
            format!(
                "-DOCSTART- holds more than one column that is not -X- or O ({}), so none is read as the document id; the document is {}",
                id_columns(&columns)
                    .iter()
                    .map(|c| format!("{c:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                numbered(k)
            ),
        ));
    }
    let mut imported = Vec::with_capacity(documents.len());
    for (k, doc) in documents.into_iter().enumerate() {
        let id = match &doc.given_id {
            Some((id, at)) => document_id(
                input,
                Some(id),
                k + 1,
                line(*at),
                options.sanitize_ids,
                &mut diagnostics,
            ),
            None => Some(numbered(k)),
        };
        if let Some(id) = id {
            imported.push(ImportedDocument {
                id,
                source: format!("{}:{}", input.display(), doc.first_line),
                text: doc.text,
                spans: doc.spans,
            });
        }
    }
    // In file order (a hint with no line last).
    diagnostics.sort_by_key(|d| d.position.map_or(usize::MAX, |p| p.line));
    finish(imported, diagnostics)
}

/// The columns of a `-DOCSTART-` line (after it) that could be an id: not `-X-`, not `O`.
fn id_columns<'a>(columns: &[&'a str]) -> Vec<&'a str> {
    columns
        .iter()
        .copied()
        .filter(|c| !matches!(*c, "-X-" | "O"))
        .collect()
}

/// The document id a `-DOCSTART-` line gives: its one column that is not `-X-` or `O`
/// (`-DOCSTART- reuters-42`); none for CoNLL-2003's `-DOCSTART- -X- O O`.
fn docstart_id(columns: &[&str]) -> Option<String> {
    match id_columns(columns).as_slice() {
        [id] => Some((*id).to_owned()),
        _ => None,
    }
}

/// Adds a finished sentence to the document: text, then spans from its tags.
fn end_sentence(
    sentence: &mut Sentence<'_>,
    doc: &mut DocumentBuilder,
    reading: &Reading<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    tally: &mut TagTally,
) {
    let Reading { input, scheme, map } = *reading;
    if sentence.tokens.is_empty() {
        return;
    }
    let sentence = std::mem::take(sentence);
    if !doc.text.is_empty() {
        doc.text.push('\n');
        doc.chars += 1;
    }
    let mut starts = Vec::with_capacity(sentence.tokens.len());
    for (k, token) in sentence.tokens.iter().enumerate() {
        if k > 0 {
            doc.text.push(' ');
            doc.chars += 1;
        }
        starts.push(doc.chars);
        doc.text.push_str(token);
        doc.chars += token.chars().count();
    }
    let (with_i, with_b) = entity_starts(&sentence.tags);
    tally.with_i += with_i;
    tally.with_b += with_b;
    match decode(&sentence.tags, scheme) {
        Ok(entities) => {
            for e in entities {
                let at = line(sentence.lines[e.first]);
                let Some(label) = relabel(input, at, e.label.as_str(), map, diagnostics) else {
                    continue;
                };
                let end = starts[e.last] + sentence.tokens[e.last].chars().count();
                doc.spans
                    .push(Span::new(starts[e.first], end, label.as_str()));
            }
        }
        Err(e) => {
            let at = sentence
                .lines
                .get(e.token)
                .or(sentence.lines.last())
                .copied()
                .unwrap_or(1);
            tally
                .errors
                .push(Diagnostic::error(input, line(at), e.message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::ImportFormat;

    /// Reads `src` as the CoNLL file `name` in a temp folder.
    fn read_str(name: &str, src: &str) -> Result<ReadInput, FileError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, src).unwrap();
        read(&file, &ImportOptions::new(ImportFormat::Conll))
    }

    fn ids(read: &ReadInput) -> Vec<&str> {
        read.documents.iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn an_iob1_file_read_as_iob2_gets_one_hint_and_its_first_errors() {
        // Ten sentences of IOB1: every entity starts with I-, one B- between two LOCs.
        let src: String = (0..10)
            .map(|_| "“Kyiv” I-LOC\nsaid O\nحمص I-LOC\nfell O\n\n")
            .collect::<String>()
            + "Homs I-LOC\nAleppo B-LOC\n😀 O\n\n";
        let err = read_str("iob1.conll", &src).unwrap_err();
        let messages: Vec<String> = err.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        for (k, at) in [1, 6, 11].iter().enumerate() {
            assert!(
                messages[k].ends_with(&format!(
                    "iob1.conll:{at}:1: error: I-LOC after the sentence start: an entity must start with B-"
                )),
                "{}",
                messages[k]
            );
        }
        assert!(
            messages[3].ends_with(
                "iob1.conll: error: this looks like IOB1: add `--scheme iob1` (21 of 22 entities start with I- after O, another label or the sentence start; 11 sentences have tag errors, the first 3 above)"
            ),
            "{}",
            messages[3]
        );
        let options = ImportOptions {
            scheme: Some(Scheme::Iob1),
            ..ImportOptions::new(ImportFormat::Conll)
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("iob1.conll");
        std::fs::write(&file, &src).unwrap();
        let read = read(&file, &options).unwrap();
        let spans: usize = read.documents.iter().map(|d| d.spans.len()).sum();
        assert_eq!(spans, 22);
    }

    #[test]
    fn cr_only_and_mixed_line_ends_are_lines() {
        let src = "-DOCSTART- -X- O O\r\r“Rebels” B-actor\rin O\r\nHoms B-location\n\r\
                   -DOCSTART- kyiv\r\rحمص B-location\r😀 O\r";
        let read = read_str("cr.conll", src).unwrap();
        assert_eq!(ids(&read), ["cr-1", "kyiv"]);
        assert_eq!(read.documents[0].text, "“Rebels” in Homs");
        assert_eq!(
            read.documents[0].spans,
            [Span::new(0, 8, "actor"), Span::new(12, 16, "location")]
        );
        assert_eq!(read.documents[1].text, "حمص 😀");
        assert_eq!(read.documents[1].source.rsplit(':').next(), Some("8"));
        // Positions count every line end.
        let err = read_str("cr.conll", "Rebels B-actor\r\rin O\rHoms O-location\r")
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("cr.conll:4:1: error: tag \"O-location\": O takes no label"),
            "{err}"
        );
    }

    #[test]
    fn documents_without_ids_are_numbered_in_input_order_zero_padded() {
        let src: String = (1..=12)
            .map(|n| format!("-DOCSTART- -X- -X- O\n\nDoc{n} B-LOC\n\n"))
            .collect();
        let read = read_str("news.conll", &src).unwrap();
        let expected: Vec<String> = (1..=12).map(|n| format!("news-{n:02}")).collect();
        assert_eq!(ids(&read), expected);
        assert_eq!(read.documents[9].text, "Doc10");
    }

    #[test]
    fn a_docstart_id_column_names_its_document() {
        let src = "-DOCSTART- reuters-42\n\nKyiv B-LOC\n\n\
                   -DOCSTART- -X- O O\n\nHoms B-LOC\n\n\
                   -DOCSTART- (947testa CRICKET)\n\nحمص B-LOC\n\n";
        let read = read_str("news.conll", src).unwrap();
        assert_eq!(ids(&read), ["reuters-42", "news-2", "news-3"]);
        let warnings: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].ends_with(
                "news.conll:9:1: warning: -DOCSTART- holds more than one column that is not -X- or O (\"(947testa\", \"CRICKET)\"), so none is read as the document id; the document is news-3"
            ),
            "{}",
            warnings[0]
        );
        // An id that is not a valid document id is refused at its line.
        let err = read_str("news.conll", "-DOCSTART- Zürich\n\nKyiv B-LOC\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("news.conll:1:1: error: document id \"Zürich\""),
            "{err}"
        );
    }
}
