"""`casestudy export`: the study guide as Markdown (or JSON), its anchors, lint and files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from casestudy import __version__
from casestudy.content import load_case
from casestudy.render_json import load_export
from casestudy.render_markdown import render_guide
from tests.conftest import MINI, ROOT

GOLDEN = ROOT / "tests" / "golden"
MARKDOWNLINT = ROOT / "node_modules" / ".bin" / "markdownlint"
needs_markdownlint = pytest.mark.skipif(
    not MARKDOWNLINT.is_file(),
    reason="markdownlint-cli is not installed: run `npm install --no-save markdownlint-cli@0.50.0` in the repository root",
)


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; CASESTUDY_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("CASESTUDY_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def markdownlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARKDOWNLINT), "--config", str(ROOT / ".markdownlint.json"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- an independent reading of the Markdown, as GitHub would see it ----------------------


def github_slug(text: str) -> str:
    """github-slugger: lower-case, keep letters/marks/numbers/`_`/`-`/space, spaces → `-`."""
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


class Parsed:
    """Headings (with their GitHub anchors), links, tables, fences and HTML anchors."""

    def __init__(self, text: str) -> None:
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        self.headings: list[tuple[int, str]] = []
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.fences: list[tuple[str, str]] = []
        self.tables = 0
        seen: dict[str, int] = {}
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                inline = tokens[i + 1]
                plain = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
                base = github_slug(plain)
                anchor, n = base, seen.get(base, 0)
                while anchor in self.anchors:
                    n += 1
                    anchor = f"{base}-{n}"
                seen[base] = n
                self.anchors.add(anchor)
                self.headings.append((int(tok.tag[1]), plain))
            elif tok.type == "fence":
                self.fences.append((tok.info.strip(), tok.content))
            elif tok.type == "table_open":
                self.tables += 1
            elif tok.type == "inline":
                for child in tok.children or []:
                    if child.type == "link_open":
                        self.links.append(str(child.attrs["href"]))
                    elif child.type == "html_inline" and (m := re.match(r"<a id=\"([^\"]+)\">", child.content)):
                        assert m.group(1) not in self.anchors, f"anchor {m.group(1)} is defined twice"
                        self.anchors.add(m.group(1))

    def unresolved(self) -> list[str]:
        return [link for link in self.links if link.startswith("#") and link[1:] not in self.anchors]


def check_guide(text: str, case) -> Parsed:
    """Every written question, table, diagram and reference is there; every anchor resolves."""
    doc = Parsed(text)
    titles = [t for level, t in doc.headings if level == 2]
    assert titles[:2] == ["Contents", "Overview"]
    assert titles[2:] == [f"{q.id.upper()}. {q.title}" for q in case.questions]
    assert doc.unresolved() == []
    written = [q for q in case.questions if q.written]
    assert doc.tables == sum(len(q.answer.tables) + bool(q.answer.numbers) for q in written)
    mermaid = [body for info, body in doc.fences if info == "mermaid"]
    assert mermaid == [d.mermaid.rstrip() + "\n" for q in written for d in q.answer.diagrams]
    for q in written:
        assert f"[{q.id.upper()}. {q.title}](#{github_slug(q.id.upper() + '. ' + q.title)})" in text
        for n, ref in enumerate(q.answer.references, 1):
            assert f"{q.id}-ref-{n}" in doc.anchors
            assert f"<{ref.url}>" in text
        cited = {key for s in q.answer.sections for key in re.findall(r"\[@([^\]\s]+)\]", s.body)}
        for key in cited:
            n = [r.key for r in q.answer.references].index(key) + 1
            assert f"[[{n}]](#{q.id}-ref-{n})" in text
    for q in case.questions:
        if not q.written:
            assert f"[{q.id.upper()}. {q.title}](#{github_slug(q.id.upper() + '. ' + q.title)}) (not written yet)" in text
    assert "[@" not in text
    return doc


# --- golden file and the stamp --------------------------------------------------------------


def test_one_question_matches_golden_file():
    case = load_case(MINI)
    golden("export-mini-q1.md", render_guide(case, [case.question("q1")], version="0.0.0-test"))


def test_export_names_tool_and_content_version(run):
    result = run("--pack", str(MINI), "export", "alpha")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# A tiny case: study guide\n\n> **Study guide, not a submission.**")
    assert f"generated by casestudy {__version__} from content version test." in result.stdout
    case = load_case(MINI)
    assert result.stdout == render_guide(case, [case.question("q1")])


def test_questions_resolve_like_show(run):
    outputs = {run("--pack", str(MINI), "export", ref).stdout for ref in ("q1", "Q1", "1", "alpha", "first")}
    assert len(outputs) == 1


def test_unknown_question_is_an_error(run):
    result = run("--pack", str(MINI), "export", "alpah")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("casestudy: error: no question 'alpah'. Did you mean alpha?")


def test_naming_an_unwritten_question_is_an_error(run):
    result = run("--pack", str(MINI), "export", "q2")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("casestudy: error: q2 (Beta) has not been written yet.")


# --- the whole guide, read back -------------------------------------------------------------


def test_whole_mini_guide_has_everything_and_anchors_resolve(run):
    result = run("--pack", str(MINI), "export")
    assert result.exit_code == 0, result.output
    doc = check_guide(result.stdout, load_case(MINI))
    assert doc.tables == 2 and len(doc.fences) == 1
    assert "This answer has not been written yet" in result.stdout


def test_whole_bundled_guide_has_every_written_answer(run):
    case = load_case()  # whichever answers exist right now
    result = run("export")
    assert result.exit_code == 0, result.output
    check_guide(result.stdout, case)


def test_citations_link_to_their_reference_and_anchors_are_unique(mini_pack):
    first = (mini_pack / "q1-alpha.yaml").read_text()
    second = first.replace("id: q1\n", "id: q2\n", 1).replace("  - id: q2\n    why", "  - id: q1\n    why")
    (mini_pack / "q2-beta.yaml").write_text(second.replace("t-0", "u-0"))
    case = load_case(mini_pack)
    text = render_guide(case, case.questions)
    doc = check_guide(text, case)
    assert {"q1-ref-1", "q1-ref-2", "q2-ref-1", "q2-ref-2"} <= doc.anchors
    assert "Alpha names the first of a series [[2]](#q2-ref-2)." in text
    assert "[Q2. Beta](#q2-beta): Beta follows alpha." in text
    assert "[Q1. Alpha](#q1-alpha): Beta follows alpha." in text


@needs_markdownlint
@pytest.mark.slow
@pytest.mark.parametrize("pack", ["mini", "bundled"])
def test_guide_passes_markdownlint(run, tmp_path, pack):
    args = ["--pack", str(MINI)] if pack == "mini" else []
    out = tmp_path / "guide.md"
    result = run(*args, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    lint = markdownlint(out)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_markdownlint_config_disables_only_line_length():
    from casestudy.lint import RULES

    config = json.loads((ROOT / ".markdownlint.json").read_text())
    assert config == RULES
    assert [rule for rule, value in config.items() if value is False] == ["MD013"]
    assert config["default"] is True
    assert config["MD033"] == {"allowed_elements": ["a"]}  # the references' <a id> anchors only


# --- files ------------------------------------------------------------------------------------


def test_out_writes_the_file_and_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "guide.md"
    first = run("--pack", str(MINI), "export", "--out", str(out))
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    assert first.stderr == f"casestudy: wrote {out}\n"
    assert out.read_text().startswith("# A tiny case: study guide\n")

    out.write_text("my notes\n")
    again = run("--pack", str(MINI), "export", "--out", str(out))
    assert again.exit_code == 1, again.output
    assert again.stderr == (
        f"casestudy: error: {out} already exists; not overwriting it. "
        "Pass --force to replace it, or choose another --out FILE.\n"
    )
    assert out.read_text() == "my notes\n"

    forced = run("--pack", str(MINI), "export", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("# A tiny case: study guide\n")
    assert list(tmp_path.glob(".guide.md.*")) == []  # no temporary file left behind


def test_write_atomic_leaves_no_temporary_file_and_keeps_mode(tmp_path):
    from casestudy.errors import OutputExists
    from casestudy.fileio import write_atomic

    target = write_atomic(tmp_path / "a.md", "one\n")
    assert target.read_text() == "one\n"
    with pytest.raises(OutputExists):
        write_atomic(tmp_path / "a.md", "two\n")
    write_atomic(tmp_path / "a.md", "two\n", force=True)
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_out_into_a_missing_folder_is_a_clear_error(run, tmp_path):
    out = tmp_path / "nope" / "guide.md"
    result = run("--pack", str(MINI), "export", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"casestudy: error: cannot write {out}: the folder {out.parent} does not exist. "
        "Create the folder first, or choose another --out FILE.\n"
    )


# --- JSON -------------------------------------------------------------------------------------


def test_json_round_trips_with_documented_keys(run):
    result = run("--pack", str(MINI), "export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["format", "generator", "content_version", "case", "questions"]
    assert data["format"] == "casestudy-export/1"
    assert data["generator"] == f"casestudy {__version__}"
    assert data["content_version"] == "test"
    assert list(data["case"]) == ["id", "title", "course", "source", "overview", "version", "questions", "variants"]
    assert [q["id"] for q in data["questions"]] == ["q1", "q2"]
    assert list(data["questions"][0]) == ["id", "written", "outline", "answer"]
    assert data["questions"][1]["answer"] is None
    answer = data["questions"][0]["answer"]
    assert list(answer) == [
        "id", "tldr", "key_points", "sections", "tables", "diagrams", "numbers", "misconceptions",
        "references", "related", "glossary", "quiz", "updated",
    ]
    assert [item["kind"] for item in answer["quiz"]] == ["mcq", "tf", "flashcard", "short"]
    case = load_case(MINI)
    back = load_export(result.stdout)
    assert back.case == case.meta
    assert [q.answer for q in back.questions] == [q.answer for q in case.questions]


def test_json_of_named_questions(run):
    result = run("--pack", str(MINI), "export", "q1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [q["id"] for q in json.loads(result.stdout)["questions"]] == ["q1"]


def test_template_and_json_do_not_mix(run, tmp_path):
    tpl = tmp_path / "t.j2"
    tpl.write_text("x")
    result = run("--pack", str(MINI), "export", "--format", "json", "--template", str(tpl))
    assert result.exit_code == 2, result.output
    assert "only works with --format md" in result.stderr


# --- the user's own template ------------------------------------------------------------------


def test_own_template_renders_in_the_sandbox(run, tmp_path):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text(
        "# {{ guide.title }}\n\n"
        "{% for q in guide.questions %}\n"
        "- {{ q.heading.link }}: {{ q.tldr if q.written else 'not written' }}\n"
        "{% endfor %}\n"
    )
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# A tiny case: study guide\n\n"
        "- [Q1. Alpha](#q1-alpha): Alpha is the first letter.\n"
        "- [Q2. Beta](#q2-beta): not written\n"
    )


def test_broken_template_syntax_names_file_and_line(run, tmp_path):
    tpl = tmp_path / "broken.md.j2"
    tpl.write_text("# {{ guide.title }}\n\n{% for q in guide.questions %}\n- {{ q.title }\n{% endfor %}\n")
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"casestudy: error: {tpl}:4: template syntax error: unexpected '}}'")
    assert "README.md (Study guide and submission)" in result.stderr


def test_undefined_variable_in_template_names_file_and_line(run, tmp_path):
    tpl = tmp_path / "undefined.md.j2"
    tpl.write_text("# {{ guide.title }}\n\n{{ guide.nonsense }}\n")
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"casestudy: error: {tpl}:3: 'casestudy.render_markdown.GuideView object' has no attribute 'nonsense'")


def test_sandbox_refuses_unsafe_template(run, tmp_path):
    tpl = tmp_path / "unsafe.md.j2"
    tpl.write_text("line one\n{{ guide.__class__.__init__.__globals__ }}\n")
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"casestudy: error: {tpl}:2: access to attribute '__init__' of 'StrictUndefined' object is unsafe. Fix the template;"
    )


def _bounded(run, tmp_path, body: str, *, budget: float = 1.0):
    """Render a template whose second line is `body`; it must fail within `budget` seconds."""
    tpl = tmp_path / "bomb.md.j2"
    tpl.write_text(f"# {{{{ guide.title }}}}\n{body}\nend\n")
    started = time.monotonic()
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert elapsed < budget, elapsed
    return tpl, result.stderr


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{{ "x" * 2000000000 }}', "'*' would make 2,000,000,000 characters or items; a template may make at most 1,000,000"),
        ("{{ [0] * 2000000000 }}", "'*' would make 2,000,000,000 characters or items; a template may make at most 1,000,000"),
        ('{{ 2000000000 * "x" }}', "'*' would make 2,000,000,000 characters or items; a template may make at most 1,000,000"),
        ('{{ ("x" * 900000) + ("y" * 900000) }}', "'+' would make 1,800,000 characters or items; a template may make at most 1,000,000"),
        ("{{ 10 ** 100000000 }}", "'**' would make a number too large for a template"),
        ('{{ "%02000000000d" % 1 }}', "'%' would make a text too large for a template"),
        ('{{ "x" | center(2000000000) }}', "center() would make a text too large for a template"),
        ('{{ "{:>2000000000}".format(1) }}', "format() would make a text too large for a template"),
        ('{{ ("x" * 900000) ~ ("y" * 900000) }}', "'~' would make 1,800,000 characters; a template may make at most 1,000,000"),
        ("{% for a in range(100000) %}{% endfor %}", "range() of 100,000 numbers; a template may use at most 10,000"),
        ('{{ ("{0:>999999}" * 90000).format(1) }}', "format() would make a text too large for a template"),
        ('{{ ("%999999s" * 90000) % ((1,) * 90000) }}', "'%' would make a text too large for a template"),
        ('{{ ("\t" * 999999).expandtabs(999999) }}', "expandtabs() would make a text too large for a template"),
        ("{{ lipsum(2000000000) }}", "lipsum() of 2,000,000,000 paragraphs; a template may ask for at most 100"),
        ("{{ [1] | batch(2000000000, 0) | list }}", "batch() would make a text too large for a template"),
        ('{{ {"a": [1]} | tojson(2000000000) }}', "tojson() would make a text too large for a template"),
    ],
    ids=[
        "str-times", "list-times", "times-str", "plus", "power", "percent", "center", "format", "tilde", "range",
        "format-many", "percent-many", "expandtabs", "lipsum", "batch", "tojson",
    ],
)
def test_template_memory_bombs_fail_fast_at_their_line(run, tmp_path, body, reason):
    tpl, stderr = _bounded(run, tmp_path, body)
    assert stderr.startswith(f"casestudy: error: {tpl}:2: {reason}."), stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory backstop uses RLIMIT_AS, enforced on Linux")
def test_template_memory_backstop_catches_what_no_rule_names(run, tmp_path):
    body = '{{ ("x" * 999999).translate({120: "y" * 999999}) }}'
    tpl, stderr = _bounded(run, tmp_path, body, budget=3.0)
    assert stderr.startswith(f"casestudy: error: {tpl}:2: the template needs more memory than a template may use (1 GB)."), stderr


def test_template_output_is_capped(run, tmp_path):
    body = '{% for i in range(10000) %}{{ "x" * 900000 }}{% endfor %}'
    tpl, stderr = _bounded(run, tmp_path, body, budget=3.0)
    assert stderr.startswith(f"casestudy: error: {tpl}:2: the output would pass 20 MB, the most a template may write."), stderr


def test_template_rendering_has_a_time_budget(run, tmp_path, monkeypatch):
    import casestudy.template_sandbox as sandbox

    monkeypatch.setattr(sandbox, "TEMPLATE_SECONDS", 0.3)
    body = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
    tpl, stderr = _bounded(run, tmp_path, body, budget=2.0)
    assert stderr.startswith(f"casestudy: error: {tpl}:2: rendering took longer than 0.3 seconds, the time a template may take."), stderr


@pytest.mark.skipif(os.name != "posix", reason="symlinks as tested here are POSIX")
def test_template_include_through_a_symlink_out_of_its_folder_is_refused(run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "part.j2").symlink_to(outside / "secret.txt")
    (folder / "inside.j2").write_text("fine\n")
    tpl = folder / "main.md.j2"
    tpl.write_text("{% include 'inside.j2' %}\n{% include 'part.j2' %}\n")
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 1, result.output
    assert "SECRET" not in result.stdout + result.stderr
    assert result.stderr.startswith(
        f"casestudy: error: {tpl}:2: the template part.j2 leads outside the template's folder {folder}; a template may only include files in its folder."
    ), result.stderr


def test_template_include_inside_its_folder_still_works(run, tmp_path):
    (tmp_path / "part.j2").write_text("included {{ guide.title }}\n")
    tpl = tmp_path / "main.md.j2"
    tpl.write_text("{% include 'part.j2' %}\n")
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 0, result.output
    assert result.stdout == "included A tiny case: study guide\n"


def test_missing_template_is_a_clear_error(run, tmp_path):
    result = run("--pack", str(MINI), "export", "--template", str(tmp_path / "none.j2"))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"casestudy: error: template not found: {tmp_path / 'none.j2'}")


# --- architecture -----------------------------------------------------------------------------


def test_show_does_not_import_jinja2():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from casestudy.cli import app\n"
        f"r = CliRunner().invoke(app, ['--pack', {str(MINI)!r}, 'show', 'q1'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'jinja2'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_readme_documents_every_option_and_json_key():
    import typer.main

    from casestudy.cli import app

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Study guide and submission"):]
    group = typer.main.get_command(app)
    commands = {
        "export": group.commands["export"],
        "submission new": group.commands["submission"].commands["new"],
        "submission check": group.commands["submission"].commands["check"],
    }
    for name, command in commands.items():
        assert f"`casestudy {name}" in section, name
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                assert any(opt in section for opt in param.opts if opt.startswith("--")), (name, param.opts)
    for key in ("format", "generator", "content_version", "case", "questions", "written", "outline", "answer"):
        assert f"`{key}`" in section, key


def test_bare_addresses_in_notes_become_links():
    from casestudy.render_markdown import autolink

    assert autolink("recording at https://example.org/v?id=1 (not read).") == "recording at <https://example.org/v?id=1> (not read)."
    assert autolink("already <https://example.org/a> and [x](https://example.org/b)") == (
        "already <https://example.org/a> and [x](https://example.org/b)"
    )
