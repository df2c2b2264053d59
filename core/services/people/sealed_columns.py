"""Every column that holds personal data sealed with core/sealing.py, and sealing them all again (key rotation).

A new sealed column is one line in SEALED_COLUMNS: `daigou personal-data reseal` then rotates it with the rest.
"""

from tortoise.models import Model
from tortoise.transactions import in_transaction

from core.models.addresses import SavedAddress
from core.models.orders import Order
from core.models.payouts import Payout, PayoutMethod
from core.sealing import reseal

SEALED_COLUMNS: tuple[tuple[type[Model], str], ...] = (
    (SavedAddress, "sealed"),
    (Order, "ship_to"),
    (PayoutMethod, "details"),
    (Payout, "details"),
)
_BATCH = 500


async def reseal_all() -> int:
    """Seal every stored value again with the first key of PERSONAL_DATA_KEYS; returns how many were sealed.

    Batch by batch in id order, each batch its own transaction, so a long rotation holds no lock for long and can
    be run again after an interruption (a value under the first key already is simply renewed).
    """
    count = 0
    for model, column in SEALED_COLUMNS:
        after = 0
        while (
            rows := await model.filter(id__gt=after)
            .exclude(**{column: ""})
            .order_by("id")
            .limit(_BATCH)
            .values_list("id", column)
        ):
            async with in_transaction():
                for row_id, token in rows:
                    await model.filter(id=row_id, **{column: token}).update(**{column: reseal(token)})
            count += len(rows)
            after = rows[-1][0]
    return count
