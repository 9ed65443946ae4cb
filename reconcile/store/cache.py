"""The model-response cache, kept in the run's DuckDB file (table ``llm_cache``).

Keyed on the sha256 of the request body (see ``llm.transport``), so a re-run on unchanged input, with
the same model, prompt, parameters and schema, makes zero model calls — even across processes.
"""

from __future__ import annotations

import json
from pathlib import Path

from reconcile.store.database import Store


class DuckDBCache:
    """``ResponseCache`` over a ``Store``; safe to call from the extraction worker threads."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> bytes | None:
        rows = self.store.query("SELECT response FROM llm_cache WHERE request_hash = ?", [key])
        return rows[0][0].encode("utf-8") if rows else None

    def put(self, key: str, model: str | None, body: bytes, prompt_tokens: int, completion_tokens: int) -> None:
        """Store a response, replacing an older one for the same request (a re-extraction's fresh answer)."""
        with self.store.transaction() as cur:
            cur.execute(
                "INSERT INTO llm_cache (request_hash, model, response, prompt_tokens, completion_tokens)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_hash) DO UPDATE SET model = excluded.model,"
                " response = excluded.response, prompt_tokens = excluded.prompt_tokens,"
                " completion_tokens = excluded.completion_tokens, created_at = now()",
                [key, model, body.decode("utf-8"), prompt_tokens, completion_tokens],
            )


def export_cache(store: Store, path: Path) -> int:
    """Write the cached responses as JSONL (the replay fixtures of the tests are made this way)."""
    rows = store.query("SELECT request_hash, model, response FROM llm_cache ORDER BY request_hash")
    with path.open("w", encoding="utf-8") as out:
        for request_hash, model, response in rows:
            out.write(json.dumps({"request_hash": request_hash, "model": model, "response": response}) + "\n")
    return len(rows)


def import_cache(store: Store, path: Path) -> int:
    """Load responses exported by ``export_cache``; a run over the same input then replays them."""
    cache = DuckDBCache(store)
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                cache.put(row["request_hash"], row.get("model"), row["response"].encode("utf-8"), 0, 0)
                count += 1
    return count
