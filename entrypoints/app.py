"""The composition root: builds the store, the platform edges and the web application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import web

from adapters.slack.admin import AdminHandlers
from adapters.slack.app import SlackHandlers, bolt_app, socket_mode
from adapters.slack.oauth import DatabaseInstallations, oauth_settings
from adapters.slack.reinstall import reinstate_at_start
from adapters.slack.send import SlackNudges, nudge_client
from adapters.teams.bot import (
    TeamsHandlers,
    TeamsNudges,
    TeamsSettings,
    cloud_adapter,
    dev_settings,
    teams_endpoint,
)
from adapters.web import CalendarEndpoint, SlackEndpoint, web_app
from bot.service import rounds as service
from bot.service.admin import Gate, program_form, submit_program_form
from bot.service.conversation import answer_nudge, handle_request, home, nudge_of, save_profile
from bot.service.group_commit import GroupCommit
from bot.service.meetups import link_token
from bot.store import Store
from entrypoints.config import Settings, check_serving, multi_workspace
from entrypoints.secrets import SecretBox


def build(settings: Settings, store: Store | None = None) -> web.Application:
    """The web application for `settings`; SettingsError when they cannot serve anything."""
    check_serving(settings)
    store = store or Store.open(settings.database_url)
    calendar = CalendarEndpoint(store, settings.secret_key) if settings.secret_key else None
    bolt = None
    if settings.slack_bot_token or multi_workspace(settings):
        bolt = bolt_app(settings.slack_signing_secret, settings.slack_bot_token,
                        settings.slack_api_url, slack_handlers(store, settings),
                        oauth_settings(store, settings.slack_client_id, settings.slack_client_secret,
                                       SecretBox(settings.secret_key or ""))
                        if multi_workspace(settings) else None)
    slack = SlackEndpoint(settings.slack_signing_secret, bolt) \
        if bolt and settings.slack_signing_secret else None
    app = web_app(slack, calendar, teams(store, settings))
    if bolt is not None and settings.slack_app_token:
        socket_mode(app, bolt, settings.slack_app_token)
    if bolt is not None and settings.slack_bot_token:
        reinstate_at_start(app, bolt.client, store.reinstate)
    return app


def teams_settings(settings: Settings) -> TeamsSettings | None:
    if not settings.teams_app_id:
        return None
    return TeamsSettings(settings.teams_app_id, settings.teams_app_password or "",
                         settings.teams_app_type, settings.teams_tenant_id or "",
                         settings.teams_openid_url or "")


def teams(store: Store, settings: Settings):
    """The Teams endpoint when Teams is configured (or in development), else None."""
    def now() -> datetime:
        return datetime.now(UTC)

    def named(aad: str) -> bool:  # WEAKTIE_MANAGERS may name a Teams user by Entra object id
        return bool(aad) and aad in settings.managers

    writer = GroupCommit(lambda items: service.record_many(store, items, "teams"))
    gate = Gate(settings.managers)
    handlers = TeamsHandlers(
        record=writer.record,
        converse=lambda tenant, user, text, aad: handle_request(
            store, tenant, user, text, now(), "teams", gate, named(aad)),
        remember=lambda tenant, user, ref: store.save_reference(tenant, user, ref, "teams", now()),
        answer=lambda tenant, user, value, kind: answer_with_confirmation(
            store, settings, tenant, user, value, kind, now()),
        author=store.author_of,
        people=lambda tenant, members, guests: teams_people(store, tenant, members, guests),
        installed=lambda tenant, place, kind: teams_installed(store, tenant, place, kind, now()),
        channel_names=lambda tenant, names: store.name_channels(tenant, names, "teams"),
        includes_guests=store.includes_guests,
        uninstalled=lambda tenant, place, kind: teams_removed(store, tenant, place, kind, now()),
        home=lambda tenant, user: home(store, tenant, user, now()),
        save_profile=lambda tenant, user, form: save_profile(store, tenant, user, form, now(),
                                                             "teams"),
        colleagues=lambda tenant: [(p.id, p.name) for p in store.people(tenant).values()],
        program_form=lambda tenant, user, name, aad: program_form(store, tenant, user, name, gate,
                                                                  named(aad)),
        save_program=lambda tenant, user, form, aad: submit_program_form(
            store, tenant, user, form, now(), "teams", gate, named(aad)),
    )
    return teams_endpoint(teams_settings(settings), settings.dev, handlers)


def teams_people(store: Store, tenant: str, members: list[tuple[str, str, str]],
                 guests: frozenset[str]) -> None:
    """Members of a team or chat (id, name, sign-in name): people of other organisations are
    stored, marked external, only where the tenant includes guests."""
    include = bool(guests) and store.includes_guests(tenant)
    for person, name, sign_in in members:
        if person in guests and not include:
            continue
        store.update_person(tenant, person, "teams", **({"display_name": name} if name else {}),
                            **({"sign_in": sign_in} if sign_in else {}))
    if include:
        store.mark_external(tenant, guests)


def teams_installed(store: Store, tenant: str, place: str, kind: str, now: datetime) -> bool:
    """The Teams app is in a team, a group chat or a personal scope: the tenant is installed
    (again, if it had been removed everywhere). Whether the team or group chat was new."""
    new = store.add_teams_place(tenant, place, kind, now) if kind != "personal" else False
    store.mark_installed(tenant, "teams", now)
    return new


def teams_removed(store: Store, tenant: str, place: str, kind: str, now: datetime) -> None:
    """The Teams app left one place; the tenant is uninstalled only once it is nowhere."""
    still = store.leave_teams_person(tenant, place) if kind == "personal" \
        else store.leave_teams_place(tenant, place)
    if not still:
        store.mark_uninstalled(tenant, now)


def slack_handlers(store: Store, settings: Settings) -> SlackHandlers:
    """Each Slack request's service call, with the clock read here, at the edge."""
    def now() -> datetime:
        return datetime.now(UTC)

    def answer(team: str, user: str, value: str, kind: str) -> tuple[str, str | None, dict]:
        return answer_with_confirmation(store, settings, team, user, value, kind, now())

    writer = GroupCommit(lambda items: service.record_many(store, items, "slack"))
    gate = Gate(settings.managers)
    return SlackHandlers(
        record=writer.record,
        converse=lambda team, user, text, admin: handle_request(store, team, user, text, now(),
                                                                "slack", gate, admin),
        profile=lambda team, user, values: store.update_person(team, user, "slack", **values),
        answer=answer,
        uninstalled=lambda team: uninstall(store, team, now()),
        home=lambda team, user: home(store, team, user, now()),
        save_profile=lambda team, user, form: save_profile(store, team, user, form, now(),
                                                           "slack"),
        programs=AdminHandlers(
            program_form=lambda team, user, name, admin: program_form(store, team, user, name,
                                                                      gate, admin),
            save_program=lambda team, user, form, admin: submit_program_form(
                store, team, user, form, now(), "slack", gate, admin)),
        first_time=lambda team, event: store.first_time(f"slack:{team}:{event}", now()),
        channel_names=lambda tenant, names: store.name_channels(tenant, names, "slack"),
    )


def answer_with_confirmation(store: Store, settings: Settings, team: str, user: str, value: str,
                             kind: str, now: datetime) -> tuple[str, str | None, dict]:
    """Record a button's answer: the reply to the clicker, an announcement for everyone once
    all accepted the same slot, and every member's latest answer."""
    reply, agreed = answer_nudge(store, team, user, value, kind, now)
    nudge = nudge_of(value)
    if nudge is None or not store.has_tenant(team):  # nothing was recorded: nothing to show
        return reply, None, {}
    said = store.answers(team, nudge)
    if agreed is None:
        return reply, None, said
    return reply, confirmation(store, settings, team, nudge, agreed), said


def confirmation(store: Store, settings: Settings, tenant: str, nudge: int, slot: int
                 ) -> str | None:
    """What everyone in the conversation reads once they all accepted the same slot (None
    if the nudge or the slot is gone)."""
    found = store.nudge(tenant, nudge)
    if found is None or not 0 <= slot < len(found["slots"]):
        return None
    start = datetime.fromisoformat(found["slots"][slot][0])
    where = f" at {found['place']}" if found["place"] else ""
    text = f"Confirmed for everyone: option {slot + 1}, {start:%a %d %b %H:%M} UTC{where}."
    if settings.public_url and settings.secret_key:
        token = link_token(settings.secret_key, nudge)
        text += f" Add it to your calendar: {settings.public_url}/calendar/{nudge}/{token}.ics"
    return text


def uninstall(store: Store, team: str, now: datetime) -> None:
    """The app left a workspace: its token goes at once, its data after PURGE_AFTER."""
    store.remove_slack_installs_of(team)
    store.mark_uninstalled(team, now)


def senders(store: Store, settings: Settings) -> dict:
    """The nudge sender of every configured platform, by platform name. The store they send
    from takes the deployment's claim lease (WEAKTIE_CLAIM_LEASE)."""
    store.claim_lease = timedelta(seconds=settings.claim_lease)
    found = {}
    slack = slack_sender(store, settings)
    if slack is not None:
        found["slack"] = slack
    if settings.teams_app_id or settings.dev:
        registered = teams_settings(settings) or dev_settings()
        found["teams"] = TeamsNudges(cloud_adapter(registered), registered.app_id, store)
    return found


def slack_sender(store: Store, settings: Settings):
    """Slack's sender: the one workspace's token, or each installed workspace's own; None
    when Slack is not configured."""
    if settings.slack_bot_token:
        return SlackNudges(nudge_client(settings.slack_bot_token, settings.slack_api_url))
    if not (multi_workspace(settings) and settings.secret_key):
        return None
    installations = DatabaseInstallations(store, SecretBox(settings.secret_key))

    async def client_for(team: str):
        bot = await installations.async_find_bot_of(team)
        if bot is None:
            raise LookupError(f"workspace {team} is not installed")
        return nudge_client(bot.bot_token, settings.slack_api_url)

    return SlackNudges(client_for=client_for)
