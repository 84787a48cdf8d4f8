"""Rendering Jinja2 templates to Markdown: the bundled templates' environment, every failure
a TemplateError at the template's file and line, and the output tidied as markdownlint asks.

jinja2 is imported inside the functions (start-up stays light); the sandbox for a user's
own template is `templates.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from casestudy.content.load import bundled_dir
from casestudy.errors import CaseStudyError, TemplateError

_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def options() -> dict[str, Any]:
    """The environment options every template renders with (Markdown out, strict names)."""
    import jinja2

    return {
        "autoescape": False,  # Markdown, not HTML
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }


def render_bundled(name: str, **context: Any) -> str:
    """A template shipped with casestudy (templates/), rendered and tidied."""
    import jinja2

    folder = bundled_dir("templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options())
    return tidy(render(env, name, str(folder / name), **context))


def render(env: Any, name: str, shown: str, *, produce: Any = None, **context: Any) -> str:
    """Render `name`; failures become a TemplateError at `file:line`, in plain words. The
    template is shown by the path the user gave (`shown`), and a file it includes from
    that folder by the same way in (`mine/part.j2` for `--template mine/main.j2`)."""
    import jinja2

    try:
        template = env.get_template(name)
        return produce(template, context) if produce else template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{_display(exc.filename, shown)}:{exc.lineno}"
        raise TemplateError(f"{where}: template syntax error: {exc.message}", hint=_TEMPLATE_HINT) from None
    except jinja2.TemplateNotFound as exc:
        names = getattr(exc, "templates", None) or [exc.name]
        missing = f"template not found: {names[0] or '(an empty name)'}" if len(names) == 1 else f"none of these templates was found: {', '.join(map(str, names))}"
        folder = getattr(env.loader, "folder", None)
        hint = f"A template may include only files in its own folder ({folder})." if folder else _TEMPLATE_HINT
        raise TemplateError(f"{_where(exc, shown)}: {missing}", hint=hint) from None
    except CaseStudyError:
        raise
    except Exception as exc:  # undefined names, sandbox refusals, errors in expressions
        hint = getattr(exc, "hint", None) or _TEMPLATE_HINT
        if isinstance(exc, jinja2.UndefinedError) and any(str(exc) == f"'{k}' is undefined" for k in context):
            hint = ("An imported template sees the template's variables only when imported with context: "
                    '{% import "FILE" as NAME with context %}, {% from "FILE" import NAME with context %}.')
        where = _display(exc.filename, shown) if isinstance(exc, SyntaxError) and exc.filename else _where(exc, shown)
        names = getattr(env.undefined, "names", {})  # the sandbox's words for the objects it was given
        raise TemplateError(f"{where}: {_named(_plain(exc), names)}", hint=hint) from None


_TEMPLATE_HINT = "Fix the template; README.md (Study guide and submission) lists what a template can use."

# What went wrong, in words, for the errors of Python itself that a template can meet.
_PLAIN = (
    (RecursionError, "the template calls itself without end (a macro, include or import that never stops)"),
    (ZeroDivisionError, "division by zero"),
    (TypeError, "a value of the wrong kind"),
    (OverflowError, "a number too large"),
    ((ValueError, AssertionError), "a wrong value"),
    (LookupError, "no such item"),
)


_NESTED = "the template nests too deeply (blocks, brackets or expressions inside one another)"


def _plain(exc: BaseException) -> str:
    """The message of `exc` without Python's class names (`TypeError: …`)."""
    import jinja2

    text = str(exc).strip()
    if isinstance(exc, jinja2.TemplateError):
        return text
    if isinstance(exc, SyntaxError) or (isinstance(exc, RecursionError) and _while_compiling(exc)):
        return _NESTED  # Python's limits on the code Jinja2 makes of the template, or on its parser
    for kinds, words in _PLAIN:
        if isinstance(exc, kinds):
            if isinstance(exc, RecursionError) or not text or text == words:
                return words
            return f"{words}: {text}"
    return text or "the template failed"


def _named(text: str, names: dict[type, str]) -> str:
    """Python's `'GuideView' object` in a message, as the template calls it: `guide`."""
    words = {kind.__name__: word for kind, word in names.items()}
    if not words:
        return text
    return re.sub(r"(?:object of type )?'(\w+)'(?: object)?", lambda m: words.get(m.group(1), m.group(0)), text)


def _while_compiling(exc: BaseException) -> bool:
    """Whether `exc` was raised while Jinja2 read or compiled a template (not while it ran)."""
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.parent.name == "jinja2" and path.stem in {"lexer", "parser", "compiler", "optimizer", "idtracking", "visitor", "nodes"}:
            return True
        tb = tb.tb_next
    return False


def _where(exc: BaseException, shown: str) -> str:
    """`file:line` of the innermost template frame of `exc`'s traceback, or `shown`."""
    frame = _template_frame(exc)
    return f"{_display(frame[0], shown)}:{frame[1]}" if frame else shown


def _display(filename: str | None, shown: str) -> str:
    """A template's file as the user knows it: the template itself as they named it; a
    file beside it (or below) by the same folder; any other by its own path."""
    if not filename:
        return shown
    path, given = Path(filename), Path(shown)
    if path.resolve() == given.resolve():
        return shown
    try:
        return str(given.parent / path.relative_to(given.parent.resolve()))
    except ValueError:
        return filename


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """File and line of the innermost template frame in the traceback. Jinja2 rewrites
    tracebacks so that a template's frames carry its own file name and line; it marks
    each such frame with `__jinja_exception__` among its globals."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def tidy(text: str) -> str:
    """Strip trailing spaces, keep at most one blank line in a row (outside code fences),
    end with exactly one newline: what markdownlint asks (MD009, MD012, MD047)."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            line = line.rstrip()
            if not line and (not out or not out[-1]):
                continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
