"""The month names of German, French and Spanish news, written once.

Why one table: three readers need them. The date-phrase finder (``dates_intl``: "a mediados de abril" is
mid-April), the number finder (``numbers_intl``: the 3 of "3. Mai 2022" is a date, not a count) and the
sentence splitter (``sentences``: the "." of "am 3. Mai" ends no sentence). A spelling added for one of
them must reach the others, so none keeps its own list.
"""

from __future__ import annotations

__all__ = ["MONTHS", "month_names"]

# January first; each month's spellings, lowercase: its names, then its abbreviations (they end in ".").
MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "de": (("januar", "jänner", "jan."), ("februar", "feb."), ("märz", "mär."), ("april", "apr."), ("mai",),
           ("juni", "jun."), ("juli", "jul."), ("august", "aug."), ("september", "sept.", "sep."),
           ("oktober", "okt."), ("november", "nov."), ("dezember", "dez.")),
    "fr": (("janvier", "janv."), ("février", "févr."), ("mars",), ("avril", "avr."), ("mai",), ("juin",),
           ("juillet", "juil."), ("août",), ("septembre", "sept."), ("octobre", "oct."),
           ("novembre", "nov."), ("décembre", "déc.")),
    "es": (("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",), ("julio",), ("agosto",),
           ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre",)),
}  # fmt: skip


def month_names(language: str, *, abbreviations: bool = True) -> tuple[str, ...]:
    """Every spelling of ``language``'s months, lowercase: the names (January first), then the
    abbreviations unless ``abbreviations`` is False."""
    spellings = [s for month in MONTHS[language] for s in month]
    names = [s for s in spellings if not s.endswith(".")]
    return tuple(names + [s for s in spellings if s.endswith(".")] if abbreviations else names)
