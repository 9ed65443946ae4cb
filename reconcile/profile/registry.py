"""Find and load a profile by path or name.

Resolution order (after spaCy's registries): an explicit path (a folder holding ``profile.toml``, or
the file itself), then a Python entry point in the group ``reconcile.profiles`` (a package can ship a
beat: the entry point names a folder), then a built-in name under the repository's ``profiles/`` (carried
into the package as ``reconcile.builtin_profiles``; found through ``reconcile.resources``).
Errors list what is available, so a typo is one look away from its fix.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconcile.profile.spec import Profile
from reconcile.resources import builtin_dir

DEFAULT_PROFILE = "news"
ENTRY_POINT_GROUP = "reconcile.profiles"
PROFILE_FILE = "profile.toml"
EXAMPLES_FILE = "examples.toml"


class ProfileError(ValueError):
    """A profile that cannot be found or does not validate; the message says what to do."""


def builtin_names() -> list[str]:
    return sorted(p.parent.name for p in builtin_dir("profiles").glob(f"*/{PROFILE_FILE}"))


def _entry_points() -> dict[str, metadata.EntryPoint]:
    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def available() -> list[str]:
    return sorted({*builtin_names(), *_entry_points()})


def _folder_for(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.is_file():
        return path.parent
    if (path / PROFILE_FILE).is_file():
        return path
    name = str(name_or_path)
    if name in _entry_points():
        target = _entry_points()[name].load()
        folder = Path(target if isinstance(target, (str, Path)) else getattr(target, "__path__", [""])[0])
        if (folder / PROFILE_FILE).is_file():
            return folder
        raise ProfileError(f"entry point {name!r} in {ENTRY_POINT_GROUP} does not name a folder with {PROFILE_FILE}")
    builtin = builtin_dir("profiles") / name
    if (builtin / PROFILE_FILE).is_file():
        return builtin
    raise ProfileError(
        f"no profile {name!r}: give a folder holding {PROFILE_FILE}, or one of: {', '.join(available())}"
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read: {exc.strerror}") from exc


def _describe(exc: ValidationError, path: Path) -> str:
    lines = [f"{path}: invalid profile"]
    for error in exc.errors()[:10]:
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


def load_profile_uncached(name_or_path: str | Path) -> Profile:
    folder = _folder_for(name_or_path)
    data = _read_toml(folder / PROFILE_FILE)
    if (folder / EXAMPLES_FILE).is_file():
        data.setdefault("examples", [])
        data["examples"] = [*data["examples"], *_read_toml(folder / EXAMPLES_FILE).get("examples", [])]
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_describe(exc, folder / PROFILE_FILE)) from exc


@lru_cache(maxsize=16)
def _load_cached(key: str) -> Profile:
    return load_profile_uncached(key)


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """The profile named (built-in or entry point) or at a path; ``None`` means the default, ``news``."""
    return _load_cached(str(name_or_path or DEFAULT_PROFILE))
