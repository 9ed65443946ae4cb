"""Tests for ``reconcile.core.language``: the language of short news sentences (written for these tests)."""

from __future__ import annotations

import pytest

from reconcile.core.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Police said 40 people were hurt when the ferry hit the pier.", "en"),
        ("The mayor resigned on Monday.", "en"),
        ("Mindestens 40 Menschen wurden verletzt, als die Fähre den Steg rammte.", "de"),
        ("Der Bürgermeister trat am Montag zurück.", "de"),
        ("Rund 3,5 Mrd. Euro fehlen.", "de"),
        ("Au moins 40 personnes ont été blessées quand le ferry a heurté le quai.", "fr"),
        ("Le maire a démissionné lundi.", "fr"),
        ("Près de trente-cinq bateaux ont coulé.", "fr"),
        ("Al menos 40 personas resultaron heridas cuando el ferry chocó con el muelle.", "es"),
        ("El alcalde dimitió el lunes.", "es"),
        ("Unos cuarenta y cinco barcos se hundieron.", "es"),
        ("Almeno 40 persone sono rimaste ferite.", "it"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "40 - 35 (2022)"])
def test_no_letters_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValueError, match="no letters"):
        detect_language(text)
