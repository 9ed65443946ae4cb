"""Exports from crawlers and CMSs: JSON Lines and CSV, one article per record, read as a stream.

Nothing here holds more than one record: a 1 GB export costs the memory of its longest record, and a
record longer than the article size limit is skipped without being held (its line is read in pieces).
A bad record (not JSON, no text, an unreadable date, too many columns) becomes an ``IngestFailure``
named ``export.jsonl:17`` with its reason, and the rest of the file goes on.

Field names are matched as crawlers write them (case, ``_`` and ``-`` ignored): see ``FIELD_NAMES``.
When an export uses other names, ``IngestOptions.fields`` (``--field text=article_body``) names the
column; for JSON a dotted path reaches into objects (``--field outlet=source.name``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reconcile.core.types import Article
from reconcile.ingest.files import IngestOptions, open_regular
from reconcile.ingest.text import IngestError, IngestFailure, Metadata, article_from_text, clean_field, too_large

FIELD_NAMES: dict[str, tuple[str, ...]] = {  # article field -> names crawlers use for it, normalised
    "text": ("text", "content", "body", "maintext", "articlebody", "fulltext"),
    "url": ("url", "link", "canonicalurl", "canonical"),
    "published": ("published", "date", "pubdate", "publishedat", "publishdate", "datepublished", "datepublish"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "sitename", "publisher", "sourcedomain", "domain"),
    "language": ("language", "lang"),
    "author": ("author", "authors", "byline", "creator"),
}
ARTICLE_FIELDS = tuple(FIELD_NAMES)
_CSV_DELIMITERS = ",;\t|"


def _normalise(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").replace(" ", "")


def _value(value: Any) -> Any:
    """A field's usable value: the text inside an object (``{"name": "Reuters"}``, WordPress's
    ``{"rendered": "<p>...</p>"}``), a list joined."""
    if isinstance(value, Mapping):
        value = next((value[k] for k in ("rendered", "name", "title", "id") if value.get(k)), None)
    if isinstance(value, list):
        value = ", ".join(str(_value(v)) for v in value if v not in (None, ""))
    return None if value in (None, "") else value


def _lookup(record: Mapping[str, Any], column: str) -> Any:
    """``record[column]``, or a dotted path into nested objects, or a case-insensitive match."""
    if column in record:
        return record[column]
    node: Any = record
    for part in column.split("."):
        if not isinstance(node, Mapping) or part not in node:
            node = None
            break
        node = node[part]
    if node is not None:
        return node
    wanted = column.lower()
    return next((v for k, v in record.items() if k.lower() == wanted), None)


def pick_fields(record: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """Article field -> value, by the explicit mapping first, else by the names crawlers use."""
    by_name: dict[str, Any] = {}
    for key, value in record.items():
        by_name.setdefault(_normalise(str(key)), value)
    out: dict[str, Any] = {}
    for name, aliases in FIELD_NAMES.items():
        if name in fields:
            value = _value(_lookup(record, fields[name]))
        else:
            value = next((v for v in (_value(by_name.get(a)) for a in aliases) if v is not None), None)
        if value is not None:
            out[name] = value
    return out


def parse_published(value: Any) -> dt.date:
    """A publication date as exports write it: ISO 8601, RFC 822 (RSS ``pubDate``), epoch seconds or
    milliseconds, or a written date ("5 April 2022"). The date is the one in the publisher's own time zone."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        raise ValueError(text)
    day: dt.date = parsed.date()
    return day


def article_from_record(
    record: Mapping[str, Any], source: str, options: IngestOptions, *, defaults: Metadata | None = None
) -> Article:
    """One export record (or feed entry) to an ``Article``; ``defaults`` fill fields the record lacks."""
    values = pick_fields(record, options.fields)
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        column = options.fields.get("text")
        looked = f"the {column!r} field" if column else ", ".join(FIELD_NAMES["text"])
        raise IngestError(source, f"no text (looked for {looked}; name the column with --field text=COLUMN)")
    if len(text) > options.max_bytes:
        raise IngestError(source, too_large("text", options.max_bytes))
    published = None
    if "published" in values:
        try:
            published = parse_published(values["published"])
        except (ValueError, OverflowError, OSError) as exc:
            raise IngestError(source, f"unreadable publication date {str(values['published'])[:60]!r}") from exc
    given = Metadata(
        title=clean_field(values.get("title")),
        published=published,
        url=clean_field(values.get("url")),
        outlet=clean_field(values.get("outlet")),
        author=clean_field(values.get("author")),
        language=clean_field(values.get("language")),
    )
    metadata = given.or_else(defaults) if defaults else given
    return article_from_text(text, source, metadata=metadata, max_sentences=options.max_sentences)


def read_records(path: Path, options: IngestOptions) -> Iterator[Article | IngestFailure]:
    """Every record of a JSON Lines (``.jsonl``, ``.ndjson``) or CSV (``.csv``, ``.tsv``) export."""
    with open_regular(path) as handle:
        reader = _csv_records if path.suffix.lower() in {".csv", ".tsv"} else _json_records
        for line, record in reader(handle, path, options):
            source = f"{path}:{line}"
            if isinstance(record, str):
                yield IngestFailure(source, record)
                continue
            try:
                yield article_from_record(record, source, options)
            except IngestError as exc:
                yield IngestFailure(exc.source, exc.reason)


Parsed = tuple[int, "Mapping[str, Any] | str"]  # (line number, record or the reason it is not one)


def _encoding(handle: BinaryIO) -> str | None:
    """The encoding a BOM announces (UTF-16/32), or None for UTF-8 (a UTF-8 BOM is dropped later)."""
    head = handle.read(4)
    handle.seek(0)
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if head.startswith(bom):
            return name
    return None


def _json_records(handle: BinaryIO, path: Path, options: IngestOptions) -> Iterator[Parsed]:
    encoding = _encoding(handle)
    limit = options.max_bytes
    if encoding is None:
        lines = _utf8_lines(handle, limit)
    else:
        lines = _text_lines(io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape"), limit)
    for number, line, problem in lines:
        if problem is not None:
            yield number, problem
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(record, dict):
            yield number, f"a JSON object (one article) expected, got {type(record).__name__}"
            continue
        yield number, record


Line = tuple[int, str, "str | None"]  # (line number, text, or the reason it cannot be read)


def _utf8_lines(handle: BinaryIO, limit: int) -> Iterator[Line]:
    """Lines of a UTF-8 file, holding at most ``limit`` bytes of one; a longer line is skipped in pieces."""
    number = 0
    while chunk := handle.readline(limit + 1):
        number += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):
                chunk = handle.readline(1 << 20)
            yield number, "", too_large("record", limit)
            continue
        if number == 1 and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        try:
            yield number, chunk.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield number, "", f"not valid UTF-8 (byte {exc.start} of the line: {chunk[exc.start : exc.start + 1]!r})"


def _text_lines(stream: io.TextIOWrapper, limit: int) -> Iterator[Line]:
    """Lines of a UTF-16/32 file, the same way (``limit`` counts characters here)."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = stream.readline(1 << 20)
            yield number, "", too_large("record", limit)
            continue
        yield number, line, "not valid " + (stream.encoding or "").upper() if _has_surrogates(line) else None


def _csv_records(handle: BinaryIO, path: Path, options: IngestOptions) -> Iterator[Parsed]:
    """Rows of a CSV export under its header row; a row whose field count differs from it is refused."""
    encoding = _encoding(handle) or "utf-8-sig"
    stream = io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape", newline="")
    if path.suffix.lower() == ".tsv":
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab
    else:
        sample = stream.read(64 * 1024)
        stream.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
        except csv.Error:
            dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    reader = csv.reader(stream, dialect)
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, f"not a valid CSV row ({exc})"
            continue
        if not any(cell.strip() for cell in row):
            continue
        if any(_has_surrogates(cell) for cell in row):
            yield start, "not valid UTF-8"
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if len(row) != len(header):
            yield start, f"{len(row)} fields where the header has {len(header)}"
            continue
        yield start, dict(zip(header, row, strict=True))


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
