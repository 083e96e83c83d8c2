"""Case workbooks made for tests: a small valid one, and a way to swap a part of one for
something hostile or damaged."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl


def zip_bomb(unpacked: int = 60_000_000) -> bytes:
    """A small .xlsx-looking zip whose one sheet unpacks to ``unpacked`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * unpacked)
    return out.getvalue()


def billion_laughs() -> bytes:
    """A valid workbook whose first sheet declares nested XML entities."""
    raw = book(minimal())
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>klein</t>" in sheet
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    body = laughs + sheet.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n').replace(
        "<t>klein</t>", "<t>&c;</t>", 1
    )
    return replace_part(raw, "xl/worksheets/sheet1.xml", body.encode())


def book(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def minimal() -> dict[str, list[list[Any]]]:
    return {
        "case": [["key", "value"], ["id", "klein"], ["title", "Klein"], ["price_year", 2024]],
        "stakeholders": [["id", "name", "kind"], ["gemeente", "Gemeente", "municipality"]],
        "investments": [["id", "stakeholder", "amount", "years"], ["inzet", "gemeente", 1000, 1]],
        "outcomes": [
            ["id", "stakeholder", "quantity", "quantity.low", "quantity.high", "proxy"],
            ["minder", "gemeente", 10, 5, 20, 150],
        ],
    }


def replace_part(raw: bytes, part: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = body if info.filename == part else src.read(info.filename)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
