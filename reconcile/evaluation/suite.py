"""The evaluation sets ``reconcile eval`` covers, and the summary that says which figures are a fit.

Three sets with different standing:

* ``seeds`` — role **fit**: the five seed articles the prompts, examples and validation rules were
  written from and tuned on. A high score there shows the rules still do what they were made for, not
  that they generalise.
* ``ecbplus`` — role **fit**: the ``dev`` split of the ECB+ gold, 62 news documents (five topics, two
  look-alike real-world events each). No prompt or example was written from them, but engine rules are
  tuned on their scorecards, so their figures are a fit too.
* ``ecbplus-heldout`` — role **result**: the ``heldout`` split (``eval/ecbplus/heldout``), ECB+
  documents of the same topics that nobody tunes on. These are the figures that measure the system.

``--oracle`` scores the gold claims of an ECB+ split themselves through reconciliation (role
**oracle**): it isolates grouping and disagreement typing from extraction. ``all`` runs the three.

``finder`` scores the deterministic number finder alone on ``eval/finder`` (news sentences of six sections;
dev a fit, heldout the result), next to published figures of public quantity extractors.

``summary_markdown``/``summary_json`` put the headline figures of whichever sets ran side by side, each
labelled with its role.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from reconcile.evaluation.ecbplus import EcbPlusCorpus
from reconcile.evaluation.metrics import Scorecard
from reconcile.evaluation.newsgold import SPLITS, NewsGoldSet, Split
from reconcile.evaluation.newsmetrics import ROLE_NOTE, NewsScorecard


class EvalSet(StrEnum):
    SEEDS = "seeds"
    ECBPLUS = "ecbplus"  # the dev split
    ECBPLUS_HELDOUT = "ecbplus-heldout"
    ALL = "all"
    FINDER = "finder"  # the number finder alone on the finder gold (no model): ``reconcile.evaluation.finder``

    @property
    def splits(self) -> list[Split]:
        """The ECB+ gold splits this set scores: the one whose ``eval_set`` it is, or every split for ``all``."""
        return [s for s in SPLITS.values() if self is EvalSet.ALL or s.eval_set == self.value]


def write_ecbplus_documents(corpus: EcbPlusCorpus, gold: NewsGoldSet, folder: Path) -> list[Path]:
    """Write the rebuilt text of every gold document to ``folder/<doc_id>.txt`` (with its date header) for
    the pipeline to ingest; the folder is the caller's (a temporary one: ECB+ texts stay out of the repo)."""
    return [corpus.doc(doc_id).write(folder) for doc_id in gold.doc_ids()]


def _row(name: str, role: str, claims: float, events: float, conflicts: float, mixed: str) -> str:
    return f"| {name} | {role} | {claims:.3f} | {events:.3f} | {conflicts:.3f} | {mixed} |"


def summary_markdown(seeds: Scorecard | None, *cards: NewsScorecard | None) -> str:
    """Headline figures per set (the seeds, then each ECB+ split's card), each with its role (fit /
    result / oracle) spelled out."""
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
    for news in (c for c in cards if c is not None):
        for scope in [*news.topics, news.overall]:
            name = news.set + ("" if scope.topic is None else f" topic {scope.topic}")
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
    unique = list(dict.fromkeys(notes))
    return "\n".join([*lines, "", *[f"- {n}" for n in unique]]) + "\n"


def summary_json(seeds: Scorecard | None, *cards: NewsScorecard | None) -> str:
    out: dict[str, object] = {}
    if seeds is not None:
        out["seeds"] = {"role": "fit", "note": ROLE_NOTE["fit"], "metrics": seeds.metrics()}
    for news in (c for c in cards if c is not None):
        out[news.set] = {
            "role": news.role, "split": news.split, "note": ROLE_NOTE[news.role], "metrics": news.metrics()
        }  # fmt: skip
    return json.dumps(out, indent=2)
