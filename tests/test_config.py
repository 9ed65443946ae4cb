"""Settings precedence: defaults < config file < environment < explicit options; embedded by default."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reconcile.config import EMBEDDED_MODEL_NAME, StructuredMode, load_settings

VARIABLES = (
    *("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "RECONCILE_BASE_URL", "RECONCILE_API_KEY"),
    *("RECONCILE_MODEL", "RECONCILE_MODE", "RECONCILE_DB", "RECONCILE_CONCURRENCY", "RECONCILE_CONFIG"),
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_nothing_configured_means_the_embedded_model() -> None:
    settings = load_settings()
    assert settings.embedded and settings.model == EMBEDDED_MODEL_NAME
    assert settings.resolved_concurrency() == min(8, os.cpu_count() or 2)


def test_an_api_key_alone_does_not_leave_the_embedded_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert load_settings().embedded


def test_environment_then_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("RECONCILE_MODEL", "qwen2.5:7b")
    settings = load_settings()
    assert (settings.base_url, settings.model, settings.resolved_concurrency()) == (
        "http://localhost:11434/v1", "qwen2.5:7b", 4)  # fmt: skip
    assert load_settings(model="other", concurrency=9).resolved_concurrency() == 9


def test_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reconcile.toml").write_text(
        '[reconcile]\nbase_url = "http://127.0.0.1:8000/v1"\nmodel = "m"\nmode = "tools"\ndatabase = "x.duckdb"\n'
    )
    settings = load_settings()
    assert (settings.base_url, settings.mode, settings.database) == (
        "http://127.0.0.1:8000/v1", StructuredMode.TOOLS, Path("x.duckdb"))  # fmt: skip
    monkeypatch.setenv("RECONCILE_MODEL", "from-env")
    assert load_settings().model == "from-env"  # the environment beats the file


def test_unknown_settings_and_missing_model_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reconcile.toml").write_text('[reconcile]\nmodle = "typo"\n')
    with pytest.raises(ValueError, match="unknown settings"):
        load_settings()
    (tmp_path / "reconcile.toml").unlink()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8000/v1")
    with pytest.raises(ValueError, match="no model name"):
        load_settings()
