"""The committed gold standard is valid, and validation catches each kind of corruption.

Why: every score is only as good as the labels. These tests fail if a seed or a label drifts (an
offset no longer slices to its number), and prove ``validate_gold`` is not a rubber stamp by corrupting
a copy in ``tmp_path`` one way at a time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reconcile.evaluation.gold import ConflictKind, load_gold, main, validate_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
SEEDS = ROOT / "seeds"

Row = dict[str, Any]


def test_committed_gold_is_valid() -> None:
    assert validate_gold(GOLD, SEEDS) == []


def test_entry_point_exits_zero_on_committed_gold() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reconcile.evaluation.gold", str(GOLD), str(SEEDS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 43 claims" in result.stdout


def test_gold_counts_and_direction_traps() -> None:
    gold = load_gold(GOLD)
    per_article = {a: len(c) for a, c in gold.by_article().items()}
    assert per_article == {
        "000_66a292cac87dfb5d.txt": 4,
        "001_500971cca791b0ce.txt": 4,
        "002_38e77f81212ed3a0.txt": 12,
        "003_45bacf5aa3bdad93.txt": 13,
        "004_b6df28c9990ddc17.txt": 10,
    }
    by_id = gold.by_id()
    # "40 from Germany": in 003 Russians leave Germany, in 002 Russia expels Germans -> two events.
    assert (by_id["003-11"].actor, by_id["003-11"].target) == ("DEU", "RUS")
    assert (by_id["002-03"].actor, by_id["002-03"].target) == ("RUS", "DEU")
    assert by_id["003-11"].event == by_id["000-01"].event == by_id["001-03"].event
    assert by_id["002-03"].event != by_id["003-11"].event
    # France 35 vs Russia 34 must not be flagged; Estonia 14 staff vs 7 diplomats is unit_or_scope.
    kinds = {c.pair: c.kind for c in gold.conflicts}
    assert kinds[frozenset({"000-02", "002-04"})] is ConflictKind.NONE
    assert kinds[frozenset({"003-09", "003-10"})] is ConflictKind.UNIT_OR_SCOPE


def test_gold_files_are_reproduced_by_the_build_script(tmp_path: Path) -> None:
    """Offsets come from eval/build_gold.py, never from hand edits: regenerating gives the same bytes."""
    subprocess.run(
        [sys.executable, str(ROOT / "eval" / "build_gold.py"), str(tmp_path)], check=True, capture_output=True, cwd=ROOT
    )
    committed = sorted(p.name for p in GOLD.glob("*.jsonl"))
    assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (GOLD / name).read_bytes(), name


# --- corruption of a copy ------------------------------------------------------------------------


def _rows(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[Row]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _edit_claim(gold_id: str, change: Callable[[Row], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = next(folder.glob(f"{gold_id[:3]}_*.jsonl"))
        rows = _rows(path)
        for row in rows:
            if row["gold_id"] == gold_id:
                change(row)
        _write(path, rows)

    return apply


def _shift_span(row: Row) -> None:
    row["start"] += 1
    row["end"] += 1


def _set(**values: Any) -> Callable[[Row], None]:
    def change(row: Row) -> None:
        row.update(values)

    return change


def _bad_conflict(folder: Path) -> None:
    rows = _rows(folder / "conflicts.jsonl")
    rows.append({"a": "000-01", "b": "009-99", "kind": "contradiction", "why": "no such claim"})
    _write(folder / "conflicts.jsonl", rows)


def _duplicate_id(folder: Path) -> None:
    path = folder / "001_500971cca791b0ce.jsonl"
    rows = _rows(path)
    rows[1]["gold_id"] = rows[0]["gold_id"]
    _write(path, rows)


CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "span shifted": (_edit_claim("000-01", _shift_span), "000-01"),
    "quote edited": (_edit_claim("002-09", _set(quote="Spain said something else.")), "quote"),
    "interval vs hedge": (_edit_claim("002-01", _set(low=100.0)), "interval"),
    "vague with value": (_edit_claim("000-04", _set(value=24.0)), "vague"),
    "non-ISO actor": (_edit_claim("003-05", _set(actor="GER")), "GER"),
    "MULTI without members": (_edit_claim("003-01", _set(actor_members=None)), "actor_members"),
    "unknown hedge": (_edit_claim("002-10", _set(hedge="roughly")), "hedge"),
    "unknown unit": (_edit_claim("004-04", _set(unit="spies")), "unit"),
    "unknown measure": (_edit_claim("004-04", _set(measure="expel")), "measure"),
    "reversed direction in an event": (
        _edit_claim("002-03", _set(event="DEU-expel-RUS-diplomats-2022-04-04")),
        "DEU-expel-RUS",
    ),
    "date window inverted": (_edit_claim("002-12", _set(date_low="2022-06-01")), "date_low"),
    "duplicate id": (_duplicate_id, "duplicate gold_id"),
    "conflict to unknown id": (_bad_conflict, "009-99"),
    "same-event kind across events": (
        lambda f: _write(
            f / "conflicts.jsonl", [{"a": "000-02", "b": "002-04", "kind": "contradiction", "why": "wrong"}]
        ),
        "same event",
    ),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupted_copy_is_caught(name: str, tmp_path: Path) -> None:
    corrupt, expected = CORRUPTIONS[name]
    copy = tmp_path / "gold"
    shutil.copytree(GOLD, copy)
    assert validate_gold(copy, SEEDS) == []  # the copy starts clean, so the corruption is what is caught
    corrupt(copy)
    problems = validate_gold(copy, SEEDS)
    assert problems, name
    assert any(expected in p for p in problems), problems
    assert main([str(copy), str(SEEDS)]) == 1


def test_edited_seed_is_caught(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = seeds / "003_45bacf5aa3bdad93.txt"
    path.write_text("Breaking: " + path.read_text(encoding="utf-8"), encoding="utf-8")
    problems = validate_gold(GOLD, seeds)
    assert any(p.startswith("003-01") for p in problems), problems
