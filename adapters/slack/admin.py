"""Community managers on Slack: who is a workspace admin (users.info, adapters/slack/asker.py),
the program modal opened by `/coffee admin form [NAME]`, and its submission."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.asker import admin_of, locale_of, user_info
from adapters.slack.events import Installed
from adapters.slack.interactive import clicker
from adapters.slack.program_form import PROGRAM, program_form, program_modal
from bot.service.inbound import Asker, FormOpened, FormSubmitted, Handler, form_name
from bot.service.language import texts

LOG = logging.getLogger("weaktie.slack")


async def workspace_admin(client, team: str, user: str) -> bool:
    """Whether Slack says `user` is an admin or owner of the workspace. Any failure (a missing
    scope, Slack down, a deleted user) means no: the gate stays closed."""
    return admin_of(await user_info(client, team, user))


async def open_program_form(client, h: Handler, command: dict, asker: Asker) -> str | None:
    """For `/coffee admin form [NAME]`: open the modal and return what to answer in the channel
    (None: the command asks for something else)."""
    text = command.get("text")
    name = form_name(text if isinstance(text, str) else "")
    if name is None:
        return None
    found = await h.handle(FormOpened(asker, "program", name))
    if isinstance(found, str):
        return found
    try:
        await client.views_open(trigger_id=command.get("trigger_id"), view=program_modal(found))
    except Exception as exc:  # noqa: BLE001 - a SlackApiError, or Slack unreachable
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else type(exc).__name__
        LOG.warning("views.open failed in %s: %s", asker.tenant, error)
        return texts(found.get("language")).gettext(
            "Sorry, Slack would not open the form just now; please try again.")
    return ""


def register(app: AsyncApp, h: Handler) -> None:
    async def on_program(body: dict, ack, client, view: dict, context) -> None:
        team, who = Installed.of(context).tenant, clicker(body)
        if team is None or who is None:
            await ack()
            return
        # a forged submission meets the gate too
        found = await user_info(client, team, who.user)  # and its locale: the errors' language
        asker = Asker(team, "slack", who.user, platform_admin=admin_of(found),
                      locale=locale_of(found))
        problems, saved = await h.handle(FormSubmitted(asker, "program", program_form(view)))
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        try:
            await client.chat_postMessage(channel=who.user, text=saved)
        except Exception as exc:  # noqa: BLE001 - saved all the same: the modal closed
            error = exc.response.get("error") if isinstance(exc, SlackApiError) \
                else type(exc).__name__
            LOG.warning("confirming a saved program failed in %s: %s", team, error)

    app.view(PROGRAM)(on_program)
