"""`weaktie outcomes`: the lasting ties `admin outcomes` gives, on the terminal or as JSON
(suppressed rates are null; no person id or name is in it)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.service.round_outcomes import kept_rounds, lasting_ties, outcomes_text, trend_text
from entrypoints.cli.databases import open_store


def round_outcomes(args) -> int:
    store = open_store(args)
    if not store.has_tenant(args.tenant):
        raise WeaktieError(f"there is no tenant {args.tenant!r} in this database")
    program = service.program_for(store, args.tenant, args.program)
    found = lasting_ties(store, args.tenant, program.name, args.now or datetime.now(UTC),
                         args.rounds)
    kept = store.round_records(args.tenant, program.name)
    if args.json:
        # "kept": each round's record as the clock wrote it down weekly, suppressed cells null
        print(json.dumps({"program": program.name, "rounds": args.rounds,
                          **dataclasses.asdict(found),
                          "kept": kept_rounds(kept)}, indent=2))
    else:
        print(outcomes_text(program.name, args.rounds, found) + trend_text(kept))
    return 0
