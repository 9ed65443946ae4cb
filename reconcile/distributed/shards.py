"""Reconciliation shard by shard: the blocking key, the shards it allows, and ``events.sql`` run per shard.

Why a shard can be reconciled alone. ``events.sql`` joins claims only within a *partition* (measure key,
place root, actor key, target key and, when grouped by it, source: the blocking key its vocabulary names);
everything it compares (islands, clusters, consensus, series, unit-or-scope pairs, id collisions) is keyed on
the partition or on something that contains it (event key, cluster, event id). What crosses partitions goes
through the *article*:

* ``source_group`` comes from the articles table: each claim row carries its article's, so copies of a wire
  count once in every shard alike;
* an article with no publication date is dated by its *story* (``rc_story``): a dated copy (its source
  group), the full dates its text writes, and its own precise claims in *any* partition. Its claims are
  therefore shipped whole to every shard it has claims in (as *context* in the shards that do not own their
  partition), with its text, and the dated copies of such articles go to every shard (``copies``): each shard
  dates the article exactly as one piece does. The events a shard builds from context claims are not its
  own and are dropped (an event never mixes the two: checked on every shard);
* an article that nothing dates (no publication date and no story day) is read as one: its undated figures
  are anchored through its other claims (``rc_loose``, and ``dirty``'s closure). Such articles *tie* their
  partitions together;
* nothing else: ids are md5 of the event key (which holds the partition key), so two shards cannot mint
  the same id.

So the unit of sharding is the *block*: a partition, merged (union-find) with every other partition that an
article nothing dates has claims in; a shard is any set of whole blocks. Which articles are dated and each
claim's key are read off the SQL's own ``keys`` section (``events.grouping.claim_keys``), never from a copy
of its rules, so when ``events.sql`` changes the shards follow. ``tests/test_distributed_shards.py`` checks
it: synthetic claims (a tenth of the articles undated, most dated by their story, some by nothing) give the
same events, values, ids and flags in one piece and in many shards, and not without the blocks or the
context (so the test can fail).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from reconcile.config import Settings
from reconcile.events.grouping import claim_keys
from reconcile.pipeline import Pipeline
from reconcile.store.database import EVENT_TABLES

PUBLISHED = "article_published"
SOURCE_GROUP = "article_source_group"
"""The two article fields reconciliation reads, carried on each claim row so a shard needs no articles table."""
ARTICLE_TEXT = "article_text"
ARTICLE_LANGUAGE = "article_language"
"""An article's text and language, carried too: reconciliation dates an undated article by the full dates its
text writes (rc_story) and reads the names in an article's text where an article nothing dates is compared
(rc_loose). Optional columns; ``assign_shards`` keeps the text only where the SQL can read it."""

PARTITION = "partition_key"
DATED = "dated"  # the claim's article is dated: by its publication date or by its story (rc_story)
SHARD = "shard"
CONTEXT = "context"  # a copy of a claim whose partition another shard owns: read for its article, then dropped

COPY_FIELDS = ("article_id", "published", "source_group")
"""The columns of ``copies``: dated articles whose source group holds an article without a publication date."""


def arrow(cur: duckdb.DuckDBPyConnection, query: str) -> pa.Table:
    """A query's rows as an Arrow table (duckdb 2 names it ``to_arrow_table``, 1.x ``arrow``)."""
    relation = cur.sql(query)
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    table: pa.Table = fetch()
    return table


def _load_claims(pipeline: Pipeline, claims: pa.Table, copies: pa.Table | None = None) -> None:
    """Claims (store columns plus the article fields) into an in-process reconcile database.

    The articles table gets one row per article with the fields reconciliation reads, and a row for each of
    ``copies`` not already there (they date their undated copies: rc_story); claims go in by column name, so
    every column the store defines is kept.
    """
    with pipeline.store.transaction() as cur:
        cur.register("rc_batch", claims)
        claim_columns = [row[0] for row in cur.execute("DESCRIBE claims").fetchall()]
        present = set(claims.column_names)
        text = f"coalesce(any_value({ARTICLE_TEXT}), '')" if ARTICLE_TEXT in present else "''"
        language = f"any_value({ARTICLE_LANGUAGE})" if ARTICLE_LANGUAGE in present else "NULL"
        cur.execute(
            f"INSERT INTO articles (article_id, source, text, published, source_group, language)"
            f" SELECT article_id, '', {text}, any_value({PUBLISHED}), any_value({SOURCE_GROUP}), {language}"
            f" FROM rc_batch GROUP BY article_id"
        )
        columns = ", ".join(f'"{c}"' for c in claim_columns if c in present)
        cur.execute(f"INSERT INTO claims ({columns}) SELECT {columns} FROM rc_batch")
        cur.unregister("rc_batch")
        if copies is not None and copies.num_rows:
            cur.register("rc_copies", copies)
            cur.execute(
                "INSERT INTO articles (article_id, source, text, published, source_group)"
                " SELECT article_id, '', '', published, source_group"
                " FROM rc_copies ANTI JOIN articles USING (article_id)"
            )
            cur.unregister("rc_copies")


def keyed(claims: pa.Table, settings: Settings, copies: pa.Table | None = None) -> pa.Table:
    """``claims`` with the partition key ``events.sql`` gives each one and whether its article is dated.

    A claim's key depends on that claim alone, so any batch of claims is keyed right; ``dated`` is right
    only when every claim of the article, its text and its dated copies are in ``claims`` and ``copies``.
    """
    with Pipeline(":memory:", settings) as pipeline:
        _load_claims(pipeline, claims, copies)
        with pipeline.store.cursor() as cur:
            rows = {claim: (key, dated) for claim, _, key, dated in claim_keys(cur, **pipeline.grouping_params())}
    ids = claims.column("claim_id").to_pylist()
    return claims.append_column(PARTITION, pa.array([rows[c][0] for c in ids], pa.string())).append_column(
        DATED, pa.array([rows[c][1] for c in ids], pa.bool_())
    )


def blocks(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Partition key -> block key, for the partitions that articles nothing dates tie together.

    ``pairs`` are (article_id, partition_key) of such articles' claims. Each block is named by its smallest
    partition key (deterministic). Partitions not in the result are blocks alone.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        root = key
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[key] != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    first_of_article: dict[str, str] = {}
    for article_id, key in pairs:
        other = first_of_article.setdefault(article_id, key)
        a, b = find(key), find(other)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the smaller key names the block
    return {key: find(key) for key in parent}


def shard_of(block: str, shards: int) -> int:
    """A block's shard: a stable hash (the same in every process and run), modulo the number of shards."""
    digest = hashlib.blake2b(block.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % max(1, shards)


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """Which shard each partition goes to, and which articles' claims every shard of theirs must see."""

    shards: int
    block_of: dict[str, str] = field(default_factory=dict)  # partition -> block, for tied partitions only
    spread: dict[str, tuple[int, ...]] = field(default_factory=dict)  # article -> its shards (more than one)

    def shard(self, partition: str) -> int:
        return shard_of(self.block_of.get(partition, partition), self.shards)


def plan_shards(undated: pa.Table, shards: int, *, tie_all: bool = False, spread: bool = True) -> ShardPlan:
    """The plan from the claims of every article without a publication date, ``keyed`` with all their claims,
    texts and dated copies: articles nothing dates tie their partitions (``blocks``); those their story dates
    are spread as context to each of their shards. (``tie_all`` ties every undated article, as before the story
    was read here; ``spread=False`` leaves the context out: both only for tests showing what each part is for.)
    """
    rows = list(zip(undated.column("article_id").to_pylist(), undated.column(PARTITION).to_pylist(),
                    undated.column(DATED).to_pylist(), strict=True))  # fmt: skip
    block_of = blocks(sorted({(a, k) for a, k, dated in rows if tie_all or not dated}))
    plan = ShardPlan(shards, block_of)
    if spread:
        where: dict[str, set[int]] = {}
        for article, key, _ in rows:
            where.setdefault(article, set()).add(plan.shard(key))
        plan.spread.update({a: tuple(sorted(s)) for a, s in where.items() if len(s) > 1})
    return plan


def assign_shards(claims: pa.Table, plan: ShardPlan) -> pa.Table:
    """``claims`` (with ``partition_key``) with their shard, and the claims of spread articles once more, as
    context, in each other shard of their article. The text is kept only where the SQL reads it: articles
    without a publication date, and claims in tied blocks (where an article nothing dates is compared)."""
    claims = claims.drop_columns([c for c in (DATED, SHARD, CONTEXT) if c in claims.column_names])
    keys = claims.column(PARTITION).to_pylist()
    cache: dict[str, int] = {}
    own = [cache[k] if k in cache else cache.setdefault(k, plan.shard(k)) for k in keys]
    take, shard, context = list(range(len(keys))), list(own), [False] * len(keys)
    if plan.spread:
        for i, article in enumerate(claims.column("article_id").to_pylist()):
            for other in plan.spread.get(article, ()):
                if other != own[i]:
                    take.append(i)
                    shard.append(other)
                    context.append(True)
    if ARTICLE_TEXT in claims.column_names:
        keep = pc.or_(pc.is_null(claims.column(PUBLISHED)), pa.array([k in plan.block_of for k in keys]))
        claims = claims.set_column(claims.column_names.index(ARTICLE_TEXT), ARTICLE_TEXT,
                                   pc.if_else(keep, claims.column(ARTICLE_TEXT), None))  # fmt: skip
    out = claims.take(pa.array(take, pa.int64())) if len(take) > len(keys) else claims
    return out.append_column(SHARD, pa.array(shard, pa.int32())).append_column(CONTEXT, pa.array(context, pa.bool_()))


def reconcile_shard(
    claims: pa.Table,
    settings: Settings,
    out: Path,
    name: str,
    copies: pa.Table | None = None,
    memory_limit: str | None = None,
) -> dict[str, int]:
    """Run ``events.sql`` (through ``Pipeline.reconcile``, as a local run does) on one shard's claims in an
    in-process DuckDB, and write its own events, event_claims, conflicts and relations (those built from
    context claims dropped) to ``out/<table>/<name>.parquet``.

    ``memory_limit`` bounds the shard's DuckDB, which spills to ``out/.tmp-<name>`` beyond it. Files are
    written under a temporary name and renamed, so a retried task (Ray re-runs a failed one) replaces its own
    output whole and a reader never sees half a file. Returns row counts.
    """
    counts: dict[str, int] = {}
    spill = out / f".tmp-{name}"
    with Pipeline(":memory:", settings) as pipeline:
        if memory_limit:
            spill.mkdir(parents=True, exist_ok=True)  # (DuckDB creates only the last folder, when it first spills)
            with pipeline.store.cursor() as cur:
                cur.execute(f"SET memory_limit = '{memory_limit}'; SET temp_directory = '{spill.as_posix()}'")
        _load_claims(pipeline, claims, copies)
        pipeline.reconcile()
        with pipeline.store.cursor() as cur:
            context = claims.filter(claims.column(CONTEXT)).select(["claim_id"]) if CONTEXT in claims.column_names \
                else pa.table({"claim_id": pa.array([], pa.string())})  # fmt: skip
            cur.register("rc_context", context)
            mixed = cur.execute(
                "SELECT count(*) FROM (SELECT event_id FROM event_claims LEFT JOIN rc_context x USING (claim_id)"
                " GROUP BY event_id HAVING count(x.claim_id) BETWEEN 1 AND count(*) - 1)"
            ).fetchone()
            if mixed and mixed[0]:  # the plan is wrong: an event would span two shards
                raise RuntimeError(f"shard {name}: {mixed[0]} events mix their own and context claims")
            cur.execute(
                "CREATE TEMP TABLE rc_foreign AS"
                " SELECT DISTINCT event_id FROM event_claims SEMI JOIN rc_context USING (claim_id)"
            )
            for table in EVENT_TABLES:
                data = arrow(cur, f"SELECT * FROM {table} ANTI JOIN rc_foreign USING (event_id)")
                counts[table] = data.num_rows
                folder = out / table
                folder.mkdir(parents=True, exist_ok=True)
                partial = folder / f".{name}.parquet.partial"
                pq.write_table(data, partial)
                partial.replace(folder / f"{name}.parquet")
    return counts
