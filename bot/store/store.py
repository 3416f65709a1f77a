"""The Store: the one object the service holds, composed of one class per aggregate."""

from __future__ import annotations

from bot.store.after_round import AfterRound
from bot.store.calendar_checks import CalendarChecks
from bot.store.calendar_events import CalendarEvents
from bot.store.calendar_organisation import CalendarOrganisation
from bot.store.calendars import Calendars
from bot.store.dashboard import DashboardAccess
from bot.store.ingest import Ingest
from bot.store.installs import SlackInstalls
from bot.store.languages import Languages
from bot.store.leadership import Leadership
from bot.store.managers import Managers
from bot.store.offers import Offers
from bot.store.outbox import Outbox
from bot.store.places import TeamsPlaces
from bot.store.profile_fields import ProfileFields
from bot.store.profiles import Profiles
from bot.store.programs import Programs
from bot.store.reading import Reading
from bot.store.records import Records
from bot.store.rounds import Rounds
from bot.store.tenants import Tenants
from bot.store.unknown import UnknownSends


class Store(Leadership, Tenants, SlackInstalls, Ingest, Reading, Profiles, Programs, Rounds,
            Outbox, AfterRound, UnknownSends, TeamsPlaces, Managers, Records,
            DashboardAccess, Calendars, CalendarChecks, CalendarEvents, CalendarOrganisation,
            Offers, ProfileFields, Languages):
    """One database. Open with Store.open(url); all methods are scoped by tenant name."""

    def close(self) -> None:
        self.release_leadership()
        self.engine.dispose()
