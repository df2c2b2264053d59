"""`make run`'s demo: a first start fills an empty database with people to play; later starts add nothing."""

import itertools

from core.domain.addresses import ShipToShown
from core.domain.audit import AuditAction
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.moderators import ModeratorRole
from core.domain.order_machine import OrderState
from core.domain.payouts import PayoutKind
from core.domain.purchase_requests import RequestStatus
from core.models.listings import Listing, ListingPhoto
from core.models.moderators import Moderator
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.purchase_requests import PurchaseRequest
from core.models.users import BuyerProfile, User
from core.services.money import ledger
from core.services.money.rates import conversion_into
from core.services.oversight import moderation_queues
from core.services.oversight.dashboard import dashboard
from core.services.oversight.moderators import authenticate
from core.services.oversight.payouts import payout_queue
from core.services.people import addresses
from core.services.trade.order_cards import order_card
from embedded.demo_data import RATES, seed_demo_data
from embedded.product import restore_people
from sandbox import Sandbox
from tests import factories

_tokens = itertools.count(1)


def token() -> str:
    return f"{9100 + next(_tokens)}:DemoToken"


async def test_a_first_start_brings_buyers_abroad_listings_with_photos_requests_and_a_moderator() -> None:
    driver = Sandbox().driver(token())

    login = await seed_demo_data(driver)

    assert login is not None and login.username == "demo-admin"
    moderator = await authenticate(login.username, login.password, "127.0.0.1")
    assert moderator.role is ModeratorRole.ADMIN
    buyers = await BuyerProfile.filter(status=BuyerStatus.VERIFIED)
    assert {"JP", "KR", "FR", "US"} <= {country for buyer in buyers for country in buyer.countries}
    for buyer in buyers:
        if await Listing.exists(buyer_id=buyer.user_id):  # one stopped selling and took her bond back
            assert await ledger.balances(ledger.bond_of(buyer.user_id)), "every demo buyer selling has a bond"
    listings = await Listing.filter(status=ListingStatus.ACTIVE)
    assert len(listings) >= 6 and {listing.currency for listing in listings} >= {"JPY", "KRW", "EUR", "USD"}
    for photo in await ListingPhoto.all():
        stored = driver.bot.files.get(photo.file_id)
        assert stored is not None and stored.data.startswith(b"\xff\xd8"), "a JPEG the bot can send by file_id"
    assert await PurchaseRequest.filter(status=RequestStatus.OPEN).count() >= 2
    # Everyone seeded has started the bot, so it may write to them first (a new order, a payment).
    people = await User.all()
    assert {person.language for person in people} == {"en", "zh"}
    assert all(driver.bot.chat(driver.user(person.telegram_id)).started for person in people)


async def test_a_second_start_adds_nothing_and_brings_the_people_back_into_a_fresh_sandbox() -> None:
    await seed_demo_data(Sandbox().driver(token()))
    counts = [await model.all().count() for model in (User, Listing, PurchaseRequest, Moderator)]

    restarted = Sandbox().driver(token())
    again = await seed_demo_data(restarted)
    await restore_people(restarted)

    assert again is None
    assert [await model.all().count() for model in (User, Listing, PurchaseRequest, Moderator)] == counts
    yuki = await User.get(username="yuki_tokyo")
    assert restarted.user(yuki.telegram_id).first_name == "Yuki"
    assert restarted.bot.chat(restarted.user(yuki.telegram_id)).started
    assert len(restarted.sandbox.users) == counts[0]
    newcomer = restarted.create_user("Newcomer")
    assert newcomer.id not in {user.telegram_id for user in await User.all()}


async def test_a_database_with_people_in_it_gets_no_demo() -> None:
    await factories.customer("Real person")

    assert await seed_demo_data(Sandbox().driver(token())) is None
    assert await User.all().count() == 1 and not await Moderator.exists()


async def test_a_first_start_gives_a_new_moderator_a_case_in_every_queue() -> None:
    await seed_demo_data(Sandbox().driver(token()))

    figures = await dashboard()
    held = (await moderation_queues.flagged_listings()).items
    assert [listing.brand for listing in held] == ["Louis Vuitton"]
    assert held[0].risk_summary and "watchlist" in held[0].risk_summary
    assert len((await moderation_queues.open_reports()).items) == figures.open_reports == 1
    assert len((await moderation_queues.buyer_applications()).items) == figures.buyer_applications == 1
    assert len((await moderation_queues.open_disputes()).items) == figures.open_disputes == 1
    waiting = (await payout_queue()).items
    assert [(item.payout.kind, item.user.first_name) for item in waiting] == [
        (PayoutKind.EARNINGS, "Mei"),
        (PayoutKind.REFUND, "张伟"),
    ]
    assert figures.payouts_waiting == 2
    # The rates the demo admin set are in the audit log like any other moderator's.
    assert len((await moderation_queues.audit_log(action=AuditAction.RATE_SET.value)).items) == len(RATES)


async def test_a_first_start_has_a_customer_whose_chat_shows_a_receipt_and_its_proof_code_before_the_balance() -> None:
    await seed_demo_data(Sandbox().driver(token()))

    anna = await User.get(username="anna_demo")
    [order] = await Order.filter(customer_id=anna.id, state=OrderState.AWAITING_BALANCE)
    assert order.receipt_file_id
    proofs = await Notification.filter(user_id=anna.id, key="order.receipt_proof")
    [proof] = [notice for notice in proofs if notice.params["id"] == order.id]
    assert proof.params["photo"] == order.receipt_file_id and proof.params["proof_code"] == order.proof_code


async def test_a_first_start_shows_saved_addresses_and_an_order_whose_buyer_sees_where_to_ship_it() -> None:
    await seed_demo_data(Sandbox().driver(token()))

    anna, zhang = await User.get(username="anna_demo"), await User.get(username="zhang_wei_demo")
    assert [saved.address.city for saved in await addresses.saved_addresses(anna.id)] == ["London"]
    (home,) = await addresses.saved_addresses(zhang.id)
    assert home.address.customs == {"cn_id_number": "11010519491231002X"}
    paid = await Order.get(customer_id=zhang.id, state=OrderState.BALANCE_PAID)
    card = await order_card(paid.id, paid.buyer_id, await conversion_into("CNY"))
    assert card.ship_to.shown is ShipToShown.ADDRESS and card.ship_to.address == home.address
