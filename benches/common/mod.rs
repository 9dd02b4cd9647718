//! Generated documents for the benches: news-like text and evenly spread spans.

use spantag::model::{Annotation, AnnotatorName, DocId, Document, Span, now};

/// A deterministic article of about `bytes` bytes: paragraphs of news-like sentences
/// with curly quotes, an em dash, Cyrillic and an emoji now and then.
pub fn article(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "rebels",
        "seized",
        "the",
        "town",
        "of",
        "Rastan",
        "on",
        "Friday",
        "“officials”",
        "said",
        "—",
        "while",
        "Харків",
        "reported",
        "shelling",
        "near",
        "the",
        "border",
        "crossing",
        "and",
        "the",
        "ministry’s",
        "spokesman",
        "confirmed",
        "talks",
        "😀",
        "in",
        "Damascus",
        "with",
        "envoys",
        "from",
        "Ankara",
        "and",
        "Moscow",
    ];
    paragraphs(
        WORDS,
        bytes,
        Shape {
            sentences: (4, 4),
            words: (10, 12),
            steps: (7, 13),
        },
    )
}

/// How [`paragraphs`] strings words together: `(least, spread)` sentences a paragraph
/// and words a sentence, and the steps through the word list per paragraph and word.
struct Shape {
    sentences: (usize, usize),
    words: (usize, usize),
    steps: (usize, usize),
}

/// About `bytes` bytes of paragraphs of sentences made of `words`, deterministically.
fn paragraphs(words: &[&str], bytes: usize, shape: Shape) -> String {
    let mut text = String::with_capacity(bytes + 1000);
    let mut i = 0usize;
    while text.len() < bytes {
        for sentence in 0..(shape.sentences.0 + i % shape.sentences.1) {
            for w in 0..(shape.words.0 + (i + sentence) % shape.words.1) {
                let word = words[(i * shape.steps.0 + w * shape.steps.1 + sentence) % words.len()];
                if w > 0 {
                    text.push(' ');
                }
                text.push_str(word);
            }
            text.push_str(". ");
        }
        text.push('\n');
        i += 1;
    }
    text
}

/// A deterministic Arabic news article of about `bytes` bytes: sentences of Arabic
/// words with the Arabic comma, numbers, a Latin name and a bracket now and then, so
/// that every line mixes directions.
#[allow(dead_code)] // not every bench uses it
pub fn arabic_article(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "قال",
        "المتحدث",
        "إن",
        "قوات",
        "المعارضة",
        "سيطرت",
        "على",
        "بلدتين",
        "شمال",
        "حمص",
        "يوم",
        "الجمعة،",
        "بعد",
        "معارك",
        "استمرت",
        "3",
        "أيام",
        "وأسفرت",
        "عن",
        "مقتل",
        "27",
        "شخصا",
        "(رويترز)",
        "قرب",
        "الطريق",
        "M5",
        "في",
        "دمشق",
    ];
    paragraphs(
        WORDS,
        bytes,
        Shape {
            sentences: (3, 3),
            words: (8, 10),
            steps: (5, 11),
        },
    )
}

/// `count` spans spread evenly over the text, on whole words, one in ten nested inside
/// a longer event span.
pub fn annotate(id: &str, text: String, count: usize) -> Annotation {
    let doc = Document::new(DocId::new(id).unwrap(), "bench", text);
    let mut annotation = Annotation::new(doc, AnnotatorName::new("bench").unwrap(), now());
    let words = spantag::model::text::words(annotation.document.text());
    let step = (words.len() / count).max(1);
    let labels = ["actor", "location", "event"];
    let mut spans = Vec::with_capacity(count);
    for (k, &(start, end)) in words.iter().step_by(step).take(count).enumerate() {
        if k % 10 == 9 && spans.len() + 1 < count {
            let outer_end = words.iter().find(|w| w.0 > end + 20).map_or(end, |w| w.1);
            spans.push(Span::new(start, outer_end, "event"));
        }
        spans.push(Span::new(start, end, labels[k % 3]));
    }
    spans.sort();
    spans.dedup();
    spans.truncate(count);
    annotation.set_spans(spans).unwrap();
    annotation
}
