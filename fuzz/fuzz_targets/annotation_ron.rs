//! An annotator's file, `annotations/<doc>/<annotator>.ron`: parsed and checked; a file
//! that is accepted is written again and reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::ron_format::parse_annotation;
use spantag::model::Schema;
use spantag_fuzz::{check_error, input_path, round_trip};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("annotations/doc/alice.ron");
    match parse_annotation(path, src, &Schema::default()) {
        Ok(loaded) => round_trip(&loaded.annotation),
        Err(e) => check_error(path, &e),
    }
});
