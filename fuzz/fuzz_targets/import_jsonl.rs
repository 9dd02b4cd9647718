//! JSONL in spantag's, Prodigy's and spaCy's layouts: read with code point and UTF-16
//! offsets, every span group and only `sc`, every Prodigy answer and `accept` only.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use spantag::io::export::Offsets;
use spantag::io::import::{Answer, ImportFormat, ImportOptions, jsonl};
use spantag_fuzz::{check_read, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("docs.jsonl");
    let every = BTreeSet::from([Answer::Accept, Answer::Reject, Answer::Ignore]);
    for (offsets, span_group, answers) in [
        (Offsets::CodePoint, None, BTreeSet::from([Answer::Accept])),
        (Offsets::Utf16, Some("sc".to_owned()), every),
    ] {
        let options = ImportOptions {
            offsets,
            span_group,
            answers,
            ..ImportOptions::new(ImportFormat::Jsonl)
        };
        check_read(path, &jsonl::parse(path, src, &options));
    }
});
