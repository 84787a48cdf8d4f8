"""Helpers shared by the test modules (test modules never import from each other)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
REVISE = ROOT / "tests" / "fixtures" / "revise"
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"

# Seconds: a hang detector for the inputs built to blow up (an alias bomb, a million-item
# list, a quadratic pattern over 4 MB), never a speed target (speeds are benchmarks/'s). Far
# above any honest run on a loaded machine, far below the blow-up itself (minutes, hours or
# all memory).
CEILING = 60.0

UPDATE_GOLDEN_ENV = "CASESTUDY_UPDATE_GOLDEN"
REQUIRE_TOOLS_ENV = "CASESTUDY_REQUIRE_TOOLS"


# --- the session's environment ---------------------------------------------------------------

_SESSION_ENV = ("CASESTUDY_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "TZ")
_saved: dict[str, str | None] = {}
_session_dir: list[Path] = []


def pin_session_env() -> Path:
    """Point every user folder at a session temporary folder and pin TZ=UTC (once per run;
    conftest.py calls it at import, before any test module loads the pack)."""
    if _session_dir:
        return _session_dir[0]
    folder = Path(tempfile.mkdtemp(prefix="casestudy-tests-"))
    _session_dir.append(folder)
    for name in _SESSION_ENV:
        _saved[name] = os.environ.get(name)
    os.environ["CASESTUDY_HOME"] = str(folder / "home")
    for name in _SESSION_ENV[1:-1]:
        os.environ[name] = str(folder / name.lower())
    os.environ["TZ"] = "UTC"
    time.tzset()
    if not os.access(ROOT, os.W_OK):  # a read-only checkout: Hypothesis keeps its examples elsewhere
        _saved.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"))
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(folder / "hypothesis")
    return folder


def restore_session_env() -> None:
    for name, value in _saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    time.tzset()
    while _session_dir:
        shutil.rmtree(_session_dir.pop(), ignore_errors=True)


def writable_copy(source: Path, dest: Path) -> Path:
    """A copy of a folder that the test can edit, even when the checkout is read-only
    (copytree keeps the source's modes)."""
    shutil.copytree(source, dest)
    for folder, _dirs, files in os.walk(dest):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a (pack) file with `new`; `old` must be there."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# --- golden files ----------------------------------------------------------------------------


def golden(name: str, text: str, folder: Path = GOLDEN) -> None:
    """Compare `text` with tests/golden/<name>.

    With CASESTUDY_UPDATE_GOLDEN set, the file is rewritten and the test FAILS, so an update
    is never a green run: review the diff, then run again without the variable. Under CI
    (CI set) nothing is rewritten."""
    path = folder / name
    if os.environ.get(UPDATE_GOLDEN_ENV):
        if os.environ.get("CI"):
            pytest.fail(f"{UPDATE_GOLDEN_ENV} is set under CI: golden files are never rewritten in CI ({name})")
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"golden rewritten: review the diff ({path})")
    assert path.is_file(), f"no golden file {path}: run with {UPDATE_GOLDEN_ENV}=1 once, then review it"
    assert text == path.read_text(encoding="utf-8")


# --- external tools: optional locally, required in CI ---------------------------------------


def tools_required() -> bool:
    """True when the run must have every external tool (.ci/run sets CASESTUDY_REQUIRE_TOOLS=1)."""
    return os.environ.get(REQUIRE_TOOLS_ENV, "") not in ("", "0")


def require(available: bool, reason: str) -> None:
    """Inside a test: skip (locally) or fail (CASESTUDY_REQUIRE_TOOLS) when a tool is missing."""
    if available:
        return
    if tools_required():
        pytest.fail(f"{REQUIRE_TOOLS_ENV} is set but {reason}")
    pytest.skip(reason)


MARKDOWNLINT = ROOT / "node_modules" / ".bin" / "markdownlint"
MARKDOWNLINT_MISSING = (
    "markdownlint-cli is not installed: run `npm install --no-save markdownlint-cli@0.50.0` in the repository root"
)


def have_markdownlint() -> bool:
    return MARKDOWNLINT.is_file()


def needs_markdownlint(test):
    """Skip without markdownlint locally; under CASESTUDY_REQUIRE_TOOLS fail instead."""
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        require(have_markdownlint(), MARKDOWNLINT_MISSING)
        return test(*args, **kwargs)

    return wrapper


def markdownlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARKDOWNLINT), "--config", str(ROOT / ".markdownlint.json"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def progress_db() -> Path:
    """Where the CLI keeps progress for the test's environment ($CASESTUDY_HOME)."""
    from casestudy.env import Environment
    from casestudy.revise.store import DB_NAME

    return Environment.from_os().data_dir() / DB_NAME


class ScriptedStudent:
    """A student answering from a list, one answer per prompt (an exception instance in the
    list is raised instead; EOFError when they run out), with a fake clock that moves only
    while the student thinks: answer i takes `thinking[i]` seconds (0 when not given)."""

    def __init__(self, answers, thinking=(), start: float = 0.0) -> None:
        self.answers, self.thinking, self.now = list(answers), list(thinking), start
        self.prompts: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.thinking:
            self.now += self.thinking.pop(0)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def boxed_words(text: str) -> str:
    """The words of a boxed message (Click's usage error, a panel), without the box's sides:
    a message that wraps inside the box reads as one line."""
    return " ".join(text.replace("│", " ").split())
