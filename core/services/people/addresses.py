"""A customer's address book: saved shipping addresses, sealed at rest, deleted for good when the customer says so.

One sealed blob per address (the whole `Address` as JSON), not one per field: the fields are always read and
written together and never searched, so one token is one decryption, one column for `reseal` to rotate, and the
stored length says nothing about any single field. Only the country stays in the clear: customs rules and a
request's destination need it, and it names no one. Saved addresses are not on a retention clock: their owner
keeps or deletes them; an order keeps its own copy (core/services/trade/order_addresses.py).
"""

from dataclasses import dataclass

from core.domain.addresses import Address
from core.errors import InvalidInput, NotFound
from core.models.addresses import SavedAddress
from core.sealing import seal, unseal

MAX_SAVED = 10


@dataclass(frozen=True, slots=True)
class SavedAddressView:
    """One saved address, for its owner only."""

    id: int
    address: Address


def unsealed_address(sealed: str) -> Address:
    """An address as a saved one or an order's copy holds it, sealed."""
    return Address.from_json(unseal(sealed))


async def save_address(user_id: int, address: Address) -> SavedAddressView:
    if await SavedAddress.filter(user_id=user_id).count() >= MAX_SAVED:
        raise InvalidInput("address.too_many", max=MAX_SAVED)
    row = await SavedAddress.create(user_id=user_id, country=address.country, sealed=seal(address.to_json()))
    return SavedAddressView(row.id, address)


async def saved_addresses(user_id: int) -> tuple[SavedAddressView, ...]:
    """The customer's saved addresses, newest first."""
    rows = await SavedAddress.filter(user_id=user_id).order_by("-id")
    return tuple(SavedAddressView(row.id, unsealed_address(row.sealed)) for row in rows)


async def sealed_address(user_id: int, address_id: int) -> str:
    """The sealed text of one of this customer's addresses (to copy onto an order); anyone else's is not found."""
    row = await SavedAddress.get_or_none(id=address_id, user_id=user_id)
    if row is None:
        raise NotFound("address.not_found")
    return row.sealed


async def delete_address(user_id: int, address_id: int) -> None:
    """Gone from the database; orders keep their own copies until their retention ends."""
    if not await SavedAddress.filter(id=address_id, user_id=user_id).delete():
        raise NotFound("address.not_found")


async def home_country(user_id: int) -> str | None:
    """Where the customer's newest saved address is: a request's destination unless they say otherwise."""
    row = await SavedAddress.filter(user_id=user_id).order_by("-id").first()
    return row.country if row else None
