"""Reports: HTML and PDF from one template, Excel with live formulas, charts as SVG."""

from rendement.report.xlsx import write_workbook

__all__ = ["write_workbook"]
