//! A gold file, `annotations/<doc>/gold.ron`: parsed and checked; a file that is
//! accepted is written again and reads back the same (annotation, provenance, review).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::gold::{parse_gold, to_gold_ron};
use spantag_fuzz::{check_error, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("annotations/doc/gold.ron");
    match parse_gold(path, src) {
        Ok(gold) => {
            let ron = to_gold_ron(&gold);
            let back = parse_gold(path, &ron)
                .unwrap_or_else(|e| panic!("what spantag writes it cannot read:\n{e}\n{ron}"));
            assert_eq!(back, gold, "read back differently:\n{ron}");
        }
        Err(e) => check_error(path, &e),
    }
});
