"""The front ends get plain values from core, never rows: no Tortoise model in any bot/ or admin_web/ signature.

Ruff's TID251 bans importing `core.models` there (bot/ruff.toml, admin_web/ruff.toml), but a row can still cross
without an import: returned by a service, or inside a value that holds one. So this walks every function and
method the front ends define, their parameters and return types, and the fields of every dataclass those name.
"""

import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiohttp import web
from tortoise.models import Model

FRONT_ENDS = ("bot", "admin_web")


def _modules() -> Iterator[types.ModuleType]:
    for package_name in FRONT_ENDS:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not info.name.endswith("__main__"):
                yield importlib.import_module(info.name)


def _functions(module: types.ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The functions and methods defined in `module` (not those it imports)."""
    for name, member in vars(module).items():
        if inspect.isfunction(member) and member.__module__ == module.__name__:
            yield f"{module.__name__}.{name}", member
        elif inspect.isclass(member) and member.__module__ == module.__name__:
            for method_name, method in vars(member).items():
                function = getattr(method, "__func__", method)
                if inspect.isfunction(function):
                    yield f"{module.__name__}.{name}.{method_name}", function


def _rows_in(annotation: Any, seen: set[int]) -> Iterator[str]:
    """The model classes an annotation names, directly or through containers and dataclass fields."""
    if id(annotation) in seen:
        return
    seen.add(id(annotation))
    if inspect.isclass(annotation) and issubclass(annotation, Model):
        yield annotation.__name__
        return
    for argument in typing.get_args(annotation):
        yield from _rows_in(argument, seen)
    if inspect.isclass(annotation) and dataclasses.is_dataclass(annotation):
        for field_type in typing.get_type_hints(annotation).values():
            for row in _rows_in(field_type, seen):
                yield f"{annotation.__name__}.{row}"


def rows_in_signatures() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module in _modules():
        for name, function in _functions(module):
            # aiohttp's middleware `Handler` alias names its own types as strings: resolve them in aiohttp.web.
            hints = typing.get_type_hints(function, localns=vars(web))
            rows = [row for hint in hints.values() for row in _rows_in(hint, set())]
            if rows:
                found[name] = rows
    return found


def test_no_front_end_function_takes_or_returns_a_row() -> None:
    assert rows_in_signatures() == {}


def test_a_row_hidden_inside_a_value_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a row two values deep in a return type is reported."""
    from bot.presenters import text
    from core.models.orders import Order

    @dataclasses.dataclass(frozen=True)
    class Inner:
        order: Order | None

    @dataclasses.dataclass(frozen=True)
    class Card:
        parts: tuple[Inner, ...]

    def card() -> Card:
        raise NotImplementedError

    card.__module__ = text.__name__
    monkeypatch.setattr(text, "card", card, raising=False)
    assert rows_in_signatures() == {f"{text.__name__}.card": ["Card.Inner.Order"]}
