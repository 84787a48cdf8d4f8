"""`casestudy export --template FILE`: what a lecturer's own template meets when it goes
wrong. An unknown name is an error wherever it is used, in plain words at the file and
line where it is (an included or imported file's own); `is defined` and `default` still
work. (The sandbox's bounds: tests/render/test_export.py.)"""

from __future__ import annotations

import os

import pytest

from tests.helpers import MINI


def export(run, tpl, *args: str):
    return run("--pack", str(MINI), "export", *args, "--template", str(tpl))


def failing(run, tmp_path, body: str, *args: str) -> tuple[object, str]:
    """Render a template whose second line is `body`; it must fail with nothing on stdout."""
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text(f"# {{{{ guide.title }}}}\n{body}\n")
    result = export(run, tpl, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    return tpl, result.stderr


@pytest.mark.parametrize(
    "body",
    [
        "{{ [guide.nope] }}",
        "{{ (guide.nope, 1) }}",
        '{{ {"a": guide.nope} }}',
        "{{ guide.nope | pprint }}",
        "{{ guide.nope | string }}",
        "{{ guide.nope | tojson }}",
        '{{ guide.nope ~ "x" }}',
        "{% for k, v in guide.nope | items %}{% endfor %}",
        "{% if guide.nope %}yes{% endif %}",
        "{{ guide.nope is none }}",
        "{{ guide.nope is callable }}",
        "{{ 1 is sameas guide.nope }}",
        '{{ "%r" % guide.nope }}',
        '{{ "{!r}".format(guide.nope) }}',
        '{{ "{:>5}".format(guide.nope) }}',
        '{{ "x" | replace(guide.nope, "y") }}',
        "{{ guide.nope in [] }}",
        '{{ guide.nope in "abc" }}',
        "{% macro m(a) %}hi{% endmacro %}{{ m(guide.nope) }}",
        "{% set ns = namespace(a=guide.nope) %}{{ ns.a is defined }}",
    ],
)
def test_an_unknown_attribute_is_an_error_wherever_it_is_used(run, tmp_path, body):
    tpl, stderr = failing(run, tmp_path, body)
    assert stderr.startswith(f"casestudy: error: {tpl}:2: guide has no attribute 'nope'. Fix the template;"), stderr


@pytest.mark.parametrize(
    "body",
    [
        '{{ guide.questions | map(attribute="nope") | list }}',
        '{{ guide.questions | selectattr("nope", "true") | list }}',
        '{{ guide.questions | sort(attribute="nope") | length }}',  # one question: nothing to compare
        '{{ guide.questions | max(attribute="nope") | length }}',
    ],
)
def test_an_unknown_attribute_named_to_a_filter_is_an_error(run, tmp_path, body):
    tpl, stderr = failing(run, tmp_path, body, "q1")
    assert stderr.startswith(f"casestudy: error: {tpl}:2: a question has no attribute 'nope'. Fix the template;"), stderr


def test_defined_and_default_still_accept_an_unknown_attribute(run, tmp_path):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text(
        "{{ guide.nope is defined }} {{ guide.nope is undefined }} {{ guide.nope | default('d') }}"
        " {{ guide.nope | d('e') }} {% if guide.nope is defined %}x{% else %}y{% endif %}"
        ' {{ [guide.nope] | select("defined") | list }}'
        ' {{ guide.questions | selectattr("nope", "defined") | list }}'
        ' {{ guide.questions | map(attribute="nope", default="z") | list }}'
        ' {{ guide.questions | groupby("nope", default="g") | map(attribute="grouper") | list }}\n'
    )
    result = export(run, tpl, "q1")
    assert result.exit_code == 0, result.output
    assert result.stdout == "False True d e y [] [] ['z'] ['g']\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ guide.titel }}", "guide has no attribute 'titel'; did you mean 'title'?"),
        ("{{ guide.questions[0].tldrr }}", "a question has no attribute 'tldrr'; did you mean 'tldr'?"),
        ("{{ guide.source.autor }}", "guide.source has no attribute 'autor'; did you mean 'author'?"),
        ("{{ guide.questions[5] }}", "a list has no element 5 (it has 2)"),
        ('{{ {"a": 1}.b }}', "a mapping has no key 'b'"),
        ("{{ nope }}", "'nope' is undefined"),
        ("{{ namespace().x }}", "the namespace has no attribute 'x'"),
        ("{{ guide.__class__ }}", "'__class__' of guide is a Python internal, which a template may not use (templates run in a sandbox)"),
        ("{{ guide.title.__class__.__mro__ }}", "'__class__' of a text is a Python internal, which a template may not use (templates run in a sandbox)"),
        ("{{ 1 / 0 }}", "division by zero"),
        ('{{ 1 + "a" }}', "a value of the wrong kind: unsupported operand type(s) for +: 'int' and 'str'"),
        ("{{ guide.title | truncate(-1) }}", "a wrong value: expected length >= 3, got -1"),
        ("{{ guide | length }}", "a value of the wrong kind: guide has no len()"),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}",
         "the template calls itself without end (a macro, include or import that never stops)"),
    ],
)
def test_errors_are_in_plain_words(run, tmp_path, body, message):
    tpl, stderr = failing(run, tmp_path, body)
    end = " " if message.endswith("?") else ". "
    assert stderr.startswith(f"casestudy: error: {tpl}:2: {message}{end}Fix the template;"), stderr
    for internal in ("Error", "casestudy.render", "jinja2", "Undefined", "GuideView"):
        assert internal not in stderr


# --- included and imported files ---------------------------------------------------------


def test_an_error_in_an_included_file_names_that_file_and_line(run, tmp_path):
    (tmp_path / "part.j2").write_text("one\n{{ guide.nope }}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.j2").write_text("one\ntwo\n{{ 1 / 0 }}\n")
    tpl = tmp_path / "main.md.j2"
    tpl.write_text("a\n{% include 'part.j2' %}\n")
    assert export(run, tpl).stderr.startswith(f"casestudy: error: {tmp_path / 'part.j2'}:2: guide has no attribute 'nope'.")
    tpl.write_text("a\n{% include 'sub/deep.j2' %}\n")
    assert export(run, tpl).stderr.startswith(f"casestudy: error: {tmp_path / 'sub' / 'deep.j2'}:3: division by zero.")


def test_an_error_in_an_imported_macro_names_its_file_and_line(run, tmp_path):
    (tmp_path / "macros.j2").write_text("{% macro show(q) %}\n{{ q.nope }}\n{% endmacro %}\n")
    tpl = tmp_path / "main.md.j2"
    tpl.write_text("a\n{% import 'macros.j2' as m %}\n{{ m.show(guide.questions[0]) }}\n")
    result = export(run, tpl)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"casestudy: error: {tmp_path / 'macros.j2'}:2: a question has no attribute 'nope'.")


def test_guide_undefined_in_an_imported_template_says_to_import_with_context(run, tmp_path):
    (tmp_path / "macros.j2").write_text("{% macro title() %}\n{{ guide.title }}\n{% endmacro %}\n")
    tpl = tmp_path / "main.md.j2"
    tpl.write_text("{% import 'macros.j2' as m %}{{ m.title() }}\n")
    result = export(run, tpl)
    assert result.stderr.startswith(f"casestudy: error: {tmp_path / 'macros.j2'}:2: 'guide' is undefined. "), result.stderr
    assert "with context" in result.stderr
    tpl.write_text("{% import 'macros.j2' as m with context %}{{ m.title() }}\n")
    assert export(run, tpl).stdout == "A tiny case: study guide\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% include 'missing.j2' %}", "template not found: missing.j2"),
        ("{% include ['a.j2', 'b.j2'] %}", "none of these templates was found: a.j2, b.j2"),
        ("{% extends 'missing.j2' %}", "template not found: missing.j2"),
        ("{% include '../mine.md.j2' %}", "template not found: ../mine.md.j2"),
        ("{% include 'folder' %}", "cannot include folder: {folder} is a folder"),
        ("{% include 'latin.j2' %}", "cannot include latin.j2: {latin}: not UTF-8 text"),
    ],
)
def test_an_include_that_cannot_be_read_names_the_line(run, tmp_path, body, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "latin.j2").write_bytes("caf\xe9\n".encode("latin-1"))
    tpl, stderr = failing(run, tmp_path, body)
    message = message.format(folder=tmp_path / "folder", latin=tmp_path / "latin.j2")
    assert stderr.startswith(f"casestudy: error: {tpl}:2: {message}. "), stderr


def test_an_include_of_itself_names_the_template_line(run, tmp_path):
    tpl, stderr = failing(run, tmp_path, "{% include 'mine.md.j2' %}")
    assert stderr.startswith(f"casestudy: error: {tpl}:2: the template calls itself without end"), stderr


@pytest.mark.skipif(os.name != "posix", reason="symlinks as tested here are POSIX")
def test_a_template_given_through_a_symlink_still_has_its_line(run, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.j2").write_text("one\n{{ guide.nope }}\n")
    link = tmp_path / "mine.md.j2"
    link.symlink_to(real / "main.j2")
    result = export(run, link)
    assert result.stderr.startswith(f"casestudy: error: {link}:2: guide has no attribute 'nope'."), result.stderr


def test_a_byte_order_mark_is_not_written_out(run, tmp_path):
    (tmp_path / "part.j2").write_bytes("\ufeffpart\n".encode())
    tpl = tmp_path / "main.md.j2"
    tpl.write_bytes("\ufeff# {{ guide.title }}\n{% include 'part.j2' %}\n".encode())
    result = export(run, tpl)
    assert result.exit_code == 0, result.output
    assert result.stdout == "# A tiny case: study guide\npart\n"


# --- --out -----------------------------------------------------------------------------------


def test_out_onto_the_template_itself_is_refused_even_with_force(run, tmp_path):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text("# {{ guide.title }}\n")
    for out in (tpl, tmp_path / "." / "mine.md.j2"):
        result = export(run, tpl, "--out", str(out), "--force")
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"casestudy: error: --out {out} is the template itself"), result.stderr
    assert tpl.read_text() == "# {{ guide.title }}\n"


@pytest.mark.parametrize(
    "body",
    ["{% for i in [1] %}" * 30 + "x" + "{% endfor %}" * 30, "{{ " + "(" * 300 + "1" + ")" * 300 + " }}"],
    ids=["blocks", "brackets"],
)
def test_a_template_nested_too_deeply_says_so(run, tmp_path, body):
    tpl, stderr = failing(run, tmp_path, body)
    assert stderr.startswith(
        f"casestudy: error: {tpl}: the template nests too deeply (blocks, brackets or expressions inside one another). "
    ), stderr


def test_a_heading_prints_as_its_text(run, tmp_path):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text("{{ guide.questions[0].heading }}|{{ guide.questions[0].heading.link }}\n")
    result = export(run, tpl)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Q1. Alpha|[Q1. Alpha](#q1-alpha)\n"  # was Heading(text='Q1. Alpha', anchor='q1-alpha')
