"""Past one machine: the same pipeline on Ray Data (``reconcile run --engine ray``; docs/scale-out.md).

Ingest, extraction and reconciliation run as Ray Data stages over Parquet; the prompts, grounding, store
writes and ``events.sql`` are the code a local run uses, so the same inputs give the same claims, event
ids, values and flags. Ray is optional (``pip install 'reconcile[ray]'``); importing this package without
it is fine, running it says what to install.

    >>> from reconcile import Pipeline
    >>> from reconcile.distributed import Endpoint, RayOptions, run_on_ray
    >>> fleet = (Endpoint.parse("http://gpu1:8000/v1#16", 4), Endpoint.parse("http://gpu2:8000/v1#16", 4))
    >>> with Pipeline("news.duckdb") as pipeline:  # doctest: +SKIP
    ...     run_on_ray(pipeline, ["corpus/"], pipeline.ingest_options(), RayOptions(endpoints=fleet, workers=4))
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path

from reconcile.distributed.endpoints import Endpoint
from reconcile.distributed.engine import RayOptions, dataset_folder  # imports Ray only when run
from reconcile.errors import ConfigError
from reconcile.ingest import IngestOptions
from reconcile.pipeline import Pipeline, RunSummary


def run_on_ray(
    pipeline: Pipeline, paths: Iterable[str | Path], options: IngestOptions, ray_options: RayOptions
) -> RunSummary:
    """Run ``paths`` through ``pipeline``'s database on Ray (see ``engine``); a clear error without Ray."""
    if importlib.util.find_spec("ray") is None:
        raise ConfigError("--engine ray needs Ray Data: pip install 'reconcile[ray]'")
    from reconcile.distributed.engine import run_on_ray as run

    return run(pipeline, paths, options, ray_options)


__all__ = ["Endpoint", "RayOptions", "dataset_folder", "run_on_ray"]
