"""Typed domain errors with stable codes.

Front ends translate `code` (for example `order.invalid_transition`) into the user's
language and may interpolate `params`; the codes never change meaning once shipped.
"""

from typing import Any


class DomainError(Exception):
    code: str = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(self.code if not params else f"{self.code} {params}")


class InvalidInput(DomainError):
    """The user typed something the domain refuses (empty text, absurd price, past deadline...)."""

    code = "input.invalid"


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    """The acting user may not do this to this object."""

    code = "forbidden"


class InvalidState(DomainError):
    """The object is not in a state that allows this action (anymore)."""

    code = "state.invalid"


class PromptOutdated(InvalidState):
    """The order changed after a prompt said what a step would do, and the step would now do something else.

    Nothing was applied: show the person what the step means now and let them confirm again.
    """

    code = "order.prompt_outdated"


class Conflict(DomainError):
    """Someone else got there first, or the thing already exists."""

    code = "conflict"


class InsufficientFunds(DomainError):
    code = "ledger.insufficient_funds"


class IdempotencyConflict(DomainError):
    """An idempotency key was reused for a different movement of money."""

    code = "ledger.idempotency_conflict"


class AlreadyPosted(Conflict):
    """A transfer to be posted once found its idempotency key posted before: this call moved nothing."""

    code = "ledger.already_posted"


class OutOfStock(Conflict):
    code = "listing.out_of_stock"


class Throttled(DomainError):
    """Too many attempts in a short time; try again after `retry_after` seconds."""

    code = "throttled"
