"""Telegram types are built when the bot first meets them (bot/telegram_types.py), and all of them still can be."""

import subprocess
import sys

import pytest
from aiogram import methods, types
from pydantic import BaseModel

pytestmark = pytest.mark.e2e


def test_the_bot_starts_without_building_types_it_has_not_used() -> None:
    probe = "import bot.app; from aiogram.types import Sticker; print(Sticker.__pydantic_complete__)"
    built = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert built.strip() == "False"


def test_every_telegram_type_and_method_builds_on_first_use() -> None:
    models = [
        model
        for module in (types, methods)
        for name in module.__all__
        if isinstance(model := getattr(module, name), type) and issubclass(model, BaseModel)
    ]
    assert len(models) > 500
    for model in models:
        assert callable(model.__pydantic_validator__.validate_python)  # a mock's attribute builds the real one
        assert model.__pydantic_complete__, model.__name__
