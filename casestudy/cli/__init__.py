"""The command line: the app, its global options and the one error boundary.

Commands live in read.py, study.py, revise.py and labs.py: each parses its arguments, calls the
core, hands the result to a renderer and prints it. Every error the core raises becomes
one message on stderr and an exit code (casestudy.errors.ExitCode) in one place,
`_Boundary.invoke`, which every command runs inside: there is no decorator to forget.
"""

# No `from __future__ import annotations` here: Typer would compile and evaluate every
# annotation as a string at start-up (about 10,000 calls a run); evaluated once at import is cheaper.

import os
import sys
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from casestudy import __version__
from casestudy.cli import common, labs, read, revise, study
from casestudy.cli.common import Color
from casestudy.env import Environment
from casestudy.errors import CaseStudyError, ContentError, ExitCode

_GLOBAL_OPTIONS = ("--color", "--pack")


def hoist_global_options(args: list[str]) -> list[str]:
    """`args` with `--color X` and `--pack X` given after the command moved before it, where
    Click reads them: `casestudy show q4 --color never` works as `casestudy --color never
    show q4`. Nothing after `--` moves."""
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        i += 2 if args[i] in _GLOBAL_OPTIONS else 1
    if i >= len(args):
        return args
    moved: list[str] = []
    rest: list[str] = []
    tail = args[i + 1:]
    j = 0
    while j < len(tail):
        arg = tail[j]
        if arg == "--":
            rest += tail[j:]
            break
        if arg in _GLOBAL_OPTIONS and j + 1 < len(tail):
            moved += tail[j:j + 2]
            j += 2
        elif arg.startswith(tuple(f"{o}=" for o in _GLOBAL_OPTIONS)):
            moved.append(arg)
            j += 1
        else:
            rest.append(arg)
            j += 1
    return [*args[:i], *moved, args[i], *rest]


class _Boundary(TyperGroup):
    """The app's group: runs every command (and sub-command) inside one error boundary."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        hoisted = hoist_global_options(list(args))
        if hoisted and hoisted[-1] in _GLOBAL_OPTIONS and hoisted[0] != hoisted[-1]:
            needs = "auto, always or never" if hoisted[-1] == "--color" else "a folder"
            raise typer.BadParameter(f"needs a value: {needs}.", ctx=ctx, param_hint=f"'{hoisted[-1]}'")
        return super().parse_args(ctx, hoisted)

    def invoke(self, ctx: Any) -> Any:
        previous = _interrupts_raise()
        try:
            return super().invoke(ctx)
        except CaseStudyError as error:
            _report(error, _env(ctx))
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
                _report(CaseStudyError(f"cannot write output: {_strerror(error)}"), _env(ctx))
                raise typer.Exit(int(ExitCode.ERROR)) from None
            if _env(ctx).debug or _is_usage_error(error):
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


def _env(ctx: Any) -> Environment:
    """The run's Environment, or (if the failure came before the app's callback) a fresh one."""
    obj = getattr(ctx, "obj", None)
    return obj.env if isinstance(obj, common.State) else Environment.from_os()


def _report(error: CaseStudyError, run: Environment) -> None:
    from casestudy.render.console import make_console
    from casestudy.text.safe import visible

    err = make_console(run, stderr=True)
    problems = error.problems if isinstance(error, ContentError) else []
    if [str(p) for p in problems] != [error.message]:  # not the message again, as a line of its own
        for problem in problems:
            err.print(visible(str(problem)), markup=False, highlight=False, soft_wrap=True)
    message = f"casestudy: error: {error.message}"
    if error.hint:
        message += ("" if message.endswith((".", "?", "!")) else ".") + f" {error.hint}"
    # One line into a pipe or log; on a terminal, wrapped between words, not inside them.
    err.print(visible(message), style="bold red", markup=False, highlight=False, soft_wrap=not err.is_terminal)


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
    cls=_Boundary,
    help="Netflix's backend, as a system-design case study: read the answers, write your submission, revise with quizzes.",
    epilog="Start with: casestudy list   then: casestudy show q4",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
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
    ctx.obj = common.State(Environment.from_os(color=color.value, pack=pack))


# --- the commands, in the order `casestudy --help` lists them ------------------------------

app.command("list", epilog="Example: casestudy list")(read.list_)
app.command(epilog="Examples: casestudy show q4 · casestudy show aws --brief · casestudy show q7 --section 3 · casestudy show all --pager")(read.show)
app.command(epilog='Examples: casestudy search "circuit breaker" · casestudy search cass* --limit 5 · casestudy search read repair --json')(read.search)
app.command(epilog="Examples: casestudy define evcache · casestudy define circuit breakers · casestudy define cdn --json")(read.define)
app.command(epilog="Examples: casestudy glossary · casestudy glossary --json")(read.glossary)
app.command(epilog="Examples: casestudy validate · casestudy --pack my-pack/ validate --standard · casestudy validate --verbose")(read.validate)
app.command(
    epilog="Examples: casestudy quiz · casestudy quiz q4 q7 --n 5 --kind mcq,tf · casestudy quiz --exam --time 20m · casestudy quiz --mistakes · casestudy quiz --resume"
)(revise.quiz)
app.command(epilog="Examples: casestudy mistakes · casestudy quiz --mistakes")(revise.mistakes)
app.command(epilog="Examples: casestudy review · casestudy review --new 20 · casestudy review --exam-date 2027-06-14")(revise.review)
app.command(epilog="Examples: casestudy stats · casestudy stats --json · casestudy stats --reset")(revise.stats)
app.command(epilog="Examples: casestudy lab · casestudy lab quorum --replicas 5 --down 1 · casestudy lab ring --predict · casestudy lab cache --ttl 5 --json")(labs.lab)
app.command(epilog="Examples: casestudy export --out guide.md · casestudy export q4 aws · casestudy export --format json · casestudy export --format anki --out netflix.apkg · casestudy export q7 q8 --format gift")(study.export)

submission_app = typer.Typer(
    name="submission",
    help="Your own submission, in the course's format: make the skeleton, then check it before you hand it in.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(submission_app)
submission_app.command(
    "new", epilog='Example: casestudy submission new --variant five --name "A Student" --matric A21EC0001 --out case-study-2.md'
)(study.submission_new)
submission_app.command("check", epilog="Example: casestudy submission check case-study-2.md --threshold 20")(study.submission_check)


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
