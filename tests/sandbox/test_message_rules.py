"""What Telegram refuses, and how it words it: aiogram raises TelegramBadRequest with the description."""

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from sandbox import Driver


def keyboard(callback_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Buy", callback_data=callback_data)]])


async def started_user(driver: Driver) -> int:
    user = driver.create_user("Alice")
    await driver.send_text(user, "/start")
    return user.id


async def test_text_must_have_1_to_4096_characters(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)

    with pytest.raises(TelegramBadRequest, match=r"^Telegram server says - Bad Request: message text is empty$"):
        await bot.send_message(chat_id, "   \n ")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(chat_id, "x" * 4097)
    longest = await bot.send_message(chat_id, "字" * 4096)

    assert longest.text == "字" * 4096
    assert [message.message_id for message in driver.messages(chat_id)] == [longest.message_id]


async def test_the_limit_counts_text_after_html_parsing(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)

    sent = await bot.send_message(chat_id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(chat_id, "<b> </b>", parse_mode="HTML")

    assert len(sent.text or "") == 4096
    assert sent.entities is not None and sent.entities[0].type == "bold"


async def test_captions_are_limited_to_1024_characters(bot: Bot, driver: Driver) -> None:
    from aiogram.types import BufferedInputFile

    from sandbox import make_png

    chat_id = await started_user(driver)
    photo = BufferedInputFile(make_png(20, 20), "p.png")

    with pytest.raises(TelegramBadRequest, match="Bad Request: message caption is too long"):
        await bot.send_photo(chat_id, photo, caption="c" * 1025)
    sent = await bot.send_photo(chat_id, photo, caption="c" * 1024)

    assert sent.caption == "c" * 1024
    assert len(driver.messages(chat_id)) == 1


async def test_callback_data_must_be_1_to_64_bytes(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)

    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(chat_id, "Pick", reply_markup=keyboard("é" * 33))  # 66 bytes in UTF-8
    sent = await bot.send_message(chat_id, "Pick", reply_markup=keyboard("d" * 64))

    assert driver.message(chat_id, sent.message_id).button("Buy")["callback_data"] == "d" * 64


async def test_inline_buttons_need_an_action(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    text_only = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Nothing")]])

    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed in the inline keyboard"):
        await bot.send_message(chat_id, "Pick", reply_markup=text_only)


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("Hi <script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 3'),
        ("Price < 100", 'Unsupported start tag "" at byte offset 6'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Tom & Jerry", 'character "&" must be escaped as "&amp;" at byte offset 4'),
        ("a > b", 'character ">" must be escaped as "&gt;" at byte offset 2'),
        ("&nbsp;", 'character "&" must be escaped'),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("价格<", "Unclosed start tag at byte offset 6"),
    ],
)
async def test_html_that_telegram_cannot_parse_is_refused(bot: Bot, driver: Driver, markup: str, reason: str) -> None:
    chat_id = await started_user(driver)

    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(chat_id, markup, parse_mode="HTML")

    assert refused.value.message.startswith("Bad Request: can't parse entities: ")
    assert reason in refused.value.message
    assert driver.messages(chat_id) == []


async def test_escaped_user_text_arrives_as_the_user_typed_it(bot: Bot, driver: Driver) -> None:
    import html

    chat_id = await started_user(driver)
    typed = "Tom & Jerry <3 \"quotes\" 'single' > 2"

    sent = await bot.send_message(
        chat_id,
        f'<b>Request:</b> {html.escape(typed)} <a href="https://example.com/?a=1&amp;b=2">link</a> &#x1F600;',
        parse_mode="HTML",
    )

    assert sent.text == f"Request: {typed} link 😀"
    entities = [(e.type, e.offset, e.length, e.url) for e in sent.entities or []]
    assert entities == [
        ("bold", 0, 8, None),
        ("text_link", len(f"Request: {typed} "), 4, "https://example.com/?a=1&b=2"),
    ]


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    sent = await bot.send_message(chat_id, "Offer: 100 JPY", reply_markup=keyboard("accept:1"))

    with pytest.raises(TelegramBadRequest, match="Bad Request: message is not modified: specified new message"):
        await bot.edit_message_text(
            "Offer: 100 JPY", chat_id=chat_id, message_id=sent.message_id, reply_markup=keyboard("accept:1")
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=sent.message_id, reply_markup=keyboard("accept:1")
        )
    edited = await bot.edit_message_text("Offer: 120 JPY", chat_id=chat_id, message_id=sent.message_id)

    assert isinstance(edited, type(sent)) and edited.edit_date is not None
    now = driver.message(chat_id, sent.message_id)
    assert now.text == "Offer: 120 JPY" and now.edited
    assert now.buttons == []  # an edit without reply_markup removes the keyboard, as on Telegram


async def test_edit_and_delete_of_unknown_messages_are_refused(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    sent = await bot.send_message(chat_id, "Soon gone")

    assert await bot.delete_message(chat_id, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to delete not found"):
        await bot.delete_message(chat_id, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("Back?", chat_id=chat_id, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: there is no caption in the message to edit"):
        await bot.edit_message_caption(
            chat_id=chat_id, message_id=(await bot.send_message(chat_id, "t")).message_id, caption="c"
        )
    assert [message.text for message in driver.messages(chat_id)] == ["t"]


async def test_the_bot_cannot_write_first_or_to_someone_who_blocked_it(bot: Bot, driver: Driver) -> None:
    stranger = driver.create_user("Stranger")
    fan = driver.create_user("Fan")
    await driver.send_text(fan, "/start")
    driver.block_bot(fan)

    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "Hello?")
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(fan.id, "Hello?")
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(1, "Hello?")


async def test_invoice_payload_must_be_1_to_128_bytes(bot: Bot, driver: Driver) -> None:
    from aiogram.types import LabeledPrice

    chat_id = await started_user(driver)
    prices = [LabeledPrice(label="Deposit", amount=1500)]

    with pytest.raises(TelegramBadRequest, match="Bad Request: INVOICE_PAYLOAD_INVALID"):
        await bot.send_invoice(chat_id, "Deposit", "Order 1", "p" * 129, "USD", prices, provider_token="test")
    sent = await bot.send_invoice(chat_id, "Deposit", "Order 1", "p" * 128, "USD", prices, provider_token="test")

    assert sent.invoice is not None and sent.invoice.total_amount == 1500 and sent.invoice.currency == "USD"
