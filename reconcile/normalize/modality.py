"""Done or announced, from the cue word nearest a number — English function words, no topic.

"France said it would expel 35" is announced; "Russia has expelled at least 45" is done; "35
diplomats are set to be expelled" is announced ("set to" is nearer than "expelled"). Threats,
denials and estimates have no reliable cue word and are left to the model's reading of the sentence.
"""

from __future__ import annotations

import re

from reconcile.core.claims import Modality

_ANNOUNCED_CUES = (
    r"announc\w*|would|will|is\s+to|are\s+to|set\s+to|plans?\s+to|planning\s+to|intends?\s+to"
    r"|decid\w*|agree\w*|expected\s+to|going\s+to"
)
# Past forms: regular "-ed" verbs (not "-ed" nouns such as "hundred"/"need"), plus common irregular ones.
_DONE_CUES = (
    r"(?!(?:hundred|need|speed|seed|feed|bed|red|shed|breed|creed)\b)[a-z]{2,}ed"
    r"|threw\s+out|thrown\s+out|shut|took|taken|held|fled|struck|hit|sent|lost|fell|rose|left|gave|given|stole|stolen"
    r"|ha(?:s|ve)\s+been|carried\s+out"
)
_MODALITY_CUES = re.compile(rf"(?<!\w)(?:(?P<announced>{_ANNOUNCED_CUES})|(?P<done>{_DONE_CUES}))(?!\w)", re.IGNORECASE)
AFTER_NUMBER_REACH = 40  # characters after the number in which a cue can still govern it


def modality_cue(sentence: str, start: int, end: int) -> Modality | None:
    """Done or announced, from the cue nearest the number at ``sentence[start:end]``; ``None`` if no cue."""
    best: tuple[int, Modality] | None = None
    for match in _MODALITY_CUES.finditer(sentence):
        if match.end() <= start:
            distance = start - match.end()
        elif match.start() >= end and match.start() - end <= AFTER_NUMBER_REACH:
            distance = match.start() - end
        else:
            continue
        modality = Modality.ANNOUNCED if match.group("announced") else Modality.DONE
        if best is None or distance < best[0]:
            best = (distance, modality)
    return best[1] if best else None
