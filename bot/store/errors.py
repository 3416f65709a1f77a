"""What can go wrong in the store, in words a person can act on."""

from bot.errors import WeaktieError


class StoreError(WeaktieError):
    """The database cannot be used (unreachable, wrong URL, failed write); nothing was written."""


class UnknownTenant(StoreError):
    """A command named a tenant that has no data yet."""


class DuplicateRound(StoreError):
    """A round for this program and due time exists already (rounds are planned once)."""
