"""Bond against exposure: what a buyer may owe customers is capped by the bond they posted.

A buyer's exposure is what customers have paid, or are to pay, into escrow on the buyer's open orders:
their totals, so an order counts from the moment it is created, not only once its deposit arrives (else
a buyer could take any number of orders before the first payment). It may not exceed the configured
multiple of the bond; a multiple of 0 turns the limit off.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from core.domain.money import Money


@dataclass(frozen=True, slots=True)
class Exposure:
    """A buyer's open exposure and bond, both in one currency."""

    open_orders: Money
    bond: Money
    multiple: Decimal

    @property
    def limited(self) -> bool:
        return self.multiple > 0

    @property
    def limit(self) -> Money:
        allowed = (self.bond.amount * self.multiple).to_integral_value(rounding=ROUND_FLOOR)
        return Money(int(allowed), self.bond.currency)

    @property
    def full(self) -> bool:
        """No new order fits: the open orders reach the limit."""
        return self.limited and self.open_orders.amount >= self.limit.amount

    def allows(self, extra: Money) -> bool:
        """Whether the buyer may take on `extra` more: the limit itself is still allowed."""
        return not self.limited or (self.open_orders + extra).amount <= self.limit.amount

    def bond_needed(self, extra: Money) -> Money:
        """The smallest bond that would allow `extra` on top of the open orders."""
        needed = (Decimal((self.open_orders + extra).amount) / self.multiple).to_integral_value(rounding=ROUND_CEILING)
        return Money(int(needed), self.bond.currency)
