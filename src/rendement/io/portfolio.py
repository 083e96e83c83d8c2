"""Read portfolio files (YAML or JSON) with the line of every key, as case files are read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rendement.io.yamlio import MAX_FILE_BYTES, SourceMap, read_document, read_text
from rendement.model import CaseError
from rendement.model.portfolio import Portfolio, is_portfolio_data, parse_portfolio

_PORTFOLIO_KEY = re.compile(r'^portfolio\s*:|"portfolio"\s*:', re.MULTILINE)


@dataclass(frozen=True)
class LoadedPortfolio:
    portfolio: Portfolio
    file: str
    source: SourceMap
    data: Any

    def locate(self, error: CaseError) -> CaseError:
        """Attach this file's name and lines to problems found after loading (the members)."""
        return error.located(self.file, self.source.line_of)

    @property
    def folder(self) -> Path:
        return Path(self.file).parent


def is_portfolio_file(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> bool:
    """True when ``path`` reads as a document with a top-level ``portfolio:`` block; a file
    that cannot be read is not one (reading it as a case then says why)."""
    try:
        text = read_text(Path(path), max_bytes)
        if _PORTFOLIO_KEY.search(text) is None:  # cheap: most files are cases
            return False
        data, _ = read_document(text, str(path))
    except CaseError:
        return False
    return is_portfolio_data(data)


def load_portfolio(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedPortfolio:
    """Read and validate a portfolio file; every problem comes back at once in a CaseError."""
    path = Path(path)
    data, source = read_document(read_text(path, max_bytes), str(path))
    try:
        portfolio = parse_portfolio(data)
    except CaseError as error:
        raise error.located(str(path), source.line_of) from None
    return LoadedPortfolio(portfolio=portfolio, file=str(path), source=source, data=data)
