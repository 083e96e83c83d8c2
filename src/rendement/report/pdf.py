"""PDF from the same HTML, laid out for A4 by WeasyPrint (page numbers, repeated headers)."""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    # no base URL: the document is self-contained and must not fetch anything
    HTML(string=html).write_pdf(str(path))
