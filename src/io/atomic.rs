//! The one way spantag writes a file: all of it or none of it.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How a temporary file of [`write_atomic`] is named: this, some random characters,
/// then [`TEMP_SUFFIX`].
pub const TEMP_PREFIX: &str = ".spantag-";
/// The end of a temporary file's name (see [`TEMP_PREFIX`]).
pub const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file last modified longer ago than this was left by a write that was
/// killed: a write in progress touches its file within moments.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed and fsynced, then renamed over `path`, then the folder is fsynced so that the
/// rename itself survives a power cut. Readers see the old file or the new one, never a
/// mix, and a crash leaves at most a stray temporary file (named `.spantag-*.tmp`).
///
/// A new file gets the mode any editor would give it (`0666` less the process umask), and
/// a file that is replaced keeps its mode, so teammates and jobs running as another user
/// read our files as they read theirs.
///
/// Creates the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut temp = temp_file_in(dir, path)?;
    temp.write_all(bytes)?;
    temp.flush()?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// A temporary file in `dir`, with the mode `path` should end up with: the mode of the
/// file it replaces, or for a new file `0666` less the umask.
#[cfg(unix)]
fn temp_file_in(dir: &Path, path: &Path) -> io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let kept = match fs::metadata(path) {
        Ok(meta) => Some(meta.permissions().mode() & 0o7777),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    // tempfile creates files 0600. Asking for 0666 at creation lets the kernel apply the
    // umask, as it does for any editor, with no need to read or change the umask (which
    // no other thread could do without a race).
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .permissions(fs::Permissions::from_mode(kept.unwrap_or(0o666)))
        .tempfile_in(dir)?;
    if let Some(kept) = kept {
        // The umask may have narrowed the old file's mode at creation: restore it exactly.
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(kept))?;
    }
    Ok(temp)
}

#[cfg(not(unix))]
fn temp_file_in(dir: &Path, _path: &Path) -> io::Result<tempfile::NamedTempFile> {
    // No modes to keep; the folder's ACLs apply.
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
}

/// Removes the temporary files of [`write_atomic`] in `dir` (not below it) that were last
/// modified more than [`STALE_TEMP_AGE`] before `now`: what a write killed before its
/// rename leaves. Younger ones may belong to a write in progress (another window's) and
/// are kept, as is anything that is not a regular file (a link is never followed). A
/// folder that does not exist holds none. Gives the files removed, sorted.
///
/// Time is an input: callers pass `SystemTime::now()`, tests a clock of their own.
pub fn remove_stale_temp_files_in(dir: &Path, now: SystemTime) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        // `DirEntry::metadata` does not follow a link.
        let meta = entry.metadata()?;
        if !meta.file_type().is_file() {
            continue;
        }
        let stale = now
            .duration_since(meta.modified()?)
            .is_ok_and(|age| age > STALE_TEMP_AGE);
        if stale {
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => removed.push(path),
                // Gone already: another process cleaned it up.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file; its rename is durable once the file is.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/alice.ron");
        write_atomic(&path, "first version, which is longer".as_bytes()).unwrap();
        write_atomic(&path, "“second” 😀\r\n".as_bytes()).unwrap();
        assert_eq!(fs::read(&path).unwrap(), "“second” 😀\r\n".as_bytes());
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["alice.ron"]);
    }

    #[test]
    fn a_failed_rename_leaves_the_target_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename must fail.
        let path = dir.path().join("alice.ron");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep.txt"), "kept").unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(fs::read(path.join("keep.txt")).unwrap(), b"kept");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["alice.ron"]);
    }

    /// Sets the modification time of `path` to `at`.
    fn touch(path: &Path, at: SystemTime) {
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    #[test]
    fn temp_files_older_than_an_hour_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let names = [
            ".spantag-old1.tmp",
            ".spantag-old2.tmp",
            ".spantag-fresh.tmp",
            ".spantag-old.txt",
            "alice.ron",
            "alice.ron.unsaved-2026-11-26T15-00-00",
            "x.spantag-old.tmp",
        ];
        for name in names {
            let path = dir.path().join(name);
            fs::write(&path, "“half” 😀").unwrap();
            touch(&path, t0);
        }
        touch(
            &dir.path().join(".spantag-fresh.tmp"),
            t0 + Duration::from_secs(3000),
        );
        fs::create_dir(dir.path().join(".spantag-folder.tmp")).unwrap();
        // An hour to the second is not yet stale.
        let now = t0 + STALE_TEMP_AGE;
        assert_eq!(
            remove_stale_temp_files_in(dir.path(), now).unwrap(),
            Vec::<PathBuf>::new()
        );
        let now = t0 + STALE_TEMP_AGE + Duration::from_secs(1);
        assert_eq!(
            remove_stale_temp_files_in(dir.path(), now).unwrap(),
            [
                dir.path().join(".spantag-old1.tmp"),
                dir.path().join(".spantag-old2.tmp")
            ]
        );
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".spantag-folder.tmp",
                ".spantag-fresh.tmp",
                ".spantag-old.txt",
                "alice.ron",
                "alice.ron.unsaved-2026-11-26T15-00-00",
                "x.spantag-old.tmp"
            ]
        );
        // A clock behind the file's time (another machine's) removes nothing.
        assert_eq!(
            remove_stale_temp_files_in(dir.path(), t0 - STALE_TEMP_AGE * 2).unwrap(),
            Vec::<PathBuf>::new()
        );
        assert_eq!(
            remove_stale_temp_files_in(&dir.path().join("none"), now).unwrap(),
            Vec::<PathBuf>::new()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_like_a_temp_file_is_left_with_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let target = dir.path().join("alice.ron");
        fs::write(&target, "kept").unwrap();
        touch(&target, t0);
        std::os::unix::fs::symlink(&target, dir.path().join(".spantag-link.tmp")).unwrap();
        let now = t0 + STALE_TEMP_AGE * 3;
        assert_eq!(
            remove_stale_temp_files_in(dir.path(), now).unwrap(),
            Vec::<PathBuf>::new()
        );
        assert_eq!(fs::read(&target).unwrap(), b"kept");
        assert!(dir.path().join(".spantag-link.tmp").exists());
    }

    #[test]
    fn a_temp_file_of_a_real_write_has_the_name_that_is_cleaned_up() {
        // A write killed before its rename: made here by keeping the temp file.
        let dir = tempfile::tempdir().unwrap();
        let temp = temp_file_in(dir.path(), &dir.path().join("alice.ron")).unwrap();
        let (_, path) = temp.keep().unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX),
            "{name}"
        );
        let later = SystemTime::now() + STALE_TEMP_AGE * 2;
        assert_eq!(
            remove_stale_temp_files_in(dir.path(), later).unwrap(),
            [path]
        );
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    /// The mode any program gets for a new file it asks to be 0666: `0666 & !umask`.
    /// Read from a probe file rather than by setting the umask, which would race with
    /// every other test that creates a file.
    #[cfg(unix)]
    fn umask_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::OpenOptionsExt;
        let probe = dir.join("probe");
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .open(&probe)
            .unwrap();
        let mode = mode(&probe);
        fs::remove_file(&probe).unwrap();
        mode
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_of_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let expected = umask_mode(dir.path());
        let path = dir.path().join("alice.ron");
        write_atomic(&path, b"new").unwrap();
        assert_eq!(format!("{:o}", mode(&path)), format!("{expected:o}"));
    }

    #[cfg(unix)]
    #[test]
    fn an_overwritten_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("alice.ron");
        // 0644 is what a teammate's editor makes; 0640 and 0604 differ from any umask's
        // result; 0600 must not be widened.
        for kept in [0o644, 0o640, 0o604, 0o600] {
            fs::write(&path, "old").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(kept)).unwrap();
            write_atomic(&path, b"new").unwrap();
            assert_eq!(format!("{:o}", mode(&path)), format!("{kept:o}"));
            assert_eq!(fs::read(&path).unwrap(), b"new");
        }
    }
}
