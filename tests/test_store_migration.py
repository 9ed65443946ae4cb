"""Databases written before the general claim model (an expulsion-only ``claims`` table) still open.

The old layout is rebuilt here from its DDL, as release 1 wrote it, so the test needs no binary fixture.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from reconcile.core.claims import MeasureKind, Modality, Scope
from reconcile.extract.extractor import extractor_version
from reconcile.profile import load_profile
from reconcile.store.database import ClaimsMigrationError, Store, connect

# The claims table of the expulsion-only layout (schema attribution-v1), without the member columns
# that later releases added, so the migration also covers the oldest files.
OLD_CLAIMS = """
CREATE TABLE claims (
    claim_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL, number_id VARCHAR NOT NULL, number_text VARCHAR NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, value DOUBLE, low DOUBLE, high DOUBLE, hedge VARCHAR NOT NULL, hedge_text VARCHAR,
    alignment VARCHAR NOT NULL, actor_text VARCHAR NOT NULL, actor VARCHAR, action VARCHAR NOT NULL,
    target_text VARCHAR, target VARCHAR, unit VARCHAR NOT NULL, scope VARCHAR NOT NULL, modality VARCHAR NOT NULL,
    date_text VARCHAR, event_date DATE, date_low DATE, date_high DATE, attribution VARCHAR,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, quote VARCHAR NOT NULL
);
"""
TEXT = "Germany declared 40 Russian diplomats undesirable, the ministry said. Estonia will close two consulates."
OLD_VERSION = "model|extract_v1|attribution-v1"


def _old_database(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute(OLD_CLAIMS)
    rows = [
        ("a:17-19", "40", 17, 19, 40.0, "Germany", "DEU", "persona_non_grata", "diplomats", "single", "done",
         "the  Ministry", 0, 68),
        ("a:82-85", "two", 82, 85, 2.0, "Estonia", "EST", "close", "consulates", "single", "announced", None, 69,
         len(TEXT)),
        ("a:90-91", "x", 90, 91, None, "Estonia", "EST", "something_old", "other", "aggregate", "done", None, 69,
         len(TEXT)),
    ]  # fmt: skip
    for cid, number, start, end, value, actor_text, actor, action, unit, scope, modality, said, s0, s1 in rows:
        con.execute(
            "INSERT INTO claims VALUES (?, 'a', ?, 'r1', 'N1', ?, ?, ?, ?, ?, ?, 'exact', NULL, 'exact', ?, ?, ?,"
            " 'Russia', 'RUS', ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?)",
            [cid, OLD_VERSION, number, start, end, value, value, value, actor_text, actor, action, unit, scope,
             modality, said, s0, s1, TEXT[s0:s1]],
        )  # fmt: skip
    con.close()


def _columns(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        sql = "SELECT column_name FROM information_schema.columns WHERE table_name = 'claims'"
        return {r[0] for r in con.execute(sql).fetchall()}
    finally:
        con.close()


def test_an_old_claims_table_is_carried_over_to_the_general_model(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _old_database(path)
    store = Store(path)
    try:
        claims = {c.claim_id: c for c in store.claims()}
        assert set(claims) == {"a:17-19", "a:82-85", "a:90-91"}
        pnr, close, other = claims["a:17-19"], claims["a:82-85"], claims["a:90-91"]
        assert (pnr.profile, pnr.measure, pnr.measure_kind, pnr.unit) == ("expulsions", "expelled", MeasureKind.FLOW,
                                                                           "diplomats")  # fmt: skip
        assert (pnr.source_text, pnr.source) == ("the  Ministry", "ministry")
        assert (close.measure, close.unit, close.modality, close.source_text) == ("closed", "consulates",
                                                                                 Modality.ANNOUNCED, None)  # fmt: skip
        assert (other.measure, other.scope) == ("other", Scope.AGGREGATE)
        assert TEXT[pnr.start : pnr.end] == "40" and pnr.quote == TEXT[pnr.sentence_start : pnr.sentence_end]
        # kept from the old extraction, so the next run (a new extractor version) re-extracts the article
        assert store.query("SELECT DISTINCT extractor_version FROM claims") == [(OLD_VERSION,)]
        assert extractor_version("model", load_profile("expulsions")) != OLD_VERSION
    finally:
        store.close()
    columns = _columns(path)
    assert {"action", "attribution"}.isdisjoint(columns)
    assert {"profile", "measure", "measure_kind", "source_text", "place", "actor_members"} <= columns


def test_migration_runs_once_and_an_empty_old_table_migrates_too(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    con.execute(OLD_CLAIMS)
    con.close()
    for _ in range(2):  # the second open finds the new layout and leaves it alone
        connect(path).close()
    assert "measure" in _columns(path) and "action" not in _columns(path)


def test_a_failed_migration_says_so_and_leaves_the_old_table(tmp_path: Path) -> None:
    """One transaction: a table that cannot be carried over (here: no ``alignment``, which the new layout
    requires) raises a clear error, and the old claims are all still there."""
    path = tmp_path / "bad.duckdb"
    con = duckdb.connect(str(path))
    con.execute(OLD_CLAIMS.replace("alignment VARCHAR NOT NULL,", ""))
    con.execute(
        'INSERT INTO claims (claim_id, article_id, extractor_version, run_id, number_id, number_text, start, "end",'
        " hedge, actor_text, action, unit, scope, modality, sentence_start, sentence_end, quote)"
        " VALUES ('a:0-2', 'a', 'v1', 'r', 'N1', '40', 0, 2, 'exact', 'Germany', 'expel', 'diplomats', 'single',"
        " 'done', 0, 2, '40')"
    )
    con.close()
    with pytest.raises(ClaimsMigrationError, match="cannot carry"):
        connect(path)
    assert "action" in _columns(path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM claims").fetchone() == (1,)
    con.close()


def test_a_change_to_the_rule_code_gives_a_new_extractor_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation and grounding rules are part of what makes extractions comparable: editing them must
    re-extract stored articles (from the response cache), without anyone bumping a version by hand."""
    from reconcile.extract.extractor import rules_digest

    profile = load_profile("news")
    before = extractor_version("model", profile)
    read_bytes = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: read_bytes(self) + (b"#" if self.name == "validate.py" else b"")
    )
    rules_digest.cache_clear()
    try:
        assert extractor_version("model", profile) != before
    finally:
        monkeypatch.undo()
        rules_digest.cache_clear()
    assert extractor_version("model", profile) == before


def test_a_claims_table_from_before_the_counted_head_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "before-head.duckdb"
    _old_database(path)
    connect(path).close()  # the general model, as it was stored before counted_head
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE claims DROP COLUMN counted_head")
    con.close()
    assert "counted_head" not in _columns(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE claims SET counted_text = 'Russian diplomats' WHERE claim_id = 'a:17-19'")
    con.close()
    store = Store(path)
    try:  # filled in from counted_text, so grouping never meets an empty head
        heads = {c.claim_id: c.counted_head for c in store.claims()}
        assert heads == {"a:17-19": "diplomat", "a:82-85": None, "a:90-91": None}  # no counted words: no head
    finally:
        store.close()
    assert "counted_head" in _columns(path)
