//! `brat` standoff: `<id>.txt` (the text, byte-exact) and `<id>.ann` with one line per
//! entity, `T1<TAB>actor 33 39<TAB>Rebels`, offsets in code points of the `.txt`, plus
//! an `annotation.conf` listing the labels.
//!
//! An `.ann` line cannot hold a line break, so a span over a line break is written as
//! brat's discontinuous form, one fragment per line: `T2<TAB>actor 578 584;586 610<TAB>
//! United Nations Security Council`.

use crate::model::{Annotation, Span};
use crate::text::align::{AlignNote, Outcome};

/// The `.txt` and `.ann` contents for one document, and the spans that could not be
/// written exactly (a span that starts or ends with a line break loses it: brat pieces
/// hold no line break).
pub fn document_files(annotation: &Annotation) -> (String, String, Vec<AlignNote>) {
    let mut ann = String::new();
    let mut notes = Vec::new();
    for (i, span) in annotation.spans().iter().enumerate() {
        let fragments = fragments(annotation, span);
        let (Some(first), Some(last)) = (fragments.first(), fragments.last()) else {
            notes.push(note(
                annotation,
                span,
                Outcome::Dropped("it holds only line breaks".to_owned()),
            ));
            continue;
        };
        if (first.0, last.1) != (span.start, span.end) {
            let text = annotation
                .document
                .slice(first.0, last.1)
                .unwrap_or_default()
                .to_owned();
            let outcome = Outcome::Moved {
                start: first.0,
                end: last.1,
                text,
            };
            notes.push(note(annotation, span, outcome));
        }
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let text: Vec<&str> = fragments
            .iter()
            .map(|&(s, e)| annotation.document.slice(s, e).unwrap_or_default())
            .collect();
        ann.push_str(&format!(
            "T{}\t{} {}\t{}\n",
            i + 1,
            span.label,
            offsets.join(";"),
            text.join(" ")
        ));
    }
    (annotation.document.text().to_owned(), ann, notes)
}

fn note(annotation: &Annotation, span: &Span, outcome: Outcome) -> AlignNote {
    AlignNote {
        doc: annotation.document.id().to_string(),
        span: span.clone(),
        text: annotation.span_text(span).to_owned(),
        tokens: Vec::new(),
        outcome,
    }
}

/// The span cut at line breaks into the pieces that hold text, in code points.
fn fragments(annotation: &Annotation, span: &Span) -> Vec<(usize, usize)> {
    let text = annotation.span_text(span);
    if !text.contains(['\n', '\r']) {
        return vec![(span.start, span.end)];
    }
    let mut out = Vec::new();
    let mut start = None;
    for (k, c) in text.chars().enumerate() {
        let at = span.start + k;
        match (c == '\n' || c == '\r', start) {
            (true, Some(s)) => {
                out.push((s, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, span.end));
    }
    out
}

/// `annotation.conf`: the labels as entity types; no relations, events or attributes.
pub fn annotation_conf(labels: &[String]) -> String {
    let mut conf = String::from("[entities]\n");
    for label in labels {
        conf.push_str(label);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    conf
}
