//! CoNLL `TOKEN ... TAG` lines: read with the scheme guessed and with each scheme given.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::import::{ImportFormat, ImportOptions, conll};
use spantag::text::tagging::Scheme;
use spantag_fuzz::{check_read, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("news.conll");
    for scheme in [
        None,
        Some(Scheme::Iob2),
        Some(Scheme::Iob1),
        Some(Scheme::Bilou),
    ] {
        let options = ImportOptions {
            scheme,
            ..ImportOptions::new(ImportFormat::Conll)
        };
        check_read(path, &conll::parse(path, src, &options));
    }
});
