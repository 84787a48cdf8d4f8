"""Fuzzing, kept: mutated copies of the real pack go through the loader and every renderer.

The only outcomes allowed: a valid model that the terminal page, the Markdown guide and
the JSON export all render, or a ContentError whose every problem is one line that starts
with the file it is about (`file:line:column:` where there is a position). A quick profile
runs with the suite; `pytest -m fuzz` runs 5,000 examples. Every input that crashed the
loader before issue 8 is kept below as an explicit regression case.
"""

from __future__ import annotations

import io
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casestudy.content import load as content
from casestudy.content import yamlpos
from casestudy.errors import ContentError
from tests.helpers import CEILING, ROOT

PACK = ROOT / "answers" / "netflix"
CASE = PACK / "case.yaml"
ANSWERS = sorted(PACK.glob("q*.yaml"))
SOURCES = {p.name: p.read_text(encoding="utf-8") for p in [CASE, *ANSWERS]}
LOCATED = re.compile(r"^(?P<file>[^\n]+?\.yaml)(?::\d+:\d+)?: \S[^\n]*$")

BOMB = "".join(
    [
        "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        *(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9)),
    ]
)
DEEP = "[" * 80 + "]" * 80
ODD_SCALARS = [
    "{a: 1}",
    "[1, [2, {b: c}]]",
    "~",
    "''",
    ".nan",
    "-.inf",
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 5000,
    "0x7f",
    "0o17",
    "1_000",
    "2020-02-30",
    "2020-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "yes",
    "!!python/object:os.system x",
    "!!python/object/apply:os.system [echo]",
    "!!python/name:os.system",
    "!!int x",
    "!!float abc",
    "!!bool maybe",
    "!!timestamp nope",
    "!!binary '@@@'",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!custom x",
    "!!str 42",
    "*nowhere",
    "&anchor value",
    "=",
    "<<",
    "'[@x\u200f]'",
    "'[@@x]'",
    "'[@]'",
    "'[@a; @b]'",
    "'[@nf-2016-cloud]'",
    "'" + "[@" * 2000 + "'",
    "'[/i]'",
    "'[/]'",
    "'[link=https://x]y[/link]'",
    "'[bold red]x'",
    '"\\x1b]52;c;AAAA\\x07"',
    '"\\x1b[2J\\x07"',
    '"\\u202e\\u200f\\ufeff"',
    '"\\0"',
    "'<script>alert(1)</script>'",
    "'[x](javascript:alert(1))'",
    "'" + "x" * 100_000 + "'",
    DEEP,
    "|\n  a block\n  of text",
    ">-\n  folded",
]
KINDS = ["delete", "duplicate", "value", "key", "indent", "swap", "truncate", "control", "bomb", "deep", "anchor"]
ENDINGS = ["none", "bom", "crlf", "bad-utf8", "nul", "huge", "lone-cr"]
KEY_LINE = re.compile(r"^(\s*(?:- )?)([A-Za-z_][\w-]*):(.*)$")


def mutate(text: str, steps: list[tuple[str, int, int]]) -> str:
    """Line-level mutations of a YAML text: each step is (kind, where, which)."""
    lines = text.split("\n")
    for kind, where, which in steps:
        lines = lines or [""]
        i = where % len(lines)
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "value":
            match = KEY_LINE.match(line)
            odd = ODD_SCALARS[which % len(ODD_SCALARS)]
            if match:
                indent = " " * (len(match.group(1)) + 2)
                lines[i] = f"{match.group(1)}{match.group(2)}: " + odd.replace("\n", "\n" + indent)
            else:
                lines[i] = line[: len(line) - len(line.lstrip())] + "- " + odd.split("\n")[0]
        elif kind == "key":
            match = KEY_LINE.match(line)
            if match:
                others = ["id", "kind", "answer", "options", "key", "ref", "section", "tldr", "anwser", "quiz", "1", "true", "null", "<<", "? a"]
                lines[i] = f"{match.group(1)}{others[which % len(others)]}:{match.group(3)}"
        elif kind == "indent":
            lines[i] = ("  " + line) if which % 2 else line[2:]
        elif kind == "swap":
            j = which % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            lines = lines[: max(i, 1)]
        elif kind == "control":
            ch = chr([0x1B, 0x07, 0x00, 0x08, 0x0C, 0x7F, 0x85, 0x9B, 0x2028, 0xFFFE][which % 10])
            at = which % (len(line) + 1)
            lines[i] = line[:at] + ch + line[at:]
        elif kind == "bomb":
            lines[0:0] = BOMB.rstrip("\n").split("\n")
        elif kind == "deep":
            lines.insert(i, f"deep{which}: {DEEP}")
        elif kind == "anchor":
            match = KEY_LINE.match(line)
            if match and match.group(3).strip():
                lines[i] = f"{match.group(1)}{match.group(2)}: &a{which % 3}{match.group(3)}"
            else:
                lines.insert(i, f"{line[: len(line) - len(line.lstrip())]}alias{which}: *a{which % 3}")
    return "\n".join(lines)


ODD_VALUES: list[object] = [
    None, True, 0, -1, 2**64, -(2**63) - 1, 1.5, float("nan"), "", " ", {}, [], {"a": 1}, [{"a": [1]}], ["x", {"y": None}],
    "[@x\u200f]", "[@@x]", "[@]", "[@a; @b]", "[/i]", "[/]", "\x1b]52;c;AAAA\x07", "line\nbreak", "\u2028", "x" * 50_000,
    "nested",  # replaced below by 70 nested lists
]


ODD_VALUES[-1] = [0]
for _ in range(70):
    ODD_VALUES[-1] = [ODD_VALUES[-1]]


def _paths(data: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, path + (index,))
    return out


def mutate_tree(text: str, steps: list[tuple[str, int, int]]) -> str:
    """Data-level mutations (deleted, duplicated, retyped and renamed fields), dumped back to YAML."""
    import copy

    import yaml

    data = yaml.safe_load(text)
    for kind, where, which in steps:
        paths = _paths(data)[1:]
        if not paths:
            break
        path = paths[where % len(paths)]
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if kind in ("delete", "truncate"):
            del parent[last]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif kind == "key" and isinstance(parent, dict):
            parent[f"{last}x" if which % 2 else which % 7] = parent.pop(last)
        else:
            parent[last] = copy.deepcopy(ODD_VALUES[which % len(ODD_VALUES)])
    return yaml.safe_dump(data, allow_unicode=which % 2 == 0, sort_keys=False, width=10**6)


def encode(text: str, ending: str, where: int) -> bytes:
    """Byte-level mutations: what a text editor or a broken download can do to a file."""
    raw = text.encode("utf-8")
    at = where % (len(raw) + 1)
    if ending == "bom":
        return b"\xef\xbb\xbf" + raw
    if ending == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if ending == "bad-utf8":
        return raw[:at] + b"\xff\xc3" + raw[at:]
    if ending == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    if ending == "huge":
        return raw + b"# " + b"x" * (yamlpos.MAX_FILE_BYTES) + b"\n"
    if ending == "lone-cr":
        return raw.replace(b"\n", b"\r")
    return raw


def make_pack(folder: Path, name: str, data: bytes) -> Path:
    """A pack of case.yaml and one answer file (the whole pack is checked the same way, slower)."""
    pack = folder / "pack"
    pack.mkdir()
    answer = name if name != CASE.name else ANSWERS[3].name
    for file in (CASE.name, answer):
        (pack / file).write_text(SOURCES[file], encoding="utf-8")
    (pack / name).write_bytes(data)
    return pack


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_pack(pack: Path) -> str:
    """A valid model that every renderer renders, or located problems: nothing else."""
    from casestudy.render import guide as render_markdown
    from casestudy.render import json as render_json
    from casestudy.render import terminal as render_terminal

    try:
        case = content.load_case(pack)
    except ContentError as error:
        assert error.problems, error.message
        names = {p.name for p in pack.iterdir()}
        for problem in map(str, error.problems):
            match = LOCATED.match(problem)
            assert match, problem
            assert Path(match.group("file")).name in names, problem
        return "a located content error"
    from casestudy.env import Environment
    from casestudy.render.console import make_console
    from casestudy.text.safe import visible_model

    shown = visible_model(case)  # what every command that shows text renders, as the CLI does
    written = [q for q in shown.questions if q.written]
    out = io.StringIO()
    console = make_console(Environment(), file=out, color="never")
    console.print(render_terminal.question_list(shown))
    for q in written:
        console.print(render_terminal.page(q, shown))
        console.print(render_terminal.page(q, shown, brief=True))
    page = out.getvalue()
    assert page
    guide = render_markdown.render_guide(shown, shown.questions)
    assert guide.startswith("#")
    for text in (page, guide):  # nothing from the pack reaches a terminal as a control sequence
        assert not CONTROL.search(text), repr(CONTROL.search(text))
    assert render_json.render_json(case, case.questions).startswith("{")
    return "a valid pack, rendered"


steps = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=3
)


def fuzz_once(name: str, mutations: list[tuple[str, int, int]], ending: str, where: int, tree: bool = False) -> None:
    text = mutate_tree(SOURCES[name], mutations) if tree else mutate(SOURCES[name], mutations)
    data = encode(text, ending if not tree else "none", where)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        event(check_pack(make_pack(Path(folder), name, data)))  # the share of each shows with --hypothesis-show-statistics
        assert time.perf_counter() - started < CEILING, f"a pack took more than {CEILING:.0f} s"


fuzz_args = dict(
    name=st.sampled_from(sorted(SOURCES)),
    mutations=steps,
    ending=st.sampled_from(ENDINGS) | st.just("none"),
    where=st.integers(0, 10**6),
    tree=st.booleans(),
)
common = dict(database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)


@settings(max_examples=150, derandomize=True, **common)
@given(**fuzz_args)
def test_mutated_packs_load_and_render_or_fail_located(name, mutations, ending, where, tree):
    fuzz_once(name, mutations, ending, where, tree)


@pytest.mark.fuzz
@settings(max_examples=5000, **common)
@given(**fuzz_args)
def test_mutated_packs_5000_examples(name, mutations, ending, where, tree):
    fuzz_once(name, mutations, ending, where, tree)


# --- every input that crashed before issue 8, kept -----------------------------------

Q4 = ANSWERS[3].name  # q4-aws.yaml


def _sub(old: str, new: str):
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def _updated(new: str):
    """Replace the answer's `updated:` line, whatever month it names today."""

    def change(text: str) -> str:
        changed, n = re.subn(r'^updated: "\d{4}-\d{2}"$', new, text, count=1, flags=re.M)
        assert n == 1, "no updated: line"
        return changed

    return change


def _before_glossary(extra: str):
    return _sub("\nglossary:", f"\n{extra}\nglossary:")


TLDR = "tldr: >-\n  "
REGRESSIONS = {  # name: (file, change, what the first problem says, or VALID)
    # a citation whose key is odd passed validate, then export raised KeyError
    "citation-rtl-mark": (Q4, _sub("[@nf-2016-cloud]", "[@nf-2016-cloud\u200f]"), "key_points[1]: a citation is one key"),
    "citation-double-at": (Q4, _sub("[@nf-2016-cloud]", "[@@nf-2016-cloud]"), "key_points[1]: a citation is one key"),
    "citation-in-tldr": (Q4, _sub(TLDR, TLDR + "See [@nowhere]. "), "6:7: tldr: cites [@nowhere], which is not a reference key"),
    "citation-odd-in-tldr": (Q4, _sub(TLDR, TLDR + "See [@x\u200f]. "), "6:7: tldr: a citation is one key"),
    "citation-in-caption": (Q4, _sub("caption: ", "caption: See [@nowhere]. "), "tables[0].caption: cites [@nowhere]"),
    "citation-30kb-line": (Q4, _sub(TLDR, TLDR + "[@" * 15_000 + " "), "6:7: tldr: a citation is one key"),
    # deeply nested YAML: RecursionError
    "deep-flow": (Q4, _before_glossary("deep: " + "[" * 900 + "]" * 900), "invalid YAML: nested more than 64 levels deep"),
    "deep-block": (
        Q4,
        _before_glossary("deep:\n" + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(300))),
        "invalid YAML: nested more than 64 levels deep",
    ),
    # an integer beyond 64 bits: OverflowError writing the cache
    "int-beyond-64-bits": (Q4, _sub("    year: 20", f"    year: {2**64}\n    note: 20"), "numbers[0].year: the number is too large"),
    "int-5000-digits": (Q4, _sub("    year: 20", "    year: " + "9" * 5000 + "\n    note: 20"), "invalid YAML: cannot read this value: Exceeds"),
    # a mapping where text is expected: TypeError (unhashable dict)
    "mapping-as-kind": (Q4, _sub("kind: mcq", "kind: {a: 1}"), "quiz[0].kind: kind is `{'a': 1}`; expected one of"),
    "mapping-as-quiz-id": (Q4, _sub("  - id: q4-01", "  - id: {a: 1}"), "quiz[0].id: expected text, got a mapping"),
    "mapping-as-option": (Q4, _sub("    options:\n      - ", "    options:\n      - {a: 1}\n      - "), "quiz[0].options[0]: expected text"),
    "mapping-as-case-question-id": ("case.yaml", _sub("  - id: q1", "  - id: {a: 1}"), "questions[0].id: expected text, got a mapping"),
    # alias bombs, huge strings, million-item lists: hangs and memory
    "billion-laughs": (Q4, lambda text: BOMB + text, "invalid YAML: the document expands to more than 100000 values"),
    "alias-to-itself": (Q4, _before_glossary("loop: &a [*a]"), "invalid YAML: found undefined alias a"),
    "million-item-list": (Q4, _before_glossary("many: [" + "1," * 1_000_000 + "1]"), "expands to more than 100000 values"),
    "huge-string": (Q4, lambda text: text + "# " + "x" * (6 * 1024 * 1024) + "\n", "q4-aws.yaml: the file is larger than 5 MB"),
    # tags and scalars the safe constructor cannot build
    "python-object-tag": (
        Q4,
        _sub(TLDR, "tldr: !!python/object/apply:os.system [echo]\nx: >-\n  "),
        "6:7: invalid YAML: the tag `!!python/object/apply:os.system` is not allowed here",
    ),
    "impossible-date": (Q4, _updated("updated: 2020-02-30"), "4:10: invalid YAML: cannot read this value: day is out of range"),
    "bad-int-tag": (Q4, _updated("updated: !!int x"), "4:10: invalid YAML: the tag `!!int` is not allowed here"),
    "merge-key": (Q4, _before_glossary("base: &b {a: 1}\nmerged: {<<: *b}"), "invalid YAML: merge keys (<<) are not supported"),
    # an unclosed quote: the parser fails only where the quoted text ends, lines later
    "unclosed-quote": (
        Q4,
        _updated('updated: "2026-12'),
        "14:6: invalid YAML: did not find expected key (the quoted text from line 4, column 10 runs to line 14: is its closing quote missing?)",
    ),
    "unclosed-quote-at-the-end": (
        Q4,
        lambda text: text + 'last: "open\n',
        f"invalid YAML: found unexpected end of stream (the quoted text from line {SOURCES[Q4].count(chr(10)) + 1}, column 7 is never closed)",
    ),
    # a key given twice: YAML keeps the last value silently, and validate said ok
    "key-twice": (Q4, _sub(TLDR, 'tldr: "lost"\n' + TLDR), "7:1: invalid YAML: the key `tldr` is given twice in this mapping (first at line 6)"),
    "key-twice-in-quiz-item": (Q4, _sub("    answer: ", "    answer: b\n    answer: "), "invalid YAML: the key `answer` is given twice in this mapping"),
    "key-twice-in-case": ("case.yaml", _sub("\ntitle: ", "\ntitle: lost\ntitle: "), "invalid YAML: the key `title` is given twice in this mapping"),
    # markup and control characters in content: valid, and rendered literally (item 2)
    "markup-in-key-point": (Q4, _sub('key_points:\n  - "', 'key_points:\n  - "[/i] [link=https://x]y[/link] '), "VALID"),
    "osc52-in-title": (Q4, _sub("title: ", 'title: "\\x1b]52;c;AAAA\\x07" #'), "VALID"),
}


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_inputs_that_crashed_before_are_located_errors_or_render(name):
    file, change, expected = REGRESSIONS[name]
    data = change(SOURCES[file]).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        pack = make_pack(Path(folder), file, data)
        started = time.perf_counter()
        outcome = check_pack(pack)
        assert time.perf_counter() - started < CEILING
        if expected == "VALID":
            assert outcome == "a valid pack, rendered"
        else:
            with pytest.raises(ContentError) as info:
                content.load_case(pack)
            first = str(info.value.problems[0])
            assert expected in first, first


@pytest.mark.parametrize("ending", ["bad-utf8", "bom", "crlf", "nul", "lone-cr"])
def test_encodings_are_located_errors_or_load(ending):
    with tempfile.TemporaryDirectory() as folder:
        check_pack(make_pack(Path(folder), Q4, encode(SOURCES[Q4], ending, 123)))


def test_the_unmutated_pack_renders():
    for name in SOURCES:
        with tempfile.TemporaryDirectory() as folder:
            pack = make_pack(Path(folder), name, SOURCES[name].encode("utf-8"))
            qid = name.split("-")[0] if name != CASE.name else "q4"
            assert content.load_case(pack).question(qid).written
            check_pack(pack)
