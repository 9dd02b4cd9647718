//! The corpus schema, `spantag.ron`: parsed and checked; a schema that is accepted is
//! written again and reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spantag::io::store::parse_schema;
use spantag_fuzz::{check_error, input_path};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let path = input_path("spantag.ron");
    match parse_schema(path, src) {
        Ok(schema) => {
            let ron = schema.to_ron();
            let back = parse_schema(path, &ron)
                .unwrap_or_else(|e| panic!("what spantag writes it cannot read:\n{e}\n{ron}"));
            assert_eq!(back, schema, "read back differently:\n{ron}");
        }
        Err(e) => check_error(path, &e),
    }
});
