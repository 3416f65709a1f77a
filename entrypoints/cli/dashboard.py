"""`weaktie dashboard`: the managers' web dashboard alone, served on this machine, with a
sign-in link printed for whoever runs it. For the demo, and for an operator who holds the
database anyway; managers of a running install say `admin dashboard` to the bot instead.

The link stands for the operator ("operator", as the platforms' workspace admins stand for
themselves): the gate lets it through, and the session it opens lasts a working day. The server
is local, so its cookies are not Secure (a Secure cookie never comes back over plain http)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service.dashboard_access import csrf_token, link_reply
from bot.service.handler import Service
from bot.store.dashboard import Visitor
from entrypoints.cli.databases import open_store

OPERATOR = "operator"


def dashboard(args) -> int:
    from aiohttp import web

    from adapters.dashboard.routes import Dashboard
    from adapters.web import web_app
    store = open_store(args)
    if not store.has_tenant(args.tenant):
        raise WeaktieError(f"there is no tenant {args.tenant!r} in this database")
    host, port = args.host or "127.0.0.1", args.port or 3000
    here = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    said = link_reply(store, Visitor(args.tenant, OPERATOR, "cli", True), datetime.now(UTC), here)
    app = web_app(None, dashboard=Dashboard(Service(store), secure=False, csrf_of=csrf_token))
    print(f"weaktie: the dashboard of {args.tenant!r} on {here}/admin (Ctrl-C stops it).")
    print(said.splitlines()[0].replace("Your dashboard:", "Sign in (once, within 10 minutes):"))
    web.run_app(app, host=host, port=port, print=None)
    return 0
