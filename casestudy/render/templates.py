"""The sandbox for a user's own `--template`: Jinja2's SandboxedEnvironment, bounded so
that a template can neither exhaust memory or time nor include a file outside its folder.

Each refusal is a SecurityError raised inside the template, so the caller's error names
the template's file and line. The bounds (documented in README.md):
one operation makes at most 1,000,000 characters or items, range() at most 10,000
numbers, lipsum() at most 100 paragraphs, the output at most 20 MB, rendering at most
TEMPLATE_SECONDS and (on Linux) 1 GB more memory; files at most 5 MB."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import markup_join

from casestudy.errors import CaseStudyError
from casestudy.fileio import MAX_READ, read_text
from casestudy.render.strict import StrictGenerator, StrictSandbox

MAX_ITEMS = 1_000_000  # characters or items one operation may make
MAX_RANGE = 10_000  # numbers range() may make
MAX_OUTPUT = 20 * 1024 * 1024  # characters a template may write: 20 MB
MAX_INT_BITS = 1_000_000  # the largest number a template may make, in bits
TEMPLATE_SECONDS = 5.0  # the time rendering may take
MAX_MEMORY = 1024**3  # the memory rendering may add (a backstop, on Linux): 1 GB


class Refused(SecurityError):
    """A template asked for more than the sandbox allows."""


def _too_large(what: str) -> Refused:
    return Refused(f"{what} would make a text too large for a template")


def _check_size(op: str, size: int) -> None:
    if size > MAX_ITEMS:
        raise Refused(f"'{op}' would make {size:,} characters or items; a template may make at most {MAX_ITEMS:,}")


def _sized(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FIELD = re.compile(r"\{[^{}]*\}")


def _ints(values: Any) -> list[int]:
    items = values if isinstance(values, (tuple, list)) else [values]
    return [v for v in items if _is_int(v)]


def _check_percent(fmt: str, args: Any, what: str) -> None:
    """`"%02000000000d" % 1` makes 2 GB, and so do 90,000 fields of width 999,999: refuse
    when the widths and precisions together pass the bound."""
    total = 0
    for width, precision in _PERCENT.findall(fmt):
        for number in (width, precision):
            if number == "*":
                total += sum(abs(n) for n in _ints(args))
            elif number:
                total += int(number)
    if total > MAX_ITEMS:
        raise _too_large(what)


def _check_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """`"{:>2000000000}".format(1)`: the same for str.format's widths."""
    total = sum(int(n) for field in _FIELD.findall(fmt) for n in re.findall(r"\d+", field.partition(":")[2]))
    if total > MAX_ITEMS:
        raise _too_large("format()")
    if re.search(r"\{[^{}]*\{", fmt) and any(abs(n) > MAX_ITEMS for n in _ints([*args, *kwargs.values()])):
        raise _too_large("format()")


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}
MAX_LIPSUM = 100  # paragraphs lipsum() may make


class _Generator(StrictGenerator):
    """`a ~ b` goes through the environment, which bounds its size."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(StrictSandbox):
    """The sandbox where unknown names are errors (strict.py), with bounds on sizes."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(["*", "+", "**", "%"])

    def __init__(self, *, names: dict[type, str] | None = None, **options: Any) -> None:
        super().__init__(names=names, **options)
        self.globals["range"] = _range
        from jinja2.utils import generate_lorem_ipsum

        self.globals["lipsum"] = _guarded(generate_lorem_ipsum, _guard_lipsum)
        for name, guard in _FILTER_GUARDS.items():
            if name in self.filters:
                self.filters[name] = _guarded(self.filters[name], guard)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _sized(seq) and _is_int(n):
                    _check_size("*", len(seq) * max(n, 0))
            if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise Refused("'*' would make a number too large for a template")
        elif operator == "+":
            if _sized(left) and _sized(right):
                _check_size("+", len(left) + len(right))
        elif operator == "**":
            if _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0 and left.bit_length() * right > MAX_INT_BITS:
                raise Refused("'**' would make a number too large for a template")
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right, "'%'")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS and any(abs(n) > MAX_ITEMS for n in _ints([*args, *kwargs.values()])):
                raise _too_large(f"{name}()")
            if name == "replace" and len(args) >= 2:
                _guard_replace(owner, *args[:2])
            if name == "join" and args:
                _guard_join(owner, args[0])
            if name == "expandtabs":
                size = [*_ints([*args, *kwargs.values()]), 8][0]
                if len(owner) + owner.count("\t") * abs(size) > MAX_ITEMS:
                    raise _too_large("expandtabs()")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:  # Jinja2 >= 3.1.5: str.format is wrapped on access
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__
        by_map = value.__name__ == "format_map"

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> Any:
            mapping = args[0] if by_map and args and isinstance(args[0], dict) else {}
            _check_format(fmt, () if by_map else args, mapping if by_map else kwargs)
            return wrapped(*args, **kwargs)

        return checked

    def format_string(self, s: str, args: tuple[Any, ...], kwargs: dict[str, Any], format_func: Any = None) -> str:
        _check_format(s, args, kwargs)  # Jinja2 < 3.1.5
        return super().format_string(s, args, kwargs, format_func)  # type: ignore[misc]  # Jinja2's stub types differ by version

    def bounded_concat(self, values: tuple[Any, ...]) -> str:
        parts = [v if isinstance(v, str) else str(v) for v in values]
        size = sum(map(len, parts))
        if size > MAX_ITEMS:
            raise Refused(f"'~' would make {size:,} characters; a template may make at most {MAX_ITEMS:,}")
        if any(hasattr(v, "__html__") for v in values):
            return markup_join(values)
        return "".join(parts)


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise Refused(f"range() of {len(numbers):,} numbers; a template may use at most {MAX_RANGE:,}")
    return numbers


def _guard_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = len(text) + 1 if not old else len(text) // len(old)
        if len(text) + times * len(new) > MAX_ITEMS:
            raise _too_large("replace()")


def _guard_join(sep: Any, items: Any) -> None:
    if _sized(items):
        size = sum(len(i) for i in items if _sized(i)) + len(str(sep)) * len(items)
        if size > MAX_ITEMS:
            raise _too_large("join()")


def _guard_center(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if any(abs(n) > MAX_ITEMS for n in _ints([*args[1:], *kwargs.values()])):
        raise _too_large("center()")


def _guard_indent(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    width = kwargs.get("width", args[1] if len(args) > 1 else 4)
    width = len(width) if isinstance(width, str) else width if _is_int(width) else 0
    if len(text) + (text.count("\n") + 1) * width > MAX_ITEMS:
        raise _too_large("indent()")


def _guard_format(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args and isinstance(args[0], str):
        _check_percent(args[0], args[1:], "format()")


def _guard_replace_filter(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # do_replace(eval_ctx, s, old, new, count=None)
    values = [a for a in args if not hasattr(a, "environment")]
    if len(values) >= 3:
        _guard_replace(*values[:3])


def _guard_join_filter(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # do_join(eval_ctx, value, d="", attribute=None)
    values = [a for a in args if not hasattr(a, "environment")]
    if values:
        items = values[0]
        sep = values[1] if len(values) > 1 else kwargs.get("d", "")
        if isinstance(items, (list, tuple)):
            _guard_join(sep, items)


def _guard_lipsum(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    count = kwargs.get("n", args[0] if args else 5)
    if _is_int(count) and count > MAX_LIPSUM:
        raise Refused(f"lipsum() of {count:,} paragraphs; a template may ask for at most {MAX_LIPSUM:,}")


def _guard_count(position: int, what: str) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
    """A filter whose argument at `position` (after the value) sets how much it makes."""

    def guard(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        values = [a for a in args if not hasattr(a, "environment")]  # drop the eval context
        numbers = _ints(values[position : position + 1]) + _ints(list(kwargs.values()))
        if any(abs(n) > MAX_ITEMS for n in numbers):
            raise _too_large(what)

    return guard


_FILTER_GUARDS: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], None]] = {
    "center": _guard_center,
    "indent": _guard_indent,
    "format": _guard_format,
    "replace": _guard_replace_filter,
    "join": _guard_join_filter,
    "batch": _guard_count(1, "batch()"),
    "slice": _guard_count(1, "slice()"),
    "tojson": _guard_count(1, "tojson()"),
}


def _guarded(fn: Callable[..., Any], guard: Callable[[tuple[Any, ...], dict[str, Any]], None]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        guard(args, kwargs)
        return fn(*args, **kwargs)

    return checked


class Unreadable(jinja2.TemplateError):
    """A template to include that cannot be read (a folder, a FIFO, too large, not UTF-8)."""

    hint = "A template may include only regular files of at most 5 MB in its own folder."


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder only: a name is resolved (symlinks followed) and must
    stay inside the folder; each file is read with the 5 MB cap, and a UTF-8 byte-order
    mark that an editor put at its start is not part of the text."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        real = path.resolve()
        if real != self.folder and self.folder not in real.parents:
            raise Refused(
                f"the template {template} leads outside the template's folder {self.folder}; "
                "a template may only include files in its folder"
            )
        if real == self.folder or not real.exists():  # "" names the folder itself
            raise jinja2.TemplateNotFound(template)
        try:
            source = read_text(real, MAX_READ, hint=Unreadable.hint)
        except CaseStudyError as exc:
            error = Unreadable(f"cannot include {template}: {exc.message}")
            error.hint = exc.hint
            raise error from None
        source = source.removeprefix("\ufeff")
        mtime = os.path.getmtime(real)
        return source, str(path), lambda: os.path.getmtime(real) == mtime


def produce(template: Any, context: dict[str, Any]) -> str:
    """Render with the output and time bounds. A refusal is thrown into the template at
    the point it has reached, so the error carries the template's line."""
    seconds = TEMPLATE_SECONDS
    deadline = time.monotonic() + seconds
    late = f"rendering took longer than {seconds:g} seconds, the time a template may take"
    chunks: list[str] = []
    total = 0
    stream = template.generate(**context)
    try:
        with _alarm(seconds, late) as disarm, _memory_bound(MAX_MEMORY):
            for chunk in stream:
                total += len(chunk)
                if total > MAX_OUTPUT:
                    disarm()
                    stream.throw(Refused(f"the output would pass {MAX_OUTPUT // (1024 * 1024)} MB, the most a template may write"))
                if time.monotonic() > deadline:
                    disarm()  # else the alarm, due now too, rings again while this refusal is reported
                    stream.throw(Refused(late))
                chunks.append(chunk)
    except Refused as exc:
        if inspect.getgeneratorstate(stream) != inspect.GEN_SUSPENDED:
            raise
        stream.throw(Refused(str(exc)))  # the alarm rang here, between two outputs: raise it at the template's line
    except MemoryError as exc:  # the backstop: keep the template's frames, for its line
        gb = MAX_MEMORY / (1024**3)
        raise Refused(f"the template needs more memory than a template may use ({gb:g} GB)").with_traceback(
            exc.__traceback__
        ) from None
    return "".join(chunks)


@contextlib.contextmanager
def _memory_bound(extra: int) -> Iterator[None]:
    """A backstop for what no rule above names: while the template renders, the process may
    grow by at most `extra` bytes of address space (Linux, where RLIMIT_AS is enforced),
    so a runaway allocation fails at once with MemoryError instead of filling memory."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, StopIteration, ValueError):
        yield
        return
    bound = size + extra
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    if soft != resource.RLIM_INFINITY and soft <= bound:
        yield  # already bounded as tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _alarm(seconds: float, message: str) -> Iterator[Callable[[], None]]:
    """Interrupt a template that outputs nothing for too long (nested empty loops), where
    the platform has interval timers and we run in the main thread. Yields a function
    that stops the alarm."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return

    def expired(signum: int, frame: Any) -> None:
        raise Refused(message)

    def disarm() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield disarm
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
