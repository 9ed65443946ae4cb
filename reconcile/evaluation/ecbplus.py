"""The ECB+ benchmark slice: documents rebuilt as readable news, with its gold mentions and chains.

ECB+ (Cybulska & Vossen, LREC 2014; annotations CC BY 3.0, texts not copyrighted) is read at run time
from a folder outside the repository — by default ``../shared/benchmarks/ecbplus`` next to the
checkout — and never copied into it. Its ``docs/<doc>.txt`` files are tokens joined by spaces, one
sentence per line; ``mentions.jsonl`` offsets index those files. ``EcbPlusCorpus`` rebuilds each
document as a reader would see it (``reconcile.evaluation.detok``), drops the tokenised source URL of
``ecbplus`` documents (kept as ``url``), and maps every gold mention onto the rebuilt text, so claims
extracted from the rebuilt text can be compared with ECB+'s own coreference chains.

The rebuilt text keeps one ECB+ sentence per line, so ``EcbDoc.sentence_span(n)`` is ECB+ sentence
``n`` (for ``ecbplus`` documents sentence 0, the URL, has no span).

Folder lookup, first that exists: the ``root`` argument, ``$RECONCILE_ECBPLUS``, then
``../shared/benchmarks/ecbplus`` relative to the repository and relative to its parent (a git worktree
kept one level deeper). ``EcbPlusMissing`` says where it looked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reconcile.evaluation.detok import Detokenized, detokenize

ENV_VAR = "RECONCILE_ECBPLUS"
DEFAULT_RELATIVE = Path("..") / "shared" / "benchmarks" / "ecbplus"
REQUIRED_FILES = ("docs.jsonl", "mentions.jsonl", "chains.jsonl", "docs")
LICENCE_FILES = ("LICENSEDATA.TXT", "COPYING-CC.TXT")
CITATION = (
    "Cybulska, A. and Vossen, P. (2014). Using a sledgehammer to crack a nut? Lexical diversity and event "
    "coreference resolution. In Proceedings of LREC 2014. ECB+ annotations licensed CC BY 3.0."
)

_MONTHS = {
    name: n
    for n, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
         "september sep sept", "october oct", "november nov", "december dec"),
        1,
    )
    for name in names.split()
}  # fmt: skip
# a date inside a short dateline: "May 5, 2010", "on Nov 10, 2011", "Monday, 3 January 2013",
# "7:00pm UK, Wednesday 05 May 2010", "Updated Thu 6 May 2010, 9:03am AEST"
_DATE_LINE = re.compile(
    r"\b(?:(?P<m1>[A-Za-z]+)\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})\s+(?P<m2>[A-Za-z]+)\.?),?\s+(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


class EcbPlusMissing(FileNotFoundError):
    """The benchmark folder is not there (or incomplete); the message names every place looked at."""


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def candidate_roots(root: str | Path | None = None) -> list[Path]:
    """Where the corpus is looked for, in order (module docstring)."""
    if root is not None:
        return [Path(root)]
    out: list[Path] = []
    env = os.environ.get(ENV_VAR)
    if env:
        out.append(Path(env))
    repo = _repo_root()
    out += [repo / DEFAULT_RELATIVE, repo.parent / DEFAULT_RELATIVE]
    return out


def find_root(root: str | Path | None = None) -> Path:
    """The corpus folder; raises ``EcbPlusMissing`` with a clear reason when none is usable."""
    tried: list[str] = []
    for path in candidate_roots(root):
        missing = [name for name in REQUIRED_FILES if not (path / name).exists()]
        if not missing:
            return path.resolve()
        tried.append(f"{path} ({'not found' if not path.exists() else 'missing ' + ', '.join(missing)})")
    raise EcbPlusMissing(
        "ECB+ benchmark folder not found; tried: "
        + "; ".join(tried)
        + f". Set {ENV_VAR} or pass the folder (it holds docs/, docs.jsonl, mentions.jsonl, chains.jsonl)."
    )


def available(root: str | Path | None = None) -> bool:
    """Whether the corpus can be loaded (tests skip when it cannot)."""
    try:
        find_root(root)
    except EcbPlusMissing:
        return False
    return True


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return rows


def parse_date_line(line: str) -> dt.date | None:
    """A dateline such as ``May 5, 2010`` or ``on Nov 10, 2011`` -> the date; None for any other line."""
    line = line.strip()
    m = _DATE_LINE.search(line)
    if not m or len(line) > 60:
        return None
    month = _MONTHS.get((m.group("m1") or m.group("m2")).lower())
    day = int(m.group("d1") or m.group("d2"))
    if month is None:
        return None
    try:
        return dt.date(int(m.group("y")), month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Mention:
    """An ECB+ gold mention with its span in both the tokenised file (``ecb_*``) and the rebuilt text."""

    doc_id: str
    m_id: str
    tag: str
    event_or_entity: str
    sentence: int
    ecb_start: int
    ecb_end: int
    start: int
    end: int
    text: str  # as in mentions.jsonl (tokenised)
    chain_id: str | None
    chain_kind: str
    chain_descriptor: str | None
    in_gold_sentence: bool

    @property
    def cross_doc(self) -> bool:
        return self.chain_kind == "cross_doc"


@dataclass(frozen=True)
class EcbDoc:
    """One rebuilt document. ``text`` is what the pipeline reads; offsets of claims index it."""

    doc_id: str
    topic: int
    subtopic: str  # "8_ecb" | "8_ecbplus"
    url: str | None
    published: dt.date | None
    gold_sentences: tuple[int, ...]
    detok: Detokenized
    first_line: int  # ECB+ sentence number of the first line kept (1 when the URL line is dropped)
    offset: int  # characters of the ECB+ file before that line (the URL line and its newline)
    mentions: tuple[Mention, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.detok.text

    @property
    def file_name(self) -> str:
        """The name the rebuilt document is written and scored under (``<doc_id>.txt``)."""
        return f"{self.doc_id}.txt"

    @property
    def plus(self) -> bool:
        """Whether the document belongs to the ``ecbplus`` subtopic (the ECB+ extension's event)."""
        return self.subtopic.endswith("ecbplus")

    def sentence_span(self, sentence: int) -> tuple[int, int]:
        """Span of ECB+ sentence ``sentence`` in ``text``; KeyError for the dropped URL line."""
        line = sentence - self.first_line
        if not 0 <= line < len(self.detok.line_spans):
            raise KeyError(f"{self.doc_id}: sentence {sentence} is not in the rebuilt text")
        return self.detok.line_spans[line]

    def sentence_of(self, offset: int) -> int:
        """ECB+ sentence number of a rebuilt-text offset."""
        return self.detok.line_of(offset) + self.first_line

    def to_ecb(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ECB+'s ``docs/<doc>.txt`` of a rebuilt span (mentions.jsonl's coordinates)."""
        s, e = self.detok.to_source(start, end)
        return s + self.offset, e + self.offset

    def from_ecb(self, ecb_start: int, ecb_end: int) -> tuple[int, int]:
        """Rebuilt span of an ECB+ span."""
        return self.detok.to_text(ecb_start - self.offset, ecb_end - self.offset)

    def header(self) -> str:
        """A ``date YYYY-MM-DD`` first line for ingest when the dateline gives a date, else empty."""
        return f" date {self.published.isoformat()} \n" if self.published else ""

    def write(self, folder: Path) -> Path:
        """Write the rebuilt text (with a date header when known) as ``folder/<doc_id>.txt``."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.file_name
        path.write_text(self.header() + self.text + "\n", encoding="utf-8")
        return path


def _rebuild(doc_id: str, raw: str, plus: bool) -> tuple[Detokenized, int, int, str | None]:
    """Detokenise a tokenised file; returns (detok, first kept line, char offset of that line, url)."""
    lines = raw.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    url = None
    first = 0
    if plus and lines and re.match(r"^https? :", lines[0]):
        url = lines[0].replace(" ", "")
        first = 1
    offset = sum(len(line) + 1 for line in lines[:first])
    return detokenize(lines[first:], split_hyphens=plus), first, offset, url


def _published(detok: Detokenized) -> dt.date | None:
    """The first dateline among the first four lines (ecbplus documents carry one after the title)."""
    for start, end in detok.line_spans[:4]:
        date = parse_date_line(detok.text[start:end])
        if date is not None:
            return date
    return None


class EcbPlusCorpus:
    """The benchmark slice, loaded lazily; documents in ECB+'s order (topic, then document number)."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = find_root(root)

    @cached_property
    def _doc_rows(self) -> list[dict[str, Any]]:
        return _read_jsonl(self.root / "docs.jsonl")

    @cached_property
    def _mention_rows(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in _read_jsonl(self.root / "mentions.jsonl"):
            out.setdefault(row["doc_id"], []).append(row)
        return out

    @cached_property
    def chains(self) -> dict[str, dict[str, Any]]:
        """``chains.jsonl`` by chain id."""
        return {row["chain_id"]: row for row in _read_jsonl(self.root / "chains.jsonl")}

    @cached_property
    def docs(self) -> dict[str, EcbDoc]:
        out: dict[str, EcbDoc] = {}
        for row in self._doc_rows:
            out[row["doc_id"]] = self._load(row)
        return out

    def doc(self, doc_id: str) -> EcbDoc:
        try:
            return self.docs[doc_id]
        except KeyError:
            raise KeyError(f"{doc_id!r} is not an ECB+ document of {self.root}") from None

    def __iter__(self) -> Iterator[EcbDoc]:
        return iter(self.docs.values())

    def topics(self) -> list[int]:
        return sorted({d.topic for d in self})

    def licence_files(self) -> list[Path]:
        """The corpus's licence files, to keep next to anything derived from it (``eval/ecbplus/``)."""
        return [self.root / name for name in LICENCE_FILES]

    def _load(self, row: dict[str, Any]) -> EcbDoc:
        doc_id = str(row["doc_id"])
        path = self.root / "docs" / f"{doc_id}.txt"
        if not path.exists():
            raise EcbPlusMissing(f"{path}: document listed in docs.jsonl is missing")
        plus = str(row["subtopic"]).endswith("ecbplus")
        detok, first, offset, url = _rebuild(doc_id, path.read_text(encoding="utf-8"), plus)
        mentions = []
        for m in self._mention_rows.get(doc_id, []):
            start, end = detok.to_text(m["char_start"] - offset, m["char_end"] - offset)
            mentions.append(
                Mention(
                    doc_id=doc_id,
                    m_id=str(m["m_id"]),
                    tag=str(m["tag"]),
                    event_or_entity=str(m["event_or_entity"]),
                    sentence=int(m["sentence"]),
                    ecb_start=int(m["char_start"]),
                    ecb_end=int(m["char_end"]),
                    start=start,
                    end=end,
                    text=str(m["text"]),
                    chain_id=m.get("chain_id"),
                    chain_kind=str(m.get("chain_kind") or "singleton"),
                    chain_descriptor=m.get("chain_descriptor"),
                    in_gold_sentence=bool(m.get("in_gold_sentence")),
                )
            )
        return EcbDoc(
            doc_id=doc_id,
            topic=int(row["topic"]),
            subtopic=str(row["subtopic"]),
            url=url or (str(row["source_url"]).replace(" ", "") if row.get("source_url") else None),
            published=_published(detok),
            gold_sentences=tuple(int(s) for s in row.get("gold_sentences") or ()),
            detok=detok,
            first_line=first,
            offset=offset,
            mentions=tuple(mentions),
        )
