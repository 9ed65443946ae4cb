"""Markdown report: the same content as the terminal report, for pull requests, wikis and e-mail.

Conflicts come first; every value is listed with its article and the quote, number in bold, so a
reader can check each figure without opening the database.
"""

from __future__ import annotations

import duckdb

from reconcile.events.grouping import ensure_schema
from reconcile.events.model import Event, load_events
from reconcile.report.common import (
    KIND_EXPLAIN,
    KIND_LABEL,
    article_label,
    disagreement_line,
    event_title,
    interval,
    num,
    quote_parts,
    relation_line,
    said,
    sources_label,
    status,
    summary,
    value_label,
)
from reconcile.report.rejections import RejectedNumber, load_rejections
from reconcile.report.safe import printable

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md_escape(text: str) -> str:
    """Escape Markdown syntax, neutralise control characters and flatten newlines, so article text can
    neither break a table nor send escape sequences to whoever ``cat``s the file."""
    return " ".join(printable(text.translate(_MD_SPECIAL), newlines=False).split())


def _event(e: Event) -> list[str]:
    kind = e.conflict_kind
    flag = f" — {KIND_LABEL[kind]}" if kind else ""
    lines = [f"### {md_escape(event_title(e))}{flag}", ""]
    if kind:
        lines += [f"*{KIND_EXPLAIN[kind]}*", ""]
    lines += [
        f"Consensus **{num(e.value)}**, spread {interval(e.spread_low, e.spread_high)}; "
        f"{len(e.agreeing)} agree, {len(e.disagreeing)} disagree; {sources_label(e)}. `{e.event_id}`"
        + (" (actor unresolved)" if e.unresolved else ""),
        "",
        "| value | status | said | article | quote |",
        "|---|---|---|---|---|",
    ]
    for v in e.values:
        pub = f" ({v.published.isoformat()})" if v.published else ""
        value = md_escape(value_label(v))
        article = f"{md_escape(article_label(v))}{pub}"
        lines.append(f"| {value} | {status(v)} | {md_escape(said(v))} | {article} | {_bold_in(quote_parts(v))} |")
    if e.conflicts:
        lines += ["", f"Disagreements ({len(e.conflicts)} pairs):", ""]
        lines += [f"- {md_escape(disagreement_line(e, c))} — {md_escape(c.detail)}" for c in e.conflicts]
    if e.relations:
        lines += ["", "Explained (not disagreements):", ""]
        lines += [f"- {md_escape(relation_line(e, r))}" for r in e.relations]
    lines.append("")
    return lines


def _bold_in(parts: tuple[str, str, str]) -> str:
    """A quote with its number in bold, keeping the quote's own spacing ("300," stays "**300**,")."""
    before, number, after = parts
    if not number:
        return md_escape(before)
    left = md_escape(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + md_escape(after)
    return f"{left}**{md_escape(number)}**{right}".strip()


def _rejections(items: list[RejectedNumber]) -> list[str]:
    lines = [
        f"## Numbers not stored ({len(items)})",
        "",
        "Found in the text but kept out of the claims, with the reason.",
        "",
        "| number | reason | article | sentence |",
        "|---|---|---|---|",
    ]
    for r in items:
        number = md_escape(r.number_text or r.number_id or "?")
        lines.append(f"| {number} | {md_escape(r.reason)} | {md_escape(r.article)} | {_bold_in(r.quote_parts())} |")
    return [*lines, ""]


def render_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """The whole report as one Markdown document."""
    ensure_schema(con)
    events = load_events(con)
    rejected = load_rejections(con)
    s = summary(events)
    out = [
        "# Reconciliation report",
        "",
        f"{s['events']} events from {s['values']} values in {s['articles']} articles: "
        f"**{s['contradiction']} contradictions**, {s['source_disagreement']} source disagreements, "
        f"{s['revision']} revisions ({s['pairs']} disagreeing pairs); explained: {s['cumulative']} cumulative, "
        f"{s['unit_or_scope']} unit/scope differences; {s['unresolved']} unresolved; "
        f"{len(rejected)} numbers not stored.",
        "",
    ]
    flagged = [e for e in events if e.conflict]
    rest = [e for e in events if not e.conflict]
    if flagged:
        out += ["## Flagged differences", ""]
        for e in flagged:
            out += _event(e)
    if rest:
        out += ["## Events without flagged differences", ""]
        for e in rest:
            out += _event(e)
    if rejected:
        out += _rejections(rejected)
    return "\n".join(out).rstrip() + "\n"
