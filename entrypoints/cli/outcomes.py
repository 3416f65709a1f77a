"""`weaktie outcomes`: the lasting ties `admin outcomes` gives, on the terminal or as JSON
(suppressed rates are null; no person id or name is in it)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.service.round_outcomes import lasting_ties, outcomes_text
from entrypoints.cli.databases import open_store


def round_outcomes(args) -> int:
    store = open_store(args)
    if not store.has_tenant(args.tenant):
        raise WeaktieError(f"there is no tenant {args.tenant!r} in this database")
    program = service.program_for(store, args.tenant, args.program)
    found = lasting_ties(store, args.tenant, program.name, args.now or datetime.now(UTC),
                         args.rounds)
    if args.json:
        print(json.dumps({"program": program.name, "rounds": args.rounds,
                          **dataclasses.asdict(found)}, indent=2))
    else:
        print(outcomes_text(program.name, args.rounds, found))
    return 0
