"""A stopped quiz rebuilt for `quiz --resume`: the same items in the same order, with the same
option orders, the answers already given and the place to carry on from."""

from __future__ import annotations

from collections.abc import Sequence

from casestudy.content import model
from casestudy.revise import engine
from casestudy.revise.engine import Entry, Outcome, Rating
from casestudy.revise.store import Answer, Run


def rebuild(entries: Sequence[Entry], state: Run, answers: Sequence[Answer]) -> engine.Session:
    """The session `state` describes, over the items that still exist in `entries` (all the
    written items, options unshuffled). Items removed since are left out."""
    by_id = {e.id: e for e in entries}
    chosen: list[Entry] = []
    start = 0
    for position, (item_id, order) in enumerate(state.items):
        if item_id in by_id:
            chosen.append(engine.with_order(by_id[item_id], order))
            start += position < state.position
    given = {a.item_id: a for a in answers}
    skipped = set(state.skipped)
    session = engine.Session(chosen, seed=state.seed, mode=state.mode, start=start)
    for entry in chosen[:start]:
        if entry.id in given:
            session.record(entry, outcome(entry, given[entry.id]))
        elif entry.id in skipped:
            session.record(entry, engine.skipped())
    return session


def outcome(entry: Entry, answer: Answer) -> Outcome:
    """An answer saved earlier, as the outcome the summary shows."""
    item = entry.item
    response = answer.response
    if isinstance(item, model.MCQ) and response in entry.options:
        response = entry.letters[entry.options.index(response)]
    short = engine.match_ideas(item, response) if isinstance(item, model.ShortAnswer) else None
    return Outcome(
        correct=answer.correct,
        rating=Rating(answer.rating),
        response=response,
        hints=answer.hints,
        short=short,
        assessed=short is not None and not answer.pending,
    )


def stored_response(entry: Entry, outcome: Outcome) -> str:
    """What to keep of an answer: a multiple-choice option's text (its letter changes with
    the shuffle), else what the student gave."""
    if entry.options and len(outcome.response) == 1 and outcome.response in entry.letters:
        return entry.options[entry.letters.index(outcome.response)]
    return outcome.response
