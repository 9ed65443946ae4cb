"""Extractions that cost no model request are saved in batches, not one transaction per article.

A real run over a real JSON Lines export into a real DuckDB file. DuckDB's ``current_timestamp`` is the
start of the transaction, so ``extractions.finished_at`` tells how many transactions saved them: one per
article before (7 ms each: a 50,000-record export spent 9 minutes on it), a handful now.
"""

from __future__ import annotations

import json
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
