"""Ingest: turn files, exports, feeds and saved pages into ``Article`` objects, or into a clear, recorded error.

Why a stage of its own: every later offset indexes ``Article.text``, so exactly one function
(``text.article_from_text``) decides what that text is. Inputs:

- text and Markdown files (``.txt``, ``.md``), with an optional `` date YYYY-MM-DD `` first line;
- saved web pages (``.html``): main text, title, date, outlet, URL and author by trafilatura (``html``);
- JSON Lines and CSV exports, one article per record, read as a stream (``records``);
- RSS and Atom files, one article per entry (``feeds``).

The article id is the sha256 of the normalised text, so a renamed file is the same article and an
edited file is a new one; near-duplicate texts (a republished wire story) share a ``source_group``
(``duplicates``), given when the store first sees them.
"""

from reconcile.ingest.files import (
    SUPPORTED_SUFFIXES,
    IngestOptions,
    discover,
    iter_inputs,
    read_all,
    read_article,
)
from reconcile.ingest.text import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_SENTENCES,
    IngestError,
    IngestFailure,
    Metadata,
    article_from_text,
    clean_text,
    content_id,
    decode_article_bytes,
)

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_SENTENCES",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "IngestFailure",
    "IngestOptions",
    "Metadata",
    "article_from_text",
    "clean_text",
    "content_id",
    "decode_article_bytes",
    "discover",
    "iter_inputs",
    "read_all",
    "read_article",
]
