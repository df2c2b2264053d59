"""What a chat shows of requests and offers: frozen cards read in core, in a fixed number of queries."""

from core.domain.money import Money
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.services.sourcing.purchase_requests import OfferInput, create_request, make_offer
from core.services.sourcing.request_cards import (
    choose_offer,
    offers_on,
    open_requests_for,
    pending_offers_of,
    post_request,
)
from core.services.trade.orders import Price
from tests import factories
from tests.query_counts import counted_queries


def terms(price: int, days: int = 5, note: str = "") -> OfferInput:
    return OfferInput(
        "Shiseido Ultimune serum 75ml", Money(price, "JPY"), Money(500, "JPY"), Money(1000, "JPY"), days, note
    )


async def test_the_customer_compares_offers_with_each_buyers_record_cheapest_first() -> None:
    shopper = await factories.customer()
    bob, carol = await factories.buyer("Bob"), await factories.buyer("Carol")
    request = await create_request(shopper.id, factories.request_input(quantity=2))
    await make_offer(bob.id, request.id, terms(9000, note="From the Ginza store"))
    cheaper = await make_offer(carol.id, request.id, terms(8000, days=7))

    first, second = await offers_on(shopper.id, request.id)

    assert (first.id, first.request_id, first.buyer.name) == (cheaper.id, request.id, "Carol")
    assert first.buyer.verified
    assert first.price == Price(Money(8000, "JPY"), 2, Money(500, "JPY"), Money(1000, "JPY"))
    assert (first.days_to_ship, first.note, first.status) == (7, "", OfferStatus.PENDING)
    assert first.expires_at == cheaper.expires_at
    assert (second.buyer.name, second.price.total, second.note) == ("Bob", Money(19500, "JPY"), "From the Ginza store")


async def test_offers_on_a_request_take_as_many_queries_from_many_buyers_as_from_one() -> None:
    shopper = await factories.customer()
    request = await create_request(shopper.id, factories.request_input())
    await make_offer((await factories.buyer("Bob")).id, request.id, terms(9000))
    with counted_queries() as one:
        assert len(await offers_on(shopper.id, request.id)) == 1
    for name in ("Carol", "Dan", "Erin"):
        await make_offer((await factories.buyer(name)).id, request.id, terms(9500))
    with counted_queries() as many:
        assert len(await offers_on(shopper.id, request.id)) == 4
    assert 0 < len(many) == len(one)


async def test_the_feed_and_the_buyers_own_offers_show_the_request_as_it_was_posted() -> None:
    shopper = await factories.customer()
    bob = await factories.buyer("Bob")
    wanted = factories.request_input(photo_file_ids=["photo-1"], link="https://example.com/serum")
    posted = await post_request(shopper.id, wanted)

    (card,) = await open_requests_for(bob.id)
    assert card == posted.request
    assert (card.status, card.wanted.text) == (RequestStatus.OPEN, wanted.text)
    assert card.wanted.photo_file_ids == ("photo-1",)
    assert (card.wanted.budget, card.wanted.link, card.wanted.deadline) == (wanted.budget, wanted.link, wanted.deadline)
    assert posted.fitting_listing_ids == ()

    offer = await make_offer(bob.id, card.id, terms(9000))
    (pending,) = await pending_offers_of(bob.id)
    assert (pending.id, pending.request, pending.price.total, pending.days_to_ship) == (
        offer.id,
        card,
        Money(10500, "JPY"),
        5,
    )


async def test_choosing_an_offer_says_which_order_it_made_and_whose_offer_it_was() -> None:
    shopper = await factories.customer()
    bob = await factories.buyer("Bob")
    request = await create_request(shopper.id, factories.request_input())
    offer = await make_offer(bob.id, request.id, terms(9000))

    chosen = await choose_offer(shopper.id, offer.id)

    assert (chosen.total, chosen.buyer_name) == (Money(10500, "JPY"), "Bob")
    assert chosen.order_id > 0
