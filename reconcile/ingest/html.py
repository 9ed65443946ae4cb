"""Saved web pages: main text and metadata by trafilatura (dates by htmldate), the page parsed once.

Why a library: news pages hide the article among menus, cookie banners, bylines, related-links boxes
and footers, and their dates live in a dozen kinds of ``<meta>``, JSON-LD and ``<time>`` markup;
trafilatura and htmldate are built and evaluated for exactly this. What is added here: ARIA landmarks
and hidden elements are dropped first (pages built of ``<div>``s mark their menus that way), a page
nested deeper than the parser goes is refused rather than silently cut, and a fragment (a feed entry's
HTML) is read whole, since it holds no page furniture to remove.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reconcile.ingest.text import IngestError, Metadata

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# libxml2's HTML parser stops at this depth (without its "huge" option) and drops everything after, so
# a page that deep would lose text without a word; the time it takes stays linear either way.
MAX_DEPTH = 255

_HIDDEN = (
    '//*[@role="navigation" or @role="banner" or @role="contentinfo" or @role="complementary"'
    ' or @role="search" or @aria-hidden="true" or @hidden]'
)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "section", "article")
_DATE_SEARCH = {"extensive_search": False, "original_date": True}  # no guessing from any date in the text

# trafilatura logs every page it finds too short or odd at ERROR level; a refused page is reported by us
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Page:
    """A page's main text and what it says about itself (fields ``None`` where it does not say)."""

    text: str
    meta: Metadata = field(default_factory=Metadata)


def extract_page(html: str, source: str, *, fragment: bool = False) -> Page:
    """Main text and metadata of a saved page; ``fragment`` keeps all text of a piece of HTML."""
    from lxml import etree
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = None if fragment else load_html(html)
    if tree is None:  # a fragment, or a bare "<p>...</p>": read as the body of a page
        tree = load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise IngestError(source, "not an HTML page that can be read")
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= MAX_DEPTH:
        raise IngestError(source, f"HTML nested {MAX_DEPTH} or more elements deep: the parser would cut its text")
    for node in tree.xpath(_HIDDEN):
        if node.getparent() is not None:
            node.drop_tree()
    language = tree.get("lang") or _first(tree.xpath('//meta[@http-equiv="content-language"]/@content'))
    if fragment:
        return Page(_visible_text(tree), Metadata(language=language))
    found = bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params=_DATE_SEARCH,
    )
    doc: dict[str, Any] = found if isinstance(found, dict) else found.as_dict() if found is not None else {}
    title = _first(tree.xpath("//title/text()"))
    if not doc.get("text"):  # nothing trafilatura calls main text: keep what a reader sees
        return Page(_visible_text(tree), Metadata(title=title, language=language))
    meta = Metadata(
        title=doc.get("title") or title,
        published=_date(doc.get("date")),
        url=doc.get("url"),
        outlet=doc.get("sitename") or doc.get("hostname"),
        author=doc.get("author"),
        language=language or doc.get("language"),
    )
    return Page(doc["text"], meta)


def _first(values: list[str]) -> str | None:
    return str(values[0]).strip() or None if values else None


def _visible_text(tree: HtmlElement) -> str:
    """All text a reader sees, one block element per line (for fragments, and pages with no main text)."""
    for node in tree.xpath("//script | //style | //noscript | //template | //head"):
        node.drop_tree()
    for node in tree.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
