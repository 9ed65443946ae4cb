"""Keys for the free-text parties and sources of claims, so equal things group together.

A party that resolves to a country or body gets its code (``normalize.parties``; places are resolved by
``normalize.places``); anything else ("police", "organisers") gets a normalised text key: case-folded,
determiners and possessives dropped, spaces collapsed. Keys are deterministic and cheap: grouping in
DuckDB compares them with ``=`` within a partition.
"""

from __future__ import annotations

import re
import unicodedata

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


def party_key(text: str) -> tuple[str | None, str | None]:
    """The key of a party and, for several countries, their sorted members (``MULTI``)."""
    codes = sorted(set(resolve_parties(text)))
    if len(codes) == 1:
        return codes[0], None
    if codes:
        return "MULTI", ",".join(codes)
    return (text_key(text) or None), None
