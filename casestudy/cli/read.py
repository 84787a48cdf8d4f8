"""Reading the case: `list`, `show` and `validate`."""

# No `from __future__ import annotations` here: Typer would compile and evaluate every
# annotation as a string at start-up (about 10,000 calls a run); evaluated once at import is cheaper.

from typing import Annotated, Any, Optional

import typer

from casestudy.cli import common, complete
from casestudy.errors import ContentError, ExitCode


def list_(ctx: typer.Context) -> None:
    """List the case's questions: id, topic, the question itself."""
    from casestudy.content.load import written_ids
    from casestudy.render.terminal import question_list

    case = common.load_for(ctx, None)
    common.emit(common.console(ctx), question_list(case, written_ids(case)))


def show(
    ctx: typer.Context,
    questions: Annotated[
        list[str],
        typer.Argument(metavar="Q...", help="q4, 4, a slug such as aws, an alias, or all; several in a row: q4 q7.",
                       autocompletion=complete.questions),
    ],
    brief: Annotated[bool, typer.Option("--brief", help="Only the header, TL;DR and key points.")] = False,
    sheet: Annotated[bool, typer.Option("--sheet", help="The revision sheet: TL;DR, numbered key points, figures, misconceptions.")] = False,
    pager: Annotated[Optional[bool], common.PAGER] = None,
    section: Annotated[
        Optional[str],
        typer.Option("--section", "-s", metavar="N|ID|WORDS", help="Only this section: its number, id or words of its heading."),
    ] = None,
) -> None:
    """Show answers as terminal pages: one, several in a row, or all."""
    from casestudy.render.parts import READING_WIDTH, show_parts

    if brief and sheet:
        raise typer.BadParameter("choose --brief or --sheet, not both", param_hint="'--sheet'")
    if section is not None and (brief or sheet):
        raise typer.BadParameter(f"shows one section in full; leave out {'--brief' if brief else '--sheet'}", param_hint="'--section'")
    case = common.load_for(ctx, questions)
    if section is not None:
        from casestudy.content.resolve import resolve_many

        if any(q.strip().lower() == "all" for q in questions) or len(resolve_many(case, questions)) != 1:
            raise typer.BadParameter("needs exactly one question (casestudy show q7 --section 2)", param_hint="'--section'")
    parts = show_parts(case, questions, brief=brief, sheet=sheet, section=section)
    page_or_print(ctx, parts, pager, READING_WIDTH, parts=True)


def page_or_print(ctx: typer.Context, renderables: list[Any], pager: Optional[bool], max_width: int = 0,
                  *, parts: bool = False) -> None:
    """Print `renderables` (with `parts`: render/parts.py's parts, drawn through the part
    cache), through the pager as git does: only on a terminal, unless --no-pager or
    $CASESTUDY_PAGER says not to; without --pager only when the output is longer than the
    screen. A pager that cannot start: printed instead, with a note."""
    import io
    import shutil

    from casestudy.cli import pager as paging

    run = common.env(ctx)
    console = common.console(ctx, max_width=max_width)

    def show(out: Any, stream: Any, extra: tuple[Any, ...]) -> None:
        if not parts:
            common.emit(out, *renderables)
            return
        from casestudy.render import partcache

        out.file.write(partcache.draw(renderables, run, stream, lambda: out, (max_width, *extra)))
        out.file.flush()

    if pager is False or not run.stdout_is_tty or paging.disabled(run.environ):
        show(console, run.stdout, ())
        return
    try:
        argv = paging.command(run.environ)
    except ValueError as exc:  # an unbalanced quote: the page is printed, as for a pager that cannot start
        typer.echo(f"casestudy: note: cannot read the pager command in ${paging.named(run.environ)} "
                   f"({str(exc).lower()}); printing instead.", err=True)
        show(console, run.stdout, ())
        return
    colour = not console.no_color and paging.passes_colour(argv, run.environ)
    buffer = io.StringIO()
    paged = common.console(ctx, file=buffer, color="always" if colour else "never")
    size = shutil.get_terminal_size()
    paged.width = min(run.columns or size.columns, max_width or 10**6)
    show(paged, buffer, ("pager", colour, paged.width))
    text = buffer.getvalue()
    if pager is None and text.count("\n") < size.lines:  # fits on the screen: no pager
        show(console, run.stdout, ())
        return
    problem = paging.run(text, argv, run.environ, getattr(run.stdout, "encoding", None) or "utf-8")
    if problem is not None:
        typer.echo(f"casestudy: note: cannot run the pager {argv[0]} ({problem}); printing instead.", err=True)
        show(console, run.stdout, ())


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
                hint="README.md (Content format) lists the minimums; casestudy/content/standard.py checks them.",
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


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="TEXT...", help='Words to find; "a phrase" in quotes; cass* for a prefix.')],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200, help="At most this many hits.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
) -> None:
    """Search every answer: sections, key points, tables, figures, glossary, quiz."""
    import json

    from casestudy.errors import NoMatch, shorten
    from casestudy.search.index import open_index
    from casestudy.search.query import missing, ranked, suggestions
    from casestudy.search.views import hits_json, hits_view

    query = " ".join(words)
    case = common.load(ctx, as_data=True)
    index = open_index(common.env(ctx).cache_dir(), case)
    found = ranked(index, query, limit)
    hits = found.hits
    typos = [] if hits else missing(index, query)  # the words no passage has
    close = suggestions(index, query, typos=typos) if typos else []
    if as_json:
        typer.echo(common.stdout_json(ctx, json.dumps(hits_json(hits, case, query, close, found.total), ensure_ascii=False, indent=2)))
        if not hits:
            raise typer.Exit(1)
        return
    if not hits:
        if close:
            hint = f"Did you mean: {', '.join(close)}?"
        elif not typos:
            hint = "Every word is in the case, but no passage has them all together; try fewer words."
        else:
            hint = "Try fewer or other words, or a prefix such as cass*."
        raise NoMatch(f"nothing found for '{shorten(query)}'", hint=hint)
    common.emit(common.console(ctx), hits_view(hits, case, query, found.total))


def define(
    ctx: typer.Context,
    term: Annotated[
        list[str],
        typer.Argument(metavar="TERM...", help="A glossary term: any case, singular or plural, small typos forgiven.",
                       autocompletion=complete.terms),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Define a term from the answers' glossaries, with where it is used."""
    from casestudy.search.glossary import define as look_up

    case = common.load(ctx, as_data=as_json)
    entry = look_up(case, " ".join(term))
    if as_json:
        import msgspec

        typer.echo(common.stdout_json(ctx, msgspec.json.format(msgspec.json.encode(entry), indent=2).decode()))
        return
    from casestudy.search.views import define_view

    common.emit(common.console(ctx), define_view(entry, case))


def glossary(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print every entry as JSON.")] = False,
    pager: Annotated[Optional[bool], common.PAGER] = None,
) -> None:
    """Every glossary term of the case, A to Z."""
    from casestudy.search.glossary import entries

    case = common.load(ctx, as_data=as_json)
    found = entries(case)
    if as_json:
        import msgspec

        typer.echo(common.stdout_json(ctx, msgspec.json.format(msgspec.json.encode(found), indent=2).decode()))
        return
    from casestudy.render.fit import FittedTable
    from casestudy.search.views import glossary_view

    page_or_print(ctx, [glossary_view(found, fit=FittedTable)], pager)


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
    typer.echo(common.stdout_json(ctx, msgspec.json.encode(report).decode("utf-8")))
    if problems:
        raise typer.Exit(int(ExitCode.ERROR))
