"""`teams-package`: the Teams app package (manifest and icons) to upload in Teams."""

from __future__ import annotations

from pathlib import Path

from bot.errors import WeaktieError
from entrypoints import config


def teams_package(args) -> int:
    from adapters.teams.package import package
    settings = config.load()
    app_id = args.app_id or settings.teams_app_id
    if not app_id:
        raise WeaktieError("teams-package needs the bot's app id: --app-id or MICROSOFT_APP_ID")
    built = package(app_id, settings.public_url)  # refuses a bad id or URL before any write
    try:
        Path(args.out).write_bytes(built)
    except OSError as exc:
        raise WeaktieError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}: upload it in Teams > Apps > Manage your apps > Upload an app")
    return 0
