"""The study guide and the student's own submission: `export`, `submission new|check`."""

# No `from __future__ import annotations` here: Typer would compile and evaluate every
# annotation as a string at start-up (about 10,000 calls a run); evaluated once at import is cheaper.

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from casestudy.cli import common
from casestudy.errors import ExitCode, NotWritten


class Format(str, enum.Enum):
    md = "md"
    json = "json"
    anki = "anki"
    tsv = "tsv"
    gift = "gift"


def export(
    ctx: typer.Context,
    questions: Annotated[Optional[list[str]], typer.Argument(help="Questions to export (q4, 4, aws, an alias); default: the whole case.", show_default=False)] = None,
    out: Annotated[Optional[Path], common.OUT] = None,
    force: Annotated[bool, common.FORCE] = False,
    fmt: Annotated[Format, typer.Option("--format", help="md: the study guide as GitHub Markdown; json: the whole validated model; anki: the quiz bank as an Anki deck (.apkg, needs --out FILE on a terminal); tsv: the quiz bank as text Anki imports; gift: the quiz bank for Moodle.")] = Format.md,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE", parser=common.file_name, help="Render the Markdown with your own Jinja2 template (sandboxed).")] = None,
    sheet: Annotated[bool, typer.Option("--sheet", help="The revision sheet instead of the guide: TL;DR, numbered key points, figures, misconceptions.")] = False,
) -> None:
    """Export the study guide: our model answers, with every source (not a submission)."""
    from casestudy.content.resolve import resolve_many

    case = common.load(ctx, as_data=fmt is Format.json)
    refs = questions or []
    chosen = resolve_many(case, refs)
    if refs and not any(r.strip().lower() == "all" for r in refs):
        for q in chosen:
            if not q.written:
                raise NotWritten(
                    f"{q.id} ({q.title}) has not been written yet.",
                    hint="`casestudy list` shows which answers are available; `casestudy export` alone lists it as not written.",
                )
    if sheet and (fmt is not Format.md or template is not None):
        raise typer.BadParameter("the sheet is Markdown from its own template: leave out --format and --template", param_hint="'--sheet'")
    if template is not None and fmt is not Format.md:
        raise typer.BadParameter("only works with --format md", param_hint="'--template'")
    if template is not None and out is not None and str(out) != "-" and _same_file(out, template):
        from casestudy.errors import CaseStudyError

        raise CaseStudyError(
            f"--out {out} is the template itself: the guide would replace your template",
            hint="Choose another --out FILE.",
        )
    if fmt is Format.anki:
        common.output(ctx, _anki(ctx, case, chosen, out), out, force)
        return
    if sheet:
        from casestudy.render.sheet import render_sheet

        text = render_sheet(case, chosen)
    elif fmt is Format.json:
        from casestudy.render.json import render_json

        text = render_json(case, chosen)
        if out is None or str(out) == "-":
            text = common.stdout_json(ctx, text)
    elif fmt is Format.tsv:
        from casestudy.render.tsv import render_tsv

        text = render_tsv(case, chosen)
    elif fmt is Format.gift:
        from casestudy.render.gift import render_gift

        text = render_gift(case, chosen)
    elif template is not None:
        from casestudy.render.guide import render_user_template

        text = render_user_template(template, case, chosen)
    else:
        from casestudy.render.guide import render_guide

        text = render_guide(case, chosen)
    common.output(ctx, text, out, force)


def _same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` are one file (through symlinks and hard links); false when either is missing."""
    import os

    try:
        return os.path.samefile(a.expanduser(), b.expanduser())
    except (OSError, ValueError):
        return False


def submission_new(
    ctx: typer.Context,
    variant: Annotated[str, typer.Option("--variant", help="The question set: full, five, … (from the case).")] = "full",
    name: Annotated[str, typer.Option("--name", help="Your name (left as a visible blank if not given).")] = "",
    matric: Annotated[str, typer.Option("--matric", help="Your matric number.")] = "",
    group: Annotated[str, typer.Option("--group", help="Your group.")] = "",
    out: Annotated[Optional[Path], common.OUT] = None,
    force: Annotated[bool, common.FORCE] = False,
) -> None:
    """Make a submission skeleton to fill in with your own words."""
    from casestudy.content.checklist import variant as variant_called
    from casestudy.render.skeleton import render_skeleton

    case = common.load(ctx)
    chosen = variant_called(case, variant)
    common.output(ctx, render_skeleton(case, chosen, name=name, matric=matric, group=group), out, force)


def _anki(ctx: typer.Context, case, chosen, out: Optional[Path]) -> bytes:
    """The .apkg's bytes; refused before it is built when they would go to a terminal."""
    from casestudy.errors import CaseStudyError
    from casestudy.render.anki import render_anki

    run = common.env(ctx)
    if (out is None or str(out) == "-") and run.stdout_is_tty:
        raise CaseStudyError(
            "an Anki deck is a binary file, not for the terminal",
            hint="Give --out FILE, such as --out netflix.apkg, or redirect the output to a file.",
        )
    return render_anki(case, chosen, timestamp=run.now().timestamp())


def _a_number(value: float) -> float:
    """A percentage above 0: not `nan`, which a range check lets through (every comparison
    with it is false), nor 0, under which every answer, even one in the student's own
    words, would be an error."""
    if not 0 < value <= 100:
        raise typer.BadParameter(f"{value:g} is not in the range 0<x<=100.")
    return value


_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "ok": "green", "note": "dim", "detail": "", "total": "bold"}


def submission_check(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE|FOLDER...", readable=False, parser=common.file_name, help="Your submission (Markdown, at most 5 MB); several files, or a folder of .md files, for a class view.", show_default=False)],
    variant: Annotated[Optional[str], typer.Option("--variant", help="The question set; default: the one each skeleton was made for, else full.", show_default=False)] = None,
    threshold: Annotated[float, typer.Option("--threshold", callback=_a_number, metavar="PERCENT", help="Flag answers of which this share of the words match the model answers.")] = 20.0,
    min_words: Annotated[int, typer.Option("--min-words", min=1, help="Words an answer needs to count as answered.")] = 80,
    summary: Annotated[bool, typer.Option("--summary", help="One line a question: words, key ideas covered, originality.")] = False,
    errors_only: Annotated[bool, typer.Option("--errors-only", help="Only the errors (with their passages) and each file's verdict.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Everything as one JSON document on stdout.")] = False,
) -> None:
    """Check your submission: details, answers, sources, Markdown, completeness and originality."""
    from casestudy.errors import CaseStudyError
    from casestudy.fileio import read_text
    from casestudy.submission import batch
    from casestudy.submission.lint import markdownlint_all
    from casestudy.text.safe import visible

    chosen, hidden = batch.submission_files(files)
    if hidden:
        names = ", ".join(visible(str(p)) for p in hidden)
        typer.echo(f"casestudy: note: skipped {len(hidden)} hidden file{'s' * (len(hidden) != 1)} ({names}); "
                   "name one to check it.", err=True)
    texts: list[tuple[str, str | CaseStudyError]] = []
    for path in chosen:
        try:
            texts.append((str(path), read_text(path, hint="Give the Markdown file of your submission.",
                                               missing_hint="Make one with `casestudy submission new --out FILE`, or check the path.")))
        except CaseStudyError as error:
            if len(chosen) == 1:
                raise
            texts.append((str(path), error))  # reported as that file's error; the others are still checked
    case = common.load(ctx, as_data=True)
    chosen_lint = common.env(ctx).markdownlint
    result = batch.check_all(
        texts, case, variant=variant, threshold=threshold, min_words=min_words,
        lint=lambda all_texts: markdownlint_all(all_texts, chosen_lint), cache_dir=common.env(ctx).cache_dir(),
    )
    if as_json:
        import json

        common.output(ctx, common.stdout_json(ctx, json.dumps(batch.as_json(result), ensure_ascii=False, indent=2)) + "\n", None, False)
    else:
        from casestudy.render.console import hanging

        console = common.console(ctx)
        # on a terminal, wrapped between words to its width (further lines indented under
        # the first); into a pipe or a file, one line a finding, as other commands do. A
        # terminal with NO_COLOR or --color never is still one: Rich's console says it is not
        on_terminal = console.is_terminal or common.env(ctx).stdout_is_tty
        fit = (lambda line: hanging(line, console.width)) if on_terminal else (lambda line: line)
        width = console.width if on_terminal else None  # passages cut to it; else to a fixed length
        for level, line in batch.lines(result, summary=summary, errors_only=errors_only, width=width):
            console.print(fit(visible(line)), style=_LEVEL_STYLE[level], markup=False, highlight=False, soft_wrap=True, crop=False)
    if result.failed:
        raise typer.Exit(int(ExitCode.ERROR))
