//! Reads CoNLL: a token a line with its tag in the last column (`TOKEN TAG`, or the four
//! columns of CoNLL-2003), a blank line between sentences, `-DOCSTART-` between
//! documents (`-DOCSTART- ID` names the next one; without an id, documents are
//! `<stem>-1`, `<stem>-2`, … zero-padded to the width of the count). The text is rebuilt with tokens joined by single spaces and sentences by
//! line breaks; IOB2, IOB1 and BILOU tags are read, and a malformed sequence is reported
//! at its line.

use std::collections::BTreeMap;
use std::path::Path;

use super::labels::relabel;
use super::{ImportOptions, ImportedDocument, ReadInput, document_id, finish, line};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::text_file::read_text;
use crate::model::{DocId, Span};
use crate::text::tagging::{Scheme, decode, guess_scheme};

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

/// Reads a CoNLL file. `options.scheme` is guessed when not given; labels are renamed
/// by `options.label_map`.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    let src = read_text(input)?;
    let scheme = options
        .scheme
        .unwrap_or_else(|| guess_scheme(src.lines().filter_map(|l| l.split_whitespace().last())));
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
    // `-DOCSTART-` lines with several possible ids: document index, line, content.
    let mut docstart_warnings = Vec::new();
    let finish_document = |doc: DocumentBuilder, documents: &mut Vec<DocumentBuilder>| {
        if !doc.text.is_empty() {
            documents.push(doc);
        }
    };
    let lines: Vec<&str> = src.lines().collect();
    for (i, content) in lines.iter().enumerate() {
        let n = i + 1;
        let columns: Vec<&str> = content.split_whitespace().collect();
        if columns.first() == Some(&"-DOCSTART-") {
            end_sentence(&mut sentence, &mut current, &reading, &mut diagnostics);
            finish_document(std::mem::take(&mut current), &mut documents);
            current.first_line = n + 1;
            current.given_id = docstart_id(&columns[1..]).map(|id| (id, n));
            if current.given_id.is_none() && id_columns(&columns[1..]).len() > 1 {
                docstart_warnings.push((documents.len(), n, content.to_owned()));
            }
            continue;
        }
        match columns.as_slice() {
            [] => end_sentence(&mut sentence, &mut current, &reading, &mut diagnostics),
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
    end_sentence(&mut sentence, &mut current, &reading, &mut diagnostics);
    finish_document(current, &mut documents);
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
            Some((id, at)) => document_id(input, Some(id), k + 1, line(*at), &mut diagnostics),
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
            diagnostics.push(Diagnostic::error(input, line(at), e.message));
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
