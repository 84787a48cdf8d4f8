"""`casestudy lab --predict` in a real pseudo-terminal: the prompt waits for the guess."""

from __future__ import annotations

import os
import sys

import pexpect

from tests.helpers import ROOT


def _lab(home, *args: str) -> pexpect.spawn:
    """`casestudy lab ARGS` in an 80-column pseudo-terminal, with its own data folder."""
    env = {**os.environ, "CASESTUDY_HOME": str(home), "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable, ["-m", "casestudy", "--color", "never", "lab", *args],
        cwd=str(ROOT), env=env, encoding="utf-8", timeout=30, dimensions=(40, 80),
    )


def test_the_prediction_is_asked_at_a_prompt_then_shown_beside_the_run(isolated):
    child = _lab(isolated, "autoscale", "--predict")
    child.expect(r"which policy drops fewer requests\?")
    child.expect(r"c\) About the same")
    child.expect(r"Your prediction \(a/b/c\): ")
    child.sendline("z")
    child.expect("Type one of a, b, c.")
    child.expect(r"Your prediction \(a/b/c\): ")
    child.sendline("b")
    child.expect(r"Your prediction: b\) Predictive   ✓ right")
    child.expect(r"Read: casestudy show q4 --section 3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    import sqlite3

    with sqlite3.connect(isolated / "progress.db") as db:
        assert db.execute("SELECT lab, right FROM lab_predictions").fetchall() == [("autoscale", 1)]


def test_ctrl_d_at_the_prompt_ends_on_a_line_of_its_own(isolated):
    """The error was printed after the prompt, on its line: 'Your prediction (%): casestudy: error: …'."""
    child = _lab(isolated, "cache", "--predict")
    child.expect(r"Your prediction \(%\): ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "\r\ncasestudy: error: the input ended before a prediction." in child.before
