"""What a customer and a buyer write to each other keeps its sense but loses every way to deal around the platform."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.contacts import MASK, MaskedPart, mask_contacts, segments


def hidden(text: str) -> list[str]:
    """The kinds of contact found in `text`, in order."""
    return [part.kind for part in mask_contacts(text).parts]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call me +81 90-1234-5678 tonight", "phone"),
        ("my number is +86 138 0013 8000", "phone"),
        ("+44 7700 900123", "phone"),
        ("我的手机13800138000", "phone"),
        ("电话：138-0013-8000，谢谢", "phone"),
        ("携帯 090-1234-5678 まで", "phone"),
        ("office 03-1234-5678", "phone"),
        ("北京 (010) 8888 6666", "phone"),
        ("US (555) 123-4567", "phone"),
        ("全角 １３８００１３８０００ です", "phone"),
        ("ping @alice_buyer for details", "username"),
        ("找我 @shanghai_bags", "username"),
        ("＠alice_buyer", "username"),
        ("https://t.me/alice_buyer", "telegram"),
        ("join t.me/joinchat/AAAA", "telegram"),
        ("wechat: abc", "wechat"),
        ("WeChat ID abc_12", "wechat"),
        ("vx abc123", "wechat"),
        ("wx: tokyo_mei", "wechat"),
        ("微信号 abc", "wechat"),
        ("微信：meimei88", "wechat"),
        ("V信：tokyo_mei", "wechat"),
        ("加我微信吧", "wechat"),
        ("add me on WeChat please", "wechat"),
        ("https://wa.me/447700900123", "whatsapp"),
        ("whatsapp +44 7700 900123", "whatsapp"),
        ("QQ号：12345678", "qq"),
        ("mail me: mei.tokyo+bags@example.co.jp", "email"),
        ("paypal.me/meitokyo/20000", "payment"),
        ("https://www.paypal.com/paypalme/mei", "payment"),
        ("扫码付款 https://qr.alipay.com/fkx12345abc", "payment"),
        ("wxp://f2f0abcdef", "payment"),
        ("pay here https://buy.stripe.com/test_123", "payment"),
        ("https://example.com/checkout?id=9", "payment"),
        ("https://shop.example.jp/pay/12", "payment"),
    ],
)
def test_a_contact_or_payment_link_is_hidden_and_named(text: str, kind: str) -> None:
    masked = mask_contacts(text)

    assert hidden(text) == [kind]
    assert MASK in masked.text


@pytest.mark.parametrize(
    "text",
    [
        "The bag is ¥20,000 plus ¥1,500 shipping",
        "Total 12800 JPY, deposit 3840 JPY",
        "about order #123 and order #12345678",
        "two of them, 3 pcs each, ships 2026-11-25",
        "It costs 138000 yen or $1,299.99",
        "tracking EJ123456789JP via EMS",
        "尺寸 30x20x10 cm，价格 ¥20,000，订单 #123",
        "Here is the product page: https://www.porter.co.jp/products/tanker-2way",
        "I use wechat pay at home, and WeChat is popular",
        "email me? no, let's keep it here",
        "@me",
        "微信支付也可以吗？",
    ],
)
def test_prices_order_numbers_and_plain_talk_are_left_alone(text: str) -> None:
    masked = mask_contacts(text)

    assert masked.parts == ()
    assert masked.text == text


def test_every_attempt_in_a_message_is_hidden_and_the_rest_kept() -> None:
    masked = mask_contacts("¥20,000 ok. Add me: wechat: mei_88 or call +81 90-1234-5678, order #123")

    assert masked.text == f"¥20,000 ok. Add me: {MASK} or call {MASK}, order #123"
    assert [part.kind for part in masked.parts] == ["wechat", "phone"]
    assert [masked.text[part.start : part.end] for part in masked.parts] == [MASK, MASK]


def test_chinese_message_keeps_its_words_around_the_hidden_number() -> None:
    masked = mask_contacts("价格¥20,000，加我微信，电话13800138000")

    assert masked.text == f"价格¥20,000，{MASK}，电话{MASK}"
    assert [part.kind for part in masked.parts] == ["wechat", "phone"]


def test_segments_mark_the_hidden_parts_for_moderators() -> None:
    masked = mask_contacts("hi @alice_buyer bye")

    assert segments(masked.text, list(masked.parts)) == [("hi ", None), (MASK, "username"), (" bye", None)]
    assert segments("plain", [MaskedPart("phone", 0, 0)][:0]) == [("plain", None)]


TOKENS = [*"0123456789 +-().,:@#¥/_abwxvqpmeht微信号加我", "wechat", "t.me/", "paypal.me/", "whatsapp", "QQ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_masking_keeps_every_unhidden_character_in_place(text: str) -> None:
    masked = mask_contacts(text)

    pieces = segments(masked.text, list(masked.parts))
    assert "".join(piece for piece, _ in pieces) == masked.text
    assert all(piece == MASK for piece, kind in pieces if kind)
    kept = [piece for piece, kind in pieces if kind is None]
    position = 0
    for piece in kept:  # what was not hidden is the original text, in order
        position = text.index(piece, position) + len(piece)
