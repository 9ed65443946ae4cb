"""Who gives a figure: the speaker of a sentence's reporting construction, read from its grammar.

Why: a figure's source is who the article says gives it ("police said", "according to the UN", "said
the mayor"), and ``null`` when the article states it itself. A small model asked to choose a source
picks one for nearly every number (the actor, a place, a demonym); the reporting construction decides it
instead, deterministically, and its speaker is a span of the text. Which words make a reporting
construction is language data (``LANGUAGES``: English, German, French, Spanish); the patterns of all four
are applied together (the words do not collide), so an article whose language was misdetected still gets its
source; the rule registry runs it only on articles in one of those languages.

Three shapes, in every language:

* the speaker before its verb: "Police said", "the city council told reporters", "Die Polizei teilte
  mit", "La préfecture a indiqué" (with an apposition: "Ana Ruiz, a council spokeswoman, said");
* the verb before its speaker, after a comma or a quote: ", said the coroner.", ", sagte ein Sprecher.",
  ", a déclaré le maire.", ", dijo la alcaldesa.";
* a preposition: "according to X", "laut X", "nach Angaben der X", "selon X", "d'après X", "según X",
  "de acuerdo con X".

A verb that is also a noun or a participle ("reports of damage", "reported bombing", "announced the
expulsion of 15") counts only before "that"/"que"/"dass" or at a clause's end: "Denmark announced the
expulsion of 15" has no reporting clause, the announcement is the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LANGUAGES", "PRONOUNS", "Speaker", "find_speakers"]


@dataclass(frozen=True, slots=True)
class Language:
    """The words of one language's reporting constructions (regex fragments, matched case-insensitively
    except where a name's capital matters)."""

    verbs: str  # speech verbs that always report ("said", "sagte", "a déclaré", "dijo")
    verbs_that: str  # verbs that report only before "that" or at a clause's end ("reported", "announced")
    according: str  # prepositions that introduce a source ("according to", "laut", "selon", "según")
    that: str  # the complementiser after a speech verb
    determiners: str  # words that open a noun phrase: where a speaker before its verb starts
    stops: str  # words a speaker before its verb never holds: conjunctions, relatives, auxiliaries
    auxiliaries: str  # "has said", "hat gesagt": skipped between a speaker and its verb
    pronouns: str


LANGUAGES: dict[str, Language] = {
    "en": Language(
        verbs=r"said|says|say|told|tells|tell|added|adds|stated|states|tweeted|wrote|quoted|"
        r"put(?:s)?\s+(?:[\w-]+\s+){1,4}?at(?=\s)",  # "put the turnout at 40,000"
        verbs_that=r"reported|reports|announced|announces|confirmed|confirms|declared|declares|estimated|estimates",
        according=r"according\s+to",
        that=r"that",
        determiners=r"the|a|an|its|his|her|their|our|this|these|those",
        stops=r"that|which|who|whom|whose|and|but|or|while|when|where|after|before|as|if|because|since|so|then|"
        r"also|it|they|he|she|we|i|you|there|been|be|being|not|no|of|in|on|at|for|to|from|with|by|into|than",
        auxiliaries=r"has|have|had|was|were|is|are|will|would|also|later|earlier|previously|separately|then|"
        r"had\s+earlier",
        pronouns=r"he|she|they|we|it|i|you",
    ),
    "de": Language(
        verbs=r"sagte|sagten|sagt|teilte|teilten|erklärte|erklärten|erklärt|betonte|betonten|meldete|meldeten|"
        r"berichtete|berichteten|bestätigte|bestätigten|gesagt|erklärt|mitgeteilt",
        verbs_that=r"berichtet|meldet|bestätigt",
        according=r"laut|nach\s+Angaben\s+(?:von|des|der|eines|einer)",
        that=r"dass",
        determiners=r"der|die|das|den|dem|des|ein|eine|einer|eines|einem|sein|seine|ihr|ihre",
        stops=r"dass|und|aber|oder|als|wenn|weil|wie|es|er|sie|wir|ich|nicht|kein|keine|von|in|im|am|an|auf|"
        r"mit|bei|nach|aus|für|zu|zum|zur",
        auxiliaries=r"hat|haben|hatte|hatten|habe|hätten|am\s+\w+tag|bereits|zuvor",
        pronouns=r"er|sie|es|wir|ich",
    ),
    "fr": Language(
        verbs=r"a\s+déclaré|ont\s+déclaré|a\s+indiqué|ont\s+indiqué|a\s+affirmé|ont\s+affirmé|a\s+précisé|"
        r"ont\s+précisé|a\s+ajouté|ont\s+ajouté|a\s+dit|ont\s+dit|a\s+expliqué|déclare|indique|affirme|précise|"
        r"ajoute|explique|a-t-(?:il|elle)\s+(?:déclaré|indiqué|précisé|ajouté|dit)",
        verbs_that=r"a\s+annoncé|ont\s+annoncé|annonce|a\s+confirmé|ont\s+confirmé|confirme|rapporte|a\s+rapporté",
        according=r"selon|d['’]après",
        that=r"que|qu['’]",
        determiners=r"le|la|les|l['’]|un|une|des|du|son|sa|ses|leur|leurs",
        stops=r"que|qui|et|mais|ou|quand|car|comme|si|il|elle|ils|elles|on|nous|je|ne|pas|de|à|au|aux|en|dans|"
        r"par|pour|avec|sur",
        auxiliaries=r"aussi|également|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
        pronouns=r"il|elle|ils|elles|on|nous",
    ),
    "es": Language(
        verbs=r"dijo|dijeron|afirmó|afirmaron|declaró|declararon|señaló|señalaron|indicó|indicaron|añadió|"
        r"añadieron|explicó|explicaron|aseguró|aseguraron|precisó|precisaron|ha\s+dicho|han\s+dicho",
        verbs_that=r"informó|informaron|confirmó|confirmaron|anunció|anunciaron|reportó|reportaron",
        according=r"según|de\s+acuerdo\s+con",
        that=r"que",
        determiners=r"el|la|los|las|un|una|unos|unas|su|sus|del",
        stops=r"que|quien|quienes|y|pero|o|cuando|porque|como|si|él|ella|ellos|ellas|nosotros|yo|no|de|a|al|en|"
        r"por|para|con|sobre",
        auxiliaries=r"también|además|ayer|hoy",
        pronouns=r"él|ella|ellos|ellas|nosotros",
    ),
}


def _union(attribute: str) -> str:
    return "|".join(f"(?:{getattr(language, attribute)})" for language in LANGUAGES.values())


_VERB = re.compile(rf"(?<![\w-])(?:{_union('verbs')})(?![\w-])", re.IGNORECASE)
_VERB_THAT = re.compile(
    rf"(?<![\w-])(?:{_union('verbs_that')})(?=\s+(?:{_union('that')})\b|\s*[,.;:!?\"”»]|\s*\Z)", re.IGNORECASE
)
_ACCORDING = re.compile(rf"(?<![\w-])(?:{_union('according')})\s+", re.IGNORECASE)
_DETERMINER = re.compile(rf"(?:{_union('determiners')})\Z", re.IGNORECASE)
_STOP = re.compile(rf"(?:{_union('stops')})\Z", re.IGNORECASE)
_AUXILIARY = re.compile(rf"(?:\s+(?:{_union('auxiliaries')}))+\s*\Z", re.IGNORECASE)
PRONOUNS = re.compile(rf"(?:{_union('pronouns')})\Z", re.IGNORECASE)
_PASSIVE = re.compile(r"(?:been|was|were|is|are|be|being|wurde|wurden|worden|été|fue|fueron|sido)\s*\Z", re.I)
_WORD = re.compile(r"[^\s,;:()\[\]\"“”«»—–]+")
_BOUNDARY = re.compile(r"[,;:()\[\]\"“”«»—–]|\s-{1,2}\s")
_MAX_WORDS = 6  # a speaker is a short noun phrase: "the provincial disaster agency's chief"
_RELATIVE = re.compile(r"(?:who|which|whose|der|die|das|qui|que|quien|quienes)\Z")
_INSIDE = re.compile(r"(?:of|at|in|on|from|von|aus|bei|de|du|des|del|en)\Z")  # inside a speaker phrase
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w.'’-]*\Z")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A reporting construction of a sentence: the speaker's words at ``start``..``end`` and where its
    verb or preposition stands (``at``), all offsets of the sentence; ``pronoun`` for "he said"."""

    start: int
    end: int
    at: int
    pronoun: bool = False


def _is_name(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


def _before(sentence: str, verb_at: int, quoted: bool = False) -> tuple[int, int] | None:
    """The noun phrase that ends right before a speech verb (auxiliaries between them skipped): back to a
    clause boundary, a stop word or after a determiner, at most ``_MAX_WORDS`` words. "A, an official,
    said" and "The head of the agency, B, said": of the phrase and its apposition, the one written as a
    name."""
    head = sentence[:verb_at]
    if _PASSIVE.search(head.rstrip()) and not quoted:  # "are said to be", "was reported": nobody speaks
        return None
    aux = _AUXILIARY.search(head)
    if aux is not None:
        head = head[: aux.start()]
    if _PASSIVE.search(head.rstrip()) and not quoted:
        return None
    end = len(head.rstrip())
    if end and head[end - 1] == "," and head[: end - 1].count(",") >= 1:  # "A, apposition, said"
        inner_start = head.rfind(",", 0, end - 1) + 1
        apposition = (inner_start + len(head[inner_start:]) - len(head[inner_start:].lstrip()), end - 1)
        outer = _phrase_back(head, inner_start - 1)
        inner = head[apposition[0] : apposition[1]]
        if outer is None or (_is_name(inner) and not _is_name(head[outer[0] : outer[1]])):
            return apposition if apposition[1] > apposition[0] else outer
        return outer  # "Ana Ruiz, a council spokeswoman,", "the source, who asked not to be named,"
    return _phrase_back(head, end)


def _phrase_back(text: str, end: int) -> tuple[int, int] | None:
    """The words that end at ``end`` and form a speaker (see ``_before``); a pronoun alone ("he said")."""
    boundary = max((m.end() for m in _BOUNDARY.finditer(text, 0, end)), default=0)
    words = list(_WORD.finditer(text, boundary, end))
    if words and PRONOUNS.match(words[-1].group().casefold()):
        return words[-1].start(), words[-1].end()
    chosen: list[re.Match[str]] = []
    index = len(words) - 1
    while index >= 0 and len(chosen) < _MAX_WORDS:
        bare = words[index].group().strip(".'’").casefold()
        if _STOP.match(bare) or any(c.isdigit() for c in bare):
            break
        chosen.append(words[index])
        # "Witnesses at the camp", "Sutopo of the disaster agency": a preposition between nouns goes on
        carries_on = (
            index >= 2
            and _INSIDE.match(words[index - 1].group().casefold()) is not None
            and not _STOP.match(words[index - 2].group().strip(".'’").casefold())
            and not _DETERMINER.match(words[index - 2].group().casefold())
        )
        if carries_on:
            chosen.append(words[index - 1])
            index -= 2
            continue
        if _DETERMINER.match(bare):
            break
        index -= 1
    while chosen and _DETERMINER.match(chosen[0].group().casefold()):  # no phrase is its determiner alone
        chosen.pop(0)
    if not chosen:
        return None
    return chosen[-1].start(), chosen[0].end()


def _after(
    sentence: str, start: int, *, nouns_capitalised: bool = False, closing: bool = False
) -> tuple[int, int] | None:
    """The noun phrase that follows a verb or preposition: up to a clause boundary, "that", a number or a
    sentence's end, at most ``_MAX_WORDS`` + 4 words ("said UN refugee agency spokesman Adrian Edwards").
    ``closing``: the phrase must end the clause (", said the coroner."), or it is what was said.
    ``nouns_capitalised`` (German): the phrase ends before a lower-case word after a noun ("laut Polizei
    nahmen")."""
    match = _BOUNDARY.search(sentence, start)
    stop = match.start() if match is not None else len(sentence)
    words: list[re.Match[str]] = []
    for word in _WORD.finditer(sentence, start, stop):
        text = word.group()
        if any(c.isdigit() for c in text):
            if closing:
                return None
            break
        if words and _STOP.match(text.casefold()) and text.casefold() not in ("of", "by", "de", "del"):
            if closing and not _RELATIVE.match(text.casefold()):  # ", said the official who uses one name."
                return None
            break
        if nouns_capitalised and words and text[:1].islower() and words[-1].group()[:1].isupper():
            break
        words.append(word)
    if not words or len(words) > _MAX_WORDS + 4:
        return None
    end = words[-1].end()
    while end > words[0].start() and sentence[end - 1] in ".!?":
        end -= 1
    return (words[0].start(), end) if end > words[0].start() else None


_CHUNKS = re.compile(r"(?:\A|,)([^,]*),([^,]*),\Z")


def _apposition(lead: str) -> bool:
    """Does ``lead`` (the text before a speech verb, ending in a comma) end with a speaker and its
    apposition ("Ana Ruiz, a council spokeswoman," / "the source, who asked not to be named,") rather than
    with what was said (", said the coroner")? Both short, without numbers."""
    found = _CHUNKS.search(lead)
    if found is None:
        return False
    outer, inner = found.group(1).split(), found.group(2).split()
    return 0 < len(outer) <= 8 and 0 < len(inner) <= 8 and not re.search(r"\d", found.group(0))


def find_speakers(sentence: str) -> list[Speaker]:
    """Every reporting construction of ``sentence``, in text order of its verb or preposition."""
    speakers: list[Speaker] = []
    verbs = sorted([*_VERB.finditer(sentence), *_VERB_THAT.finditer(sentence)], key=lambda m: m.start())
    for verb in verbs:
        if verb.group()[0].isupper() and verb.start() > 0:  # "the United States Geological Survey"
            continue
        lead = sentence[: verb.start()].rstrip()
        span = None
        if not lead or lead[-1] in "\"”»'’" or lead.endswith("--") or (lead[-1] == "," and not _apposition(lead)):
            span = _after(sentence, verb.end(), closing=True)
            if span is not None and _STOP.match(sentence[span[0] : span[1]].split()[0].casefold()):
                span = None
            if lead.endswith(","):  # ", said the official": no speaker before a clause's comma
                lead = ""
        if span is None and lead:
            span = _before(sentence, verb.start(), quoted=verb.group().casefold() == "quoted")
        if span is not None:
            words = sentence[span[0] : span[1]]
            speakers.append(Speaker(span[0], span[1], verb.start(), bool(PRONOUNS.match(words.casefold()))))
    for prep in _ACCORDING.finditer(sentence):
        german = prep.group().split()[0].casefold() in ("laut", "nach")
        span = _after(sentence, prep.end(), nouns_capitalised=german)
        if span is not None:
            words = sentence[span[0] : span[1]]
            speakers.append(Speaker(span[0], span[1], prep.start(), bool(PRONOUNS.match(words.casefold()))))
    unique = {(s.start, s.end): s for s in sorted(speakers, key=lambda s: s.at)}
    return sorted(unique.values(), key=lambda s: s.at)
