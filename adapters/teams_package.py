"""The Teams app package: manifest.json (with the resource-specific consent that lets channel
messages reach the bot) and the two icons, zipped for sideloading or the admin centre."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from urllib.parse import urlparse

MANIFEST_VERSION = "1.16"
COFFEE = (107, 79, 58)  # the accent colour, a coffee brown
RSC = ("ChannelMessage.Read.Group", "ChatMessage.Read.Chat")  # see PLATFORM-NOTES: visibility


def manifest(app_id: str, public_url: str | None, version: str = "1.0.0") -> dict:
    site = public_url or "https://github.com/weaktie/weaktie"
    host = urlparse(site).hostname or "example.invalid"
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
