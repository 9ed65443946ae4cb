"""Build ``eval/gold/*.jsonl`` from the hand-written annotations below.

Why a script: every offset in the gold files is computed here from ``read_article(path).text``
(the text ingest produces, with any ``date YYYY-MM-DD`` header removed) — never counted by hand.
Each claim names its sentence by a unique prefix and a suffix, an ``anchor`` (a short string inside
that sentence that contains the number, unique within the sentence) and the number text inside the
anchor. The script fails loudly if any of these is missing or ambiguous, so an edit to a seed
cannot silently shift a span.

Run from the repository root:  .venv/bin/python eval/build_gold.py [OUT_DIR]
Then check:                     .venv/bin/python -m reconcile.evaluation.gold
The labels themselves follow eval/GUIDELINES.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reconcile.core.types import Hedge  # noqa: E402
from reconcile.evaluation.gold import expected_interval  # noqa: E402
from reconcile.ingest import read_article  # noqa: E402

SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold"

Ann = dict[str, Any]


def interval(hedge: str, value: float | None, number_text: str) -> tuple[float | None, float | None]:
    """The interval of a hedge (GUIDELINES.md §3; ``None`` = unbounded), by the engine's own definition."""
    bounds = expected_interval(Hedge(hedge), value, number_text)
    if bounds is None:
        raise SystemExit(f"no conventional interval for {hedge} {number_text!r}")
    return bounds


def C(sent: tuple[str, str], anchor: str, num: str, **fields: Any) -> Ann:
    """One claim annotation; see the module docstring for sent/anchor/num."""
    return {"sent": sent, "anchor": anchor, "num": num, **fields}


D = "diplomats"
# Defaults that most claims share; each annotation overrides what differs.
BASE: Ann = {
    "hedge": "exact",
    "hedge_text": None,
    "actor_members": None,
    "target": "RUS",
    "target_members": None,
    "measure": "expelled",  # persona non grata is how an expulsion is done: also "expelled"
    "unit": D,
    "scope": "single",
    "modality": "done",
    "date": None,
    "date_low": None,
    "date_high": None,
    "source": None,
}

# ---------------------------------------------------------------------------------------------------
# 000 — published 2022-04-05 (Tuesday) by its date header; "Monday" = 2022-04-04.
E_DEU = "DEU-expel-RUS-diplomats-2022-04-04"
E_FRA = "FRA-expel-RUS-diplomats-2022-04-04"
E_LTU = "LTU-expel-RUS-ambassador-2022-04-04"
A000: list[Ann] = [
    C(
        ("At least 40 Russian diplomats", "by the German government."),
        "At least 40",
        "40",
        value=40,
        hedge="at_least",
        hedge_text="At least",
        actor="DEU",
        measure="expelled",
        date="2022-04-04",
        event=E_DEU,
    ),
    C(
        ("Shortly after the German announcement", "joint European action."),
        "expel 35",
        "35",
        value=35,
        actor="FRA",
        modality="announced",
        date="2022-04-04",
        source="France",
        event=E_FRA,
    ),
    C(
        ("Earlier on Monday, Lithuania", "Russian ambassador."),
        "Russian ambassador",
        "ambassador",
        value=1,
        actor="LTU",
        unit="ambassador",
        date="2022-04-04",
        event=E_LTU,
    ),
    C(
        ("Later on Monday, France announced", "Russian diplomats."),
        "dozens",
        "dozens",
        value=None,
        hedge="vague",
        actor="FRA",
        modality="announced",
        date="2022-04-04",
        event=E_FRA,
    ),
]

# 001 — no date header. The embedded tweets are dated April 4, 2022 (a Monday) and the French
# ministry statement was "released ... on Monday", so "Monday" = 2022-04-04.
A001: list[Ann] = [
    C(
        ("France has confirmed it is to expel 35", "Russian trooops."),
        "expel 35",
        "35",
        value=35,
        actor="FRA",
        modality="announced",
        date="2022-04-04",
        event=E_FRA,
    ),
    C(
        ("35 Russian diplomats are set to be be expelled", '"European approach."'),
        "35 Russian",
        "35",
        value=35,
        actor="FRA",
        modality="announced",
        date="2022-04-04",
        event=E_FRA,
    ),
    C(
        ("Berlin's move reportedly involves 40 Russians.", "40 Russians."),
        "40 Russians",
        "40",
        value=40,
        actor="DEU",
        date="2022-04-04",
        source='unnamed reports ("reportedly")',
        event=E_DEU,
    ),
    C(
        ("This comes as Lithuania said", "aggression in Ukraine."),
        "Russia's ambassador",
        "ambassador",
        value=1,
        actor="LTU",
        unit="ambassador",
        date="2022-04-04",
        source="Lithuania",
        event=E_LTU,
    ),
]

# 002 — published 2022-05-19 (Thursday) by its date header. "Since April" = window 2022-04-01..2022-05-19.
SINCE_APRIL = {"date_low": "2022-04-01", "date_high": "2022-05-19"}
E_RUS_TOTAL = "RUS-expel-WORLD-diplomats-2022-04..05-total"
RUS_WAVE = {"actor": "RUS", **SINCE_APRIL}
S_LIST = ("Since April, Russia has expelled", "12 from Belgium.")
A002: list[Ann] = [
    C(
        ("Russia has expelled nearly 200 diplomats", "invasion of Ukraine."),
        "nearly 200",
        "200",
        value=200,
        hedge="nearly",
        hedge_text="nearly",
        actor="RUS",
        target="WORLD",
        scope="aggregate",
        **SINCE_APRIL,
        event=E_RUS_TOTAL,
    ),
    C(
        S_LIST,
        "at least 45",
        "45",
        value=45,
        hedge="at_least",
        hedge_text="at least",
        **RUS_WAVE,
        target="POL",
        event="RUS-expel-POL-diplomats-2022-04..05",
    ),
    C(S_LIST, "40 from Germany", "40", value=40, **RUS_WAVE, target="DEU", event="RUS-expel-DEU-diplomats-2022-04..05"),
    C(S_LIST, "34 from France", "34", value=34, **RUS_WAVE, target="FRA", event="RUS-expel-FRA-diplomats-2022-04..05"),
    C(S_LIST, "27 from Spain", "27", value=27, **RUS_WAVE, target="ESP", event="RUS-expel-ESP-diplomats-2022-04..05"),
    C(S_LIST, "24 from Italy", "24", value=24, **RUS_WAVE, target="ITA", event="RUS-expel-ITA-diplomats-2022-04..05"),
    C(
        S_LIST,
        "15 from the Netherlands",
        "15",
        value=15,
        **RUS_WAVE,
        target="NLD",
        event="RUS-expel-NLD-diplomats-2022-04..05",
    ),
    C(S_LIST, "12 from Belgium", "12", value=12, **RUS_WAVE, target="BEL", event="RUS-expel-BEL-diplomats-2022-04..05"),
    C(
        ("Spain’s foreign ministry released a statement", "embassy officials in April."),
        "expulsion of 27",
        "27",
        value=27,
        actor="ESP",
        unit="staff",
        date_low="2022-04-01",
        date_high="2022-04-30",
        source="Spain’s foreign ministry",
        event="ESP-expel-RUS-staff-2022-04",
    ),
    C(
        ("Specifically, its expulsion of some 200", "expel 206 Russian diplomats."),
        "some 200",
        "200",
        value=200,
        hedge="about",
        hedge_text="some",
        actor="RUS",
        target="WORLD",
        scope="aggregate",
        **SINCE_APRIL,
        event=E_RUS_TOTAL,
    ),
    C(
        ("Specifically, its expulsion of some 200", "expel 206 Russian diplomats."),
        "expel 206",
        "206",
        value=206,
        actor="EUU",
        scope="aggregate",
        modality="announced",
        date_low="2022-04-01",
        date_high="2022-04-10",
        event="EUU-expel-RUS-diplomats-2022-04-early-agreement",
    ),
    C(
        ("Since Russia invaded Ukraine on Feb. 24", "across the globe."),
        "at least 325",
        "325",
        value=325,
        hedge="at_least",
        hedge_text="at least",
        actor="WORLD",
        unit="staff",
        scope="aggregate",
        date_low="2022-02-24",
        date_high="2022-05-19",
        event="WORLD-expel-RUS-staff-since-2022-02-24-total",
    ),
]

# 003 — no date header. "accelerated on Tuesday" + "Lithuania ... on Monday" + Zelensky addressing the
# UN Security Council "on Tuesday" (which seed 001 also announces for that Tuesday) put it on
# Tuesday 2022-04-05; "Monday" = 2022-04-04; "in recent days" = the week before, 2022-03-29..2022-04-05.
TUE = "2022-04-05"
RECENT = {"date_low": "2022-03-29", "date_high": "2022-04-05"}
S_RECENT = ("In recent days, Russian diplomats", "Slovakia on Monday.")
S_EST = ("Estonia said it would close", "as of April 30.")
E_EST = "EST-expel-RUS-staff-2022-04-05"
A003: list[Ann] = [
    C(
        ("Italy, Spain, Denmark, Sweden and Estonia", "in recent days."),
        "a total of 80",
        "80",
        value=80,
        actor="MULTI",
        actor_members=["ITA", "ESP", "DNK", "SWE", "EST"],
        scope="aggregate",
        modality="announced",
        date=TUE,
        event="MULTI5-expel-RUS-diplomats-2022-04-05-total",
    ),
    C(
        ("The moves bring the number", "by the Financial Times."),
        "at least 300",
        "300",
        value=300,
        hedge="at_least",
        hedge_text="at least",
        actor="EUU",
        scope="aggregate",
        date_low="2022-02-24",
        date_high=TUE,
        source="calculations by the Financial Times",
        event="EUU-expel-RUS-diplomats-since-2022-02-24-total",
    ),
    C(
        ("Lithuania expelled Russia", "Russian troops."),
        "ambassador",
        "ambassador",
        value=1,
        actor="LTU",
        unit="ambassador",
        date="2022-04-04",
        event=E_LTU,
    ),
    C(
        ("They also marked the largest expulsion", "at the urging of London."),
        "more than 100",
        "100",
        value=100,
        hedge="more_than",
        hedge_text="more than",
        actor="WEST",
        scope="aggregate",
        date_low="2018-01-01",
        date_high="2018-12-31",
        event="WEST-expel-RUS-diplomats-2018-skripal",
    ),
    C(
        ("Rome has marked 30", "official visit to Berlin."),
        "marked 30",
        "30",
        value=30,
        actor="ITA",
        measure="expelled",
        date=TUE,
        source="Italian Foreign Minister Luigi Di Maio",
        event="ITA-expel-RUS-diplomats-2022-04-05",
    ),
    C(
        ("Denmark separately announced", "national security”."),
        "expulsion of 15",
        "15",
        value=15,
        actor="DNK",
        modality="announced",
        date=TUE,
        event="DNK-expel-RUS-diplomats-2022-04-05",
    ),
    C(
        ("Sweden also announced", "three Russian diplomats."),
        "three",
        "three",
        value=3,
        actor="SWE",
        modality="announced",
        date=TUE,
        event="SWE-expel-RUS-diplomats-2022-04-05",
    ),
    C(
        S_EST,
        "close two",
        "two",
        value=2,
        actor="EST",
        measure="closed",
        unit="consulates",
        modality="announced",
        date=TUE,
        source="Estonia",
        event="EST-close-RUS-consulates-2022-04-05",
    ),
    C(
        S_EST,
        "expel 14 staff",
        "14",
        value=14,
        actor="EST",
        unit="staff",
        modality="announced",
        date=TUE,
        source="Estonia",
        event=E_EST,
    ),
    C(
        S_EST,
        "seven of whom",
        "seven",
        value=7,
        actor="EST",
        modality="announced",
        date=TUE,
        source="Estonia",
        event=E_EST,
    ),
    C(S_RECENT, "40 from Germany", "40", value=40, actor="DEU", **RECENT, event=E_DEU),
    C(S_RECENT, "45 from Poland", "45", value=45, actor="POL", **RECENT, event="POL-expel-RUS-diplomats-2022-03..04"),
    C(
        S_RECENT,
        "35 from Slovakia",
        "35",
        value=35,
        actor="SVK",
        date="2022-04-04",
        event="SVK-expel-RUS-diplomats-2022-04-04",
    ),
]

# 004 — no date header. The embedded tweet is dated March 29, 2022, a Tuesday, and the lead says the
# four countries "announced on Tuesday": "Tuesday" = 2022-03-29.
MAR29 = "2022-03-29"
E_BEL = "BEL-expel-RUS-staff-2022-03-29"
E_NLD = "NLD-expel-RUS-intelligence-officers-2022-03-29"
S_AT_SAME = ("At the same time, Ireland", "Russian diplomat to leave.")
IO = "intelligence_officers"
A004: list[Ann] = [
    C(
        ("Belgium, the Netherlands, the Czech Republic and Ireland", "invasion of Ukraine."),
        "dozens",
        "dozens",
        value=None,
        hedge="vague",
        actor="MULTI",
        actor_members=["BEL", "NLD", "CZE", "IRL"],
        scope="aggregate",
        modality="announced",
        date=MAR29,
        event="MULTI4-expel-RUS-diplomats-2022-03-29-total",
    ),
    C(
        ("The head of Belgian diplomacy, Sophie Wilmès, announced that 21", 'national security".'),
        "that 21",
        "21",
        value=21,
        actor="BEL",
        unit="staff",
        modality="announced",
        date=MAR29,
        source="Sophie Wilmès",
        event=E_BEL,
    ),
    C(
        S_AT_SAME,
        "expel four",
        "four",
        value=4,
        actor="IRL",
        modality="announced",
        date=MAR29,
        event="IRL-expel-RUS-diplomats-2022-03-29",
    ),
    C(S_AT_SAME, "sights 17", "17", value=17, actor="NLD", unit=IO, modality="announced", date=MAR29, event=E_NLD),
    C(
        S_AT_SAME,
        "a Russian diplomat to leave",
        "diplomat",
        value=1,
        actor="CZE",
        date=MAR29,
        event="CZE-expel-RUS-diplomats-2022-03-29",
    ),
    C(
        ("The Belgian minister relayed", "within 15 days."),
        "the 21 people",
        "21",
        value=21,
        actor="BEL",
        unit="staff",
        modality="announced",
        date=MAR29,
        source="Sophie Wilmès",
        event=E_BEL,
    ),
    C(
        ("As announced in committee, Belgium", "threatening national security."),
        "expel 21",
        "21",
        value=21,
        actor="BEL",
        unit="staff",
        modality="announced",
        date=MAR29,
        source="Sophie Wilmès (@Sophie_Wilmes), tweet",
        event=E_BEL,
    ),
    C(
        ("In the Netherlands, the 17 deportations", "security policy."),
        "the 17 deportations",
        "17",
        value=17,
        actor="NLD",
        unit=IO,
        modality="announced",
        date=MAR29,
        event=E_NLD,
    ),
    C(
        ("After the departure of these 17 people", "press agency ANP."),
        "these 17 people",
        "17",
        value=17,
        actor="NLD",
        unit=IO,
        modality="announced",
        date=MAR29,
        source="Dutch press agency ANP",
        event=E_NLD,
    ),
    C(
        ("Regarding the Baltic countries, Moscow", "representatives of Moscow."),
        "ten",
        "ten",
        value=10,
        actor="RUS",
        target="BALTIC",
        modality="announced",
        date=MAR29,
        event="RUS-expel-BALTIC-diplomats-2022-03-29",
    ),
]

ANNOTATIONS: dict[str, list[Ann]] = {
    "000_66a292cac87dfb5d": A000,
    "001_500971cca791b0ce": A001,
    "002_38e77f81212ed3a0": A002,
    "003_45bacf5aa3bdad93": A003,
    "004_b6df28c9990ddc17": A004,
}


# ---------------------------------------------------------------------------------------------------
# Expected disagreement flags (GUIDELINES.md §9). Positive kinds first, then pairs that must NOT be flagged.
CONFLICTS: list[tuple[str, str, str, str]] = [
    (
        "002-11",
        "003-02",
        "cumulative",
        "Same actor/action/target (EU expels Russians): 206 is the coordinated early-April wave, 'at least 300' the "
        "running EU total since the invasion that includes it; different windows, not a disagreement.",
    ),
    (
        "003-09",
        "003-10",
        "unit_or_scope",
        "Same Estonian expulsion counted in two units: 14 staff, of whom seven are diplomats.",
    ),
    # --- must not be flagged ---
    (
        "000-02",
        "002-04",
        "none",
        "Opposite directions: France expels 35 Russians (4 April); Russia expels 34 French (later, retaliation).",
    ),
    ("000-02", "000-04", "none", "Same French event; 35 lies inside 'dozens' [24, 99]."),
    ("000-02", "001-01", "none", "Same French event, same number in two articles."),
    ("000-01", "001-03", "none", "Same German event; 40 lies inside 'at least 40' [40, inf)."),
    ("000-01", "003-11", "none", "Same German event; 40 lies inside 'at least 40'."),
    (
        "003-11",
        "002-03",
        "none",
        "Same words '40 from Germany' but opposite directions: Russian diplomats leaving Germany (DEU expels RUS) "
        "vs Germans expelled by Russia (RUS expels DEU).",
    ),
    ("000-01", "002-03", "none", "Opposite directions: Germany expels Russians vs Russia expels Germans."),
    ("003-12", "002-02", "none", "Opposite directions: Poland expels 45 Russians vs Russia expels at least 45 Poles."),
    (
        "002-09",
        "002-05",
        "none",
        "Mirror actions: Spain expelled 27 Russian officials; Russia retaliated against 27 Spaniards.",
    ),
    ("003-05", "002-06", "none", "Opposite directions: Italy's 30 Russians vs Russia's 24 Italians."),
    ("004-04", "002-07", "none", "Opposite directions: Netherlands' 17 Russians vs Russia's 15 Dutch."),
    ("004-02", "002-08", "none", "Opposite directions: Belgium's 21 Russians vs Russia's 12 Belgians."),
    ("003-13", "000-02", "none", "Same number 35, different actors (Slovakia vs France)."),
    ("002-01", "002-10", "none", "Same Russian total; 'nearly 200' [180, 200] and 'some 200' [180, 220] overlap."),
    ("002-10", "002-11", "none", "Opposite directions: Russia's ~200 expulsions retaliate for the EU's 206."),
    (
        "003-02",
        "002-12",
        "none",
        "Totals of different scope: EU-wide 'at least 300' vs worldwide 'at least 325' (different actors; consistent).",
    ),
    (
        "003-01",
        "003-02",
        "none",
        "Part and total with different actors: the five-country 80 is part of the EU-wide 300 (the text says so).",
    ),
    ("003-01", "003-05", "none", "Aggregate vs one member: the five-country 80 includes Italy's 30."),
    (
        "004-01",
        "004-02",
        "none",
        "Aggregate vs one member: four-country 'dozens' includes Belgium's 21 (21 < 24 is not a disagreement).",
    ),
    (
        "003-01",
        "004-01",
        "none",
        "Different multi-country actions (5 April, five countries vs 29 March, four countries).",
    ),
    ("003-08", "003-09", "none", "Same sentence, different actions: two consulates closed vs 14 staff expelled."),
    ("003-04", "003-02", "none", "Different events: the West's 2018 Skripal expulsions vs the 2022 EU total."),
    (
        "004-10",
        "000-03",
        "none",
        "Opposite directions: Russia expels ten Baltic diplomats vs Lithuania expels the Russian ambassador.",
    ),
    ("004-02", "004-07", "none", "Same Belgian event, same number."),
    ("004-04", "004-09", "none", "Same Dutch event, same number ('these 17 people' are the 17 intelligence officers)."),
    ("000-03", "003-03", "none", "Same Lithuanian event: one ambassador in both articles."),
]


def unique_find(haystack: str, needle: str, what: str) -> int:
    first = haystack.find(needle)
    if first < 0:
        raise SystemExit(f"{what}: {needle!r} not found")
    if haystack.find(needle, first + 1) >= 0:
        raise SystemExit(f"{what}: {needle!r} occurs more than once")
    return first


def build_claim(text: str, stem: str, index: int, ann: Ann) -> dict[str, Any]:
    prefix, suffix = ann["sent"]
    s_start = unique_find(text, prefix, f"{stem} sentence")
    s_end = text.find(suffix, s_start)
    if s_end < 0:
        raise SystemExit(f"{stem}: suffix {suffix!r} not found after {prefix!r}")
    s_end += len(suffix)
    sentence = text[s_start:s_end]
    if "\n" in sentence:
        raise SystemExit(f"{stem}: sentence spans a line break: {sentence!r}")
    a_off = unique_find(sentence, ann["anchor"], f"{stem} anchor")
    n_off = ann["anchor"].find(ann["num"])
    if n_off < 0:
        raise SystemExit(f"{stem}: number {ann['num']!r} not in anchor {ann['anchor']!r}")
    start = s_start + a_off + n_off
    end = start + len(ann["num"])
    fields = {**BASE, **{k: v for k, v in ann.items() if k not in {"sent", "anchor", "num"}}}
    value = None if fields["value"] is None else float(fields["value"])
    low, high = interval(fields["hedge"], value, ann["num"])
    if fields["hedge_text"] is not None and fields["hedge_text"] not in sentence:
        raise SystemExit(f"{stem}: hedge text {fields['hedge_text']!r} not in sentence")
    return {
        "gold_id": f"{stem[:3]}-{index:02d}",
        "article": f"{stem}.txt",
        "number_text": text[start:end],
        "start": start,
        "end": end,
        "hedge": fields["hedge"],
        "hedge_text": fields["hedge_text"],
        "value": value,
        "low": low,
        "high": high,
        "actor": fields["actor"],
        "actor_members": fields["actor_members"],
        "measure": fields["measure"],
        "target": fields["target"],
        "target_members": fields["target_members"],
        "unit": fields["unit"],
        "scope": fields["scope"],
        "modality": fields["modality"],
        "date": fields["date"],
        "date_low": fields["date_low"],
        "date_high": fields["date_high"],
        "source": fields["source"],
        "sentence_start": s_start,
        "sentence_end": s_end,
        "quote": sentence,
        "event": fields["event"],
    }


def main(out: Path = GOLD) -> None:
    """Write the gold files into ``out`` (default eval/gold; tests write to a temporary folder and compare)."""
    out.mkdir(parents=True, exist_ok=True)
    for stem, anns in ANNOTATIONS.items():
        text = read_article(SEEDS / f"{stem}.txt").text
        claims = [build_claim(text, stem, 0, a) for a in anns]
        claims.sort(key=lambda c: (c["start"], c["end"]))
        lines = []
        for i, claim in enumerate(claims, 1):
            claim["gold_id"] = f"{stem[:3]}-{i:02d}"
            lines.append(json.dumps(claim, ensure_ascii=False))
        (out / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{stem}: {len(claims)} claims")
    rows = [json.dumps({"a": a, "b": b, "kind": k, "why": w}, ensure_ascii=False) for a, b, k, w in CONFLICTS]
    (out / "conflicts.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"conflicts: {len(rows)} pairs")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
