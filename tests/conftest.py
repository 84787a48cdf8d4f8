from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from casestudy.cli import app

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own user data folder and a predictable terminal."""
    home = tmp_path / "home"
    monkeypatch.setenv("CASESTUDY_HOME", str(home))
    for name in ("CASESTUDY_PACK", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    return home


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
    import shutil

    dest = tmp_path / "pack"
    shutil.copytree(MINI, dest)
    return dest
