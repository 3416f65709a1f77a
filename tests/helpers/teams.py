"""Bot Framework activities as Teams posts them, into the real app on loopback with the Bot
Connector stand-in (tests/standins/microsoft.py); shared by the Teams adapter, admin and
conformance tests."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.standins.microsoft import APP_ID, MicrosoftStandIn

CANARY = "CANARY-teams-text-never-stored"


def activity(service_url: str, text: str, conversation_type: str, mentions=(), aid="a1") -> dict:
    conversation = {"id": "19:general@thread.tacv2" if conversation_type != "personal" else "a:1",
                    "conversationType": conversation_type, "tenantId": "TENANT1"}
    return {"type": "message", "id": aid, "timestamp": "2026-11-26T10:00:00.000Z",
            "serviceUrl": service_url, "channelId": "msteams",
            "from": {"id": "29:ana", "name": "Ana"}, "recipient": {"id": "28:bot", "name": "weaktie"},
            "conversation": conversation, "text": text,
            "entities": [{"type": "mention", "mentioned": {"id": m, "name": m}, "text": f"<at>{m}</at>"}
                         for m in mentions]}


async def install_in_team(client, url: str) -> None:
    """The bot added to a team: the stand-in's roster (Ana, Bea) becomes the tenant's own
    people, whose messages are then kept (a message does not tell its sender's organisation)."""
    team = {**activity(url, "", "channel", aid="install"), "type": "conversationUpdate",
            "membersAdded": [{"id": "28:bot"}],
            "channelData": {"team": {"id": "19:general@thread.tacv2"}, "tenant": {"id": "TENANT1"}}}
    team.pop("text")
    assert (await client.post("/api/messages", json=team)).status in (200, 201)


def serve(tmp_path: Path, scenario, settings: Settings | None = None,
          fake: MicrosoftStandIn | None = None):
    store, fake = Store.open(f"sqlite:///{tmp_path / 'teams.db'}"), fake or MicrosoftStandIn()

    async def main():
        async with TestServer(fake.app) as connector:
            app = build(settings or Settings(database_url="unused", dev=True), store)
            async with TestClient(TestServer(app)) as client:
                await scenario(client, str(connector.make_url("")).rstrip("/"))

    asyncio.run(main())
    return store, fake


def row_counts(path: Path) -> dict[str, int]:
    """Rows in every table of a SQLite database (the migration bookkeeping aside)."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        return {name: db.execute(f'select count(*) from "{name}"').fetchone()[0]
                for name in names if name != "alembic_version"}


# A team with members of the tenant and of other organisations (guests, federated users,
# anonymous meeting guests), as the roster and member APIs describe them.
TENANT, OTHER = "TENANT1", "OTHER-TENANT"
MEMBERS = {
    "29:ana": {"id": "29:ana", "name": "Ana Ruiz", "userPrincipalName": "ana@acme.example",
               "tenantId": TENANT, "userRole": "user", "aadObjectId": "a-1"},
    "29:gus": {"id": "29:gus", "name": "Gus (Guest)", "userPrincipalName": "gus_x#EXT#@acme.example",
               "tenantId": TENANT, "userRole": "guest", "aadObjectId": "g-1"},
    "29:fed": {"id": "29:fed", "name": "Fed Eral", "userPrincipalName": "fed@other.example",
               "tenantId": OTHER, "userRole": "user", "aadObjectId": "f-1"},
    "29:anon": {"id": "29:anon", "name": "Anon1 (Guest)", "tenantId": TENANT,
                "userRole": "anonymous"},
    "29:new": {"id": "29:new", "name": "Nina New", "userPrincipalName": "nina@acme.example",
               "tenantId": TENANT, "userRole": "user", "aadObjectId": "n-1"},
}
ROSTER = ["29:ana", "29:gus", "29:fed", "29:anon"]


def mixed_team() -> MicrosoftStandIn:
    """A Bot Connector whose team has members of the tenant and of other organisations."""
    return MicrosoftStandIn(roster=[MEMBERS[m] for m in ROSTER] + [{"id": "28:bot"}],
                            members=MEMBERS)


def registered(keys: MicrosoftStandIn) -> Settings:
    """A registered bot in production mode (app id, password, tenant), whose tokens are checked
    against `keys`, the stand-in's OpenID configuration."""
    return Settings(database_url="unused", teams_app_id=APP_ID, teams_app_password="pw",
                    teams_tenant_id="TENANT1", teams_openid_url=keys.openid_url)
