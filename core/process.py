"""Starting one of the product's long-running processes: logging, settings, and an exit code operators can trust."""

import asyncio
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from core.config import ConfigError, load_settings, use_settings
from core.logs import configure_logging


def stop_on_signals() -> asyncio.Event:
    """An event SIGTERM or SIGINT sets: a process's work watches it and winds down, instead of dying mid-step."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


def run_process(name: str, work: Callable[[], Coroutine[Any, Any, None]]) -> int:
    """Install the settings and run `work`; a bad setting is one line naming it and exit code 2, Ctrl-C exits 0."""
    try:
        settings = load_settings()
        configure_logging(settings)
        use_settings(settings)
        asyncio.run(work())
    except ConfigError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
