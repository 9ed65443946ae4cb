"""German, French and Spanish date phrases: finding them in text, and rewriting them into the English
phrase ``core.dates`` already resolves ("am Montag" -> "monday", "la semaine dernière" -> "last week",
"a mediados de abril" -> "mid april", "seit April" -> since "april").

Why a rewrite and not a second resolver: the calendar rules (the most recent weekday on or before
publication, a month's thirds, "since" windows, the nearest year) are the same in every language; only
the words differ. Explicit dates ("3. Mai 2022", "le 1er mai", "3 de mayo") and "ago" phrases ("vor zwei
Tagen", "il y a deux jours", "hace dos días") go to ``dateparser`` in the article's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reconcile.core.candidates import alt
from reconcile.core.months import MONTHS

__all__ = ["LANGUAGES", "date_phrase_pattern", "to_english"]

LANGUAGES = ("de", "fr", "es")
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Words:
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[tuple[str, ...], ...]  # January first; each month's spellings (``core.months``)
    leads: tuple[str, ...]  # prepositions before a date phrase, stripped before it is read
    since: tuple[str, ...]
    parts_of_day: str  # regex: "morgen|abend", stripped after a weekday or yesterday/today
    phrases: tuple[tuple[str, str], ...]  # (regex on the lowercased core, English phrase)
    last_weekday: str  # regex around a weekday meaning "last <weekday>"
    early_mid_late: tuple[str, str, str]  # regex prefixes of a month's first, middle and last thirds
    year_words: str  # regex before a year: "im jahr", "l'année", "el año"
    ago: str  # regex of an "ago" phrase, handed to dateparser
    finder: str  # regex of date phrases in text, {W} weekday, {M} month


_WORDS: dict[str, _Words] = {
    "de": _Words(
        weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        months=MONTHS["de"],
        leads=("bereits am", "schon am", "noch am", "erst am", "früher am", "später am", "bis zum", "seit dem",
               "am", "an", "seit", "im", "in", "bis", "ab", "vom", "von", "zum", "um", "während", "noch", "erst"),
        since=("seit", "seit dem"),
        parts_of_day=r"morgen|früh|vormittag|mittag|nachmittag|abend|nacht",
        phrases=(
            (r"heute", "today"), (r"gestern", "yesterday"), (r"vorgestern", "the day before yesterday"),
            (r"(?:der |den )?(?:letzten|vergangenen|vorigen) woche|(?:letzte|vergangene|vorige) woche", "last week"),
            (r"(?:diese|dieser) woche", "this week"),
            (r"(?:letzten|vergangenen|vorigen) monat", "last month"), (r"(?:diesen|diesem) monat", "this month"),
            (r"(?:letztes|vergangenes|voriges|letzten|vergangenen|vorigen) jahr", "last year"),
            (r"(?:dieses|diesem) jahr", "this year"),
            (r"(?:den )?(?:vergangenen|letzten) tagen", "recent days"),
            (r"(?:den )?(?:vergangenen|letzten) wochen", "recent weeks"),
            (r"(?:den )?(?:vergangenen|letzten) monaten", "recent months"),
            (r"(?:dem |diesem )?wochenende", "the weekend"),
        ),
        last_weekday=r"(?:letzten|vergangenen|vorigen) (?P<day>\w+)",
        early_mid_late=("anfang", "mitte", "ende"),
        year_words=r"(?:dem )?jahr",
        ago=r"vor \w+ (?:tag|tagen|woche|wochen|monat|monaten|jahr|jahren)",
        finder=(
            r"(?:(?:am|vom|bis\s+zum|seit\s+dem|ab\s+dem)\s+)?\d{1,2}\.\s*{M}(?:\s+\d{4})?"
            r"|(?:(?:im|seit|bis|ab|Anfang|Mitte|Ende)\s+){M}(?:\s+\d{4})?|{M}\s+\d{4}"
            r"|(?:(?:am|seit|bis|ab|vom)\s+)?(?:(?:letzten|vergangenen|vorigen)\s+)?{W}"
            r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)?(?:\s+(?:Morgen|Vormittag|Nachmittag|Abend))?"
            r"|(?:heute|gestern)(?:\s+(?:Morgen|früh|Vormittag|Nachmittag|Abend|Nacht))?|vorgestern"
            r"|(?:in\s+der\s+)?(?:letzten|vergangenen|vorigen)\s+Woche|(?:letzte|vergangene|vorige|diese)\s+Woche"
            r"|(?:im\s+)?(?:letzten|vergangenen|vorigen)\s+(?:Monat|Jahr)|(?:letztes|vergangenes|dieses)\s+Jahr"
            r"|in\s+den\s+(?:vergangenen|letzten)\s+(?:Tagen|Wochen|Monaten)"
            r"|vor\s+\w+\s+(?:Tagen|Wochen|Monaten|Jahren)|(?:am\s+)?Wochenende"
            r"|(?:im\s+Jahr|seit|bis|ab)\s+\d{4}(?!\d)"
        ),
    ),
    "fr": _Words(
        weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        months=MONTHS["fr"],
        leads=("depuis le", "dès le", "jusqu'au", "jusqu’au", "à partir du", "depuis", "dès", "jusqu'en",
               "jusqu’en", "le", "en", "au", "du"),
        since=("depuis", "depuis le", "dès", "dès le"),
        parts_of_day=r"matin|après-midi|soir|soirée|nuit",
        phrases=(
            (r"aujourd['’]hui|ce matin|cet après-midi|ce soir", "today"), (r"hier", "yesterday"),
            (r"avant-hier", "the day before yesterday"),
            (r"la semaine (?:dernière|passée)", "last week"), (r"cette semaine", "this week"),
            (r"le mois (?:dernier|passé)|mois (?:dernier|passé)", "last month"), (r"ce mois-ci", "this month"),
            (r"l['’]an (?:dernier|passé)|l['’]année (?:dernière|passée)|an dernier|année dernière", "last year"),
            (r"cette année", "this year"),
            (r"(?:ces|les) derniers jours|ces jours derniers", "recent days"),
            (r"(?:ces|les) dernières semaines", "recent weeks"), (r"(?:ces|les) derniers mois", "recent months"),
            (r"(?:ce |le )?week-end(?: dernier)?", "the weekend"),
        ),
        last_weekday=r"(?P<day>\w+) dernier",
        early_mid_late=("début", "mi-", "fin"),
        year_words=r"l['’]année|l['’]an|année",
        ago=r"il y a \w+ (?:jour|jours|semaine|semaines|mois|an|ans|année|années)",
        finder=(
            r"(?:(?:depuis\s+le|dès\s+le|jusqu['’]au|le|au|du)\s+)?\d{1,2}(?:er)?\s+{M}(?:\s+\d{4})?"
            r"|(?:(?:en|depuis|dès|jusqu['’]en|début|fin)\s+|mi-){M}(?:\s+\d{4})?|{M}\s+\d{4}"
            r"|(?:(?:depuis|dès)\s+)?{W}(?:\s+dernier)?(?:\s+(?:matin|après-midi|soir))?"
            r"|aujourd['’]hui|avant-hier|hier(?:\s+(?:matin|après-midi|soir))?|ce\s+(?:matin|soir)|cet\s+après-midi"
            r"|la\s+semaine\s+(?:dernière|passée)|cette\s+semaine|le\s+mois\s+(?:dernier|passé)|ce\s+mois-ci"
            r"|l['’]an(?:née)?\s+(?:dernière?|passée?)|cette\s+année"
            r"|(?:ces|les)\s+(?:derniers|dernières)\s+(?:jours|semaines|mois)|ces\s+jours\s+derniers"
            r"|il\s+y\s+a\s+\w+\s+(?:jours|semaines|mois|ans)|(?:ce|le)\s+week-end(?:\s+dernier)?"
            r"|(?:en|depuis|dès|jusqu['’]en)\s+\d{4}(?!\d)"
        ),
    ),
    "es": _Words(
        weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        months=MONTHS["es"],
        leads=("desde el", "a partir del", "hasta el", "desde", "hasta", "el", "en", "del", "a"),
        since=("desde", "desde el"),
        parts_of_day=r"por la (?:mañana|tarde|noche)",
        phrases=(
            (r"hoy|esta (?:mañana|tarde|noche)", "today"), (r"ayer|anoche", "yesterday"),
            (r"anteayer|antier", "the day before yesterday"),
            (r"la semana pasada|semana pasada", "last week"), (r"esta semana", "this week"),
            (r"el mes pasado|mes pasado", "last month"), (r"este mes", "this month"),
            (r"el año pasado|año pasado", "last year"), (r"este año", "this year"),
            (r"(?:los )?últimos días|estos días", "recent days"), (r"(?:las )?últimas semanas", "recent weeks"),
            (r"(?:los )?últimos meses", "recent months"),
            (r"(?:el |este )?fin de semana(?: pasado)?", "the weekend"),
        ),
        last_weekday=r"(?P<day>\w+) pasado",
        early_mid_late=("principios de", "mediados de", "finales de"),
        year_words=r"(?:el )?año",
        ago=r"hace \w+ (?:día|días|semana|semanas|mes|meses|año|años)",
        finder=(
            r"(?:(?:desde\s+el|hasta\s+el|el)\s+)?\d{1,2}\s+de\s+{M}(?:\s+del?\s+\d{4})?"
            r"|(?:(?:en|desde|hasta|a\s+principios\s+de|a\s+mediados\s+de|a\s+finales\s+de|principios\s+de"
            r"|mediados\s+de|finales\s+de)\s+){M}(?:\s+del?\s+\d{4})?|{M}\s+del?\s+\d{4}"
            r"|(?:(?:desde\s+)?el\s+)?{W}(?:\s+pasado)?(?:\s+por\s+la\s+(?:mañana|tarde|noche))?"
            r"|hoy|anteayer|anoche|ayer(?:\s+por\s+la\s+(?:mañana|tarde|noche))?|esta\s+(?:mañana|tarde|noche)"
            r"|la\s+semana\s+pasada|esta\s+semana|el\s+mes\s+pasado|este\s+mes|el\s+año\s+pasado|este\s+año"
            r"|(?:en\s+)?(?:los|las)\s+últim[oa]s\s+(?:días|semanas|meses)|estos\s+días"
            r"|hace\s+\w+\s+(?:días|semanas|meses|años)|(?:el|este)\s+fin\s+de\s+semana(?:\s+pasado)?"
            r"|(?:en|desde|hasta)\s+(?:el\s+año\s+)?\d{4}(?!\d)"
        ),
    ),
}  # fmt: skip


@cache
def date_phrase_pattern(language: str) -> re.Pattern[str]:
    """The date phrases of ``language`` in text (see ``core.dates.find_date_phrases``)."""
    words = _WORDS[language]
    month = rf"(?:{alt([m for spellings in words.months for m in spellings])})(?:(?<=\.)|(?![^\W\d_]))"
    weekday = rf"(?:{alt(list(words.weekdays))})"
    finder = words.finder.replace("{M}", month).replace("{W}", weekday)
    return re.compile(rf"(?<![^\W\d_])(?:{finder})(?![^\W\d_])", re.IGNORECASE)


@cache
def _month_numbers(language: str) -> dict[str, int]:
    return {m: i for i, spellings in enumerate(_WORDS[language].months, start=1) for m in spellings}


def to_english(phrase: str, language: str) -> tuple[str, bool, bool]:
    """``(core, since, explicit)``: the English core of a phrase (lowercase, leads stripped), whether it
    was a "since" phrase, and whether it is left to ``dateparser`` in ``language`` (explicit dates and
    "ago" phrases, returned unchanged)."""
    words = _WORDS[language]
    core = " ".join(phrase.lower().replace("’", "'").split()).strip(" .,;:")
    since = False
    leads = sorted(words.leads, key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for lead in leads:
            if core.startswith(lead + " "):
                since = since or lead in words.since
                core = core[len(lead) + 1 :]
                stripped = True
                break
    if re.fullmatch(words.ago, core):
        return core, since, True
    english = _english(core, words, language)
    if english is None:
        return core, since, True  # an explicit date ("3. mai 2022", "1er mai", "3 de mayo"), or nothing known
    return english, since, False


def _english(core: str, words: _Words, language: str) -> str | None:
    """The English phrase for ``core``, or None when it is none of the phrases above."""
    year = re.fullmatch(rf"(?:{words.year_words} )?(\d{{4}})", core)
    if year:
        return year.group(1)
    core = re.sub(rf"\s*(?:{words.parts_of_day})$", "", core).strip()
    for pattern, english in words.phrases:
        if re.fullmatch(pattern, core):
            return english
    last = re.fullmatch(words.last_weekday, core)
    day = last.group("day") if last else core
    for suffix in ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"):  # "montagabend"
        if language == "de" and day.endswith(suffix) and day[: -len(suffix)] in words.weekdays:
            day = day[: -len(suffix)]
    if day in words.weekdays:
        english_day = _ENGLISH_WEEKDAYS[words.weekdays.index(day)]
        return f"last {english_day}" if last else english_day
    early, mid, late = words.early_mid_late
    part = re.fullmatch(
        rf"(?:(?P<early>{early})\s+|(?P<mid>{mid})\s*|(?P<late>{late})\s+)?"
        r"(?P<month>[^\W\d_]+\.?)(?:\s+(?:del?\s+)?(?P<year>\d{4}))?",
        core,
    )
    if part is None or part.group("month") not in _month_numbers(language):
        return None
    english = _ENGLISH_MONTHS[_month_numbers(language)[part.group("month")] - 1]
    third = "early " if part.group("early") else "mid-" if part.group("mid") else "late " if part.group("late") else ""
    return f"{third}{english}" + (f" {part.group('year')}" if part.group("year") else "")
