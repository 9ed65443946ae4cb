"""Deterministic normalisation of the model's free-text fields: parties, actions and units.

Provider-free on purpose (no model client, no database): these functions are pure, cached and fast,
so they can run over every claim and every article without cost, and tests can pin them down exactly.
"""

from reconcile.normalize.parties import (
    NON_ISO_CODES,
    PartyMention,
    find_parties,
    resolve_parties,
    resolve_party,
    same_party,
)
from reconcile.normalize.vocab import (
    normalize_action,
    normalize_unit,
    unit_class_compatible,
    units_overlap,
)

__all__ = [
    "NON_ISO_CODES",
    "PartyMention",
    "find_parties",
    "normalize_action",
    "normalize_unit",
    "resolve_parties",
    "resolve_party",
    "same_party",
    "unit_class_compatible",
    "units_overlap",
]
