"""The Python equivalent of `spantag export --format conll`, for the speed comparison in
docs/performance.md: spaCy's blank English tokenizer and rule-based sentencizer, spans
aligned with char_span(alignment_mode="expand"), overlaps reduced with filter_spans,
IOB2 tags written as `TOKEN TAG` lines.

Usage: python bench_spacy.py INPUT.jsonl OUTPUT.conll   (prints the seconds taken)
"""

import json
import sys
import time

import spacy
from spacy.util import filter_spans


def main(source, target):
    started = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        for line in lines:
            record = json.loads(line)
            doc = nlp(record["text"])
            spans = []
            for span in record["spans"]:
                aligned = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="expand")
                if aligned is not None:
                    spans.append(aligned)
            doc.ents = filter_spans(spans)
            for sentence in doc.sents:
                for token in sentence:
                    if token.is_space:
                        continue
                    tag = "O" if token.ent_iob_ == "O" else f"{token.ent_iob_}-{token.ent_type_}"
                    out.write(f"{token.text} {tag}\n")
                out.write("\n")
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
