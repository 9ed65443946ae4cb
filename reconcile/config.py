"""Settings: which model endpoint, which database, how much concurrency.

Precedence, lowest to highest: built-in defaults, a TOML config file (``reconcile.toml`` in the working
directory or the path in ``RECONCILE_CONFIG``), environment variables, then explicit arguments (CLI options).
When no endpoint is configured (no ``base_url``), the embedded model is started and used — so any
OpenAI-compatible server (OpenAI, vLLM, Ollama, a remote llama.cpp) is a matter of configuration alone::

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_API_KEY=ollama RECONCILE_MODEL=qwen2.5:7b reconcile run seeds/
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from reconcile.ingest.text import MAX_ARTICLE_BYTES, MAX_ARTICLE_SENTENCES


class StructuredMode(StrEnum):
    """How the schema reaches the server; mirrors the instructor modes we support."""

    JSON_SCHEMA = "json_schema"  # response_format json_schema: llama-server, vLLM, OpenAI
    TOOLS = "tools"  # function calling: OpenAI, most hosted endpoints
    JSON = "json"  # response_format json_object + schema in the prompt: Ollama and older servers
    MD_JSON = "md_json"  # plain text with a JSON block: anything that speaks chat


EMBEDDED_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know about its environment; immutable, build with ``load_settings``."""

    base_url: str | None = None  # None: start the embedded llama-server
    api_key: str = "not-needed"
    model: str = EMBEDDED_MODEL_NAME
    mode: StructuredMode = StructuredMode.JSON_SCHEMA
    database: Path = Path("reconcile.duckdb")
    profile: str = "news"  # a built-in profile name, an installed one, or a folder holding profile.toml
    concurrency: int = 0  # requests in flight; 0 = choose (embedded: one per core)
    timeout_seconds: float = 300.0  # per request; a 1.5B model on 2 cores answers in 2-20 s
    max_reasks: int = 2  # validation re-asks per sentence (instructor)
    transport_retries: int = 3  # connection errors, timeouts, 429, 5xx (tenacity, with backoff)
    max_output_tokens: int = 1024
    threads: int = 0  # embedded server threads; 0 = number of cores
    context_per_slot: int = 4096
    max_article_bytes: int = MAX_ARTICLE_BYTES  # larger inputs are refused (an export's records one by one)
    max_article_sentences: int = MAX_ARTICLE_SENTENCES  # more is refused: each sentence with numbers is a request

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    def resolved_concurrency(self) -> int:
        """Requests in flight. Embedded: one server slot per core (measured on 2 cores: 2 slots give
        2-5% more throughput than 1, see README), at most 8. An endpoint: 4, a polite default for a
        shared server; raise it for vLLM or a hosted API."""
        if self.concurrency > 0:
            return self.concurrency
        return min(8, os.cpu_count() or 2) if self.embedded else 4


_ENV = {
    "base_url": ("RECONCILE_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("RECONCILE_API_KEY", "OPENAI_API_KEY"),
    "model": ("RECONCILE_MODEL", "OPENAI_MODEL"),
    "mode": ("RECONCILE_MODE",),
    "database": ("RECONCILE_DB",),
    "profile": ("RECONCILE_PROFILE",),
    "concurrency": ("RECONCILE_CONCURRENCY",),
    "timeout_seconds": ("RECONCILE_TIMEOUT",),
}


def _coerce(name: str, value: Any, origin: str) -> Any:
    """A value from TOML, the environment or an option, converted to the type of the setting's default.

    A value that does not convert is an error naming where it came from (``reconcile.toml: concurrency``,
    ``environment variable RECONCILE_CONCURRENCY``), the value and what was expected, so a typo is found
    without a traceback.
    """
    default = getattr(Settings(), name)
    kind = str if default is None else type(default)
    if kind is bool:  # bool("false") is True: spell it out
        words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
        if isinstance(value, bool) or str(value).lower() in words:
            return value if isinstance(value, bool) else words[str(value).lower()]
    elif not isinstance(value, (dict, list, bool)) and (default is not None or isinstance(value, str)):
        try:
            return value if default is None else kind(value)
        except (TypeError, ValueError):
            pass
    if kind is bool:
        expected = "true or false"
    elif issubclass(kind, StrEnum):
        expected = "one of " + ", ".join(member.value for member in cast("type[StrEnum]", kind))
    else:
        expected = {int: "a whole number", float: "a number", str: "a string"}.get(kind, "a file path")
    raise ValueError(f"{origin}: {name} = {value!r} is not valid: expected {expected}")


def _config_section(path: Path) -> dict[str, Any]:
    """The settings table of a TOML file (``[reconcile]``, or the top level); every error names the file."""
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    section = table.get("reconcile", table)
    if not isinstance(section, dict):
        raise ValueError(f"{path}: [reconcile] must be a table of settings, not {section!r}")
    known = {f.name for f in fields(Settings)}
    unknown = set(section) - known
    if unknown:
        raise ValueError(f"{path}: unknown settings {sorted(unknown)}; known: {sorted(known)}")
    return section


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, config file, environment and explicit overrides (``None`` = not given).

    Only a base URL switches away from the embedded model: an ``OPENAI_API_KEY`` lying in the environment
    does not, so nothing configured always means the embedded model. For OpenAI itself, set
    ``OPENAI_BASE_URL=https://api.openai.com/v1`` and a model name.
    """
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}  # where each value came from, for error messages
    path = config_file or (Path(os.environ["RECONCILE_CONFIG"]) if "RECONCILE_CONFIG" in os.environ else None)
    if path is None and Path("reconcile.toml").is_file():
        path = Path("reconcile.toml")
    if path is not None:
        section = _config_section(path)
        values.update(section)
        origins.update(dict.fromkeys(section, str(path)))
    for name, variables in _ENV.items():
        for variable in variables:
            if os.environ.get(variable):
                values[name] = os.environ[variable]
                origins[name] = f"environment variable {variable}"
                break
    given = {k: v for k, v in overrides.items() if v is not None}
    values.update(given)
    origins.update({k: "--db" if k == "database" else f"--{k.replace('_', '-')}" for k in given})
    settings = replace(Settings(), **{k: _coerce(k, v, origins[k]) for k, v in values.items()})
    if settings.base_url and settings.model == EMBEDDED_MODEL_NAME and "model" not in values:
        raise ValueError("an endpoint is configured but no model name: set RECONCILE_MODEL or --model")
    return settings
