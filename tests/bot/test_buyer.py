"""Customers apply to become buyers through /sell; verified buyers get their menu and their referral link."""

import re

import pytest

from bot.callbacks import BuyerMenu
from core.domain.buyers import BuyerStatus
from core.models.users import BuyerProfile
from core.services.people.users import apply_as_buyer, decide_buyer, referral_count
from sandbox.views import ChatMessage
from tests.bot.conftest import Person, World

pytestmark = pytest.mark.usefixtures("quick_typist")

APPLY = "📝 Apply to become a buyer"
BUYER_MENU = [
    "➕ New listing",
    "📋 My listings",
    "📨 Requests feed",
    "🔗 My referral link",
    "🛡 My bond",
    "💰 Earnings",
]


def callback_data_of(message: ChatMessage) -> list[str]:
    return [button["callback_data"] for row in message.buttons for button in row if "callback_data" in button]


async def tap(person: Person, message: ChatMessage, data: str) -> ChatMessage:
    """Press the button carrying `data` (whatever its label's language): the message as it stands after."""
    answer = await person.driver.press_button(person.user, message, data=data)
    assert answer.answered and not answer.show_alert, answer
    return person.driver.refreshed(message)


async def test_a_customer_applies_and_once_verified_gets_the_buyer_menu(world: World) -> None:
    dan = world.person("Dan")
    intro = await dan.says("/sell")
    assert "Sell on Daigou" in intro.content and intro.button_texts() == [APPLY]

    countries = await dan.presses(intro, APPLY)
    assert "Which countries do you buy in?" in countries.content
    assert countries.button_texts()[:3] == ["Japan", "South Korea", "United States"]
    countries = await tap(dan, countries, "c:country:JP")
    countries = await tap(dan, countries, "c:country:KR")
    countries = await tap(dan, countries, "c:country:US")
    countries = await tap(dan, countries, "c:country:US")
    assert countries.button_texts()[:3] == ["✅ Japan", "✅ South Korea", "United States"]

    cities = await dan.presses(countries, "Done ✔️")
    assert "Which cities" in cities.content
    categories = await dan.says("Tokyo, Osaka")
    assert "What do you buy?" in categories.content and len(categories.button_texts()) == 15
    categories = await tap(dan, categories, "c:category:bags")
    categories = await tap(dan, categories, "c:category:beauty")
    document = await dan.presses(categories, "Done ✔️")
    assert "identity document" in document.content

    hint = await dan.says("my passport number is 123")
    assert hint.content.startswith("Please send a photo of your identity document.")
    dan.driver.mark_read(dan.user)
    await dan.driver.send_voice(dan.user)
    assert (await dan.next()).content.startswith("Please send a photo of your identity document.")
    dan.driver.mark_read(dan.user)
    passport = await dan.driver.send_photo(dan.user)
    bio = await dan.next()
    assert "Tell customers about yourself" in bio.content
    done = await dan.presses(bio, "Skip ⏭")
    assert "A moderator will review your application" in done.content

    account = await dan.account()
    profile = await BuyerProfile.get_or_none(user_id=account.id)
    assert profile is not None and profile.status is BuyerStatus.APPLIED
    assert (profile.countries, profile.cities, profile.categories) == (
        ["JP", "KR"],
        ["Tokyo", "Osaka"],
        ["bags", "beauty"],
    )
    assert profile.id_document_file_id == passport.photo[-1]["file_id"]
    assert "waiting for a moderator" in (await dan.says("/sell")).content

    await decide_buyer(account.id, BuyerStatus.VERIFIED)
    menu = await dan.says("🛍 Sell")
    assert "✅ verified" in menu.content
    assert "You buy in: Japan and South Korea\nCategories: Bags and Beauty" in menu.content
    assert menu.button_texts() == BUYER_MENU


async def test_application_steps_refuse_bad_answers_and_ask_again(world: World) -> None:
    erin = world.person("Erin")
    countries = await erin.presses(await erin.says("/sell"), APPLY)

    answer = await erin.driver.press_button(erin.user, countries, "Done ✔️")
    assert answer.show_alert and answer.text == "Pick between 1 and 10 countries."
    refused = await erin.says("Japan")
    assert refused.content.startswith("I don't know the country Japan.") and "Which countries" in refused.content
    cities = await erin.says("jp, fr")
    assert "Which cities" in cities.content
    categories = await erin.presses(cities, "Skip ⏭")
    assert (await erin.says("bags")).content.startswith("Please use the buttons below.")
    answer = await erin.driver.press_button(erin.user, categories, "Done ✔️")
    assert answer.show_alert and answer.text == "Pick between 1 and 14 categories."
    forged = await erin.driver.press_button(erin.user, categories, data="c:category:weapons")
    assert forged.show_alert and forged.text == "Please pick a category from the buttons."

    cancelled = await erin.says("/cancel")
    assert cancelled.content.startswith("Cancelled.")
    assert await BuyerProfile.get_or_none(user_id=(await erin.account()).id) is None


async def test_sell_shows_a_suspended_or_closed_account_and_why(world: World) -> None:
    for name, status, word in [("Fay", BuyerStatus.SUSPENDED, "suspended"), ("Gil", BuyerStatus.BANNED, "closed")]:
        person = world.person(name)
        await person.says("/start")
        account = await person.becomes_verified_buyer()
        await decide_buyer(account.id, status, "late shipments")
        shown = await person.says("/sell")
        assert f"Your buyer account is {word}." in shown.content and "Reason: late shipments" in shown.content
        assert not shown.buttons


async def test_a_rejected_applicant_sees_why_and_applies_again(world: World) -> None:
    gus = world.person("Gus")
    await gus.says("/start")
    account = await gus.account()
    await apply_as_buyer(account.id, ["JP"], ["bags"], "file-id")
    await decide_buyer(account.id, BuyerStatus.REJECTED, "document <unreadable>")
    rejected = await gus.says("/sell")
    assert "Reason: document <unreadable>" in rejected.content and rejected.button_texts() == ["📝 Apply again"]
    countries = await gus.presses(rejected, "📝 Apply again")
    assert "Which countries" in countries.content


async def test_only_those_who_may_press_the_buyer_buttons_get_anything(world: World) -> None:
    hal = world.person("Hal")
    welcome = await hal.says("/start")
    for action in ("new_listing", "referral", "feed"):
        answer = await hal.driver.press_button(hal.user, welcome, data=BuyerMenu(action=action).pack())
        assert answer.show_alert and answer.text == "Only buyers can do this. Apply to become a buyer from the menu."

    await hal.becomes_verified_buyer()
    answer = await hal.driver.press_button(hal.user, welcome, data=BuyerMenu(action="apply").pack())
    assert answer.show_alert and answer.text == "You are already a verified buyer: /sell opens your buyer menu."

    await decide_buyer((await hal.account()).id, BuyerStatus.SUSPENDED, "late shipments")
    answer = await hal.driver.press_button(hal.user, welcome, data=BuyerMenu(action="apply").pack())
    suspended = "Your buyer account is suspended, so you cannot apply again while it is."
    assert answer.show_alert and answer.text == suspended


async def test_a_buyers_referral_link_brings_customers_who_are_counted(world: World) -> None:
    ivy = world.person("Ivy")
    await ivy.says("/start")
    seller = await ivy.becomes_verified_buyer()
    menu = await ivy.says("/sell")

    shown = await ivy.presses(menu, "🔗 My referral link")
    link = re.search(r"https://t\.me/\S+", shown.content)
    assert link and link.group() == f"https://t.me/daigou_sandbox_bot?start=r-{seller.referral_code}"
    assert "Customers it brought so far: 0" in shown.content

    jon = world.person("Jon")
    await world.driver.follow_link(jon.user, link.group())
    assert "Welcome to Daigou, Jon!" in (await jon.next()).content
    assert (await jon.account()).referred_by_id == seller.id
    assert await referral_count(seller.id) == 1
    assert "Customers it brought so far: 1" in (await ivy.presses(menu, "🔗 My referral link")).content


async def test_the_requests_feed_button_opens_the_feed(world: World) -> None:
    kim = world.person("Kim")
    await kim.says("/start")
    await kim.becomes_verified_buyer()
    menu = await kim.says("/sell")
    assert "No open requests in your countries" in (await kim.presses(menu, "📨 Requests feed")).content


async def test_a_chinese_speaking_customer_applies(world: World) -> None:
    li = world.person("李雷", "zh")
    intro = await li.says("/sell")
    assert callback_data_of(intro) == [BuyerMenu(action="apply").pack()]
    assert "在 Daigou 做买手\n身在海外？" in intro.content and intro.button_texts() == ["📝 申请成为买手"]
    countries = await li.presses(intro, intro.button_texts()[0])
    assert len(countries.button_texts()) == 13  # twelve common countries, and Done
    assert "您在哪些国家/地区采购？" in countries.content
    assert countries.button_texts()[:3] == ["日本", "韩国", "美国"] and countries.button_texts()[-1] == "完成 ✔️"
    countries = await tap(li, countries, "c:country:JP")
    assert countries.button_texts()[0].startswith("✅ ")
    assert countries.button_texts()[0] == "✅ 日本"
    cities = await tap_then_next(li, countries, "c:done:countries")
    assert callback_data_of(cities) == ["c:skip:cities"]
    assert "您在哪些城市采购？" in cities.content and cities.button_texts() == ["跳过 ⏭"]
    categories = await li.says("东京")
    assert len(categories.button_texts()) == 15  # fourteen categories, and Done
    assert "您代购哪些品类？" in categories.content and "美妆护肤" in categories.button_texts()
    categories = await tap(li, categories, "c:category:beauty")
    assert "✅ 美妆护肤" in categories.button_texts()
    document = await tap_then_next(li, categories, "c:done:categories")
    assert not document.buttons
    assert "请发送您的身份证件照片" in document.content
    assert (await li.says("护照号码 123")).content.startswith("请发送您的身份证件照片。")
    bio = await li.sends_photo()
    assert callback_data_of(bio) == ["c:skip:bio"]
    assert "向顾客介绍一下自己" in bio.content and bio.button_texts() == ["跳过 ⏭"]
    done = await li.says("我住在东京，熟悉药妆。")
    assert done.content == "谢谢！审核员会审核您的申请。稍后发送 /sell 查看结果。"

    profile = await BuyerProfile.get_or_none(user_id=(await li.account()).id)
    assert profile is not None and profile.status is BuyerStatus.APPLIED
    assert (profile.countries, profile.cities, profile.categories, profile.bio) == (
        ["JP"],
        ["东京"],
        ["beauty"],
        "我住在东京，熟悉药妆。",
    )


async def tap_then_next(person: Person, message: ChatMessage, data: str) -> ChatMessage:
    """Press the button carrying `data`: the bot's next message."""
    person.driver.mark_read(person.user)
    answer = await person.driver.press_button(person.user, message, data=data)
    assert answer.answered and not answer.show_alert, answer
    return await person.next()
