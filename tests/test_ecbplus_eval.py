"""The ECB+ evaluation end to end without a model: the oracle (gold claims reconciled and scored) and the
``reconcile eval --set ecbplus --oracle`` command. Skipped, saying why, when the corpus folder is absent."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.evaluation import ecbplus
from reconcile.evaluation.newsgold import SPLIT_DIRS, load_news_gold
from reconcile.evaluation.oracle import oracle_scorecard
from reconcile.evaluation.suite import summary_markdown

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not ecbplus.available(),
    reason=f"ECB+ benchmark folder not found (set {ecbplus.ENV_VAR} or check out ../shared/benchmarks/ecbplus)",
)


def reconcile(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "RECONCILE_DB": str(db)}
    command = [sys.executable, "-m", "reconcile.cli", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_oracle_extracts_everything_and_scores_every_topic(tmp_path: Path) -> None:
    card = oracle_scorecard(tmp_path / "oracle.duckdb")
    gold = load_news_gold()
    assert card.role == "oracle"
    assert card.overall.extraction.claims.f1 == 1.0  # the gold itself, by construction
    assert card.overall.gold_claims == card.overall.predicted_claims == len(gold.claims)
    assert [t.topic for t in card.topics] == [8, 12, 24, 37, 41]
    assert all(t.events.items == t.gold_claims for t in card.topics)  # every claim grouped and scored
    assert card.overall.chains.items > 100  # most claims map to an ECB+ chain
    assert card.overall.conflicts.pairs.n_gold == sum(c.kind.value != "none" for c in gold.conflicts)
    with pytest.raises(FileExistsError):
        oracle_scorecard(tmp_path / "oracle.duckdb")


def test_scorecards_hold_no_corpus_sentence(tmp_path: Path) -> None:
    """Results are committed; ECB+ texts must not be: no run of six words of a document in the files."""
    card = oracle_scorecard(tmp_path / "o.duckdb")
    six = set()
    for doc in ecbplus.EcbPlusCorpus():
        words = re.findall(r"\w+", doc.text.lower())
        six.update(tuple(words[i : i + 6]) for i in range(len(words) - 5))
    for text in (card.to_json(), card.to_markdown(), summary_markdown(None, card)):
        words = re.findall(r"\w+", text.lower())
        assert not [words[i : i + 6] for i in range(len(words) - 5) if tuple(words[i : i + 6]) in six]


def test_eval_command_oracle(tmp_path: Path) -> None:
    result = reconcile("eval", "--oracle", "--out", tmp_path / "out", db=tmp_path / "unused.duckdb")
    assert result.returncode == 0, result.stderr
    card = json.loads((tmp_path / "out" / "ecbplus.json").read_text())
    assert card["role"] == "oracle" and card["overall"]["extraction"]["claims"]["f1"] == 1.0
    assert "role **oracle**" in (tmp_path / "out" / "ecbplus.md").read_text()
    assert not (tmp_path / "unused.duckdb").exists()  # the oracle builds its own database


def test_eval_command_refuses_bad_combinations(tmp_path: Path) -> None:
    result = reconcile("eval", "--set", "seeds", "--oracle", db=tmp_path / "x.duckdb")
    assert result.returncode == 2 and "ECB+ set only" in result.stderr
    result = reconcile("eval", "--set", "all", "--oracle", db=tmp_path / "x.duckdb")
    assert result.returncode == 2 and "ECB+ set only" in result.stderr
    result = reconcile("eval", "--oracle", "--ecbplus", tmp_path / "nowhere", db=tmp_path / "x.duckdb")
    assert result.returncode == 2 and "not found" in result.stderr and "Traceback" not in result.stderr


def test_eval_all_scores_every_set_and_labels_them(tmp_path: Path) -> None:
    """--set all on a database holding the dev split's oracle claims: the seeds score nothing (no seed was
    run), the dev split scores its gold claims, the held-out split nothing (none of its documents is in the
    database); the summary names the seeds and the dev split a fit and the held-out split the result."""
    db = tmp_path / "oracle.duckdb"
    oracle_scorecard(db)
    result = reconcile("eval", "--set", "all", "--score-only", "--db", db, "--out", tmp_path / "out", db=db)
    assert result.returncode == 0, result.stderr
    news = json.loads((tmp_path / "out" / "ecbplus.json").read_text())
    assert (news["role"], news["split"]) == ("fit", "dev") and news["overall"]["extraction"]["claims"]["f1"] == 1.0
    held = json.loads((tmp_path / "out" / "ecbplus-heldout.json").read_text())
    assert (held["role"], held["split"]) == ("result", "heldout") and held["overall"]["predicted_claims"] == 0
    assert held["overall"]["gold_claims"] == len(load_news_gold(SPLIT_DIRS["heldout"]).claims)
    seeds = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert seeds["role"] == "fit" and seeds["predicted_claims"] == 0
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "| seeds | fit |" in summary and "| ecbplus | fit |" in summary and "| ecbplus-heldout | result |" in summary
    assert "| ecbplus-heldout topic 41 | result |" in summary and "held-out" in summary
    roles = {k: v["role"] for k, v in json.loads((tmp_path / "out" / "summary.json").read_text()).items()}
    assert roles == {"seeds": "fit", "ecbplus": "fit", "ecbplus-heldout": "result"}


def test_heldout_oracle_command(tmp_path: Path) -> None:
    """The held-out split through the oracle: every gold claim extracted by construction, scored per topic,
    written under its own name, and its Markdown gives figures but no per-claim list."""
    result = reconcile("eval", "--set", "ecbplus-heldout", "--oracle", "--out", tmp_path, db=tmp_path / "x.duckdb")
    assert result.returncode == 0, result.stderr
    card = json.loads((tmp_path / "ecbplus-heldout.json").read_text())
    gold = load_news_gold(SPLIT_DIRS["heldout"])
    assert (card["set"], card["split"], card["role"]) == ("ecbplus-heldout", "heldout", "oracle")
    assert card["overall"]["gold_claims"] == card["overall"]["predicted_claims"] == len(gold.claims)
    assert card["overall"]["extraction"]["claims"]["f1"] == 1.0
    assert [t["topic"] for t in card["topics"]] == [8, 12, 24, 37, 41]
    md = (tmp_path / "ecbplus-heldout.md").read_text()
    assert "heldout split" in md and "role **oracle**" in md and "JSON only" in md
    assert not re.search(r"\d+_\d+ecb(plus)?-\d\d", md)  # no gold id: nothing to tune on
    assert not (tmp_path / "ecbplus.json").exists()  # the dev split was not scored
