//! A reader for annotation files in the layout spantag writes, in one pass: each string
//! unescaped straight into its place, the text hashed as it is unescaped, nothing
//! copied twice. It is several times faster than the general RON parser, which reads a
//! corpus's files one token at a time.
//!
//! It reads only what it is sure of: the fields in the written order, white space of
//! spaces, tabs and line breaks, plain decimal numbers and the escapes spantag writes.
//! On anything else (a comment, a field out of order, a number in hex, a syntax error)
//! it declines, and the general parser reads the file and says what is wrong with it.
//! Whatever it accepts, it reads exactly as the general parser does: a fuzz target and
//! a property test compare the two.

use sha2::{Digest, Sha256};

use super::ron_format::{RawDocument, RawFile, RawSpan, RawSuggestion};
use crate::model::{Origin, Status};

/// Reads `src` if it is an annotation file in the layout spantag writes; `None` when it
/// is not, for the general parser to read.
pub(crate) fn parse(src: &str) -> Option<RawFile> {
    let mut p = Reader { src, at: 0 };
    p.open('(')?;
    let format = p.field("format", Reader::string)?;
    p.field("document", |p| {
        p.open('(')?;
        let id = p.field("id", Reader::string)?;
        let source = p.field("source", Reader::string)?;
        let sha256 = p.field("sha256", Reader::string)?;
        let (text, hashed) = p.field_last("text", Reader::hashed_string)?;
        Some(RawDocument {
            id,
            source,
            sha256,
            text,
            hashed: Some(hashed),
        })
    })
    .and_then(|document| {
        let annotator = p.field("annotator", Reader::string)?;
        let status = p.field("status", Reader::status)?;
        let created = p.field("created", Reader::string)?;
        let modified = p.field("modified", Reader::string)?;
        let spans = p.field_value("spans", Reader::spans)?;
        let suggestions = p.more("suggestions", Reader::suggestions)?;
        let rejected = p.more("rejected", Reader::suggestions)?;
        p.close(')')?;
        p.white_space()?;
        (p.at == src.len()).then_some(RawFile {
            format,
            document,
            annotator,
            status,
            created,
            modified,
            spans,
            suggestions: suggestions.unwrap_or_default(),
            rejected: rejected.unwrap_or_default(),
        })
    })
}

/// What a list of documents shows of an annotation file, read without its text or
/// spans: the file's own word for its hash and status, and how many spans it lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub format: String,
    pub id: String,
    pub sha256: String,
    pub annotator: String,
    pub status: Status,
    pub spans: usize,
    /// Pending suggestions.
    pub suggestions: usize,
    /// Rejected suggestions.
    pub rejected: usize,
}

/// Reads the header of `src` if it is in the layout spantag writes, stepping over the
/// text and the spans without unescaping or keeping them; `None` when it is not.
pub(crate) fn parse_header(src: &str) -> Option<Header> {
    let mut p = Reader { src, at: 0 };
    p.open('(')?;
    let format = p.field("format", Reader::string)?;
    p.field("document", |p| {
        p.open('(')?;
        let id = p.field("id", Reader::string)?;
        p.field("source", Reader::skip_string)?;
        let sha256 = p.field("sha256", Reader::string)?;
        p.field_last("text", Reader::skip_string)?;
        Some((id, sha256))
    })
    .and_then(|(id, sha256)| {
        let annotator = p.field("annotator", Reader::string)?;
        let status = p.field("status", Reader::status)?;
        p.field("created", Reader::skip_string)?;
        p.field("modified", Reader::skip_string)?;
        let spans = p.field_value("spans", |p| p.span_list(|_| {}))?;
        let suggestions = p.more("suggestions", |p| p.suggestion_list(|_| {}))?;
        let rejected = p.more("rejected", |p| p.suggestion_list(|_| {}))?;
        p.close(')')?;
        p.white_space()?;
        (p.at == src.len()).then_some(Header {
            format,
            id,
            sha256,
            annotator,
            status,
            spans,
            suggestions: suggestions.unwrap_or(0),
            rejected: rejected.unwrap_or(0),
        })
    })
}

struct Reader<'a> {
    src: &'a str,
    /// Byte offset of the next character to read.
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &[u8] {
        &self.src.as_bytes()[self.at..]
    }

    /// Skips spaces, tabs and line breaks; declines anything else the general parser
    /// counts as white space (comments, other Unicode spaces).
    fn white_space(&mut self) -> Option<()> {
        let skipped = self
            .rest()
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(self.rest().len());
        self.at += skipped;
        match self.rest().first() {
            Some(b'/' | b'\x0b' | b'\x0c') => None,
            // Multi-byte white space (U+0085, U+200E, U+2028…) starts with 0xC2 or 0xE2.
            Some(0xc2 | 0xe2) => None,
            _ => Some(()),
        }
    }

    /// White space, then `c`.
    fn open(&mut self, c: char) -> Option<()> {
        self.white_space()?;
        self.punct(c)
    }

    fn punct(&mut self, c: char) -> Option<()> {
        (self.rest().first() == Some(&(c as u8))).then(|| self.at += 1)
    }

    /// White space, `name`, white space, `:`, white space, a value, white space, `,`.
    fn field<T>(&mut self, name: &str, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let v = self.field_value(name, value)?;
        self.white_space()?;
        self.punct(',')?;
        Some(v)
    }

    /// The last field of a struct: its comma is optional, then `)`.
    fn field_last<T>(
        &mut self,
        name: &str,
        value: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let v = self.field_value(name, value)?;
        self.close(')')?;
        Some(v)
    }

    /// An optional field after others: `, name: value` if the next field is `name`
    /// (`Some(Some(value))`), or nothing read (`Some(None)`); `None` when the value does
    /// not read.
    fn more<T>(
        &mut self,
        name: &str,
        value: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Option<T>> {
        let back = self.at;
        self.white_space()?;
        if self.punct(',').is_none() {
            self.at = back;
            return Some(None);
        }
        self.white_space()?;
        let rest = self.rest();
        if !rest.starts_with(name.as_bytes())
            || rest.get(name.len()).is_some_and(|&b| is_ident_byte(b))
        {
            self.at = back;
            return Some(None);
        }
        self.field_value(name, value).map(Some)
    }

    /// A word such as `Dictionary`: an origin.
    fn origin(&mut self) -> Option<Origin> {
        let len = self
            .rest()
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        let word = std::str::from_utf8(&self.rest()[..len]).ok()?;
        let origin = Origin::from_written(word)?;
        self.at += len;
        Some(origin)
    }

    /// An optional comma, then `close`, white space allowed around both.
    fn close(&mut self, close: char) -> Option<()> {
        self.white_space()?;
        if self.punct(',').is_some() {
            self.white_space()?;
        }
        self.punct(close)
    }

    fn field_value<T>(
        &mut self,
        name: &str,
        value: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        self.white_space()?;
        let rest = self.rest();
        if !rest.starts_with(name.as_bytes()) {
            return None;
        }
        self.at += name.len();
        if self.rest().first().is_some_and(|&b| is_ident_byte(b)) {
            return None; // a longer name
        }
        self.white_space()?;
        self.punct(':')?;
        self.white_space()?;
        value(self)
    }

    /// `InProgress` or `Done`.
    fn status(&mut self) -> Option<Status> {
        let len = self
            .rest()
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        let status = match &self.rest()[..len] {
            b"InProgress" => Status::InProgress,
            b"Done" => Status::Done,
            _ => return None,
        };
        self.at += len;
        Some(status)
    }

    /// A decimal number with no sign, separator or leading zero.
    fn number(&mut self) -> Option<usize> {
        let digits = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &self.rest()[..digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        if self
            .rest()
            .get(digits)
            .is_some_and(|&b| is_ident_byte(b) || b == b'.')
        {
            return None; // a suffix, a fraction, an exponent
        }
        let mut n: usize = 0;
        for &d in text {
            n = n.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
        }
        self.at += digits;
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        self.string_into(&mut out, |_| {})?;
        Some(out)
    }

    /// A string and the lowercase hex SHA-256 of its value, hashed as it is read.
    fn hashed_string(&mut self) -> Option<(String, String)> {
        let mut hasher = Sha256::new();
        let mut out = String::new();
        self.string_into(&mut out, |piece| hasher.update(piece))?;
        let hex = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some((out, hex))
    }

    /// A `"…"` string unescaped onto `out`, each piece also handed to `seen`.
    fn string_into(&mut self, out: &mut String, mut seen: impl FnMut(&[u8])) -> Option<()> {
        self.punct('"')?;
        let mut utf8 = [0u8; 4];
        loop {
            let stop = memchr::memchr2(b'"', b'\\', self.rest())?;
            let plain = &self.src[self.at..self.at + stop];
            out.push_str(plain);
            seen(plain.as_bytes());
            let quote = self.src.as_bytes()[self.at + stop] == b'"';
            self.at += stop + 1;
            if quote {
                return Some(());
            }
            let c = self.escape()?;
            out.push(c);
            seen(c.encode_utf8(&mut utf8).as_bytes());
        }
    }

    /// The character an escape (after its `\`) stands for: those spantag writes, and
    /// `\0` and `\'`. Byte escapes (`\x…`) and line continuations are left to the
    /// general parser.
    fn escape(&mut self) -> Option<char> {
        let c = match self.rest().first()? {
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'\\' => '\\',
            b'"' => '"',
            b'\'' => '\'',
            b'u' => {
                let rest = &self.rest()[1..];
                if rest.first() != Some(&b'{') {
                    return None;
                }
                let digits = rest[1..]
                    .iter()
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                if !(1..=6).contains(&digits) || rest.get(1 + digits) != Some(&b'}') {
                    return None;
                }
                let hex = std::str::from_utf8(&rest[1..1 + digits]).ok()?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                self.at += 1 + 1 + digits + 1;
                return Some(c);
            }
            _ => return None,
        };
        self.at += 1;
        Some(c)
    }

    /// A `"…"` string stepped over: its escapes checked, its value not kept.
    fn skip_string(&mut self) -> Option<()> {
        self.punct('"')?;
        loop {
            let stop = memchr::memchr2(b'"', b'\\', self.rest())?;
            let quote = self.src.as_bytes()[self.at + stop] == b'"';
            self.at += stop + 1;
            if quote {
                return Some(());
            }
            self.escape()?;
        }
    }

    /// `[` spans `]`, each `(start: n, end: n, label: "…", text: "…")`.
    fn spans(&mut self) -> Option<Vec<RawSpan>> {
        // About one span per line: a guess that saves regrowing the list.
        let mut spans = Vec::with_capacity(memchr::memchr_iter(b'\n', self.rest()).count());
        self.span_list(|span| spans.push(span))?;
        Some(spans)
    }

    /// The span list, each span handed to `each`; how many there are.
    fn span_list(&mut self, each: impl FnMut(RawSpan)) -> Option<usize> {
        self.list(
            |p| {
                let start = p.field("start", Reader::number)?;
                let end = p.field("end", Reader::number)?;
                let label = p.field("label", Reader::string)?;
                let text = p.field_value("text", Reader::string)?;
                let origin = p.more("origin", Reader::origin)?;
                p.close(')')?;
                Some(RawSpan {
                    start,
                    end,
                    label,
                    text,
                    origin,
                })
            },
            each,
        )
    }

    /// `[` suggestions `]`.
    fn suggestions(&mut self) -> Option<Vec<RawSuggestion>> {
        let mut list = Vec::new();
        self.suggestion_list(|s| list.push(s))?;
        Some(list)
    }

    /// The suggestion list, each `(start: n, end: n, label: "…", text: "…", source: W)`
    /// handed to `each`; how many there are.
    fn suggestion_list(&mut self, each: impl FnMut(RawSuggestion)) -> Option<usize> {
        self.list(
            |p| {
                let start = p.field("start", Reader::number)?;
                let end = p.field("end", Reader::number)?;
                let label = p.field("label", Reader::string)?;
                let text = p.field("text", Reader::string)?;
                let source = p.field_last("source", Reader::origin)?;
                Some(RawSuggestion {
                    start,
                    end,
                    label,
                    text,
                    source,
                })
            },
            each,
        )
    }

    /// `[` then `(` items `)` separated by commas (a trailing one allowed) `]`, each read
    /// by `item` after its `(` and handed to `each`; how many there are.
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
        mut each: impl FnMut(T),
    ) -> Option<usize> {
        self.punct('[')?;
        let mut count = 0;
        loop {
            self.white_space()?;
            if self.punct(']').is_some() {
                return Some(count);
            }
            self.punct('(')?;
            each(item(self)?);
            count += 1;
            self.white_space()?;
            if self.punct(',').is_none() {
                self.white_space()?;
                self.punct(']')?;
                return Some(count);
            }
        }
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::io::ron_format::to_ron;
    use crate::model::{Annotation, AnnotatorName, DocId, Document, Origin, Span, Suggestion, now};

    /// `raw` without the hash the fast reader adds, which the general parser leaves out.
    fn unhashed(mut raw: RawFile) -> RawFile {
        raw.document.hashed = None;
        raw
    }

    /// What the general parser reads of `src`.
    fn general(src: &str) -> Option<RawFile> {
        ron::from_str::<RawFile>(src).ok()
    }

    fn written(text: &str, spans: &[(usize, usize, &str)]) -> String {
        let doc = Document::new(DocId::new("kyiv").unwrap(), "samples/kyiv.txt", text);
        let mut a = Annotation::new(doc, AnnotatorName::new("alice").unwrap(), now());
        for &(s, e, l) in spans {
            a.insert(Span::new(s, e, l)).unwrap();
        }
        to_ron(&a)
    }

    #[test]
    fn reads_what_spantag_writes_as_the_general_parser_does() {
        let text = "The minister’s office said “Kyiv”\u{301} 😀.\r\nقال المتحدث إن حمص\t\"x\" \\ '\0'\u{200e}";
        let src = written(text, &[(4, 12, "actor"), (28, 32, "location")]);
        let fast = parse(&src).expect("the written layout is read");
        assert_eq!(Some(unhashed(fast.clone())), general(&src));
        assert_eq!(fast.document.text, text);
        assert_eq!(
            fast.document.hashed.as_deref(),
            Some(crate::model::sha256_hex(text).as_str())
        );
        assert_eq!(fast.spans.len(), 2);
        assert_eq!(fast.spans[1].text, "Kyiv");
    }

    #[test]
    fn declines_what_it_is_not_sure_of() {
        let src = written("Homs", &[(0, 4, "location")]);
        for (from, to) in [
            ("(\n", "// a comment\n(\n"),
            ("start: 0", "start: 0x0"),
            ("start: 0", "start: 00"),
            ("end: 4", "end: 4_0"),
            ("status: InProgress", "status: Finished"),
            ("text: \"Homs\"", "text: \"Ho\\x6ds\""),
            ("text: \"Homs\"", "text: r\"Homs\""),
            ("annotator", "annotatorx"),
            ("    format", "    formats: \"\",\n    format"),
        ] {
            let changed = src.replacen(from, to, 1);
            assert_ne!(changed, src, "{from}");
            assert_eq!(parse(&changed), None, "{to}");
        }
        // Cut off anywhere: declined.
        for end in 0..src.len() - 1 {
            assert_eq!(parse(&src[..end]), None, "{end}");
        }
    }

    #[test]
    fn a_header_is_what_the_whole_file_says() {
        let text = "Kyiv \"said\" \\ 😀\r\nحمص";
        let src = written(
            text,
            &[(0, 4, "location"), (0, 4, "actor"), (5, 11, "event")],
        );
        let raw = parse(&src).unwrap();
        assert_eq!(
            parse_header(&src),
            Some(Header {
                format: raw.format,
                id: raw.document.id,
                sha256: raw.document.sha256,
                annotator: raw.annotator,
                status: raw.status,
                spans: 3,
                suggestions: 0,
                rejected: 0,
            })
        );
        for end in (0..src.len() - 1).filter(|&end| src.is_char_boundary(end)) {
            assert_eq!(parse_header(&src[..end]), None, "{end}");
        }
        assert_eq!(parse_header(&src.replacen("\\\"", "\\x22", 1)), None);
    }

    #[test]
    fn reads_origins_and_suggestions() {
        let doc = Document::new(DocId::new("d").unwrap(), "s", "Rebels took Homs and Hama.");
        let mut a = Annotation::new(doc, AnnotatorName::new("bob").unwrap(), now());
        a.insert_from(Span::new(12, 16, "location"), Origin::Gazetteer)
            .unwrap();
        a.insert(Span::new(0, 6, "actor")).unwrap();
        assert!(a.suggest(Suggestion::new(
            Span::new(21, 25, "location"),
            Origin::Dictionary
        )));
        a.insert_rejected(Suggestion::new(Span::new(0, 6, "event"), Origin::Command))
            .unwrap();
        let src = to_ron(&a);
        assert!(
            src.contains("label: \"location\", text: \"Homs\", origin: Gazetteer),"),
            "{src}"
        );
        let fast = parse(&src).expect("read");
        assert_eq!(fast.spans[1].origin, Some(Origin::Gazetteer));
        assert_eq!(fast.spans[0].origin, None);
        assert_eq!(fast.suggestions.len(), 1);
        assert_eq!(fast.rejected[0].source, Origin::Command);
        assert_eq!(Some(unhashed(fast)), general(&src));
        let header = parse_header(&src).unwrap();
        assert_eq!(
            (header.spans, header.suggestions, header.rejected),
            (2, 1, 1)
        );
        // A field out of the written order: declined, for the general parser.
        let swapped = src.replacen("    suggestions", "    rejectedx", 1);
        assert_eq!(parse(&swapped), None);
    }

    proptest! {
        /// Whatever the text and spans, the written file is read, and read as the
        /// general parser reads it; with white space moved about, the same.
        #[test]
        fn agrees_with_the_general_parser(
            text in "[a-zA-Z \\n\\r\\t\"\\\\'\u{0}\u{7f}\u{301}\u{200e}😀حمص“”]{1,60}",
            spans in proptest::collection::vec((0usize..60, 1usize..8, "[a-z\"\\\\ ]{1,6}", 0usize..5), 0..6),
            squeeze in any::<bool>(),
        ) {
            let len = text.chars().count();
            let spans: Vec<(usize, usize, String, usize)> = spans
                .into_iter()
                .map(|(s, w, l, k)| (s % len, (s % len + w).min(len), l, k))
                .filter(|(s, e, _, _)| s < e)
                .collect();
            let doc = Document::new(DocId::new("d").unwrap(), "s", text.as_str());
            let mut a = Annotation::new(doc, AnnotatorName::new("bob").unwrap(), now());
            for (s, e, l, k) in &spans {
                let span = Span::new(*s, *e, l.as_str());
                // Origins and suggestions of every kind, by the fourth number.
                match *k {
                    0 | 1 => { let _ = a.insert_from(span, Origin::ALL[*k * 2]); }
                    2 => { a.suggest(Suggestion::new(span, Origin::Gazetteer)); }
                    3 => { let _ = a.insert_rejected(Suggestion::new(span, Origin::Command)); }
                    _ => { let _ = a.insert(span); }
                }
            }
            let mut src = to_ron(&a);
            if squeeze {
                // No line breaks or indentation, and no trailing commas.
                src = src.replace(",\n)", ")").replace(",\n]", "]").replace("\n", "").replace("    ", "");
            }
            let fast = parse(&src);
            prop_assert!(fast.is_some(), "{}", src);
            let fast = fast.unwrap();
            let hash = crate::model::sha256_hex(&fast.document.text);
            prop_assert_eq!(fast.document.hashed.as_deref(), Some(hash.as_str()));
            prop_assert_eq!(Some(unhashed(fast)), general(&src));
        }
    }
}
