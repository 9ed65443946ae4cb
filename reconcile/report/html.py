"""HTML report: one self-contained page (inline CSS and script; no fonts, images or code from anywhere).

Each event shows its quotes side by side with the number highlighted, how each figure is given
(modality) and who says so; each quote links to a copy of its article embedded at the bottom of the
page, where the cited span is marked and carries the anchor ``#a-<article>-<start>``. So every figure
can be checked against its source from the page alone, offline. A flagged event lists its pairwise
disagreements (both sides with article, source and report date) under a small inline-SVG timeline of its
figures by report date, coloured by source (``report.timeline``); explained differences are listed apart.

A small inline script adds a filter bar (words, kind of conflict, source, hide single-source events)
whose state lives in the URL's fragment (``report.html#kind=contradiction&multi=1``), so a filtered
view can be linked. Without scripts the page shows everything. A Content-Security-Policy allows only
that one script (by its hash): even a bug in escaping could not run code from an article.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import jinja2
import markupsafe

from reconcile.events.grouping import ensure_schema
from reconcile.events.model import Event, EventValue, load_events
from reconcile.report.common import (
    KIND_EXPLAIN,
    KIND_LABEL,
    anchor,
    article_label,
    disagreement_sides,
    event_date,
    event_what,
    interval,
    num,
    parties,
    quote_parts,
    relation_line,
    said,
    sources_label,
    status,
    summary,
    value_label,
)
from reconcile.report.rejections import load_rejections
from reconcile.report.safe import printable
from reconcile.report.timeline import timeline_svg


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text; ``mark`` is the anchor id when the run is a cited number."""

    text: str
    mark: str | None = None
    css: str = ""
    title: str = ""


@dataclass(slots=True)
class ArticleView:
    article_id: str
    anchor: str
    source: str
    title: str | None
    published: dt.date | None
    segments: list[Segment] = field(default_factory=list)
    outlet: str | None = None
    author: str | None = None
    link: str | None = None  # the article's URL, only when it is a web address (never javascript: and such)
    copy_of: str | None = None  # the first-seen article this one is a near-duplicate of

    @property
    def name(self) -> str:
        """How the filter bar names this article's source: its outlet, else its file name."""
        return self.outlet or Path(self.source).name or self.source


def _finalize(value: object) -> object:
    """Every ``{{ }}`` output: control characters (never valid in HTML text) made visible.

    ``Markup`` (a rendered macro) was finalised piece by piece already and must not be escaped again.
    """
    return printable(value) if isinstance(value, str) and not isinstance(value, markupsafe.Markup) else value


@cache
def _environment() -> jinja2.Environment:
    """Autoescaping on: article text is untrusted input and must never become markup."""
    return jinja2.Environment(
        finalize=_finalize,
        loader=jinja2.PackageLoader("reconcile.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def value_css(v: EventValue) -> str:
    if not v.counted:
        return "uncounted"
    return "agree" if v.agrees else (v.kind or "contradiction")


def event_kinds(e: Event) -> str:
    """Every kind of difference in the event, flagged or explained (space-separated; '' when consistent)."""
    kinds = {c.kind for c in e.conflicts} | {r.kind for r in e.relations}
    kinds |= {e.conflict_kind} if e.conflict_kind else set()
    return " ".join(sorted(kinds))


@cache
def filter_script() -> tuple[str, str]:
    """The filter bar's script and its CSP hash (``'sha256-...'``)."""
    script = _environment().get_template("filter.js.j2").render().strip()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"'sha256-{digest}'"


def _segments(text: str, marks: list[tuple[int, int, str, str, str]]) -> list[Segment]:
    """Cut ``text`` into plain and marked runs; overlapping or out-of-range spans are skipped, not fatal."""
    out: list[Segment] = []
    pos = 0
    for start, end, mark, css, title in sorted(marks):
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], mark, css, title))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _articles(con: duckdb.DuckDBPyConnection, events: list[Event]) -> list[ArticleView]:
    """Embedded copies of every cited article, each cited number marked with its anchor."""
    marks: dict[str, list[tuple[int, int, str, str, str]]] = {}
    for e in events:
        for v in e.values:
            marks.setdefault(v.article_id, []).append(
                (v.start, v.end, anchor(v.article_id, v.start), value_css(v), f"{parties(e)} {e.unit}: {status(v)}")
            )
    if not marks:
        return []
    rows = con.execute(
        "SELECT article_id, source, title, published, text, outlet, author, url, source_group FROM articles "
        "WHERE list_contains(?, article_id) ORDER BY published NULLS LAST, source",
        [sorted(marks)],
    ).fetchall()
    return [
        ArticleView(
            article_id=r[0],
            anchor=anchor(r[0]),
            source=r[1],
            title=r[2],
            published=r[3],
            segments=_segments(r[4], marks[r[0]]),
            outlet=r[5],
            author=r[6],
            link=r[7] if r[7] and r[7].lower().startswith(("https://", "http://")) else None,
            copy_of=r[8] if r[8] and r[8] != r[0] else None,
        )
        for r in rows
    ]


def render_html(con: duckdb.DuckDBPyConnection) -> str:
    """The report as a complete HTML document (UTF-8 string)."""
    ensure_schema(con)
    events = load_events(con)
    articles = _articles(con, events)
    names = {a.article_id: a.name for a in articles}
    script, script_hash = filter_script()
    template = _environment().get_template("report.html.j2")
    return template.render(
        events=events,
        flagged=[e for e in events if e.conflict],
        rest=[e for e in events if not e.conflict],
        articles=articles,
        source_names=sorted(set(names.values()), key=str.lower),
        event_sources=lambda e: sorted({names.get(v.article_id, v.article) for v in e.values}),
        event_kinds=event_kinds,
        kinds=[k for k in KIND_LABEL if k in {k for e in events for k in event_kinds(e).split()}],
        script=markupsafe.Markup(script),  # our own static code, never data
        script_hash=markupsafe.Markup(script_hash),  # base64 and quotes of our own making
        rejected=load_rejections(con),
        stats=summary(events),
        kind_label=KIND_LABEL,
        kind_explain=KIND_EXPLAIN,
        num=num,
        interval=interval,
        parties=parties,
        event_date=event_date,
        event_what=event_what,
        quote_parts=quote_parts,
        status=status,
        said=said,
        anchor=anchor,
        value_css=value_css,
        value_label=value_label,
        article_label=article_label,
        sources_label=sources_label,
        timeline=timeline_svg,
        disagreement_sides=disagreement_sides,
        relation_line=relation_line,
    )
