"""`/start` payloads: referral links and shared listing cards (t.me/<bot>?start=<payload>).

Telegram allows 1-64 characters of `A-Z a-z 0-9 _ -`, so a payload is `r-<code>` for a
referral, or `l-<listing id>` with an optional `-<code>` naming whoever shared the card.
"""

import re
from dataclasses import dataclass

_PAYLOAD = re.compile(r"^(?:r-(?P<ref>[a-z0-9]{4,16})|l-(?P<listing>\d{1,12})(?:-(?P<by>[a-z0-9]{4,16}))?)$")


@dataclass(frozen=True, slots=True)
class StartPayload:
    referral_code: str | None = None
    listing_id: int | None = None


def parse_start_payload(payload: str | None) -> StartPayload:
    """Read a payload; anything unknown or forged reads as no payload at all."""
    match = _PAYLOAD.match(payload or "")
    if not match:
        return StartPayload()
    listing = match["listing"]
    return StartPayload(referral_code=match["ref"] or match["by"], listing_id=int(listing) if listing else None)


def referral_link(bot_username: str, referral_code: str) -> str:
    return f"https://t.me/{bot_username}?start=r-{referral_code}"


def listing_link(bot_username: str, listing_id: int, shared_by: str | None = None) -> str:
    suffix = f"-{shared_by}" if shared_by else ""
    return f"https://t.me/{bot_username}?start=l-{listing_id}{suffix}"
