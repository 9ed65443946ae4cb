"""Reports and exports of reconciled events: terminal (rich), Markdown, self-contained HTML, JSON, Parquet.

All of them read through ``reconcile.events.load_events`` so they show the same events, in the same
order (flagged differences first), with the same provenance for every value.
"""

from reconcile.report.export import SCHEMA_VERSION, events_document, events_json, export_json, export_parquet
from reconcile.report.html import render_html
from reconcile.report.markdown import render_markdown
from reconcile.report.terminal import render_event, render_terminal

__all__ = [
    "SCHEMA_VERSION",
    "events_document",
    "events_json",
    "export_json",
    "export_parquet",
    "render_event",
    "render_html",
    "render_markdown",
    "render_terminal",
]
