"""The product's processes as a simulation runs them: `python -m bot` and `python -m scheduler`, started, killed
with SIGKILL at any moment, and started again.

Each is forked from a fork server that imported and warmed the product once (bench/chaos/warm.py), so a start
costs ~0.2 s of CPU instead of ~2 s: the child runs the same `main()` as `python -m bot` with the environment it is
given, only its imports happened before the fork. A child dies with the fork server, which dies with the simulation,
so nothing is left running after a crash.
"""

import asyncio
import ctypes
import ctypes.util
import importlib
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Mapping
from multiprocessing.process import BaseProcess
from pathlib import Path

from bench.processes import cpu_seconds
from core.config import Settings

log = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["bench.chaos.warm"])
_PR_SET_PDEATHSIG = 1
# Every setting the product reads: a child gets exactly the ones it is given, whatever the shell exported.
_SETTINGS = tuple(name.upper() for name in Settings.model_fields)


def _enter(module: str, env: Mapping[str, str], log_path: str) -> None:
    """In the child: die with the fork server, take the given environment, write to the log, run `main()`."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    for name in _SETTINGS:
        os.environ.pop(name, None)
    os.environ.update(env)
    output = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    sys.exit(importlib.import_module(f"{module}.__main__").main())


class ProductProcess:
    """One of the product's processes (`module` is "bot" or "scheduler"), which may be killed and started again."""

    def __init__(self, name: str, module: str, env: Mapping[str, str], log_path: Path) -> None:
        self.name, self.module, self.env, self.log_path = name, module, dict(env), log_path
        self._process: BaseProcess | None = None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    async def start(self) -> None:
        """Fork it from the fork server; in a thread, as the server answers with the pid only once it forked."""
        process = _CONTEXT.Process(
            target=_enter, args=(self.module, self.env, str(self.log_path)), name=self.name, daemon=True
        )
        await asyncio.to_thread(process.start)
        self._process = process
        log.debug("%s started (pid %s)", self.name, process.pid)

    def kill(self) -> float:
        """SIGKILL, whatever it is doing; returns when (time.monotonic())."""
        if self._process is not None and self._process.pid is not None and self.alive:
            os.kill(self._process.pid, signal.SIGKILL)
        return time.monotonic()

    async def dead(self, within: float = 10.0) -> None:
        """Wait until the process has exited (after `kill`)."""
        if self._process is None or not self.alive:
            return
        exited = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_reader(self._process.sentinel, exited.set)
        try:
            async with asyncio.timeout(within):
                await exited.wait()
        finally:
            loop.remove_reader(self._process.sentinel)

    async def restart(self) -> None:
        # Killed again first: a kill that came while the process was still being forked found no pid to kill.
        self.kill()
        await self.dead()
        await self.start()

    async def stop(self) -> None:
        if self._process is not None and self._process.pid is not None and self.alive:
            log.info("%s used %.2f s of CPU", self.name, cpu_seconds(self._process.pid))
        self.kill()
        await self.dead()
        if self._process is not None:
            self._process.join(timeout=1)
