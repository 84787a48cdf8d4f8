"""Reading Markdown as GitHub does: headings, fenced code, links and images, heading anchors.

One reader for every part that looks inside a Markdown document (the submission checker,
the study guide's anchors, the export tests), built on markdown-it-py's CommonMark parser
with GitHub's tables. markdown-it-py is imported inside `read`, so importing this module
costs nothing at start-up.

Line numbers are 1-based and count lines as editors and grep do: a line ends at `\n`,
`\r\n` or `\r` only (`split_lines`), never at a form feed, U+2028, U+2029, `\x1c`-`\x1e`
or `\x85`, which `str.splitlines` also splits at.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

BOM = "\ufeff"


@dataclass(frozen=True)
class Heading:
    level: int  # 1-6
    text: str  # as written, inline Markdown kept, closing #s and the setext underline left out
    line: int  # the heading's first line
    end: int  # its last line: the underline of a setext heading, else `line`
    plain: str = ""  # the text shown: inline markers, link targets and images left out


@dataclass(frozen=True)
class Fence:
    """A fenced code block; `end` is the closing fence's line, or the document's last line
    when the fence is never closed (then `closed` is False and `start` is where it opens)."""

    start: int
    end: int
    info: str
    closed: bool = True
    code: str = ""


@dataclass(frozen=True)
class Link:
    text: str  # the plain text shown (an image's alt text)
    url: str
    line: int


@dataclass
class Document:
    lines: list[str]
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)

    @property
    def unclosed(self) -> list[Fence]:
        return [f for f in self.fences if not f.closed]

    def fenced(self) -> set[int]:
        """Every line that belongs to a fenced code block, fences included."""
        return {n for f in self.fences for n in range(f.start, f.end + 1)}

    def section(self, h: Heading) -> tuple[int, int]:
        """Lines (1-based, end exclusive) under `h`, up to the next heading of its level or higher."""
        end = len(self.lines) + 1
        for other in self.headings:
            if other.line > h.line and other.level <= h.level:
                end = other.line
                break
        return h.end + 1, end


_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` as an editor numbers them: split at `\n`, `\r\n` and `\r`
    only; a final line end starts no new line (as with `str.splitlines`)."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read(text: str) -> Document:
    """Headings, fenced code, links and images of a Markdown document (a leading byte
    order mark is not part of the first line)."""
    lines = split_lines(text.removeprefix(BOM))
    doc = Document(lines)
    tokens = _parser().parse("".join(line + "\n" for line in lines))
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            first, after = token.map
            inline = tokens[i + 1]
            plain = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
            doc.headings.append(Heading(int(token.tag[1]), inline.content.strip(), first + 1, after, plain.strip()))
        elif token.type == "fence" and token.map:
            first, after = token.map
            closed = after - first >= 2 and _closes(lines[after - 1], token.markup)
            doc.fences.append(Fence(first + 1, after, token.info.strip(), closed, token.content))
        elif token.type == "inline" and token.map and token.children:
            _inline(token.children, token.map[0] + 1, doc)
    return doc


@functools.cache
def _parser() -> Any:
    """CommonMark with GitHub's tables, made once (markdown-it-py is imported here)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _closes(line: str, markup: str) -> bool:
    """Is `line` a closing fence for an opening `markup` (in a list or quote too)?"""
    bare = line.lstrip(" \t>")
    run = len(bare) - len(bare.lstrip(markup[0]))
    return run >= len(markup) and not bare[run:].strip()


def _inline(children: list[Any], line: int, doc: Document) -> None:
    """Links and images of one block's inline content, each with the line it is on."""
    link: tuple[str, int] | None = None
    shown: list[str] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            if link:
                shown.append(" ")
        elif child.type == "image":
            doc.images.append(Link(child.content, str(child.attrGet("src") or ""), line))
            if link:
                shown.append(child.content)
        elif child.type == "link_open":
            link, shown = (str(child.attrGet("href") or ""), line), []
        elif child.type == "link_close" and link:
            doc.links.append(Link("".join(shown), link[0], link[1]))
            link = None
        elif link and child.type in ("text", "code_inline"):
            shown.append(child.content)


def headings(text: str) -> list[Heading]:
    """The headings of a Markdown document, in order (none from inside code)."""
    return read(text).headings


# --- GitHub's heading anchors ---------------------------------------------------------


def slug(text: str) -> str:
    """GitHub's heading anchor for `text` (the github-slugger algorithm, no dedup).

    Lower-case; drop every character that is not a letter, mark, number, connector
    (`_`), hyphen or space; then each space becomes a hyphen."""
    kept = "".join(
        c for c in _plain(text).lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
    )
    return kept.replace(" ", "-")


def _plain(text: str) -> str:
    """The text GitHub slugs: inline Markdown markers removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|`)", "", text).replace("&lt;", "<").strip()


class Slugger:
    """Unique anchors in document order, as GitHub makes them: `x`, `x-1`, `x-2`, …"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug(text)
        anchor = base
        count = self.seen.get(base, 0)
        while anchor in self.seen:
            count += 1
            anchor = f"{base}-{count}"
        self.seen[base] = count
        self.seen[anchor] = self.seen.get(anchor, 0)
        return anchor
