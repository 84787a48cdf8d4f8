"""The revise workflows (session.py) called directly: an Environment built by the test, answers
from a string, warnings collected in a list; nothing printed by the workflow itself."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from casestudy.content.load import load_case
from casestudy.env import Environment
from casestudy.errors import QuizError
from casestudy.revise import session
from tests.helpers import REVISE, ScriptedStudent

NOW = "2026-05-04T09:00:00+00:00"


def environment(home, answers: str = "") -> Environment:
    return Environment(environ={"CASESTUDY_HOME": str(home), "CASESTUDY_NOW": NOW}, stdin=io.StringIO(answers))


def console() -> Console:
    return Console(width=100, file=io.StringIO(), record=True, color_system=None)


def load():
    return load_case(REVISE)


def text(renderable) -> str:
    out = console()
    out.print(renderable)
    return out.export_text()


def test_a_quiz_saves_every_answer_and_returns_its_summary(tmp_path):
    run, warned, shown = environment(tmp_path, "b\nc\n"), [], console()
    ending = session.quiz(
        run, load, ["q2"], n=2, kinds=["mcq"], seed=1, exam=False, time=None, console=shown, warn=warned.append
    )
    assert ending.stopped is None and warned == []
    (summary,) = ending.output
    assert "Score: 1 of 2 right (50%)" in text(summary)
    assert "1/2 · q2 Beta · multiple choice" in shown.export_text()  # the questions went through the console given
    rep = session.progress_report(run, load, warned.append)
    assert (rep.attempts, rep.right, rep.streak) == (2, 1, 1)


def test_a_quiz_refuses_a_time_limit_without_an_exam_before_loading_anything(tmp_path):
    def never():
        raise AssertionError("the case was loaded")

    with pytest.raises(QuizError, match=r"^--time is for exams$"):
        session.quiz(
            environment(tmp_path), never, [], n=None, kinds=[], seed=None, exam=False, time="20m", console=console(), warn=print
        )


def test_review_shows_the_plan_then_returns_the_summary_and_the_next_due_line(tmp_path):
    run, warned, shown = environment(tmp_path, "a\n" * 3), [], console()
    ending = session.review(run, load, new=3, exam_date=None, seed=1, console=shown, warn=warned.append)
    assert shown.export_text().splitlines()[0] == "Review: 0 due, 3 new."
    assert ending.stopped is None and warned == []
    summary, next_due = ending.output
    assert "Score:" in text(summary)
    assert text(next_due).startswith("Next card due: today at ")


def test_review_with_an_exam_date_remembers_it_and_raises_the_new_quota(tmp_path):
    run = environment(tmp_path)  # no answers: the input ends at the first card
    shown = console()
    ending = session.review(run, load, new=0, exam_date="2026-05-06", seed=1, console=shown, warn=print)
    assert shown.export_text().splitlines()[0] == "Review: 0 due, 6 new (exam on 2026-05-06: 2 days left)."  # 12 cards, 2 days
    summary, next_due = ending.output
    assert text(summary).startswith("Input ended before the last question.")
    assert text(next_due) == "Next card due: nothing scheduled\n"
    assert session.progress_report(run, load, print).exam_date == date(2026, 5, 6)


def test_reset_asks_first_and_forgets_only_when_told(tmp_path):
    run = environment(tmp_path, "b\nc\n")
    session.quiz(run, load, ["q2"], n=2, kinds=["mcq"], seed=1, exam=False, time=None, console=console(), warn=print)
    asked = []
    assert session.reset_progress(run, load, lambda path: asked.append(path) or False, print) is None
    assert asked == [tmp_path / "progress.db"]
    assert session.progress_report(run, load, print).attempts == 2
    assert session.reset_progress(run, load, lambda path: True, print) == 2
    assert session.progress_report(run, load, print).attempts == 0


def test_notices_go_to_warn_not_to_the_screen(tmp_path):
    (tmp_path / "progress.db").write_text("not a database", encoding="utf-8")
    warned: list[str] = []
    rep = session.progress_report(environment(tmp_path), load, warned.append)
    assert rep.attempts == 0
    assert len(warned) == 1
    assert warned[0].startswith(f"casestudy: {tmp_path / 'progress.db'} was not a readable progress database; kept it as ")


class _Interrupted(io.StringIO):
    """Answers, then Ctrl-C when they run out."""

    def readline(self, *args) -> str:  # type: ignore[override]
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_returns_the_stopped_line_and_nothing_else(tmp_path):
    run = Environment(environ={"CASESTUDY_HOME": str(tmp_path), "CASESTUDY_NOW": NOW}, stdin=_Interrupted("b\n"))
    ending = session.quiz(run, load, ["q2"], n=2, kinds=["mcq"], seed=1, exam=False, time=None, console=console(), warn=print)
    assert ending == session.Ending(stopped="Stopped after 1 of 2: 1 answer saved (1 right). Continue: casestudy quiz --resume")
    assert session.progress_report(run, load, print).attempts == 1


class _Timed(ScriptedStudent):
    """A scripted student (tests/helpers.py) at a terminal whose clock moves only while the
    student thinks: before answer i the student thinks `thinking[i]` seconds."""

    def __init__(self, answers, thinking=(), start=1000.0, interactive=False):
        super().__init__(answers, thinking, start)
        self.console, self.interactive = console(), interactive

    def io(self, *_args):
        from casestudy.revise import ui

        return ui.IO(ask=self.ask, show=self.console.print, interactive=self.interactive, clock=lambda: self.now)


def _time_left(home) -> float:
    import sqlite3

    return sqlite3.connect(home / "progress.db").execute("SELECT time_left FROM runs").fetchone()[0]


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), "q", None], ids=["ctrl-c", "q", "end of input"])
def test_a_stopped_exam_keeps_the_time_spent_on_the_question_it_stopped_at(tmp_path, monkeypatch, stop):
    """80 s exam: 10 s on item 1, then 15 s on item 2 before stopping: 55 s are left, not 70."""
    first = _Timed(["t", stop] if stop is not None else ["t"], thinking=[10, 15])
    monkeypatch.setattr(session, "io_for", first.io)
    run = environment(tmp_path)
    ending = session.quiz(run, load, [], n=3, kinds=["tf"], seed=3, exam=True, time="80s", console=console(), warn=print)
    assert (ending.stopped is not None) == isinstance(stop, KeyboardInterrupt)
    assert _time_left(tmp_path) == 55.0
    again = _Timed(["t", "t"], thinking=[5, 5], start=5000.0)
    monkeypatch.setattr(session, "io_for", again.io)
    session.quiz(run, load, [], n=None, kinds=[], seed=None, exam=False, time=None, console=console(), warn=print, resume_last=True)
    shown = again.console.export_text()
    assert shown.startswith("Resuming your exam at item 2 of 3.\n")
    assert " · true or false · 0:55 left" in shown and " · 0:50 left" in shown  # item 3, 5 s later


def _resume(run, monkeypatch, answers, interactive=False) -> str:
    again = _Timed(answers, interactive=interactive)
    monkeypatch.setattr(session, "io_for", again.io)
    session.quiz(run, load, [], n=None, kinds=[], seed=None, exam=False, time=None, console=console(), warn=print, resume_last=True)
    return again.console.export_text()


def test_an_exam_stopped_in_its_assessment_resumes_with_the_assessment_not_item_2_of_1(tmp_path, monkeypatch):
    answer = "It comes second in the alphabet, right after alpha and before gamma."
    first = _Timed([answer, KeyboardInterrupt()])  # Ctrl-C at the self-assessment
    monkeypatch.setattr(session, "io_for", first.io)
    run = environment(tmp_path)
    ending = session.quiz(run, load, ["q2"], n=1, kinds=["short"], seed=1, exam=True, time=None, console=console(), warn=print)
    assert ending.stopped is not None
    shown = _resume(run, monkeypatch, ["1 2"])
    assert shown.splitlines()[0] == "Resuming your exam: every item is answered; now assess your short answers."
    assert "Assess your short answer 1/1 · b-07" in shown


def test_a_quiz_stopped_at_its_last_grade_resumes_with_the_summary_not_item_2_of_1(tmp_path, monkeypatch):
    first = _Timed(["second", KeyboardInterrupt()], interactive=True)  # Ctrl-C at "Enter to accept"
    monkeypatch.setattr(session, "io_for", first.io)
    run = environment(tmp_path)
    session.quiz(run, load, ["q2"], n=1, kinds=["short"], seed=1, exam=False, time=None, console=console(), warn=print)
    shown = _resume(run, monkeypatch, [])
    assert shown.splitlines()[0] == "Resuming your quiz: every item is answered; here is its summary."
