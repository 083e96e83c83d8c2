"""User text made inert for every output: terminal, HTML, PDF and Excel.

A case file is written by someone else; its titles, names and descriptions must read as text
wherever they are shown. Characters that steer the device instead of being read are replaced
by a visible name of themselves:

- C0 and C1 control characters and DEL (ESC starts ANSI colours and OSC 8 hyperlinks, CR
  overwrites a line, NUL is refused by openpyxl) become ``\\x1b``; tab and newline stay;
- bidirectional embeddings, overrides, isolates and marks (U+061C, U+200E, U+200F,
  U+202A–U+202E, U+2066–U+2069) reorder what is shown around them (a name that reads
  "fdp.exe" backwards); they become ``U+202E``.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_START", "neutralise"]

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STEERING = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")

# a spreadsheet reads a cell that starts with one of these as a formula
FORMULA_START = ("=", "+", "-", "@")


def _name(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"U+{code:04X}"


def neutralise(value: str) -> str:
    """``value`` with every control and bidi character shown by name (``\\x1b``, ``U+202E``)."""
    return _STEERING.sub(_name, value)
