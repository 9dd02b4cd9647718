//! brat standoff: one `.ann` file over its `.txt`. The input is the text, a NUL byte,
//! then the `.ann` content (no NUL: the whole input is the `.ann` over an empty text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::import::{ImportFormat, ImportOptions, brat};
use spantag_fuzz::{check_read, input_path};

fuzz_target!(|data: &[u8]| {
    let (text, ann) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let (Ok(text), Ok(ann)) = (std::str::from_utf8(text), std::str::from_utf8(ann)) else {
        return;
    };
    let path = input_path("news.ann");
    let options = ImportOptions::new(ImportFormat::Brat);
    check_read(path, &brat::parse(path, ann, text, &options));
});
