"""The last step of a wizard: the core service decides, the wizard re-asks or ends."""

from collections.abc import Coroutine
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.fsm.context import FSMContext

from bot.error_texts import describe
from core.errors import DomainError, InvalidInput
from core.services.users import Person

T = TypeVar("T")


async def attempt(bot: Bot, user: Person, state: FSMContext, question: str, step: Coroutine[Any, Any, T]) -> T | None:
    """Await `step`; None after bad input, re-asking `question` with the hint.

    Any other refusal (the order moved on, say) ends the wizard and propagates, so the
    error middleware explains it like anywhere else.
    """
    try:
        return await step
    except InvalidInput as error:
        await bot.send_message(user.telegram_id, describe(error) + "\n" + question)
        return None
    except DomainError:
        await state.clear()
        raise
