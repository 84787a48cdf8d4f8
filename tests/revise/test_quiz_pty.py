"""The quiz in a real pseudo-terminal: Ctrl-C mid-quiz keeps every answer given."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pexpect

from tests.helpers import ROOT

REVISE = str(ROOT / "tests" / "fixtures" / "revise")
PROMPT = r"Answer a–[a-z] \(\? hint, s skip, q quit\): |t or f \(\? hint, s skip, q quit\): "


def test_ctrl_c_on_the_third_item_keeps_the_first_two(isolated):
    env = {**os.environ, "CASESTUDY_HOME": str(isolated), "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "casestudy", "--pack", REVISE, "--color", "never", "quiz", "--kind", "mcq,tf", "--n", "5", "--seed", "1"],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 80),
    )
    for _ in range(2):
        child.expect(PROMPT)
        child.sendline("a" if child.after.startswith("Answer") else "t")
        child.expect("Read more: casestudy show q")
    child.expect(PROMPT)
    child.sendintr()
    child.expect(r"Stopped after 2 of 5: 2 answers saved \(\d right\)\. Continue: casestudy quiz --resume\r\n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    out = subprocess.run(
        [sys.executable, "-m", "casestudy", "--pack", REVISE, "stats", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    data = json.loads(out.stdout)
    assert (data["answers"], data["seen"]) == (2, 2)


def test_the_terminal_quiz_reveals_a_flashcard_before_rating(isolated):
    env = {**os.environ, "CASESTUDY_HOME": str(isolated), "COLUMNS": "80", "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "casestudy", "--pack", REVISE, "--color", "never", "quiz", "q1", "--kind", "flashcard"],
        cwd=str(ROOT), env=env, encoding="utf-8", timeout=20, dimensions=(40, 80),
    )
    child.expect(r"Enter shows the answer \(\? hint, s skip, q quit\): ")
    child.sendline("")
    child.expect("Answer: The first Greek letter")
    child.expect("1 again, 2 hard, 3 good, 4 easy: ")
    child.sendline("3")
    child.expect(r"Score: 1 of 1 right \(100%\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
