"""Readable text from whitespace-separated tokens, with an exact map back to the tokenised offsets.

Why: benchmark corpora such as ECB+ ship news as tokens joined by spaces ("2 : 53 p . m .", "U . S .",
"India 's", "`` ... ''", "$ 100 million"). The number finder and the model must read news as news
writes it ("2:53 p.m.", "U.S.", "India's", "$100 million"), yet the corpus's gold annotations index the
tokenised text. ``detokenize`` decides, for every gap between two tokens, whether a reader's text has a
space there, and records where each token landed, so any span can be moved between the two texts.

Only gaps are decided: a token's characters are copied unchanged, except the Penn Treebank quote tokens
(````` and ``''`` become ``"``; a lone ````` becomes ``'``). The rules, in order, for the gap between
token ``a`` and the next token ``b`` on the same line:

* numbers: ``4 , 275`` -> ``4,275`` (b is exactly three digits and a ends in a group of one to three
  digits), ``6 . 1`` -> ``6.1``, ``2 : 53`` -> ``2:53``;
* abbreviations spelled as letter-dot pairs: ``p . m .`` -> ``p.m.``, ``U . S .`` -> ``U.S.``;
* currency signs before a number: ``$ 100`` -> ``$100``, ``€ 80`` -> ``€80``; a ``?`` before a number is
  a sign the corpus lost to an encoding error and is placed like one (``an ? 110`` -> ``an ?110``);
* hyphens: ``61 - year - old`` -> ``61-year-old`` when the tokeniser split hyphenated words (the
  caller says so with ``split_hyphens``; otherwise a lone ``-`` is a dash and keeps its spaces), except
  before a word that starts a clause (``Paris - the latest``, ``trip - which``); a dash before a
  number word ("workers - two women") cannot be told from a hyphen ("three - day") and is joined;
* no space before closing punctuation (``, . ; : ! ? ) ] } % ...``), clitics (``'s n't 're 'm 've
  'll 'd``, and ``’`` with its ``s``), or a closing quote; no space after an opening bracket, an
  opening quote or a currency sign;
* straight double quotes standing alone are opening or closing by the quote state of the document
  (quotes attached to words count too), which carries across lines because quotations span sentences.

Lines stay lines: the result has exactly one line per input line, so sentence ``n`` of the tokenised
text is line ``n`` of the readable one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_CLOSING = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "''", "”", "’"})
_OPENING = frozenset({"(", "[", "{", "``", "“", "‘", "`"})
_CLITICS = frozenset({"'s", "'S", "n't", "N'T", "'re", "'m", "'ve", "'ll", "'d", "'RE", "'M", "'VE", "'LL", "'D"})
_CURRENCY = frozenset({"$", "£", "€", "¥", "US$", "A$", "C$", "Rs", "Rs.", "₹"})
# words that start a clause after a dash ("Paris - the latest"): keep the dash spaced
_DASH_BEFORE = frozenset(
    {"the", "a", "an", "were", "was", "is", "are", "it", "its", "which", "who", "or", "can", "with", "so",
     "although", "just", "about", "all", "some", "in", "on", "at", "as", "but", "not", "then"}
)  # fmt: skip
# PTB quote tokens and what a reader sees instead
_REWRITE = {"``": '"', "''": '"', "`": "'"}
_DIGITS = re.compile(r"\d+$")
_GROUP_END = re.compile(r"(?:^|\D)\d{1,3}$")
_THREE_DIGITS = re.compile(r"\d{3}(?:\D.*)?$")
_LETTER = re.compile(r"[A-Za-z]$")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: where it is in the tokenised text (``src``) and in the readable text (``out``)."""

    text: str
    line: int
    src_start: int
    src_end: int
    out_start: int
    out_end: int

    @property
    def rewritten(self) -> bool:
        return self.out_end - self.out_start != self.src_end - self.src_start


@dataclass(frozen=True, slots=True)
class Detokenized:
    """Readable text plus the token alignment; ``line_spans[n]`` is line ``n``'s span in ``text``."""

    text: str
    tokens: tuple[Token, ...]
    line_spans: tuple[tuple[int, int], ...]
    source_length: int

    def to_text(self, src_start: int, src_end: int) -> tuple[int, int]:
        """The readable span of a tokenised span ``[src_start, src_end)`` (which should cover whole tokens).

        A span that cuts through a token maps inside it character for character when the token was
        copied unchanged, else to the whole token."""
        if not (0 <= src_start < src_end <= self.source_length):
            raise ValueError(f"span [{src_start}, {src_end}) outside the tokenised text (length {self.source_length})")
        return _project(src_start, src_end, [(t.src_start, t.src_end, t.out_start, t.out_end) for t in self.tokens])

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The tokenised span of a readable span ``[start, end)``; the inverse of ``to_text``."""
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"span [{start}, {end}) outside the text (length {len(self.text)})")
        return _project(start, end, [(t.out_start, t.out_end, t.src_start, t.src_end) for t in self.tokens])

    def line_of(self, offset: int) -> int:
        """The line (= tokenised sentence) holding readable offset ``offset``."""
        starts = [s for s, _ in self.line_spans]
        return max(0, bisect_right(starts, offset) - 1)


def _project(start: int, end: int, pairs: Sequence[tuple[int, int, int, int]]) -> tuple[int, int]:
    """Move ``[start, end)`` through token pairs ``(from_start, from_end, to_start, to_end)`` sorted by
    position: whole tokens map to whole tokens, a cut through an unchanged token maps character for
    character, a cut through a rewritten one widens to the whole token."""
    i = max(0, bisect_right([p[0] for p in pairs], start) - 1)
    inside = []
    for pair in pairs[i:]:
        if pair[0] >= end:
            break
        if pair[1] > start:
            inside.append(pair)
    if not inside:
        raise ValueError(f"span [{start}, {end}) covers no token (only spaces)")
    (f_start, f_end, t_start, t_end), (l_start, l_end, u_start, u_end) = inside[0], inside[-1]
    same_first = f_end - f_start == t_end - t_start
    same_last = l_end - l_start == u_end - u_start
    out_start = t_start + max(0, start - f_start) if same_first else t_start
    out_end = u_end - max(0, l_end - end) if same_last else u_end
    return out_start, out_end


def _quote_parity(token: str) -> int:
    """Straight double quotes inside a token, counted for the open/closed state."""
    return token.count('"')


def _is_number(token: str) -> bool:
    return bool(_DIGITS.match(token))


def _ends_digit(token: str) -> bool:
    return bool(token) and token[-1].isdigit()


def _starts_digit(token: str) -> bool:
    return bool(token) and token[0].isdigit()


def _joins(left: str | None, right: str | None) -> bool:
    """A lone hyphen between these two tokens joins them (``61 - year``, ``$143 - billion``), unless the
    right one starts a clause (``Paris - the``)."""
    return bool(left and right) and left[-1].isalnum() and right[0].isalnum() and right.lower() not in _DASH_BEFORE  # type: ignore[index,union-attr]


class _Gaps:
    """Decides the gaps of one document; keeps the quote state that spans lines."""

    def __init__(self, split_hyphens: bool) -> None:
        self.split_hyphens = split_hyphens
        self.double_open = False

    def glue_before(self, prev: str, tok: str, nxt: str | None, prev2: str | None) -> bool:
        """No space between ``prev`` and ``tok``? (``prev2`` precedes ``prev``, ``nxt`` follows ``tok``)."""
        # numbers
        if tok == "," and _GROUP_END.search(prev) and nxt is not None and _THREE_DIGITS.match(nxt):
            return True
        if prev == "," and prev2 is not None and _GROUP_END.search(prev2) and _THREE_DIGITS.match(tok):
            return True
        if tok in {".", ":"} and _ends_digit(prev) and nxt is not None and _starts_digit(nxt):
            return True
        if prev in {".", ":"} and prev2 is not None and _ends_digit(prev2) and _starts_digit(tok):
            return True
        # letter-dot abbreviations: "p . m .", "U . S ."
        if tok == "." and _LETTER.match(prev):
            return True
        if prev == "." and prev2 is not None and _LETTER.match(prev2) and bool(_LETTER.match(tok)):
            return nxt == "."
        # currency sign before a number; a "?" there is a sign lost to an encoding error ("an ? 110 billion")
        if (prev in _CURRENCY or prev == "?") and _starts_digit(tok):
            return True
        if tok == "?" and nxt is not None and _starts_digit(nxt):
            return False
        # hyphens inside words, when the tokeniser split them; "- -" is one dash
        if tok == "-" and prev == "-":
            return True
        if self.split_hyphens:
            if tok == "-" and _joins(prev, nxt):
                return True
            if prev == "-" and _joins(prev2, tok):
                return True
        # quotes, clitics and punctuation
        if tok == '"':  # a closing quote hugs the word before it; an opening one does not
            return self.double_open or nxt is None  # a quote ending a line closes
        if tok in _CLITICS or tok in _CLOSING or tok == "'":
            return True  # "'" alone: a possessive ("pirates '") or a closing single quote
        if prev == '"':
            return self.double_open  # right after an opening quote (the state is already open)
        if prev == "’" and tok in {"s", "t", "S", "T"}:
            return True
        return prev in _OPENING or prev in _CURRENCY

    def after(self, tok: str, *, first: bool, last: bool) -> None:
        """Update the quote state with a token just placed (``first``/``last`` on its line).

        A lone quote opening a line opens and one ending a line closes, whatever came before: news
        reopens a quotation at each paragraph it continues into without closing the previous one."""
        if tok == '"':
            self.double_open = first or (not last and not self.double_open)
        elif tok == "``":
            self.double_open = True
        elif tok == "''":
            self.double_open = False
        elif _quote_parity(tok) % 2:
            self.double_open = not self.double_open


def detokenize(lines: Sequence[str], *, split_hyphens: bool = False) -> Detokenized:
    """Readable text of ``lines`` (each a line of tokens joined by single spaces), lines joined by ``\\n``.

    The tokenised text the offsets refer to is ``"\\n".join(lines)``."""
    gaps = _Gaps(split_hyphens)
    out: list[str] = []
    pos = 0  # readable offset
    src = 0  # tokenised offset
    tokens: list[Token] = []
    line_spans: list[tuple[int, int]] = []
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
            pos += 1
            src += 1  # the newline of the tokenised text
        line_start = pos
        words = line.split(" ") if line else []
        for i, word in enumerate(words):
            if i:
                src += 1  # the single space between tokens
            if not word:  # two spaces in a row: an empty token, nothing to place
                continue
            prev = words[i - 1] if i else None
            if (
                prev is not None
                and prev
                and not gaps.glue_before(
                    prev, word, words[i + 1] if i + 1 < len(words) else None, words[i - 2] if i >= 2 else None
                )
            ):
                out.append(" ")
                pos += 1
            shown = _REWRITE.get(word, word)
            tokens.append(Token(word, n, src, src + len(word), pos, pos + len(shown)))
            out.append(shown)
            pos += len(shown)
            src += len(word)
            gaps.after(word, first=i == 0, last=i == len(words) - 1)
        line_spans.append((line_start, pos))
    return Detokenized(
        text="".join(out), tokens=tuple(tokens), line_spans=tuple(line_spans), source_length=len("\n".join(lines))
    )
