"""The command line: the only module that knows Typer, prints, or exits.

Each command parses its arguments, calls the core, hands the result to a renderer and
prints it. Errors raised by the core become one message on stderr and an exit code
(casestudy.errors.ExitCode), in one place: `_Group.invoke`.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
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
    from casestudy.render_terminal import make_console

    err = make_console(color, stderr=True)
    if isinstance(error, ContentError) and error.problems:
        for line in error.problems:
            err.print(line, markup=False, highlight=False, soft_wrap=True)
    message = f"casestudy: error: {error.message}"
    if error.hint:
        message += f" {error.hint}"
    err.print(message, style="bold red", markup=False, highlight=False, soft_wrap=True)


def _friendly(fn: Callable[..., None]) -> Callable[..., None]:
    """Wrap a command so core errors and Ctrl-C become a message and a documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        ctx = next((a for a in (*args, *kwargs.values()) if isinstance(a, typer.Context)), None)
        color = ctx.ensure_object(_State).color.value if ctx is not None else "auto"
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
            if os.environ.get("CASESTUDY_DEBUG"):
                raise
            typer.echo(
                f"casestudy: internal error: {type(error).__name__}: {error}. This is a bug; please report it "
                "(run again with CASESTUDY_DEBUG=1 to see the traceback).",
                err=True,
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None

    return wrapper


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


def _load(ctx: typer.Context):
    from casestudy.content import load_case

    return load_case(_state(ctx).pack)


def _emit(console: Any, *renderables: Any) -> None:
    """Print to a terminal as is; into a pipe or file, without the padding Rich adds to
    every line, so the text copies cleanly."""
    if console.is_terminal:
        for r in renderables:
            console.print(r)
        return
    with console.capture() as captured:
        for r in renderables:
            console.print(r)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")
    console.file.flush()


def _console(ctx: typer.Context):
    from casestudy.render_terminal import make_console

    return make_console(_state(ctx).color.value)


@app.command("list", epilog="Example: casestudy list")
@_friendly
def list_(ctx: typer.Context) -> None:
    """List the case's questions: id, topic, the question itself."""
    from casestudy.render_terminal import question_list

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
    from casestudy.content import resolve_many
    from casestudy.render_terminal import not_written, page

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
    if pager:
        os.environ.setdefault("LESS", "FRX")  # as git does: keep colours, quit if it fits one screen
        with console.pager(styles=console.is_terminal):
            for p in pages:
                console.print(p)
    else:
        _emit(console, *pages)


@app.command(epilog="Examples: casestudy validate · casestudy --pack my-pack/ validate --standard")
@_friendly
def validate(
    ctx: typer.Context,
    standard: Annotated[
        bool, typer.Option("--standard", help="Also hold every written answer to the content guide's minimums.")
    ] = False,
) -> None:
    """Check the content pack and report every problem with file:line:column."""
    case = _load(ctx)
    if standard:
        from casestudy.standard import check_case

        problems = check_case(case)
        if problems:
            raise ContentError(
                f"{len(problems)} content-standard problem{'s' if len(problems) != 1 else ''}",
                problems,
                hint="The minimums are in shared/CONTENT_GUIDE.md and casestudy/standard.py.",
            )
    written = sum(q.written for q in case.questions)
    items = sum(len(q.answer.quiz) for q in case.questions if q.answer)
    typer.echo(f"ok: {case.root}: {written} of {len(case.questions)} answers written, {items} quiz items")


def main() -> None:
    app(prog_name="casestudy")
