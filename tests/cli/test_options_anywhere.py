"""Global options are accepted where people type them: before or after the command."""

from __future__ import annotations

import pytest

from casestudy.cli import hoist_global_options
from tests.helpers import MINI


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        (["show", "q4", "--color", "never"], ["--color", "never", "show", "q4"]),
        (["validate", "--pack=x", "--standard"], ["--pack=x", "validate", "--standard"]),
        (["--color", "always", "show", "q4"], ["--color", "always", "show", "q4"]),
        (["submission", "check", "a.md", "--pack", "p"], ["--pack", "p", "submission", "check", "a.md"]),
        (["search", "--", "--color", "x"], ["search", "--", "--color", "x"]),  # after --, words
        (["show", "q4", "--color"], ["show", "q4", "--color"]),  # no value: Click says so
        ([], []),
        (["--version"], ["--version"]),
    ],
)
def test_hoisting(given, parsed):
    assert hoist_global_options(given) == parsed


def test_color_after_the_command(run):
    before = run("--color", "always", "show", "q4", "--brief")
    after = run("show", "q4", "--brief", "--color", "always")
    assert after.exit_code == 0
    assert after.stdout == before.stdout
    assert "\x1b[" in after.stdout
    assert "\x1b[" not in run("show", "q4", "--brief", "--color", "never").stdout


def test_pack_after_the_command(run):
    result = run("validate", "--pack", str(MINI))
    assert (result.exit_code, result.stdout) == (0, f"ok: {MINI}: 1 of 2 answers written, 4 quiz items\n")
    missing = run("list", "--pack=/nonexistent-pack")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("casestudy: error: content pack not found: /nonexistent-pack.")


def test_a_global_option_without_its_value_is_a_usage_error(run):
    result = run("show", "q4", "--color")
    assert result.exit_code == 2
    assert "Invalid value for '--color': needs a value: auto, always or never." in result.stderr
    assert "Traceback" not in result.stderr
