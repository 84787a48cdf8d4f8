"""The revise workflows the commands call: a quiz or an exam, a review session, the progress report, a reset.

Each takes the run's Environment, a function that loads the case (called when the
workflow needs it, so errors come in the order they always have) and what it needs to
talk to the student: a Rich console for the prompt loop, and `warn` for a line on stderr.
None prints by itself or exits: the questions go through the prompt loop's IO, and what
is left to show at the end comes back in an `Ending`. Errors are CaseStudyError subclasses.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from casestudy.content import model
from casestudy.content.resolve import resolve_many
from casestudy.env import Environment
from casestudy.errors import QuizError, QuizOptionError
from casestudy.revise import clock, engine, items, prompt, resume, ui, views
from casestudy.revise import srs as scheduler
from casestudy.revise.duration import parse_duration
from casestudy.revise.kinds import parse_kinds
from casestudy.revise.stats import Report, report
from casestudy.revise.store import DB_NAME, Mistake, Run, Store

Warn = Callable[[str], None]
LoadCase = Callable[[], model.Case]


@dataclass(frozen=True)
class Ending:
    """How a quiz or review ended: what to show after it, in order; or, when Ctrl-C cut
    it short, the one line that says so (`stopped`), and nothing else is shown."""

    output: tuple[RenderableType, ...] = ()
    stopped: str | None = None


# --- the progress store ------------------------------------------------------------------


def open_store(run: Environment, warn: Warn | None, *, write: bool = True) -> Store:
    """The progress store. Its notices (e.g. a broken file moved aside) go to `warn` at once;
    with `warn=None` the caller shows them (`show_notices`) once its reading has worked.

    `write=False` for a command that only reads: a read-only file, or one from a newer
    casestudy, is then read (with a notice) instead of refused."""
    store = Store.open(run.data_dir() / DB_NAME, write=write)
    if warn is not None:
        show_notices(store, warn)
    return store


def show_notices(store: Store, warn: Warn) -> None:
    for notice in store.notices:
        warn(notice)


def exam_day(run: Environment, store: Store) -> date | None:
    """The exam date set with `review --exam-date`, while it is still to come."""
    day = store.exam_date()
    return day if day is not None and day >= run.today() else None


# --- running a session -------------------------------------------------------------------


def io_for(run: Environment, console: Console) -> ui.IO:
    """Prompts on a terminal (with line editing); answers read line by line when piped in."""
    if run.stdin_is_tty:
        return prompt.terminal_io(console, run.stdout)
    return prompt.piped_io(console, run.stdin)


def drive(
    run: Environment,
    session: engine.Session,
    store: Store,
    io: ui.IO,
    warn: Warn,
    *,
    time_limit: float | None = None,
    exam_date: date | None = None,
    state: Run | None = None,
) -> Ending:
    """Run a session, saving each answer as it is given, and (for a quiz or an exam) where
    it has got to, for `--resume`. An exam's short answers are saved at once and
    scheduled when the student has assessed them. Returns the summary to show, or the
    line for a run Ctrl-C stopped. `state`: the stopped run a resumed session continues."""
    tracked = session.mode != "review"
    if state is None:
        plan = [(e.id, items.option_order(e)) for e in session.entries]
        state = Run(uuid.uuid4().hex, session.mode, session.seed, plan, time_left=time_limit)
        if tracked:
            store.start_run(state, run.now())
    waiting = {a.item_id: a.attempt_id for a in store.run_answers(state.session) if a.pending}
    started = io.clock()
    warned = False

    def scheduled(reviewed: scheduler.Reviewed | None) -> None:
        nonlocal warned
        if reviewed is None and not warned:  # the answer is saved; say once that scheduling failed
            warned = True
            warn(
                "casestudy: warning: your answer was saved, but its card's review schedule was not updated "
                f"({store.schedule_error}); later answers too are saved without a schedule."
            )

    def save(entry: engine.Entry, outcome: engine.Outcome) -> None:
        if outcome.skipped:
            state.skipped.append(entry.id)
        else:
            answer: dict[str, Any] = dict(
                item_id=entry.id, question_id=entry.qid, kind=entry.kind, correct=outcome.correct,
                rating=int(outcome.rating), hints=outcome.hints, mode=session.mode, session=state.session,
                when=run.now(), response=resume.stored_response(entry, outcome),
            )  # fmt: skip
            if session.mode == "exam" and outcome.short is not None:
                waiting[entry.id] = store.record_pending(**answer)
            else:
                scheduled(store.record(**answer, exam_date=exam_date))
        if tracked:
            state.position += 1
            if time_limit is not None:
                state.time_left = max(0.0, time_limit - (io.clock() - started))
            store.advance_run(state, run.now())

    def settle(entry: engine.Entry, before: engine.Outcome, after: engine.Outcome) -> None:
        attempt = waiting.pop(entry.id, None)
        if attempt is not None:
            when = run.now()
            scheduled(store.settle(attempt, correct=after.correct, rating=int(after.rating), when=when, exam_date=exam_date))

    try:
        result = ui.run(session, io, save, time_limit=time_limit, settle=settle)
    except BaseException:  # the terminal went away mid-question, say: keep the time the exam had left
        if tracked and time_limit is not None:
            state.time_left = max(0.0, time_limit - (io.clock() - started))
            with contextlib.suppress(Exception):  # the first error is the one to report
                store.advance_run(state, run.now())
        raise
    if tracked:
        if result.time_left is not None:  # stopped mid-question: the time spent on it is gone too
            state.time_left = result.time_left
        finished = result.ended in ("done", "timeout") and result.assessment != "interrupted"
        store.advance_run(state, run.now(), finished=finished)
    if result.ended == "interrupted" or result.assessment == "interrupted":
        return Ending(stopped=views.one_line(result, resumable=tracked))
    return Ending(output=(views.summary(result, exam=session.mode == "exam"),))


# --- the workflows -----------------------------------------------------------------------


def quiz(
    run: Environment,
    load: LoadCase,
    questions: Sequence[str],
    *,
    n: int | None,
    kinds: Sequence[str],
    seed: int | None,
    exam: bool,
    time: str | None,
    console: Console,
    warn: Warn,
    mistakes: bool = False,
    resume_last: bool = False,
) -> Ending:
    """A quiz (or, with `exam`, an exam with an optional time limit) over `questions`;
    with `mistakes`, over the items whose latest answer was wrong; with `resume_last`,
    the last quiz stopped before its end, carried on."""
    if resume_last:
        if questions or n is not None or kinds or seed is not None or exam or time is not None or mistakes:
            raise QuizOptionError(
                "--resume carries on the last quiz exactly as it was, so it takes no other options",
                hint="Run: casestudy quiz --resume",
            )
        return _resume(run, load, console, warn)
    if time is not None and not exam:
        raise QuizOptionError("--time is for exams", hint="Add --exam, e.g. casestudy quiz --exam --time 20m.")
    time_limit = parse_duration(time) if time is not None else None
    chosen = parse_kinds(kinds)
    case = load()
    with open_store(run, warn) as store:
        only = None
        if mistakes:
            only = [m.item_id for m in store.mistakes(e.id for e in engine.collect(case.questions))]
        session = engine.build(resolve_many(case, questions), n=n, kinds=chosen, seed=seed, exam=exam, only=only)
        return drive(run, session, store, io_for(run, console), warn, time_limit=time_limit, exam_date=exam_day(run, store))


def _resume(run: Environment, load: LoadCase, console: Console, warn: Warn) -> Ending:
    case = load()
    with open_store(run, warn) as store:
        state = store.last_open_run()
        if state is None:
            raise QuizError("there is no stopped quiz to resume", hint="Start one: casestudy quiz")
        entries = engine.collect([q for q in case.questions if q.written])
        session = resume.rebuild(entries, state, store.run_answers(state.session))
        io = io_for(run, console)
        io.show(Text(resuming_line(state.mode, session.start, len(session.entries)), style="bold"))
        limit = max(state.time_left, 1.0) if state.mode == "exam" and state.time_left is not None else None
        return drive(run, session, store, io, warn, time_limit=limit, exam_date=exam_day(run, store), state=state)


def resuming_line(mode: str, start: int, total: int) -> str:
    """What a resumed run says first: where it carries on, or, when every item was answered
    before it stopped (in an exam's assessment, at a short answer's grade), what comes next."""
    what = "exam" if mode == "exam" else "quiz"
    if start < total:
        return f"Resuming your {what} at item {start + 1} of {total}."
    if mode == "exam":
        return "Resuming your exam: every item is answered; now assess your short answers."
    return "Resuming your quiz: every item is answered; here is its summary."


def mistakes(run: Environment, load: LoadCase, warn: Warn) -> list[tuple[engine.Entry, Mistake]]:
    """The items whose latest answer was wrong (most recent first), with what was answered;
    a multiple-choice item with its options as that quiz showed them (no letters if not kept)."""
    case = load()
    entries = {e.id: e for e in engine.collect([q for q in case.questions if q.written])}
    with open_store(run, None, write=False) as store:
        found = store.mistakes(entries)
    show_notices(store, warn)
    return [(items.as_shown(entries[m.item_id], m.order), m) for m in found]


def review(
    run: Environment,
    load: LoadCase,
    *,
    new: int,
    exam_date: str | None,
    seed: int | None,
    console: Console,
    warn: Warn,
) -> Ending:
    """Spaced repetition: the plan line, the cards due (wrong ones first), then new ones;
    at the end, when the next card is due. `exam_date` sets (or with 'off' clears) the exam."""
    exam_day_set = clock.parse_exam_date(exam_date, run.today()) if exam_date is not None else None  # a bad date: before anything
    entries = engine.collect([q for q in load().questions if q.written])
    ids = [e.id for e in entries]
    with open_store(run, warn) as store:
        if exam_date is not None:
            store.set_exam_date(exam_day_set)
        now = run.now()
        today = clock.local_day(now)
        plan = scheduler.plan_review(ids, store.cards(ids), now, today, new, exam_day(run, store))
        io = io_for(run, console)
        io.show(Text(views.plan_line(plan, today)))
        output: tuple[RenderableType, ...] = ()
        if plan.queue:
            seed = seed if seed is not None else engine.new_seed()
            by_id = {e.id: e for e in entries}
            queue = engine.select([by_id[i] for i in plan.queue], None, seed, shuffle=False)
            ending = drive(run, engine.Session(queue, seed=seed, mode="review"), store, io, warn, exam_date=plan.exam_date)
            if ending.stopped is not None:
                return ending
            output = ending.output
        later = store.cards(ids)
        return Ending(output=(*output, views.next_due_line(scheduler.next_due(later), run.now())))


def progress_report(run: Environment, load: LoadCase, warn: Warn) -> Report:
    """The numbers of `casestudy stats`, for the items that exist now. The store is only
    read; its notices are shown after the reading worked (a failure is then one line)."""
    case = load()
    items_ = [(i.id, q.id, q.title) for q in case.questions if q.answer for i in q.answer.quiz]
    now = run.now()
    with open_store(run, None, write=False) as store:
        rep = report(store, items_, now)
    show_notices(store, warn)
    return rep


def reset_progress(run: Environment, load: LoadCase, confirm: Callable[[Path], bool], warn: Warn) -> int | None:
    """Forget every answer, if `confirm(path)` says so. Returns how many were forgotten, or
    None when the student said no."""
    load()  # a broken pack is reported before anything is forgotten
    with open_store(run, warn) as store:
        if not confirm(store.path):
            return None
        return store.reset()
