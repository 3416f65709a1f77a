"""Organisation-wide calendar consent (Microsoft 365): one grant per tenant, naming the Entra
tenant whose administrator consented (never a secret or a token), and people's opt-outs.

Who it covers, decided here once for every reader (the slot check, the reminder's second look,
the invitation's organiser): members of the tenant who are its own (not people of other
organisations), whose sign-in name the platform told us (Teams rosters give the UPN, which
Graph addresses a mailbox by), who connected no calendar of their own (a person's own grant
wins) and who did not opt out. A grant the token endpoint refused since covers nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.kept_schema import calendar_connections, calendar_opt_outs, calendar_organisations
from bot.store.profiles import write_person
from bot.store.reading import person_row_id
from bot.store.schema import people, tenants
from bot.store.sql import aware, insert_ignoring_duplicates, upsert


@dataclass(frozen=True, slots=True)
class OrganisationGrant:
    provider: str
    directory: str  # the Entra tenant id
    granted_by: str | None  # the manager's platform id (None once they were forgotten)
    granted_at: datetime
    refused_at: datetime | None


def covered_ids(tenant_id=None):
    """The row ids of people an active organisation grant covers (of one tenant, or all)."""
    query = (select(people.c.id)
             .join(calendar_organisations, calendar_organisations.c.tenant_id == people.c.tenant_id)
             .where(calendar_organisations.c.refused_at.is_(None),
                    people.c.sign_in.is_not(None), people.c.sign_in != "",
                    people.c.external.is_(False),
                    people.c.id.not_in(select(calendar_connections.c.person_id)),
                    people.c.id.not_in(select(calendar_opt_outs.c.person_id))))
    return query if tenant_id is None else query.where(people.c.tenant_id == tenant_id)


def covered_rows(conn: Connection, tenant_id: int, members: list[str]) -> list:
    """(external id, sign-in, provider, directory, granted_at) of the members covered."""
    return conn.execute(
        select(people.c.external_id, people.c.sign_in, calendar_organisations.c.provider,
               calendar_organisations.c.directory, calendar_organisations.c.granted_at)
        .join(calendar_organisations, calendar_organisations.c.tenant_id == people.c.tenant_id)
        .where(people.c.id.in_(covered_ids(tenant_id)),
               people.c.external_id.in_(members))).all()


class CalendarOrganisation(StoreBase):
    def save_organisation_grant(self, tenant: str, provider: str, directory: str,
                                manager: str, now: datetime) -> None:
        """The administrator consented (again): the grant, anew (a refusal since is cleared)."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            upsert(conn, calendar_organisations, ["tenant_id"],
                   {"tenant_id": tenant_id, "provider": provider, "directory": directory[:64],
                    "granted_by": person_row_id(conn, tenant_id, manager), "granted_at": now,
                    "refused_at": None})

    def organisation_grant(self, tenant: str) -> OrganisationGrant | None:
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return None
            row = conn.execute(
                select(calendar_organisations, people.c.external_id)
                .outerjoin(people, people.c.id == calendar_organisations.c.granted_by)
                .where(calendar_organisations.c.tenant_id == tenant_id)).first()
            return None if row is None else OrganisationGrant(
                row.provider, row.directory, row.external_id, aware(row.granted_at),
                aware(row.refused_at))

    def withdraw_organisation_grant(self, tenant: str) -> OrganisationGrant | None:
        """A manager withdrew it: the grant, as it was, or None. Nothing derived from it is kept
        (no token is ever stored), so reads stop with this row."""
        found = self.organisation_grant(tenant)
        if found is not None:
            with self._write() as conn:
                conn.execute(delete(calendar_organisations).where(
                    calendar_organisations.c.tenant_id == find_tenant(conn, tenant)))
        return found

    def organisation_coverage(self, tenant: str) -> tuple[int, int]:
        """How many people the grant covers, and how many opted out (counts only)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return 0, 0
            covered = conn.scalar(select(func.count()).select_from(
                covered_ids(tenant_id).subquery()))
            out = conn.scalar(select(func.count()).select_from(calendar_opt_outs)
                              .where(calendar_opt_outs.c.tenant_id == tenant_id))
            return int(covered or 0), int(out or 0)

    def organisation_refused(self, tenant: str, now: datetime) -> bool:
        """The token endpoint refused the app (consent removed in Entra, the app deleted):
        the grant covers nobody until a manager connects again; whether this call marked it."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and conn.execute(
                update(calendar_organisations).where(
                    calendar_organisations.c.tenant_id == tenant_id,
                    calendar_organisations.c.refused_at.is_(None)).values(refused_at=now)
            ).rowcount == 1

    def opt_out_of_organisation(self, tenant: str, person: str, platform: str,
                                now: datetime) -> bool:
        """`calendar disconnect`: weaktie must not read this person's calendar through the
        organisation's grant; whether they had not opted out already."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            write_person(conn, tenant_id, person, {})
            return conn.execute(
                insert_ignoring_duplicates(conn, calendar_opt_outs, ["person_id"])
                .values(person_id=person_row_id(conn, tenant_id, person), tenant_id=tenant_id,
                        at=now).returning(calendar_opt_outs.c.person_id)).first() is not None

    def opt_in_to_organisation(self, tenant: str, person: str) -> bool:
        """`calendar connect` undoes the opt-out; whether there was one."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            person_id = person_row_id(conn, tenant_id, person) if tenant_id is not None else None
            return person_id is not None and conn.execute(delete(calendar_opt_outs).where(
                calendar_opt_outs.c.person_id == person_id)).rowcount == 1

    def opted_out(self, tenant: str, person: str) -> datetime | None:
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            person_id = person_row_id(conn, tenant_id, person) if tenant_id is not None else None
            return aware(conn.scalar(select(calendar_opt_outs.c.at).where(
                calendar_opt_outs.c.person_id == person_id))) if person_id else None

    def organisations_due_teams(self, before: datetime) -> list[tuple[str, str]]:
        """(tenant, Entra tenant) of the grants not refused whose departments were not read
        since `before`: the clock reads them as teams."""
        with self.engine.connect() as conn:
            return [(row.name, row.directory) for row in conn.execute(
                select(tenants.c.name, calendar_organisations.c.directory)
                .join(tenants, tenants.c.id == calendar_organisations.c.tenant_id)
                .where(calendar_organisations.c.refused_at.is_(None),
                       (calendar_organisations.c.teams_read_at.is_(None))
                       | (calendar_organisations.c.teams_read_at < before))
                .order_by(tenants.c.name))]

    def set_teams_from_directory(self, tenant: str, teams: dict[str, str],
                                 now: datetime) -> int:
        """`teams`: sign-in name (lower case) -> department. The tenant's own people whose
        sign-in is named get it as their team; the read is noted; how many changed."""
        changed = 0
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return 0
            rows = conn.execute(select(people.c.id, people.c.sign_in, people.c.team).where(
                people.c.tenant_id == tenant_id, people.c.sign_in.is_not(None),
                people.c.external.is_(False))).all()
            for row in rows:
                team = teams.get((row.sign_in or "").lower())
                if team and team != row.team:
                    conn.execute(update(people).where(people.c.id == row.id).values(team=team))
                    changed += 1
            conn.execute(update(calendar_organisations)
                         .where(calendar_organisations.c.tenant_id == tenant_id)
                         .values(teams_read_at=now))
        return changed

    def teams_read(self, tenant: str, now: datetime) -> None:
        """The directory could not be read (no permission): not again before tomorrow."""
        with self._write() as conn:
            conn.execute(update(calendar_organisations)
                         .where(calendar_organisations.c.tenant_id == find_tenant(conn, tenant))
                         .values(teams_read_at=now))
