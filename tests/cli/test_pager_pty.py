"""Paging in a real terminal, as git does: long pages go through the pager, short ones
are printed, and the page reaches the pager whole."""

from __future__ import annotations

import os
import sys

import pexpect

from tests.helpers import ROOT


def _spawn(args, env, rows=24):
    return pexpect.spawn(sys.executable, ["-m", "casestudy", *args], cwd=str(ROOT), env=env, encoding="utf-8",
                         timeout=30, dimensions=(rows, 80))


def test_a_long_page_goes_through_the_pager_on_a_terminal(isolated, tmp_path):
    got = tmp_path / "paged.txt"
    pager = tmp_path / "pager"
    pager.write_text(f"#!/bin/sh\ncat > '{got}'\necho PAGER-RAN\n")
    pager.chmod(0o755)
    env = {**os.environ, "CASESTUDY_HOME": str(isolated), "TERM": "xterm", "PAGER": str(pager), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    child = _spawn(["show", "q4"], env)
    child.expect("PAGER-RAN")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = got.read_text(encoding="utf-8")
    assert "Q4 · AWS: performance and cost" in text
    assert "References" in text
    assert max(len(line) for line in text.splitlines() if "https://" not in line) <= 80  # the terminal's width

    short = _spawn(["show", "q4", "--brief"], env, rows=200)  # fits the screen: printed
    short.expect("Quiz yourself: casestudy quiz q4")
    short.expect(pexpect.EOF)
    short.close()
    assert "PAGER-RAN" not in (short.before or "")
