"""People and places arriving and leaving, as platforms tell of them: a roster's members, the
app installed in a workspace, team or chat, and removed from one (Service.handle's Installed,
Uninstalled and MembersSeen)."""

from __future__ import annotations

from datetime import datetime

from bot.store import Store


def members(store: Store, tenant: str, platform: str, seen, guests: frozenset[str]) -> None:
    """Members of a team or chat: people of other organisations are stored, marked
    external, only where the tenant includes guests."""
    include = bool(guests) and store.includes_guests(tenant)
    for person, name, sign_in in seen:
        if person in guests and not include:
            continue
        store.update_person(tenant, person, platform,
                            **({"display_name": name} if name else {}),
                            **({"sign_in": sign_in} if sign_in else {}))
    if include:
        store.mark_external(tenant, guests)


def installed(store: Store, tenant: str, platform: str, place: str, kind: str,
              now: datetime) -> bool:
    """The app arrived: the tenant is installed (again, if it had been removed). Whether
    the Teams team or group chat was new (its roster is then read once)."""
    new = bool(place) and kind != "personal" and store.add_teams_place(tenant, place, kind, now)
    store.mark_installed(tenant, platform, now)
    return new


def uninstalled(store: Store, tenant: str, platform: str, place: str, kind: str,
                now: datetime) -> None:
    """Slack: the workspace's token goes at once, its data after PURGE_AFTER. Teams: the
    app left one place; the tenant is uninstalled only once it is nowhere."""
    if platform == "slack":
        store.remove_slack_installs_of(tenant)
    elif (store.leave_teams_person(tenant, place) if kind == "personal"
          else store.leave_teams_place(tenant, place)):
        return
    store.mark_uninstalled(tenant, now)
