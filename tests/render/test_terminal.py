"""In a real pseudo-terminal, as a student sees it."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from tests.helpers import ROOT


def spawn(*args: str, env: dict[str, str] | None = None, columns: int = 80) -> pexpect.spawn:
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    full.update({"TERM": "xterm-256color"}, **(env or {}))
    return pexpect.spawn(
        sys.executable, ["-m", "casestudy", *args], cwd=str(ROOT), env=full, dimensions=(40, columns), encoding="utf-8", timeout=20
    )


def test_show_q4_in_a_terminal_has_a_coloured_header():
    child = spawn("show", "q4", "--no-pager")
    child.expect(r"\x1b\[[0-9;]*m")  # styled output
    child.expect("Q4 · AWS: performance and cost")
    child.expect("References")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_long_page_opens_in_less_with_its_colours_and_q_quits():
    child = spawn("show", "q4", env={"PAGER": "less", "LESS": "FRX"})
    child.expect(r"\x1b\[[0-9;]*m")  # colour reaches less -R
    child.expect("Q4 · AWS: performance and cost")
    child.expect(":")  # less's prompt: the page waits for the reader
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_no_color_in_a_terminal_means_no_escape_codes():
    child = spawn("show", "q4", "--brief", env={"NO_COLOR": "1"})
    output = child.read()
    child.close()
    assert "Q4 · AWS" in output
    assert "\x1b" not in output


def test_page_follows_the_terminal_width():
    child = spawn("--color", "never", "show", "q4", "--brief", columns=100)
    output = child.read()
    child.close()
    first = output.splitlines()[0]
    assert len(first) == 100


def test_pager_pages_long_output():
    child = spawn("show", "q4", "--pager", env={"PAGER": "less -R", "LESS": ""})
    child.expect("Q4 · AWS")
    child.expect(":")  # less is waiting for a key
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize(("args", "code"), [(("show", "q10"), 1), (("show",), 2), ((), 2)])
def test_mistakes_in_a_terminal_are_one_message_no_traceback(args, code):
    child = spawn(*args)
    output = child.read()
    child.close()
    assert "Traceback" not in output
    assert child.exitstatus == code
