"""The CLI starts light: importing it loads neither the model client nor the evaluation package nor the web
framework, which only the commands that use them import (``run``, ``eval``, ``serve``)."""

from __future__ import annotations

import subprocess
import sys

from reconcile.cli import ECBPLUS_GOLD, EvalSetName
from reconcile.evaluation.newsgold import SPLITS
from reconcile.evaluation.suite import EvalSet

HEAVY = ("openai", "instructor", "trafilatura", "reconcile.evaluation", "fastapi", "uvicorn", "reconcile.llm.client")


def test_importing_the_cli_loads_no_heavy_package() -> None:
    code = f"import sys, reconcile.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_cli_spells_the_eval_sets_and_gold_folders_as_the_evaluation_package_does() -> None:
    assert [member.value for member in EvalSetName] == [member.value for member in EvalSet]
    assert {name: split.folder for name, split in SPLITS.items()} == ECBPLUS_GOLD
