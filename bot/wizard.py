"""Chat wizards declared as data: each step's question, how its answer is read and what is kept of it.

A `Wizard` is a list of `Step`s over one StatesGroup. It asks each step's question, reads what the
person sends (typed text, a photo, an album, Skip or Done), keeps the answers in the chat's FSM
data (JSON values only: production keeps them in Redis), re-asks with a hint after an answer that
is not one or that core refuses, and hands the answers to `finish` after the last step. Buttons
particular to one wizard (a pick from a list, Confirm) are ordinary handlers that call `advance`;
/cancel at any step is `common.cancel`, which clears the state.
"""

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import KW_ONLY, dataclass
from inspect import isawaitable
from typing import Any, TypeVar

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from babel.support import LazyProxy

from bot.callbacks import Choice
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.photo_albums import collect_photo, photo_ids
from bot.presenters.pickers import done_keyboard
from core.errors import DomainError, InvalidInput
from core.services.people.users import Person

T = TypeVar("T")

Answers = dict[str, Any]
Question = tuple[str, InlineKeyboardMarkup | None]
# Called with the chat's state already cleared, so a finish may start another wizard.
Finish = Callable[[Bot, Person, FSMContext, Answers], Awaitable[None]]


@dataclass(frozen=True)
class Photos:
    """Up to `limit` photos kept under `key`, one by one or as albums, until Done.

    `progress` (with {kept} and {max}) answers each photo or album; `full` (with {refused} too) answers
    photos beyond the limit. `check` runs on Done, and a refusal answers the press.
    """

    key: str
    limit: int
    progress: LazyProxy
    full: LazyProxy
    check: Callable[[list[str]], object] | None = None


@dataclass(frozen=True)
class Step:
    """One question of a wizard.

    `read` turns typed text into the answers to keep, None when the text is no answer to this step,
    or raises InvalidInput to have the question asked again after what is wrong; it may be a coroutine
    function, to ask core (a price, say, against the deposit share in force). Anything but an
    answer is told `expects`, followed by the question again unless `reminds` is off (where
    `expects` points at the question above); without `expects` it gets the question again.
    A step `ends` the wizard when the steps after it are not its continuation.
    """

    state: State
    question: Callable[[Answers], Question] | None = None  # None with `show`
    _: KW_ONLY
    expects: LazyProxy | None = None  # None: the question again
    reminds: bool = True
    read: Callable[[str, Answers], Answers | Awaitable[Answers | None] | None] | None = None
    photo: str | None = None  # one photo, kept under this key
    photos: Photos | None = None
    skip: Answers | None = None  # the answers a Skip press keeps
    show: Callable[[Bot, Person, Answers], Awaitable[None]] | None = None  # asks other than by a text message
    ends: bool = False

    @property
    def name(self) -> str:
        return step_name(self.state)


def step_name(state: State) -> str:
    """`NewListing:price` -> `price`: the value of the step's Skip and Done buttons."""
    return (state.state or "").rpartition(":")[2]


def with_hint(hint: str, question: str) -> str:
    return f"{hint}\n\n{question}" if hint else question


class Wizard:
    """The steps of one wizard, with the handlers that read their answers (registered on `handlers`)."""

    def __init__(
        self, handlers: Handlers, *steps: Step, finish: Finish | None = None, keeps: tuple[str, ...] = ()
    ) -> None:
        """`keeps`: keys of the chat's data that outlive the wizard (the latest search, whose More still works)."""
        self.steps = steps
        self.finish = finish
        self.keeps = keeps
        self._steps = {step.state.state: step for step in steps}

        def at(having: str) -> list[State]:
            return [step.state for step in steps if getattr(step, having) is not None]

        if at("read"):
            handlers.message(StateFilter(*at("read")), TYPED)(self._typed)
        if at("photo"):
            handlers.message(StateFilter(*at("photo")), F.photo)(self._photo)
        if at("photos"):
            handlers.message(StateFilter(*at("photos")), F.photo)(self._album_photo)
            handlers.callback_query(StateFilter(*at("photos")), Choice.filter(F.field == "done"))(self._done)
        if at("skip"):
            handlers.callback_query(StateFilter(*at("skip")), Choice.filter(F.field == "skip"))(self._skipped)
        handlers.otherwise(StateFilter(*[step.state for step in steps]), ~F.text.startswith("/"))(self._otherwise)

    async def step(self, state: FSMContext) -> Step:
        return self._steps[await state.get_state()]

    async def begin(self, state: FSMContext, data: Answers) -> None:
        """Start at the first step without asking: for a wizard whose opening message says more."""
        await state.set_state(self.steps[0].state)
        await state.set_data(self._kept(await state.get_data()) | data)

    async def start(self, bot: Bot, user: Person, state: FSMContext, data: Answers, preface: str = "") -> None:
        await self.begin(state, data)
        await self.ask(bot, user, state, preface)

    async def ask(self, bot: Bot, user: Person, state: FSMContext, hint: str = "") -> None:
        """Ask the question of the step the wizard is at, after `hint` when re-asking."""
        step, data = await self.step(state), await state.get_data()
        if step.show is not None:
            await step.show(bot, user, data)
            return
        assert step.question is not None
        text, markup = step.question(data)
        await bot.send_message(user.telegram_id, with_hint(hint, text), reply_markup=markup)

    async def advance(
        self, bot: Bot, user: Person, state: FSMContext, answers: Answers | None = None, to: State | None = None
    ) -> None:
        """Keep `answers` and ask the next question (the one at `to`, if given), or finish after the last step.

        Finishing clears the state before core is called, so a second press finds nothing left to do.
        A refusal core explains as bad input puts the wizard back as it was and re-asks; any other ends it.
        """
        step = await self.step(state)
        answers = answers or {}
        if to is None and (step.ends or step is self.steps[-1]):
            assert self.finish is not None
            data = await state.get_data()
            await state.set_state(None)
            await state.set_data(self._kept(data))
            try:
                await self.finish(bot, user, state, data | answers)
            except InvalidInput as error:
                await state.set_state(step.state)
                await state.set_data(data)
                await self.ask(bot, user, state, describe(error))
            return
        await state.update_data(answers)
        await state.set_state(to or self.steps[self.steps.index(step) + 1].state)
        await self.ask(bot, user, state)

    def _kept(self, data: Answers) -> Answers:
        return {key: value for key, value in data.items() if key in self.keeps}

    async def redraw(self, query: CallbackQuery, state: FSMContext) -> None:
        """Redraw the pressed question's keyboard from the answers now kept (a tick added or taken off)."""
        question = (await self.step(state)).question
        if question is not None and isinstance(query.message, Message):
            _text, markup = question(await state.get_data())
            await query.message.edit_reply_markup(reply_markup=markup)

    async def answer(
        self,
        bot: Bot,
        user: Person,
        state: FSMContext,
        read: Callable[[], Answers | Awaitable[Answers | None] | None],
    ) -> None:
        """Advance with what `read` makes of an answer; re-ask when it is no answer or core refuses it."""
        try:
            answers = read()
            if isawaitable(answers):
                answers = await answers
        except InvalidInput as error:
            await self.ask(bot, user, state, describe(error))
            return
        if answers is None:
            await self._remind(bot, user, state, await self.step(state))
            return
        await self.advance(bot, user, state, answers)

    async def _typed(self, message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
        step, data = await self.step(state), await state.get_data()
        assert step.read is not None and message.text is not None
        text, read = message.text, step.read
        await self.answer(bot, user, state, lambda: read(text, data))

    async def _photo(self, message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
        step = await self.step(state)
        assert step.photo is not None and message.photo
        await self.advance(bot, user, state, {step.photo: message.photo[-1].file_id})

    async def _album_photo(self, message: Message, state: FSMContext) -> None:
        step = await self.step(state)
        photos = step.photos
        assert photos is not None
        collected = await collect_photo(message, state, photos.key, photos.limit)
        if collected is None:
            return  # a later photo of the same album answers for all of them
        text = photos.full if collected.refused else photos.progress
        said = str(text).format(kept=collected.kept, max=photos.limit, refused=collected.refused)
        await message.answer(said, reply_markup=done_keyboard(step.name))

    async def _done(
        self, query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
    ) -> None:
        step = await self.step(state)
        assert step.photos is not None
        if callback_data.value != step.name:
            await query.answer(_("This button is no longer available."), show_alert=True)
            return
        if step.photos.check is not None:
            step.photos.check(photo_ids(await state.get_data(), step.photos.key))
        await self.advance(bot, user, state)
        await query.answer()

    async def _skipped(
        self, query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
    ) -> None:
        step = await self.step(state)
        if callback_data.value != step.name:
            await query.answer(_("This button is no longer available."), show_alert=True)
            return
        await self.advance(bot, user, state, step.skip)
        await query.answer()

    async def _otherwise(self, message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
        """A sticker, voice, photo or text where the step expects something else: say what it expects."""
        await self._remind(bot, user, state, await self.step(state))

    async def _remind(self, bot: Bot, user: Person, state: FSMContext, step: Step) -> None:
        if step.expects is None or step.reminds:
            await self.ask(bot, user, state, "" if step.expects is None else str(step.expects))
            return
        markup = done_keyboard(step.name) if step.photos is not None else None  # the Done the hint names
        await bot.send_message(user.telegram_id, str(step.expects), reply_markup=markup)


async def attempt(bot: Bot, user: Person, state: FSMContext, question: str, step: Coroutine[Any, Any, T]) -> T | None:
    """Await `step`; None after bad input, re-asking `question` with the hint.

    For a chat that stays open after each message (the relay chat), where no step finishes.
    Any other refusal (the order moved on, say) ends it and propagates, so the error
    middleware explains it like anywhere else.
    """
    try:
        return await step
    except InvalidInput as error:
        await bot.send_message(user.telegram_id, with_hint(describe(error), question))
        return None
    except DomainError:
        await state.clear()
        raise
