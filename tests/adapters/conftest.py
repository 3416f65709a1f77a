"""Fixtures of the adapter tests."""

from __future__ import annotations

import pytest

from tests.standins.microsoft import MicrosoftStandIn


@pytest.fixture(scope="session")
def keys():
    """Microsoft's OpenID configuration and key set on loopback, in a thread of its own
    (botbuilder reads them with a blocking client): `keys.openid_url`, `keys.token(...)`.
    One per worker: the key set never changes, and what the stand-in records is not read."""
    with MicrosoftStandIn().in_thread() as microsoft:
        yield microsoft
