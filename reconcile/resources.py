"""The data the package ships: its built-in profiles and prompt templates, found through ``importlib.resources``.

Why one function: ``profiles/`` and ``prompts/`` sit at the top of the repository (people edit them as data),
and the build carries them into the wheel as the packages ``reconcile.builtin_profiles`` and
``reconcile.builtin_prompts`` (pyproject's ``package-dir``). Asking ``importlib.resources`` for those packages
finds them wherever the package is installed — a wheel in any venv, an editable checkout — where a path
computed from ``__file__`` finds them only in a source tree.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

BuiltinData = Literal["profiles", "prompts"]
_PACKAGES: dict[BuiltinData, str] = {"profiles": "reconcile.builtin_profiles", "prompts": "reconcile.builtin_prompts"}


class BuiltinDataMissing(RuntimeError):
    """The installation lacks its own data: a broken or zipped install, not something a user typed."""


@cache
def builtin_dir(kind: BuiltinData) -> Path:
    """The folder of the built-in ``profiles`` or ``prompts``, as a real directory.

    Jinja's loader and the profile registry read folders, so the data must be on disk; pip always installs
    wheels unpacked, so only a zipped import (which we do not support) lands in the error.
    """
    package = _PACKAGES[kind]
    try:
        folder = resources.files(package)
    except ModuleNotFoundError as exc:
        raise BuiltinDataMissing(f"reconcile is installed without its {kind} ({package}): reinstall it") from exc
    if not isinstance(folder, Path) or not folder.is_dir():
        raise BuiltinDataMissing(f"reconcile's {kind} are not a folder on disk ({folder}): install it unzipped")
    return folder
