"""Settings precedence: defaults < config file < environment < explicit options; embedded by default."""

from __future__ import annotations

import os
import subprocess
import sys
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


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[reconcile]\nconcurrency = "many"\n', "reconcile.toml: concurrency = 'many' is not valid: expected a whole"),
        ("[reconcile]\nconcurrency = [1]\n", "reconcile.toml: concurrency = [1] is not valid"),
        ('[reconcile]\nmode = "xml"\n', "mode = 'xml' is not valid: expected one of json_schema, tools"),
        ("[reconcile]\nbase_url = 8000\n", "reconcile.toml: base_url = 8000 is not valid: expected a string"),
        ("[reconcile]\ntimeout_seconds = true\n", "reconcile.toml: timeout_seconds = True is not valid"),
        ('[reconcile]\nmodel = "m"\nmodel = "n"\n', "reconcile.toml: not valid TOML"),
        ("reconcile = 5\n", "reconcile.toml: [reconcile] must be a table"),
    ],
)
def test_config_errors_name_the_file_and_the_key(tmp_path: Path, toml: str, says: str) -> None:
    (tmp_path / "reconcile.toml").write_text(toml)
    with pytest.raises(ValueError) as caught:
        load_settings()
    assert says in str(caught.value)


def test_environment_errors_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_CONCURRENCY", "lots")
    with pytest.raises(ValueError, match="environment variable RECONCILE_CONCURRENCY: concurrency = 'lots'"):
        load_settings()


def test_cli_config_error_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "my[" / "x].toml"  # also: a path holding "[/x]", which is not Rich markup
    config.parent.mkdir()
    config.write_text('[reconcile]\nconcurrency = "many"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    root = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = str(root)
    result = subprocess.run(
        [sys.executable, "-m", "reconcile.cli", "claims", "--config", str(config)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{config}: concurrency = 'many' is not valid" in " ".join(result.stderr.split())
