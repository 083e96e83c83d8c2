"""Errors of the registry layer.

::

    RegistryError              any problem a user can act on (bad URL, unknown entry, ...)
      ├── NotFoundError        no such entry or version
      └── ConflictError        saved on a stale version: someone else saved first
"""

from __future__ import annotations


class RegistryError(Exception):
    """A registry problem, with a message for the user."""


class NotFoundError(RegistryError):
    pass


class ConflictError(RegistryError):
    pass
