"""What the revise commands show around the prompt loop: a run's summary, review plans, the stats table.

Each function returns a string or a Rich renderable; none prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from casestudy.revise.score import AUTOMATIC, Summary
from casestudy.revise.ui import ACCENT, BAD, MUTED, OK, Run
from casestudy.text.safe import visible

if TYPE_CHECKING:
    from casestudy.revise.engine import Entry, Outcome
    from casestudy.revise.srs import ReviewPlan
    from casestudy.revise.stats import Report
    from casestudy.revise.store import Mistake


# --- after a run -------------------------------------------------------------------


def one_line(result: Run, *, resumable: bool = False) -> str:
    """The line printed when a run is cut short by Ctrl-C."""
    s = result.session.summary()
    noun = "answer" if result.saved == 1 else "answers"
    tail = "Continue: casestudy quiz --resume" if resumable else "Progress: casestudy stats"
    return f"Stopped after {s.answered} of {s.planned}: {result.saved} {noun} saved ({s.right} right). {tail}"


_ENDED = {
    "quit": "You stopped the {mode}.",
    "eof": "Input ended before the last question.",
    "timeout": "Time is up.",
    "interrupted": "Interrupted.",
}


def _exam_score(s: Summary, result: Run) -> list[RenderableType]:
    auto, own = s.part(AUTOMATIC), s.part(("short",))
    # How the short answers were graded, from the answers themselves: a resumed exam's
    # were assessed before it stopped, so this run had none to assess (assessment "").
    shorts = [o for e, o in s.results if e.kind == "short" and not o.skipped]
    self_assessed = bool(shorts) and result.assessment in ("", "done") and all(o.assessed for o in shorts)
    labels = []
    if auto.planned:
        labels.append("automatic")
    if own.planned and shorts:
        labels.append("self-assessed" if self_assessed else "matcher-marked")
    includes = " + ".join(labels) or "nothing answered"
    score = Text.assemble(
        ("Exam score: ", "bold"),
        (f"{s.right} of {s.planned} ({s.percent}%)", OK if s.percent >= 60 else BAD),
        ("  grade ", "bold"),
        (s.grade, "bold"),
    )
    lines: list[RenderableType] = [Text(""), Rule(score, align="left", style="cyan")]
    lines.append(Text(f"The grade includes: {includes}.", style="bold"))
    if auto.planned:
        lines.append(Text(f"Automatic (multiple choice, true or false): {auto.right} of {auto.planned} right"))
    if own.planned:
        how = "none answered" if not shorts else "self-assessed" if self_assessed else "the matcher's marks, not assessed by you"
        lines.append(Text(f"Short answers ({how}): {own.right} of {own.planned} right"))
    if s.unanswered:
        skipped = f", {s.skipped} of them skipped" if s.skipped else ""
        lines.append(Text(f"{s.unanswered} not answered{skipped}: counted wrong.", style=MUTED))
    return lines


def _you(entry: Entry, outcome: Outcome) -> str:
    if outcome.skipped:
        return "skipped"
    if entry.options and outcome.response in entry.letters and len(outcome.response) == 1:
        return f"{outcome.response}) {entry.options[entry.letters.index(outcome.response)]}"
    if entry.kind == "flashcard":
        return f"rated {outcome.response}"
    return visible(outcome.response)


def _item_rows(s: Summary, exam: bool) -> Table:
    """Every item with a ✓, ✗ or – ; the question in full; your answer; the right one
    (and, in an exam, the explanation) for each item not right."""
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True)
    rows.add_column(justify="right", no_wrap=True)
    rows.add_column(ratio=1)
    asked = [(e, s.outcome_of(e)) for e in (s.entries if exam else [e for e, _ in s.results])]
    for i, (entry, outcome) in enumerate(asked, 1):
        if outcome is None or outcome.skipped:
            mark = Text("–", style="yellow")
        elif outcome.correct:
            mark = Text("✓", style=OK)
            if outcome.hints:
                mark.append("?", style="yellow")
        else:
            mark = Text("✗", style=BAD)
        body: list[RenderableType] = [Text.assemble((entry.id, "bold"), " ", " ".join(entry.item.prompt.split()))]
        body.append(Text.assemble(("You: ", MUTED), _you(entry, outcome) if outcome is not None else "not answered"))
        if outcome is None or not outcome.correct or outcome.skipped:
            body.append(Text.assemble(("Answer: ", "bold"), " ".join(entry.answer_text().split())))
            if exam:
                body.append(Text(entry.item.explanation.strip()))
                body.append(Text.assemble(("Read: ", MUTED), (entry.read_more, "bold")))
        rows.add_row(mark, f"{i}.", Group(*body))
    return rows


def summary(result: Run, *, exam: bool = False) -> RenderableType:
    s = result.session.summary()
    parts: list[RenderableType] = []
    ended = _ENDED.get(result.ended)
    if ended:
        parts.append(Text(ended.format(mode=result.session.mode), style="yellow"))
    if exam:
        parts += _exam_score(s, result)
    else:
        pct = round(100 * s.right / s.answered) if s.answered else 0
        score = Text.assemble(("Score: ", "bold"), (f"{s.right} of {s.answered} right ({pct}%)", OK if pct >= 60 else BAD))
        if s.answered < s.planned:
            score.append(f"  ({s.answered} of {s.planned} answered)", style=MUTED)
        parts += [Text(""), Rule(score, align="left", style="cyan")]
    if s.results or exam:
        parts.append(Padding(_item_rows(s, exam), (1, 0, 1, 0)))
    if s.weakest:
        parts.append(Text("Re-read your weakest topics", style="bold"))
        topics = Table.grid()  # a topic's wrapped lines stay under it, not under the bullet
        topics.add_column(no_wrap=True)
        topics.add_column(ratio=1)
        for t in s.weakest:
            sections = f" ({', '.join(t.missed_sections)})" if t.missed_sections else ""
            topics.add_row(
                Text("  • ", style="cyan"),
                Text.assemble(
                    (f"{t.qid} {t.topic}", "bold"),
                    f": {t.right} of {t.asked} right — ",
                    (t.read_command, "bold"),
                    (sections, MUTED),
                ),
            )
        parts.append(topics)
    elif s.all_right:
        parts.append(
            Text.assemble(
                ("Every answer right. ", OK), ("casestudy review", "bold"), (" will bring them back before you forget.", OK)
            )
        )
    if s.missed and result.session.mode != "review":
        parts.append(Text.assemble(("Your mistakes again: ", MUTED), ("casestudy quiz --mistakes", "bold")))
    if result.ended in ("quit", "eof") and result.session.mode != "review":
        parts.append(Text.assemble(("Carry on later: ", MUTED), ("casestudy quiz --resume", "bold")))
    seed = result.session.seed
    if result.session.mode != "review" and seed:
        parts.append(Text(f"Same questions again: add --seed {seed}", style=MUTED))
    return Group(*parts)


# --- `casestudy mistakes` -----------------------------------------------------------


def mistakes_view(found: Sequence[tuple[Entry, Mistake]]) -> RenderableType:
    """Each item whose latest answer was wrong: question, item, your answer, the right one, where to read."""
    if not found:
        return Text("No mistakes: your latest answer to every item you have answered was right.", style=OK)
    noun = "item" if len(found) == 1 else "items"
    parts: list[RenderableType] = [Text(f"{len(found)} {noun} whose latest answer was wrong", style="bold")]
    for entry, m in found:
        said = visible(m.response) if m.response else "(not recorded)"
        if m.response in entry.options:  # the letter the quiz showed it with
            said = f"{entry.letters[entry.options.index(m.response)]}) {said}"
        parts.append(
            Padding(
                Group(
                    Text.assemble(("✗ ", BAD), (f"{entry.qid} {entry.topic}", ACCENT), " · ", (entry.id, "bold")),
                    Padding(
                        Group(
                            Text(" ".join(entry.item.prompt.split())),
                            Text.assemble(("You: ", MUTED), said),
                            Text.assemble(("Answer: ", "bold"), " ".join(entry.answer_text().split())),
                            Text.assemble(("Read: ", MUTED), (entry.read_more, "bold")),
                        ),
                        (0, 0, 0, 2),
                    ),
                ),
                (1, 0, 0, 0),
            )
        )
    parts.append(Text(""))
    parts.append(Text.assemble(("Practise them: ", MUTED), ("casestudy quiz --mistakes", "bold")))
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
        days = (plan.exam_date - today).days
        line += f" (exam on {plan.exam_date}: {days} day{'' if days == 1 else 's'} left)"
    return f"{line}." if plan.queue else f"Nothing to review now. {line}."


def next_due_line(moment: datetime | None, now: datetime) -> Text:
    return Text.assemble(("Next card due: ", MUTED), _when(moment, now))


class _QuestionTable:
    """The per-question table, fitted to the width it gets: the mastery bar is dropped
    first, then the question's title is cut; the mastery %, accuracy and seen counts stay."""

    def __init__(self, rep: Report) -> None:
        self.rep = rep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        with_bar = width >= 74
        table = Table(box=box.SIMPLE_HEAVY, show_header=True, header_style="bold", expand=False)
        table.add_column("Question", overflow="ellipsis", no_wrap=True, max_width=max(12, min(30, width - (52 if with_bar else 34))))
        if with_bar:
            table.add_column("Mastery", no_wrap=True)
        table.add_column("" if with_bar else "Mastery", justify="right", no_wrap=True)
        table.add_column("Accuracy", justify="right", no_wrap=True)
        table.add_column("Seen", justify="right", no_wrap=True)
        for q in self.rep.questions:
            accuracy = f"{round(100 * q.accuracy)}%" if q.accuracy is not None else "–"
            cells: list[RenderableType] = [f"{q.qid} {q.topic}"]
            if with_bar:
                cells.append(bar(q.mastery))
            cells += [f"{round(100 * q.mastery)}%", accuracy, f"{q.seen}/{q.items}"]
            table.add_row(*cells)
        yield table


def stats_view(rep: Report, now: datetime) -> RenderableType:
    table = _QuestionTable(rep)
    totals = Table.grid(padding=(0, 2))
    totals.add_column(style="bold", no_wrap=True)
    totals.add_column()
    accuracy = f"{round(100 * rep.right / rep.attempts)}%" if rep.attempts else "–"
    totals.add_row("Answered", f"{rep.attempts} ({rep.right} right, accuracy {accuracy}); {rep.answered_today} today")
    totals.add_row("Items seen", f"{rep.seen} of {rep.items}")
    totals.add_row("Mistakes", f"{rep.mistakes} (latest answer wrong: casestudy mistakes)" if rep.mistakes else "0")
    if rep.predictions.made:
        totals.add_row("Lab predictions", f"{rep.predictions.right} of {rep.predictions.made} right (casestudy lab)")
    due = rep.due
    totals.add_row(
        "Due", f"{due.now} now, {due.later_today} more later today, {due.this_week} by the end of {due.week_end:%a %d %b}"
    )
    totals.add_row("Next due", _when(due.next_due, now))
    totals.add_row("Streak", f"{rep.streak} day{'s' if rep.streak != 1 else ''}")
    if rep.exam_date:
        passed = rep.exam_date < now.astimezone().date()  # review plans for it no longer
        totals.add_row("Exam", rep.exam_date.isoformat() + (" (passed; set the next with casestudy review --exam-date)" if passed else ""))
    hint = Text.assemble(
        ("Mastery: items whose latest answer was right. ", MUTED),
        ("Revise: ", MUTED),
        ("casestudy review", "bold"),
    )
    return Group(table, totals, Text(""), hint, Text(f"Progress file: {visible(rep.path)}", style=MUTED))
