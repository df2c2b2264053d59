"""What a customer and a buyer write to each other keeps its sense but loses every way to deal around the platform."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.contacts import MASK, MaskedPart, mask_contacts, segments
from tests.contact_corpus import EVASIONS, HELD_OUT_EVASIONS, HELD_OUT_ORDINARY, ORDINARY


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
        ("扣扣 12345678", "qq"),
        ("two cups, 138 0013 8000", "phone"),  # "ups" inside a word is no carrier's label
        ("LINE ID: yuki_88", "line"),
        ("카톡 아이디 seoul_shop", "kakao"),
        ("Signal username john.42", "signal"),
        ("ig johnsmith99", "instagram"),
        ("telegram: johnsmith", "telegram"),
        ("venmo @john-smith", "payment"),
        ("john(at)gmail.com", "email"),
        ("加微：abc123", "wechat"),
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
        "The line at the store was very long",
        "Signal is weak in the basement",
        "I found it at rakuten.co.jp cheaper",
        "receipt no. 0012-3456-7890",
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


@pytest.mark.parametrize(
    ("evasions", "ordinary"), [(EVASIONS, ORDINARY), (HELD_OUT_EVASIONS, HELD_OUT_ORDINARY)], ids=["corpus", "held-out"]
)
def test_nearly_every_evasion_in_the_corpus_is_caught_and_ordinary_talk_kept(
    evasions: tuple[tuple[str, str], ...], ordinary: tuple[str, ...]
) -> None:
    caught = [text for text, _ in evasions if mask_contacts(text).parts]
    masked = [text for text in ordinary if mask_contacts(text).parts]

    assert len(caught) / len(evasions) >= 0.95, set(text for text, _ in evasions) - set(caught)
    assert len(masked) / len(ordinary) <= 0.01, masked


def test_a_disguised_number_is_hidden_where_it_was_written_and_the_words_around_it_stay() -> None:
    assert mask_contacts("call me 138\u200b0013\u200b8000 after 6").text == f"call me {MASK} after 6"
    assert mask_contacts("电话 １３８－００１３－８０００，谢谢").text == f"电话 {MASK}，谢谢"
    assert mask_contacts("ok, 1 3 8 0 0 1 3 8 0 0 0 and 2 pcs").text == f"ok, {MASK} and 2 pcs"
    assert mask_contacts("john at gmail dot com, thanks").text == f"{MASK}, thanks"
    assert mask_contacts("add me: t[.]me/mei88 or LINE ID: yuki_88!").text == f"add me: {MASK} or {MASK}!"


def test_a_receipt_number_shaped_like_a_phone_number_stays() -> None:
    assert mask_contacts("receipt 0012-3456-7890").parts == ()
    assert mask_contacts("Yamato tracking 1234-5678-9012, ¥1,299,000 paid").parts == ()


def test_numbers_are_read_as_dialled_in_the_parties_countries_too() -> None:
    """An 8-digit Singapore mobile is no number in the countries buyers usually work in, but is one in Singapore."""
    assert mask_contacts("call 9123 4567").parts == ()
    assert hidden_in("call 9123 4567", ["SG"]) == ["phone"]


def test_a_number_behind_hundreds_of_decoy_numbers_is_still_hidden_and_quickly() -> None:
    decoys = "-".join(f"{n % 1000:03d}" for n in range(7, 7 * 800, 7))

    started = time.perf_counter()
    masked = mask_contacts(f"{decoys} call 138 0013 8000")

    assert time.perf_counter() - started < 2
    assert masked.text.endswith(f" call {MASK}")


def hidden_in(text: str, regions: list[str]) -> list[str]:
    return [part.kind for part in mask_contacts(text, regions).parts]


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
