"""Orders as both sides live them in the chat: each step's buttons, the news the other side gets, the money."""

import pytest

from bot.callbacks import PromisedStep
from core.domain.order_machine import Action, OrderState
from core.models.ledger import Payment
from core.models.listings import Listing
from core.models.orders import Order
from core.models.reviews import Review
from core.services.money import ledger
from core.services.trade import orders
from tests import factories
from tests.bot.conftest import Person, World, notices_sent
from tests.bot.order_stories import actions_on, data_of, open_card, order_data, pair, shop

NOT_YOURS = "That step is not yours to take."
NOT_NOW = "That step is not possible for this order right now."


def messages_saying(person: Person, text: str) -> int:
    return sum(text in message.content for message in person.driver.messages(person.user))


@pytest.mark.usefixtures("quick_typist")
async def test_a_whole_order_from_a_listing_to_a_review(world: World) -> None:
    bob, seller, bag = await shop(world)
    alice = world.person("Alice")
    alice.driver.mark_read(alice.user)
    await alice.driver.send_text(alice.user, f"/start l-{bag.id}")
    await alice.next()  # the welcome
    bob.driver.mark_read(bob.user)
    _, (_, deposit_invoice) = await alice.taps(await alice.next(), "🛒 Buy")
    order = await Order.get(customer__telegram_id=alice.user.id)
    await bob.next()  # the new order

    listing = await alice.says("/orders")
    assert f"#{order.id} · 🛒 buying · Porter Tanker · ¥12,800 · ⏳ Awaiting the deposit" in listing.content
    card = await alice.presses(listing, f"#{order.id} · Porter Tanker")
    assert card.button_texts() == ["💳 Pay deposit", "✖️ Cancel", "💬 Message the buyer", "📍 Give address"]
    assert "Deposit ¥3,840 · balance ¥8,960" in card.content and "Buyer: 👤 Bob · ✅ verified" in card.content
    card = await open_card(bob, order.id)
    assert card.button_texts() == ["✖️ Cancel", "💬 Message the customer"] and "Customer: Alice" in card.content

    # The deposit; the same successful payment delivered again is recorded and announced once.
    paid = await world.driver.pay_invoice(alice.user, deposit_invoice)
    assert paid.paid and paid.message is not None and paid.message.update_id is not None
    assert "Payment of ¥3,840 received" in (await alice.next()).content
    assert f"The deposit for order #{order.id} (Porter Tanker) is paid" in (await bob.next()).content
    await world.driver.redeliver(paid.message.update_id)
    card = await open_card(alice, order.id)
    assert card.button_texts() == ["✖️ Cancel", "⚠️ Open dispute", "💬 Message the buyer", "📍 Give address"]
    assert "The buyer buys the item by" in card.content
    assert await Payment.filter(order_id=order.id).count() == 1 and messages_saying(alice, "Payment of") == 1
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 3840

    # The receipt: a photo, not words; the customer sees it, with the code Bob wrote in it, right before the
    # balance invoice.
    card = await open_card(bob, order.id)
    assert card.button_texts() == ["🧾 Upload receipt", "✖️ Cancel", "💬 Message the customer"]
    _, (question,) = await bob.taps(card, "🧾 Upload receipt")
    assert f"purchase receipt for order #{order.id}" in question.content
    assert (await bob.says("I bought it, trust me")).content == "Please send the receipt as a photo, or /cancel."
    alice.driver.mark_read(alice.user)
    receipt = await world.driver.send_photo(bob.user)
    assert f"Receipt saved for order #{order.id}" in (await bob.next()).content
    # nothing for Bob to do until the balance is paid, but talk to Alice
    assert (await bob.next()).button_texts() == ["💬 Message the customer"]
    news = await alice.next()
    assert news.photo[-1]["file_id"] == receipt.photo[-1]["file_id"]  # the very photo Bob took
    assert news.content.startswith(
        f"🧾 Receipt for order #{order.id} · proof code {order.proof_code} · Porter Tanker × 1\n"
    )
    assert "Please pay the balance of ¥8,960 with the invoice below." in news.content
    assert "If the code is not in the photo or the receipt does not match the order, open a dispute" in news.content
    assert news.button_texts() == [f"📦 Open order #{order.id}", "⚠️ Open dispute"]
    balance_invoice = await alice.next()
    assert balance_invoice.invoice is not None and balance_invoice.invoice["total_amount"] == 8960
    _, (card,) = await alice.taps(news, f"📦 Open order #{order.id}")
    assert card.button_texts() == [
        "💳 Pay balance",
        "✖️ Cancel",
        "⚠️ Open dispute",
        "🚩 Report fake",
        "💬 Message the buyer",
        "📍 Give address",
    ]
    assert (await world.driver.pay_invoice(alice.user, balance_invoice)).paid
    assert "Payment of ¥8,960 received" in (await alice.next()).content
    assert f"The balance for order #{order.id}" in (await bob.next()).content

    # Shipping: a carrier from the buttons, then the tracking number, asked again when too long or not
    # shaped like that carrier's numbers (spaces between its groups are fine).
    card = await open_card(bob, order.id)
    assert card.button_texts() == ["🚚 Ship", "💬 Message the customer"]
    _, (carriers,) = await bob.taps(card, "🚚 Ship")
    assert len(carriers.button_texts()) == 13 and carriers.button_texts()[-1] == "Other…"
    assert {"EMS", "SF Express", "Yamato", "USPS", "DHL", "Royal Mail", "China Post"} <= set(carriers.button_texts())
    _, (asked,) = await bob.taps(carriers, "EMS")
    assert asked.content == "Carrier: EMS. Now type the tracking number."
    assert "That is too long: 65 characters, at most 64." in (await bob.says("X" * 65)).content
    refused = await bob.says("EJ12345JP")
    assert refused.content.startswith("EMS tracking numbers look like EJ123456789JP; that one does not.")
    assert (await factories.fresh(order)).state is OrderState.BALANCE_PAID
    assert f"Order #{order.id} is shipped" in (await bob.says("ej 123 456 789 jp")).content
    card = await bob.next()
    assert card.button_texts() == ["📬 Mark delivered", "🛫 In transit", "🛃 At customs", "💬 Message the customer"]
    assert "EMS, tracking number EJ123456789JP" in card.content and "🔗 Track the parcel" in card.content
    link = next(e for e in card.entities if e["type"] == "text_link")
    assert link["url"].startswith("https://trackings.post.japanpost.jp/") and "EJ123456789JP" in link["url"]
    news = await alice.next()
    assert f"Order #{order.id} (Porter Tanker) has shipped with EMS, tracking number EJ123456789JP." in news.content
    _, (alice_card,) = await alice.taps(news, f"📦 Open order #{order.id}")
    assert alice_card.button_texts() == [
        "📬 It has arrived",
        "✅ Confirm receipt",
        "⚠️ Open dispute",
        "🚩 Report fake",
        "💬 Message the buyer",
    ]
    assert "✅ Confirming receipt completes the order and releases ¥12,800 to the buyer." in alice_card.content

    # Where the parcel is: each update reaches Alice through the outbox, with a button to her order.
    answer, _ = await bob.taps(card, "🛃 At customs")
    assert answer.text == "Noted: 🛃 At customs. The customer will be told."
    assert "Latest: 🛃 At customs" in world.driver.refreshed(card).content
    await notices_sent()
    customs = await alice.next()
    assert customs.content == f"🛃 Order #{order.id} “Porter Tanker” is at customs."
    assert customs.button_texts() == [f"📦 Open order #{order.id}"]
    again, _ = await bob.taps(card, "🛃 At customs")
    assert again.show_alert and again.text == "The customer already knows that; nothing new to tell."
    await notices_sent()

    # Bob says it arrived: that only asks Alice, once; her yes marks it delivered.
    answer, _ = await bob.taps(card, "📬 Mark delivered")
    assert answer.text == f"The customer has been asked whether order #{order.id} arrived. You will hear their answer."
    again, _ = await bob.taps(card, "📬 Mark delivered")
    assert again.show_alert and again.text.startswith("The customer has already been asked whether this order arrived")
    await notices_sent()
    question = await alice.next()
    assert question.content.startswith(f"📬 Has order #{order.id} (Porter Tanker) arrived?")
    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    await alice.taps(question, "📬 Yes, it arrived")
    assert (await factories.fresh(order)).state is OrderState.DELIVERED
    await notices_sent()
    assert f"The customer says order #{order.id} (Porter Tanker) has arrived." in (await bob.next()).content

    # Alice confirms: asked first, the buyer is paid, a replayed press changes nothing, and she is asked for a review.
    _, (asked,) = await alice.taps(alice_card, "✅ Confirm receipt")
    assert asked.content.startswith(
        f"Confirm receipt of order #{order.id}?\nThis releases ¥12,800 to Bob; you cannot undo it."
    )
    assert "Bob receives ¥12,160 and the platform keeps its fee of ¥640." in asked.content
    assert asked.button_texts() == ["✅ Release ¥12,800", "⏳ Keep waiting"]
    confirm = data_of(asked, "✅ Release ¥12,800")
    answer, (prompt,) = await alice.taps(asked, "✅ Release ¥12,800")
    assert answer.text == "Thank you! The order is complete and the buyer has been paid."
    assert "✅ Completed" in world.driver.refreshed(asked).content
    assert world.driver.refreshed(asked).button_texts() == ["🚩 Report fake"]  # a fake can show up later
    assert "The escrow is released" in (await bob.next()).content
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 12160
    replayed, sent = await alice.taps(alice_card, data=confirm)
    assert replayed.show_alert and replayed.text == NOT_NOW and sent == []
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 12160

    assert prompt.button_texts() == ["1 ★", "2 ★", "3 ★", "4 ★", "5 ★"]
    _, (question,) = await alice.taps(prompt, "5 ★")
    assert question.content.startswith("★★★★★")
    assert (await alice.says("Genuine, well packed, fast.")).content == "Thank you! Your review is published."
    news = await bob.next()
    assert "★★★★★" in news.content and "Genuine, well packed, fast." in news.content
    assert news.button_texts() == ["💬 Reply"]
    assert (await Review.get(order_id=order.id)).stars == 5
    assert [event.action for event in await orders.events_of(order.id)] == [
        Action.PAY_DEPOSIT,
        Action.UPLOAD_RECEIPT,
        Action.REQUEST_BALANCE,
        Action.PAY_BALANCE,
        Action.SHIP,
        Action.ASK_DELIVERED,
        Action.MARK_DELIVERED,
        Action.CONFIRM_RECEIPT,
    ]


@pytest.mark.usefixtures("quick_typist")
async def test_the_whole_order_with_a_chinese_speaking_customer_and_an_english_speaking_buyer(world: World) -> None:
    bob, seller, _ = await shop(world)
    lilei = world.person("李雷", "zh")
    assert "李雷，欢迎来到 Daigou 代购！" in (await lilei.says("/start")).content
    keyboard = world.driver.reply_keyboard(lilei.user)
    assert keyboard is not None
    assert [[b["text"] for b in row] for row in keyboard["keyboard"]] == [
        ["🔎 逛逛", "📝 发布求购"],
        ["📦 我的订单", "🛍 我要卖"],
        ["⚙️ 设置"],
    ]
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=await lilei.account(), seller=seller)

    listing = await lilei.says(keyboard["keyboard"][1][0]["text"])  # My orders, in whatever words
    assert f"#{order.id}" in listing.content and "¥12,800" in listing.content
    assert "我的订单（最新在前），点击查看详情：" in listing.content
    assert f"#{order.id} · 🛒 买入 · Porter Tanker shoulder bag · JP¥12,800 · ⏳ 待付定金" in listing.content
    card = await lilei.presses(listing, listing.button_texts()[0])
    assert actions_on(card) == [Action.PAY_DEPOSIT, Action.CANCEL] and "¥3,840" in card.content
    assert card.button_texts() == ["💳 支付定金", "✖️ 取消", "💬 联系买手", "📍 提供地址"]
    assert f"订单 #{order.id} · ⏳ 待付定金" in card.content and "总额：JP¥12,800" in card.content
    assert "定金 JP¥3,840 · 尾款 JP¥8,960" in card.content and "买手：👤 Bob · ✅ 已认证" in card.content
    _, (invoice,) = await lilei.taps(card, data=order_data(Action.PAY_DEPOSIT, order.id))
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == 3840
    assert invoice.invoice["title"] == f"订单 #{order.id} 定金"
    bob.driver.mark_read(bob.user)
    assert (await world.driver.pay_invoice(lilei.user, invoice)).paid
    assert f"已收到订单 #{order.id} 的付款 JP¥3,840。谢谢！" in (await lilei.next()).content
    assert f"The deposit for order #{order.id}" in (await bob.next()).content  # Bob reads English

    card = await open_card(bob, order.id)
    assert "Customer: 李雷" in card.content and card.button_texts() == [
        "🧾 Upload receipt",
        "✖️ Cancel",
        "💬 Message the customer",
    ]
    await bob.taps(card, "🧾 Upload receipt")
    lilei.driver.mark_read(lilei.user)
    await world.driver.send_photo(bob.user)
    assert "Receipt saved" in (await bob.next()).content
    await bob.next()  # his card
    news = await lilei.next()
    assert news.photo and actions_on(news) == ["view", Action.OPEN_DISPUTE]
    assert news.content.startswith(
        f"🧾 订单 #{order.id} 的购物小票 · 购买凭证码 {order.proof_code} · Porter Tanker shoulder bag × 1\n"
    )
    assert "购物小票。请通过下方付款单支付尾款 JP¥8,960。如果" in news.content  # one message: no stray space
    assert "请不要付款，改为发起争议。" in news.content
    assert news.button_texts() == [f"📦 查看订单 #{order.id}", "⚠️ 发起争议"]
    invoice = await lilei.next()
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == 8960
    assert invoice.invoice["title"] == f"订单 #{order.id} 尾款"
    reminder = await lilei.next()  # no address given yet: the buyer must know where to ship once it is paid
    assert (
        reminder.content
        == f"📍 订单 #{order.id}（Porter Tanker shoulder bag）还没有收货地址。请现在填写，买手在尾款付清后即可发货。"
    )
    assert reminder.button_texts() == ["📍 提供地址"]
    assert (await world.driver.pay_invoice(lilei.user, invoice)).paid
    assert f"已收到订单 #{order.id} 的付款 JP¥8,960。谢谢！" in (await lilei.next()).content
    assert f"The balance for order #{order.id}" in (await bob.next()).content

    card = await open_card(bob, order.id)
    _, (carriers,) = await bob.taps(card, "🚚 Ship")
    await bob.taps(carriers, "Other…")
    assert "tracking number" in (await bob.says("Kuroneko <Yamato>")).content
    assert "is shipped" in (await bob.says("4470-1234-5678")).content
    await bob.next()  # his card
    news = await lilei.next()
    assert "Kuroneko &lt;Yamato&gt;" not in news.content and "Kuroneko <Yamato>" in news.content
    assert "4470-1234-5678" in news.content
    assert (
        f"订单 #{order.id}（Porter Tanker shoulder bag）已通过 Kuroneko <Yamato> 发货，运单号 4470-1234-5678。"
        in news.content
    )
    _, (card,) = await lilei.taps(news, news.button_texts()[0])
    assert actions_on(card) == [Action.MARK_DELIVERED, Action.CONFIRM_RECEIPT, Action.OPEN_DISPUTE, "report"]
    assert card.button_texts() == ["📬 已到货", "✅ 确认收货", "⚠️ 发起争议", "🚩 举报假货", "💬 联系买手"]
    assert (
        f"订单 #{order.id} · 🚚 已发货" in card.content and "Kuroneko <Yamato>，运单号 4470-1234-5678" in card.content
    )
    assert "✅ 确认收货后订单即完成，JP¥12,800 将支付给买手。" in card.content

    _, (asked,) = await lilei.taps(card, "✅ 确认收货")
    assert asked.content.startswith(f"确认订单 #{order.id} 已收货？\n这将把 JP¥12,800 支付给 Bob，且无法撤销。")
    assert asked.button_texts() == ["✅ 放款 JP¥12,800", "⏳ 继续等待"]
    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    answer, (prompt,) = await lilei.taps(asked, "✅ 放款 JP¥12,800")
    assert answer.text == "谢谢！订单已完成，款项已支付给买手。"
    assert (await factories.fresh(order)).state is OrderState.COMPLETED
    assert f"订单 #{order.id} · ✅ 已完成" in world.driver.refreshed(asked).content
    assert "The escrow is released" in (await bob.next()).content
    assert len(prompt.buttons[0]) == 5
    assert f"订单 #{order.id}（Porter Tanker shoulder bag）体验如何？请先为买手打分" in prompt.content
    _, (question,) = await lilei.taps(prompt, prompt.button_texts()[3])
    assert "再给其他顾客写几句吧：商品和买手怎么样？" in question.content
    assert (await lilei.says("质量很好，发货很快")).content == "谢谢！您的评价已发布。"
    review = await Review.get(order_id=order.id)
    assert (review.stars, review.text) == (4, "质量很好，发货很快")
    news = await bob.next()
    assert "★★★★☆" in news.content and "质量很好" in news.content and news.button_texts() == ["💬 Reply"]
    assert f"The customer reviewed order #{order.id} (Porter Tanker shoulder bag)" in news.content


async def test_each_side_sees_only_the_steps_it_may_take_now(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.BALANCE_PAID)
    assert actions_on(await open_card(alice, order.id)) == [Action.OPEN_DISPUTE, "report"]
    assert actions_on(await open_card(bob, order.id)) == [Action.SHIP]
    await orders.ship(order.buyer_id, order.id, "DHL", "1234567890")
    assert actions_on(await open_card(alice, order.id)) == [
        Action.MARK_DELIVERED,
        Action.CONFIRM_RECEIPT,
        Action.OPEN_DISPUTE,
        "report",
    ]
    assert actions_on(await open_card(bob, order.id)) == [Action.ASK_DELIVERED]
    await orders.confirm_receipt(order.customer_id, order.id)
    for person, buttons in ((alice, ["report"]), (bob, [])):
        card = await open_card(person, order.id)
        assert actions_on(card) == buttons and "✅ Completed" in card.content


async def test_forged_presses_by_the_customer_or_a_stranger_are_refused_and_change_nothing(world: World) -> None:
    alice, _, order = await pair(world, OrderState.BALANCE_PAID)
    card = await open_card(alice, order.id)
    answer, sent = await alice.taps(card, data=order_data(Action.SHIP, order.id))
    assert answer.show_alert and answer.text == NOT_YOURS and sent == []
    assert "That is not what I asked for" not in (await alice.says("EJ123456789JP")).content  # no wizard started

    mallory = world.person("Mallory")
    welcome = await mallory.says("/start")
    for action in ("view", Action.SHIP, Action.CANCEL, Action.OPEN_DISPUTE, Action.PAY_BALANCE):
        answer, sent = await mallory.taps(welcome, data=order_data(action, order.id))
        assert answer.show_alert and answer.text == "This order is not yours." and sent == [], action
    answer, _ = await mallory.taps(welcome, data=order_data("view", order.id + 100))
    assert answer.text == "This order does not exist."
    answer, _ = await mallory.taps(welcome, data=order_data("frobnicate", order.id))
    assert answer.text == "This button is no longer available."
    assert (await factories.fresh(order)).state is OrderState.BALANCE_PAID
    assert await Order.filter(state=OrderState.BALANCE_PAID).count() == 1


async def test_cancelling_after_the_deposit_refunds_it_and_tells_the_buyer_why(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    card = await open_card(alice, order.id)
    _, (question,) = await alice.taps(card, "✖️ Cancel")
    assert "The deposit of ¥3,840 is refunded to the customer in full." in question.content
    assert question.button_texts() == ["✖️ Cancel without a reason", "↩️ Keep the order"]
    answer, _ = await alice.taps(question, "↩️ Keep the order")
    assert answer.text == "The order stays as it is."
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID

    _, (question,) = await alice.taps(card, "✖️ Cancel")
    bob.driver.mark_read(bob.user)
    await world.driver.send_sticker(alice.user)
    assert (await alice.next()).content == "Please type the reason as text, or press a button above."
    done = await alice.says("Found it cheaper <locally>")
    assert f"Order #{order.id} is cancelled." in done.content and "refunded to the customer in full" in done.content
    news = await bob.next()
    assert f"The customer cancelled order #{order.id} ({order.title})." in news.content
    assert "Reason: Found it cheaper <locally>" in news.content and "refunded to the customer in full" in news.content
    assert (await factories.fresh(order)).state is OrderState.REFUNDED
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 3840
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0

    answer, _ = await alice.taps(card, "✖️ Cancel")
    assert answer.show_alert and answer.text == NOT_NOW


async def test_a_cancel_prompt_is_not_applied_once_the_receipt_changed_what_it_means(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    _, (full_refund,) = await alice.taps(await open_card(alice, order.id), "✖️ Cancel")
    assert "The deposit of ¥3,840 is refunded to the customer in full." in full_refund.content

    # While Alice thinks of a reason, Bob, who has bought the bag, uploads the receipt.
    await bob.taps(await open_card(bob, order.id), "🧾 Upload receipt")
    assert "Receipt saved" in (await bob.sends_photo()).content

    refused = await alice.says("Found it cheaper")
    assert refused.content.startswith(
        f"⚠️ Order #{order.id} changed while you were deciding, so nothing was done. Here is what it means now:"
    )
    assert "so the deposit of ¥3,840 goes to the buyer" in refused.content
    assert refused.button_texts() == ["✖️ Cancel without a reason", "↩️ Keep the order"]
    assert (await factories.fresh(order)).state is OrderState.AWAITING_BALANCE
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 3840
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0

    # The first prompt's button still says "refunded in full": it is refused the same way, never applied.
    _, (again,) = await alice.taps(full_refund, "✖️ Cancel without a reason")
    assert "changed while you were deciding" in again.content and "goes to the buyer" in again.content
    assert (await factories.fresh(order)).state is OrderState.AWAITING_BALANCE

    # Confirming the prompt that says what cancelling means now does exactly that.
    bob.driver.mark_read(bob.user)
    done = await alice.says("Found it cheaper")
    assert f"Order #{order.id} is cancelled." in done.content and "goes to the buyer" in done.content
    assert (await factories.fresh(order)).state is OrderState.CANCELLED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 3648  # the deposit minus the fee
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 0
    assert "Reason: Found it cheaper" in (await bob.next()).content


async def test_confirming_receipt_from_a_prompt_that_no_longer_says_what_it_does_asks_again(
    world: World,
) -> None:
    alice, _, order = await pair(world, OrderState.SHIPPED)
    card = await open_card(alice, order.id)
    outdated = PromisedStep(action=Action.CONFIRM_RECEIPT, order_id=order.id, promise="0" * 12).pack()

    _, (fresh,) = await alice.taps(card, data=outdated)

    assert fresh.content.startswith(f"⚠️ Order #{order.id} changed while you were deciding, so nothing was done.")
    assert "This releases ¥12,800 to Bob; you cannot undo it." in fresh.content
    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    answer, _ = await alice.taps(fresh, "✅ Release ¥12,800")
    assert answer.text == "Thank you! The order is complete and the buyer has been paid."
    assert (await factories.fresh(order)).state is OrderState.COMPLETED


async def test_a_buyer_cancelling_before_the_deposit_puts_the_item_back_on_sale(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.AWAITING_DEPOSIT)
    assert order.listing_id is not None and (await Listing.get(id=order.listing_id)).stock == 0
    card = await open_card(bob, order.id)
    _, (question,) = await bob.taps(card, "✖️ Cancel")
    assert "Nothing had been paid" in question.content
    alice.driver.mark_read(alice.user)
    _, (done,) = await bob.taps(question, "✖️ Cancel without a reason")
    assert f"Order #{order.id} is cancelled." in done.content
    news = await alice.next()
    assert f"The buyer cancelled order #{order.id}" in news.content and "Reason" not in news.content
    assert (await factories.fresh(order)).state is OrderState.CANCELLED
    assert (await Listing.get(id=order.listing_id)).stock == 1


async def test_cancel_ends_a_step_half_way_and_nothing_changes(world: World) -> None:
    _, bob, order = await pair(world, OrderState.BALANCE_PAID)
    card = await open_card(bob, order.id)
    _, (carriers,) = await bob.taps(card, "🚚 Ship")
    await world.driver.send_voice(bob.user)
    assert (await bob.next()).content == "Please pick a carrier above or type its name, or /cancel."
    assert "Cancelled" in (await bob.says("/cancel")).content
    answer, sent = await bob.taps(carriers, "EMS")
    assert answer.text == "This button is no longer available." and sent == []
    order = await factories.fresh(order)
    assert order.state is OrderState.BALANCE_PAID and order.carrier is None


async def test_an_order_that_moved_on_meanwhile_ends_the_step_with_the_reason(world: World) -> None:
    _, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    card = await open_card(bob, order.id)
    await bob.taps(card, "🧾 Upload receipt")
    await orders.cancel_by_party(order.id, order.customer_id, "changed my mind")
    assert "The customer cancelled order" in (await bob.next()).content
    await world.driver.send_photo(bob.user)
    assert (await bob.next()).content == NOT_NOW
    assert "That is not what I asked for" not in (await bob.says("hello")).content  # the step is over
    assert (await factories.fresh(order)).state is OrderState.REFUNDED
