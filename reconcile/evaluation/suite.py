"""The evaluation sets ``reconcile eval`` covers, and the summary that says which figures are a fit.

Two sets with different standing:

* ``seeds`` — role **fit**: the five seed articles the prompts, examples and validation rules were
  written from and tuned on. A high score there shows the rules still do what they were made for, not
  that they generalise.
* ``ecbplus`` — role **result**: 62 held-out ECB+ news documents (five topics, two look-alike real-world
  events each) that no prompt, example or rule was written from. These are the figures that measure
  the system. ``--oracle`` scores the gold claims themselves through reconciliation (role **oracle**):
  it isolates grouping and disagreement typing from extraction.

``summary_markdown``/``summary_json`` put the headline figures of whichever sets ran side by side, each
labelled with its role.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from reconcile.evaluation.ecbplus import EcbPlusCorpus
from reconcile.evaluation.metrics import Scorecard
from reconcile.evaluation.newsgold import NewsGoldSet
from reconcile.evaluation.newsmetrics import ROLE_NOTE, NewsScorecard


class EvalSet(StrEnum):
    SEEDS = "seeds"
    ECBPLUS = "ecbplus"
    ALL = "all"


def write_ecbplus_documents(corpus: EcbPlusCorpus, gold: NewsGoldSet, folder: Path) -> list[Path]:
    """Write the rebuilt text of every gold document to ``folder/<doc_id>.txt`` (with its date header) for
    the pipeline to ingest; the folder is the caller's (a temporary one: ECB+ texts stay out of the repo)."""
    return [corpus.doc(doc_id).write(folder) for doc_id in gold.doc_ids()]


def _row(name: str, role: str, claims: float, events: float, conflicts: float, mixed: str) -> str:
    return f"| {name} | {role} | {claims:.3f} | {events:.3f} | {conflicts:.3f} | {mixed} |"


def summary_markdown(seeds: Scorecard | None, news: NewsScorecard | None) -> str:
    """Headline figures per set, each with its role (fit / result / oracle) spelled out."""
    lines = [
        "# Evaluation summary",
        "",
        "| set | role | claims F1 | events B³ F1 | conflict pairs F1 | events mixing look-alike stories |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    if seeds is not None:
        lines.append(
            _row("seeds", "fit", seeds.extraction.claims.f1, seeds.grouping.b_cubed.f1, seeds.conflicts.pairs.f1, "-")
        )
        notes.append(ROLE_NOTE["fit"])
    if news is not None:
        for scope in [*news.topics, news.overall]:
            name = "ecbplus" + ("" if scope.topic is None else f" topic {scope.topic}")
            lines.append(
                _row(
                    name,
                    news.role,
                    scope.extraction.claims.f1,
                    scope.events.b_cubed.f1,
                    scope.conflicts.pairs.f1,
                    str(scope.purity.mixed),
                )
            )
        notes.append(ROLE_NOTE[news.role])
    return "\n".join([*lines, "", *[f"- {n}" for n in notes]]) + "\n"


def summary_json(seeds: Scorecard | None, news: NewsScorecard | None) -> str:
    out: dict[str, object] = {}
    if seeds is not None:
        out["seeds"] = {"role": "fit", "note": ROLE_NOTE["fit"], "metrics": seeds.metrics()}
    if news is not None:
        out["ecbplus"] = {"role": news.role, "note": ROLE_NOTE[news.role], "metrics": news.metrics()}
    return json.dumps(out, indent=2)
