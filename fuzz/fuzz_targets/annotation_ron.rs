//! An annotator's file, `annotations/<doc>/<annotator>.ron`: parsed and checked; a file
//! that is accepted is written again and reads back the same. Whatever the one-pass
//! reader of spantag's own layout accepts, it reads as the general RON parser does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::ron_format::{fast_reader_agrees, parse_annotation};
use spantag::model::Schema;
use spantag_fuzz::{check_error, input_path, round_trip};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    assert!(
        fast_reader_agrees(src),
        "the one-pass reader and the RON parser read this differently"
    );
    let path = input_path("annotations/doc/alice.ron");
    match parse_annotation(path, src, &Schema::default()) {
        Ok(loaded) => round_trip(&loaded.annotation),
        Err(e) => check_error(path, &e),
    }
});
