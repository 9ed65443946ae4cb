"""The ECB+ news gold: valid, reproduced by its build script, big enough, and its validator not a rubber stamp.

The corpus is read from the shared benchmark folder; tests that need it skip (saying why) when it is absent.
The value/interval helpers are tested without it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reconcile.evaluation import ecbplus
from reconcile.evaluation.newsgold import (
    DEFAULT_DIR,
    SPLIT_DIRS,
    SPLIT_FILE,
    SPLITS,
    disjoint,
    event_subtopic,
    expected_interval,
    load_news_gold,
    parse_value,
    read_split,
    summary,
    validate_news_gold,
)
from reconcile.evaluation.suite import EvalSet

ROOT = Path(__file__).resolve().parents[1]
needs_corpus = pytest.mark.skipif(
    not ecbplus.available(),
    reason=f"ECB+ benchmark folder not found (set {ecbplus.ENV_VAR} or check out ../shared/benchmarks/ecbplus)",
)

Row = dict[str, Any]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35,000", 35000),
        ("6.1", 6.1),
        ("twenty-one", 21),
        ("Three", 3),
        ("2.6 million", 2.6e6),
        ("2.6-million", 2.6e6),
        ("two-million", 2e6),
        ("80m", 8e7),
        ("110bn", 1.1e11),
        ("110 b", 1.1e11),
        ("136M", 1.36e8),
        ("tens of thousands", None),
        ("a hundred billion", None),
        ("AK-47", None),
    ],
)
def test_parse_value(text: str, value: float | None) -> None:
    assert parse_value(text) == value


def test_intervals_and_disjointness() -> None:
    assert expected_interval("vague", None, "Tens of  thousands") == (20000, 99999)
    assert expected_interval("about", 50.0, "50") == (45, 55)
    assert expected_interval("more_than", 20000.0, "20,000") == (20000, None)
    assert expected_interval("range", None, "3 or 4") is None
    assert not disjoint((20000, None), (18900, 23100))  # more than 20,000 vs roughly 21,000
    assert not disjoint((0, 20000), (20000, 99999))  # as many as 20,000 vs tens of thousands: they meet
    assert disjoint((5, 5), (24, 24))
    assert disjoint((24, 99), (200, 999))
    assert event_subtopic("t37plus_quake_killed") == "37_ecbplus"
    assert event_subtopic("t8ecb_reward_money") == "8_ecb"
    assert event_subtopic("bg_2004_tsunami_killed") is None


def test_each_split_is_scored_by_one_eval_set_and_its_folder_is_in_the_repository() -> None:
    """``SPLITS`` is the one table of split -> folder, set and role: ``EvalSet`` and the scorecards derive from it."""
    for split in SPLITS.values():
        assert EvalSet(split.eval_set).splits == [split]
        assert split.path == ROOT / split.folder and split.path.is_dir()
        assert read_split(split.path) == split.name
    assert EvalSet.ALL.splits == list(SPLITS.values()) and EvalSet.SEEDS.splits == []
    assert [s.name for s in SPLITS.values() if s.tuned_on] == ["dev"]  # the held-out split is nobody's to tune on


@needs_corpus
@pytest.mark.parametrize("split", sorted(SPLIT_DIRS))
def test_committed_gold_is_valid(split: str) -> None:
    assert validate_news_gold(SPLIT_DIRS[split]) == []
    assert read_split(SPLIT_DIRS[split]) == split == load_news_gold(SPLIT_DIRS[split]).split


@needs_corpus
@pytest.mark.parametrize("split", sorted(SPLIT_DIRS))
def test_gold_is_reproduced_by_the_build_script(split: str, tmp_path: Path) -> None:
    """Offsets come from eval/ecbplus/build_gold.py, never from hand edits: regenerating gives the same bytes."""
    subprocess.run(
        [sys.executable, str(ROOT / "eval" / "ecbplus" / "build_gold.py"), "--split", split, str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    folder = SPLIT_DIRS[split]
    committed = sorted(p.name for p in [*folder.glob("*.jsonl"), folder / SPLIT_FILE])
    assert sorted(p.name for p in [*tmp_path.glob("*.jsonl"), *tmp_path.glob(SPLIT_FILE)]) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


@needs_corpus
def test_heldout_split_is_disjoint_big_enough_and_lines_up_with_dev() -> None:
    """The held-out split shares no document with the dev split; 25+ documents, 5+ per topic; its event
    labels are the dev split's where the same story is counted, so cross-document events line up."""
    dev, held = load_news_gold(SPLIT_DIRS["dev"]), load_news_gold(SPLIT_DIRS["heldout"])
    assert not set(dev.doc_ids()) & set(held.doc_ids())
    assert len(held.articles) >= 25
    rows = {r["topic"]: r for r in summary(held)}
    assert sorted(rows) == [8, 12, 24, 37, 41]
    for topic, row in rows.items():
        assert row["docs_ecb"] + row["docs_ecbplus"] >= 5, topic  # type: ignore[operator]
        assert row["claims"] and row["events"], topic
    dev_events = {c.event for c in dev.claims}
    for topic in rows:
        shared = {c.event for c in held.claims if c.topic == topic and not c.background} & dev_events
        assert len(shared) >= 2, topic
    assert {k.value for c in held.conflicts for k in [c.kind]} >= {"revision", "source_disagreement", "contradiction"}
    kinds: dict[str, set[tuple[str, str, str]]] = {}
    for c in [*dev.claims, *held.claims]:
        kinds.setdefault(c.event, set()).add((c.measure, c.unit, c.scope))
    assert {e: k for e, k in kinds.items() if len(k) > 1} == {}  # a shared label means the same thing in both


@needs_corpus
def test_heldout_documents_are_read_from_the_corpus_not_copied() -> None:
    """No tracked file of the repository holds a run of twelve words of a held-out document (the texts are
    read at run time from the shared benchmark folder); the gold points at the corpus documents."""
    corpus = ecbplus.EcbPlusCorpus()
    held = load_news_gold(SPLIT_DIRS["heldout"], corpus)
    assert not corpus.root.is_relative_to(ROOT)  # read from the shared benchmark folder, not the repository
    grams = set()
    for doc_id in held.doc_ids():
        words = re.findall(r"\w+", corpus.doc(doc_id).text.lower())
        grams.update(tuple(words[i : i + 12]) for i in range(len(words) - 11))
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=False).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            words = re.findall(r"\w+", path.read_text(encoding="utf-8").lower())
        except UnicodeDecodeError:
            continue
        assert not any(tuple(words[i : i + 12]) in grams for i in range(len(words) - 11)), name


@needs_corpus
def test_size_and_coverage() -> None:
    """At least 40 documents, every topic with 8+ documents from both subtopics, every topic with claims."""
    gold = load_news_gold()
    rows = {r["topic"]: r for r in summary(gold)}
    assert len(gold.articles) >= 40
    assert sorted(rows) == [8, 12, 24, 37, 41]
    for topic, row in rows.items():
        assert row["docs_ecb"] + row["docs_ecbplus"] >= 8, topic  # type: ignore[operator]
        assert row["docs_ecb"] and row["docs_ecbplus"], topic
        assert row["claims"] and row["events"], topic
    stories = Counter(event_subtopic(c.event) for c in gold.claims)
    assert all(stories[f"{t}_{s}"] for t in rows for s in ("ecb", "ecbplus"))


@needs_corpus
def test_readme_disagreement_hints_are_labelled() -> None:
    """The README's natural positives and negative controls, with the kind a careful reader gives them."""
    gold = load_news_gold()
    by_id = gold.by_id()

    def kinds(texts_a: set[str], texts_b: set[str], event_a: str, event_b: str | None = None) -> set[str]:
        out = set()
        for c in gold.conflicts:
            a, b = by_id[c.a], by_id[c.b]
            for x, y in ((a, b), (b, a)):
                same = x.event == event_a and y.event == (event_b or event_a)
                if same and x.number_text in texts_a and y.number_text in texts_b:
                    out.add(c.kind.value)
        return out

    assert kinds({"Five"}, {"24"}, "t37plus_quake_killed") == {"revision"}
    assert "revision" in kinds({"dozens"}, {"249"}, "t37plus_quake_injured")
    assert kinds({"20,000"}, {"21,000"}, "t41plus_yida_refugees") == {"none"}
    assert kinds({"50"}, {"40"}, "t41ecb_schools_and_housing_killed", "t41ecb_school_killed") == {"none"}
    assert kinds({"two-million"}, {"2.6-million"}, "t24plus_heist_money_eur", "t24plus_heist_money_usd") == {"none"}
    assert kinds({"Three"}, {"3"}, "t8plus_bank_killed") == {"none"}
    assert kinds({"Two"}, {"one"}, "t41plus_bombs_in_camp") == {"source_disagreement"}


@needs_corpus
@pytest.mark.parametrize("split", sorted(SPLIT_DIRS))
def test_gold_files_hold_no_corpus_sentences(split: str) -> None:
    """Only offsets and labels are committed: no field holds a run of six words of an ECB+ document."""
    corpus = ecbplus.EcbPlusCorpus()
    six_grams = set()
    for doc in corpus:
        words = re.findall(r"\w+", doc.text.lower())
        six_grams.update(tuple(words[i : i + 6]) for i in range(len(words) - 5))
    for path in SPLIT_DIRS[split].glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for value in json.loads(line).values():
                if isinstance(value, str):
                    words = re.findall(r"\w+", value.lower())
                    assert not any(tuple(words[i : i + 6]) in six_grams for i in range(len(words) - 5)), value


def _edit(path: Path, gold_id: str, change: Callable[[Row], None]) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if row["gold_id"] == gold_id:
            change(row)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


CORRUPTIONS: dict[str, tuple[str, str, Callable[[Row], None], str]] = {
    "span": ("37_3ecbplus", "37_3ecbplus-05", lambda r: r.update(start=r["start"] + 1), "not '24'"),
    "interval": ("37_3ecbplus", "37_3ecbplus-02", lambda r: r.update(low=150.0), "inconsistent with more_than"),
    "measure": ("37_3ecbplus", "37_3ecbplus-05", lambda r: r.update(measure="deaths"), "unknown measure"),
    "currency": ("24_3ecb", "24_3ecb-01", lambda r: r.update(unit="euros"), "ISO 4217"),
    "event_topic": ("24_3ecb", "24_3ecb-01", lambda r: r.update(event="t37ecb_heist_money_eur"), "topic 24"),
    "event_unit": ("24_3ecb", "24_3ecb-02", lambda r: r.update(event="t24ecb_heist_money_eur"), "mixes measure/unit"),
    "ecb_offsets": ("41_2ecb", "41_2ecb-01", lambda r: r.update(ecb_end=r["ecb_end"] + 3), "ecb_start/ecb_end"),
}


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupted_copy_is_caught(name: str, tmp_path: Path) -> None:
    doc, gold_id, change, message = CORRUPTIONS[name]
    gold = tmp_path / "gold"
    shutil.copytree(DEFAULT_DIR, gold)
    _edit(gold / f"{doc}.jsonl", gold_id, change)
    problems = validate_news_gold(gold)
    assert any(gold_id in p or "event" in p for p in problems), problems
    assert any(message in p for p in problems), problems


@needs_corpus
def test_conflict_between_overlapping_figures_is_caught(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(DEFAULT_DIR, gold)
    rows = (gold / "conflicts.jsonl").read_text(encoding="utf-8")
    extra = {"a": "8_4ecbplus-02", "b": "8_10ecbplus-01", "kind": "revision", "why": "at least three vs 3"}
    (gold / "conflicts.jsonl").write_text(rows + json.dumps(extra) + "\n", encoding="utf-8")
    assert any("overlapping intervals cannot disagree" in p for p in validate_news_gold(gold))
