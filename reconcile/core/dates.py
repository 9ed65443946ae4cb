"""Resolving the date phrases of news ("on Monday", "since April", "last week") to dates.

Why: claims are grouped into events partly by when they happened, and news almost never writes a
full date; "on Monday" means something only against the publication date. Each phrase becomes a
``DateResolution``: a single ``day`` (with ``low == high == day``) or a window ``[low, high]``
with ``day`` None. Anything that cannot be resolved — ``None``, "since the invasion began", or a
relative phrase when the publication date is unknown — gives all three as None: no guess.

Rules (``published`` is the publication date, the base of every relative phrase):

* Weekdays ("on Monday", "Earlier on Monday", "Tuesday evening"): the most recent such day on or
  before ``published`` (a Tuesday article's "Tuesday" or "this Tuesday" is that day). "last Monday": strictly before.
  Computed here, not by dateparser, whose ``PREFER_DATES_FROM='past'`` sends a same-day weekday a
  week back.
* "today", "tonight", "this morning/afternoon/evening" -> ``published``; "yesterday" -> the day before.
* Windows: "in recent days" / "the past few days" [published-7d, published]; "in recent weeks"
  [published-28d, published]; "in recent months" [published-90d, published]; "last week" the
  previous Monday–Sunday; "this week"/"earlier this week" [Monday, published]; "last month" the
  previous calendar month; "this month" [1st, published]; "last year"/"this year" likewise;
  "the weekend" the most recent Saturday–Sunday on or before ``published``.
* A month alone ("in April") is that calendar month; "early/beginning of", "mid-" and
  "late/end of" narrow it to days 1–10, 11–20 and 21–end. A year alone ("in 2018") is that year, and so
  is a year naming its happening ("the 2004 tsunami", "a 2012 quake", "2008's heist"): a sentence that
  recalls another time dates its own figure, so the figure is not filed under the article's date.
* Explicit dates ("February 24", "Feb. 24, 2022", "1 March", "as of April 30") are parsed by
  ``dateparser`` with ``RELATIVE_BASE=published`` and ``PREFER_DATES_FROM='past'``. When the phrase
  writes no year, the year is then chosen so the date is *nearest* the publication date: news
  cites nearby dates in both directions ("14 staff ... as of April 30" in an April 5 article is a
  coming deadline, which 'past' alone would put in the previous year). Without a written year and
  without ``published`` the year is unknown, so nothing is resolved.
* "since X" is the window [start of X, ``published``] (``high`` None when ``published`` is
  unknown); a month or weekday after "since" is taken in the past.

Languages: ``language`` (ISO 639-1; None = English) is the article's. German, French and Spanish
phrases ("am Montag", "lundi", "el lunes", "letzte Woche", "a mediados de abril", "seit April") are
rewritten into the English phrase with the same meaning by ``core.dates_intl`` and resolved by the rules
above; explicit dates ("3. Mai 2022", "le 1er mai", "3 de mayo") and "ago" phrases ("vor zwei Tagen",
"il y a deux jours", "hace dos días") are parsed by ``dateparser`` in that language, number words
turned into digits first (``text2num``), since dateparser reads "hace 2 días" but not "hace dos días".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconcile.core.dates_intl import LANGUAGES as INTL_LANGUAGES
from reconcile.core.dates_intl import date_phrase_pattern, to_english
from reconcile.core.types import Sentence, Span

__all__ = ["DateResolution", "claim_date", "find_date_phrases", "nearest_date_phrase", "resolve_date", "text_date"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_RECENT_DAYS = {"days": 7, "weeks": 28, "months": 90}

_LEADS = re.compile(
    r"^(?:as of|since|on|in|during|by|until|till|through|from|over|at|of|earlier|later|late on|early on"
    r"|earlier on|later on)\s+"
)
_TIME_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night)$")


@dataclass(frozen=True, slots=True)
class DateResolution:
    """A resolved date phrase: ``day`` for a single day (then ``low == high == day``), else a window.

    ``text`` is the phrase as given; all dates None means the phrase could not be resolved.
    """

    day: dt.date | None
    low: dt.date | None
    high: dt.date | None
    text: str | None

    @classmethod
    def unresolved(cls, text: str | None) -> DateResolution:
        return cls(None, None, None, text)

    @classmethod
    def on(cls, day: dt.date, text: str | None) -> DateResolution:
        return cls(day, day, day, text)

    @classmethod
    def window(cls, low: dt.date | None, high: dt.date | None, text: str | None) -> DateResolution:
        return cls(None, low, high, text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, day: int, published: dt.date, past_only: bool) -> dt.date | None:
    """The date with this month and day nearest ``published`` (or the latest on or before it)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February in a common year
            continue
    if past_only:
        past = [c for c in candidates if c <= published]
        return max(past) if past else None
    return min(candidates, key=lambda c: (abs((c - published).days), c)) if candidates else None


def _weekday(name: str, published: dt.date, strictly_before: bool) -> dt.date:
    back = (published.weekday() - _WEEKDAYS.index(name)) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _normalise(phrase: str) -> tuple[str, bool]:
    """Lowercase, single-spaced core of a phrase without its leading prepositions; and "since"-ness."""
    core = " ".join(phrase.lower().replace("’", "'").split()).strip(" .,;:")
    since = False
    while True:
        lead = _LEADS.match(core)
        if lead is None:
            break
        since = since or lead.group().strip() == "since"
        core = core[lead.end() :]
    return core, since


def _month_window(core: str, published: dt.date | None, since: bool) -> tuple[dt.date, dt.date] | None:
    """``(first, last)`` of a month phrase ("april", "april 2022", "early april", "the end of april")."""
    part = re.fullmatch(
        r"(?:(?P<early>early|the beginning of|beginning of|the start of|start of)\s+"
        r"|(?P<mid>mid-?|the middle of|middle of)\s*"
        r"|(?P<late>late|the end of|end of)\s+)?"
        r"(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{4}))?",
        core,
    )
    if part is None or part.group("month") not in _MONTHS:
        return None
    month = _MONTHS[part.group("month")]
    if part.group("year"):
        year = int(part.group("year"))
    elif published is None:
        return None
    else:
        first = _nearest_year(month, 1, published, past_only=since)
        if first is None:
            return None
        year = first.year
    low, high = dt.date(year, month, 1), _month_end(year, month)
    if part.group("early"):
        high = dt.date(year, month, 10)
    elif part.group("mid"):
        low, high = dt.date(year, month, 11), dt.date(year, month, 20)
    elif part.group("late"):
        low = dt.date(year, month, 21)
    return low, high


def _relative(core: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    """``(low, high)`` of a phrase relative to ``published``; a single day has ``low == high``."""
    if core in ("today", "tonight", "now") or re.fullmatch(r"this (?:morning|afternoon|evening)", core):
        return published, published
    if core in ("yesterday", "last night"):
        day = published - dt.timedelta(days=1)
        return day, day
    if core == "the day before yesterday":
        day = published - dt.timedelta(days=2)
        return day, day
    recent = re.fullmatch(r"(?:recent|the (?:past|last)(?: few)?|past|the recent) (days|weeks|months)", core)
    if recent:
        return published - dt.timedelta(days=_RECENT_DAYS[recent.group(1)]), published
    monday = published - dt.timedelta(days=published.weekday())
    if core in ("last week", "the previous week", "previous week"):
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if core in ("the past week", "the last week", "past week"):
        return published - dt.timedelta(days=7), published
    if core in ("this week", "earlier this week"):
        return monday, published
    first = published.replace(day=1)
    if core in ("last month", "the previous month", "previous month"):
        prev_end = first - dt.timedelta(days=1)
        return prev_end.replace(day=1), prev_end
    if core in ("this month", "earlier this month"):
        return first, published
    if core in ("last year", "the previous year", "previous year"):
        year = published.year - 1
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if core in ("this year", "earlier this year"):
        return dt.date(published.year, 1, 1), published
    if re.fullmatch(r"(?:the|this|last) weekend|weekend", core):
        saturday = _weekday("saturday", published, strictly_before=False)
        return saturday, min(saturday + dt.timedelta(days=1), published)
    weekday = re.fullmatch(rf"(?:this )?(?P<last>last )?(?P<name>{'|'.join(_WEEKDAYS)})", _TIME_OF_DAY.sub("", core))
    if weekday:
        day = _weekday(weekday.group("name"), published, strictly_before=bool(weekday.group("last")))
        return day, day
    return None


_AGO = {"en": r"\bago\b", "de": r"^vor\b", "fr": r"^il y a\b", "es": r"^hace\b"}


def _explicit(core: str, published: dt.date | None, since: bool, language: str = "en") -> dt.date | None:
    """An explicit calendar date ("february 24", "feb. 24, 2022", "1 march", "3. mai"), via dateparser."""
    import dateparser  # imported here: it is slow to import and only this path needs it

    has_year = re.search(r"\b\d{4}\b", core) is not None
    ago = re.search(_AGO.get(language, _AGO["en"]), core) is not None
    if not has_year and published is None:
        return None  # the year is unknown; dateparser would silently use the current one
    if not (re.search(r"\d", core) or ago):
        return None  # words alone ("the invasion", "now") are not explicit dates
    if ago and language != "en":
        from text_to_num import alpha2digit  # "hace dos días" -> "hace 2 días", which dateparser reads

        core = alpha2digit(core, language, threshold=0)
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    parsed = dateparser.parse(
        core,
        languages=[language],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed is None:
        return None
    day: dt.date = parsed.date()
    if has_year or published is None or ago:
        return day
    return _nearest_year(day.month, day.day, published, past_only=since)


def resolve_date(phrase: str | None, published: dt.date | None, language: str | None = None) -> DateResolution:
    """Resolve a date phrase against the publication date (rules in the module docstring); ``language`` is
    the phrase's (ISO 639-1, None = English)."""
    if phrase is None or not phrase.strip():
        return DateResolution.unresolved(phrase)
    language = language or "en"
    if language in INTL_LANGUAGES:
        core, since, explicit = to_english(phrase, language)
    else:
        (core, since), explicit = _normalise(phrase), False
    low: dt.date | None
    high: dt.date | None
    if explicit:
        day = _explicit(core, published, since, language)
        if day is None:
            return DateResolution.unresolved(phrase)
        low = high = day
    elif year := re.fullmatch(r"(?:(?:the|an?|its|their)\s+)?((?:18|19|20)\d\d)(?:'s)?", core):
        low, high = dt.date(int(year.group(1)), 1, 1), dt.date(int(year.group(1)), 12, 31)
    elif (month := _month_window(core, published, since)) is not None:
        low, high = month
    elif published is not None and (relative := _relative(core, published)) is not None:
        low, high = relative
    elif (day := _explicit(core, published, since)) is not None:
        low = high = day
    else:
        return DateResolution.unresolved(phrase)
    if since:
        return DateResolution.window(low, published, phrase)
    if low == high:
        return DateResolution.on(low, phrase)
    return DateResolution.window(low, high, phrase)


# ---------------------------------------------------------------------------------------------
# Finding date phrases in text
# ---------------------------------------------------------------------------------------------

_MONTH_NAME = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\w)"
)
_WEEKDAY_NAME = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\w)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:18|19|20)\d\d(?!\d)"
_COUNT_WORDS = (
    r"people|persons|men|women|children|kids|police|staff|personnel|crew|folk|cattle|sheep|fish|deer|livestock"
    r"|dead|injured|wounded|missing|homeless|displaced|killed|hurt|survivors|others|more|of|or|to|and"
)
"""Words after a four-digit number that make it a count, not a year naming its happening: "the 2000 people",
"the 1999 dead", "the 2000 or so". Irregular plurals and nominal adjectives do not end in "s", so the
singular-noun test alone takes them for a happening ("the 2004 tsunami") and dates the sentence's other
figures to that year."""
_LEAD = (
    r"(?:(?:as\s+of|since|on|in|during|by|until|from|earlier\s+on|later\s+on|late\s+on|early\s+on"
    r"|earlier|later)\s+)"
)
_DATE_PHRASE = re.compile(
    rf"(?<!\w)(?:"
    rf"{_LEAD}?(?:{_MONTH_NAME}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH_NAME}(?:,?\s+{_YEAR})?)"
    rf"|{_LEAD}?{_MONTH_NAME}\s+{_YEAR}"
    rf"|(?:(?:in|since|during|by|until|from)\s+)?(?:(?:early|late|mid-?)\s*|the\s+(?:beginning|start|end|middle)\s+of\s+)"
    rf"{_MONTH_NAME}"
    rf"|(?:in|since|during|by|until|from)\s+{_MONTH_NAME}"
    rf"|{_LEAD}?(?:(?:last|this)\s+)?{_WEEKDAY_NAME}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:earlier\s+)?this\s+(?:morning|afternoon|evening|week|month|year|weekend)"
    r"|(?:last|past|previous)\s+(?:week|month|year|weekend|night)"
    r"|(?:in\s+|over\s+|during\s+)?(?:recent|the\s+(?:past|last)(?:\s+few)?)\s+(?:days|weeks|months)"
    r"|(?:over\s+|during\s+)?the\s+weekend"
    r"|yesterday|today|tonight"
    rf"|(?:in|since|during|by|until|from)\s+{_YEAR}"
    # a year naming its happening: "the 2004 tsunami", "a 2012 quake", "2008's heist" (a singular noun
    # after it: "the 2000 refugees" is a count, and so are "the 2000 people", "the 1999 dead": _COUNT_WORDS)
    rf"|(?-i:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+{_YEAR}(?=\s+(?!(?:{_COUNT_WORDS})(?!\w))[A-Za-z]+(?<!s)(?!\w))"
    rf"|{_YEAR}'s(?=\s+(?-i:[a-z]))"
    r")(?!\w)",
    re.IGNORECASE,
)


def find_date_phrases(text: str, language: str | None = None) -> list[tuple[Span, str]]:
    """Date phrases in ``text`` with their spans, in order; each can be passed to ``resolve_date`` with the
    same ``language`` (ISO 639-1, None = English).

    The span includes a leading "since"/"on"/"as of"... because it changes the meaning
    ("since April" is a window up to publication, "in April" is the month).
    """
    pattern = date_phrase_pattern(language) if language in INTL_LANGUAGES else _DATE_PHRASE
    return [(Span(m.start(), m.end()), m.group()) for m in pattern.finditer(text)]


def nearest_date_phrase(
    phrases: list[tuple[Span, str]], span: Span, within: Span | None = None
) -> tuple[Span, str] | None:
    """The phrase closest to ``span`` in characters (0 when they overlap), optionally only those
    inside ``within`` (e.g. the number's sentence); ties go to the earlier phrase."""
    best: tuple[int, int, tuple[Span, str]] | None = None
    for item in phrases:
        where = item[0]
        if within is not None and not (within.start <= where.start and where.end <= within.end):
            continue
        distance = max(0, where.start - span.end, span.start - where.end)
        key = (distance, where.start, item)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None


_FULL_DATE = re.compile(
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{4}|\d{4}-\d{2}-\d{2})\b"
)
LEAD_SENTENCES = 3  # how far into an article its news peg (the lead's date phrase) is looked for
PEG_DAYS = 31
"""The widest window a news peg spans: a day, a weekend, a month. A year in the lead ("hundreds of quakes
since a 9.1 temblor in 2004") recalls another time; it dates its own figure, never the whole article's."""


@dataclass(frozen=True, slots=True)
class ArticleDates:
    """What dates the claims of one article.

    ``reference`` is the day relative phrases resolve against: the publication date, else ``None`` (an
    article without one is dated by its story in the reconciliation SQL, ``rc_story``, which resolves its
    claims' phrases then; nothing here guesses the day a second way). ``lead`` is the first
    date phrase of the article's opening sentences that resolves to at most ``PEG_DAYS`` — the news peg:
    a claim whose own sentence names no date is dated by it, as a reader would ("France said it would
    expel 35" in an article whose lead says "on Monday").
    """

    reference: dt.date | None
    lead: str | None


def text_date(text: str, language: str | None = None) -> dt.date | None:
    """The latest full date written in the text (a dated tweet, a dateline inside the body), else ``None``.

    Only a primitive: which day an article without a publication date was written is decided once, by the
    reconciliation SQL (``rc_story`` in ``reconcile/events/events.sql``), which calls this through a DuckDB
    function along with the article's other evidence (a dated copy, the days its own claims report)."""
    if language in INTL_LANGUAGES:  # a full date is a phrase with a day and a year: "3. Mai 2022"
        phrases = [p for _, p in find_date_phrases(text, language) if re.search(r"\d{1,2}\D+\d{4}", p)]
        days = [resolve_date(p, None, language).day for p in phrases]
        return max((d for d in days if d is not None), default=None)
    import dateparser  # slow to import; only this path and _explicit need it

    found = []
    for match in _FULL_DATE.finditer(text):
        parsed = dateparser.parse(match.group(0), languages=["en"], settings={"STRICT_PARSING": True})
        if parsed:
            found.append(parsed.date())
    return max(found) if found else None


def claim_date(sentence: str, number: Span, dates: ArticleDates, language: str | None = None) -> DateResolution:
    """When a figure is from: the date phrase of its own sentence nearest the number (``number`` indexes
    ``sentence``), resolved against the article's reference day; when the sentence dates nothing (or
    names no day), the article's lead. "In December 2008, three men ..." in a 2013 report is December 2008,
    "the 2004 tsunami killed 170,000" is 2004, "24 died" is the lead's day. In an article with no
    publication date a phrase that needs one ("on Monday") is returned unresolved, with its text: the
    reconciliation dates the article by its story and resolves it then."""
    nearest = nearest_date_phrase(
        [p for p in find_date_phrases(sentence, language) if not (p[0].start < number.end and number.start < p[0].end)],
        number,
    )
    resolved = resolve_date(nearest[1] if nearest else None, dates.reference, language)
    if resolved.low is None and nearest and dates.reference is None:
        return resolved  # its own phrase, kept for the SQL to resolve once the article is dated (rc_story)
    if resolved.low is None and dates.lead:
        resolved = resolve_date(dates.lead, dates.reference, language)
    return resolved


def article_dates(
    text: str, published: dt.date | None, sentences: Sequence[Sentence], language: str | None = None
) -> ArticleDates:
    """The reference day and the lead's date phrase of an article (see ``ArticleDates``);
    ``sentences`` are the article's, as ``core.sentences.split_sentences`` gives them."""
    reference = published
    for sentence in sentences[:LEAD_SENTENCES]:
        for _, phrase in find_date_phrases(sentence.text, language):
            when = resolve_date(phrase, reference, language)
            if when.low is not None and when.high is not None and (when.high - when.low).days <= PEG_DAYS:
                return ArticleDates(reference, phrase)
    return ArticleDates(reference, None)
