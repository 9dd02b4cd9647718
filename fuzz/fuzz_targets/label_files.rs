//! The small label files: doccano label ids (JSON export or `ID=NAME` lines),
//! `--label-map` (`OLD=NEW` lines) and brat's `annotation.conf`. An accepted file's
//! entries say exactly what its lines say.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::import::brat::entity_types;
use spantag::io::lines::numbered_lines;
use spantag::io::import::labels::{parse_label_ids, parse_label_map, parse_pair};
use spantag_fuzz::{check_error, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("labels.txt");
    match parse_label_ids(path, src) {
        Ok(_) => {}
        Err(e) => check_error(path, &e),
    }
    match parse_label_map(path, src) {
        Ok(pairs) => {
            // Lines end at \n, \r\n or a lone \r, as every reader of lines splits them.
            let lines: Vec<_> = numbered_lines(src)
                .map(|(_, l)| l)
                .filter(|l| !l.trim().is_empty())
                .map(|l| parse_pair(l).expect("an accepted line is a pair"))
                .collect();
            assert_eq!(pairs, lines);
        }
        Err(e) => check_error(path, &e),
    }
    match entity_types(path, src) {
        Ok(types) => {
            for t in &types {
                spantag::model::Schema::check_name(t.as_str()).expect("a valid label name");
            }
        }
        Err(e) => check_error(path, &e),
    }
});
