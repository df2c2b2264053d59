"""The pieces every conversation relies on: /start payloads, callback data sizes, the menus."""

import pytest
from aiogram.utils.i18n import I18n

from bot.callbacks import BrowsePage, ListingAction, OrderAction
from bot.deep_links import listing_link, parse_start_payload, referral_link
from bot.i18n import build_i18n
from bot.keyboards import language_keyboard, main_menu


def test_referral_and_listing_links_round_trip() -> None:
    link = referral_link("daigou_bot", "k7mq2xpa")
    assert link == "https://t.me/daigou_bot?start=r-k7mq2xpa"
    assert parse_start_payload(link.split("start=")[1]).referral_code == "k7mq2xpa"

    shared = parse_start_payload(listing_link("daigou_bot", 123456, "k7mq2xpa").split("start=")[1])
    assert (shared.listing_id, shared.referral_code) == (123456, "k7mq2xpa")
    assert parse_start_payload("l-42").listing_id == 42


@pytest.mark.parametrize("payload", [None, "", "hello", "r-", "r-UPPER", "l-abc", "l-1-x", "r-a;drop", "l-" + "9" * 13])
def test_forged_or_unknown_payloads_mean_nothing(payload: str | None) -> None:
    assert parse_start_payload(payload) == parse_start_payload(None)


def test_payloads_fit_telegrams_start_parameter_rules() -> None:
    payload = listing_link("b", 10**12 - 1, "a" * 16).split("start=")[1]
    assert len(payload) <= 64 and all(c.isalnum() or c in "-_" for c in payload)


def test_callback_data_stays_within_64_bytes() -> None:
    biggest = [
        ListingAction(action="withdraw_confirmed", listing_id=2**31),
        OrderAction(action="resolve_release", order_id=2**31),
        BrowsePage(country="JP", category="toys_collectibles", before=2**31),
    ]
    assert all(len(data.pack().encode()) <= 64 for data in biggest)


@pytest.fixture
def i18n() -> I18n:
    return build_i18n()


def test_main_menu_and_language_choice_follow_the_users_language(i18n: I18n) -> None:
    with i18n.context(), i18n.use_locale("en"):
        english = [button.text for row in main_menu().keyboard for button in row]
        languages = [button.text for row in language_keyboard().inline_keyboard for button in row]
    with i18n.context(), i18n.use_locale("zh"):
        chinese = [button.text for row in main_menu().keyboard for button in row]
    assert english[0] == "🔎 Browse" and len(english) == len(chinese) == 5 and chinese != english
    assert chinese == ["🔎 逛逛", "📝 发布求购", "📦 我的订单", "🛍 我要卖", "⚙️ 设置"]
    assert languages[0] == "English" and "中文" in languages[1]
