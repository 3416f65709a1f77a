"""Organisation-wide calendar consent for Microsoft 365 (issue 14): a manager asks for the Entra
admin-consent link (`admin calendar connect`), a Microsoft 365 administrator consents to
weaktie's application permissions for the whole organisation, and the bot then reads the
free/busy of every member who connected nothing of their own with an app-only token (client
credentials), and makes the organiser's invitation the same way. Only the Entra tenant id is
kept. A person's `calendar disconnect` opts them out, `calendar connect` undoes it, `forget me`
erases it; `admin calendar disconnect` withdraws the grant, and reads stop at once (the links are
derived from the grant at every read: bot/store/calendar_organisation.py).

The consent page sends the administrator back to CONSENT_PATH with `tenant`, `admin_consent`
(or `error`) and our `state`. That return is unsigned by Microsoft, so nothing it says is taken
on its word: the state is sealed by us (refused before the database is touched when forged),
single use, bound to this tenant and to the manager, who must still be a manager; the Entra
tenant it names must be this Teams tenant; and an app-only token is asked for before anything
is written, which Microsoft grants only once the tenant has consented.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.errors import WeaktieError
from bot.service import calendar_connect
from bot.service.admin import Gate, refusal
from bot.service.admin_words import AdminCommand, parse_admin
from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_port import (
    MICROSOFT,
    CalendarRefused,
    CalendarUnavailable,
    CallbackPage,
)
from bot.service.inbound import Asker
from bot.service.language import ENGLISH, Texts, date, number, texts
from bot.service.whose_language import reader
from bot.store import Store
from bot.store.keys import token_digest

CONSENT_PATH = "/calendar/oauth/microsoft/organisation"
STATE_KIND = "microsoft-org"  # calendar_states.provider of an admin-consent attempt
SEAL = "org-consent:"
# The link goes from the manager to an administrator, who may take a while to act on it.
STATE_LIFETIME = timedelta(hours=24)
EN = texts(ENGLISH)


def covers(says: Texts) -> str:
    return says.gettext("everyone in this Microsoft 365 organisation whose calendar weaktie can "
                        "address and who connected no calendar of their own; each person can say "
                        "`calendar disconnect` to opt out")


def admin_words(text: str) -> AdminCommand | None:
    """`admin calendar [connect|disconnect]`, parsed; None for any other words."""
    parsed = parse_admin(text) if isinstance(text, str) else None
    return parsed if isinstance(parsed, AdminCommand) and parsed.action == "calendar" else None


def admin_reply(store: Store, setup: CalendarSetup | None, gate: Gate, asker: Asker,
                platform_admin: bool, choice: str | None, now: datetime) -> str:
    """A manager's `admin calendar ...`; anyone else is refused and nothing changes.
    `platform_admin`: what the platform says of the asker (handler._manager_says)."""
    tenant, person, platform = asker.tenant, asker.user, asker.platform
    says = reader(store, tenant, person, asker.locale)
    if not gate.allows(store, tenant, person, platform_admin):
        return refusal(says)
    if choice not in (None, "connect", "disconnect"):
        return says.gettext("`admin calendar` shows the organisation-wide consent; `admin "
                            "calendar connect` gives its link, `admin calendar disconnect` "
                            "withdraws it.")
    if setup is None or setup.organisation is None:
        return says.gettext("Microsoft 365 calendars are not set up on this install: whoever "
                            "runs weaktie registers the Entra app first (docs/calendars.md).")
    if choice == "disconnect":
        return _withdraw(store, setup, tenant, says)
    if platform != "teams":
        return says.gettext("Organisation-wide consent is for Microsoft Teams installs, whose "
                            "tenant is the Microsoft 365 organisation. Here each person says "
                            "`calendar connect`.")
    if choice == "connect":
        return _link(store, setup, tenant, person, asker.directory_id, now, says)
    grant = store.organisation_grant(tenant)
    if grant is None:
        return says.gettext("No organisation-wide calendar consent here. `admin calendar "
                            "connect` gives the link for a Microsoft 365 administrator, after "
                            "which weaktie reads the free/busy of {covers}.",
                            covers=covers(says))
    if grant.refused_at is not None:
        return says.gettext("Microsoft has refused the organisation's consent since {since} "
                            "(withdrawn in Entra, or the app removed): nobody is read through "
                            "it. `admin calendar connect` for a new link.",
                            since=date(grant.refused_at, says.language))
    covered, out = store.organisation_coverage(tenant)
    return says.ngettext(
        "Organisation-wide consent for Microsoft 365 since {since}: weaktie reads the free/busy "
        "of {covers}. It covers {n} person now; {out} opted out. `admin calendar disconnect` "
        "withdraws it.",
        "Organisation-wide consent for Microsoft 365 since {since}: weaktie reads the free/busy "
        "of {covers}. It covers {n} people now; {out} opted out. `admin calendar disconnect` "
        "withdraws it.", covered, since=date(grant.granted_at, says.language),
        covers=covers(says), out=number(out, says.language))


def _link(store: Store, setup: CalendarSetup, tenant: str, person: str, directory_id: str,
          now: datetime, says: Texts) -> str:
    state = setup.box.seal(SEAL + secrets.token_urlsafe(24))
    # no PKCE here (nothing to verify); the manager's Entra object id is kept with the state,
    # for the callback to check that they still manage by it
    store.add_calendar_state(tenant, person, STATE_KIND, token_digest(state), setup.box.seal(""),
                             now + STATE_LIFETIME, "teams", {"directory_id": directory_id})
    url = setup.organisation.admin_consent_url(tenant, state,
                                               setup.public_url.rstrip("/") + CONSENT_PATH)
    return says.gettext(
        "Give this link to a Microsoft 365 administrator of your organisation (a Global or "
        "Privileged Role Administrator); it works once, within 24 hours:\n{url}\nOnce they "
        "consent, weaktie reads only when people are busy or free, never what their events "
        "are, for {covers}.", url=url, covers=covers(says))


def _withdraw(store: Store, setup: CalendarSetup, tenant: str, says: Texts) -> str:
    grant = store.withdraw_organisation_grant(tenant)
    if grant is None:
        return says.gettext("There was no organisation-wide consent; nothing changed.")
    setup.organisation.forget_app_tokens(grant.directory)
    return says.gettext(
        "Withdrawn: from now on weaktie reads nobody's calendar through the organisation's "
        "consent; people who connected their own keep it. Invitations already made stay in "
        "their organisers' calendars. To remove the permission at Microsoft too, an "
        "administrator deletes weaktie's enterprise application in Entra.")


async def consent_callback(store: Store, setup: CalendarSetup | None, gate: Gate,
                           query: Mapping[str, str], now: datetime, run) -> CallbackPage:
    """Where the admin-consent page sends the administrator back; nothing refused is written."""
    state = query.get("state", "")
    if setup is None or setup.organisation is None:
        return CallbackPage(404, "There is no such calendar connection here.")
    if not state or not _sealed_by_us(setup, state):
        return CallbackPage(403, "This link is not one of weaktie's. Ask the bot for a new one "
                            "(`admin calendar connect`).")
    found = await run(store.take_calendar_state, token_digest(state), STATE_KIND, now)
    if found is None:
        return CallbackPage(403, "This link has expired or was used already. A manager can ask "
                            "the bot for a new one (`admin calendar connect`).")
    if "error" in query or query.get("admin_consent", "").lower() != "true":
        return CallbackPage(400, "Not connected: Microsoft 365 did not give consent. A manager can "
                            "ask the bot for a new link (`admin calendar connect`).")
    named = bool(found.expect.get("directory_id")) and \
        found.expect["directory_id"] in gate.managers
    if not await run(gate.allows, store, found.tenant, found.person, named):
        return CallbackPage(403, "Not connected: the person who asked for this link no longer "
                            "manages weaktie here.")
    directory = query.get("tenant", "")
    if directory.lower() != found.tenant.lower():
        return CallbackPage(403, "Not connected: consent was given for another Microsoft 365 "
                            "organisation than the one weaktie is installed in.")
    try:  # Microsoft grants an app-only token only to a tenant that consented
        await setup.organisation.app_tokens(found.tenant)
    except CalendarRefused:
        return CallbackPage(403, "Not connected: Microsoft 365 does not confirm the consent. A "
                            "manager can ask the bot for a new link (`admin calendar connect`).")
    except CalendarUnavailable:
        return CallbackPage(424, "Microsoft 365 did not answer. A manager can ask the bot for a "
                            "new link (`admin calendar connect`) in a moment.")
    await run(store.save_organisation_grant, found.tenant, MICROSOFT, found.tenant,
              found.person, now)
    says = await run(reader, store, found.tenant, found.person, "")
    return CallbackPage(200, says.gettext(
        "Connected for the whole organisation: weaktie reads only when people are busy or "
        "free, never what their events are, for {covers}. You can close this tab.",
        covers=covers(says)))


def _sealed_by_us(setup: CalendarSetup, state: str) -> bool:
    try:
        return setup.box.open(state).startswith(SEAL)
    except (WeaktieError, ValueError, TypeError):
        return False


# -- a person covered by the grant (their words stay `calendar ...`), in their language

def status(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
           says: Texts = EN) -> str:
    """`calendar`: what covers them, or what they connected (calendar_connect.status_text)."""
    return person_status(store, setup, tenant, person, says) or \
        calendar_connect.status_text(store, tenant, person, says)


def person_status(store: Store, setup: CalendarSetup | None, tenant: str,
                  person: str, says: Texts = EN) -> str | None:
    """`calendar` for someone with no calendar of their own, when the organisation's grant
    covers them or they opted out of it; None otherwise."""
    if setup is None or setup.organisation is None or store.organisation_grant(tenant) is None:
        return None
    link = store.calendars(tenant, [person]).get(person)
    if link is not None and link.organisation:
        return says.gettext("Your Microsoft 365 calendar is read through your organisation's "
                            "consent (since {since}): only when you are busy or free, never what "
                            "your events are. `calendar disconnect` opts you out.",
                            since=date(link.connected_at, says.language))
    if link is None and store.opted_out(tenant, person):
        return says.gettext("You opted out: weaktie does not read your calendar through your "
                            "organisation's consent, and proposes times within your `hours`. "
                            "`calendar connect` undoes it.")
    return None


def person_connect(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                   which: str | None, says: Texts = EN) -> str | None:
    """`calendar connect` undoes an opt-out; when the organisation's grant then covers the
    person and they named no provider, that is the answer (None: offer the usual links)."""
    if setup is None or setup.organisation is None:
        return None
    undone = store.opt_in_to_organisation(tenant, person)
    link = store.calendars(tenant, [person]).get(person)
    if which is None and link is not None and link.organisation:
        if undone:
            return says.gettext(
                "Your organisation's Microsoft 365 consent covers you: weaktie reads again only "
                "when you are busy or free. `calendar connect google` or `calendar connect "
                "microsoft` connects a calendar of your own instead; `calendar disconnect` opts "
                "you out.")
        return says.gettext(
            "Your organisation's Microsoft 365 consent covers you: weaktie reads only when you "
            "are busy or free. `calendar connect google` or `calendar connect microsoft` "
            "connects a calendar of your own instead; `calendar disconnect` opts you out.")
    return None


async def disconnect(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                     platform: str, now: datetime, run, says: Texts = EN) -> str:
    """`calendar disconnect`: their own connection goes (calendar_connect.disconnect) and, where
    the tenant has an organisation's grant, they are opted out of it too."""
    link = (await run(store.calendars, tenant, [person])).get(person)
    said = await calendar_connect.disconnect(store, setup, tenant, person, run, says)
    return await run(person_disconnect, store, setup, tenant, person, platform, said,
                     link is not None and not link.organisation, now, says)


def person_disconnect(store: Store, setup: CalendarSetup | None, tenant: str, person: str,
                      platform: str, said: str, had_own: bool, now: datetime,
                      says: Texts = EN) -> str:
    """After `calendar disconnect` erased their own connection (`had_own`; `said` is what that
    answered): where the tenant has an organisation's grant, the person is opted out of it too,
    so that nothing reads their calendar any more."""
    if setup is None or setup.organisation is None or store.organisation_grant(tenant) is None:
        return said
    new = store.opt_out_of_organisation(tenant, person, platform, now)
    if had_own:
        return says.gettext("{said} And weaktie will not read your calendar through your "
                            "organisation's Microsoft 365 consent either. `calendar connect` "
                            "undoes it.", said=said)
    if not new:
        return says.gettext("You had opted out already: weaktie does not read your calendar.")
    return says.gettext("Opted out: weaktie no longer reads your calendar through your "
                        "organisation's Microsoft 365 consent, and proposes times within your "
                        "`hours`. `calendar connect` undoes it.")
