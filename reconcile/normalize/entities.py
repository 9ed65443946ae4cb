"""Keys for the free-text parties, places and sources of claims, so equal things group together.

A party that resolves to a country or body gets its code (``normalize.parties``); a place that names a
country or one of its subdivisions gets an ISO 3166 code (``IDN`` or ``ID-AC``, from ``pycountry``);
anything else ("police", "the Indian navy", "organisers") gets a normalised text key: case-folded,
determiners and possessives dropped, spaces collapsed. Keys are deterministic and cheap: grouping in
DuckDB compares them with ``=`` within a partition.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

from reconcile.normalize.parties import resolve_parties

_DETERMINERS = re.compile(r"^(?:the|a|an|its|their|his|her|some|local)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?\b")
_NON_WORD = re.compile(r"[^\w]+")


def text_key(text: str) -> str:
    """A normalised text key: "The Indian Navy's" -> "indian navy"."""
    folded = unicodedata.normalize("NFKC", text).strip()
    while (stripped := _DETERMINERS.sub("", folded)) != folded:
        folded = stripped
    folded = _POSSESSIVE.sub("", folded)
    return _NON_WORD.sub(" ", folded.casefold()).strip()


# Subdivision names that are ordinary words in English place phrases ("Gulf of Aden", "West Papua"):
# matched inside a longer phrase they would send a place to the wrong country, so they never match.
_GENERIC_PLACE_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "central",
        "centre",
        "center",
        "northern",
        "southern",
        "eastern",
        "western",
        "gulf",
        "coast",
        "capital",
        "islands",
        "island",
        "lake",
        "river",
        "mountain",
        "mountains",
        "upper",
        "lower",
        "greater",
        "special",
        "city",
        "district",
        "region",
        "province",
        "state",
        "valley",
        "bay",
        "sea",
        "port",
        "new",
    }
)


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Subdivision names (case-folded, with and without their type word) -> ISO 3166-2 code; unique only."""
    names: dict[str, str | None] = {}
    for sub in pycountry.subdivisions:
        for name in {sub.name, re.sub(r"\s*\(.*\)$", "", sub.name)}:
            key = text_key(name)
            names[key] = None if key in names and names[key] != sub.code else sub.code
    return {
        key: code
        for key, code in names.items()
        if code is not None and len(key) > 3 and not set(key.split()) <= _GENERIC_PLACE_WORDS
    }


@lru_cache(maxsize=4096)
def place_key(text: str) -> str | None:
    """The most specific key of a place: a subdivision code, a country code, or a text key.

    A subdivision named anywhere in the phrase wins ("Banda Aceh, Indonesia" -> ``ID-AC``, as "Aceh"
    does), so a city and its province meet; then a single country ("in Indonesia" -> ``IDN``).
    """
    key = text_key(text)
    if not key:
        return None
    words = key.split()
    subdivisions = _subdivisions()
    for size in range(min(4, len(words)), 0, -1):  # longest names first
        for first in range(len(words) - size + 1):
            code = subdivisions.get(" ".join(words[first : first + size]))
            if code:
                return code
    codes = resolve_parties(text)
    return codes[0] if len(codes) == 1 else key


def party_key(text: str) -> tuple[str | None, str | None]:
    """The key of a party and, for several countries, their sorted members (``MULTI``)."""
    codes = sorted(set(resolve_parties(text)))
    if len(codes) == 1:
        return codes[0], None
    if codes:
        return "MULTI", ",".join(codes)
    return (text_key(text) or None), None
