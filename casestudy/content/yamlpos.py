"""YAML with line and column positions: reading a pack file safely, within size limits."""

# A pack file is read only if it is a regular file inside the pack, at most MAX_FILE_BYTES,
# UTF-8; it is parsed within bounds on nesting, values and characters (aliases expanded),
# and every value and mapping key keeps where it starts, so each problem can be reported
# as `file:line:column`. yamlbuild.py makes data and positions in one pass over libyaml's
# events; a document it is unsure of (a value PyYAML's constructor refuses, a list as a
# key) is read again here the exact way: a node tree, the constructor, then its positions.
# These two are the only modules that parse YAML.

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casestudy.errors import ContentError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024  # a pack file larger than this is refused (answers/README.md)
MAX_DEPTH = 64  # mappings and lists nested deeper than this are refused
MAX_VALUES = 100_000  # values in one file, aliases expanded (billion laughs, million-item lists)
MAX_CHARS = 2 * MAX_FILE_BYTES  # characters of text in one file, aliases expanded
NOT_FOUND = "file not found"
NOT_REGULAR = "not a regular file; a pack holds plain YAML files"

FieldPath = tuple[Any, ...]  # keys and list indexes from the top of a file: ("quiz", 3, "id")


@dataclass
class Doc:
    """A parsed YAML file: its data, and where each value (and mapping key) starts."""

    file: str
    data: Any
    values: dict[FieldPath, tuple[int, int, str]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def position(self, path: FieldPath, *, key: bool = False, offset: int = 0) -> tuple[int, int]:
        """(line, column) of the value at `path` (or of its key), or of the nearest parent.

        `offset` counts lines into a block scalar (`|`): the position of that line's text."""
        table = self.keys if key else self.values
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
        if key and probe != path:
            return self.position(path, offset=offset)
        pos = table.get(probe) or self.values.get((), (1, 1, ""))
        line, column = pos[0], pos[1]
        if offset and len(pos) > 2 and pos[2] == "|":
            text = self.lines[line + offset - 1] if line + offset - 1 < len(self.lines) else ""
            return line + offset, len(text) - len(text.lstrip()) + 1
        return line, column


def _marks(doc: Doc, node: Any, path: FieldPath) -> None:
    import yaml

    style = getattr(node, "style", None) or ""
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1, style)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _marks(doc, value_node, path + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _marks(doc, item, path + (index,))


def dangling(path: Path) -> str | None:
    """What is wrong with `path` when it is a symbolic link to nothing, else None."""
    try:
        target = os.readlink(path)
    except OSError:  # not a link
        return None
    return f"the file is a link to {target}, which does not exist; copy the file into the pack or remove the link"


def not_a_file(path: Path) -> str | None:
    """Why the entry `path` (it is in its folder) cannot be a pack file: a folder, a FIFO, a
    link to nothing; None for a regular file, or when only reading it can tell."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        return dangling(path)
    except (OSError, RuntimeError):  # reading it says what
        return None
    return None if stat.S_ISREG(info.st_mode) else NOT_REGULAR


def _read(path: Path, shown: str, root: Path | None = None) -> str:
    """A pack file's text: a regular file inside the pack, at most MAX_FILE_BYTES, UTF-8.

    Checked before opening, so a FIFO or a link to /dev/zero never blocks or fills memory."""
    import stat

    def refuse(reason: str) -> ContentError:
        return ContentError(f"{shown}: {reason}", [Problem(shown, None, None, None, reason)])

    try:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                raise refuse(f"the file is a link to {target}, outside the pack folder; copy the file into the pack")
        info = path.stat()
    except FileNotFoundError:
        missing = dangling(path)
        if missing is not None:
            raise refuse(missing) from None
        raise ContentError(
            f"{shown}: {NOT_FOUND}",
            [Problem(shown, None, None, None, NOT_FOUND)],  # a problem too, for validate --json
            hint="Check the path, or pass --pack DIR with a folder that has case.yaml.",
        ) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python 3.10-3.12
        raise refuse(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse(NOT_REGULAR)
    too_big = f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most a pack file may be. Split it or shorten it"
    if info.st_size > MAX_FILE_BYTES:
        raise refuse(too_big)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(too_big)
    try:
        return raw.decode("utf-8-sig")  # a BOM at the start is allowed and dropped
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace").lstrip("\ufeff")) + 1
        problem = Problem(shown, line, column, None, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        raise ContentError(str(problem), [problem]) from None


def _yaml_loader(text: str) -> Any:
    """libyaml's safe loader when PyYAML was built with it, else the pure-Python one."""
    import yaml  # only when the cache misses: a cached start-up never parses YAML

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_class(text)


def _compose(loader: Any) -> Any:
    """The document's node tree, built from parser events without recursion.

    Replaces PyYAML's composer to enforce bounds as it goes: nesting depth, and the
    number of values and characters with every alias expanded (a "billion laughs"
    document is refused after MAX_VALUES, not after filling memory). An anchor is
    known only once its node is complete, so an alias cannot refer to itself."""
    from yaml import events, nodes
    from yaml.composer import ComposerError

    from casestudy.content.yamlbuild import (
        MERGE,
        MERGE_KEYS,
        PLAIN_TAGS,
        TOO_DEEP,
        TOO_LONG,
        TOO_MANY,
        fail,
        refuse_tag,
        twice,
    )

    loader.get_event()  # stream start
    if loader.check_event(events.StreamEndEvent):
        loader.get_event()
        return None
    document = loader.get_event()
    anchors: dict[str, tuple[Any, int, int, int]] = {}  # node, values, characters, levels
    stack: list[list[Any]] = []  # [node, values before it, chars before it, anchor, pending key, levels below, keys seen]
    counted = [0, 0]  # values and characters so far, aliases expanded
    root = None

    def tagged(event: Any, kind: type, value: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(kind, value, event.implicit)
            if tag == MERGE:
                raise fail(MERGE_KEYS, event.start_mark)
            return tag
        if tag not in PLAIN_TAGS:
            raise refuse_tag(tag, event.start_mark)
        return tag

    def add(node: Any, values: int, chars: int, mark: Any) -> None:
        counted[0] += values
        counted[1] += chars
        if counted[0] > MAX_VALUES:
            raise fail(TOO_MANY.format(MAX_VALUES), mark)
        if counted[1] > MAX_CHARS:
            raise fail(TOO_LONG.format(MAX_CHARS), mark)

    def place(node: Any, levels: int, mark: Any = None) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        frame[5] = max(frame[5], levels)
        parent = frame[0]
        if isinstance(parent, nodes.SequenceNode):
            parent.value.append(node)
        elif frame[4] is None:
            if isinstance(node, nodes.ScalarNode):  # a key given twice: refused, as yamlbuild does
                seen = frame[6]
                make = loader.yaml_constructors.get(node.tag)  # a scalar's own, as yamlbuild calls it
                try:  # compared as data, as yamlbuild does: `1` and `01` are one key
                    data = make(loader, node) if make is not None else None
                    name: Any = (type(data), data) if make is not None else (node.tag, node.value)
                except Exception:  # a value the constructor refuses: it reports it later
                    name = (node.tag, node.value)
                if name in seen:
                    raise twice(node.value, seen[name], mark)
                seen[name] = (node.start_mark.line + 1, node.start_mark.column + 1)
            frame[4] = node
        else:
            parent.value.append((frame[4], node))
            frame[4] = None

    while not loader.check_event(events.DocumentEndEvent):
        event: Any = loader.get_event()  # libyaml's and PyYAML's events differ only in their Mark class
        if isinstance(event, events.AliasEvent):
            if event.anchor not in anchors:
                raise fail(f"found undefined alias {event.anchor}", event.start_mark)
            node, values, chars, levels = anchors[event.anchor]
            if len(stack) + levels > MAX_DEPTH:
                raise fail(TOO_DEEP.format(MAX_DEPTH) + " (aliases included)", event.start_mark)
            add(node, values, chars, event.start_mark)
            place(node, levels, event.start_mark)
        elif isinstance(event, events.ScalarEvent):
            scalar: Any = nodes.ScalarNode  # its stubs know only PyYAML's Mark, not libyaml's
            node = scalar(tagged(event, scalar, event.value), event.value, event.start_mark, event.end_mark, style=event.style)
            add(node, 1, len(event.value), event.start_mark)
            if event.anchor is not None:
                anchors[event.anchor] = (node, 1, len(event.value), 0)
            place(node, 0, event.start_mark)
        elif isinstance(event, (events.SequenceStartEvent, events.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise fail(TOO_DEEP.format(MAX_DEPTH), event.start_mark)
            sequence = isinstance(event, events.SequenceStartEvent)
            kind: Any = nodes.SequenceNode if sequence else nodes.MappingNode
            node = kind(tagged(event, kind, None), [], event.start_mark, None, flow_style=event.flow_style)
            stack.append([node, counted[0], counted[1], event.anchor, None, 0, {}])
            add(node, 1, 0, event.start_mark)
        else:  # the end of a sequence or mapping
            node, values, chars, anchor, _, below, _ = stack.pop()
            node.end_mark = event.end_mark
            if anchor is not None:
                anchors[anchor] = (node, counted[0] - values, counted[1] - chars, below + 1)
            place(node, below + 1)
    loader.get_event()  # document end
    if not loader.check_event(events.StreamEndEvent):
        event = loader.get_event()
        raise ComposerError(
            "expected a single document in the stream", document.start_mark, "but found another document", event.start_mark
        )
    return root


def _construct(loader: Any, node: Any) -> Any:
    """Python values from the node tree; a value the constructor cannot make (a date that
    does not exist, a 5,000-digit number) is a located YAML error, not a traceback."""
    import yaml

    try:
        return loader.construct_document(node)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        reason = str(exc) or type(exc).__name__
        todo = [node]
        while todo:  # find the value at fault, for its line and column
            current = todo.pop()
            if isinstance(current, yaml.ScalarNode):
                loader.constructed_objects, loader.recursive_objects, loader.state_generators = {}, {}, []
                try:
                    loader.construct_object(current, deep=True)
                except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as inner:
                    reason = str(inner) or type(inner).__name__
                    node = current
                    break
            elif isinstance(current, yaml.SequenceNode):
                todo.extend(reversed(current.value))
            elif isinstance(current, yaml.MappingNode):
                todo.extend(n for pair in reversed(current.value) for n in reversed(pair))
        raise yaml.constructor.ConstructorError(
            None, None, f"cannot read this value: {reason.splitlines()[0]}", node.start_mark
        ) from None


def _unclosed_quote(text: str, exc: Any, mark: Any) -> str:
    """When the text just before a YAML error is a quoted value running over several lines,
    a note that its closing quote may be missing (the parser only fails where the quoted
    text ends, often many lines later, or at the end of the file); else ""."""
    import yaml

    opened = exc.context_mark
    if opened is not None and "quoted scalar" in (exc.context or ""):
        return f" (the quoted text from line {opened.line + 1}, column {opened.column + 1} is never closed)"
    before = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # the pure-Python scanner: marks count characters
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            before = token
    except yaml.YAMLError:
        pass
    if not isinstance(before, yaml.ScalarToken) or before.style not in ('"', "'"):
        return ""
    start, end = before.start_mark, before.end_mark
    if end.line == start.line:
        return ""
    return f" (the quoted text from line {start.line + 1}, column {start.column + 1} runs to line {end.line + 1}: is its closing quote missing?)"


def parse(path: Path, shown: str, root: Path | None = None) -> Doc:
    """The YAML file at `path` (named `shown` in problems), with positions. Raises
    ContentError with one located problem when it cannot be read or parsed."""
    import yaml

    def invalid(line: int | None, column: int | None, problem: str) -> ContentError:
        found = Problem(one_line(shown), line, column, None, one_line(f"invalid YAML: {problem}"))
        return ContentError(str(found), [found])

    text = _read(path, shown, root)
    loader = None
    node = built = None
    try:
        loader = _yaml_loader(text)  # the pure-Python reader checks every character here
        from casestudy.content.yamlbuild import Unsure, build

        try:
            built = build(loader, MAX_DEPTH, MAX_VALUES, MAX_CHARS)
            data = built[0] if built is not None else None
        except Unsure:  # the constructor's own error, or a value only it makes right
            loader.dispose()
            loader = _yaml_loader(text)
            node = _compose(loader)
            data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML") + (_unclosed_quote(text, exc, mark) if mark else "")
        raise invalid(mark.line + 1 if mark else None, mark.column + 1 if mark else None, problem) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: where it is
        prefix = text[: exc.position]
        if loader is not None and not isinstance(loader, yaml.SafeLoader):  # libyaml counts bytes
            prefix = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line, column = prefix.count("\n") + 1, len(prefix) - prefix.rfind("\n")
        raise invalid(line, column, f"unacceptable character #x{exc.character:04x}: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise invalid(None, None, " ".join(str(exc).split())) from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = Doc(shown, data, lines=text.splitlines())
    if built is not None:
        doc.values, doc.keys = built[1]
    elif node is not None:
        _marks(doc, node, ())
    return doc


def one_line(text: str) -> str:
    """A problem is one line: a line break or control character in quoted content is shown
    escaped (`\\n`, `\\x1b`), never printed."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else ascii(ch)[1:-1] for ch in text
    )

