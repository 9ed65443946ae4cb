"""Where a report or an export goes: stdout (``-o -`` or no ``-o``) or a file, in which format.

One place decides it for every command, so they all agree: the format follows the file's extension
unless ``--format`` says otherwise (and a contradiction between the two is an error, not a guess), and
no output path may ever be the database itself or its write-ahead log — writing a report there would
destroy the data it reports on.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

STDOUT = "-"


class OutputError(ValueError):
    """An output path or format we refuse; the message says why and what to do instead."""


@dataclass(frozen=True, slots=True)
class Output:
    """A resolved destination: ``path`` is None for stdout."""

    path: Path | None
    format: str

    @property
    def to_stdout(self) -> bool:
        return self.path is None


def _database_files(database: Path) -> list[Path]:
    """The files that make up a DuckDB database: the file and its write-ahead log."""
    return [database, database.with_name(database.name + ".wal")]


def _same_file(a: Path, b: Path) -> bool:
    """Same file after resolving symlinks and relative parts; also hard links to an existing file."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_not_database(path: Path, database: Path) -> None:
    """Refuse an output path that is the database or its WAL (any spelling, symlink or hard link)."""
    for protected in _database_files(database):
        if _same_file(path, protected):
            raise OutputError(f"refusing to write to {path}: it is the database ({protected}); choose another file")


def resolve_output(
    output: Path | str | None,
    fmt: str | None,
    *,
    extensions: Mapping[str, str],
    default: str,
    database: Path,
) -> Output:
    """The destination and format of one report/export.

    ``extensions`` maps a lower-case suffix (``.html``) to a format; ``default`` is the format for
    stdout when none is given. A file with an unknown extension needs an explicit ``--format``; a
    known extension that contradicts ``--format`` is refused (``-o x.parquet -f json`` would write
    JSON into a file every tool reads as Parquet).
    """
    if output is None or str(output) == STDOUT:
        return Output(None, fmt or default)
    path = Path(output)
    check_not_database(path, database)  # first: whatever else is wrong, say this
    inferred = extensions.get(path.suffix.lower())
    if fmt is None and inferred is None:
        known = ", ".join(sorted(extensions))
        raise OutputError(f"cannot tell the format of {path} from its extension ({known}); pass --format")
    if fmt is not None and inferred is not None and fmt != inferred:
        raise OutputError(f"{path} has a {inferred} extension but --format is {fmt}; make them agree")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    return Output(path, fmt or inferred or default)


def write_file(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, then rename: a failed write leaves the old file.

    ``write`` receives the temporary path. Missing folders are created; any OS error becomes an
    ``OutputError`` naming the path.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as a plain open() would create it, not mkstemp's 0600
        try:
            write(tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_text(output: Output, text: str) -> None:
    """Text to stdout or to the file (UTF-8)."""
    if output.path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_file(output.path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_binary(output: Output, write: Callable[[Path], object]) -> None:
    """A binary file (Parquet) to the file, or streamed to stdout unless stdout is a terminal."""
    if output.path is not None:
        write_file(output.path, write)
        return
    if sys.stdout.isatty():
        raise OutputError(f"refusing to write {output.format} to a terminal; redirect stdout or pass -o FILE")
    with tempfile.TemporaryDirectory(prefix="reconcile-") as folder:
        tmp = Path(folder) / f"out.{output.format}"
        write(tmp)
        with tmp.open("rb") as handle:
            sys.stdout.flush()
            while chunk := handle.read(1 << 20):
                sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
