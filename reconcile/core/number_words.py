"""The words around a number, per language: hedges, range connectors, year cues, and what a counted
noun looks like. Data only; ``core.numbers`` applies it the same way for every language.

Why a table per language: "more than 40" / "mehr als 40" / "plus de 40" / "más de 40" are one hedge,
and "in 2000" / "im Jahr 2000" / "en 2000" / "en el año 2000" are one year cue; keeping the words here
keeps the rules in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reconcile.core.candidates import alt
from reconcile.core.types import Hedge

__all__ = ["LANGUAGES", "Rules", "rules"]

LANGUAGES = ("en", "de", "fr", "es")

# "an estimated" ("geschätzt", "une estimation de", "unos estimados") is no hedge: it says who vouches for the
# figure (modality ``estimated``), not how far from it the truth lies; "an estimated $102m" and "$108m" are
# two different figures (eval/GUIDELINES.md II.3).
_HEDGES: dict[str, dict[str, Hedge]] = {
    "en": {
        "at least": Hedge.AT_LEAST, "a minimum of": Hedge.AT_LEAST, "no fewer than": Hedge.AT_LEAST,
        "no less than": Hedge.AT_LEAST, "not less than": Hedge.AT_LEAST,
        "more than": Hedge.MORE_THAN, "over": Hedge.MORE_THAN, "upwards of": Hedge.MORE_THAN,
        "in excess of": Hedge.MORE_THAN, "north of": Hedge.MORE_THAN,
        "nearly": Hedge.NEARLY, "almost": Hedge.NEARLY, "just under": Hedge.NEARLY, "close to": Hedge.NEARLY,
        "just shy of": Hedge.NEARLY, "just short of": Hedge.NEARLY, "the best part of": Hedge.NEARLY,
        "the better part of": Hedge.NEARLY, "getting on for": Hedge.NEARLY, "nigh on": Hedge.NEARLY,
        "some": Hedge.ABOUT, "about": Hedge.ABOUT, "around": Hedge.ABOUT, "roughly": Hedge.ABOUT,
        "approximately": Hedge.ABOUT, "circa": Hedge.ABOUT, "in the region of": Hedge.ABOUT,
        "in the order of": Hedge.ABOUT, "on the order of": Hedge.ABOUT, "of the order of": Hedge.ABOUT,
        "above": Hedge.MORE_THAN, "below": Hedge.FEWER_THAN, "as much as": Hedge.UP_TO, "upto": Hedge.UP_TO,
        "up to": Hedge.UP_TO, "as many as": Hedge.UP_TO, "at most": Hedge.UP_TO, "no more than": Hedge.UP_TO,
        "not more than": Hedge.UP_TO, "a maximum of": Hedge.UP_TO,
        "fewer than": Hedge.FEWER_THAN, "less than": Hedge.FEWER_THAN, "under": Hedge.FEWER_THAN,
        "a further": Hedge.FURTHER, "another": Hedge.FURTHER, "an additional": Hedge.FURTHER,
        "a total of": Hedge.EXACT, "exactly": Hedge.EXACT, "precisely": Hedge.EXACT,
    },
    "de": {
        "mindestens": Hedge.AT_LEAST, "wenigstens": Hedge.AT_LEAST, "nicht weniger als": Hedge.AT_LEAST,
        "mehr als": Hedge.MORE_THAN, "über": Hedge.MORE_THAN, "weit über": Hedge.MORE_THAN,
        "knapp": Hedge.NEARLY, "fast": Hedge.NEARLY, "beinahe": Hedge.NEARLY, "nahezu": Hedge.NEARLY,
        "knapp unter": Hedge.NEARLY,
        "rund": Hedge.ABOUT, "etwa": Hedge.ABOUT, "ungefähr": Hedge.ABOUT, "circa": Hedge.ABOUT,
        "ca.": Hedge.ABOUT, "gut": Hedge.ABOUT, "annähernd": Hedge.ABOUT,
        "bis zu": Hedge.UP_TO, "höchstens": Hedge.UP_TO,
        "weniger als": Hedge.FEWER_THAN, "unter": Hedge.FEWER_THAN,
        "weitere": Hedge.FURTHER, "weiteren": Hedge.FURTHER, "zusätzlich": Hedge.FURTHER,
        "insgesamt": Hedge.EXACT, "genau": Hedge.EXACT,
    },
    "fr": {
        "au moins": Hedge.AT_LEAST, "au minimum": Hedge.AT_LEAST, "pas moins de": Hedge.AT_LEAST,
        "plus de": Hedge.MORE_THAN, "au-delà de": Hedge.MORE_THAN, "davantage que": Hedge.MORE_THAN,
        "près de": Hedge.NEARLY, "presque": Hedge.NEARLY, "quasiment": Hedge.NEARLY, "pratiquement": Hedge.NEARLY,
        "environ": Hedge.ABOUT, "quelque": Hedge.ABOUT, "quelques": Hedge.ABOUT, "autour de": Hedge.ABOUT,
        "approximativement": Hedge.ABOUT, "à peu près": Hedge.ABOUT,
        "jusqu'à": Hedge.UP_TO, "jusqu’à": Hedge.UP_TO,
        "moins de": Hedge.FEWER_THAN,
        "encore": Hedge.FURTHER, "supplémentaires": Hedge.FURTHER,
        "au total": Hedge.EXACT, "exactement": Hedge.EXACT, "un total de": Hedge.EXACT,
    },
    "es": {
        "al menos": Hedge.AT_LEAST, "por lo menos": Hedge.AT_LEAST, "como mínimo": Hedge.AT_LEAST,
        "más de": Hedge.MORE_THAN, "mas de": Hedge.MORE_THAN, "por encima de": Hedge.MORE_THAN,
        "casi": Hedge.NEARLY, "cerca de": Hedge.NEARLY, "poco menos de": Hedge.NEARLY,
        "unos": Hedge.ABOUT, "unas": Hedge.ABOUT, "alrededor de": Hedge.ABOUT, "aproximadamente": Hedge.ABOUT,
        "en torno a": Hedge.ABOUT,
        "hasta": Hedge.UP_TO,
        "menos de": Hedge.FEWER_THAN,
        "otros": Hedge.FURTHER, "otras": Hedge.FURTHER,
        "un total de": Hedge.EXACT, "exactamente": Hedge.EXACT,
    },
}  # fmt: skip

# Range words: "between X and Y", "from X to Y" (opener + joiner), and joiners that make a range alone.
_RANGE_OPENERS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"between": ("and",), "from": ("to", "-", "–")},
    "de": {"zwischen": ("und",), "von": ("bis", "-", "–")},
    "fr": {"entre": ("et",), "de": ("à", "-", "–")},
    "es": {"entre": ("y",), "de": ("a", "-", "–")},
}
_RANGE_ALONE: dict[str, tuple[str, ...]] = {
    "en": ("-", "–", "to", "or"),
    "de": ("-", "–", "bis", "oder"),
    "fr": ("-", "–", "à", "ou"),
    "es": ("-", "–", "a", "o"),
}
# Verbs before "from X to Y" that make it a change, not a range ("the toll rose from 30 to 40").
_CHANGE_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("rose", "risen", "rising", "rises", "rise", "increased", "increase", "increases", "increasing",
           "climbed", "climbing", "jumped", "fell", "fallen", "falling", "dropped", "declined", "decreased",
           "grew", "grown", "raised", "revised", "cut", "lowered", "up", "down", "went", "gone", "doubled",
           "tripled", "soared", "surged", "slumped", "plunged", "reduced", "boosted", "moved", "changed",
           "upgraded", "downgraded", "going", "moving", "jumping", "growing"),
    "de": ("stieg", "gestiegen", "sank", "gesunken", "erhöht", "erhöhte", "korrigiert", "wuchs", "gewachsen"),
    "fr": ("passé", "passée", "passés", "passées", "passant", "augmenté", "grimpé", "baissé", "chuté", "porté",
           "portée", "relevé", "revu", "revue", "réduit", "monté", "montée"),
    "es": ("pasó", "pasado", "aumentó", "aumentado", "subió", "subido", "bajó", "bajado", "elevó", "elevado",
           "redujo", "reducido", "creció", "cayó"),
}  # fmt: skip
# The direction of a change, per language: words right before a number (after an optional "by"/"um"/"de"/"un"),
# and words right after it and its unit ("a 16% decline", "60 percent lower", "1.8 times faster"). A number
# read so is the size of a change or difference, not a level: "fell 81 cents to $33.34" is a decrease of 0.81
# and a level of 33.34 (``Change``). Sports' "lost 10 games" and "added 17 points" count, so "lost" and "added"
# are not here.
_CHANGE_BEFORE: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "increase": ("rose", "risen", "rises", "rising", "increased", "increases", "grew", "grown", "grows", "growing",
                     "climbed", "climbs", "climbing", "jumped", "jumps", "gained", "gains", "gaining", "soared",
                     "surged", "rallied", "advanced", "advancing", "boosted", "up", "higher", "rocketed", "expanded",
                     "increase of", "rise of", "gain of", "jump of", "growth of", "increase", "rise", "improved",
                     "strengthened", "firmed", "rebounded", "widened"),
        "decrease": ("fell", "fallen", "falls", "falling", "dropped", "drops", "dropping", "declined", "declines",
                     "declining", "decreased", "decreases", "slid", "slides", "sliding", "slumped", "plunged",
                     "plummeted", "tumbled", "sank", "sunk", "losing", "shed", "shedding", "cut", "cuts", "cutting",
                     "slashed", "slashing", "reduced", "reducing", "lowered", "down", "lower", "eased", "dipped",
                     "retreated", "shrank", "shrunk", "contracted", "trimmed", "decline of", "drop of", "fall of",
                     "cut of", "decrease of", "reduction of", "slipped", "slips", "weakened", "narrowed",
                     "worsened"),
    },
    "de": {
        "increase": ("stieg", "steigt", "gestiegen", "legte", "zugelegt", "kletterte", "klettert", "wuchs",
                     "gewachsen", "erhöhte", "erhöht", "anstieg", "plus", "zuwachs", "gewann", "gewinnt", "zulegte"),
        "decrease": ("sank", "sinkt", "gesunken", "fiel", "fällt", "gefallen", "verlor", "verliert", "verloren",
                     "rutschte", "rückgang", "minus", "verringerte", "reduziert", "senkte", "gesenkt", "schrumpfte",
                     "büßte"),
    },
    "fr": {
        "increase": ("hausse", "augmenté", "augmente", "progressé", "progresse", "grimpé", "grimpe", "bondi",
                     "gagné", "gagne", "augmentation", "progression", "croissance"),
        "decrease": ("baisse", "baissé", "recul", "reculé", "recule", "chuté", "chute", "perdu", "perd", "diminué",
                     "diminution", "repli", "cédé"),
    },
    "es": {
        "increase": ("subió", "sube", "aumentó", "aumenta", "creció", "crece", "ganó", "gana", "alza", "aumento",
                     "subida", "incremento", "avanzó", "subieron", "aumentaron", "crecieron", "avanzaron"),
        "decrease": ("bajó", "baja", "cayó", "cae", "descendió", "desciende", "perdió", "pierde", "caída", "descenso",
                     "retrocedió", "disminuyó", "recortó", "bajaron", "cayeron", "descendieron", "retrocedieron",
                     "disminuyeron"),
    },
}  # fmt: skip
_CHANGE_FILLER: dict[str, str] = {  # between a change word and its number: "rose by", "stieg um", "hausse de"
    "en": r"(?:\s+(?:by|just|only|a\s+meager|a\s+meagre|a\s+further|nearly|a\s+whopping|ranging\s+from))*",
    "de": r"(?:\s+(?:um|noch|nur|gut))*",
    "fr": r"(?:\s+(?:de|d['’]|encore|seulement))*",
    "es": r"(?:\s+(?:un|una|en|de|del|solo))*",
}
_CHANGE_AFTER: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "increase": ("increase", "increases", "increased", "rise", "rises", "gain", "gains", "jump", "jumps", "surge",
                     "growth", "higher", "more", "bigger", "larger", "greater", "faster", "longer", "stronger",
                     "hotter", "heavier", "up", "ahead", "clear"),
        "decrease": ("decline", "declines", "decrease", "decreases", "decreased", "drop", "drops", "fall", "falls",
                     "plunge", "slump", "cut", "cuts", "reduction", "reduced", "lower", "less", "fewer", "smaller",
                     "thinner", "slower", "cheaper", "shorter", "lighter", "colder", "down", "behind", "adrift"),
    },
    "de": {
        "increase": ("mehr", "höher", "anstieg", "plus", "zulegen", "zulegte", "hinzugewinnen", "gestiegen", "gewinnen",
                     "steigen", "größer"),
        "decrease": ("weniger", "niedriger", "minus", "rückgang", "verlieren", "verlor", "einbüßen", "gesunken",
                     "sinken", "fallen", "nachgeben", "kleiner"),
    },
    "fr": {"increase": ("de plus", "en plus", "plus", "en hausse"),
           "decrease": ("de moins", "en moins", "moins", "en baisse")},
    "es": {"increase": ("más", "de subida", "de aumento"), "decrease": ("menos", "de caída", "de bajada")},
}  # fmt: skip
# A difference from a reference, written after a number and its unit: "7 percent below the 1991-2020 average",
# "3 degrees above normal". Without a reference word it is a level: "40 feet below the surface".
_COMPARED_AFTER: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"increase": ("above",), "decrease": ("below",),
           "reference": ("average", "averages", "normal", "norm", "mean", "median", "baseline", "expected",
                         "expectations", "forecast", "forecasts", "estimate", "estimates", "target")},
}  # fmt: skip
# A share in parentheses names the size of the trend its clause states: "the steepest drop was in the north
# (38%)", "admissions are rising in cities (2.1% a year)". Nouns and verbs of a trend only (not "more", "up":
# "most were more than 60 (61%)" is a level); a clause ends at these words as at punctuation.
_TREND_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"increase": ("increase", "increases", "increased", "increasing", "rise", "rises", "rose", "rising",
                        "growth", "grew", "growing", "gain", "gains", "jump", "jumped"),
           "decrease": ("decline", "declines", "declined", "declining", "decrease", "decreases", "decreased",
                        "decreasing", "drop", "drops", "dropped", "fall", "fell", "falling", "reduction",
                        "reductions", "reduced")},
}  # fmt: skip
_CLAUSE_BREAKS: dict[str, tuple[str, ...]] = {"en": ("whereas", "while", "but", "although")}
# "ranging from 13% in one state to 48% in another": the second figure is of the same kind as the first.
_SPREAD_OPENERS: dict[str, tuple[str, ...]] = {"en": ("ranging from", "ranged from", "range from")}
# Words right before the denominator of a rate: "24.2 births per 1,000 women", "pro 100.000 Einwohner".
_RATE_PER: dict[str, tuple[str, ...]] = {"en": ("per",), "de": ("pro", "je"), "fr": ("pour",), "es": ("por cada",)}
# Words before a number that make it a change only when it is a share or an amount, not a count: "the index lost
# 1.2 percent" is a decrease, but sports' "lost 10 games" and "added 17 points" count games and points.
_SHARE_CHANGE_BEFORE: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"increase": ("added", "adds", "adding"), "decrease": ("lost", "loses", "lose")},
    "de": {"increase": (), "decrease": ()},
    "fr": {"increase": (), "decrease": ()},
    "es": {"increase": (), "decrease": ()},
}
# German writes the size of a change with "um" and its verb at the end of the clause ("der um vier Prozent auf
# 412,2 Millionen Dollar zulegte"): "um" + number is a change whose direction a change word of the clause gives.
# English puts the verb first, its object between: "the vaccine cut the risk of infection by 62%" ("by" + number,
# a change word earlier in the clause).
_BY: dict[str, str] = {"de": "um", "en": "by"}
# Verbs that make a number a change only with "by" ("raised rates by half a point"): "raised $40 million" is a level.
_BY_ONLY: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "increase": ("raised", "raises", "raising", "lifted", "lifts", "extended"),
        "decrease": ("lost", "cut", "shortened"),
    },
}
_BY_SCOPE: dict[str, str] = {"de": "clause", "en": "before"}
# Words that make the number after them a level, whatever change word follows: "auf 412,2 Millionen Dollar
# zulegte" (de), "rose to 9.6%", "à 30 %", "a 40 euros".
_LEVEL_BEFORE: dict[str, tuple[str, ...]] = {"en": ("to", "at"), "de": ("auf", "bei"), "fr": ("à",), "es": ("a",)}
# A sign written as a word before a level: "negative 29.1%", "négatif"... ("minus" is a change in German and in
# market reports: "minus 25 points").
_NEGATIVE_BEFORE: dict[str, tuple[str, ...]] = {"en": ("negative",), "de": ("negativ",), "fr": ("négatif", "négative"),
                                                "es": ("negativo", "negativa")}  # fmt: skip
# The second figure of a change written from one figure to another: "from 30 to 40", "von 10 auf 9,4 Millionen".
_CHANGE_TO: dict[str, tuple[str, ...]] = {"en": ("to",), "de": ("auf", "bis"), "fr": ("à",), "es": ("a", "hasta")}

# Words right before a bare 1800-2099 that make it a year ("in 2000", "seit 2018", "depuis 2014").
_YEAR_CUES: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "until", "till", "during", "early", "late", "mid", "spring", "summer", "autumn",
           "fall", "winter", "year", "fiscal", "by", "before", "after", "of", "from", "to", "through",
           "and", "or", "between"),
    "de": ("im", "in", "seit", "bis", "jahr", "jahre", "jahres", "anfang", "ende", "mitte", "sommer", "winter",
           "frühjahr", "herbst", "frühling", "von", "vor", "nach", "und", "oder", "zwischen", "ab", "um"),
    "fr": ("en", "depuis", "jusqu'en", "jusqu’en", "année", "an", "début", "fin", "mi", "été", "hiver",
           "printemps", "automne", "de", "et", "ou", "entre", "avant", "après", "dès", "vers"),
    "es": ("en", "desde", "hasta", "año", "principios", "finales", "mediados", "verano", "invierno",
           "primavera", "otoño", "de", "y", "o", "entre", "antes", "después", "hacia"),
}  # fmt: skip
# Weak cues: a year unless a counted noun follows ("by 2030" but "by 2000 votes").
_WEAK_YEAR_CUES = frozenset({"by", "before", "after", "of", "from", "to", "and", "or", "between", "de", "y",
                             "o", "et", "ou", "und", "oder", "von", "vor", "nach", "um", "entre", "zwischen", "vers",
                             "hacia", "ab"})  # fmt: skip
# Words that end in -s but are not plural nouns (so "2014 was" stays a year).
_NOT_PLURAL = frozenset(
    {"was", "is", "has", "does", "this", "its", "his", "as", "us", "thus", "plus", "across", "unless", "versus",
     "whereas", "always", "perhaps", "besides", "afterwards", "towards", "news", "series", "means", "les", "des",
     "ses", "mes", "tes", "nous", "vous", "sous", "dans", "sans", "puis", "très", "après", "depuis",
     "alors", "mais", "jamais", "toujours", "las", "los", "más", "pues", "tras", "después", "entonces", "antes",
     "años", "ans", "mois", "fois", "jours", "días", "meses", "es", "eres", "vez", "dos", "tres", "seis"}
)  # fmt: skip
_IRREGULAR_PLURALS = frozenset(
    {"people", "men", "women", "children", "police", "staff", "personnel", "troops", "cattle", "sheep", "fish",
     "deer", "youths", "persons", "gente", "personas", "personnes", "menschen", "leute", "kinder"}
)  # fmt: skip
# Capitalised words before a number that do not make it a name ("On Monday 40 people").
_NOT_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "in", "on", "at", "of",
     "by", "for", "with", "from", "to", "and", "but", "or", "since", "after", "before", "over", "under", "only",
     "just", "all", "another", "among", "some", "about", "around", "nearly", "almost", "roughly", "more", "than",
     "least", "police", "officials", "reuters", "afp", "ap", "dpa", "efe", "also", "then", "now", "today",
     "yesterday", "yet", "still", "when", "while", "as", "if", "so", "exactly", "total", "killing",
     "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
     "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "montag", "dienstag", "mittwoch",
     "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
     "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled word rules of one language (see the module docstring)."""

    language: str
    hedges: dict[str, Hedge]
    hedge_before: re.Pattern[str]  # a hedge phrase ending right before a number (search up to its start)
    range_openers: dict[str, tuple[str, ...]]
    range_opener_before: re.Pattern[str]
    range_alone: tuple[str, ...]
    change_verb_before: re.Pattern[str]
    year_cues: frozenset[str]
    nouns_capitalised: bool  # German: a capitalised word after a number is its counted noun
    change_before: re.Pattern[str]  # a change word (group "up" or "down") ending right before a number or its hedge
    change_after: re.Pattern[str]  # a change word right after a number and its unit (may skip one plural noun)
    change_words: dict[str, str]  # every change word (lowercase) -> "increase" / "decrease"
    share_change_before: re.Pattern[str]  # like change_before, for percents and money only ("lost 1.2 percent")
    by_word: str | None  # "um", "by": a number after it is a change when a change word is in its clause
    by_scope: str  # where that change word is looked for: the whole "clause" (German) or the clause "before" it
    level_before: re.Pattern[str]  # "to", "auf": the number after it is a level
    change_to: tuple[str, ...]  # "to", "auf": the joiner of "from X to Y"
    negative_before: re.Pattern[str]  # "negative": the level after it is below zero
    compared_after: re.Pattern[str] | None  # "below the ... average" after a number and its unit: a difference
    trend_words: dict[str, str]  # trend nouns and verbs -> direction, for a share in parentheses
    clause_breaks: re.Pattern[str] | None  # "whereas", "but": where a clause ends for ``trend_words``
    spread_before: re.Pattern[str] | None  # "ranging from" right before a number
    rate_per: re.Pattern[str] | None  # "per" right before a number: the denominator of a rate


@cache
def rules(language: str) -> Rules:
    """The rules of ``language`` (an ISO 639-1 code among ``LANGUAGES``)."""
    if language not in LANGUAGES:
        raise ValueError(f"no number rules for language {language!r}; known: {', '.join(LANGUAGES)}")
    hedges = _HEDGES[language]
    openers = _RANGE_OPENERS[language]
    return Rules(
        language=language,
        hedges={" ".join(k.split()): v for k, v in hedges.items()},
        hedge_before=re.compile(rf"(?<![\w'’-])(?P<h>{alt(list(hedges))})\s+\Z", re.IGNORECASE),
        range_openers=openers,
        range_opener_before=re.compile(rf"(?<![\w'’-])(?P<h>{alt(list(openers))})\s+\Z", re.IGNORECASE),
        range_alone=_RANGE_ALONE[language],
        change_verb_before=re.compile(rf"(?<!\w)(?:{alt(list(_CHANGE_VERBS[language]))})\s+\Z", re.IGNORECASE),
        year_cues=frozenset(_YEAR_CUES[language]),
        nouns_capitalised=language == "de",
        change_before=_change_before(language),
        change_after=_change_after(language),
        share_change_before=_change_before(language, _SHARE_CHANGE_BEFORE),
        change_words={
            " ".join(w.split()): d
            for table in (_CHANGE_BEFORE, _CHANGE_AFTER, _BY_ONLY)
            for d, words in table.get(language, {}).items()
            for w in words
        },
        by_word=_BY.get(language),
        by_scope=_BY_SCOPE.get(language, "clause"),
        level_before=re.compile(rf"(?<![\w'’-])(?:{alt(list(_LEVEL_BEFORE[language]))})\s+\Z", re.IGNORECASE),
        change_to=_CHANGE_TO[language],
        negative_before=re.compile(rf"(?<![\w-])(?:{alt(list(_NEGATIVE_BEFORE[language]))})\s+\Z", re.IGNORECASE),
        compared_after=_compared_after(language),
        trend_words={w: d for d, words in _TREND_WORDS.get(language, {}).items() for w in words},
        clause_breaks=_words_pattern(_CLAUSE_BREAKS, language, r"[.;:!?]|(?<!\w)(?:{})(?!\w)"),
        spread_before=_words_pattern(_SPREAD_OPENERS, language, r"(?<!\w)(?:{})\s+\Z"),
        rate_per=_words_pattern(_RATE_PER, language, r"(?<![\w'’-])(?:{})\s+\Z"),
    )


def _words_pattern(table: dict[str, tuple[str, ...]], language: str, template: str) -> re.Pattern[str] | None:
    """``template`` with the language's words of ``table`` in its ``{}``; None for a language with none."""
    words = table.get(language)
    return re.compile(template.format(alt(list(words))), re.IGNORECASE) if words else None


def _compared_after(language: str) -> re.Pattern[str] | None:
    words = _COMPARED_AFTER.get(language)
    if words is None:
        return None
    return re.compile(
        rf"\s+(?:(?P<up>{alt(list(words['increase']))})|(?P<down>{alt(list(words['decrease']))}))"
        rf"\s+(?:[\w–-]+\s+){{0,4}}?(?:{alt(list(words['reference']))})(?![\w-])",
        re.IGNORECASE,
    )


def _change_before(language: str, table: dict[str, dict[str, tuple[str, ...]]] = _CHANGE_BEFORE) -> re.Pattern[str]:
    words = table[language]
    up, down = (alt(list(words[d])) or "(?!)" for d in ("increase", "decrease"))  # "(?!)": no word, no match
    return re.compile(
        rf"(?<![\w'’-])(?:(?P<up>{up})|(?P<down>{down}))"
        rf"{_CHANGE_FILLER[language]}\s+\Z",
        re.IGNORECASE,
    )


def _change_after(language: str) -> re.Pattern[str]:
    words = _CHANGE_AFTER[language]
    noun = r"(?:\s+[^\W\d_]+s)?" if language == "en" else ""  # "seven points adrift", "four points clear"
    return re.compile(
        rf"{noun}\s+(?:(?P<up>{alt(list(words['increase']))})|(?P<down>{alt(list(words['decrease']))}))(?![\w-])",
        re.IGNORECASE,
    )


def is_weak_year_cue(word: str) -> bool:
    """Whether a year cue yields to a following counted noun ("by 2000 votes")."""
    return word in _WEAK_YEAR_CUES


def is_plural_noun(word: str, language: str) -> bool:
    """Whether ``word`` looks like a plural counted noun: "people", "diplomats", "Menschen", "personnes"."""
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    if lower in _NOT_PLURAL or len(lower) < 4:
        return False
    if language == "de":
        return word[:1].isupper()
    if language == "en":  # "index", "tax" are singular; French plurals end in -x ("chevaux")
        return lower.endswith("s") or lower.endswith("men")
    return lower.endswith(("s", "x"))


def can_name(word: str) -> bool:
    """Whether a capitalised word right before a number can make it part of a name ("Boeing 737")."""
    return word.lower() not in _NOT_NAMES
