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
    """Render `name`; failures become a TemplateError at `file:line`, where a file of
    the template's folder is shown by the path the user gave (`shown`)."""
    import jinja2

    folder = Path(shown).parent

    def display(filename: str | None) -> str:
        if not filename:
            return shown
        return shown if Path(filename).name == name and Path(filename).parent.resolve() == folder.resolve() else filename

    try:
        template = env.get_template(name)
        return produce(template, context) if produce else template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{display(exc.filename)}:{exc.lineno}"
        raise TemplateError(f"{where}: template syntax error: {exc.message}", hint=_TEMPLATE_HINT) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{shown}: template not found: {exc.name}", hint=_TEMPLATE_HINT) from None
    except CaseStudyError:
        raise
    except Exception as exc:  # undefined variables, sandbox refusals, errors in expressions
        frame = _template_frame(exc, folder)
        where = f"{display(frame[0])}:{frame[1]}" if frame else shown
        detail = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
        raise TemplateError(f"{where}: {detail}", hint=_TEMPLATE_HINT) from None


_TEMPLATE_HINT = "Fix the template; README.md (Study guide and submission) lists what a template can use."


def _template_frame(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """File and line of the innermost template frame in the traceback. Jinja2 rewrites
    tracebacks so that a template's frames carry its own file name and line."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and Path(filename).parent.resolve() == folder.resolve():
            found = (filename, tb.tb_lineno)
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
