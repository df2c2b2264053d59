from typing import Any, Self, overload

from tortoise.models import Model

from core.domain.money import Money


class AsMoney:
    """An amount column (minor units) read as Money in its row's `currency`: `total_money = AsMoney("total")`."""

    def __init__(self, column: str) -> None:
        self.column = column

    @overload
    def __get__(self, row: None, owner: type[Model]) -> Self: ...

    @overload
    def __get__(self, row: Model, owner: type[Model]) -> Money: ...

    def __get__(self, row: Any, owner: type[Model]) -> Self | Money:
        return self if row is None else Money(getattr(row, self.column), row.currency)
