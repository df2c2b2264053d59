"""The installed `daigou` command run as an operator would, and a database it migrated once for the whole run.

Migrating a new SQLite file costs seconds of CPU (Tortoise replays every migration's model state), so the tests
whose story starts after the release step (`daigou migrate`) take a copy of one file it built, not a run each.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from tests.test_config import SETTING_NAMES

LOCALE_NAMES = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}  # the operator's language

DAIGOU = str(Path(sys.executable).with_name("daigou"))


def daigou(cwd: Path, *args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with only the given settings and locale, away from any `.env`."""
    env = {key: value for key, value in os.environ.items() if key.upper() not in {*SETTING_NAMES, *LOCALE_NAMES}}
    env.update(settings)
    return subprocess.run(
        [DAIGOU, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def migrated_once(folder: Path) -> Path:
    """A SQLite file `daigou migrate` built in `folder`, built by whichever process asks first (xdist workers
    share the folder; the others wait on the lock and find it there). What the command printed is kept beside it,
    in the file's name with `.out`."""
    template = folder / "migrated.sqlite3"
    with (folder / "migrated.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not template.exists():
            building = folder / "migrating.sqlite3"
            done = daigou(folder, "migrate", DATABASE_URL=f"sqlite://{building}")
            assert done.returncode == 0, done.stderr
            template.with_suffix(".out").write_text(done.stdout)
            building.rename(template)
    return template
