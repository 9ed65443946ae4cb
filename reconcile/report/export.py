"""Machine-readable exports of the reconciled events: JSON (nested) and Parquet (one row per value).

Both carry ``schema_version`` so consumers can refuse a layout they do not know; the layout is
documented in docs/export-schema.md and changes only with a new version number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from reconcile.events.grouping import ensure_schema
from reconcile.events.model import Event, load_events
from reconcile.report.safe import json_dumps
from reconcile.store.claim_schema import claim_select

SCHEMA_VERSION = "3"
"""2: the general claim model (event measure; value unit, source, place). 3: ``conflicts`` are pairwise
disagreements within the event (every two counted figures whose intervals are disjoint, kinds revision,
source_disagreement, contradiction; both claim ids set); explained differences (cumulative, unit_or_scope)
moved to ``relations``, never flags; ``conflict``/``conflict_kind`` summarise the disagreements only."""


EXPORTED_CLAIM_FIELDS = (
    "value", "low", "high", "hedge", "unit", "source_text", "source", "place_text", "place",
    "quote", "start", "end", "sentence_start", "modality",
)  # fmt: skip
"""The fields of a claim (``core.claims.Claim``) each exported value carries, in this order in JSON and Parquet
alike (after its id and article, before how its event counted it). A new one needs a new ``SCHEMA_VERSION``."""
_WHOLE = frozenset({"value", "low", "high"})


def _exported(name: str, value: Any) -> Any:
    return _count(value) if name in _WHOLE else value


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def _count(x: float | None) -> float | int | None:
    """Whole numbers as integers (206, not 206.0): counts of people are whole; "about 25" is [22.5, 27.5]."""
    return int(x) if x is not None and float(x).is_integer() else x


def event_record(e: Event) -> dict[str, Any]:
    """One event as the JSON export writes it (schema version 3)."""
    return {
        "event_id": e.event_id,
        "actor": e.actor,
        "actor_members": list(e.actor_members) if e.actor_members else None,
        "measure": e.measure,
        "measure_kind": e.measure_kind,
        "place": e.place,
        "target": e.target,
        "target_members": list(e.target_members) if e.target_members else None,
        "unit": e.unit,
        "scope": e.scope,
        "date": _iso(e.date_low),
        "date_end": _iso(e.date_high),
        "conflict": e.conflict,
        "conflict_kind": e.conflict_kind,
        "strict_conflict": e.strict_conflict,
        "unresolved": e.unresolved,
        "n_sources": e.n_sources,
        "n_articles": e.n_articles,
        "value": _count(e.value),
        "spread": {"low": _count(e.spread_low), "high": _count(e.spread_high)},
        "agree": [v.claim_id for v in e.agreeing],
        "disagree": [v.claim_id for v in e.disagreeing],
        "conflicts": [
            {
                "kind": c.kind,
                "strict": c.strict,
                "claim_id": c.claim_id,
                "other_event_id": c.other_event_id,
                "other_claim_id": c.other_claim_id,
                "detail": c.detail,
            }
            for c in e.conflicts
        ],
        "relations": [
            {
                "kind": r.kind,
                "reason": r.reason,
                "claim_id": r.claim_id,
                "other_event_id": r.other_event_id,
                "other_claim_id": r.other_claim_id,
                "detail": r.detail,
            }
            for r in e.relations
        ],
        "values": [
            {
                "claim_id": v.claim_id,
                "article": v.article,
                "article_id": v.article_id,
                "published": _iso(v.published),
                "url": v.url,
                "outlet": v.outlet,
                "title": v.title,
                "author": v.author,
                "language": v.language,
                "source_group": v.source_group,
                **{name: _exported(name, getattr(v, name)) for name in EXPORTED_CLAIM_FIELDS},
                "counted": v.counted,
                "agrees": v.agrees,
                "kind": v.kind,
            }
            for v in e.values
        ],
    }


def events_document(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The whole JSON document: ``{"schema_version": "3", "events": [...]}``, flagged events first."""
    ensure_schema(con)
    return {"schema_version": SCHEMA_VERSION, "events": [event_record(e) for e in load_events(con)]}


def events_json(con: duckdb.DuckDBPyConnection) -> str:
    """The JSON export as text (UTF-8 readable, control characters escaped so it is safe to print)."""
    return json_dumps(events_document(con), indent=2) + "\n"


def export_json(con: duckdb.DuckDBPyConnection, path: str | Path) -> Path:
    """Write the JSON export and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(events_json(con), encoding="utf-8")
    return path


_PARQUET_QUERY = f"""
SELECT e.event_id, e.actor, e.measure, e.measure_kind, e.place AS event_place, e.n_sources, e.target,
       e.unit AS event_unit, e.scope, e.date_low AS date,
       e.date_high AS date_end, e.conflict, e.conflict_kind, e.strict_conflict, e.unresolved,
       e.value AS event_value, e.spread_low, e.spread_high,
       c.claim_id, coalesce(a.source, c.article_id) AS article, c.article_id, a.published,
       {claim_select(EXPORTED_CLAIM_FIELDS)},
       coalesce(ec.counted, true) AS counted, coalesce(ec.agrees, true) AS agrees, ec.kind,
       string_split(e.actor_members, ',') AS actor_members, string_split(e.target_members, ',') AS target_members,
       a.url, a.outlet, a.title, a.author, a.language, a.source_group, e.n_articles
FROM events e
JOIN event_claims ec USING (event_id)
JOIN claims c USING (claim_id)
LEFT JOIN articles a ON a.article_id = c.article_id
ORDER BY e.strict_conflict DESC, e.conflict DESC, e.date_low NULLS LAST, e.event_id, ec.agrees DESC, c.claim_id
"""


def export_parquet(con: duckdb.DuckDBPyConnection, path: str | Path) -> Path:
    """Write one row per value (event columns repeated) with DuckDB's COPY: streams, so any size fits.

    ``schema_version`` is stored in the file's key-value metadata.
    """
    ensure_schema(con)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    con.execute(
        f"COPY ({_PARQUET_QUERY}) TO '{target}' "
        f"(FORMAT parquet, COMPRESSION zstd, KV_METADATA {{schema_version: '{SCHEMA_VERSION}'}})"
    )
    return path
