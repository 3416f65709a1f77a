"""Secrets at rest: bot tokens are sealed with a key derived from WEAKTIE_SECRET_KEY."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import WeaktieError


class SecretBox:
    """Authenticated encryption (Fernet: AES-128-CBC with HMAC-SHA256) for short secrets."""

    def __init__(self, secret_key: str) -> None:
        if len(secret_key) < 16:
            raise WeaktieError("WEAKTIE_SECRET_KEY must be at least 16 characters")
        digest = hashlib.sha256(f"weaktie-tokens:{secret_key}".encode()).digest()
        self.fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plain: str) -> str:
        return self.fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self.fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise WeaktieError("a stored token cannot be decrypted: was WEAKTIE_SECRET_KEY "
                               "changed? Reinstall the app in that workspace") from None
