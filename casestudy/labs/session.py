"""A lab run with a prediction first: ask, run, judge. The asking and showing are passed
in, so the command line decides how to talk to the student; it also keeps the verdict (with
the quiz progress)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType

from casestudy.errors import CaseStudyError
from casestudy.labs import registry
from casestudy.labs.draw import prediction
from casestudy.labs.predict import NoPrediction, Verdict, ask, judge, wanted


class PredictionMissing(CaseStudyError):
    """--predict, but no prediction could be read."""


def predicted(
    lab: registry.Lab, p: Any, seed: int, *, ask_line: Callable[[str], str], show: Callable[[RenderableType], None],
    say: Callable[[str], None],
) -> tuple[registry.LabRun, Verdict]:
    """Ask for a prediction, run the lab and judge the guess: the run and the verdict."""
    guess = lab.module.question(p)
    show(prediction(guess))
    try:
        value = ask(guess, ask_line, say)
    except NoPrediction as stop:
        raise PredictionMissing(
            f"{stop}", hint=f"Type {wanted(guess)} at the prompt, or run `casestudy lab {lab.name}` without --predict."
        ) from None
    done = registry.run(lab, p, seed)
    verdict = judge(guess, value, lab.module.answer(p, done.result, seed))
    return done, verdict
