"""The embedded default: the whole product on one machine with no Telegram account."""
