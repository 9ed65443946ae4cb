"""German, French and Spanish number candidates: digits with the language's separators, number words
via ``text2num``, vague quantities, dates, times and ordinals.

Why ``text2num``: it reads the number words of these languages ("fünfunddreißig", "quatre-vingt-dix",
"cuarenta y cinco", "zwei Millionen") from a token stream and says which tokens it used, so the span is
exact; writing those grammars by hand is what a well-kept library is for. What it does not cover is
done here: digits ("1.000", "1 000", "3,5 Mrd."), vague words ("Tausende", "des centaines", "decenas"),
"about N" collectives ("une dizaine", "un centenar"), halves ("eine halbe Million"), and telling
dates, times and ordinals apart from counts.

Separators, decided per language: German and Spanish write thousands with "." and French with a space,
all three also with a space of any kind (no-break, narrow, thin, or plain when exactly three digits
follow); decimals are written with ",". So "1.000" and "1 000" are 1000, "3,5" is 3.5; an English
"1.5" is not read in these languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from reconcile.core.candidates import Candidate, alt
from reconcile.core.months import month_names
from reconcile.core.numbers_en import GLUED_UNIT, NUMSTART, PHONE
from reconcile.core.vague import DOZENS, Vague, many, several

__all__ = ["candidates", "vague_bounds"]


@dataclass(frozen=True, slots=True)
class _Language:
    """The numeral tables of one language."""

    thousands: str  # regex character class of thousands separators
    scales: dict[str, float]  # scale words after digits ("Mio.", "milliards", "mil millones")
    months: tuple[str, ...]
    months_case_sensitive: bool
    date_digit: str  # dates starting with a digit, {M} standing for the month alternation
    date_month: str  # dates starting with a month name
    time: str
    ordinal: str
    vague: dict[str, Vague]  # vague phrase (lowercase, single-spaced) -> its conventional interval
    vague_scales: dict[str, float]  # the scale nouns of "des dizaines de milliers" -> their value
    approximately: dict[str, float]  # "une dizaine" -> 10: about that many
    halves: dict[str, float]  # "eine halbe Million" -> 500000
    articles: tuple[str, ...]  # an article before a bare scale word belongs to it ("eine Million")
    unit_words: tuple[str, ...]  # number words that are part of a unit ("pour cent"): never numbers
    ordinal_words: tuple[str, ...] = ()  # ordinals text2num reads as cardinals ("el tercer piso")


_NBSP = "\u00a0\u202f\u2009"
# Written alike in all three languages: ISO dates, day/month/year with slashes (not German, which writes
# dots), and the 24-hour clock.
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}(?!\d)"
_SLASH_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}(?!\d)"
_CLOCK = r"\d{1,2}:\d{2}(?!\d)"

_LANGUAGES: dict[str, _Language] = {
    "de": _Language(
        thousands=rf"[ .{_NBSP}]",
        scales={
            "millionen": 1e6, "million": 1e6, "mio.": 1e6, "mio": 1e6, "milliarden": 1e9, "milliarde": 1e9,
            "mrd.": 1e9, "mrd": 1e9, "billionen": 1e12, "billion": 1e12, "bio.": 1e12, "tausend": 1e3,
            "tsd.": 1e3,
        },
        months=tuple(m.capitalize() for m in month_names("de")),  # nouns: capitalised
        months_case_sensitive=True,
        date_digit=r"\d{1,2}\.\s*(?:{M})(?:\s+\d{4})?(?!\d)|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?(?!\d)|" + _ISO_DATE,
        date_month=r"(?:{M})\s+\d{4}(?!\d)",
        time=r"\d{1,2}[:.]\d{2}\s*Uhr(?!\w)|\d{1,2}\s*Uhr(?!\w)|" + _CLOCK,
        ordinal=r"(?!)",  # German ordinals ("der 3. Platz") are told from a sentence's end in ``_german_ordinal``
        vague={
            "dutzende": DOZENS, "hunderte": many(100), "tausende": many(1e3), "zehntausende": many(1e4),
            "hunderttausende": many(1e5), "millionen": many(1e6), "milliarden": many(1e9), "mehrere": several(),
            "einige": several(), "etliche": several(), "ein paar": Vague(2, 9), "mehrere hundert": several(100),
            "einige hundert": several(100), "mehrere tausend": several(1e3), "einige tausend": several(1e3),
            "mehrere dutzend": several(12),
        },
        vague_scales={},
        approximately={},
        halves={"eine halbe million": 500_000, "einer halben million": 500_000, "ein dutzend": 12,
                "eine halbe milliarde": 5e8},
        articles=("ein", "eine", "einer", "einem", "einen"),
        unit_words=(),
    ),
    "fr": _Language(
        thousands=rf"[ .{_NBSP}]",
        scales={
            "millions": 1e6, "million": 1e6, "milliards": 1e9, "milliard": 1e9, "mds": 1e9, "md": 1e9,
            "mrds": 1e9, "mrd": 1e9, "billions": 1e12, "billion": 1e12, "mille": 1e3,
        },
        months=month_names("fr"),
        months_case_sensitive=False,
        date_digit=r"\d{1,2}(?:er)?\s+(?:{M})(?:\s+\d{4})?(?!\d)|" + _SLASH_DATE + "|" + _ISO_DATE,
        date_month=r"(?:{M})\s+\d{4}(?!\d)",
        time=r"\d{1,2}\s?h\s?\d{2}(?!\d)|\d{1,2}h(?!\w)|" + _CLOCK,
        ordinal=r"\d+(?:er|re|ère|ème|èmes|e|es|nd|nde)(?![^\W\d_])",
        vague={
            "des dizaines": many(10), "des centaines": many(100), "des milliers": many(1e3),
            "des millions": many(1e6), "des milliards": many(1e9), "plusieurs": several(),
            "plusieurs dizaines": several(10), "plusieurs centaines": several(100), "plusieurs milliers": several(1e3),
            "plusieurs millions": several(1e6), "quelques dizaines": several(10), "quelques centaines": several(100),
            "quelques milliers": several(1e3),
        },
        vague_scales={"milliers": 1e3, "millions": 1e6, "milliards": 1e9},
        approximately={
            "une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30,
            "une quarantaine": 40, "une cinquantaine": 50, "une soixantaine": 60, "une centaine": 100,
            "un millier": 1000,
        },
        halves={"un demi-million": 500_000, "un demi million": 500_000, "un demi-milliard": 5e8},
        articles=("un", "une"),
        unit_words=("pour cent", "pourcent"),
    ),
    "es": _Language(
        thousands=rf"[ .{_NBSP}]",
        scales={
            "mil millones": 1e9, "millones": 1e6, "millón": 1e6, "millon": 1e6, "millardos": 1e9, "millardo": 1e9,
            "billones": 1e12, "billón": 1e12, "mil": 1e3,
        },
        months=month_names("es"),
        months_case_sensitive=False,
        date_digit=r"\d{1,2}\s+de\s+(?:{M})(?:\s+del?\s+\d{4})?(?!\d)|" + _SLASH_DATE + "|" + _ISO_DATE,
        date_month=r"(?:{M})\s+(?:del?\s+)?\d{4}(?!\d)",
        time=r"\d{1,2}[:.]\d{2}\s*(?:horas|h)(?!\w)|" + _CLOCK,
        ordinal=r"\d+(?:\.?º|\.?ª|\.?°|er|ro|do|to|vo|no|mo)(?![^\W\d_])",
        vague={
            "decenas": many(10), "cientos": many(100), "centenares": many(100), "miles": many(1e3),
            "millares": many(1e3), "millones": many(1e6), "miles de millones": many(1e9),
            "varios": several(), "varias": several(), "algunos": several(), "algunas": several(),
            "varios cientos": several(100), "varias decenas": several(10), "varios miles": several(1e3),
            "algunos cientos": several(100), "algunos miles": several(1e3),
        },
        vague_scales={"miles": 1e3, "millones": 1e6},
        approximately={
            "una decena": 10, "una docena": 12, "una veintena": 20, "una treintena": 30, "un centenar": 100,
            "una centena": 100, "un millar": 1000,
        },
        halves={"medio millón": 500_000, "medio millon": 500_000},
        articles=("un", "una"),
        unit_words=("por ciento",),
        ordinal_words=("primer", "tercer"),
    ),
}  # fmt: skip


def _flags(case_sensitive: bool) -> str:
    return "" if case_sensitive else "(?i)"


@cache
def _master(language: str) -> re.Pattern[str]:
    """One regex for the digits, dates, times, ordinals and vague words of ``language``."""
    table = _LANGUAGES[language]
    month = f"(?{'-' if table.months_case_sensitive else ''}i:{alt(list(table.months))})(?![^\\W\\d_])"
    numeral = rf"(?:\d{{1,3}}(?:{table.thousands}\d{{3}})+(?!\d)|\d+)(?:,\d+)?"
    scale = rf"(?:[\s\u00a0-]+(?i:{alt(list(table.scales))})(?:(?<=\.)|(?![^\W\d_])))"
    digits = rf"{numeral}{scale}?(?:(?={GLUED_UNIT})|(?![\w/]|[.,:]\d))"
    collectives = [*table.vague, *table.approximately, *table.halves]
    heads = [phrase for phrase, v in table.vague.items() if 20 <= v.bounds()[0] < 1000]  # "des centaines", "decenas"
    of_scale = (
        rf"(?:{alt(heads)})\s+de\s+(?:{alt(list(table.vague_scales))})(?![^\W\d_])|" if table.vague_scales else ""
    )
    vague = rf"{of_scale}(?:{alt(collectives)})(?![^\W\d_-])"
    return re.compile(
        rf"(?=[\d+(]){NUMSTART}(?:(?P<date>{table.date_digit.replace('{M}', month)})|(?P<time>{table.time})"
        rf"|(?P<phone>{PHONE})|(?P<ordinal>{table.ordinal})|(?P<digits>{digits}))"
        rf"|(?<![^\W\d_])(?P<mdate>{table.date_month.replace('{M}', month)})"
        rf"|(?P<name>France\s+24)(?!\w)"
        rf"|(?<![^\W\d_])(?i:(?P<vague>{vague}))",
    )


class _Token:
    """A word for ``text2num``; digits and punctuation are tokens that are never part of a number word."""

    __slots__ = ("end", "other", "start", "word")

    def __init__(self, word: str, start: int, end: int) -> None:
        self.word, self.start, self.end = word, start, end
        self.other = not word[0].isalpha()

    def text(self) -> str:
        return self.word

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self.other


_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")


def _word_numbers(text: str, language: str) -> Iterator[Candidate]:
    """Number words found by ``text2num`` (its ordinals as ``ordinal`` candidates); a bare 1 is skipped: "ein",
    "un", "uno" are articles and pronouns far more often than counts."""
    from text_to_num import find_numbers as text2num_find

    table = _LANGUAGES[language]
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    for found in text2num_find(tokens, language, threshold=0):
        start, end = tokens[found.start].start, tokens[found.end - 1].end
        if found.is_ordinal or text[start:end].lower() in table.ordinal_words:
            yield Candidate("ordinal", start, end)
            continue
        value = float(found.value)
        if value == 1:
            continue
        before = text[max(0, start - 12) : end].lower()
        if any(before.endswith(unit) for unit in table.unit_words):
            continue  # "25 pour cent": the "cent" of a percent sign
        if found.start > 0 and value >= 1e3 and tokens[found.start - 1].word.lower() in table.articles:
            start = tokens[found.start - 1].start  # "eine Million": the article is the one
        scale = table.scales.get(tokens[found.end - 1].word.lower(), 1.0)  # "drei Millionen": 1e6
        yield Candidate("word", start, end, value=value, scale=scale)


def _parse_digits(body: str, language: str) -> tuple[float, float]:
    """The value and scale of a digit string in ``language``: "3,5 Mrd." -> (3.5e9, 1e9), "1.000" -> (1000, 1)."""
    table = _LANGUAGES[language]
    numeral = re.match(rf"\d{{1,3}}(?:{table.thousands}\d{{3}})+(?!\d)(?:,\d+)?|\d+(?:,\d+)?", body)
    assert numeral is not None, body
    number = float(re.sub(rf"{table.thousands}", "", numeral.group()).replace(",", "."))
    rest = " ".join(body[numeral.end() :].replace("\u00a0", " ").strip(" -").split()).lower()
    scale = table.scales[rest] if rest else 1.0
    return number * scale, scale


_GERMAN_ORDINAL_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:der|die|das|dem|den|des|am|im|zum|zur|vom|beim|ab|seit\s+dem|bis\s+zum)\s+\Z", re.IGNORECASE
)


def vague_bounds(phrase: str, language: str) -> tuple[float, float]:
    """The interval of a vague quantity of ``language`` ("des dizaines de milliers", "une centaine"), by the
    convention of ``core.vague``; ``ValueError`` for a phrase that is not one."""
    table = _LANGUAGES[language]
    key = " ".join(phrase.lower().split())
    if key in table.vague:
        return table.vague[key].bounds()
    if key in table.approximately:
        from reconcile.core.numbers import hedge_interval
        from reconcile.core.types import Hedge

        low, high = hedge_interval(Hedge.ABOUT, table.approximately[key])
        assert low is not None and high is not None
        return low, high
    head, _, scale = key.rpartition(" de ")  # "des dizaines de milliers" = tens of thousands
    if head not in table.vague or scale not in table.vague_scales:
        raise ValueError(f"{phrase!r} is not a vague quantity in {language}")
    return table.vague[head].times(table.vague_scales[scale]).bounds()


def candidates(text: str, language: str) -> Iterator[Candidate]:
    """Every number-like string of a German, French or Spanish ``text``, in order."""
    table = _LANGUAGES[language]
    found: list[Candidate] = []
    for match in _master(language).finditer(text):
        group = match.lastgroup
        assert group is not None
        start, end = match.span()
        body = match.group()
        if group == "digits":
            if language == "de" and text.startswith(".", end) and _GERMAN_ORDINAL_BEFORE.search(text, 0, start):
                found.append(Candidate("ordinal", start, end + 1))
                continue
            value, scale = _parse_digits(body, language)
            found.append(Candidate("digits", start, end, value=value, scale=scale))
        elif group == "vague":
            key = " ".join(body.lower().split())
            if key in table.halves:
                found.append(Candidate("word", start, end, value=table.halves[key]))
            else:
                low, high = vague_bounds(body, language)
                found.append(Candidate("vague", start, end, low=low, high=high))
        else:
            found.append(Candidate("date" if group == "mdate" else group, start, end))
    words = list(_word_numbers(text, language))
    yield from _merge(found, words)


def _merge(found: list[Candidate], words: list[Candidate]) -> Iterator[Candidate]:
    """The regex candidates and the text2num words in order; where they overlap the regex wins, except that
    a number word before a vague scale noun owns it ("zwei Millionen", not "Millionen" alone)."""
    kept = list(found)
    for word in words:
        overlapping = [c for c in kept if c.start < word.end and word.start < c.end]
        if not overlapping:
            kept.append(word)
        elif all(c.group == "vague" and word.start < c.start and c.end <= word.end for c in overlapping):
            kept = [c for c in kept if c not in overlapping] + [word]
    yield from sorted(kept, key=lambda c: c.start)
