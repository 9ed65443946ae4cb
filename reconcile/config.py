"""Settings: which model endpoint, which database, how much concurrency.

Precedence, lowest to highest: built-in defaults, a TOML config file (``reconcile.toml`` in the working
directory or the path in ``RECONCILE_CONFIG``), environment variables, then explicit arguments (CLI options).

A ``reconcile.toml`` that is merely *found* in the working directory (a cloned repository may ship one) is
not trusted to send anything anywhere: loading refuses (``ConfigError``) if it names an endpoint on another
machine (every article's text would go there), an endpoint on this one while the key comes from the
environment or the command line, or a profile outside its own folder. Naming the file (``--config`` or
``RECONCILE_CONFIG``) or giving the setting yourself lifts the refusal. Which file was read is recorded in
``Settings.config`` (the CLI prints it).

When no endpoint is configured (no ``base_url``), the embedded model is started and used — so any
OpenAI-compatible server (OpenAI, vLLM, Ollama, a remote llama.cpp) is a matter of configuration alone::

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_API_KEY=ollama RECONCILE_MODEL=qwen2.5:7b reconcile run seeds/
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from reconcile.errors import ConfigError
from reconcile.ingest.text import MAX_ARTICLE_BYTES, MAX_ARTICLE_SENTENCES


class StructuredMode(StrEnum):
    """How the schema reaches the server; mirrors the instructor modes we support."""

    JSON_SCHEMA = "json_schema"  # response_format json_schema: llama-server, vLLM, OpenAI
    TOOLS = "tools"  # function calling: OpenAI, most hosted endpoints
    JSON = "json"  # response_format json_object + schema in the prompt: Ollama and older servers
    MD_JSON = "md_json"  # plain text with a JSON block: anything that speaks chat


EMBEDDED_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
NO_KEY = "not-needed"  # the API key when none is given (the openai client insists on one)


@dataclass(frozen=True, slots=True)
class ConfigSource:
    """The TOML file settings were read from: where, whether the user named it, and what it set."""

    path: Path
    named: bool  # --config or RECONCILE_CONFIG; False: found as ./reconcile.toml
    keys: tuple[str, ...]

    def describe(self) -> str:
        how = "" if self.named else " (found in the working directory)"
        return f"{self.path}{how}: {', '.join(self.keys) or 'no settings'}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know about its environment; immutable, build with ``load_settings``."""

    base_url: str | None = None  # None: start the embedded llama-server
    api_key: str = field(default=NO_KEY, repr=False)  # never in a repr, a log or a traceback
    model: str = EMBEDDED_MODEL_NAME
    mode: StructuredMode = StructuredMode.JSON_SCHEMA
    database: Path = Path("reconcile.duckdb")
    profile: str = "news"  # a built-in profile name, an installed one, or a folder holding profile.toml
    concurrency: int = 0  # requests in flight; 0 = choose (embedded: one per core)
    timeout_seconds: float = 300.0  # per request, whole (not per read); a 1.5B model on 2 cores answers in 2-20 s
    max_response_bytes: int = 4 * 1024 * 1024  # a larger answer is cut off and fails (answers are ~1 KB)
    max_reasks: int = 2  # validation re-asks per sentence (instructor)
    transport_retries: int = 3  # connection errors, timeouts, 429, 5xx (tenacity, with backoff)
    max_consecutive_failures: int = 0  # circuit breaker (llm.gate): failures in a row that stop a run; 0 = choose
    max_output_tokens: int = 1024
    threads: int = 0  # embedded server threads; 0 = number of cores
    context_per_slot: int = 4096
    max_article_bytes: int = MAX_ARTICLE_BYTES  # larger inputs are refused (an export's records one by one)
    max_article_sentences: int = MAX_ARTICLE_SENTENCES  # more is refused: each sentence with numbers is a request
    config: ConfigSource | None = field(default=None, compare=False)  # where these came from; not a setting

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

    def resolved_failure_limit(self) -> int:
        """Transport failures in a row that stop a run: by default every request slot failing twice with no
        success in between (at least 4), so a restart that fails the requests in flight once does not trip it,
        and a dead endpoint is given up on after the first backoff rather than after every sentence's."""
        if self.max_consecutive_failures > 0:
            return self.max_consecutive_failures
        return max(4, 2 * self.resolved_concurrency())


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
    known = {f.name for f in fields(Settings)} - {"config"}
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
    named = path is not None
    if path is None and Path("reconcile.toml").is_file():
        path = Path("reconcile.toml")
    source = None
    if path is not None:
        section = _config_section(path)
        values.update(section)
        origins.update(dict.fromkeys(section, str(path)))
        source = ConfigSource(path, named, tuple(section))
    for name, variables in _ENV.items():
        for variable in variables:
            if os.environ.get(variable):
                values[name] = os.environ[variable]
                origins[name] = f"environment variable {variable}"
                break
    given = {k: v for k, v in overrides.items() if v is not None}
    values.update(given)
    origins.update({k: "--db" if k == "database" else f"--{k.replace('_', '-')}" for k in given})
    settings = replace(Settings(), config=source, **{k: _coerce(k, v, origins[k]) for k, v in values.items()})
    if settings.base_url and settings.model == EMBEDDED_MODEL_NAME and "model" not in values:
        raise ValueError("an endpoint is configured but no model name: set RECONCILE_MODEL or --model")
    _check_ranges(settings, origins)
    if settings.base_url:
        split_endpoint(settings.base_url, settings.api_key)  # a malformed URL is a usage error, not a retry
    if source is not None and not source.named:
        _refuse_found_file_reaching_out(source.path, settings, origins)
    return settings


# Settings that must be positive (> 0) or may also be 0 ("choose for me"); a negative concurrency was
# accepted and ran with one worker.
_POSITIVE = ("timeout_seconds", "max_output_tokens", "context_per_slot", "max_article_bytes",
             "max_article_sentences", "max_response_bytes")  # fmt: skip
_NOT_NEGATIVE = ("concurrency", "max_reasks", "transport_retries", "max_consecutive_failures", "threads")


def _check_ranges(settings: Settings, origins: dict[str, str]) -> None:
    for name in (*_POSITIVE, *_NOT_NEGATIVE):
        value = getattr(settings, name)
        if value < 0 or (value == 0 and name in _POSITIVE):
            where = origins.get(name, "default")
            expected = "more than 0" if name in _POSITIVE else "0 (choose) or more"
            raise ConfigError(f"{where}: {name} = {value!r} is not valid: expected {expected}")


def _refuse_found_file_reaching_out(path: Path, settings: Settings, origins: dict[str, str]) -> None:
    """A found (not named) config file may not send article text or keys to another host, nor read a
    profile from outside its own folder; see the module doc. Naming the file lifts every refusal."""
    trust = f"If you trust the file, name it (--config {path} or RECONCILE_CONFIG={path}), or give the setting yourself"
    from_file = str(path)
    if settings.base_url and origins.get("base_url") == from_file:
        endpoint = redact_url(settings.base_url)
        key_origin = origins.get("api_key")
        foreign_key = key_origin is not None and key_origin != from_file
        if not _is_loopback(settings.base_url):
            also = f" and the API key from {key_origin}" if foreign_key else ""
            raise ConfigError(
                f"{path} was found in the working directory and sets base_url = {endpoint}: refusing to send "
                f"article text{also} to a host named by a file you did not choose. {trust} (--base-url, "
                "OPENAI_BASE_URL)"
            )
        if foreign_key:
            raise ConfigError(
                f"{path} was found in the working directory and sets base_url = {endpoint}, while the API key "
                f"comes from {key_origin}: refusing to send the key to a host named by a file you did not choose. "
                f"{trust} (--base-url, OPENAI_BASE_URL)"
            )
    if origins.get("profile") == from_file and not _inside(Path(settings.profile), path.resolve().parent):
        raise ConfigError(
            f"{path} was found in the working directory and sets profile = {settings.profile!r}, a folder outside "
            f"its own: refusing to read a profile from elsewhere. {trust} (--profile, RECONCILE_PROFILE)"
        )


def _is_loopback(url: str) -> bool:
    """Does ``url`` name this machine (127.0.0.0/8, ::1, localhost)? Text sent there stays here."""
    import ipaddress

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _inside(profile: Path, folder: Path) -> bool:
    """A profile named by a path lies inside ``folder`` (symbolic links followed); a bare name that is no
    path on disk is a built-in or installed profile, found by the registry and not by path."""
    if not profile.exists() and len(profile.parts) == 1:
        return True
    return profile.resolve().is_relative_to(folder)


def redact_url(url: str) -> str:
    """``url`` without credentials: user:password@ and the query string (``?api-key=...``) removed.

    What is stored (``runs.base_url``) or printed must never carry a secret given inside an endpoint URL.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A base URL as the openai client needs it: credentials and query taken out of the URL."""

    base_url: str  # scheme, host, port and path only
    query: dict[str, str]  # ``?api-version=...&api-key=...``: sent with every request, after the path
    auth: tuple[str, str] | None  # ``user:password@``: HTTP basic auth, when no API key is given


def split_endpoint(base_url: str, api_key: str) -> Endpoint:
    """Take a base URL apart so that each piece goes where it belongs.

    Why: the openai client appends ``/chat/completions`` to the base URL as a string, so a query string
    ended up before the path (``/v1?api-key=x/chat/completions``: a wrong path, and a cache that no longer
    recognised the requests), and httpx turned ``user:pass@`` into an Authorization header that silently
    replaced the bearer key. Now the query is sent after the path, and credentials in the URL are basic
    auth only when no API key is given; both at once is a ``ConfigError`` (one Authorization header).
    """
    try:
        parts = urlsplit(base_url.strip())
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a port that is not a number, a bracket left open
        valid = False
    if not valid:
        shown = base_url.split("@")[-1] if "@" in base_url else base_url  # no password in a message
        raise ConfigError(f"base_url {shown!r} is not an http(s) URL with a host (e.g. http://127.0.0.1:8000/v1)")
    auth = None
    if parts.username is not None or parts.password is not None:
        if api_key and api_key != NO_KEY:
            raise ConfigError(
                f"base_url {redact_url(base_url)} carries a user name and password and an API key is set too: "
                "only one of them can be sent; remove one"
            )
        auth = (unquote(parts.username or ""), unquote(parts.password or ""))
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return Endpoint(redact_url(base_url.strip()), query, auth)
