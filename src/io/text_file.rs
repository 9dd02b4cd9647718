//! Reading a text file into a `String` with a clear error for every way it can be unfit:
//! missing, unreadable, empty, too large, not UTF-8. The bytes are kept exactly: a BOM
//! stays a U+FEFF at offset 0 and CRLF stays CRLF.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::diagnostic::{FileError, Position};
// Every kind of line end counts: a CR-only file names the right line.
use super::lines::line_col;

/// The largest input file spantag reads, in bytes: the files of other tools given to
/// `import` (a CoNLL or JSONL file holds many documents) and `spantag.ron`.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest text of one document, in bytes: a text in `samples/`, or one document of
/// an import. Beyond this an article is almost certainly not an article, and the window
/// could not stay fluid. Eight times this is [`MAX_RON_BYTES`], so that any text this
/// accepts can be saved with its spans (see `docs/format.md`).
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// The largest annotation or gold file, in bytes. Such a file embeds its text (escaped:
/// a line break takes two bytes, an invisible character up to ten) and one line per span
/// (about 75 bytes plus the span's text), so it is eight times [`MAX_TEXT_BYTES`]: a text
/// at the limit still fits with a span per 11 characters, and any text under 8 MiB with
/// a span per 4 characters, however it escapes. spantag never writes a larger one.
pub const MAX_RON_BYTES: u64 = 8 * MAX_TEXT_BYTES;

/// Reads `path` as UTF-8 text, byte-exact, if it is at most [`MAX_FILE_BYTES`].
///
/// Errors name the file and, for bad UTF-8, the line and column of the first bad byte.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    read_text_limited(path, MAX_FILE_BYTES)
}

/// Reads `path` as UTF-8 text, byte-exact, if it is at most `limit` bytes: the one reader
/// of every text file, with the limit of its kind ([`MAX_FILE_BYTES`],
/// [`MAX_TEXT_BYTES`], [`MAX_RON_BYTES`]).
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, FileError> {
    let io_error = |e: std::io::Error| FileError::one(path, None, describe_io_error(&e));
    // Opening a FIFO blocks until someone writes to it: look before opening.
    let kind = fs::metadata(path).map_err(io_error)?.file_type();
    if !kind.is_file() && !kind.is_dir() {
        return Err(FileError::one(
            path,
            None,
            format!(
                "{}, not a regular file",
                super::walk::describe_file_type(kind)
            ),
        ));
    }
    let file = fs::File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if metadata.is_dir() {
        return Err(FileError::one(path, None, "is a folder, not a file"));
    }
    if metadata.len() > limit {
        return Err(FileError::one(
            path,
            None,
            format!(
                "file is too large ({}; the limit is {})",
                size_in_words(metadata.len()),
                size_in_words(limit)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // Read one byte past the limit to catch a file that grew after the size check.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::one(
            path,
            None,
            format!(
                "file is too large (it grew while read; the limit is {})",
                size_in_words(limit)
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(FileError::one(path, None, "file is empty (0 bytes)"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        let (line, col) = line_col(valid, valid.len());
        FileError::one(
            path,
            Some(Position { line, col }),
            format!(
                "not valid UTF-8: byte 0x{:02x} at byte offset {valid_up_to} (save the file as UTF-8)",
                bytes[valid_up_to]
            ),
        )
    })
}

/// A size for people: `"512 bytes"`, `"64 MiB"`, `"64.0 MiB, 67108865 bytes"` (the
/// bytes too when the MiB are rounded, so a size just over a limit never reads as the
/// limit).
pub fn size_in_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes < MIB {
        format!("{bytes} bytes")
    } else if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB, {bytes} bytes", bytes as f64 / MIB as f64)
    }
}

/// A plain-words description of an I/O error, without Rust's `(os error 2)` noise.
pub fn describe_io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn keeps_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = "\u{feff}“Kyiv”\r\nНАТО 😀".as_bytes();
        let path = write(&dir, "a.txt", bytes);
        assert_eq!(read_text(&path).unwrap().as_bytes(), bytes);
    }

    #[test]
    fn names_the_file_and_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let empty = write(&dir, "empty.txt", b"");
        let message = read_text(&empty).unwrap_err().to_string();
        assert!(
            message.ends_with("empty.txt: error: file is empty (0 bytes)"),
            "{message}"
        );

        let latin1 = write(&dir, "latin1.txt", b"ok\nJos\xe9 said");
        let message = read_text(&latin1).unwrap_err().to_string();
        assert!(
            message.ends_with("latin1.txt:2:4: error: not valid UTF-8: byte 0xe9 at byte offset 6 (save the file as UTF-8)"),
            "{message}"
        );

        // A CR-only file: the bad byte is on line 3.
        let cr = write(&dir, "cr.conll", b"Rebels B-actor\rin O\rJos\xe9 B-actor\r");
        let message = read_text(&cr).unwrap_err().to_string();
        assert!(
            message.ends_with("cr.conll:3:4: error: not valid UTF-8: byte 0xe9 at byte offset 23 (save the file as UTF-8)"),
            "{message}"
        );

        let missing = dir.path().join("missing.txt");
        let message = read_text(&missing).unwrap_err().to_string();
        assert!(
            message.ends_with("missing.txt: error: no such file or folder"),
            "{message}"
        );

        let message = read_text(dir.path()).unwrap_err().to_string();
        assert!(
            message.ends_with(": error: is a folder, not a file"),
            "{message}"
        );
    }

    #[test]
    fn refuses_huge_files_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let file = fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: costs no disk
        let message = read_text(&path).unwrap_err().to_string();
        assert!(
            message.contains("file is too large (64.0 MiB, 67108865 bytes; the limit is 64 MiB)"),
            "{message}"
        );
        let small = write(&dir, "small.txt", "Homs 😀".as_bytes());
        let message = read_text_limited(&small, 8).unwrap_err().to_string();
        assert!(
            message
                .ends_with("small.txt: error: file is too large (9 bytes; the limit is 8 bytes)"),
            "{message}"
        );
        assert_eq!(read_text_limited(&small, 9).unwrap(), "Homs 😀");
    }
}
