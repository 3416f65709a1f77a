"""Source ids as stored: a digest of the natural key an adapter gives an interaction.

A natural key ("slack:C1:1718000000.000100:mention:U2", "teams:19:…;messageid=…") can be longer
than any column once a platform sends long ids (a Teams user id is about 90 characters), and
it may carry what people chose (a channel, a custom emoji's name). The store keeps only its
digest: a fixed 32 hex characters, unique per tenant as before, from which nothing can be read.
The same key always gives the same digest, so replays, retries and re-imports stay idempotent.
"""

from __future__ import annotations

import hashlib

SOURCE_ID_LENGTH = 32  # hex characters: 128 bits of SHA-256


def source_key(natural: str) -> str:
    """The stored source id of a natural key (SHA-256 of its UTF-8, first 128 bits in hex)."""
    raw = natural.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:SOURCE_ID_LENGTH]


def token_digest(token: str) -> str:
    """What the store keeps of a secret token (a dashboard link or session, a calendar connect
    state): all of its SHA-256, so a copy of the database opens nothing."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
