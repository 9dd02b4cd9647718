//! Splitting a file's text into lines at every line end in use: `\n` (Unix), `\r\n`
//! (Windows) and a lone `\r` (classic Mac OS, and some exporters today). `str::lines`
//! knows only the first two, so a CR-only file reads as one long line.
//!
//! Line numbers are 1-based and count every line end, so a position reported for line
//! `n` is where an editor that shows all three kinds puts it.

/// The lines of `src` with their 1-based numbers, line ends removed. A final line end
/// does not start another (empty) line, as with `str::lines`.
///
/// ```
/// use spantag::io::lines::numbered_lines;
/// let lines: Vec<_> = numbered_lines("Rebels B-actor\rin O\r\nHoms B-location\n\r").collect();
/// assert_eq!(lines, [(1, "Rebels B-actor"), (2, "in O"), (3, "Homs B-location"), (4, "")]);
/// ```
pub fn numbered_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    split(src, false)
}

/// [`numbered_lines`] for JSON lines: `\n` and `\r\n` end a line anywhere, a lone `\r`
/// only outside a JSON string. JSON forbids a raw control character inside a string,
/// so a lone `\r` there is a fault of that line (reported by the JSON parser at its
/// line) rather than the start of a new one.
///
/// ```
/// use spantag::io::lines::numbered_json_lines;
/// let src = "{\"text\": \"a\rb\"}\r{\"text\": \"c\"}\n";
/// let lines: Vec<_> = numbered_json_lines(src).collect();
/// assert_eq!(lines, [(1, "{\"text\": \"a\rb\"}"), (2, "{\"text\": \"c\"}")]);
/// ```
pub fn numbered_json_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    split(src, true)
}

/// The 1-based line and column (in code points) of `byte_offset` in `text`, counting
/// every kind of line end ([`numbered_lines`]); an offset past the end is the end.
///
/// ```
/// use spantag::io::lines::line_col;
/// assert_eq!(line_col("a\rb\r\nçd", 7), (3, 2));
/// ```
pub fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let byte_offset = byte_offset.min(text.len());
    let bytes = &text.as_bytes()[..byte_offset];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // A `\r` before a `\n` is counted with the `\n`.
        let ends = b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = String::from_utf8_lossy(&bytes[line_start..])
        .chars()
        .count();
    (line, column + 1)
}

/// The lines of `src`; with `json`, a lone `\r` inside a string is kept in its line.
fn split(src: &str, json: bool) -> impl Iterator<Item = (usize, &str)> {
    let bytes = src.as_bytes();
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut in_string = false;
        let mut escaped = false;
        let mut i = start;
        // `(end of the line, start of the next)`.
        let (end, next) = loop {
            let Some(&b) = bytes.get(i) else {
                break (i, i);
            };
            match b {
                b'\n' => break (i, i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => break (i, i + 2),
                b'\r' if !in_string => break (i, i + 1),
                b'"' if json && !escaped => in_string = !in_string,
                _ => {}
            }
            escaped = json && in_string && b == b'\\' && !escaped;
            i += 1;
        };
        // Cut only at ASCII bytes, so both ends are character boundaries.
        let line = &src[start..end];
        start = next;
        number += 1;
        Some((number, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(src: &str) -> Vec<(usize, &str)> {
        numbered_lines(src).collect()
    }

    #[test]
    fn every_kind_of_line_end_ends_a_line() {
        assert_eq!(all(""), []);
        assert_eq!(all("\r"), [(1, "")]);
        assert_eq!(all("a"), [(1, "a")]);
        assert_eq!(all("a\n"), [(1, "a")]);
        assert_eq!(all("a\r\n\r\nb"), [(1, "a"), (2, ""), (3, "b")]);
        assert_eq!(all("a\r\rb\r"), [(1, "a"), (2, ""), (3, "b")]);
        assert_eq!(all("a\n\rb"), [(1, "a"), (2, ""), (3, "b")]);
        assert_eq!(
            all("“Kyiv” B-LOC\rحمص B-LOC\r😀 O"),
            [(1, "“Kyiv” B-LOC"), (2, "حمص B-LOC"), (3, "😀 O")]
        );
    }

    #[test]
    fn positions_count_every_kind_of_line_end() {
        let src = "“a”\rb\r\nحمص\n😀x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, "“a”".len()), (1, 4));
        assert_eq!(line_col(src, "“a”\r".len()), (2, 1));
        assert_eq!(line_col(src, "“a”\rb\r".len()), (2, 3));
        assert_eq!(line_col(src, "“a”\rb\r\nحم".len()), (3, 3));
        assert_eq!(line_col(src, "“a”\rb\r\nحمص\n😀".len()), (4, 2));
        assert_eq!(line_col(src, 1000), (4, 3));
    }

    #[test]
    fn agrees_with_str_lines_where_there_is_no_lone_cr() {
        let src = "“a”\r\n\nb 😀\r\n\r\nحمص\n";
        let ours: Vec<&str> = numbered_lines(src).map(|(_, l)| l).collect();
        assert_eq!(ours, src.lines().collect::<Vec<_>>());
    }

    #[test]
    fn json_lines_keep_a_lone_cr_inside_a_string() {
        let src = r#"{"text": "a\"b", "x": "c"}"#.to_owned()
            + "\r"
            + r#"{"text": "d\\"}"#
            + "\r"
            + "{\"text\": \"e\rf\"}\r\n"
            + "{\"text\": \"g\"}";
        let lines: Vec<(usize, &str)> = numbered_json_lines(&src).collect();
        assert_eq!(
            lines,
            [
                (1, r#"{"text": "a\"b", "x": "c"}"#),
                (2, r#"{"text": "d\\"}"#),
                (3, "{\"text\": \"e\rf\"}"),
                (4, "{\"text\": \"g\"}"),
            ]
        );
        // `\n` ends a line even inside an unclosed string: one bad line, not the rest.
        let lines: Vec<(usize, &str)> = numbered_json_lines("{\"a\": \"x\ny\"}\n{}").collect();
        assert_eq!(lines, [(1, "{\"a\": \"x"), (2, "y\"}"), (3, "{}")]);
    }
}
