"""Teams in production: Bot Framework tokens minted here against a local key set; a good one is
accepted, and a bad issuer, audience, expiry or signature is each refused with 401."""

from __future__ import annotations

import time

import pytest

from tests.helpers.teams import CANARY, activity, registered, serve
from tests.standins.microsoft import SERVICE_URL, MicrosoftStandIn, other_key


def post_with(tmp_path, keys: MicrosoftStandIn, token: str):
    statuses = []
    settings = registered(keys)

    async def scenario(client, _url):
        body = activity(SERVICE_URL, CANARY, "channel", mentions=["29:bea"])
        response = await client.post("/api/messages", json=body,
                                     headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status)

    store, fake = serve(tmp_path, scenario, settings)
    return statuses[0], store, fake


def test_a_token_signed_by_the_published_key_is_accepted(tmp_path, keys):
    from bot.store import Store
    known = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")  # as a roster would have made them
    for person in ("29:ana", "29:bea"):
        known.update_person("TENANT1", person, "teams")
    status, store, _ = post_with(tmp_path, keys, keys.token())
    assert status == 201
    assert [i.kind for i in store.interactions("TENANT1")] == ["message", "mention"]


@pytest.mark.parametrize("bad", ["issuer", "audience", "expired", "signature"])
def test_a_bad_token_is_refused_with_401_and_changes_nothing(tmp_path, keys, bad):
    other = other_key()
    token = {"issuer": lambda: keys.token(iss="https://evil.example"),
             "audience": lambda: keys.token(aud="someone-else"),
             "expired": lambda: keys.token(exp=int(time.time()) - 3600,
                                           nbf=int(time.time()) - 7200),
             "signature": lambda: keys.token(key=other)}[bad]()
    status, store, fake = post_with(tmp_path, keys, token)
    assert status == 401
    assert store.tenant_names() == [] and fake.replies == []
