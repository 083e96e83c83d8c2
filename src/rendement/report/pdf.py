"""PDF from the same HTML, laid out for A4 by WeasyPrint (page numbers, repeated headers)."""

from __future__ import annotations

import logging
from pathlib import Path

__all__ = ["missing_glyphs_line", "write_pdf"]


class _MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint had no font for (it draws a box and logs each one)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(".notdef glyph") and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            self.characters.setdefault(str(args[0]), None)


def write_pdf(html: str, path: Path) -> tuple[str, ...]:
    """Write ``html`` as a PDF at ``path``; return the characters no installed font covers.

    Names may be in any script; a character without a glyph prints as an empty box, so the
    caller can say which ones (the fonts are the machine's: see scripts/system-deps).
    """
    from weasyprint import HTML

    handler = _MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        # no base URL: the document is self-contained and must not fetch anything
        HTML(string=html).write_pdf(str(path))
    finally:
        logger.removeHandler(handler)
    return tuple(handler.characters)


def missing_glyphs_line(path: Path, characters: tuple[str, ...]) -> str:
    """One warning line naming the characters that printed as boxes."""
    named = ", ".join(f"{c} (U+{ord(c):04X})" for c in characters)
    return (
        f"{path}: warning: no installed font has a glyph for {named}; they print as empty boxes "
        "(install a font that covers them)"
    )
