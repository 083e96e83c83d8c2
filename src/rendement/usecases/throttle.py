"""Throttling of guesses: after repeated failed sign-ins (per account and per address) or
failed workshop joins (per address), further attempts are refused for a while, whether the
next one would be right or not, so a password or a join code cannot be found by trying.

The counts live in the database, so every worker sees the same ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rendement.model.errors import UserError
from rendement.registry.accounts import Accounts

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5  # failed sign-ins of one account in the window
ADDRESS_LIMIT = 30  # failed sign-ins from one address (many accounts tried from one place)
JOIN_LIMIT = 20  # unknown join codes tried from one address


class ThrottledError(UserError):
    """Too many failed attempts: refused without looking, for a while."""

    kind = "throttled"


def sign_in_keys(email: str, address: str | None) -> dict[str, int]:
    keys = {f"account:{email.strip().lower()[:254]}": ACCOUNT_LIMIT}
    if address:
        keys[f"address:{address[:60]}"] = ADDRESS_LIMIT
    return keys


def join_keys(address: str | None) -> dict[str, int]:
    return {f"join:{address[:60]}": JOIN_LIMIT} if address else {}


def check(accounts: Accounts, keys: dict[str, int], now: datetime) -> None:
    """Refuse when any key has reached its limit within the window."""
    if not keys:
        return
    counts = accounts.count_attempts(list(keys), now - WINDOW)
    if any(counts.get(key, 0) >= limit for key, limit in keys.items()):
        minutes = int(WINDOW.total_seconds() // 60)
        raise ThrottledError(
            f"too many failed attempts: wait {minutes} minutes before trying again"
        )


def failed(accounts: Accounts, keys: dict[str, int], now: datetime) -> None:
    if keys:
        accounts.add_attempts(list(keys), now, now - WINDOW)


def succeeded(accounts: Accounts, keys: dict[str, int]) -> None:
    """A right answer clears the account's count (not the address's: one account known to
    an attacker must not reset the count of their guesses at others)."""
    accounts.clear_attempts([k for k in keys if k.startswith("account:")])
