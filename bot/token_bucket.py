"""A token bucket: `burst` at once, then `rate` per second; the clock is injected so tests need no real time."""

from collections.abc import Callable


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens, self._stamp = float(burst), clock()

    def _refill(self) -> float:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        return now

    def full(self) -> bool:
        """Unused long enough to have every token back: forgetting it changes nothing."""
        self._refill()
        return self._tokens >= self.burst

    def take(self) -> bool:
        """Take a token if one is there now."""
        self._refill()
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def reserve(self) -> float:
        """Take the next token, in debt if need be: how many seconds to wait before using it."""
        self._refill()
        self._tokens -= 1
        return max(0.0, -self._tokens / self.rate)

    def pause(self, seconds: float) -> None:
        """No token for `seconds` from now (a flood wait); then they come at the usual rate."""
        self._refill()
        self._tokens = min(self._tokens, 1 - seconds * self.rate)
