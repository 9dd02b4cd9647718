//! Reads CoNLL: a token a line with its tag in the last column (`TOKEN TAG`, or the four
//! columns of CoNLL-2003), a blank line between sentences, `-DOCSTART-` between
//! documents. The text is rebuilt with tokens joined by single spaces and sentences by
//! line breaks; IOB2, IOB1 and BILOU tags are read, and a malformed sequence is reported
//! at its line.

use std::collections::BTreeMap;
use std::path::Path;

use super::labels::relabel;
use super::{ImportOptions, ImportedDocument, ReadInput, document_id, finish, line};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::text_file::read_text;
use crate::model::Span;
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
    let finish_document = |doc: DocumentBuilder,
                           documents: &mut Vec<ImportedDocument>,
                           diagnostics: &mut Vec<Diagnostic>| {
        if doc.text.is_empty() {
            return;
        }
        let n = documents.len() + 1;
        if let Some(id) = document_id(input, None, n, line(doc.first_line), diagnostics) {
            documents.push(ImportedDocument {
                id,
                source: format!("{}:{}", input.display(), doc.first_line),
                text: doc.text,
                spans: doc.spans,
            });
        }
    };
    let lines: Vec<&str> = src.lines().collect();
    for (i, content) in lines.iter().enumerate() {
        let n = i + 1;
        let columns: Vec<&str> = content.split_whitespace().collect();
        if columns.first() == Some(&"-DOCSTART-") {
            end_sentence(&mut sentence, &mut current, &reading, &mut diagnostics);
            finish_document(
                std::mem::take(&mut current),
                &mut documents,
                &mut diagnostics,
            );
            current.first_line = n + 1;
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
    finish_document(current, &mut documents, &mut diagnostics);
    finish(documents, diagnostics)
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
