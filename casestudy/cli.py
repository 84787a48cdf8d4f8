"""The command line: the only module that knows Typer, prints, or exits.

Each command parses its arguments, calls the core, hands the result to a renderer and
prints it. Errors raised by the core become one message on stderr and an exit code
(casestudy.errors.ExitCode), in one place: `_Group.invoke`.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

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


class _Group(TyperGroup):
    """Turns core errors and Ctrl-C into a message and a documented exit code."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CaseStudyError as error:
            state = ctx.ensure_object(_State)
            _report(error, state.color.value)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            click.echo("\ncasestudy: interrupted.", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:  # `casestudy show all | head`: the reader left; not an error
            raise typer.Exit(int(ExitCode.OK)) from None


app = typer.Typer(
    cls=_Group,
    name="casestudy",
    help="Netflix's backend, as a system-design case study: read the answers, write your submission, revise with quizzes.",
    epilog="Start with: casestudy list   then: casestudy show q4",
    no_args_is_help=True,
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


def _console(ctx: typer.Context):
    from casestudy.render_terminal import make_console

    return make_console(_state(ctx).color.value)


@app.command("list", epilog="Example: casestudy list")
def list_(ctx: typer.Context) -> None:
    """List the case's questions: id, topic, the question itself."""
    from casestudy.render_terminal import question_list

    _console(ctx).print(question_list(_load(ctx)))


@app.command(epilog="Examples: casestudy show q4 · casestudy show aws --brief · casestudy show all --pager")
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
        with console.pager(styles=console.is_terminal):
            for p in pages:
                console.print(p)
    else:
        for p in pages:
            console.print(p)


@app.command(epilog="Example: casestudy validate --pack my-pack/")
def validate(ctx: typer.Context) -> None:
    """Check the content pack and report every problem with file:line:column."""
    case = _load(ctx)
    written = sum(q.written for q in case.questions)
    items = sum(len(q.answer.quiz) for q in case.questions if q.answer)
    typer.echo(f"ok: {case.root}: {written} of {len(case.questions)} answers written, {items} quiz items")


# --- the study guide and the student's submission ------------------------------------


class Format(str, enum.Enum):
    md = "md"
    json = "json"


def _emit(text: str, out: Optional[Path], force: bool) -> None:
    """Result to stdout, or atomically to --out (never over a file without --force)."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from casestudy.fileio import write_atomic

    written = write_atomic(out, text, force=force)
    typer.echo(f"casestudy: wrote {written}", err=True)


_OUT = typer.Option("--out", "-o", metavar="FILE", help="Write to FILE instead of stdout (atomically).")
_FORCE = typer.Option("--force", help="Overwrite --out FILE if it exists.")


@app.command(epilog="Examples: casestudy export --out guide.md · casestudy export q4 aws · casestudy export --format json")
def export(
    ctx: typer.Context,
    questions: Annotated[Optional[list[str]], typer.Argument(help="Questions to export (q4, 4, aws, an alias); default: the whole case.", show_default=False)] = None,
    out: Annotated[Optional[Path], _OUT] = None,
    force: Annotated[bool, _FORCE] = False,
    fmt: Annotated[Format, typer.Option("--format", help="md: the study guide as GitHub Markdown; json: the whole validated model.")] = Format.md,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE", help="Render the Markdown with your own Jinja2 template (sandboxed).")] = None,
) -> None:
    """Export the study guide: our model answers, with every source (not a submission)."""
    from casestudy.content import resolve_many

    case = _load(ctx)
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
        from casestudy.render_json import render_json

        text = render_json(case, chosen)
    elif template is not None:
        from casestudy.render_markdown import render_user_template

        text = render_user_template(template, case, chosen)
    else:
        from casestudy.render_markdown import render_guide

        text = render_guide(case, chosen)
    _emit(text, out, force)


submission_app = typer.Typer(
    name="submission",
    help="Your own submission, in the course's format: make the skeleton, then check it before you hand it in.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(submission_app)


@submission_app.command("new", epilog='Example: casestudy submission new --variant five --name "A Student" --matric A21EC0001 --out case-study-2.md')
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
    from casestudy import submission
    from casestudy.render_markdown import render_skeleton

    case = _load(ctx)
    chosen = submission.variant(case, variant)
    _emit(render_skeleton(case, chosen, name=name, matric=matric, group=group), out, force)


_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "ok": "green", "note": "dim"}


@submission_app.command("check", epilog="Example: casestudy submission check case-study-2.md --threshold 20")
def submission_check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Your submission (Markdown).", show_default=False)],
    variant: Annotated[Optional[str], typer.Option("--variant", help="The question set; default: the one the skeleton was made for, else full.", show_default=False)] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, metavar="PERCENT", help="Flag answers whose share of 6-word phrases found in the model answers reaches this.")] = 20.0,
    min_words: Annotated[int, typer.Option("--min-words", min=1, help="Words an answer needs to count as answered.")] = 80,
) -> None:
    """Check your submission: details, answers, sources, Markdown, completeness and originality."""
    from casestudy import submission
    from casestudy.lint import markdownlint

    text = _read_text(file)
    case = _load(ctx)
    chosen = submission.variant(case, variant or submission.variant_named(text) or "full")
    lint, note = markdownlint(text)
    report = submission.check(text, case, chosen, threshold=threshold, min_words=min_words, lint=lint, lint_note=note)
    console = _console(ctx)
    shown = str(file)
    console.print(f"note: {shown}: checked as the {chosen.name} variant ({len(chosen.questions)} questions)", style="dim", markup=False, highlight=False, soft_wrap=True)
    for level, line in report.lines(shown):
        console.print(line, style=_LEVEL_STYLE[level], markup=False, highlight=False, soft_wrap=True)
    console.print(report.summary(shown), style="bold", markup=False, highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(int(ExitCode.ERROR))


def _read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseStudyError(
            f"{file}: file not found", hint="Make one with `casestudy submission new --out FILE`, or check the path."
        ) from None
    except IsADirectoryError:
        raise CaseStudyError(f"{file} is a folder", hint="Give the Markdown file of your submission.") from None
    except UnicodeDecodeError:
        raise CaseStudyError(f"{file}: not UTF-8 text", hint="Save the file as UTF-8 Markdown.") from None
    except OSError as exc:
        raise CaseStudyError(f"{file}: cannot read it: {exc.strerror or exc}") from None


def main() -> None:
    app(prog_name="casestudy")
