"""The grounding decisions as registered rules (``core.rules``), in the order ``ground.ground_claim`` takes them.

Why a module of their own: ``ground`` builds the claim; these names are what a claim's or a rejection's
``rules`` column says about how it was built (``reconcile claims --explain``, ``reconcile rejections``).
"""

from __future__ import annotations

from reconcile.core.rules import Rule, Stage, declare

__all__ = ["GROUND_RULES"]


def _ground(what: str, doc: str) -> Rule:
    return declare(f"ground.{what}", Stage.GROUND, doc)


GROUND_RULES: tuple[Rule, ...] = (
    _ground("number_slices", "rejected: the number's span does not slice back to its text"),
    _ground("sentence_slices", "rejected: the sentence's span does not slice back to its text"),
    _ground("number_in_sentence", "rejected: the number lies outside its supporting sentence"),
    _ground("measure_in_profile", "rejected: the measure is not one of the profile's"),
    _ground("actor_required", "rejected: the profile needs who acts and no party could be pointed to"),
    _ground("actor_names_no_party", 'the actor dropped: its words name what is counted, not a party ("the robbers")'),
    _ground("target_names_no_party", "the target dropped: its words name what is counted, not a party"),
    _ground("target_unresolved", 'the target dropped: "people" says nobody\'s people'),
    _ground("owner_target", 'the target read from the counted words ("35 Russian diplomats")'),
    _ground("main_target", "the target is the party most of the article's figures count"),
    _ground("target_unpointable", "the target dropped: a party the text cannot point to is not stored"),
    _ground("aggregate_scope", "several actors: the figure is a total over them"),
    _ground("single_scope", "one country acting on one country's people: its own action"),
    _ground("change_scope", '"fell 81 cents": the size of a change, never compared with a level'),
    _ground("not_a_place", "the place dropped: the words name no place"),
    _ground("lead_date", "no date words near the number: the lead's date dates it"),
)
