"""Terminal report (rich): what a reader at a shell needs first is what disagrees, so conflicts lead.

Flagged events are shown one panel each with their values side by side and the number highlighted in
its quote; events without any flagged difference follow as one compact table.
"""

from __future__ import annotations

import duckdb
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reconcile.events.grouping import ensure_schema
from reconcile.events.model import Event, EventValue, load_events
from reconcile.report.common import (
    KIND_EXPLAIN,
    KIND_LABEL,
    article_label,
    event_title,
    interval,
    num,
    quote_parts,
    sources_label,
    status,
    summary,
    value_label,
)

_KIND_STYLE = {"contradiction": "bold red", "revision": "yellow", "cumulative": "cyan", "unit_or_scope": "blue"}


def _quote(v: EventValue, width: int = 160) -> Text:
    """The quote with the number in reverse video, trimmed around it so long sentences stay readable."""
    before, number, after = quote_parts(v)
    if len(before) > width // 2:
        before = "…" + before[-(width // 2) :]
    if len(after) > width // 2:
        after = after[: width // 2] + "…"
    text = Text(before)
    text.append(number, style="bold reverse")
    text.append(after)
    return text


def _values_table(e: Event) -> Table:
    table = Table(show_edge=False, expand=True, pad_edge=False)
    table.add_column("value", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("article", overflow="fold", max_width=28)
    table.add_column("quote", ratio=1)
    for v in e.values:
        style = "green" if v.agrees else _KIND_STYLE.get(v.kind or "", "red")
        published = f"\n{v.published.isoformat()}" if v.published else ""
        table.add_row(
            Text(value_label(v), style="bold"),
            Text(status(v), style=style),
            f"{article_label(v)}{published}",
            _quote(v),
        )
    return table


def _panel(e: Event) -> Panel:
    kind = e.conflict_kind or ""
    head = Text()
    head.append(KIND_LABEL.get(kind, kind).upper(), style=_KIND_STYLE.get(kind, ""))
    head.append(f"  {KIND_EXPLAIN.get(kind, '')}\n", style="dim")
    head.append(
        f"consensus {num(e.value)} · spread {interval(e.spread_low, e.spread_high)} · "
        f"{len(e.agreeing)} agree, {len(e.disagreeing)} disagree · {sources_label(e)} · {e.event_id}",
        style="dim",
    )
    details = Text("\n".join(f"• {c.detail}" for c in e.conflicts), style="dim")
    return Panel(
        Group(head, _values_table(e), details),
        title=event_title(e),
        title_align="left",
        border_style=_KIND_STYLE.get(kind, "white"),
    )


def render_terminal(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Print the report: headline counts, flagged events (contradictions first), then the rest."""
    ensure_schema(con)
    events = load_events(con)
    s = summary(events)
    console.print(
        f"[bold]{s['events']} events[/] from {s['values']} values in {s['articles']} articles — "
        f"[bold red]{s['contradiction']} contradictions[/], [yellow]{s['revision']} revisions[/], "
        f"[cyan]{s['cumulative']} cumulative[/], [blue]{s['unit_or_scope']} unit/scope[/], "
        f"{s['unresolved']} unresolved"
    )
    if not events:
        console.print("[dim]No events: run the extraction, then reconcile.[/]")
        return
    for e in (e for e in events if e.conflict):
        console.print(_panel(e))
    rest = [e for e in events if not e.conflict]
    if rest:
        table = Table(title="Events without flagged differences", title_justify="left", expand=True)
        for col in ("event", "value", "sources", "first quote"):
            table.add_column(col, ratio=1 if col == "first quote" else None)
        for e in rest:
            label = event_title(e) + (" [unresolved]" if e.unresolved else "")
            table.add_row(
                label, num(e.value), sources_label(e, short=True), _quote(e.values[0], 100) if e.values else ""
            )
        console.print(table)
