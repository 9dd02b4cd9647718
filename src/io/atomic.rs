//! The one way spantag writes a file: all of it or none of it.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

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
        .prefix(".spantag-")
        .suffix(".tmp")
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
        .prefix(".spantag-")
        .suffix(".tmp")
        .tempfile_in(dir)
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
