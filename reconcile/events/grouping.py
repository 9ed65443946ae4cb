"""Run the reconciliation SQL (``events.sql``) against a reconcile database.

Why SQL in a file: the grouping rules are the part people will argue about, so they live in one readable
place, run where the data is (DuckDB, set-based, linear in the number of claims) and are versioned with
the code. This module only loads the named sections and runs them in order, in one transaction, so an
interrupted run leaves the previous events intact.
"""

from __future__ import annotations

import re
import time
from functools import cache
from importlib import resources

import duckdb

from reconcile.events.model import CONFLICT_KINDS, ReconcileStats

_SECTION = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)
_ORDER_INCREMENTAL = (
    "keys",
    "dirty",
    "work",
    "islands",
    "attach_wide",
    "attach_undated",
    "clusters",
    "assign_ids",
    "replace",
    "consensus",
    "classify",
    "finish",
)


@cache
def sql_sections() -> dict[str, str]:
    """The named sections of ``events.sql``; cached because the file never changes at run time."""
    text = resources.files("reconcile.events").joinpath("events.sql").read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    # parts = [preamble, name1, body1, name2, body2, ...]
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``events``, ``event_claims`` and ``conflicts`` if missing (readers may run before any build),
    and add the columns an older ``events`` table lacks (multi-party members, independent sources).

    Checks first, so reports and exports also work on a connection opened read-only (as long as the
    database needs no migration).
    """
    row = con.execute(
        "SELECT count(DISTINCT table_name), "
        "       count(*) FILTER (WHERE table_name = 'events' AND column_name IN ('target_members', 'n_sources')) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name IN ('events', 'event_claims', 'conflicts')"
    ).fetchone()
    if not row or row[0] < 3 or row[1] < 2:
        con.execute(sql_sections()["schema"])


def reconcile_events(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> ReconcileStats:
    """Build or update events and conflicts from ``claims``; returns what changed.

    Incremental by default: only partitions (actor, action class, target; a multi-party actor or target
    counts with its members) with a new, changed or removed claim are regrouped; everything else, ids
    included, is left as it is. Within a rebuilt partition the ids of existing events are kept (see
    ``assign_ids`` in the SQL). ``full=True`` regroups every partition, still keeping ids, e.g. after the
    grouping rules themselves changed.
    """
    t0 = time.perf_counter()
    sections = sql_sections()
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name in _ORDER_INCREMENTAL:
            if name == "dirty" and full:
                name = "dirty_all"
            con.execute(sections[name])
        stats = _stats(con, time.perf_counter() - t0)
        con.execute(sections["cleanup"])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats.model_copy(update={"seconds": round(time.perf_counter() - t0, 4)})


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _stats(con: duckdb.DuckDBPyConnection, seconds: float) -> ReconcileStats:
    """Counts taken while the run's temp tables still exist."""
    kinds: dict[str, int] = dict.fromkeys(CONFLICT_KINDS, 0)
    for kind, n in con.execute("SELECT kind, count(*) FROM conflicts GROUP BY kind").fetchall():
        kinds[kind] = int(n)
    kept = _count(con, "SELECT count(*) FROM rc_ids WHERE NOT is_new")
    return ReconcileStats(
        claims=_count(con, "SELECT count(*) FROM rc_keys"),
        partitions_rebuilt=_count(con, "SELECT count(*) FROM rc_dirty"),
        claims_regrouped=_count(con, "SELECT count(*) FROM rc_work"),
        events=_count(con, "SELECT count(*) FROM events"),
        events_new=_count(con, "SELECT count(*) FROM rc_ids WHERE is_new"),
        events_kept=kept,
        events_retired=_count(con, "SELECT count(*) FROM rc_old_events") - kept,
        unresolved=_count(con, "SELECT count(*) FROM events WHERE unresolved"),
        conflicts=kinds,
        seconds=seconds,
    )
