"""What the model is asked to return: one attribution per marked number, keyed by the number's id.

Why keyed by id: an object whose properties are exactly ``N1``…``Nk``, all required, forces one answer
per number through the server's grammar (an array would let a small model skip or repeat numbers, and
llama.cpp's grammar converter mishandles ``prefixItems``). Strings and the object are length-capped so
a small model cannot loop until the token limit.

The model never returns offsets or values: those come from the deterministic number finder. Checks
that need the article (is the actor mentioned? is actor != target?) run in ``validate.py`` with the
sentence window as validation context, and instructor re-asks with the error message.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, model_validator

from reconcile.normalize.vocab import Action, Unit

# The stored claim's layout is part of what makes extractions comparable (``extractor_version``): v2 is
# the general claim model (docs/claim-model.md), so databases extracted under v1 are re-extracted.
SCHEMA_VERSION = "attribution-v2"


# The answer's own vocabularies for scope and modality, frozen as the recorded prompt and requests have
# them (their names, members and docstrings are part of the answer schema, hence of the request hashes).
# ``core.claims`` has wider ones (running_total, estimated); ``ground.py`` converts.
class Scope(StrEnum):
    """One actor's own action, or a total over several actors or waves."""

    SINGLE = "single"
    AGGREGATE = "aggregate"


class Modality(StrEnum):
    DONE = "done"
    ANNOUNCED = "announced"
    THREATENED = "threatened"
    DENIED = "denied"


class NumberAttribution(BaseModel):
    """The model's reading of one marked number. Only ``claim`` is required: a non-claim is ``{"claim": false}``."""

    model_config = ConfigDict(extra="ignore")

    claim: bool = Field(description="true if the number counts expelled/declared/recalled people or closed premises")
    actor: str | None = Field(default=None, max_length=80, description="who acts (expels), as named in the text")
    action: Action | None = None
    target: str | None = Field(default=None, max_length=60, description="whose people or premises (nationality)")
    unit: Unit | None = None
    scope: Scope | None = None
    modality: Modality | None = None
    when: str | None = Field(default=None, max_length=40, description="date words copied from the text")
    source: str | None = Field(default=None, max_length=80, description="who says so, if not the outlet")


class SentenceAnswer(BaseModel):
    """Base of the per-sentence answer models built by ``answer_model``; validates against the text."""

    model_config = ConfigDict(extra="ignore")

    def attributions(self) -> dict[str, NumberAttribution]:
        return {name: getattr(self, name) for name in type(self).model_fields}

    @model_validator(mode="after")
    def _check_against_text(self, info: ValidationInfo) -> SentenceAnswer:
        from reconcile.extract.validate import WindowContext, problems_in

        context = info.context
        if isinstance(context, dict) and isinstance(context.get("window"), WindowContext):
            problems = problems_in(self.attributions(), context["window"])
            if problems:
                raise ValueError("; ".join(problems))
        return self


@lru_cache(maxsize=64)
def answer_model(count: int) -> type[SentenceAnswer]:
    """The response model for a sentence with ``count`` marked numbers: fields N1..N<count>, all required."""
    field_definitions: dict[str, Any] = {f"N{i}": (NumberAttribution, ...) for i in range(1, count + 1)}
    return create_model("Answer", __base__=SentenceAnswer, **field_definitions)
