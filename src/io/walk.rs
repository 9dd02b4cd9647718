//! Listing the folders of a corpus without being led astray by what is in them.
//!
//! The rules, the same for every listing (`validate`, `stats`, export, the window's list):
//!
//! - Only regular files are read. A FIFO, a socket or a device is skipped with a warning
//!   and never opened (opening a FIFO blocks until someone writes to it).
//! - A link to a regular file is read if its target lies inside the corpus root.
//! - A link to a folder is followed only if its target lies inside the corpus root and
//!   is not a folder that contains the link (that would be a loop), and only once per
//!   walk: a folder reached twice is listed the first time.
//! - Anything else a listing would have read is skipped with a warning that names it.
//!
//! Hidden entries (names starting with `.`, such as the temporary files of atomic
//! writes) are left out silently, as before.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, FileError};
use super::text_file::describe_io_error;

/// Why a listing left an entry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Neither a regular file nor a folder; says what it is (`a FIFO (named pipe)`).
    NotRegular(&'static str),
    /// A link whose target lies outside the corpus root.
    Outside(PathBuf),
    /// A link to a folder that contains it.
    Loop,
    /// A link to a folder this walk has listed already.
    Again(PathBuf),
    /// A link whose target does not exist.
    Broken,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::NotRegular(what) => write!(f, "skipped: {what}, not a regular file"),
            Skip::Outside(target) => write!(
                f,
                "skipped: a link to {}, outside the corpus",
                target.display()
            ),
            Skip::Loop => f.write_str("skipped: a link to a folder that contains it (a loop)"),
            Skip::Again(target) => write!(
                f,
                "skipped: a link to {}, a folder listed already",
                target.display()
            ),
            Skip::Broken => f.write_str("skipped: a link to nothing (its target does not exist)"),
        }
    }
}

/// What an entry of a folder is, for a walk that stays inside a corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (or a link to one inside the corpus).
    File,
    /// A folder (or a link to one inside the corpus), with its real path.
    Folder(PathBuf),
    /// Left out, and why.
    Skipped(Skip),
}

/// What a file type is, in words, when it is neither a regular file nor a folder.
pub fn describe_file_type(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_symlink() {
        return "a link";
    }
    "not a file or folder"
}

/// What `path` is for a walk confined to `root` (a canonical path), by its metadata:
/// nothing is opened.
pub fn classify(path: &Path, root: &Path) -> std::io::Result<Entry> {
    let own = fs::symlink_metadata(path)?;
    if !own.file_type().is_symlink() {
        return Ok(match own.file_type() {
            t if t.is_file() => Entry::File,
            t if t.is_dir() => Entry::Folder(fs::canonicalize(path)?),
            t => Entry::Skipped(Skip::NotRegular(describe_file_type(t))),
        });
    }
    let Ok(target) = fs::canonicalize(path) else {
        return Ok(Entry::Skipped(Skip::Broken));
    };
    if !target.starts_with(root) {
        return Ok(Entry::Skipped(Skip::Outside(target)));
    }
    let meta = fs::metadata(&target)?;
    Ok(match meta.file_type() {
        t if t.is_file() => Entry::File,
        t if t.is_dir() => {
            let home = path.parent().map(fs::canonicalize).transpose()?;
            if home.is_some_and(|home| home.starts_with(&target)) {
                Entry::Skipped(Skip::Loop)
            } else {
                Entry::Folder(target)
            }
        }
        t => Entry::Skipped(Skip::NotRegular(describe_file_type(t))),
    })
}

/// The entries of one folder that a walk may read.
#[derive(Clone, Debug, Default)]
pub struct FolderListing {
    /// Regular files with the extension asked for, sorted.
    pub files: Vec<PathBuf>,
    /// Folders, sorted (only when asked for).
    pub folders: Vec<PathBuf>,
    /// A warning for each entry left out that would otherwise have been read.
    pub skipped: Vec<Diagnostic>,
}

/// Lists `dir` for a walk confined to `root` (canonical): its files named `*.<ext>`
/// (none if `ext` is `None`) and, if `folders`, its folders not in `seen` (which
/// it then holds). Hidden entries are left out.
pub fn list_folder(
    dir: &Path,
    root: &Path,
    ext: Option<&str>,
    folders: bool,
    seen: &mut HashSet<PathBuf>,
) -> Result<FolderListing, FileError> {
    let io_error = |p: &Path, e: std::io::Error| FileError::one(p, None, describe_io_error(&e));
    let mut listing = FolderListing::default();
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            paths.push(entry.path());
        }
    }
    paths.sort();
    for path in paths {
        let wanted_file = ext.is_some_and(|ext| path.extension().is_some_and(|e| e == ext));
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        match classify(&path, root).map_err(|e| io_error(&path, e))? {
            Entry::File if wanted_file => listing.files.push(path),
            Entry::File => {}
            Entry::Folder(real) if folders => {
                if seen.insert(real.clone()) {
                    listing.folders.push(path);
                } else if is_link {
                    let skip = Skip::Again(real);
                    listing
                        .skipped
                        .push(Diagnostic::warning(&path, None, skip.to_string()));
                }
            }
            Entry::Folder(_) => {}
            // Say what was left out that this listing would have read: a file it looks
            // for, or a link where it follows folders.
            Entry::Skipped(skip) if wanted_file || (folders && is_link) => listing
                .skipped
                .push(Diagnostic::warning(&path, None, skip.to_string())),
            Entry::Skipped(_) => {}
        }
    }
    Ok(listing)
}

/// The canonical form of `root`, or `root` itself if it cannot be resolved (a listing
/// then fails on its own with a clear error).
pub fn canonical_root(root: &Path) -> PathBuf {
    fs::canonicalize(root).unwrap_or_else(|_| root.to_owned())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn classifies_files_folders_links_and_loops_without_opening_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical_root(dir.path());
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/x.ron"), "“x” 😀").unwrap();
        symlink("..", root.join("a/b/up")).unwrap();
        symlink("x.ron", root.join("a/y.ron")).unwrap();
        symlink("b", root.join("a/c")).unwrap();
        symlink("/", root.join("a/out")).unwrap();
        symlink("missing", root.join("a/gone.ron")).unwrap();
        assert_eq!(classify(&root.join("a/x.ron"), &root).unwrap(), Entry::File);
        assert_eq!(classify(&root.join("a/y.ron"), &root).unwrap(), Entry::File);
        assert_eq!(
            classify(&root.join("a/c"), &root).unwrap(),
            Entry::Folder(root.join("a/b"))
        );
        assert_eq!(
            classify(&root.join("a/b/up"), &root).unwrap(),
            Entry::Skipped(Skip::Loop)
        );
        assert_eq!(
            classify(&root.join("a/out"), &root).unwrap(),
            Entry::Skipped(Skip::Outside(PathBuf::from("/")))
        );
        assert_eq!(
            classify(&root.join("a/gone.ron"), &root).unwrap(),
            Entry::Skipped(Skip::Broken)
        );
        let mut seen = HashSet::from([root.join("a/b")]);
        let listing = list_folder(&root.join("a"), &root, Some("ron"), true, &mut seen).unwrap();
        assert_eq!(listing.files, [root.join("a/x.ron"), root.join("a/y.ron")]);
        assert_eq!(listing.folders, Vec::<PathBuf>::new());
        let skipped: Vec<String> = listing.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            skipped,
            [
                format!(
                    "{}: warning: skipped: a link to {}, a folder listed already",
                    root.join("a/c").display(),
                    root.join("a/b").display()
                ),
                format!(
                    "{}: warning: skipped: a link to nothing (its target does not exist)",
                    root.join("a/gone.ron").display()
                ),
                format!(
                    "{}: warning: skipped: a link to /, outside the corpus",
                    root.join("a/out").display()
                ),
            ]
        );
    }
}
