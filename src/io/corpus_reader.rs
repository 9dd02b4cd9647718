//! Reading a whole corpus as fast as the disk hands it over: its annotation files
//! grouped per document folder, and the folders worked on on every core a batch at a
//! time, their results handed on in order. Memory holds one batch, never the corpus:
//! `agree`, `stats` and the window's document list read a corpus of any size this way.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::FileError;
use super::store::Corpus;

/// Documents worked on at once: enough for every core to stay busy while a slow one
/// finishes, few enough that a batch of 20 MB articles fits in memory.
pub const BATCH: usize = 32;

/// One document folder of `annotations/` and the `.ron` files in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFolder {
    /// The folder's name: the document id its files should hold.
    pub name: String,
    /// Its annotation files, in the listing's order.
    pub files: Vec<PathBuf>,
}

impl DocumentFolder {
    /// The file of `annotator` in this folder (whether or not it exists).
    pub fn file_of(&self, annotator: &str) -> Option<&Path> {
        self.files
            .iter()
            .find(|f| f.file_stem().is_some_and(|s| s == annotator))
            .map(PathBuf::as_path)
    }
}

impl Corpus {
    /// [`Corpus::annotation_files`] grouped per document folder, sorted by folder name
    /// as document ids sort (byte by byte), each folder's files in the listing's order.
    pub fn document_folders(&self) -> Result<Vec<DocumentFolder>, FileError> {
        Ok(group_by_folder(self.annotation_files()?))
    }
}

/// `files` (each in a document folder) grouped by folder, sorted by folder name.
pub fn group_by_folder(files: Vec<PathBuf>) -> Vec<DocumentFolder> {
    let folder_of = |p: &Path| {
        p.parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut folders: Vec<DocumentFolder> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for file in files {
        let name = folder_of(&file);
        match index.get(&name) {
            Some(&i) => folders[i].files.push(file),
            None => {
                index.insert(name.clone(), folders.len());
                folders.push(DocumentFolder {
                    name,
                    files: vec![file],
                });
            }
        }
    }
    folders.sort_by(|a, b| a.name.cmp(&b.name));
    folders
}

/// Works on `items` on every core, `batch` at a time, and hands each result to `visit`
/// in the items' order. Only one batch of results is held at once.
pub fn in_order<I, T>(
    items: &[I],
    batch: usize,
    work: impl Fn(&I) -> T + Sync,
    mut visit: impl FnMut(T),
) where
    I: Sync,
    T: Send,
{
    for chunk in items.chunks(batch.max(1)) {
        let results: Vec<T> = chunk.par_iter().map(&work).collect();
        results.into_iter().for_each(&mut visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_grouped_per_folder_in_byte_order() {
        let files: Vec<PathBuf> = [
            "a/annotations/doc-9/bob.ron",
            "a/annotations/doc-9/alice.ron",
            "a/annotations/doc-10/alice.ron",
            "a/annotations/Doc-2/alice.ron",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let folders = group_by_folder(files);
        let names: Vec<&str> = folders.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Doc-2", "doc-10", "doc-9"]);
        assert_eq!(
            folders[2].files,
            [
                PathBuf::from("a/annotations/doc-9/bob.ron"),
                PathBuf::from("a/annotations/doc-9/alice.ron")
            ]
        );
        assert_eq!(
            folders[2].file_of("alice"),
            Some(Path::new("a/annotations/doc-9/alice.ron"))
        );
        assert_eq!(folders[2].file_of("carol"), None);
    }

    #[test]
    fn results_come_in_order_whatever_the_batch() {
        let items: Vec<usize> = (0..103).collect();
        for batch in [0, 1, 7, 32, 1000] {
            let mut seen = Vec::new();
            in_order(&items, batch, |i| i * 2, |r| seen.push(r));
            assert_eq!(seen, (0..103).map(|i| i * 2).collect::<Vec<_>>(), "{batch}");
        }
    }
}
