"""Reports: HTML and PDF from one template, Excel with live formulas, charts as SVG.

``write_workbook`` loads openpyxl on first use, so a command that only needs the small
helpers here (``rendement.report.neutral``) starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rendement.report.xlsx import write_workbook

__all__ = ["write_workbook"]


def __getattr__(name: str) -> Any:
    if name == "write_workbook":
        from rendement.report.xlsx import write_workbook

        return write_workbook
    raise AttributeError(f"module 'rendement.report' has no attribute {name!r}")
