"""Telegram types built when first used, not all at `import aiogram`.

aiogram's `types/__init__.py` calls `model_rebuild()` on each of its ~400 types at import, which builds every
pydantic validator whatever `defer_build` says: 100 MiB of RSS and 2.5 s of start-up more than a bot needs that
handles a few kinds of update and calls a few dozen methods (docs/benchmarks.md, "Memory"). Importing aiogram through
`defer_telegram_types()` skips that loop. Each type then keeps the mock validator `defer_build` gives it and
pydantic builds the real one on first use. The forward references aiogram resolved with its loop's
namespace (`Optional["Message"]`, names its modules import only for type checkers) are resolved from the
same names, put into the modules that declare the types.

This module must run before anything imports aiogram: `bot/__init__.py` calls it, and pytest loads `bot`
first (`-p bot` in pyproject.toml). When aiogram is already imported it does nothing.
"""

import sys
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

_TYPE_MODULES = ("aiogram.types.", "aiogram.methods.")


def defer_telegram_types() -> None:
    """Import aiogram without building its types' validators; see the module's docstring."""
    if "aiogram" in sys.modules:
        return
    namespaces: list[Mapping[str, Any]] = []
    rebuild = BaseModel.__dict__["model_rebuild"]

    def keep_namespace(cls: type[BaseModel], **kwargs: Any) -> bool | None:
        namespace = kwargs.get("_types_namespace")
        if namespace is None:  # not aiogram's import loop: build as asked
            return rebuild.__func__(cls, **kwargs)
        namespaces.append(namespace)
        return None

    BaseModel.model_rebuild = classmethod(keep_namespace)  # type: ignore[method-assign,assignment]
    try:
        import aiogram  # noqa: F401
    finally:
        BaseModel.model_rebuild = rebuild  # type: ignore[method-assign]
    if namespaces:
        _resolvable_everywhere(namespaces[0])


def _resolvable_everywhere(namespace: Mapping[str, Any]) -> None:
    """Every name of aiogram's types namespace, in each module that declares a type or a method."""
    for name, module in list(sys.modules.items()):
        if name.startswith(_TYPE_MODULES) and module is not None:
            for key, value in namespace.items():
                module.__dict__.setdefault(key, value)
