"""Terminal report (rich): what a reader at a shell needs first is what disagrees, so conflicts lead.

It is the default view, so it must read well at 80 columns and when piped (where Rich assumes 80).
Hence no quote columns: each value is one line (figure, status, article) with its quote on the lines
below at nearly full width. Flagged events get a panel each; the others follow as a compact list.
Every string from the database goes through ``safe_text``: article text, file names and model output
are shown literally, never as markup or terminal escape sequences.
"""

from __future__ import annotations

import duckdb
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from reconcile.events.grouping import ensure_schema
from reconcile.events.model import Event, EventValue, load_events
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
from reconcile.report.rejections import load_rejections, print_rejections
from reconcile.report.safe import printable, safe_text

REJECTIONS_SHOWN = 20  # the report shows this many dropped numbers; `reconcile rejections` shows all
_KIND_STYLE = {
    "contradiction": "bold red",
    "source_disagreement": "magenta",
    "revision": "yellow",
    "cumulative": "cyan",
    "unit_or_scope": "blue",
}
QUOTE_INDENT = 4


def _quote(v: EventValue, width: int = 240) -> Text:
    """The quote with the number in reverse video, trimmed around it so long sentences stay readable."""
    before, number, after = (printable(part, newlines=False) for part in quote_parts(v))
    if len(before) > width // 2:
        before = "…" + before[-(width // 2) :]
    if len(after) > width // 2:
        after = after[: width // 2] + "…"
    text = Text(before, style="italic")
    text.append(number, style="bold reverse not italic")
    text.append(after)
    return text


def _value_lines(v: EventValue) -> list[RenderableType]:
    """'at least 40  agrees  according to police  seeds/000.txt · 2022-04-05', the quote indented below."""
    style = "green" if v.agrees else "dim" if not v.counted else _KIND_STYLE.get(v.kind or "", "red")
    published = f" · {v.published.isoformat()}" if v.published else ""
    context = said(v)
    head = Text.assemble(
        safe_text(value_label(v), "bold", newlines=False),
        "  ",
        (status(v), style),
        "  ",
        safe_text(f"{context}  " if context else "", "italic", newlines=False),
        safe_text(article_label(v) + published, "dim", newlines=False),
    )
    return [head, Padding(_quote(v), (0, 0, 0, QUOTE_INDENT), expand=False)]


def _panel(e: Event) -> Panel:
    kind = e.conflict_kind or ""
    head = Text()
    head.append_text(safe_text(event_title(e), "bold", newlines=False))
    head.append(f"\n{KIND_EXPLAIN.get(kind, '')}\n", style="dim")
    head.append(
        f"consensus {num(e.value)} · spread {interval(e.spread_low, e.spread_high)} · "
        f"{len(e.agreeing)} agree, {len(e.disagreeing)} disagree · {sources_label(e)} · {e.event_id}",
        style="dim",
    )
    parts: list[RenderableType] = [head, Text()]
    for v in e.values:
        parts += _value_lines(v)
    if e.conflicts:
        parts.append(Text())
        parts.append(Text(f"Disagreements ({len(e.conflicts)} pairs)", style="bold"))
        for c in e.conflicts:
            parts.append(safe_text(f"• {disagreement_line(e, c)}", _KIND_STYLE.get(c.kind, "")))
            parts.append(Padding(safe_text(c.detail, "dim"), (0, 0, 0, 2), expand=False))
    parts += _explained(e)
    return Panel(
        Group(*parts),
        title=Text(KIND_LABEL.get(kind, kind).upper(), style=_KIND_STYLE.get(kind, "")),
        title_align="left",
        border_style=_KIND_STYLE.get(kind, "white"),
    )


def _explained(e: Event) -> list[RenderableType]:
    """The event's explained differences, apart from its disagreements: never a flag."""
    if not e.relations:
        return []
    out: list[RenderableType] = [Text(), Text("Explained (not disagreements)", style="bold")]
    return out + [safe_text(f"• {relation_line(e, r)}", "dim") for r in e.relations]


def _consistent(e: Event) -> list[RenderableType]:
    """An event without flagged differences: title and figure on one line, its first quote below."""
    sources = sources_label(e)
    head = Text.assemble(
        safe_text(event_title(e), "bold", newlines=False),
        ("  [unresolved]" if e.unresolved else "", "dim"),
        "  = ",
        (num(e.value), "bold"),
        (f"  ({sources})", "dim"),
    )
    out: list[RenderableType] = [head]
    if e.values:
        out.append(Padding(_quote(e.values[0]), (0, 0, 0, QUOTE_INDENT), expand=False))
    out += [Padding(safe_text(f"explained: {relation_line(e, r)}", "dim"), (0, 0, 0, 2)) for r in e.relations]
    return out


def render_event(con: duckdb.DuckDBPyConnection, console: Console, event_id: str) -> bool:
    """One event's evidence (``reconcile report --event ID``): every figure with its source, report date and
    quote, the pairwise disagreements with kinds, the explained differences apart. ``event_id`` may be a
    unique prefix; returns False (printing nothing) when no event or several match."""
    ensure_schema(con)
    matches = [e for e in load_events(con) if e.event_id.startswith(event_id)]
    if len(matches) != 1:
        return False
    console.print(_panel(matches[0]))
    return True


def render_terminal(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Print the report: headline counts, flagged events (contradictions first), the rest, what was dropped."""
    ensure_schema(con)
    events = load_events(con)
    rejected = load_rejections(con)
    s = summary(events)
    console.print(
        Text.assemble(
            (f"{s['events']} events", "bold"),
            f" from {s['values']} values in {s['articles']} articles — ",
            (f"{s['contradiction']} contradictions", "bold red"),
            ", ",
            (f"{s['source_disagreement']} source disagreements", "magenta"),
            ", ",
            (f"{s['revision']} revisions", "yellow"),
            f" ({s['pairs']} disagreeing pairs); explained: ",
            (f"{s['cumulative']} cumulative", "cyan"),
            ", ",
            (f"{s['unit_or_scope']} unit/scope", "blue"),
            f"; {s['unresolved']} unresolved; {len(rejected)} numbers not stored",
        )
    )
    if not events:
        console.print(Text("No events: run the extraction, then reconcile.", style="dim"))
    for e in (e for e in events if e.conflict):
        console.print(_panel(e))
    rest = [e for e in events if not e.conflict]
    if rest:
        console.print()
        console.print(Text("Events without flagged differences", style="bold underline"))
        for e in rest:
            for part in _consistent(e):
                console.print(part)
    if rejected:
        console.print()
        console.print(Text(f"Numbers not stored ({len(rejected)}), and why", style="bold underline"))
        print_rejections(console, rejected, limit=REJECTIONS_SHOWN)
