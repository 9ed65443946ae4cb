"""Profiles: the topic knowledge the engine loads as data (see docs/profiles.md)."""

from reconcile.core.claims import MeasureKind
from reconcile.profile.registry import DEFAULT_PROFILE, ProfileError, available, load_profile
from reconcile.profile.spec import Measure, NumberClass, Profile, UnitClass

__all__ = [
    "DEFAULT_PROFILE",
    "Measure",
    "MeasureKind",
    "NumberClass",
    "Profile",
    "ProfileError",
    "UnitClass",
    "available",
    "load_profile",
]
