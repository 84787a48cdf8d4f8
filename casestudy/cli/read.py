"""Reading the case: `list`, `show` and `validate`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from casestudy.cli import common
from casestudy.errors import ContentError, ExitCode, NotWritten


def list_(ctx: typer.Context) -> None:
    """List the case's questions: id, topic, the question itself."""
    from casestudy.render.terminal import question_list

    common.emit(common.console(ctx), question_list(common.load(ctx)))


def show(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="q4, 4, a slug such as aws, an alias, or all.")],
    brief: Annotated[bool, typer.Option("--brief", help="Only the header, TL;DR and key points.")] = False,
    pager: Annotated[bool, typer.Option("--pager", help="Page long output (uses $PAGER).")] = False,
) -> None:
    """Show one answer as a terminal page."""
    from casestudy.content.resolve import resolve_many
    from casestudy.render.terminal import not_written, page

    case = common.load(ctx)
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
    console = common.console(ctx)
    pages = [page(q, case, brief=brief) if q.written else not_written(q) for q in chosen]
    if pager and _page(ctx, console, pages):
        return
    common.emit(console, *pages)


def _page(ctx: typer.Context, console: Any, pages: list[Any]) -> bool:
    """Show `pages` in $PAGER (default less); False, with a note, if it cannot start.
    Colour goes only to a pager known to show it (less -R); others get plain text."""
    import io
    import shutil

    from casestudy.cli import pager as paging

    run = common.env(ctx)
    argv = paging.command(run.environ)
    colour = console.is_terminal and not console.no_color and paging.passes_colour(argv, run.environ)
    buffer = io.StringIO()
    paged = common.console(ctx, file=buffer, color="always" if colour else "never")
    if run.stdout_is_tty:
        paged.width = shutil.get_terminal_size().columns
    common.emit(paged, *pages)
    problem = paging.run(buffer.getvalue(), argv, run.environ, getattr(run.stdout, "encoding", None) or "utf-8")
    if problem is None:
        return True
    typer.echo(f"casestudy: note: cannot run the pager {argv[0]} ({problem}); printing instead.", err=True)
    return False


def validate(
    ctx: typer.Context,
    standard: Annotated[
        bool,
        typer.Option("--standard", help="Also hold every written answer to the content guide's minimums; report each answer's share of primary sources."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list each reference's provenance: where its text was read, copies, doubts.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON document instead: ok, the pack and every problem (file, line, col, path, message)."),
    ] = False,
) -> None:
    """Check the content pack and report every problem with file:line:column."""
    if as_json:
        _validate_json(ctx, standard)
        return
    case = common.load(ctx, as_data=True, cached=False)  # always the YAML itself: a cache may predate a loader rule
    lines: list[str] = []
    if standard:
        from casestudy.content.standard import check_case, primary_share

        problems = check_case(case)
        if problems:
            raise ContentError(
                f"{len(problems)} content-standard problem{'s' if len(problems) != 1 else ''}",
                problems,
                hint="The minimums are in shared/CONTENT_GUIDE.md and casestudy/content/standard.py.",
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


def _validate_json(ctx: typer.Context, standard: bool) -> None:
    """`validate --json`: the content problems (and, with --standard, the standard's) as one
    JSON document on stdout, exit 1 if there are any. An error that is not a list of
    problems (no such pack folder) is reported on stderr as usual."""
    import msgspec

    from casestudy.content.load import pack_dir
    from casestudy.content.validate import Report

    try:
        case = common.load(ctx, as_data=True, cached=False)
    except ContentError as error:
        if not error.problems:
            raise
        problems = error.problems
    else:
        from casestudy.content.standard import check_case

        problems = check_case(case) if standard else []
    report = Report(ok=not problems, pack=str(pack_dir(common.env(ctx).pack)), problems=problems)
    typer.echo(msgspec.json.encode(report).decode("utf-8"))
    if problems:
        raise typer.Exit(int(ExitCode.ERROR))
