"""Store: the DuckDB file that holds articles, runs, claims, rejections and the model-response cache.

Every write that belongs together is one transaction — an article's claims, rejections and its
extraction record commit together or not at all — so killing the process at any moment leaves either
the whole article or nothing, and the next run redoes exactly the articles without a ``done`` record.
User-supplied values only ever reach SQL as parameters.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from reconcile.core.claims import Claim, MeasureKind
from reconcile.core.heads import counted_head
from reconcile.core.types import Article
from reconcile.errors import DatabaseBusy, DatabaseNotFound, DatabaseUnusable
from reconcile.ground import Rejection
from reconcile.normalize.entities import text_key

__all__ = [
    "VIEWS", "ClaimsMigrationError", "DatabaseBusy", "DatabaseNotFound", "DatabaseUnusable",
    "ExtractionRecord", "Store", "connect", "ensure_views",
]  # fmt: skip


class ClaimsMigrationError(DatabaseUnusable):
    """An old claims table could not be carried over to the current layout; the file is left unchanged."""


_CLAIM_COLUMNS = (
    "claim_id", "article_id", "extractor_version", "run_id", "number_id", "number_text", "start", "end",
    "value", "low", "high", "hedge", "hedge_text", "alignment",
    "profile", "measure", "measure_kind", "counted_text", "counted_head", "unit",
    "actor_text", "actor", "actor_members", "target_text", "target", "target_members",
    "place_text", "place", "source_text", "source",
    "scope", "modality", "date_text", "event_date", "date_low", "date_high",
    "sentence_start", "sentence_end", "quote",
)  # fmt: skip
_ENUM_COLUMNS = frozenset({"measure_kind", "scope", "modality"})


_ARTICLE_COLUMNS = ("article_id", "source", "text", "title", "published", "url", "outlet", "author", "language")

_CLAIM_SELECT = ", ".join(f'c."{column}"' for column in _CLAIM_COLUMNS)
_CLAIM_INSERT = "INSERT INTO claims ({}) VALUES ({})".format(
    ", ".join(f'"{c}"' for c in _CLAIM_COLUMNS), ", ".join("?" for _ in _CLAIM_COLUMNS)
)


def _schema_sql() -> str:
    return resources.files("reconcile.store").joinpath("schema.sql").read_text(encoding="utf-8")


VIEWS = ("claim_values", "event_conflicts", "explained_differences")  # defined in views.sql
_EVENT_TABLES = frozenset({"events", "event_claims", "conflicts", "event_relations"})


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}


def ensure_views(con: duckdb.DuckDBPyConnection, *, temporary: bool = False) -> bool:
    """Create or replace the reading views (``views.sql``): ``claim_values``, ``event_conflicts``,
    ``explained_differences``.

    ``temporary``: for this connection only, which is all a read-only file allows. Returns False when
    there is nothing to view yet (no run has reconciled, so the event tables do not exist).
    """
    if not _tables(con) >= _EVENT_TABLES:
        return False
    sql = resources.files("reconcile.store").joinpath("views.sql").read_text(encoding="utf-8")
    if temporary:
        sql = sql.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW")
    con.execute(sql)
    return True


def _views_missing(con: duckdb.DuckDBPyConnection) -> bool:
    found = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return not set(VIEWS) <= found


def connect(path: str | Path, *, read_only: bool = False, create: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a reconcile database; clear errors for a busy, missing, foreign or unopenable file.

    Read-only opens never create anything (not the file, not a table), so reports work on a database
    that is ``chmod 444`` or in a read-only folder. A missing file is created only when ``create`` (and
    not ``read_only``), together with its folder.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    if not memory and not path.exists() and (read_only or not create):
        raise DatabaseNotFound(f"no database at {path}")
    if not memory and not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnusable(f"cannot create the folder of the database {path}: {exc.strerror}") from exc
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"{path} is in use by another reconcile process; wait for it to finish or use another --db"
            ) from exc
        reason = str(exc).removeprefix("IO Error: ")
        raise DatabaseUnusable(f"cannot open the database {path}: {reason}") from exc
    try:
        _check_ours(con, path, read_only)
        if not read_only:
            migrate_claims(con)
            con.execute(_schema_sql())
            backfill_counted_heads(con)
            if _views_missing(con):  # a file made before the views (read-only: see Store._open_cursor)
                ensure_views(con)
    except BaseException:
        con.close()
        raise
    return con


def _check_ours(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    """Refuse a DuckDB file of something else rather than add our tables to it (or read nothing from it)."""
    tables = _tables(con)
    if tables and not tables & {"articles", "runs", "extractions", "claims", "llm_cache"}:
        raise DatabaseUnusable(f"{path} is a DuckDB database, but not a reconcile one (none of its tables)")
    if not tables and read_only:
        raise DatabaseUnusable(f"{path} is an empty DuckDB database, not a reconcile one")


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema()",
        [table],
    ).fetchall()
    return {row[0] for row in rows}


# The expulsion-only layout stored an ``action``; the measure each action counted (profiles/expulsions).
_LEGACY_ACTION_MEASURES = {
    "expel": "expelled",
    "persona_non_grata": "expelled",
    "close": "closed",
    "recall": "recalled",
}
_LEGACY_PROFILE = "expulsions"


def backfill_counted_heads(con: duckdb.DuckDBPyConnection) -> int:
    """Give claims stored before ``counted_head`` existed their head (``core.heads.counted_head``); rows set.

    Why not wait for the next run to re-ground them: grouping keys a worded measure on the head, so until
    then "5 floors" and "3 cars" would meet under an empty head; and an article a run cannot re-extract
    (its endpoint is down) keeps its old claims. One scan, which finds nothing once done."""
    rows = con.execute(
        "SELECT c.claim_id, c.counted_text, a.language FROM claims c LEFT JOIN articles a USING (article_id) "
        "WHERE c.counted_head IS NULL AND c.counted_text IS NOT NULL"
    ).fetchall()
    heads = [(head, claim_id) for claim_id, text, language in rows if (head := counted_head(text, language))]
    if heads:
        con.executemany("UPDATE claims SET counted_head = ? WHERE claim_id = ?", heads)
    return len(heads)


def migrate_claims(con: duckdb.DuckDBPyConnection) -> int:
    """Carry a claims table of the expulsion-only layout over to the general claim model; rows moved.

    Why carry instead of drop: the old claims stay readable (reports, exports) until the next run, which
    re-extracts every article anyway because their ``extractor_version`` is not the current one (the
    cached model responses make that cheap). Old rows map as ``ground.py`` maps a fresh answer:
    ``action`` -> ``measure`` (expel and persona_non_grata -> expelled, close -> closed, recall ->
    recalled), a ``flow`` of the ``expulsions`` profile, ``attribution`` -> ``source_text``. One
    transaction: interrupted, the old table is still there and the next open migrates again.
    """
    columns = _table_columns(con, "claims")
    if "action" not in columns:
        return 0
    measures = _LEGACY_ACTION_MEASURES
    con.execute("BEGIN TRANSACTION")
    try:
        cursor = con.execute("SELECT * FROM claims")
        names = [d[0] for d in cursor.description or ()]
        old_rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        con.execute("DROP TABLE claims")
        con.execute(_schema_sql())
        rows = []
        for old in old_rows:
            new = {column: old.get(column) for column in _CLAIM_COLUMNS}
            new.update(
                profile=_LEGACY_PROFILE,
                measure=measures.get(str(old["action"]), "other"),
                measure_kind=str(MeasureKind.FLOW),
                source_text=old.get("attribution"),
                source=text_key(old["attribution"]) or None if old.get("attribution") else None,
            )
            rows.append([new[column] for column in _CLAIM_COLUMNS])
        if rows:
            con.executemany(_CLAIM_INSERT, rows)
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise ClaimsMigrationError(
            f"cannot carry the old claims table over to the general claim model ({exc}); the file is unchanged: "
            "use another --db to start afresh"
        ) from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return len(rows)


@dataclass(frozen=True, slots=True)
class ExtractionRecord:
    article_id: str
    extractor_version: str
    run_id: str
    status: str  # done | failed
    error: str | None = None
    claims: int = 0
    dropped: int = 0
    model_calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class Store:
    """Typed reads and transactional writes over one DuckDB connection (thread-safe via cursors)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, create: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.con = connect(path, read_only=read_only, create=create)
        self._lock = threading.Lock()
        self._closed = False
        # A read-only file made before the views cannot get them: each cursor gets temporary ones (temporary
        # objects belong to one connection, and every DuckDB cursor is a connection of its own).
        self._temporary_views = read_only and _views_missing(self.con)

    def close(self) -> None:
        """Close the file and drop the connection object.

        Dropping it matters: tracebacks kept by the model client's retry machinery can keep this
        ``Store`` alive until exit, and a DuckDB connection still alive then makes duckdb's bindings
        print pages of "leaked instance" warnings. A closed store has no ``con``. Taken under the lock,
        so a worker thread abandoned by an interrupted run can never write into a closing file.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.con.close()
            del self.con

    def _open_cursor(self) -> duckdb.DuckDBPyConnection:
        if self._closed:
            raise RuntimeError(f"the database {self.path} is closed")
        cursor = self.con.cursor()
        if self._temporary_views:
            ensure_views(cursor, temporary=True)
        return cursor

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for work that manages its own transaction (e.g. the reconcile stage)."""
        with self._lock:
            cursor = self._open_cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cursor = self._open_cursor()
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            else:
                cursor.execute("COMMIT")
            finally:
                cursor.close()

    # -- articles ---------------------------------------------------------------------------------
    def add_article(self, article: Article) -> bool:
        """Insert the article if its content is new; always remember the path. True if new content."""
        return article.article_id in self.add_articles([article])

    def add_articles(self, articles: Sequence[Article]) -> set[str]:
        """Insert the new contents among ``articles`` and remember every path, in one transaction.

        New content gets its near-duplicate ``source_group`` here, on first sight (see
        ``reconcile.ingest.duplicates``); articles stored before groups existed get theirs first.
        Returns the ids that were new.
        """
        from reconcile.ingest.duplicates import assign_source_groups

        if not articles:
            return set()
        with self.transaction() as cur:
            ids = [a.article_id for a in articles]
            known = {
                r[0]
                for r in cur.execute(
                    "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [ids]
                ).fetchall()
            }
            fresh: dict[str, Article] = {}
            for article in articles:
                if article.article_id not in known:
                    fresh.setdefault(article.article_id, article)
            legacy = cur.execute(
                "SELECT article_id, text FROM articles WHERE source_group IS NULL ORDER BY ingested_at, article_id"
            ).fetchall()
            groups = assign_source_groups(cur, [*legacy, *((a.article_id, a.text) for a in fresh.values())])
            if legacy:
                cur.execute(
                    "UPDATE articles SET source_group = g.grp FROM (SELECT unnest(?) AS id, unnest(?) AS grp) g"
                    " WHERE articles.article_id = g.id",
                    [[r[0] for r in legacy], [groups[r[0]] for r in legacy]],
                )
            if fresh:
                columns = {name: [getattr(a, name) for a in fresh.values()] for name in _ARTICLE_COLUMNS}
                columns["source_group"] = [groups[i] for i in fresh]
                cur.execute(
                    f"INSERT INTO articles ({', '.join(columns)}) SELECT {', '.join('unnest(?)' for _ in columns)}",
                    list(columns.values()),
                )
            cur.execute(
                "INSERT INTO article_sources (article_id, source) SELECT unnest(?), unnest(?) ON CONFLICT DO NOTHING",
                [ids, [a.source for a in articles]],
            )
        return set(fresh)

    def articles(self, article_ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles with their metadata and source group: the given ones in that order, else all
        in the order they were first seen. A database opened read-only from before the metadata columns
        answers with them unknown (NULL) rather than failing."""
        with self.cursor() as cursor:
            present = _table_columns(cursor, "articles")
        columns = ", ".join(c if c in present else f"NULL AS {c}" for c in (*_ARTICLE_COLUMNS, "source_group"))
        if article_ids is None:
            rows = self.query(f"SELECT {columns} FROM articles ORDER BY ingested_at, article_id")
        else:
            found = {
                r[0]: r
                for r in self.query(
                    f"SELECT {columns} FROM articles WHERE list_contains(?, article_id)", [list(article_ids)]
                )
            }
            rows = [found[i] for i in article_ids if i in found]
        return [Article(**dict(zip((*_ARTICLE_COLUMNS, "source_group"), row, strict=True))) for row in rows]

    def done_articles(self, extractor_version: str) -> set[str]:
        """Articles whose stored claims came from this extractor (at most one ``done`` record per article)."""
        rows = self.query(
            "SELECT article_id FROM extractions WHERE extractor_version = ? AND status = 'done'", [extractor_version]
        )
        return {row[0] for row in rows}

    def article_ids_by_prefix(self, prefixes: Iterable[str] = ()) -> list[str]:
        """Ids of stored articles starting with one of ``prefixes`` (all stored ones when none is given).

        ``LookupError`` names every prefix that matches no stored article, so a typo is never a silent no-op.
        """
        wanted = [p.lower() for p in prefixes]
        ids = [row[0] for row in self.query("SELECT article_id FROM articles ORDER BY ingested_at, article_id")]
        if not wanted:
            return ids
        unknown = [p for p in wanted if not any(i.startswith(p) for i in ids)]
        if unknown:
            raise LookupError(f"no stored article id starts with {', '.join(map(repr, unknown))}")
        return [i for i in ids if any(i.startswith(p) for p in wanted)]

    # -- extraction results -----------------------------------------------------------------------
    def save_extraction(
        self, record: ExtractionRecord, claims: Iterable[Claim], rejections: Iterable[Rejection]
    ) -> None:
        """Record an extraction; a successful one replaces the article's claims, in one transaction.

        The claims table holds one extraction per article, and ``done`` says whose: a successful
        extraction marks the article's earlier ``done`` record (another model, prompt or schema)
        ``superseded``, so switching model A -> B -> A extracts under A again (from the response cache
        when A's answers are in it) instead of skipping it while B's claims are stored. A failed
        extraction (say, under a new model whose endpoint is down) only records the failure: the claims
        of the last good one stay, and so does its ``done``.
        """
        with self.transaction() as cur:
            key = [record.article_id, record.extractor_version]
            cur.execute("DELETE FROM extractions WHERE article_id = ? AND extractor_version = ?", key)
            if record.status == "done":
                cur.execute(
                    "UPDATE extractions SET status = 'superseded' WHERE article_id = ? AND status = 'done'",
                    [record.article_id],
                )
                cur.execute("DELETE FROM claims WHERE article_id = ?", [record.article_id])
                cur.execute("DELETE FROM rejections WHERE article_id = ?", [record.article_id])
            rows = [_claim_row(claim, record) for claim in claims]
            if rows:
                cur.executemany(_CLAIM_INSERT, rows)
            rejection_rows = [
                [record.article_id, record.extractor_version, r.number_id, r.mention.span.start, r.mention.span.end,
                 r.reason, r.payload]
                for r in rejections
            ]  # fmt: skip
            if rejection_rows:
                cur.executemany(
                    'INSERT INTO rejections (article_id, extractor_version, number_id, start, "end", reason, payload)'
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rejection_rows,
                )
            cur.execute(
                "INSERT INTO extractions (article_id, extractor_version, run_id, status, error, claims, dropped,"
                " model_calls, cache_hits, retries, prompt_tokens, completion_tokens, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [record.article_id, record.extractor_version, record.run_id, record.status, record.error,
                 record.claims, record.dropped, record.model_calls, record.cache_hits, record.retries,
                 record.prompt_tokens, record.completion_tokens, record.seconds],
            )  # fmt: skip

    def record_ingest_failure(self, run_id: str, source: str, reason: str) -> None:
        self.record_ingest_failures(run_id, [(source, reason)])

    def record_ingest_failures(self, run_id: str, failures: Sequence[tuple[str, str]]) -> None:
        """(source, reason) pairs of inputs that did not become articles, in one transaction."""
        if failures:
            with self.transaction() as cur:
                cur.execute(
                    "INSERT INTO ingest_failures (run_id, source, reason) SELECT ?, unnest(?), unnest(?)",
                    [run_id, [f[0] for f in failures], [f[1] for f in failures]],
                )

    # -- runs -------------------------------------------------------------------------------------
    def start_run(self, run_id: str, values: dict[str, Any]) -> None:
        columns = ["run_id", *values]
        with self.transaction() as cur:
            cur.execute(
                f"INSERT INTO runs ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                [run_id, *values.values()],
            )

    def interrupt_abandoned_runs(self) -> None:
        """Mark runs still ``running`` as ``interrupted``: their process was killed before it could say so.

        Safe because DuckDB gives one process the file: whoever holds it now is the only one running.
        """
        with self.transaction() as cur:
            cur.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def finish_run(self, run_id: str, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self.transaction() as cur:
            cur.execute(f"UPDATE runs SET {assignments} WHERE run_id = ?", [*values.values(), run_id])

    # -- reads --------------------------------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.cursor() as cursor:
            return cursor.execute(sql, params or []).fetchall()

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Stored claims (latest extraction of each article), in article order."""
        sql = f"SELECT {_CLAIM_SELECT} FROM claims c"
        params: list[Any] = []
        if article_id:
            sql += " WHERE c.article_id = ?"
            params.append(article_id)
        sql += " ORDER BY c.article_id, c.start"
        fields = [c for c in _CLAIM_COLUMNS if c not in {"extractor_version", "run_id"}]
        out = []
        for row in self.query(sql, params):
            record = dict(zip(_CLAIM_COLUMNS, row, strict=True))
            out.append(Claim.model_validate({name: record[name] for name in fields}))
        return out


def _claim_row(claim: Claim, record: ExtractionRecord) -> list[Any]:
    values = claim.model_dump()
    values["extractor_version"] = record.extractor_version
    values["run_id"] = record.run_id
    return [str(values[c]) if c in _ENUM_COLUMNS else values[c] for c in _CLAIM_COLUMNS]
