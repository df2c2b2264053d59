"""A real aiogram Dispatcher polling the sandbox while the driver plays the user."""

import asyncio

from aiogram import Bot, Dispatcher, F
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from sandbox import Driver
from tests.polling import polling


async def test_the_bot_echoes_what_the_user_writes(bot: Bot, driver: Driver) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"You said: {message.text}")

    alice = driver.create_user("Alice", username="alice", language_code="zh")
    async with polling(dispatcher, bot):
        await driver.send_text(alice, "你好, bot")
        reply = await driver.next_message(alice)

    assert reply.text == "You said: 你好, bot"
    assert reply.raw["from"]["username"] == "daigou_sandbox_bot"
    assert [(m.from_bot, m.text) for m in driver.history(alice)] == [
        (False, "你好, bot"),
        (True, "You said: 你好, bot"),
    ]


async def test_a_command_and_its_deep_link_payload_reach_the_bot(bot: Bot, driver: Driver) -> None:
    from aiogram.filters import CommandObject, CommandStart

    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"referred by {command.args}")

    bob = driver.create_user("Bob")
    async with polling(dispatcher, bot):
        await driver.follow_link(bob, "https://t.me/daigou_sandbox_bot?start=ref_buyer42")
        reply = await driver.next_message(bob)

    assert reply.text == "referred by ref_buyer42"
    assert driver.history(bob)[0].raw["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


async def test_pressing_a_button_shows_the_bots_callback_answer(bot: Bot, driver: Driver) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(F.text == "/menu")
    async def menu(message: Message) -> None:
        buttons = [[InlineKeyboardButton(text="Buy", callback_data="buy:7")]]
        await message.answer("Listing 7", reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))

    @dispatcher.callback_query(F.data.startswith("buy:"))
    async def buy(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Listing 7 — reserved")
        await query.answer(f"Reserved {query.data}", show_alert=True)

    @dispatcher.callback_query()
    async def stale(query: CallbackQuery) -> None:
        await query.answer("Not available")

    alice = driver.create_user("Alice")
    async with polling(dispatcher, bot):
        await driver.send_text(alice, "/menu")
        card = await driver.next_message(alice)
        answer = await driver.press_button(alice, card, "Buy")
        forged = await driver.press_button(alice, card, data="buy_everything")

    assert answer.answered and answer.text == "Reserved buy:7" and answer.show_alert
    assert forged.text == "Not available"
    assert driver.message(alice, card.message_id).text == "Listing 7 — reserved"


async def test_a_reply_keyboard_button_sends_its_text(bot: Bot, driver: Driver) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(F.text == "/start")
    async def start(message: Message) -> None:
        keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="🛍 Browse")]], resize_keyboard=True)
        await message.answer("Welcome", reply_markup=keyboard)

    @dispatcher.message(F.text == "🛍 Browse")
    async def browse(message: Message) -> None:
        await message.answer("Listings: none yet")

    carol = driver.create_user("Carol")
    async with polling(dispatcher, bot):
        await driver.send_text(carol, "/start")
        welcome = await driver.next_message(carol)
        await driver.press_reply_button(carol, "🛍 Browse")
        listings = await driver.next_message(carol)

    assert welcome.keyboard is not None and welcome.reply_markup is None
    assert listings.text == "Listings: none yet"


async def test_an_inline_query_is_answered_and_its_result_shared(bot: Bot, driver: Driver) -> None:
    dispatcher = Dispatcher()

    @dispatcher.inline_query()
    async def search(query: InlineQuery) -> None:
        card = InlineQueryResultArticle(
            id="listing-7",
            title=f"Matches for {query.query}",
            input_message_content=InputTextMessageContent(message_text="<b>Tote bag</b> ¥12,800", parse_mode="HTML"),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [InlineKeyboardButton(text="Open", url="https://t.me/daigou_sandbox_bot?start=listing_7")],
                    [InlineKeyboardButton(text="Like", callback_data="like:7")],
                ]
            ),
        )
        await query.answer([card], cache_time=1, is_personal=True)

    @dispatcher.callback_query(F.inline_message_id)
    async def like(query: CallbackQuery, bot: Bot) -> None:
        await bot.edit_message_text("Tote bag ¥12,800 — 1 like", inline_message_id=query.inline_message_id)
        await query.answer("Liked")

    alice, bob = driver.create_user("Alice"), driver.create_user("Bob")
    async with polling(dispatcher, bot):
        answer = await driver.inline_query(alice, "tote")
        assert answer is not None
        shared = await driver.choose_inline_result(alice, answer, "listing-7", into=bob)
        opened = await driver.press_button(bob, shared, "Open")
        liked = await driver.press_button(bob, shared, "Like")

    assert [result["title"] for result in answer.results] == ["Matches for tote"]
    assert answer.is_personal
    assert shared.text == "Tote bag ¥12,800" and shared.raw["via_bot"]["username"] == "daigou_sandbox_bot"
    assert shared.chat_id == bob.id
    assert opened.url == "https://t.me/daigou_sandbox_bot?start=listing_7"
    assert liked.text == "Liked"
    assert driver.bot.inline_messages[shared.inline_message_id or ""].data["text"] == "Tote bag ¥12,800 — 1 like"


async def test_a_slow_bot_leaves_the_button_unanswered(bot: Bot, driver: Driver) -> None:
    dispatcher = Dispatcher()
    release = asyncio.Event()

    @dispatcher.callback_query()
    async def slow(query: CallbackQuery) -> None:
        await release.wait()

    alice = driver.create_user("Alice")
    await driver.send_text(alice, "/start")
    card = await bot.send_message(
        alice.id,
        "Card",
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Go", callback_data="go")]]),
    )
    async with polling(dispatcher, bot):
        answer = await driver.press_button(alice, card.message_id, "Go", within=0.3)
        release.set()

    assert not answer.answered and answer.text is None
