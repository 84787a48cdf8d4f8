"""Revision: `quiz`, `review` and `stats`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from casestudy.cli import common
from casestudy.errors import ExitCode


def _store(ctx: typer.Context, *, write: bool = True, notices: bool = True):
    """The progress store; a notice (e.g. a broken file moved aside) goes to stderr.

    `write=False` for a command that only reads: a read-only file, or one from a newer
    casestudy, is then read (with a notice) instead of refused. `notices=False`: the
    caller shows them (`_notices`) once its reading has worked."""
    from casestudy.revise.store import DB_NAME, Store

    store = Store.open(common.env(ctx).data_dir() / DB_NAME, write=write)
    if notices:
        _notices(ctx, store)
    return store


def _notices(ctx: typer.Context, store) -> None:
    for notice in store.notices:
        common.warn(ctx, notice)


def _io(ctx: typer.Context, console):
    from casestudy.revise import ui as quiz_ui

    run = common.env(ctx)
    if run.stdin_is_tty:
        return quiz_ui.terminal_io(console)
    return quiz_ui.piped_io(console, run.stdin)


def _drive(ctx: typer.Context, session, store, *, time_limit: float | None = None, exam_date=None):
    """Run a session, saving each answer as it is given; print the ending. Returns the run."""
    import uuid

    from casestudy.revise import ui as quiz_ui

    console = common.console(ctx)
    session_id = uuid.uuid4().hex
    run = common.env(ctx)
    warned = False

    def save(entry, outcome) -> None:
        nonlocal warned
        reviewed = store.record(
            item_id=entry.id,
            question_id=entry.qid,
            kind=entry.kind,
            correct=outcome.correct,
            rating=int(outcome.rating),
            hints=outcome.hints,
            mode=session.mode,
            session=session_id,
            when=run.now(),
            exam_date=exam_date,
        )
        if reviewed is None and not warned:  # the answer is saved; say once that scheduling failed
            warned = True
            common.warn(
                ctx,
                "casestudy: warning: your answer was saved, but its card's review schedule was not updated "
                f"({store.schedule_error}); later answers too are saved without a schedule.",
            )

    result = quiz_ui.run(session, _io(ctx, console), save, time_limit=time_limit)
    if result.ended == "interrupted":
        console.print()
        console.print(quiz_ui.one_line(result), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    console.print(quiz_ui.summary(result, exam=session.mode == "exam"))
    return result


def _exam_day(ctx: typer.Context, store):
    day = store.exam_date()
    return day if day is not None and day >= common.env(ctx).today() else None


def quiz(
    ctx: typer.Context,
    questions: Annotated[
        Optional[list[str]], typer.Argument(help="Questions to quiz on (q4, 4, a slug, an alias); none or all: every written one.")
    ] = None,
    n: Annotated[Optional[int], typer.Option("--n", "-n", help="How many items (default 10; 20 with --exam).")] = None,
    kind: Annotated[
        Optional[list[str]], typer.Option("--kind", "-k", help="Kinds to ask: mcq, tf, flashcard, short (repeat or comma-separate).")
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the order and options, to repeat a quiz.")] = None,
    exam: Annotated[bool, typer.Option("--exam", help="Exam mode: no hints or feedback until the end, then a grade.")] = False,
    time: Annotated[Optional[str], typer.Option("--time", help="Exam time limit, e.g. 20m or 1h30m (with --exam).")] = None,
) -> None:
    """Quiz yourself: instant feedback that teaches; every answer saved at once.

    Keys: a letter (multiple choice), t/f (true or false), Enter then 1-4 (flashcards: again, hard, good, easy), a typed sentence (short answer); ? for a hint, q to quit, Ctrl-C to stop (answers given are kept). Piped input: one answer per line."""
    from casestudy.content.resolve import resolve_many
    from casestudy.errors import QuizError
    from casestudy.revise import engine

    if time is not None and not exam:
        raise QuizError("--time is for exams", hint="Add --exam, e.g. casestudy quiz --exam --time 20m.")
    time_limit = engine.parse_duration(time) if time is not None else None
    kinds = engine.parse_kinds(kind or [])
    session = engine.build(resolve_many(common.load(ctx), questions or []), n=n, kinds=kinds, seed=seed, exam=exam)
    with _store(ctx) as store:
        _drive(ctx, session, store, time_limit=time_limit, exam_date=_exam_day(ctx, store))


def review(
    ctx: typer.Context,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards to introduce a day.")] = 10,
    exam_date: Annotated[
        Optional[str],
        typer.Option(
            "--exam-date",
            metavar="YYYY-MM-DD",
            help="Plan around an exam: no card scheduled past it, every card seen before it. Remembered; 'off' clears it.",
        ),
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the multiple-choice option order.")] = None,
) -> None:
    """Spaced repetition (FSRS): the cards due now, wrong ones first, then a few new ones."""
    from casestudy.revise import clock, engine
    from casestudy.revise import srs as scheduler
    from casestudy.revise import ui as quiz_ui

    run = common.env(ctx)
    entries = engine.collect([q for q in common.load(ctx).questions if q.written])
    with _store(ctx) as store:
        if exam_date is not None:
            store.set_exam_date(clock.parse_exam_date(exam_date, run.today()))
        now = run.now()
        today = clock.local_day(now)
        plan = scheduler.plan_review(entries, store.cards(e.id for e in entries), now, today, new, _exam_day(ctx, store))
        console = common.console(ctx)
        console.print(quiz_ui.plan_line(plan, today), markup=False, highlight=False)
        if plan.queue:
            seed = seed if seed is not None else engine.new_seed()
            queue = engine.select(plan.queue, None, seed, shuffle=False)
            _drive(ctx, engine.Session(queue, seed=seed, mode="review"), store, exam_date=plan.exam_date)
        later = store.cards(e.id for e in entries)
        console.print(quiz_ui.next_due_line(scheduler.next_due(later), run.now()))


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON, for scripts.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget every answer (asks first).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --reset: do not ask.")] = False,
) -> None:
    """Your progress per question: mastery, accuracy, items seen, cards due, day streak."""
    from casestudy.revise import store as progress
    from casestudy.revise import ui as quiz_ui

    case = common.load(ctx)
    with _store(ctx, write=reset, notices=reset) as store:
        if reset:
            if not yes and not typer.confirm(f"Forget every answer saved in {store.path}?", default=False):
                typer.echo("Nothing was reset.")
                raise typer.Exit(int(ExitCode.ERROR))
            count = store.reset()
            typer.echo(f"Reset: {count} answer{'s' if count != 1 else ''} forgotten.")
            return
        items = [(i.id, q.id, q.title) for q in case.questions if q.answer for i in q.answer.quiz]
        now = common.env(ctx).now()
        rep = progress.report(store, items, now)
    _notices(ctx, store)  # after the reading worked: a failure is then one line, not two
    if as_json:
        import json

        typer.echo(json.dumps(rep.to_dict(), indent=2))
        return
    common.console(ctx).print(quiz_ui.stats_view(rep, now))
