"""Numbers that were found but not stored, and why: the ``rejections`` table made readable.

A number the model attributed wrongly, or whose answer failed validation, is kept out of ``claims``
(provenance first) but must not vanish: "at least 325 ... expelled" dropped for a bad actor is exactly
what a reader needs to know is missing. ``reconcile rejections`` and a section of every report show
each such number in its sentence, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import duckdb
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from reconcile.core.sentences import split_sentences
from reconcile.report.safe import json_dumps, printable, safe_text


@dataclass(frozen=True, slots=True)
class RejectedNumber:
    """One dropped number: where it is (article, offsets, its sentence) and why it was dropped.

    ``quote`` is the sentence around the number (``sentence_start`` its offset in the article), so the
    number inside it is ``quote[start - sentence_start : end - sentence_start]``, as for claims.
    """

    article_id: str
    article: str
    published: dt.date | None
    number_id: str | None
    number_text: str
    start: int | None
    end: int | None
    reason: str
    payload: str | None
    quote: str
    sentence_start: int
    rules: str | None = None  # the registered rules that fired on it, the last the one that dropped it

    def quote_parts(self) -> tuple[str, str, str]:
        """The quote split around the number (the whole quote first when there is no span)."""
        if self.start is None or self.end is None:
            return self.quote, "", ""
        n = len(self.quote)
        a = min(max(self.start - self.sentence_start, 0), n)
        b = min(max(self.end - self.sentence_start, a), n)
        return self.quote[:a], self.quote[a:b], self.quote[b:]


_SQL = """
SELECT r.article_id, coalesce(a.source, r.article_id), a.published, r.number_id, r.start, r."end",
       r.reason, r.payload, a.text, r.rules
FROM rejections r
LEFT JOIN articles a USING (article_id)
ORDER BY 2, r.start NULLS LAST, r.number_id
"""


Spans = list[tuple[int, int]]


def _sentence(text: str, start: int, end: int, spans: Spans) -> tuple[str, int]:
    """The sentence of ``text`` (split into ``spans``) holding ``[start, end)``, and its offset."""
    for s, e in spans:
        if s <= start and end <= e:
            return text[s:e], s
    lo, hi = max(0, start - 80), min(len(text), end + 80)  # a number across a boundary: a window around it
    return text[lo:hi], lo


def load_rejections(con: duckdb.DuckDBPyConnection) -> list[RejectedNumber]:
    """Every stored rejection (the latest extraction of each article, like ``claims``), by article and offset."""
    out = []
    sentences: dict[str, Spans] = {}  # each article split once
    for article_id, article, published, number_id, start, end, reason, payload, text, rules in con.execute(
        _SQL
    ).fetchall():
        text = text or ""
        ok = start is not None and end is not None and 0 <= start < end <= len(text)
        if ok and article_id not in sentences:
            sentences[article_id] = [(s.span.start, s.span.end) for s in split_sentences(text)]
        quote, offset = _sentence(text, start, end, sentences[article_id]) if ok else ("", 0)
        out.append(
            RejectedNumber(
                article_id=article_id,
                article=article,
                published=published,
                number_id=number_id,
                number_text=text[start:end] if ok else "",
                start=start if ok else None,
                end=end if ok else None,
                reason=reason,
                payload=payload,
                quote=quote,
                sentence_start=offset,
                rules=rules,
            )
        )
    return out


def rejections_json(items: list[RejectedNumber], *, lines: bool = False) -> str:
    """A JSON array, or one object per line (dates as ISO strings)."""
    records = [{**asdict(r), "published": r.published.isoformat() if r.published else None} for r in items]
    if lines:
        return "".join(json_dumps(r) + "\n" for r in records)
    return json_dumps(records, indent=2) + "\n"


def rejection_lines(r: RejectedNumber) -> tuple[Text, Text, Text]:
    """'325  seeds/003.txt', the reason, then the sentence with the number highlighted."""
    head = Text.assemble(
        safe_text(r.number_text or r.number_id or "?", "bold yellow", newlines=False),
        "  ",
        safe_text(r.article, "dim", newlines=False),
    )
    rules = f"  [rules: {r.rules}]" if r.rules else ""  # the last is the one that dropped it (core.rules)
    reason = safe_text(f"not stored: {r.reason}{rules}", "red", newlines=False)
    before, number, after = (printable(p, newlines=False) for p in r.quote_parts())
    quote = Text(before, style="italic")
    quote.append(number, style="bold reverse not italic")
    quote.append(after)
    return head, reason, quote


def print_rejections(console: Console, items: list[RejectedNumber], *, limit: int | None = None) -> None:
    """Each dropped number on two lines; with ``limit``, the first ``limit`` and a pointer to the rest."""
    shown = items if limit is None else items[:limit]
    for r in shown:
        head, reason, quote = rejection_lines(r)
        console.print(head)
        console.print(Padding(reason, (0, 0, 0, 4), expand=False))
        if quote:
            console.print(Padding(quote, (0, 0, 0, 4), expand=False))
    more = len(items) - len(shown)
    note = f"… and {more} more: `reconcile rejections` lists them all" if more else f"{len(items)} numbers not stored"
    console.print(note, style="dim", markup=False, highlight=False)
