"""What a counted phrase counts: the noun phrase after a number, cut at its head noun (English).

Why: ``core.numbers.counted_phrase`` reads up to 60 characters after a number, to the end of a clause
("men rammed their car into an upmarket jewellery store"). That tail is right for reading the unit and
whose people are counted, but as the article's words for *what* is counted it is too long, and figures
of a worded measure (``other``) are grouped only when those words meet: "Four men rammed their car…" and
"four men drove a 4x4…" count the same men. So the stored ``counted_text`` is the noun phrase only
("men", "suspicious boats", "armed robbers"), and grouping compares its head (``counted_head``), stored
beside it: "robber" for "armed robbers", "diplomate" for "diplomates russes".

How, without a tagger: after a cardinal the head of an English noun phrase is the first plural noun
("five suspicious boats speedily approaching…", "four men drove…"), and the phrase cannot run past a
function word (of, the, and, were…), an adverb in -ly or a participle in -ing. Leading "of" and
determiners are skipped ("two of the injured" counts the injured). The rule is English grammar, so
other languages keep the phrase as read.

The head is lemmatised with ``simplemma`` (dictionaries for many languages), so "robbers" meets "robber",
"men" meets "man" and "Diplomaten" meets "Diplomat" without a plural rule per language. Which word is the
head: the last word of the English noun phrase (cut here); in other languages the phrase is the uncut
tail after the number ("russische Diplomaten aus dem Land gewiesen"), so the head is read from its start:
German's first capitalised word (its nouns are), else the first word after a leading article or
preposition (Romance nouns come before their adjectives: "diplomates russes", "muertos civiles").
"""

from __future__ import annotations

import re
import threading

import simplemma

__all__ = ["counted_head", "counted_noun_phrase"]

# Closed-class words that end (or, leading, are skipped before) a noun phrase: prepositions, determiners and
# pronouns, conjunctions, auxiliaries, and a few adverbs that follow a subject ("three men also…").
_FUNCTION_WORDS = frozenset(
    """
    of from through around with into onto by near across against during under over about after before since
    until within without between among along beyond toward towards upon per than as at in on to for off out
    the a an this these those that which who whom whose their his her its our your my all almost nearly some
    any each every both either neither such other another more most
    and or but nor so yet
    is are was were be been being have has had do does did will would shall should can could may might must
    it they them he she we you i there here then also not no still now
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Plurals that do not end in -s, and nouns that count people or things without a plural form.
_IRREGULAR_PLURALS = frozenset(
    "men women children people police personnel staff feet teeth mice geese cattle crew folk livestock".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_][\w'’.-]*")

# Languages whose simplemma dictionary is loaded in this process, and the lock its first load takes.
_LOADED: set[str] = set()
_LOADING = threading.Lock()


def _is_plural(word: str) -> bool:
    lowered = word.casefold()
    if lowered in _IRREGULAR_PLURALS or lowered.endswith("men"):  # crewmen, gunmen, servicemen
        return True
    return len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is", "'s", "’s"))


def counted_noun_phrase(phrase: str, language: str | None = None) -> str:
    """``phrase`` (a ``counted_phrase``) cut after its head noun, as a slice of it (so still the article's
    words); unchanged when not English or empty.

    "suspicious boats speedily approaching the merchant vessels" -> "suspicious boats";
    "of them disguised" -> "disguised"; "armed robbers -- two dressed" -> "armed robbers".
    """
    if language not in (None, "en") or not phrase.strip():
        return phrase
    head = re.split(r"\s[-–—]{1,2}\s|--", phrase, maxsplit=1)[0]  # "armed robbers -- two dressed"
    words = list(_WORD.finditer(head))
    start = 0
    while start < len(words) and words[start].group().casefold() in _FUNCTION_WORDS:
        start += 1
    end = start
    for match in words[start:]:
        lowered = match.group().casefold()
        if lowered in _FUNCTION_WORDS or (end > start and lowered.endswith(("ly", "ing"))):
            break
        end += 1
        if _is_plural(lowered):
            break
    if end == start:
        return phrase.strip()
    return phrase[words[start].start() : words[end - 1].end()]  # a slice: still the article's own words


# Leading prepositions and articles of other languages, skipped before the head ("de personas", "des diplomates").
_LEADING_ARTICLES = frozenset(
    "de d' des du la le les l' el los las un una unos unas di da dei degli delle do dos das".split()  # noqa: SIM905
)


def counted_head(noun_phrase: str | None, language: str | None = None) -> str | None:
    """The head of a counted noun phrase (``counted_noun_phrase``) as a grouping key: its head word,
    lemmatised and case-folded; None when there are no words.

    "suspicious boats" -> "boat"; "armed robbers" -> "robber"; "men" -> "man";
    "diplomates russes expulsés" (fr) -> "diplomate"; "russische Diplomaten aus dem Land" (de) -> "diplomat".
    """
    words = [match.group() for match in _WORD.finditer(noun_phrase or "")]
    if not words:
        return None
    lang = language or "en"
    content = [word for word in words if word.casefold() not in _LEADING_ARTICLES] or words
    if lang == "en":
        head = words[-1]
    elif lang == "de":
        head = next((word for word in content if word[0].isupper()), content[0])
    else:
        head = content[0]
    head = head.rstrip(".'’")
    try:
        lemma = _lemmatize(head, lang)
    except ValueError:  # a language simplemma has no dictionary for: the word as written
        lemma = head
    return lemma.casefold() or None


def _lemmatize(word: str, lang: str) -> str:
    """``simplemma.lemmatize``, its first call per language under a lock.

    Why: simplemma caches a language's dictionary (``lru_cache``) only once it is loaded, so the extraction
    threads that ground their first answers at the same moment each decompress and decode it (16 threads,
    16 loads of ~0.3 s of CPU each: seconds at the start of every run and every Ray actor). One loads it;
    the others wait for it and read it from the cache."""
    if lang not in _LOADED:
        with _LOADING:
            if lang not in _LOADED:
                lemma = simplemma.lemmatize(word, lang=lang)
                _LOADED.add(lang)
                return lemma
    return simplemma.lemmatize(word, lang=lang)
