"""Inline keyboards for answering a wizard's question by tapping: one value, several, or Skip."""

from collections.abc import Collection, Iterable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import Choice

PICKED = "✅ "


def pick_keyboard(
    field: str,
    options: Iterable[tuple[str, str]],
    picked: Collection[str] = (),
    done: str | None = None,
    columns: int = 2,
) -> InlineKeyboardMarkup:
    """A button per (value, label), the picked ones ticked; with `done`, a last row "Done" = Choice("done", done)."""
    builder = InlineKeyboardBuilder()
    for value, label in options:
        builder.button(text=(PICKED if value in picked else "") + label, callback_data=Choice(field=field, value=value))
    builder.adjust(columns)
    if done is not None:
        builder.row(InlineKeyboardButton(text=_("Done ✔️"), callback_data=Choice(field="done", value=done).pack()))
    return builder.as_markup()


def skip_keyboard(step: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Skip ⏭"), callback_data=Choice(field="skip", value=step))
    return builder.as_markup()


def done_keyboard(step: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Done ✔️"), callback_data=Choice(field="done", value=step))
    return builder.as_markup()
