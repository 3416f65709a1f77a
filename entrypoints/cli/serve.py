"""The long-running commands: `serve` (the web endpoints, and the clock unless --no-clock) and
`clock` alone."""

from __future__ import annotations

from entrypoints import config
from entrypoints.cli.databases import open_store, open_url
from entrypoints.cli.programs import load_at_start


def serve(args) -> int:
    from aiohttp import web

    from entrypoints.app import build
    settings = config.load(args.db, args.port, args.host)
    config.check_serving(settings)  # before any database is opened or written
    load_at_start(settings)
    app = build(settings, open_url(settings.database_url))
    if not args.no_clock:
        from entrypoints.app import profile_reader, senders
        from entrypoints.calendars import calendar_setup
        from scheduler import clock as scheduler
        store = open_url(settings.database_url)
        heartbeat = scheduler.clock(store, senders(store, settings),
                                    calendars=calendar_setup(settings),
                                    profiles=profile_reader(store, settings))

        async def start(_app) -> None:
            heartbeat.start()

        async def stop(_app) -> None:
            heartbeat.shutdown(wait=False)

        app.on_startup.append(start)
        app.on_cleanup.append(stop)
    routes = ", ".join(sorted({f"{r.method} {r.resource.canonical}" for r in app.router.routes()
                               if r.method != "HEAD"}))
    print(f"weaktie: serving on http://{settings.host}:{settings.port} ({routes})")
    web.run_app(app, host=settings.host, port=settings.port, print=None)
    return 0


def clock(args) -> int:
    import asyncio

    from entrypoints.app import profile_reader, senders
    from entrypoints.calendars import calendar_setup
    from scheduler import clock as scheduler
    settings = config.load(args.db)
    load_at_start(settings)
    store = open_store(args)
    found = senders(store, settings)
    calendars, profiles = calendar_setup(settings), profile_reader(store, settings)

    async def forever() -> None:
        scheduler.clock(store, found, every=args.heartbeat or scheduler.HEARTBEAT_SECONDS,
                        calendars=calendars, profiles=profiles).start()
        await asyncio.Event().wait()

    print(f"weaktie: clock running (platforms: {', '.join(found) or 'none'}); Ctrl-C stops it")
    asyncio.run(forever())
    return 0
