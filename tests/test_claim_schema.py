"""The claims table and its readers come from ``core.claims.Claim`` (``store/claim_schema.py``).

The layouts below are the ones files and exports were made with before the table was derived: they are frozen
here on purpose, so a change to ``Claim`` that would reorder, rename or retype a stored column fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel

from reconcile.core.claims import Claim, MeasureKind, Modality, Scope
from reconcile.core.types import Article
from reconcile.evaluation.gold import GoldClaim
from reconcile.evaluation.metrics import PredictedClaim
from reconcile.evaluation.newsgold import NewsGoldClaim
from reconcile.events import reconcile_events
from reconcile.profile import load_profile
from reconcile.report import export
from reconcile.store import claim_schema
from reconcile.store.database import ExtractionRecord, Store, ensure_views, schema_sql


def _words(text: str) -> list[str]:
    return text.split()


# name:type, "?" = may be NULL (DuckDB's information_schema, in ordinal order)
CLAIMS_LAYOUT = _words(
    "claim_id:VARCHAR article_id:VARCHAR extractor_version:VARCHAR run_id:VARCHAR number_id:VARCHAR "
    "number_text:VARCHAR start:INTEGER end:INTEGER value:DOUBLE? low:DOUBLE? high:DOUBLE? hedge:VARCHAR "
    "hedge_text:VARCHAR? alignment:VARCHAR profile:VARCHAR measure:VARCHAR measure_kind:VARCHAR "
    "counted_text:VARCHAR? counted_head:VARCHAR? unit:VARCHAR actor_text:VARCHAR? actor:VARCHAR? "
    "actor_members:VARCHAR? target_text:VARCHAR? target:VARCHAR? target_members:VARCHAR? place_text:VARCHAR? "
    "place:VARCHAR? source_text:VARCHAR? source:VARCHAR? actor_start:INTEGER? actor_end:INTEGER? "
    "target_start:INTEGER? target_end:INTEGER? source_start:INTEGER? source_end:INTEGER? scope:VARCHAR "
    "modality:VARCHAR date_text:VARCHAR? event_date:DATE? date_low:DATE? date_high:DATE? "
    "sentence_start:INTEGER sentence_end:INTEGER quote:VARCHAR rules:VARCHAR?"
)
CLAIM_VALUES_LAYOUT = _words(
    "event_id claim_id article_id article outlet url published measure measure_kind counted_text unit actor "
    "target place source source_text modality scope value low high hedge hedge_text number_text event_date "
    "date_low date_high counted agrees disagreement quote start end sentence_start sentence_end"
)
PARQUET_LAYOUT = _words(
    "event_id actor measure measure_kind event_place n_sources target event_unit scope date date_end conflict "
    "conflict_kind strict_conflict unresolved event_value spread_low spread_high claim_id article article_id "
    "published value low high hedge unit source_text source place_text place quote start end sentence_start "
    "modality counted agrees kind actor_members target_members url outlet title author language source_group "
    "n_articles"
)
JSON_VALUE_LAYOUT = _words(
    "claim_id article article_id published url outlet title author language source_group value low high hedge "
    "unit source_text source place_text place quote start end sentence_start modality counted agrees kind"
)


def _layout(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = ?"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [f"{name}:{kind}{'?' if nullable == 'YES' else ''}" for name, kind, nullable in rows]


def _claim(**changes: object) -> Claim:
    text = "Denmark expelled 18 Russian diplomats."
    fields: dict[str, object] = dict(
        claim_id="a1:17-19", article_id="a1", number_id="N1", number_text="18", start=17, end=19, value=18.0,
        low=18.0, high=18.0, hedge="exact", profile="news", measure="expelled", measure_kind=MeasureKind.FLOW,
        counted_text="Russian diplomats", unit="people", actor_text="Denmark", actor="DNK", actor_start=0,
        actor_end=7, scope=Scope.SINGLE, modality=Modality.DONE, event_date=dt.date(2022, 4, 5),
        sentence_start=0, sentence_end=len(text), quote=text,
    )  # fmt: skip
    fields.update(changes)
    return Claim.model_validate(fields)


def test_the_claims_table_keeps_the_layout_files_were_made_with() -> None:
    con = duckdb.connect()
    con.execute(schema_sql())
    assert _layout(con, "claims") == CLAIMS_LAYOUT
    assert tuple(c.split(":")[0] for c in CLAIMS_LAYOUT) == claim_schema.COLUMN_NAMES
    assert tuple(Claim.model_fields) == claim_schema.CLAIM_FIELDS


def _store(tmp_path: Path, claim: Claim) -> Store:
    store = Store(tmp_path / "claims.duckdb")
    store.add_article(Article(article_id="a1", source="a.txt", text=claim.quote))
    store.save_extraction(ExtractionRecord("a1", "v1", "r1", "done"), [claim], [])
    with store.cursor() as cur:
        reconcile_events(cur, profile=load_profile("news"))
    return store


def test_a_claim_goes_in_and_comes_back_whole_and_the_view_keeps_its_columns(tmp_path: Path) -> None:
    claim = _claim()
    store = _store(tmp_path, claim)
    assert store.claims() == [claim]
    with store.cursor() as cur:
        assert ensure_views(cur)
        cur.execute("SELECT * FROM claim_values")
        assert [d[0] for d in cur.description or ()] == CLAIM_VALUES_LAYOUT


def test_a_field_added_to_the_claim_is_created_migrated_and_defaulted() -> None:
    """What the rules registry did (its rules column), for a field to come: one field, and old files get it on open."""

    class WithTags(Claim):
        tags: tuple[str, ...] = ()

    con = duckdb.connect()
    con.execute(claim_schema.claims_ddl(Claim))  # a file made before the field
    row = claim_schema.claim_row(_claim(), {"extractor_version": "v1", "run_id": "r1"})
    con.execute(claim_schema.CLAIM_INSERT, row)
    con.execute(claim_schema.claims_ddl(WithTags))  # opened by the version with the field
    assert _layout(con, "claims")[-1] == "tags:VARCHAR[]?"  # DuckDB adds no NOT NULL column
    assert con.execute("SELECT tags FROM claims").fetchall() == [([],)]
    fresh = duckdb.connect()
    fresh.execute(claim_schema.claims_ddl(WithTags))
    assert _layout(fresh, "claims")[-1] == "tags:VARCHAR[]"  # NOT NULL, with its default
    assert [c.name for c in claim_schema.columns_of(WithTags)][-2:] == ["rules", "tags"]


def test_a_name_that_is_no_claim_field_is_refused() -> None:
    with pytest.raises(KeyError, match="actor_code"):
        claim_schema.claim_select(["actor", "actor_code"])
    assert set(export.EXPORTED_CLAIM_FIELDS) <= set(Claim.model_fields)


def test_the_parquet_export_keeps_its_columns(tmp_path: Path) -> None:
    store = _store(tmp_path, _claim())
    with store.cursor() as cur:
        path = export.export_parquet(cur, tmp_path / "values.parquet")
        document = export.events_document(cur)
    table = pq.read_table(path)
    assert table.column_names == PARQUET_LAYOUT
    assert table.num_rows == 1 and table.column("quote")[0].as_py() == _claim().quote
    (value,) = document["events"][0]["values"]
    assert list(value) == JSON_VALUE_LAYOUT and value["value"] == 18 and isinstance(value["value"], int)


def _base(annotation: object) -> object:
    """The type without None; an enum of strings is a str, a list of member codes the comma-joined str."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    kind = args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) else annotation
    if (isinstance(kind, type) and issubclass(kind, enum.StrEnum)) or typing.get_origin(kind) is list:
        return str
    return kind


# Gold-only fields, and why: which gold claim and file, the gold's event label, and ECB+'s own coordinates.
GOLD_ONLY = {"gold_id", "article", "event", "date", "doc_id", "topic", "subtopic", "sentence", "ecb_start", "ecb_end"}


@pytest.mark.parametrize("record", [GoldClaim, NewsGoldClaim])
def test_the_gold_records_name_and_type_claim_fields_as_the_claim_does(record: type[BaseModel]) -> None:
    """The gold is a file format people write (its own required keys), so it is a class of its own; but a field
    it shares with the claim has the claim's name and type, and any other is a declared gold-only one."""
    claim = Claim.model_fields
    for name, info in record.model_fields.items():
        if name in GOLD_ONLY:
            continue
        assert name in claim, f"{record.__name__}.{name} is neither a Claim field nor gold-only"
        assert _base(info.annotation) == _base(claim[name].annotation), f"{record.__name__}.{name}"


def test_a_prediction_is_read_by_the_claim_types() -> None:
    row = claim_schema.claim_row(_claim(), {"extractor_version": "v1", "run_id": "r1"})
    pred = PredictedClaim.from_row({**dict(zip(claim_schema.COLUMN_NAMES, row, strict=True)), "article": "x/a.txt"})
    assert (pred.article, pred.value, pred.start, pred.event_date, pred.actor) == (
        "a.txt",
        18.0,
        17,
        dt.date(2022, 4, 5),
        "DNK",
    )
    assert {f.name for f in dataclasses.fields(PredictedClaim)} - {"article"} <= set(Claim.model_fields)
