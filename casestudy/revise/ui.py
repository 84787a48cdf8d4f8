"""The quiz in a terminal: prompts, feedback, summaries, and the progress report.

`run()` drives a `quiz.Session` through an `IO` (a function that asks and returns a
line, a function that shows a Rich renderable), so tests can drive it with lists. It
calls `save` the moment each answer is graded, before any feedback is shown. Nothing
here knows SQLite or Typer. The student's own text is shown through `visible` (control
characters escaped); content arrives already made visible (`safe_text.visible_model`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import IO as TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
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


# --- after a run -------------------------------------------------------------------


def one_line(result: Run) -> str:
    """The line printed when a run is cut short by Ctrl-C."""
    s = result.session.summary()
    noun = "answer" if result.saved == 1 else "answers"
    return (
        f"Stopped after {s.answered} of {s.planned}: {result.saved} {noun} saved ({s.right} right). "
        "Progress: casestudy stats"
    )


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(result: Run, *, exam: bool = False) -> RenderableType:
    s = result.session.summary()
    parts: list[RenderableType] = []
    ended = {
        "quit": "You stopped the quiz.",
        "eof": "Input ended before the last question.",
        "timeout": "Time is up.",
        "interrupted": "Interrupted.",
    }.get(result.ended)
    if ended:
        parts.append(Text(ended, style="yellow"))
    if exam:
        unanswered = s.planned - s.answered
        score = Text.assemble(
            ("Exam score: ", "bold"),
            (f"{s.right} of {s.planned} ({s.percent}%)", OK if s.percent >= 60 else BAD),
            ("  grade ", "bold"),
            (s.grade, "bold"),
        )
        if unanswered:
            score.append(f"  ({unanswered} not answered, counted wrong)", style=MUTED)
    else:
        pct = round(100 * s.right / s.answered) if s.answered else 0
        score = Text.assemble(("Score: ", "bold"), (f"{s.right} of {s.answered} right ({pct}%)", OK if pct >= 60 else BAD))
        if s.answered < s.planned:
            score.append(f"  ({s.answered} of {s.planned} answered)", style=MUTED)
    parts += [Text(""), Rule(score, align="left", style="cyan")]

    if s.results:
        rows = Table(box=box.SIMPLE, show_header=True, header_style="bold", pad_edge=False, expand=False)
        rows.add_column("#", justify="right", no_wrap=True)
        rows.add_column("", no_wrap=True)
        rows.add_column("Item", no_wrap=True)
        rows.add_column("Question", overflow="ellipsis", no_wrap=True, max_width=44)
        rows.add_column("You", overflow="ellipsis", no_wrap=True, max_width=10)
        for i, (entry, outcome) in enumerate(s.results, 1):
            mark = Text("✓", style=OK) if outcome.correct else Text("✗", style=BAD)
            if outcome.correct and outcome.hints:
                mark.append("?", style="yellow")
            rows.add_row(str(i), mark, entry.id, _short(entry.item.prompt, 44), _short(visible(outcome.response), 10))
        parts.append(rows)

    if exam and s.missed:
        parts.append(Text("What you missed", style="bold"))
        for entry, _outcome in s.missed:
            parts.append(
                Padding(
                    Group(
                        Text.assemble(("✗ ", BAD), (entry.id, "bold"), " ", entry.item.prompt.strip()),
                        Text.assemble(("  Answer: ", "bold"), entry.answer_text().strip()),
                        Text("  " + entry.item.explanation.strip()),
                        Text.assemble(("  Read: ", MUTED), (entry.read_more, "bold")),
                    ),
                    (0, 0, 1, 0),
                )
            )
    if s.weakest:
        parts.append(Text("Re-read your weakest topics", style="bold"))
        for t in s.weakest:
            sections = f" ({', '.join(t.missed_sections)})" if t.missed_sections else ""
            parts.append(
                Text.assemble(
                    ("  • ", "cyan"),
                    (f"{t.qid} {t.topic}", "bold"),
                    f": {t.right} of {t.asked} right — ",
                    (t.read_command, "bold"),
                    (sections, MUTED),
                )
            )
    elif s.answered and s.right == s.answered:
        parts.append(Text("Every answer right. `casestudy review` will bring them back before you forget.", style=OK))
    seed = result.session.seed
    if result.session.mode != "review" and seed:
        parts.append(Text(f"Same questions again: add --seed {seed}", style=MUTED))
    return Group(*parts)


# --- `casestudy stats` ------------------------------------------------------------


def bar(fraction: float, width: int = 12) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), MUTED))


def _when(moment: datetime | None, now: datetime) -> str:
    """`now` for a card already due, `today at 17:30`, `tomorrow at …`, `Thu 07 May at …`."""
    if moment is None:
        return "nothing scheduled"
    if moment <= now:
        return "now"
    local = moment.astimezone()
    days = (local.date() - now.astimezone().date()).days
    day = "today" if days == 0 else "tomorrow" if days == 1 else local.strftime("%a %d %b")
    return f"{day} at {local:%H:%M}"


def plan_line(plan, today) -> str:
    """`Review: 3 due, 10 new (exam on …: 12 days left).` or `Nothing to review now. …`"""
    line = f"Review: {len(plan.due)} due, {len(plan.new)} new"
    if plan.exam_date:
        line += f" (exam on {plan.exam_date}: {(plan.exam_date - today).days} days left)"
    return f"{line}." if plan.queue else f"Nothing to review now. {line}."


def next_due_line(moment: datetime | None, now: datetime) -> Text:
    return Text.assemble(("Next card due: ", MUTED), _when(moment, now))


def stats_view(rep, now: datetime) -> RenderableType:  # rep: progress.Report
    table = Table(box=box.SIMPLE_HEAVY, show_header=True, header_style="bold", expand=False)
    table.add_column("Question", overflow="ellipsis", no_wrap=True, max_width=26)
    table.add_column("Mastery", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("Accuracy", justify="right", no_wrap=True)
    table.add_column("Seen", justify="right", no_wrap=True)
    for q in rep.questions:
        accuracy = f"{round(100 * q.accuracy)}%" if q.accuracy is not None else "–"
        table.add_row(f"{q.qid} {q.topic}", bar(q.mastery), f"{round(100 * q.mastery)}%", accuracy, f"{q.seen}/{q.items}")
    totals = Table.grid(padding=(0, 2))
    totals.add_column(style="bold", no_wrap=True)
    totals.add_column()
    accuracy = f"{round(100 * rep.right / rep.attempts)}%" if rep.attempts else "–"
    totals.add_row("Answered", f"{rep.attempts} ({rep.right} right, accuracy {accuracy}); {rep.answered_today} today")
    totals.add_row("Items seen", f"{rep.seen} of {rep.items}")
    due = rep.due
    totals.add_row(
        "Due", f"{due.now} now, {due.later_today} more later today, {due.this_week} by the end of {due.week_end:%a %d %b}"
    )
    totals.add_row("Next due", _when(due.next_due, now))
    totals.add_row("Streak", f"{rep.streak} day{'s' if rep.streak != 1 else ''}")
    if rep.exam_date:
        totals.add_row("Exam", rep.exam_date.isoformat())
    hint = Text.assemble(
        ("Mastery: items whose latest answer was right. ", MUTED),
        ("Revise: ", MUTED),
        ("casestudy review", "bold"),
    )
    return Group(table, totals, Text(""), hint, Text(f"Progress file: {visible(rep.path)}", style=MUTED))
