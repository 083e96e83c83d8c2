"""Errors of the use-case layer (see the tree in :mod:`rendement.model.errors`)."""

from __future__ import annotations

from rendement.model.errors import UserError
from rendement.registry.errors import ConflictError, NotFoundError, RegistryError

__all__ = [
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "RegistryError",
    "UnauthorisedError",
    "UserError",
]


class ForbiddenError(UserError):
    """Signed in, but the role does not allow it (a case of another organisation is not
    forbidden but not found: its existence is not told)."""

    kind = "forbidden"


class UnauthorisedError(UserError):
    """Not signed in, or the credentials are wrong, expired or revoked."""

    kind = "unauthorised"
