//! Find and search (issue 14): any pattern and text, with any options, gives a clear
//! error or hits that are sound, and never panics or hangs.
//!
//! The input: one byte of options (bit 0 regex, 1 ignore case, 2 ignore marks, 3 whole
//! word), the pattern, a NUL byte, then the text. Invariants: hits are non-empty, in
//! order, apart, on character boundaries, their code points the same place as their
//! bytes; a plain literal hit is the pattern itself; a whole-word hit has no letter or
//! digit next to it. The occurrences of the pattern as a name are slices equal to it, in
//! order and apart.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::text::occurrences::occurrences;
use spantag::text::search::{Matcher, Query};

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let Some(at) = rest.iter().position(|&b| b == 0) else {
        return;
    };
    let (Ok(pattern), Ok(text)) = (
        std::str::from_utf8(&rest[..at]),
        std::str::from_utf8(&rest[at + 1..]),
    ) else {
        return;
    };
    let query = Query {
        pattern: pattern.to_owned(),
        regex: options & 1 != 0,
        ignore_case: options & 2 != 0,
        ignore_marks: options & 4 != 0,
        whole_word: options & 8 != 0,
    };
    if let Ok(matcher) = Matcher::new(&query) {
        let mut last_end = 0;
        for hit in matcher.find(text) {
            assert!(!hit.bytes.is_empty() && hit.bytes.start >= last_end);
            last_end = hit.bytes.end;
            let piece = text.get(hit.bytes.clone()).expect("a hit on character boundaries");
            assert_eq!(text[..hit.bytes.start].chars().count(), hit.chars.start);
            assert_eq!(piece.chars().count(), hit.chars.len());
            if !query.regex && !query.ignore_case && !query.ignore_marks {
                assert_eq!(piece, pattern);
            }
            if query.whole_word && !query.ignore_marks {
                let word = |c: char| c.is_alphanumeric();
                assert!(!text[..hit.bytes.start].chars().next_back().is_some_and(word));
                assert!(!text[hit.bytes.end..].chars().next().is_some_and(word));
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let name: Vec<char> = pattern.chars().collect();
    let mut last_end = 0;
    for place in occurrences(text, pattern) {
        assert!(place.start >= last_end && place.end <= chars.len());
        last_end = place.end;
        assert_eq!(chars[place], name[..]);
    }
});
