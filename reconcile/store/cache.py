"""The model-response cache, kept in the run's DuckDB file (table ``llm_cache``).

Keyed on the sha256 of the request body (see ``llm.transport``), so a re-run on unchanged input, with
the same model, prompt, parameters and schema, makes zero model calls — even across processes.
"""

from __future__ import annotations

from reconcile.store.database import Store


class DuckDBCache:
    """``ResponseCache`` over a ``Store``; safe to call from the extraction worker threads."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> bytes | None:
        rows = self.store.query("SELECT response FROM llm_cache WHERE request_hash = ?", [key])
        return rows[0][0].encode("utf-8") if rows else None

    def put(self, key: str, model: str | None, body: bytes, prompt_tokens: int, completion_tokens: int) -> None:
        with self.store.transaction() as cur:
            cur.execute(
                "INSERT INTO llm_cache (request_hash, model, response, prompt_tokens, completion_tokens)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [key, model, body.decode("utf-8"), prompt_tokens, completion_tokens],
            )
