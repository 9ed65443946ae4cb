"""Reconciliation: group stored claims into events and type the differences between their values.

The grouping and comparison run as DuckDB SQL (``events.sql``) so they scale with the claims table and
stay readable in one place; this package only orders the SQL and turns its rows into typed objects.
"""

from reconcile.events.grouping import reconcile_events
from reconcile.events.model import (
    CONFLICT_KINDS,
    DISAGREEMENT_KINDS,
    RELATION_KINDS,
    Conflict,
    ConflictKind,
    Event,
    EventValue,
    ReconcileStats,
    Relation,
    load_events,
)

__all__ = [
    "CONFLICT_KINDS",
    "DISAGREEMENT_KINDS",
    "RELATION_KINDS",
    "Conflict",
    "ConflictKind",
    "Event",
    "EventValue",
    "ReconcileStats",
    "Relation",
    "load_events",
    "reconcile_events",
]
