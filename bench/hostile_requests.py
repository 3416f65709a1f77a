"""The requests bench/hostile.py sends: valid ones (signed, well formed) and every kind of hostile
one (bench/hostile_bodies.py draws the bodies), each labelled with what it tries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import hostile_bodies as hb  # noqa: E402
from tests.standins.microsoft import MicrosoftStandIn  # noqa: E402

FORM, JSON = "application/x-www-form-urlencoded", "application/json"
SECRET = "bench-signing-secret"
APP_ID = "11111111-2222-3333-4444-555555555555"
KEY = "bench-secret-key-0123456789abcdef"


@dataclass
class Req:
    label: str
    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    valid: bool = False
    server: str = "main"


def sign(body: bytes, ts: int | None = None, secret: str = SECRET) -> dict:
    ts = int(time.time()) if ts is None else ts
    mac = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={mac}"}


def slack_json(label: str, body: object, valid: bool = False) -> Req:
    raw = json.dumps(body).encode()
    return Req(label, "POST", "/slack/events", raw, {"Content-Type": JSON, **sign(raw)}, valid)


def slack_form(label: str, payload: object | None = None, fields: dict | None = None,
               valid: bool = False) -> Req:
    raw = urlencode(fields if fields is not None else {"payload": json.dumps(payload)}).encode()
    return Req(label, "POST", "/slack/events", raw, {"Content-Type": FORM, **sign(raw)}, valid)


class Requests:
    """Builds the run's requests from the seed (tokens are minted when sent: they expire)."""

    def __init__(self, rng: random.Random, ms: MicrosoftStandIn, respond: str) -> None:
        self.rng, self.ms, self.respond, self.i = rng, ms, respond, 0

    def teams(self, label: str, body: object, valid: bool = False, token: str | None = None,
              content_type: str = JSON) -> Req:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        service = body.get("serviceUrl") if isinstance(body, dict) and \
            isinstance(body.get("serviceUrl"), str) else hb.TEAMS_SERVICE
        auth = token if token is not None else f"Bearer {self.ms.token(service)}"
        return Req(label, "POST", "/api/messages", raw,
                   {"Content-Type": content_type, **({"Authorization": auth} if auth else {})},
                   valid)

    def valid(self) -> Req:
        self.i += 1
        pick = self.rng.randrange(7)
        if pick == 0:
            return slack_json("valid slack message", hb.slack_message(self.i), True)
        if pick == 1:
            return slack_json("valid slack reaction", hb.slack_reaction(self.i), True)
        if pick == 2:
            return slack_form("valid slack /coffee", fields=hb.slack_command(respond=self.respond),
                              valid=True)
        if pick == 3:
            return slack_form("valid slack button", hb.slack_button(respond=self.respond), valid=True)
        if pick == 4:
            return self.teams("valid teams channel message", hb.teams_activity("channel", self.i),
                              True)
        if pick == 5:
            return Req("valid healthz", "GET", "/healthz", valid=True)
        return Req("valid oauth install page", "GET", "/slack/install", valid=True, server="oauth")

    def hostile(self) -> Req:
        self.i += 1
        rng = self.rng
        pick = rng.randrange(20)
        if pick == 0:  # unsigned, forged, stale, non-ASCII signature headers
            raw = json.dumps(hb.slack_message(self.i)).encode()
            headers = rng.choice([{}, sign(raw, secret="wrong"), sign(raw, int(time.time()) - 600),
                                  {"X-Slack-Request-Timestamp": "²", "X-Slack-Signature": "v0=é"},
                                  {**sign(raw), "X-Slack-Signature": "v0=" + "0" * 64},
                                  sign(raw, int(time.time()) + 10**9)])
            return Req("slack bad signature", "POST", "/slack/events", raw,
                       {"Content-Type": JSON, **headers})
        if pick == 1:
            name, ctype, raw = rng.choice(hb.SLACK_FIXED)
            return Req(f"slack fixed: {name}", "POST", "/slack/events", raw,
                       {"Content-Type": ctype, **sign(raw)})
        if pick in (2, 3, 4):
            base = rng.choice([hb.slack_message(self.i), hb.slack_reaction(self.i)])
            return slack_json("slack mutated event", hb.mutate(base, rng))
        if pick == 5:
            return slack_form("slack mutated button", hb.mutate(hb.slack_button(respond=self.respond), rng))
        if pick == 6:
            value = rng.choice(["1:999", "3:99999999999999999999", "0:0", "x", "", "1:-1",
                                f"{rng.randrange(10**6)}:{rng.randrange(10**6)}", "1:1:1"])
            return slack_form("slack button value", hb.slack_button(value, self.respond))
        if pick == 7:
            fields = hb.mutate(hb.slack_command(rng.choice(["help", "join", "x" * 5000, "\x00"]),
                                                  self.respond),
                               rng)
            fields = {k: str(v) for k, v in fields.items()}
            return slack_form("slack mutated /coffee", fields=fields)
        if pick == 8:  # oversized: 600 KB, signed or not
            raw = b'{"a": "' + b"x" * 600_000 + b'"}'
            return Req("slack oversized", "POST", "/slack/events", raw,
                       {"Content-Type": JSON, **(sign(raw) if rng.random() < .5 else {})})
        if pick in (9, 10, 11):
            base = rng.choice([hb.teams_activity("channel", self.i),
                               hb.teams_activity("personal", self.i)])
            return self.teams("teams mutated activity", hb.mutate(base, rng))
        if pick == 12:
            name, body = rng.choice(hb.TEAMS_FIXED)
            return self.teams(f"teams fixed: {name}", body)
        if pick == 13:
            body = hb.teams_activity("channel", self.i)
            token = rng.choice(["", "Bearer", "Bearer garbage", "Basic abc",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, aud='other')}",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, iss='https://evil')}",
                                f"Bearer {self.ms.token('https://evil.example/')}",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, exp=1, nbf=0)}"])
            return self.teams("teams bad token", body, token=token)
        if pick == 14:  # forged serviceUrl, validly authenticated for it
            body = hb.teams_activity(rng.choice(["personal", "channel"]), self.i)
            body["serviceUrl"] = rng.choice(["http://10.255.255.1/", "https://evil.example/",
                                             "https://smba.trafficmanager.net.evil.example/",
                                             "http://smba.trafficmanager.net/emea/", "ftp://x",
                                             "https://127.0.0.1:9/"])
            return self.teams("teams forged serviceUrl", body)
        if pick == 15:
            raw = rng.choice([b"{not json", b"[1]", b"null", b"[" * 5000 + b"]" * 5000, b"\xff",
                              b'{"type": "message"}'])
            return self.teams("teams malformed body", raw,
                              content_type=rng.choice([JSON, "text/plain", FORM]))
        if pick == 16:
            nudge = rng.choice(["1", "0", "-1", "99999999999", "²", "1e3", "%00", "abc",
                                str(rng.randrange(1, 2**31))])
            token = rng.choice(["x", "", "0" * 64, "%00", "a" * 5000, "../../etc"])
            return Req("calendar guess", "GET", f"/calendar/{nudge}/{quote(token)}.ics")
        if pick == 17:
            query = rng.choice(["", "code=x", "code=x&state=y", "state=" + "y" * 3000,
                                "error=access_denied", "code=%00&state=%00", "code[]=1"])
            path = rng.choice(["/slack/oauth_redirect", "/slack/install"])
            return Req("slack oauth", "GET", f"{path}?{query}", server="oauth")
        if pick == 18:  # wrong methods, paths, content types
            method, path = rng.choice([("GET", "/slack/events"), ("GET", "/api/messages"),
                                       ("POST", "/healthz"), ("PUT", "/slack/events"),
                                       ("POST", "/nope"), ("DELETE", "/api/messages"),
                                       ("POST", "/calendar/1/x.ics")])
            return Req("wrong method or path", method, path, b"{}", {"Content-Type": JSON})
        raw = json.dumps(hb.slack_message(self.i)).encode()
        ctype = rng.choice(["text/plain", "multipart/form-data; boundary=x", "", JSON + "x"])
        return Req("slack wrong content type", "POST", "/slack/events", raw,
                   {"Content-Type": ctype, **sign(raw)})
