"""Store: the DuckDB file that holds articles, runs, claims, rejections and the model-response cache.

Every write that belongs together is one transaction — an article's claims, rejections and its
extraction record commit together or not at all — so killing the process at any moment leaves either
the whole article or nothing, and the next run redoes exactly the articles without a ``done`` record.
User-supplied values only ever reach SQL as parameters.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from reconcile.core.claims import Claim, MeasureKind, Rejection
from reconcile.core.heads import counted_head
from reconcile.core.types import Article
from reconcile.errors import DatabaseBusy, DatabaseNotFound, DatabaseUnusable
from reconcile.normalize.entities import text_key
from reconcile.store.bulk import insert_columns
from reconcile.store.claim_schema import (
    CLAIM_FIELDS,
    CLAIM_INSERT,
    COLUMN_NAMES,
    claim_row,
    claim_select,
    claim_values_view,
    claims_ddl,
)

__all__ = [
    "VIEWS", "ClaimsMigrationError", "DatabaseBusy", "DatabaseNotFound", "DatabaseUnusable",
    "ExtractionRecord", "Store", "connect", "ensure_views", "schema_sql",
]  # fmt: skip


class ClaimsMigrationError(DatabaseUnusable):
    """An old claims table could not be carried over to the current layout; the file is left unchanged."""


_ARTICLE_COLUMNS = ("article_id", "source", "text", "title", "published", "url", "outlet", "author", "language")


def schema_sql() -> str:
    """The tables (``schema.sql``) with the claims table derived from ``Claim`` (``claim_schema``) before its
    migrations, which read it."""
    sql = resources.files("reconcile.store").joinpath("schema.sql").read_text(encoding="utf-8")
    head, claims_marker, tail = sql.partition("-- claims: claim_schema.claims_ddl()\n")
    if not claims_marker:
        raise RuntimeError("schema.sql lost its claims marker")
    return head + claims_ddl() + tail


VIEWS = ("claim_values", "event_conflicts", "explained_differences")  # claim_schema.py, then views.sql
EVENT_TABLES = ("events", "event_claims", "conflicts", "event_relations")
"""What reconciliation writes (``events.sql``, section ``schema``), in the order they are created."""
_EVENT_TABLES = frozenset(EVENT_TABLES)


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
    sql = claim_values_view() + resources.files("reconcile.store").joinpath("views.sql").read_text(encoding="utf-8")
    if temporary:
        sql = sql.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW")
    con.execute(sql)
    return True


def _views_missing(con: duckdb.DuckDBPyConnection) -> bool:
    found = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return not set(VIEWS) <= found


# Nothing may fetch or load code from the network because of a file we were handed: a SQLite file named
# ``.duckdb`` made DuckDB download its sqlite extension (4.7 s, then a multi-line error).
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

_DUCKDB_MAGIC = b"DUCK"  # bytes 8-12 of every DuckDB database file
_OTHER_FORMATS = ((b"SQLite format 3\0", "a SQLite database"), (b"PAR1", "a Parquet file"))


def _check_file_format(path: Path) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB sees it (its own guesses fetch extensions).

    An empty file is left to DuckDB (it makes a database of it). Only regular files are read: a FIFO
    would block the read for ever.
    """
    if not path.exists() or path.is_dir():
        return  # a missing file is created; a folder gets DuckDB's own one-line error
    if not path.is_file():
        raise DatabaseUnusable(f"{path} is not a regular file (a device or a pipe), not a reconcile database")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise DatabaseUnusable(f"cannot read the database {path}: {exc.strerror or exc}") from exc
    if not head or head[8:12] == _DUCKDB_MAGIC:
        return
    what = next((name for magic, name in _OTHER_FORMATS if head.startswith(magic)), "some other kind of file")
    raise DatabaseUnusable(f"{path} is not a DuckDB database ({what}): use another --db")


def connect(path: str | Path, *, read_only: bool = False, create: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a reconcile database; clear errors for a busy, missing, foreign or unopenable file.

    Read-only opens never create anything (not the file, not a table), so reports work on a database
    that is ``chmod 444`` or in a read-only folder. A missing file is created only when ``create`` (and
    not ``read_only``), together with its folder. DuckDB never installs or loads an extension here
    (``DUCKDB_CONFIG``); a damaged file is a ``DatabaseUnusable``, not a traceback.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    if not memory and not path.exists() and (read_only or not create):
        raise DatabaseNotFound(f"no database at {path}")
    if not memory:
        _check_file_format(path)
    if not memory and not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnusable(f"cannot create the folder of the database {path}: {exc.strerror}") from exc
    con = open_duckdb(path, read_only=read_only, wait=READ_WAIT_SECONDS if read_only else 0.0)
    try:
        _check_ours(con, path, read_only)
        if not read_only:
            from reconcile.events.grouping import ensure_schema as ensure_event_tables  # events import no store

            migrate_claims(con)
            con.execute(schema_sql())
            backfill_counted_heads(con)
            ensure_event_tables(con)  # from the first open: an interrupted first run leaves a readable file
            if _views_missing(con):  # a file made before the views (read-only: see Store._open_cursor)
                ensure_views(con)
    except duckdb.Error as exc:
        con.close()
        raise DatabaseUnusable(f"cannot use the database {path}: it is damaged ({_reason(exc)})") from exc
    except BaseException:
        con.close()
        raise
    return con


READ_WAIT_SECONDS = 10.0  # a reader waits this long for a run to finish writing (see Store.released_when_idle)
WRITE_WAIT_SECONDS = 120.0  # a run waits this long for readers to let go before it writes again


READERS_SUFFIX = ".readers"  # <database>.readers: a waiting reader holds a shared flock on it (see waiting_reader)


@contextmanager
def waiting_reader(path: Path) -> Iterator[bool]:
    """Within the block, tell a run writing ``path`` that a reader waits for the file; yields whether it could.

    How: a shared ``flock`` on ``<database>.readers``, a file the writing ``Store`` made. The run looks at
    the end of each of its transactions (``Store._let_readers_in``); while a reader waits it lets go of
    the file until the reader has it. The reader lets go of the flock as soon as its connection is open,
    so the run then waits only for that read to end. A reader creates nothing: without the file (no
    run has written here since readers could ask, or a run that has only just created the database) it
    yields False, and the caller looks for the file again while it waits.
    """
    try:
        handle = os.open(path.with_name(path.name + READERS_SUFFIX), os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)  # waits only for the instant a writer looks
        yield True
    finally:
        os.close(handle)


READERS_FILE_LOOK_SECONDS = 0.5  # a waiting reader without a readers file looks for one this often


def open_duckdb(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` with our configuration; waits up to ``wait`` seconds while another process holds the
    file (a run writing, or readers); ``DatabaseBusy`` after that, ``DatabaseUnusable`` for a damaged file.

    A reader that has to wait says so (``waiting_reader``), and a run lets it in at its next commit. A reader
    that came before the run made its readers file looks for the file again every half second (it waited for
    the whole run otherwise)."""
    if not (read_only and wait > 0):
        return _open_duckdb(path, read_only=read_only, wait=wait)
    deadline = time.monotonic() + wait
    while True:
        remaining = max(0.0, deadline - time.monotonic())
        with waiting_reader(path) as asking:
            try:
                return _open_duckdb(
                    path, read_only=True, wait=remaining if asking else min(remaining, READERS_FILE_LOOK_SECONDS)
                )
            except DatabaseBusy:
                if asking or time.monotonic() >= deadline:
                    raise


def _open_duckdb(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=dict(DUCKDB_CONFIG))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise DatabaseUnusable(f"cannot open the database {path}: {_reason(exc)}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"{path} is in use by another reconcile process; wait for it to finish or use another --db"
                ) from exc
            time.sleep(0.05)
        except duckdb.Error as exc:  # a damaged file or WAL: DuckDB's serialization, internal or catalog errors
            raise DatabaseUnusable(f"cannot open the database {path}: it is damaged ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    """DuckDB's message on one line, without its "IO Error: " style prefix."""
    text = " ".join(str(exc).split())
    head, sep, rest = text.partition(": ")
    return rest if sep and head.endswith(("Error", "Exception")) and " " not in head.removesuffix(" Error") else text


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
    cached model responses make that cheap). Old rows map as ``extract/ground.py`` maps a fresh answer:
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
        con.execute(schema_sql())
        rows = []
        for old in old_rows:
            new = {column: old.get(column) for column in COLUMN_NAMES}
            new.update(
                profile=_LEGACY_PROFILE,
                measure=measures.get(str(old["action"]), "other"),
                measure_kind=str(MeasureKind.FLOW),
                source_text=old.get("attribution"),
                source=text_key(old["attribution"]) or None if old.get("attribution") else None,
            )
            rows.append([new[column] for column in COLUMN_NAMES])
        if rows:
            con.executemany(CLAIM_INSERT, rows)
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


_held_writer_locks: dict[Path, tuple[int, int]] = {}  # this process's writer locks: file -> (descriptor, holders)
_held_writer_locks_guard = threading.Lock()


def _take_writer_lock(path: Path, create: bool) -> Path | None:
    """Hold ``<database>.lock`` (an exclusive ``flock``) while this process may write the database.

    Why a file of our own: a run lets go of the DuckDB file while it waits for the model, so that readers
    can look (``Store.released_when_idle``); DuckDB's own lock then no longer keeps a second run out, and
    two runs must never interleave (each would take the other's ``running`` run for a dead one). The lock
    goes with the process, however it ends (``kill -9`` included); the empty file stays.

    The lock keeps other *processes* out, not other stores of this one: ``reconcile serve`` holds the file
    before its model loads and opens a pipeline per profile on it, all in one process that DuckDB already
    lets share the file. Within a process the lock is counted, and the last holder to close drops it.
    """
    if not path.exists() and not create:
        return None  # connect() says the database is missing
    lock_path = path.with_name(path.name + ".lock")
    key = lock_path.resolve()
    with _held_writer_locks_guard:
        if key in _held_writer_locks:
            handle, holders = _held_writer_locks[key]
            _held_writer_locks[key] = (handle, holders + 1)
            return key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None  # a folder we cannot write: connect() gives its own error; nothing else can write either
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(handle)
            raise DatabaseBusy(
                f"{path} is in use by another reconcile process; wait for it to finish or use another --db"
            ) from exc
        _held_writer_locks[key] = (handle, 1)
        return key


def _drop_writer_lock(key: Path | None) -> None:
    if key is None:
        return
    with _held_writer_locks_guard:
        handle, holders = _held_writer_locks.pop(key)
        if holders > 1:
            _held_writer_locks[key] = (handle, holders - 1)
        else:
            os.close(handle)  # closing the descriptor releases the flock


LET_IN_SECONDS = 2.0  # the longest a run waits for a waiting reader to open the file it let go of


def _readers_handle(path: Path) -> int | None:
    """The writer's descriptor of ``<database>.readers`` (made here), where waiting readers say so."""
    try:
        return os.open(path.with_name(path.name + READERS_SUFFIX), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None  # a folder we cannot write to: readers wait as before


def _temporary_event_tables() -> str:
    """The event tables' DDL as temporary tables: what a read-only file made before them reads as empty."""
    from reconcile.events.grouping import sql_sections

    return sql_sections()["schema"].replace("CREATE TABLE", "CREATE TEMP TABLE")


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
        self._writer_lock = None if read_only or str(path) == ":memory:" else _take_writer_lock(self.path, create)
        try:
            self.con: duckdb.DuckDBPyConnection | None = connect(path, read_only=read_only, create=create)
        except BaseException:
            _drop_writer_lock(self._writer_lock)
            raise
        self._lock = threading.Lock()
        self._closed = False
        self._readers = _readers_handle(self.path) if self._writer_lock is not None else None
        self._release_after: float | None = None  # seconds idle before the file is let go (released_when_idle)
        self._last_used = time.monotonic()
        # A read-only file made before the views (or before the event tables) cannot get them: each cursor
        # gets temporary ones (temporary objects belong to one connection, and every DuckDB cursor is one).
        self._temporary_events = read_only and not _tables(self.con) >= _EVENT_TABLES
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
            if self.con is not None:
                self.con.close()
            del self.con
            if self._readers is not None:
                os.close(self._readers)
            _drop_writer_lock(self._writer_lock)

    @contextmanager
    def released_when_idle(self, seconds: float = 0.5) -> Iterator[None]:
        """Within the block, let go of the file whenever nothing has used it for ``seconds``.

        Why: DuckDB gives a file to one process at a time, so during a run of hours every read command
        failed. A run spends that time waiting for the model; in those waits the file is closed and
        readers (``reconcile claims``, ``report``, the Python API) open it read-only, while the next
        write reopens it (waiting, if need be, for a reader to finish). Another *writer* still cannot
        start: the run holds ``<database>.lock`` for its whole length (``_take_writer_lock``).
        """
        if self.read_only or self._writer_lock is None:
            yield
            return
        self._release_after = seconds
        stop = threading.Event()

        def release_idle() -> None:
            while not stop.wait(seconds / 2):
                with self._lock:
                    idle = time.monotonic() - self._last_used
                    if not self._closed and self.con is not None and idle >= seconds:
                        self.con.close()
                        self.con = None

        releaser = threading.Thread(target=release_idle, name="store-release", daemon=True)
        releaser.start()
        try:
            yield
        finally:
            stop.set()
            releaser.join()
            self._release_after = None

    def _open_cursor(self) -> duckdb.DuckDBPyConnection:
        if self._closed:
            raise RuntimeError(f"the database {self.path} is closed")
        if self.con is None:  # let go while idle (released_when_idle): take the file again
            self.con = open_duckdb(self.path, read_only=False, wait=WRITE_WAIT_SECONDS)
        self._last_used = time.monotonic()
        cursor = self.con.cursor()
        if self._temporary_events:
            cursor.execute(_temporary_event_tables())
        if self._temporary_views:
            ensure_views(cursor, temporary=True)
        return cursor

    def _let_readers_in(self) -> None:
        """Between two uses of the file (under the lock): if a reader waits for it (``waiting_reader``), let go
        of it until the reader has it, or for ``LET_IN_SECONDS`` at most; the next use takes it again.

        Why: a run of hours writes all the time while it ingests, and saves often while it goes through
        articles with nothing to ask, so it is never idle long enough for ``released_when_idle``. Costs one
        ``flock`` call per transaction when nobody reads.
        """
        if self._readers is None or self.con is None:
            return
        try:
            fcntl.flock(self._readers, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.con.close()
            self.con = None
            deadline = time.monotonic() + LET_IN_SECONDS
            while time.monotonic() < deadline:  # until the reader's connection is open (it lets go of the flock)
                time.sleep(0.01)
                try:
                    fcntl.flock(self._readers, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    continue
        fcntl.flock(self._readers, fcntl.LOCK_UN)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for work that manages its own transaction (e.g. the reconcile stage)."""
        with self._lock:
            cursor = self._open_cursor()
            try:
                yield cursor
            finally:
                cursor.close()
                self._last_used = time.monotonic()
                self._let_readers_in()

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
                self._last_used = time.monotonic()
                self._let_readers_in()

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
                insert_columns(cur, "articles", columns)
            insert_columns(
                cur, "article_sources", {"article_id": ids, "source": [a.source for a in articles]},
                "ON CONFLICT DO NOTHING",
            )  # fmt: skip
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
        """Record one extraction (see ``save_extractions``)."""
        self.save_extractions([(record, claims, rejections)])

    def save_extractions(self, items: Sequence[tuple[ExtractionRecord, Iterable[Claim], Iterable[Rejection]]]) -> None:
        """Record extractions; a successful one replaces its article's claims; all in one transaction.

        The claims table holds one extraction per article, and ``done`` says whose: a successful
        extraction marks the article's earlier ``done`` record (another model, prompt or schema)
        ``superseded``, so switching model A -> B -> A extracts under A again (from the response cache
        when A's answers are in it) instead of skipping it while B's claims are stored. A failed
        extraction (say, under a new model whose endpoint is down) only records the failure: the claims
        of the last good one stay, and so does its ``done``.

        Why many at once: each commit costs DuckDB about 7 ms, and an export of 50,000 records without a
        number spent most of its run saving empty extractions one by one. Every statement here is one
        set operation over the batch, so a batch costs about what one article did.
        """
        if not items:
            return
        records = [record for record, _, _ in items]
        done = [r.article_id for r in records if r.status == "done"]
        claim_rows = [
            claim_row(claim, {"extractor_version": record.extractor_version, "run_id": record.run_id})
            for record, claims, _ in items
            for claim in claims
        ]
        rejection_rows = [
            [record.article_id, record.extractor_version, r.number_id, r.mention.span.start, r.mention.span.end,
             r.reason, r.payload, r.rules]
            for record, _, rejections in items
            for r in rejections
        ]  # fmt: skip
        with self.transaction() as cur:
            cur.execute(
                "DELETE FROM extractions USING (SELECT unnest(?) AS id, unnest(?) AS version) AS saved"
                " WHERE extractions.article_id = saved.id AND extractions.extractor_version = saved.version",
                [[r.article_id for r in records], [r.extractor_version for r in records]],
            )
            if done:
                cur.execute(
                    "UPDATE extractions SET status = 'superseded'"
                    " WHERE status = 'done' AND list_contains(?, article_id)",
                    [done],
                )
                cur.execute("DELETE FROM claims WHERE list_contains(?, article_id)", [done])
                cur.execute("DELETE FROM rejections WHERE list_contains(?, article_id)", [done])
            if claim_rows:
                cur.executemany(CLAIM_INSERT, claim_rows)
            if rejection_rows:
                cur.executemany(
                    'INSERT INTO rejections (article_id, extractor_version, number_id, start, "end", reason, payload,'
                    " rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rejection_rows,
                )
            insert_columns(
                cur, "extractions", {f.name: [getattr(r, f.name) for r in records] for f in fields(ExtractionRecord)}
            )

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

    def unreconciled_claims(self) -> int:
        """Stored claims the events do not show yet: those of runs that started after the last run that
        finished (a finished run has reconciled everything stored before it ended). Such claims come from
        a run that was interrupted, or from one still running; the next finished run groups them."""
        rows = self.query(
            "SELECT count(*) FROM claims c JOIN runs r USING (run_id) WHERE r.status <> 'finished' AND NOT EXISTS"
            " (SELECT 1 FROM runs f WHERE f.status = 'finished' AND f.started_at >= r.started_at)"
        )
        return int(rows[0][0]) if rows else 0

    # -- reads --------------------------------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.cursor() as cursor:
            return cursor.execute(sql, params or []).fetchall()

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Stored claims (latest extraction of each article), in article order."""
        sql = f"SELECT {claim_select(CLAIM_FIELDS, dated='m')} FROM claims c LEFT JOIN event_claims m USING (claim_id)"
        params: list[Any] = []
        if article_id:
            sql += " WHERE c.article_id = ?"
            params.append(article_id)
        sql += " ORDER BY c.article_id, c.start"
        return [Claim.model_validate(dict(zip(CLAIM_FIELDS, row, strict=True))) for row in self.query(sql, params)]
