"""The bolt app: a thin layer that turns each Slack request into one inbound value for the
service (bot/service/inbound.py) and renders its answer.

Events are stored before they are acknowledged (`process_before_response`), so a crash means a
retry from Slack, never a lost event; every other event is acknowledged and ignored.
"""

from __future__ import annotations

import json
import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admin import open_program_form, register
from adapters.slack.asker import Askers
from adapters.slack.background import Background, send_safely
from adapters.slack.channels import ChannelNames, channel_name, unnamed_channel
from adapters.slack.events import (
    Installed,
    direct_message,
    outsiders,
    plain_words,
    sender_team,
    shared_channel,
    slack_id,
    to_observed,
    to_profile,
)
from adapters.slack.home import PROFILE, home_view, profile_form, profile_modal
from adapters.slack.interactive import clicker, first_action, original_message, trigger
from adapters.slack.logs import quiet_slack_loggers
from adapters.slack.profile_fields import changed_fields
from adapters.slack.render import answer_of, with_answers
from adapters.slack.uninstalls import register_uninstalls
from bot.service.inbound import (
    Asker,
    BadInput,
    ChannelsNamed,
    Click,
    FieldsSeen,
    FormOpened,
    FormSubmitted,
    Handler,
    Observed,
    ProfileSeen,
    Request,
    takes_a_while,
    working_text,
)
from bot.service.language import texts

LOG = logging.getLogger("weaktie.slack")
HOME_COMMANDS = {"home_join": "join", "home_leave": "leave", "home_pause": "pause 2w",
                 "home_resume": "resume"}
NOT_OURS = "Sorry, coffee rounds here are for the people of this workspace only."


def bolt_app(signing_secret: str | None, token: str | None, api_url: str | None,
             handlers: Handler, oauth: AsyncOAuthSettings | None = None) -> AsyncApp:
    """Register every listener weaktie has on a bolt app: one workspace with `token`, or many
    installed through `oauth` (tokens from its installation store)."""
    quiet_slack_loggers()
    extra = {"base_url": api_url} if api_url else {}
    client = AsyncWebClient(token=token, **extra)
    # adapters/slack/endpoint.py verifies every signature on the raw bytes before bolt sees the request,
    # and Socket Mode authenticates its connection: bolt checking again would only cost time.
    common = {"signing_secret": signing_secret or "", "client": client,
              "request_verification_enabled": False, "process_before_response": True}
    if oauth is not None:
        app = AsyncApp(oauth_settings=oauth, installation_store=oauth.installation_store, **common)
    else:
        app = AsyncApp(**common)
    asking = Askers()  # the locales users.info gave, kept an hour per person
    _events(app, handlers, asking)
    register_uninstalls(app, handlers)
    _conversation(app, handlers, asking)
    _home(app, handlers, asking)
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


def _events(app: AsyncApp, h: Handler, asking: Askers) -> None:
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
            if fields := changed_fields(body):  # a field a manager named may be the team
                await h.handle(FieldsSeen(installed.tenant, "slack", change.user, fields))
        await ack()

    async def on_message(body: dict, ack, say, client, context) -> None:
        talk, installed = direct_message(body), Installed.of(context)
        if talk is None:
            await observe(body, ack, context, client)
            return
        await ack()
        tenant, (user, text) = installed.tenant, talk
        text = plain_words(text)
        if tenant is None or not await h.first_time("slack", tenant, str(body.get("event_id"))):
            return  # a retried DM is answered once
        if not installed.own(sender_team(body["event"]), shared_channel(body)):
            await send_safely(say, text=NOT_OURS)
            return
        await send_safely(say, text=await h.handle(Request(await asking(client, tenant, user,
                                                                       text), text)))

    app.event("message")(on_message)
    app.event("reaction_added")(observe)
    app.event("member_joined_channel")(observe)
    app.event("member_left_channel")(observe)
    app.event("user_change")(on_user)
    app.event("team_join")(on_user)
    for renamed in ("channel_created", "channel_rename", "group_rename"):
        app.event(renamed)(on_channel)


def _conversation(app: AsyncApp, h: Handler, asking: Askers) -> None:
    later = Background()

    async def answer_later(tenant: str, user: str, text: str, client, respond) -> None:
        answer = await h.handle(Request(await asking(client, tenant, user, text), text))
        await send_safely(respond, text=answer, response_type="ephemeral", replace_original=True)

    async def coffee(command: dict, ack, client, respond, context) -> None:
        tenant, user = Installed.of(context).tenant, command.get("user_id")
        text = plain_words(command.get("text") if isinstance(command.get("text"), str) else "")
        if tenant is None or not slack_id(user):
            await ack(text="Sorry, I could not tell who is asking.")
            return
        if takes_a_while(text) and respond is not None:
            # Slack wants an answer within 3 s and a round can take longer. bolt answers only
            # when the listener returns (process_before_response), so the work goes on after.
            await ack(text=working_text(asking.kept_locale(tenant, user)))
            later.start(answer_later(tenant, user, text, client, respond))
            return
        asker = await asking(client, tenant, user, text)
        answer = await open_program_form(client, h, command, asker)
        if answer is None:
            answer = await h.handle(Request(asker, text))
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
            await send_safely(respond, replace_original=True,
                        blocks=with_answers(original[0], answered.answers,
                                            texts(answered.language)), text=original[1])
        await send_safely(respond, text=answered.reply, replace_original=False,
                    response_type="ephemeral")
        if answered.announcement:
            await send_safely(say, text=answered.announcement)

    app.command("/coffee")(coffee)
    app.action(re.compile("^nudge_"))(on_answer)


def _home(app: AsyncApp, h: Handler, asking: Askers) -> None:
    async def publish(client, tenant: str, user: str) -> None:
        # in the reader's language: Slack's locale, read once an hour (adapters/slack/asker.py)
        view = home_view(await h.handle(FormOpened(await asking(client, tenant, user, ""),
                                                   "home")))
        await send_safely(client.views_publish, user_id=user, view=view)

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
            modal = profile_modal(await h.handle(FormOpened(
                await asking(client, tenant, who.user, ""), "home")))
            if trigger(body):
                await send_safely(client.views_open, trigger_id=trigger(body), view=modal)
            return
        if action in HOME_COMMANDS:
            await h.handle(Request(_asker(tenant, who.user), HOME_COMMANDS[action]))
            await publish(client, tenant, who.user)
        if action == "home_calendar":  # the link goes to their messages with the app
            said = await h.handle(Request(await asking(client, tenant, who.user,
                                                       "calendar connect"), "calendar connect"))
            await send_safely(client.chat_postMessage, channel=who.user, text=said)

    async def on_profile(body: dict, ack, client, view: dict, context) -> None:
        installed, who = Installed.of(context), clicker(body)
        if not (installed.tenant and who) or not installed.own(who.team, True):
            await ack()
            return
        problems = await h.handle(FormSubmitted(await asking(client, installed.tenant, who.user,
                                                             ""), "profile", profile_form(view)))
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        await publish(client, installed.tenant, who.user)

    app.event("app_home_opened")(on_home)
    app.action(re.compile("^home_"))(on_button)
    app.view(PROFILE)(on_profile)


def _asker(tenant: str, user: str) -> Asker:
    """A Slack person clicking or opening a form (words go through adapters/slack/asker.py)."""
    return Asker(tenant, "slack", user)


async def _refuse(error: Exception) -> BoltResponse | None:
    """bolt's error handler: what a listener's service call refused as bad input (an id no
    column can hold, an event too large) is a 400 with its short reason, not a 500; anything
    else stays a 500, so that Slack delivers the event again."""
    if isinstance(error, BadInput):
        return BoltResponse(status=400, body=json.dumps({"ok": False, "error": str(error)}),
                            headers={"content-type": "application/json"})
    LOG.error("a Slack listener failed: %s", type(error).__name__, exc_info=error)
    return None
