"""Entities on CoNLL-2003 English dev (eng.testa): exact-span precision/recall/F1 by type.

    .venv/bin/python bench/eval_conll.py

Our labels map to CoNLL's: PERSON->PER, GPE/LOC/FAC->LOC, ORG->ORG, NORP/EVENT->MISC. The raw
spaCy tagger (same mapping, plus its other MISC-like labels) is printed beside ours, so the
effect of Storyline's entity rules is visible.
"""

from __future__ import annotations

from collections import Counter

from scoring import CORPORA, HEADER, prf, row

from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import parse

MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG", "NORP": "MISC", "EVENT": "MISC"}
RAW_MISC = {"PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def documents() -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(text, gold spans) per document; tokens joined by spaces, sentences by newlines."""
    docs, text, spans, current = [], [], set(), None
    position = 0

    def close_entity() -> None:
        nonlocal current
        if current:
            spans.add(tuple(current))
            current = None

    for line in (CORPORA / "conll2003-dev" / "eng.testa").read_text("utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_entity()
            if text:
                docs.append(("".join(text), spans))
            text, spans, position = [], set(), 0
            continue
        if not line.strip():
            close_entity()
            if text and not text[-1].endswith("\n"):
                text.append("\n")
                position += 1
            continue
        word, *_, tag = line.split()
        if text and not text[-1].endswith("\n"):
            text.append(" ")
            position += 1
        start, end = position, position + len(word)
        text.append(word)
        position = end
        kind = tag[2:] if tag != "O" else None
        if kind is None or tag.startswith("B-") or (current and current[2] != kind):
            close_entity()
        if kind:
            current = [current[0] if current else start, end, kind]
    close_entity()
    if text:
        docs.append(("".join(text), spans))
    return docs


def main() -> None:
    docs = documents()
    gold_total = Counter(kind for _, spans in docs for *_, kind in spans)
    ours, raw = Counter(), Counter()
    ours_hit, raw_hit = Counter(), Counter()
    for (text, gold), doc in zip(docs, parse([t for t, _ in docs])):
        predicted = {(m.start, m.end, MAP[m.label]) for m in extract_mentions(doc)}
        spacy_spans = {(e.start_char, e.end_char, MAP.get(e.label_) or ("MISC" if e.label_ in RAW_MISC else None))
                       for e in doc.ents}
        spacy_spans = {s for s in spacy_spans if s[2]}
        for counts, hits, spans in ((ours, ours_hit, predicted), (raw, raw_hit, spacy_spans)):
            for span in spans:
                counts[span[2]] += 1
                hits[span[2]] += span in gold
    print(f"CoNLL-2003 dev: {len(docs)} documents, {sum(gold_total.values())} gold entities; exact span and type")
    print(HEADER)
    for kind in ("PER", "LOC", "ORG", "MISC"):
        print(row(f"storyline {kind}", *prf(ours_hit[kind], ours[kind], ours_hit[kind], gold_total[kind])))
    print(row("storyline, all", *prf(sum(ours_hit.values()), sum(ours.values()), sum(ours_hit.values()),
                                     sum(gold_total.values()))))
    print(row("spaCy en_core_web_sm alone, all", *prf(sum(raw_hit.values()), sum(raw.values()), sum(raw_hit.values()),
                                                      sum(gold_total.values()))))


if __name__ == "__main__":
    main()
