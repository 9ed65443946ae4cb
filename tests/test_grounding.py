"""Validation and grounding of the model's attributions, on hand-made answers (no model involved).

Each case is a sentence, the number to attribute and the model's answer; the checks say whether the
answer is re-asked (with which complaint) and what the stored claim looks like.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.core.claims import Claim, MeasureKind, Modality, Rejection, Scope
from reconcile.core.numbers import counted_phrase, find_numbers
from reconcile.core.sentences import split_sentences
from reconcile.extract.extractor import plan
from reconcile.extract.ground import fill_article_places, ground_claim
from reconcile.extract.prompt import party_id_named
from reconcile.extract.schema import NumberAttribution, answer_model
from reconcile.extract.validate import answer_context, attribution_problems, repair
from reconcile.extract.window import WindowContext
from reconcile.ingest import article_from_text
from reconcile.normalize.modality import modality_cue
from reconcile.profile import load_profile

PROFILE = load_profile("expulsions")  # these sentences are about expulsions; news cases are at the end
_KEYS = {"actor": "who", "target": "whom", "source": "src", "modality": "mod", "scope": "scope", "m": "m"}


def _answer(claim: bool = True, **fields: object) -> NumberAttribution:
    """An answer in the model's format; ``actor``/``target``/``source`` read as ``who``/``whom``/``src``."""
    base: dict[str, object] = {"m": "expelled" if claim else "none", "scope": "single", "mod": "done"}
    base.update({_KEYS[key]: value for key, value in fields.items() if key in _KEYS})
    return NumberAttribution.model_validate({k: v for k, v in base.items() if v is not None})


def _ids(item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """The answer as the model now gives it: each party named in the test as the id of its marked mention
    (a party the text does not mark cannot be chosen: it becomes no party)."""
    update = {}
    for key in ("who", "whom", "src"):
        name = getattr(item, key)
        if name is not None:
            update[key] = party_id_named(window, name)
    return item.model_copy(update=update)


def _job(text: str, published: dt.date | None = dt.date(2022, 4, 5)):  # type: ignore[no-untyped-def]
    article = article_from_text(text, "t.txt", published=published)
    jobs = plan(article, PROFILE)
    assert jobs, "the sentence has a number"
    return article, jobs[-1]


@pytest.mark.parametrize(
    ("text", "answer", "complaint"),
    [
        ("France expelled 35 Russian diplomats on Monday.", _answer(actor="France", target="Russia"), None),
        ("Russia expelled 35 Russian diplomats.", _answer(actor="Russia", target="Russia"), "both"),
        ("Officials in France expelled 35 Russian diplomats.", _answer(actor="Officials"), "not a country"),
        (
            "Germany expelled diplomats; Baerbock spoke of the more than 300,000 Ukrainians who fled.",
            _answer(actor="Germany", target="Germany"),
            "people of Ukrainians",
        ),
        (
            "Lithuania expelled the envoy after dozens of bodies were found.",
            _answer(actor="Lithuania", target="Russia"),
            "none of this profile's measures",
        ),
        ("Russia has expelled 40 from Germany.", _answer(actor="Russia", target="Germany"), None),
        ("France expelled 35 Russian diplomats.", _answer(claim=False), None),
        ("France expelled 35 Russian diplomats.", _answer(actor=None), "who is missing"),
    ],
)
def test_validation(text: str, answer: NumberAttribution, complaint: str | None) -> None:
    _, job = _job(text)
    number_id = job.numbered[0][0]
    problems = attribution_problems(number_id, _ids(answer, job.window), job.window)
    if complaint is None:
        assert problems == []
    else:
        assert problems and complaint in " ".join(problems), problems


def test_the_answer_model_requires_every_id_and_reports_problems_through_instructor_context() -> None:
    _, job = _job("Officials in France expelled 35 Russian diplomats.")
    model = answer_model(PROFILE, 1, len(job.window.parties))
    with pytest.raises(ValueError, match="not a country"):
        model.model_validate({"N1": {"m": "expelled", "who": "P1"}}, context=answer_context(job.window))
    with pytest.raises(ValueError):  # an id the window does not mark is off the schema
        model.model_validate({"N1": {"m": "expelled", "who": "P9"}})
    with pytest.raises(ValueError):
        model.model_validate({})


def _ground(text: str, answer: NumberAttribution, published: dt.date | None = dt.date(2022, 4, 5)) -> Claim:
    article, job = _job(text, published)
    number_id, mention = job.numbered[0]
    result = ground_claim(
        article, job.sentence, number_id, mention, _ids(answer, job.window), job.window, PROFILE, job.context
    )
    assert isinstance(result, Claim), result
    assert article.text[result.start : result.end] == result.number_text
    assert article.text[result.sentence_start : result.sentence_end] == result.quote
    return result


def test_value_interval_and_span_come_from_the_text_not_the_model() -> None:
    claim = _ground("At least 40 Russian diplomats were expelled by Germany on Monday.",
                    _answer(actor="Germany", target="Russia"))  # fmt: skip
    assert (claim.number_text, claim.value, claim.low, claim.high, claim.hedge) == ("40", 40, 40, None, "at_least")
    assert claim.event_date == dt.date(2022, 4, 4)  # "on Monday" in an article of Tuesday 2022-04-05


def test_unit_and_target_are_read_next_to_the_number() -> None:
    claim = _ground("Belgium will expel 21 people working for the Russian embassy.",
                    _answer(actor="Belgium", target=None))  # fmt: skip
    assert claim.unit == "staff"  # "21 people working ..." — the text's word beats the model's
    claim = _ground("France expelled 35 Russian diplomats.", _answer(actor="France", target=None))
    assert claim.target == "RUS"


def test_implicit_ambassador_is_one_ambassador() -> None:
    claim = _ground("Lithuania threw out its Russian ambassador.", _answer(actor="Lithuania", target="Russia"))
    assert (claim.number_text, claim.value, claim.unit, claim.alignment) == ("ambassador", 1, "ambassador",
                                                                             "implicit")  # fmt: skip


def test_scope_follows_the_parties() -> None:
    multi = _ground("Italy, Spain and Denmark expelled a total of 80 Russian diplomats.",
                    _answer(actor="Italy, Spain and Denmark", target="Russia", scope="single"))  # fmt: skip
    assert (multi.actor, multi.actor_members, multi.scope) == ("MULTI", "DNK,ESP,ITA", Scope.AGGREGATE)
    single = _ground("Since April, Russia has expelled at least 45 diplomats from Poland.",
                     _answer(actor="Russia", target="Poland", scope="aggregate"))  # fmt: skip
    assert single.scope is Scope.SINGLE and (single.date_low, single.date_high) == (dt.date(2022, 4, 1),
                                                                                    dt.date(2022, 4, 5))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "measure", "unit"),
    [
        ("France expelled 35 Russian diplomats.", "expelled", "diplomats"),
        ("Germany declared 40 Russian diplomats persona non grata.", "expelled", "diplomats"),
        ("Estonia will close two Russian consulates.", "closed", "consulates"),
        ("Moldova recalled two diplomats.", "recalled", "diplomats"),
    ],
)
def test_the_answer_grounds_as_a_measure_of_the_profile(text: str, measure: str, unit: str) -> None:
    actor = text.split()[0]
    claim = _ground(text, _answer(actor=actor, target="Russia", m=measure))
    assert (claim.profile, claim.measure, claim.measure_kind, claim.unit) == ("expulsions", measure,
                                                                              MeasureKind.FLOW, unit)  # fmt: skip
    assert claim.modality in set(Modality)


def test_the_source_is_kept_only_when_the_text_names_it() -> None:
    claim = _ground("France expelled 35 Russian diplomats, the  Foreign Ministry said.",
                    _answer(actor="France", target="Russia", source="the  Foreign Ministry"))  # fmt: skip
    assert (claim.source_text, claim.source) == ("Foreign Ministry", "foreign ministry")
    assert claim.source_start is not None
    claim = _ground("France expelled 35 Russian diplomats.",
                    _answer(actor="France", target="Russia", source="Le Monde"))  # fmt: skip
    assert (claim.source_text, claim.source) == (None, None)


def test_dates_come_from_the_text_only() -> None:
    claim = _ground("France expelled 35 Russian diplomats.", _answer(actor="France", target="Russia"))
    assert claim.date_text is None and claim.event_date is None


def test_remaining_stock_is_not_sent_to_the_model() -> None:
    text = "After the departure of these 17 people, there will remain 58 Russian diplomats in the Netherlands."
    _, job = _job(text)
    assert [m.text for _, m in job.numbered] == ["17"]


def test_counted_phrase_stops_at_the_noun_phrase() -> None:
    text = "Estonia will expel 14 staff, seven of whom are diplomats, and 45 diplomats from Poland on Monday."
    phrases = [counted_phrase(text, m) for m in find_numbers(text)]
    assert phrases == ["staff", "of", "diplomats from Poland"]


def test_an_abbreviation_does_not_end_the_counted_phrase() -> None:
    text = "Two U.N. trucks and 3 U.S.-made jets were hit; police held 12. Nobody else was hurt."
    phrases = [counted_phrase(text, m) for m in find_numbers(text)]
    assert phrases == ["U.N. trucks and 3 U.S.-made jets", "U.S.-made jets", ""]  # a full stop still ends it


def test_a_mention_outside_its_sentence_is_rejected() -> None:
    article = article_from_text("France expelled 35 Russian diplomats. Later, more followed.", "t.txt")
    _, second = split_sentences(article.text)
    mention = find_numbers(article.text)[0]
    job = plan(article, PROFILE)[0]
    result = ground_claim(
        article, second, "N1", mention, _ids(_answer(actor="France"), job.window), job.window, PROFILE
    )
    assert isinstance(result, Rejection) and "outside" in result.reason


def test_an_undated_claim_takes_the_leads_date() -> None:
    text = (
        "Germany acted on Monday against Russian spies.\n\n"
        "Officials met in Berlin in the afternoon.\n\n"
        "The foreign ministry said it would expel 40 Russian diplomats."
    )
    claim = _ground(text, _answer(actor="Germany", target="Russia"))
    assert (claim.date_text, claim.event_date) == ("on Monday", dt.date(2022, 4, 4))


def test_no_date_is_invented_without_a_reference() -> None:
    text = "Germany acted on Monday.\n\nThe ministry said it would expel 40 Russian diplomats."
    claim = _ground(text, _answer(actor="Germany", target="Russia"), published=None)
    assert claim.event_date is None and claim.date_low is None


@pytest.mark.parametrize(
    ("sentence", "number", "expected"),
    [
        ("France said it would expel 35 Russian diplomats.", "35", "announced"),
        ("France has confirmed it is to expel 35 Russian diplomats.", "35", "announced"),
        ("35 Russian diplomats are set to be be expelled, the ministry said.", "35", "announced"),
        ("At least 40 Russian diplomats have been declared as undesirable persons.", "40", "done"),
        ("Since April, Russia has expelled at least 45 diplomats from Poland, 40 from Germany.", "40", "done"),
        ("Sweden also announced the expulsion of three Russian diplomats.", "three", "announced"),
        ("Estonia said it would close two consulates and expel 14 staff, seven of whom are diplomats.", "seven",
         "announced"),
        ("The Czech Republic has given 72 hours to a Russian diplomat to leave.", "72", "done"),
        ("Berlin's move reportedly involves 40 Russians.", "40", None),
    ],
)  # fmt: skip
def test_modality_cue(sentence: str, number: str, expected: str | None) -> None:
    start = sentence.index(number)
    cue = modality_cue(sentence, start, start + len(number))
    assert (cue.value if cue else None) == expected


def test_an_implicit_target_defaults_to_whose_people_the_article_counts() -> None:
    text = (
        "Belgium will expel 21 Russian diplomats. Ireland will expel four Russian diplomats.\n\n"
        "The 17 people concerned must leave the Netherlands, the Dutch government decided."
    )
    claim = _ground(text, _answer(actor="the Dutch government", target=None))
    assert (claim.actor, claim.target) == ("NLD", "RUS")
    own = _ground("Russia expelled 45 Russian spies. Moscow also expelled 17 people, Moscow said.",
                  _answer(actor="Moscow", target=None))  # fmt: skip
    assert own.target is None  # never the actor itself


def test_a_number_no_measure_names_becomes_a_non_claim_without_a_re_ask() -> None:
    _, job = _job("France welcomed 300,000 Ukrainians last year.")
    number_id = job.numbered[0][0]
    assert repair(number_id, _ids(_answer(actor="France", target="Russia"), job.window), job.window).m == "none"


NEWS = load_profile("news")


def _news(text: str, number: str, **answer: object) -> Claim:
    article = article_from_text(text, "n.txt", published=dt.date(2025, 3, 9))
    job = next(j for j in plan(article, NEWS) if any(m.text == number for _, m in j.numbered))
    number_id, mention = next((i, m) for i, m in job.numbered if m.text == number)
    item = NumberAttribution.model_validate(answer)
    result = ground_claim(
        article, job.sentence, number_id, mention, _ids(item, job.window), job.window, NEWS, job.context
    )
    assert isinstance(result, Claim), result
    return result


def test_news_claims_keep_place_and_source_from_the_text() -> None:
    text = "Police said about 15,000 people marched through Valencia on Saturday; organisers counted 80,000."
    police = _news(text, "15,000", m="participants", where="Valencia", src="Police", mod="estimated")
    assert (police.measure, police.measure_kind, police.unit) == ("participants", MeasureKind.LEVEL, "people")
    assert (police.place_text, police.source) == ("Valencia", "police")
    assert (police.modality, police.hedge) == (Modality.ESTIMATED, "about")
    invented = _news(text, "80,000", m="participants", where="Madrid", src="the mayor")
    assert (invented.place_text, invented.source_text) == (None, None)  # not in the text: not stored


def test_a_where_that_is_not_a_place_gives_way_to_the_articles_place() -> None:
    """A small model's ``where`` is often the ship or the party nearby: not stored as a place, and the
    claim takes the place its article is about (here Aceh, in Indonesia, named most)."""
    text = (
        "BANDA ACEH, Indonesia - Rescuers in Aceh pulled 12 survivors from the rubble on Tuesday. "
        "The navy ship KRI Dewaruci brought 40 tents to Aceh, officials in Indonesia said."
    )
    ship = _news(text, "40", m="other", where="KRI Dewaruci")
    country = _news(text, "12", m="other", where="Indonesia")
    assert ship.place_text is None and ship.place is None and country.place == "IDN"
    filled = fill_article_places([ship, country], "IDN-AC")
    assert [c.place for c in filled] == ["IDN-AC", "IDN"]  # what the text says stays
    assert fill_article_places([ship], None) == [ship]  # nothing to fill from


def test_the_counted_thing_or_a_count_is_no_party() -> None:
    """Things counted neither act nor are the party acted on; a count ("two women and a man") is what the
    number says. Counted people may be the party, and a named country always is."""
    text = "The navy seized 300 rounds of ammunition from the pirates, who had attacked 2 ships near Oman."
    rounds = _news(text, "300", m="seized", who="ammunition", whom="rounds of ammunition")
    assert (rounds.actor_text, rounds.target_text) == (None, None)
    ships = _news(text, "2", m="other", who="the pirates", whom="Oman")
    assert (ships.actor, ships.target) == ("pirates", "OMN")
    fire = "Three people died, two women and a man, in the fire."
    dead = _news(fire, "Three", m="killed", whom="two women and a man")
    assert dead.target is None
    crowd = _news("About 5,000 protesters marched in Lyon.", "5,000", m="participants", who="protesters")
    assert crowd.actor == "protesters"


def test_a_bare_done_figure_is_not_an_estimate() -> None:
    claim = _news("The flood killed 14 people in Shkodra on Sunday.", "14", m="killed", mod="estimated")
    assert claim.modality is Modality.DONE and claim.measure_kind is MeasureKind.STOCK


@pytest.mark.parametrize(
    ("text", "number", "value", "hedge"),
    [
        (
            "Bei dem Erdrutsch in Tirol kamen am Montag mindestens vierzig Menschen ums Leben.",
            "vierzig",
            40,
            "at_least",
        ),
        ("Selon la préfecture, environ 3 000 personnes ont manifesté samedi à Rennes.", "3 000", 3000, "about"),
        ("La policía detuvo el martes a más de 25 personas en Sevilla.", "25", 25, "more_than"),
    ],
)
def test_articles_in_other_languages_are_read_in_their_language(text: str, number: str, value: int, hedge: str) -> None:
    """No language given: it is detected, and numbers, hedges and sentences follow its rules."""
    article = article_from_text(text, "intl.txt", published=dt.date(2025, 5, 6))
    (job,) = plan(article, NEWS)
    ((_, mention),) = job.numbered
    assert (mention.text, mention.value, str(mention.hedge)) == (number, value, hedge)
    assert article.text[mention.span.start : mention.span.end] == number


@pytest.mark.parametrize(
    ("text", "who", "actor"),
    [
        ("The number of Russian diplomats expelled from the European Union reached at least 300.", None, "EUU"),
        ("The number of Russian diplomats expelled from the European Union reached 300.", "Italy and Spain", "EUU"),
        ("Some 40 Russian diplomats were expelled from Germany on Monday.", "Russia", "DEU"),
        ("Russia has expelled 40 from Germany.", "Russia", "RUS"),  # "40 from Germany": no verb before "from"
        ("Britain said 23 diplomats were expelled from the Russian embassy in London.", "Britain", "GBR"),
        # a profile that requires an actor (expulsions) takes a region after "from" as the actor of an aggregate
        ("At least 120 Russian diplomats have been expelled from countries around the world.", None, "WORLD"),
        # "<party> said it would <verb>": the party that says "it would" acts, not the one an adjective names
        ("Hours after the Polish decision, Spain said it would expel 25 Russian diplomats.", "Poland", "ESP"),
        ("Spain announced on Monday that it will expel 25 Russian diplomats.", None, "ESP"),
        ("Spain said on Monday that Poland had expelled 45 Russian diplomats.", "Poland", "POL"),  # not "it"
        ("Spain said it would respond after Poland expelled 45 Russian diplomats.", "Poland", "POL"),  # own clause
    ],
)
def test_a_directed_measure_done_from_a_party_names_its_actor(text: str, who: str | None, actor: str) -> None:
    _, job = _job(text)
    number_id = job.numbered[0][0]
    item = repair(
        number_id, _ids(_answer(actor=who, target="Russia" if actor != "RUS" else "Germany"), job.window), job.window
    )
    assert set(job.window.codes(item.who)) == {actor}


def test_a_region_after_from_stays_no_actor_where_none_is_required() -> None:
    """The news profile keeps a passive without an actor: "countries around the world" decide nothing."""
    article = article_from_text("At least 120 diplomats have been expelled from countries around the world.", "t.txt")
    (job,) = plan(article, NEWS)
    number_id = job.numbered[0][0]
    assert repair(number_id, _ids(_answer(actor=None, target="Russia"), job.window), job.window).who is None


def test_a_noun_written_after_more_or_the_other_is_what_is_counted() -> None:
    from reconcile.extract.validate import counted_unit

    article = article_from_text("Pirates seized three boats and 20 more people were taken hostage.", "t.txt")
    (job,) = plan(article, NEWS)
    ids = {m.text: number_id for number_id, m in job.numbered}
    assert counted_unit(ids["20"], job.window) == "people"


@pytest.mark.parametrize(
    ("text", "model_src", "source"),
    [
        ("Police said about 9,000 people marched in Bilbao.", None, "Police"),
        ("The organisers, a group of student unions, put the turnout at 40,000.", None, "The organisers"),
        ("The toll rose to 41, according to the regional governor.", None, "the regional governor"),
        ("Eleven people drowned, the coast guard said.", None, "the coast guard"),
        ("It said 5 people died.", None, None),  # a pronoun names no one
        ("Rescuers found 12 survivors, the agency said.", "Rescuers", "the agency"),  # the grammar's, not the model's
        ("Rescuers found 12 survivors on the beach.", "Rescuers", None),  # the article states it itself
    ],
)
def test_the_speaker_of_the_numbers_sentence_is_its_source(
    text: str, model_src: str | None, source: str | None
) -> None:
    article = article_from_text(text, "t.txt")
    (job,) = plan(article, NEWS)
    number_id = job.numbered[0][0]
    answer = _answer(source=model_src).model_copy(update={"m": "other"})
    chosen = job.window.party(repair(number_id, _ids(answer, job.window), job.window).src)
    assert (chosen.text if chosen else None) == source


def test_a_source_only_the_sentence_before_names_gives_way_to_this_sentences_speaker() -> None:
    text = "Police said 9,000 people marched. The organisers, a group of unions, put the turnout at 40,000."
    article = article_from_text(text, "t.txt")
    job = plan(article, NEWS)[-1]
    number_id = job.numbered[-1][0]
    answer = _answer(source="Police").model_copy(update={"m": "participants"})
    chosen = job.window.party(repair(number_id, _ids(answer, job.window), job.window).src)
    assert chosen is not None and chosen.text == "The organisers"


def test_said_it_names_the_actor_of_any_measure() -> None:
    """Not only directed measures: "Kenya said it had arrested 12" makes Kenya the actor in the news profile."""
    article = article_from_text("Hours after the Ugandan raid, Kenya said it had arrested 12 suspects.", "t.txt")
    (job,) = plan(article, NEWS)
    number_id = job.numbered[0][0]
    answer = _answer(actor="Uganda").model_copy(update={"m": "arrested"})
    assert set(job.window.codes(repair(number_id, _ids(answer, job.window), job.window).who)) == {"KEN"}


def test_a_claims_place_reads_a_homonym_by_its_sentence_and_article() -> None:
    """The model's ``where`` is a bare name; its sentence and article say which place of that name it is:
    "Georgia" in a story from Atlanta is the US state, in a story from Tbilisi the country."""
    atlanta = "ATLANTA - Storms hit Atlanta on Monday. Officials in Georgia said 12 people died."
    assert _news(atlanta, "12", m="other", where="Georgia").place == "USA-GA"
    tbilisi = "TBILISI - Storms hit Tbilisi on Monday. Officials in Georgia said 12 people died."
    assert _news(tbilisi, "12", m="other", where="Georgia").place == "GEO"
