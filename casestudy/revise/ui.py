"""The quiz's prompt loop: each item asked, answered, graded, saved and explained.

`run()` drives an `engine.Session` through an `IO` (a function that asks and returns a
line, a function that shows a Rich renderable), so tests can drive it with lists. It
calls `save` the moment each answer is graded, before any feedback is shown. Nothing
here knows SQLite or Typer; what is shown after a run is in `views`. The student's own
text is shown through `visible` (control characters escaped); content arrives already
made visible (`text.safe.visible_model`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO as TextIO

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from casestudy.content import model
from casestudy.revise.duration import format_duration
from casestudy.revise.engine import (
    BadAnswer,
    Entry,
    Outcome,
    Session,
    grade,
    hint_steps,
    override,
)
from casestudy.revise.kinds import KIND_NAMES
from casestudy.text.safe import visible

OK = "bold green"
BAD = "bold red"
MUTED = "dim"
ACCENT = "bold cyan"
HINT_KEY = "?"
QUIT_KEY = "q"


@dataclass
class IO:
    """How the quiz talks to the student. `ask` returns one line (without the newline)
    and raises EOFError at the end of input; `interactive` is False when answers are
    piped in, one line per item (no reveal step, no grade override)."""

    ask: Callable[[str], str]
    show: Callable[[RenderableType], None]
    interactive: bool = True
    clock: Callable[[], float] = time.monotonic


@dataclass
class Run:
    """How a run ended: done, quit (q), eof (input ran out), interrupted (Ctrl-C), timeout."""

    session: Session
    ended: str = "done"
    saved: int = 0


class _Stop(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


# --- terminal and piped input --------------------------------------------------------


def terminal_io(console: Console) -> IO:
    return IO(ask=lambda prompt: console.input(Text(prompt, style=ACCENT)), show=console.print, interactive=True)


def piped_io(console: Console, stream: TextIO[str]) -> IO:
    """Answers read line by line from a pipe; each is echoed after its prompt so the
    transcript reads like a session."""

    def ask(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        answer = line.rstrip("\r\n")
        console.print(Text(prompt + visible(answer)))
        return answer

    return IO(ask=ask, show=console.print, interactive=False)


# --- one item ---------------------------------------------------------------------


_TF_LEAD = re.compile(r"^true or false\s*[:?.,-]\s*", re.IGNORECASE)


def item_header(entry: Entry, number: int, total: int, time_left: float | None = None) -> RenderableType:
    title = Text.assemble((f"{number}/{total}", "bold"), " · ", (f"{entry.qid} {entry.topic}", ACCENT), " · ", KIND_NAMES[entry.kind])
    if time_left is not None:
        title.append(f" · {format_duration(time_left)} left", style="yellow")
    parts: list[RenderableType] = [Text(""), Rule(title, align="left", style="cyan")]
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
        for idea in grade_.mentioned:
            parts.append(Text.assemble(("  ✓ ", OK), idea.idea))
        for idea in grade_.missed:
            parts.append(Text.assemble(("  ✗ ", BAD), idea.idea, (f"  (words: {', '.join(idea.keywords)})", MUTED)))
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


def _ask_answer(entry: Entry, io: IO, exam: bool, deadline: float | None) -> Outcome:
    steps = [] if exam else hint_steps(entry)
    shown = 0
    item = entry.item
    while True:
        left = deadline - io.clock() if deadline is not None else None
        if left is not None and left <= 0:
            raise _Stop("timeout")
        raw = io.ask(_prompt_for(entry, shown < len(steps), exam, io.interactive))
        if deadline is not None and io.clock() > deadline:
            raise _Stop("timeout")
        text = raw.strip()
        if text.lower() == QUIT_KEY:
            raise _Stop("quit")
        if text == HINT_KEY and not exam:
            if shown < len(steps):
                io.show(Text.assemble((f"Hint {shown + 1}: ", "bold yellow"), steps[shown]))
                shown += 1
            else:
                io.show(Text("No more hints: answer, or q to quit.", style=MUTED))
            continue
        if isinstance(item, model.Flashcard):
            if io.interactive:
                io.show(Text.assemble(("Answer: ", "bold"), item.answer.strip()))
                return _ask_rating(entry, io, shown)
            try:
                return grade(entry, text, shown)
            except BadAnswer as exc:
                io.show(Text(str(exc), style="yellow"))
                continue
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
            return override(outcome, True)
        if raw in ("w", "wrong"):
            return override(outcome, False)
        io.show(Text("Press Enter, r or w.", style="yellow"))


# --- a whole run ------------------------------------------------------------------


def run(
    session: Session,
    io: IO,
    save: Callable[[Entry, Outcome], None],
    time_limit: float | None = None,
) -> Run:
    """Ask every entry of the session in turn. Each answer is passed to `save` as soon as
    it is graded. Ctrl-C, q, the end of input or the time limit stop the run early;
    `Run.ended` says which (the caller prints the summary and picks the exit code)."""
    result = Run(session)
    exam = session.mode == "exam"
    deadline = io.clock() + time_limit if time_limit else None
    total = len(session.entries)
    try:
        for number, entry in enumerate(session.entries, 1):
            left = deadline - io.clock() if deadline is not None else None
            io.show(item_header(entry, number, total, left))
            outcome = _ask_answer(entry, io, exam, deadline)
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
    return result


def _keep(session: Session, entry: Entry, outcome: Outcome, save: Callable[[Entry, Outcome], None], result: Run) -> None:
    save(entry, outcome)
    session.record(entry, outcome)
    result.saved += 1
