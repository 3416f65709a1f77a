"""The bolt app: a thin layer that turns each Slack request into one inbound value for the
service (bot/service/inbound.py) and renders its answer.

Events are stored before they are acknowledged (`process_before_response`), so a crash means a
retry from Slack, never a lost event; every other event is acknowledged and ignored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admin import admin_words, open_program_form, register
from adapters.slack.events import (
    Installed,
    direct_message,
    outsiders,
    quiet_slack_loggers,
    sender_team,
    shared_channel,
    slack_id,
    to_observed,
    to_profile,
)
from adapters.slack.home import PROFILE, home_view, profile_form, profile_modal
from adapters.slack.interactive import clicker, first_action, original_message, trigger
from adapters.slack.request import check_shape
from adapters.slack.send import answer_of, with_answers
from bot.service.inbound import (
    Asker,
    BadInput,
    ChannelsNamed,
    Click,
    FormOpened,
    FormSubmitted,
    Handler,
    Observed,
    ProfileSeen,
    Request,
    Uninstalled,
    takes_a_while,
)

LOG = logging.getLogger("weaktie.slack")
HOME_COMMANDS = {"home_join": "join", "home_leave": "leave", "home_pause": "pause 2w",
                 "home_resume": "resume"}


MAX_CHANNEL_NAME = 80  # Slack's own limit on a channel's name
LOOKUP_TIMEOUT = 10  # seconds for one conversations.info, off the request's path
NOT_OURS = "Sorry, coffee rounds here are for the people of this workspace only."


def bolt_app(signing_secret: str | None, token: str | None, api_url: str | None,
             handlers: Handler, oauth: AsyncOAuthSettings | None = None) -> AsyncApp:
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
    _lifecycle(app, handlers)
    _conversation(app, handlers)
    _home(app, handlers)
    register(app, handlers)
    app.error(_refuse)

    async def ignore(ack) -> None:
        await ack()

    # Last, so they only catch what nothing above handles: Slack retries unanswered events,
    # and shows the person an error for a click or form nobody answers (bolt's 404). A button
    # of an old message (its action renamed since), a link button (Slack sends a click for
    # those too), an unknown modal or shortcut: acknowledged, nothing done.
    app.event(re.compile(".*"))(ignore)
    app.action(re.compile(".*"))(ignore)
    app.view(re.compile(".*"))(ignore)
    app.shortcut(re.compile(".*"))(ignore)
    return app


def _events(app: AsyncApp, h: Handler) -> None:
    async def name(tenant: str, names: dict[str, str]) -> None:
        await h.handle(ChannelsNamed(tenant, "slack", names))

    names = ChannelNames(name)

    async def observe(body: dict, ack, context, client) -> None:
        installed = Installed.of(context)
        observed = to_observed(body)
        if installed.tenant and observed:
            guests, unverified = outsiders(body, installed, observed)
            try:
                await h.handle(Observed(installed.tenant, "slack", tuple(observed), guests,
                                        unverified))
            except BadInput as exc:  # acknowledged all the same: a retry would be refused too
                LOG.warning("an event was not stored: %s", exc)
        await ack()
        channel = unnamed_channel(body)
        if installed.tenant and channel:
            names.look_up(client, installed.tenant, channel)

    async def on_channel(event: dict, ack, context) -> None:
        found, tenant = channel_name(event.get("channel")), Installed.of(context).tenant
        if found and tenant:
            await names.learn(tenant, *found)
        await ack()

    async def on_user(body: dict, ack, context) -> None:
        installed, change = Installed.of(context), to_profile(body)
        # a person of another organisation (a Slack Connect user) is not stored
        if change is not None and installed.tenant and \
                (change.team is None or installed.own(change.team, shared=True)):
            await h.handle(ProfileSeen(installed.tenant, "slack", change.user, change.values))
        await ack()

    async def on_message(body: dict, ack, say, client, context) -> None:
        talk, installed = direct_message(body), Installed.of(context)
        if talk is None:
            await observe(body, ack, context, client)
            return
        await ack()
        tenant, (user, text) = installed.tenant, talk
        if tenant is None or not await h.first_time("slack", tenant, str(body.get("event_id"))):
            return  # a retried DM is answered once
        if not installed.own(sender_team(body["event"]), shared_channel(body)):
            await _send(say, text=NOT_OURS)
            return
        admin = await admin_words(client, tenant, user, text)
        await _send(say, text=await h.handle(Request(_asker(tenant, user, admin), text)))

    app.event("message")(on_message)
    app.event("reaction_added")(observe)
    app.event("member_joined_channel")(observe)
    app.event("member_left_channel")(observe)
    app.event("user_change")(on_user)
    app.event("team_join")(on_user)
    for renamed in ("channel_created", "channel_rename", "group_rename"):
        app.event(renamed)(on_channel)


def bot_of(body: dict) -> str | None:
    """The bot user an event's authorizations name (`is_bot`: the installation's bot)."""
    found = body.get("authorizations")
    first = found[0] if isinstance(found, list) and found and isinstance(found[0], dict) else {}
    return first["user_id"] if first.get("is_bot") is True and slack_id(first.get("user_id")) \
        else None


def unnamed_channel(body: dict) -> str | None:
    """The channel of a message or a join that may need its name looked up (not a DM, whose
    "name" would be a person's, nor a group DM, whose name lists people)."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    if event.get("type") not in ("message", "member_joined_channel"):
        return None
    if event.get("channel_type") in ("im", "mpim"):
        return None
    channel = event.get("channel")
    return channel if slack_id(channel) and not channel.startswith("D") else None


def channel_name(channel: Any) -> tuple[str, str] | None:
    """(id, name) of a channel object (channel_created, channel_rename, group_rename,
    conversations.info's answer) naming a channel, not a DM or a group DM."""
    if not isinstance(channel, dict) or not slack_id(channel.get("id")):
        return None
    name = channel.get("name")
    if not isinstance(name, str) or not 0 < len(name) <= MAX_CHANNEL_NAME or \
            channel.get("is_im") is True or channel.get("is_mpim") is True:
        return None
    return channel["id"], name


class ChannelNames:
    """Channel names as Slack says them now. Per process, each channel is asked about once
    (conversations.info, after the event is acknowledged; a failure is not retried, so a
    missing scope costs one call, not one per message), and a name learned from an event
    saves asking."""

    def __init__(self, save: Callable[[str, dict[str, str]], Awaitable[None]],
                 remembered: int = 100_000) -> None:
        self.save, self.remembered = save, remembered
        self.known: set[tuple[str, str]] = set()
        self.asking = Background()

    async def learn(self, tenant: str, channel: str, name: str) -> None:
        self._remember(tenant, channel)
        await self.save(tenant, {channel: name})

    def look_up(self, client, tenant: str, channel: str) -> None:
        if (tenant, channel) in self.known:
            return
        self._remember(tenant, channel)
        self.asking.start(self._ask(client, tenant, channel))

    async def _ask(self, client, tenant: str, channel: str) -> None:
        try:
            answer = await asyncio.wait_for(client.conversations_info(channel=channel),
                                            LOOKUP_TIMEOUT)
            found = channel_name(answer.get("channel"))
            if found and found[0] == channel:
                await self.save(tenant, {channel: found[1]})
        except Exception as exc:  # noqa: BLE001 - a missing scope, Slack down: no name yet
            LOG.warning("conversations.info failed: %s", type(exc).__name__)

    def _remember(self, tenant: str, channel: str) -> None:
        if len(self.known) >= self.remembered:  # bounded: forgetting only costs a new ask
            self.known.clear()
        self.known.add((tenant, channel))


def _lifecycle(app: AsyncApp, h: Handler) -> None:
    """Uninstalls, for the installed tenant only (https://api.slack.com/events/app_uninstalled,
    /events/tokens_revoked, /events/app_uninstalled_team, /events/team_access_revoked)."""
    bots: dict[str, str] = {}  # tenant -> the bot's user id, as bolt authorized it

    @app.middleware
    async def remember_bot(context, next) -> None:
        if context.get("bot_user_id") and Installed.of(context).tenant:
            bots[Installed.of(context).tenant] = context["bot_user_id"]
        await next()

    async def uninstall(context) -> None:
        tenant = Installed.of(context).tenant
        if tenant:
            await h.handle(Uninstalled(tenant, "slack"))

    async def on_uninstalled(ack, context) -> None:
        await uninstall(context)
        await ack()

    async def on_tokens_revoked(body: dict, event: dict, ack, context) -> None:
        # Each list names user ids, not tokens: `oauth` are people's tokens, `bot` the bot
        # user's. Only the bot's token going away stops weaktie (a person revoking their own
        # is not an uninstall). bolt skips authorizing this event, so the bot's id is the
        # event's bot authorization's, or the one an earlier request of this workspace
        # showed; unknown, any bot id listed is this app's own (one bot user per workspace).
        tokens = event.get("tokens") if isinstance(event.get("tokens"), dict) else {}
        revoked = tokens.get("bot") if isinstance(tokens.get("bot"), list) else []
        ours = bot_of(body) or context.get("bot_user_id") or \
            bots.get(Installed.of(context).tenant or "")
        if revoked and (ours is None or ours in revoked):
            await uninstall(context)
        await ack()

    async def on_team_uninstalled(body: dict, event: dict, ack, context) -> None:
        # An admin event about any app of the organisation: ours only when it names our app.
        # An org-wide app left one workspace (T...) or the whole organisation (E...): only
        # the latter is the tenant's uninstall.
        ours = event.get("app_id") is not None and event.get("app_id") == body.get("api_app_id")
        if ours and event.get("team_id") == Installed.of(context).tenant:
            await uninstall(context)
        await ack()

    async def on_team_access_revoked(event: dict, ack, context) -> None:
        # A workspace tenant is gone when its team is listed; an organisation's tenant loses
        # workspaces, never all of them here (we cannot know it named every one), so only
        # app_uninstalled / app_uninstalled_team end it.
        installed, teams = Installed.of(context), event.get("team_ids")
        if not installed.is_enterprise_install and isinstance(teams, list) and \
                installed.tenant in teams:
            await uninstall(context)
        await ack()

    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
    app.event("app_uninstalled_team")(on_team_uninstalled)
    app.event("team_access_revoked")(on_team_access_revoked)


def _conversation(app: AsyncApp, h: Handler) -> None:
    later = Background()

    async def answer_later(tenant: str, user: str, text: str, client, respond) -> None:
        admin = await admin_words(client, tenant, user, text)
        answer = await h.handle(Request(_asker(tenant, user, admin), text))
        await _send(respond, text=answer, response_type="ephemeral", replace_original=True)

    async def coffee(command: dict, ack, client, respond, context) -> None:
        tenant, user = Installed.of(context).tenant, command.get("user_id")
        text = command.get("text") if isinstance(command.get("text"), str) else ""
        if tenant is None or not slack_id(user):
            await ack(text="Sorry, I could not tell who is asking.")
            return
        if takes_a_while(text) and respond is not None:
            # Slack wants an answer within 3 s and a round can take longer. bolt answers only
            # when the listener returns (process_before_response), so the work goes on after.
            await ack(text="Working on it…")
            later.start(answer_later(tenant, user, text, client, respond))
            return
        admin = await admin_words(client, tenant, user, text)
        answer = await open_program_form(client, h, command, _asker(tenant, user, admin))
        if answer is None:
            answer = await h.handle(Request(_asker(tenant, user, admin), text))
        if answer:
            await ack(text=answer)
        else:  # the modal opened: nothing to say in the channel
            await ack()

    async def on_answer(body: dict, ack, respond, say, context) -> None:
        await ack()
        tenant, who, pressed = Installed.of(context).tenant, clicker(body), first_action(body)
        kind = answer_of(pressed[0]) if pressed else None
        if not (kind and tenant and who):
            return
        answered = await h.handle(Click(_asker(tenant, who.user), pressed[1], kind))
        original = original_message(body)
        if original and answered.answers:  # everyone sees who answered what, in the message
            await _send(respond, replace_original=True,
                        blocks=with_answers(original[0], answered.answers), text=original[1])
        await _send(respond, text=answered.reply, replace_original=False,
                    response_type="ephemeral")
        if answered.announcement:
            await _send(say, text=answered.announcement)

    app.command("/coffee")(coffee)
    app.action(re.compile("^nudge_"))(on_answer)


def _home(app: AsyncApp, h: Handler) -> None:
    async def publish(client, tenant: str, user: str) -> None:
        view = home_view(await h.handle(FormOpened(_asker(tenant, user), "home")))
        await _send(client.views_publish, user_id=user, view=view)

    async def on_home(body: dict, ack, client, context) -> None:
        event, tenant = body["event"], Installed.of(context).tenant
        await ack()
        if tenant and event.get("tab") == "home" and slack_id(event.get("user")):
            await publish(client, tenant, event["user"])

    async def on_button(body: dict, ack, client, context) -> None:
        await ack()
        installed, who, pressed = Installed.of(context), clicker(body), first_action(body)
        if not (installed.tenant and who and pressed) or not installed.own(who.team, True):
            return  # a button of someone else's organisation changes nothing here
        tenant, action = installed.tenant, pressed[0]
        if action == "home_profile":
            modal = profile_modal(await h.handle(FormOpened(_asker(tenant, who.user), "home")))
            if trigger(body):
                await _send(client.views_open, trigger_id=trigger(body), view=modal)
            return
        if action in HOME_COMMANDS:
            await h.handle(Request(_asker(tenant, who.user), HOME_COMMANDS[action]))
            await publish(client, tenant, who.user)

    async def on_profile(body: dict, ack, client, view: dict, context) -> None:
        installed, who = Installed.of(context), clicker(body)
        if not (installed.tenant and who) or not installed.own(who.team, True):
            await ack()
            return
        problems = await h.handle(FormSubmitted(_asker(installed.tenant, who.user), "profile",
                                                profile_form(view)))
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        await publish(client, installed.tenant, who.user)

    app.event("app_home_opened")(on_home)
    app.action(re.compile("^home_"))(on_button)
    app.view(PROFILE)(on_profile)


def _asker(tenant: str, user: str, admin: bool = False) -> Asker:
    """A Slack person asking; `admin`: users.info says they administer the workspace."""
    return Asker(tenant, "slack", user, platform_admin=admin)


async def _send(call: Callable[..., Awaitable[Any]] | None, **arguments: Any) -> None:
    """A reply to Slack after the work is done (and stored): its failure (or bolt having no
    way to reply, as without a response_url) is logged by kind, never turned into a 500 that
    would make Slack deliver the request again."""
    try:
        await call(**arguments)
    except Exception as exc:  # noqa: BLE001 - Slack down, a missing scope, a closed modal
        LOG.warning("a reply to Slack failed: %s", type(exc).__name__)


async def _refuse(error: Exception) -> BoltResponse | None:
    """bolt's error handler: what a listener's service call refused as bad input (an id no
    column can hold, an event too large) is a 400 with its short reason, not a 500; anything
    else stays a 500, so that Slack delivers the event again."""
    if isinstance(error, BadInput):
        return BoltResponse(status=400, body=json.dumps({"ok": False, "error": str(error)}),
                            headers={"content-type": "application/json"})
    LOG.error("a Slack listener failed: %s", type(error).__name__, exc_info=error)
    return None


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


class CheckedSocketMode(AsyncSocketModeHandler):
    """Socket Mode with the same front door as HTTP: an envelope whose payload bolt could not
    read (the shape check of `slack_request`) is acknowledged, so that Slack does not send it
    again, and goes no further; nothing is stored and its content is not logged."""

    async def handle(self, client, req) -> None:
        try:  # slack_sdk has made the payload a dict already (SocketModeRequest)
            check_shape(req.payload)
        except BadInput as refused:
            LOG.warning("Socket Mode: refused an envelope (%s)", refused)
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await super().handle(client, req)


def socket_mode(app: web.Application, bolt: AsyncApp, app_token: str) -> None:
    """Socket Mode (development): open the websocket when the web app starts, close it after."""
    socket = CheckedSocketMode(bolt, app_token)

    async def connect(_app: web.Application) -> None:
        await socket.connect_async()

    async def close(_app: web.Application) -> None:
        await socket.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(close)
