"""A fast first reading of YAML with libyaml (PyYAML's C parser), under YAML 1.2 rules.

ruamel.yaml keeps the line of every key, which every error message needs, but it parses in pure
Python: a registry import of thousands of files spent most of its time there. Valid files are
the common case, so they are read here, about ten times faster; when anything is off (a syntax
error, a duplicate key, or later a validation error) the caller reads the file again with
ruamel.yaml for the lines. To give the same data as ruamel.yaml, the resolver follows the
YAML 1.2 core schema (``yes``/``no``/``on``/``off`` stay text, ``010`` is ten, ``0o10``
eight) and a duplicate key is refused, not silently overwritten.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    pass


class Yaml12Loader(_Loader):  # type: ignore[misc]
    """Safe loading with the YAML 1.2 core schema's implicit types."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in keys:
                raise _DuplicateKey(key)
            keys.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$",
        "0123456789",
    ),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def _int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)


def _plain(value: Any) -> Any:
    """As io.yamlio makes ruamel's data: keys as text."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def fast_load(text: str) -> tuple[bool, Any]:
    """``(True, data)`` for a document libyaml reads cleanly; ``(False, None)`` otherwise."""
    try:
        documents = list(yaml.load_all(text, Loader=Yaml12Loader))
    except (yaml.YAMLError, _DuplicateKey, ValueError, TypeError):
        return False, None
    if len(documents) != 1 or documents[0] is None:
        return False, None
    return True, _plain(documents[0])
