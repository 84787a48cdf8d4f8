"""Unknown names in a user's own template: whatever the template does with one is an error
that names it in the template author's words (`guide has no attribute 'titel'; did you
mean 'title'?`), except `is defined`, `is undefined` and `default(...)`.

Jinja2's StrictUndefined already fails when printed, iterated, compared or tested for
truth; it still let an unknown name through inside a list (`{{ [x] }}` printed
`[Undefined]`: repr), into a format (`"{!r}"`), to most filters (`items`, `pprint`), to
every test but `defined` (`x is none` was false), to a call (`m(x)` of a macro that never
used it), into `x in []`, and as an `attribute=` of sort/min/max with one item. The
sandbox in templates.py is built on this one."""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import jinja2
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.runtime import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing

_KINDS: dict[type, str] = {
    str: "a text", list: "a list", tuple: "a list", dict: "a mapping", int: "a number",
    float: "a number", bool: "true or false", type(None): "none", range: "a range",
}


def describe(value: Any, names: dict[type, str]) -> str:
    """What a template author calls `value`, in words: `guide`, `a question`, `a text`…,
    never a Python class name with its module."""
    kind = type(value)
    if kind in names:
        return names[kind]
    if kind in _KINDS:
        return _KINDS[kind]
    if isinstance(value, jinja2.runtime.Macro):
        return f"the macro {value.name}"
    if isinstance(value, jinja2.environment.TemplateModule):
        return f"the imported template {getattr(value, '__name__', '')}".rstrip()
    if isinstance(value, jinja2.runtime.LoopContext):
        return "loop"
    if isinstance(value, jinja2.runtime.TemplateReference):
        return "self"
    if isinstance(value, jinja2.utils.Namespace):
        return "the namespace"
    if callable(value):
        return f"the function {getattr(value, '__name__', '')}".rstrip()
    return f"a {kind.__name__}"


def _suggestion(value: Any, name: str) -> str:
    """`; did you mean 'title'?` when `name` is a near miss of one of `value`'s names."""
    if isinstance(value, dict):
        known = [k for k in value if isinstance(k, str)]
    else:
        known = [n for n in dir(value) if not n.startswith("_")]
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


class TemplateUndefined(StrictUndefined):
    """A name or attribute a template used that does not exist. Whatever a template does
    with it is an error, except `is defined`, `is undefined` and `default(...)`: printing
    it inside a list (`{{ [x] }}`, which shows repr), formatting it, passing it to a
    filter, a test, a call or `in`. The message names it in a template author's words."""

    __slots__ = ()
    names: ClassVar[dict[type, str]] = {}

    __repr__ = __format__ = __reversed__ = StrictUndefined._fail_with_undefined_error

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name, obj = self._undefined_name, self._undefined_obj
        if obj is missing:
            return f"'{name}' is undefined"
        what = describe(obj, self.names)
        if not isinstance(name, str):
            size = f" (it has {len(obj)})" if isinstance(obj, (list, tuple, str)) else ""
            return f"{what} has no element {name!r}{size}"
        if isinstance(obj, dict):
            return f"{what} has no key '{name}'{_suggestion(obj, name)}"
        return f"{what} has no attribute '{name}'{_suggestion(obj, name)}"


def strict(value: Any) -> Any:
    """`value`, unless it is undefined: then the error naming it."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


def _strict_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """An undefined value given to a filter, a test or a call is the error naming it. (Items
    of a list given are not looked at: `[a, b] | select("defined")` keeps working.)"""
    for value in (*args, *kwargs.values()):
        strict(value)


def _strict(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _strict_args(args, kwargs)
        return fn(*args, **kwargs)

    return checked


_MAY_BE_UNDEFINED = {"default", "d"}  # the filters made for an undefined value
_TESTS_OF_UNDEFINED = {"defined", "undefined"}
_BY_ATTRIBUTE = {"sort", "min", "max", "groupby", "sum"}  # look `attribute=` up on each item, at once


class StrictGenerator(CodeGenerator):
    """The left side of a comparison is checked to be defined (`x in []` would be false)."""

    @optimizeconst
    def visit_Compare(self, node: jinja2.nodes.Compare, frame: Frame) -> None:
        self.write("(environment.strict(")
        self.visit(node.expr, frame)
        self.write(")")
        for op in node.ops:
            self.visit(op, frame)
        self.write(")")


class StrictSandbox(SandboxedEnvironment):
    """SandboxedEnvironment where an unknown name is an error wherever it is used."""

    code_generator_class = StrictGenerator

    def __init__(self, *, names: dict[type, str] | None = None, **options: Any) -> None:
        """`names`: what the template calls the objects it is given (`{GuideView: "guide"}`),
        for the messages."""
        undefined = type("Undefined", (TemplateUndefined,), {"__slots__": (), "names": dict(names or {})})
        super().__init__(**{**options, "undefined": undefined})
        self.strict = strict
        self._by_attribute = False
        for name in _BY_ATTRIBUTE & set(self.filters):
            self.filters[name] = self._looked_up_strictly(self.filters[name])
        for name, fn in self.filters.items():
            if name not in _MAY_BE_UNDEFINED:
                self.filters[name] = _strict(fn)
        tests: dict[str, Any] = self.tests
        for name, fn in tests.items():
            if name not in _TESTS_OF_UNDEFINED:
                tests[name] = _strict(fn)

    def _looked_up_strictly(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`sort(attribute="nope")`: an item without the attribute is an error, even when
        there is only one item to sort (nothing to compare); `groupby` with a default is not."""
        takes_default = "default" in inspect.signature(fn).parameters

        @functools.wraps(fn)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if takes_default and (kwargs.get("default") is not None or len(args) > 3):
                return fn(*args, **kwargs)
            self._by_attribute = True
            try:
                return fn(*args, **kwargs)
            finally:
                self._by_attribute = False

        return checked

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if self._by_attribute and isinstance(value, Undefined):
            value._fail_with_undefined_error()
        return value

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """`guide.__class__`: refused in words; on something already undefined, the first error."""
        if isinstance(obj, Undefined):
            return obj
        return self.undefined(
            f"'{attribute}' of {describe(obj, self.undefined.names)} is a Python internal, which a template may not use "  # type: ignore[attr-defined]
            "(templates run in a sandbox)",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        strict(__obj)
        _strict_args(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)
