"""Personal data sealed at rest: shipping addresses, customs details and payout details are stored encrypted.

One way to do it: `seal` before writing a personal text to the database, `unseal` after reading it. The keys
come from PERSONAL_DATA_KEYS (comma-separated Fernet keys, a secret setting): the first seals, every one of them
unseals, so a key is rotated by putting a new key first, running `daigou personal-data reseal` (which seals
every stored value again with the new key), then removing the old key. `daigou personal-data new-key` prints a
fresh key. The embedded product (`make run`) makes one key on its first start and keeps it in var/.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) tokens are authenticated: a value sealed with a key
no longer listed, or changed in the database, does not unseal, and says so instead of showing garbage.
"""

from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.config import current_settings


class SealingError(Exception):
    """No key is set, or a stored value does not unseal with any key set (removed too soon, or tampered with)."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def _keys() -> MultiFernet:
    keys = current_settings().personal_data_keys
    if keys is None:
        raise SealingError("PERSONAL_DATA_KEYS is not set: personal data cannot be stored or read")
    return MultiFernet([Fernet(key) for key in keys.get_secret_value().split(",")])


def seal(text: str) -> str:
    """The text encrypted with the first key, as ASCII fit for a text column."""
    return _keys().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    return _opened(token, MultiFernet.decrypt)


def reseal(token: str) -> str:
    """The same text sealed with the first key (key rotation); a value already under it comes back renewed."""
    return _opened(token, MultiFernet.rotate)


def _opened(token: str, how: Callable[[MultiFernet, bytes], bytes]) -> str:
    try:
        return how(_keys(), token.encode()).decode()
    except InvalidToken:
        raise SealingError("a stored personal value does not unseal with PERSONAL_DATA_KEYS") from None
