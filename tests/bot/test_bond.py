"""A buyer posts their security bond through the bot, tops it up, and takes it back when nothing needs it."""

import pytest

from core.domain.buyers import BuyerStatus
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.ledger import Payment
from core.services.money import ledger
from core.services.people.users import decide_buyer
from tests import factories
from tests.bot.conftest import Person, World

pytestmark = pytest.mark.usefixtures("quick_typist")


async def bond_of(person: Person) -> int:
    return await ledger.balance(ledger.bond_of((await person.account()).id), "CNY")


async def a_buyer_without_a_bond(world: World, name: str = "Bob", language: str = "en") -> Person:
    bob = world.person(name, language)
    await bob.says("/start")
    await bob.becomes_verified_buyer(bond=None)
    return bob


async def test_a_buyer_posts_a_bond_from_the_sell_menu_and_sees_what_it_lets_them_take_on(world: World) -> None:
    bob = await a_buyer_without_a_bond(world)
    menu = await bob.says("/sell")
    _, (screen,) = await bob.taps(menu, "🛡 My bond")
    assert "You have not posted a bond yet." in screen.content
    assert "Open orders: CN¥0.00 of the CN¥0.00 your bond allows (3× the bond)." in screen.content

    _, (invoice,) = await bob.taps(screen, "➕ CN¥1,000.00")
    assert invoice.invoice is not None
    assert (invoice.invoice["total_amount"], invoice.invoice["currency"]) == (100_000, "CNY")
    assert (await world.driver.pay_invoice(bob.user, invoice)).paid
    assert "Bond of CN¥1,000.00 received. Your bond is now CN¥1,000.00." in (await bob.next()).content

    screen = await bob.says("/bond")
    assert "Held: CN¥1,000.00" in screen.content
    assert "Open orders: CN¥0.00 of the CN¥3,000.00 your bond allows (3× the bond)." in screen.content
    assert await bond_of(bob) == 100_000
    payment = await Payment.get(purpose=PaymentPurpose.BOND)
    assert (payment.payer_id, payment.amount, payment.currency) == ((await bob.account()).id, 100_000, "CNY")


async def test_a_buyer_types_another_amount_and_a_wrong_one_is_explained_in_chinese(world: World) -> None:
    li = await a_buyer_without_a_bond(world, "Li", "zh")
    screen = await li.says("/bond")
    assert "您还没有缴纳保证金" in screen.content

    _, (question,) = await li.taps(screen, "✍️ 其他金额")
    assert "请输入 CNY 金额" in question.content
    assert "保证金以 CNY 缴纳" in (await li.says("500 JPY")).content
    assert "金额必须大于零" in (await li.says("0")).content
    invoice = await li.says("2,500")
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == 250_000

    assert (await world.driver.pay_invoice(li.user, invoice)).paid
    assert "已收到保证金" in (await li.next()).content
    assert await bond_of(li) == 250_000


async def test_a_buyer_suspended_after_the_invoice_is_not_charged(world: World) -> None:
    bob = await a_buyer_without_a_bond(world)
    _, (invoice,) = await bob.taps(await bob.says("/bond"), "➕ CN¥3,000.00")
    await decide_buyer((await bob.account()).id, BuyerStatus.SUSPENDED, "counterfeit reports")

    outcome = await world.driver.pay_invoice(bob.user, invoice)

    assert outcome.status == "declined"
    assert outcome.error_message == "Your buyer account is not verified (status: suspended)."
    assert not await Payment.exists() and await bond_of(bob) == 0


async def test_the_bond_comes_back_only_when_no_order_needs_it_and_a_replayed_button_changes_nothing(
    world: World,
) -> None:
    bob = await a_buyer_without_a_bond(world)
    await ledger.post_bond("bond:bob", (await bob.account()).id, Money(100_000, "CNY"))
    screen = await bob.says("/bond")

    _, (question,) = await bob.taps(screen, "↩️ Take the bond back")
    assert "Take back your whole bond of CN¥1,000.00? It goes to your earnings." in question.content
    assert "You cannot take new orders until you post a bond again." in question.content
    _, (done,) = await bob.taps(question, "↩️ Yes, take it back")
    assert done.content == "Your bond of CN¥1,000.00 is back in your earnings."
    assert await bond_of(bob) == 0

    answer, sent = await bob.taps(question.message_id, data="bd:withdraw_confirmed:0")
    assert answer.show_alert and answer.text == "You have no bond to take back." and sent == []


async def test_a_customer_who_is_not_a_buyer_cannot_open_or_pay_a_bond(world: World) -> None:
    alice = world.person("Alice")
    start = await alice.says("/start")

    assert (await alice.says("/bond")).content == "Only buyers can do this. Apply to become a buyer from the menu."
    answer, sent = await alice.taps(start, data="bd:pay:1000")
    assert answer.show_alert and answer.text == "Only buyers can do this. Apply to become a buyer from the menu."
    assert sent == [] and not await Payment.exists()


async def test_a_buyer_with_an_open_order_is_told_at_once_why_the_bond_stays(world: World) -> None:
    bob = await a_buyer_without_a_bond(world)
    seller = await bob.account()
    await ledger.post_bond("bond:bob", seller.id, Money(10_000_000, "JPY"))
    await factories.order_in(OrderState.DEPOSIT_PAID, seller=seller)
    screen = await bob.says("/bond")

    answer, sent = await bob.taps(screen, "↩️ Take the bond back")

    assert answer.show_alert and sent == []
    assert answer.text == "Your bond still covers your open orders (1). You can take it back once they are finished."
    assert await ledger.balance(ledger.bond_of(seller.id), "JPY") == 10_000_000
