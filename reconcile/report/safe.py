"""Text from articles, file names, databases and error messages, made safe to show.

Anything we display may come from a hostile file: an ESC sequence in an article or a file name can
clear the screen, set the window title or plant an OSC 8 link in the reader's terminal; a ``[/x]`` in
a path breaks Rich markup. So every displayed string passes through ``printable`` (C0/C1 controls
become visible placeholders) and reaches Rich as a ``Text`` (never parsed as markup).

Each control character is replaced by exactly one character, so offsets into a quote (where its
number is highlighted) stay valid after cleaning.
"""

from __future__ import annotations

import json

from rich.text import Text

# C0 controls -> their Unicode "control pictures" (U+2400..U+241F: ␛ for ESC), DEL -> ␡, C1 -> U+FFFD.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"} | {c: "\ufffd" for c in range(0x80, 0xA0)}
_KEEP_LAYOUT = {k: v for k, v in _PICTURES.items() if chr(k) not in "\t\n"}


def printable(text: object, *, newlines: bool = True) -> str:
    """``text`` as a string with every control character replaced by a visible, harmless one.

    Tabs and newlines are kept when ``newlines`` is true (a quote or a message may span lines); a file
    name or a table cell passes ``newlines=False`` so nothing can forge an extra line of output.
    """
    return str(text).translate(_KEEP_LAYOUT if newlines else _PICTURES)


def safe_text(text: object, style: str = "", *, newlines: bool = True) -> Text:
    """A Rich ``Text`` of ``printable(text)``: shown literally, never interpreted as markup."""
    return Text(printable(text, newlines=newlines), style=style)


_C1_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def json_dumps(value: object, *, indent: int | None = None) -> str:
    """JSON that keeps non-ASCII text readable yet is safe to print: ``json.dumps`` escapes C0 controls
    but leaves DEL and the C1 ones (U+0080..U+009F, 8-bit escape sequences) raw with ``ensure_ascii=False``.
    They can only occur inside strings, where ``\\u0080`` decodes back to the same character."""
    return json.dumps(value, ensure_ascii=False, indent=indent).translate(_C1_ESCAPES)
