"""HMAC signatures with SECRET_KEY: the session cookie and the CSRF tokens."""

import base64
import hashlib
import hmac


class Signer:
    def __init__(self, secret_key: str) -> None:
        self._key = secret_key.encode()

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign_cookie(self, token: str) -> str:
        return f"{token}.{self._mac('cookie', token)}"

    def unsign_cookie(self, value: str) -> str | None:
        """The token inside a cookie we signed, or None for anything else."""
        token, _, mac = value.rpartition(".")
        return token if token and hmac.compare_digest(mac, self._mac("cookie", token)) else None

    def csrf_token(self, bound_to: str) -> str:
        """The form token for a session (or, before sign-in, for the login page's nonce)."""
        return self._mac("csrf", bound_to)
