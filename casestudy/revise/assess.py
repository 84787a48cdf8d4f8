"""An exam's short answers, assessed by the student at the end: their answer, the model
answer and the key ideas as a checklist; they tick the ideas they really gave.

The matcher's marks are the starting point (pre-ticked where it found an idea's words
outside a negation); Enter keeps them. Piped, one line per answer; when the input ends
the matcher's marks stand for the rest, and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from casestudy.content import model
from casestudy.revise.engine import Entry, Outcome, Session, tick
from casestudy.revise.ui import BAD, IO, MUTED, OK, Settle
from casestudy.text.safe import visible

_NUMBERS = re.compile(r"^[\d\s,;]+$")
PROMPT = "Ideas you really gave (numbers, e.g. 1 3; Enter keeps the ✓ marks; 0 for none): "


def pending(session: Session) -> list[tuple[int, Entry, Outcome]]:
    """The short answers of a session still to assess: (index in results, entry, outcome)."""
    return [
        (i, e, o)
        for i, (e, o) in enumerate(session.results)
        if o.short is not None and not o.skipped and not o.assessed and isinstance(e.item, model.ShortAnswer)
    ]


def checklist(entry: Entry, outcome: Outcome, number: int, total: int) -> Group:
    item = entry.item
    assert isinstance(item, model.ShortAnswer) and outcome.short is not None
    found = outcome.short.mentioned
    rows: list[RenderableType] = [
        Text(""),
        Rule(Text(f"Assess your short answer {number}/{total} · {entry.id}", style="bold"), align="left", style="cyan"),
        Text(item.prompt.strip(), style="bold"),
        Text.assemble(("Your answer: ", "bold"), visible(outcome.response)),
        Text.assemble(("Model answer: ", "bold"), item.answer.strip()),
        Text("Key ideas (✓ where your answer seems to give it):", style="bold"),
    ]
    for n, idea in enumerate(item.key_ideas, 1):
        mark = ("[✓]", OK) if idea in found else ("[ ]", MUTED)
        rows.append(Text.assemble(f"  {n} ", mark, " ", idea.idea))
    if outcome.short.problem:
        rows.append(Text(f"Nothing can be credited: {outcome.short.problem}.", style="yellow"))
    return Group(*rows)


def parse_ticks(text: str, count: int) -> list[int] | None:
    """`1 3` / `1,3` → [1, 3]; `0` → []; None when it is not a list of idea numbers."""
    text = text.strip()
    if text in ("0", "-", "none"):
        return []
    if not _NUMBERS.match(text):
        return None
    numbers = [int(n) for n in re.split(r"[\s,;]+", text) if n]
    if not numbers or any(not 1 <= n <= count for n in numbers):
        return None
    return numbers


def assess_all(session: Session, io: IO, settle: Settle) -> str:
    """Ask the student to assess each short answer. Returns "done", "eof" or
    "interrupted" ("" when there was nothing to assess); every grade, confirmed or the
    matcher's, goes to `settle` and replaces the outcome in the session."""
    todo = pending(session)
    if not todo:
        return ""
    io.show(Text(""))
    io.show(Text("Now assess your short answers: tick the key ideas you really gave.", style="bold"))
    status = "done"
    for number, (index, entry, outcome) in enumerate(todo, 1):
        final = outcome
        if status == "done":
            item = entry.item
            assert isinstance(item, model.ShortAnswer)
            io.show(checklist(entry, outcome, number, len(todo)))
            try:
                final = _ask_ticks(entry, outcome, io, len(item.key_ideas))
            except EOFError:
                status = "eof"
            except KeyboardInterrupt:
                return "interrupted"  # the answers left keep waiting, saved as the matcher graded them
        if status != "done":
            final = tick(entry, outcome, _found(entry, outcome))
            final = replace(final, assessed=False)
        settle(entry, outcome, final)
        session.results[index] = (entry, final)
        if status == "done" and final.short is not None:
            mark = Text("✓ counts as right", style=OK) if final.correct else Text("✗ counts as wrong", style=BAD)
            io.show(Text.assemble(mark, f" ({len(final.short.mentioned)} of {final.short.total} ideas)"))
    if status == "eof":
        io.show(Text("Input ended: the matcher's marks stand for the answers not assessed.", style="yellow"))
    return status


def _found(entry: Entry, outcome: Outcome) -> list[int]:
    item = entry.item
    assert isinstance(item, model.ShortAnswer) and outcome.short is not None
    return [n for n, idea in enumerate(item.key_ideas, 1) if idea in outcome.short.mentioned]


def _ask_ticks(entry: Entry, outcome: Outcome, io: IO, count: int) -> Outcome:
    if outcome.short is not None and outcome.short.problem:
        return tick(entry, outcome, [])
    while True:
        raw = io.ask(PROMPT)
        if not raw.strip():
            return tick(entry, outcome, _found(entry, outcome))
        numbers = parse_ticks(raw, count)
        if numbers is not None:
            return tick(entry, outcome, numbers)
        io.show(Text(f"Type idea numbers from 1 to {count}, 0 for none, or press Enter.", style="yellow"))
