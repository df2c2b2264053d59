"""Reputation: confidence-aware, so a single five-star review does not beat a long record."""

from core.domain.reputation import PRIOR_MEAN, Reputation, bayesian_rating, reputation


def test_a_new_buyer_sits_at_the_prior() -> None:
    assert bayesian_rating([]) == PRIOR_MEAN


def test_one_perfect_review_ranks_below_a_long_excellent_record() -> None:
    assert bayesian_rating([5]) < bayesian_rating([5, 5, 4, 5] * 10)


def test_many_bad_reviews_sink_further_than_one() -> None:
    assert bayesian_rating([1] * 20) < bayesian_rating([1]) < PRIOR_MEAN


def test_rates_are_unknown_rather_than_zero_without_data() -> None:
    rep = reputation([], completed_orders=0, shipped_orders=0, shipped_on_time=0, closed_orders=0, disputed_orders=0)
    assert rep.on_time_rate is None and rep.dispute_rate is None


def test_rates_count_verified_orders() -> None:
    rep = reputation(
        [5, 4], completed_orders=8, shipped_orders=10, shipped_on_time=9, closed_orders=10, disputed_orders=1
    )
    assert rep.on_time_rate == 0.9
    assert rep.dispute_rate == 0.1
    assert rep.review_count == 2


def test_cards_show_the_plain_average_while_ranking_keeps_the_cautious_score() -> None:
    def rep(stars: list[int]) -> Reputation:
        return reputation(
            stars, completed_orders=0, shipped_orders=0, shipped_on_time=0, closed_orders=0, disputed_orders=0
        )

    assert rep([]).average_stars is None and rep([]).review_count == 0  # "new", not a made-up 3.5
    one = rep([5])
    assert (one.average_stars, one.review_count) == (5.0, 1)
    assert one.rating < 4  # one review alone does not rank a buyer high
    assert rep([5, 4, 4]).average_stars == 4.33
