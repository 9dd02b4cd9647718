//! Finds where fields and list elements sit in a RON text, so that a problem found after
//! parsing (a wrong hash, a span past the end) can name its line and column.
//!
//! serde forgets positions once a value is parsed; this scanner walks the text once,
//! skipping strings, characters and comments, and records the byte offset of every struct
//! field (`document.sha256`) and list element (`spans[3]`, `spans[3].text`).

use std::collections::HashMap;

/// Byte offsets of the fields and list elements of one RON text, by path.
#[derive(Debug, Default)]
pub struct RonLocations {
    offsets: HashMap<String, usize>,
}

impl RonLocations {
    /// The byte offset where the value at `path` starts (its key, for a struct field).
    pub fn get(&self, path: &str) -> Option<usize> {
        self.offsets.get(path).copied()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bracket {
    Round,
    Square,
    Curly,
}

struct Frame {
    bracket: Bracket,
    path: String,
    index: usize,
    element_started: bool,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    /// Skips white space and comments (`// …` and nested `/* … */`).
    fn skip_blank(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_ascii_whitespace() => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek(0).is_some_and(|c| c != b'\n') {
                        self.at += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.at += 2;
                    let mut depth = 1;
                    while depth > 0 && self.peek(0).is_some() {
                        match (self.peek(0), self.peek(1)) {
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.at += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.at += 2;
                            }
                            _ => self.at += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips a quoted string or character starting at the quote `quote`.
    fn skip_quoted(&mut self, quote: u8) {
        self.at += 1;
        while let Some(c) = self.peek(0) {
            self.at += 1;
            if c == b'\\' {
                self.at += 1;
            } else if c == quote {
                return;
            }
        }
    }

    /// Skips a raw string `r#"…"#` starting at the first `#` or `"` after the `r`.
    fn skip_raw(&mut self) {
        let mut hashes = 0;
        while self.peek(0) == Some(b'#') {
            hashes += 1;
            self.at += 1;
        }
        self.at += 1; // the opening quote
        while let Some(c) = self.peek(0) {
            self.at += 1;
            if c == b'"' && (0..hashes).all(|k| self.peek(k) == Some(b'#')) {
                self.at += hashes;
                return;
            }
        }
    }

    /// Whether a raw string's hashes and quote (`"` or `#…"`) start `ahead` bytes on.
    fn raw_string_follows(&self, ahead: usize) -> bool {
        let mut k = ahead;
        while self.peek(k) == Some(b'#') {
            k += 1;
        }
        self.peek(k) == Some(b'"')
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Scans `src` and records the position of each field and list element. Never fails:
/// on text that is not valid RON it records what it can.
pub fn locate(src: &str) -> RonLocations {
    let mut offsets = HashMap::new();
    let mut scanner = Scanner {
        bytes: src.as_bytes(),
        at: 0,
    };
    let mut stack: Vec<Frame> = Vec::new();
    // The path the next opened bracket belongs to.
    let mut pending: Option<String> = None;

    loop {
        scanner.skip_blank();
        let Some(c) = scanner.peek(0) else { break };
        let start = scanner.at;

        if let Some(top) = stack.last_mut()
            && top.bracket == Bracket::Square
            && !top.element_started
            && c != b']'
            && c != b','
        {
            let path = format!("{}[{}]", top.path, top.index);
            offsets.entry(path.clone()).or_insert(start);
            top.element_started = true;
            pending = Some(path);
        }

        match c {
            b'"' => {
                scanner.skip_quoted(b'"');
                pending = None;
            }
            b'\'' => {
                scanner.skip_quoted(b'\'');
                pending = None;
            }
            b'(' | b'[' | b'{' => {
                scanner.at += 1;
                let bracket = match c {
                    b'(' => Bracket::Round,
                    b'[' => Bracket::Square,
                    _ => Bracket::Curly,
                };
                let path = pending
                    .take()
                    .or_else(|| stack.last().map(|f| f.path.clone()))
                    .unwrap_or_default();
                stack.push(Frame {
                    bracket,
                    path,
                    index: 0,
                    element_started: false,
                });
            }
            b')' | b']' | b'}' => {
                scanner.at += 1;
                stack.pop();
                pending = None;
            }
            b',' => {
                scanner.at += 1;
                if let Some(top) = stack.last_mut()
                    && top.bracket == Bracket::Square
                {
                    top.index += 1;
                    top.element_started = false;
                }
                pending = None;
            }
            b'r' if scanner.raw_string_follows(1) => {
                scanner.at += 1;
                scanner.skip_raw();
                pending = None;
            }
            b'b' if scanner.peek(1) == Some(b'"') => {
                scanner.at += 1;
                scanner.skip_quoted(b'"');
                pending = None;
            }
            c if is_ident_start(c) => {
                while scanner.peek(0).is_some_and(is_ident) {
                    scanner.at += 1;
                }
                let ident = &src[start..scanner.at];
                scanner.skip_blank();
                let is_key = scanner.peek(0) == Some(b':') && scanner.peek(1) != Some(b':');
                if is_key && stack.last().is_some_and(|f| f.bracket == Bracket::Round) {
                    scanner.at += 1;
                    let parent = stack.last().map(|f| f.path.as_str()).unwrap_or_default();
                    let path = if parent.is_empty() {
                        ident.to_owned()
                    } else {
                        format!("{parent}.{ident}")
                    };
                    offsets.entry(path.clone()).or_insert(start);
                    pending = Some(path);
                }
                // Otherwise a struct name or `Some`: the value's path stays pending.
            }
            _ => scanner.at += 1,
        }
    }
    RonLocations { offsets }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"// a comment with ( and "
(
    format: "spantag/1",
    document: (
        id: "x", /* nested /* ( */ [ */
        text: "tricky \" ( [ text: , ]",
        raw: r#"also "tricky" ( "#,
        c: ')',
    ),
    spans: [
        (start: 1, end: 2, label: "actor", text: "“Kyiv”"),
        Some((start: 3, end: 4, label: "event", text: "b")),
        (start: 5, end: 6, label: "location", text: "c"),
    ],
)
"##;

    fn line_of(locations: &RonLocations, path: &str) -> usize {
        let offset = locations.get(path).unwrap_or_else(|| panic!("{path}"));
        1 + SRC[..offset].matches('\n').count()
    }

    #[test]
    fn finds_fields_and_elements_past_strings_and_comments() {
        let loc = locate(SRC);
        assert_eq!(line_of(&loc, "format"), 3);
        assert_eq!(line_of(&loc, "document"), 4);
        assert_eq!(line_of(&loc, "document.id"), 5);
        assert_eq!(line_of(&loc, "document.text"), 6);
        assert_eq!(line_of(&loc, "document.raw"), 7);
        assert_eq!(line_of(&loc, "document.c"), 8);
        assert_eq!(line_of(&loc, "spans"), 10);
        assert_eq!(line_of(&loc, "spans[0]"), 11);
        assert_eq!(line_of(&loc, "spans[1]"), 12);
        assert_eq!(line_of(&loc, "spans[1].label"), 12);
        assert_eq!(line_of(&loc, "spans[2].text"), 13);
        assert_eq!(loc.get("spans[3]"), None);
        let text_at = loc.get("spans[0].text").unwrap();
        assert!(SRC[text_at..].starts_with("text: \"“Kyiv”\""));
    }

    #[test]
    fn survives_garbage() {
        for src in [
            "",
            "(",
            "[[[",
            "\"unterminated",
            "r#\"x",
            "(a: [1, 2",
            "/* open",
        ] {
            let _ = locate(src);
        }
        assert_eq!(locate("(a: [1, 2").get("a[1]"), Some(8));
    }
}
