"""Resolve mentions of parties (countries, their capitals and people, a few bodies and groups) to codes.

Why this exists: the model names actors and targets in its own words ("Berlin", "the German
government", "Russia’s", "Dutch"), and articles name them in yet other words. Grouping claims into
events and checking that "the actor the model named is mentioned near the number" both need one code
per party, computed deterministically.

Codes are ISO 3166-1 alpha-3 for countries (names, official names and common names come from
``pycountry``). Bodies and groups that are parties in these stories but are not countries get codes
of their own, listed here and in ``NON_ISO_CODES``:

    ======  ==================================  =================================================
    code    party                               example mentions
    ======  ==================================  =================================================
    EUU     European Union (the institution)    EU, E.U., the European Union, European Commission
    NATO    North Atlantic Treaty Organization  NATO, Nato, North Atlantic Treaty Organization
    UNO     United Nations                      UN, U.N., the United Nations
    BALTIC  Estonia, Latvia, Lithuania jointly  the Baltic States, Baltic countries, the Baltics
    WEST    "the West" as a bloc                the West, Western, Western countries
    EUROPE  European states as a loose group    Europe, European, European partners, Europeans
    WORLD   countries around the world          countries across the globe, nations around the world
    ======  ==================================  =================================================

``EUU`` is the alpha-3 form conventionally used for the EU in statistical tables (ISO only reserves
the alpha-2 ``EU``); ``UNO`` and ``NATO`` are likewise outside ISO 3166. ``EUROPE`` is kept apart from
``EUU`` because "European partners" in these articles are governments acting together, not the Union.

What pycountry does not cover, and why there are small tables here:

* Demonyms and adjectives ("Russian", "Dutch", "Germans"): ISO 3166 defines names and codes only, so
  pycountry has no adjectives. ``_DEMONYMS`` lists the forms these stories use (plurals, "Frenchmen");
  every other country's demonym comes from ``countryinfo`` (``_library_demonyms``: "Indian", "Somali",
  "Sudanese"), so a party of any country resolves ("the Indian navy" -> IND).
* Capitals and metonyms ("Moscow", "the Kremlin", "The Hague"): not in ISO 3166 either: ``_CAPITALS``.
* Everyday English forms ("Russia", "the US", "UK", "Britain", "Turkey", "Holland"): pycountry's
  names are ISO's ("Russian Federation", "Türkiye"): ``_COUNTRY_ALIASES``.
* ``pycountry.countries.search_fuzzy`` is deliberately not used: it matches subdivision names by
  substring, so news-agency names resolve to countries ("ANSA" -> USA, "ANP" -> PRK, "Wang" -> KOR)
  and it does not tolerate typos ("Rusia" and "Germnay" find nothing). Typos are handled instead with
  ``rapidfuzz`` over country names only, with a high cutoff and the first letter fixed.

Multi-party text ("Italy, Spain, Denmark, Sweden and Estonia") is an aggregate: ``resolve_party``
returns ``None`` for it (there is no single actor), while ``resolve_parties`` returns every code.
A few longer names that contain a party word but are not that party ("France 24", "Washington Post",
"Latin America", "New Jersey") are matched and dropped, so they never produce a mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process

from reconcile.core.types import AlignmentStatus, NumberMention

NON_ISO_CODES: dict[str, str] = {
    "EUU": "European Union",
    "NATO": "North Atlantic Treaty Organization",
    "UNO": "United Nations",
    "BALTIC": "the Baltic States (Estonia, Latvia, Lithuania) as a group",
    "WEST": "the West / Western countries as a bloc",
    "EUROPE": "European countries as a loose group (not the EU institution)",
    "WORLD": "countries around the world, not enumerated",
}
BODIES = frozenset({"EUU", "NATO", "UNO"})  # the non-ISO parties that decide as one (the others are regions, blocs)

GROUP_MEMBERS: dict[str, frozenset[str]] = {
    # Only groups with a fixed membership; WEST and EUROPE are loose and deliberately have none.
    "BALTIC": frozenset({"EST", "LVA", "LTU"}),
}

# --- Data tables. Noun forms may be preceded by "the"; adjective/people forms may not. ----------------

_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    # Everyday English names that pycountry lacks (its names are ISO's, e.g. "Russian Federation").
    "RUS": ("Russia",),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "Northern Ireland"),
    "NLD": ("Holland",),
    "TUR": ("Turkey",),
    "CIV": ("Ivory Coast",),
    "COD": ("DRC", "DR Congo", "Democratic Republic of Congo"),
    "VAT": ("Vatican", "Vatican City", "Holy See"),
    "PSE": ("Palestine", "West Bank"),
    "MMR": ("Burma",),
    "CPV": ("Cape Verde",),
    "SWZ": ("Swaziland",),
    "ARE": ("UAE", "Emirates"),
    "MKD": ("Macedonia",),
    "BRN": ("Brunei",),
}

_BODIES_AND_GROUPS: dict[str, tuple[str, ...]] = {
    "EUU": ("EU", "E.U.", "European Union", "European Commission", "European Council"),
    "NATO": ("NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
    "UNO": ("UN", "U.N.", "United Nations"),
    "BALTIC": (
        "Baltic States",
        "Baltic states",
        "Baltic countries",
        "Baltic nations",
        "Baltic republics",
        "Baltics",
    ),
    "WEST": ("Western countries", "Western nations", "Western governments", "Western allies", "Western powers"),
    "EUROPE": (
        "Europe",
        "European partners",
        "European countries",
        "European nations",
        "European allies",
        "European governments",
        "Western Europe",
    ),
    "WORLD": tuple(
        f"{who} {where}"
        for who in ("countries", "nations", "governments")
        for where in ("around the world", "across the world", "around the globe", "across the globe", "worldwide")
    ),
}

# Nouns that only name the party with the article: "the West" is a bloc, a bare "West" is a direction.
_ARTICLE_REQUIRED: dict[str, tuple[str, ...]] = {"WEST": ("West",)}

_CAPITALS: dict[str, tuple[str, ...]] = {
    # Capitals and seats of government, used as actors ("Moscow will respond", "The Hague said").
    "RUS": ("Moscow", "Kremlin"),
    "DEU": ("Berlin",),
    "NLD": ("Hague", "Amsterdam"),
    "ITA": ("Rome",),
    "FRA": ("Paris", "Elysée", "Élysée", "Quai d'Orsay"),
    "BEL": ("Brussels",),  # also a metonym for the EU; the city is Belgium's, so Belgium it is
    "POL": ("Warsaw",),
    "USA": ("Washington", "White House"),
    "GBR": ("London", "Downing Street", "Whitehall"),
    "IRL": ("Dublin",),
    "CZE": ("Prague",),
    "ESP": ("Madrid",),
    "SWE": ("Stockholm",),
    "DNK": ("Copenhagen",),
    "EST": ("Tallinn",),
    "LTU": ("Vilnius",),
    "LVA": ("Riga",),
    "SVK": ("Bratislava",),
    "UKR": ("Kyiv", "Kiev"),
    "FIN": ("Helsinki",),
    "NOR": ("Oslo",),
    "AUT": ("Vienna",),
    "CHE": ("Bern",),
    "PRT": ("Lisbon",),
    "GRC": ("Athens",),
    "HUN": ("Budapest",),
    "ROU": ("Bucharest",),
    "SVN": ("Ljubljana",),
    "HRV": ("Zagreb",),
    "SRB": ("Belgrade",),
    "MNE": ("Podgorica",),
    "MKD": ("Skopje",),
    "ALB": ("Tirana",),
    "MDA": ("Chisinau", "Chișinău"),
    "BLR": ("Minsk",),
    "GEO": ("Tbilisi",),
    "ARM": ("Yerevan",),
    "AZE": ("Baku",),
    "TUR": ("Ankara",),
    "CHN": ("Beijing",),
    "JPN": ("Tokyo",),
    "CAN": ("Ottawa",),
    "AUS": ("Canberra",),
    "IRN": ("Tehran",),
}

_DEMONYMS: dict[str, tuple[str, ...]] = {
    # Adjectives and words for the people. ISO 3166 has none, hence this table (kept to the
    # countries that act in European diplomatic news; extend here, nowhere else).
    "RUS": ("Russian", "Russians"),
    "UKR": ("Ukrainian", "Ukrainians"),
    "DEU": ("German", "Germans"),
    "FRA": ("French", "Frenchman", "Frenchmen"),
    "NLD": ("Dutch", "Dutchman", "Dutchmen"),
    "BEL": ("Belgian", "Belgians"),
    "CZE": ("Czech", "Czechs"),
    "SVK": ("Slovak", "Slovaks", "Slovakian"),
    "ITA": ("Italian", "Italians"),
    "EST": ("Estonian", "Estonians"),
    "LVA": ("Latvian", "Latvians"),
    "LTU": ("Lithuanian", "Lithuanians"),
    "SWE": ("Swedish", "Swede", "Swedes"),
    "DNK": ("Danish", "Dane", "Danes"),
    "FIN": ("Finnish", "Finn", "Finns"),
    "NOR": ("Norwegian", "Norwegians"),
    "ISL": ("Icelandic", "Icelanders"),
    "POL": ("Polish", "Pole", "Poles"),
    "IRL": ("Irish", "Irishman", "Irishmen"),
    "ESP": ("Spanish", "Spaniard", "Spaniards"),
    "PRT": ("Portuguese",),
    "GBR": ("British", "Briton", "Britons", "Brits"),
    "USA": ("American", "Americans"),
    "CAN": ("Canadian", "Canadians"),
    "AUT": ("Austrian", "Austrians"),
    "CHE": ("Swiss",),
    "LUX": ("Luxembourgish",),
    "GRC": ("Greek", "Greeks"),
    "BGR": ("Bulgarian", "Bulgarians"),
    "ROU": ("Romanian", "Romanians"),
    "HUN": ("Hungarian", "Hungarians"),
    "SVN": ("Slovenian", "Slovene", "Slovenians", "Slovenes"),
    "HRV": ("Croatian", "Croat", "Croats", "Croatians"),
    "SRB": ("Serbian", "Serb", "Serbs", "Serbians"),
    "MNE": ("Montenegrin", "Montenegrins"),
    "MKD": ("North Macedonian", "Macedonian"),
    "ALB": ("Albanian", "Albanians"),
    "MDA": ("Moldovan", "Moldovans"),
    "BLR": ("Belarusian", "Belarusians"),
    "GEO": ("Georgian", "Georgians"),
    "ARM": ("Armenian", "Armenians"),
    "AZE": ("Azerbaijani", "Azerbaijanis"),
    "TUR": ("Turkish", "Turk", "Turks"),
    "CHN": ("Chinese",),
    "JPN": ("Japanese",),
    "AUS": ("Australian", "Australians"),
    "IRN": ("Iranian", "Iranians"),
    "ISR": ("Israeli", "Israelis"),
    "ZAF": ("South African", "South Africans"),
    "WEST": ("Western",),
    "EUROPE": ("European", "Europeans"),
}

# Longer names containing a party word that are not that party (outlets, regions, US states).
_STOP_FORMS: tuple[str, ...] = (
    "France 24",
    "Radio France",
    "Agence France-Presse",
    "Washington Post",
    "Moscow Times",
    "Kyiv Independent",
    "Kyiv Post",
    "Kiev Post",
    "New Mexico",
    "New Jersey",
    "New England",
    "British Columbia",
    "Latin America",
    "Latin American",
    "Latin Americans",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
)


def _library_demonyms() -> dict[str, tuple[str, ...]]:
    """Demonyms of every country from ``countryinfo`` (singular, and the plural for "-an"/"-i" forms:
    "Somalis", "Indonesians"), for countries and forms ``_DEMONYMS`` does not list. A demonym two
    countries share ("Indian": India and the British Indian Ocean Territory) goes to the more populous,
    the one news means."""
    import countryinfo  # a 2 MB data package; read once, when the tables are built

    best: dict[str, tuple[int, str]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha3")
        population = country.population() or 0
        for form in str(info.get("demonym") or "").split(","):
            form = form.strip()
            if code and form and (form not in best or population > best[form][0]):
                best[form] = (population, code)
    listed = {form for forms in _DEMONYMS.values() for form in forms}
    found: dict[str, tuple[str, ...]] = {}
    for form, (_, code) in sorted(best.items()):
        if code in _DEMONYMS or form in listed:
            continue
        plural = (f"{form}s",) if form.endswith(("an", "i")) else ()
        found[code] = (*found.get(code, ()), form, *plural)
    return found


# --- Building the name table -------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_QUOTES_AND_SPACE = " \t\r\n\"'“”„«»()[]{},;:!?"
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Strip diacritics ("Türkiye" -> "Turkiye") so ASCII-only spellings match ISO's accented names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key(text: str) -> str:
    """The lookup key of a whole party string: case, accents, quotes, "the" and possessive removed."""
    key = _SPACES.sub(" ", _fold(text).translate(_APOSTROPHES)).casefold().strip(_QUOTES_AND_SPACE)
    key = _LEADING_THE.sub("", key)
    key = _POSSESSIVE.sub("", key).rstrip(".")
    return key.strip()


def _pycountry_names() -> Iterator[tuple[str, str]]:
    """(code, name) for every ISO name, official name and common name, plus readable derived forms.

    ISO inverts some names ("Korea, Republic of"; "Holy See (Vatican City State)"), which no article
    writes; the natural order ("Republic of Korea") and the bare name ("Holy See") are derived here.
    A derived bare name that two countries share ("Korea", "Virgin Islands") is dropped as ambiguous.
    """
    derived: dict[str, set[str]] = {}
    exact: set[str] = set()
    for country in pycountry.countries:
        code: str = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if not name:
                continue
            name = re.sub(r"^the\s+", "", name)
            exact.add(name)
            yield code, name
            base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
            if "," in base:
                head, _, tail = base.partition(",")
                tail = tail.strip()
                if tail.endswith((" of", " of the")):
                    yield code, re.sub(r"^The\s+", "", f"{tail} {head}")
                base = head.strip()
            if base != name:
                derived.setdefault(base, set()).add(code)
    for base, codes in derived.items():
        if len(codes) == 1 and base not in exact:
            yield next(iter(codes)), base


def _variants(form: str, *, article: str) -> Iterator[str]:
    """Surface spellings of one form: as written, accent-free, typographic apostrophe, upper case.

    ``article`` is "optional" (nouns: "the Netherlands" and "Netherlands"), "required" ("the West")
    or "none" (adjectives: "the Russian embassy" is a mention of "Russian", not of "the Russian").
    """
    bases = {form, _fold(form)}
    bases |= {b.replace("'", "’") for b in bases}
    spelled: set[str] = set()
    for base in bases:
        if article != "required":
            spelled.add(base)
        if article != "none":
            spelled.update({f"the {base}", f"The {base}"})
    for s in list(spelled):
        spelled.add(s.upper())
    yield from sorted(spelled)


@dataclass(frozen=True, slots=True)
class _Tables:
    surface: dict[str, str]  # exact surface spelling -> code ("" for stop forms)
    keys: dict[str, str]  # _key(spelling) -> code, for whole-string lookups
    codes: dict[str, str]  # upper-case ISO alpha-2/alpha-3 and non-ISO codes -> alpha-3 / own code
    fuzzy: dict[str, tuple[list[str], list[str]]]  # first letter -> (country-name keys, codes)
    conflicts: tuple[tuple[str, str, str], ...]  # (key, kept code, rejected code): data bugs, test-checked
    demonyms: dict[str, str]  # adjective/people spellings ("Indian", "Somalis") -> code


def _build_tables() -> _Tables:
    """Merge all sources by priority; the first source to claim a spelling keeps it."""
    entries: list[tuple[str, str, str]] = []  # (code, form, article mode)
    country_names: list[tuple[str, str]] = []
    for code, name in _pycountry_names():
        entries.append((code, name, "optional"))
        country_names.append((code, name))
    for code, forms in _COUNTRY_ALIASES.items():
        entries.extend((code, f, "optional") for f in forms)
        country_names.extend((code, f) for f in forms)
    for table, mode in (
        (_BODIES_AND_GROUPS, "optional"),
        (_ARTICLE_REQUIRED, "required"),
        (_CAPITALS, "optional"),
        (_DEMONYMS, "none"),
    ):
        entries.extend((code, f, mode) for code, forms in table.items() for f in forms)
    entries.extend((code, f, "none") for code, forms in _library_demonyms().items() for f in forms)
    entries.extend(("", f, "optional") for f in _STOP_FORMS)

    surface: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    keys: dict[str, str] = {}
    conflicts: list[tuple[str, str, str]] = []
    for code, form, mode in entries:
        for spelling in _variants(form, article=mode):
            surface.setdefault(spelling, code)
            if mode == "none" and code:
                demonyms.setdefault(spelling, code)
        k = _key(form)
        kept = keys.setdefault(k, code)
        if kept != code:
            conflicts.append((k, kept, code))

    codes: dict[str, str] = {code: code for code in NON_ISO_CODES}
    for country in pycountry.countries:
        codes[country.alpha_3] = country.alpha_3
        codes[country.alpha_2] = country.alpha_3

    fuzzy: dict[str, tuple[list[str], list[str]]] = {}
    for code, name in country_names:
        k = _key(name)
        if len(k) >= 4:
            names, name_codes = fuzzy.setdefault(k[0], ([], []))
            names.append(k)
            name_codes.append(code)
    return _Tables(surface, keys, codes, fuzzy, tuple(conflicts), demonyms)


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored as a character trie.

    A flat alternation of ~3,000 spellings is tried one by one at every position; the trie makes each
    position cost the length of the longest match instead. Optional continuations are greedy, so at
    a given start the longest name wins ("Russians" over "Russian" over "Russia"), backtracking to
    shorter names when a word boundary fails. Spaces match any run of whitespace.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def emit(node: _Trie) -> str:
        terminal = "" in node
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not terminal else "(?:" + "|".join(branches) + ")"
        return body + "?" if terminal else body

    return emit(trie)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The gazetteer's tables, built at first use (0.2 s: commands that never resolve a party skip it)."""
    return _build_tables()


@lru_cache(maxsize=1)
def _mention_re() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _trie_pattern(_tables().surface) + r")(?!\w)")


_FUZZY_CUTOFF = 85.0


# --- Public API -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyMention:
    """One party mention: ``text == article[start:end]`` and its code (ISO alpha-3 or ``NON_ISO_CODES``)."""

    start: int
    end: int
    text: str
    code: str


def find_parties(text: str) -> list[PartyMention]:
    """Every party mention in ``text``, left to right, with exact spans.

    Matching is case-sensitive on purpose: "the US" is a party, "told us" is not; "Turkey" is,
    "turkey" is not. An all-capitals spelling ("RUSSIA") is also accepted. Possessives are left out
    of the span ("Russia" in "Russia’s"); a leading "the" is kept for nouns ("the Netherlands").
    """
    mentions: list[PartyMention] = []
    surface = _tables().surface
    for m in _mention_re().finditer(text):
        found = m.group()
        code = surface.get(found) or surface.get(" ".join(found.split()), "")
        if code:
            mentions.append(PartyMention(m.start(), m.end(), found, code))
    return mentions


def names_party(name: str) -> bool:
    """Whether ``name`` names a party anywhere in it: what ``core.numbers`` asks to tell a country's tally
    ("United States, 60,") from a person's age in apposition ("Anna Berg, 34,")."""
    return bool(find_parties(name))


def _capitalise_words(text: str) -> str:
    """Upper-case each word's first letter, as a fallback for lower-case model output ("german")."""
    return re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), text)


def _unique(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


@lru_cache(maxsize=1 << 16)
def _resolve_all(text: str) -> tuple[str, ...]:
    """All codes a party string names, in order of first mention (see ``resolve_parties``)."""
    stripped = text.strip()
    if stripped in _tables().codes:  # already a code ("RUS", "EUU"), or an ISO alpha-2 ("DE")
        return (_tables().codes[stripped],)
    key = _key(text)
    if not key:
        return ()
    # Short all-lower-case words are English first ("us", "un"): only capitalised they name a party.
    if key in _tables().keys and (len(key) > 3 or stripped != stripped.lower()):
        code = _tables().keys[key]
        return (code,) if code else ()
    found = _unique(m.code for m in find_parties(text))
    if not found:
        found = _unique(m.code for m in find_parties(_capitalise_words(text)))
    if found:
        return found
    return _fuzzy(key)


def _fuzzy(key: str) -> tuple[str, ...]:
    """Typo tolerance on country names only ("Germnay", "Lithuaina").

    Restricted to short strings without digits, a ratio of at least 85 and the same first letter:
    typos rarely hit the first letter, and fixing it keeps e.g. "roman" away from "oman".
    """
    if len(key) < 5 or any(ch.isdigit() for ch in key) or len(key.split()) > 3:
        return ()
    names, codes = _tables().fuzzy.get(key[0], ([], []))
    best = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return (codes[best[2]],) if best is not None else ()


def resolve_party(text: str) -> str | None:
    """The one party ``text`` names, or ``None`` if it names none or several.

    Accepts names ("Russian Federation", "the Netherlands"), common forms ("the US", "Britain"),
    possessives ("Russia’s"), demonyms ("Dutch"), capitals and metonyms ("Moscow", "the Kremlin"),
    codes ("RUS", "EUU"), phrases around one party ("France's foreign ministry") and typos.
    A list of several parties is an aggregate, not one actor: ``None`` (use ``resolve_parties``).
    Cached: callers pass the same few hundred strings many times.
    """
    codes = _resolve_all(text)
    return codes[0] if len(codes) == 1 else None


def resolve_parties(text: str) -> list[str]:
    """Every party code ``text`` names, once each, in order of first mention.

    "Italy, Spain, Denmark, Sweden and Estonia" -> ["ITA", "ESP", "DNK", "SWE", "EST"]; a claim
    with such an actor is an aggregate over those parties.
    """
    return list(_resolve_all(text))


def is_demonym(text: str) -> bool:
    """True when ``text`` is an adjective or people form of a party ("Indian", "Somalis"), not its name:
    "the Indian navy" names a party, not a place."""
    return text in _tables().demonyms


def same_party(a_text: str, b_text: str) -> bool:
    """True when both strings resolve to the same single party ("Berlin" and "the German government")."""
    a = resolve_party(a_text)
    return a is not None and a == resolve_party(b_text)


def owner_parties(phrase: str) -> list[PartyMention]:
    """Parties a counted phrase names as whose people they are: "Russian" in "Russian diplomats",
    but not "Germany" in "40 from Germany", which says where they were sent from."""
    return [p for p in find_parties(phrase) if not phrase[: p.start].rstrip().lower().endswith("from")]


_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*?)(?:['’]s|\s*)\s+\Z")


def possessive_before(text: str, mention: NumberMention) -> str | None:
    """The party named right before an implicit count, as whose it is: "Russia's" in "Russia's
    ambassador", "Russian" in "its Russian ambassador"; ``None`` when no party is named there."""
    if mention.alignment is not AlignmentStatus.IMPLICIT:
        return None
    before = text[max(0, mention.span.start - 40) : mention.span.start]
    match = _OWNER_BEFORE.search(before)
    if match is None:
        return None
    owner = match.group("owner")
    return owner if resolve_parties(owner) else None
