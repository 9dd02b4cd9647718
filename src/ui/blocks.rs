//! The text cut into blocks: its lines, and pieces of very long lines. Pure: the text
//! view lays each block out on its own, and keyboard navigation walks words block by
//! block, without any geometry.

use std::ops::Range;

use crate::model::text::OffsetIndex;

/// Longest block, in code points: a longer line is cut (at a space when possible) so that
/// one edit or one wrap never lays out more than this.
pub const MAX_BLOCK_CHARS: usize = 2000;

/// One displayed piece of the text: a line without its line break, or part of a long line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Code points of the document it shows.
    pub chars: Range<usize>,
    /// Bytes of the document it shows.
    pub bytes: Range<usize>,
}

/// Cuts a text into blocks: one per line (without its `\n` or `\r\n`), with lines longer
/// than [`MAX_BLOCK_CHARS`] cut at the last space before the limit.
pub fn split_blocks(text: &str) -> Vec<Block> {
    let index = OffsetIndex::new(text);
    let mut blocks = Vec::new();
    let mut byte = 0;
    let mut char_pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line
            .strip_suffix('\n')
            .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        let line_chars = content.chars().count();
        let mut from_char = 0;
        let mut from_byte = 0;
        while line_chars - from_char > MAX_BLOCK_CHARS {
            let rest = &content[from_byte..];
            let limit_byte = rest
                .char_indices()
                .nth(MAX_BLOCK_CHARS)
                .map_or(rest.len(), |(b, _)| b);
            let cut_byte = rest[..limit_byte]
                .rfind(' ')
                .map_or(limit_byte, |space| space + 1)
                .max(1);
            let cut_chars = rest[..cut_byte].chars().count();
            blocks.push(Block {
                chars: char_pos + from_char..char_pos + from_char + cut_chars,
                bytes: byte + from_byte..byte + from_byte + cut_byte,
            });
            from_char += cut_chars;
            from_byte += cut_byte;
        }
        blocks.push(Block {
            chars: char_pos + from_char..char_pos + line_chars,
            bytes: byte + from_byte..byte + content.len(),
        });
        byte += line.len();
        char_pos += line.chars().count();
    }
    if blocks.is_empty() || text.ends_with('\n') {
        // An empty text, or the empty last line after a final line break.
        blocks.push(Block {
            chars: index.char_len()..index.char_len(),
            bytes: text.len()..text.len(),
        });
    }
    blocks
}

/// The block holding code point `c` (the last block for the end of the text).
pub fn block_of_char(blocks: &[Block], c: usize) -> usize {
    blocks
        .partition_point(|b| b.chars.start <= c)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_lines_without_their_breaks() {
        let text = "Homs fell.\r\n\r\nДамаск 😀\nend";
        let blocks = split_blocks(text);
        let shown: Vec<&str> = blocks.iter().map(|b| &text[b.bytes.clone()]).collect();
        assert_eq!(shown, ["Homs fell.", "", "Дамаск 😀", "end"]);
        let chars: Vec<Range<usize>> = blocks.iter().map(|b| b.chars.clone()).collect();
        assert_eq!(chars, [0..10, 12..12, 14..22, 23..26]);
        assert_eq!(split_blocks("a\n").len(), 2);
        assert_eq!(split_blocks("").len(), 1);
    }

    #[test]
    fn long_lines_are_cut_at_spaces() {
        let word = "word ";
        let text = word.repeat(1000); // 5000 chars, no line break
        let blocks = split_blocks(&text);
        assert_eq!(blocks.len(), 3);
        assert!(blocks.iter().all(|b| b.chars.len() <= MAX_BLOCK_CHARS));
        assert!(
            blocks[..2]
                .iter()
                .all(|b| text[b.bytes.clone()].ends_with(' '))
        );
        let joined: String = blocks.iter().map(|b| &text[b.bytes.clone()]).collect();
        assert_eq!(joined, text);
        let unbroken = "x".repeat(4500);
        let blocks = split_blocks(&unbroken);
        assert_eq!(
            blocks.iter().map(|b| b.chars.len()).collect::<Vec<_>>(),
            [2000, 2000, 500]
        );
    }
}
