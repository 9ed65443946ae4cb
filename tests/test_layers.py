"""The import rules of ``[tool.importlinter]`` (pyproject.toml): no import cycle inside ``reconcile/extract/``, and
nothing below it (core, normalize, profile, llm, store, ingest, ...) imports it, directly or through another module.

Why a test: ``ground.py`` once sat beside ``extract/`` and the two imported each other; import-linter reads the
real import graph (lazy imports inside functions included), so a new back-and-forth fails here, with the chain.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from importlinter import cli

import reconcile

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
CONTRACTS = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]

# Packages above extract/ (they drive it or read what it stored); every other package of reconcile is below it.
ABOVE_EXTRACT = frozenset({"cli", "pipeline", "distributed", "events", "evaluation", "report", "service"})


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_every_package_is_placed_above_or_below_extract() -> None:
    """A new package must be put on one side: below (a source of the forbidden contract) or above."""
    (forbidden,) = [c for c in CONTRACTS if c["type"] == "forbidden"]
    below = {name.removeprefix("reconcile.") for name in forbidden["source_modules"]}
    root = Path(reconcile.__file__).parent
    packages = {p.stem for p in root.iterdir() if p.suffix == ".py" and p.stem != "__init__"}
    packages |= {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    packages -= {"extract"}
    assert not below & ABOVE_EXTRACT
    assert packages == below | ABOVE_EXTRACT, f"place these in pyproject's contract: {packages - below - ABOVE_EXTRACT}"
