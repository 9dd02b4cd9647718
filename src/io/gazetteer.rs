//! Gazetteers (issue 14): `gazetteers/*.tsv` in a corpus folder, one name a line as
//! `name<TAB>label`, `#` starting a comment line. A line that cannot be used is skipped
//! and said, with its file and line; the rest of the file is still read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::FileError;
use super::diagnostic::{Diagnostic, Position};
use super::store::Corpus;
use super::text_file::read_text_limited;
use crate::model::{Label, Schema};

/// The folder of a corpus that holds its gazetteers.
pub const GAZETTEERS_DIR: &str = "gazetteers";

/// A gazetteer file may be this large (a few million names).
pub const MAX_GAZETTEER_BYTES: u64 = 256 * 1024 * 1024;

/// The names read from a corpus's gazetteers, and what was said about their lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gazetteers {
    /// (name, label), in file then line order; each name once (its first label).
    pub entries: Vec<(String, Label)>,
    /// The files read.
    pub files: Vec<PathBuf>,
    /// Lines skipped (errors) and names given twice (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every `gazetteers/*.tsv` of `corpus`, in name order, against `schema`: a
/// label the schema does not have is an error for that line. No folder: no entries.
pub fn read_gazetteers(corpus: &Corpus, schema: &Schema) -> Result<Gazetteers, FileError> {
    let dir = corpus.root().join(GAZETTEERS_DIR);
    let mut out = Gazetteers::default();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| FileError::one(&dir, None, format!("cannot list the folder: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv") && p.is_file())
        .collect();
    files.sort();
    let mut first_label: HashMap<String, (Label, PathBuf, usize)> = HashMap::new();
    for file in files {
        let src = read_text_limited(&file, MAX_GAZETTEER_BYTES)?;
        parse_gazetteer(&file, &src, schema, &mut first_label, &mut out);
        out.files.push(file);
    }
    Ok(out)
}

/// Reads the lines of one gazetteer (`src`, from `path`) into `out`, each name once
/// across the files read so far (`seen`).
fn parse_gazetteer(
    path: &Path,
    src: &str,
    schema: &Schema,
    seen: &mut HashMap<String, (Label, PathBuf, usize)>,
    out: &mut Gazetteers,
) {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    for (i, line) in src.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |col: usize| Some(Position { line: n, col });
        let Some((name, label)) = line.split_once('\t') else {
            out.diagnostics.push(Diagnostic::error(
                path,
                at(1),
                "no tab: a line is `name<TAB>label`; line skipped",
            ));
            continue;
        };
        let label_col = name.chars().count() + 2;
        if name.trim().is_empty() {
            out.diagnostics.push(Diagnostic::error(
                path,
                at(1),
                "the name is empty; line skipped",
            ));
            continue;
        }
        let label = Label::new(label.trim());
        if !schema.knows(&label) {
            let known: Vec<&str> = schema.labels.iter().map(|d| d.name.as_str()).collect();
            out.diagnostics.push(Diagnostic::error(
                path,
                at(label_col),
                format!(
                    "label {:?} is not in the schema ({}); line skipped",
                    label.as_str(),
                    known.join(", ")
                ),
            ));
            continue;
        }
        match seen.get(name) {
            Some((first, file, line)) => {
                if *first != label {
                    out.diagnostics.push(Diagnostic::warning(
                        path,
                        at(1),
                        format!(
                            "{name:?} is already a {} ({}:{line}); this {} is left out",
                            first.as_str(),
                            file.display(),
                            label.as_str()
                        ),
                    ));
                }
            }
            None => {
                seen.insert(name.to_owned(), (label.clone(), path.to_owned(), n));
                out.entries.push((name.to_owned(), label));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_and_bad_ones_named_by_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(GAZETTEERS_DIR);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("a-places.tsv"),
            "\u{feff}# places\r\nHoms\tlocation\r\nحمص\tlocation\r\n\r\nno tab here\r\n\tlocation\r\nAleppo\tcity\r\n",
        )
        .unwrap();
        std::fs::write(
            folder.join("b-actors.tsv"),
            "UNICEF\tactor\nHoms\tactor\nHoms\tlocation\n",
        )
        .unwrap();
        std::fs::write(folder.join("notes.txt"), "not a gazetteer").unwrap();
        let read = read_gazetteers(&Corpus::new(dir.path()), &Schema::default()).unwrap();
        let entries: Vec<(&str, &str)> = read
            .entries
            .iter()
            .map(|(n, l)| (n.as_str(), l.as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                ("Homs", "location"),
                ("حمص", "location"),
                ("UNICEF", "actor")
            ]
        );
        // Paths print in full; the folder is cut here to compare.
        let said: Vec<String> = read
            .diagnostics
            .iter()
            .map(|d| d.to_string().replace(&format!("{}/", folder.display()), ""))
            .collect();
        assert_eq!(
            said,
            [
                "a-places.tsv:5:1: error: no tab: a line is `name<TAB>label`; line skipped",
                "a-places.tsv:6:1: error: the name is empty; line skipped",
                "a-places.tsv:7:8: error: label \"city\" is not in the schema (actor, location, event); line skipped",
                "b-actors.tsv:2:1: warning: \"Homs\" is already a location (a-places.tsv:2); this actor is left out",
            ]
        );
        assert_eq!(read.files.len(), 2);
    }

    #[test]
    fn no_folder_no_entries() {
        let dir = tempfile::tempdir().unwrap();
        let read = read_gazetteers(&Corpus::new(dir.path()), &Schema::default()).unwrap();
        assert_eq!(read, Gazetteers::default());
    }
}
