"""A buyer's track record as every card shows it: name, verified badge and reputation, read in batches."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from core.domain.reputation import Reputation
from core.models.users import User
from core.services.people.users import verified_among
from core.services.trade.reviews import buyer_reputations


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    id: int
    name: str
    verified: bool
    reputation: Reputation


async def buyer_records(buyer_ids: Iterable[int]) -> dict[int, BuyerRecord]:
    """Each distinct buyer's record from a fixed number of queries: a page of cards often shows several."""
    ids = set(buyer_ids)
    if not ids:
        return {}
    names = dict(cast(list[tuple[int, str]], await User.filter(id__in=ids).values_list("id", "first_name")))
    verified = await verified_among(ids)
    reputations = await buyer_reputations(ids)
    return {
        buyer_id: BuyerRecord(buyer_id, names[buyer_id], buyer_id in verified, reputations[buyer_id])
        for buyer_id in ids
    }


async def buyer_record(buyer_id: int) -> BuyerRecord:
    return (await buyer_records([buyer_id]))[buyer_id]
