"""The Python and SQL ways in: ``Pipeline`` never creates a database by reading, ``events()``, Arrow and pandas
access, and the ``claim_values`` / ``event_conflicts`` views that make "conflicting events with their quotes"
one SELECT (the query in the README is run here as written there).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from batch import settings, write
from fakeserver import FakeServer, sentence_actor_responder

from reconcile.errors import DatabaseNotFound
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {  # the same expulsion on the same day, two figures: a contradiction
    "a": "date 2022-04-05\nFrance expelled 35 Russian diplomats on Monday.",
    "b": "date 2022-04-05\nFrance expelled 40 Russian diplomats on Monday, the foreign ministry said.",
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    write(folder / "in", **TEXTS)
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, folder)
        with Pipeline(config.database, config) as pipeline:
            assert pipeline.run([folder / "in"]).claims == 2
    return config.database


def test_reading_a_database_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo.duckdb"
    with Pipeline(typo) as pipeline:
        for read in (pipeline.claims, pipeline.events, pipeline.to_arrow, pipeline.articles):
            with pytest.raises(DatabaseNotFound, match=r"typo\.duckdb"):
                read()
    with pytest.raises(DatabaseNotFound, match=r"typo\.duckdb"):
        Pipeline(typo, read_only=True)
    assert not typo.exists() and not list(tmp_path.iterdir())


def test_events_carry_their_values_and_conflicts(database: Path) -> None:
    with Pipeline(database, read_only=True) as pipeline:
        [event] = pipeline.events()
    assert event.conflict and event.conflict_kind == "contradiction"
    assert sorted(v.number_text for v in event.values) == ["35", "40"]
    assert all(v.quote[slice(*v.quote_offsets)] == v.number_text for v in event.values)


def test_arrow_tables_of_the_views(database: Path) -> None:
    with Pipeline(database, read_only=True) as pipeline:
        values = pipeline.to_arrow()  # claim_values
        conflicts = pipeline.to_arrow("event_conflicts")
        counted = pipeline.sql("SELECT count(*) AS n FROM claims WHERE measure = ?", ["expelled"])
        with pytest.raises(ValueError, match="one of"):
            pipeline.to_arrow("claims; DROP TABLE claims")
    assert values.num_rows == 2
    assert {"event_id", "article", "value", "source_text", "modality", "quote", "start", "end"} <= set(
        values.column_names
    )
    rows = conflicts.to_pylist()
    assert len(rows) == 1 and rows[0]["kind"] == "contradiction"
    assert {rows[0]["value"], rows[0]["other_value"]} == {35.0, 40.0}
    assert {"35", "40"} == {rows[0]["number_text"], rows[0]["other_number_text"]}
    assert "Russian diplomats" in rows[0]["quote"] and "Russian diplomats" in rows[0]["other_quote"]
    assert counted.to_pylist() == [{"n": 2}]


def test_to_pandas_without_pandas_says_how_to_get_it(database: Path) -> None:
    with Pipeline(database, read_only=True) as pipeline:
        if importlib.util.find_spec("pandas") is None:  # pandas is optional, never a dependency
            with pytest.raises(ImportError, match="pip install pandas"):
                pipeline.to_pandas()
        else:
            assert len(pipeline.to_pandas("event_conflicts")) == 1


def readme_query() -> str:
    """The SQL block of the README that reads ``event_conflicts``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    [query] = [block for block in blocks if "event_conflicts" in block]
    return query


def test_conflicting_events_with_their_quotes_is_one_select(database: Path) -> None:
    with duckdb.connect(str(database), read_only=True) as con:  # any DuckDB client, no reconcile code
        result = con.execute(readme_query())
        columns = [d[0] for d in result.description]
        rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    assert len(rows) == 1
    [row] = rows
    assert row["kind"] == "contradiction"
    assert {row["number_text"], row["other_number_text"]} == {"35", "40"}
    assert row["quote"] != row["other_quote"] and all("Russian diplomats" in row[q] for q in ("quote", "other_quote"))


def test_views_on_a_read_only_database_made_before_them(database: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copy(database, old)
    with duckdb.connect(str(old)) as con:  # as a database written before the views existed
        con.execute("DROP VIEW IF EXISTS event_conflicts")
        con.execute("DROP VIEW IF EXISTS explained_differences")
        con.execute("DROP VIEW IF EXISTS claim_values")
    old.chmod(0o444)
    with Pipeline(old, read_only=True) as pipeline:
        assert pipeline.to_arrow("event_conflicts").num_rows == 1  # temporary views, this connection only
    with duckdb.connect(str(old), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone() == (0,)
