"""What a number measures, read from the symbols and words right next to it: money, percent, a physical
measure or a duration.

Why a table and not the model: the unit decides whether two figures can be compared at all (a crowd of
100,000 never contradicts $100,000), so it must be as deterministic and grounded as the number itself.
The words are general language, not topic knowledge: currencies (ISO 4217 codes), percent, SI-ish
units, durations — in English, German, French and Spanish.

Unit codes (the ``unit`` of a ``NumberMention``):

* money: the ISO 4217 code (``EUR``, ``USD``, ``GBP``, ...). A bare ``$`` is ``USD`` (news without a
  qualifier means US dollars; ``C$``, ``A$``, ``HK$``... say otherwise). A sign lost in decoding (U+FFFD,
  "�25.7bn") is ``XXX``, ISO 4217's "no currency": money, comparable with no known currency. A currency
  word that names no single currency ("pesos", "dinars", "crowns") gives kind money with unit ``None``.
* percent: ``percent``; "percentage points" are ``percentage_point`` (a difference of percents, never
  comparable with a percent).
* measures: ``magnitude`` (earthquakes), ``km``, ``m``, ``cm``, ``mm``, ``mi``, ``mi2``, ``ft``, ``km2``,
  ``hectares``, ``acre``, ``kg``, ``tonnes``, ``lb``, ``l``, ``gal``, ``bbl`` (barrels), ``kmh``, ``mph``,
  ``kn`` (knots), ``celsius``, ``fahrenheit``, ``degrees`` (unqualified), ``MW``, ``GW``, ``kWh``.
* durations are recognised (``DURATION_UNIT``) only so the number finder can exclude them.

"pounds" is money (GBP) unless "of" follows ("10 pounds of cocaine" is a weight, ``lb``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reconcile.core.candidates import alt
from reconcile.core.types import NumberKind

__all__ = ["DURATION_UNIT", "UnitReading", "currency_before", "magnitude_before", "unit_after"]

DURATION_UNIT = "duration"

# Currency symbols, and dollar signs qualified by a country prefix ("US$", "C$", "HK$").
_SYMBOLS: dict[str, str] = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH", "₺": "TRY",
    "₩": "KRW", "₪": "ILS", "₦": "NGN", "₱": "PHP", "฿": "THB", "₫": "VND", "₣": "CHF",
    "US$": "USD", "U.S.$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "NT$": "TWD",
    "Fr.": "CHF", "CHF": "CHF", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
# U+FFFD is what a decoder leaves where it lost a character. Glued to the digits of an amount, and not to
# the end of a word ("caf\ufffd"), the lost character was a currency sign (€, £, ¥, ₹...) far more often
# than anything else: a lost opening quote would stand before a number word, since style guides spell
# out a number that starts a sentence. Money, currency unknown: ISO 4217 "XXX", never compared with a
# known currency.
_LOST_SIGN_BEFORE = re.compile(r"(?<![^\W\d_])\ufffd+\Z")
LOST_CURRENCY = "XXX"

# Currency words after a number, per language (lowercase; plural and singular forms).
_CURRENCY_WORDS: dict[str, dict[str, str | None]] = {
    "en": {
        "dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
        "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
        "new zealand dollars": "NZD", "singapore dollars": "SGD", "taiwan dollars": "TWD",
        "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP",
        "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR",
        "indian rupees": "INR", "pakistani rupees": "PKR", "roubles": "RUB", "rubles": "RUB",
        "hryvnias": "UAH", "hryvnia": "UAH", "swiss francs": "CHF", "francs": "CHF", "lira": "TRY",
        "rand": "ZAR", "naira": "NGN", "shekels": "ILS", "riyals": "SAR", "dirhams": "AED",
        "swedish kronor": "SEK", "kronor": "SEK", "norwegian kroner": "NOK", "danish kroner": "DKK",
        "zloty": "PLN", "zlotys": "PLN", "zł": "PLN", "zl": "PLN", "forints": "HUF", "bitcoin": "XBT",
        "pesos": None, "dinars": None, "kroner": None, "crowns": None,
    },
    "de": {
        "euro": "EUR", "eur": "EUR", "dollar": "USD", "us-dollar": "USD", "pfund": "GBP",
        "britische pfund": "GBP", "franken": "CHF", "schweizer franken": "CHF", "yen": "JPY",
        "yuan": "CNY", "rubel": "RUB", "złoty": "PLN", "zloty": "PLN", "kronen": None,
    },
    "fr": {
        "euros": "EUR", "euro": "EUR", "dollars": "USD", "dollar": "USD", "dollars américains": "USD",
        "livres sterling": "GBP", "livres": "GBP", "francs suisses": "CHF", "francs": "CHF",
        "yens": "JPY", "yen": "JPY", "yuans": "CNY", "roubles": "RUB", "dollars canadiens": "CAD",
        "francs cfa": "XOF",
    },
    "es": {
        "euros": "EUR", "euro": "EUR", "dólares": "USD", "dolares": "USD", "dólar": "USD",
        "libras esterlinas": "GBP", "libras": "GBP", "francos suizos": "CHF", "yenes": "JPY",
        "yuanes": "CNY", "rublos": "RUB", "pesos": None, "pesos mexicanos": "MXN",
        "pesos argentinos": "ARS", "pesos chilenos": "CLP", "pesos colombianos": "COP", "soles": "PEN",
        "bolívares": "VES", "reales": "BRL",
    },
}  # fmt: skip

# Hundredths of a currency after a number: "81 cents" is 0.81 USD, "9 groszy" 0.09 PLN. The value is scaled by
# ``factor`` (``UnitReading``); the span stays the digits the text wrote.
_SUBUNIT_WORDS: dict[str, dict[str, str | None]] = {
    "en": {"cents": "USD", "cent": "USD", "pence": "GBP", "penny": "GBP", "pennies": "GBP", "groszy": "PLN",
           "grosz": "PLN", "kopecks": "RUB", "kopeks": "RUB", "centimes": "EUR", "paise": "INR"},
    "de": {"cent": "EUR", "cents": "EUR", "rappen": "CHF", "pence": "GBP"},
    "fr": {"centimes": "EUR", "centime": "EUR", "cents": "EUR"},
    "es": {"céntimos": "EUR", "céntimo": "EUR", "centavos": None, "centavo": None, "centimos": "EUR"},
}  # fmt: skip
SUBUNIT = 0.01

_PERCENT_WORDS: dict[str, dict[str, str]] = {
    "en": {"percent": "percent", "per cent": "percent", "pct": "percent",
           "percentage points": "percentage_point", "percentage point": "percentage_point"},
    "de": {"prozent": "percent", "prozentpunkte": "percentage_point", "prozentpunkten": "percentage_point"},
    "fr": {"pour cent": "percent", "pourcent": "percent", "points de pourcentage": "percentage_point",
           "points de pourcentages": "percentage_point"},
    "es": {"por ciento": "percent", "puntos porcentuales": "percentage_point"},
}  # fmt: skip

_MEASURE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km", "kms": "km",
        "square kilometres": "km2", "square kilometers": "km2", "square km": "km2", "sq km": "km2",
        "metres": "m", "meters": "m", "metre": "m", "meter": "m", "centimetres": "cm", "centimeters": "cm",
        "cm": "cm", "millimetres": "mm", "millimeters": "mm", "mm": "mm", "miles": "mi", "mile": "mi",
        "square miles": "mi2", "feet": "ft", "foot": "ft", "ft": "ft", "hectares": "hectares",
        "hectare": "hectares",
        "acres": "acre", "acre": "acre", "kilograms": "kg", "kilogrammes": "kg", "kilos": "kg", "kg": "kg",
        "tonnes": "tonnes", "tonne": "tonnes", "tons": "tonnes", "ton": "tonnes", "metric tons": "tonnes",
        "pounds of": "lb",
        "litres": "l", "liters": "l", "gallons": "gal", "barrels": "bbl", "barrel": "bbl",
        "km/h": "kmh", "kph": "kmh", "kilometres per hour": "kmh", "kilometers per hour": "kmh",
        "mph": "mph", "miles per hour": "mph", "knots": "kn", "degrees celsius": "celsius",
        "degrees fahrenheit": "fahrenheit", "degrees": "degrees", "megawatts": "MW", "mw": "MW", "gigawatts": "GW",
        "gw": "GW", "kwh": "kWh", "magnitude": "magnitude", "on the richter scale": "magnitude",
        "degrees f": "fahrenheit", "degrees c": "celsius", "fahrenheit": "fahrenheit", "celsius": "celsius",
        "inch": "in", "inches": "in", "light years": "ly", "light-years": "ly", "lightyears": "ly",
        "light year": "ly", "light-year": "ly", "grams": "g", "gram": "g", "ounces": "oz", "ounce": "oz",
        "lbs": "lb", "watts": "W", "watt": "W", "kilowatts": "kW", "kw": "kW", "gigabytes": "GB", "gb": "GB",
        "terabytes": "TB", "tb": "TB", "megabytes": "MB", "mb": "MB", "ghz": "GHz", "mhz": "MHz", "mah": "mAh",
        "megapixels": "MP", "megapixel": "MP", "mp": "MP", "mm hg": "mmHg", "mmhg": "mmHg", "hp": "hp",
        "horsepower": "hp", "rpm": "rpm", "miles per gallon": "mpg", "mpg": "mpg",
    },
    "de": {
        "kilometer": "km", "km": "km", "quadratkilometer": "km2", "meter": "m", "metern": "m", "m": "m",
        "zentimeter": "cm", "millimeter": "mm", "hektar": "hectares", "kilogramm": "kg", "kilo": "kg", "kg": "kg",
        "tonnen": "tonnes", "tonne": "tonnes", "liter": "l", "barrel": "bbl", "fass": "bbl", "km/h": "kmh",
        "stundenkilometer": "kmh", "grad celsius": "celsius", "grad": "degrees", "megawatt": "MW", "mw": "MW",
        "gigawatt": "GW", "kwh": "kWh", "auf der richterskala": "magnitude", "zoll": "in", "gramm": "g",
        "lichtjahre": "ly", "lichtjahren": "ly", "watt": "W", "kilowatt": "kW", "gigabyte": "GB", "gb": "GB",
        "terabyte": "TB", "tb": "TB", "ghz": "GHz", "mah": "mAh", "megapixel": "MP", "ps": "hp",
    },
    "fr": {
        "kilomètres": "km", "kilomètre": "km", "km": "km", "kilomètres carrés": "km2", "km2": "km2",
        "mètres": "m", "mètre": "m", "m": "m", "centimètres": "cm", "millimètres": "mm", "hectares": "hectares",
        "kilogrammes": "kg", "kilos": "kg", "kg": "kg", "tonnes": "tonnes", "tonne": "tonnes", "litres": "l",
        "barils": "bbl", "km/h": "kmh", "kilomètres-heure": "kmh", "kilomètres par heure": "kmh",
        "degrés celsius": "celsius", "degrés": "degrees", "mégawatts": "MW", "mw": "MW", "gigawatts": "GW",
        "kwh": "kWh", "sur l'échelle de richter": "magnitude", "pouces": "in", "pouce": "in", "grammes": "g",
        "années-lumière": "ly", "année-lumière": "ly", "watts": "W", "go": "GB", "to": "TB", "ghz": "GHz",
        "mah": "mAh", "mégapixels": "MP", "chevaux": "hp", "ch": "hp",
    },
    "es": {
        "kilómetros": "km", "kilómetro": "km", "km": "km", "kilómetros cuadrados": "km2", "metros": "m",
        "metro": "m", "m": "m", "centímetros": "cm", "milímetros": "mm", "hectáreas": "hectares",
        "kilogramos": "kg", "kilos": "kg", "kg": "kg", "toneladas": "tonnes", "tonelada": "tonnes", "litros": "l",
        "barriles": "bbl", "km/h": "kmh", "kilómetros por hora": "kmh", "grados celsius": "celsius",
        "grados": "degrees", "megavatios": "MW", "mw": "MW", "gigavatios": "GW", "kwh": "kWh",
        "en la escala de richter": "magnitude", "de magnitud": "magnitude", "pulgadas": "in", "gramos": "g",
        "años luz": "ly", "vatios": "W", "gb": "GB", "tb": "TB", "ghz": "GHz", "mah": "mAh", "megapíxeles": "MP",
        "caballos": "hp", "cv": "hp",
    },
}  # fmt: skip

_DURATION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("seconds", "second", "minutes", "minute", "hours", "hour", "days", "day", "weeks", "week",
           "months", "month", "years", "year", "decades", "decade", "centuries", "century", "nights", "night"),
    "de": ("sekunden", "minuten", "minute", "stunden", "stunde", "tage", "tagen", "tag", "wochen", "woche",
           "monate", "monaten", "monat", "jahre", "jahren", "jahr", "jahrzehnte", "jahrzehnten", "nächte"),
    "fr": ("secondes", "minutes", "minute", "heures", "heure", "jours", "jour", "semaines", "semaine",
           "mois", "ans", "an", "années", "année", "décennies", "siècles", "nuits"),
    "es": ("segundos", "minutos", "minuto", "horas", "hora", "días", "dias", "día", "semanas", "semana",
           "meses", "mes", "años", "año", "décadas", "siglos", "noches"),
}  # fmt: skip

# Symbols written right after a number, with or without a (narrow) space: "25%", "25 %", "3,5 €", "10km".
_GLUED: dict[str, tuple[NumberKind, str]] = {
    "%": (NumberKind.PERCENT, "percent"), "€": (NumberKind.MONEY, "EUR"), "$": (NumberKind.MONEY, "USD"),
    "£": (NumberKind.MONEY, "GBP"), "°C": (NumberKind.MEASURE, "celsius"), "°F": (NumberKind.MEASURE, "fahrenheit"),
    "°": (NumberKind.MEASURE, "degrees"), "km²": (NumberKind.MEASURE, "km2"), "km2": (NumberKind.MEASURE, "km2"),
    "km/h": (NumberKind.MEASURE, "kmh"), "km": (NumberKind.MEASURE, "km"), "kg": (NumberKind.MEASURE, "kg"),
    "cm": (NumberKind.MEASURE, "cm"), "mm": (NumberKind.MEASURE, "mm"), "mph": (NumberKind.MEASURE, "mph"),
    "kph": (NumberKind.MEASURE, "kmh"), "ft": (NumberKind.MEASURE, "ft"), "ha": (NumberKind.MEASURE, "hectares"),
    "MW": (NumberKind.MEASURE, "MW"), "GW": (NumberKind.MEASURE, "GW"), "kWh": (NumberKind.MEASURE, "kWh"),
    "GB": (NumberKind.MEASURE, "GB"), "TB": (NumberKind.MEASURE, "TB"), "MB": (NumberKind.MEASURE, "MB"),
    "GHz": (NumberKind.MEASURE, "GHz"), "MHz": (NumberKind.MEASURE, "MHz"), "mAh": (NumberKind.MEASURE, "mAh"),
    "MP": (NumberKind.MEASURE, "MP"), "kW": (NumberKind.MEASURE, "kW"), "hp": (NumberKind.MEASURE, "hp"),
    "rpm": (NumberKind.MEASURE, "rpm"), "mm Hg": (NumberKind.MEASURE, "mmHg"), "mmHg": (NumberKind.MEASURE, "mmHg"),
    "″": (NumberKind.MEASURE, "in"), "”": (NumberKind.MEASURE, "in"),
}  # fmt: skip
_GLUED_LOWER = {symbol.lower(): reading for symbol, reading in _GLUED.items()}
# Symbols that are units only glued to the digits, as written (case counts): "11in", "199g", "25W", "2lbs".
_TIGHT: dict[str, tuple[NumberKind, str]] = {
    "in": (NumberKind.MEASURE, "in"), "g": (NumberKind.MEASURE, "g"), "W": (NumberKind.MEASURE, "W"),
    "lbs": (NumberKind.MEASURE, "lb"), "lb": (NumberKind.MEASURE, "lb"), "oz": (NumberKind.MEASURE, "oz"),
    "pc": (NumberKind.PERCENT, "percent"),  # British papers' "12.5pc"
}  # fmt: skip
# Hundredths of a currency glued to the digits: "85p" is 0.85 GBP (British papers' pence), "45c" 0.45.
_TIGHT_SUBUNITS: dict[str, str] = {"p": "GBP", "c": "USD"}  # "45c": cents, USD as "cents" is
# An ISO 4217 code after a number ("52.10 USD", "870 mln PLN"): written in capitals, checked against ISO 4217.
_CODE_AFTER = re.compile(r"[ \u00a0\u202f](?P<code>[A-Z]{3})(?![\w$])")
# "N times" is a multiplier when a comparison follows ("1.8 times faster", "ten times the size", "30 times
# more potent", "trois fois plus"); "used nine times" counts occasions.
_TIMES = re.compile(
    r"[\s-]+(?:of\s+)?(?:times|fois|veces|mal)(?=\s+(?:the|as|more|less|fewer|bigger|larger|greater|higher|lower|faster|"
    r"slower|smaller|stronger|hotter|colder|cheaper|longer|heavier|brighter|deadlier|wider|plus|moins|más|menos|"
    r"so|mehr|größer|höher)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class UnitReading:
    """What the words next to a number say it measures; ``end`` is where those words end."""

    kind: NumberKind
    unit: str | None
    end: int
    factor: float = 1.0  # what the written number is multiplied by: 0.01 for "cents"


@cache
def _after(language: str) -> tuple[re.Pattern[str], dict[str, tuple[NumberKind, str | None]], frozenset[str]]:
    """The regex of unit words after a number in ``language`` (with English as a fallback), their meaning, and
    which of them name hundredths of a currency ("cents")."""
    meaning: dict[str, tuple[NumberKind, str | None]] = {}
    subunits: set[str] = set()
    for lang in dict.fromkeys([language, "en"]):
        for word in _DURATION_WORDS.get(lang, ()):
            meaning.setdefault(word, (NumberKind.DURATION, DURATION_UNIT))
        for word, unit in _PERCENT_WORDS.get(lang, {}).items():
            meaning.setdefault(word, (NumberKind.PERCENT, unit))
        for word, code in _CURRENCY_WORDS.get(lang, {}).items():
            meaning.setdefault(word, (NumberKind.MONEY, code))
        for word, code in _SUBUNIT_WORDS.get(lang, {}).items():
            if word not in meaning:
                meaning[word] = (NumberKind.MONEY, code)
                subunits.add(word)
        for word, unit in _MEASURE_WORDS.get(lang, {}).items():
            meaning.setdefault(word, (NumberKind.MEASURE, unit))
    # "of"/"de"/"d'" join a vague quantity or scale to its unit: "millions of dollars", "3,5 milliards d'euros".
    joiner = r"(?:of\s+|de\s+|d['’]\s*)?"
    pattern = re.compile(
        rf"(?P<tight>(?-i:{alt([*_TIGHT, *_TIGHT_SUBUNITS])}))(?![A-Za-z])"
        rf"|(?P<glued>[ \u00a0\u202f\u2009]?(?:{alt(list(_GLUED))}))(?![A-Za-z])"
        rf"|[\s\u00a0\u202f-]+{joiner}(?P<word>{alt(list(meaning))})(?![\w-])",
        re.IGNORECASE,
    )
    return pattern, meaning, frozenset(subunits)


_POUNDS_OF = re.compile(r"\s+of\s", re.IGNORECASE)


def unit_after(text: str, end: int, language: str = "en") -> UnitReading | None:
    """The unit written right after a number ending at ``end``, or None when the next words name none."""
    pattern, meaning, subunits = _after(language)
    times = _TIMES.match(text, end)
    if times is not None:
        return UnitReading(NumberKind.MEASURE, "times", times.end())
    found = pattern.match(text, end)
    if found is None:
        code = _CODE_AFTER.match(text, end)
        if code is not None and code.group("code") in _iso_codes():
            return UnitReading(NumberKind.MONEY, code.group("code"), code.end())
        return None
    if found.group("tight") is not None:
        tight = found.group("tight")
        if tight in _TIGHT_SUBUNITS:
            return UnitReading(NumberKind.MONEY, _TIGHT_SUBUNITS[tight], found.end(), SUBUNIT)
        tight_kind, tight_unit = _TIGHT[tight]
        return UnitReading(tight_kind, tight_unit, found.end())
    if found.group("glued") is not None:
        glued_kind, glued_unit = _GLUED_LOWER[found.group("glued").strip(" \u00a0\u202f\u2009").lower()]
        return UnitReading(glued_kind, glued_unit, found.end())
    word = " ".join(found.group("word").lower().split())
    if word in ("pounds", "pound") and _POUNDS_OF.match(text, found.end()):
        return UnitReading(NumberKind.MEASURE, "lb", found.end())
    kind, unit = meaning[word]
    return UnitReading(kind, unit, found.end(), SUBUNIT if word in subunits else 1.0)


_SYMBOL_BEFORE = re.compile(
    rf"(?:(?<![\w.])(?:{alt([s for s in _SYMBOLS if len(s) > 1])})|[{''.join(s for s in _SYMBOLS if len(s) == 1)}])"
    r"[ \u00a0\u202f]?\Z"
)
_CODE_BEFORE = re.compile(r"(?<![\w$])(?P<code>[A-Z]{3})[ \u00a0\u202f]?\Z")


@cache
def _iso_codes() -> frozenset[str]:
    import pycountry  # a dependency already (country names); its currency table is the ISO 4217 list

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """The ISO 4217 code of a currency symbol or code written right before ``start`` ("$", "US$", "EUR "),
    and where it starts; None when there is none."""
    window = max(0, start - 8)
    lost = _LOST_SIGN_BEFORE.search(text, window, start)
    if lost is not None and text[start : start + 1].isdigit():
        return LOST_CURRENCY, lost.start()
    symbol = _SYMBOL_BEFORE.search(text, window, start)
    if symbol is not None:
        written = symbol.group().rstrip(" \u00a0\u202f")
        return _SYMBOLS[written], symbol.start()
    code = _CODE_BEFORE.search(text, window, start)
    if code is not None and code.group("code") in _iso_codes():
        return code.group("code"), code.start()
    return None


_MAGNITUDE_BEFORE = re.compile(r"(?<!\w)(?:magnitude|magnitud|Stärke)(?:\s+(?:of|de))?[\s-]*\Z", re.IGNORECASE)


def magnitude_before(text: str, start: int) -> bool:
    """Whether "magnitude" ("Stärke", "magnitud") is written right before ``start``: "a magnitude 6.1
    quake", "magnitude-6.1", "de magnitud 6,1". ("M6.1" is glued to a letter and never found.)"""
    return _MAGNITUDE_BEFORE.search(text, max(0, start - 16), start) is not None
