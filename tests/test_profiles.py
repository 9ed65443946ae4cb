"""Profiles: loading, validation of their examples by the engine's own rules, the generated response
model, and a profile written from docs/profiles.md alone running end to end against a real HTTP server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from batch import rows, run, settings, write
from fakeserver import FakeServer
from pydantic import TypeAdapter
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.extract.schema import NumberAttribution, answer_model
from reconcile.extract.validate import WindowContext, attribution_problems, repair
from reconcile.extract.window import window_parties
from reconcile.profile import ProfileError, available, load_profile
from reconcile.profile.check import check_profile
from reconcile.profile.registry import load_profile_uncached
from reconcile.profile.spec import NumberClass

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", available())
def test_every_builtin_profile_checks_clean(name: str) -> None:
    assert check_profile(load_profile(name)) == []


def test_the_default_profile_is_news_and_covers_the_general_taxonomy() -> None:
    news = load_profile()
    assert news.name == "news"
    required = {"killed", "injured", "missing", "displaced", "arrested", "kidnapped", "participants", "expelled",
                "money", "physical", "votes", "other"}  # fmt: skip
    assert required <= set(news.measure_codes)
    assert news.measure("killed").kind == "stock"  # type: ignore[union-attr]
    assert news.measure("arrested").kind == "flow"  # type: ignore[union-attr]
    assert news.measure("participants").kind == "level"  # type: ignore[union-attr]


def _profile_folder(tmp_path: Path, profile_toml: str, examples_toml: str = "") -> Path:
    folder = tmp_path / "beat"
    folder.mkdir(exist_ok=True)
    (folder / "profile.toml").write_text(profile_toml, encoding="utf-8")
    if examples_toml:
        (folder / "examples.toml").write_text(examples_toml, encoding="utf-8")
    return folder


MINIMAL = """
name = "harbour"
description = "Harbour traffic."
[[measures]]
code = "ships"
label = "ships that docked"
kind = "flow"
units = ["vessels"]
words = ['dock\\w*', 'berth\\w*']
[units.vessels]
words = ['ships?', 'vessels?']
"""


def test_unknown_names_list_what_is_available() -> None:
    with pytest.raises(ProfileError, match="news"):
        load_profile_uncached("no-such-beat")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('kind = "flow"', 'kind = "wave"'), "measures.0.kind"),
        (lambda t: t.replace('units = ["vessels"]', 'units = ["boats"]'), "not declared under"),
        (lambda t: t + '\n[checks]\ndirected = ["cars"]\n', "not a measure"),
        (lambda t: t.replace("'dock\\w*'", "'dock(\\w*'"), "measures.0.words"),
        (lambda t: t.replace('code = "ships"', 'code = "none"'), "reserved"),
    ],
)
def test_invalid_profiles_are_refused_with_the_field_named(tmp_path: Path, edit: object, message: str) -> None:
    folder = _profile_folder(tmp_path, edit(MINIMAL))  # type: ignore[operator]
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile_uncached(folder)


GOOD_EXAMPLE = """
[[examples]]
text = "Twelve ships docked at Port Kade on Tuesday."
answers = [{ number = "Twelve", m = "ships", where = "Port Kade", mod = "done" }]
"""


def test_a_good_example_checks_clean(tmp_path: Path) -> None:
    assert check_profile(load_profile_uncached(_profile_folder(tmp_path, MINIMAL, GOOD_EXAMPLE))) == []


@pytest.mark.parametrize(
    ("example", "problem"),
    [
        (GOOD_EXAMPLE.replace('number = "Twelve"', 'number = "14"'), "the engine proposes the numbers ['Twelve']"),
        (GOOD_EXAMPLE.replace('where = "Port Kade"', 'where = "Port Vale"'), "where 'Port Vale' is not in the text"),
        (GOOD_EXAMPLE.replace("docked at", "sailed past"), "names no ships that docked near it"),
        (GOOD_EXAMPLE.replace('m = "ships"', 'm = "planes"'), "m"),
        (GOOD_EXAMPLE.replace("Twelve ships", "Twelve ships and 3 tugs"), "answer each, in order"),
    ],
)
def test_bad_examples_are_reported(tmp_path: Path, example: str, problem: str) -> None:
    problems = check_profile(load_profile_uncached(_profile_folder(tmp_path, MINIMAL, example)))
    assert any(problem in p for p in problems), problems


def test_the_cli_checks_profiles_and_fails_on_a_bad_one(tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["profile", "check", "news", "expulsions"])
    assert good.exit_code == 0, good.output
    bad = _profile_folder(tmp_path, MINIMAL, GOOD_EXAMPLE.replace('number = "Twelve"', 'number = "14"'))
    failed = runner.invoke(app, ["profile", "check", str(bad)])
    assert failed.exit_code == 1
    assert "example 1" in failed.output


def test_the_response_model_keeps_the_model_inside_the_taxonomy() -> None:
    news = load_profile("news")
    schema = answer_model(news, 2).model_json_schema()
    branches = [schema["$defs"][ref["$ref"].split("/")[-1]] for ref in schema["properties"]["N1"]["oneOf"]]
    codes = {
        code
        for item in branches
        for code in item["properties"]["m"].get("enum", [item["properties"]["m"].get("const")])
    }
    assert codes == {*news.measure_codes, "none"}
    assert all(item["required"] == ["m"] for item in branches)  # everything else may be left out: lean answers
    injured = next(item for item in branches if "injured" in item["properties"]["m"].get("enum", []))
    assert "who" not in injured["properties"]  # the request asks only for the roles a measure has
    assert set(schema["required"]) == {"N1", "N2"}
    model = answer_model(news, 1)
    assert model.model_validate({"N1": {"m": "none"}}).attributions()["N1"].is_claim is False
    with pytest.raises(ValueError):
        model.model_validate({"N1": {"m": "expelled_cats"}})


def _window(text: str, number: str, profile_name: str = "news") -> WindowContext:
    return WindowContext(text, {"N1": number}, load_profile(profile_name), {}, {"N1": NumberClass.COUNT},
                         {"N1": text.index(number)})  # fmt: skip


def test_a_measure_the_text_does_not_name_is_repaired_from_the_nearest_word() -> None:
    news = load_profile("news")
    item_model = answer_model(news, 1).model_fields["N1"].annotation
    text = "More than 300,000 Ukrainians have sought protection in Germany since the war began."
    fixed = repair("N1", TypeAdapter(item_model).validate_python({"m": "participants"}), _window(text, "300,000"))  # type: ignore[union-attr]
    assert fixed.m == "displaced"


def test_a_measure_with_no_word_in_the_text_falls_back_to_the_catch_all() -> None:
    news = load_profile("news")
    item_model = answer_model(news, 1).model_fields["N1"].annotation
    text = "The committee has 17 members."
    fixed = repair("N1", TypeAdapter(item_model).validate_python({"m": "killed"}), _window(text, "17"))  # type: ignore[union-attr]
    assert fixed.m == "other"
    expulsions = load_profile("expulsions")
    item_model = answer_model(expulsions, 1).model_fields["N1"].annotation
    gone = repair("N1", TypeAdapter(item_model).validate_python({"m": "expelled"}), _window(text, "17", "expulsions"))  # type: ignore[union-attr]
    assert gone.m == "none"


def _repaired(
    text: str, number: str, counted: str, answered: str, number_class: NumberClass = NumberClass.COUNT, at: int = 0
) -> tuple[NumberAttribution, WindowContext]:
    """The news profile's repair of ``{"m": answered}`` for ``number`` (counting ``counted``), in a window
    whose marked sentence starts at ``at``."""
    news = load_profile("news")
    item_model = answer_model(news, 1).model_fields["N1"].annotation
    window = WindowContext(text, {"N1": number}, news, {"N1": counted}, {"N1": number_class},
                           {"N1": text.index(number, at)}, at)  # fmt: skip
    return repair("N1", TypeAdapter(item_model).validate_python({"m": answered}), window), window  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "number", "counted", "answered", "repaired"),
    [
        # things cannot be people arrested: the measure named in the sentence that counts them
        ("Coastguards detained the crew and took 9 shotguns from the hold.", "9", "shotguns", "arrested", "seized"),
        # people cannot be things seized
        ("Troops seized 14 smugglers near the border post.", "14", "smugglers near", "seized", "seized"),  # unknown
        ("Troops seized 14 Albanian nationals near the border post.", "14", "Albanian nationals", "seized", "arrested"),
        # bombs near a camp are not people displaced; no measure named counts them: the catch-all
        ("Two bombs hit the edge of the refugee camp at dawn.", "Two", "bombs hit the edge", "displaced", "other"),
        # a count of places is no toll
        ("The storm killed 300 people in 4 provinces last week.", "4", "provinces last week", "killed", "other"),
        # a part of the set named before it counts what that set counts: shells, not people displaced
        ("Three shells hit the camp, including one near the clinic.", "one", "near the clinic", "displaced", "other"),
        # the measure fits what is counted: left alone
        ("Police arrested 12 fans after the match.", "12", "fans", "arrested", "arrested"),
    ],
)
def test_a_measure_that_cannot_count_the_counted_unit_is_repaired(
    text: str, number: str, counted: str, answered: str, repaired: str
) -> None:
    fixed, window = _repaired(text, number, counted, answered)
    assert fixed.m == repaired
    assert attribution_problems("N1", fixed, window) == []  # the repair never causes a re-ask


@pytest.mark.parametrize(
    ("text", "number", "counted", "answered", "repaired"),
    [
        # a fraction counts no people: the measure named that counts anything else
        ("Quakes have killed thousands since a 9.1 temblor in 2004.", "9.1", "temblor in 2004", "killed", "physical"),
        ("The toll rose after the 6.2 quake hit.", "6.2", "quake hit", "killed", "physical"),
        # none named: the catch-all
        ("Officials said 2.5 had died.", "2.5", "had died", "killed", "other"),
        # a scale makes it whole, a thousands separator is no fraction: left alone
        ("The war has killed 1.5 million people.", "1.5 million", "people", "killed", "killed"),
        ("The storm killed 1,500 people.", "1,500", "people", "killed", "killed"),
    ],
)
def test_a_fraction_counts_no_people(text: str, number: str, counted: str, answered: str, repaired: str) -> None:
    fixed, window = _repaired(text, number, counted, answered)
    assert fixed.m == repaired
    assert attribution_problems("N1", fixed, window) == []


def test_a_unit_repair_may_take_the_measure_named_in_the_sentence_before() -> None:
    """The measure "arrested" is named (by "suspects"), but cannot count skiffs; "intercepted" names "seized"
    only in the sentence before, which ``_named`` accepts for a measure that declares the counted unit."""
    text = "Two skiffs were intercepted at dawn.\nThe two skiffs held 11 suspects."
    fixed, window = _repaired(text, "two", "skiffs", "arrested", at=text.index("The two"))
    assert fixed.m == "seized"
    assert attribution_problems("N1", fixed, window) == []


def test_the_catch_all_for_an_amount_of_money_is_the_money_measure() -> None:
    fixed, window = _repaired("The fund lost $3.2bn in a year.", "3.2bn", "in a year", "other", NumberClass.MONEY)
    assert fixed.m == "money"
    assert attribution_problems("N1", fixed, window) == []
    counted, _ = _repaired("The fund lost 32 staff in a year.", "32", "staff", "other")
    assert counted.m == "other"  # a count keeps the catch-all


def test_an_amount_of_money_given_a_measure_that_cannot_count_it_becomes_money() -> None:
    """ "physical" cannot count money and no other measure is named: the measure of its own class (money)
    is a better answer than the catch-all."""
    fixed, window = _repaired("The storm cost the region $3.2bn.", "3.2bn", "", "physical", NumberClass.MONEY)
    assert fixed.m == "money"
    assert attribution_problems("N1", fixed, window) == []


@pytest.mark.parametrize(
    ("text", "number", "answered", "repaired"),
    [
        ("The blast hit a depot 12 km north of the city.", "12", "physical", "none"),  # where, not how much
        ("Shells fell within 8 miles of Odessa.", "8", "physical", "none"),
        ("They found a hole about 3 metres (10 feet) wide.", "3", "physical", "none"),  # a size
        ("The epicentre lay 40 km west of the port.", "40", "physical", "physical"),  # a measure the profile names
        ("The tremor struck at a depth of 12 km.", "12", "physical", "physical"),
        ("The tailback stretched for 20 km.", "20", "other", "other"),  # a length that places nothing
    ],
)
def test_a_length_that_places_or_sizes_a_thing_is_no_claim_unless_a_measure_names_it(
    text: str, number: str, answered: str, repaired: str
) -> None:
    fixed, window = _repaired(text, number, "", answered, NumberClass.MEASURE)
    assert fixed.m == repaired
    assert attribution_problems("N1", fixed, window) == []


@pytest.mark.parametrize(
    ("text", "counted", "answered", "repaired"),
    [
        # "of them" counts the thing named before: skiffs cannot be people displaced
        (
            "Three skiffs turned back at dawn. Two of them fled east.",
            {"Two": "of them fled east"},
            "displaced",
            "other",
        ),
        ("Five skiffs sailed on and the other two fled.", {"two": "fled"}, "displaced", "other"),
        # "more" counts what the count before it in the sentence counted (people, not the province)
        (
            "It killed 90 people across the province and dozens more abroad.",
            {"90": "people", "dozens": "more abroad"},
            "killed",
            "killed",
        ),
        ("Nine others were hurt.", {"Nine": "others"}, "injured", "injured"),  # "others" are people: left alone
    ],
)
def test_an_anaphoric_count_counts_what_was_named_before_it(
    text: str, counted: dict[str, str], answered: str, repaired: str
) -> None:
    news = load_profile("news")
    ids = {number: f"N{i}" for i, number in enumerate(counted, start=1)}
    classes = {ids[n]: NumberClass.COUNT for n in counted}
    window = WindowContext(text, {ids[n]: n for n in counted}, news, {ids[n]: c for n, c in counted.items()},
                           classes, {ids[n]: text.index(n) for n in counted})  # fmt: skip
    last = ids[list(counted)[-1]]
    item_model = answer_model(news, len(ids)).model_fields[last].annotation
    fixed = repair(last, TypeAdapter(item_model).validate_python({"m": answered}), window)  # type: ignore[union-attr]
    assert fixed.m == repaired
    assert attribution_problems(last, fixed, window) == []


def test_money_keeps_its_measure_whatever_the_words_after_it_count() -> None:
    fixed, _ = _repaired(
        "Burglars took $40,000 worth of rifles.", "40,000", "worth of rifles", "money", NumberClass.MONEY
    )
    assert fixed.m == "money"


# --- a profile written from docs/profiles.md alone, end to end ---------------------------------------------


def _toml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", markdown, flags=re.S)


def test_a_profile_written_from_the_docs_runs_end_to_end(tmp_path: Path) -> None:
    profile_toml, examples_toml = _toml_blocks((ROOT / "docs" / "profiles.md").read_text(encoding="utf-8"))
    folder = _profile_folder(tmp_path, profile_toml, examples_toml)
    profile = load_profile_uncached(folder)
    assert profile.name == "football"
    assert check_profile(profile) == []

    def respond(body: dict[str, object]) -> str:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")  # type: ignore[attr-defined,index]
        sentence = next(line for line in user.splitlines() if line.startswith("Sentence:"))
        answers = {}
        parties = dict((text, key) for key, text in re.findall(r"\[(P\d+): ([^\]]+)\]", user))
        for number_id, number in re.findall(r"\[(N\d+): ([^\]]+)\]", sentence):
            if "m" in number or "€" in sentence.split(number)[0][-2:]:
                answers[number_id] = {"m": "fee", "who": parties.get("Rovers", "none")}
            else:
                answers[number_id] = {"m": "attendance", "src": parties.get("club", "none")}
        return json.dumps(answers)

    articles = write(
        tmp_path / "in",
        match="A crowd of 38,500 watched Rovers on Saturday, the club said, days after it paid €9m for a winger.",
    )
    with FakeServer(respond) as server:
        config = settings(server.base_url, tmp_path, profile=str(folder))
        summary = run(config, articles)
    assert summary.articles_failed == 0, summary.failures
    stored = rows(config, "SELECT number_text, measure, unit, value, profile, source FROM claims ORDER BY start")
    assert [(r[1], r[2], r[4]) for r in stored] == [("attendance", "people", "football"), ("fee", "EUR", "football")]
    assert stored[0][3] == 38500 and stored[1][3] == 9_000_000
    assert stored[0][5] == "club"


def test_a_passive_figure_whose_actor_is_its_own_target_loses_the_actor_not_a_re_ask() -> None:
    news = load_profile("news")
    text = "At least 325 Russian diplomats have been expelled from Europe since the invasion."
    positions = {"N1": text.index("325")}
    window = WindowContext(text, {"N1": "325"}, news, {"N1": "Russian diplomats"}, {"N1": NumberClass.COUNT},
                           positions, parties=window_parties(text, 0, positions, {"N1": "325"}, news))  # fmt: skip
    item_model = answer_model(news, 1, len(window.parties)).model_fields["N1"].annotation
    russian = next(key for key, p in window.ids.items() if p.text == "Russian")
    item = TypeAdapter(item_model).validate_python({"m": "expelled", "who": russian, "whom": russian})
    fixed = repair("N1", item, window)
    assert (fixed.m, fixed.who, fixed.whom) == ("expelled", None, russian)
    assert attribution_problems("N1", fixed, window) == []


def test_a_city_ending_in_s_resolves() -> None:
    from reconcile.normalize.places import place_key

    assert place_key("Dallas") == "USA-TX"
    assert place_key("Los Angeles") == "USA-CA"


def test_which_unit_classes_count_people_is_profile_data() -> None:
    news = load_profile("news")
    assert news.counts_persons("people")
    assert not news.counts_persons("weapons")
    assert not load_profile("expulsions").counts_persons("diplomats")  # not declared there: the old behaviour
