"""Helpers for tests that run the batch pipeline against the loopback ``FakeServer``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from reconcile.config import Settings
from reconcile.pipeline import Pipeline, RunSummary


def settings(base_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    """Fast-failing settings: short timeouts and few retries, so fault tests take seconds."""
    base = Settings(
        base_url=base_url,
        model="fake",
        database=tmp_path / "r.duckdb",
        concurrency=2,
        timeout_seconds=2,
        transport_retries=2,
        max_reasks=1,
    )
    return replace(base, **overrides)


def write(folder: Path, **articles: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def run(config: Settings, *paths: Path) -> RunSummary:
    with Pipeline(config.database, config) as pipeline:
        return pipeline.run(list(paths))


def rows(config: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Read the database after a run (read-only, so nothing is created or changed by looking)."""
    with duckdb.connect(str(config.database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()
