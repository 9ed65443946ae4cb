# ruff: noqa: E501  (a data table: one claim per line reads better than wrapped calls)
"""Gold numeric claims for 5 topics of ECB+, as written by the annotator (rules: eval/GUIDELINES.md part II).

Each document is ``(doc_id, defaults, claims)``: the defaults (place, actor, ...) apply to every claim of
the document unless the claim overrides them. ``C(sentence, anchor, number, measure, event, **fields)``
names ECB+ sentence ``sentence`` (line numbers of the rebuilt text, the tokenised source URL being
sentence 0 of ``ecbplus`` documents), a few words of it around the number (unique in the sentence), the
number's text inside them, its measure and its event label. ``build_gold.py`` turns these into offsets.
``ref`` names a claim for ``CONFLICTS``. A document with an empty list was read and holds no claim.

Event labels: ``t<topic>ecb_`` / ``t<topic>plus_`` for the two seminal stories of a topic (the ``ecb`` and
``ecbplus`` subtopics), ``bg_`` for anything else the articles report (earlier quakes, the 2008 heist,
the Greek bailout); then what happened and what is counted.
"""

from __future__ import annotations

from typing import Any

Ann = dict[str, Any]


def C(sent: int, anchor: str, num: str, measure: str, event: str, **fields: Any) -> Ann:
    return {"sent": sent, "anchor": anchor, "num": num, "measure": measure, "event": event, **fields}


# fmt: off
K, INJ, ARR, SEIZ, MON, PHYS, PART, DISP, AFF, OTHER = (
    "killed", "injured", "arrested", "seized", "money", "physical", "participants", "displaced", "affected", "other",
)

# ----------------------------------------------------------------------------------------------------------
# Topic 8. ecb: a bomb at a West Coast Bank branch in Woodburn, Oregon kills a police captain and a state
# bomb technician (December 2008). ecbplus: a petrol bomb sets the Marfin bank in Athens on fire during
# the general strike of 5 May 2010 and kills three employees.
OR = {"place": "USA-OR"}
GR = {"place": "GRC"}
T8E_KILLED, T8E_REWARD = "t8ecb_bomb_killed", "t8ecb_reward_money"
T8P_KILLED, T8P_WOMEN = "t8plus_bank_killed", "t8plus_bank_killed_women"
T8P_CROWD = "t8plus_athens_participants"
BAILOUT_EUR, BAILOUT_USD, BAILOUT_XXX = "bg_greek_bailout_money_eur", "bg_greek_bailout_money_usd", "bg_greek_bailout_money_xxx"
REWARD = {"unit": "USD", "actor": "authorities", "target": None, "modality": "announced"}

DOCS: list[tuple[str, Ann, list[Ann]]] = [
    ("8_1ecb", OR, [
        C(15, "offering a $35,000 reward", "35,000", MON, T8E_REWARD, ref="8_1ecb_reward", source="federal authorities", **REWARD),
    ]),
    ("8_2ecb", OR, [
        C(0, "offering a $35,000 reward", "35,000", MON, T8E_REWARD, source="officials", **REWARD),
    ]),
    ("8_3ecb", OR, [
        C(1, "offered a $35,000 reward", "35,000", MON, T8E_REWARD, source="Oregon State Police", **REWARD),
        C(15, "life of two police officers", "two", K, T8E_KILLED, target="police", source="Oregon State Police"),
        C(16, "takes a $35,000 reward", "35,000", MON, T8E_REWARD, source="Oregon State Police", **REWARD),
        C(21, "the two devices", "two", OTHER, "t8ecb_bomb_devices", unit="devices", source="authorities"),
    ]),
    ("8_4ecb", OR, []),
    ("8_5ecb", OR, []),
    ("8_6ecb", OR, []),
    ("8_8ecb", OR, []),
    ("8_4ecbplus", GR, [
        C(1, "Three dead after", "Three", K, T8P_KILLED, ref="8_4p_three"),
        C(2, "at least three people dead", "three", K, T8P_KILLED, hedge="at_least", hedge_text="at least"),
        C(3, "two government buildings", "two", AFF, "t8plus_buildings_burned", unit="buildings", actor="youths"),
        C(5, "at least three people", "three", K, T8P_KILLED, hedge="at_least", hedge_text="at least", source="police", ref="8_4p_atleast3"),
        C(5, "and two women", "two", K, T8P_WOMEN, source="police", ref="8_4p_women"),
        C(6, "as many as 20 people", "20", OTHER, "t8plus_bank_inside", hedge="up_to", hedge_text="as many as", source="firefighters"),
        C(8, "Two buildings, one", "Two", AFF, "t8plus_buildings_burned", unit="buildings"),
        C(14, "tens of thousands of union", "tens of thousands", PART, T8P_CROWD, hedge="vague", actor="unions", ref="8_4p_crowd"),
        C(15, "a ����110 billion", "110 billion", MON, BAILOUT_XXX, unit="XXX", actor="GRC", ref="8_4p_bailout"),
        C(15, "($158 billion)", "158 billion", MON, BAILOUT_USD, unit="USD", actor="GRC", ref="8_4p_bailout_usd"),
        C(17, "in two separate demonstrations", "two", OTHER, "t8plus_demonstrations", unit="demonstrations", actor="unions"),
    ]),
    ("8_5ecbplus", GR, [
        C(1, "Three Killed", "Three", K, T8P_KILLED),
        C(3, "Three people have died", "Three", K, T8P_KILLED, actor="rioters"),
        C(4, "tens of thousands of people", "tens of thousands", PART, T8P_CROWD, hedge="vague", ref="8_5p_crowd"),
        C(5, "The three bank workers", "three", K, T8P_KILLED, actor="protesters", ref="8_5p_three"),
        C(5, "workers-two women", "two", K, T8P_WOMEN, actor="protesters", ref="8_5p_women"),
        C(6, "another five people", "five", OTHER, "t8plus_bank_rescued", hedge="further", hedge_text="another", actor="firefighters"),
        C(10, "loss of three children", "three", K, T8P_KILLED, source="George Papandreou"),
        C(12, "as many as 20,000 people", "20,000", PART, T8P_CROWD, hedge="up_to", hedge_text="as many as", source="police", ref="8_5p_police20000"),
        C(15, "a further 20,000 people", "20,000", PART, "t8plus_thessaloniki_participants", hedge="further", hedge_text="a further"),
        C(19, "slice 30bn euros", "30bn", MON, "bg_greek_cuts_money_eur", unit="EUR", actor="GRC", ref="8_5p_cuts_eur"),
        C(19, "(�25.7bn)", "25.7bn", MON, "bg_greek_cuts_money_xxx", unit="XXX", actor="GRC", ref="8_5p_cuts_xxx"),
        C(20, "a 110bn-euro emergency", "110bn", MON, BAILOUT_EUR, unit="EUR", actor="EUU", ref="8_5p_bailout"),
    ]),
    ("8_7ecbplus", GR, [
        C(1, "3 dead after protesters", "3", K, T8P_KILLED, actor="protesters"),
        C(3, "Three people died", "Three", K, T8P_KILLED),
        C(3, "tens of thousands of protesters", "tens of thousands", PART, T8P_CROWD, hedge="vague", actor="protesters"),
        C(5, "killed two women", "two", K, T8P_WOMEN),
        C(6, "ripping $43 billion", "43 billion", MON, "bg_greek_cuts_money_usd", unit="USD", actor="GRC"),
        C(8, "death of three of our", "three", K, T8P_KILLED, source="George Papandreou"),
        C(12, "a few still burning", "a few", AFF, "t8plus_cars_burned", hedge="vague", unit="cars", source="Yanis Varoufakis"),
        C(12, "a couple of fire engines", "a couple", AFF, "t8plus_fire_engines_burned", hedge="vague", unit="fire_engines", source="Yanis Varoufakis"),
        C(15, "band of 100 or 200", "100 or 200", PART, "t8plus_troublemakers", hedge="range", low=100, high=200, modality="estimated", source="Yanis Varoufakis"),
        C(16, "those three people", "three", K, T8P_KILLED, source="Yanis Varoufakis"),
        C(27, "dropped six points", "six", OTHER, "bg_merkel_approval_points", unit="points", place="DEU"),
    ]),
    ("8_10ecbplus", GR, [
        C(1, "NEWS-3 DEAD", "3", K, T8P_KILLED, ref="8_10p_3"),
        C(3, "THREE PEOPLE HAVE DIED", "THREE", K, T8P_KILLED, source="media"),
        C(5, "the 3 bank employees", "3", K, T8P_KILLED, source="Sky TV", ref="8_10p_sky3"),
        C(7, "Four people-one", "Four", INJ, "t8plus_bank_injured", ref="8_10p_four"),
        C(7, "people-one with broken", "one", INJ, "t8plus_bank_injured_bones"),
        C(7, "3 with inspiratory", "3", INJ, "t8plus_bank_injured_breathing", ref="8_10p_breathing"),
        C(14, "Tens of thousands angry", "Tens of thousands", PART, T8P_CROWD, hedge="vague"),
        C(18, "loans of 110 b.", "110 b", MON, BAILOUT_EUR, unit="EUR", actor="EUU"),
    ]),
    ("8_11ecbplus", GR, [
        C(3, "three bank workers", "three", K, T8P_KILLED),
    ]),
]

# The kind of flag expected between two claims of the same event whose intervals are disjoint, when the
# pair is not listed in CONFLICTS (build_gold.py derives every such pair; an event with disjoint values
# and no kind here is an error).
EVENT_KINDS: dict[str, str] = {}

CONFLICTS: list[tuple[str, str, str, str]] = [
    ("8_4p_three", "8_10p_3", "none", "the same three dead, in words and in digits (README: t8_bank_workers)"),
    ("8_4p_atleast3", "8_10p_sky3", "none", "at least three and exactly 3 overlap"),
    ("8_5p_three", "8_5p_women", "none", "two women are part of the three workers killed: a part, not another figure"),
    ("8_4p_atleast3", "8_4p_women", "none", "a part of the total in the same sentence"),
    ("8_5p_police20000", "8_5p_crowd", "none", "police's up to 20,000 and 'tens of thousands' meet at 20,000"),
    ("8_10p_four", "8_10p_breathing", "none", "3 with breathing problems are part of the four injured"),
    ("8_4p_bailout", "8_4p_bailout_usd", "none", "the same bailout in two currencies (a conversion)"),
    ("8_4p_bailout", "8_5p_bailout", "none", "the same 110bn, the sign lost in one article: different units are not compared"),
    ("8_5p_cuts_eur", "8_5p_cuts_xxx", "none", "the same cuts in two currencies (a conversion)"),
]

# ----------------------------------------------------------------------------------------------------------
# Topic 12. ecb: INS Mysore captures 23 pirates (12 Somali, 11 Yemeni) who attacked the MV Gibe in the Gulf
# of Aden (December 2008). ecbplus: INS Sukanya foils a five-boat attack on merchant vessels it escorted and
# captures three boats with 26 Somali pirates (10 November 2011), its fifth operation of the patrol.
ADEN = {"place": "gulf_of_aden", "actor": "IND", "target": "pirates"}
T12E_ARR = "t12ecb_pirates_arrested"
T12P_ARR, T12P_BOATS, T12P_ATTACK = "t12plus_pirates_arrested", "t12plus_boats_seized", "t12plus_attack_boats"
T12P_ESC, T12P_VESSELS = "t12plus_boats_escaped", "t12plus_merchant_vessels"
T12P_RIFLES, T12P_MAGS, T12P_ROUNDS = "t12plus_rifles_seized", "t12plus_magazines_seized", "t12plus_rounds_seized"
T12P_TOTAL = {"scope": "running_total"}
PIRATES = {"actor": "pirates", "target": None}
SIRIUS = {"actor": "pirates", "target": None, "place": "gulf_of_aden"}

DOCS += [
    ("12_10ecb", ADEN, [
        C(0, "captured 23 Somalian", "23", ARR, T12E_ARR, ref="12_10e_23"),
        C(3, "with e75m worth", "75m", MON, "bg_sirius_star_cargo_money_eur", unit="EUR", ref="12_10e_e75m", **SIRIUS),
    ]),
    ("12_15ecb", ADEN, [
        C(0, "captured 23 pirates", "23", ARR, T12E_ARR, source="Indian Navy"),
        C(2, "including 7 AK-47", "7", SEIZ, "t12ecb_rifles_seized", unit="rifles"),
        C(2, "and 3 machine guns", "3", SEIZ, "t12ecb_machine_guns_seized", unit="machine_guns"),
        C(3, "an estimated 1,500 pirates", "1,500", OTHER, "bg_somalia_pirates_count", modality="estimated", actor=None, target=None, place="SOM"),
    ]),
    ("12_13ecb", ADEN, [
        C(0, "captured 23 pirates", "23", ARR, T12E_ARR, source="Defence Ministry", ref="12_13e_23"),
        C(1, "saying two boats", "two", OTHER, "t12ecb_attack_boats", unit="boats", source="Defence Ministry", **PIRATES),
        C(4, "seizing 12 Somali", "12", ARR, "t12ecb_pirates_arrested_somali", source="Defence Ministry", ref="12_13e_12"),
        C(4, "and 11 Yemeni", "11", ARR, "t12ecb_pirates_arrested_yemeni", source="Defence Ministry"),
        C(5, "with $100 million", "100 million", MON, "bg_sirius_star_cargo_money_usd", unit="USD", ref="12_13e_usd", **SIRIUS),
    ]),
    ("12_14ecb", ADEN, [
        C(0, "captured 23 pirates", "23", ARR, T12E_ARR),
        C(4, "with $100 million", "100 million", MON, "bg_sirius_star_cargo_money_usd", unit="USD", **SIRIUS),
        C(5, "some 420 passengers", "420", DISP, "bg_cruise_ship_evacuated", hedge="about", hedge_text="some", actor="cruise_company", target=None),
    ]),
    ("12_11ecb", ADEN, [
        C(0, "arrested 23 pirates", "23", ARR, T12E_ARR, source="Indian navy"),
        C(6, "with $100 million", "100 million", MON, "bg_sirius_star_cargo_money_usd", unit="USD", **SIRIUS),
    ]),
    ("12_10ecbplus", ADEN, [
        C(3, "on 5 Indian merchant", "5", OTHER, T12P_VESSELS, unit="vessels", actor=None, target=None),
        C(4, "intercepted 3 pirate ships", "3", SEIZ, T12P_BOATS, unit="boats", ref="12_10p_3"),
    ]),
    ("12_7ecbplus", ADEN, [
        C(3, "intercepted three boats", "three", SEIZ, T12P_BOATS, unit="boats", ref="12_7p_three"),
        C(3, "with 26 Somali", "26", ARR, T12P_ARR),
        C(4, "detected five suspicious", "five", OTHER, T12P_ATTACK, unit="boats", **PIRATES),
        C(6, "While two of them", "two", OTHER, T12P_ESC, unit="boats", source="Manohar Nambiar", **PIRATES),
        C(6, "the remaining three", "three", SEIZ, T12P_BOATS, unit="boats", source="Manohar Nambiar"),
        C(7, "confiscated 14 AK-47", "14", SEIZ, T12P_RIFLES, unit="rifles", source="Manohar Nambiar", ref="12_7p_rifles"),
        C(7, "31 magazines", "31", SEIZ, T12P_MAGS, unit="magazines", source="Manohar Nambiar", ref="12_7p_mags"),
        C(7, "923 rounds", "923", SEIZ, T12P_ROUNDS, unit="rounds", source="Manohar Nambiar", ref="12_7p_rounds"),
    ]),
    ("12_2ecbplus", ADEN, [
        C(1, "26 pirates arrested", "26", ARR, T12P_ARR),
        C(3, "captured three boats", "three", SEIZ, T12P_BOATS, unit="boats"),
        C(5, "Five pirate boats", "Five", OTHER, T12P_ATTACK, unit="boats", **PIRATES),
        C(6, "two of them managed", "two", OTHER, T12P_ESC, unit="boats", source="Defence PRO", **PIRATES),
        C(6, "but three boats", "three", SEIZ, T12P_BOATS, unit="boats", source="Defence PRO"),
        C(7, "The three boats", "three", SEIZ, T12P_BOATS, unit="boats"),
        C(7, "a total of 26", "26", ARR, T12P_ARR),
        C(8, "six AK-47 rifles", "six", SEIZ, T12P_RIFLES, unit="rifles", ref="12_2p_rifles"),
        C(8, "12 magazines", "12", SEIZ, T12P_MAGS, unit="magazines", ref="12_2p_mags"),
        C(8, "about 300 rounds", "300", SEIZ, T12P_ROUNDS, unit="rounds", hedge="about", hedge_text="about", ref="12_2p_rounds"),
        C(9, "over a hundred billion", "a hundred billion", MON, "bg_india_trade_money_usd", unit="USD", value=1e11, hedge="more_than", hedge_text="over", actor=None, target=None, place="IND", ref="12_2p_trade"),
    ]),
    ("12_11ecbplus", ADEN, [
        C(4, "of five merchant vessels", "five", OTHER, T12P_VESSELS, unit="vessels", actor=None, target=None),
        C(7, "when five boats", "five", OTHER, T12P_ATTACK, unit="boats", source="defence spokesperson", **PIRATES),
        C(9, "While two of them", "two", OTHER, T12P_ESC, unit="boats", source="defence spokesperson", **PIRATES),
        C(9, "the other three", "three", SEIZ, T12P_BOATS, unit="boats", source="defence spokesperson"),
        C(10, "Six AK 47", "Six", SEIZ, T12P_RIFLES, unit="rifles"),
        C(10, "12 magazines", "12", SEIZ, T12P_MAGS, unit="magazines"),
        C(10, "300 rounds", "300", SEIZ, T12P_ROUNDS, unit="rounds", ref="12_11p_rounds"),
        C(11, "had 26 crewmen", "26", ARR, T12P_ARR),
    ]),
    ("12_4ecbplus", ADEN, [
        C(1, "captures 26 Somali", "26", ARR, T12P_ARR),
        C(3, "a five-boat pirate attack", "five", OTHER, T12P_ATTACK, unit="boats", **PIRATES),
        C(3, "capturing 26 Somani", "26", ARR, T12P_ARR),
        C(3, "on three of the skiffs", "three", SEIZ, T12P_BOATS, unit="boats"),
        C(4, "the five merchant vessels", "five", OTHER, T12P_VESSELS, unit="vessels", actor=None, target=None),
        C(4, "the five-boat pirate formation", "five", OTHER, T12P_ATTACK, unit="boats", **PIRATES),
        C(6, "While two of the skiffs", "two", OTHER, T12P_ESC, unit="boats", source="the officer", **PIRATES),
        C(6, "the remaining three skiffs", "three", SEIZ, T12P_BOATS, unit="boats", source="the officer"),
        C(7, "The three boats", "three", SEIZ, T12P_BOATS, unit="boats", source="the officer"),
        C(7, "a total of 26", "26", ARR, T12P_ARR, source="the officer"),
        C(8, "six AK-47 rifles", "six", SEIZ, T12P_RIFLES, unit="rifles", source="the officer", ref="12_4p_rifles"),
        C(8, "12 magazines", "12", SEIZ, T12P_MAGS, unit="magazines", source="the officer"),
        C(8, "about 300 rounds", "300", SEIZ, T12P_ROUNDS, unit="rounds", hedge="about", hedge_text="about", source="the officer"),
        C(11, "a total of 14 AK-47", "14", SEIZ, "t12plus_sukanya_rifles_total", unit="rifles", source="the officer", ref="12_4p_rifles_total", **T12P_TOTAL),
        C(11, "31 magazines", "31", SEIZ, "t12plus_sukanya_magazines_total", unit="magazines", source="the officer", **T12P_TOTAL),
        C(11, "923 rounds", "923", SEIZ, "t12plus_sukanya_rounds_total", unit="rounds", source="the officer", **T12P_TOTAL),
        C(11, "during the five operations", "five", OTHER, "t12plus_sukanya_operations", unit="operations", source="the officer", target=None, **T12P_TOTAL),
    ]),
    ("12_1ecbplus", ADEN, [
        C(3, "apprehending 26 Somali", "26", ARR, T12P_ARR),
        C(4, "of five suspicious boats", "five", OTHER, T12P_ATTACK, unit="boats", **PIRATES),
        C(7, "While two of them", "two", OTHER, T12P_ESC, unit="boats", **PIRATES),
        C(7, "the remaining three boats", "three", SEIZ, T12P_BOATS, unit="boats"),
        C(7, "nabbed 26 Somali", "26", ARR, T12P_ARR),
        C(7, "six AK 47", "six", SEIZ, T12P_RIFLES, unit="rifles"),
        C(7, "12 magazines", "12", SEIZ, T12P_MAGS, unit="magazines"),
        C(7, "about 300 rounds", "300", SEIZ, T12P_ROUNDS, unit="rounds", hedge="about", hedge_text="about"),
        C(9, "of five merchant vessels", "five", OTHER, T12P_VESSELS, unit="vessels", actor=None, target=None),
        C(10, "nearly $100 billion", "100 billion", MON, "bg_india_trade_money_usd", unit="USD", hedge="nearly", hedge_text="nearly", actor=None, target=None, place="IND", source="Manohar Nambiar", ref="12_1p_trade"),
        C(11, "their five operations", "five", OTHER, "t12plus_sukanya_operations", unit="operations", source="Manohar Nambiar", target=None, **T12P_TOTAL),
        C(11, "confiscated 14 AK-47", "14", SEIZ, "t12plus_sukanya_rifles_total", unit="rifles", source="Manohar Nambiar", ref="12_1p_rifles_total", **T12P_TOTAL),
        C(11, "31 magazines", "31", SEIZ, "t12plus_sukanya_magazines_total", unit="magazines", source="Manohar Nambiar", **T12P_TOTAL),
        C(11, "923 rounds", "923", SEIZ, "t12plus_sukanya_rounds_total", unit="rounds", source="Manohar Nambiar", **T12P_TOTAL),
    ]),
]

CONFLICTS += [
    ("12_7p_rifles", "12_2p_rifles", "contradiction", "14 rifles 'from the boat' vs six in this operation; 12_4/12_1 show 14 is the five-operation total misreported as this haul"),
    ("12_7p_mags", "12_2p_mags", "contradiction", "31 vs 12 magazines: the five-operation total reported as this operation's haul"),
    ("12_7p_rounds", "12_2p_rounds", "contradiction", "923 vs about 300 rounds: the five-operation total reported as this operation's haul"),
    ("12_4p_rifles_total", "12_4p_rifles", "none", "a running total over five operations includes this operation's six: different events"),
    ("12_1p_rifles_total", "12_2p_rifles", "none", "a running total vs one operation's haul: different events"),
    ("12_2p_rounds", "12_11p_rounds", "none", "about 300 and 300 overlap"),
    ("12_13e_23", "12_13e_12", "none", "12 Somali are part of the 23 pirates"),
    ("12_10e_e75m", "12_13e_usd", "none", "the same cargo in euros and dollars (a conversion)"),
    ("12_2p_trade", "12_1p_trade", "none", "over 100 billion and nearly 100 billion meet at 100 billion"),
    ("12_10p_3", "12_7p_three", "none", "the same three boats, in digits and in words"),
]
EVENT_KINDS.update({
    T12P_RIFLES: "contradiction",  # 12_7ecbplus reports the five-operation totals as this operation's haul
    T12P_MAGS: "contradiction",
    T12P_ROUNDS: "contradiction",
})

# ----------------------------------------------------------------------------------------------------------
# Topic 24. ecb: four armed robbers, two dressed as women, empty the Harry Winston store on Avenue Montaigne,
# Paris (4 December 2008); estimates of the haul vary by source and currency. ecbplus: four men ram a 4x4
# into the Casty jewellery store near Place Vendome and take about two million euros (9 September 2013).
# The ecbplus articles recall the Harry Winston heist (labelled with its ecb event) and other heists (bg_).
PARIS = {"place": "FRA", "actor": "robbers", "target": "harry_winston"}
CASTY = {"place": "FRA", "actor": "robbers", "target": "casty"}
T24E_EUR, T24E_USD, T24E_GBP = "t24ecb_heist_money_eur", "t24ecb_heist_money_usd", "t24ecb_heist_money_gbp"
T24E_ROBBERS, T24E_DRAG = "t24ecb_robbers", "t24ecb_robbers_disguised"
T24P_EUR, T24P_USD, T24P_GBP, T24P_ROBBERS = (
    "t24plus_heist_money_eur", "t24plus_heist_money_usd", "t24plus_heist_money_gbp", "t24plus_robbers",
)
ROB = {"unit": "people", "target": None}
RECOVERED = {"unit": "percent", "actor": "police", "target": "robbers", "source": "police"}
ELSEWHERE = {"target": None}

DOCS += [
    ("24_10ecb", PARIS, [C(0, "steal e80 million", "80 million", MON, T24E_EUR, unit="EUR", ref="24_10e_80m")]),
    ("24_14ecb", PARIS, []),
    ("24_1ecb", PARIS, [
        C(0, "Four armed robbers", "Four", OTHER, T24E_ROBBERS, ref="24_1e_four", **ROB),
        C(0, "-- two dressed", "two", OTHER, T24E_DRAG, **ROB),
        C(0, "with $137-million", "137-million", MON, T24E_USD, unit="USD"),
    ]),
    ("24_12ecb", PARIS, [C(0, "as many as four robbers", "four", OTHER, T24E_ROBBERS, hedge="up_to", hedge_text="as many as", **ROB)]),
    ("24_8ecb", PARIS, [C(0, "more than $160 million", "160 million", MON, T24E_USD, unit="USD", hedge="more_than", hedge_text="more than")]),
    ("24_3ecb", PARIS, [
        C(0, "valued at 85 million euros", "85 million", MON, T24E_EUR, unit="EUR", source="Paris prosecutors' office", ref="24_3e_85m"),
        C(0, "($108 million)", "108 million", MON, T24E_USD, unit="USD", source="Paris prosecutors' office", ref="24_3e_108m"),
    ]),
    ("24_5ecb", PARIS, [C(0, "an estimated $102 million", "102 million", MON, T24E_USD, unit="USD", modality="estimated", ref="24_5e_102m")]),
    ("24_2ecb", PARIS, [C(0, "snatching p74million", "74million", MON, T24E_GBP, unit="GBP")]),
    ("24_4ecb", PARIS, [C(0, "snatched $108 million", "108 million", MON, T24E_USD, unit="USD", source="officials", ref="24_4e_108m")]),
    ("24_6ecb", PARIS, [C(0, "more than e85 million", "85 million", MON, T24E_EUR, unit="EUR", hedge="more_than", hedge_text="more than")]),
    ("24_7ecb", PARIS, [
        C(0, "gang of four thieves", "four", OTHER, T24E_ROBBERS, **ROB),
        C(0, "-- two of them", "two", OTHER, T24E_DRAG, **ROB),
    ]),
    ("24_9ecb", PARIS, [C(1, "four armed robbers", "four", OTHER, T24E_ROBBERS, **ROB)]),
    ("24_11ecb", PARIS, [
        C(0, "The four robbers", "four", OTHER, T24E_ROBBERS, **ROB),
        C(0, "two of whom", "two", OTHER, T24E_DRAG, **ROB),
    ]),
    ("24_13ecb", PARIS, [
        C(0, "worth 85 million euros", "85 million", MON, T24E_EUR, unit="EUR", source="French media"),
        C(0, "(74 million pounds)", "74 million", MON, T24E_GBP, unit="GBP", source="French media"),
    ]),
    ("24_15ecb", PARIS, [C(0, "Three or four robbers", "Three or four", OTHER, T24E_ROBBERS, hedge="range", low=3, high=4, **ROB)]),
    ("24_8ecbplus", CASTY, [
        C(1, "by $2.6 Million", "2.6 Million", MON, T24P_USD, unit="USD"),
        C(3, "Four men rammed", "Four", OTHER, T24P_ROBBERS, **ROB),
        C(3, "stealing $2.6 million", "2.6 million", MON, T24P_USD, unit="USD", source="AFP"),
        C(3, "(two million Euros)", "two million", MON, T24P_EUR, unit="EUR", source="AFP"),
    ]),
    ("24_10ecbplus", CASTY, [
        C(1, "nab $2.5 million", "2.5 million", MON, T24P_USD, unit="USD", ref="24_10p_2.5m"),
        C(3, "Four men rammed", "Four", OTHER, T24P_ROBBERS, **ROB),
        C(3, "a two-million-euro", "two-million", MON, T24P_EUR, unit="EUR", source="police source", ref="24_10p_two_million"),
        C(3, "($2.6-million)", "2.6-million", MON, T24P_USD, unit="USD", source="police source", ref="24_10p_2.6m"),
        C(5, "an estimated two million euros", "two million", MON, T24P_EUR, unit="EUR", modality="estimated", source="police source"),
        C(8, "worth 103 million euros", "103 million", MON, "bg_cannes_carlton_heist_money_eur", unit="EUR", actor="robber", target="carlton_hotel"),
        C(10, "three men emptied", "three", OTHER, T24E_ROBBERS, ref="24_10p_three_men", **ROB),
        C(11, "recovered 80 percent", "80", SEIZ, "t24ecb_haul_recovered_percent", **RECOVERED),
    ]),
    ("24_5ecbplus", CASTY, [
        C(1, "for €2m", "2m", MON, T24P_EUR, unit="EUR"),
        C(4, "with €2 million worth", "2 million", MON, T24P_EUR, unit="EUR"),
        C(5, "Four men rammed", "Four", OTHER, T24P_ROBBERS, **ROB),
        C(5, "a €2 million", "2 million", MON, T24P_EUR, unit="EUR", source="police source", ref="24_5p_2m"),
        C(5, "($2.6-million)", "2.6-million", MON, T24P_USD, unit="USD", source="police source", ref="24_5p_2.6m"),
        C(7, "an estimated €2 million", "2 million", MON, T24P_EUR, unit="EUR", modality="estimated", source="police source"),
        C(11, "around €60,000", "60,000", MON, "bg_sncf_robbery_money_eur", unit="EUR", hedge="about", hedge_text="around", target="sncf", source="reports"),
        C(12, "worth €103 million", "103 million", MON, "bg_cannes_carlton_heist_money_eur", unit="EUR", actor="robber", target="carlton_hotel"),
        C(14, "three men emptied", "three", OTHER, T24E_ROBBERS, **ROB),
        C(15, "recovered 80 percent", "80", SEIZ, "t24ecb_haul_recovered_percent", **RECOVERED),
    ]),
    ("24_9ecbplus", CASTY, [
        C(1, "at $2.6 million", "2.6 million", MON, T24P_USD, unit="USD", ref="24_9p_title"),
        C(2, "saw four robbers", "four", OTHER, T24P_ROBBERS, **ROB),
        C(2, "over $2.6 million", "2.6 million", MON, T24P_USD, unit="USD", hedge="more_than", hedge_text="over", ref="24_9p_over"),
        C(4, "worth 2 million euros", "2 million", MON, T24P_EUR, unit="EUR", modality="estimated", source="Le Monde", ref="24_9p_eur"),
        C(4, "($2.6 million)", "2.6 million", MON, T24P_USD, unit="USD", modality="estimated", source="Le Monde", ref="24_9p_usd"),
        C(5, "an $136M worth", "136M", MON, "bg_cannes_carlton_heist_money_usd", unit="USD", actor="robber", target="carlton_hotel"),
        C(8, "almost $2 million", "2 million", MON, "bg_cannes_chopard_theft_money_usd", unit="USD", hedge="nearly", hedge_text="almost", actor="thieves", target="chopard"),
        C(9, "a $2.5 million necklace", "2.5 million", MON, "bg_cannes_necklace_theft_money_usd", unit="USD", actor="thief", **ELSEWHERE),
    ]),
    ("24_6ecbplus", CASTY, [
        C(3, "Four men smash", "Four", OTHER, T24P_ROBBERS, **ROB),
        C(4, "worth £1.7m", "1.7m", MON, T24P_GBP, unit="GBP"),
        C(5, "Four men drove", "Four", OTHER, T24P_ROBBERS, **ROB),
        C(9, "worth £88m", "88m", MON, "bg_cannes_carlton_heist_money_gbp", unit="GBP", actor="robber", target="carlton_hotel"),
        C(10, "with £35,000", "35,000", MON, "bg_cap_ferrat_theft_money_gbp", unit="GBP", actor="thieves", target="grand_hotel_du_cap"),
        C(10, "cracking two safes", "two", AFF, "bg_cap_ferrat_theft_safes", unit="safes", actor="thieves", target="grand_hotel_du_cap"),
        C(11, "stole £910,000", "910,000", MON, "bg_cannes_chopard_theft_money_gbp", unit="GBP", actor="thieves", target="chopard"),
        C(11, "worth £1.2m", "1.2m", MON, "bg_cannes_necklace_theft_money_gbp", unit="GBP", actor="thieves", **ELSEWHERE),
        C(13, "three men emptied", "three", OTHER, T24E_ROBBERS, **ROB),
        C(14, "recovered 80%", "80", SEIZ, "t24ecb_haul_recovered_percent", **RECOVERED),
    ]),
]

CONFLICTS += [
    ("24_10p_two_million", "24_10p_2.6m", "none", "two million euros = $2.6 million: a currency conversion (README: t24_two_million)"),
    ("24_5p_2m", "24_5p_2.6m", "none", "the same haul in euros and dollars"),
    ("24_9p_eur", "24_9p_usd", "none", "the same haul in euros and dollars"),
    ("24_9p_title", "24_9p_over", "none", "$2.6 million and over $2.6 million overlap"),
    ("24_3e_85m", "24_3e_108m", "none", "the prosecutors' figure in euros and its dollar conversion"),
    ("24_3e_108m", "24_4e_108m", "none", "the same $108 million"),
    ("24_1e_four", "24_10p_three_men", "contradiction", "four robbers in 2008 reports, three men in the 2013 recaps, no reason given"),
]
EVENT_KINDS.update({
    T24E_EUR: "contradiction",  # 80 million vs more than 85 million euros, no source on either side
    T24E_USD: "contradiction",  # $102m estimated, $108m, $137m, more than $160m: unexplained
    T24E_ROBBERS: "contradiction",
    T24P_USD: "contradiction",  # $2.5 million (headline) vs $2.6 million
})

# ----------------------------------------------------------------------------------------------------------
# Topic 37. ecb: a magnitude-6.1 quake off West Papua (7 January 2009), three days after two strong quakes
# (7.6 and 7.4-7.5, 4 January) that killed and injured people around Manokwari (labelled t37ecb_jan4_*).
# ecbplus: a magnitude-6.1 quake in Aceh's Bener Meriah district (2 July 2013); its toll rose from at
# least one dead to 24 over two days. Both subtopics recall the 2004 tsunami and other quakes (bg_).
PAPUA = {"place": "IDN-PB", "unit": "people"}
ACEH = {"place": "IDN-AC", "unit": "people"}
MAG = {"unit": "magnitude"}
KM, MI = {"unit": "km"}, {"unit": "mi"}  # the engine's unit code (reconcile.core.units)
USGS = {"source": "USGS"}
NUGROHO = {"source": "Sutopo Purwo Nugroho"}
T37E_MAG, T37E_KILLED, T37E_INJ, T37E_DISP = "t37ecb_quake61_magnitude", "t37ecb_jan4_killed", "t37ecb_jan4_injured", "t37ecb_jan4_displaced"
T37E_Q1, T37E_Q2 = "t37ecb_jan4_first_quake_magnitude", "t37ecb_jan4_second_quake_magnitude"
T37P_MAG, T37P_KILLED, T37P_INJ = "t37plus_quake_magnitude", "t37plus_quake_killed", "t37plus_quake_injured"
T37P_DEPTH_KM, T37P_DEPTH_MI = "t37plus_quake_depth_km", "t37plus_quake_depth_miles"
T37P_BIREUN_KM, T37P_BIREUN_MI, T37P_REULEUET = "t37plus_epicentre_bireun_km", "t37plus_epicentre_bireun_miles", "t37plus_epicentre_reuleuet_km"
TSUNAMI, TSUNAMI_ACEH, TSUNAMI_ELSEWHERE, TSUNAMI_COUNTRIES = (
    "bg_2004_tsunami_killed", "bg_2004_tsunami_killed_aceh", "bg_2004_tsunami_killed_elsewhere", "bg_2004_tsunami_countries",
)
WORLD = {"place": None}

DOCS += [
    ("37_7ecb", PAPUA, [
        C(0, "injured dozens Sunday", "dozens", INJ, T37E_INJ, hedge="vague", ref="37_7e_dozens"),
        C(1, "a 7.3-magnitude tremor", "7.3", PHYS, T37E_Q2, **MAG),
        C(2, "first 7.6-magnitude quake", "7.6", PHYS, T37E_Q1, **MAG),
        C(3, "about 85 miles", "85", PHYS, "t37ecb_jan4_first_quake_distance_miles", hedge="about", hedge_text="about", **MI, **USGS),
        C(3, "a depth of 22 miles", "22", PHYS, "t37ecb_jan4_first_quake_depth_miles", **MI, **USGS),
        C(4, "by dozens of aftershocks", "dozens", OTHER, "t37ecb_jan4_aftershocks", hedge="vague", unit="quakes"),
    ]),
    ("37_2ecb", PAPUA, [
        C(0, "killed one person", "one", K, T37E_KILLED, ref="37_2e_one", **USGS),
        C(1, "The 6.1-magnitude quake", "6.1", PHYS, T37E_MAG, **MAG),
        C(1, "series of dozens", "dozens", OTHER, "t37ecb_jan4_aftershocks", hedge="vague", unit="quakes"),
        C(1, "since 7.6 and", "7.6", PHYS, T37E_Q1, **MAG),
        C(1, "and 7.5 magnitude", "7.5", PHYS, T37E_Q2, ref="37_2e_75", **MAG),
        C(2, "some 75 kilometres", "75", PHYS, "t37ecb_quake61_distance_km", hedge="about", hedge_text="some", **KM),
        C(2, "(50 miles)", "50", PHYS, "t37ecb_quake61_distance_miles", **MI),
        C(3, "where thousands of people", "thousands", DISP, T37E_DISP, hedge="vague", source="Rahimin Kacong", ref="37_2e_thousands"),
        C(4, "magnitude over 5.0", "5.0", PHYS, "bg_kupang_ternate_quakes_magnitude", hedge="more_than", hedge_text="over", place="IDN", source="Indonesia's seismological agency", **MAG),
        C(5, "Around 14,000 people", "14,000", DISP, T37E_DISP, hedge="about", hedge_text="Around", ref="37_2e_14000"),
        C(8, "Hundreds of government", "Hundreds", AFF, "t37ecb_jan4_buildings_damaged", hedge="vague", unit="buildings"),
        C(8, "seven bridges", "seven", AFF, "t37ecb_jan4_bridges_damaged", unit="bridges", ref="37_2e_bridges"),
        C(8, "two of which", "two", AFF, "t37ecb_jan4_bridges_collapsed", unit="bridges", ref="37_2e_collapsed"),
        C(9, "killed 168,000 people", "168,000", K, TSUNAMI_ACEH, place="IDN-AC"),
    ]),
    ("37_1ecb", PAPUA, [
        C(0, "magnitude 6.1 earthquake", "6.1", PHYS, T37E_MAG, **MAG),
        C(0, "five people were killed", "five", K, T37E_KILLED, ref="37_1e_five"),
        C(0, "hundreds injured", "hundreds", INJ, T37E_INJ, hedge="vague"),
        C(1, "75 kilometers", "75", PHYS, "t37ecb_quake61_distance_km", **KM, **USGS),
        C(1, "(50 miles)", "50", PHYS, "t37ecb_quake61_distance_miles", **MI, **USGS),
        C(3, "after two quakes", "two", OTHER, "t37ecb_jan4_quakes", unit="quakes"),
        C(3, "measuring 7.6 and", "7.6", PHYS, T37E_Q1, **MAG),
        C(3, "and 7.4, struck", "7.4", PHYS, T37E_Q2, ref="37_1e_74", **MAG),
        C(4, "At least five people", "five", K, T37E_KILLED, hedge="at_least", hedge_text="At least", source="UN"),
        C(4, "250 others injured", "250", INJ, T37E_INJ, source="UN"),
        C(4, "more than 800 homes", "800", AFF, "t37ecb_jan4_homes_destroyed", hedge="more_than", hedge_text="more than", unit="homes", source="UN"),
        C(5, "About 14,000 people", "14,000", DISP, T37E_DISP, hedge="about", hedge_text="About", source="UN"),
        C(7, "Two three-story hotels", "Two", AFF, "t37ecb_jan4_hotels_collapsed", unit="hotels", source="World Health Organization"),
        C(10, "hundreds of earthquakes", "hundreds", OTHER, "bg_indonesia_quakes_since_2004", hedge="vague", unit="quakes", place="IDN"),
        C(10, "a 9.1 temblor", "9.1", PHYS, "bg_2004_quake_magnitude", place="IDN-AC", **MAG),
        C(10, "more than 220,000 people", "220,000", K, TSUNAMI, hedge="more_than", hedge_text="more than", **WORLD),
    ]),
    ("37_9ecbplus", ACEH, [
        C(1, "Dozens injured", "Dozens", INJ, T37P_INJ, hedge="vague"),
        C(1, "as 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "A 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "at least one person", "one", K, T37P_KILLED, hedge="at_least", hedge_text="at least"),
        C(3, "injured dozens", "dozens", INJ, T37P_INJ, hedge="vague"),
        C(4, "depth of just 10km", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(4, "55km south", "55", PHYS, T37P_BIREUN_KM, **KM, **USGS),
        C(4, "72 km southeast", "72", PHYS, T37P_REULEUET, **KM, **USGS),
    ]),
    ("37_11ecbplus", ACEH, [
        C(1, "6.1-magnitude quake strikes", "6.1", PHYS, T37P_MAG, **MAG, **USGS),
        C(2, "powerful 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(4, "strong 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG, **USGS),
        C(5, "just 10 kilometres", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(5, "(6.2 miles)", "6.2", PHYS, T37P_DEPTH_MI, ref="37_11p_6.2mi", **MI, **USGS),
        C(5, "55 kilometres south", "55", PHYS, T37P_BIREUN_KM, **KM, **USGS),
        C(5, "72 kilometres southeast", "72", PHYS, T37P_REULEUET, **KM, **USGS),
        C(8, "killed 170,000 people", "170,000", K, TSUNAMI_ACEH),
        C(8, "tens of thousands more", "tens of thousands", K, TSUNAMI_ELSEWHERE, hedge="vague", **WORLD),
    ]),
    ("37_5ecbplus", ACEH, [
        C(1, "Dozens injured", "Dozens", INJ, T37P_INJ, hedge="vague"),
        C(1, "as 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "strong 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "at least 50 people", "50", INJ, T37P_INJ, hedge="at_least", hedge_text="at least"),
        C(4, "just 10 kilometres", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(4, "55 kilometres south", "55", PHYS, T37P_BIREUN_KM, **KM, **USGS),
        C(4, "72 kilometres southeast", "72", PHYS, T37P_REULEUET, **KM, **USGS),
        C(5, "around 50 people", "50", INJ, T37P_INJ, hedge="about", hedge_text="around", source="Ema Suryani", ref="37_5p_50"),
        C(7, "in two trucks", "two", OTHER, "t37plus_injured_transport_trucks", unit="trucks", source="Ema Suryani"),
        C(9, "killed 170,000 people", "170,000", K, TSUNAMI_ACEH),
        C(9, "tens of thousands more", "tens of thousands", K, TSUNAMI_ELSEWHERE, hedge="vague", **WORLD),
    ]),
    ("37_13ecbplus", ACEH, [
        C(4, "at least five people", "five", INJ, T37P_INJ, hedge="at_least", hedge_text="at least"),
        C(5, "magnitude 6.1 quake", "6.1", PHYS, T37P_MAG, **MAG, **USGS),
        C(5, "10 kilometers", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(5, "(6 miles)", "6", PHYS, T37P_DEPTH_MI, ref="37_13p_6mi", **MI, **USGS),
        C(5, "55 kilometers", "55", PHYS, T37P_BIREUN_KM, **KM, **USGS),
        C(5, "(34 miles)", "34", PHYS, T37P_BIREUN_MI, **MI, **USGS),
        C(6, "At least five people", "five", INJ, T37P_INJ, hedge="at_least", hedge_text="At least", **NUGROHO),
        C(6, "and 10 houses", "10", AFF, "t37plus_houses_damaged_takengon", unit="houses", **NUGROHO),
        C(10, "At least two houses", "two", AFF, "t37plus_houses_flattened_bukit_sama", hedge="at_least", hedge_text="At least", unit="houses", source="Bensu Elianita"),
        C(12, "killed 230,000 people", "230,000", K, TSUNAMI, **WORLD),
    ]),
    ("37_2ecbplus", ACEH, [
        C(1, "6.1-magnitude quake strikes", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "powerful 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "at least three people", "three", K, T37P_KILLED, hedge="at_least", hedge_text="at least"),
        C(3, "injuring dozens more", "dozens", INJ, T37P_INJ, hedge="vague"),
        C(4, "10 kilometers", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(4, "(6 miles)", "6", PHYS, T37P_DEPTH_MI, **MI, **USGS),
        C(5, "55 kilometers", "55", PHYS, T37P_BIREUN_KM, **KM),
        C(5, "(34 miles)", "34", PHYS, T37P_BIREUN_MI, **MI),
        C(8, "a 6.4-magnitude earthquake", "6.4", PHYS, "bg_2013_maluku_quake_magnitude", place="IDN-MA", **MAG),
        C(9, "measuring 7.2 on", "7.2", PHYS, "bg_2013_west_papua_quake_magnitude", place="IDN-PB", **MAG),
        C(11, "a 6.4-magnitude quake", "6.4", PHYS, "bg_2012_sumatra_quake_magnitude", place="IDN", **MAG),
        C(11, "at least one person", "one", K, "bg_2012_sumatra_quake_killed", hedge="at_least", hedge_text="at least", place="IDN"),
        C(12, "An 8.7-magnitude", "8.7", PHYS, "bg_2012_aceh_quake_magnitude", ref="37_2p_8.7", **MAG),
        C(13, "killed 230,000 people", "230,000", K, TSUNAMI, **WORLD),
        C(13, "in 13 countries", "13", OTHER, TSUNAMI_COUNTRIES, unit="countries", ref="37_2p_13", **WORLD),
    ]),
    ("37_3ecbplus", ACEH, [
        C(1, "24 dead and", "24", K, T37P_KILLED, ref="37_3p_24"),
        C(1, "over 200 injured", "200", INJ, T37P_INJ, hedge="more_than", hedge_text="over"),
        C(1, "as 6.1 magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "a 6.1 magnitude", "6.1", PHYS, T37P_MAG, **MAG),
        C(3, "leaving 24 dead", "24", K, T37P_KILLED),
        C(3, "and over 200 injured", "200", INJ, T37P_INJ, hedge="more_than", hedge_text="over"),
        C(4, "just six miles", "six", PHYS, T37P_DEPTH_MI, **MI),
        C(5, "Twelve people were killed", "Twelve", K, "t37plus_quake_killed_bener_meriah", **NUGROHO),
        C(5, "and 70 others", "70", INJ, "t37plus_quake_injured_bener_meriah", **NUGROHO),
        C(6, "10 people were killed", "10", K, "t37plus_quake_killed_central_aceh", **NUGROHO),
        C(6, "140 were injured", "140", INJ, "t37plus_quake_injured_central_aceh", **NUGROHO),
        C(6, "about 1,500 houses", "1,500", AFF, "t37plus_buildings_damaged_central_aceh", hedge="about", hedge_text="about", unit="buildings", **NUGROHO),
        C(7, "hundreds of people", "hundreds", DISP, "t37plus_quake_displaced", hedge="vague"),
        C(7, "to 10 temporary shelters", "10", OTHER, "t37plus_shelters", unit="shelters"),
        C(8, "Another two people", "two", K, "t37plus_quake_killed_unlocated", hedge="further", hedge_text="Another"),
        C(9, "recorded 24 people dead", "24", K, T37P_KILLED, **NUGROHO),
        C(9, "and 249 people", "249", INJ, T37P_INJ, ref="37_3p_249", **NUGROHO),
        C(9, "more than 300 buildings", "300", AFF, "t37plus_buildings_damaged", hedge="more_than", hedge_text="more than", unit="buildings", **NUGROHO),
        C(12, "at least 25 of", "25", INJ, "t37plus_quake_injured_intensive_care", hedge="at_least", hedge_text="at least", source="Rusli M. Saleh"),
        C(19, "a magnitude-9.1 earthquake", "9.1", PHYS, "bg_2004_quake_magnitude", **MAG),
        C(19, "killed 230,000 people", "230,000", K, TSUNAMI, **WORLD),
        C(19, "in 14 countries", "14", OTHER, TSUNAMI_COUNTRIES, unit="countries", ref="37_3p_14", **WORLD),
    ]),
    ("37_1ecbplus", ACEH, [
        C(1, "Five dead", "Five", K, T37P_KILLED, ref="37_1p_five"),
        C(1, "dozens injured", "dozens", INJ, T37P_INJ, hedge="vague", ref="37_1p_dozens"),
        C(3, "at least five people", "five", K, T37P_KILLED, hedge="at_least", hedge_text="at least"),
        C(3, "injuring dozens", "dozens", INJ, T37P_INJ, hedge="vague"),
        C(4, "The 6.1-magnitude", "6.1", PHYS, T37P_MAG, **MAG, **USGS),
        C(4, "just 10 kilometers", "10", PHYS, T37P_DEPTH_KM, **KM, **USGS),
        C(7, "Five people had so far", "Five", K, T37P_KILLED, source="Fauzi"),
        C(8, "killing one man", "one", K, "t37plus_quake_killed_landslide", source="Fauzi", ref="37_1p_one_man"),
        C(11, "Four other people", "Four", K, "t37plus_quake_killed_hospital", source="Fauzi"),
        C(13, "around 50 people", "50", INJ, T37P_INJ, hedge="about", hedge_text="around", source="Ema Suryani"),
        C(14, "around 30 people", "30", INJ, "t37plus_quake_injured_serious", hedge="about", hedge_text="around", source="Ema Suryani"),
        C(16, "in two trucks", "two", OTHER, "t37plus_injured_transport_trucks", unit="trucks", source="Ema Suryani"),
        C(17, "Around 40 houses", "40", AFF, "t37plus_houses_damaged", hedge="about", hedge_text="Around", unit="houses", source="Fauzi"),
        C(23, "killed 170,000 people", "170,000", K, TSUNAMI_ACEH),
        C(23, "tens of thousands more", "tens of thousands", K, TSUNAMI_ELSEWHERE, hedge="vague", **WORLD),
        C(24, "an 8.6-magnitude quake", "8.6", PHYS, "bg_2012_aceh_quake_magnitude", ref="37_1p_8.6", **MAG),
        C(24, "431 kilometres", "431", PHYS, "bg_2012_aceh_quake_distance_km", **KM),
        C(25, "Five people died", "Five", K, "bg_2012_aceh_quake_killed"),
        C(25, "seven were injured", "seven", INJ, "bg_2012_aceh_quake_injured"),
        C(26, "more than 1,000 people", "1,000", K, "bg_2009_padang_quake_killed", hedge="more_than", hedge_text="more than", place="IDN-SB"),
    ]),
]

CONFLICTS += [
    ("37_2e_one", "37_1e_five", "revision", "the Papua toll rose from one to five dead over the following days"),
    ("37_2e_thousands", "37_2e_14000", "revision", "about 14,000 fled; thousands still in tents days later, after many returned"),
    ("37_2e_75", "37_1e_74", "contradiction", "the second 4 January quake: 7.5 vs 7.4, no source for either"),
    ("37_2e_bridges", "37_2e_collapsed", "none", "two collapsed bridges are part of the seven damaged"),
    ("37_1p_five", "37_3p_24", "revision", "Aceh toll: five dead on 2 July, 24 the next day (README: t37_victims_of_quake)"),
    ("37_1p_dozens", "37_3p_249", "revision", "injured: dozens on the first day, 249 the next (README: t37_50_people_injured)"),
    ("37_5p_50", "37_3p_249", "revision", "around 50 at one clinic on day one vs 249 recorded the next day"),
    ("37_1p_five", "37_1p_one_man", "none", "the man killed by a landslide is one of the five"),
    ("37_11p_6.2mi", "37_13p_6mi", "none", "10 km converted and rounded two ways: 6.2 and 6 miles"),
    ("37_2p_13", "37_3p_14", "contradiction", "the 2004 tsunami: 13 vs 14 countries"),
    ("37_2p_8.7", "37_1p_8.6", "contradiction", "the April 2012 Aceh quake: 8.7 vs 8.6"),
]
EVENT_KINDS.update({
    T37E_KILLED: "revision",
    T37E_INJ: "revision",  # dozens on Sunday, then 250 / hundreds
    T37E_DISP: "revision",
    T37E_Q2: "contradiction",  # 7.3 / 7.4 / 7.5 for the second 4 January quake
    T37P_KILLED: "revision",  # at least one -> at least three -> five -> 24
    T37P_INJ: "revision",  # dozens / around 50 -> over 200 / 249
    T37P_DEPTH_MI: "none",  # 6 and 6.2 miles: rounding of the same 10 km
    TSUNAMI_ACEH: "revision",  # 168,000 (2009 article) vs 170,000 (2013 articles)
    TSUNAMI_COUNTRIES: "contradiction",
    "bg_2012_aceh_quake_magnitude": "contradiction",
})

# ----------------------------------------------------------------------------------------------------------
# Topic 41. ecb: Israeli shells hit the UN-run al-Fakhora school in Jabaliya, Gaza, where hundreds had taken
# shelter, killing about 40 (6 January 2009), the same day as other strikes on schools and homes.
# ecbplus: Sudanese aircraft bomb the Yida refugee camp in South Sudan's Unity state (10 November 2011);
# no casualties confirmed. Numbers of the wider Gaza war and of Sudan's conflicts are bg_ unless the article
# presents them as part of the same day's story.
GAZA = {"place": "PSE", "actor": "ISR", "target": "PSE"}
YIDA = {"place": "SSD-UY", "actor": "SDN", "target": "refugees"}
T41E_KILLED, T41E_SHELTER = "t41ecb_school_killed", "t41ecb_school_sheltering"
T41P_REFUGEES, T41P_BOMBS = "t41plus_yida_refugees", "t41plus_bombs_dropped"
T41P_IN_CAMP, T41P_AIRSTRIP, T41P_OUTSIDE = "t41plus_bombs_in_camp", "t41plus_bombs_near_airstrip", "t41plus_bombs_outside_camp"
BOMBS = {"unit": "bombs"}
DISPLACED = {"actor": None, "target": None}

DOCS += [
    ("41_2ecb", GAZA, [
        C(0, "leaving 40 people dead", "40", K, T41E_KILLED, source="UN", ref="41_2e_40"),
        C(2, "About 1000 people", "1000", DISP, T41E_SHELTER, hedge="about", hedge_text="About", source="Christopher Gunness", **DISPLACED),
    ]),
    ("41_3ecb", GAZA, [
        C(3, "at 40, and", "40", K, T41E_KILLED, source="Christopher Gunness"),
    ]),
    ("41_1ecb", GAZA, [
        C(0, "killed more than 50 people", "50", K, "t41ecb_schools_and_housing_killed", hedge="more_than", hedge_text="more than", scope="aggregate", ref="41_1e_50"),
        C(0, "family of seven young", "seven", K, "t41ecb_family_killed_children"),
        C(2, "more than 40 people died", "40", K, T41E_KILLED, hedge="more_than", hedge_text="more than", source="doctors in Gaza", ref="41_1e_40"),
        C(2, "with hundreds of people", "hundreds", DISP, T41E_SHELTER, hedge="vague", **DISPLACED),
        C(6, "three young men", "three", K, "t41ecb_asma_school_killed"),
        C(7, "among 400 people", "400", DISP, "t41ecb_asma_school_sheltering", **DISPLACED),
        C(12, "We were 20 in", "20", OTHER, "t41ecb_asma_school_room_occupants", source="Samir Sultan", **DISPLACED),
        C(18, "his two cousins", "two", K, "t41ecb_asma_school_killed_cousins", source="Samir Sultan"),
        C(25, "more than 640 Palestinians", "640", K, "t41ecb_gaza_war_killed", hedge="more_than", hedge_text="more than", scope="running_total"),
        C(31, "Two Hamas militants", "Two", K, "t41ecb_school_killed_militants", target="hamas", source="Israeli military"),
        C(32, "said three shells", "three", OTHER, "t41ecb_school_shells", unit="shells", source="John Ging"),
        C(39, "At least 12 of", "12", K, "t41ecb_family_killed", hedge="at_least", hedge_text="At least"),
        C(39, "family, seven children", "seven", K, "t41ecb_family_killed_children"),
        C(39, "three women and", "three", K, "t41ecb_family_killed_women"),
        C(39, "and two men", "two", K, "t41ecb_family_killed_men"),
        C(40, "Nine others", "Nine", "missing", "t41ecb_family_trapped", modality="estimated"),
        C(41, "killing four of them", "four", K, "bg_idf_tank_fire_killed", target="ISR"),
        C(45, "more than 30 into", "30", OTHER, "t41ecb_hamas_rockets", hedge="more_than", hedge_text="more than", unit="rockets", actor="hamas", target="ISR", place="ISR"),
    ]),
    ("41_11ecbplus", YIDA, [
        C(6, "three other explosions", "three", OTHER, "t41plus_explosions", unit="explosions", source="witnesses"),
    ]),
    ("41_2ecbplus", YIDA, [
        C(3, "more than 20,000 civilians", "20,000", DISP, T41P_REFUGEES, hedge="more_than", hedge_text="more than", source="UNHCR", ref="41_2p_20000", **DISPLACED),
        C(4, "Two of the bombs", "Two", OTHER, T41P_IN_CAMP, source="Adrian Edwards", ref="41_2p_two_in_camp", **BOMBS),
        C(8, "hundreds of thousands of civilians", "hundreds of thousands", DISP, "bg_sudan_border_displaced", hedge="vague", scope="running_total", place=None, source="UNHCR", **DISPLACED),
        C(10, "As many as 55,000", "55,000", DISP, "bg_blue_nile_displaced", hedge="up_to", hedge_text="As many as", place="SDN", **DISPLACED),
        C(13, "more than 30,000 Sudanese", "30,000", DISP, "bg_ethiopia_sudanese_refugees", hedge="more_than", hedge_text="more than", place="ETH", **DISPLACED),
    ]),
    ("41_4ecbplus", YIDA, [
        C(3, "nearly 23,000 Nuban", "23,000", DISP, T41P_REFUGEES, hedge="nearly", hedge_text="nearly", source="Nonviolent Peaceforce", **DISPLACED),
        C(4, "Four bombs were dropped", "Four", OTHER, T41P_BOMBS, **BOMBS),
        C(4, "moments-two landed", "two", OTHER, T41P_IN_CAMP, source="Nonviolent Peaceforce", **BOMBS),
        C(4, "the other two bombs", "two", OTHER, T41P_AIRSTRIP, **BOMBS),
        C(6, "where 300 students", "300", OTHER, "t41plus_school_students", **DISPLACED),
        C(11, "more than 1200 unaccompanied", "1200", DISP, "t41plus_yida_unaccompanied_children", hedge="more_than", hedge_text="more than", source="Nonviolent Peaceforce", **DISPLACED),
    ]),
    ("41_10ecbplus", YIDA, [
        C(9, "battled two civil wars", "two", OTHER, "bg_sudan_civil_wars", unit="wars", place="SDN", actor=None, target=None),
        C(9, "some 2 million died", "2 million", K, "bg_sudan_civil_war_killed", hedge="about", hedge_text="some", place="SDN", actor=None, target=None),
        C(12, "that four bombs", "four", OTHER, T41P_BOMBS, source="aid workers", **BOMBS),
    ]),
    ("41_1ecbplus", YIDA, [
        C(7, "At least four bombs", "four", OTHER, T41P_BOMBS, hedge="at_least", hedge_text="At least", source="reports", **BOMBS),
        C(8, "that one bomb", "one", OTHER, T41P_IN_CAMP, source="Enough Project sources", ref="41_1p_one_in_camp", **BOMBS),
        C(8, "with several more", "several", OTHER, T41P_OUTSIDE, hedge="vague", source="Enough Project sources", **BOMBS),
        C(13, "Three other bombs", "Three", OTHER, T41P_OUTSIDE, **BOMBS),
        C(13, "camp: two landed", "two", OTHER, T41P_AIRSTRIP, **BOMBS),
        C(13, "where two U.N. aircraft", "two", OTHER, "t41plus_un_aircraft", unit="aircraft", actor="UNO", target=None),
        C(16, "more than 22,000 refugees", "22,000", DISP, T41P_REFUGEES, hedge="more_than", hedge_text="more than", **DISPLACED),
        C(17, "hundreds of thousands of civilians", "hundreds of thousands", DISP, "bg_south_kordofan_displaced", hedge="vague", scope="running_total", place="SDN", **DISPLACED),
        C(19, "killed seven", "seven", K, "bg_guffa_bombing_killed", source="Salva Kiir", place="SSD", target=None),
    ]),
    ("41_6ecbplus", YIDA, [
        C(6, "at least seven people", "seven", K, "bg_guffa_bombing_killed", hedge="at_least", hedge_text="at least", source="Salva Kiir", place="SSD", target=None),
        C(10, "dropped four bombs", "four", OTHER, T41P_BOMBS, **BOMBS),
        C(10, "roughly 21,000 people", "21,000", DISP, T41P_REFUGEES, hedge="about", hedge_text="roughly", ref="41_6p_21000", **DISPLACED),
        C(11, "two bombs fell", "two", OTHER, T41P_AIRSTRIP, source="aid worker", **BOMBS),
    ]),
]

CONFLICTS += [
    ("41_1e_50", "41_2e_40", "none", "more than 50 killed in the schools and housing together vs 40 at one school (README: t41b_40_victims)"),
    ("41_1e_50", "41_1e_40", "none", "an aggregate over schools and housing vs the one school; the intervals overlap anyway"),
    ("41_2p_20000", "41_6p_21000", "none", "more than 20,000 and roughly 21,000 refugees overlap (README: t41_yida_refugees)"),
    ("41_2p_two_in_camp", "41_1p_one_in_camp", "source_disagreement", "UNHCR: two bombs fell within the camp; Enough Project sources: one"),
]
EVENT_KINDS.update({
    T41P_IN_CAMP: "source_disagreement",  # one (Enough Project sources) vs two (UNHCR, Nonviolent Peaceforce)
})
# fmt: on
