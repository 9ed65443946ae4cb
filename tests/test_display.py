"""What reaches a reader's terminal or a report file: hostile text stays inert, and 80 columns read well.

The hostile database carries terminal escape sequences (clear screen, window title, OSC 8 links, an
8-bit CSI) and Rich markup (``[/x]``) in every displayed place: the file name, the article text (so
the quote), the actor's wording and a rejection's reason.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
from rich.console import Console
from test_events import ClaimDB
from test_report import build_demo

from reconcile.events import load_events, reconcile_events
from reconcile.report import render_html, render_markdown, render_terminal
from reconcile.report.terminal import _quote

ESC_TEXT = (
    "Ruritania\x1b[2J\x1b[H expelled 5 diplomats\x1b]8;;https://evil.example/\x1b\\ on Monday\x1b]8;;\x1b\\ "
    "\x1b]0;pwned\x07 [/bold] [link=https://evil.example]here[/link]\x9b2J\x7f\r."
)
ESC_SOURCE = "in\x1b]0;title\x07/ev[/x]il\x1b[2J\n.txt"
ESC_REASON = "bad actor \x1b[2J [/red] \x9b31m"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # colours Rich itself emits
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # anything else: C0 but tab/newline, DEL, C1


def hostile(con: duckdb.DuckDBPyConnection) -> ClaimDB:
    db = ClaimDB(con)
    article = db.article(ESC_SOURCE, ESC_TEXT, dt.date(2022, 4, 4))
    db.claim(article, "5", actor="RUR", target="RUS", value=5, actor_text="\x1b[31mRuritania[/x]")
    other = db.article("plain.txt", "Ruritania expelled 7 diplomats on Monday.", dt.date(2022, 4, 4))
    db.claim(other, "7", actor="RUR", target="RUS", value=7)
    start = ESC_TEXT.index("5")
    con.execute(
        'INSERT INTO rejections (article_id, extractor_version, number_id, start, "end", reason, payload) '
        "VALUES (?, 'test', 'N2', ?, ?, ?, '{}')",
        [article, start, start + 1, ESC_REASON],
    )
    reconcile_events(con)
    return db


@pytest.fixture
def evil() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    hostile(con)
    return con


def test_terminal_report_neutralises_escapes_and_markup(evil: duckdb.DuckDBPyConnection) -> None:
    console = Console(record=True, width=100, force_terminal=True, color_system="standard")
    render_terminal(evil, console)  # before: MarkupError on "[/x]" in the file name
    out = console.export_text(styles=True, clear=False)
    assert not CONTROL.search(SGR.sub("", out)), repr(CONTROL.search(SGR.sub("", out)))
    plain = console.export_text()
    assert "[/x]" in plain and "[/bold]" in plain  # shown literally, not swallowed as markup
    assert "\u241b[2J" in plain  # ESC shown as its control picture


def test_markdown_and_html_neutralise_escapes(evil: duckdb.DuckDBPyConnection) -> None:
    md = render_markdown(evil)
    assert not CONTROL.search(md), repr(CONTROL.search(md))
    assert "\u241b" in md  # still visible, as a picture
    page = render_html(evil)
    assert not CONTROL.search(page), repr(CONTROL.search(page))
    assert "\x1b" not in page and "\u241b[2J" in page


def _quote_lines(lines: list[str], quote: str) -> list[str] | None:
    """The consecutive output lines that spell ``quote`` (wrapped at spaces), or None if it is not shown."""
    want = " ".join(quote.split())
    contents = [line.strip().strip("│").strip() for line in lines]
    for i, first in enumerate(contents):
        if not first or not want.startswith(first):
            continue
        got, used = first, [first]
        for more in contents[i + 1 :]:
            if got == want or not more or not want.startswith(f"{got} {more}"):
                break
            got, used = f"{got} {more}", [*used, more]
        if got == want:
            return used
    return None


def assert_quotes_readable(lines: list[str], quotes: list[str], min_chars: int = 40) -> None:
    assert max(len(line) for line in lines) <= 80
    for quote in quotes:
        shown = _quote_lines(lines, quote)
        assert shown is not None, f"quote not shown as a block: {quote!r}"
        assert all(len(line) >= min_chars for line in shown[:-1]), shown  # only its last line may be short


def test_terminal_report_is_readable_at_80_columns() -> None:
    con = duckdb.connect(":memory:")
    build_demo(con)
    console = Console(record=True, width=80, color_system=None)
    render_terminal(con, console)
    lines = console.export_text().splitlines()
    events = load_events(con)
    quotes = [_quote(v).plain for e in events if e.conflict for v in e.values]
    quotes += [_quote(e.values[0]).plain for e in events if not e.conflict]
    assert len(quotes) > 20
    assert_quotes_readable(lines, quotes)
