"""`weaktie health`: the network health a manager reads with `admin health`, on the terminal
or as JSON (suppressed figures are null; no person id or name is in it)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service.network_health import health, health_text
from entrypoints.cli.databases import open_store


def network_health(args) -> int:
    store = open_store(args)
    if not store.has_tenant(args.tenant):
        raise WeaktieError(f"there is no tenant {args.tenant!r} in this database")
    found = health(store, args.tenant, args.now or datetime.now(UTC))
    if args.json:
        print(json.dumps(dataclasses.asdict(found), indent=2, default=_iso, ensure_ascii=False))
    else:
        print(health_text(found, store.health_series(args.tenant)))
    return 0


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
