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


def _spawn(isolated, *args, columns=80):
    env = {**os.environ, "CASESTUDY_HOME": str(isolated), "COLUMNS": str(columns), "LINES": "30", "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "casestudy", "--pack", REVISE, "--color", "never", *args],
        cwd=str(ROOT), env=env, encoding="utf-8", timeout=20, dimensions=(30, columns),
    )  # fmt: skip


def test_the_left_arrow_edits_the_answer_being_typed(isolated):
    child = _spawn(isolated, "quiz", "q2", "--kind", "short", "--seed", "1")
    child.expect(r"Your answer \(\? hint, s skip, q quit\): ")
    child.send("abc")
    child.send("\x1b[D")  # left arrow
    child.send("X")
    child.send("\r")
    child.expect("Enter to accept")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    db = __import__("sqlite3").connect(isolated / "progress.db")
    assert db.execute("SELECT response FROM attempts").fetchall() == [("abXc",)]


def test_a_timed_exam_counts_down_while_the_prompt_waits_and_time_up_ends_it(isolated):
    child = _spawn(isolated, "quiz", "q2", "--exam", "--kind", "tf", "--n", "2", "--seed", "1", "--time", "2s", columns=60)
    child.expect(r"t or f \(s skip, q quit\): ")
    child.expect(r"Exam: 0:0[12] left — one minute left!")  # drawn on the last row while nothing is typed
    child.expect("Time is up.")  # the prompt ends by itself: no answer was sent
    child.expect(r"Exam score: 0 of 2 \(0%\)  grade F")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_closed_terminal_keeps_the_time_the_exam_had_left(isolated):
    """SIGHUP (the terminal window closed) 3 s into item 2 stops the exam as Ctrl-C does:
    the time left saved for --resume counts those 3 s, not only the time up to item 1's answer."""
    import signal
    import sqlite3
    import time

    child = _spawn(isolated, "quiz", "--exam", "--kind", "tf", "--n", "3", "--seed", "3", "--time", "80s")
    child.expect(r"t or f \(s skip, q quit\): ")
    child.sendline("t")
    child.expect(r"2/3 .*\r\n")
    child.expect(r"t or f \(s skip, q quit\): ")
    time.sleep(3)
    child.kill(signal.SIGHUP)
    child.expect(r"Stopped after 1 of 3: 1 answer saved")
    child.expect(pexpect.EOF)
    child.close()
    (left,) = sqlite3.connect(isolated / "progress.db").execute("SELECT time_left FROM runs").fetchone()
    assert 60 < left <= 77, left  # item 1 was answered at once; 3 s went by on item 2


def test_ctrl_d_at_the_prompt_ends_the_quiz_below_the_prompt(isolated):
    """Ctrl-D left the cursor after the prompt, so the summary began on its line:
    'Your answer (…): Input ended before the' and ' last question.' wrapped below."""
    child = _spawn(isolated, "quiz", "q2", "--kind", "short", "--seed", "1", columns=60)
    child.expect(r"Your answer \(\? hint, s skip, q quit\): ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    after_prompt = child.before.replace("\r\n", "\n").split("\n")
    assert after_prompt[:2] == ["", "Input ended before the last question."], child.before


def test_a_prompt_longer_than_the_terminal_breaks_between_words(isolated):
    """At 60 columns the override prompt (73 characters) was left to the terminal, which
    broke it inside a word: 'w to cou' / 'nt it wrong: '."""
    child = _spawn(isolated, "quiz", "q2", "--kind", "short", "--seed", "1", columns=60)
    child.expect(r"Your answer \(\? hint, s skip, q quit\): ")
    child.sendline("It is a letter of the Greek alphabet that people write.")
    child.expect("Read more: casestudy show q")
    child.expect(r"Graded wrong\. Enter to accept.*?it wrong: ")
    prompt = child.after.replace("\r\n", "\n").split("\n")
    assert prompt == ["Graded wrong. Enter to accept, r to count it right, w to", "count it wrong: "], child.before
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
