"""Extractions that cost no model request are saved in batches, not one transaction per article.

A real run over a real JSON Lines export into a real DuckDB file. DuckDB's ``current_timestamp`` is the
start of the transaction, so ``extractions.finished_at`` tells how many transactions saved them: one per
article before (7 ms each: a 50,000-record export spent 9 minutes on it), a handful now.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from batch import rows, run, settings
from fakeserver import closed_port_url


def test_articles_without_numbers_are_saved_in_a_few_transactions(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    letters = "bfghjkpqrstwyzae"  # no Roman numeral, no number word: a tag of letters for each record
    with export.open("w", encoding="utf-8") as out:
        for i in range(1200):
            tag = "".join(letters[i >> shift & 15] for shift in (8, 4, 0))
            out.write(json.dumps({"text": f"The council met again in the old hall about item {tag}."}) + "\n")
    config = settings(closed_port_url(), tmp_path)  # nothing to ask: a request would fail the article
    summary = run(config, export)
    assert summary.articles_failed == 0 and summary.stats.model_calls == 0
    stored, transactions = rows(config, "SELECT count(*), count(DISTINCT finished_at) FROM extractions")[0]
    assert stored == summary.articles_new and stored > 1000
    assert transactions <= 60, transactions  # was one per article (1,200)
    assert rows(config, "SELECT count(*) FROM extractions WHERE status <> 'done'") == [(0,)]


NO_MODEL_CHILD = """
import sys
from pathlib import Path
from reconcile.config import Settings
from reconcile.pipeline import Pipeline

export, database, base_url = sys.argv[1:4]
settings = Settings(base_url=base_url, model="fake", database=Path(database))
with Pipeline(settings.database, settings) as pipeline:
    summary = pipeline.run([export])
print(summary.articles_new, summary.articles_failed, "openai" in sys.modules, "instructor" in sys.modules)
"""


def test_a_run_with_nothing_to_ask_loads_no_model_client(tmp_path: Path) -> None:
    """No number, no model: the client libraries (and, embedded, the llama-server) are never started."""
    export = tmp_path / "export.jsonl"
    export.write_text(
        "".join(json.dumps({"text": f"The council met again about item {tag}."}) + "\n" for tag in "bfghjk"),
        encoding="utf-8",
    )
    numbered = tmp_path / "numbered.jsonl"
    numbered.write_text(json.dumps({"text": "France expelled 35 Russian diplomats on Monday."}) + "\n", "utf-8")
    for path, expected in ((export, "6 0 False False"), (numbered, "0 1 True True")):
        result = subprocess.run(
            [sys.executable, "-c", NO_MODEL_CHILD, str(path), str(tmp_path / f"{path.stem}.duckdb"),
             closed_port_url()],
            capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.split("\n")[-2] == expected, result.stdout  # the numbered one asks (and fails)
