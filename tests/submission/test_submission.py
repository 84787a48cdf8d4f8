"""`casestudy submission new` and `check`: the student's own file, never the model's text."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from casestudy.content.checklist import checklist, key_ideas, prose_words
from casestudy.content.load import load_case
from casestudy.render.skeleton import render_skeleton
from casestudy.submission.originality import model_shingles
from casestudy.text.words import shingles
from tests.helpers import MINI, boxed_words, edit, golden, markdownlint, needs_markdownlint

ALPHA = (
    "In the Greek writing system the letter alpha comes first, and that position is the reason "
    "people borrow its name whenever they label the opening member of some sequence. Engineers "
    "talk about an alpha release when software is still rough and shared only with a few "
    "testers; astronomers call the brightest star of a constellation its alpha. The symbol "
    "looks a little like a fish drawn with one stroke, and students of physics meet it again "
    "as the name for angles, for particles and for a constant that measures how strongly light "
    "and charge interact [1]."
)
BETA = (
    "Beta is the second character in the sequence the ancient Greeks used for writing, so it "
    "names whatever follows the opening member of a series. Software teams ship a beta once "
    "the main features work and they want feedback from a wider public before the final "
    "release. In finance the same word describes how much a share price swings compared with "
    "the market as a whole, and in physics beta decay is a kind of radioactivity in which a "
    "nucleus gives off an electron or a positron [2]."
)
REFERENCES = (
    "1. Example (2020). Greek alphabet. <https://example.org/greek>\n"
    "2. Smith, J. (2019). Letters and their names. Example Press.\n"
)


def skeleton(**who: str) -> str:
    case = load_case(MINI)
    return render_skeleton(case, case.variant("full"), version="0.0.0-test", **who)


def filled(q1: str = ALPHA, q2: str = BETA, refs: str = REFERENCES) -> str:
    text = skeleton(name="A Student", matric="A21EC0001", group="G1")
    text = text.replace("## Question 2\n", f"{q1}\n\n## Question 2\n")
    text = text.replace("## References\n", f"{q2}\n\n## References\n\n{refs}")
    return text


@pytest.fixture(autouse=True)
def no_markdownlint(monkeypatch):
    """Most tests check our own rules; the markdownlint part is tested on its own."""
    monkeypatch.setenv("CASESTUDY_MARKDOWNLINT", "")


# --- the skeleton --------------------------------------------------------------------------------


def test_skeleton_matches_golden_file():
    golden("skeleton-mini-full.md", skeleton())


PACKS = {"mini": MINI, "bundled": None}
VARIANTS = [(pack, v.name) for pack, path in PACKS.items() for v in load_case(path).meta.variants]


def test_no_text_in_a_hidden_note_ends_it_early(mini_pack):
    """A `-->` in the variant's title, the content version or a glossary term would end its
    HTML comment and show the rest of the note in the rendered submission."""
    edit(mini_pack / "case.yaml", 'title: "Both questions"', 'title: "Both questions --> part <!-- one"')
    edit(mini_pack / "case.yaml", 'version: "test"', 'version: "2026--1 -->"')
    edit(mini_pack / "q1-alpha.yaml", 'term: "Alphabet"', 'term: "Alpha --> bet"')
    case = load_case(mini_pack)
    text = render_skeleton(case, case.variant("full"), version="0.0.0-test")
    shown = re.sub(r"<!--.*?-->", "", MarkdownIt("commonmark").render(text), flags=re.S)  # what a reader sees
    assert "part" not in shown and "Alpha" not in shown and "2026" not in shown, shown
    assert text.count("-->") == text.count("<!--") == 5
    assert "Both questions —> part &lt;!— one (2 questions)" in text and "from content version 2026—1 —>." in text
    assert "- Terms to explain: Alpha —> bet" in text


@pytest.mark.parametrize(("pack", "variant"), VARIANTS, ids=[f"{p}-{v}" for p, v in VARIANTS])
def test_skeleton_holds_no_model_text(pack, variant):
    """The skeleton's promise: it never holds a sentence of the model answer. Measured as
    `submission check` measures copying (6-word shingles of the cleaned words), on the
    whole skeleton, checklists included: not one shared phrase. The quoted questions are
    the course's words, not the model's, and `check` leaves them out too."""
    case = load_case(PACKS[pack])
    text = render_skeleton(case, case.variant(variant), version="0.0.0-test")
    quoted = {f"> {case.question(qid).text}" for qid in case.variant(variant).questions}
    assert quoted <= set(text.splitlines())
    own = "\n".join(line for line in text.splitlines() if line not in quoted)
    shared = shingles(prose_words(own)) & model_shingles(case)
    assert sorted(" ".join(s) for s in shared) == []
    for qid in case.variant(variant).questions:
        q = case.question(qid)
        if q.answer is not None:
            assert q.answer.tldr not in text
            for section in q.answer.sections:
                assert f"- {section.heading}\n" not in text, section.heading


def test_skeleton_checklist_names_the_ideas_check_looks_for():
    """Each key point appears as the keywords `check` would hint with, and the answer's
    glossary terms are named, so the checklist and the check agree."""
    case = load_case()
    q = case.question("q4")
    items = checklist(q, case)
    for idea in key_ideas(case, q):
        assert f"Key point {idea.index}: {', '.join(idea.keywords)}" in items
    terms = next(i for i in items if i.startswith("Terms to explain: "))
    assert "Autoscaling" in terms and "Chaos engineering" in terms


def test_new_fills_details_and_writes_the_file(run, tmp_path):
    out = tmp_path / "s.md"
    result = run("--pack", str(MINI), "submission", "new", "--name", "A Student", "--matric", "A21EC0001", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"casestudy: wrote {out}\n"
    text = out.read_text()
    assert "- **Name:** A Student\n- **Matric No.:** A21EC0001\n- **Group:** (your group)\n" in text
    assert '<!-- casestudy-submission variant="full" -->' in text
    again = run("--pack", str(MINI), "submission", "new", "--out", str(out))
    assert again.exit_code == 1, again.output
    assert again.stderr.startswith(f"casestudy: error: {out} already exists; not overwriting it")
    assert out.read_text() == text
    forced = run("--pack", str(MINI), "submission", "new", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert "- **Name:** (your name)\n" in out.read_text()


def test_details_with_html_cannot_hide_the_lines_after_them(run, tmp_path):
    """`--matric "A21 <!-- x"` opened an HTML comment: on GitHub the Group line and the
    variant marker vanished. The details are written as inert text."""
    text = skeleton(name="A <b>Student</b>", matric="A21 <!-- x", group="G1")
    assert "- **Name:** A &lt;b>Student&lt;/b>\n- **Matric No.:** A21 &lt;!-- x\n- **Group:** G1\n" in text
    path, result = check(run, tmp_path, text)
    assert f"ok: {path}:6: **Group** filled in" in result.stdout.splitlines()
    assert result.stdout.startswith(f"note: {path}: checked as the full variant (2 questions)")


def test_new_follows_the_variant(run):
    result = run("submission", "new", "--variant", "five")
    assert result.exit_code == 0, result.output
    case = load_case()
    five = case.variant("five")
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == [f"## Question {n}" for n in range(1, 6)] + ["## References"]
    for n, qid in enumerate(five.questions, 1):
        note = f"<!-- Question {n} — casestudy show {qid} (the case's {qid}: read it there, answer it here) -->\n\n"
        mapped = note if qid != f"q{n}" else ""
        assert f"## Question {n}\n\n> {case.question(qid).text}\n\n{mapped}<!-- A complete answer covers" in result.stdout
    assert "# Case Study 2: Netflix System Design\n" in result.stdout
    assert f"({case.meta.source.url})" in result.stdout


def test_unknown_variant_lists_the_valid_ones(run):
    result = run("submission", "new", "--variant", "six")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "casestudy: error: no variant 'six'. Valid variants: full (All nine questions, 9 questions), "
        "five (The five-question version, 5 questions).\n"
    )


@pytest.mark.parametrize("spelling", ["FIVE", "Five", " five "])
def test_variant_names_are_case_insensitive_like_question_ids(run, spelling):
    result = run("submission", "new", "--variant", spelling)
    assert result.exit_code == 0, result.output
    assert result.stdout == run("submission", "new", "--variant", "five").stdout


@needs_markdownlint
@pytest.mark.slow
@pytest.mark.parametrize("variant", ["full", "five"])
def test_skeleton_passes_markdownlint(run, tmp_path, variant):
    out = tmp_path / "s.md"
    result = run("submission", "new", "--variant", variant, "--name", "A Student", "--out", str(out))
    assert result.exit_code == 0, result.output
    lint = markdownlint(out)
    assert lint.returncode == 0, lint.stdout + lint.stderr


# --- checking ------------------------------------------------------------------------------------


def check(run, tmp_path, text: str, *args: str, pack=MINI):
    path = tmp_path / "s.md"
    path.write_text(text)
    return path, run("--pack", str(pack), "submission", "check", str(path), *args)


def test_a_byte_order_mark_does_not_hide_the_title(run, tmp_path):
    text = filled()
    plain_path, plain = check(run, tmp_path, text)
    bom = tmp_path / "bom" / "s.md"
    bom.parent.mkdir()
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run("--pack", str(MINI), "submission", "check", str(bom))
    assert result.exit_code == plain.exit_code == 0, result.output
    assert result.stdout == plain.stdout.replace(str(plain_path), str(bom))
    assert "first heading is level" not in result.stdout


def test_check_accepts_the_variant_in_any_case(run, tmp_path):
    _, lower = check(run, tmp_path, filled(), "--variant", "full")
    _, upper = check(run, tmp_path, filled(), "--variant", "FULL")
    assert upper.exit_code == lower.exit_code == 0, upper.output
    assert upper.stdout == lower.stdout


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line that starts with `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


def test_blank_skeleton_lists_every_missing_part(run, tmp_path):
    text = skeleton()
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"note: {path}: checked as the full variant (2 questions)",
        f"error: {path}:4: **Name** is not filled in",
        f"error: {path}:5: **Matric No.** is not filled in",
        f"note: {path}:6: **Group** is blank; fill it in if you work in a group",
        f"error: {path}:{line_of(text, '## Question 1')}: Question 1 (Alpha): not answered yet",
        f"error: {path}:{line_of(text, '## Question 2')}: Question 2 (Beta): not answered yet",
        f"error: {path}:{line_of(text, '## References')}: References: no sources listed yet",
        f"ok: {path}: headings: 4, in order",
        f"note: {path}: markdownlint is turned off (CASESTUDY_MARKDOWNLINT is empty), so Markdown style was not checked",
        f"{path}: 5 errors, 0 warnings; fix the errors before you hand it in.",
    ]


def test_good_original_answer_is_clean(run, tmp_path):
    text = filled()
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("error:", "warning:"))], result.stdout
    q1, q2, refs = (line_of(text, h) for h in ("## Question 1", "## Question 2", "## References"))
    assert lines[1:] == [
        f"ok: {path}:4: **Name** filled in",
        f"ok: {path}:5: **Matric No.** filled in",
        f"ok: {path}:6: **Group** filled in",
        f"ok: {path}:{q1}: Question 1 (Alpha): answered (95 words)",
        f"ok: {path}:{q1}: Question 1 (Alpha): covers 3 of 3 key ideas of the model answer",
        f"ok: {path}:{q1}: Question 1 (Alpha): original: 0% of its words match the model answers",
        f"ok: {path}:{q2}: Question 2 (Beta): answered (87 words)",
        f"note: {path}:{q2}: Question 2 (Beta): no model answer yet, so completeness was not checked",
        f"ok: {path}:{q2}: Question 2 (Beta): original: 0% of its words match the model answers",
        f"ok: {path}:{refs}: References: 2 sources, each a link or a citation",
        f"ok: {path}: headings: 4, in order",
        f"note: {path}: markdownlint is turned off (CASESTUDY_MARKDOWNLINT is empty), so Markdown style was not checked",
        f"ok: {path}: overall: 0% of the file's 94 content words match the model answers (must stay under 20%)",
        f"{path}: 0 errors, 0 warnings; ready to hand in.",
    ]


MODEL_PARAGRAPH = (
    "Publishers of early printed books sorted their type cases so that the alpha sort sat in the "
    "top left corner, where the compositor could reach it fastest, and that habit survived in "
    "several European print shops until metal type went out of use in the twentieth century."
)


def test_answer_pasted_from_the_model_is_flagged_with_the_passage(run, tmp_path, mini_pack):
    answer = mini_pack / "q1-alpha.yaml"
    answer.write_text(answer.read_text().replace(
        '    body: "Alpha names the first of a series [@ref-b]."',
        f'    body: "Alpha names the first of a series [@ref-b]. {MODEL_PARAGRAPH} [@ref-a]"',
    ))
    text = filled(q1=ALPHA + "\n\n" + MODEL_PARAGRAPH.replace("Publishers", "As it happens, publishers"))
    path, result = check(run, tmp_path, text, pack=mini_pack)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    q1 = line_of(text, "## Question 1")
    at = line_of(text, "As it happens")
    # the pasted paragraph is 28 of the answer's 79 content words (35%); the whole file's 122
    # content words hold the same 28 (23%): headings and details do not count
    assert lines[lines.index(
        f"error: {path}:{q1}: Question 1 (Alpha): 35% of its words match the model answers "
        "(must stay under 20%); rewrite these passages in your own words:"
    ) + 1] == (
        f'  {path}:{at}: "As it happens, publishers of early printed books sorted their type cases so that '
        'the alpha sort sat…" — like q1 §2'
    )
    assert f"error: {path}: overall: 23% of the file's 122 content words match the model answers (must stay under 20%)" in lines
    assert lines[-1] == f"{path}: 2 errors, 0 warnings; fix the errors before you hand it in."

    path, result = check(run, tmp_path, text, "--threshold", "40", pack=mini_pack)
    assert result.exit_code == 0, result.output
    assert (
        f"note: {path}:{q1}: Question 1 (Alpha): original; 35% of its words are close to the model answers "
        "(limit 40%). A short shared phrase such as a definition is fine; quote and cite it if it is word for word:"
    ) in result.stdout.splitlines()


@pytest.mark.parametrize("width", [60, 80, 200])
def test_a_passage_is_cut_to_the_terminals_width_and_to_100_characters_into_a_pipe(run, tmp_path, mini_pack, monkeypatch, width):
    """Passages were cut at 100 characters whatever the width: on a wide terminal the rest
    of the sentence was lost though it fitted, on a narrow one each took three lines.
    On a terminal a passage now fills its line; into a pipe or a file, and in JSON, it
    keeps 100 characters."""
    import json

    answer = mini_pack / "q1-alpha.yaml"
    answer.write_text(answer.read_text().replace(
        '    body: "Alpha names the first of a series [@ref-b]."',
        f'    body: "Alpha names the first of a series [@ref-b]. {MODEL_PARAGRAPH} [@ref-a]"',
    ))
    sentence = MODEL_PARAGRAPH.replace("Publishers", "As it happens, publishers")
    text = filled(q1=ALPHA + "\n\n" + sentence)
    monkeypatch.chdir(tmp_path)
    check(run, tmp_path, text, pack=mini_pack)
    at = line_of(text, "As it happens")
    monkeypatch.setenv("COLUMNS", str(width))
    shown = run("--pack", str(mini_pack), "--color", "always", "submission", "check", "s.md")
    lines = re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout).splitlines()
    (passage,) = [line for line in lines if line.startswith(f"  s.md:{at}: ")]
    room = width - len(f'  s.md:{at}: "" — like q1 §2')  # the passage fills its line, not past it
    assert passage.startswith(f'  s.md:{at}: "') and passage.endswith('…" — like q1 §2')
    assert len(passage) <= width
    _cut_between_words(passage[len(f'  s.md:{at}: "'):-len('…" — like q1 §2')], sentence, room)
    piped = run("--pack", str(mini_pack), "submission", "check", "s.md").stdout.splitlines()
    (pipe_passage,) = [line[len(f'  s.md:{at}: "'):-len('…" — like q1 §2')] for line in piped if line.startswith(f"  s.md:{at}: ")]
    _cut_between_words(pipe_passage, sentence, 100)
    found = json.loads(run("--pack", str(mini_pack), "submission", "check", "s.md", "--json").stdout)
    details = [d for f in found["files"][0]["findings"] for d in f["details"]]
    assert {"line": at, "text": f'"{pipe_passage}…" — like q1 §2'} in details


def _cut_between_words(shown: str, sentence: str, room: int) -> None:
    """`shown` is `sentence` cut after a whole word (it was cut mid-word: `configur…`),
    filling at least two thirds of the `room` it had."""
    assert sentence.startswith(shown), (shown, sentence)
    assert sentence[len(shown)] == " ", f"cut mid-word: {shown!r}"
    assert (room * 2) // 3 <= len(shown) <= room - 1, (len(shown), room)


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf", "101", "-1", "0", "0.0"])
def test_a_threshold_that_is_not_a_percentage_is_refused(run, tmp_path, value):
    """`nan` passes Click's range check (every comparison with it is false) and would turn
    the originality check off; it is refused like `inf`. At 0 every answer, even one of the
    student's own words, was an error ('0% … must stay under 0%')."""
    _, result = check(run, tmp_path, filled(), "--threshold", value)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--threshold'" in result.stderr
    said = boxed_words(result.stderr)
    assert f"Invalid value for '--threshold': {float(value):g} is not in the range 0<x<=100." in said
    assert result.stdout == ""


def test_short_answer_missing_heading_bad_reference_image_and_skipped_level(run, tmp_path):
    text = filled(q1="Alpha comes first.\n\n#### Too deep\n\n![](diagram.png)", refs="1. Some blog post\n")
    text = text.replace("## Question 2\n", "## Questions two\n")
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"error: {path}:17: Question 1 (Alpha): only 5 words; a complete answer has at least 80" in lines
    assert (
        f"error: {path}: Question 2 (Beta): no heading for it; add `## Question 2`; is `## Questions two` "
        f"(line {line_of(text, '## Questions two')}) meant to be it? Write `## Question 2`"
    ) in lines
    assert (
        f"error: {path}:{line_of(text, '1. Some blog post')}: References: this entry is neither a link "
        "nor a full citation (author, year, title)"
    ) in lines
    assert f"error: {path}:{line_of(text, '![](')}: an image has no alt text; describe it: ![what it shows](file.png)" in lines
    assert f"error: {path}:{line_of(text, '#### Too deep')}: heading level skips from ## to ####; use ### here" in lines


def checklist_pasted(text: str) -> str:
    """`text` with each question's hidden checklist also pasted below it as visible lines,
    their `- ` taken off, as a student might."""
    def paste(m: re.Match[str]) -> str:
        items = [line[2:] for line in m.group(1).splitlines() if line.startswith("- ")]
        return m.group(0) + "\n\n" + "\n".join(items)

    return re.sub(r"<!-- A complete answer covers these ideas[^\n]*\n(.*?)-->", paste, text, flags=re.S)


def test_the_skeletons_checklist_pasted_as_text_is_not_an_answer(run, tmp_path):
    text = checklist_pasted(skeleton(name="A Student", matric="A21EC0001", group="G1"))
    text = text.replace("## References\n", f"## References\n\n{REFERENCES}")
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    first = line_of(text, "Terms to explain: Alphabet")
    last = line_of(text, "A source for every fact")
    second = line_of(text, "Every part of the question")
    q1, q2 = line_of(text, "## Question 1"), line_of(text, "## Question 2")
    lines = result.stdout.splitlines()
    assert lines[4:8] == [
        f"warning: {path}:{first}: Question 1 (Alpha): lines {first}–{last} are the skeleton's checklist pasted as "
        "text: it lists what to explain, it is not an answer, so it does not count; explain those ideas in your own sentences",
        f"error: {path}:{q1}: Question 1 (Alpha): not answered yet",
        f"warning: {path}:{second}: Question 2 (Beta): lines {second}–{second + 3} are the skeleton's checklist pasted as "
        "text: it lists what to explain, it is not an answer, so it does not count; explain those ideas in your own sentences",
        f"error: {path}:{q2}: Question 2 (Beta): not answered yet",
    ]
    assert lines[-1] == f"{path}: 2 errors, 2 warnings; fix the errors before you hand it in."
    # under a real answer, the pasted list is still named, and only the answer's words count
    text = checklist_pasted(filled())
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 0, result.output
    assert f"ok: {path}:{q1}: Question 1 (Alpha): answered (95 words)" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == f"{path}: 0 errors, 2 warnings; ready to hand in."


def test_an_answer_that_is_a_bare_list_of_terms_is_a_warning(run, tmp_path):
    terms = "\n".join(f"- {w}" for w in ALPHA.replace(",", "").replace(".", "").split()[:90])
    text = filled(q1=terms)
    path, result = check(run, tmp_path, text)
    q1 = line_of(text, "## Question 1")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {path}:{q1}: Question 1 (Alpha): mostly a bare list of terms (90 of its 90 words are in items of "
        "fewer than 7 words); explain the ideas in sentences"
    ) in result.stdout.splitlines()
    _, honest = check(run, tmp_path, filled(q1=ALPHA + "\n\n- alpha release\n- alpha particle\n"))
    assert "bare list" not in honest.stdout


def test_completeness_hints_are_keywords_not_sentences(run, tmp_path):
    text = filled(q1=BETA.replace("[2]", "[1]"))
    path, result = check(run, tmp_path, text)
    lines = result.stdout.splitlines()
    q1 = line_of(text, "## Question 1")
    assert (
        f"warning: {path}:{q1}: Question 1 (Alpha): covers 0 of 3 key ideas of the model answer; "
        "not found: alpha (key point 1), comes (key point 1), first (key point 1)"
    ) in lines


def test_variant_comes_from_the_file(run, tmp_path):
    text = filled().replace('variant="full"', 'variant="nope"')
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f'error: {path}:{line_of(text, "<!-- casestudy-submission")}: its skeleton marker (variant="nope") names no '
        "variant of this case (valid: full); fix the marker or pass --variant NAME; the rest of the file was not checked",
        f"{path}: 1 error, 0 warnings; fix the errors before you hand it in.",
    ]
    _path, result = check(run, tmp_path, text, "--variant", "full")
    assert result.exit_code == 0, result.output
    _path, result = check(run, tmp_path, text, "--variant", "nope")  # typed by the user: stops the run
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("casestudy: error: no variant 'nope'. Valid variants: full")


def test_a_bad_file_in_a_folder_is_that_files_error_and_the_others_are_checked(run, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.md").write_text(filled())
    bad = filled().replace('variant="full"', 'variant="5"')
    (folder / "b.md").write_text(bad)
    (folder / "c.md").write_bytes(b"# Not UTF-8 \xff\n")
    result = run("--pack", str(MINI), "submission", "check", str(folder), "--errors-only")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    a, b, c = (folder / name for name in ("a.md", "b.md", "c.md"))
    assert result.stdout.splitlines() == [
        f"{a}: 0 errors, 0 warnings; ready to hand in.",
        "",
        f'error: {b}:{line_of(bad, "<!-- casestudy-submission")}: its skeleton marker (variant="5") names no variant '
        "of this case (valid: full); fix the marker or pass --variant NAME; the rest of the file was not checked",
        f"{b}: 1 error, 0 warnings; fix the errors before you hand it in.",
        "",
        f"error: {c}: not UTF-8 text. Save the file as UTF-8.",
        f"{c}: 1 error, 0 warnings; fix the errors before you hand it in.",
        "",
        "note: class view: 1 of 3 files compared (2 could not be checked); fewer than two could be read, so none were compared",
    ]
    missing = folder / "none.md"
    result = run("--pack", str(MINI), "submission", "check", str(a), str(missing), "--json")
    assert result.exit_code == 1, result.output
    import json

    found = json.loads(result.stdout)
    assert found["ok"] is False
    assert [(f["file"], f["variant"], f["errors"], f["ready"]) for f in found["files"]] == [
        (str(a), "full", 0, True), (str(missing), None, 1, False),
    ]
    assert found["files"][1]["findings"] == [{
        "level": "error", "line": None, "details": [],
        "message": "file not found. Make one with `casestudy submission new --out FILE`, or check the path.",
    }]


def test_one_reference_is_one_source(run, tmp_path):
    """`References: 1 sources, each a link or a citation` on every file with one source."""
    text = filled(refs="1. Example (2020). Greek alphabet. <https://example.org/greek>\n")
    path, result = check(run, tmp_path, text)
    assert f"ok: {path}:{line_of(text, '## References')}: References: 1 source, a link or a citation" in result.stdout.splitlines()


def test_missing_file_is_a_clear_error(run, tmp_path):
    result = run("--pack", str(MINI), "submission", "check", str(tmp_path / "none.md"))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"casestudy: error: {tmp_path / 'none.md'}: file not found. "
        "Make one with `casestudy submission new --out FILE`, or check the path.\n"
    )


def test_markdownlint_not_found_says_where_it_was_looked_for(run, tmp_path, monkeypatch):
    monkeypatch.setenv("CASESTUDY_MARKDOWNLINT", str(tmp_path / "nowhere" / "markdownlint"))
    path, result = check(run, tmp_path, filled())
    assert (f"note: {path}: markdownlint not found at {tmp_path / 'nowhere' / 'markdownlint'} (CASESTUDY_MARKDOWNLINT), "
            "so Markdown style was not checked") in result.stdout.splitlines()


@needs_markdownlint
@pytest.mark.slow
def test_markdown_problems_come_from_markdownlint(run, tmp_path, monkeypatch):
    monkeypatch.delenv("CASESTUDY_MARKDOWNLINT")
    path, result = check(run, tmp_path, filled())
    assert result.exit_code == 0, result.output
    assert f"ok: {path}: Markdown: markdownlint finds no problems" in result.stdout
    text = filled(q1=ALPHA + "\n\n* a star list\n\nSee https://example.org/x")
    path, result = check(run, tmp_path, text)
    assert f"warning: {path}:{line_of(text, '* a star')}: Markdown: MD004 Unordered list style [Expected: dash; Actual: asterisk]" in result.stdout
    assert f"warning: {path}:{line_of(text, 'See https')}: Markdown: MD034 Bare URL used" in result.stdout


def test_completeness_hints_name_the_glossary_terms_a_key_point_uses(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    path.write_text(path.read_text().replace('"Alpha comes first [@ref-a]."', '"The Greek alphabet starts with alpha [@ref-a]."'))
    case = load_case(mini_pack)
    (idea,) = key_ideas(case, case.question("q1"))
    assert idea.keywords[0] == "Alphabet"
    assert idea.covered_by({"alphabet", "greek"})
    assert not idea.covered_by({"beta"})


@pytest.mark.parametrize("brk", ["\u2028", "\r", "\x0c", "\r\n", "\x85", "\x1c"])
def test_a_comment_with_any_line_break_keeps_the_line_numbers(brk):
    """Lines are numbered as editors and grep number them (a line ends at \\n, \\r\\n or
    \\r only), inside comments too."""
    from casestudy.submission.check import check as check_text

    case = load_case(MINI)
    text = filled().replace("## Question 1\n", f"<!-- a note{brk}on two lines -->\n## Question 1\n", 1)
    report = check_text(text, case, case.variant("full"))
    lines = re.split(r"\r\n|\r|\n", text)
    q1 = next(n for n, line in enumerate(lines, 1) if line == "## Question 1")
    assert [f.line for f in report.findings if f.message.startswith("Question 1 (Alpha): answered")] == [q1]
    assert not report.failed, report.findings


@pytest.mark.parametrize("odd", ["\x0c", "\u2028", "\u2029", "\x1d", "\x85"])
def test_line_numbers_are_an_editors_after_a_form_feed_or_a_unicode_separator(run, tmp_path, odd):
    """str.splitlines splits at these, editors and grep do not: every line reported after
    one would be one too far."""
    text = filled(refs="1. Some blog post\n")
    text = text.replace("- **Name:**", f"Page one ends here{odd}\n- **Name:**", 1)
    text = text.replace("## Question 2\n", f"A line with a break{odd}inside it.\n\n## Question 2\n", 1)
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    editor = text.split("\n")  # what `grep -n` and an editor count
    name = next(n for n, line in enumerate(editor, 1) if line.startswith("- **Name:**"))
    q2 = next(n for n, line in enumerate(editor, 1) if line == "## Question 2")
    entry = next(n for n, line in enumerate(editor, 1) if line == "1. Some blog post")
    lines = result.stdout.splitlines()
    assert f"ok: {path}:{name}: **Name** filled in" in lines
    assert f"ok: {path}:{q2}: Question 2 (Beta): answered (87 words)" in lines
    assert f"error: {path}:{entry}: References: this entry is neither a link nor a full citation (author, year, title)" in lines


# --- bounds and speed ---------------------------------------------------------------------------


def test_a_file_far_longer_than_any_submission_is_one_error_not_a_minute(run, tmp_path):
    text = filled() + "\n" + "Padding words here. " * 20_000
    path, result = check(run, tmp_path, text)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[1:] == [
        f"error: {path}: the file has {len(text.split()):,} words, far more than any submission (at most 60,000); it was not "
        "checked further: cut it down to your answers",
        f"{path}: 1 error, 0 warnings; fix the errors before you hand it in.",
    ]


def test_an_answer_far_longer_than_any_is_an_error_and_not_measured(run, tmp_path):
    long = ALPHA + "\n\n" + "Alpha comes before beta in every list. " * 1_500
    text = filled(q1=long)
    path, result = check(run, tmp_path, text, "--errors-only")
    assert result.exit_code == 1, result.output
    q1 = line_of(text, "## Question 1")
    assert result.stdout.splitlines() == [
        f"error: {path}:{q1}: Question 1 (Alpha): 10,595 words, far more than any answer (at most 10,000); its "
        "originality was not measured (that would take a minute): cut it down to your answer",
        f"{path}: 1 error, 0 warnings; fix the errors before you hand it in.",
    ]


def test_markdownlint_runs_once_for_every_file_and_each_finding_stays_with_its_file():
    from casestudy.submission import batch
    from casestudy.submission.report import LintIssue

    case = load_case(MINI)
    calls: list[int] = []

    def lint(texts: list[str]) -> list[tuple[list[LintIssue] | None, str]]:
        calls.append(len(texts))
        return [([LintIssue(i + 1, "MD999", f"file {i}")], "") for i in range(len(texts))]

    texts = [("a.md", filled()), ("b.md", filled(q1=BETA, q2=ALPHA)), ("c.md", filled())]
    result = batch.check_all(texts, case, lint=lint)
    assert calls == [3]
    for i, c in enumerate(result.files):
        messages = [f.message for f in c.report.findings]
        assert [(f.line, f.message) for f in c.report.findings if "MD999" in f.message] == [(i + 1, f"Markdown: MD999 file {i}")]
        assert messages.index(f"Markdown: MD999 file {i}") == messages.index("headings: 4, in order") + 1


def test_markdownlint_that_raises_is_a_note_never_a_traceback(monkeypatch):
    import threading

    from casestudy.submission import batch

    escaped: list[object] = []  # what would reach threading.excepthook: a traceback on stderr
    monkeypatch.setattr(threading, "excepthook", escaped.append)

    def lint(texts):
        raise KeyError("lineNumber")  # say, markdownlint's JSON in another shape

    result = batch.check_all([("a.md", filled()), ("b.md", filled())], load_case(MINI), lint=lint)
    for c in result.files:
        assert [f.message for f in c.report.findings if "markdownlint" in f.message] == [
            "markdownlint failed, so Markdown style was not checked"
        ]
    assert escaped == []


def test_questions_numbered_as_the_case_numbers_them_are_named_and_checked_as_meant(run, tmp_path):
    """In the five-question variant (the case's q2, q3, q4, q7, q8), headings `Question 2`,
    `3`, `4`, `7`, `8` are an easy mistake: one error says how to renumber, each answer is
    checked as the question it answers, and no heading is offered for two questions."""
    made = run("submission", "new", "--variant", "five", "--name", "A Student", "--matric", "A1")
    assert made.exit_code == 0, made.output
    text = made.stdout
    for n, case_number in reversed(list(enumerate((2, 3, 4, 7, 8), 1))):
        text = text.replace(f"## Question {n}\n", f"## Question {case_number}\n\n{ALPHA}\n", 1)
    path = tmp_path / "s.md"
    path.write_text(text)
    result = run("submission", "check", str(path))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    at = {n: line_of(text, f"## Question {n}\n".strip()) for n in (2, 3, 4, 7, 8)}
    assert (
        f"error: {path}: the questions are numbered as the case numbers them (2, 3, 4, 7, 8); number them 1 to 5 as "
        f"the skeleton does: `## Question 2` (line {at[2]}) is Question 1 (q2); `## Question 3` (line {at[3]}) is "
        f"Question 2 (q3); `## Question 4` (line {at[4]}) is Question 3 (q4); `## Question 7` (line {at[7]}) is "
        f"Question 4 (q7); `## Question 8` (line {at[8]}) is Question 5 (q8). They are checked as those questions"
    ) in lines
    assert f"ok: {path}:{at[2]}: Question 1 (q2, Kafka and Cassandra): answered (95 words)" in lines
    assert f"ok: {path}:{at[8]}: Question 5 (q8, Hystrix and Zuul): answered (95 words)" in lines
    assert not [line for line in lines if "no heading for it" in line or "there is no Question" in line]


def test_one_heading_is_never_offered_for_two_questions(run, tmp_path):
    text = filled().replace("## Question 1\n", "## Questions one\n").replace("## Question 2\n", "## Question 7\n")
    path, result = check(run, tmp_path, text)
    lines = result.stdout.splitlines()
    assert (
        f"error: {path}: Question 1 (Alpha): no heading for it; add `## Question 1`; is `## Questions one` "
        f"(line {line_of(text, '## Questions one')}) meant to be it? Write `## Question 1`"
    ) in lines
    assert (
        f"error: {path}: Question 2 (Beta): no heading for it; add `## Question 2`; is `## Question 7` "
        f"(line {line_of(text, '## Question 7')}) meant to be it? Write `## Question 2`"
    ) in lines
