//! doccano JSONL, every layout: read with code point and with UTF-16 offsets, and with
//! label ids (for the `annotations` layout) and without.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use spantag::io::export::Offsets;
use spantag::io::import::{ImportFormat, ImportOptions, doccano};
use spantag_fuzz::{check_read, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("doccano.jsonl");
    let ids = BTreeMap::from([
        ("1".to_owned(), "actor".to_owned()),
        ("2".to_owned(), "location".to_owned()),
    ]);
    for offsets in [Offsets::CodePoint, Offsets::Utf16] {
        for label_ids in [None, Some(ids.clone())] {
            let options = ImportOptions {
                offsets,
                label_ids,
                ..ImportOptions::new(ImportFormat::Doccano)
            };
            check_read(path, &doccano::parse(path, src, &options));
        }
    }
});
