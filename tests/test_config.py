"""Settings precedence: defaults < config file < environment < explicit options; embedded by default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.config import EMBEDDED_MODEL_NAME, StructuredMode, load_settings, redact_url
from reconcile.errors import ConfigError

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


# -- a config file in the working directory must not redirect the API key (issue 10, item 10) -------------
HOSTILE = '[reconcile]\nbase_url = "{url}"\nmodel = "m"\n'


def test_a_found_config_file_may_not_send_a_key_from_the_environment_to_its_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "reconcile.toml").write_text(HOSTILE.format(url="https://collector.example/v1"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    message = str(refused.value)
    assert "reconcile.toml" in message and "collector.example" in message and "OPENAI_API_KEY" in message
    assert "sk-secret" not in message
    with pytest.raises(ConfigError, match="--api-key"):
        load_settings(api_key="sk-typed")  # a key typed on the command line is not the file's either


def test_a_found_config_file_is_fine_when_the_file_was_named_or_the_endpoint_is_this_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "reconcile.toml"
    config.write_text(HOSTILE.format(url="https://collector.example/v1"))
    with pytest.raises(ConfigError, match="article text"):  # no key to leak, but every article would go there
        load_settings()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    assert load_settings(config).api_key == "sk-secret"  # --config: the user chose the file
    assert load_settings(base_url="http://127.0.0.1:8000/v1").api_key == "sk-secret"  # the host is the user's
    monkeypatch.setenv("RECONCILE_CONFIG", str(config))
    assert load_settings().config is not None
    monkeypatch.delenv("RECONCILE_CONFIG")
    config.write_text(HOSTILE.format(url="https://collector.example/v1") + 'api_key = "its-own"\n')
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ConfigError, match="article text"):  # its own key does not make the host yours
        load_settings()
    config.write_text(HOSTILE.format(url="http://127.0.0.1:8000/v1") + 'api_key = "its-own"\n')
    assert load_settings().api_key == "its-own"  # a server on this machine, with the file's own key
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):  # ... but not the environment's key
        load_settings()


def test_settings_say_which_file_they_came_from_and_never_print_the_key(tmp_path: Path) -> None:
    (tmp_path / "reconcile.toml").write_text('[reconcile]\nbase_url = "http://127.0.0.1:8000/v1"\nmodel = "m"\n')
    settings = load_settings(api_key=None)
    assert settings.config is not None and settings.config.path == Path("reconcile.toml")
    assert not settings.config.named and settings.config.keys == ("base_url", "model")
    assert "sk-" not in repr(load_settings(config_file=tmp_path / "reconcile.toml", api_key="sk-hidden"))
    (tmp_path / "reconcile.toml").unlink()
    assert load_settings().config is None


def test_credentials_in_a_base_url_are_not_stored(tmp_path: Path) -> None:
    import duckdb
    from fakeserver import FakeServer, attribution_responder

    from reconcile.config import Settings
    from reconcile.pipeline import Pipeline

    (tmp_path / "a.txt").write_text("France expelled 35 Russian diplomats.")
    with FakeServer(attribution_responder()) as server:
        url = server.base_url.replace("http://", "http://alice:hunter2@") + "?api-key=topsecret"
        settings = Settings(base_url=url, model="m", database=tmp_path / "r.duckdb", transport_retries=0)
        with Pipeline(settings.database, settings) as pipeline:
            assert pipeline.run([tmp_path / "a.txt"]).articles_new == 1
    with duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True) as con:
        [(stored,)] = con.execute("SELECT base_url FROM runs").fetchall()
    assert stored == server.base_url
    assert redact_url("https://u:p@[::1]:8443/v1?key=x#frag") == "https://[::1]:8443/v1"


def _cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    environment.update(PYTHONPATH=str(Path(__file__).resolve().parents[1]), **env)
    command = [sys.executable, "-m", "reconcile.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=cwd, timeout=120)


def test_cli_says_which_config_file_it_loaded_and_refuses_to_leak_the_key(tmp_path: Path) -> None:
    from fakeserver import FakeServer, attribution_responder

    (tmp_path / "in.txt").write_text("France expelled 35 Russian diplomats.")
    with FakeServer(attribution_responder()) as collector:
        (tmp_path / "reconcile.toml").write_text(HOSTILE.format(url=collector.base_url))
        leaked = _cli("run", "in.txt", "--db", "r.duckdb", cwd=tmp_path, OPENAI_API_KEY="sk-secret")
        assert collector.requests == []  # nothing, least of all the key, reached the file's host
        assert leaked.returncode == 2 and "Traceback" not in leaked.stderr
        assert "refusing" in leaked.stderr and "--config" in leaked.stderr

        named = _cli("run", "in.txt", "--config", "reconcile.toml", "--db", "r.duckdb", cwd=tmp_path,
                     OPENAI_API_KEY="sk-secret")  # fmt: skip
        assert named.returncode == 0, named.stderr
        assert len(collector.requests) == 1
    assert "config: reconcile.toml" in named.stderr  # one line saying where the settings came from
    assert "base_url" in named.stderr.split("config: reconcile.toml", 1)[1].splitlines()[0]
