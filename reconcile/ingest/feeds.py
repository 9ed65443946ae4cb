"""RSS and Atom files (``.rss``, ``.atom``, ``.xml``): one article per entry, by feedparser.

An entry's text is its full content when the feed carries it, else its summary; HTML in either is
reduced to text. The feed's title stands in for the outlet and its language for the entries', unless
an entry says otherwise. Entries are named ``feed.xml#3`` (the third entry) in failures and reports.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reconcile.core.types import Article
from reconcile.ingest.files import IngestOptions, read_bounded
from reconcile.ingest.records import article_from_record
from reconcile.ingest.text import IngestError, IngestFailure, Metadata, clean_field

MAX_FEED_BYTES = 64 * 1024 * 1024


def _entry_text(entry: Any, source: str) -> str | None:
    """The entry's body as text: full content first, else the summary; HTML reduced to its text."""
    from reconcile.ingest.html import extract_page

    parts = [(c.get("value"), c.get("type")) for c in entry.get("content") or []]
    parts.append((entry.get("summary"), (entry.get("summary_detail") or {}).get("type")))
    for value, kind in parts:
        if value and value.strip():
            return extract_page(value, source, fragment=True).text if kind and "html" in kind else value
    return None


def read_feed(path: Path, options: IngestOptions) -> Iterator[Article | IngestFailure]:
    """Every entry of a feed file; a file that is no feed is one failure, a bad entry one failure each."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(read_bounded(path, MAX_FEED_BYTES)))
    if not parsed.entries and not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        raise IngestError(str(path), f"not an RSS or Atom feed ({problem or 'no entries'})")
    feed = parsed.feed
    defaults = Metadata(outlet=clean_field(feed.get("title")), language=clean_field(feed.get("language")))
    for number, entry in enumerate(parsed.entries, start=1):
        source = f"{path}#{number}"
        try:
            text = _entry_text(entry, source)
            if text is None:
                raise IngestError(source, "entry has no content or summary")
            record = {
                "text": text,
                "title": entry.get("title"),
                "url": entry.get("link"),
                "published": entry.get("published") or entry.get("updated"),
                "author": entry.get("author"),
                "outlet": (entry.get("source") or {}).get("title"),
            }
            yield article_from_record(
                {k: v for k, v in record.items() if v}, source, IngestOptions(
                    max_bytes=options.max_bytes, max_sentences=options.max_sentences
                ), defaults=defaults,
            )  # fmt: skip
        except IngestError as exc:
            yield IngestFailure(exc.source, exc.reason)
