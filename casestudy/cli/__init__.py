"""The command line: the only module that knows Typer, prints, or exits.

Each command parses its arguments, calls the core, hands the result to a renderer and
prints it. Errors raised by the core become one message on stderr and an exit code
(casestudy.errors.ExitCode), in one place: `_friendly`, which wraps every command.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from casestudy import __version__
from casestudy.errors import CaseStudyError, ContentError, ExitCode, NotWritten


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass
class _State:
    pack: Optional[str] = None
    color: Color = Color.auto


def _report(error: CaseStudyError, color: str) -> None:
    from casestudy.render.terminal import make_console
    from casestudy.text.safe import visible

    err = make_console(color, stderr=True)
    if isinstance(error, ContentError) and error.problems:
        for line in error.problems:
            err.print(visible(line), markup=False, highlight=False, soft_wrap=True)
    message = f"casestudy: error: {error.message}"
    if error.hint:
        message += ("" if message.endswith((".", "?", "!")) else ".") + f" {error.hint}"
    # One line into a pipe or log; on a terminal, wrapped between words, not inside them.
    err.print(visible(message), style="bold red", markup=False, highlight=False, soft_wrap=not err.is_terminal)


def _friendly(fn: Callable[..., None]) -> Callable[..., None]:
    """Wrap a command so core errors and Ctrl-C become a message and a documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        ctx = next((a for a in (*args, *kwargs.values()) if isinstance(a, typer.Context)), None)
        color = ctx.ensure_object(_State).color.value if ctx is not None else "auto"
        previous = _interrupts_raise()
        try:
            fn(*args, **kwargs)
        except CaseStudyError as error:
            _report(error, color)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("\ncasestudy: interrupted.", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:  # `casestudy show all | head`: the reader left; not an error
            _silence_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:  # a bug: one line, not a traceback, unless asked for
            if isinstance(error, OSError) and _is_output_error(error):  # stdout failed (a full disk): not a bug
                _silence_stdout()
                _report(CaseStudyError(f"cannot write output: {_strerror(error)}"), color)
                raise typer.Exit(int(ExitCode.ERROR)) from None
            if os.environ.get("CASESTUDY_DEBUG") or _is_usage_error(error):
                raise
            from casestudy.text.safe import visible

            typer.echo(
                visible(f"casestudy: internal error: {type(error).__name__}: {error}. This is a bug; please report it ")
                + "(run again with CASESTUDY_DEBUG=1 to see the traceback).",
                err=True,
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None
        finally:
            _restore_interrupts(previous)

    return wrapper


def _interrupts_raise() -> Any:
    """While a command runs, Ctrl-C raises KeyboardInterrupt (handled above, so a quiz keeps
    its answers); before and after, the entry module's handler ends the program quietly."""
    import signal

    try:
        return signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread
        return None


def _restore_interrupts(previous: Any) -> None:
    import signal

    if previous is not None:
        try:
            signal.signal(signal.SIGINT, previous)
        except ValueError:
            pass


_OUTPUT_ERRNOS = {"ENOSPC", "EDQUOT", "EFBIG", "EIO"}


def _is_output_error(error: Exception) -> bool:
    """A write to stdout that failed (no file name: a stream, not a file we opened)."""
    import errno

    codes = {getattr(errno, name) for name in _OUTPUT_ERRNOS if hasattr(errno, name)}
    return isinstance(error, OSError) and error.filename is None and error.errno in codes


def _strerror(error: OSError) -> str:
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _is_usage_error(error: Exception) -> bool:
    """Click's own errors (typer.BadParameter and kin): Typer prints them as usage errors, exit 2."""
    return any(c.__name__ == "ClickException" for c in type(error).__mro__)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so Python's exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    name="casestudy",
    help="Netflix's backend, as a system-design case study: read the answers, write your submission, revise with quizzes.",
    epilog="Start with: casestudy list   then: casestudy show q4",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casestudy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    pack: Annotated[
        Optional[str],
        typer.Option("--pack", metavar="DIR", help="Load another content pack (a folder with case.yaml). Env: CASESTUDY_PACK."),
    ] = None,
    color: Annotated[
        Color, typer.Option("--color", help="Colour output: auto (on a terminal), always, never. NO_COLOR and FORCE_COLOR are honoured.")
    ] = Color.auto,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = _State(pack=pack, color=color)


def _state(ctx: typer.Context) -> _State:
    return ctx.ensure_object(_State)


def _load(ctx: typer.Context, *, as_data: bool = False, cache: bool = True):
    """The case. Its text is made visible (control characters shown escaped) for every
    command that shows it; `as_data` keeps it as it is (JSON export, checks)."""
    from casestudy.content.load import load_case

    case = load_case(_state(ctx).pack, cache=cache)
    if as_data:
        return case
    from casestudy.text.safe import visible_model

    return visible_model(case)


def _emit(console: Any, *renderables: Any) -> None:
    for r in renderables:
        console.print(r)


def _console(ctx: typer.Context):
    from casestudy.render.terminal import make_console

    return make_console(_state(ctx).color.value)


@app.command("list", epilog="Example: casestudy list")
@_friendly
def list_(ctx: typer.Context) -> None:
    """List the case's questions: id, topic, the question itself."""
    from casestudy.render.terminal import question_list

    _emit(_console(ctx), question_list(_load(ctx)))


@app.command(epilog="Examples: casestudy show q4 · casestudy show aws --brief · casestudy show all --pager")
@_friendly
def show(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="q4, 4, a slug such as aws, an alias, or all.")],
    brief: Annotated[bool, typer.Option("--brief", help="Only the header, TL;DR and key points.")] = False,
    pager: Annotated[bool, typer.Option("--pager", help="Page long output (uses $PAGER).")] = False,
) -> None:
    """Show one answer as a terminal page."""
    from casestudy.content.load import resolve_many
    from casestudy.render.terminal import not_written, page

    case = _load(ctx)
    if question.strip().lower() == "all":
        chosen = case.questions
    else:
        chosen = resolve_many(case, [question])
        if not chosen[0].written:
            q = chosen[0]
            raise NotWritten(
                f"{q.id} ({q.title}) has not been written yet.",
                hint="`casestudy list` shows which answers are available.",
            )
    console = _console(ctx)
    pages = [page(q, case, brief=brief) if q.written else not_written(q) for q in chosen]
    if pager and _page(console, pages):
        return
    _emit(console, *pages)


def _page(console: Any, pages: list[Any]) -> bool:
    """Show `pages` in $PAGER (default less); False, with a note, if it cannot start.
    Colour goes only to a pager known to show it (less -R); others get plain text."""
    import io
    import shutil

    from casestudy.cli import pager as paging
    from casestudy.render.terminal import make_console

    argv = paging.command(os.environ)
    colour = console.is_terminal and not console.no_color and paging.passes_colour(argv, os.environ)
    buffer = io.StringIO()
    paged = make_console("always" if colour else "never", file=buffer)
    if sys.stdout.isatty():
        paged.width = shutil.get_terminal_size().columns
    _emit(paged, *pages)
    problem = paging.run(buffer.getvalue(), argv, os.environ, getattr(sys.stdout, "encoding", None) or "utf-8")
    if problem is None:
        return True
    typer.echo(f"casestudy: note: cannot run the pager {argv[0]} ({problem}); printing instead.", err=True)
    return False


@app.command(epilog="Examples: casestudy validate · casestudy --pack my-pack/ validate --standard · casestudy validate --verbose")
@_friendly
def validate(
    ctx: typer.Context,
    standard: Annotated[
        bool,
        typer.Option("--standard", help="Also hold every written answer to the content guide's minimums; report each answer's share of primary sources."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list each reference's provenance: where its text was read, copies, doubts.")
    ] = False,
) -> None:
    """Check the content pack and report every problem with file:line:column."""
    case = _load(ctx, as_data=True, cache=False)  # always the YAML itself: a cache may predate a loader rule
    lines: list[str] = []
    if standard:
        from casestudy.content.standard import check_case, primary_share

        problems = check_case(case)
        if problems:
            raise ContentError(
                f"{len(problems)} content-standard problem{'s' if len(problems) != 1 else ''}",
                problems,
                hint="The minimums are in shared/CONTENT_GUIDE.md and casestudy/standard.py.",
            )
        for q in case.questions:
            primary, total = primary_share(q)
            if total:
                lines.append(f"{q.id}: {primary} of {total} references primary ({round(100 * primary / total)}%)")
    if verbose:
        from casestudy.text.safe import visible

        for q in case.questions:
            for r in q.answer.references if q.answer else []:
                if r.provenance:
                    lines.append(f"{q.id} [@{r.key}] provenance: {visible(r.provenance)}")
    written = sum(q.written for q in case.questions)
    items = sum(len(q.answer.quiz) for q in case.questions if q.answer)
    typer.echo(f"ok: {case.root}: {written} of {len(case.questions)} answers written, {items} quiz items")
    for line in lines:
        typer.echo(line)


# --- revise: quiz, review, stats ----------------------------------------------------


def _store(ctx: typer.Context, *, write: bool = True, notices: bool = True):
    """The progress store; a notice (e.g. a broken file moved aside) goes to stderr.

    `write=False` for a command that only reads: a read-only file, or one from a newer
    casestudy, is then read (with a notice) instead of refused. `notices=False`: the
    caller shows them (`_notices`) once its reading has worked."""
    from casestudy.revise.store import Store

    store = Store.open(write=write)
    if notices:
        _notices(ctx, store)
    return store


def _notices(ctx: typer.Context, store) -> None:
    for notice in store.notices:
        _warn(ctx, notice)


def _warn(ctx: typer.Context, line: str) -> None:
    """One line on stderr, not an error: the command goes on."""
    from casestudy.render.terminal import make_console
    from casestudy.text.safe import visible

    err = make_console(_state(ctx).color.value, stderr=True)
    err.print(visible(line), style="yellow", markup=False, highlight=False, soft_wrap=True)


def _io(console):
    import sys

    from casestudy.revise import ui as quiz_ui

    if sys.stdin.isatty():
        return quiz_ui.terminal_io(console)
    return quiz_ui.piped_io(console, sys.stdin)


def _drive(ctx: typer.Context, session, store, *, time_limit: float | None = None, exam_date=None):
    """Run a session, saving each answer as it is given; print the ending. Returns the run."""
    import uuid

    from casestudy.revise import clock
    from casestudy.revise import ui as quiz_ui

    console = _console(ctx)
    session_id = uuid.uuid4().hex

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
            when=clock.now(),
            exam_date=exam_date,
        )
        if reviewed is None and not warned:  # the answer is saved; say once that scheduling failed
            warned = True
            _warn(
                ctx,
                "casestudy: warning: your answer was saved, but its card's review schedule was not updated "
                f"({store.schedule_error}); later answers too are saved without a schedule.",
            )

    result = quiz_ui.run(session, _io(console), save, time_limit=time_limit)
    if result.ended == "interrupted":
        console.print()
        console.print(quiz_ui.one_line(result), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    console.print(quiz_ui.summary(result, exam=session.mode == "exam"))
    return result


def _exam_day(store):
    from casestudy.revise import clock

    day = store.exam_date()
    return day if day is not None and day >= clock.today() else None


@app.command(
    epilog="Examples: casestudy quiz · casestudy quiz q4 q7 --n 5 --kind mcq,tf · casestudy quiz --exam --time 20m"
)
@_friendly
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
    from casestudy.content.load import resolve_many
    from casestudy.errors import QuizError
    from casestudy.revise import engine

    if time is not None and not exam:
        raise QuizError("--time is for exams", hint="Add --exam, e.g. casestudy quiz --exam --time 20m.")
    time_limit = engine.parse_duration(time) if time is not None else None
    kinds = engine.parse_kinds(kind or [])
    session = engine.build(resolve_many(_load(ctx), questions or []), n=n, kinds=kinds, seed=seed, exam=exam)
    with _store(ctx) as store:
        _drive(ctx, session, store, time_limit=time_limit, exam_date=_exam_day(store))


@app.command(epilog="Examples: casestudy review · casestudy review --new 20 · casestudy review --exam-date 2027-06-14")
@_friendly
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

    entries = engine.collect([q for q in _load(ctx).questions if q.written])
    with _store(ctx) as store:
        if exam_date is not None:
            store.set_exam_date(clock.parse_exam_date(exam_date))
        now = clock.now()
        plan = scheduler.plan_review(
            entries, store.cards(e.id for e in entries), now, clock.today(), new, _exam_day(store)
        )
        console = _console(ctx)
        console.print(quiz_ui.plan_line(plan, clock.today()), markup=False, highlight=False)
        if plan.queue:
            seed = seed if seed is not None else engine.new_seed()
            queue = engine.select(plan.queue, None, seed, shuffle=False)
            _drive(ctx, engine.Session(queue, seed=seed, mode="review"), store, exam_date=plan.exam_date)
        later = store.cards(e.id for e in entries)
        console.print(quiz_ui.next_due_line(scheduler.next_due(later), clock.now()))


@app.command(epilog="Examples: casestudy stats · casestudy stats --json · casestudy stats --reset")
@_friendly
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON, for scripts.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget every answer (asks first).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --reset: do not ask.")] = False,
) -> None:
    """Your progress per question: mastery, accuracy, items seen, cards due, day streak."""
    from casestudy.revise import clock
    from casestudy.revise import store as progress
    from casestudy.revise import ui as quiz_ui

    case = _load(ctx)
    with _store(ctx, write=reset, notices=reset) as store:
        if reset:
            if not yes and not typer.confirm(f"Forget every answer saved in {store.path}?", default=False):
                typer.echo("Nothing was reset.")
                raise typer.Exit(int(ExitCode.ERROR))
            count = store.reset()
            typer.echo(f"Reset: {count} answer{'s' if count != 1 else ''} forgotten.")
            return
        items = [(i.id, q.id, q.title) for q in case.questions if q.answer for i in q.answer.quiz]
        now = clock.now()
        rep = progress.report(store, items, now)
    _notices(ctx, store)  # after the reading worked: a failure is then one line, not two
    if as_json:
        import json

        typer.echo(json.dumps(rep.to_dict(), indent=2))
        return
    _console(ctx).print(quiz_ui.stats_view(rep, now))


# --- the study guide and the student's submission ------------------------------------


class Format(str, enum.Enum):
    md = "md"
    json = "json"


def _output(text: str, out: Optional[Path], force: bool) -> None:
    """Result to stdout (no --out, or `--out -`), or atomically to --out FILE (never over
    a file without --force)."""
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from casestudy.fileio import write_atomic

    written = write_atomic(out, text, force=force)
    typer.echo(f"casestudy: wrote {written}", err=True)


_OUT = typer.Option("--out", "-o", metavar="FILE", help="Write to FILE instead of stdout (atomically; - means stdout).")
_FORCE = typer.Option("--force", help="Overwrite --out FILE if it exists (through a symlink; never a device or a read-only file).")


@app.command(epilog="Examples: casestudy export --out guide.md · casestudy export q4 aws · casestudy export --format json")
@_friendly
def export(
    ctx: typer.Context,
    questions: Annotated[Optional[list[str]], typer.Argument(help="Questions to export (q4, 4, aws, an alias); default: the whole case.", show_default=False)] = None,
    out: Annotated[Optional[Path], _OUT] = None,
    force: Annotated[bool, _FORCE] = False,
    fmt: Annotated[Format, typer.Option("--format", help="md: the study guide as GitHub Markdown; json: the whole validated model.")] = Format.md,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE", help="Render the Markdown with your own Jinja2 template (sandboxed).")] = None,
) -> None:
    """Export the study guide: our model answers, with every source (not a submission)."""
    from casestudy.content.load import resolve_many

    case = _load(ctx, as_data=fmt is Format.json)
    refs = questions or []
    chosen = resolve_many(case, refs)
    if refs and not any(r.strip().lower() == "all" for r in refs):
        for q in chosen:
            if not q.written:
                raise NotWritten(
                    f"{q.id} ({q.title}) has not been written yet.",
                    hint="`casestudy list` shows which answers are available; `casestudy export` alone lists it as not written.",
                )
    if fmt is Format.json:
        if template is not None:
            raise typer.BadParameter("only works with --format md", param_hint="--template")
        from casestudy.render.json import render_json

        text = render_json(case, chosen)
    elif template is not None:
        from casestudy.render.guide import render_user_template

        text = render_user_template(template, case, chosen)
    else:
        from casestudy.render.guide import render_guide

        text = render_guide(case, chosen)
    _output(text, out, force)


submission_app = typer.Typer(
    name="submission",
    help="Your own submission, in the course's format: make the skeleton, then check it before you hand it in.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(submission_app)


@submission_app.command("new", epilog='Example: casestudy submission new --variant five --name "A Student" --matric A21EC0001 --out case-study-2.md')
@_friendly
def submission_new(
    ctx: typer.Context,
    variant: Annotated[str, typer.Option("--variant", help="The question set: full, five, … (from the case).")] = "full",
    name: Annotated[str, typer.Option("--name", help="Your name (left as a visible blank if not given).")] = "",
    matric: Annotated[str, typer.Option("--matric", help="Your matric number.")] = "",
    group: Annotated[str, typer.Option("--group", help="Your group.")] = "",
    out: Annotated[Optional[Path], _OUT] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Make a submission skeleton to fill in with your own words."""
    from casestudy.render.guide import render_skeleton
    from casestudy.submission import check as submission

    case = _load(ctx)
    chosen = submission.variant(case, variant)
    _output(render_skeleton(case, chosen, name=name, matric=matric, group=group), out, force)


_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "ok": "green", "note": "dim"}


@submission_app.command("check", epilog="Example: casestudy submission check case-study-2.md --threshold 20")
@_friendly
def submission_check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", readable=False, help="Your submission (Markdown, at most 5 MB).", show_default=False)],
    variant: Annotated[Optional[str], typer.Option("--variant", help="The question set; default: the one the skeleton was made for, else full.", show_default=False)] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, metavar="PERCENT", help="Flag answers whose share of 6-word phrases found in the model answers reaches this.")] = 20.0,
    min_words: Annotated[int, typer.Option("--min-words", min=1, help="Words an answer needs to count as answered.")] = 80,
) -> None:
    """Check your submission: details, answers, sources, Markdown, completeness and originality."""
    from casestudy.submission import check as submission
    from casestudy.submission.lint import markdownlint
    from casestudy.text.safe import visible

    text = _read_text(file)
    case = _load(ctx, as_data=True)
    chosen = submission.variant(case, variant or submission.variant_named(text) or "full")
    lint, note = markdownlint(text)
    report = submission.check(text, case, chosen, threshold=threshold, min_words=min_words, lint=lint, lint_note=note)
    console = _console(ctx)
    shown = str(file)
    console.print(visible(f"note: {shown}: checked as the {chosen.name} variant ({len(chosen.questions)} questions)"), style="dim", markup=False, highlight=False, soft_wrap=True)
    for level, line in report.lines(shown):
        console.print(visible(line), style=_LEVEL_STYLE[level], markup=False, highlight=False, soft_wrap=True)
    console.print(visible(report.summary(shown)), style="bold", markup=False, highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(int(ExitCode.ERROR))


def _read_text(file: Path) -> str:
    from casestudy.fileio import read_text

    return read_text(
        file,
        hint="Give the Markdown file of your submission.",
        missing_hint="Make one with `casestudy submission new --out FILE`, or check the path.",
    )


def _tolerant_stdout() -> None:
    """A character stdout's encoding cannot show (PYTHONIOENCODING=cp1252 or ascii, as on
    Windows when output is redirected) is printed as `?`, never a crash; --out FILE
    always writes UTF-8."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and getattr(sys.stdout, "errors", "strict") == "strict":
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def main() -> None:
    _tolerant_stdout()
    app(prog_name="casestudy")
