"""Ingest: turn files on disk into ``Article`` objects, or into a clear, recorded error.

Why a stage of its own: every later offset indexes ``Article.text``, so exactly one function
decides what that text is. Rules, in order:

1. Bytes must be non-empty, not binary (no NUL bytes) and valid UTF-8 (a BOM is dropped).
2. ``\\r\\n`` and ``\\r`` become ``\\n``.
3. HTML (``.html``/``.htm``, or text that starts with a tag) is reduced to its readable text.
4. A first line beginning `` date YYYY-MM-DD `` gives the publication date and is removed.
5. Surrounding whitespace is stripped. The article id is the sha256 of the resulting text,
   so a renamed file is the same article and an edited file is a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.core.types import Article

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".html", ".htm", ""})
MAX_ARTICLE_BYTES = 8 * 1024 * 1024  # larger inputs are refused, not truncated silently

# page furniture, by element and by ARIA landmark role (pages built of <div>s mark their menus and
# footers this way); hidden elements (cookie banners, off-screen menus) are not text a reader sees
_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe")
_BOILERPLATE_ROLES = (
    '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="complementary"]', '[role="search"]',
    '[aria-hidden="true"]',
)  # fmt: skip

_BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre", "td"})  # one line of text each

_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<div|<p[ >])", re.IGNORECASE)


class IngestError(ValueError):
    """An input that cannot become an article; ``reason`` is short and meant for users."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class IngestFailure:
    source: str
    reason: str


def content_id(text: str) -> str:
    """The article id: sha256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def html_to_text(html: str) -> str:
    """Readable text of an HTML page: scripts, styles, navigation and footers dropped, one block per line."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for selector in (*_BOILERPLATE_TAGS, *_BOILERPLATE_ROLES):
        for node in tree.css(selector):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    blocks = []
    for node in root.css(", ".join(_BLOCK_TAGS)):
        if _inside_block(node):  # <blockquote><p>, <li><p>: the outer block already holds this text
            continue
        block = " ".join(node.text(separator=" ").split())
        if block:
            blocks.append(block)
    if not blocks:
        blocks = [" ".join(root.text(separator=" ").split())]
    return "\n\n".join(blocks)


def _inside_block(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _BLOCK_TAGS:
            return True
        parent = parent.parent
    return False


def _html_title(html: str) -> str | None:
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(html).css_first("title")
    return node.text().strip() or None if node else None


def article_from_text(raw: str, source: str, *, published: dt.date | None = None, is_html: bool = False) -> Article:
    """Normalise text into an ``Article`` (rules 2–5 of the module docstring)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    title: str | None = None
    if is_html or _LOOKS_LIKE_HTML.match(text):
        title = _html_title(text)
        text = html_to_text(text)
    header = _DATE_HEADER.match(text)
    if header:
        try:
            published = published or dt.date.fromisoformat(header.group(1))
        except ValueError as exc:
            raise IngestError(source, f"bad date header {header.group(1)!r}") from exc
        text = text[header.end() :]
    text = text.strip()
    if not text:
        raise IngestError(source, "no text left after removing markup and header")
    if title is None:
        first_line = text.split("\n", 1)[0].strip()
        title = first_line[:200] or None
    return Article(article_id=content_id(text), source=source, text=text, title=title, published=published)


def decode_article_bytes(data: bytes, source: str) -> str:
    """Bytes to text, refusing empty, binary, oversized and non-UTF-8 input with a clear reason."""
    if not data.strip():
        raise IngestError(source, "empty file")
    if len(data) > MAX_ARTICLE_BYTES:
        raise IngestError(source, f"file is {len(data) / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB")
    if b"\x00" in data[:8192]:
        raise IngestError(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})") from exc


def read_article(path: str | Path) -> Article:
    """Read one file into an ``Article``; raises ``IngestError`` with a user-facing reason.

    >>> read_article("seeds/000_66a292cac87dfb5d.txt").published
    datetime.date(2022, 4, 5)
    """
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(str(path), f"unsupported file type {path.suffix!r} (text, Markdown or HTML expected)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    raw = decode_article_bytes(data, str(path))
    return article_from_text(raw, str(path), is_html=path.suffix.lower() in {".html", ".htm"})


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the supported files under named folders, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def read_all(paths: Iterable[str | Path]) -> tuple[list[Article], list[IngestFailure]]:
    """Read every file; unreadable ones become ``IngestFailure`` records and the rest go on."""
    articles: list[Article] = []
    failures: list[IngestFailure] = []
    for path in discover(paths):
        try:
            articles.append(read_article(path))
        except IngestError as exc:
            failures.append(IngestFailure(exc.source, exc.reason))
    return articles, failures
