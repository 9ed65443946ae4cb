"""Build the finder gold (``dev.jsonl``, ``heldout.jsonl``) from the hand annotation in ``annotations/``.

Why a build step: a person writes each quantity as the words it is written with ("81", "a third"); the
offsets are computed here, so every gold span slices back to its sentence by construction, and the split
(dev / held-out, by source document) is fixed by the files' order, before any scoring. The format and the
rules of what is a quantity are in ``GUIDELINES.md``.

    .venv/bin/python eval/finder/build.py          # rewrite dev.jsonl and heldout.jsonl; exit 1 on a bad line
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = ("finance", "business", "technology", "sports", "science_health", "politics_crime")
SPLIT_PATTERN = ("dev", "heldout", "dev", "dev", "heldout")  # per section, by document order: 60/40
HEDGES = {"", "at_least", "more_than", "nearly", "about", "up_to", "fewer_than", "further", "vague", "range"}
_LANGUAGE = re.compile(r"\blanguage (de|fr|es|en)\b")
# A document added after the first scoring names its split ("split dev" in its licence note); it takes no
# place in SPLIT_PATTERN, so adding one never moves an existing document between dev and held-out.
_SPLIT = re.compile(r"\bsplit (dev|heldout)\b")


class AnnotationError(ValueError):
    """A line of ``annotations/*.txt`` that does not follow ``GUIDELINES.md``."""


def _number(text: str, where: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError as exc:
        raise AnnotationError(f"{where}: {text!r} is not a number") from exc


def _find(sentence: str, span: str, cursor: int) -> int:
    """Where ``span`` is written as a word of its own ("500" in "the top 500", not in "S&P500"), else anywhere."""
    found = re.compile(rf"(?<!\w){re.escape(span)}(?!\w)").search(sentence, cursor)
    return found.start() if found else sentence.find(span, cursor)


def _quantity(line: str, sentence: str, cursor: int, where: str) -> tuple[dict[str, object], int]:
    fields = [f.strip() for f in line[1:].split("|")]
    if len(fields) != 5:
        raise AnnotationError(f"{where}: want 'span | value | unit | change | hedge', got {line!r}")
    span, value, unit, change, hedge = fields
    start = _find(sentence, span, cursor)
    if start < 0:
        start = _find(sentence, span, 0)
    if start < 0 or not span:
        raise AnnotationError(f"{where}: {span!r} is not in the sentence")
    if hedge not in HEDGES or change not in ("", "+", "-"):
        raise AnnotationError(f"{where}: bad hedge {hedge!r} or change {change!r}")
    if ".." in value:
        low_text, high_text = value.split("..")
        low, high, point = _number(low_text, where), _number(high_text, where), None
    else:
        point = _number(value, where)
        low = high = None
    kind = {"dur": "duration", "age": "age"}.get(unit, "quantity")
    record: dict[str, object] = {
        "start": start,
        "end": start + len(span),
        "text": span,
        "value": point,
        "low": low,
        "high": high,
        "unit": None if unit in ("-", "dur", "age") else unit,
        "kind": kind,
        "change": {"+": "increase", "-": "decrease"}.get(change),
        "hedge": hedge or "exact",
    }
    return record, start + len(span)


def parse(path: Path) -> list[dict[str, object]]:
    """The sentences of one section file, each with its document, source, licence and quantities."""
    section = path.stem
    records: list[dict[str, object]] = []
    doc: dict[str, str] | None = None
    split = SPLIT_PATTERN[0]
    order: list[str] = []  # documents placed by SPLIT_PATTERN (those that name no split)
    cursor = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("@doc "):
            head, _, licence = line[5:].partition("|")
            doc_id, doc_section, source = head.strip().split(" ", 2)
            if doc_section != section:
                raise AnnotationError(f"{where}: document of section {doc_section!r} in {path.name}")
            found = _LANGUAGE.search(licence)
            named = _SPLIT.search(licence)
            if not named:
                order.append(doc_id)
            split = named.group(1) if named else SPLIT_PATTERN[(len(order) - 1) % len(SPLIT_PATTERN)]
            doc = {"doc": doc_id, "source": source.strip(), "licence": licence.strip(),
                   "language": found.group(1) if found else "en"}  # fmt: skip
        elif line.startswith("> "):
            if doc is None:
                raise AnnotationError(f"{where}: a sentence before any @doc line")
            index = sum(1 for r in records if r["doc"] == doc["doc"])
            records.append({"id": f"{doc['doc']}#{index}", **doc, "section": section, "split": split,
                            "text": line[2:], "quantities": []})  # fmt: skip
            cursor = 0
        elif line.startswith("- "):
            if not records:
                raise AnnotationError(f"{where}: a quantity before any sentence")
            sentence = records[-1]
            quantity, cursor = _quantity(line, str(sentence["text"]), cursor, where)
            quantities = sentence["quantities"]
            assert isinstance(quantities, list)
            quantities.append(quantity)
        else:
            raise AnnotationError(f"{where}: unknown line {line!r}")
    return records


def build(folder: Path = HERE) -> dict[str, list[dict[str, object]]]:
    """All sentences by split, sections in ``SECTIONS`` order."""
    out: dict[str, list[dict[str, object]]] = {"dev": [], "heldout": []}
    for section in SECTIONS:
        for record in parse(folder / "annotations" / f"{section}.txt"):
            out[str(record["split"])].append(record)
    return out


def main() -> int:
    try:
        splits = build()
    except AnnotationError as exc:
        print(f"bad annotation: {exc}", file=sys.stderr)
        return 1
    for split, records in splits.items():
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (HERE / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        quantities = sum(len(r["quantities"]) for r in records)  # type: ignore[arg-type]
        print(f"{split}: {len(records)} sentences, {quantities} quantities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
