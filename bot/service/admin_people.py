"""The manager commands about people rather than programs: who manages (`admin managers`,
`admin grant`, `admin revoke`), people of other organisations (`admin guests`), and messages
cut off mid-way (`admin deliveries`, `admin delivered`, `admin resend`). Each answers in the
manager's language (`says`); bot/service/admin.py applies the gate first."""

from __future__ import annotations

from datetime import datetime

from bot.service.language import Texts
from bot.store.unknown import BAD_IDENT, NOT_FOUND

LISTED_SENDS = 30  # `admin deliveries` shows the oldest this many: one chat message holds them


def managers(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    named = ", ".join(who(m, platform) for m in sorted(gate.managers))
    lines = [says.gettext("Community managers:"),
             says.gettext("• From WEAKTIE_MANAGERS: {people}",
                          people=named or says.gettext("none")),
             says.gettext("• Workspace admins (the platform says who)")]
    lines += [says.gettext("• {person}, granted by {by}", person=who(m, platform),
                           by=who(by, platform)) for m, by in store.granted_managers(tenant)]
    return "\n".join(lines)


def grant(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    named = who(command.name, platform)
    if command.name in gate.managers:
        return says.gettext("{person} is a manager already (WEAKTIE_MANAGERS).", person=named)
    if not store.grant_manager(tenant, command.name, person, now, platform):
        return says.gettext("{person} is a manager already.", person=named)
    return says.gettext("{person} can now manage programs.", person=named)


def revoke(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    named = who(command.name, platform)
    if command.name in gate.managers:
        return says.gettext("{person} is a manager through WEAKTIE_MANAGERS; whoever runs "
                            "weaktie can change that.", person=named)
    if not store.revoke_manager(tenant, command.name):
        return says.gettext("{person} was not granted by a manager; nothing changed.",
                            person=named)
    return says.gettext("{person} no longer manages programs.", person=named)


def deliveries(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    """Ids, kinds and times only: a manager never sees who, nor who was paired with whom."""
    found = store.unknown_sends(tenant) if store.has_tenant(tenant) else []
    if not found:
        return says.gettext("Nothing to check: no message was cut off mid-way.")
    lines = [says.gettext("• `{id}`: {kind}, {when}", id=row.id, kind=row.kind,
                          when=_when(row.at, says)) for row in found[:LISTED_SENDS]]
    if len(found) > LISTED_SENDS:
        lines.append(says.ngettext(
            "• and {n} more, newer (`weaktie deliveries` lists them all)",
            "• and {n} more, newer (`weaktie deliveries` lists them all)",
            len(found) - LISTED_SENDS))
    return "\n".join([
        says.ngettext(
            "{n} message cut off mid-way; Teams keeps no copy to check, so ask the person (the "
            "id's number is the group's suggestion, then its member):",
            "{n} messages cut off mid-way; Teams keeps no copy to check, so ask the person (the "
            "id's number is the group's suggestion, then its member):", len(found)),
        *lines,
        says.gettext("If they have it: `admin delivered ID`. If not: `admin resend ID` (it goes "
                     "again at the next heartbeat, to that person only).")])


def delivered(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    problem = store.mark_unknown_sent(command.name, tenant) if store.has_tenant(tenant) \
        else True
    if problem:
        return _not_changed(problem, says)
    return says.gettext("`{id}` is marked sent; nothing was sent.", id=command.name)


def resend(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    problem = store.resend_unknown(command.name, tenant) if store.has_tenant(tenant) else True
    if problem:
        return _not_changed(problem, says)
    return says.gettext("`{id}` goes out again at the next heartbeat (within a minute), to that "
                        "person only.", id=command.name)


def _not_changed(problem: str | bool, says: Texts) -> str:
    """The store's reason (bot/store/unknown.py) in the manager's words."""
    if problem is True or problem == NOT_FOUND:
        problem = says.gettext("there is no unknown send by that id (`admin deliveries` lists "
                               "them)")
    elif problem == BAD_IDENT:
        problem = says.gettext("an unknown send's id looks like n12-2, f12-2 or o34 (`admin "
                               "deliveries` lists them)")
    return says.gettext("Not changed: {problem}.", problem=problem)


def guests_meaning(says: Texts) -> str:
    return says.gettext(
        "People of other organisations are Slack Connect users (from a channel shared with "
        "another company), Teams guests and federated users. Who they interact with is stored "
        "only while they are included; and even then they are paired only by a program whose "
        "settings say so (`include_guests: true` in the programs file). Excluding them stores "
        "nothing more about them from now on.")


def guests(store, tenant, person, command, now, platform, gate, says: Texts) -> str:
    if command.name is None:
        if store.includes_guests(tenant):
            return says.gettext("People of other organisations are included here. {meaning} To "
                                "change it: `admin guests exclude`.",
                                meaning=guests_meaning(says))
        return says.gettext("People of other organisations are not included (the default) "
                            "here. {meaning} To change it: `admin guests include`.",
                            meaning=guests_meaning(says))
    include = command.name == "include"
    store.set_include_guests(tenant, include, platform)
    if include:
        return says.gettext("People of other organisations are now included. {meaning}",
                            meaning=guests_meaning(says))
    return says.gettext("People of other organisations are now excluded. {meaning}",
                        meaning=guests_meaning(says))


def _when(at: datetime | None, says: Texts) -> str:
    """ISO date and time, the same in every language, as `weaktie deliveries` prints them."""
    return f"{at:%Y-%m-%d %H:%M} UTC" if at else says.gettext("time not recorded")


def who(person: str, platform: str) -> str:
    return f"<@{person}>" if platform == "slack" else person
