"""Deterministic normalisation of the model's free-text fields: parties, places, sources, units, modality.

Provider-free on purpose (no model client, no database): these functions are pure, cached and fast,
so they can run over every claim and every article without cost, and tests can pin them down exactly.
What is topic-specific (which units exist, which words name them) comes from the active profile.
"""

from reconcile.normalize.entities import party_key, text_key
from reconcile.normalize.modality import modality_cue
from reconcile.normalize.parties import (
    NON_ISO_CODES,
    PartyMention,
    find_parties,
    resolve_parties,
    resolve_party,
    same_party,
)
from reconcile.normalize.places import article_place, place_key, place_root
from reconcile.normalize.units import unit_of, units_comparable, units_overlap

__all__ = [
    "NON_ISO_CODES",
    "PartyMention",
    "article_place",
    "find_parties",
    "modality_cue",
    "party_key",
    "place_key",
    "place_root",
    "resolve_parties",
    "resolve_party",
    "same_party",
    "text_key",
    "unit_of",
    "units_comparable",
    "units_overlap",
]
