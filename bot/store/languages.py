"""Whose language a reply is in: what a person chose, what their platform last said they read,
and the default a manager set for the organisation (bot/service/language.py: choose)."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.store.base import StoreBase, find_tenant
from bot.store.schema import people, tenants
from bot.store.values import Spoken


class Languages(StoreBase):
    """The three facts `choose` reads, in one query, and the two a manager or platform sets."""

    def spoken(self, tenant: str, person: str) -> Spoken:
        """What is known of a person's language; all None for a tenant or person never met."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return Spoken()
            default = conn.scalar(select(tenants.c.language).where(tenants.c.id == tenant_id))
            row = conn.execute(select(people.c.language, people.c.locale).where(
                people.c.tenant_id == tenant_id, people.c.external_id == person)).first()
        if row is None:
            return Spoken(tenant_default=default)
        return Spoken(True, row.language, row.locale, default)

    def note_locale(self, tenant: str, person: str, locale: str) -> None:
        """The locale a platform says someone reads now, on their row if they have one (a
        stranger's hello writes nothing)."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is not None:
                conn.execute(update(people).where(people.c.tenant_id == tenant_id,
                                                  people.c.external_id == person)
                             .values(locale=locale))

    def set_tenant_language(self, tenant: str, platform: str, language: str | None) -> None:
        """The organisation's default language (`admin language fr`), None for none."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            conn.execute(update(tenants).where(tenants.c.id == tenant_id)
                         .values(language=language))
