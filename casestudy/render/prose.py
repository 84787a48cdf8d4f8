"""Section prose drawn exactly as rich.markdown draws it, without markdown-it, Pygments or
rich.markdown: for a small Markdown subset only, and `None` for anything else."""

# Why: drawing one edited section must not import markdown-it and rich.syntax (~50-70 ms).
#
# The subset, and how each piece matches markdown-it (CommonMark) and Rich 15's Markdown:
# * blocks: paragraphs, and bullet (`-` `+` `*`) or ordered (`1.` `1)`) lists whose items
#   are one paragraph each, marker at column 0 followed by one space, continuation lines
#   indented at least to the item's text. Blocks are joined by one empty line, and a list
#   that opens the text has one above it, as in Markdown.__rich_console__ (tight and
#   loose lists draw alike in Rich).
# * inline: text, soft line breaks (a space), `**strong**`/`__strong__`, `*em*`/`_em_`,
#   code spans in single backticks, backslash escapes, `&lt;` `&gt;` `&amp;` `&quot;`.
#   Emphasis runs (one or two characters, ASCII neighbours) are classed by CommonMark's
#   flanking rules: a run that can close and has the same run open just before it closes
#   it; one that can open opens if no run of its character is open; one that can do
#   neither is text (`_` inside a word); anything else is refused. Pairs nest strictly,
#   strong in em or em in strong, so CommonMark's rule of three never applies.
# * refused (None): headings, quotes, fences, indented code, HTML and `<`, tables and `|`,
#   strikethrough and `~`, links and images (`](`, a block starting with `[`), hard breaks,
#   trailing spaces, tabs and other whitespace, lazy continuation lines, nested lists,
#   items of several paragraphs, rules and setext underlines, a line starting with a list
#   marker that is not an item of a list handled here, unmatched or ambiguous delimiters.
# Paragraph text is built with the same Text.append calls, styles and style stack as
# rich.markdown (adjacent text merged as markdown-it merges its text tokens), so the
# printed bytes are the same; tests/render/test_prose.py compares them.

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich is imported where text is drawn: render/plain.py reads blocks() without it
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.style import Style
    from rich.text import Text

Inline = list[tuple[str, str]]  # ("text", s) ("soft", "") ("open"/"close", "strong"/"em") ("code", s)
Block = tuple[str, int, list[Inline]]  # ("p", 0, [para]) or ("-"/"+"/"*"/"."/")", start, items)


class _Unsure(Exception):
    """The text is outside the subset drawn here."""


_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # ASCII punctuation, all escapable
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_ENTITY_LIKE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]{1,31};)")
_REFUSED_CHARS = re.compile(r"[<|~]|\]\(")
_MARKER = re.compile(r"(?:[-+*]|([0-9]{1,9})[.)])(?: |$)")
_MARKER_LIKE = re.compile(r"(?:[-+*]|[0-9]+[.)])(?:\s|$)")
_RULE_LIKE = re.compile(r"[-*_=+ ]*")  # thematic breaks, setext underlines, bare markers
_BLOCK_STARTS = ("#", ">", "```")  # headings, quotes, fences (`<` `|` `~` refused anywhere)


def prose(text: str) -> RenderableType | None:
    """A renderable printing `text` exactly as `rich.markdown.Markdown(text)` would, or
    None when the text is not in the subset this module is sure of."""
    found = blocks(text)
    return _Prose(found) if found else None


def blocks(text: str) -> list[Block] | None:
    """`text`'s paragraphs and lists with their inline pieces, or None when the text is not
    in the subset this module is sure of."""
    try:
        return _blocks(text)
    except _Unsure:
        return None


def _check_chars(text: str) -> None:
    if _REFUSED_CHARS.search(text):
        raise _Unsure
    for ch in text:
        if ch != "\n" and ((ch.isspace() and ch != " ") or not ch.isprintable()):
            raise _Unsure  # tabs, CR, NBSP, line separators, control characters


def _check_line(content: str) -> None:
    """A line (without its indentation) that starts no block markdown-it would open."""
    if content.endswith(" ") or content.startswith(_BLOCK_STARTS) or _RULE_LIKE.fullmatch(content):
        raise _Unsure


def _check_start(content: str) -> None:
    """The first line of a paragraph or an item: no link reference definition, no list."""
    _check_line(content)
    if content.startswith("[") or _MARKER_LIKE.match(content):
        raise _Unsure


def _blocks(text: str) -> list[Block]:
    _check_chars(text)
    blocks: list[Block] = []
    para: list[str] | None = None  # the open paragraph's lines (top level or current item)
    kind: str | None = None  # the open list's marker character, or None
    start = 0
    items: list[list[str]] = []
    width = 0  # the current item's text column
    blank = True
    for line in text.split("\n"):
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content:
            if para is not None and kind is None:
                blocks.append(("p", 0, [_inline(para)]))
            para, blank = None, True
            continue
        _check_line(content)
        marker = _MARKER.match(content) if indent == 0 else None
        if marker is not None:
            rest = content[marker.end():]
            new_kind = content[marker.end(1) if marker.group(1) else 0]
            number = int(marker.group(1)) if marker.group(1) else 0
            if not rest or rest[0] == " ":
                raise _Unsure  # an empty item, or one whose text is set further in
            _check_start(rest)
            if kind is None and para is not None:  # a list interrupting a paragraph
                if marker.group(1) and number != 1:
                    raise _Unsure
                blocks.append(("p", 0, [_inline(para)]))
            elif kind is not None and new_kind != kind:
                if not blank:
                    raise _Unsure
                blocks.append((kind, start, [_inline(item) for item in items]))
                kind = None
            if kind is None:
                kind, start, items = new_kind, number, []
            para = [rest]
            items.append(para)
            width = marker.end()
        elif _MARKER_LIKE.match(content):
            raise _Unsure  # a nested list, or a number that might start one
        elif para is not None and not blank:
            if kind is not None and indent < width:
                raise _Unsure  # a lazy continuation line
            para.append(content)
        elif indent:
            raise _Unsure  # indented code, or a second paragraph in an item
        else:
            _check_start(content)
            if kind is not None:
                blocks.append((kind, start, [_inline(item) for item in items]))
                kind = None
            para = [content]
        blank = False
    if kind is not None:
        blocks.append((kind, start, [_inline(item) for item in items]))
    elif para is not None:
        blocks.append(("p", 0, [_inline(para)]))
    return blocks


def _flanking(marker: str, before: str, after: str) -> tuple[bool, bool]:
    """CommonMark's can-open and can-close of a delimiter run between two ASCII characters
    (markdown-it's StateInline.scanDelims)."""
    last_space, next_space = before in " \n", after in " \n"
    last_punct, next_punct = before in _PUNCT, after in _PUNCT
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    if marker == "*":
        return left, right
    return left and (not right or last_punct), right and (not left or next_punct)


def _inline(lines: list[str]) -> Inline:
    """The inline tokens of one paragraph, as markdown-it would make them and Rich read them."""
    src = "\n".join(lines)
    out: Inline = []
    buf: list[str] = []
    open_: list[tuple[str, int]] = []

    def flush() -> None:
        if buf:
            out.append(("text", "".join(buf)))
            buf.clear()

    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch == "\n":
            flush()
            out.append(("soft", ""))
            i += 1
        elif ch == "\\":
            after = src[i + 1:i + 2]
            if after == "\n":
                raise _Unsure  # a hard break
            if after and after in _PUNCT:
                buf.append(after)
                i += 2
            else:
                buf.append(ch)
                i += 1
        elif ch == "`":
            end = src.find("`", i + 1)
            code = src[i + 1:end]
            if end < 0 or end == i + 1 or src[end + 1:end + 2] == "`" or "\n" in code \
                    or code.startswith(" ") or code.endswith(" "):
                raise _Unsure
            flush()
            out.append(("code", code))
            i = end + 1
        elif ch == "&":
            entity = _ENTITY_LIKE.match(src, i)
            if entity is None:
                buf.append(ch)
                i += 1
            elif entity.group() in _ENTITIES:
                buf.append(_ENTITIES[entity.group()])
                i = entity.end()
            else:
                raise _Unsure
        elif ch in "*_":
            end = i
            while end < n and src[end] == ch:
                end += 1
            size = end - i
            before = src[i - 1] if i else " "
            after = src[end] if end < n else " "
            if size > 2 or not (before.isascii() and after.isascii()):
                raise _Unsure
            opens, closes = _flanking(ch, before, after)
            name = "strong" if size == 2 else "em"
            if closes and open_ and open_[-1] == (ch, size):  # the nearest opener: markdown-it's pick
                open_.pop()
                flush()
                out.append(("close", name))
            elif closes and (not opens or any(mark == ch for mark, _ in open_)):
                raise _Unsure  # a closer with no opener, or one crossing another pair
            elif opens:  # a run that could close opens when no run of its character is open
                if open_ and (len(open_) > 1 or open_[-1][1] == size):
                    raise _Unsure  # only strong in em or em in strong
                open_.append((ch, size))
                flush()
                out.append(("open", name))
            else:
                buf.append(src[i:end])
            i = end
        else:
            buf.append(ch)
            i += 1
    if open_:
        raise _Unsure
    flush()
    return out


class _Prose:
    """The blocks, drawn as rich.markdown.Markdown draws paragraphs and lists. No
    __rich_measure__, as Markdown has none: measured the same way inside a table."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        options = options.update(height=None)
        base = console.get_style("none", default="none")
        for index, (kind, start, paras) in enumerate(self.blocks):
            if index or kind != "p":  # Rich's new_line is already set by a list's inner paragraphs
                yield Segment.line()
            if kind == "p":
                yield from console.render(_text(console, paras[0], base), options)
            else:
                yield from _list(console, options, kind, start, paras, base)


def _style(console: Console, name: str) -> Style:
    return console.get_style(name, default="none")


def _text(console: Console, inline: Inline, parent: Style) -> Text:
    """A paragraph's Text, appended piece by piece with Rich's style stack."""
    from rich.text import Text

    stack = [parent + _style(console, "markdown.paragraph")]
    text = Text(justify="left")
    for what, value in inline:
        if what == "text":
            text.append(value, stack[-1])
        elif what == "soft":
            text.append(" ", stack[-1])
        elif what == "open":
            stack.append(stack[-1] + _style(console, f"markdown.{value}"))
        elif what == "close":
            stack.pop()
        else:
            text.append(value, stack[-1] + _style(console, "markdown.code"))
    return text


def _list(console: Console, options: ConsoleOptions, kind: str, start: int, items: list[Inline],
          parent: Style) -> RenderResult:
    """Rich's ListElement: ListItem.render_bullet or render_number for each item."""
    from rich.segment import Segment

    item_style = parent + _style(console, "markdown.item")
    new_line = Segment("\n")
    for index, item in enumerate(items):
        if kind in "-+*":
            bullet_style = _style(console, "markdown.item.bullet")
            first, padding = Segment(" • ", bullet_style), Segment(" " * 3, bullet_style)
            render_options = options.update(width=options.max_width - 3)
        else:
            number_width = len(str(start + len(items))) + 2
            number_style = _style(console, "markdown.item.number")
            first = Segment(f"{start + index}".rjust(number_width - 1) + " ", number_style)
            padding = Segment(" " * number_width, number_style)
            render_options = options.update(width=options.max_width - number_width)
        lines = console.render_lines(_text(console, item, item_style), render_options, style=item_style)
        for number, line in enumerate(lines):
            yield padding if number else first
            yield from line
            yield new_line
