"""What the model is asked to return, generated from the active profile.

One attribution per marked number, keyed by the number's id: an object whose properties are exactly
``N1``…``Nk``, all required, forces one answer per number through the server's grammar (an array would
let a small model skip or repeat numbers). Each attribution says only what the code cannot derive from
the text: the measure (``m``, a code of the profile or ``none``), who acted, on whom, where, who says so,
modality and scope — short keys, optional fields omitted, a non-claim is ``{"m": "none"}``. Unit, date,
value, interval and span are read from the text by the engine, never by the model.

The measure is a ``Literal`` of the profile's codes, so the grammar itself keeps the model inside the
profile's taxonomy. Checks that need the article (is the actor mentioned? is the measure named near
the number?) run in ``validate.py`` with the sentence window as validation context, and instructor
re-asks with the error message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from reconcile.core.claims import Modality, Scope
from reconcile.profile.spec import NOT_A_CLAIM, ROLE_KEYS, Profile

SCHEMA_VERSION = "attribution-v3"
NO_PARTY = "none"  # the id the model gives for a role the text fills with no marked party

ModalityCode = Literal["done", "announced", "threatened", "denied", "estimated"]
ScopeCode = Literal["single", "aggregate", "running_total"]
assert set(ModalityCode.__args__) == {m.value for m in Modality}  # type: ignore[attr-defined]
# "change" is the finder's reading of a number (NumberMention.change), never the model's answer
assert set(ScopeCode.__args__) == {s.value for s in Scope} - {Scope.CHANGE.value}  # type: ignore[attr-defined]


class NumberAttribution(BaseModel):
    """The model's reading of one marked number. Only ``m`` is required; ``who``, ``whom`` and ``src`` are
    ids of the window's marked party mentions (``P1``), never names."""

    model_config = ConfigDict(extra="ignore")

    m: str = Field(description="measure code, or 'none' when the number is not a claim")
    who: str | None = Field(default=None, max_length=80, description="id of the party that acted")
    whom: str | None = Field(default=None, max_length=80, description="id of the party it was done to")
    where: str | None = Field(default=None, max_length=60, description="the place, as named in the text")
    src: str | None = Field(default=None, max_length=80, description="id of the party that says so")
    mod: ModalityCode | None = None
    scope: ScopeCode | None = None

    @field_validator("who", "whom", "src", mode="after")
    @classmethod
    def _none_is_no_party(cls, value: str | None) -> str | None:
        return None if value == NO_PARTY else value

    @property
    def is_claim(self) -> bool:
        return self.m != NOT_A_CLAIM


class SentenceAnswer(BaseModel):
    """Base of the per-sentence answer models built by ``answer_model``; validates against the text."""

    model_config = ConfigDict(extra="ignore")

    def attributions(self) -> dict[str, NumberAttribution]:
        return {name: getattr(self, name) for name in type(self).model_fields}

    @model_validator(mode="after")
    def _check_against_text(self, info: ValidationInfo) -> SentenceAnswer:
        """Repair and check the answer against its sentence window, with the checks the validation context
        brings (``extract.validate.answer_context``): the schema does not import the rules that check it,
        which import the schema (no import cycle in ``extract/``)."""
        context = info.context
        if isinstance(context, dict) and "window" in context:
            check = context.get("check")
            if not callable(check):
                raise TypeError("a validation context without its checks: build it with validate.answer_context")
            check(self)
        return self


_SKIPPED: Any = SkipJsonSchema[None]  # type: ignore[misc]  # a field the branch does not ask for: not in the schema

RoleGroups = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # ((codes, roles), ...)


def role_groups(profile: Profile) -> RoleGroups:
    """The profile's measures grouped by the roles they have, then ``none`` with no role: one branch of the
    answer's union per group, so the request asks for a role only with a measure that has it."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for measure in profile.measures:
        groups.setdefault(tuple(r for r in ROLE_KEYS if r in measure.roles), []).append(measure.code)
    return (*((tuple(codes), roles) for roles, codes in groups.items()), ((NOT_A_CLAIM,), ()))


@lru_cache(maxsize=64)
def _attribution_model(groups: RoleGroups, parties: int) -> Any:
    """One number's answer: a union discriminated by ``m`` whose branches carry only their measures' roles,
    each an enum of the window's party ids and ``none``."""
    choice: Any = Literal[(*(f"P{i}" for i in range(1, parties + 1)), NO_PARTY)]
    branches = []
    for index, (codes, roles) in enumerate(groups):
        fields: dict[str, Any] = {"m": (Literal[codes], Field(description="what the number counts"))}
        for role, key in ROLE_KEYS.items():
            if role in roles and parties:
                fields[key] = (choice | None, None)
            else:
                fields[key] = (_SKIPPED, None)
        if codes == (NOT_A_CLAIM,):
            fields |= {key: (_SKIPPED, None) for key in ("where", "mod", "scope")}
        branches.append(create_model(f"Number{index}", __base__=NumberAttribution, **fields))
    if len(branches) == 1:
        return branches[0]
    return Annotated[Union[tuple(branches)], Field(discriminator="m")]  # noqa: UP007


def attribution_model(profile: Profile, parties: int = 0) -> Any:
    """The per-number answer type under ``profile`` for a window with ``parties`` marked party mentions."""
    return _attribution_model(role_groups(profile), parties)


@lru_cache(maxsize=512)
def _answer_model(groups: RoleGroups, count: int, parties: int) -> type[SentenceAnswer]:
    item = _attribution_model(groups, parties)
    field_definitions: dict[str, Any] = {f"N{i}": (item, ...) for i in range(1, count + 1)}
    return create_model("Answer", __base__=SentenceAnswer, **field_definitions)


def answer_model(profile: Profile, count: int, parties: int = 0) -> type[SentenceAnswer]:
    """The response model for a sentence with ``count`` marked numbers (fields N1..N<count>, all required)
    and ``parties`` marked party mentions (P1..P<parties>)."""
    return _answer_model(role_groups(profile), count, parties)
