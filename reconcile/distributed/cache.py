"""The response cache shared by extraction actors: the database's ``llm_cache`` read-only, plus a journal.

Why this shape. DuckDB gives a file to one writing process, so dozens of actors cannot all write the run's
database; but any number of processes may read it while nobody writes. During extraction the driver holds
no connection, every actor opens the database read-only for lookups (keyed, as everywhere, on the sha256
of the exact request body: ``llm.transport.request_key``), and every new answer is appended to the actor's
own journal, one JSON line flushed per answer. After the run the driver merges the journals into
``llm_cache`` and deletes them. A run killed at any point (``kill -9`` of the driver takes its actors
with it) leaves its journals behind, and the next run merges them before it asks anything: no answer
received is ever paid for twice.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from reconcile.store.database import Store

JOURNAL_SUFFIX = ".jsonl"


class SharedCache:
    """``ResponseCache`` for one actor: lookups in the database (read-only) and in its own answers."""

    def __init__(self, database: Path, journal: Path) -> None:
        self._database = database
        self._con: duckdb.DuckDBPyConnection | None = None
        self._readers = 0  # batches in progress (an actor runs two at once)
        self._lock = threading.Lock()
        self._mine: dict[str, bytes] = {}
        journal.parent.mkdir(parents=True, exist_ok=True)
        self._journal = journal.open("a", encoding="utf-8")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The database open (read-only) for the block: a batch. Closed after it, so that the driver can open
        the file for writing the moment the last batch is done, whenever Ray gets round to ending the actor."""
        with self._lock:
            self._readers += 1
            if self._con is None and self._database.exists():
                self._con = duckdb.connect(str(self._database), read_only=True)
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                if self._con is not None and not self._readers:
                    self._con.close()
                    self._con = None

    def get(self, key: str) -> bytes | None:
        with self._lock:
            if key in self._mine:
                return self._mine[key]
            if self._con is None:
                return None
            row = self._con.execute("SELECT response FROM llm_cache WHERE request_hash = ?", [key]).fetchone()
        return str(row[0]).encode("utf-8") if row else None

    def put(self, key: str, model: str | None, body: bytes, prompt_tokens: int, completion_tokens: int) -> None:
        """Journal the answer first (flushed: a killed process loses no answer it received), then remember it."""
        line = json.dumps(
            {"request_hash": key, "model": model, "response": body.decode("utf-8"),
             "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens},
            ensure_ascii=False,
        )  # fmt: skip
        with self._lock:
            self._journal.write(line + "\n")
            self._journal.flush()
            self._mine[key] = body

    def close(self) -> None:
        with self._lock:
            self._journal.close()
            if self._con is not None:
                self._con.close()
                self._con = None


def merge_journals(store: Store, folder: Path) -> int:
    """Move every journal in ``folder`` into the database's ``llm_cache`` (one transaction); answers merged.

    A later answer to the same request replaces an earlier one, as ``store.cache.DuckDBCache.put`` does. A
    line cut short by a kill is skipped (its answer is asked again). The journals are deleted only after
    the commit, so a crash during the merge merges them again next time.
    """
    journals = sorted(folder.glob(f"*{JOURNAL_SUFFIX}")) if folder.is_dir() else []
    if not journals:
        return 0
    with store.transaction() as cur:
        before = _count(cur)
        cur.execute(
            "INSERT INTO llm_cache (request_hash, model, response, prompt_tokens, completion_tokens)"
            " SELECT request_hash, model, response, prompt_tokens, completion_tokens FROM read_json(?,"
            " format = 'newline_delimited', ignore_errors = true, columns = {request_hash: 'VARCHAR',"
            " model: 'VARCHAR', response: 'VARCHAR', prompt_tokens: 'INTEGER', completion_tokens: 'INTEGER'})"
            " WHERE request_hash IS NOT NULL AND response IS NOT NULL"
            " QUALIFY row_number() OVER (PARTITION BY request_hash) = 1"
            " ON CONFLICT (request_hash) DO UPDATE SET model = excluded.model, response = excluded.response,"
            " prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,"
            " created_at = now()",
            [[str(path) for path in journals]],
        )
        merged = _count(cur) - before
    for path in journals:
        path.unlink()
    return merged


def _count(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.execute("SELECT count(*) FROM llm_cache").fetchone()
    return int(row[0]) if row else 0
