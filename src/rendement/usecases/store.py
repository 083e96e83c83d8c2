"""Where cases and accounts are kept: one database, opened once by a shell."""

from __future__ import annotations

from dataclasses import dataclass

from rendement.registry import Registry
from rendement.registry.accounts import Accounts

__all__ = ["Accounts", "Registry", "Store"]


@dataclass(frozen=True)
class Store:
    registry: Registry
    accounts: Accounts

    @classmethod
    def open(cls, url: str) -> Store:
        registry = Registry.open(url)
        return cls(registry, Accounts(registry.engine))

    def close(self) -> None:
        self.registry.close()
