"""The calendar scenario's shared parts (tests/adapters/test_calendars_end_to_end.py and the
attack tests): the moment, the people across Lisbon and New York, the OAuth round trip a browser
makes through the real app, busy blocks, and a round of two pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import aiohttp
from aiohttp.test_utils import TestClient

from bot.core.model import Nudge, Person, RoundPlan
from bot.core.plan import find_slots
from bot.core.programs import Program
from tests.helpers.calendars import PUBLIC
from tests.helpers.dashboard import say

NOW = datetime(2026, 10, 23, 6, 0, tzinfo=UTC)  # Friday; Lisbon changes on the 25th, NY on 1 Nov
PEOPLE = {"UANA": ("Europe/Lisbon", "ana@acme.example"), "UCAI": ("Europe/Lisbon", None),
          "UBEA": ("America/New_York", "bea@contoso.example"), "UDAN": ("America/New_York", None)}


async def connect(client: TestClient, user: str, provider: str) -> tuple[int, str]:
    """Say `calendar connect PROVIDER`, follow the link to the provider's consent, and bring its
    redirect back to our app: (status, page)."""
    said = await say(client, user, f"calendar connect {provider}")
    link = next(w for w in said.split() if w.startswith("http"))
    async with aiohttp.ClientSession() as browser, \
            browser.get(link, allow_redirects=False) as consent:
        back = urlsplit(consent.headers["Location"])
    assert f"{back.scheme}://{back.netloc}" == PUBLIC and back.path == f"/calendar/oauth/{provider}"
    page = await client.get(f"{back.path}?{back.query}")
    return page.status, await page.text()


def busy_but_a_half_hour() -> list[tuple[datetime, datetime]]:
    """Busy every day of the next three weeks except 15:15-15:45 UTC."""
    start = NOW.replace(hour=0)
    days = [start + timedelta(days=d) for d in range(21)]
    return [block for day in days for block in (
        (day, day + timedelta(hours=15, minutes=15)),
        (day + timedelta(hours=15, minutes=45), day + timedelta(days=1)))]


def a_round(store, busy_of) -> list[int]:
    """Two pairs across the ocean, slots from hours alone (as the planner gives them)."""
    for who, (zone, _) in PEOPLE.items():
        store.update_person("T1", who, "slack", timezone=zone)
    people = {who: Person(who, timezone=zone) for who, (zone, _) in PEOPLE.items()}
    pairs = [("UANA", "UDAN"), ("UBEA", "UCAI")]
    plan = RoundPlan(tuple(Nudge(pair, 1.0, ("You both post in #coffee",),
                                 tuple(find_slots([people[m] for m in pair], NOW, 5, 30, 3)))
                           for pair in pairs), ())
    store.save_round("T1", Program(name="coffee"), NOW, plan, NOW)
    return [n.id for n in store.nudges("T1")]
