"""The one source of "now" for domain rules, so tests can move time (patch `core.clock.now`)."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
