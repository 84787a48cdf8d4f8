"""Text from a pack or a student, made safe to show: shown as text, never obeyed.

* `visible`: a terminal obeys control sequences (OSC 52 writes the clipboard, CSI
  recolours the screen, BEL rings), so every C0 control but newline and tab, DEL and
  every C1 control is written out as `\\x1b`-style text. So are the nine Unicode
  direction controls that reorder the text around them where a terminal or a Markdown
  viewer lays out right-to-left text (embeddings, overrides and isolates, U+202A-U+202E
  and U+2066-U+2069, the "Trojan Source" characters), as `\\u202e`: shown, a line
  reads in the order it is stored. The marks (U+200E, U+200F, U+061C) and the joiners,
  which right-to-left scripts and emoji need and which reorder nothing, stay.
  `visible_model` does this to every string of a content model, once, where the model
  enters the renderers (JSON export keeps the data as it is: JSON escapes them itself).
* `inert_markdown`: content Markdown with no live HTML (a `<` that would open a tag
  becomes `&lt;`) and no links but http(s), mailto and in-document `#anchor` ones (any
  other becomes literal text); code spans and fences stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any, TypeVar, cast

T = TypeVar("T")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with each control character (but newline and tab) written as `\\xNN`, and
    each direction control as `\\uNNNN`."""
    return _CONTROL.sub(_escaped, text)


_done: dict[int, tuple[Any, Any]] = {}  # id(model) -> (model, its visible copy)


def visible_model(obj: T) -> T:
    """A copy of a content model (msgspec structs, lists, tuples) whose every string is
    `visible`; objects with nothing to change are returned as they are. Idempotent, and
    cached, so applying it again where the model enters another renderer costs nothing."""
    hit = _done.get(id(obj))
    if hit is not None and hit[0] is obj:
        return cast(T, hit[1])
    out = map_text(obj, visible)
    if len(_done) > 64:
        _done.clear()
    _done[id(obj)] = (obj, out)
    _done[id(out)] = (out, out)
    return out


def map_text(obj: T, fn: Callable[[str], str], skip: Collection[str] = ()) -> T:
    """`obj` with `fn` applied to every string in it, except in struct fields named in
    `skip`; unchanged parts are shared, not copied."""
    return cast(T, _map(obj, fn, skip))


def _map(obj: Any, fn: Callable[[str], str], skip: Collection[str]) -> Any:
    if isinstance(obj, str):
        return fn(obj)
    if hasattr(obj, "__struct_fields__"):  # a msgspec Struct
        import msgspec

        changed = {}
        for name in obj.__struct_fields__:
            if name in skip:
                continue
            value = getattr(obj, name)
            new = _map(value, fn, skip)
            if new is not value:
                changed[name] = new
        return msgspec.structs.replace(obj, **changed) if changed else obj
    if isinstance(obj, (list, tuple)):
        items = [_map(v, fn, skip) for v in obj]
        if all(a is b for a, b in zip(items, obj)):
            return obj
        return type(obj)(items)
    return obj


# --- Markdown from content: no live HTML, no links of other schemes ------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_SAFE_URL = re.compile(r"(?:https?://|mailto:|#)", re.IGNORECASE)
_SAFE_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>", re.IGNORECASE)
# `<` that opens a tag, a closing tag, a comment, a declaration, an instruction or an autolink
_OPENS_HTML = re.compile(r"<(?=[A-Za-z/!?])")
# `](url` of an inline link or image; `[label]: url` of a link reference definition
# (`[@key]` is a citation, never a label: the renderers turn it into a link of their own)
_INLINE_LINK = re.compile(r"\]\([ \t]*\n?[ \t]*<?([^\s>)]*)")
_DEFINITION = re.compile(r"^( {0,3}\[(?!@)(?:[^\[\]\\]|\\.)+)(\]:[ \t]*\n?[ \t]*<?([^\s>]*))", re.MULTILINE)


def inert_markdown(text: str) -> str:
    """Content Markdown that renders as the author wrote it, minus live HTML and links
    that are not http(s), mailto or `#anchor`: those show as text."""
    if "<" not in text and "](" not in text and "]:" not in text:
        return text
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip().strip(fence[0]):
                fence = ""
        elif m:
            out.append(_inert_prose("".join(prose)))
            prose = []
            out.append(line)
            fence = m.group(1)
        else:
            prose.append(line)
    out.append(_inert_prose("".join(prose)))
    return "".join(out)


def _inert_prose(text: str) -> str:
    """Outside code fences: leave code spans alone, neutralise the rest."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_neutralise(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_neutralise(text[last:]))
    return "".join(out)


def _neutralise(text: str) -> str:
    def link(m: re.Match[str]) -> str:
        start = m.start()
        while start and text[start - 1] == "\\":
            start -= 1
        if (m.start() - start) % 2 or _SAFE_URL.match(m.group(1)):
            return m.group(0)  # already escaped, or a link we keep
        return "\\" + m.group(0)  # `\](`: the bracket is text, so this is no link

    def definition(m: re.Match[str]) -> str:
        return m.group(0) if _SAFE_URL.match(m.group(3)) else f"{m.group(1)}\\{m.group(2)}"

    def tag(m: re.Match[str]) -> str:
        return m.group(0) if _SAFE_AUTOLINK.match(text, m.start()) else "&lt;"

    text = _DEFINITION.sub(definition, _INLINE_LINK.sub(link, text))
    return _OPENS_HTML.sub(tag, text)


def in_comment(text: str) -> str:
    """Text for inside an HTML comment (a skeleton's hidden notes): each `--` becomes an
    em dash, so no `-->` in the text ends the comment early and shows what follows."""
    return text.replace("--", "—")
