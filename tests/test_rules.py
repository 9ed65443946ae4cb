"""The rule registry (``core.rules``): named rules with their languages and profiles, one driver in declared
order, each firing recorded; the finder's exclusions as a case table; an English-only rule on a German article."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import TypeAdapter

from reconcile.core.numbers import scan_numbers
from reconcile.core.rules import (
    NOT_RECORDED,
    Rule,
    Stage,
    Trace,
    declare,
    explained,
    first_firing,
    registered,
    rule,
    run_chain,
)
from reconcile.extract.schema import answer_model
from reconcile.extract.validate import named_problems, repair
from reconcile.extract.window import WindowContext, window_parties
from reconcile.profile.registry import load_profile
from reconcile.profile.spec import NumberClass


def test_a_rule_applies_to_its_languages_and_profiles_only() -> None:
    english = Rule("repair.x", Stage.REPAIR, "doc", frozenset({"en"}), frozenset({"news"}))
    assert english.applies("en", "news")
    assert not english.applies("de", "news")
    assert not english.applies("en", "expulsions")
    assert english.applies(None)  # an article of unknown language is read as English, by every profile
    assert Rule("repair.y", Stage.REPAIR, "doc").applies("fr", "anything")


def test_names_are_declared_once_and_say_their_stage() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare("finder.population", Stage.FINDER, "another doc")
    with pytest.raises(ValueError, match="must be named"):
        declare("population", Stage.FINDER, "doc")
    with pytest.raises(KeyError):
        Trace().fired("repair.no_such_rule")


def test_the_driver_runs_in_declared_order_skips_what_does_not_apply_and_records_what_fired() -> None:
    double = Rule("repair.double", Stage.REPAIR, "")
    german = Rule("repair.german", Stage.REPAIR, "", frozenset({"de"}))
    same = Rule("repair.same", Stage.REPAIR, "")
    steps = [(double, lambda x: x * 2), (german, lambda x: x + 100), (same, lambda x: x)]
    seen: list[str] = []
    trace = Trace()
    trace.fired = seen.append  # type: ignore[method-assign]  # these test rules are not registered
    assert run_chain(steps, 3, "en", trace=trace) == 6
    assert seen == ["repair.double"]
    assert run_chain(steps, 3, "de") == 106
    assert first_firing([(german, lambda: True), (double, lambda: True)], "en") is double


def test_every_stage_has_registered_rules_and_each_has_a_doc() -> None:
    import reconcile.extract.extractor  # noqa: F401  (registers the checks, repairs, party and ground rules)

    for stage in Stage:
        assert registered(stage), stage
    assert all(r.doc for r in registered())
    assert rule("party.subject_actor").languages == frozenset({"en"})  # English grammar
    assert rule("party.source_reported").languages >= {"en", "de", "fr", "es"}  # its words in four languages


def test_a_stored_rules_column_reads_as_lines() -> None:
    assert explained("", none="nothing") == ["nothing"]
    assert explained(None, none="nothing") == [NOT_RECORDED]  # a row stored before the column
    lines = explained("finder.population, repair.old_name", none="")
    assert lines[0].startswith("finder.population: a population")
    assert lines[1] == "repair.old_name"  # a name from an older version is shown as stored


# The finder's exclusions: one sentence per rule (written fresh), the number and the rule that excludes it.
FINDER_CASES = [
    ("finder.date_pattern", "The summit opened on 12/03/2024 in Oslo.", "12/03/2024", "en"),
    ("finder.time_pattern", "The polls closed at 20:30 on Sunday.", "20:30", "en"),
    ("finder.ordinal_pattern", "She finished 14th in the slalom.", "14th", "en"),
    ("finder.phone_pattern", "Call 555-867-5309 for tickets.", "555-867-5309", "en"),
    ("finder.code_before", "Samples from batch B12-40 were recalled.", "40", "en"),
    ("finder.compound", "He signed a one-year deal with 12 clubs watching.", "one", "en"),
    ("finder.age_phrase", "The skipper, aged 61, was rescued.", "61", "en"),
    ("finder.apposed_age", "Maria Lopez, 47, was arrested on Tuesday.", "47", "en"),
    ("finder.duration", "The strike lasted 11 days.", "11", "en"),
    ("finder.vague_duration", "The dispute went on for dozens of years.", "dozens", "en"),
    ("finder.label", "The motion passed in Room 12 of the assembly.", "12", "en"),
    ("finder.label", "Traffic on Route 66 stopped.", "66", "en"),
    ("finder.population", "Iceland, a nation of some 390,000, voted on Sunday.", "390,000", "en"),
    ("finder.designation", "The highway NH 44 was closed by floods.", "44", "en"),
    ("finder.pronoun_one", "One of the climbers was airlifted to hospital.", "One", "en"),
    ("finder.year", "The bridge was built in 1931.", "1931", "en"),
    ("finder.era_year", "The town was founded in A.D. 950 by traders.", "950", "en"),
    ("finder.capitalised_word", "The Fab Four played in Hamburg.", "Four", "en"),
    ("finder.name", "The carrier ordered an Airbus 350 for the route.", "350", "en"),
    ("finder.rate_denominator", "Measles reached 3.2 cases per 100,000 children.", "100,000", "en"),
    ("finder.reference_marker", "Relapse was common among adults (2).", "2", "en"),
]


@pytest.mark.parametrize(("name", "sentence", "number", "language"), FINDER_CASES)
def test_each_finder_exclusion_is_a_named_rule(name: str, sentence: str, number: str, language: str) -> None:
    _, excluded = scan_numbers(sentence, language)
    assert [e.rule for e in excluded if e.text == number] == [name]


def test_the_case_table_covers_every_finder_rule() -> None:
    assert {r.name for r in registered(Stage.FINDER)} == {name for name, *_ in FINDER_CASES} | {
        "finder.year_pattern",
        "finder.duration_pattern",
    }


def test_an_english_only_finder_rule_does_not_fire_on_german() -> None:
    english_only = rule("finder.population")
    assert english_only.languages == frozenset({"en"})
    _, excluded = scan_numbers("Island, ein Land von rund 390.000 Einwohnern, wählte am Sonntag.", "de")
    assert all(e.rule != english_only.name for e in excluded)


def _window(text: str, number: str, counted: str, language: str) -> WindowContext:
    news = load_profile("news")
    positions = {"N1": text.index(number)}
    parties = window_parties(text, 0, positions, {"N1": number}, news)
    return WindowContext(text, {"N1": number}, news, {"N1": counted}, {"N1": NumberClass.COUNT}, positions,
                         parties=parties, language=language)  # fmt: skip


def test_an_english_only_party_rule_does_not_fire_on_a_german_article() -> None:
    """The party rules read English grammar: on an article stored as German they do not run, and the claim's
    rules say so (the same window read as English fires one: "40 Hungarian diplomats" are Hungary's people)."""
    text = "At least 40 Hungarian diplomats have been expelled from Europe this year."
    english = _window(text, "40", "Hungarian diplomats", "en")
    german = dataclasses.replace(english, language="de")
    item_model = answer_model(english.profile, 1, len(english.parties)).model_fields["N1"].annotation
    hungarian = next(key for key, p in english.ids.items() if p.text == "Hungarian")
    item = TypeAdapter(item_model).validate_python({"m": "expelled", "who": hungarian, "whom": hungarian})
    fired_en, fired_de = Trace(), Trace()
    fixed_en = repair("N1", item, english, fired_en)
    fixed_de = repair("N1", item, german, fired_de)
    assert any(name.startswith("party.") for name in fired_en)
    assert not any(name.startswith("party.") for name in fired_de)
    assert (fixed_de.who, fixed_de.whom) == (hungarian, hungarian)  # the model's answer, untouched
    assert fixed_en != fixed_de
    # the check that rejects the answer instead is language-neutral, and named
    assert [check.name for check, _ in named_problems("N1", fixed_de, german)] == ["check.self_target"]
