"""Installs come from the lock files: every dependency pinned with its hashes, at a version pyproject.toml allows,
and what is installed is what the lock says (`make install` and `make install-dev` install from them)."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    found = {canonicalize_name(name): pinned for name, pinned, _ in PIN.findall(text)}
    assert len(found) == len(re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)), f"a pin in {lock} has no hash"
    return found


LOCKS = {
    "requirements.lock": PROJECT["dependencies"],
    "requirements-dev.lock": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"],
}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_dependency_is_pinned_with_hashes_at_a_version_pyproject_allows(lock: str) -> None:
    pinned = pins(lock)
    for line in LOCKS[lock]:
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in pinned, f"{wanted.name} is not in {lock}: run `make lock`"
        assert wanted.specifier.contains(pinned[name], prereleases=True), f"{lock} pins {name} {pinned[name]}"


def test_what_is_installed_is_what_the_lock_says() -> None:
    installed = {}
    for name in pins("requirements-dev.lock"):
        try:
            installed[name] = version(name)
        except PackageNotFoundError:
            installed[name] = "missing"
    assert installed == pins("requirements-dev.lock")
