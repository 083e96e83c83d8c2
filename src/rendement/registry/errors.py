"""Errors of the registry layer.

::

    RegistryError              any problem a user can act on (bad URL, unknown entry, ...)
      ├── NotFoundError        no such entry or version
      └── ConflictError        saved on a stale version: someone else saved first
"""

from __future__ import annotations

from rendement.model.errors import UserError


class RegistryError(UserError):
    """A registry problem, with a message for the user."""

    kind = "invalid"


class NotFoundError(RegistryError):
    kind = "not-found"


class ConflictError(RegistryError):
    kind = "conflict"
