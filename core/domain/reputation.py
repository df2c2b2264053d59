"""Buyer reputation from verified orders only.

The rating is a Bayesian average of stars, not a raw mean: every buyer starts with
PRIOR_WEIGHT imaginary reviews at PRIOR_MEAN stars, and real reviews pull the score away
from it. One five-star review therefore ranks below forty reviews averaging 4.8, which is
what a customer choosing between buyers expects. We chose it over the Wilson lower bound
because stars are a 1-5 scale; Wilson needs them folded into good/bad and loses the
difference between a 4 and a 5.

That score is for ranking only. People are shown the plain average and the number of
reviews it comes from (a buyer without reviews is "new"): a made-up 3.5 for nobody's
opinion, or 3.8 for a single five-star review, would be a number no customer gave.
"""

from collections.abc import Sequence
from dataclasses import dataclass

PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5


def bayesian_rating(stars: Sequence[int]) -> float:
    return (PRIOR_MEAN * PRIOR_WEIGHT + sum(stars)) / (PRIOR_WEIGHT + len(stars))


def average_stars(stars: Sequence[int]) -> float | None:
    """The plain mean that cards show, or None before the first review (shown as "new")."""
    return round(sum(stars) / len(stars), 2) if stars else None


def rate(part: int, whole: int) -> float | None:
    """A share, or None when there is nothing to measure yet (shown as "no data", not 0%)."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Reputation:
    rating: float  # the confidence-aware score: for ranking, never shown
    average_stars: float | None  # what cards show, with the count
    review_count: int
    completed_orders: int
    on_time_rate: float | None
    dispute_rate: float | None


def reputation(
    stars: Sequence[int],
    completed_orders: int,
    shipped_orders: int,
    shipped_on_time: int,
    closed_orders: int,
    disputed_orders: int,
    missed_deadlines: int = 0,
) -> Reputation:
    """`closed_orders` are those that reached a final state; disputes are counted among them.

    The on-time rate is over every order the buyer had to deliver: shipped ones, and those
    refunded because the buyer let the purchase-by or ship-by deadline pass.
    """
    return Reputation(
        rating=round(bayesian_rating(stars), 2),
        average_stars=average_stars(stars),
        review_count=len(stars),
        completed_orders=completed_orders,
        on_time_rate=rate(shipped_on_time, shipped_orders + missed_deadlines),
        dispute_rate=rate(disputed_orders, closed_orders),
    )
