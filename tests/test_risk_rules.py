"""The risk engine's rules, without a database: each signal, its reason for the moderator, and the threshold."""

import pytest

from core.domain import risk
from core.domain.risk import BuyerRecord, PhotoMatch, Reason

COMPARABLES = [10000, 10200, 9800, 10100, 9900]  # median 10000; MAD 100, floored to 5% of the median: 500


def established(**overrides: object) -> BuyerRecord:
    fields: dict[str, object] = {
        "verified": True,
        "days_verified": 400,
        "bond": 50000,
        "rejected_listings": 0,
        "upheld_reports": 0,
        "contact_attempts": 0,
    }
    fields.update(overrides)
    return BuyerRecord(**fields)  # type: ignore[arg-type]


def test_the_closest_reused_photo_is_named_with_its_listing_and_distance() -> None:
    assert risk.photo_reuse([]) is None
    reason = risk.photo_reuse([PhotoMatch(listing_id=7, distance=5), PhotoMatch(listing_id=3, distance=2)])
    assert reason == Reason("photo_reuse", {"distance": 2, "listing_id": 3})


@pytest.mark.parametrize(
    ("price", "fires"),
    [
        (2000, True),
        (7500, False),
        (10000, False),
        (13000, True),
    ],
)
def test_a_price_far_from_the_median_is_an_anomaly(price: int, fires: bool) -> None:
    reason = risk.price_anomaly(price, COMPARABLES)
    assert (reason is not None) is fires
    if reason:
        assert reason.params["median"] == 10000 and reason.params["comparables"] == 5
        assert abs(reason.params["z"]) >= 3.5


def test_the_price_edge_is_the_modified_z_score_of_3_5() -> None:
    # |z| = 3.5 exactly at a distance of 3.5 * 500 / 0.6745 = 2594.51 minor units.
    assert risk.price_anomaly(10000 - 2594, COMPARABLES) is None
    assert risk.price_anomaly(10000 - 2595, COMPARABLES) is not None
    assert risk.price_anomaly(10000 + 2594, COMPARABLES) is None
    assert risk.price_anomaly(10000 + 2595, COMPARABLES) is not None


def test_with_fewer_than_five_comparable_prices_the_price_says_nothing() -> None:
    assert risk.price_anomaly(1, COMPARABLES[:4]) is None
    assert risk.price_anomaly(1, COMPARABLES) is not None


def test_a_watched_brand_is_found_in_the_brand_or_the_title() -> None:
    watched = ["louis vuitton", "rolex"]
    assert risk.watchlist_brand("LOUIS  Vuitton", "Neverfull MM", watched) == Reason(
        "watchlist_brand", {"brand": "louis vuitton"}
    )
    assert risk.watchlist_brand(None, "Rolex Submariner 2023", watched) == Reason("watchlist_brand", {"brand": "rolex"})
    assert risk.watchlist_brand("Porter", "Tanker bag", watched) is None
    assert risk.watchlist_brand(None, "Rolexx-style watch", watched) is None  # whole words only


def test_an_established_buyer_fires_no_buyer_signal() -> None:
    assert risk.buyer_signals(established(), price=50000) == []


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (established(verified=False, days_verified=None), Reason("unverified")),
        (established(days_verified=29), Reason("new_buyer", {"days": 29})),
        (established(bond=49999), Reason("small_bond", {"bond": 49999, "price": 50000})),
        (established(rejected_listings=2), Reason("past_rejections", {"count": 2})),
        (established(upheld_reports=1), Reason("upheld_reports", {"count": 1})),
        (established(contact_attempts=3), Reason("off_platform_contact", {"count": 3})),
    ],
)
def test_each_buyer_signal_fires_on_its_own(record: BuyerRecord, expected: Reason) -> None:
    assert risk.buyer_signals(record, price=50000) == [expected]


def test_a_buyer_verified_30_days_ago_is_no_longer_new() -> None:
    assert risk.buyer_signals(established(days_verified=30), price=1) == []


@pytest.mark.parametrize(("total", "held"), [(49, False), (50, True), (51, True)])
def test_a_listing_at_or_above_the_threshold_is_held(total: int, held: bool) -> None:
    assert risk.should_hold(total, threshold=50) is held


def test_the_score_adds_the_weights_and_the_summary_explains_each_reason() -> None:
    reasons = [
        Reason("photo_reuse", {"distance": 3, "listing_id": 12}),
        Reason("price_anomaly", {"z": -6.2, "median": 128000, "comparables": 9}),
        Reason("new_buyer", {"days": 2}),
        Reason("small_bond", {"bond": 0, "price": 12800}),
    ]
    total = risk.score(reasons)
    assert total == 60 + 50 + 15 + 10
    assert risk.summary(reasons, total, "USD") == (
        "Risk score 135: a photo is a near-duplicate (distance 3) of one in listing #12 by another buyer; "
        "price is an outlier (robust z-score -6.2) against a median of $1,280.00 over 9 similar listings; "
        "the buyer was verified 2 days ago; the buyer's bond ($0.00) is less than the price ($128.00)."
    )
    assert risk.summary([], 0, "JPY") == "Risk score 0: no signals."
    assert risk.summary([Reason("off_platform_contact", {"count": 2})], 25, "JPY") == (
        "Risk score 25: the buyer tried 2 times to pass contact details or payment links in order chats."
    )
