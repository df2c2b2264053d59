"""The Procfile as a platform reads it, and the four processes the deploy guide describes."""

import pytest

from bench.rehearsal.procfile import PROCFILE, read_procfile


def test_the_procfile_names_the_processes_the_deploy_guide_describes() -> None:
    assert read_procfile(PROCFILE.read_text()) == {
        "release": "daigou migrate",
        "web": "python -m admin_web",
        "bot": "python -m bot",
        "scheduler": "python -m scheduler",
    }


def test_comments_and_blank_lines_are_skipped_and_commands_keep_their_own_colons() -> None:
    text = "# deploy\n\nweb:   gunicorn app:main --bind 0.0.0.0:$PORT\n  worker: python -m worker  \n"
    assert read_procfile(text) == {"web": "gunicorn app:main --bind 0.0.0.0:$PORT", "worker": "python -m worker"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("web python -m admin_web", "line 1 is not `name: command`"),
        ("web:\n", "line 1 is not `name: command`"),
        ("bot: python -m bot\nbot: python -m bot", "line 2 names 'bot' again"),
    ],
)
def test_a_line_a_platform_would_not_read_is_named(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        read_procfile(text)
