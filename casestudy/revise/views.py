"""What the revise commands show around the prompt loop: a run's summary, review plans, the stats table.

Each function returns a string or a Rich renderable; none prints.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from casestudy.revise.ui import BAD, MUTED, OK, Run
from casestudy.text.safe import visible

if TYPE_CHECKING:
    from casestudy.revise.srs import ReviewPlan
    from casestudy.revise.stats import Report


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


def plan_line(plan: ReviewPlan, today: date) -> str:
    """`Review: 3 due, 10 new (exam on …: 12 days left).` or `Nothing to review now. …`"""
    line = f"Review: {len(plan.due)} due, {len(plan.new)} new"
    if plan.exam_date:
        line += f" (exam on {plan.exam_date}: {(plan.exam_date - today).days} days left)"
    return f"{line}." if plan.queue else f"Nothing to review now. {line}."


def next_due_line(moment: datetime | None, now: datetime) -> Text:
    return Text.assemble(("Next card due: ", MUTED), _when(moment, now))


def stats_view(rep: Report, now: datetime) -> RenderableType:
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
