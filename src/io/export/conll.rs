//! `conll`: CoNLL-2003 style, `TOKEN TAG` a line, a blank line after each sentence, and
//! optionally `-DOCSTART- -X- O O` (and a blank line) before each document.

use std::io::{self, Write};

use crate::model::Annotation;
use crate::text::align::TaggedDocument;

/// The line that opens a document with `--docstart`.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Writes one tagged document.
pub fn write_document(
    w: &mut impl Write,
    annotation: &Annotation,
    tagged: &TaggedDocument,
    docstart: bool,
) -> io::Result<()> {
    let doc = &annotation.document;
    if docstart {
        writeln!(w, "{DOCSTART}\n")?;
    }
    for sentence in &tagged.sentences {
        for (token, tag) in sentence.tokens.iter().zip(&sentence.tags) {
            let text = token.text(doc.text());
            writeln!(w, "{text} {tag}")?;
        }
        writeln!(w)?;
    }
    Ok(())
}
