//! Reads brat standoff: `<id>.txt` (offsets count its code points, `\r` included, as brat
//! itself counts them) and `<id>.ann` with `T` lines. A discontinuous span whose pieces
//! are separated only by white space (a span over a line break, as spantag writes it)
//! becomes one span; other discontinuous spans, relations, events and attributes cannot
//! be represented and are reported. Document ids are the file names, transliterated to
//! ASCII; names that collide (case aside) get `-2`, `-3`, with a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::labels::relabel_spans;
use super::{ImportOptions, ImportedDocument, ReadInput, check_spans, check_text, finish, line};
use crate::io::diagnostic::{Diagnostic, FileError};
use crate::io::lines::numbered_lines;
use crate::io::text_file::read_text;
use crate::model::Span;
use crate::model::name::ids_from_file_paths;
use crate::model::text::slice_chars;

/// Reads a folder of `.ann` files (each with its `.txt`), or one `.ann` file; labels
/// renamed by `options.label_map`.
pub fn read(input: &Path, options: &ImportOptions) -> Result<ReadInput, FileError> {
    let mut diagnostics = Vec::new();
    let ann_files: Vec<PathBuf> = if input.is_dir() {
        // The same walk as a corpus listing: a FIFO or a link out of the folder is
        // skipped with a warning, never opened.
        let root = crate::io::walk::canonical_root(input);
        let listing = crate::io::walk::list_folder(
            input,
            &root,
            Some("ann"),
            false,
            &mut Default::default(),
        )?;
        diagnostics.extend(listing.skipped);
        if listing.files.is_empty() {
            return Err(FileError::one(input, None, "no .ann files in this folder"));
        }
        listing.files
    } else {
        vec![input.to_owned()]
    };
    let mut documents = Vec::new();
    // Ids from file names: transliterated, and suffixed where two collide (case aside).
    let (ids, collisions) = ids_from_file_paths(&ann_files);
    for collision in collisions {
        diagnostics.push(Diagnostic::warning(input, None, collision.to_string()));
    }
    for (ann_path, id) in ann_files.into_iter().zip(ids) {
        let txt_path = ann_path.with_extension("txt");
        let text = match read_text(&txt_path) {
            Ok(text) => text,
            Err(e) => {
                diagnostics.extend(e.diagnostics);
                continue;
            }
        };
        if !check_text(&txt_path, None, &text, &mut diagnostics) {
            continue;
        }
        // An empty .ann is a document with no spans.
        let ann = if std::fs::metadata(&ann_path).is_ok_and(|m| m.len() == 0) {
            String::new()
        } else {
            match read_text(&ann_path) {
                Ok(ann) => ann,
                Err(e) => {
                    diagnostics.extend(e.diagnostics);
                    continue;
                }
            }
        };
        let spans = document_spans(&ann_path, &ann, &text, options, &mut diagnostics);
        documents.push(ImportedDocument {
            id,
            source: txt_path.display().to_string(),
            text,
            spans,
        });
    }
    finish(documents, diagnostics)
}

/// Parses one document: `ann`, the content of the `.ann` file `ann_path` (its name
/// gives the id), over `text`, the content of its `.txt`; labels renamed by
/// `options.label_map`.
pub fn parse(
    ann_path: &Path,
    ann: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<ReadInput, FileError> {
    let mut diagnostics = Vec::new();
    let (ids, _) = ids_from_file_paths(&[ann_path]);
    let mut documents = Vec::new();
    for id in ids {
        let spans = document_spans(ann_path, ann, text, options, &mut diagnostics);
        documents.push(ImportedDocument {
            id,
            source: ann_path.with_extension("txt").display().to_string(),
            text: text.to_owned(),
            spans,
        });
    }
    finish(documents, diagnostics)
}

/// The checked spans of one `.ann` file over its text, labels renamed.
fn document_spans(
    ann_path: &Path,
    ann: &str,
    text: &str,
    options: &ImportOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Span> {
    let (mut spans, lines) = parse_ann(ann_path, ann, text, diagnostics);
    relabel_spans(
        ann_path,
        &mut spans,
        &|i| line(lines[i]),
        &options.label_map,
        diagnostics,
    );
    check_spans(ann_path, text, &spans, &|i| line(lines[i]), diagnostics)
}

/// The `T` lines of an `.ann` file as spans with their text echo, and each one's line.
fn parse_ann(
    path: &Path,
    ann: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(Span, Option<String>)>, Vec<usize>) {
    let mut spans = Vec::new();
    let mut lines = Vec::new();
    let mut ignored: BTreeMap<char, usize> = BTreeMap::new();
    for (n, content) in numbered_lines(ann) {
        if content.trim().is_empty() {
            continue;
        }
        let kind = content.chars().next().unwrap_or(' ');
        if kind != 'T' {
            *ignored.entry(kind).or_default() += 1;
            continue;
        }
        let fields: Vec<&str> = content.splitn(3, '\t').collect();
        let Some(middle) = fields.get(1) else {
            diagnostics.push(Diagnostic::error(
                path,
                line(n),
                "expected `T<n><TAB>label start end<TAB>text`",
            ));
            continue;
        };
        let Some((label, offsets)) = middle.split_once(' ') else {
            diagnostics.push(Diagnostic::error(
                path,
                line(n),
                format!("expected `label start end`, found {middle:?}"),
            ));
            continue;
        };
        let mut fragments = Vec::new();
        for fragment in offsets.split(';') {
            let numbers: Vec<Option<usize>> = fragment.split(' ').map(|x| x.parse().ok()).collect();
            match numbers.as_slice() {
                [Some(s), Some(e)] => fragments.push((*s, *e)),
                _ => diagnostics.push(Diagnostic::error(
                    path,
                    line(n),
                    format!("offsets {fragment:?} are not two whole numbers"),
                )),
            }
        }
        let (Some(first), Some(last)) = (fragments.first(), fragments.last()) else {
            continue;
        };
        let gaps_are_blank = fragments.windows(2).all(|w| {
            slice_chars(text, w[0].1, w[1].0)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        });
        if !gaps_are_blank {
            diagnostics.push(Diagnostic::warning(
                path,
                line(n),
                format!("discontinuous span {offsets:?} has text between its pieces; spantag spans are continuous, so it was left out"),
            ));
            continue;
        }
        // The echo of a multi-piece span joins the pieces with spaces: not comparable.
        let echo = (fragments.len() == 1)
            .then(|| fields.get(2).map(|t| (*t).to_owned()))
            .flatten();
        spans.push((Span::new(first.0, last.1, label), echo));
        lines.push(n);
    }
    for (kind, count) in ignored {
        let what = match kind {
            'R' => "relations",
            'E' => "events",
            'A' | 'M' => "attributes",
            'N' => "normalizations",
            '#' => "notes",
            _ => "lines of an unknown kind",
        };
        diagnostics.push(Diagnostic::warning(
            path,
            None,
            format!("{count} {what} ({kind} lines) ignored: spantag keeps entity spans only"),
        ));
    }
    (spans, lines)
}

/// The name of brat's configuration file, beside the `.ann` files.
pub const ANNOTATION_CONF: &str = "annotation.conf";

/// The `annotation.conf` of a brat folder (or of the folder holding one `.ann` file), if
/// there is one.
pub fn annotation_conf_beside(input: &Path) -> Option<PathBuf> {
    let dir = if input.is_dir() {
        input
    } else {
        input.parent()?
    };
    Some(dir.join(ANNOTATION_CONF)).filter(|p| p.is_file())
}

/// The entity types an `annotation.conf` declares, in its order: the lines of its
/// `[entities]` section, indentation (brat's type hierarchy) and comments ignored, types
/// marked `!` (not for annotation) left out. Relations, events and attributes are not
/// labels. A type that cannot be a label name is an error with its line.
///
/// ```
/// # use spantag::io::import::brat::entity_types;
/// let conf = "[entities]\n# genes\nGENE\n!Abstract\n\tProtein\n[relations]\nPart-of Arg1:GENE, Arg2:GENE\n";
/// let types = entity_types("annotation.conf".as_ref(), conf).unwrap();
/// assert_eq!(types.iter().map(|l| l.as_str()).collect::<Vec<_>>(), ["GENE", "Protein"]);
/// ```
pub fn entity_types(path: &Path, conf: &str) -> Result<Vec<crate::model::Label>, FileError> {
    let mut types = Vec::new();
    let mut diagnostics = Vec::new();
    let mut in_entities = false;
    for (n, raw) in numbered_lines(conf) {
        let entry = raw.trim();
        if entry.starts_with('[') {
            in_entities = entry == "[entities]";
            continue;
        }
        if !in_entities || entry.is_empty() || entry.starts_with('#') || entry.starts_with('!') {
            continue;
        }
        match crate::model::Schema::check_name(entry) {
            Ok(())
                if !types
                    .iter()
                    .any(|t: &crate::model::Label| t.as_str() == entry) =>
            {
                types.push(crate::model::Label::new(entry));
            }
            Ok(()) => {}
            Err(e) => diagnostics.push(Diagnostic::error(path, line(n), e.to_string())),
        }
    }
    if diagnostics.is_empty() {
        Ok(types)
    } else {
        Err(FileError { diagnostics })
    }
}

/// Reads an `annotation.conf` file's entity types ([`entity_types`]).
pub fn read_entity_types(path: &Path) -> Result<Vec<crate::model::Label>, FileError> {
    entity_types(path, &read_text(path)?)
}
