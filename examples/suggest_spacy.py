#!/usr/bin/env python3
"""Suggestions for spantag from spaCy's EntityRuler: no model to download.

spantag runs this as the external command of a corpus (spantag.ron):

    suggestions: (command: Some((program: "python3", args: ["examples/suggest_spacy.py"])))

It reads one {"id", "text"} JSON object a line on standard input and writes one
{"id", "spans": [{"start", "end", "label", "score"}]} line per document, offsets in
code points (Python's str offsets, which spaCy's start_char/end_char are).

The patterns are the names of the corpus's gazetteers (gazetteers/*.tsv: name<TAB>label,
# for comments), matched on spaCy's tokens, case and all; or a JSON lines file of
EntityRuler patterns given with --patterns. Run it in the corpus folder (spantag does).
"""

import argparse
import glob
import json
import sys

import spacy


def gazetteer_patterns(folder):
    patterns = []
    for path in sorted(glob.glob(f"{folder}/*.tsv")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                name, _, label = line.partition("\t")
                if name and label:
                    patterns.append({"label": label.strip(), "pattern": name})
    return patterns


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patterns", help="a JSON lines file of EntityRuler patterns")
    parser.add_argument("--lang", default="xx", help="spaCy language code (default: xx, any)")
    args = parser.parse_args()
    if args.patterns:
        with open(args.patterns, encoding="utf-8") as f:
            patterns = [json.loads(line) for line in f if line.strip()]
    else:
        patterns = gazetteer_patterns("gazetteers")
    nlp = spacy.blank(args.lang)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns)
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        doc = nlp(request["text"])
        spans = [
            {"start": ent.start_char, "end": ent.end_char, "label": ent.label_, "score": 1.0}
            for ent in doc.ents
        ]
        out.write(json.dumps({"id": request["id"], "spans": spans}, ensure_ascii=False) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
