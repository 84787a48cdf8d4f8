"""Finding, reading and validating content packs: the only module that reads YAML.

A pack is a folder with `case.yaml` and one `qN-<slug>.yaml` per written answer (see
answers/README.md). Loading reports *every* problem at once, each located as
`file:line:column: field.path: message`, and only a pack with no problems becomes a
typed `Case`.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi

from casestudy import __version__
from casestudy.content import model
from casestudy.errors import ContentError, UnknownQuestion

CITATION = model.CITATION  # for older readers; new code calls model.citation_keys / replace_citations
MAX_FILE_BYTES = 5 * 1024 * 1024  # a pack file larger than this is refused (answers/README.md)
MAX_DEPTH = 64  # mappings and lists nested deeper than this are refused
MAX_VALUES = 100_000  # values in one file, aliases expanded (billion laughs, million-item lists)
MAX_CHARS = 2 * MAX_FILE_BYTES  # characters of text in one file, aliases expanded
MAX_INT = 2**63 - 1  # what the cache (msgpack) and SQLite can hold
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
DRAWING_WIDTH = 76
QUESTION_ID = re.compile(r"^q[1-9][0-9]*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- where things are --------------------------------------------------------------


def bundled_dir(name: str) -> Path:
    """A folder shipped with the package (`answers` or `templates`).

    In a wheel they sit inside the package as `_data/<name>`; in a source checkout
    (editable install, tests) they are the top-level folders of the repository."""
    here = Path(__file__).resolve().parent.parent  # the casestudy package
    inside = here / "_data" / name
    if inside.is_dir():
        return inside
    return here.parent / name


def pack_dir(pack: str | os.PathLike[str] | None = None) -> Path:
    """The pack to load: the argument (--pack, else $CASESTUDY_PACK, chosen by the
    Environment), else the bundled case."""
    chosen = pack or None
    if chosen is None:
        return bundled_dir("answers") / "netflix"
    return Path(chosen).expanduser()


# --- YAML with positions -----------------------------------------------------------

Path_ = tuple[Any, ...]


@dataclass
class _Doc:
    """A parsed YAML file: its data, and where each value (and mapping key) starts."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int, str]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False, offset: int = 0) -> str:
        """`file:line:column` of the value at `path` (or of its key), or the nearest parent."""
        table = self.keys if key else self.values
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
        if key and probe != path:
            return self.where(path, offset=offset)
        pos = table.get(probe) or self.values.get((), (1, 1, ""))
        line, column = pos[0], pos[1]
        if offset and len(pos) > 2 and pos[2] == "|":
            text = self.lines[line + offset - 1] if line + offset - 1 < len(self.lines) else ""
            return f"{self.file}:{line + offset}:{len(text) - len(text.lstrip()) + 1}"
        return f"{self.file}:{line}:{column}"


def _marks(doc: _Doc, node: Any, path: Path_) -> None:
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


def _read(path: Path, shown: str, root: Path | None = None) -> str:
    """A pack file's text: a regular file inside the pack, at most MAX_FILE_BYTES, UTF-8.

    Checked before opening, so a FIFO or a link to /dev/zero never blocks or fills memory."""
    import stat

    def refuse(reason: str, hint: str = "") -> ContentError:
        return ContentError(f"{shown}: {reason}", [f"{shown}: {reason}"], hint=hint)

    try:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                raise refuse(f"the file is a link to {target}, outside the pack folder; copy the file into the pack")
        info = path.stat()
    except FileNotFoundError:
        raise ContentError(
            f"{shown}: file not found",
            hint="Check the path, or pass --pack DIR with a folder that has case.yaml.",
        ) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python 3.10-3.12
        raise refuse(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse("not a regular file; a pack holds plain YAML files")
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
        where = f"{shown}:{line}:{column}"
        message = f"{where}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise ContentError(message, [message]) from None


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

    def fail(problem: str, mark: Any) -> ComposerError:
        return ComposerError(None, None, problem, mark)

    too_many = "the document expands to more than {} values (aliases included); a pack file must be smaller"
    loader.get_event()  # stream start
    if loader.check_event(events.StreamEndEvent):
        loader.get_event()
        return None
    document = loader.get_event()
    anchors: dict[str, tuple[Any, int, int, int]] = {}  # node, values, characters, levels
    stack: list[list[Any]] = []  # [node, values before it, chars before it, anchor, pending key, levels below]
    counted = [0, 0]  # values and characters so far, aliases expanded
    root = None

    def tagged(event: Any, kind: type, value: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(kind, value, event.implicit)
            if tag == "tag:yaml.org,2002:merge":
                raise fail("merge keys (<<) are not supported; write the fields out", event.start_mark)
            return tag
        if tag not in _PLAIN_TAGS:
            shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
            raise fail(
                f"the tag `{shown}` is not allowed here; write plain text, numbers, lists and mappings",
                event.start_mark,
            )
        return tag

    def add(node: Any, values: int, chars: int, mark: Any) -> None:
        counted[0] += values
        counted[1] += chars
        if counted[0] > MAX_VALUES:
            raise fail(too_many.format(MAX_VALUES), mark)
        if counted[1] > MAX_CHARS:
            raise fail(f"the document expands to more than {MAX_CHARS} characters (aliases included); a pack file must be smaller", mark)

    def place(node: Any, levels: int) -> None:
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
                raise fail(f"nested more than {MAX_DEPTH} levels deep (aliases included)", event.start_mark)
            add(node, values, chars, event.start_mark)
            place(node, levels)
        elif isinstance(event, events.ScalarEvent):
            scalar: Any = nodes.ScalarNode  # its stubs know only PyYAML's Mark, not libyaml's
            node = scalar(tagged(event, scalar, event.value), event.value, event.start_mark, event.end_mark, style=event.style)
            add(node, 1, len(event.value), event.start_mark)
            if event.anchor is not None:
                anchors[event.anchor] = (node, 1, len(event.value), 0)
            place(node, 0)
        elif isinstance(event, (events.SequenceStartEvent, events.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise fail(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            sequence = isinstance(event, events.SequenceStartEvent)
            kind: Any = nodes.SequenceNode if sequence else nodes.MappingNode
            node = kind(tagged(event, kind, None), [], event.start_mark, None, flow_style=event.flow_style)
            stack.append([node, counted[0], counted[1], event.anchor, None, 0])
            add(node, 1, 0, event.start_mark)
        else:  # the end of a sequence or mapping
            node, values, chars, anchor, _, below = stack.pop()
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


def _parse(path: Path, shown: str, root: Path | None = None) -> _Doc:
    import yaml

    text = _read(path, shown, root)
    loader = None
    try:
        loader = _yaml_loader(text)  # the pure-Python reader checks every character here
        node = _compose(loader)
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        problem = exc.problem or exc.context or "invalid YAML"
        message = _one_line(f"{where}: invalid YAML: {problem}")
        raise ContentError(message, [message]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: where it is
        prefix = text[: exc.position]
        if loader is not None and not isinstance(loader, yaml.SafeLoader):  # libyaml counts bytes
            prefix = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        where = f"{shown}:{prefix.count(chr(10)) + 1}:{len(prefix) - prefix.rfind(chr(10))}"
        message = _one_line(f"{where}: invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}")
        raise ContentError(message, [message]) from None
    except yaml.YAMLError as exc:
        message = _one_line(f"{shown}: invalid YAML: {' '.join(str(exc).split())}")
        raise ContentError(message, [message]) from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = _Doc(shown, data, lines=text.splitlines())
    if node is not None:
        _marks(doc, node, ())
    return doc


# --- structural validation against the msgspec types -------------------------------


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_KIND_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    type(None): "nothing (an empty value)",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    for kind, name in _KIND_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


class _Checker:
    def __init__(self, doc: _Doc, problems: list[str]) -> None:
        self.doc = doc
        self.problems = problems

    def report(self, path: Path_, message: str, *, key: bool = False, offset: int = 0) -> None:
        where = self.doc.where(path, key=key, offset=offset)
        self.problems.append(f"{where}: {_dotted(path)}: {message}")

    def check(self, value: Any, t: mi.Type, path: Path_) -> None:
        if isinstance(t, mi.StructType):
            self._struct(value, t, path)
        elif isinstance(t, mi.UnionType):
            self._union(value, t, path)
        elif isinstance(t, mi.ListType):
            if not isinstance(value, list):
                self.report(path, f"expected a list, got {_describe(value)}")
                return
            for index, item in enumerate(value):
                self.check(item, t.item_type, path + (index,))
        elif isinstance(t, mi.StrType):
            if not isinstance(value, str):
                self.report(path, f"expected text, got {_describe(value)}")
            elif not value.strip():
                self.report(path, "must not be empty")
        elif isinstance(t, mi.BoolType):
            if not isinstance(value, bool):
                self.report(path, f"expected true or false, got {_describe(value)}")
        elif isinstance(t, mi.IntType):
            if not isinstance(value, int) or isinstance(value, bool):
                self.report(path, f"expected a whole number, got {_describe(value)}")
            elif not -MAX_INT - 1 <= value <= MAX_INT:
                self.report(path, "the number is too large")

    def _struct(self, value: Any, t: mi.StructType, path: Path_) -> None:
        if not isinstance(value, dict):
            self.report(path, f"expected a mapping, got {_describe(value)}")
            return
        names = {f.encode_name: f for f in t.fields}
        allowed = set(names) | ({t.tag_field} if t.tag_field else set())
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                tip = f" (did you mean `{close[0]}`?)" if close else ""
                self.report(
                    path + (key,),
                    f"unknown field `{key}`{tip}; allowed: {', '.join(sorted(allowed))}",
                    key=True,
                )
        for name, f in names.items():
            if name in value:
                if not f.required and value[name] in ("", [], None):
                    continue  # an optional field left empty means its default
                self.check(value[name], f.type, path + (name,))
            elif f.required:
                self.report(path, f"missing required field `{name}`")

    def _union(self, value: Any, t: mi.UnionType, path: Path_) -> None:
        structs = [s for s in t.types if isinstance(s, mi.StructType)]
        if structs and structs[0].tag_field:
            tag_field = structs[0].tag_field
            tags = {s.tag: s for s in structs}
            if not isinstance(value, dict):
                self.report(path, f"expected a mapping, got {_describe(value)}")
                return
            tag = value.get(tag_field)
            if not isinstance(tag, str) or tag not in tags:  # checked as text first: a mapping is unhashable
                shown = "missing" if tag is None else f"`{tag}`"
                self.report(
                    path + (tag_field,) if tag is not None else path,
                    f"{tag_field} is {shown}; expected one of: {', '.join(map(str, tags))}",
                )
                return
            self._struct(value, tags[tag], path)
            return
        others = [s for s in t.types if not isinstance(s, mi.NoneType)]
        if value is None and len(others) < len(t.types):
            return
        for option in others:
            self.check(value, option, path)


def _validate(doc: _Doc, typ: type, problems: list[str]) -> Any | None:
    before = len(problems)
    _Checker(doc, problems).check(doc.data, mi.type_info(typ), ())
    if len(problems) > before:
        return None
    try:
        return msgspec.convert(doc.data, typ)
    except msgspec.ValidationError as exc:  # a case the checker does not know: still located
        problems.append(f"{doc.where(())}: {exc}")
        return None


# --- cross-checks -------------------------------------------------------------------


def _duplicates(values: Iterable[tuple[Path_, str]]) -> list[tuple[Path_, str]]:
    seen: set[str] = set()
    out = []
    for path, value in values:
        if value in seen:
            out.append((path, value))
        seen.add(value)
    return out


def _check_case(doc: _Doc, case: model.CaseFile, problems: list[str]) -> None:
    c = _Checker(doc, problems)
    if not case.source.url.lower().startswith(("http://", "https://")):
        c.report(("source", "url"), "must be a web address (http:// or https://)")
    ids = [(("questions", i, "id"), q.id) for i, q in enumerate(case.questions)]
    for path, value in ids:
        if not QUESTION_ID.match(value):
            c.report(path, f"`{value}` is not a question id like q1, q2, …")
    for path, value in _duplicates(ids):
        c.report(path, f"question id `{value}` is used twice")
    names: list[tuple[Path_, str]] = [(("questions", i, "slug"), q.slug) for i, q in enumerate(case.questions)]
    names += [
        (("questions", i, "aliases", j), a)
        for i, q in enumerate(case.questions)
        for j, a in enumerate(q.aliases)
    ]
    for path, value in names:
        if not SLUG.match(value):
            c.report(path, f"`{value}` must be lower-case words joined by hyphens")
    for path, value in _duplicates(ids + names):
        c.report(path, f"`{value}` names two questions")
    known = {q.id for q in case.questions}
    for i, variant in enumerate(case.variants):
        for j, qid in enumerate(variant.questions):
            if qid not in known:
                c.report(("variants", i, "questions", j), f"unknown question `{qid}`")
    for path, value in _duplicates((("variants", i, "name"), v.name) for i, v in enumerate(case.variants)):
        c.report(path, f"variant `{value}` is defined twice")


def _check_answer(
    doc: _Doc, answer: model.AnswerFile, case: model.CaseFile, problems: list[str]
) -> None:
    c = _Checker(doc, problems)
    outlines = {q.id: q for q in case.questions}
    if answer.id not in outlines:
        c.report(("id",), f"`{answer.id}` is not a question of case.yaml ({', '.join(outlines)})")
    else:
        expected = f"{answer.id}-{outlines[answer.id].slug}.yaml"
        if Path(doc.file).name != expected:
            c.report((), f"an answer to {answer.id} must be named {expected}")

    def unique(field_name: str, attr: str, items: list[Any]) -> set[str]:
        pairs = [((field_name, i, attr), getattr(item, attr)) for i, item in enumerate(items)]
        for path, value in _duplicates(pairs):
            c.report(path, f"`{value}` is used twice")
        return {value for _, value in pairs}

    sections = unique("sections", "id", answer.sections)
    unique("tables", "id", answer.tables)
    unique("diagrams", "id", answer.diagrams)
    refs = unique("references", "key", answer.references)
    unique("glossary", "term", answer.glossary)
    unique("quiz", "id", answer.quiz)

    for i, s in enumerate(answer.sections):
        if not SLUG.match(s.id):
            c.report(("sections", i, "id"), f"`{s.id}` must be lower-case words joined by hyphens")

    for i, reference in enumerate(answer.references):
        if not model.is_key(reference.key):
            c.report(("references", i, "key"), f"`{reference.key}` is not a reference key: {model.KEY_RULE}")

    for path, text in _texts(answer, ()):
        if "[@" not in text:
            continue
        if not model.malformed_citations(text) and refs.issuperset(model.citation_keys(text)):
            continue  # all well: no need to find the lines
        for line_no, line in enumerate(text.splitlines()):
            keys = model.citation_keys(line)
            if line.count("[@") != len(keys):  # once a line, however many
                c.report(path, model.CITATION_RULE, offset=line_no + 1)
            for key in dict.fromkeys(key for key in keys if key not in refs):
                c.report(path, f"cites [@{key}], which is not a reference key", offset=line_no + 1)

    for i, t in enumerate(answer.tables):
        for r, row in enumerate(t.rows):
            if len(row) != len(t.columns):
                c.report(
                    ("tables", i, "rows", r),
                    f"has {len(row)} cells but the table has {len(t.columns)} columns",
                )

    for kind, items in (("tables", answer.tables), ("diagrams", answer.diagrams), ("quiz", answer.quiz)):
        for i, item in enumerate(items):
            if item.section not in sections:
                c.report(
                    (kind, i, "section"),
                    f"`{item.section}` is not a section id of this file ({', '.join(sorted(sections))})",
                )
    sourced: list[tuple[str, Iterable[model.Number | model.Misconception]]] = [
        ("numbers", answer.numbers),
        ("misconceptions", answer.misconceptions),
    ]
    for kind, claims in sourced:
        for i, claim in enumerate(claims):
            if claim.ref not in refs:
                c.report((kind, i, "ref"), f"`{claim.ref}` is not a reference key")

    for i, reference in enumerate(answer.references):
        if not reference.url.lower().startswith(("http://", "https://")):
            c.report(("references", i, "url"), "must be a web address (http:// or https://)")

    for i, d in enumerate(answer.diagrams):
        for line_no, line in enumerate(d.drawing.splitlines()):
            if len(line) > DRAWING_WIDTH:
                c.report(
                    ("diagrams", i, "drawing"),
                    f"line {line_no + 1} is {len(line)} columns wide; at most {DRAWING_WIDTH} fit a terminal",
                    offset=line_no + 1,
                )

    for i, item in enumerate(answer.quiz):
        if isinstance(item, model.MCQ):
            if len(item.options) < 2:
                c.report(("quiz", i, "options"), "a multiple-choice item needs at least two options")
            if item.answer not in item.options:
                c.report(("quiz", i, "answer"), "the answer must be exactly one of the options")
            for path, value in _duplicates(
                (("quiz", i, "options", j), o) for j, o in enumerate(item.options)
            ):
                c.report(path, f"option `{value}` is listed twice")
        if isinstance(item, model.ShortAnswer):
            for j, idea in enumerate(item.key_ideas):
                if not idea.keywords:
                    c.report(("quiz", i, "key_ideas", j, "keywords"), "give at least one keyword")

    for i, rel in enumerate(answer.related):
        if rel.id not in outlines:
            c.report(("related", i, "id"), f"`{rel.id}` is not a question of case.yaml")
        elif rel.id == answer.id:
            c.report(("related", i, "id"), "a question cannot be related to itself")


# Text that is code or an address, never prose a renderer runs citations over.
_NOT_PROSE = frozenset({"mermaid", "drawing", "url", "key", "ref", "id", "section", "kind"})


def _texts(value: Any, path: Path_) -> Iterable[tuple[Path_, str]]:
    """Every prose text field of an answer, with its path: the fields citations may be in.

    All of them, not a list kept in step with the renderers, so validate and every
    renderer agree on where a citation can be."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:  # the model renames no field: name == YAML key
            if name not in _NOT_PROSE:
                yield from _texts(getattr(value, name), path + (name,))


_NEEDED_FOR_CROSS_CHECKS = ("id", "sections", "references")


def _partial_answer(doc: _Doc) -> model.AnswerFile | None:
    """The fields of an invalid answer file that are valid on their own, the rest empty,
    so its cross-references can be checked in the same run. None when the fields those
    checks rest on (id, sections, references) are themselves invalid."""
    if not isinstance(doc.data, dict):
        return None
    values: dict[str, Any] = {}
    for f in msgspec.structs.fields(model.AnswerFile):
        try:
            values[f.name] = msgspec.convert(doc.data[f.encode_name], f.type)
        except (KeyError, msgspec.ValidationError):
            if f.name in _NEEDED_FOR_CROSS_CHECKS:
                return None
            values[f.name] = "" if f.type is str else []
    return model.AnswerFile(**values)


# --- loading a pack -----------------------------------------------------------------


def load_case(pack: str | os.PathLike[str] | None = None, *, cache_dir: Path | None = None) -> model.Case:
    """Load and validate a whole pack. Raises ContentError listing every problem.

    With `cache_dir`, a valid pack is cached there (msgpack) under a key made of every
    file's name, size and modification time and the loader's code, so an unchanged pack
    loads without YAML. Without it, the YAML is always read (as `validate` wants)."""
    root = pack_dir(pack)
    if root.is_file():
        raise ContentError(
            f"{root} is a file, not a folder",
            hint="Pass --pack DIR (or set CASESTUDY_PACK) to the folder that holds case.yaml.",
        )
    if not root.is_dir():
        raise ContentError(
            f"content pack not found: {root}",
            hint="Pass --pack DIR (or set CASESTUDY_PACK) to a folder that has case.yaml.",
        )
    cached = _cache_file(root, cache_dir) if cache_dir is not None else None
    if cached is not None:
        try:
            return msgspec.msgpack.decode(cached.read_bytes(), type=model.Case)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            pass  # missing or stale: rebuild
    case = _load_uncached(root)
    if cached is not None:
        _write_cache(cached, msgspec.msgpack.encode(case))
    return case


def _cache_file(root: Path, cache_dir: Path) -> Path | None:
    import hashlib

    digest = hashlib.sha256(f"{__version__}\0{root.resolve()}\0".encode() + _code_fingerprint())
    try:
        for path in sorted(root.iterdir()):
            if path.suffix in (".yaml", ".yml"):
                st = path.stat()
                digest.update(f"\0{path.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return cache_dir / f"case-{digest.hexdigest()[:32]}.msgpack"


_FINGERPRINT: list[bytes] = []


def _code_fingerprint() -> bytes:
    """A hash of the schema and loader source (model.py, content.py): part of the cache key,
    so a changed rule re-validates every pack. Two small files, read once per process."""
    if not _FINGERPRINT:
        import hashlib

        try:
            source = Path(__file__).read_bytes() + Path(model.__file__).read_bytes()
        except OSError:  # no source files (a frozen build): the version alone keys the cache
            source = __version__.encode()
        _FINGERPRINT.append(hashlib.sha256(source).digest())
    return _FINGERPRINT[0]


def _write_cache(path: Path, data: bytes) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    from casestudy.errors import CaseStudyError
    from casestudy.fileio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, force=True)
    except (OSError, CaseStudyError):
        pass


def _load_uncached(root: Path) -> model.Case:
    problems: list[str] = []
    try:
        case_doc = _parse(root / "case.yaml", _shown(root / "case.yaml"), root)
    except ContentError as exc:  # located problems are listed, then counted, as for any file
        raise _invalid(exc.problems) if exc.problems else exc from None
    meta = _validate(case_doc, model.CaseFile, problems)
    if meta is None:
        raise _invalid(problems)
    _check_case(case_doc, meta, problems)

    answers: dict[str, tuple[model.AnswerFile, str]] = {}
    quiz_ids: dict[str, str] = {}
    for path in sorted(root.glob("q*.y*ml"), key=_question_order):
        shown = _shown(path)
        try:
            doc = _parse(path, shown, root)
        except ContentError as exc:
            problems.extend(exc.problems or [exc.message])
            continue
        answer = _validate(doc, model.AnswerFile, problems)
        if answer is None:
            partial = _partial_answer(doc)
            if partial is not None:  # still check what can be checked: all problems at once
                _check_answer(doc, partial, meta, problems)
            continue
        _check_answer(doc, answer, meta, problems)
        if answer.id in answers:
            problems.append(f"{doc.where(('id',))}: id: {answer.id} is answered twice (also in {answers[answer.id][1]})")
        for i, item in enumerate(answer.quiz):
            if item.id in quiz_ids and quiz_ids[item.id] != shown:
                problems.append(
                    f"{doc.where(('quiz', i, 'id'))}: quiz[{i}].id: `{item.id}` is also used in {quiz_ids[item.id]}"
                )
            quiz_ids.setdefault(item.id, shown)
        answers.setdefault(answer.id, (answer, shown))

    if problems:
        raise _invalid(problems)
    questions = [
        model.Question(
            outline=o,
            answer=answers[o.id][0] if o.id in answers else None,
            path=str(root / Path(answers[o.id][1]).name) if o.id in answers else "",
        )
        for o in meta.questions
    ]
    return model.Case(meta=meta, questions=questions, root=str(root))


def _question_order(path: Path) -> tuple[int, str]:
    match = re.match(r"q(\d+)", path.name)
    return (int(match.group(1)) if match else 0, path.name)


def _shown(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown.startswith("..") else shown


def _one_line(text: str) -> str:
    """A problem is one line: a line break or control character in quoted content is shown
    escaped (`\\n`, `\\x1b`), never printed."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else ascii(ch)[1:-1] for ch in text
    )


def _invalid(problems: list[str]) -> ContentError:
    problems = [_one_line(p) for p in problems]
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return ContentError(
        f"the content pack has {count} {noun}",
        problems,
        hint="Fix each line above (file:line:column: field: what is wrong); answers/README.md documents the format.",
    )


# --- finding a question -------------------------------------------------------------


def resolve(case: model.Case, ref: str) -> model.Question:
    """A question from what a user typed: `q4`, `Q4`, `4`, a slug or an alias."""
    wanted = ref.strip().lower()
    if wanted.isdigit():
        wanted = f"q{int(wanted)}"
    for q in case.questions:
        if wanted in (q.id, q.slug, *q.outline.aliases):
            return q
    number = re.fullmatch(r"q0*([0-9]{1,9})", wanted)
    if number and case.questions:  # a number, not a name: name the range, no look-alikes
        numbers = [q.number for q in case.questions]
        ids = [q.id for q in case.questions]
        span = f"{ids[0]}–{ids[-1]}" if numbers == list(range(numbers[0], numbers[0] + len(numbers))) else ", ".join(ids)
        raise UnknownQuestion(
            f"there is no question {int(number.group(1))}; questions are {span}",
            hint="`casestudy list` shows them all.",
        )
    names = [n for q in case.questions for n in (q.id, q.slug, *q.outline.aliases)]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    suggestion = f" Did you mean {' or '.join(close)}?" if close else ""
    valid = ", ".join(f"{q.id} ({q.slug})" for q in case.questions)
    raise UnknownQuestion(
        f"no question '{ref}'.{suggestion}",
        hint=f"Valid questions: {valid}. `casestudy list` shows them all.",
    )


def resolve_many(case: model.Case, refs: Iterable[str]) -> list[model.Question]:
    """Several questions, in the order given, each once; `all` (or nothing) means every one."""
    refs = list(refs)
    if not refs or any(r.strip().lower() == "all" for r in refs):
        return list(case.questions)
    out: list[model.Question] = []
    for ref in refs:
        q = resolve(case, ref)
        if q not in out:
            out.append(q)
    return out
