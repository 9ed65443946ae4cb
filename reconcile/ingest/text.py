"""Bytes and strings to article text: decoding, control characters, budgets, the content id.

Every later offset indexes ``Article.text``, so exactly one function (``article_from_text``) decides
what that text is, whichever input it came from (file, export record, feed entry, saved page).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import astuple, dataclass

from reconcile.core.types import Article

MAX_ARTICLE_BYTES = 8 * 1024 * 1024  # larger inputs are refused, not truncated silently
MAX_ARTICLE_SENTENCES = 10_000  # one model request per sentence with numbers: a book is not an article

# BOMs, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Terminal escape sequences (ECMA-48), removed whole: dropping only the ESC would leave "[2J" or an
# OSC 8 link's URL behind as text, and digits inside them would become numbers to extract.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, clear screen
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"  # OSC/DCS/SOS/PM/APC up to their end
    r"|\x1b[ -/]*[0-~]",  # any other escape
    re.DOTALL,
)
# What is left of C0 and C1 once line breaks are normalised: \n and \t are text, the rest is not.
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_WHOLE_PAGE = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<div|<p[ >]|<article)", re.IGNORECASE)


class IngestError(ValueError):
    """An input that cannot become an article; ``reason`` is short and meant for users."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """An input (file, or record of an export: ``export.jsonl:17``) that did not become an article."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What an input says about its article besides the text; every field may be unknown."""

    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None

    def or_else(self, other: Metadata) -> Metadata:
        """These values, with ``other``'s where these are unknown."""
        return Metadata(*(mine or theirs for mine, theirs in zip(astuple(self), astuple(other), strict=True)))


def too_large(what: str, max_bytes: int) -> str:
    """The reason an input over the size limit is refused (it is never truncated)."""
    return f"{what} is too large: the limit is {max_bytes / 1e6:.0f} MB (max_article_bytes)"


def content_id(text: str) -> str:
    """The article id: sha256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_text(text: str) -> str:
    """Line breaks normalised to ``\\n``; terminal escape sequences and other C0/C1 controls removed.

    Article text reaches terminals, reports and the model: a clear-screen, a window title or a
    hyperlink escape in it must reach none of them, so it never enters the store.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_field(value: object) -> str | None:
    """A metadata value as one clean line (control characters and runs of whitespace collapsed), or None."""
    if value is None:
        return None
    text = " ".join(clean_text(str(value)).split())
    return text or None


def language_code(value: object) -> str | None:
    """ISO 639-1 code of a language as inputs give it: ``en-GB`` -> ``en``, ``deu`` or ``German`` -> ``de``.

    A value that names no known language is dropped (``None``) rather than stored as if it were one.
    """
    text = clean_field(value)
    if text is None:
        return None
    primary = re.split(r"[-_]", text)[0].lower()
    import pycountry

    if re.fullmatch(r"[a-z]{2}", primary):
        return primary if pycountry.languages.get(alpha_2=primary) else None
    try:
        found = pycountry.languages.lookup(primary if re.fullmatch(r"[a-z]{3}", primary) else text)
    except LookupError:
        return None
    code = getattr(found, "alpha_2", None) or getattr(found, "alpha_3", None)
    return str(code) if code else None


def decode_article_bytes(data: bytes, source: str, *, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """Bytes to text, refusing empty, binary, oversized and undecodable input with a clear reason.

    UTF-8 is expected. A byte-order mark says otherwise: UTF-16 and UTF-32 with a BOM are decoded
    (Windows tools save "Unicode" text that way). Anything else is refused, not guessed at.
    """
    if len(data) > max_bytes:
        raise IngestError(source, too_large("file", max_bytes))
    encoding, body = "utf-8", data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    if not body.strip(b"\x00 \t\r\n"):
        raise IngestError(source, "empty file")
    if encoding == "utf-8" and b"\x00" in body[:8192]:
        head = body[:8192]
        if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4:
            raise IngestError(
                source, "UTF-16 or UTF-32 text without a byte-order mark; save it as UTF-8 (or with a BOM)"
            )
        raise IngestError(source, "binary file (contains NUL bytes), not text")
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        at = exc.start + len(data) - len(body)
        if encoding == "utf-8":
            raise IngestError(source, f"not valid UTF-8 (byte {at}: {data[at : at + 1]!r})") from exc
        raise IngestError(source, f"not valid {encoding.upper()} despite its byte-order mark (byte {at})") from exc


def check_budget(text: str, source: str, max_sentences: int) -> None:
    """Refuse an article with more sentences than the budget: each sentence with numbers costs a model call.

    Texts too short to hold that many sentences (two characters each at least) are not split at all.
    """
    if len(text) < 2 * max_sentences:
        return
    from reconcile.core.sentences import split_sentences

    n = len(split_sentences(text))
    if n > max_sentences:
        raise IngestError(
            source,
            f"article has {n:,} sentences; the budget is {max_sentences:,} per article"
            " (raise max_article_sentences in reconcile.toml to accept it)",
        )


def article_from_text(
    raw: str,
    source: str,
    *,
    published: dt.date | None = None,
    is_html: bool = False,
    metadata: Metadata | None = None,
    max_sentences: int = MAX_ARTICLE_SENTENCES,
) -> Article:
    """Normalise text into an ``Article``. Rules, in order:

    1. Line breaks become ``\\n``; escape sequences and other control characters are removed.
    2. HTML (``is_html``, or text that starts with a tag) is reduced to its main text; the page's own
       title, date, outlet, URL and author fill what ``metadata`` leaves unknown. HTML that is not a
       whole page (an export's ``<p>...</p>`` body) is read whole: it has no menus or banners to drop.
    3. A first line beginning `` date YYYY-MM-DD `` gives the publication date and is removed.
    4. Surrounding whitespace is stripped; an article over the sentence budget is refused. The id is the
       sha256 of the resulting text, so a renamed file is the same article and an edited file is a new one.
    """
    meta = metadata or Metadata()
    text = clean_text(raw)
    if is_html or LOOKS_LIKE_HTML.match(text):
        from reconcile.ingest.html import extract_page

        # a saved page has furniture to remove; an export's HTML body (<p>...</p>) is all article
        page = extract_page(text, source, fragment=not is_html and not _WHOLE_PAGE.match(text))
        text, meta = page.text, meta.or_else(page.meta)
    published = published or meta.published
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
    check_budget(text, source, max_sentences)
    title = clean_field(meta.title) or clean_field(text.split("\n", 1)[0][:200])
    return Article(
        article_id=content_id(text),
        source=source,
        text=text,
        title=title,
        published=published,
        url=clean_field(meta.url),
        outlet=clean_field(meta.outlet),
        author=clean_field(meta.author),
        language=language_code(meta.language),
    )
