"""Validating a parsed pack: schema walk and cross-checks, every problem a located Problem."""

# The walk checks each file against the msgspec types (unknown keys, wrong kinds, missing
# fields); the cross-checks hold what types cannot say: ids, slugs, citations, sections,
# tables, quiz items, and rules across files.

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi

from casestudy.content import model
from casestudy.content.yamlpos import Doc, FieldPath, one_line
from casestudy.errors import ContentError, Problem
from casestudy.text import words

MAX_INT = 2**63 - 1  # what the cache (msgpack) and SQLite can hold
DRAWING_WIDTH = 76
QUESTION_ID = re.compile(r"^q[1-9][0-9]*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VARIANT_WORD = r"[A-Za-z0-9_-]+"  # a variant's name: typed after --variant, kept in the skeleton's marker
VARIANT_NAME = re.compile(rf"^{VARIANT_WORD}$")


# --- structural validation against the msgspec types -------------------------------


def _dotted(path: FieldPath) -> str:
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
    def __init__(self, doc: Doc, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def report(self, path: FieldPath, message: str, *, key: bool = False, offset: int = 0) -> None:
        line, column = self.doc.position(path, key=key, offset=offset)
        self.problems.append(Problem(self.doc.file, line, column, _dotted(path), message))

    def check(self, value: Any, t: mi.Type, path: FieldPath) -> None:
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

    def _struct(self, value: Any, t: mi.StructType, path: FieldPath) -> None:
        if not isinstance(value, dict):
            self.report(path, f"expected a mapping, got {_describe(value)}")
            return
        names = {f.encode_name: f for f in t.fields}
        allowed = set(names) | ({t.tag_field} if t.tag_field else set())
        for key in value:
            if key not in allowed:
                import difflib  # only to suggest a name: most files have no unknown field

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

    def _union(self, value: Any, t: mi.UnionType, path: FieldPath) -> None:
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


_type_info = functools.cache(mi.type_info)  # msgspec.inspect's description of a type, made once


def validate(doc: Doc, typ: type, problems: list[Problem]) -> Any | None:
    """`doc`'s data as a `typ`, or None after adding every problem found to `problems`."""
    before = len(problems)
    _Checker(doc, problems).check(doc.data, _type_info(typ), ())
    if len(problems) > before:
        return None
    try:
        return msgspec.convert(doc.data, typ)
    except msgspec.ValidationError as exc:  # a case the checker does not know: still located
        problems.append(Problem(doc.file, *doc.position(()), None, str(exc)))
        return None


# --- cross-checks -------------------------------------------------------------------


def _duplicates(values: Iterable[tuple[FieldPath, str]]) -> list[tuple[FieldPath, str]]:
    seen: set[str] = set()
    out = []
    for path, value in values:
        if value in seen:
            out.append((path, value))
        seen.add(value)
    return out


def check_case(doc: Doc, case: model.CaseFile, problems: list[Problem]) -> None:
    """case.yaml's rules beyond its types: addresses, question ids, slugs, variants."""
    c = _Checker(doc, problems)
    if not case.source.url.lower().startswith(("http://", "https://")):
        c.report(("source", "url"), "must be a web address (http:// or https://)")
    ids = [(("questions", i, "id"), q.id) for i, q in enumerate(case.questions)]
    for path, value in ids:
        if not QUESTION_ID.match(value):
            c.report(path, f"`{value}` is not a question id like q1, q2, …")
    twice = _duplicates(ids)
    for path, value in twice:
        c.report(path, f"question id `{value}` is used twice")
    names: list[tuple[FieldPath, str]] = [(("questions", i, "slug"), q.slug) for i, q in enumerate(case.questions)]
    names += [(("questions", i, "aliases", j), a) for i, q in enumerate(case.questions) for j, a in enumerate(q.aliases)]
    for path, value in names:
        if not SLUG.match(value):
            c.report(path, f"`{value}` must be lower-case words joined by hyphens")
    for path, value in _duplicates(ids + names):
        if (path, value) not in twice:  # an id used twice is said once, above
            c.report(path, f"`{value}` names two questions")
    known = {q.id for q in case.questions}
    for i, variant in enumerate(case.variants):
        for j, qid in enumerate(variant.questions):
            if qid not in known:
                c.report(("variants", i, "questions", j), f"unknown question `{qid}`")
        for path, value in _duplicates((("variants", i, "questions", j), q) for j, q in enumerate(variant.questions)):
            c.report(path, f"question `{value}` is listed twice in variant `{variant.name}`; a submission answers each question once")
        if not VARIANT_NAME.match(variant.name):
            c.report(("variants", i, "name"), f"`{variant.name}` must be one word of ASCII letters, digits, `-` and `_` (it is typed after --variant and kept in the skeleton)")
    for path, value in _duplicates((("variants", i, "name"), v.name) for i, v in enumerate(case.variants)):
        c.report(path, f"variant `{value}` is defined twice")


def check_answer(doc: Doc, answer: model.AnswerFile, case: model.CaseFile, problems: list[Problem]) -> None:
    """An answer file's rules beyond its types: its name, unique ids, citations, tables,
    sections, drawings, quiz items and related questions."""
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
                c.report(("tables", i, "rows", r), f"has {len(row)} cells but the table has {len(t.columns)} columns")

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
        if isinstance(item, model.TrueFalse) and item.prompt.lstrip().lower().startswith("true or false"):
            c.report(("quiz", i, "prompt"), "give the statement alone: the quiz and the exports ask \"True or false?\" themselves")
        if isinstance(item, model.MCQ):
            if len(item.options) < 2:
                c.report(("quiz", i, "options"), "a multiple-choice item needs at least two options")
            if item.answer not in item.options:
                c.report(("quiz", i, "answer"), "the answer must be exactly one of the options")
            for path, value in _duplicates((("quiz", i, "options", j), o) for j, o in enumerate(item.options)):
                c.report(path, f"option `{value}` is listed twice")
        if isinstance(item, model.ShortAnswer):
            for j, idea in enumerate(item.key_ideas):
                if not idea.keywords:
                    c.report(("quiz", i, "key_ideas", j, "keywords"), "give at least one keyword")
                for k in (k for k, kw in enumerate(idea.keywords) if words.shows_no_idea(kw)):
                    c.report(("quiz", i, "key_ideas", j, "keywords", k), f"keyword `{idea.keywords[k]}` {words.NO_IDEA}")

    for i, ideas in enumerate(answer.key_ideas):
        if not ideas:
            c.report(("key_ideas", i), f"key point {i + 1} has no ideas; give at least one, such as [term, variant]")
        for j, variants in enumerate(ideas):
            if not variants:
                c.report(("key_ideas", i, j), "an idea needs at least one term, such as [circuit breaker, open circuit]")

    for i, rel in enumerate(answer.related):
        if rel.id not in outlines:
            c.report(("related", i, "id"), f"`{rel.id}` is not a question of case.yaml")
        elif rel.id == answer.id:
            c.report(("related", i, "id"), "a question cannot be related to itself")


# Text that is code or an address, never prose a renderer runs citations over.
_NOT_PROSE = frozenset({"mermaid", "drawing", "url", "key", "ref", "id", "section", "kind"})


def _texts(value: Any, path: FieldPath) -> Iterable[tuple[FieldPath, str]]:
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


def partial_answer(doc: Doc) -> model.AnswerFile | None:
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


def check_across_files(doc: Doc, answer: model.AnswerFile, seen: dict[str, str], quiz_ids: dict[str, str], problems: list[Problem]) -> None:
    """Rules across answer files: a question answered once, a quiz id used in one file.
    `seen` and `quiz_ids` map what earlier files used to the file that used it."""
    c = _Checker(doc, problems)
    if answer.id in seen:
        c.report(("id",), f"{answer.id} is answered twice (also in {seen[answer.id]})")
    for i, item in enumerate(answer.quiz):
        if item.id in quiz_ids and quiz_ids[item.id] != doc.file:
            c.report(("quiz", i, "id"), f"`{item.id}` is also used in {quiz_ids[item.id]}")
        quiz_ids.setdefault(item.id, doc.file)
    seen.setdefault(answer.id, doc.file)


class Report(msgspec.Struct):
    """The outcome of validating a pack, as `validate --json` prints it."""

    ok: bool
    pack: str
    problems: list[Problem]


def invalid(problems: list[Problem]) -> ContentError:
    """The error for a pack with problems: each shown on one line, then the count."""
    problems = [
        Problem(
            one_line(p.file) if p.file is not None else None,
            p.line,
            p.col,
            one_line(p.path) if p.path is not None else None,
            one_line(p.message),
            p.question,
        )
        for p in problems
    ]
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return ContentError(
        f"the content pack has {count} {noun}",
        problems,
        hint="Fix each line above (file:line:column: field: what is wrong); answers/README.md documents the format.",
    )
