"""What every command shares: the run's state (its Environment), loading the case,
consoles, warnings and writing a result to stdout or --out FILE."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import typer

from casestudy.env import Environment


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass
class State:
    """Set by the app's callback from the global options; one per run."""

    env: Environment = field(default_factory=Environment.from_os)


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


def env(ctx: typer.Context) -> Environment:
    return state(ctx).env


def load(ctx: typer.Context, *, as_data: bool = False, cached: bool = True):
    """The case. Its text is made visible (control characters shown escaped) for every
    command that shows it; `as_data` keeps it as it is (JSON export, checks). `cached=False`
    reads the YAML itself (validate: a cache may predate a loader rule)."""
    from casestudy.content.load import load_case

    run = env(ctx)
    case = load_case(run.pack, cache_dir=run.cache_dir() if cached else None)
    if as_data:
        return case
    from casestudy.text.safe import visible_model

    return visible_model(case)


def load_for(ctx: typer.Context, refs: Optional[list[str]]):
    """What `show refs` (refs None: `list`) reads of the case: case.yaml and the answers
    asked for (content/load.py load_for), as data: the renderers of `list` and `show` make
    what they print visible (render/parts.py, question_list)."""
    from casestudy.content.load import load_for as read

    run = env(ctx)
    return read(run.pack, refs, cache_dir=run.cache_dir())


def console(ctx: typer.Context, **options: Any):
    from casestudy.render.console import make_console

    return make_console(env(ctx), **options)


def emit(out: Any, *renderables: Any) -> None:
    """Print each renderable; lines the renderer laid out wider than the page on purpose
    (a whole URL) are kept whole, not cropped."""
    for r in renderables:
        out.print(r, crop=False)


def warn(ctx: typer.Context, line: str) -> None:
    """One line on stderr, not an error: the command goes on."""
    from casestudy.text.safe import visible

    err = console(ctx, stderr=True)  # one line into a pipe; on a terminal wrapped between words
    err.print(visible(line), style="yellow", markup=False, highlight=False, soft_wrap=not err.is_terminal)


def output(ctx: typer.Context, text: str | bytes, out: Optional[Path], force: bool) -> None:
    """Result (text, or bytes written as they are) to stdout (no --out, or `--out -`), or
    atomically to --out FILE (never over a file without --force)."""
    if out is None or str(out) == "-":
        stream = env(ctx).stdout
        if isinstance(text, bytes):
            binary = getattr(stream, "buffer", None)
            if binary is None:
                from casestudy.errors import CaseStudyError

                raise CaseStudyError("cannot write a binary file to this output", hint="Give --out FILE.")
            stream.flush()
            binary.write(text)
            binary.flush()
            return
        stream.write(text)
        stream.flush()
        return
    from casestudy.fileio import write_atomic

    written = write_atomic(out, text, force=force)
    typer.echo(f"casestudy: wrote {written}", err=True)


def stdout_json(ctx: typer.Context, text: str) -> str:
    """JSON text as stdout can carry it: as it is where its encoding can (UTF-8), else with
    every non-ASCII character as a \\u escape, so the data stays whole (a "?" in its place
    would change it). Outside strings JSON is ASCII, so escaping the text escapes the strings."""
    encoding = getattr(env(ctx).stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        return "".join(char if char < "\x80" else _escaped(ord(char)) for char in text)


def _escaped(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"  # a surrogate pair, as JSON writes it


def file_name(value: Any) -> Path:
    """A file's name (--out, --template) as a Path; an empty one is a usage error (Path("")
    would be ".", a folder, and the error would say so)."""
    if isinstance(value, Path):
        return value
    if not str(value).strip():
        raise typer.BadParameter("the file name is empty; give the file's name")
    return Path(value)


def out_name(value: Any) -> Path:
    """--out FILE as a Path. A name that ends in a slash (`notes/`, `notes/.`) is a folder's:
    Path() drops the slash, so it would have been written as the file `notes` (or over it)."""
    path = file_name(value)
    if isinstance(value, str) and os.path.basename(value.rstrip(" ")) in ("", ".") and not path.is_dir():
        from casestudy.errors import CaseStudyError

        raise CaseStudyError(
            f"cannot write {value}: that is a folder's name, not a file's",
            hint="Give a file's name (--out FOLDER/NAME.md).",
        )
    return path


OUT = typer.Option("--out", "-o", metavar="FILE", parser=out_name,
                   help="Write to FILE instead of stdout (atomically; - means stdout).")
FORCE = typer.Option("--force", help="Overwrite --out FILE if it exists (through a symlink; never a device or a read-only file).")
PAGER = typer.Option(
    "--pager/--no-pager",
    help="Page through $PAGER even when it fits the screen, or never (default: on a terminal, when longer than the screen).",
)
