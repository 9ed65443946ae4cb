"""Run the reconciliation SQL (``events.sql``) against a reconcile database.

Why SQL in a file: the grouping rules are the part people will argue about, so they live in one readable
place, run where the data is (DuckDB, set-based, linear in the number of claims) and are versioned with
the code. This module only loads the named sections and runs them in order, in one transaction, so an
interrupted run leaves the previous events intact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Collection, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import duckdb
from duckdb.func import FunctionNullHandling

from reconcile.errors import EventsOutdated
from reconcile.events.model import CONFLICT_KINDS, ReconcileStats

if TYPE_CHECKING:
    from reconcile.profile import Profile

GROUPING_KEYS = ("place", "actor", "target")
"""The default blocking key besides the measure, which is always part of it (figures of different
measures are never compared). A profile names its own (``grouping_keys`` in profile.toml): e.g. a beat
whose parties are loose wording ("robbers", "the gang") groups by place only, one whose figures belong to
each source by ``source`` too. ``measure`` may be listed; it changes nothing."""
KNOWN_KEYS = ("measure", "place", "actor", "target", "source")

WORDED_MEASURES = ("other",)
"""Measures whose figures are only compared when the article's words for what is counted match
(``counted_text``): "5 floors" and "3 cars" are both ``other``, never one event."""

OPEN_HEDGE_FACTOR = 3.0
"""How far an open hedge reaches when figures are compared: "more than N", "at least N", "over N" are read
as [N, N x this], "up to N" as [N / this, N]. A reader takes "more than 100,000" for a hundred thousand and
some, so police's "more than 100,000" and organisers' 500,000 disagree, while "more than 20,000" and 21,000,
or "at least 40" and 45, agree. Stored and exported intervals stay open; only comparison reads this. Chosen
on the ECB+ dev split (eval/results/oracle): a factor below 3 flags a toll's early "at least N" against
figures a reader takes as the same report's range."""

NEAR_FACTOR = 1.0
"""How close an undated figure of an article that dates nothing must be to the next such figure of its key
(and named target) to be read as the same happening reported differently (see ``rc_loose`` in events.sql):
1.0 chains equal figures only. On the ECB+ dev split (oracle) 1.3 or 2.0 joins one haul reported as $102m,
$108m, $137m and $160m (+12 of 89 disagreeing pairs found), but the held-out split's figures showed one
event mixing two look-alike stories at either factor, and nothing in the figures alone says which
happening: so only the same figure chains, until the sentences' own words can decide (issue 17)."""

DISPUTE_FACTOR = 10.0
"""How far apart two named sources' figures in one article may be and still be read as their dispute about one
thing (police "more than 100,000", organisers 500,000), kept in one event and compared; further apart (a
source's €60,000 of another robbery beside a €2m haul) they count different things. Chosen on the ECB+ dev
split (oracle): the dev disputes are within 5x, the recalled other happenings 30x and more."""

SHARED_NAMES = 3
"""Which happening an undated figure tells of, from its sentence's words: it and a figure of another article in
its block (measure, place, parties, unit, scope) are about one happening when both name the same target in
words ("Harry Winston") or their sentences share this many names ("West Papua"; "Champs-Elysees", "Avenue
Montaigne"). Two different named targets never are. Plain word overlap (names: capitalised words inside a
sentence, calendar words aside) measured on the ECB+ dev split (oracle) before any embedding: see
eval/results/oracle."""

STORY_FACTOR = 1.25
"""An article that dates nothing but whose specific figure joined a dated event is read as of that event
(see the second ``rc_loose`` in events.sql); its other specific figures of that key join the event too when
within this factor of its figures (its headline's "$2.5 million" beside its body's "$2.6 million": one haul
reported differently, a disagreement), and stay apart further off ("€110bn" of a bailout is not the "€25.7bn"
of the cuts). Chosen on the ECB+ dev split (oracle)."""

MORE_WORDS = ("more",)
"""Words that, right after a number, make it an increment on an earlier figure of its sentence and partition
("84 in the capital and dozens more elsewhere"), as "a further" before it does, and the figure
it adds to a part, compared as at least itself (see ``rc_more`` in events.sql). English; another language's
words are data to add here. Found on the ECB+ dev split: model claims flagged one region's toll against the whole
disaster's (9 false pairs). Where the part and its increment fall in two partitions (another
place) nothing is read, so that shards decide as one process does."""

FAR_FACTOR = 20.0
"""Two figures of one event more than this many times apart, even at their nearest (their compared intervals'
gap), are not one figure reported differently but count different things: a camp's 22,000 refugees and the 300
pupils of its school, 1,500 houses of a district and 40 of a town. Such a pair is an explained difference
(``unit_or_scope``, reason ``far_apart``), never a flag. Chosen on the ECB+ dev split: its gold disagreements
are at most 11 times apart at their points and 3 at their intervals' gap; model claims' false flags 30 to 150."""

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
def _rules_digest() -> str:
    return hashlib.md5(_sql_text().encode(), usedforsecurity=False).hexdigest()


@cache
def _sql_text() -> str:
    return resources.files("reconcile.events").joinpath("events.sql").read_text(encoding="utf-8")


@cache
def sql_sections() -> dict[str, str]:
    """The named sections of ``events.sql``; cached because the file never changes at run time."""
    parts = _SECTION.split(_sql_text())
    # parts = [preamble, name1, body1, name2, body2, ...]
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``events``, ``event_claims``, ``conflicts`` and ``event_relations`` if missing (readers may run
    before any build).

    Tables of an older shape (events keyed by ``action``, no ``n_sources``; or conflicts drawn against a
    consensus, before ``event_relations`` held the explained differences; event claims without the dates
    reconciliation read, before undated articles were dated in SQL) are dropped first: events are
    derived data, rebuilt from the claims by the next ``reconcile_events``. Checks first, so reports and
    exports also work on a connection opened read-only (as long as the database needs no migration).
    """
    row = con.execute(
        "SELECT count(DISTINCT table_name), "
        "       count(*) FILTER (WHERE table_name = 'events' AND column_name IN ('measure', 'n_sources')), "
        "       count(*) FILTER (WHERE table_name = 'event_claims' AND column_name IN ('counted', 'date_high')) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name IN ('events', 'event_claims', 'conflicts', 'event_relations')"
    ).fetchone()
    if row and row[0] == 4 and row[1] == 2 and row[2] == 2:
        return
    try:
        if row and row[0] > 0:  # an older shape: start over
            con.execute(
                "DROP TABLE IF EXISTS event_relations; DROP TABLE IF EXISTS conflicts; "
                "DROP TABLE IF EXISTS event_claims; DROP TABLE IF EXISTS events"
            )
        con.execute(sql_sections()["schema"])
    except duckdb.InvalidInputException as exc:  # attached read-only: nothing can be dropped or created
        raise EventsOutdated(
            "this database's events were built by an older version of reconcile and it is open read-only: run "
            "`reconcile run` on its inputs again to rebuild them"
        ) from exc


def unit_ancestors(unit_parents: Mapping[str, str]) -> list[tuple[str, str]]:
    """(unit, ancestor) for every unit and each class above it: {"diplomats": "staff"} -> [("diplomats",
    "staff")]. Nested units (seven diplomats among 14 staff) are an explained difference; units that do
    not nest are never compared. Raises ValueError on a cycle, which no profile can mean."""
    pairs: list[tuple[str, str]] = []
    for unit in unit_parents:
        seen = {unit}
        parent = unit_parents.get(unit)
        while parent is not None:
            if parent in seen:
                raise ValueError(f"unit classes form a cycle through {parent!r}")
            seen.add(parent)
            pairs.append((unit, parent))
            parent = unit_parents.get(parent)
    return pairs


def _write_params(
    con: duckdb.DuckDBPyConnection,
    grouping_keys: Collection[str],
    unit_parents: Mapping[str, str],
    worded_measures: Collection[str],
    open_factor: float = OPEN_HEDGE_FACTOR,
) -> None:
    """The run's parameters as two temp tables the SQL reads (``rc_params``, ``rc_unit_anc``).

    Their hash goes into every claim's fingerprint, so changing a profile's grouping keys or unit
    classes rebuilds every partition without ``full=True``; so does a new release's ``events.sql`` (its
    text is hashed too), or events grouped by old rules would survive every incremental run.
    """
    if isinstance(grouping_keys, str):  # a lone "place" would otherwise read as five letters
        grouping_keys = (grouping_keys,)
    unknown = sorted(set(grouping_keys) - set(KNOWN_KEYS))
    if unknown:
        raise ValueError(f"unknown grouping keys {unknown}; choose from {list(KNOWN_KEYS)}")
    keys = set(grouping_keys) | {"measure"}
    pairs = unit_ancestors(unit_parents)
    params = {
        "keys": sorted(keys),
        "units": sorted(pairs),
        "worded": sorted(set(worded_measures)),
        "open_factor": open_factor,
        "near_factor": NEAR_FACTOR,
        "dispute_factor": DISPUTE_FACTOR,
        "shared_names": SHARED_NAMES,
        "story_factor": STORY_FACTOR,
        "more_words": list(MORE_WORDS),
        "far_factor": FAR_FACTOR,
        "rules": _rules_digest(),
    }
    digest = hashlib.md5(json.dumps(params).encode(), usedforsecurity=False).hexdigest()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rc_params (use_place BOOLEAN, use_actor BOOLEAN, use_target BOOLEAN, "
        "use_source BOOLEAN, worded VARCHAR[], open_factor DOUBLE, near_factor DOUBLE, dispute_factor DOUBLE, "
        "shared_names INTEGER, story_factor DOUBLE, more_words VARCHAR[], far_factor DOUBLE, params_hash VARCHAR)"
    )
    con.execute(
        "INSERT INTO rc_params VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            "place" in keys,
            "actor" in keys,
            "target" in keys,
            "source" in keys,
            params["worded"],
            open_factor,
            NEAR_FACTOR,
            DISPUTE_FACTOR,
            SHARED_NAMES,
            STORY_FACTOR,
            list(MORE_WORDS),
            FAR_FACTOR,
            digest,
        ],
    )
    con.execute("CREATE OR REPLACE TEMP TABLE rc_unit_anc (unit VARCHAR, ancestor VARCHAR)")
    if pairs:
        con.executemany("INSERT INTO rc_unit_anc VALUES (?, ?)", pairs)


@cache
def _resolved(phrase: str, day: dt.date, language: str) -> tuple[dt.date | None, dt.date | None]:
    from reconcile.core.dates import resolve_date

    when = resolve_date(phrase, day, None if language == "en" else language)
    return when.low, when.high


def _rc_text_date(text: str | None, language: str | None) -> dt.date | None:
    from reconcile.core.dates import text_date

    return text_date(text, None if language == "en" else language) if text else None


def _rc_resolve_low(phrase: str | None, day: dt.date | None, language: str | None) -> dt.date | None:
    return _resolved(phrase, day, language or "en")[0] if phrase and day else None


def _rc_resolve_high(phrase: str | None, day: dt.date | None, language: str | None) -> dt.date | None:
    return _resolved(phrase, day, language or "en")[1] if phrase and day else None


# Module-level functions, never collected: DuckDB's catalog is shared by a database's cursors, so a function
# one cursor registered stays callable from the others after that cursor is closed only if its Python object
# lives on (a lambda made per call did not: the service's next job called freed memory).
_DATE_FUNCTIONS: dict[str, tuple[Callable[..., dt.date | None], list[str]]] = {  # (DuckDB type names)
    "rc_text_date": (_rc_text_date, ["VARCHAR", "VARCHAR"]),
    "rc_resolve_low": (_rc_resolve_low, ["VARCHAR", "DATE", "VARCHAR"]),
    "rc_resolve_high": (_rc_resolve_high, ["VARCHAR", "DATE", "VARCHAR"]),
}


def _register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """The date primitives of ``core.dates`` as SQL functions, so the SQL (``rc_story``) decides an undated
    article's day once and resolves its claims' phrases against it: ``rc_text_date(text, language)``,
    ``rc_resolve_low`` / ``rc_resolve_high(phrase, day, language)``. Called only for articles without a
    publication date (none in most runs). Registered once per database: another cursor's registration is
    the same function and is reused."""
    for name, (function, parameters) in _DATE_FUNCTIONS.items():
        with contextlib.suppress(duckdb.InvalidInputException):  # not registered on this connection yet
            con.remove_function(name)
        with contextlib.suppress(duckdb.CatalogException):  # another cursor of this database registered it
            con.create_function(name, function, parameters, "DATE", null_handling=FunctionNullHandling.SPECIAL)  # type: ignore[arg-type]


def reconcile_events(
    con: duckdb.DuckDBPyConnection,
    *,
    full: bool = False,
    profile: Profile | None = None,
    grouping_keys: Collection[str] | None = None,
    unit_parents: Mapping[str, str] | None = None,
    worded_measures: Collection[str] | None = None,
    open_factor: float = OPEN_HEDGE_FACTOR,
) -> ReconcileStats:
    """Build or update events and conflicts from ``claims``; returns what changed.

    The profile's knowledge comes in as data: ``grouping_keys`` (which of place, actor, target, source
    make up the blocking key with the measure), ``unit_parents`` (unit class -> the class it is part of, e.g.
    ``{"diplomats": "staff"}``) and ``worded_measures``; ``profile`` supplies all three from its
    ``grouping_keys``, ``[units]`` and ``counted_word_measures`` (explicit arguments win). The engine
    never looks at a profile's name.

    Incremental by default: only partitions (measure and the grouping keys; a multi-party actor or target
    counts with its members) with a new, changed or removed claim are regrouped; everything else, ids
    included, is left as it is. Within a rebuilt partition the ids of existing events are kept (see
    ``assign_ids`` in the SQL). ``full=True`` regroups every partition, still keeping ids, e.g. after the
    grouping rules themselves changed.
    """
    t0 = time.perf_counter()
    sections = sql_sections()
    _register_functions(con)  # (first: DuckDB refuses it while a query's result is still open)
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        if profile is not None:
            grouping_keys = profile.grouping_keys if grouping_keys is None else grouping_keys
            if unit_parents is None:
                unit_parents = {name: unit.parent for name, unit in profile.units.items() if unit.parent}
            if worded_measures is None:
                worded_measures = profile.counted_word_measures
        keys = GROUPING_KEYS if grouping_keys is None else grouping_keys
        worded = WORDED_MEASURES if worded_measures is None else worded_measures
        if open_factor < 1:
            raise ValueError(f"open_factor must be at least 1 (got {open_factor}): it widens an open hedge's bound")
        _write_params(con, keys, unit_parents or {}, worded, open_factor)
        for name in _ORDER_INCREMENTAL:
            if name == "dirty" and full:
                name = "dirty_all"
            if name == "replace" and _mostly_regrouped(con):
                for step in ("swap", "schema", "swap_restore"):
                    con.execute(sections[step])
            con.execute(sections[name])
        stats = _stats(con, time.perf_counter() - t0)
        con.execute(sections["cleanup"])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats.model_copy(update={"seconds": round(time.perf_counter() - t0, 4)})


def claim_keys(
    con: duckdb.DuckDBPyConnection,
    *,
    grouping_keys: Collection[str] | None = None,
    unit_parents: Mapping[str, str] | None = None,
    worded_measures: Collection[str] | None = None,
) -> list[tuple[str, str, str, bool]]:
    """(claim_id, article_id, partition_key, dated) of every claim, as the ``keys`` section reads them; nothing
    is written (rolled back).

    Why: a sharded run splits by the blocking key, and only articles that nothing dates (neither a publication
    date nor their story: ``dated`` false) tie partitions together. Read off the SQL itself, not a copy of its
    rules, so the shards follow when ``events.sql`` changes. (Added for issue 21, reconcile.distributed.shards.)
    """
    _register_functions(con)
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        keys = GROUPING_KEYS if grouping_keys is None else grouping_keys
        worded = WORDED_MEASURES if worded_measures is None else worded_measures
        _write_params(con, keys, unit_parents or {}, worded)
        con.execute(sql_sections()["keys"])
        rows = con.execute("SELECT claim_id, article_id, partition_key, published IS NOT NULL FROM rc_keys").fetchall()
    finally:
        con.execute("ROLLBACK")
    return [(str(c), str(a), str(k), bool(d)) for c, a, k, d in rows]


# Regrouping more than this share of the claims rewrites the tables rather than most of their rows (see
# section swap): measured with scripts/bench_reconcile.py, 1M claims.
_SWAP_SHARE = 0.5


def _mostly_regrouped(con: duckdb.DuckDBPyConnection) -> bool:
    """Does this run regroup most of the stored claims (a full rebuild, a new release's rules)?"""
    regrouped = _count(con, "SELECT count(*) FROM rc_work")
    stored = _count(con, "SELECT count(*) FROM event_claims")
    return stored > 0 and regrouped > _SWAP_SHARE * stored


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _stats(con: duckdb.DuckDBPyConnection, seconds: float) -> ReconcileStats:
    """Counts taken while the run's temp tables still exist."""
    kinds: dict[str, int] = dict.fromkeys(CONFLICT_KINDS, 0)
    for kind, n in con.execute(
        "SELECT kind, count(*) FROM (SELECT kind FROM conflicts UNION ALL SELECT kind FROM event_relations) "
        "GROUP BY kind"
    ).fetchall():
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
