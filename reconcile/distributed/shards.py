"""Reconciliation shard by shard: the blocking key, the shards it allows, and ``events.sql`` run per shard.

Why a shard can be reconciled alone. ``events.sql`` joins claims only within a *partition* (measure key,
place root, actor key, target key and, when grouped by it, source: the blocking key its vocabulary names);
everything it compares (islands, clusters, consensus, series, unit-or-scope pairs, id collisions) is keyed on
the partition or on something that contains it (event key, cluster, event id). Three things cross partitions,
and all three go through the *article*:

* ``source_group`` comes from the articles table: each shard gets the article rows of its claims, groups
  included, so copies of a wire count once in every shard alike;
* an article with no publication date is dated by its own precise claims in any partition (``story``), and
  its undated figures are anchored through its other claims (``rc_loose``, and ``dirty``'s closure);
* nothing else: ids are md5 of the event key (which holds the partition key), so two shards cannot mint
  the same id.

So the unit of sharding is the *block*: a partition, merged (union-find) with every other partition that
an article without a publication date has claims in. Blocks never share a claim, an article without a
date, or an event; a shard is any set of whole blocks. ``tests/test_distributed_shards.py`` checks it:
reconciling synthetic claims (a tenth of the articles undated, their claims spread over partitions) in one
piece and in many shards gives the same events, values, ids and flags.

The partition key itself comes from the SQL, not from a copy of it here: ``partition_keys`` reconciles a
batch of claims in an in-process database (a claim's key depends on that claim alone) and reads the key
``events.sql`` gave each one. When the SQL's definition changes, the shards follow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from reconcile.config import Settings
from reconcile.pipeline import Pipeline
from reconcile.store.database import EVENT_TABLES

PUBLISHED = "article_published"
SOURCE_GROUP = "article_source_group"
"""The two article fields reconciliation reads, carried on each claim row so a shard needs no articles table."""
ARTICLE_TEXT = "article_text"
ARTICLE_LANGUAGE = "article_language"
"""An undated article's text and language, carried too: reconciliation dates such an article by the full dates
its text writes (events.sql, rc_story). Optional columns; NULL text for dated articles keeps the rows small."""

PARTITION = "partition_key"
SHARD = "shard"


def arrow(cur: duckdb.DuckDBPyConnection, query: str) -> pa.Table:
    """A query's rows as an Arrow table (duckdb 2 names it ``to_arrow_table``, 1.x ``arrow``)."""
    relation = cur.sql(query)
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    table: pa.Table = fetch()
    return table


def _load_claims(pipeline: Pipeline, claims: pa.Table) -> None:
    """Claims (store columns plus the two article fields) into an in-process reconcile database.

    The articles table gets one row per article with the fields reconciliation reads (its text is not
    needed and not shipped); claims go in by column name, so every column the store defines is kept.
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


def partition_keys(claims: pa.Table, settings: Settings) -> pa.Table:
    """``claims`` with the partition key ``events.sql`` gives each one (column ``partition_key``)."""
    with Pipeline(":memory:", settings) as pipeline:
        _load_claims(pipeline, claims)
        pipeline.reconcile()
        with pipeline.store.cursor() as cur:
            keys = dict(
                cur.execute(
                    "SELECT ec.claim_id, e.partition_key FROM event_claims ec JOIN events e USING (event_id)"
                ).fetchall()
            )
    column = pa.array([keys[c] for c in claims.column("claim_id").to_pylist()], pa.string())
    return claims.append_column(PARTITION, column)


def blocks(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Partition key -> block key, for the partitions that undated articles tie together.

    ``pairs`` are (article_id, partition_key) of claims whose article has no publication date. Each block
    is named by its smallest partition key (deterministic). Partitions not in the result are blocks alone.
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


def assign_shards(claims: pa.Table, block_of: dict[str, str], shards: int) -> pa.Table:
    """``claims`` (with ``partition_key``) with the shard of each claim's block (column ``shard``)."""
    cache: dict[str, int] = {}
    numbers = []
    for key in claims.column(PARTITION).to_pylist():
        if key not in cache:
            cache[key] = shard_of(block_of.get(key, key), shards)
        numbers.append(cache[key])
    return claims.append_column(SHARD, pa.array(numbers, pa.int32()))


def reconcile_shard(claims: pa.Table, settings: Settings, out: Path, name: str) -> dict[str, int]:
    """Run ``events.sql`` (through ``Pipeline.reconcile``, as a local run does) on one shard's claims in an
    in-process DuckDB, and write its events, event_claims and conflicts to ``out/<table>/<name>.parquet``.

    Files are written under a temporary name and renamed, so a retried task (Ray re-runs a failed one)
    replaces its own output whole and a reader never sees half a file. Returns row counts.
    """
    counts: dict[str, int] = {}
    with Pipeline(":memory:", settings) as pipeline:
        _load_claims(pipeline, claims)
        pipeline.reconcile()
        with pipeline.store.cursor() as cur:
            for table in EVENT_TABLES:
                data = arrow(cur, f"SELECT * FROM {table}")
                counts[table] = data.num_rows
                folder = out / table
                folder.mkdir(parents=True, exist_ok=True)
                partial = folder / f".{name}.parquet.partial"
                pq.write_table(data, partial)
                partial.replace(folder / f"{name}.parquet")
    return counts
