"""Which language an article is written in, when its source does not say.

Why: numbers ("1.000" is a thousand in German, one in English), hedges, dates and sentence ends are read
per language, so an article's language must be known before its numbers are. ``py3langid`` (a
maintained fork of langid.py: one small bundled model, no download, about a millisecond per article)
is accurate on the short sentences of news in the tests; it returns an ISO 639-1 code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["detect_language"]

_LETTERS = re.compile(r"[^\W\d_]")
# Characters read: an article's opening is enough, and the cost stays flat for long texts. langid walks the
# text byte by byte in Python (about 0.3 ms per 1,000 characters): at 5,000, a 50,000-record export of full
# articles spent over a minute here alone. 2,000 characters (300 words) is many times what langid needs on
# news sentences (the tests' one-line sentences), and the seeds' and test articles' languages come out the
# same as from 5,000 (12 of 12, de/en/es/fr).
_SAMPLE = 2000


@cache
def _classify() -> Any:
    import py3langid  # imported on first use: loading its model takes a moment

    return py3langid.classify


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in ("en", "de", "fr", "es", ...).

    Raises ``ValueError`` for a text with no letters, which has no language to detect.
    """
    sample = text[:_SAMPLE]
    if not _LETTERS.search(sample):
        raise ValueError("no letters to detect a language from")
    language, _ = _classify()(sample)
    return str(language)
