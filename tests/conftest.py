from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casestudy.cli import app

pytest.register_assert_rewrite("tests.helpers")  # its asserts (golden files) explain a failure

from tests.helpers import MINI, REVISE, ROOT, pin_session_env, restore_session_env, writable_copy  # noqa: E402 (after the rewrite hook)

__all__ = ["MINI", "REVISE", "ROOT"]

# Before any test module is imported: modules that load the pack at import time
# (collection) must not touch the user's real ~/.cache/casestudy or data folder either,
# and dates ("today", streaks, due today) must not depend on the machine's time zone.
pin_session_env()


def pytest_unconfigure(config):
    restore_session_env()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own user data and cache folders, UTC and a predictable terminal."""
    home = tmp_path / "home"
    monkeypatch.setenv("CASESTUDY_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for name in ("CASESTUDY_PACK", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    from casestudy.env import Environment

    run = Environment.from_os()
    for where in (run.cache_dir(), run.data_dir()):
        assert where.is_relative_to(tmp_path), f"{where} is outside the test's temporary folder"
    return home


@pytest.fixture
def far_west(monkeypatch):
    """Run the test in Honolulu (UTC−10), where the local date is behind UTC's most of the day."""
    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def run():
    """Invoke the CLI as a user would; returns Click's Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def mini_pack(tmp_path) -> Path:
    """A writable copy of the small test pack."""
    return writable_copy(MINI, tmp_path / "pack")
