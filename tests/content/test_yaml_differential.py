"""The one-pass YAML reader against the exact one: same data, positions and errors.

The exact reader is yamlpos's own fallback (a node tree, PyYAML's constructor, then the
positions walk), run with the one-pass builder turned off. Every YAML file of answers/,
a corpus of tricky documents (good and bad), and generated documents go through both; the
data is compared with its types and with which values are one shared object (aliases)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudy.content import yamlbuild, yamlpos
from casestudy.errors import ContentError
from tests.helpers import ROOT

PACK_FILES = sorted((ROOT / "answers").rglob("*.yaml"))


def shape(value: Any, seen: dict[int, int] | None = None) -> Any:
    """`value` as a tree of (type, value), where a list or mapping met again is a reference."""
    seen = {} if seen is None else seen
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return ("same as", seen[id(value)])
        seen[id(value)] = len(seen)
        if isinstance(value, dict):
            return ("dict", [(shape(k, seen), shape(v, seen)) for k, v in value.items()])
        return ("list", [shape(item, seen) for item in value])
    return (type(value).__name__, repr(value), getattr(value, "tzinfo", None) and repr(value.tzinfo))


def outcome(reader: Any, path: Path, root: Path | None = None) -> Any:
    """What `reader.parse` makes of the file: its data, positions and lines, or its error."""
    try:
        doc = reader.parse(path, path.name, root)
    except ContentError as exc:
        return ("error", str(exc), exc.hint, [repr(p) for p in exc.problems])
    return (
        "doc",
        doc.file,
        shape(doc.data),
        list(doc.values.items()),
        list(doc.keys.items()),
        doc.lines,
    )


class exact:  # a stand-in for a reader module
    """yamlpos.parse with the one-pass builder turned off: every document takes the exact path."""

    @staticmethod
    def parse(path: Path, shown: str, root: Path | None = None) -> yamlpos.Doc:
        def unsure(*args: Any) -> Any:
            raise yamlbuild.Unsure

        built = yamlbuild.build
        yamlbuild.build = unsure  # type: ignore[assignment]
        try:
            return yamlpos.parse(path, shown, root)
        finally:
            yamlbuild.build = built  # type: ignore[assignment]


def same(path: Path, root: Path | None = None) -> Any:
    new = outcome(yamlpos, path, root)
    assert new == outcome(exact, path, root)
    return new


def same_text(text: str | bytes) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return same(path, Path(folder))


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_every_pack_file_reads_the_same(path: Path) -> None:
    assert same(path, path.parent)[0] == "doc"


BOMB = "".join(
    ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9)]
)
GOOD = [
    "",
    "# only a comment\n",
    "---\n...\n",
    "plain text\n",
    "a: 1\nb: 0x1F\nc: 0o17\nd: 017\ne: 1_000\nf: +12\ng: -0b101\nh: 1:30\ni: 190:20:30\n",
    "a: 1.5\nb: 1e3\nc: .inf\nd: -.Inf\ne: .NaN\nf: 6.8523015e+5\ng: 1_000.5\nh: 190:20:30.15\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: False\ng: y\nh: n\n",
    "a: null\nb: ~\nc:\nd: Null\n",
    "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 2002-12-14T01:02:03Z\n",
    "a: '1'\nb: \"yes\"\nc: !!str 12\nd: ! 12\ne: \"a\\nb\"\n",
    "1: one\n2.5: two\ntrue: three\n~: four\n2001-01-01: five\n",
    "1: a\ntrue: b\n1.0: c\n",
    "base: &b {x: 1, y: [1, 2]}\nuse: *b\nmore: [*b, *b]\n",
    "s: &s text\nt: *s\n*s : key via alias\n",
    "&k key: v\nother: *k\nlist: &l [&m {a: &n b}, *n]\nm: *m\nboth: [*l, *l]\n",
    "a: &x !!str 1\nb: *x\nc: &y 0x10\nd: [*y, *y]\ne: &z 2001-12-14\nf: *z\n",
    "list: &l\n  - a\n  - &inner {k: v}\n  - *inner\nagain: *l\nagain2: {nested: *l}\n",
    "a: &a 1\na2: &a 2\nb: *a\n",
    "outer: &o\n  inner: &i [1, 2]\n  again: *i\nx: *o\ny: *i\n",
    "text: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nkeep: |+\n  kept\n\n",
    "? complex key\n: value\n",
    "- - - deep\n    - list\n  - x\n- {a: [b, {c: d}]}\n",
    "=: equals key\n",
    "key: value # comment\n'quoted key': 1\n\"dq\": 2\n",
    "\ufeffa: bom\n",
    "[1, 2, 3]\n",
    "!!map {a: 1}\n",
    "!!seq [a]\n",
    "! {a: 1}\n",
    "a: 0b1_0\nb: -0x_1\nc: 0\nd: -0\ne: +0.0\nf: .5\ng: 1.\n",
    "a: 12:30:00\nb: -1:30\n",
    BOMB.split("lol4")[0],
    "[" * 64 + "]" * 64,
    "x: " + "y" * 10 + "\n" + "z: " + "\n",
    "a:\n- b\n c\n",
    "k: &e =\n? *e\n: v\nw: *e\n",
]
BAD = [
    BOMB,
    "[" * 65 + "]" * 65,
    "a: &a " + "[" * 60 + "]" * 60 + "\nb: " + "[" * 5 + "*a" + "]" * 5 + "\n",
    "a: *nowhere\n",
    "a: &a [*a]\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !custom x\n",
    "a: !!python/object:os.system x\n",
    "!!omap [a: 1]\n",
    "<<: {a: 1}\n",
    "a: <<\n",
    "a: [1, <<]\n",
    "a: 2019-02-30\n",
    "a: 2019-13-01\nb: !!int x\n",
    "a: " + "9" * 5000 + "\n",
    "a: !!int x\n",
    "a: !!float abc\n",
    "a: !!bool maybe\n",
    "a: !!timestamp nope\n",
    "a: !!null x\n",
    "a: =\n",
    "? [a]\n: b\n",
    "? {a: 1}\n: b\n",
    "l: &l [1]\n? *l\n: b\n",
    "a: !!str {b: 1}\n",
    "a: !!map [1]\n",
    "a: !!seq {b: 1}\n",
    "a: !!map x\n",
    "a: !!seq x\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n--- [\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a: 'unclosed\n",
    "a: 1\n\tb: 2\n",
    "a: \x07bell\n",
    "a: x\x00y\n",
    "a: \u2028x\n",
    "a: \ufffe\n",
    "a: 2019-02-30\nb: *nowhere\n",
    "a: [2019-02-30, !!int x]\nb: {c: 2019-02-31}\nd: [[], 2019-13-01]\n",
    "a: {c: 2019-02-31}\nb: !!map x\n",
    "a: [x, 2019-02-30]\nb: =\n",
    # a key given twice (YAML would keep the last value silently), also through an
    # alias, in a flow mapping, with another spelling of the same number, and before a
    # document the exact path must read
    "a: 1\na: 2\nb: {x: 1}\nb: [2]\n",
    "k: &k a\nm:\n  a: 1\n  *k : 2\n",
    "m: {a: 1, b: 2, a: 3}\n",
    "1: one\n01: two\n",
    "a: 1\na: 2\nb: !!int x\n",
    "? [l]\n: 1\nx: 1\nx: 2\n",
]
BAD_BYTES = [
    b"a: \xff\xfe\n",
    b"ok: 1\nb: caf\xc3\n",
    b"\xef\xbb\xbfa: \xc3\x28\n",
]


@pytest.mark.parametrize("text", GOOD)
def test_tricky_documents_read_the_same(text: str) -> None:
    assert same_text(text)[0] == "doc"


@pytest.mark.parametrize("text", BAD)
def test_refused_documents_fail_the_same(text: str) -> None:
    assert same_text(text)[0] == "error"


@pytest.mark.parametrize("raw", BAD_BYTES)
def test_invalid_utf8_fails_the_same(raw: bytes) -> None:
    assert same_text(raw)[0] == "error"


def test_limits_fail_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlpos, "MAX_VALUES", 50)
    monkeypatch.setattr(yamlpos, "MAX_CHARS", 300)
    monkeypatch.setattr(yamlpos, "MAX_DEPTH", 5)
    values = "l: &l [" + ", ".join(["x"] * 20) + "]\nm: [*l, *l, *l]\n"
    chars = "a: &a " + "c" * 200 + "\nb: *a\n"
    depth = "a: &a [[[1]]]\nb: [[*a]]\n"
    fits = "a: &a [[1]]\nb: [*a]\n"
    assert [same_text(t)[0] for t in (values, chars, depth, fits)] == ["error", "error", "error", "doc"]
    assert "50 values" in same_text(values)[1]
    assert "300 characters" in same_text(chars)[1]


def test_special_files_fail_the_same(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "folder.yaml").mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text("a: 1\n")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "link.yaml").symlink_to(outside)
    assert same(tmp_path / "fifo.yaml", tmp_path)[0] == "error"
    assert same(tmp_path / "folder.yaml", tmp_path)[0] == "error"
    assert same(tmp_path / "missing.yaml", tmp_path)[0] == "error"
    assert same(pack / "link.yaml", pack)[0] == "error"
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"a: 1\n" + b"#" * yamlpos.MAX_FILE_BYTES)
    assert same(huge, tmp_path)[0] == "error"


# --- generated documents ----------------------------------------------------------------

PLAIN = [
    "1", "-7", "0x1F", "0o17", "017", "1_000", "+12", "0b101", "1:30", "1.5", "1e3", "-1.5e-3", ".inf",
    "-.Inf", ".NaN", "yes", "No", "on", "OFF", "true", "FALSE", "null", "~", "Null", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "2002-12-14 01:02:03", "2019-02-30", "9" * 25, "hello", "a b",
    "The end", "Off to go", "n", "y", "=", "<<", "-", ".", "0.", "12:30:00", "Tuesday", "x" * 40,
]
QUOTED = ["'1'", '"yes"', "'a: b'", '"tab\\there"', "''", '"\\u00e9"', "'it''s'"]
ALLOWED_TAGS = ["!!str 1", "! 12", "!!str yes"]
REFUSED_TAGS = ["!!int 3", "!!float 1", "!!bool yes", "!!null ''", "!!int x", "!!binary eA==", "!x y"]
NAMES = ["a", "b", "c"]

# one scalar in seven has a tag the reader refuses: most documents load, some do not
scalars = st.tuples(st.integers(0, 6), st.sampled_from(PLAIN + QUOTED + ALLOWED_TAGS), st.sampled_from(REFUSED_TAGS)).map(
    lambda t: t[2] if t[0] == 0 else t[1]
)
keys = st.one_of(st.sampled_from(["id", "kind", "x", "y", "id"]), st.sampled_from(PLAIN[:30]), st.sampled_from(QUOTED))
aliases = st.tuples(st.just("alias"), st.sampled_from(NAMES))


def _nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    flow = st.booleans()
    plain = children.filter(lambda node: not (isinstance(node, tuple) and node[0] in ("alias", "anchor")))
    return st.one_of(
        st.tuples(st.just("seq"), st.lists(children, max_size=4), flow),
        st.tuples(st.just("map"), st.lists(st.tuples(st.one_of(keys, keys, aliases), children), max_size=4), flow),
        st.tuples(st.just("anchor"), st.sampled_from(NAMES), plain),
    )


nodes = st.recursive(st.one_of(scalars, scalars, aliases, st.just(("block", "two\nlines"))), _nodes, max_leaves=25)


def _is_block(node: Any) -> bool:
    if node[0] == "anchor":
        return _is_block(node[2])
    return node[0] == "block" or (node[0] in ("seq", "map") and not node[2] and bool(node[1]))


def render(node: Any, defined: set[str], indent: int = 0, flow: bool = False) -> str:
    """A generated node as YAML: block collections on lines of their own, flow ones inline.
    An alias to an anchor not yet complete is written as plain text, so most documents load."""
    pad = " " * indent
    if isinstance(node, str):
        return node
    kind = node[0]
    if kind == "alias":
        return f"*{node[1]}" if node[1] in defined else node[1]
    if kind == "block":
        return "''" if flow else "|\n" + "".join(f"{pad}  {line}\n" for line in node[1].split("\n"))
    if kind == "anchor":
        inner = node[2]
        if not flow and not isinstance(inner, str) and inner[0] in ("seq", "map") and _is_block(inner):
            text = f"&{node[1]}\n" + render(inner, defined, indent)
        else:
            text = f"&{node[1]} " + render(inner, defined, indent, flow)
        defined.add(node[1])
        return text
    items = node[1]
    if flow or node[2] or not items:
        if kind == "seq":
            return "[" + ", ".join(render(i, defined, flow=True) for i in items) + "]"
        return "{" + ", ".join(f"{render(k, defined, flow=True)} : {render(v, defined, flow=True)}" for k, v in items) + "}"
    lines = []
    for item in items:
        head = f"{pad}-" if kind == "seq" else f"{pad}{render(item[0], defined, flow=True)} :"
        value = item[1] if kind == "map" else item
        if not isinstance(value, str) and value[0] in ("seq", "map") and _is_block(value):
            lines.append(f"{head}\n{render(value, defined, indent + 2)}")
        else:
            text = render(value, defined, indent + 2)
            lines.append(f"{head} {text}" if text.endswith("\n") else f"{head} {text}\n")
    return "".join(lines)


# Hypothesis describes the recursive `nodes` strategy in a 32 kB repr and warns that it is
# large: its own bookkeeping, not a problem of the test.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nodes)
def test_generated_documents_read_the_same(node: Any) -> None:
    text = render(node, set())
    same_text(text if text.endswith("\n") else text + "\n")


def test_the_pure_python_loader_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, PyYAML's own parser gives the events: every corpus document still agrees."""
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader")
    outcomes = [same_text(text)[0] for text in GOOD + BAD]
    assert outcomes == ["doc"] * len(GOOD) + ["error"] * len(BAD)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # as above
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(nodes, min_size=3, max_size=3), nodes)
def test_generated_documents_with_anchors_first_read_the_same(anchored: list[Any], node: Any) -> None:
    """Anchors a, b and c defined up front, so the generated body's aliases all refer to one."""
    values = [value[2] if value[0] == "anchor" else value for value in anchored]  # `&a &b x` is no YAML
    values = ["text" if value[0] in ("alias", "anchor") else value for value in values]
    defs = ("seq", [("anchor", name, value) for name, value in zip(NAMES, values)], True)
    same_text(render(("map", [("defs", defs), ("body", node)], False), set()))
