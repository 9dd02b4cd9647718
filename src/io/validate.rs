//! Checking files on disk: everything `spantag validate` reports, as data.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, FileError};
use super::gold::read_gold;
use super::ron_format::read_annotation;
use super::store::{ANNOTATIONS_DIR, Corpus, SCHEMA_FILE, parse_schema};
use super::text_file::{describe_io_error, read_text};
use super::walk;
use crate::model::{Annotation, Schema, sha256_hex};
use crate::review::gold::GOLD_ANNOTATOR;

/// What checking one file found.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The file checked.
    pub path: PathBuf,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The annotation, when the file is a valid annotation file.
    pub annotation: Option<Annotation>,
}

impl FileReport {
    /// Whether the file has no errors (warnings are fine).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn failed(path: &Path, error: FileError) -> Self {
        Self {
            path: path.to_owned(),
            diagnostics: error.diagnostics,
            annotation: None,
        }
    }
}

/// The `.ron` files at `path`: the file itself, or every `.ron` file below the folder
/// (hidden files and folders skipped), sorted; and a warning for each entry left out
/// because it is not a regular file, or is a link out of the corpus or in a loop (see
/// [`super::walk`]: the corpus holding `path` bounds the walk, or `path` itself).
pub fn ron_files(path: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), FileError> {
    let meta = fs::metadata(path).map_err(|e| FileError::one(path, None, describe_io_error(&e)))?;
    if !meta.is_dir() {
        return Ok((vec![path.to_owned()], Vec::new()));
    }
    let real = walk::canonical_root(path);
    let root = Corpus::containing(&real)
        .map(|c| c.root().to_owned())
        .or_else(|| {
            // `validate annotations` from the corpus root: the corpus is the folder above.
            real.file_name()
                .is_some_and(|n| n == ANNOTATIONS_DIR)
                .then(|| real.parent().map(Path::to_owned))
                .flatten()
        })
        .unwrap_or_else(|| real.clone());
    let mut seen = HashSet::from([real]);
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        let listing = walk::list_folder(&dir, &root, Some("ron"), true, &mut seen)?;
        files.extend(listing.files);
        skipped.extend(listing.skipped);
        stack.extend(listing.folders);
    }
    files.sort();
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((files, skipped))
}

/// The schema that applies to `path`: its corpus's `spantag.ron`, or the default.
/// A broken schema file is an error about that file.
pub fn schema_for(path: &Path) -> Result<Schema, FileError> {
    match Corpus::containing(path) {
        Some(corpus) => corpus.load_schema(),
        None => Ok(Schema::default()),
    }
}

/// Checks `files` as [`check_file`] does, each against its corpus's schema, on every
/// core, and gives the reports in the order of `files`. Without `keep_annotations` the
/// reports hold no annotation (a large corpus is checked in little memory).
pub fn check_files(files: &[PathBuf], keep_annotations: bool) -> Vec<FileReport> {
    let mut reports = Vec::with_capacity(files.len());
    check_files_with(
        files,
        |checked| {
            let report = checked.unwrap_or_else(|(file, schema_error)| FileReport {
                path: file.to_owned(),
                diagnostics: schema_error.diagnostics,
                annotation: None,
            });
            if keep_annotations {
                report
            } else {
                FileReport {
                    annotation: None,
                    ..report
                }
            }
        },
        |report| reports.push(report),
    );
    reports
}

/// A file's report, or the file and why its corpus's schema does not read (so it could
/// not be checked).
pub type Checked<'a> = Result<FileReport, (&'a Path, FileError)>;

/// Checks `files` as [`check_file`] does on every core, a batch at a time, and hands
/// `map`'s result for each to `visit`, in the order of `files`. Each corpus's schema is
/// read once, and each source text read and hashed once however many annotators'
/// files compare with it. `map` runs on the reading threads: a caller that only needs
/// a few figures of each annotation keeps those, not the annotation.
pub fn check_files_with<T: Send>(
    files: &[PathBuf],
    map: impl Fn(Checked<'_>) -> T + Sync,
    visit: impl FnMut(T),
) {
    let places = Places::of(files);
    let sources = SourceHashes::default();
    let work = |file: &PathBuf| {
        let (corpus, schema) = places.of_file(file);
        map(match schema {
            Ok(schema) => Ok(check_file_in(file, schema, corpus, &sources)),
            Err(e) => Err((file.as_path(), e.clone())),
        })
    };
    super::corpus_reader::in_order(files, FILES_PER_BATCH, work, visit);
}

/// Files checked at once by [`check_files_with`]: enough to keep every core busy.
const FILES_PER_BATCH: usize = 256;

/// The corpus and schema of each folder that holds a file to check, found once per
/// folder and read once per corpus.
struct Places {
    by_folder: std::collections::HashMap<PathBuf, (Option<Corpus>, Result<Schema, FileError>)>,
}

impl Places {
    fn of(files: &[PathBuf]) -> Self {
        let mut schemas: std::collections::HashMap<PathBuf, Result<Schema, FileError>> =
            std::collections::HashMap::new();
        let mut by_folder = std::collections::HashMap::new();
        for file in files {
            let folder = file.parent().unwrap_or(Path::new("")).to_owned();
            if by_folder.contains_key(&folder) {
                continue;
            }
            let corpus = Corpus::containing(file);
            let schema = match &corpus {
                Some(corpus) => schemas
                    .entry(corpus.root().to_owned())
                    .or_insert_with(|| corpus.load_schema())
                    .clone(),
                None => Ok(Schema::default()),
            };
            by_folder.insert(folder, (corpus, schema));
        }
        Places { by_folder }
    }

    fn of_file(&self, file: &Path) -> (Option<&Corpus>, Result<&Schema, &FileError>) {
        let folder = file.parent().unwrap_or(Path::new(""));
        match self.by_folder.get(folder) {
            Some((corpus, schema)) => (corpus.as_ref(), schema.as_ref()),
            None => unreachable!("every file's folder is looked up in Places::of"),
        }
    }
}

/// The SHA-256 of each source text, read once and shared by the threads: three
/// annotators' files of one document compare with one read of its text.
#[derive(Default)]
struct SourceHashes {
    hashes: std::sync::Mutex<
        std::collections::HashMap<PathBuf, std::sync::Arc<std::sync::OnceLock<Option<String>>>>,
    >,
}

impl SourceHashes {
    /// The hash of the text at `path`, or `None` when it cannot be read.
    fn of(&self, path: &Path) -> Option<String> {
        let cell = {
            let mut hashes = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
            hashes.entry(path.to_owned()).or_default().clone()
        };
        cell.get_or_init(|| {
            super::text_file::read_text_limited(path, super::text_file::MAX_TEXT_BYTES)
                .ok()
                .map(|text| sha256_hex(&text))
        })
        .clone()
    }
}

/// Checks one file: a schema file (`spantag.ron`) as a schema, anything else as an
/// annotation file against `schema`, and a gold file's review block too. For an annotation inside a corpus, also warns when
/// the file's place does not match its content, and when the source text has changed
/// since the annotation was made.
pub fn check_file(path: &Path, schema: &Schema) -> FileReport {
    let corpus = Corpus::containing(path);
    check_file_in(path, schema, corpus.as_ref(), &SourceHashes::default())
}

/// [`check_file`] with the file's corpus already found and a cache of source hashes.
fn check_file_in(
    path: &Path,
    schema: &Schema,
    corpus: Option<&Corpus>,
    sources: &SourceHashes,
) -> FileReport {
    if path.file_name().is_some_and(|n| n == SCHEMA_FILE) {
        return match read_text(path).and_then(|src| parse_schema(path, &src)) {
            Ok(_) => FileReport {
                path: path.to_owned(),
                diagnostics: Vec::new(),
                annotation: None,
            },
            Err(e) => FileReport::failed(path, e),
        };
    }
    let loaded = match read_annotation(path, schema) {
        Ok(loaded) => loaded,
        Err(e) => return FileReport::failed(path, e),
    };
    let mut diagnostics = loaded.warnings;
    check_names_on_disk(path, &mut diagnostics);
    let annotation = loaded.annotation;
    // A gold file must also read as gold: its provenance and review block.
    if annotation.annotator.as_str() == GOLD_ANNOTATOR
        && let Err(e) = read_gold(path)
    {
        diagnostics.extend(e.diagnostics);
        return FileReport {
            path: path.to_owned(),
            diagnostics,
            annotation: None,
        };
    }
    if let Some(corpus) = corpus
        && without_dots(path).starts_with(without_dots(&corpus.annotations_dir()))
    {
        check_place(path, &annotation, &mut diagnostics);
        check_source(corpus, path, &annotation, sources, &mut diagnostics);
    }
    FileReport {
        path: path.to_owned(),
        diagnostics,
        annotation: Some(annotation),
    }
}

/// `path` without its `.` components: `./annotations/x` and `annotations/x` are one
/// place (a corpus found from a relative path has the root `.`).
fn without_dots(path: &Path) -> std::path::PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// An error when the file's name (as an annotator name) or, under `annotations/`, its
/// folder's name (as a document id) cannot be a file on every system or reads as an
/// option: `NUL.ron`, `annotations/CON/`, `-rf.ron`. Such files were written before
/// those names were refused; on Windows they cannot even be copied.
fn check_names_on_disk(path: &Path, diagnostics: &mut Vec<Diagnostic>) {
    use crate::model::name::NameError;
    use crate::model::{AnnotatorName, DocId};
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folder = path.parent().filter(|dir| {
        dir.parent().and_then(name).as_deref() == Some(super::store::ANNOTATIONS_DIR)
    });
    let refusals = [
        stem.and_then(|s| AnnotatorName::new(s).err()),
        folder.and_then(name).and_then(|f| DocId::new(f).err()),
    ];
    for refusal in refusals.into_iter().flatten() {
        if matches!(
            refusal,
            NameError::WindowsDevice { .. } | NameError::LeadingDash { .. }
        ) {
            diagnostics.push(Diagnostic::error(
                path,
                None,
                format!("this file's place is not allowed: {refusal}"),
            ));
        }
    }
}

/// How a file's place, `annotations/<doc-id>/<annotator>.ron`, differs from what it
/// holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misplaced {
    /// The file is not named after its annotator.
    Name {
        /// The file's name, `.ron` included.
        file_name: String,
    },
    /// Its folder is not named after its document id.
    Folder {
        /// The folder's name.
        folder: String,
    },
}

/// The ways `path` is not where `annotation` belongs: its name, then its folder.
pub fn misplacements(path: &Path, annotation: &Annotation) -> Vec<Misplaced> {
    let mut found = Vec::new();
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(annotation.annotator.as_str()) {
        found.push(Misplaced::Name {
            file_name: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        });
    }
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy());
    if folder.as_deref() != Some(annotation.document.id().as_str()) {
        found.push(Misplaced::Folder {
            folder: folder.unwrap_or_default().into_owned(),
        });
    }
    found
}

/// Warns when `annotations/<doc-id>/<annotator>.ron` does not match the file's content.
fn check_place(path: &Path, annotation: &Annotation, diagnostics: &mut Vec<Diagnostic>) {
    let (id, annotator) = (annotation.document.id(), &annotation.annotator);
    for misplaced in misplacements(path, annotation) {
        let message = match misplaced {
            Misplaced::Name { file_name } => format!(
                "the file is named {file_name:?} but its annotator is {:?}; spantag looks for it at annotations/{id}/{annotator}.ron",
                annotator.as_str(),
            ),
            Misplaced::Folder { folder } => format!(
                "the file is in folder {folder:?} but its document id is {:?}",
                id.as_str()
            ),
        };
        diagnostics.push(Diagnostic::warning(path, None, message));
    }
}

/// Warns when the source text still exists but differs from the text in the file.
fn check_source(
    corpus: &Corpus,
    path: &Path,
    annotation: &Annotation,
    sources: &SourceHashes,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = corpus.root().join(annotation.document.source());
    let Some(hash) = sources.of(&source) else {
        return;
    };
    if hash != annotation.document.sha256() {
        diagnostics.push(Diagnostic::warning(
            path,
            None,
            format!(
                "the source text {} has changed since this file was written; the annotation keeps and uses its own copy of the text",
                annotation.document.source()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ron_format::to_ron;
    use crate::io::store::save_annotation;
    use crate::model::{AnnotatorName, DocId, Document, Span, now};

    #[test]
    fn checking_files_on_every_core_gives_the_reports_one_at_a_time_gives_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        let mut files = Vec::new();
        for i in 0..40 {
            let text = format!("“Rebels” near Homs {i} 😀 قصف.\r\n");
            let id = DocId::new(format!("doc-{i}")).unwrap();
            let doc = Document::new(id.clone(), format!("samples/doc-{i}.txt"), text);
            let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
            a.insert(Span::new(8, 10, "location")).unwrap();
            let path = corpus.annotation_path(&id, &a.annotator);
            save_annotation(&path, &a).unwrap();
            if i % 7 == 3 {
                // Broken and changed files among good ones.
                std::fs::write(&path, "(format: \"spantag/2\", document: (").unwrap();
            }
            files.push(path);
        }
        let one_by_one: Vec<(PathBuf, Vec<String>, bool)> = files
            .iter()
            .map(|f| {
                let r = check_file(f, &schema_for(f).unwrap());
                let messages = r.diagnostics.iter().map(ToString::to_string).collect();
                (r.path, messages, r.annotation.is_some())
            })
            .collect();
        let parallel: Vec<(PathBuf, Vec<String>, bool)> = check_files(&files, true)
            .into_iter()
            .map(|r| {
                let messages = r.diagnostics.iter().map(ToString::to_string).collect();
                (r.path, messages, r.annotation.is_some())
            })
            .collect();
        assert_eq!(parallel, one_by_one);
        assert_eq!(one_by_one.iter().filter(|r| !r.2).count(), 6);
        assert!(
            check_files(&files, false)
                .iter()
                .all(|r| r.annotation.is_none())
        );
    }

    #[test]
    fn device_and_option_names_on_disk_are_errors() {
        let messages = |path: &str| {
            let mut diagnostics = Vec::new();
            check_names_on_disk(Path::new(path), &mut diagnostics);
            diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(messages("annotations/kyiv/alice.ron"), Vec::<String>::new());
        // Outside annotations/, a folder is no document id.
        assert_eq!(messages("backup/CON/alice.ron"), Vec::<String>::new());
        assert_eq!(
            messages("c/annotations/Aux/-rf.ron"),
            [
                "this file's place is not allowed: annotator name \"-rf\" starts with '-', which commands would read as an option",
                "this file's place is not allowed: document id \"Aux\" is a device name on Windows (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), so no file can have it there",
            ]
        );
        // Other rules of names are the content's and the place check's business.
        assert_eq!(
            messages("annotations/Київ/alice smith.ron"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn warns_about_a_misplaced_file_and_a_changed_source() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::new(dir.path());
        fs::create_dir_all(corpus.samples_dir()).unwrap();
        fs::write(corpus.samples_dir().join("homs.txt"), "Rebels near Homs.").unwrap();
        let doc = Document::new(
            DocId::new("homs").unwrap(),
            "samples/homs.txt",
            "Rebels near Homs.",
        );
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        a.insert(Span::new(12, 16, "location")).unwrap();
        let right = corpus.annotation_path(a.document.id(), &a.annotator);
        save_annotation(&right, &a).unwrap();
        let report = check_file(&right, &Schema::default());
        assert!(
            report.is_valid() && report.diagnostics.is_empty(),
            "{:?}",
            report.diagnostics
        );

        let wrong = corpus.annotations_dir().join("other/bob.ron");
        fs::create_dir_all(wrong.parent().unwrap()).unwrap();
        fs::write(&wrong, to_ron(&a)).unwrap();
        fs::write(corpus.samples_dir().join("homs.txt"), "Rebels near Homs!").unwrap();
        let report = check_file(&wrong, &Schema::default());
        assert!(report.is_valid());
        let messages: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].starts_with("the file is named \"bob.ron\" but its annotator is \"alice\"")
        );
        assert!(
            messages[1]
                .starts_with("the file is in folder \"other\" but its document id is \"homs\"")
        );
        assert!(messages[2].starts_with("the source text samples/homs.txt has changed"));
    }

    #[test]
    fn finds_ron_files_below_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a/x.ron",
            "a/b/y.ron",
            "a/.hidden.ron",
            "a/z.txt",
            ".git/q.ron",
        ] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let (files, skipped) = ron_files(dir.path()).unwrap();
        assert_eq!(skipped, []);
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a/b/y.ron", "a/x.ron"]);
        assert!(
            ron_files(&dir.path().join("missing"))
                .unwrap_err()
                .to_string()
                .contains("no such file")
        );
    }
}
