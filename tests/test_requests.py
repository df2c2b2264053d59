"""Customers post requests; buyers in those countries answer with offers; one is accepted."""

from datetime import timedelta

import pytest

from core import clock
from core.domain.money import Money
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, InvalidState
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.sourcing.matching import fitting_listings
from core.services.sourcing.purchase_requests import (
    OfferInput,
    accept_offer,
    cancel_request,
    check_fee,
    create_request,
    decline_offer,
    make_offer,
    request_open_to,
    withdraw_offer,
)
from core.services.sourcing.request_cards import (
    offers_on,
    open_requests_for,
    open_requests_of,
    own_open_request,
    pending_offers_of,
)
from tests import factories


def offer(price: int, service: int = 1000, shipping: int = 2000, days: int = 5) -> OfferInput:
    return OfferInput(
        "Shiseido Ultimune serum 75ml",
        Money(price, "JPY"),
        Money(service, "JPY"),
        Money(shipping, "JPY"),
        days,
        "Can buy tomorrow",
    )


async def test_buyers_in_the_country_see_the_request_and_the_customer_compares_offers() -> None:
    shopper = await factories.customer()
    tokyo = await factories.buyer("Bob", countries=("JP",))
    osaka = await factories.buyer("Carol", countries=("JP", "KR"))
    seoul = await factories.buyer("Dan", countries=("KR",))
    request = await create_request(shopper.id, factories.request_input())

    assert [r.id for r in await open_requests_for(tokyo.id)] == [request.id]
    assert await open_requests_for(seoul.id) == []

    expensive = await make_offer(tokyo.id, request.id, offer(18000))
    cheap = await make_offer(osaka.id, request.id, offer(15000))
    assert await open_requests_for(tokyo.id) == []  # already answered
    assert [o.id for o in await offers_on(shopper.id, request.id)] == [cheap.id, expensive.id]

    order = await accept_offer(shopper.id, cheap.id)
    assert order.buyer_id == osaka.id and order.total == 15000 + 1000 + 2000
    await expensive.refresh_from_db()
    assert expensive.status is OfferStatus.DECLINED
    assert (await PurchaseRequest.get(id=request.id)).status is RequestStatus.ACCEPTED
    with pytest.raises(InvalidState):
        await accept_offer(shopper.id, expensive.id)
    assert await Order.all().count() == 1


async def test_only_the_requesting_customer_accepts_and_sees_offers() -> None:
    shopper = await factories.customer()
    stranger = await factories.customer("Mallory")
    seller = await factories.buyer()
    request = await create_request(shopper.id, factories.request_input())
    proposal = await make_offer(seller.id, request.id, offer(15000))
    with pytest.raises(Forbidden):
        await accept_offer(stranger.id, proposal.id)
    with pytest.raises(Forbidden):
        await offers_on(stranger.id, request.id)
    assert await Order.all().count() == 0


async def test_one_offer_per_buyer_and_never_on_your_own_request() -> None:
    seller = await factories.buyer()
    other = await factories.buyer("Carol")
    request = await create_request(seller.id, factories.request_input())
    with pytest.raises(Forbidden):
        await make_offer(seller.id, request.id, offer(15000))
    await make_offer(other.id, request.id, offer(15000))
    with pytest.raises(Conflict):
        await make_offer(other.id, request.id, offer(14000))


@pytest.mark.parametrize(
    "bad",
    [
        offer(0),
        offer(15000, service=-1),
        OfferInput("Shiseido Ultimune serum 75ml", Money(15000, "JPY"), Money(0, "USD"), Money(0, "JPY"), 5),
        offer(15000, days=0),
        offer(15000, days=365),
        OfferInput(
            "Shiseido Ultimune serum 75ml", Money(15000, "JPY"), Money(0, "JPY"), Money(0, "JPY"), 5, "n" * 1001
        ),
    ],
)
async def test_bad_offers_are_refused(bad: OfferInput) -> None:
    shopper = await factories.customer()
    seller = await factories.buyer()
    request = await create_request(shopper.id, factories.request_input())
    with pytest.raises(InvalidInput):
        await make_offer(seller.id, request.id, bad)
    assert await offers_on(shopper.id, request.id) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"text": ""},
        {"text": "t" * 2001},
        {"quantity": 0},
        {"quantity": 100},
        {"budget": Money(-100, "JPY")},
        {"deadline": clock.now() - timedelta(minutes=1)},
        {"deadline": clock.now() + timedelta(days=400)},
        {"link": "javascript:alert(1)"},
        {"photo_file_ids": [str(i) for i in range(11)]},
        {"country": "Atlantis"},
    ],
)
async def test_bad_requests_are_refused_and_nothing_is_saved(bad: dict[str, object]) -> None:
    shopper = await factories.customer()
    with pytest.raises(InvalidInput):
        await create_request(shopper.id, factories.request_input(**bad))
    assert await PurchaseRequest.all().count() == 0


async def test_cancelled_requests_take_no_offers_and_withdrawn_offers_cannot_be_accepted() -> None:
    shopper = await factories.customer()
    seller = await factories.buyer()
    request = await create_request(shopper.id, factories.request_input(link="https://www.shiseido.co.jp/x"))
    proposal = await make_offer(seller.id, request.id, offer(15000))
    await withdraw_offer(seller.id, proposal.id)
    with pytest.raises(InvalidState):
        await accept_offer(shopper.id, proposal.id)
    await cancel_request(shopper.id, request.id)
    late = await factories.buyer("Carol")
    with pytest.raises(InvalidState):
        await make_offer(late.id, request.id, offer(15000))
    assert await Order.all().count() == 0


async def test_a_buyer_learns_before_the_offer_wizard_whether_a_request_takes_their_offer() -> None:
    shopper = await factories.customer()
    seller = await factories.buyer()
    request = await create_request(shopper.id, factories.request_input())
    assert (await request_open_to(seller.id, request.id)).id == request.id
    with pytest.raises(Forbidden):
        await request_open_to(shopper.id, request.id)  # not a buyer
    await make_offer(seller.id, request.id, offer(15000))
    with pytest.raises(Conflict):
        await request_open_to(seller.id, request.id)
    await cancel_request(shopper.id, request.id)
    with pytest.raises(InvalidState):
        await request_open_to((await factories.buyer("Carol")).id, request.id)


def test_fees_are_in_the_item_price_currency_and_never_negative() -> None:
    assert check_fee(Money(0, "JPY"), "JPY") == Money(0, "JPY")
    with pytest.raises(InvalidInput):
        check_fee(Money(500, "USD"), "JPY")
    with pytest.raises(InvalidInput):
        check_fee(Money(-1, "JPY"), "JPY")


async def test_customers_see_their_open_requests_with_pending_offer_counts() -> None:
    shopper = await factories.customer()
    sellers = [await factories.buyer(name) for name in ("Bob", "Carol", "Dan")]
    busy, quiet, closed = [await create_request(shopper.id, factories.request_input()) for _ in range(3)]
    for seller in sellers:
        await make_offer(seller.id, busy.id, offer(15000))
    await withdraw_offer(sellers[0].id, (await offers_on(shopper.id, busy.id))[0].id)
    await cancel_request(shopper.id, closed.id)

    summaries = await open_requests_of(shopper.id)
    assert [(s.request.id, s.offer_count) for s in summaries] == [(quiet.id, 0), (busy.id, 2)]
    assert await open_requests_of(sellers[0].id) == []
    assert (await own_open_request(shopper.id, busy.id)).id == busy.id
    with pytest.raises(Forbidden):
        await own_open_request(sellers[0].id, busy.id)
    with pytest.raises(InvalidState):
        await own_open_request(shopper.id, closed.id)


async def test_buyers_see_their_pending_offers_and_each_is_told_how_theirs_ended() -> None:
    shopper = await factories.customer()
    bob, carol = await factories.buyer("Bob"), await factories.buyer("Carol")
    request = await create_request(shopper.id, factories.request_input())
    chosen = await make_offer(bob.id, request.id, offer(15000))
    await make_offer(carol.id, request.id, offer(16000))
    assert [o.request.id for o in await pending_offers_of(carol.id)] == [request.id]

    await accept_offer(shopper.id, chosen.id)
    assert await pending_offers_of(carol.id) == [] and await pending_offers_of(bob.id) == []
    told = await Notification.filter(key__startswith="offer.").order_by("id").values_list("user_id", "key")
    assert told == [
        (shopper.id, "offer.new"),
        (shopper.id, "offer.new"),
        (bob.id, "offer.accepted"),
        (carol.id, "offer.declined"),
    ]


async def test_listings_that_fit_a_request_share_its_words_country_and_category() -> None:
    seller = await factories.buyer()
    fits = await factories.listing(seller, title="Shiseido Ultimune serum 75ml", category="beauty")
    await factories.listing(seller, title="Shiseido Ultimune serum 75ml", category="beauty", country="KR")
    await factories.listing(seller, title="Porter Tanker bag")
    shopper = await factories.customer()
    request = await create_request(shopper.id, factories.request_input(text="Shiseido serum, ultimune!"))
    assert [listing.id for listing in await fitting_listings(request)] == [fits.id]


async def test_an_order_from_an_offer_is_titled_by_the_item_the_buyer_named_or_for_older_offers_by_the_request() -> (
    None
):
    shopper = await factories.customer()
    bob, carol = await factories.buyer("Bob"), await factories.buyer("Carol")
    named = await create_request(shopper.id, factories.request_input())
    older = await create_request(shopper.id, factories.request_input(text="Porter Tanker bag, black, medium"))
    terms = offer(15000)
    order = await accept_offer(shopper.id, (await make_offer(bob.id, named.id, terms)).id)
    assert order.title == "Shiseido Ultimune serum 75ml"

    made_before_names = await make_offer(carol.id, older.id, terms)
    await Offer.filter(id=made_before_names.id).update(item_name="")  # as migration 0020 left older offers
    assert [card.item_name for card in await offers_on(shopper.id, older.id)] == ["Porter Tanker bag, black, medium"]
    assert (await accept_offer(shopper.id, made_before_names.id)).title == "Porter Tanker bag, black, medium"


@pytest.mark.parametrize("item_name", ["", "   ", "🧴✨", "…!?", "x" * 121])
async def test_an_offer_must_name_its_item_in_words_and_briefly(item_name: str) -> None:
    shopper, bob = await factories.customer(), await factories.buyer("Bob")
    request = await create_request(shopper.id, factories.request_input())
    terms = OfferInput(item_name, Money(15000, "JPY"), Money(0, "JPY"), Money(0, "JPY"), 5)
    with pytest.raises(InvalidInput) as refused:
        await make_offer(bob.id, request.id, terms)
    assert refused.value.code in ("text.empty", "text.no_words", "text.too_long")
    assert not await Offer.exists()


@pytest.mark.parametrize("text", ["😍😍😍", "🧴 ✨ !!!", "……"])
async def test_a_request_of_emoji_or_symbols_only_is_refused(text: str) -> None:
    shopper = await factories.customer()
    with pytest.raises(InvalidInput) as refused:
        await create_request(shopper.id, factories.request_input(text=text))
    assert refused.value.code == "text.no_words" and not await PurchaseRequest.exists()


async def test_declining_one_offer_leaves_the_request_open_and_the_others_pending() -> None:
    shopper = await factories.customer()
    bob, carol = await factories.buyer("Bob"), await factories.buyer("Carol")
    request = await create_request(shopper.id, factories.request_input())
    declined = await make_offer(bob.id, request.id, offer(18000))
    kept = await make_offer(carol.id, request.id, offer(15000))

    assert await decline_offer(shopper.id, declined.id) == request.id

    assert [card.id for card in await offers_on(shopper.id, request.id)] == [kept.id]
    assert (await PurchaseRequest.get(id=request.id)).status is RequestStatus.OPEN
    assert await Notification.filter(user_id=bob.id, key="offer.declined_by_customer").count() == 1
    for refused_call, code in (
        (decline_offer(shopper.id, declined.id), "offer.not_pending"),
        (accept_offer(shopper.id, declined.id), "offer.not_pending"),
        (decline_offer(carol.id, kept.id), "request.not_yours"),
    ):
        with pytest.raises(DomainError) as refused:
            await refused_call
        assert refused.value.code == code
    assert (await PurchaseRequest.get(id=request.id)).status is RequestStatus.OPEN and not await Order.exists()
