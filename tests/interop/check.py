"""Interop check: spantag's exports load in the tools data scientists use, exactly.

Run by .ci/run in a virtual environment with seqeval, spacy and datasets:

    python tests/interop/check.py SPANTAG_BINARY CORPUS_DIR

It exports the corpus (annotator alice) to JSONL, CoNLL and Hugging Face in a temporary
folder, then checks:
- seqeval reads the CoNLL tags in strict IOB2 mode, and its entities are exactly the
  JSONL spans, less the ones the alignment report says were left out, with the moved
  ones at their new place;
- every JSONL span gives a span in spaCy's blank English pipeline (`char_span`) with the
  same text, or its offsets are not on spaCy's token boundaries and it is listed;
- the spaCy export (`--format spacy`) loads with DocBin().from_disk(): every doc's text
  is the document's text exactly, its sentences and `doc.ents` are the CoNLL export's
  sentences and entities, `spans["sc"]` holds the JSONL spans (start_char, end_char,
  label; the report's moved ones at their new place), and spaCy itself, serializing the
  docs it read, writes the same tokens, spaces, lengths and span groups;
- `python -m spacy train` with tests/interop/spacy-train.cfg (blank English, ner and
  spancat, 5 steps) trains on the spaCy export of the bundled corpus, evaluated on that of
  tests/fixtures/spacy, and prints no spaCy warning (W030 and the like);
- the Hugging Face export loads with datasets.load_dataset(folder) as it is, with its tag names as a ClassLabel;
- with --split train=...,dev=...,test=..., it loads as a DatasetDict with those splits,
  each with the rows of its data.jsonl, together the documents of the whole export;
- `spantag agree --json` gives the token kappa of scikit-learn's cohen_kappa_score and
  the Fleiss' kappa of statsmodels, to 1e-9, on the same tokens and IOB2 tags (those of
  the CoNLL export of each annotator);
- what the tools write imports back exactly: spaCy's Doc.to_json (doc.ents and every span,
  nested ones too, in spans["sc"]), Prodigy JSONL (a rejected line skipped and counted),
  spaCy v2 "entities", doccano "label" and "entities" (code point and UTF-16 offsets),
  each built from the JSONL export, imported into a fresh corpus and exported again as
  JSONL with the same spans;
- tests/fixtures/conll/news-2003.conll imported, given a schema (`schema init`) and
  exported with `--tokenizer whitespace --docstart` has the same documents, sentences,
  tokens and seqeval entities (strict IOB2).
Any failure exits non-zero with the reason.
"""

import atexit
import collections
import os
import re
import shutil
import time
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

# A cache of its own for each run: datasets 5 keys its cache of a local folder by the
# folder's name and dataset card, not by the data files, so a cache left by an earlier
# run (of other files in a folder of the same name) would be read instead of the export.
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="spantag-interop-hf-")
atexit.register(shutil.rmtree, os.environ["HF_DATASETS_CACHE"], ignore_errors=True)

import datasets  # noqa: E402 (after HF_DATASETS_CACHE is set)
import numpy
import spacy
import srsly
import zlib
from spacy.tokens import DocBin
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def export(binary, corpus, fmt, out, *extra, annotator="alice"):
    subprocess.run(
        [binary, "export", "--format", fmt, "--annotator", annotator, "--out", str(out), *extra, str(corpus)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def read_conll(path):
    """Sentences of (token, tag), documents split at -DOCSTART-."""
    documents, sentence, sentences = [], [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            if sentences:
                documents.append(sentences)
            sentences = []
        elif line == "":
            if sentence:
                sentences.append(sentence)
            sentence = []
        else:
            token, tag = line.rsplit(" ", 1)
            sentence.append((token, tag))
    if sentence:
        sentences.append(sentence)
    if sentences:
        documents.append(sentences)
    return documents


def check_conll(jsonl_docs, conll_path, report):
    documents = read_conll(conll_path)
    if len(documents) != len(jsonl_docs):
        fail(f"conll: {len(documents)} documents, jsonl has {len(jsonl_docs)}")
        return
    all_tags = [[tag for _, tag in s] for d in documents for s in d]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any seqeval warning fails the check
        classification_report(all_tags, all_tags, mode="strict", scheme=IOB2, zero_division=0)
    dropped = {(n["doc"], n["start"], n["end"], n["label"]) for n in report if n["outcome"] == "dropped"}
    moved = {(n["doc"], n["start"], n["end"], n["label"]): n["new_text"] for n in report if n["outcome"] == "moved"}
    total = 0
    for doc, sentences in zip(jsonl_docs, documents):
        expected = collections.Counter()
        for span in doc["spans"]:
            key = (doc["id"], span["start"], span["end"], span["label"])
            if key in dropped:
                continue
            text = moved.get(key, span["text"])
            expected[(span["label"], "".join(text.split()))] += 1
        found = collections.Counter()
        for sentence in sentences:
            tokens = [t for t, _ in sentence]
            for label, first, last in get_entities([tag for _, tag in sentence]):
                found[(label, "".join(tokens[first : last + 1]))] += 1
        if found != expected:
            fail(f"conll {doc['id']}: entities differ: missing {expected - found}, extra {found - expected}")
        total += sum(found.values())
    print(f"conll: seqeval read {total} entities in strict IOB2, equal to the spans less {len(dropped)} reported")


def check_spacy(jsonl_docs):
    nlp = spacy.blank("en")
    checked, off_boundary = 0, []
    for doc in jsonl_docs:
        parsed = nlp.make_doc(doc["text"])
        for span in doc["spans"]:
            got = parsed.char_span(span["start"], span["end"], label=span["label"])
            if got is None:
                off_boundary.append((doc["id"], span["start"], span["end"], span["text"]))
                continue
            if got.text != span["text"] or doc["text"][span["start"] : span["end"]] != span["text"]:
                fail(f"spacy {doc['id']}: [{span['start']}, {span['end']}) gives {got.text!r}, expected {span['text']!r}")
            checked += 1
    for item in off_boundary:
        print(f"spacy: not on spaCy token boundaries (listed, not an error): {item}")
    print(f"jsonl: {checked} spans are exact spaCy char_spans, {len(off_boundary)} listed")


def check_docbin(binary, corpus, tmp):
    """The spaCy export of `corpus`, against its JSONL and CoNLL exports."""
    export(binary, corpus, "jsonl", tmp / "d.jsonl")
    export(binary, corpus, "conll", tmp / "d.conll", "--docstart")
    export(binary, corpus, "spacy", tmp / "d.spacy", "--report", str(tmp / "d-report.json"))
    jsonl_docs = [json.loads(line) for line in (tmp / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    report = json.loads((tmp / "d-report.json").read_text(encoding="utf-8"))
    check_docbin_file(tmp / "d.spacy", jsonl_docs, tmp / "d.conll", report, corpus)


def check_docbin_file(path, jsonl_docs, conll_path, report, corpus):
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    conll_docs = read_conll(conll_path)
    if len(docs) != len(jsonl_docs) or len(docs) != len(conll_docs):
        fail(f"docbin: {len(docs)} docs, jsonl {len(jsonl_docs)}, conll {len(conll_docs)}")
        return
    moved = {(n["doc"], n["start"], n["end"], n["label"]): (n["new_start"], n["new_end"]) for n in report if n["outcome"] == "moved"}
    # Left out of every span: placed on no token at all (an overlap leaves only doc.ents).
    unplaced = {(n["doc"], n["start"], n["end"], n["label"]) for n in report if n["outcome"] == "dropped" and 'spans["sc"]' not in n["reason"]}
    ents = spans = 0
    for doc, expected, sentences in zip(docs, jsonl_docs, conll_docs):
        name = expected["id"]
        if doc.text != expected["text"]:
            fail(f"docbin {name}: doc.text differs from the text")
            continue
        got_sentences = [[t.text for t in sent if not t.is_space and t.text != "\ufeff"] for sent in doc.sents]
        if got_sentences != [[t for t, _ in s] for s in sentences]:
            fail(f"docbin {name}: sentences differ from the CoNLL export's")
        got_ents = [(e.label_, [t.text for t in e if not t.is_space]) for e in doc.ents]
        conll_ents = []
        for sentence in sentences:
            tokens = [t for t, _ in sentence]
            for label, first, last in get_entities([tag for _, tag in sentence]):
                conll_ents.append((label, tokens[first : last + 1]))
        if got_ents != conll_ents:
            fail(f"docbin {name}: doc.ents differ from the CoNLL entities: {got_ents} != {conll_ents}")
        want_sc = collections.Counter()
        for span in expected["spans"]:
            key = (name, span["start"], span["end"], span["label"])
            if key in unplaced:
                continue
            start, end = moved.get(key, (span["start"], span["end"]))
            want_sc[(start, end, span["label"])] += 1
        got_sc = collections.Counter((s.start_char, s.end_char, s.label_) for s in doc.spans.get("sc", []))
        if got_sc != want_sc:
            fail(f"docbin {name}: spans['sc'] differ: missing {want_sc - got_sc}, extra {got_sc - want_sc}")
        ents += len(doc.ents)
        spans += len(doc.spans.get("sc", []))
    # spaCy, writing back what it read with the same attributes, writes the same data
    # (its strings add norms and the empty string, which we do not need).
    ours = srsly.msgpack_loads(zlib.decompress(Path(path).read_bytes()))
    again = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE", "SENT_START"], docs=docs)
    theirs = srsly.msgpack_loads(zlib.decompress(again.to_bytes()))
    if list(ours) != list(theirs):
        fail(f"docbin: keys {list(ours)} != spaCy's {list(theirs)}")
    for key in theirs:
        if key != "strings" and ours.get(key) != theirs[key]:
            fail(f"docbin: {key!r} differs from what spaCy writes for the same docs")
    if not set(ours["strings"]) <= set(theirs["strings"]):
        fail(f"docbin: strings spaCy does not write: {set(ours['strings']) - set(theirs['strings'])}")
    print(f"spacy ({corpus}): DocBin gave {len(docs)} docs with exact text, {ents} ents as CoNLL, {spans} spans in spans['sc'] as JSONL; spaCy re-serializes it identically")


def check_spacy_train(binary, corpus, tmp):
    here = Path(__file__).resolve().parent
    export(binary, corpus, "spacy", tmp / "train.spacy")
    export(binary, here.parent / "fixtures" / "spacy", "spacy", tmp / "dev.spacy")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-W", "always", "-m", "spacy", "train", str(here / "spacy-train.cfg"),
         "--paths.train", str(tmp / "train.spacy"), "--paths.dev", str(tmp / "dev.spacy")],
        capture_output=True, text=True, timeout=300,
    )
    took = time.monotonic() - started
    said = run.stdout + run.stderr
    if run.returncode != 0:
        fail(f"spacy train: exit {run.returncode}: {said[-2000:]}")
        return
    warned = sorted(set(re.findall(r"\bW\d{3}\b", said)))
    if warned or "misalign" in said.lower():
        fail(f"spacy train: warnings {warned}: {said[-2000:]}")
    print(f"spacy train: 5 steps of ner and spancat on the export in {took:.1f} s, no warning")


def check_hf(folder):
    """The folder loads as it is, with `datasets.load_dataset(folder)`: no data files to
    name, no features to build; `ner_tags` is a sequence of ClassLabel with the names of
    labels.json."""
    names = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    data = datasets.load_dataset(str(folder), split="train")
    if list(data.column_names) != ["id", "tokens", "ner_tags"]:
        fail(f"hf: columns {data.column_names}")
    tags = data.features["ner_tags"]
    label = getattr(tags, "feature", None)
    if not isinstance(label, datasets.ClassLabel):
        fail(f"hf: ner_tags is {tags}, not a sequence of ClassLabel")
    if label.names != names:
        fail(f"hf: tag names {label.names} != labels.json {names}")
    if any(len(row["tokens"]) != len(row["ner_tags"]) for row in data):
        fail("hf: a row has different numbers of tokens and tags")
    print(f"hf: load_dataset(folder) gave {len(data)} documents, ner_tags as ClassLabel of {len(names)} tag names")


def check_hf_split(binary, corpus, tmp, whole):
    """An hf export with --split loads as a DatasetDict with the splits named, in order,
    each with the rows of its folder's data.jsonl, the documents of the whole export once
    each, and the same ClassLabel as the whole export."""
    folder = tmp / "hf-split"
    export(binary, corpus, "hf", folder, "--split", "train=0.34,dev=0.33,test=0.33", "--seed", "7")
    data = datasets.load_dataset(str(folder))
    if list(data.keys()) != ["train", "dev", "test"]:
        fail(f"hf --split: splits {list(data.keys())}, not train, dev, test")
        return
    rows = {name: len((folder / name / "data.jsonl").read_text(encoding="utf-8").splitlines()) for name in data}
    got = {name: data[name].num_rows for name in data}
    if got != rows or any(n == 0 for n in got.values()):
        fail(f"hf --split: rows {got}, the files have {rows}")
    ids = sorted(i for name in data for i in data[name]["id"])
    whole_data = datasets.load_dataset(str(whole), split="train")
    if ids != sorted(whole_data["id"]):
        fail(f"hf --split: documents {ids}, the whole export has {sorted(whole_data['id'])}")
    names = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    if any(data[name].features["ner_tags"].feature.names != names for name in data):
        fail("hf --split: a split's tag names differ from labels.json")
    print(f"hf --split: load_dataset(folder) gave a DatasetDict {got}")


def check_kappa(binary, corpus, tmp):
    tags = {}
    for name in ("alice", "bob"):
        export(binary, corpus, "conll", tmp / f"{name}.conll", "--docstart", annotator=name)
        tags[name] = [tag for doc in read_conll(tmp / f"{name}.conll") for s in doc for _, tag in s]
    if len(tags["alice"]) != len(tags["bob"]):
        fail("kappa: the two exports have different tokens")
        return
    figures = json.loads(subprocess.run([binary, "agree", "--json", str(corpus)], check=True, capture_output=True).stdout)
    pair = next(p for p in figures["pairs"] if (p["a"], p["b"]) == ("alice", "bob"))
    expected = cohen_kappa_score(tags["alice"], tags["bob"])
    if abs(pair["token_kappa"] - expected) > 1e-9:
        fail(f"kappa: spantag {pair['token_kappa']!r}, scikit-learn {expected!r}")
    table, _ = aggregate_raters(numpy.array([tags["alice"], tags["bob"]]).T)
    expected_fleiss = fleiss_kappa(table, method="fleiss")
    if abs(figures["fleiss_kappa"] - expected_fleiss) > 1e-9:
        fail(f"fleiss: spantag {figures['fleiss_kappa']!r}, statsmodels {expected_fleiss!r}")
    print(
        f"agree: token kappa {pair['token_kappa']:.12f} = scikit-learn {expected:.12f}; "
        f"Fleiss {figures['fleiss_kappa']:.12f} = statsmodels {expected_fleiss:.12f} ({len(tags['alice'])} tokens)"
    )


def span_keys(spans):
    return sorted((s["start"], s["end"], s["label"]) for s in spans)


def import_and_export(binary, source, fmt, tmp, name, *extra):
    """Import SOURCE into a fresh corpus as annotator NAME, export it as JSONL; the
    import's summary and the exported documents by text."""
    corpus = tmp / f"corpus-{name}"
    corpus.mkdir()
    run = subprocess.run(
        [binary, "import", "--from", fmt, "--into", str(corpus), "--annotator", name, *extra, str(source)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        fail(f"import {name}: exit {run.returncode}: {run.stdout}{run.stderr}")
        return None, None
    out = tmp / f"{name}.jsonl"
    export(binary, corpus, "jsonl", out, annotator=name)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return run.stdout + run.stderr, {d["text"]: span_keys(d["spans"]) for d in docs}


def compare_by_text(name, expected, got):
    """EXPECTED and GOT map a text to its sorted (start, end, label) spans."""
    if got is None:
        return False
    if set(got) != set(expected):
        fail(f"{name}: {len(got)} documents came back, {len(expected)} went in (or their texts differ)")
        return False
    ok = True
    for text, spans in expected.items():
        if got[text] != spans:
            missing = sorted(set(spans) - set(got[text]))
            extra = sorted(set(got[text]) - set(spans))
            fail(f"{name}: spans differ in {text[:40]!r}: missing {missing[:5]}, extra {extra[:5]}")
            ok = False
    return ok


def check_import_from_tools(binary, jsonl_docs, tmp):
    """What spaCy's Doc.to_json, Prodigy and spaCy v2 write imports with the same spans."""
    nlp = spacy.blank("en")
    lines, expected, off_boundary, nested = [], {}, 0, 0
    for doc in jsonl_docs:
        sdoc = nlp(doc["text"])
        spans = []
        for span in doc["spans"]:
            got = sdoc.char_span(span["start"], span["end"], label=span["label"])
            if got is None:
                off_boundary += 1  # spaCy cannot hold it; it is not part of what spaCy wrote
            else:
                spans.append(got)
        sdoc.spans["sc"] = spans
        sdoc.ents = spacy.util.filter_spans(spans)  # ents may not overlap; sc holds every span
        nested += len(spans) - len(sdoc.ents)
        lines.append(json.dumps(sdoc.to_json(), ensure_ascii=False))
        expected[doc["text"]] = span_keys({"start": s.start_char, "end": s.end_char, "label": s.label_} for s in spans)
    if nested == 0:
        fail("import Doc.to_json: no span overlaps another, so spans['sc'] adds nothing to doc.ents")
    path = tmp / "spacy-docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, got = import_and_export(binary, path, "jsonl", tmp, "spacy-json")
    ok = compare_by_text("import Doc.to_json", expected, got)
    spans = sum(len(v) for v in expected.values())
    if ok:
        print(f"import: spaCy Doc.to_json of {len(lines)} docs ({spans} spans in spans['sc'], {nested} of them overlapping, so only there, the rest also in doc.ents; {off_boundary} off spaCy's tokens left out) exports the same spans")

    originals = {d["text"]: span_keys(d["spans"]) for d in jsonl_docs}
    first = jsonl_docs[0]
    prodigy = [
        {"text": d["text"], "spans": [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in d["spans"]], "answer": "accept"}
        for d in jsonl_docs
    ]
    prodigy.append({"text": first["text"] + " (rejected)", "spans": [{"start": 0, "end": 5, "label": "actor"}], "answer": "reject"})
    path = tmp / "prodigy.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in prodigy), encoding="utf-8")
    said, got = import_and_export(binary, path, "jsonl", tmp, "prodigy")
    ok = compare_by_text("import Prodigy", originals, got)
    if said is not None and not re.search(r'skipped 1 line[^\n]*"reject"', said):
        fail(f"import Prodigy: the summary does not count the one rejected line: {said!r}")
        ok = False
    if ok:
        print(f"import: Prodigy JSONL of {len(jsonl_docs)} accepted docs exports the same spans; the rejected line is skipped and counted")

    path = tmp / "spacy-v2.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": d["text"], "entities": [[s["start"], s["end"], s["label"]] for s in d["spans"]]}, ensure_ascii=False) + "\n"
            for d in jsonl_docs
        ),
        encoding="utf-8",
    )
    _, got = import_and_export(binary, path, "jsonl", tmp, "spacy-v2")
    if compare_by_text("import spaCy v2", originals, got):
        print(f"import: spaCy v2 training JSONL of {len(jsonl_docs)} docs exports the same {sum(len(d['spans']) for d in jsonl_docs)} spans")


def utf16(text, offset):
    return len(text[:offset].encode("utf-16-le")) // 2


def check_import_doccano(binary, jsonl_docs, tmp):
    """doccano's layouts ("label", "entities", UTF-16 offsets) import with the same spans."""
    originals = {d["text"]: span_keys(d["spans"]) for d in jsonl_docs}
    layouts = {
        "label": lambda n, d, at: {"id": n, "text": d["text"], "label": [[at(s["start"]), at(s["end"]), s["label"]] for s in d["spans"]]},
        "entities": lambda n, d, at: {
            "id": n,
            "text": d["text"],
            "entities": [
                {"id": k, "label": s["label"], "start_offset": at(s["start"]), "end_offset": at(s["end"])} for k, s in enumerate(d["spans"])
            ],
            "relations": [],
        },
    }
    shifted = sum(1 for d in jsonl_docs for s in d["spans"] if utf16(d["text"], s["end"]) != s["end"])
    if shifted == 0:
        fail("doccano: no span has UTF-16 offsets other than its code points; the utf16 check checks nothing")
    for layout, line in layouts.items():
        for offsets in ("codepoint", "utf16"):
            path = tmp / f"doccano-{layout}-{offsets}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for n, d in enumerate(jsonl_docs, 1):
                    at = (lambda o: o) if offsets == "codepoint" else (lambda o, t=d["text"]: utf16(t, o))
                    out.write(json.dumps(line(n, d, at), ensure_ascii=False) + "\n")
            _, got = import_and_export(binary, path, "doccano", tmp, f"doccano-{layout}-{offsets}", "--offsets", offsets)
            if compare_by_text(f"import doccano {layout!r} {offsets}", originals, got):
                print(f"import: doccano {layout!r} with {offsets} offsets ({shifted if offsets == 'utf16' else 0} differ from code points) exports the same spans")


def read_conll_columns(path):
    """Sentences of tokens and of tags (first and last column), -DOCSTART- lines left out."""
    tokens, tags, sentence = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("-DOCSTART-"):
            continue
        if line.strip() == "":
            if sentence:
                tokens.append([t for t, _ in sentence])
                tags.append([g for _, g in sentence])
            sentence = []
        else:
            columns = line.split()
            sentence.append((columns[0], columns[-1]))
    docstarts = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("-DOCSTART-"))
    return tokens, tags, docstarts


def check_conll_round_trip(binary, tmp):
    """A CoNLL-2003 file imported and exported with the whitespace tokenizer is the same
    tokens, sentences, documents and (seqeval's) entities."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "conll" / "news-2003.conll"
    corpus = tmp / "corpus-conll"
    corpus.mkdir()
    subprocess.run(
        [binary, "import", "--from", "conll", "--into", str(corpus), "--annotator", "conll", str(source)],
        check=True,
        capture_output=True,
    )
    subprocess.run([binary, "schema", "init", str(corpus)], check=True, capture_output=True)
    out = tmp / "round-trip.conll"
    export(binary, corpus, "conll", out, "--tokenizer", "whitespace", "--docstart", annotator="conll")
    tokens_in, tags_in, docs_in = read_conll_columns(source)
    tokens_out, tags_out, docs_out = read_conll_columns(out)
    if docs_in != docs_out:
        fail(f"conll round trip: {docs_out} -DOCSTART- lines, the input has {docs_in}")
    if tokens_in != tokens_out:
        fail(f"conll round trip: {len(tokens_out)} sentences of tokens, the input has {len(tokens_in)}, or they differ")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a seqeval warning (a bad tag) fails the check
        ents_in = [sorted(e.to_tuple()[1:] for e in s) for s in Entities(tags_in, IOB2, suffix=False).entities]
        ents_out = [sorted(e.to_tuple()[1:] for e in s) for s in Entities(tags_out, IOB2, suffix=False).entities]
    if [get_entities(s) for s in tags_in] != [get_entities(s) for s in tags_out] or ents_in != ents_out:
        fail("conll round trip: seqeval's entities differ between input and output")
        return
    print(
        f"conll round trip: {len(tokens_in)} sentences, {docs_in} documents, {sum(map(len, tokens_in))} tokens and "
        f"{sum(map(len, ents_in))} seqeval entities (strict IOB2) equal after import and export"
    )


def check_suggest_spacy(binary, corpus, tmp):
    """examples/suggest_spacy.py as the corpus's command: `spantag suggest --from command
    --accept` puts exactly the entities spaCy's EntityRuler finds (run here on the same
    texts and gazetteers) into an annotator's files, at the same code points."""
    corpus = Path(corpus).resolve()
    work = tmp / "suggest"
    for sub in ["samples", "annotations", "gazetteers"]:
        shutil.copytree(corpus / sub, work / sub)
    script = corpus / "examples" / "suggest_spacy.py"
    (work / "spantag.ron").write_text(
        "(labels: [(name: \"actor\", display: \"Actor\", color: \"#e67e22\", key: '1'), "
        "(name: \"location\", display: \"Location\", color: \"#2e86c1\", key: '2'), "
        "(name: \"event\", display: \"Event\", color: \"#8e44ad\", key: '3')], "
        f"suggestions: (command: Some((program: {json.dumps(sys.executable)}, args: [{json.dumps(str(script))}], timeout_seconds: 120))))\n",
        encoding="utf-8",
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp / "config"))
    run = subprocess.run(
        [binary, "suggest", "--annotator", "zed", "--from", "command", "--accept", "--allow-command", str(work)],
        capture_output=True, text=True, env=env,
    )
    if run.returncode != 0:
        fail(f"suggest --from command: exit {run.returncode}: {run.stderr.strip()}")
        return
    out = tmp / "zed.jsonl"
    export(binary, work, "jsonl", out, annotator="zed")
    got = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        got[doc["id"]] = sorted((s["start"], s["end"], s["label"]) for s in doc["spans"])
    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler")
    patterns = []
    for path in sorted((corpus / "gazetteers").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, label = line.partition("\t")
                patterns.append({"label": label.strip(), "pattern": name})
    ruler.add_patterns(patterns)
    expected = {}
    for path in sorted((corpus / "samples").glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        ents = sorted((e.start_char, e.end_char, e.label_) for e in nlp(text).ents)
        if ents:
            expected[path.stem] = ents
    if not expected:
        fail("suggest_spacy: the EntityRuler found nothing in the bundled samples")
    if got != expected:
        fail(f"suggest_spacy: spantag's spans {got} differ from spaCy's {expected}")
    total = sum(len(v) for v in expected.values())
    print(f"suggest_spacy: {total} entities in {len(expected)} documents, as spaCy finds them")


def main(binary, corpus):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export(binary, corpus, "jsonl", tmp / "a.jsonl")
        export(binary, corpus, "conll", tmp / "a.conll", "--docstart", "--report", str(tmp / "report.json"))
        export(binary, corpus, "hf", tmp / "hf")
        jsonl_docs = [json.loads(line) for line in (tmp / "a.jsonl").read_text(encoding="utf-8").splitlines()]
        report = json.loads((tmp / "report.json").read_text(encoding="utf-8"))
        check_conll(jsonl_docs, tmp / "a.conll", report)
        check_spacy(jsonl_docs)
        # The bundled corpus (nested spans), then BOM, CRLF, tabs, runs of spaces, emoji,
        # Arabic, curly quotes and a partial token under a longer span.
        check_docbin(binary, corpus, tmp)
        check_docbin(binary, Path(__file__).resolve().parent.parent / "fixtures" / "spacy", tmp)
        check_spacy_train(binary, corpus, tmp)
        check_hf(tmp / "hf")
        check_hf_split(binary, corpus, tmp, tmp / "hf")
        check_kappa(binary, corpus, tmp)
        check_import_from_tools(binary, jsonl_docs, tmp)
        check_import_doccano(binary, jsonl_docs, tmp)
        check_conll_round_trip(binary, tmp)
        check_suggest_spacy(binary, corpus, tmp)
    if failures:
        print(f"interop: {len(failures)} failed")
        sys.exit(1)
    print("interop: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
