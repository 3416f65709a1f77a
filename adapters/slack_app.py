"""The bolt app: a thin layer that hands each Slack request to a plain service function.

Events are stored before they are acknowledged (`process_before_response`), so a crash means a
retry from Slack, never a lost event; every other event is acknowledged and ignored.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import direct_message, quiet_slack_loggers, to_observed, to_profile
from adapters.slack_admin import AdminHandlers, admin_words, open_program_form, register
from adapters.slack_home import PROFILE, home_view, profile_form, profile_modal
from adapters.slack_nudges import answer_of, with_answers
from bot.admin_commands import takes_a_while
from bot.core.model import Interaction

LOG = logging.getLogger("weaktie.slack")
HOME_COMMANDS = {"home_join": "join", "home_leave": "leave", "home_pause": "pause 2w",
                 "home_resume": "resume"}


@dataclass(frozen=True)
class SlackHandlers:
    """What the Slack edge calls into: plain functions of the service layer."""

    record: Callable[[str, list[tuple[str, Interaction]]], Awaitable[None]]
    # (team, user, text, platform_admin: Slack says the user is a workspace admin) -> reply
    converse: Callable[[str, str, str, bool], str]
    profile: Callable[[str, str, dict[str, Any]], None]  # (team, user, settings)
    # (team, user, button value, feedback kind) -> (reply to the clicker, announcement to all,
    # every member's latest answer {user: (kind, slot)})
    answer: Callable[[str, str, str, str], tuple[str, str | None, dict]]
    uninstalled: Callable[[str], None]  # (team)
    home: Callable[[str, str], Any]  # (team, user) -> conversation.Home
    save_profile: Callable[[str, str, dict], dict[str, str]]  # -> {field: problem}
    programs: AdminHandlers  # the program modal
    # (team, event id) -> whether no process answered it yet; shared through the database, as a
    # retry may reach another web process
    first_time: Callable[[str, str], bool] = lambda team, event: True


def bolt_app(signing_secret: str | None, token: str | None, api_url: str | None,
             handlers: SlackHandlers, oauth: AsyncOAuthSettings | None = None) -> AsyncApp:
    """Register every listener weaktie has on a bolt app: one workspace with `token`, or many
    installed through `oauth` (tokens from its installation store)."""
    quiet_slack_loggers()
    extra = {"base_url": api_url} if api_url else {}
    client = AsyncWebClient(token=token, **extra)
    # adapters/web.py verifies every signature on the raw bytes before bolt sees the request,
    # and Socket Mode authenticates its connection: bolt checking again would only cost time.
    common = {"signing_secret": signing_secret or "", "client": client,
              "request_verification_enabled": False, "process_before_response": True}
    if oauth is not None:
        app = AsyncApp(oauth_settings=oauth, installation_store=oauth.installation_store, **common)
    else:
        app = AsyncApp(**common)
    _events(app, handlers)
    _conversation(app, handlers)
    _home(app, handlers)
    register(app, handlers.programs)

    async def ignore(ack) -> None:
        await ack()

    # Last, so it only catches what nothing above handles: Slack retries unanswered events.
    app.event(re.compile(".*"))(ignore)
    return app


def _events(app: AsyncApp, h: SlackHandlers) -> None:
    async def observe(body: dict, ack) -> None:
        observed = to_observed(body)
        if observed:
            await h.record(str(body.get("team_id")), observed)
        await ack()

    async def on_user(body: dict, ack) -> None:
        change = to_profile(body)
        if change is not None:
            await asyncio.to_thread(h.profile, *change)
        await ack()

    async def on_uninstall(body: dict, ack) -> None:
        await asyncio.to_thread(h.uninstalled, str(body.get("team_id")))
        await ack()

    async def on_message(body: dict, ack, say, client) -> None:
        talk = direct_message(body)
        if talk is None:
            await observe(body, ack)
            return
        await ack()
        first = await asyncio.to_thread(h.first_time, talk[0], str(body.get("event_id")))
        if first:  # a retried DM is answered once
            admin = await admin_words(client, *talk)
            await say(await asyncio.to_thread(h.converse, *talk, admin))

    app.event("message")(on_message)
    app.event("reaction_added")(observe)
    app.event("member_joined_channel")(observe)
    app.event("member_left_channel")(observe)
    app.event("user_change")(on_user)
    app.event("team_join")(on_user)
    app.event("app_uninstalled")(on_uninstall)
    app.event("tokens_revoked")(on_uninstall)


def _conversation(app: AsyncApp, h: SlackHandlers) -> None:
    later = Background()

    async def answer_later(team: str, user: str, text: str, client, respond) -> None:
        admin = await admin_words(client, team, user, text)
        answer = await asyncio.to_thread(h.converse, team, user, text, admin)
        await respond(text=answer, response_type="ephemeral", replace_original=True)

    async def coffee(command: dict, ack, client, respond) -> None:
        team, user = str(command.get("team_id")), str(command.get("user_id"))
        text = command.get("text") or ""
        if takes_a_while(text):
            # Slack wants an answer within 3 s and a round can take longer. bolt answers only
            # when the listener returns (process_before_response), so the work goes on after.
            await ack(text="Working on it…")
            later.start(answer_later(team, user, text, client, respond))
            return
        admin = await admin_words(client, team, user, text)
        answer = await open_program_form(client, h.programs, command, admin)
        if answer is None:
            answer = await asyncio.to_thread(h.converse, team, user, text, admin)
        if answer:
            await ack(text=answer)
        else:  # the modal opened: nothing to say in the channel
            await ack()

    async def on_answer(body: dict, ack, respond, say) -> None:
        await ack()
        action = (body.get("actions") or [{}])[0]
        kind = answer_of(str(action.get("action_id", "")))
        team, user = _who(body)
        if kind and team and user:
            reply, announcement, said = await asyncio.to_thread(h.answer, team, user,
                                                                str(action.get("value")), kind)
            original = (body.get("message") or {}).get("blocks")
            if original and said:  # everyone sees who answered what, in the message itself
                await respond(replace_original=True, blocks=with_answers(original, said),
                              text=(body.get("message") or {}).get("text") or "weaktie")
            await respond(text=reply, replace_original=False, response_type="ephemeral")
            if announcement:
                await say(text=announcement)

    app.command("/coffee")(coffee)
    app.action(re.compile("^nudge_"))(on_answer)


def _home(app: AsyncApp, h: SlackHandlers) -> None:
    async def publish(client, team: str, user: str) -> None:
        view = home_view(await asyncio.to_thread(h.home, team, user))
        await client.views_publish(user_id=user, view=view)

    async def on_home(body: dict, ack, client) -> None:
        event = body.get("event") or {}
        await ack()
        if event.get("tab") == "home" and isinstance(event.get("user"), str):
            await publish(client, str(body.get("team_id")), event["user"])

    async def on_button(body: dict, ack, client) -> None:
        await ack()
        team, user = _who(body)
        action = str(((body.get("actions") or [{}])[0]).get("action_id"))
        if not (team and user):
            return
        if action == "home_profile":
            modal = profile_modal(await asyncio.to_thread(h.home, team, user))
            await client.views_open(trigger_id=body.get("trigger_id"), view=modal)
            return
        await asyncio.to_thread(h.converse, team, user, HOME_COMMANDS[action], False)
        await publish(client, team, user)

    async def on_profile(body: dict, ack, client, view: dict) -> None:
        team, user = _who(body)
        problems = await asyncio.to_thread(h.save_profile, str(team), str(user),
                                           profile_form(view))
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        await publish(client, str(team), str(user))

    app.event("app_home_opened")(on_home)
    app.action(re.compile("^home_"))(on_button)
    app.view(PROFILE)(on_profile)


def _who(body: dict) -> tuple[str | None, str | None]:
    """(team, user) of an interactive payload."""
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    return (str(team) if team else None), (str(user["id"]) if user.get("id") else None)


class Background:
    """Tasks that outlive the request that started them, kept referenced until they end (the
    event loop holds only weak references to tasks)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task] = set()

    def start(self, work) -> None:
        task = asyncio.create_task(work)
        self.running.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            LOG.error("a slow command failed: %s", type(task.exception()).__name__)


def socket_mode(app: web.Application, bolt: AsyncApp, app_token: str) -> None:
    """Socket Mode (development): open the websocket when the web app starts, close it after."""
    socket = AsyncSocketModeHandler(bolt, app_token)

    async def connect(_app: web.Application) -> None:
        await socket.connect_async()

    async def close(_app: web.Application) -> None:
        await socket.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(close)
