"""Reports: HTML and PDF from one template, Excel with live formulas, charts as SVG."""
