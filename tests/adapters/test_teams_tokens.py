"""Teams in production: Bot Framework tokens minted here against a local key set; a good one is
accepted, and a bad issuer, audience, expiry or signature is each refused with 401."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from entrypoints.config import Settings
from tests.adapters.test_teams import CANARY, activity, serve

APP_ID = "11111111-2222-3333-4444-555555555555"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
ISSUER = "https://api.botframework.com"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class KeySet:
    """An OpenID configuration and its JWKS on loopback (a thread: botbuilder reads them with a
    blocking client), with one signing key endorsed for Teams."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.key.public_key().public_numbers()
        jwk = {"kty": "RSA", "use": "sig", "kid": "local-1", "n": _b64(numbers.n),
               "e": _b64(numbers.e), "endorsements": ["msteams"]}
        keyset = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                base = f"http://127.0.0.1:{keyset.server.server_port}"
                body = {"issuer": ISSUER, "jwks_uri": f"{base}/keys"} if self.path == "/openid" \
                    else {"keys": [jwk]}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/openid"

    def token(self, **overrides) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": APP_ID, "exp": now + 600, "nbf": now - 60,
                  "serviceurl": SERVICE_URL, **overrides}
        key = overrides.pop("_key", None) or self.key
        claims.pop("_key", None)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "local-1"})


@pytest.fixture(scope="module")
def keys():
    keyset = KeySet()
    yield keyset
    keyset.server.shutdown()


def post_with(tmp_path, keys: KeySet, token: str):
    statuses = []
    settings = Settings(database_url="unused", teams_app_id=APP_ID, teams_app_password="pw",
                        teams_tenant_id="TENANT1", teams_openid_url=keys.url)

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
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = {"issuer": lambda: keys.token(iss="https://evil.example"),
             "audience": lambda: keys.token(aud="someone-else"),
             "expired": lambda: keys.token(exp=int(time.time()) - 3600,
                                           nbf=int(time.time()) - 7200),
             "signature": lambda: keys.token(_key=other)}[bad]()
    status, store, fake = post_with(tmp_path, keys, token)
    assert status == 401
    assert store.tenant_names() == [] and fake.replies == []
