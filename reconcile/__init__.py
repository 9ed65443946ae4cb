"""reconcile: numeric claims from news, grouped into events, with provenance for every value.

    >>> from reconcile import Pipeline, extract_claims
    >>> with Pipeline("reconcile.duckdb") as pipeline:  # doctest: +SKIP
    ...     pipeline.run(["seeds/"])

The public names are imported lazily, so ``import reconcile.core`` stays free of the model client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reconcile.config import Settings, load_settings
    from reconcile.core.claims import Claim, MeasureKind, Modality, Scope
    from reconcile.core.types import Article
    from reconcile.events.model import Event, load_events
    from reconcile.pipeline import Pipeline, RunSummary, extract_claims

_EXPORTS = {
    "Settings": "reconcile.config",
    "load_settings": "reconcile.config",
    "Article": "reconcile.core.types",
    "Claim": "reconcile.core.claims",
    "MeasureKind": "reconcile.core.claims",
    "Modality": "reconcile.core.claims",
    "Scope": "reconcile.core.claims",
    "Event": "reconcile.events.model",
    "load_events": "reconcile.events.model",
    "Pipeline": "reconcile.pipeline",
    "RunSummary": "reconcile.pipeline",
    "extract_claims": "reconcile.pipeline",
}

__all__ = [
    "Article",
    "Claim",
    "Event",
    "MeasureKind",
    "Modality",
    "Pipeline",
    "RunSummary",
    "Scope",
    "Settings",
    "extract_claims",
    "load_events",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reconcile' has no attribute {name!r}")
