"""Revision: `quiz`, `review`, `mistakes` and `stats`.

Each parses its arguments, calls one workflow in `casestudy.revise.session` and prints
what it returns."""

# No `from __future__ import annotations` here: Typer would compile and evaluate every
# annotation as a string at start-up (about 10,000 calls a run); evaluated once at import is cheaper.

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any, Optional

import typer

from casestudy.cli import common
from casestudy.errors import ExitCode


def _warn(ctx: typer.Context):
    return lambda line: common.warn(ctx, line)


@contextlib.contextmanager
def _hangup_stops() -> Iterator[None]:
    """A closed terminal (SIGHUP) stops a quiz as Ctrl-C does, so an exam keeps the time it
    had left; elsewhere (Windows, not the main thread) nothing changes."""
    import signal

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is None:
        yield
        return
    try:
        previous = signal.signal(hangup, signal.default_int_handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(hangup, previous)


def _finish(ctx: typer.Context, ending: Any) -> None:
    """Print what a quiz or review left to show; a run Ctrl-C stopped is one line and exit 130."""
    console = common.console(ctx)
    if ending.stopped is not None:
        console.print()
        # One line into a pipe or log; on a terminal, wrapped between words, not inside them.
        console.print(ending.stopped, markup=False, highlight=False, soft_wrap=not console.is_terminal)
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    for renderable in ending.output:
        console.print(renderable)


def quiz(
    ctx: typer.Context,
    questions: Annotated[
        Optional[list[str]], typer.Argument(help="Questions to quiz on (q4, 4, a slug, an alias); none or all: every written one.")
    ] = None,
    n: Annotated[
        Optional[int], typer.Option("--n", "-n", help="How many items (default 10; 20 with --exam; every one with --mistakes).")
    ] = None,
    kind: Annotated[
        Optional[list[str]], typer.Option("--kind", "-k", help="Kinds to ask: mcq, tf, flashcard, short (repeat or comma-separate).")
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the order and options, to repeat a quiz.")] = None,
    exam: Annotated[bool, typer.Option("--exam", help="Exam mode: no hints or feedback until the end, then a grade.")] = False,
    time: Annotated[
        Optional[str], typer.Option("--time", help="Exam time limit (with --exam): 20m, 1h30m, 90s; a bare number is minutes.")
    ] = None,
    mistakes: Annotated[
        bool, typer.Option("--mistakes", help="Ask exactly the items whose latest answer was wrong (see casestudy mistakes).")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Carry on the last quiz or exam you stopped, with the same items and seed.")
    ] = False,
) -> None:
    """Quiz yourself: instant feedback that teaches; every answer saved at once.

    Keys: a letter (multiple choice), t/f (true or false), Enter then 1-4 (flashcards: again, hard, good, easy), a typed sentence (short answer); ? for a hint, s to skip, q to quit, Ctrl-C to stop (answers given are kept; --resume carries on). Arrow keys edit the answer. Piped input: one answer per line."""
    from casestudy.revise import session

    with _hangup_stops():
        ending = session.quiz(
            common.env(ctx),
            lambda: common.load(ctx),
            questions or [],
            n=n,
            kinds=kind or [],
            seed=seed,
            exam=exam,
            time=time,
            console=common.console(ctx),
            warn=_warn(ctx),
            mistakes=mistakes,
            resume_last=resume,
        )
    _finish(ctx, ending)


def mistakes(ctx: typer.Context) -> None:
    """Your mistakes: each item whose latest answer was wrong, with your answer, the right one and where to read.

    `casestudy quiz --mistakes` asks exactly these items again."""
    from casestudy.revise import session
    from casestudy.revise.views import mistakes_view

    found = session.mistakes(common.env(ctx), lambda: common.load(ctx), _warn(ctx))
    common.console(ctx).print(mistakes_view(found))


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
    from casestudy.revise import session

    ending = session.review(
        common.env(ctx),
        lambda: common.load(ctx),
        new=new,
        exam_date=exam_date,
        seed=seed,
        console=common.console(ctx),
        warn=_warn(ctx),
    )
    _finish(ctx, ending)


def _ask_yes(run: Any, question: str, *, err: bool) -> bool:
    """Ask on stdout (stderr when stdout is JSON) and read one line: y or yes says yes.
    Piped, the answer is echoed after the question.
    Input that ends unanswered is an error (exit 1); Ctrl-C is the boundary's (exit 130)."""
    from casestudy.errors import CaseStudyError

    typer.echo(question, nl=False, err=err)
    line = run.stdin.readline()
    if not line:
        typer.echo(err=err)
        raise CaseStudyError(
            "nothing was reset: the question got no answer (the input ended)",
            hint="To reset without a question: casestudy stats --reset --yes",
        )
    if not run.stdin_is_tty:  # piped: the answer after its question, as a terminal would show it
        from casestudy.text.safe import visible

        typer.echo(visible(line.rstrip("\r\n")), err=err)
    return line.strip().lower() in ("y", "yes")


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON, for scripts.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget every answer (asks first).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --reset: do not ask.")] = False,
) -> None:
    """Your progress per question: mastery, accuracy, items seen, cards due, day streak."""
    from casestudy.revise import session

    run = common.env(ctx)
    if reset:

        def confirm(path) -> bool:
            return yes or _ask_yes(run, f"Forget every answer saved in {path}? [y/N]: ", err=as_json)

        count = session.reset_progress(run, lambda: common.load(ctx), confirm, _warn(ctx))
        if as_json:
            import json

            typer.echo(json.dumps({"reset": count is not None, "forgotten": count or 0}))
        elif count is None:
            typer.echo("Nothing was reset.")
        else:
            typer.echo(f"Reset: {count} answer{'s' if count != 1 else ''} forgotten.")
        return
    rep = session.progress_report(run, lambda: common.load(ctx), _warn(ctx))
    if as_json:
        from casestudy.revise.stats import json_text

        typer.echo(json_text(rep))
        return
    from casestudy.revise.views import stats_view

    common.console(ctx).print(stats_view(rep, rep.now))
