//! `brat` standoff: `<id>.txt` (the text, byte-exact) and `<id>.ann` with one line per
//! entity, `T1<TAB>actor 33 39<TAB>Rebels`, offsets in code points of the `.txt`, plus
//! an `annotation.conf` listing the labels.
//!
//! An `.ann` line cannot hold a line break, so a span over a line break is written as
//! brat's discontinuous form, one fragment per line: `T2<TAB>actor 578 584;586 610<TAB>
//! United Nations Security Council`.

use crate::model::{Annotation, Span};

/// The `.txt` and `.ann` contents for one document.
pub fn document_files(annotation: &Annotation) -> (String, String) {
    let mut ann = String::new();
    for (i, span) in annotation.spans().iter().enumerate() {
        let fragments = fragments(annotation, span);
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
    (annotation.document.text().to_owned(), ann)
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
