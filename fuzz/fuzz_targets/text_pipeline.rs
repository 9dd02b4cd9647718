//! tokenize → align → encode → decode, and the JSONL export read back.
//!
//! The input: one byte choosing the tokenizer, the alignment mode and the tag scheme
//! (and `--sentences` for the export), the text, a NUL byte, then one span a line:
//! `start end label` in code points (lines that do not parse, labels that are not
//! valid names and spans the model refuses are skipped). Invariants: every token and
//! every aligned span lies inside the text, a token's text is its slice; the tags
//! decode to exactly the aligned spans and encode back to the same tags; every span is
//! kept or said to be dropped; the JSONL export reads back as the same text and spans,
//! each span's exported text equal to its slice; the text's word pieces are those of
//! `unicode_segmentation`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::export::{ExportOptions, Format, export_to_writer};
use spantag::io::import::{ImportFormat, ImportOptions, jsonl};
use spantag::model::text::slice_chars;
use spantag::model::{Annotation, AnnotatorName, DocId, Document, Schema, Span, now};
use spantag::text::align::{AlignMode, Outcome, tag_document};
use spantag::text::tagging::{Scheme, decode, encode};
use spantag::text::tokens::Tokenizer;
use spantag_fuzz::check_read;

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let (text, spans) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &b""[..]),
    };
    let (Ok(text), Ok(spans)) = (std::str::from_utf8(text), std::str::from_utf8(spans)) else {
        return;
    };
    assert!(
        spantag::text::words::same_pieces_as_unicode_segmentation(text),
        "word pieces differ from unicode_segmentation's"
    );
    let tokenizer = [Tokenizer::Unicode, Tokenizer::Whitespace][usize::from(config & 1)];
    let mode = [AlignMode::Expand, AlignMode::Contract, AlignMode::Strict]
        [usize::from((config >> 1) & 3) % 3];
    let scheme = [Scheme::Iob2, Scheme::Iob1, Scheme::Bilou][usize::from((config >> 3) & 3) % 3];
    let sentences = config & 0x20 != 0;

    let id = DocId::new("doc").expect("a valid id");
    let document = Document::new(id, "samples/doc.txt", text);
    let mut annotation = Annotation::new(document, AnnotatorName::new("alice").unwrap(), now());
    for line in spans.lines() {
        let mut fields = line.splitn(3, ' ');
        let (Some(Ok(start)), Some(Ok(end)), Some(label)) = (
            fields.next().map(str::parse::<usize>),
            fields.next().map(str::parse::<usize>),
            fields.next(),
        ) else {
            continue;
        };
        // Files with other labels are refused by `validate` and every importer.
        if Schema::check_name(label).is_ok() {
            let _ = annotation.insert(Span::new(start, end, label));
        }
    }
    let len = annotation.document.char_len();

    // Tokens and tags.
    let tagged = tag_document(&annotation, tokenizer, mode, scheme);
    let mut decoded: Vec<(usize, usize, String)> = Vec::new();
    let mut previous_end = 0;
    for sentence in &tagged.sentences {
        assert_eq!(sentence.tokens.len(), sentence.tags.len());
        for token in &sentence.tokens {
            assert!(
                token.start < token.end && token.end <= len,
                "token {token:?} outside the text"
            );
            assert!(
                token.start >= previous_end,
                "tokens out of order: {token:?}"
            );
            previous_end = token.end;
            assert_eq!(
                Some(token.text(text)),
                slice_chars(text, token.start, token.end)
            );
            assert!(
                !token.text(text).chars().any(char::is_whitespace),
                "token {token:?} holds white space: {:?}",
                token.text(text)
            );
        }
        let tags: Vec<&str> = sentence.tags.iter().map(String::as_str).collect();
        let entities = decode(&tags, scheme)
            .unwrap_or_else(|e| panic!("tags {tags:?} ({scheme:?}) do not decode: {e}"));
        assert_eq!(encode(tags.len(), &entities, scheme), sentence.tags);
        for e in entities {
            assert!(e.first <= e.last && e.last < sentence.tokens.len());
            decoded.push((
                sentence.tokens[e.first].start,
                sentence.tokens[e.last].end,
                e.label,
            ));
        }
    }
    // The aligned spans: each kept span where alignment moved it.
    let mut aligned: Vec<(usize, usize, String)> = tagged
        .kept
        .iter()
        .map(|span| {
            assert!(
                annotation.spans().contains(span),
                "kept {span:?} is not a span"
            );
            let moved = tagged.notes.iter().find_map(|n| match &n.outcome {
                Outcome::Moved {
                    start,
                    end,
                    text: moved,
                } if &n.span == span => {
                    assert_eq!(Some(moved.as_str()), slice_chars(text, *start, *end));
                    Some((*start, *end))
                }
                _ => None,
            });
            let (start, end) = moved.unwrap_or((span.start, span.end));
            assert!(
                start < end && end <= len,
                "aligned [{start}, {end}) outside the text"
            );
            (start, end, span.label.to_string())
        })
        .collect();
    aligned.sort();
    decoded.sort();
    assert_eq!(decoded, aligned, "the tags do not hold the aligned spans");
    // Every span is either kept or said to be dropped.
    for span in annotation.spans() {
        let dropped = tagged
            .notes
            .iter()
            .any(|n| &n.span == span && matches!(n.outcome, Outcome::Dropped(_)));
        assert!(
            tagged.kept.contains(span) != dropped,
            "{span:?} both or neither kept and dropped"
        );
    }

    // The JSONL export, read back by spantag's own importer (which refuses texts of only
    // white space; the export job leaves them out, as `Skip::BlankText`).
    if text.trim().is_empty() {
        return;
    }
    let options = ExportOptions {
        tokenizer,
        sentences,
        ..ExportOptions::new(Format::Jsonl)
    };
    let mut bytes = Vec::new();
    let report = export_to_writer(
        std::slice::from_ref(&annotation),
        &Schema::default(),
        &options,
        &mut bytes,
        &mut |_| {},
    )
    .expect("exporting into memory cannot fail");
    let exported = std::str::from_utf8(&bytes).expect("the export is UTF-8");
    let path = std::path::Path::new("export.jsonl");
    // Sentence rows are named `<doc>#<n>`, which is not a document id: mapped on import.
    let import = ImportOptions {
        sanitize_ids: sentences,
        ..ImportOptions::new(ImportFormat::Jsonl)
    };
    let read = jsonl::parse(path, exported, &import);
    check_read(path, &read);
    let read = read.unwrap_or_else(|e| panic!("spantag cannot read its export:\n{e}\n{exported}"));
    let spans_read: usize = read.documents.iter().map(|d| d.spans.len()).sum();
    assert_eq!(spans_read, report.spans());
    if !sentences {
        let [doc] = read.documents.as_slice() else {
            panic!("one document exported, {} read", read.documents.len());
        };
        assert_eq!(doc.text, text);
        assert_eq!(doc.spans, annotation.spans());
    }
});
