"""Content and student text are shown as text, never obeyed (issue 8, items 2 and 11).

Rich markup (`[/i]`, `[link=…]`, `[bold red]`) in a pack or an answer is printed literally;
terminal control characters (ESC, OSC 52, CSI, BEL, C1) are shown escaped, as `\\x1b`,
and never reach the terminal; raw HTML and `javascript:` links in content do not go live
into the exported guide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

OSC52 = "\x1b]52;c;aGk=\x07"
CSI = "\x1b[31m"
RLO = "\u202eexe.txt"  # a right-to-left override: shown as stored, the line would read "txt.exe"
BIDI = "\u202e"  # a right-to-left override alone (short: a drawing's line must still fit)
MARKUP = ("[/i]", "[link=https://x]y[/link]", "[bold red]x[/bold red]")
PAYLOAD = " " + " ".join(MARKUP) + f" {OSC52} {CSI}red{BIDI}"
DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Fields that are identifiers, references or numbers, not text a reader sees as prose.
# (A variant's `questions` is a list of ids; the case's is a list of outlines, all text.)
NOT_TEXT = {"id", "slug", "section", "ref", "key", "url", "kind", "version", "name", "aliases", "tags"}


def _poison(node):
    if isinstance(node, dict):
        return {k: v if k in NOT_TEXT or (k == "questions" and isinstance(v[0], str)) else _poison(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v) for v in node]
    if isinstance(node, str):
        return node + PAYLOAD
    return node


@pytest.fixture
def hostile_pack(mini_pack: Path) -> Path:
    """The mini pack with markup and control sequences appended to every text field
    (an mcq's answer and options alike, so the answer still names an option)."""
    for file in sorted(mini_pack.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        file.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mini_pack


def test_visible_escapes_every_control_character_but_newline_and_tab():
    from casestudy.text.safe import visible

    assert visible(OSC52) == "\\x1b]52;c;aGk=\\x07"
    assert visible(CSI) == "\\x1b[31m"
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x00\x08\x0b\x0c\r\x7f\x80\x9b\x9f") == "\\x00\\x08\\x0b\\x0c\\x0d\\x7f\\x80\\x9b\\x9f"
    assert visible("é · ✓ [/i]") == "é · ✓ [/i]"


def test_visible_escapes_the_direction_controls_and_keeps_marks_and_joiners():
    from casestudy.text.safe import visible

    assert visible(DIRECTION) == "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"
    assert visible(RLO) == "\\u202eexe.txt"
    kept = "שלום\u200f · مرحبا\u061c · a\u200eb · می\u200cخواهم · 👩\u200d💻 · \u2060\ufeff"
    assert visible(kept) == kept


def _assert_literal(out: str, *, shown: bool = True) -> None:
    if shown:
        for text in MARKUP:
            assert text in out, f"{text!r} is not shown literally"
    assert "\x1b]52" not in out and CSI not in out and "\x07" not in out and "\x9b" not in out
    assert not set(DIRECTION) & set(out), "a direction control reached the output"
    assert out.count("\x1b]") == out.count("\x1b]8;"), "only our own OSC 8 links may appear"
    if shown:
        assert "\\x1b]52;c;aGk=\\x07" in out and "\\x1b[31m" in out
        assert "\\u202e" in out


COMMANDS = {
    "show": ("show", "q1"),
    "show-brief": ("show", "q1", "--brief"),
    "show-all": ("show", "all"),
    "list": ("list",),
    "export": ("export",),
    "skeleton": ("submission", "new"),
}


@pytest.mark.parametrize("color", ["always", "never"])
@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_content_is_printed_literally(run, hostile_pack, monkeypatch, command, color):
    monkeypatch.setenv("COLUMNS", "400")  # long lines: each marker stays on one line
    result = run("--pack", str(hostile_pack), "--color", color, *COMMANDS[command])
    assert result.exit_code == 0, result.output
    _assert_literal(result.stdout)
    if color == "never" or command in ("export", "skeleton"):
        assert "\x1b" not in result.stdout


def test_hostile_content_stays_data_in_json(run, hostile_pack):
    result = run("--pack", str(hostile_pack), "export", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout  # JSON escapes it …
    data = json.loads(result.stdout)
    assert data["questions"][0]["answer"]["tldr"].endswith(PAYLOAD)  # … and keeps it as data


ANSWERS = {"mcq": "?\na\n", "tf": "?\nt\n", "flashcard": "?\n3\n", "short": f"?\n[/oops] {OSC52} {CSI}\n"}


@pytest.mark.parametrize("color", ["always", "never"])
@pytest.mark.parametrize("kind", ANSWERS)
def test_hostile_content_and_answers_in_a_quiz_and_stats(run, hostile_pack, monkeypatch, kind, color):
    monkeypatch.setenv("COLUMNS", "400")
    pack = ("--pack", str(hostile_pack), "--color", color)
    result = run(*pack, "quiz", "--kind", kind, "--n", "1", "--seed", "1", input=ANSWERS[kind])
    assert result.exit_code == 0, result.output
    _assert_literal(result.stdout)
    if kind == "short":
        assert "[/oops]" in result.stdout
    if kind != "flashcard":  # an exam has no flashcards: you grade those yourself
        exam = run(*pack, "quiz", "--exam", "--kind", kind, "--n", "1", "--seed", "1", input=ANSWERS[kind][2:])
        assert exam.exit_code == 0, exam.output
        assert "Exam score: " in exam.stdout and "Answer: " in exam.stdout
        _assert_literal(exam.stdout)
    stats = run(*pack, "stats")
    assert stats.exit_code == 0, stats.output
    _assert_literal(stats.stdout, shown=False)  # titles are cut to fit
    assert "Alpha [/i]" in stats.stdout


def test_hostile_content_reaches_no_terminal_through_validate(run, hostile_pack):
    result = run("--pack", str(hostile_pack), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


# --- item 11: `[/]` as a short answer on the bundled pack ---------------------------------


def test_a_short_answer_of_closing_markup_is_kept_and_shown(run):
    result = run("quiz", "--kind", "short", "--n", "1", "--seed", "3", input="[/]\n")
    assert result.exit_code == 0, result.output
    assert "Your answer (? hint, s skip, q quit): [/]" in result.stdout
    assert re.search(r"^✗ 1\. q4-\d+ ", result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"^\s+You: \[/\]$", result.stdout, re.MULTILINE), result.stdout
    stats = run("stats")
    assert stats.exit_code == 0, stats.output
    assert re.search(r"^Answered\s+1 \(0 right", stats.stdout, re.MULTILINE)
    listed = run("list")
    assert listed.exit_code == 0, listed.output
    assert "Case Study 2: Netflix System Design" in listed.stdout


# --- item 11: HTML and unsafe links in the exported guide ---------------------------------

HTML = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
LINKS = ("[click](javascript:alert(1))", "<javascript:alert(1)>")


def _with_html(pack: Path) -> Path:
    file = pack / "q1-alpha.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    nasty = " ".join(HTML + LINKS)
    data["tldr"] += " " + nasty
    data["key_points"][0] += " " + nasty
    data["sections"][0]["body"] += f"\n{nasty}\n\n<div onclick=alert(1)>\nblock\n</div>\n\n`<b>code</b>` [ok](https://example.org/ok) [here](#q1-ref-1)\n"
    data["sections"][1]["body"] += "\n\n```\n<script>kept()</script>\n```\n"
    data["tables"][0]["rows"][0][1] += " " + nasty
    data["tables"][0]["caption"] = nasty
    data["glossary"][0]["definition"] += " " + nasty
    data["misconceptions"][0]["correction"] += " " + nasty
    data["references"][0]["note"] = nasty
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pack


def _tokens(text: str):
    def walk(tokens):
        for t in tokens:
            yield t
            yield from walk(t.children or [])

    return list(walk(MarkdownIt("commonmark").enable("table").parse(text)))


OUR_HTML = re.compile(r'^(<a id="q\d+-ref-\d+">|</a>)$')


def test_html_and_unsafe_links_in_content_do_not_go_live_in_the_guide(run, mini_pack):
    result = run("--pack", str(_with_html(mini_pack)), "export")
    assert result.exit_code == 0, result.output
    tokens = _tokens(result.stdout)
    html = [t.content for t in tokens if t.type in ("html_inline", "html_block")]
    assert html and all(OUR_HTML.match(h.strip()) for h in html), html
    hrefs = [t.attrs.get("href", "") for t in tokens if t.type == "link_open"]
    assert "https://example.org/ok" in hrefs and "#q1-ref-1" in hrefs
    assert all(re.match(r"(https?:|mailto:|#)", h) for h in hrefs), hrefs
    text = "".join(t.content for t in tokens if t.type in ("text", "code_inline", "fence"))
    for nasty in (*HTML, "<div onclick=alert(1)>", "click", "javascript:alert(1)", "<b>code</b>", "<script>kept()</script>"):
        assert nasty in text, f"{nasty!r} is not shown as text"


@pytest.mark.parametrize(
    ("file", "field", "where"),
    [("q1-alpha.yaml", "references[0].url", "references"), ("case.yaml", "source.url", "source")],
)
def test_a_link_that_is_not_a_web_address_is_refused_by_validate(run, mini_pack, file, field, where):
    path = mini_pack / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data["references"][0] if where == "references" else data["source"]
    target["url"] = "javascript:alert(1)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("--pack", str(mini_pack), "validate")
    assert result.exit_code == 1
    problem = result.stderr.splitlines()[0]
    assert re.fullmatch(rf".*{file}:\d+:\d+: {re.escape(field)}: must be a web address \(http:// or https://\)", problem), problem


def test_a_content_error_shows_control_characters_escaped(run, mini_pack):
    with (mini_pack / "q1-alpha.yaml").open("a", encoding="utf-8") as f:
        f.write('"\\e]52;c;aGk=\\a[/i]": 1\n')  # an unknown key, holding OSC 52
    result = run("--pack", str(mini_pack), "validate")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "unknown field `\\x1b]52;c;aGk=\\x07[/i]`" in result.stderr


def test_html_in_a_section_shows_as_text_on_the_terminal(run, mini_pack):
    result = run("--pack", str(_with_html(mini_pack)), "show", "q1")
    assert result.exit_code == 0, result.output
    for nasty in (*HTML, "<div onclick=alert(1)>"):
        assert nasty in result.stdout, f"{nasty!r} is not shown"


def test_a_diagram_holding_a_fence_stays_inside_its_code_block(run, mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["diagrams"][0]["mermaid"] += "```\n<script>alert(1)</script>\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("--pack", str(mini_pack), "export")
    assert result.exit_code == 0, result.output
    fences = [t for t in _tokens(result.stdout) if t.type == "fence" and t.info == "mermaid"]
    assert len(fences) == 1 and fences[0].content.endswith("```\n<script>alert(1)</script>\n")
    assert not [t for t in _tokens(result.stdout) if t.type == "html_block"]


def test_hostile_content_in_review_and_a_user_template(run, hostile_pack, tmp_path):
    result = run("--pack", str(hostile_pack), "--color", "always", "review", "--seed", "1", input="a\nt\n3\nfirst\n")
    assert result.exit_code == 0, result.output
    _assert_literal(result.stdout)
    template = tmp_path / "mine.md.j2"
    template.write_text("{% for q in guide.questions %}{{ q.title }}: {{ q.tldr }}\n{% endfor %}", encoding="utf-8")
    result = run("--pack", str(hostile_pack), "export", "--template", str(template))
    assert result.exit_code == 0, result.output
    _assert_literal(result.stdout)


def test_an_internal_error_message_shows_control_characters_escaped(run, monkeypatch):
    import casestudy.render.terminal

    def broken(*args):
        raise RuntimeError(f"bad {OSC52}")

    monkeypatch.setattr(casestudy.render.terminal, "question_list", broken)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("casestudy: internal error: RuntimeError: bad \\x1b]52;c;aGk=\\x07. This is a bug")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
