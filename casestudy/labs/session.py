"""A lab run with a prediction first: ask, run, judge, keep the verdict. The asking and
showing are passed in, so the command line decides how to talk to the student."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import RenderableType

from casestudy.errors import CaseStudyError
from casestudy.labs import journal, registry
from casestudy.labs.draw import prediction
from casestudy.labs.predict import NoPrediction, Verdict, ask, judge


class PredictionMissing(CaseStudyError):
    """--predict, but no prediction could be read."""


def predicted(
    lab: registry.Lab, p: Any, seed: int, *, ask_line: Callable[[str], str], show: Callable[[RenderableType], None],
    say: Callable[[str], None], data_dir: Path, now: datetime,
) -> tuple[registry.LabRun, Verdict, str]:
    """Ask for a prediction, run the lab, judge the guess and save it. Returns the run, the
    verdict and a notice (a damaged predictions file set aside) or ""."""
    guess = lab.module.question(p)
    show(prediction(guess))
    try:
        value = ask(guess, ask_line, say)
    except NoPrediction as stop:
        raise PredictionMissing(
            f"{stop}", hint=f"Type a letter or a number at the prompt, or run `casestudy lab {lab.name}` without --predict."
        ) from None
    done = registry.run(lab, p, seed)
    verdict = judge(guess, value, lab.module.answer(p, done.result, seed))
    entry = journal.Entry(at=now.isoformat(timespec="seconds"), lab=lab.name, seed=seed, options=done.options, prediction=verdict)
    notice = journal.save(data_dir, entry)
    return done, verdict, notice
