"""The quiz's prompt loop: each item asked, answered (or skipped), graded, saved and explained.

`run()` drives an `engine.Session` through an `IO` (a function that asks and returns a
line, a function that shows a Rich renderable), so tests can drive it with lists. It
calls `save` the moment each answer is graded (or an item skipped), before any feedback
is shown. Reading from a terminal or a pipe is in `prompt`; an exam's short answers are
assessed by the student at the end (`assess`); what is shown after a run is in `views`.
Nothing here knows SQLite or Typer. The student's own text is shown through `visible`
(control characters escaped); content arrives already made visible.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from casestudy.content import model
from casestudy.revise import countdown
from casestudy.revise.duration import format_duration
from casestudy.revise.engine import (
    BadAnswer,
    Entry,
    Outcome,
    Session,
    grade,
    hint_steps,
    override,
    skipped,
)
from casestudy.revise.kinds import KIND_NAMES

OK = "bold green"
BAD = "bold red"
MUTED = "dim"
ACCENT = "bold cyan"
HINT_KEY = "?"
QUIT_KEY = "q"
SKIP_KEY = "s"
EXAM_NO_HINTS = "Hints are off in an exam: answer, s to skip, or q to stop."


@dataclass
class IO:
    """How the quiz talks to the student. `ask` returns one line (without the newline)
    and raises EOFError at the end of input; `interactive` is False when answers are
    piped in, one line per item (no reveal step, no grade override)."""

    ask: Callable[[str], str]
    show: Callable[[RenderableType], None]
    interactive: bool = True
    clock: Callable[[], float] = time.monotonic
    timer: Callable[[float, Callable[[], float]], countdown.NoCountdown] | None = None  # a live countdown

    def countdown(self, deadline: float | None) -> countdown.NoCountdown:
        if deadline is None or self.timer is None:
            return countdown.NoCountdown()
        return self.timer(deadline, self.clock)


@dataclass
class Run:
    """How a run ended: done, quit (q), eof (input ran out), interrupted (Ctrl-C), timeout.
    `assessment`: for an exam with short answers, "done" when the student assessed each,
    "eof" or "interrupted" when that stopped early (the matcher's marks stand)."""

    session: Session
    ended: str = "done"
    saved: int = 0
    assessment: str = ""
    time_left: float | None = None  # a timed run: the seconds left when the questions stopped


class _Stop(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


# --- one item ---------------------------------------------------------------------


_TF_LEAD = re.compile(r"^true or false\s*[:?.,-]\s*", re.IGNORECASE)


class _Heading:
    """An item's heading: a rule with the title in it, or where the title does not fit the
    width (an exam's "· 1:19 left" at 60 columns), the title wrapped above a plain rule:
    never cut with "…"."""

    def __init__(self, title: Text) -> None:
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 6 <= options.max_width:
            yield Rule(self.title, align="left", style="cyan")
        else:
            yield self.title
            yield Rule(style="cyan")


def item_header(entry: Entry, number: int, total: int, time_left: float | None = None) -> RenderableType:
    title = Text.assemble((f"{number}/{total}", "bold"), " · ", (f"{entry.qid} {entry.topic}", ACCENT), " · ", KIND_NAMES[entry.kind])
    if time_left is not None:
        title.append(f" · {format_duration(time_left)} left", style="yellow")
    parts: list[RenderableType] = [Text(""), _Heading(title)]
    item = entry.item
    prompt = Text(item.prompt.strip(), style="bold")
    if isinstance(item, model.TrueFalse):
        statement = _TF_LEAD.sub("", item.prompt.strip())  # the prompt may say it already
        prompt = Text.assemble(("True or false? ", MUTED), (statement[:1].upper() + statement[1:], "bold"))
    parts.append(prompt)
    if entry.options:
        options = Table.grid(padding=(0, 1))
        options.add_column(no_wrap=True, style=ACCENT)
        options.add_column()
        for letter, option in zip(entry.letters, entry.options):
            options.add_row(f"  {letter})", option)
        parts.append(options)
    return Group(*parts)


def _prompt_for(entry: Entry, hints_left: bool, exam: bool, interactive: bool = True) -> str:
    keys = []
    if hints_left and not exam:
        keys.append(f"{HINT_KEY} hint")
    keys.append(f"{SKIP_KEY} skip")
    keys.append(f"{QUIT_KEY} quit")
    tail = f" ({', '.join(keys)}): "
    kind = entry.kind
    if kind == "mcq":
        return f"Answer a–{entry.letters[-1]}{tail}"
    if kind == "tf":
        return f"t or f{tail}"
    if kind == "flashcard":
        if not interactive:
            return f"Rate yourself 1 again, 2 hard, 3 good, 4 easy{tail}"
        return f"Enter shows the answer{tail}"
    return f"Your answer{tail}"


def feedback(entry: Entry, outcome: Outcome) -> RenderableType:
    """What the student sees after answering: right or wrong, why, where to read more."""
    item = entry.item
    parts: list[RenderableType] = []
    if outcome.short is not None and isinstance(item, model.ShortAnswer):
        grade_ = outcome.short
        parts.append(Text(f"Key ideas: {len(grade_.mentioned)} of {grade_.total} mentioned", style="bold"))
        if grade_.problem:
            parts.append(Text(f"Nothing credited: {grade_.problem}.", style="yellow"))
        ideas = Table.grid()  # an idea's wrapped lines stay under it, not under its mark
        ideas.add_column(no_wrap=True)
        ideas.add_column(ratio=1)
        for idea in grade_.mentioned:
            ideas.add_row(Text("  ✓ ", style=OK), Text(idea.idea))
        for idea in grade_.missed:
            said = "  (only after a negation)" if idea in grade_.negated else f"  (words: {', '.join(idea.keywords)})"
            ideas.add_row(Text("  ✗ ", style=BAD), Text.assemble(idea.idea, (said, MUTED)))
        if ideas.row_count:
            parts.append(ideas)
        parts.append(Text.assemble(("Model answer: ", "bold"), item.answer.strip()))
    if outcome.correct:
        verdict = Text("✓ Right.", style=OK)
        if outcome.hints:
            verdict.append(" (with a hint: counts as hard)", style=MUTED)
    else:
        verdict = Text("✗ Not quite.", style=BAD)
        if not isinstance(item, (model.Flashcard, model.ShortAnswer)):
            verdict.append(f" The answer is {entry.answer_text()}.", style="bold")
    if outcome.overridden:
        verdict.append(" (your call)", style=MUTED)
    parts.append(verdict)
    parts.append(Text(item.explanation.strip()))
    parts.append(Text.assemble(("Read more: ", MUTED), (entry.read_more, "bold")))
    return Group(*parts)


def _ask_answer(entry: Entry, io: IO, exam: bool, deadline: float | None, timer: countdown.NoCountdown) -> Outcome:
    steps = [] if exam else hint_steps(entry)
    shown = 0
    item = entry.item
    while True:
        if timer.expired or (deadline is not None and io.clock() >= deadline):
            raise _Stop("timeout")
        try:
            with timer.waiting():
                raw = io.ask(_prompt_for(entry, shown < len(steps), exam, io.interactive))
        except countdown.TimeUp:
            io.show(Text(""))  # the prompt was cut off mid-line
            raise _Stop("timeout") from None
        if deadline is not None and io.clock() > deadline:
            raise _Stop("timeout")
        text = raw.strip()
        if text.lower() == QUIT_KEY:
            raise _Stop("quit")
        if text.lower() == SKIP_KEY:
            return skipped()
        if text == HINT_KEY:
            if exam:
                io.show(Text(EXAM_NO_HINTS, style=MUTED))
            elif shown < len(steps):
                io.show(Text.assemble((f"Hint {shown + 1}: ", "bold yellow"), steps[shown]))
                shown += 1
            else:
                io.show(Text("No more hints: answer, or q to quit.", style=MUTED))
            continue
        if isinstance(item, model.Flashcard) and io.interactive:
            io.show(Text.assemble(("Answer: ", "bold"), item.answer.strip()))
            return _ask_rating(entry, io, shown)
        try:
            return grade(entry, text, shown)
        except BadAnswer as exc:
            io.show(Text(str(exc), style="yellow"))


def _ask_rating(entry: Entry, io: IO, hints: int) -> Outcome:
    while True:
        raw = io.ask("How well did you know it? 1 again, 2 hard, 3 good, 4 easy: ")
        try:
            return grade(entry, raw, hints)
        except BadAnswer as exc:
            io.show(Text(str(exc), style="yellow"))


def _ask_override(outcome: Outcome, io: IO) -> Outcome:
    current = "right" if outcome.correct else "wrong"
    while True:
        raw = io.ask(f"Graded {current}. Enter to accept, r to count it right, w to count it wrong: ").strip().lower()
        if raw in ("", "y", "ok"):
            return outcome
        if raw in ("r", "right"):
            changed = override(outcome, True)
            if changed is outcome and not outcome.correct and outcome.short is not None:
                io.show(Text(f"It cannot count as right: {outcome.short.problem}.", style="yellow"))
            return changed
        if raw in ("w", "wrong"):
            return override(outcome, False)
        io.show(Text("Press Enter, r or w.", style="yellow"))


# --- a whole run ------------------------------------------------------------------

Save = Callable[[Entry, Outcome], None]
Settle = Callable[[Entry, Outcome, Outcome], None]


def run(
    session: Session,
    io: IO,
    save: Save,
    time_limit: float | None = None,
    settle: Settle | None = None,
) -> Run:
    """Ask every entry of the session in turn, from `session.start`. Each answer (or skip)
    is passed to `save` as soon as it is given. Ctrl-C, q, the end of input or the time
    limit stop the run early; `Run.ended` says which (the caller prints the summary and
    picks the exit code). An exam then has its short answers assessed by the student;
    each final grade goes to `settle`."""
    result = Run(session)
    exam = session.mode == "exam"
    deadline = io.clock() + time_limit if time_limit else None
    total = len(session.entries)
    for note in session.notes:
        io.show(Text(note, style="yellow"))
    try:
        with io.countdown(deadline) as timer:
            for number, entry in enumerate(session.entries[session.start :], session.start + 1):
                left = deadline - io.clock() if deadline is not None else None
                io.show(item_header(entry, number, total, left))
                outcome = _ask_answer(entry, io, exam, deadline, timer)
                if outcome.skipped:
                    _keep(session, entry, outcome, save, result)
                    io.show(Text("Skipped: not counted, not scheduled.", style=MUTED))
                    continue
                if outcome.short is not None and io.interactive and not exam:
                    io.show(feedback(entry, outcome))
                    try:
                        final = _ask_override(outcome, io)
                    except (KeyboardInterrupt, EOFError):
                        _keep(session, entry, outcome, save, result)  # the grade shown stands
                        raise
                    _keep(session, entry, final, save, result)
                    if final is not outcome:
                        io.show(Text(f"Counted as {'right' if final.correct else 'wrong'}.", style="bold"))
                    continue
                _keep(session, entry, outcome, save, result)
                if not exam:
                    io.show(feedback(entry, outcome))
    except _Stop as stop:
        result.ended = stop.why
    except EOFError:
        result.ended = "eof"
    except KeyboardInterrupt:
        result.ended = "interrupted"
    if deadline is not None:  # read when the questions stop: assessing takes none of the exam's time
        result.time_left = max(0.0, deadline - io.clock())
    if exam and result.ended != "interrupted" and settle is not None:
        from casestudy.revise.assess import assess_all

        result.assessment = assess_all(session, io, settle)
    return result


def _keep(session: Session, entry: Entry, outcome: Outcome, save: Save, result: Run) -> None:
    save(entry, outcome)
    session.record(entry, outcome)
    if not outcome.skipped:
        result.saved += 1
