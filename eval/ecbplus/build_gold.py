"""Build ``eval/ecbplus/gold/*.jsonl`` from the hand-written annotations in ``annotations.py``.

Why a script: every offset is computed here from the rebuilt ECB+ text (``reconcile.evaluation.ecbplus``,
read at run time from the shared benchmark folder) and never typed by hand. An annotation names its ECB+
sentence by number, an ``anchor`` (a few words of that sentence around the number, unique in it) and the
number text inside the anchor; the script fails loudly when one is missing or ambiguous, so a change to
the rebuilding rules cannot silently shift a span. The gold files hold offsets and labels only, never
ECB+ sentences: quotes are re-read from the corpus when the gold is loaded.

Two splits, each its own annotations file and gold folder (``SPLITS``): ``dev`` (``annotations.py`` ->
``gold/``, the 62 documents the engine rules are tuned on: a fit) and ``heldout``
(``annotations_heldout.py`` -> ``heldout/``, documents nobody tunes on: the result). Each folder gets a
``split.json`` naming its split, so a gold folder says what its figures are.

Run from the repository root:   .venv/bin/python eval/ecbplus/build_gold.py [--split dev|heldout] [OUT_DIR]
Check:                          .venv/bin/python -m reconcile.evaluation.newsgold [GOLD_DIR]
Labels follow eval/GUIDELINES.md, part II (general news claims).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reconcile.evaluation.ecbplus import EcbDoc, EcbPlusCorpus  # noqa: E402
from reconcile.evaluation.newsgold import SPLIT_DIRS, SPLIT_FILE, disjoint, expected_interval, parse_value  # noqa: E402

GOLD = SPLIT_DIRS["dev"]
# split -> the annotations module (next to this script) it is built from
SPLITS = {"dev": "annotations", "heldout": "annotations_heldout"}
Annotations = tuple[
    list[tuple[str, dict[str, Any], list[dict[str, Any]]]], dict[str, str], list[tuple[str, str, str, str]]
]


def annotations(split: str) -> Annotations:
    """(DOCS, EVENT_KINDS, CONFLICTS) of a split's annotations module."""
    module = importlib.import_module(SPLITS[split])
    return module.DOCS, module.EVENT_KINDS, module.CONFLICTS


# Defaults every claim starts from; a document's defaults and then the claim's own fields override them.
BASE: dict[str, Any] = {
    "hedge": "exact",
    "hedge_text": None,
    "unit": "people",
    "actor": None,
    "target": None,
    "place": None,
    "source": None,
    "modality": "done",
    "scope": "single",
}


def unique_find(haystack: str, needle: str, what: str) -> int:
    first = haystack.find(needle)
    if first < 0:
        raise SystemExit(f"{what}: {needle!r} not found in {haystack!r}")
    if haystack.find(needle, first + 1) >= 0:
        raise SystemExit(f"{what}: {needle!r} occurs more than once in {haystack!r}")
    return first


def build_claim(doc: EcbDoc, defaults: dict[str, Any], ann: dict[str, Any]) -> dict[str, Any]:
    where = f"{doc.doc_id} s{ann['sent']}"
    s_start, s_end = doc.sentence_span(ann["sent"])
    sentence = doc.text[s_start:s_end]
    a_off = unique_find(sentence, ann["anchor"], f"{where} anchor")
    n_off = ann["anchor"].find(ann["num"])
    if n_off < 0:
        raise SystemExit(f"{where}: number {ann['num']!r} not in anchor {ann['anchor']!r}")
    start = s_start + a_off + n_off
    end = start + len(ann["num"])
    fields = {**BASE, **defaults, **{k: v for k, v in ann.items() if k not in {"sent", "anchor", "num"}}}
    hedge = fields["hedge"]
    value = fields["value"] if "value" in fields else parse_value(ann["num"])
    if hedge in ("vague", "range"):
        value = None
    elif value is None:
        raise SystemExit(f"{where}: give value= for {ann['num']!r}")
    value = None if value is None else float(value)
    if hedge == "range":
        low, high = float(fields["low"]), float(fields["high"])
    else:
        bounds = expected_interval(hedge, value, ann["num"])
        if bounds is None:
            raise SystemExit(f"{where}: no interval for {hedge} {ann['num']!r}")
        low, high = bounds
    if fields["hedge_text"] is not None and fields["hedge_text"] not in sentence:
        raise SystemExit(f"{where}: hedge text {fields['hedge_text']!r} not in the sentence")
    ecb_start, ecb_end = doc.to_ecb(start, end)
    return {
        "gold_id": "",
        "doc_id": doc.doc_id,
        "article": doc.file_name,
        "topic": doc.topic,
        "subtopic": doc.subtopic,
        "sentence": ann["sent"],
        "number_text": doc.text[start:end],
        "start": start,
        "end": end,
        "ecb_start": ecb_start,
        "ecb_end": ecb_end,
        "hedge": hedge,
        "hedge_text": fields["hedge_text"],
        "value": value,
        "low": low,
        "high": high,
        "measure": fields["measure"],
        "unit": fields["unit"],
        "actor": fields["actor"],
        "target": fields["target"],
        "place": fields["place"],
        "source": fields["source"],
        "modality": fields["modality"],
        "scope": fields["scope"],
        "sentence_start": s_start,
        "sentence_end": s_end,
        "event": fields["event"],
    }


def build(corpus: EcbPlusCorpus, split: str = "dev") -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Gold claims per document (ids assigned in text order) and the conflict pairs with resolved ids."""
    docs, event_kinds, pairs = annotations(split)
    out: dict[str, list[dict[str, Any]]] = {}
    by_ref: dict[str, str] = {}
    for doc_id, defaults, anns in docs:
        doc = corpus.doc(doc_id)
        built = [(ann.get("ref"), build_claim(doc, defaults, ann)) for ann in anns]
        built.sort(key=lambda rc: (rc[1]["start"], rc[1]["end"]))
        spans = [(c["start"], c["end"]) for _, c in built]
        if len(set(spans)) != len(spans):
            raise SystemExit(f"{doc_id}: two annotations on the same number")
        for i, (ref, claim) in enumerate(built, 1):
            claim["gold_id"] = f"{doc_id}-{i:02d}"
            if ref is not None:
                if ref in by_ref:
                    raise SystemExit(f"duplicate ref {ref!r}")
                by_ref[ref] = claim["gold_id"]
        if doc_id in out:
            raise SystemExit(f"{doc_id} annotated twice")
        out[doc_id] = [c for _, c in built]
    listed: dict[frozenset[str], dict[str, Any]] = {}
    for a, b, kind, why in pairs:
        if a not in by_ref or b not in by_ref:
            raise SystemExit(f"conflict names an unknown ref: {a!r} / {b!r}")
        pair = frozenset((by_ref[a], by_ref[b]))
        if pair in listed:
            raise SystemExit(f"conflict {a} / {b} listed twice")
        listed[pair] = {"a": by_ref[a], "b": by_ref[b], "kind": kind, "why": why}
    conflicts = list(listed.values())
    conflicts += derived_conflicts([c for rows in out.values() for c in rows], set(listed), event_kinds)
    return out, conflicts


def derived_conflicts(
    claims: list[dict[str, Any]], listed: set[frozenset[str]], event_kinds: dict[str, str]
) -> list[dict[str, Any]]:
    """Every pair of claims of one event whose intervals are disjoint and that CONFLICTS does not list,
    with the event's kind from EVENT_KINDS (an event with disagreeing values must have one)."""
    by_event: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        by_event.setdefault(c["event"], []).append(c)
    out = []
    for event, members in sorted(by_event.items()):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = frozenset((a["gold_id"], b["gold_id"]))
                if pair in listed or not disjoint((a["low"], a["high"]), (b["low"], b["high"])):
                    continue
                if event not in event_kinds:
                    raise SystemExit(f"event {event}: {a['gold_id']} and {b['gold_id']} disagree; give EVENT_KINDS")
                why = f"same event, disjoint values: {a['number_text']} vs {b['number_text']}"
                out.append({"a": a["gold_id"], "b": b["gold_id"], "kind": event_kinds[event], "why": why})
    return out


def main(out: Path | None = None, split: str = "dev") -> None:
    """Write a split's gold files into ``out`` (default its gold folder; tests write to a temporary folder
    and compare)."""
    out = out or SPLIT_DIRS[split]
    corpus = EcbPlusCorpus()
    claims, conflicts = build(corpus, split)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.jsonl"):
        old.unlink()
    for doc_id, rows in claims.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / f"{doc_id}.jsonl").write_text(text, encoding="utf-8")
    rows = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in conflicts)
    (out / "conflicts.jsonl").write_text(rows, encoding="utf-8")
    marker = {"split": split, "annotations": f"eval/ecbplus/{SPLITS[split]}.py", "documents": sorted(claims)}
    (out / SPLIT_FILE).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    n = sum(len(r) for r in claims.values())
    print(f"{split}: {len(claims)} documents, {n} claims, {len(conflicts)} conflict pairs -> {out}")


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = "dev"
    if args[:1] == ["--split"]:
        if len(args) < 2 or args[1] not in SPLITS:
            raise SystemExit(f"--split takes one of {sorted(SPLITS)}")
        chosen, args = args[1], args[2:]
    main(Path(args[0]) if args else None, chosen)
