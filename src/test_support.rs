//! Test helpers shared by unit tests: texts with the hard cases in them.

use proptest::prelude::*;

/// Random texts built from pieces that break naive offset code: CRLF, curly quotes,
/// emoji with skin tones, combining marks, Arabic, Cyrillic, CJK, escapes and a BOM.
pub fn hard_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Kyiv",
        " ",
        "\r\n",
        "\n",
        "\t",
        "“",
        "”",
        "’",
        "'",
        "\"",
        "\\",
        "—",
        "😀",
        "👍🏽",
        "e\u{301}",
        "\u{301}",
        "الأسد",
        "Зеленський",
        "東京",
        "\u{feff}",
        "\u{0}",
        "#",
        "r#\"",
    ]);
    prop::collection::vec(pieces, 1..30).prop_map(|p| p.concat())
}
