"""`make run`'s demo: a first start fills an empty database with people to play; later starts add nothing."""

import itertools

from core.domain.audit import AuditAction
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.moderators import ModeratorRole
from core.domain.payouts import PayoutKind
from core.domain.purchase_requests import RequestStatus
from core.models.listings import Listing, ListingPhoto
from core.models.moderators import Moderator
from core.models.purchase_requests import PurchaseRequest
from core.models.users import BuyerProfile, User
from core.services.money import ledger
from core.services.money.payouts import earnings_history
from core.services.oversight import moderation_queues
from core.services.oversight.dashboard import dashboard
from core.services.oversight.moderators import authenticate
from core.services.oversight.payouts import payout_queue
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


async def test_a_first_start_shows_a_buyer_earnings_from_a_completed_order_with_the_fee_as_an_amount() -> None:
    await seed_demo_data(Sandbox().driver(token()))

    yuki = await User.get(username="yuki_tokyo")
    (release,) = (await earnings_history(yuki.id)).items

    assert release.price is not None and release.fee is not None
    assert release.received.amount == release.price.amount - release.fee.amount > 0
