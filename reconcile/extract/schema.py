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
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, model_validator

from reconcile.core.claims import Modality, Scope
from reconcile.profile.spec import NOT_A_CLAIM, Profile

SCHEMA_VERSION = "attribution-v2"

ModalityCode = Literal["done", "announced", "threatened", "denied", "estimated"]
ScopeCode = Literal["single", "aggregate", "running_total"]
assert set(ModalityCode.__args__) == {m.value for m in Modality}  # type: ignore[attr-defined]
# "change" is the finder's reading of a number (NumberMention.change), never the model's answer
assert set(ScopeCode.__args__) == {s.value for s in Scope} - {Scope.CHANGE.value}  # type: ignore[attr-defined]


class NumberAttribution(BaseModel):
    """The model's reading of one marked number. Only ``m`` is required."""

    model_config = ConfigDict(extra="ignore")

    m: str = Field(description="measure code, or 'none' when the number is not a claim")
    who: str | None = Field(default=None, max_length=80, description="who acted, as named in the text")
    whom: str | None = Field(default=None, max_length=80, description="who or what it was done to")
    where: str | None = Field(default=None, max_length=60, description="the place, as named in the text")
    src: str | None = Field(default=None, max_length=80, description="who says so, as named in the text")
    mod: ModalityCode | None = None
    scope: ScopeCode | None = None

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
        from reconcile.extract.validate import problems_in, repaired
        from reconcile.extract.window import WindowContext

        context = info.context
        if isinstance(context, dict) and isinstance(context.get("window"), WindowContext):
            for name, item in repaired(self.attributions(), context["window"]).items():
                object.__setattr__(self, name, item)
            problems = problems_in(self.attributions(), context["window"])
            if problems:
                raise ValueError("; ".join(problems))
        return self


@lru_cache(maxsize=16)
def _attribution_model(codes: tuple[str, ...]) -> type[NumberAttribution]:
    measure = Literal[codes]  # type: ignore[valid-type]
    return create_model("Number", __base__=NumberAttribution, m=(measure, Field(description="what the number counts")))


def attribution_model(profile: Profile) -> type[NumberAttribution]:
    """The per-number model: ``NumberAttribution`` with ``m`` restricted to the profile's codes."""
    return _attribution_model((*profile.measure_codes, NOT_A_CLAIM))


@lru_cache(maxsize=256)
def _answer_model(codes: tuple[str, ...], count: int) -> type[SentenceAnswer]:
    item = _attribution_model(codes)
    field_definitions: dict[str, Any] = {f"N{i}": (item, ...) for i in range(1, count + 1)}
    return create_model("Answer", __base__=SentenceAnswer, **field_definitions)


def answer_model(profile: Profile, count: int) -> type[SentenceAnswer]:
    """The response model for a sentence with ``count`` marked numbers: fields N1..N<count>, all required."""
    return _answer_model((*profile.measure_codes, NOT_A_CLAIM), count)
