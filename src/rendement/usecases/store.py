"""Where cases and accounts are kept: one database, opened once by a shell."""

from __future__ import annotations

from dataclasses import dataclass

from rendement.registry import Registry
from rendement.registry.accounts import Accounts
from rendement.registry.derived import Derived
from rendement.registry.portfolios import Portfolios
from rendement.registry.workshops import Workshops

__all__ = ["Accounts", "Derived", "Portfolios", "Registry", "Store", "Workshops"]


@dataclass(frozen=True)
class Store:
    registry: Registry
    accounts: Accounts
    workshops: Workshops
    portfolios: Portfolios
    derived: Derived

    @classmethod
    def open(cls, url: str) -> Store:
        registry = Registry.open(url)
        return cls(
            registry,
            Accounts(registry.engine),
            Workshops(registry.engine),
            Portfolios(registry.engine),
            Derived(registry.engine),
        )

    def close(self) -> None:
        self.registry.close()
