"""Uninstalls, for the installed tenant only (https://api.slack.com/events/app_uninstalled,
/events/tokens_revoked, /events/app_uninstalled_team, /events/team_access_revoked).
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.events import (
    Installed,
    slack_id,
)
from bot.service.inbound import (
    Handler,
    Uninstalled,
)


def bot_of(body: dict) -> str | None:
    """The bot user an event's authorizations name (`is_bot`: the installation's bot)."""
    found = body.get("authorizations")
    first = found[0] if isinstance(found, list) and found and isinstance(found[0], dict) else {}
    return first["user_id"] if first.get("is_bot") is True and slack_id(first.get("user_id")) \
        else None


def register_uninstalls(app: AsyncApp, h: Handler) -> None:
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
