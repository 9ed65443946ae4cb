"""Stored claims for people and programs: filtered, printed two lines each, or as JSON / JSON lines.

``reconcile claims`` and the claims ``reconcile run`` prints both come through here, so a filter or a
field shows the same everywhere. Filters are plain predicates over typed claims: the listing is for
reading, and a few thousand claims filter in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from reconcile.core.claims import Claim
from reconcile.core.rules import explained
from reconcile.events.grouping import ensure_schema
from reconcile.normalize.parties import resolve_party
from reconcile.report.safe import json_dumps, printable, safe_text
from reconcile.store.database import Store

SCOPE_MARK = {"aggregate": " Σ", "running_total": " Σ…", "change": " Δ"}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What to keep; ``None`` keeps everything. Text matches are case-insensitive."""

    actor: str | None = None  # a code (FRA), a name resolving to it (France), or words of the actor's text
    measure: str | None = None  # what is counted: a measure code (killed, expelled, ...)
    source: str | None = None  # who says so: words of its wording or its normalised key
    article: str | None = None  # words of the article's path, outlet, title or URL
    conflicts_only: bool = False  # only claims in events with a flagged difference
    article_ids: frozenset[str] | None = None  # only these articles (a run's own)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a claim listing says about the article a claim comes from."""

    source: str  # the path (or name) it was first seen under
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None

    def words(self) -> str:
        return " ".join(x for x in (self.source, self.outlet, self.title, self.url) if x).lower()


@dataclass(frozen=True, slots=True)
class ListedClaim:
    claim: Claim
    info: ArticleInfo

    @property
    def article(self) -> str:
        return self.info.source


def _actor_matches(claim: Claim, wanted: str) -> bool:
    codes = {wanted.upper()} | ({code} if (code := resolve_party(wanted)) else set())
    members = set(claim.actor_members.split(",")) if claim.actor_members else set()
    words = f"{claim.actor_text or ''} {claim.actor or ''}".lower()
    return claim.actor in codes or bool(members & codes) or wanted.lower() in words


def flagged_claims(store: Store) -> set[str]:
    with store.cursor() as con:
        ensure_schema(con)
        rows = con.execute(
            "SELECT DISTINCT ec.claim_id FROM event_claims ec JOIN events e USING (event_id) WHERE e.conflict"
        ).fetchall()
    return {r[0] for r in rows}


def claim_passes(item: ListedClaim, flt: ClaimFilter, flagged: set[str] | None) -> bool:
    """Whether ``item`` passes ``flt``; ``flagged``: the claims in flagged events (needed for conflicts_only).

    One predicate for ``reconcile claims`` and the service's ``GET /v1/claims``."""
    claim, info = item.claim, item.info
    if flt.article_ids is not None and claim.article_id not in flt.article_ids:
        return False
    if flt.conflicts_only and (flagged is None or claim.claim_id not in flagged):
        return False
    if flt.actor and not _actor_matches(claim, flt.actor):
        return False
    if flt.measure and claim.measure != flt.measure.lower():
        return False
    if flt.source and flt.source.lower() not in f"{claim.source_text or ''} {claim.source or ''}".lower():
        return False
    return not (flt.article and flt.article.lower() not in info.words())


def select_claims(store: Store, flt: ClaimFilter = ClaimFilter()) -> list[ListedClaim]:
    """The stored claims that pass ``flt``, in article then text order."""
    infos = {
        row[0]: ArticleInfo(*row[1:])
        for row in store.query("SELECT article_id, source, outlet, title, url, published FROM articles")
    }
    flagged = flagged_claims(store) if flt.conflicts_only else None
    items = (ListedClaim(c, infos.get(c.article_id) or ArticleInfo(c.article_id)) for c in store.claims())
    out = [item for item in items if claim_passes(item, flt, flagged)]
    out.sort(key=lambda c: (c.article, c.claim.start))
    return out


def claim_record(item: ListedClaim) -> dict[str, Any]:
    """One claim as ``claims --json`` writes it: the article (path, outlet, title, URL, date), then every
    stored field of the claim (docs/claim-model.md)."""
    info = item.info
    published = info.published.isoformat() if info.published else None
    article = {"article": info.source, "outlet": info.outlet, "title": info.title, "url": info.url}
    return {**article, "published": published, **item.claim.model_dump(mode="json")}


def claims_json(items: Iterable[ListedClaim], *, lines: bool = False) -> str:
    """A JSON array (``lines=False``) or one JSON object per line."""
    records = [claim_record(i) for i in items]
    if lines:
        return "".join(json_dumps(r) + "\n" for r in records)
    return json_dumps(records, indent=2) + "\n"


def _when(claim: Claim) -> str:
    if claim.event_date or not claim.date_low:
        return str(claim.event_date or "undated")
    return f"{claim.date_low}…{claim.date_high}"


def claim_lines(item: ListedClaim) -> tuple[Text, Text]:
    """The claim's line (article, who → whom, measure, value, unit, date, modality, place, who says so) and
    its quote with the number highlighted.

    Two lines per claim stay readable at 80 columns, where a table with a quote column does not.
    """
    claim = item.claim
    actor = (
        claim.actor_members.replace(",", "+") if claim.actor_members else (claim.actor or f"?{claim.actor_text or ''}")
    )
    hedge = f"{claim.hedge_text} " if claim.hedge_text else ""
    number = "1" if claim.alignment == "implicit" else claim.number_text  # "its ambassador" counts one
    line = Text.assemble(
        safe_text(Path(item.article).stem[:14], "dim", newlines=False),
        "  ",
        safe_text(f"{actor} → {claim.target or '?'}", "bold", newlines=False),
        (SCOPE_MARK.get(claim.scope.value, ""), "magenta"),
        safe_text(f"  {claim.measure}  ", newlines=False),
        safe_text(f"{hedge}{number}", "bold yellow", newlines=False),
        safe_text(f" {claim.unit}", newlines=False),
        (f"  {_when(claim)}", "cyan"),
        (f"  ({claim.modality.value})" if claim.modality.value != "done" else "", "dim"),
        safe_text(f"  in {claim.place_text}" if claim.place_text else "", "dim", newlines=False),
        safe_text(f"  according to {claim.source_text}" if claim.source_text else "", "dim", newlines=False),
    )
    quote = Text(printable(claim.quote, newlines=False), style="italic")
    offset = claim.start - claim.sentence_start
    quote.stylize("bold yellow not italic", offset, offset + (claim.end - claim.start))
    return line, quote


def print_claims(console: Console, items: list[ListedClaim], *, explain: bool = False) -> None:
    """Two lines per claim; with ``explain``, then each rule that repaired or built it and what it decides."""
    for item in items:
        line, quote = claim_lines(item)
        console.print(line)
        console.print(Padding(quote, (0, 0, 0, 4), expand=False))
        if explain:
            for rule_line in explained(item.claim.rules, none="no rule changed the model's answer"):
                console.print(Padding(safe_text(rule_line, "dim", newlines=False), (0, 0, 0, 4), expand=False))
    console.print(
        f"{len(items)} claims; Σ marks an aggregate (a total over several parties), Σ… a running total",
        style="dim",
        markup=False,
        highlight=False,
    )
