"""The test suite itself: it cannot pass by accident, and it leaves the user's files alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from casestudy.env import Environment
from tests import helpers
from tests.helpers import ROOT

# --- golden files (T1) ------------------------------------------------------------------------


def test_golden_update_rewrites_the_file_and_fails_the_run(tmp_path, monkeypatch):
    (tmp_path / "g.md").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv(helpers.UPDATE_GOLDEN_ENV, "1")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"^golden rewritten: review the diff \("):
        helpers.golden("g.md", "new\n", folder=tmp_path)
    assert (tmp_path / "g.md").read_text(encoding="utf-8") == "new\n"


def test_golden_update_is_refused_under_ci(tmp_path, monkeypatch):
    (tmp_path / "g.md").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv(helpers.UPDATE_GOLDEN_ENV, "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="never rewritten in CI"):
        helpers.golden("g.md", "new\n", folder=tmp_path)
    assert (tmp_path / "g.md").read_text(encoding="utf-8") == "old\n"


def test_golden_compares_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(helpers.UPDATE_GOLDEN_ENV, raising=False)
    (tmp_path / "g.md").write_text("old\n", encoding="utf-8")
    helpers.golden("g.md", "old\n", folder=tmp_path)
    with pytest.raises(AssertionError):
        helpers.golden("g.md", "new\n", folder=tmp_path)


def test_every_golden_comparison_uses_the_shared_helper():
    """No test module keeps its own copy of the golden logic (one that could pass on update)."""
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if path.name == "test_suite.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "def golden(" not in text, path.name
        assert "UPDATE_GOLDEN" not in text, path.name


# --- the user's folders are never touched (T14) -------------------------------------------------


def test_every_test_has_its_own_cache_and_data_folder(tmp_path):
    run = Environment.from_os()
    assert run.cache_dir().is_relative_to(tmp_path)
    assert run.data_dir().is_relative_to(tmp_path)


def test_module_level_loads_do_not_touch_the_real_user_cache(tmp_path):
    """Run a test module that loads the pack at import time, with HOME pointing at a fake
    home and no CASESTUDY_HOME / XDG variables: nothing may appear in the fake home."""
    fake_home = tmp_path / "fake-home"
    fake_home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CASESTUDY_HOME" and not k.startswith("XDG_")}
    env.update(HOME=str(fake_home), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "tests/content/test_standard.py::test_all_nine_answers_are_written"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(str(p.relative_to(fake_home)) for p in fake_home.rglob("*")) == []


# --- time zone (T12) -----------------------------------------------------------------------------


def test_the_suite_runs_in_utc():
    assert os.environ["TZ"] == "UTC"
    assert time.localtime(0).tm_gmtoff == 0
    assert datetime(2026, 5, 4, 23, 30).astimezone().utcoffset().total_seconds() == 0


def test_far_west_fixture_moves_local_time(far_west):
    assert datetime(2026, 5, 4, 9, tzinfo=timezone.utc).astimezone().date().isoformat() == "2026-05-03"


def test_far_west_test_leaves_the_next_test_in_utc():
    assert time.localtime(0).tm_gmtoff == 0


def test_no_test_imports_from_another_test_module():
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("from tests.test_", "import tests.test_", "from test_", "import test_")):
                pytest.fail(f"{path.name}: `{stripped}`: shared helpers belong in tests/helpers.py")



# --- CI requires the external tools (T8) ----------------------------------------------------------


def test_a_missing_tool_skips_locally_and_fails_when_required(monkeypatch):
    monkeypatch.delenv(helpers.REQUIRE_TOOLS_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^markdownlint is missing$"):
        helpers.require(False, "markdownlint is missing")
    monkeypatch.setenv(helpers.REQUIRE_TOOLS_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=r"^CASESTUDY_REQUIRE_TOOLS is set but markdownlint is missing$"):
        helpers.require(False, "markdownlint is missing")
    helpers.require(True, "never shown")


def _fake_tools(tmp_path, npm_status: int):
    """A copy of .ci/run beside fake `npm` and `python3` that only record that they ran."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    (repo / ".ci" / "run").write_text((ROOT / ".ci" / "run").read_text(encoding="utf-8"), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    for name, status in (("npm", npm_status), ("python3", 0)):
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $* CASESTUDY_REQUIRE_TOOLS=$CASESTUDY_REQUIRE_TOOLS" >> "{log}"\nexit {status}\n')
        tool.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}
    return repo, env, log


def test_ci_fails_when_npm_cannot_install_the_markdown_tools(tmp_path):
    repo, env, log = _fake_tools(tmp_path, npm_status=1)
    done = subprocess.run(["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ci: error: npm could not install the Markdown tools" in done.stderr
    assert "python3" not in log.read_text()  # the tests never ran, so CI cannot go green


def test_ci_runs_the_tests_with_the_tools_required(tmp_path):
    repo, env, log = _fake_tools(tmp_path, npm_status=0)
    done = subprocess.run(["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    # the fake python3 makes no venv, so `. .venv/bin/activate` fails after it: that is fine here
    assert "python3 -m venv --upgrade-deps .venv CASESTUDY_REQUIRE_TOOLS=1" in log.read_text(), done.stderr
