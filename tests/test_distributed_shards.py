"""The blocking key is a true one: reconciling shard by shard gives what reconciling in one piece gives.

No Ray here (``test_distributed.py`` runs the whole path on Ray): the shard functions of
``reconcile.distributed.shards`` run on synthetic claims — the world of ``scripts/bench_reconcile.py``
(waves, contradictions, revisions, nested units, coalitions, running totals, wide and undated windows) with
a tenth of the articles given no publication date: most are dated by their story (their own precise claims,
in any partition, or a dated copy in their source group), a few by nothing at all (every figure undated), and
those tie partitions together. Every event, value, id and flag must come out the same in one piece and in 5
shards; and leaving out any one part of the plan — the blocks, the context claims, the dated copies — must
not (each test can fail).
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
    ARTICLE_TEXT,
    CONTEXT,
    EVENT_TABLES,
    PUBLISHED,
    SHARD,
    SOURCE_GROUP,
    ShardPlan,
    assign_shards,
    blocks,
    keyed,
    plan_shards,
    reconcile_shard,
)
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = Settings(base_url="http://127.0.0.1:9/v1", profile="expulsions")
VOLATILE = {"first_seen", "updated_at"}  # when a row was written, not what it says
SHARDS = 5

World = tuple[pa.Table, pa.Table, dict[str, pa.Table]]


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
def world() -> World:
    """Synthetic claims (store columns + the article fields), the dated copies of undated articles, and the
    event tables of one whole reconcile."""
    with Pipeline(":memory:", SETTINGS) as pipeline:
        with pipeline.store.cursor() as cur:
            cur.execute(_bench_sql().format(n=2400, offset=0, partitions=60))
            # a tenth of the articles undated; half of their figures undated too (dated by the rest: story),
            # every figure of a third of them (nothing dates those: they tie their partitions together)
            cur.execute("UPDATE articles SET published = NULL WHERE hash(article_id) % 10 = 0")
            cur.execute(
                "UPDATE claims SET event_date = NULL, date_low = NULL, date_high = NULL"
                " WHERE (hash(claim_id) % 2 = 0 OR hash(article_id) % 3 = 0)"
                " AND article_id IN (SELECT article_id FROM articles WHERE published IS NULL)"
            )
            # pairs of articles copies of one story (a source group), some of them one undated, one dated
            cur.execute(
                "UPDATE articles SET source_group = 'g' || (CAST(substr(article_id, 4) AS INTEGER) // 2)"
                " WHERE CAST(substr(article_id, 4) AS INTEGER) % 7 < 4"
            )
        pipeline.reconcile()
        with pipeline.store.cursor() as cur:
            claims = cur.sql(
                f"SELECT c.*, a.published AS {PUBLISHED}, a.source_group AS {SOURCE_GROUP}, a.text AS {ARTICLE_TEXT}"
                " FROM claims c JOIN articles a USING (article_id)"
            ).to_arrow_table()
            copies = cur.sql(
                "SELECT article_id, published, source_group FROM articles WHERE published IS NOT NULL"
                " AND source_group IN (SELECT source_group FROM articles WHERE published IS NULL)"
            ).to_arrow_table()
            whole = {t: cur.sql(f"SELECT * FROM {t}").to_arrow_table() for t in EVENT_TABLES}
    return claims, copies, whole


def _plan(claims: pa.Table, copies: pa.Table, **how: bool) -> ShardPlan:
    undated = claims.filter(pc.is_null(claims.column(PUBLISHED)))
    return plan_shards(keyed(undated, SETTINGS, copies), SHARDS, **how)


def _sharded(claims: pa.Table, plan: ShardPlan, out: Path, copies: pa.Table | None) -> dict[str, pa.Table]:
    sharded = assign_shards(keyed(claims, SETTINGS), plan)
    for shard in sorted(set(sharded.column(SHARD).to_pylist())):
        part = sharded.filter(pc.equal(sharded.column(SHARD), shard))
        reconcile_shard(part, SETTINGS, out, f"shard-{shard}", copies, memory_limit="500MB")
    return {t: pq.read_table(out / t) for t in EVENT_TABLES}


def _differs(a: dict[str, pa.Table], b: dict[str, pa.Table]) -> bool:
    return any(_rows(a[t]) != _rows(b[t]) for t in EVENT_TABLES)


def test_shards_of_whole_blocks_reconcile_exactly_as_one_piece(world: World, tmp_path: Path) -> None:
    claims, copies, whole = world
    plan = _plan(claims, copies)
    assert len(set(plan.block_of.values())) < len(plan.block_of)  # articles nothing dates tie partitions
    assert len(plan.spread) > 20 and copies.num_rows > 5  # and many undated articles are dated by their story
    sharded = _sharded(claims, plan, tmp_path, copies)
    assert whole["events"].num_rows > 100 and whole["conflicts"].num_rows > 10
    for table in EVENT_TABLES:
        assert _rows(sharded[table]) == _rows(whole[table]), table


def test_articles_their_story_dates_do_not_tie_partitions(world: World) -> None:
    """The point of reading the story before sharding: tying every undated article's partitions (as a plan
    that cannot tell them apart must) leaves fewer, larger blocks than tying only those nothing dates."""
    claims, copies, _ = world
    partitions = set(keyed(claims, SETTINGS).column("partition_key").to_pylist())

    def largest_block(plan: ShardPlan) -> int:
        sizes: dict[str, int] = {}
        for key in partitions:
            block = plan.block_of.get(key, key)
            sizes[block] = sizes.get(block, 0) + 1
        return max(sizes.values())

    story, all_undated = _plan(claims, copies), _plan(claims, copies, tie_all=True)
    assert largest_block(story) < largest_block(all_undated) and len(story.block_of) < len(all_undated.block_of)


def test_sharding_by_partition_alone_would_split_articles_nothing_dates(world: World, tmp_path: Path) -> None:
    """Without the blocks, such an article's claims land in several shards and the events differ."""
    claims, copies, whole = world
    plan = _plan(claims, copies)
    naive = ShardPlan(SHARDS, spread=plan.spread)
    assert _differs(_sharded(claims, naive, tmp_path, copies), whole)


def test_without_context_claims_a_shard_would_date_an_article_by_part_of_it(world: World, tmp_path: Path) -> None:
    claims, copies, whole = world
    assert _differs(_sharded(claims, _plan(claims, copies, spread=False), tmp_path, copies), whole)


def test_without_the_dated_copies_a_shard_would_date_an_article_otherwise(world: World, tmp_path: Path) -> None:
    claims, copies, whole = world
    assert _differs(_sharded(claims, _plan(claims, copies), tmp_path, None), whole)


def test_context_claims_are_copies_in_the_other_shards_of_their_article(world: World) -> None:
    claims, copies, _ = world
    plan = _plan(claims, copies)
    sharded = assign_shards(keyed(claims, SETTINGS), plan)
    context = sharded.filter(sharded.column(CONTEXT))
    assert context.num_rows and sharded.num_rows == claims.num_rows + context.num_rows
    assert set(context.column("article_id").to_pylist()) <= set(plan.spread)


def test_blocks_are_connected_components_named_by_their_smallest_key() -> None:
    pairs = [("a1", "p3"), ("a1", "p1"), ("a2", "p5"), ("a2", "p3"), ("a3", "p9")]
    assert blocks(pairs) == {"p1": "p1", "p3": "p1", "p5": "p1", "p9": "p9"}
