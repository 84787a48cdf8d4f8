"""The terminal loop driven by lists: interactive reveal and override, Ctrl-C, time limits."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from casestudy.content.load import load_case
from casestudy.revise import engine as quiz
from casestudy.revise import ui as quiz_ui
from casestudy.revise import views
from tests.helpers import REVISE, ScriptedStudent


@pytest.fixture(scope="module")
def entries():
    return {e.id: e for e in quiz.collect(load_case(REVISE).questions)}


class Script(ScriptedStudent):
    """A scripted student (tests/helpers.py) at an 80-column terminal that keeps what the
    quiz saves; the clock moves only while the student thinks, however often it is read."""

    def __init__(self, answers, interactive=True, thinking=()):
        super().__init__(answers, thinking)
        self.console = Console(record=True, width=80, color_system=None, file=io.StringIO())
        self.saved: list[tuple[str, quiz.Outcome]] = []
        self.io = quiz_ui.IO(ask=self.ask, show=self.console.print, interactive=interactive, clock=lambda: self.now)

    def save(self, entry, outcome):
        self.saved.append((entry.id, outcome))

    @property
    def text(self):
        return self.console.export_text(clear=False)


def test_interactive_flashcard_reveals_then_asks_for_a_rating(entries):
    s = Script(["", "2"])
    result = quiz_ui.run(quiz.Session([entries["b-05"]]), s.io, s.save)
    assert result.ended == "done"
    assert s.prompts == [
        "Enter shows the answer (? hint, s skip, q quit): ",
        "How well did you know it? 1 again, 2 hard, 3 good, 4 easy: ",
    ]
    assert "Answer: Second" in s.text
    assert [(i, o.rating) for i, o in s.saved] == [("b-05", quiz.Rating.HARD)]


def test_interactive_short_answer_can_be_overridden(entries):
    s = Script(["It sits right behind the very first letter", "r"])
    quiz_ui.run(quiz.Session([entries["b-07"]]), s.io, s.save)
    ((_item, outcome),) = s.saved
    assert outcome.correct and outcome.overridden and outcome.rating == quiz.Rating.GOOD
    assert "Key ideas: 0 of 3 mentioned" in s.text
    assert "Model answer: Second: after alpha and before gamma." in s.text
    assert "Counted as right." in s.text


def test_no_idea_cannot_be_counted_right(entries):
    s = Script(["no idea", "r"])
    quiz_ui.run(quiz.Session([entries["b-07"]]), s.io, s.save)
    ((_item, outcome),) = s.saved
    assert not outcome.correct and not outcome.overridden
    assert "Nothing credited: too short to credit (2 words; a sentence or two is needed)." in s.text
    assert "It cannot count as right: too short to credit (2 words; a sentence or two is" in s.text
    assert "Counted as right." not in s.text


def test_ctrl_c_during_the_override_keeps_the_grade_shown(entries):
    s = Script(["second", KeyboardInterrupt()])
    result = quiz_ui.run(quiz.Session([entries["b-07"], entries["b-03"]]), s.io, s.save)
    assert result.ended == "interrupted" and result.saved == 1
    assert [(i, o.correct) for i, o in s.saved] == [("b-07", False)]


def test_ctrl_c_stops_with_every_answer_saved(entries):
    chosen = [entries["b-03"], entries["b-04"], entries["t-02"]]
    s = Script(["t", "t", KeyboardInterrupt()])
    result = quiz_ui.run(quiz.Session(chosen), s.io, s.save)
    assert result.ended == "interrupted"
    assert [(i, o.correct) for i, o in s.saved] == [("b-03", True), ("b-04", False)]
    assert views.one_line(result) == (
        "Stopped after 2 of 3: 2 answers saved (1 right). Progress: casestudy stats"
    )


def test_an_exam_stops_when_time_is_up_and_ignores_late_answers(entries):
    s = Script(["t", "t", "t"], thinking=[10, 51])  # the second answer comes at 61 s, past the limit
    session = quiz.Session([entries["b-03"], entries["b-04"], entries["t-02"]], mode="exam")
    result = quiz_ui.run(session, s.io, s.save, time_limit=60)
    assert result.ended == "timeout"
    assert [i for i, _ in s.saved] == ["b-03"]  # the second answer came after the limit
    assert "1:00 left" in s.text and "0:50 left" in s.text
    assert len(s.prompts) == 2  # the third item is never asked
    summary = Console(width=80, record=True, color_system=None, file=io.StringIO())
    summary.print(views.summary(result, exam=True))
    text = summary.export_text()
    assert "Time is up." in text
    assert "Exam score: 1 of 3 (33%)  grade F" in text
    assert "The grade includes: automatic." in text
    assert "2 not answered: counted wrong." in text
    assert text.count("You: not answered") == 2


def test_an_exam_offers_no_hints(entries):
    s = Script(["?", "t"])
    quiz_ui.run(quiz.Session([entries["b-03"]], mode="exam"), s.io, s.save)
    assert s.prompts[0] == "t or f (s skip, q quit): "
    assert "Hints are off in an exam: answer, s to skip, or q to stop." in s.text
    assert "Hint 1" not in s.text
    assert "Alpha first" not in s.text  # no feedback during an exam


@pytest.mark.parametrize("width", [60, 80])
def test_an_item_heading_is_never_cut(width):
    """At 60 columns an exam's heading lost its end to "…" ("multiple ch…"), time left and
    all; a title that does not fit is wrapped above the rule instead."""
    case = load_case()
    entry = next(e for e in quiz.collect([case.question("q7")]) if e.kind == "mcq")
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(quiz_ui.item_header(entry, 1, 3, 79.0))
    text = console.export_text()
    title = f"1/3 · q7 {entry.topic} · multiple choice · 1:19 left"
    assert "…" not in text
    assert " ".join(text.split("─")[0].split()) == title  # the whole title, before the rule
    lines = text.strip("\n").splitlines()
    assert all(len(line) <= width for line in lines)
    assert (lines[0].startswith(title + " ─")) == (width == 80)  # in the rule where it fits
