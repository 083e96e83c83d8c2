"""A document as YAML text that the readers of :mod:`rendement.io.yamlio` read back to the
same data (downloads from the web, registry exports)."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def dump_yaml(data: Any, heading: str | None = None) -> str:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    out = io.StringIO()
    if heading:
        # a comment is one line: a heading over several lines is folded onto it
        out.write("# " + " ".join(heading.split()) + "\n")
    yaml.dump(data, out)
    return out.getvalue()
