"""A small timeline of one event's figures, as inline SVG: each figure at its report date, coloured by source.

Why: a revision (a toll rising day by day) or a police-vs-organisers split reads at a glance as a picture,
where a table of figures needs reading. The SVG is built here from numbers and escaped labels only (no
script, no external font or image), so the HTML report stays one self-contained, offline page under its
Content-Security-Policy. Figures without a report date, or without a number (a vague "thousands" has no
point value), are listed in the report's table but not placed on the timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from reconcile.events.model import Event, EventValue
from reconcile.report.common import num

WIDTH, HEIGHT = 360, 120
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 12, 10, 24
# Colour-blind-safe palette (Okabe-Ito); sources beyond it repeat colours, the legend still names them.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
UNNAMED = "no named source"


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    value: float
    low: float | None
    high: float | None
    source: str
    label: str


def _points(e: Event) -> list[Point]:
    def point(v: EventValue) -> Point | None:
        value = v.value if v.value is not None else (v.low if v.low is not None and v.low == v.high else None)
        if v.published is None or value is None or not v.counted:
            return None
        label = f"{v.number_text} · {v.source_text or UNNAMED} · {v.published.isoformat()}"
        return Point(v.published, value, v.low, v.high, v.source_text or UNNAMED, label)

    return [p for p in (point(v) for v in e.values) if p is not None]


def source_colours(points: list[Point]) -> dict[str, str]:
    """Each source its colour, in order of first appearance (so the legend reads like the timeline)."""
    colours: dict[str, str] = {}
    for p in sorted(points, key=lambda p: (p.day, p.source)):
        colours.setdefault(p.source, PALETTE[len(colours) % len(PALETTE)])
    return colours


def timeline_svg(e: Event) -> Markup:
    """The event's timeline (``Markup`` for the template), or empty markup when fewer than two figures have a
    report date and a number (nothing to compare in time)."""
    points = _points(e)
    if len(points) < 2:
        return Markup("")
    days = [p.day for p in points]
    values = [p.value for p in points]
    first, span = min(days), max((max(days) - min(days)).days, 1)
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(day: dt.date) -> float:
        return _LEFT + plot_w * ((day - first).days / span if max(days) != first else 0.5)

    def y(value: float) -> float:
        return _TOP + plot_h * (1 - (value - low) / (high - low))

    colours = source_colours(points)
    total = HEIGHT + 14 * len(colours)  # the plot, then one legend line per source
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{total}"'
        f' viewBox="0 0 {WIDTH} {total}" role="img"'
        f' aria-label="{escape(f"figures of {e.measure} by report date, coloured by source")}">',
        f'<line x1="{_LEFT}" y1="{HEIGHT - _BOTTOM}" x2="{WIDTH - _RIGHT}" y2="{HEIGHT - _BOTTOM}" stroke="#9aa3ad"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{HEIGHT - _BOTTOM}" stroke="#9aa3ad"/>',
        f'<text x="{_LEFT - 4}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="10">{escape(num(high))}</text>',
        f'<text x="{_LEFT - 4}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="10">{escape(num(low))}</text>',
        f'<text x="{_LEFT}" y="{HEIGHT - 8}" font-size="10">{first.isoformat()}</text>',
        f'<text x="{WIDTH - _RIGHT}" y="{HEIGHT - 8}" text-anchor="end" font-size="10">{max(days).isoformat()}</text>',
    ]
    for p in sorted(points, key=lambda p: (p.day, p.value)):
        colour = colours[p.source]
        if p.low is not None and p.high is not None and p.low != p.high and low <= p.low and p.high <= high:
            parts.append(
                f'<line x1="{x(p.day):.1f}" y1="{y(p.low):.1f}" x2="{x(p.day):.1f}" y2="{y(p.high):.1f}"'
                f' stroke="{colour}" stroke-width="3" stroke-opacity="0.5"/>'
            )
        parts.append(
            f'<circle cx="{x(p.day):.1f}" cy="{y(p.value):.1f}" r="4" fill="{colour}">'
            f"<title>{escape(p.label)}</title></circle>"
        )
    for i, (source, colour) in enumerate(colours.items()):
        top = HEIGHT + 14 * i
        parts.append(f'<rect x="{_LEFT}" y="{top + 2}" width="9" height="9" fill="{colour}"/>')
        parts.append(f'<text x="{_LEFT + 14}" y="{top + 10}" font-size="10">{escape(source)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
