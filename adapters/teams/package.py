"""The Teams app package: manifest.json (with the resource-specific consent that lets channel
messages reach the bot) and the two icons, zipped for sideloading or the admin centre."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from urllib.parse import urlsplit

from bot.service.inbound import BadInput

MANIFEST_VERSION = "1.16"
# The manifest schema's `guid` (schemas/MicrosoftTeams-1.16.schema.json): Teams refuses a
# package whose id or botId is anything else, so we refuse to write one.
GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
HOME_PAGE = "https://github.com/weaktie/weaktie"
COFFEE = (107, 79, 58)  # the accent colour, a coffee brown
RSC = ("ChannelMessage.Read.Group", "ChatMessage.Read.Chat")  # see PLATFORM-NOTES: visibility


def manifest(app_id: str, public_url: str | None, version: str = "1.0.0") -> dict:
    """The app manifest; BadInput (naming the setting, never quoting it) for an app id that is
    not a GUID or a public URL that is not a plain https address."""
    app_id = checked_app_id(app_id)
    site = public_url or HOME_PAGE
    host = public_host(site)
    commands = [{"title": word, "description": text} for word, text in (
        ("help", "What I understand"), ("join", "Take part in coffee rounds"),
        ("pause 2w", "Skip rounds for a while"), ("status", "What I know about you"),
        ("why", "Why I suggested your match"), ("forget me", "Erase everything about you"))]
    return {
        "$schema": "https://developer.microsoft.com/json-schemas/teams/"
                   f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION, "version": version, "id": app_id,
        "developer": {"name": "weaktie", "websiteUrl": site, "privacyUrl": site,
                      "termsOfUseUrl": site},
        "name": {"short": "weaktie", "full": "weaktie: coffees with people you almost know"},
        "description": {
            "short": "Suggests in-person coffees with people you almost know.",
            "full": "weaktie sees who talks with whom in your channels, never what is said, and "
                    "suggests coffees and small meetups that strengthen weak ties: who, why, "
                    "when and where."},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#" + "".join(f"{c:02X}" for c in COFFEE),
        "bots": [{"botId": app_id, "scopes": ["personal", "team", "groupChat"],
                  "isNotificationOnly": False, "supportsFiles": False,
                  "commandLists": [{"scopes": ["personal"], "commands": commands}]}],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
        "webApplicationInfo": {"id": app_id, "resource": "https://RscBasedStoreApp"},
        "authorization": {"permissions": {"resourceSpecific": [
            {"name": name, "type": "Application"} for name in RSC]}},
    }


def checked_app_id(app_id: str) -> str:
    if not isinstance(app_id, str) or not GUID.fullmatch(app_id):
        raise BadInput("the app id (--app-id or MICROSOFT_APP_ID) must be the bot's Microsoft "
                       "app id, a GUID such as 5b1e2a0c-9d3f-4e6a-8b7c-0123456789ab")
    return app_id


def public_host(url: str) -> str:
    """The bare host validDomains lists (no scheme, port or path) for an https URL; weaktie's
    links (calendar files, the manifest's pages) are built under the URL, so it must be a
    plain https address: no user name, query or fragment."""
    wrong = BadInput("WEAKTIE_PUBLIC_URL must be the https:// address weaktie is served at, "
                     "such as https://coffee.example.org")
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises ValueError on a bad port
    except ValueError:
        raise wrong from None
    host = (host or "").strip(".")
    if parts.scheme.lower() != "https" or parts.username is not None \
            or parts.password is not None or parts.query or parts.fragment \
            or not re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*", host):
        raise wrong
    return host


def package(app_id: str, public_url: str | None) -> bytes:
    """The zip Teams accepts: manifest.json, color.png (192 px), outline.png (32 px)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(app_id, public_url), indent=2))
        archive.writestr("color.png", png(192, COFFEE + (255,)))
        archive.writestr("outline.png", png(32, (255, 255, 255, 255), ring=True))
    return out.getvalue()


def png(size: int, rgba: tuple[int, int, int, int], ring: bool = False) -> bytes:
    """A square RGBA PNG: filled, or (outline icon) a white ring on transparency."""
    centre, rows = (size - 1) / 2, []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            distance = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            inside = (size * 0.28 <= distance <= size * 0.42) if ring else True
            row += bytes(rgba if inside else (0, 0, 0, 0))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
