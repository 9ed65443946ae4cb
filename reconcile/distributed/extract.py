"""Extraction in Ray Data ``map_batches`` actors: today's extractor, per actor, over a batch of articles.

Each actor holds what a local run holds once: the profile, a ``FleetClient`` over the endpoints (with the
shared cache, ``distributed.cache``) and an in-process reconcile database whose ``Store`` writes each
article's claims, rejections and extraction record exactly as the run's database would (the same code,
``Pipeline._save``). A batch comes back as one row per article: its extraction record and its claims and
rejections as lists of rows, their types read from the store's own tables, so the Parquet written from
them has the store's schema and the driver loads it by column name.
"""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from reconcile.config import Settings
from reconcile.core.types import Article
from reconcile.distributed.cache import JOURNAL_SUFFIX, SharedCache
from reconcile.distributed.endpoints import Endpoint, FleetClient
from reconcile.distributed.shards import arrow
from reconcile.pipeline import ArticleOutcome, Pipeline, extract_articles

ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name != "extra")

# One row per article of the batch, in the store's own column types (extraction record, claims, rejections).
_RESULTS = """
SELECT e.article_id, e AS extraction,
       (SELECT list(c ORDER BY c.start, c.claim_id) FROM claims c WHERE c.article_id = e.article_id) AS claims,
       (SELECT list(r ORDER BY r.start, r.number_id) FROM rejections r WHERE r.article_id = e.article_id) AS rejections
FROM extractions e
SEMI JOIN batch_ids USING (article_id)
ORDER BY e.article_id
"""


def articles_of(batch: pa.Table) -> list[Article]:
    """Articles from rows of the articles table (the store's columns; ``source_group`` included)."""
    names = [name for name in ARTICLE_FIELDS if name in batch.column_names]
    return [Article(**{name: row[name] for name in names}) for row in batch.select(names).to_pylist()]


class ExtractArticles:
    """The ``map_batches`` callable: constructed once per actor, called once per batch of articles.

    An actor runs two batches at once (``max_concurrency``), sharing its client's slots, so the requests of
    the next batch fill the slots the last sentences of the previous one leave idle."""

    def __init__(
        self, settings: Settings, endpoints: Sequence[Endpoint], database: Path, journals: Path, run_id: str, share: int
    ) -> None:
        self.run_id = run_id
        self.local = Pipeline(":memory:", settings)  # the profile, the extractor version, the store's writes
        # opened here, not lazily by the first batch: two batches run at once, and each opening its own
        # in-memory store lost the first batch's rows (its results were read from the other's empty store)
        self.store = self.local.store
        self.profile = self.local.profile  # loaded once, before the threads
        self.cache = SharedCache(database, journals / f"{uuid.uuid4().hex}{JOURNAL_SUFFIX}")
        self.client = FleetClient(settings, endpoints, self.cache, share=share)

    def __call__(self, batch: pa.Table) -> pa.Table:
        outcomes: list[ArticleOutcome] = []
        with self.cache.reading():
            extract_articles(articles_of(batch), self.client, self.client.slots, outcomes.append, self.profile)
        self.local._save(self.run_id, outcomes)  # the store's own records, claims and rejections, in one write
        ids = [outcome.article.article_id for outcome in outcomes]
        with self.store.transaction() as cur:  # this batch's rows only: another may be in progress
            cur.execute("CREATE OR REPLACE TEMP TABLE batch_ids AS SELECT unnest(?) AS article_id", [ids])
            results = arrow(cur, _RESULTS)
            for table in ("claims", "rejections", "extractions"):
                cur.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_ids)")
        return results

    def __del__(self) -> None:
        for closing in (self.client.close, self.cache.close, self.local.close):
            with contextlib.suppress(Exception):  # an actor being torn down: nothing left to report to
                closing()
