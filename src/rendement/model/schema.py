"""The JSON Schema of a case document, published with the package (``rendement schema``)."""

from __future__ import annotations

from typing import Any

from rendement.model.case import Case


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rendement case file, format version 1"
    return schema
