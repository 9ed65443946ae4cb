"""The blocking key is a true one: reconciling shard by shard gives what reconciling in one piece gives.

No Ray here (``test_distributed.py`` runs the whole path on Ray): the shard functions of
``reconcile.distributed.shards`` run on synthetic claims — the world of ``scripts/bench_reconcile.py``
(waves, contradictions, revisions, nested units, coalitions, running totals, wide and undated windows) with
a tenth of the articles given no publication date and some of their figures no date, so those articles tie
partitions together. Every event, value, id and flag must come out the same in one piece and in 5 shards;
and sharding by the partition key alone, ignoring the ties, must not (the test can fail).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from reconcile.config import Settings
from reconcile.distributed.shards import (
    EVENT_TABLES,
    PARTITION,
    PUBLISHED,
    SHARD,
    SOURCE_GROUP,
    assign_shards,
    blocks,
    partition_keys,
    reconcile_shard,
)
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = Settings(base_url="http://127.0.0.1:9/v1", profile="expulsions")
VOLATILE = {"first_seen", "updated_at"}  # when a row was written, not what it says


def _bench_sql() -> str:
    spec = importlib.util.spec_from_file_location("bench_reconcile", ROOT / "scripts" / "bench_reconcile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module._GENERATE)


def _rows(table: pa.Table) -> list[tuple[object, ...]]:
    names = [n for n in table.column_names if n not in VOLATILE]
    return sorted(tuple(str(v) for v in row.values()) for row in table.select(names).to_pylist())


@pytest.fixture(scope="module")
def world() -> tuple[pa.Table, dict[str, pa.Table]]:
    """Synthetic claims (store columns + the article fields) and the event tables of one whole reconcile."""
    with Pipeline(":memory:", SETTINGS) as pipeline:
        with pipeline.store.cursor() as cur:
            cur.execute(_bench_sql().format(n=2000, offset=0, partitions=50))
            # a tenth of the articles undated; half of their figures undated too (dated by the rest: story)
            cur.execute("UPDATE articles SET published = NULL WHERE hash(article_id) % 10 = 0")
            cur.execute(
                "UPDATE claims SET event_date = NULL, date_low = NULL, date_high = NULL "
                "WHERE hash(claim_id) % 2 = 0"
                " AND article_id IN (SELECT article_id FROM articles WHERE published IS NULL)"
            )
        pipeline.reconcile()
        with pipeline.store.cursor() as cur:
            claims = cur.sql(
                f"SELECT c.*, a.published AS {PUBLISHED}, coalesce(a.source_group, a.article_id) AS {SOURCE_GROUP}"
                " FROM claims c JOIN articles a USING (article_id)"
            ).to_arrow_table()
            whole = {t: cur.sql(f"SELECT * FROM {t}").to_arrow_table() for t in EVENT_TABLES}
    return claims, whole


def _sharded(claims: pa.Table, block_of: dict[str, str], out: Path, shards: int = 5) -> dict[str, pa.Table]:
    keyed = assign_shards(partition_keys(claims, SETTINGS), block_of, shards)
    for shard in sorted(set(keyed.column(SHARD).to_pylist())):
        part = keyed.filter(pc.equal(keyed.column(SHARD), shard))
        reconcile_shard(part, SETTINGS, out, f"shard-{shard}")
    return {t: pq.read_table(out / t) for t in EVENT_TABLES}


def test_shards_of_whole_blocks_reconcile_exactly_as_one_piece(
    world: tuple[pa.Table, dict[str, pa.Table]], tmp_path: Path
) -> None:
    claims, whole = world
    keyed = partition_keys(claims, SETTINGS)
    undated = keyed.filter(pc.is_null(keyed.column(PUBLISHED)))
    block_of = blocks(zip(undated.column("article_id").to_pylist(), undated.column(PARTITION).to_pylist(), strict=True))
    assert len(set(block_of.values())) < len(block_of)  # undated articles really tie partitions together
    sharded = _sharded(claims, block_of, tmp_path)
    assert whole["events"].num_rows > 100 and whole["conflicts"].num_rows > 10
    for table in EVENT_TABLES:
        assert _rows(sharded[table]) == _rows(whole[table]), table


def test_sharding_by_partition_alone_would_split_undated_articles(
    world: tuple[pa.Table, dict[str, pa.Table]], tmp_path: Path
) -> None:
    """Without the blocks, an undated article's claims land in several shards and the events differ."""
    claims, whole = world
    naive = _sharded(claims, {}, tmp_path)
    assert any(_rows(naive[t]) != _rows(whole[t]) for t in EVENT_TABLES)


def test_blocks_are_connected_components_named_by_their_smallest_key() -> None:
    pairs = [("a1", "p3"), ("a1", "p1"), ("a2", "p5"), ("a2", "p3"), ("a3", "p9")]
    assert blocks(pairs) == {"p1": "p1", "p3": "p1", "p5": "p1", "p9": "p9"}
