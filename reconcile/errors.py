"""The errors a user can cause or meet, each with the exit code the command line gives it.

Why one place: the CLI turns any of these into one line on stderr and its documented exit code (README,
"Exit codes") instead of a traceback, and library callers can catch ``ReconcileError`` for all of them.
Bugs are not ``ReconcileError``s: they keep their tracebacks.
"""

from __future__ import annotations


class ReconcileError(Exception):
    """Something about the input, the configuration or the environment, explained in one line."""

    exit_code = 1


class ConfigError(ReconcileError, ValueError):
    """A setting is wrong or unsafe (bad TOML, unknown key, an endpoint the key must not be sent to)."""

    exit_code = 2


class DatabaseNotFound(ReconcileError, FileNotFoundError):
    """Reading needs a database that exists; nothing is created by looking."""

    exit_code = 2


class DatabaseBusy(ReconcileError, RuntimeError):
    """Another process holds the database; DuckDB allows one writer process per file."""

    exit_code = 3


class DatabaseUnusable(ReconcileError, OSError):
    """The database file cannot be opened: a folder, not a DuckDB file, unreadable, or not writable."""

    exit_code = 4


class EventsOutdated(DatabaseUnusable):
    """The file's events were built by an older reconcile and it is open read-only, so they cannot be rebuilt."""

    exit_code = 4


class EndpointDown(ReconcileError, RuntimeError):
    """The model endpoint failed too many times in a row: the run stopped asking (see ``llm.gate``)."""

    exit_code = 5


class PatternTooSlow(ReconcileError):
    """A profile's words pattern took too long on one text: it backtracks catastrophically (``profile.spec``)."""

    exit_code = 2

    def __init__(self, source: str, length: int, seconds: float) -> None:
        super().__init__(
            f"a profile's words pattern took over {seconds:g} s on a text of {length:,} characters (it backtracks "
            f"catastrophically, e.g. a repeat inside a repeat): {source[:200]!r}; fix the profile"
        )
