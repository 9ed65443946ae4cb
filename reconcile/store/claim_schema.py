"""The ``claims`` table and what reads it, derived from the one claim definition, ``core.claims.Claim``.

Which columns exist, and why:

* every field of ``Claim`` is a column of the same name, in the same order (``Claim``'s comments say what
  each holds). Its SQL type follows its Python type (``SQL_TYPES``; an enum is stored as its value), and it
  is ``NOT NULL`` when the field cannot be None. ``claim_id`` is the primary key;
* two columns are stored only, right after ``article_id``: ``extractor_version`` and ``run_id``, which
  extraction wrote the row (``STORED_ONLY``). A claim read back does not carry them.

From that one list come the ``CREATE TABLE`` (``claims_ddl``), the ``ALTER TABLE`` that gives a file made
before a field existed its column (every field with a default), the ``INSERT`` and the row of a claim
(``claim_row``), the reads (``claim_select``, with the dates reconciliation gave an undated article's
figures) and the ``claim_values`` view (``claim_values_view``: its columns are named here, and a name that
is no field fails at import). The evaluation reads predictions through the same select
(``evaluation.harness``), and the export names its claim fields once for JSON and Parquet
(``report.export.EXPORTED_CLAIM_FIELDS``).

To add a column: add a field to ``Claim`` with a default, after the last one (a column a file lacks is added at
its end, so the table order of new and old files stays one). It is then created, migrated, written and read.
Add it to ``CLAIM_VALUES`` or the export only if readers of those should see it (the export then needs a new
``SCHEMA_VERSION``). Column order and names are those of the files and exports made before this module.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from reconcile.core.claims import Claim

SQL_TYPES: Mapping[type, str] = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE"}
"""Python type of a ``Claim`` field -> DuckDB type of its column; a ``StrEnum`` is a VARCHAR of its value, a
``tuple[str, ...]`` or ``list[str]`` a ``VARCHAR[]``."""

PRIMARY_KEY = "claim_id"
STORED_AFTER = "article_id"  # where the stored-only columns stand


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str
    not_null: bool
    migrated: bool = False  # the field has a default: a file made before it gets the column on open
    default: str | None = None  # SQL literal of the field's default, None for none (or NULL)
    stored_only: bool = False  # not a field of Claim: written from the extraction record, never read back

    @property
    def quoted(self) -> str:
        return f'"{self.name}"'  # "end" is a keyword

    def ddl(self) -> str:
        key = " PRIMARY KEY" if self.name == PRIMARY_KEY else " NOT NULL" if self.not_null else ""
        return f"{self.quoted} {self.sql_type}{key}{self._default()}"

    def add(self) -> str:
        """Add the column to a file made before it (no NOT NULL: DuckDB cannot add one; old rows get the default)."""
        return f"ALTER TABLE claims ADD COLUMN IF NOT EXISTS {self.quoted} {self.sql_type}{self._default()};"

    def _default(self) -> str:
        return f" DEFAULT {self.default}" if self.default is not None else ""


STORED_ONLY = (
    Column("extractor_version", "VARCHAR", not_null=True, stored_only=True),  # model + prompt + schema version
    Column("run_id", "VARCHAR", not_null=True, stored_only=True),  # the run that stored it
)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def _sql_type(annotation: Any) -> tuple[str, bool]:
    """(DuckDB type, may be NULL) of a field's annotation."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return _sql_type(inner)[0], True
    if typing.get_origin(annotation) in (tuple, list) and args and args[0] is str:
        return "VARCHAR[]", False
    if _is_enum(annotation):
        return "VARCHAR", False
    try:
        return SQL_TYPES[annotation], False
    except KeyError:
        raise TypeError(f"Claim field of type {annotation!r}: give it an SQL type in SQL_TYPES") from None


def _literal(value: Any) -> str | None:
    """A field's default as an SQL literal (None: no default clause)."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(str(_literal(v)) for v in value) + "]::VARCHAR[]"
    raise TypeError(f"no SQL literal for the default {value!r}")


def columns_of(model: type[BaseModel]) -> tuple[Column, ...]:
    """The claims table of ``model``'s fields (``Claim``; a test passes an extended one)."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        sql_type, nullable = _sql_type(info.annotation)
        default = None if info.is_required() else _literal(info.get_default(call_default_factory=True))
        out.append(Column(name, sql_type, not_null=not nullable, migrated=not info.is_required(), default=default))
        if name == STORED_AFTER:
            out.extend(STORED_ONLY)
    return tuple(out)


def claims_ddl(model: type[BaseModel] = Claim) -> str:
    """``CREATE TABLE claims`` and, for a file made before some field existed, its column (NULL, or the field's
    default, until the article is extracted again): run on every open, a no-op once the table has them all."""
    columns = columns_of(model)
    body = ",\n    ".join(c.ddl() for c in columns)
    added = "\n".join(c.add() for c in columns if c.migrated)
    return f"CREATE TABLE IF NOT EXISTS claims (\n    {body}\n);\n{added}\n"


COLUMNS = columns_of(Claim)
"""Every column of the claims table, in table order."""
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
CLAIM_FIELDS = tuple(Claim.model_fields)
"""The columns a ``Claim`` is read back from (all but the stored-only ones)."""
ENUM_FIELDS = frozenset(name for name, info in Claim.model_fields.items() if _is_enum(info.annotation))

RECONCILED_DATES = ("event_date", "date_low", "date_high")
"""An undated article's figures are dated by reconciliation (``events.sql``: its story's day), which keeps
what it read in ``event_claims``; readers show that date where extraction could give none."""


CLAIM_INSERT = "INSERT INTO claims ({}) VALUES ({})".format(
    ", ".join(c.quoted for c in COLUMNS), ", ".join("?" for _ in COLUMNS)
)


def claim_row(claim: Claim, stored: Mapping[str, Any]) -> list[Any]:
    """The values of ``CLAIM_INSERT`` for ``claim``; ``stored`` gives the stored-only columns."""
    values = claim.model_dump()
    values.update(stored)
    return [str(values[c]) if c in ENUM_FIELDS else values[c] for c in COLUMN_NAMES]


def claim_select(names: Iterable[str] = COLUMN_NAMES, *, alias: str = "c", dated: str | None = None) -> str:
    """A select list of claim columns of ``alias`` (each under its own name). ``dated``: the alias of a joined
    ``event_claims``, whose dates win for ``RECONCILED_DATES`` (an undated article's figures)."""
    return ", ".join(_expression(name, alias, dated) for name in _known(names))


def _expression(name: str, alias: str, dated: str | None) -> str:
    column = f'{alias}."{name}"'
    if dated and name in RECONCILED_DATES:
        return f'coalesce({dated}."{name}", {column}) AS "{name}"'
    return column


def _known(names: Iterable[str]) -> list[str]:
    names = list(names)
    unknown = [n for n in names if n not in COLUMN_NAMES]
    if unknown:
        raise KeyError(f"not columns of the claims table (core.claims.Claim): {', '.join(unknown)}")
    return names


# -- the claim_values view -----------------------------------------------------------------------------------
# One row per stored claim: its event, its article, what it counts, who says so, and the quote.
# quote[start - sentence_start : end - sentence_start] is the number (Python slicing; SQL substr is 1-based).
# A bare name is a claim column (c, dated by m); anything else is said as SQL over the joined tables.
CLAIM_VALUES: tuple[str, ...] = (
    "m.event_id", "claim_id", "article_id",
    "a.source AS article",  # the path (or record) the article was first read from
    "a.outlet", "a.url", "a.published",
    "measure", "measure_kind", "counted_text", "unit", "actor", "target", "place",
    "source",  # normalised key of who says so
    "source_text",  # ... in the article's words
    "modality", "scope", "value", "low", "high", "hedge", "hedge_text", "number_text",
    "event_date", "date_low", "date_high",  # an undated article's figures: dated by its story
    "m.counted",  # false: denied / threatened, shown but never a vote
    "m.agrees",  # overlaps the event's consensus
    "m.kind AS disagreement",  # how a disagreeing value is explained
    "quote", "start", "end", "sentence_start", "sentence_end",
)  # fmt: skip
_known(n for n in CLAIM_VALUES if "." not in n)  # a renamed or dropped field fails here, at import


def claim_values_view(create: str = "CREATE OR REPLACE VIEW") -> str:
    """The ``claim_values`` view (the other views, in ``views.sql``, read it)."""
    items = (n if "." in n else _expression(n, "c", "m") for n in CLAIM_VALUES)
    return (
        f"{create} claim_values AS\nSELECT\n    "
        + ",\n    ".join(items)
        + "\nFROM claims c\nJOIN articles a USING (article_id)\nLEFT JOIN event_claims m USING (claim_id);\n"
    )
