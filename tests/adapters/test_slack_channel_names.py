"""Channel names learned live, over signed HTTP into the real app, with a loopback stand-in
for the Slack Web API answering conversations.info. Shapes:
https://api.slack.com/events/channel_created, https://api.slack.com/events/channel_rename,
https://api.slack.com/events/group_rename, https://api.slack.com/methods/conversations.info.
"""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import SECRET, event, message, post
from tests.standins.slack import SlackWebApi

NAMES = {"C1": "general", "C2": "coffee-lovers", "G7": "secret-plans"}


def channels_api(hold: asyncio.Event | None = None) -> SlackWebApi:
    """The Web API stand-in, also answering conversations.info from NAMES (channel_not_found
    for any other); `hold` keeps each answer back until the test sets it."""
    async def info(form: dict) -> dict:
        channel = form.get("channel")
        if hold is not None:
            await hold.wait()
        if channel not in NAMES:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {
            "id": channel, "name": NAMES[channel], "is_channel": channel.startswith("C"),
            "is_group": channel.startswith("G"), "is_im": False, "is_mpim": False}}

    return SlackWebApi(answers={"conversations.info": info})


def asked(api: SlackWebApi) -> list[str]:
    """The channels whose name the app asked for."""
    return [form.get("channel") for form in api.arguments("conversations.info")]


def run(tmp_path, scenario, api: SlackWebApi | None = None) -> tuple[Store, SlackWebApi]:
    store, api = Store.open(f"sqlite:///{tmp_path / 'names.db'}"), api or channels_api()

    async def main() -> None:
        async with TestServer(api.app) as server:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test",
                                slack_api_url=str(server.make_url("/api/")))
            async with TestClient(TestServer(build(settings, store))) as client:
                await scenario(client, store, api)

    asyncio.run(main())
    return store, api


async def named(store: Store, channel: str, tenant: str = "T1") -> str | None:
    """The channel's stored name, once the lookup after the acknowledgement has landed (the
    store names a channel by its id until it learns better)."""
    for _ in range(100):
        found = store.channel_names(tenant).get(channel) if store.has_tenant(tenant) else None
        if found and found != channel:
            return found
        await asyncio.sleep(0.05)
    return None


def test_created_renamed_and_private_renamed_channels_are_named_from_the_event(tmp_path):
    async def scenario(client, store, api):
        created = {"type": "channel_created", "channel": {
            "id": "C9", "name": "fika", "created": 1780000000, "creator": "UANA"}}
        renamed = {"type": "channel_rename", "channel": {
            "id": "C9", "name": "fika-club", "created": 1780000000}}
        private = {"type": "group_rename", "channel": {
            "id": "G8", "name": "lunch-crew", "created": 1780000000}}
        for n, inner in enumerate((created, renamed, private)):
            assert (await post(client, event(f"EvN{n}", inner)))[0] == 200

    store, api = run(tmp_path, scenario)
    assert store.channel_names("T1") == {"C9": "fika-club", "G8": "lunch-crew"}
    assert asked(api) == []  # the event said the name: nothing to ask


def test_a_channels_first_message_asks_its_name_once(tmp_path):
    async def scenario(client, store, api):
        for n in range(3):
            await post(client, event(f"EvM{n}", message(ts=f"178000000{n}.000100")))
        assert await named(store, "C1") == "general"

    store, api = run(tmp_path, scenario)
    assert asked(api) == ["C1"]


def test_a_join_asks_the_channels_name(tmp_path):
    async def scenario(client, store, api):
        joined = {"type": "member_joined_channel", "user": "UANA", "channel": "G7",
                  "channel_type": "G", "event_ts": "1780000000.000100"}
        await post(client, event("EvJ1", joined))
        assert await named(store, "G7") == "secret-plans"

    run(tmp_path, scenario)


def test_a_failed_lookup_is_ignored_and_not_repeated(tmp_path):
    async def scenario(client, store, api):
        for n in range(2):
            status, _ = await post(client, event(f"EvF{n}", message(
                channel="C404", ts=f"178000000{n}.000100")))
            assert status == 200
        await asyncio.sleep(0.2)

    store, api = run(tmp_path, scenario)
    assert asked(api) == ["C404"]
    assert store.channel_names("T1") == {"C404": "C404"}  # still known by its id only
    assert store.interaction_count("T1") == 2  # the messages themselves are stored


def test_the_lookup_never_holds_up_the_acknowledgement(tmp_path):
    hold = asyncio.Event()

    async def scenario(client, store, api):
        status, _ = await post(client, event("EvS1", message(channel="C2")))
        assert status == 200  # acknowledged while the lookup is not even answered
        for _ in range(100):
            if asked(api):
                break
            await asyncio.sleep(0.05)
        assert asked(api) == ["C2"] and not hold.is_set()
        hold.set()
        assert await named(store, "C2") == "coffee-lovers"

    run(tmp_path, scenario, channels_api(hold))


def test_direct_messages_are_never_looked_up(tmp_path):
    async def scenario(client, store, api):
        await post(client, event("EvD1", message(channel="D1", channel_type="im", text="help")))
        await post(client, event("EvD2", message(channel="G5", channel_type="mpim")))
        await asyncio.sleep(0.2)

    _, api = run(tmp_path, scenario)
    assert asked(api) == []
