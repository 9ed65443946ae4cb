"""Files and folders to articles: what is read, how far, and which files a folder contributes.

Reading is defensive because paths come from users and folders from anywhere: only regular files are
read (a FIFO would block the run while it holds the database, ``/dev/zero`` would fill memory), never
more than the size limit plus one byte, and a symbolic link inside a folder is not followed out of that
folder unless asked (a link to a system file would otherwise be sent to the model endpoint).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reconcile.core.types import Article
from reconcile.ingest.text import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_SENTENCES,
    IngestError,
    IngestFailure,
    article_from_text,
    decode_article_bytes,
    too_large,
)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".html", ".htm", ""})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})  # exports: one article per record
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | RECORD_SUFFIXES | FEED_SUFFIXES


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How inputs are read. ``fields`` maps article fields to an export's own column names
    (``{"text": "article_body"}``); ``follow_links`` lets folders' symbolic links lead outside them."""

    follow_links: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = MAX_ARTICLE_BYTES
    max_sentences: int = MAX_ARTICLE_SENTENCES


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else is refused before a byte is read.

    Checked before opening (opening some devices has effects) and again on the open descriptor, which
    is opened non-blocking so that a FIFO swapped in between cannot hang the open.
    """
    source = str(path)
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind is None:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
            kind = _not_regular(os.fstat(fd).st_mode)
            if kind is not None:
                os.close(fd)
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from exc
    if kind is not None:
        raise IngestError(source, f"{kind}, not a regular file: not read")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, reading at most ``max_bytes + 1`` (one more says it is too large)."""
    with open_regular(path) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise IngestError(str(path), too_large("file", max_bytes))
    return data


def read_article(path: str | Path, options: IngestOptions | None = None) -> Article:
    """Read one text, Markdown or HTML file into an ``Article``; raises ``IngestError`` with a user-facing reason.

    >>> read_article("seeds/000_66a292cac87dfb5d.txt").published
    datetime.date(2022, 4, 5)
    """
    path = Path(path)
    options = options or IngestOptions()
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(str(path), f"unsupported file type {path.suffix!r} (text, Markdown or HTML expected)")
    raw = decode_article_bytes(read_bounded(path, options.max_bytes), str(path), max_bytes=options.max_bytes)
    return article_from_text(raw, str(path), is_html=suffix in {".html", ".htm"}, max_sentences=options.max_sentences)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def discover(paths: Iterable[str | Path], *, follow_links: bool = False) -> Iterator[Path | IngestFailure]:
    """Files named directly, and the supported files under named folders, in a stable order.

    Hidden files and folders (``.git``) are skipped. Inside a folder, a symbolic link that leads out of
    it is reported, not followed, unless ``follow_links``; a file named directly is always read.
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        root = os.path.realpath(path)
        seen_dirs = {root}
        for folder, dirs, files in os.walk(path, followlinks=follow_links):
            dirs.sort()
            for name in list(dirs):
                full = os.path.join(folder, name)
                real = os.path.realpath(full)
                if name.startswith(".") or real in seen_dirs:  # hidden, or a link back into the walk
                    dirs.remove(name)
                elif os.path.islink(full) and not follow_links:
                    if not _inside(real, root):
                        yield IngestFailure(full, "symbolic link to a folder outside the input folder: not followed"
                                            " (pass --follow-links to read it)")  # fmt: skip
                else:
                    seen_dirs.add(real)
            for name in sorted(files):
                full = os.path.join(folder, name)
                if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if not follow_links and os.path.islink(full) and not _inside(os.path.realpath(full), root):
                    yield IngestFailure(full, "symbolic link to a file outside the input folder: not followed"
                                        " (pass --follow-links to read it)")  # fmt: skip
                    continue
                yield Path(full)


def iter_inputs(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Article | IngestFailure]:
    """Every article of the named files and folders, or the reason it could not be one, as they are read.

    Streams: an export of any size is read record by record, so the caller decides what stays in memory.
    """
    from reconcile.ingest.feeds import read_feed
    from reconcile.ingest.records import read_records

    options = options or IngestOptions()
    for item in discover(paths, follow_links=options.follow_links):
        if isinstance(item, IngestFailure):
            yield item
            continue
        suffix = item.suffix.lower()
        try:
            if suffix in RECORD_SUFFIXES:
                yield from read_records(item, options)
            elif suffix in FEED_SUFFIXES:
                yield from read_feed(item, options)
            else:
                yield read_article(item, options)
        except IngestError as exc:
            yield IngestFailure(exc.source, exc.reason)


def read_all(
    paths: Iterable[str | Path], options: IngestOptions | None = None
) -> tuple[list[Article], list[IngestFailure]]:
    """Every article in memory at once (small inputs, tests); ``iter_inputs`` streams."""
    articles: list[Article] = []
    failures: list[IngestFailure] = []
    for item in iter_inputs(paths, options):
        (failures if isinstance(item, IngestFailure) else articles).append(item)  # type: ignore[arg-type]
    return articles, failures
